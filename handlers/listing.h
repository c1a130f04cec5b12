/* SPDX-License-Identifier: MIT */
/*
 * The generic list and item handlers every resource shares: query
 * parameter parsing and validation (limit, cursor, count, sort, fields, q
 * and the resource's filters), content negotiation, the list envelope and
 * pagination links.
 */
#ifndef DOSSIER_LISTING_H
#define DOSSIER_LISTING_H

#include "query.h"
#include "resource.h"
#include "routes.h"

/*
 * Answers a list of res. When scope is set, the filter of that name is
 * fixed to scope_value by the path (e.g. /countries/GB/events) and may not
 * be given as a query parameter.
 */
int listing_list(struct request *req, const struct resource *res,
		 const char *scope, const char *scope_value,
		 struct reply *out, struct problem *err);

/* Answers the single record of res whose key is key (404 when none). */
int listing_item(struct request *req, const struct resource *res,
		 const char *key, struct reply *out, struct problem *err);

/*
 * Appends the request's own URL (behind the proxy's prefix, if any) to
 * out, its cursor replaced by cursor when that is set.
 */
void listing_url(struct buf *out, const struct request *req,
		 const char *cursor);

/* 406 unless the Accept header allows the media type. */
int listing_accepts(struct request *req, const char *type,
		    struct problem *err);

/* A whole number without sign or spaces (at most 9 digits), or -1. */
long listing_whole_number(const char *s);

/* 400 unless the request has no query parameters. */
int listing_no_params(struct request *req, struct problem *err);

/*
 * Reads the query parameters of a list request (req->params only) into
 * q, which the caller zeroes; scope names a filter the path fixes to
 * scope_value (or is NULL). *count is set to 1 for count=exact. Returns
 * 0, or -1 with *err set. Needs the database for filters that name
 * records (actor=, country=...). Exposed for the fuzzers.
 */
int listing_parse(const struct request *req, const struct resource *res,
		  const char *scope, const char *scope_value,
		  struct query *q, int *count, struct problem *err);

/*
 * The same for a request over the matches of res's filters and q= (an
 * aggregation): list parameters (limit, sort, cursor...) are unknown,
 * and those named in own (NULL-terminated) are left to the caller.
 */
int listing_filters(const struct request *req, const struct resource *res,
		    const char *scope, const char *scope_value,
		    const char *const *own, struct query *q,
		    struct problem *err);

#endif
