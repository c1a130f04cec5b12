/* SPDX-License-Identifier: MIT */
/*
 * Per-request state, allocated on libmicrohttpd's first callback for a
 * request and freed when it completes. Header and parameter strings are
 * borrowed from libmicrohttpd and live as long as the request.
 */
#ifndef DOSSIER_REQUEST_H
#define DOSSIER_REQUEST_H

#include <jansson.h>
#include <microhttpd.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"

#define REQ_MAX_PARAMS 64

struct param {
	const char *key;
	const char *value;	/* NULL for "?key" with no "=" */
	size_t len;		/* value bytes (a %00 shows up here) */
};

struct request {
	struct MHD_Connection *conn;
	const char *method;
	const char *path;	/* decoded path, without the query */
	int path_has_nul;	/* the path decoded to a NUL (%00) */
	int bad_framing;	/* two Content-Lengths, or one and chunked */
	char path_arg[256];	/* the {id} or {code} segment of the route */
	struct param params[REQ_MAX_PARAMS];
	size_t nparams;
	int too_many_params;
	struct buf body;
	int body_too_large;
	json_t *json;		/* the parsed body of writes, owned */
	struct timespec start;
	const char *route;	/* the matched pattern, for logs */
	int route_index;	/* its row in the route table, or -1 */
	int path_index;		/* a route of its path, whatever the method */
	unsigned status;	/* sent status, for logs */
	size_t bytes;		/* sent body bytes, for logs */
	/* A request handed to a pool of threads (workers.h): queued
	 * (before next_queued), then answered with this response to
	 * send. */
	struct request *next_queued;
	int answered;
	struct MHD_Response *response;
};

/* Returns the request header's value (case-insensitive name), or NULL. */
const char *req_header(const struct request *req, const char *name);

#define REQ_MAX_PREFIX 200
/*
 * The path a proxy mounts this service under (X-Forwarded-Prefix, e.g.
 * "/api"), for the links an answer gives: sets *prefix and returns its
 * length without a trailing slash; 0 when there is none or it is not a
 * plain path (then the links are as this server sees them).
 */
size_t req_prefix(const struct request *req, const char **prefix);

/* Reads the query parameters into req->params, in the order sent. */
void req_collect_params(struct request *req);

/* Returns 1 when the method is GET or HEAD. */
int req_is_read(const struct request *req);

/* Milliseconds since the request began (req->start). */
double req_elapsed_ms(const struct request *req);

/*
 * Content negotiation: returns the index in offers[] of the media type the
 * Accept header prefers (q-values, then the order of offers), 0 when there
 * is no Accept header, or -1 when none of offers is acceptable.
 */
int req_negotiate(const struct request *req, const char *const *offers,
		  size_t n);
/* The same for an Accept header's value (NULL when absent); pure. */
int req_negotiate_accept(const char *accept, const char *const *offers,
			 size_t n);

#endif
