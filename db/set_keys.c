/* SPDX-License-Identifier: MIT */
/* Members of a set counted on its key (see set_keys.h). */
#include "set_keys.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A list's values as text, as a set's key writes them. */
struct values {
	size_t n;
	char *text[];
};

static void values_free(void *p)
{
	struct values *v = p;
	size_t i;

	for (i = 0; v && i < v->n; i++)
		free(v->text[i]);
	free(v);
}

static int values_has(const struct values *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		if (strcmp(v->text[i], s) == 0)
			return 1;
	}
	return 0;
}

/* The distinct values of JSON list text (integers and strings; a value
 * listed twice is one member), or NULL. */
static struct values *values_parse(const char *text)
{
	json_t *list = text ? json_loads(text, 0, NULL) : NULL;
	struct values *v = NULL;
	size_t i;

	if (!json_is_array(list))
		goto done;
	v = calloc(1, sizeof(*v) + json_array_size(list) * sizeof(char *));
	if (!v)
		goto done;
	for (i = 0; i < json_array_size(list); i++) {
		json_t *x = json_array_get(list, i);
		char number[32];
		const char *s = number;

		if (json_is_integer(x))
			snprintf(number, sizeof(number), "%lld",
				 (long long)json_integer_value(x));
		else if (json_is_string(x))
			s = json_string_value(x);
		else
			continue;
		if (values_has(v, s))
			continue;
		v->text[v->n] = strdup(s);
		if (!v->text[v->n]) {
			values_free(v);
			v = NULL;
			goto done;
		}
		v->n++;
	}
done:
	json_decref(list);
	return v;
}

/* Whether value (len bytes) is one of the comma-separated items of key. */
static int has_item(const char *key, const char *value, size_t len)
{
	const char *p = key;

	while ((p = strstr(p, value)) != NULL) {
		if ((p == key || p[-1] == ',') &&
		    (p[len] == ',' || p[len] == '\0'))
			return 1;
		p++;
	}
	return 0;
}

static void set_members(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct values *v = sqlite3_get_auxdata(ctx, 1);
	const char *key = (const char *)sqlite3_value_text(argv[0]);
	size_t i;
	int n = 0;

	(void)argc;
	if (!v) {
		v = values_parse((const char *)sqlite3_value_text(argv[1]));
		if (!v) {
			sqlite3_result_error(ctx, "set_members: not a list",
					     -1);
			return;
		}
		/* SQLite may free it at once: read it back. */
		sqlite3_set_auxdata(ctx, 1, v, values_free);
		v = sqlite3_get_auxdata(ctx, 1);
		if (!v) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
	}
	for (i = 0; key && i < v->n; i++)
		n += *v->text[i] && has_item(key, v->text[i],
					     strlen(v->text[i]));
	sqlite3_result_int(ctx, n);
}

int set_keys_register(sqlite3 *db)
{
	return sqlite3_create_function(db, "set_members", 2,
				       SQLITE_UTF8 | SQLITE_DETERMINISTIC |
				       SQLITE_INNOCUOUS, NULL, set_members,
				       NULL, NULL) == SQLITE_OK ? 0 : -1;
}
