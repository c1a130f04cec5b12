/* SPDX-License-Identifier: MIT */
/*
 * THE route table, one row per OpenAPI operation, and the dispatcher that
 * does the work every route shares: 404 versus 405 with Allow, OPTIONS and
 * CORS preflight, HEAD as GET, URI and query-parameter hygiene. Handlers
 * only parse, query and fill a reply.
 */
#ifndef DOSSIER_ROUTES_H
#define DOSSIER_ROUTES_H

#include "problem.h"
#include "request.h"
#include "respond.h"

typedef int (*handler_fn)(struct request *req, struct reply *out,
			  struct problem *err);

#define ROUTE_AUTH 1u	/* needs a valid API key */
#define ROUTE_BODY 2u	/* takes a JSON object body */
#define ROUTE_PATCH 4u	/* the body may be a JSON Merge Patch */
#define ROUTE_CACHE 8u	/* answers depend only on the data: cacheable */
/* Parameters may repeat: the handler says which (listing_parse). */
#define ROUTE_REPEAT 16u

struct route {
	const char *method;
	const char *pattern;	/* "{name}" matches one path segment */
	handler_fn fn;
	unsigned flags;
};

/* Fills *out with the reply to req. */
void routes_dispatch(struct request *req, struct reply *out);

/*
 * Matches path against the route table: returns the route for method (or
 * NULL), copies its "{...}" segment into arg (argsz bytes), and lists in
 * allow (allowsz bytes) every method the path accepts ("" when no route
 * has this path). Pure: used by the dispatcher and the fuzzers.
 */
const struct route *routes_find(const char *method, const char *path,
				char *arg, size_t argsz, char *allow,
				size_t allowsz);

/* The route table, for `dossier routes` and the spec check. */
const struct route *routes_table(size_t *n);

#endif
