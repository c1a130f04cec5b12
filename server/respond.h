/* SPDX-License-Identifier: MIT */
/*
 * Replies: what a handler produces (status, body, headers) and the one
 * place that hands responses to libmicrohttpd. respond_send() adds what
 * every response carries: ETag and 304 handling on reads, Cache-Control,
 * Vary, CORS and security headers.
 */
#ifndef DOSSIER_RESPOND_H
#define DOSSIER_RESPOND_H

#include <jansson.h>

#include "buf.h"
#include "cache.h"
#include "config.h"
#include "problem.h"
#include "request.h"

#define REPLY_MAX_HEADERS 8

struct reply {
	unsigned status;
	const char *content_type;	/* static string */
	struct buf body;
	const char *cache_control;	/* static; NULL means "no-cache" */
	int vary_accept;		/* the body depends on Accept */
	int vary_prefix;		/* its links, on X-Forwarded-Prefix */
	struct cached *cached;		/* a cache hit to send, borrowed */
	char *cache_key;		/* store the answer under it; owned */
	struct cache_stamp stamp;	/* taken before the answer was made */
	size_t nheaders;
	struct {
		const char *name;	/* static string */
		char *value;		/* owned */
	} headers[REPLY_MAX_HEADERS];
};

/* Remembers the CORS settings; call before serving. */
void respond_init(const struct config *c);

/* Adds a header; value is copied. */
void reply_header(struct reply *r, const char *name, const char *value);
/* Sets a JSON body from j (reference stolen) with the given status. */
void reply_json_new(struct reply *r, unsigned status, json_t *j);
/* Replaces anything set so far with the problem+json for err (cleared). */
void reply_problem(struct reply *r, struct problem *err,
		   const char *instance);

#define RESPOND_ETAG_SIZE 48
/* The strong ETag of a representation: a hash of its exact bytes. */
void respond_etag(const char *body, size_t len, char out[RESPOND_ETAG_SIZE]);
/*
 * The tag of the gzip encoding of the representation tagged etag (out may
 * be etag itself): another representation, so another strong tag.
 */
void respond_etag_gzip(const char *etag, char out[RESPOND_ETAG_SIZE]);
/*
 * Does an If-Match / If-None-Match value ("*" or a list of tags) match
 * etag? weak: RFC 9110 weak comparison (If-None-Match), else strong.
 */
int respond_etag_matches(const char *header, const char *etag, int weak);
void reply_free(struct reply *r);

/*
 * Sends r on req's connection and releases r's contents. Records the sent
 * status and size in req for the access log. Returns libmicrohttpd's
 * verdict.
 */
enum MHD_Result respond_send(struct request *req, struct reply *r);

/*
 * respond_send in two steps, for a read answered on another thread than
 * the connection's: the response for r (r released; status and size
 * recorded in req), NULL when out of memory; then, on the connection's
 * thread, queued on it (and released).
 */
struct MHD_Response *respond_make(struct request *req, struct reply *r);
enum MHD_Result respond_queue(struct request *req, struct MHD_Response *resp);

/* The methods allowed on a path, for Allow and CORS preflight. */
void respond_cors_preflight(struct request *req, struct reply *r,
			    const char *allow);

#endif
