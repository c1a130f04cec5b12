/* SPDX-License-Identifier: MIT */
/*
 * The one error type. Every client-visible failure is a row of
 * PROBLEM_TABLE with its HTTP status, slug (the tail of the problem type URI)
 * and title; respond.c renders it as application/problem+json (RFC 9457).
 * Functions that can fail take `struct problem *err` last, return 0 or -1,
 * and leave *err untouched on success.
 */
#ifndef DOSSIER_PROBLEM_H
#define DOSSIER_PROBLEM_H

#include <jansson.h>

#define PROBLEM_TYPE_BASE "https://dossier.dev/problems/"

/*    enum name                 status slug                  title */
#define PROBLEM_TABLE(X) \
	X(PROB_BAD_REQUEST,        400, "bad-request",        "Bad Request") \
	X(PROB_INVALID_PARAMETER,  400, "invalid-parameter",  "Invalid Parameter") \
	X(PROB_UNKNOWN_PARAMETER,  400, "unknown-parameter",  "Unknown Parameter") \
	X(PROB_INVALID_CURSOR,     400, "invalid-cursor",     "Invalid Cursor") \
	X(PROB_INVALID_SEARCH,     400, "invalid-search",     "Invalid Search") \
	X(PROB_UNAUTHORIZED,       401, "unauthorized",       "Unauthorized") \
	X(PROB_NOT_FOUND,          404, "not-found",          "Not Found") \
	X(PROB_METHOD_NOT_ALLOWED, 405, "method-not-allowed", "Method Not Allowed") \
	X(PROB_NOT_ACCEPTABLE,     406, "not-acceptable",     "Not Acceptable") \
	X(PROB_CONFLICT,           409, "conflict",           "Conflict") \
	X(PROB_PRECONDITION_FAILED, 412, "precondition-failed", "Precondition Failed") \
	X(PROB_PAYLOAD_TOO_LARGE,  413, "payload-too-large",  "Content Too Large") \
	X(PROB_URI_TOO_LONG,       414, "uri-too-long",       "URI Too Long") \
	X(PROB_UNSUPPORTED_MEDIA,  415, "unsupported-media-type", "Unsupported Media Type") \
	X(PROB_VALIDATION,         422, "validation-failed",  "Unprocessable Content") \
	X(PROB_INTERNAL,           500, "internal",           "Internal Server Error") \
	X(PROB_UNAVAILABLE,        503, "unavailable",        "Service Unavailable") \
	X(PROB_QUERY_TIMEOUT,      503, "query-timeout",      "Query Timeout")

enum problem_kind {
#define X(name, status, slug, title) name,
	PROBLEM_TABLE(X)
#undef X
	PROB__COUNT
};

struct problem {
	enum problem_kind kind;
	char detail[1024];	/* human-readable, safe to show the client */
	char parameter[64];	/* the query parameter at fault, or "" */
	json_t *errors;		/* 422: [{field, message}], owned, or NULL */
	json_t *members;	/* more members of the problem, owned, or NULL */
};

/* Fills *err and returns -1, so callers can `return problem_set(...)`. */
int problem_set(struct problem *err, enum problem_kind kind,
		const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Like problem_set(), naming the query parameter at fault. */
int problem_param(struct problem *err, enum problem_kind kind,
		  const char *param, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

unsigned problem_status(enum problem_kind kind);
const char *problem_slug(enum problem_kind kind);
const char *problem_title(enum problem_kind kind);

/*
 * A 422 listing every invalid field: takes ownership of errors, an array
 * of {field, message}. Returns -1.
 */
int problem_invalid(struct problem *err, json_t *errors);

/* Appends {field, message} to errors. */
void problem_add_error(json_t *errors, const char *field, const char *fmt,
		       ...) __attribute__((format(printf, 3, 4)));

/* Releases what *err owns; it may be reused afterwards. */
void problem_clear(struct problem *err);

/* Returns a new JSON object for the problem; instance is the request path. */
json_t *problem_to_json_new(const struct problem *err, const char *instance);

#endif
