/* SPDX-License-Identifier: MIT */
/* The schema-driven body validator (see validate.h). */
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "lookup.h"
#include "text.h"
#include "xalloc.h"

static const char *type_name(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

/* Characters (code points) of a UTF-8 string Jansson already checked. */
static size_t chars(const char *s, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		count += ((unsigned char)s[i] & 0xC0) != 0x80;
	return count;
}

static int is_slug(const char *s)
{
	int prev_dash = 1;

	if (!*s || strlen(s) > 128)
		return 0;
	for (; *s; s++) {
		if (*s == '-') {
			if (prev_dash)
				return 0;
			prev_dash = 1;
		} else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) {
			prev_dash = 0;
		} else {
			return 0;
		}
	}
	return !prev_dash;
}

static int is_qid(const char *s)
{
	if (s[0] != 'Q' || s[1] < '1' || s[1] > '9' || strlen(s) > 12)
		return 0;
	for (s += 2; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
	}
	return 1;
}

static int is_url(const char *s)
{
	const char *rest;

	if (strncmp(s, "https://", 8) == 0)
		rest = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		rest = s + 7;
	else
		return 0;
	if (!*rest || *rest == '/')
		return 0;
	for (; *s; s++) {
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return 0;
	}
	return 1;
}

/* Returns 1 when found, 0 when not, -1 on a database error. */
static int exists(enum vcheck check, const char *value, struct problem *err)
{
	sqlite3_int64 pk;
	char code[3];
	const char *p;

	switch (check) {
	case VC_COUNTRY:
		if (strlen(value) != 2)
			return 0;
		for (p = value; *p; p++) {
			if (*p < 'A' || *p > 'Z')
				return 0;
		}
		return lookup_country(value, code, err);
	case VC_ACTOR:
		return lookup_pk(LOOKUP_ACTORS, value, &pk, err);
	case VC_EVENT:
		return lookup_pk(LOOKUP_EVENTS, value, &pk, err);
	case VC_SOURCE:
		return lookup_pk(LOOKUP_SOURCES, value, &pk, err);
	default:
		return 1;
	}
}

/*
 * Free text as it is stored (text.h). A restore of data stored before this
 * rule so still loads.
 */
static void normalise_text(json_t *v)
{
	size_t len = json_string_length(v), n;
	char *out = xmalloc(len + 1);

	n = text_tidy(json_string_value(v), len, out);
	/* A lone tab or line break becomes a space: same length, other
	 * bytes. */
	if (n != len || memcmp(out, json_string_value(v), n) != 0)
		json_string_setn(v, out, n);
	free(out);
}

static int check_string(const struct vprop *p, json_t *v, const char *path,
			json_t *errors, struct problem *err)
{
	const char *s;
	size_t n;
	struct date_range range;
	char stamp[TIMESTAMP_SIZE];
	const char *const *c;
	int rc;

	if (strlen(json_string_value(v)) != json_string_length(v)) {
		problem_add_error(errors, path, "must not contain NUL");
		return 0;
	}
	if (p->check == VC_NONE)
		normalise_text(v);
	/* A code in any case, or alpha-3, as the query filters take it. */
	if (p->check == VC_COUNTRY) {
		char code[3];
		int found = lookup_country(json_string_value(v), code, err);

		if (found < 0)
			return -1;
		if (found == 1)
			json_string_set(v, code);
	}
	s = json_string_value(v);
	n = chars(s, json_string_length(v));
	if (p->min && n < p->min) {
		problem_add_error(errors, path, n ? "must be at least %zu "
				  "characters" : "must not be empty", p->min);
		return 0;
	}
	if (p->max && n > p->max) {
		problem_add_error(errors, path, "must be at most %zu "
				  "characters", p->max);
		return 0;
	}
	switch (p->check) {
	case VC_NONE:
		return 0;
	case VC_SLUG:
		if (!is_slug(s))
			problem_add_error(errors, path, "must be a slug of "
					  "a-z, 0-9 and single hyphens, at most "
					  "128 characters");
		return 0;
	case VC_DATE:
		if (date_parse(s, &range) != 0)
			problem_add_error(errors, path, "must be a calendar "
					  "date YYYY, YYYY-MM or YYYY-MM-DD");
		return 0;
	case VC_QID:
		if (!is_qid(s))
			problem_add_error(errors, path, "must be a Wikidata "
					  "item id such as Q145");
		return 0;
	case VC_TIMESTAMP:
		if (timestamp_parse(s, stamp) != 0)
			problem_add_error(errors, path, "must be a UTC "
					  "timestamp such as "
					  "2026-11-22T19:57:03.123Z (it is set "
					  "by the server; any value given is "
					  "ignored)");
		return 0;
	case VC_URL:
		if (!is_url(s))
			problem_add_error(errors, path, "must be an absolute "
					  "http or https URL");
		return 0;
	case VC_ENUM:
		for (c = p->choices; *c; c++) {
			if (strcmp(*c, s) == 0)
				return 0;
		}
		{
			char list[300];
			size_t len = 0;

			list[0] = '\0';
			for (c = p->choices; *c; c++)
				len += (size_t)snprintf(list + len,
					sizeof(list) - len, "%s%s",
					len ? ", " : "", *c);
			problem_add_error(errors, path, "must be one of %s",
					  list);
		}
		return 0;
	case VC_COUNTRY:
	case VC_ACTOR:
	case VC_EVENT:
	case VC_SOURCE:
		rc = exists(p->check, s, err);
		if (rc < 0)
			return -1;
		if (rc == 0)
			problem_add_error(errors, path, p->check == VC_COUNTRY ?
				"no country with ISO 3166-1 alpha-2 code '%s' "
				"(upper case, e.g. GB)" : p->check ==
				VC_ACTOR ? "no actor with id '%s'" :
				p->check == VC_EVENT ? "no event with id '%s'" :
				"no source with id '%s'", s);
		return 0;
	}
	return 0;
}

static int check_value(const struct vprop *p, json_t *v, const char *path,
		       json_t *errors, struct problem *err);

static int check_type_ref(json_t *v, const char *path, json_t *errors,
			  struct problem *err)
{
	static const char *const readonly[] = { "code", "label", "quad_class",
						"goldstein", NULL };
	const char *code = json_is_object(v) ?
		json_string_value(json_object_get(v, "code")) :
		json_string_value(v);
	const char *key;
	json_t *member;
	int rc;

	if (!json_is_string(v) && !json_is_object(v)) {
		problem_add_error(errors, path, "must be a CAMEO code string "
				  "or an object with a code, not %s",
				  type_name(v));
		return 0;
	}
	json_object_foreach(json_is_object(v) ? v : NULL, key, member) {
		const char *const *k;

		for (k = readonly; *k && strcmp(*k, key) != 0; k++)
			;
		if (!*k)
			problem_add_error(errors, path, "unknown member '%s'",
					  key);
	}
	if (!code) {
		problem_add_error(errors, path, "needs a code");
		return 0;
	}
	rc = lookup_event_type(code, err);
	if (rc < 0)
		return -1;
	if (rc == 0)
		problem_add_error(errors, path, "no CAMEO event type with "
				  "code '%s'", code);
	return 0;
}

static int check_array(const struct vprop *p, json_t *v, const char *path,
		       json_t *errors, struct problem *err)
{
	char sub[256];
	json_t *item;
	size_t i, j, n = json_array_size(v);

	if (p->min && n < p->min) {
		problem_add_error(errors, path, "needs at least %zu item%s",
				  p->min, p->min == 1 ? "" : "s");
		return 0;
	}
	if (p->max && n > p->max) {
		problem_add_error(errors, path, "must have at most %zu items",
				  p->max);
		return 0;
	}
	json_array_foreach(v, i, item) {
		snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
		if (check_value(p->item, item, sub, errors, err) != 0)
			return -1;
		if (!(p->flags & VF_UNIQUE))
			continue;
		for (j = 0; j < i; j++) {
			if (json_equal(json_array_get(v, j), item)) {
				problem_add_error(errors, sub, "repeats item "
						  "%zu", j);
				break;
			}
		}
	}
	return 0;
}

static int check_value(const struct vprop *p, json_t *v, const char *path,
		       json_t *errors, struct problem *err)
{
	if (json_is_null(v)) {
		if (!(p->flags & VF_NULLABLE) && p->type != VT_ANY)
			problem_add_error(errors, path, "must not be null");
		return 0;
	}
	switch (p->type) {
	case VT_ANY:
		return 0;
	case VT_TYPE_REF:
		return check_type_ref(v, path, errors, err);
	case VT_INTEGER:
		if (!json_is_integer(v))
			break;
		/* fall through */
	case VT_NUMBER:
		if (!json_is_number(v))
			break;
		if (json_number_value(v) < p->lo ||
		    json_number_value(v) > p->hi)
			problem_add_error(errors, path, "must be from %g to "
					  "%g", p->lo, p->hi);
		return 0;
	case VT_STRING:
		if (!json_is_string(v))
			break;
		return check_string(p, v, path, errors, err);
	case VT_ARRAY:
		if (!json_is_array(v))
			break;
		return check_array(p, v, path, errors, err);
	case VT_OBJECT:
		if (!json_is_object(v))
			break;
		return validate_object(p->props, p->nprops, v, path, errors,
				       err);
	}
	problem_add_error(errors, path, "must be %s, not %s",
			  p->type == VT_STRING ? "a string" :
			  p->type == VT_ARRAY ? "an array" :
			  p->type == VT_NUMBER ? "a number" :
			  p->type == VT_INTEGER ? "a whole number" :
			  "an object", type_name(v));
	return 0;
}

static void join(char *out, size_t sz, const char *path, const char *name)
{
	snprintf(out, sz, "%s%s%s", path, *path ? "." : "", name);
}

int validate_object(const struct vprop *props, size_t nprops, json_t *obj,
		    const char *path, json_t *errors, struct problem *err)
{
	char sub[256];
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(obj, key, v) {
		for (i = 0; i < nprops && strcmp(props[i].name, key) != 0; i++)
			;
		if (i == nprops) {
			join(sub, sizeof(sub), path, key);
			problem_add_error(errors, sub, "is not a known field");
		}
	}
	for (i = 0; i < nprops; i++) {
		join(sub, sizeof(sub), path, props[i].name);
		v = json_object_get(obj, props[i].name);
		if (!v) {
			if (props[i].flags & VF_REQUIRED)
				problem_add_error(errors, sub, "is required");
			continue;
		}
		if (check_value(&props[i], v, sub, errors, err) != 0)
			return -1;
	}
	return 0;
}
