/* SPDX-License-Identifier: MIT */
/* The only caller of MHD_queue_response (see respond.h). */
#include "respond.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>
#include <zlib.h>

#include "xalloc.h"

static char cors_origins[1024];

void respond_init(const struct config *c)
{
	snprintf(cors_origins, sizeof(cors_origins), "%s", c->cors_origins);
}

void reply_header(struct reply *r, const char *name, const char *value)
{
	if (r->nheaders == REPLY_MAX_HEADERS)
		return;
	r->headers[r->nheaders].name = name;
	r->headers[r->nheaders].value = xstrdup(value);
	r->nheaders++;
}

void reply_json_new(struct reply *r, unsigned status, json_t *j)
{
	char *text = json_dumps(j, JSON_COMPACT);

	r->status = status;
	r->content_type = "application/json";
	buf_reset(&r->body);
	buf_puts(&r->body, text ? text : "null");
	free(text);
	json_decref(j);
}

void reply_free(struct reply *r)
{
	size_t i;

	free(r->cache_key);
	r->cache_key = NULL;
	for (i = 0; i < r->nheaders; i++)
		free(r->headers[i].value);
	r->nheaders = 0;
	buf_free(&r->body);
}

void reply_problem(struct reply *r, struct problem *err,
		   const char *instance)
{
	size_t i, keep = 0;

	/* Keep Allow (405) and WWW-Authenticate; drop the rest. */
	for (i = 0; i < r->nheaders; i++) {
		if (strcmp(r->headers[i].name, "Allow") == 0 ||
		    strcmp(r->headers[i].name, "WWW-Authenticate") == 0)
			r->headers[keep++] = r->headers[i];
		else
			free(r->headers[i].value);
	}
	r->nheaders = keep;
	/* Unavailable is for a moment (busy, draining, a failover). */
	if (err->kind == PROB_UNAVAILABLE)
		reply_header(r, "Retry-After", "1");
	reply_json_new(r, problem_status(err->kind),
		       problem_to_json_new(err, instance));
	problem_clear(err);
	r->content_type = "application/problem+json";
	r->cache_control = "no-store";
	r->vary_accept = 0;
	r->vary_prefix = 0;
}

/* Returns the value for Access-Control-Allow-Origin, or NULL. */
static const char *allowed_origin(const char *origin)
{
	size_t olen;
	const char *p;

	if (!origin || !cors_origins[0])
		return NULL;
	if (strcmp(cors_origins, "*") == 0)
		return "*";
	olen = strlen(origin);
	for (p = cors_origins; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		while (len && *p == ' ') {
			p++;
			len--;
		}
		while (len && p[len - 1] == ' ')
			len--;
		if (len == olen && strncmp(p, origin, len) == 0)
			return origin;
		p += end ? (size_t)(end - p) + 1 : len;
		if (!end)
			break;
	}
	return NULL;
}

void respond_cors_preflight(struct request *req, struct reply *r,
			    const char *allow)
{
	r->status = 204;
	reply_header(r, "Allow", allow);
	if (allowed_origin(req_header(req, "Origin")) &&
	    req_header(req, "Access-Control-Request-Method")) {
		reply_header(r, "Access-Control-Allow-Methods", allow);
		reply_header(r, "Access-Control-Allow-Headers",
			     "Authorization, Cache-Control, Content-Type, "
			     "If-Match, If-None-Match, Dossier-Read-After");
		reply_header(r, "Access-Control-Max-Age", "600");
	}
}

/*
 * XXH3's 128 bits: a tag only has to tell representations apart, and a
 * cryptographic hash was a tenth of a list's time (BLAKE2b, 1 us a KiB;
 * XXH3, 0.06). Only an editor could write a body made to collide, and an
 * editor may write the resource anyway.
 */
void respond_etag(const char *body, size_t len, char out[RESPOND_ETAG_SIZE])
{
	XXH128_hash_t h = XXH3_128bits(body, len);

	snprintf(out, RESPOND_ETAG_SIZE, "\"%016llx%016llx\"",
		 (unsigned long long)h.high64, (unsigned long long)h.low64);
}

void respond_etag_gzip(const char *etag, char out[RESPOND_ETAG_SIZE])
{
	char tag[RESPOND_ETAG_SIZE];

	snprintf(tag, sizeof(tag), "%s", etag);
	snprintf(out, RESPOND_ETAG_SIZE, "%.*s-gzip\"",
		 (int)strlen(tag) - 1, tag);
}

int respond_etag_matches(const char *header, const char *etag, int weak)
{
	size_t elen = strlen(etag);
	const char *p = header;

	while (*p) {
		int is_weak = 0;

		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0) {
			is_weak = 1;
			p += 2;
		}
		if ((weak || !is_weak) && strncmp(p, etag, elen) == 0 &&
		    (p[elen] == '\0' || p[elen] == ',' || p[elen] == ' '))
			return 1;
		while (*p && *p != ',')
			p++;
	}
	return 0;
}

/* Bodies smaller than this are not worth compressing. */
#define GZIP_MIN_BYTES 1024

static int compressible(const char *type)
{
	return type && (strncmp(type, "application/json", 16) == 0 ||
			strncmp(type, "text/", 5) == 0 ||
			strncmp(type, "application/yaml", 16) == 0 ||
			strncmp(type, "application/x-ndjson", 20) == 0 ||
			strncmp(type, "application/javascript", 22) == 0);
}

/* Does Accept-Encoding allow gzip (by name or "*", with q > 0)? */
static int accepts_gzip(const char *header)
{
	const char *p = header;

	while (p && *p) {
		const char *end = strchr(p, ','), *semi, *q;
		size_t len;

		while (*p == ' ' || *p == '\t')
			p++;
		len = end ? (size_t)(end - p) : strlen(p);
		semi = memchr(p, ';', len);
		if ((semi ? (size_t)(semi - p) : len) >= 1 &&
		    (strncasecmp(p, "gzip", 4) == 0 || *p == '*')) {
			q = semi ? strstr(semi, "q=") : NULL;
			if (!q || q > p + len || strtod(q + 2, NULL) > 0)
				return 1;
		}
		p = end ? end + 1 : NULL;
	}
	return 0;
}

/* Replaces body with its gzip encoding; 0, or -1 leaving it as it was. */
static int gzip_body(struct buf *body)
{
	z_stream z;
	struct buf out = BUF_INIT;
	unsigned char chunk[16384];
	int rc;

	memset(&z, 0, sizeof(z));
	/* Level 1: most of the size gain at a fraction of the CPU. */
	if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)body->ptr;
	z.avail_in = (uInt)body->len;
	do {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		rc = deflate(&z, Z_FINISH);
		buf_append(&out, chunk, sizeof(chunk) - z.avail_out);
	} while (rc == Z_OK);
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		buf_free(&out);
		return -1;
	}
	buf_free(body);
	*body = out;
	return 0;
}

/* Keeps a copy of an answer, with its tag, in this thread's cache. */
static struct cached *remember(struct reply *r, const char *etag)
{
	struct cached *c = cache_put(r->cache_key, r->stamp);
	size_t i;

	c->status = r->status;
	c->content_type = r->content_type;
	c->cache_control = r->cache_control;
	c->vary_accept = r->vary_accept;
	c->vary_prefix = r->vary_prefix;
	buf_append(&c->body, r->body.ptr ? r->body.ptr : "", r->body.len);
	snprintf(c->etag, sizeof(c->etag), "%s", etag);
	for (i = 0; i < r->nheaders; i++) {
		if (strcmp(r->headers[i].name, "Link") == 0)
			c->link = xstrdup(r->headers[i].value);
		if (strcmp(r->headers[i].name, "Content-Disposition") == 0)
			c->disposition = xstrdup(r->headers[i].value);
	}
	return c;
}

/* Fills r from a cache hit, gzipping the entry on first demand. */
static void use_cached(struct reply *r, int want_gz,
		       char etag[RESPOND_ETAG_SIZE], int *gzipped)
{
	struct cached *c = r->cached;

	r->status = c->status;
	r->content_type = c->content_type;
	r->cache_control = c->cache_control;
	r->vary_accept = c->vary_accept;
	r->vary_prefix = c->vary_prefix;
	if (c->link)
		reply_header(r, "Link", c->link);
	if (c->disposition)
		reply_header(r, "Content-Disposition", c->disposition);
	if (want_gz && compressible(c->content_type) &&
	    c->body.len >= GZIP_MIN_BYTES && !c->gz.len) {
		buf_append(&c->gz, c->body.ptr, c->body.len);
		if (gzip_body(&c->gz) == 0)
			respond_etag_gzip(c->etag, c->gz_etag);
		else
			buf_free(&c->gz);
	}
	buf_reset(&r->body);
	if (want_gz && c->gz.len) {
		buf_append(&r->body, c->gz.ptr, c->gz.len);
		snprintf(etag, RESPOND_ETAG_SIZE, "%s", c->gz_etag);
		*gzipped = 1;
	} else {
		buf_append(&r->body, c->body.ptr ? c->body.ptr : "",
			   c->body.len);
		snprintf(etag, RESPOND_ETAG_SIZE, "%s", c->etag);
	}
}

static void add(struct MHD_Response *resp, const char *name,
		const char *value)
{
	MHD_add_response_header(resp, name, value);
}

struct MHD_Response *respond_make(struct request *req, struct reply *r)
{
	const char *origin = req_header(req, "Origin");
	const char *allow_origin = allowed_origin(origin);
	struct MHD_Response *resp;
	char etag[RESPOND_ETAG_SIZE] = "";
	const char *inm;
	size_t len, i;
	char *body;

	int want_gz = accepts_gzip(req_header(req, "Accept-Encoding"));
	int varies, gzipped = 0;
	char vary[96] = "";

	if (r->cached)
		use_cached(r, want_gz, etag, &gzipped);
	varies = r->status == 200 && compressible(r->content_type) &&
		(r->cached ? r->cached->body.len : r->body.len) >=
		GZIP_MIN_BYTES;
	if (!r->cached && req_is_read(req) && r->status == 200) {
		struct cached *c = NULL;

		respond_etag(buf_str(&r->body), r->body.len, etag);
		if (r->cache_key)
			c = remember(r, etag);
		if (varies && want_gz && gzip_body(&r->body) == 0) {
			/* Another representation, so another strong tag. */
			gzipped = 1;
			respond_etag_gzip(etag, etag);
			if (c) {
				buf_append(&c->gz, r->body.ptr, r->body.len);
				snprintf(c->gz_etag, sizeof(c->gz_etag), "%s",
					 etag);
			}
		}
		if (c)
			cache_trim();
	}
	if (etag[0] && req_is_read(req) && r->status == 200) {
		inm = req_header(req, "If-None-Match");
		/*
		 * The body stays: libmicrohttpd sends none with a 304 but
		 * takes its Content-Length from it, which must be the 200's
		 * (RFC 9110, 8.6), not 0.
		 */
		if (inm && respond_etag_matches(inm, etag, 1))
			r->status = 304;
	}
	len = r->body.len;
	body = buf_detach(&r->body, NULL);
	resp = MHD_create_response_from_buffer_with_free_callback(len, body,
								  free);
	if (!resp) {
		free(body);
		reply_free(r);
		return NULL;
	}
	if (r->content_type && r->status != 304 && r->status != 204)
		add(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	if (etag[0])
		add(resp, MHD_HTTP_HEADER_ETAG, etag);
	if (req_is_read(req) && (r->status == 200 || r->status == 304))
		add(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
		    r->cache_control ? r->cache_control : "no-cache");
	else if (r->cache_control)
		add(resp, MHD_HTTP_HEADER_CACHE_CONTROL, r->cache_control);
	if (gzipped)
		add(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	snprintf(vary, sizeof(vary), "%s%s%s%s",
		 r->vary_accept ? ", Accept" : "",
		 varies ? ", Accept-Encoding" : "",
		 r->vary_prefix ? ", X-Forwarded-Prefix" : "",
		 /* With a list of origins, the answer depends on Origin
		  * (Access-Control-Allow-Origin or not), asked or not. */
		 cors_origins[0] && strcmp(cors_origins, "*") != 0 ?
		 ", Origin" : "");
	if (vary[0])
		add(resp, MHD_HTTP_HEADER_VARY, vary + 2);
	if (allow_origin) {
		add(resp, "Access-Control-Allow-Origin", allow_origin);
		add(resp, "Access-Control-Expose-Headers",
		    "Age, ETag, Link, Location, Dossier-Read-After");
	}
	add(resp, "X-Content-Type-Options", "nosniff");
	for (i = 0; i < r->nheaders; i++)
		add(resp, r->headers[i].name, r->headers[i].value);
	req->status = r->status;
	req->bytes = r->status == 304 ? 0 : len;	/* a 304 sends none */
	reply_free(r);
	return resp;
}

enum MHD_Result respond_queue(struct request *req, struct MHD_Response *resp)
{
	enum MHD_Result ret;

	if (!resp)
		return MHD_NO;
	ret = MHD_queue_response(req->conn, req->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

enum MHD_Result respond_send(struct request *req, struct reply *r)
{
	return respond_queue(req, respond_make(req, r));
}
