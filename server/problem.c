/* SPDX-License-Identifier: MIT */
/* The problem table and its JSON rendering (see problem.h). */
#include "problem.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	unsigned status;
	const char *slug;
	const char *title;
} table[PROB__COUNT] = {
#define X(name, status, slug, title) { status, slug, title },
	PROBLEM_TABLE(X)
#undef X
};

/* Client text may be invalid UTF-8, which Jansson refuses: fall back. */
static json_t *string_or(const char *s, const char *fallback)
{
	json_t *j = json_string(s);

	return j ? j : json_string(fallback);
}

static int vset(struct problem *err, enum problem_kind kind, const char *param,
		const char *fmt, va_list ap)
{
	err->kind = kind;
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	snprintf(err->parameter, sizeof(err->parameter), "%s",
		 param ? param : "");
	return -1;
}

int problem_set(struct problem *err, enum problem_kind kind,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(err, kind, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int problem_param(struct problem *err, enum problem_kind kind,
		  const char *param, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(err, kind, param, fmt, ap);
	va_end(ap);
	return -1;
}

unsigned problem_status(enum problem_kind kind)
{
	return table[kind].status;
}

const char *problem_slug(enum problem_kind kind)
{
	return table[kind].slug;
}

const char *problem_title(enum problem_kind kind)
{
	return table[kind].title;
}

json_t *problem_to_json_new(const struct problem *err, const char *instance)
{
	char type[128];
	json_t *o;

	snprintf(type, sizeof(type), PROBLEM_TYPE_BASE "%s",
		 table[err->kind].slug);
	o = json_object();
	json_object_set_new(o, "type", json_string(type));
	json_object_set_new(o, "title", json_string(table[err->kind].title));
	json_object_set_new(o, "status", json_integer(table[err->kind].status));
	json_object_set_new(o, "detail", string_or(err->detail,
						   "the request was malformed"));
	if (instance)
		json_object_set_new(o, "instance", string_or(instance, "/"));
	if (err->parameter[0])
		json_object_set_new(o, "parameter",
				    json_string(err->parameter));
	if (err->errors)
		json_object_set(o, "errors", err->errors);
	if (err->members)
		json_object_update_missing(o, err->members);
	return o;
}

int problem_invalid(struct problem *err, json_t *errors)
{
	size_t n = json_array_size(errors);

	problem_set(err, PROB_VALIDATION, "the body has %zu invalid field%s; "
		    "see errors", n, n == 1 ? "" : "s");
	json_decref(err->errors);
	err->errors = errors;
	return -1;
}

void problem_add_error(json_t *errors, const char *field, const char *fmt,
		       ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_array_append_new(errors, json_pack("{s:o, s:o}",
		"field", string_or(field, "(field)"),
		"message", string_or(msg, "is invalid")));
}

void problem_clear(struct problem *err)
{
	json_decref(err->errors);
	err->errors = NULL;
	json_decref(err->members);
	err->members = NULL;
}
