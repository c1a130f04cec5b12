/* SPDX-License-Identifier: MIT */
/* The route table and dispatcher (see routes.h). */
#include "routes.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdatomic.h>
#include <time.h>

#include "columns.h"
#include "db.h"
#include "handlers.h"
#include "keys.h"
#include "utf8.h"

/* Longest path accepted; ids are at most 128 bytes. */
#define MAX_PATH 1024

#define WRITE (ROUTE_AUTH | ROUTE_BODY)
#define LIST (ROUTE_CACHE | ROUTE_REPEAT)

static const struct route routes[] = {
	{ "GET", "/countries", countries_list, LIST },
	{ "GET", "/countries/{code}", countries_get, ROUTE_CACHE },
	{ "GET", "/countries/{code}/actors", countries_actors, LIST },
	{ "GET", "/countries/{code}/events", countries_events, LIST },
	{ "GET", "/actors", actors_list, LIST },
	{ "POST", "/actors", actors_create, WRITE },
	{ "GET", "/actors/{id}", actors_get, ROUTE_CACHE },
	{ "PUT", "/actors/{id}", actors_replace, WRITE },
	{ "PATCH", "/actors/{id}", actors_patch, WRITE | ROUTE_PATCH },
	{ "DELETE", "/actors/{id}", actors_delete, ROUTE_AUTH },
	{ "GET", "/actors/{id}/events", actors_events, LIST },
	{ "GET", "/actors/{id}/network", actors_network, LIST },
	{ "GET", "/events", events_list, LIST },
	{ "POST", "/events", events_create, WRITE },
	{ "GET", "/events/{id}", events_get, ROUTE_CACHE },
	{ "PUT", "/events/{id}", events_replace, WRITE },
	{ "PATCH", "/events/{id}", events_patch, WRITE | ROUTE_PATCH },
	{ "DELETE", "/events/{id}", events_delete, ROUTE_AUTH },
	{ "GET", "/sources", sources_list, LIST },
	{ "POST", "/sources", sources_create, WRITE },
	{ "GET", "/sources/{id}", sources_get, ROUTE_CACHE },
	{ "PUT", "/sources/{id}", sources_replace, WRITE },
	{ "PATCH", "/sources/{id}", sources_patch, WRITE | ROUTE_PATCH },
	{ "DELETE", "/sources/{id}", sources_delete, ROUTE_AUTH },
	{ "GET", "/deletions", deletions_list, LIST },
	{ "GET", "/event-types", event_types_list, LIST },
	{ "GET", "/event-types/{code}", event_types_get, ROUTE_CACHE },
	{ "GET", "/suggest", suggest_list, ROUTE_CACHE },
	{ "GET", "/stats", stats_get, LIST },
	{ "GET", "/network", network_get, LIST },
	{ "GET", "/", meta_index, 0 },
	{ "GET", "/app/app.js", app_script, 0 },
	{ "GET", "/app/app.css", app_style, 0 },
	{ "GET", "/app/world.json", app_world, 0 },
	{ "GET", "/openapi.yaml", meta_openapi, 0 },
	{ "GET", "/docs", meta_docs, 0 },
	{ "GET", "/docs/", meta_docs_slash, 0 },
	{ "GET", "/docs/redoc.standalone.js", meta_docs_script, 0 },
	{ "GET", "/healthz", meta_healthz, 0 },
	{ "GET", "/readyz", meta_readyz, 0 },
	{ "GET", "/metrics", meta_metrics, 0 },
};

const struct route *routes_table(size_t *n)
{
	*n = sizeof(routes) / sizeof(routes[0]);
	return routes;
}

/*
 * Returns 1 when path matches pattern, copying the "{...}" segment into
 * arg (at most argsz - 1 bytes; a longer one does not match).
 */
static int path_matches(const char *pattern, const char *path, char *arg,
			size_t argsz)
{
	while (*pattern && *path) {
		if (*pattern == '{') {
			const char *end = strchr(path, '/');
			size_t len = end ? (size_t)(end - path) : strlen(path);

			if (len == 0 || len >= argsz)
				return 0;
			memcpy(arg, path, len);
			arg[len] = '\0';
			path += len;
			pattern = strchr(pattern, '}') + 1;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	return *pattern == '\0' && *path == '\0';
}

static void allow_add(char *allow, size_t sz, const char *method)
{
	size_t len = strlen(allow);

	if (strstr(allow, method))
		return;
	snprintf(allow + len, sz - len, "%s%s", len ? ", " : "", method);
}

/*
 * "prefix path?query\x1fAccept": what a cached read answer depends on
 * (its links hold the proxy's path prefix).
 */
static char *cache_key(const struct request *req)
{
	const char *accept = req_header(req, "Accept"), *prefix;
	struct buf key = BUF_INIT;
	size_t i, n = req_prefix(req, &prefix);

	buf_append(&key, prefix, n);
	buf_putc(&key, ' ');
	buf_puts(&key, req->path);
	for (i = 0; i < req->nparams; i++) {
		buf_putc(&key, i ? '&' : '?');
		buf_url_encode(&key, req->params[i].key,
			       strlen(req->params[i].key));
		buf_putc(&key, '=');
		buf_url_encode(&key, req->params[i].value, req->params[i].len);
	}
	buf_putc(&key, '\x1f');
	buf_puts(&key, accept ? accept : "");
	return buf_detach(&key, NULL);
}

const struct route *routes_find(const char *method, const char *path,
				char *arg, size_t argsz, char *allow,
				size_t allowsz)
{
	const struct route *hit = NULL;
	char seg[256];
	size_t i;

	allow[0] = '\0';
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		seg[0] = '\0';	/* patterns without {...} leave it alone */
		if (!path_matches(routes[i].pattern, path, seg,
				  argsz < sizeof(seg) ? argsz : sizeof(seg)))
			continue;
		allow_add(allow, allowsz, routes[i].method);
		if (strcmp(routes[i].method, "GET") == 0)
			allow_add(allow, allowsz, "HEAD");
		if (strcmp(routes[i].method, method) == 0) {
			hit = &routes[i];
			memcpy(arg, seg, strlen(seg) + 1);
		}
	}
	return hit;
}

/* The first route of path's pattern, whatever its method, or -1. */
static int path_index(const char *path)
{
	char seg[256];
	size_t i;

	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (path_matches(routes[i].pattern, path, seg, sizeof(seg)))
			return (int)i;
	}
	return -1;
}

/* The hygiene every request gets before its handler runs. */
static int check_params(struct request *req, unsigned flags,
			struct problem *err)
{
	size_t i, j;

	req_collect_params(req);
	if (req->too_many_params)
		return problem_set(err, PROB_BAD_REQUEST, "more than %d query "
				   "parameters", REQ_MAX_PARAMS);
	for (i = 0; i < req->nparams; i++) {
		const struct param *p = &req->params[i];

		if (!*p->key || !utf8_valid(p->key, strlen(p->key)))
			return problem_set(err, PROB_BAD_REQUEST, "a query "
					   "parameter name is empty or not "
					   "UTF-8");
		/* A blank search box sends q=: no search, not an error. */
		if (!p->value || (p->len == 0 && strcmp(p->key, "q") != 0))
			return problem_param(err, PROB_INVALID_PARAMETER,
					     p->key, "query parameter '%s' "
					     "has no value", p->key);
		if (!utf8_valid(p->value, p->len))
			return problem_param(err, PROB_INVALID_PARAMETER,
					     p->key, "query parameter '%s' "
					     "is not valid UTF-8 or contains "
					     "a NUL byte", p->key);
		for (j = 0; j < i && !(flags & ROUTE_REPEAT); j++) {
			if (strcmp(req->params[j].key, p->key) == 0)
				return problem_param(
					err, PROB_INVALID_PARAMETER, p->key,
					"query parameter '%s' is given more "
					"than once", p->key);
		}
	}
	return 0;
}

/*
 * Read-your-writes with PostgreSQL standbys: a write's answer carries the
 * primary's WAL position at its commit as the header Dossier-Read-After
 * and a cookie of that name; a read that sends either back is answered by
 * a server that has the write. The header wins over the cookie.
 */
#define READ_AFTER "Dossier-Read-After"
#define READ_AFTER_COOKIE "dossier_read_after"

/* Sends the request's statements where they belong (db_route). */
static int route_db(struct request *req, struct problem *err)
{
	const char *token = req_header(req, READ_AFTER);

	if (!token)
		token = MHD_lookup_connection_value(req->conn,
						    MHD_COOKIE_KIND,
						    READ_AFTER_COOKIE);
	if (token && !db_token_valid(token))
		return problem_set(err, PROB_BAD_REQUEST, READ_AFTER " must "
				   "be the value a write's answer gave, such "
				   "as 0/3000148");
	/* No server answering is for the handler to tell (503), or not
	 * to care about (a static document). */
	db_route(!req_is_read(req), token);
	return 0;
}

/*
 * Cache-Control: max-stale[=seconds] on a read of the data (RFC 9111,
 * 5.2.1.2): the age its aggregations' data may have
 * (columns_allow_stale()), into *out: -1 when not said, LONG_MAX for any
 * age. Other directives, and other Cache-Control lines than the first,
 * are left alone.
 */
static int max_stale(const struct request *req, long *out,
		     struct problem *err)
{
	const char *v = req_header(req, "Cache-Control");
	size_t n;

	*out = -1;
	for (; v && *v; v += n) {
		const char *x;

		v += strspn(v, " \t,");
		n = strcspn(v, ",");
		if (n < 9 || strncasecmp(v, "max-stale", 9) != 0)
			continue;
		x = v + 9 + strspn(v + 9, " \t");
		if (x == v + n) {
			*out = LONG_MAX;
		} else if (*x == '=') {
			char *end;
			long secs;

			x += strspn(x + 1, " \t") + 1;
			x += *x == '"';
			secs = *x >= '0' && *x <= '9' ? strtol(x, &end, 10) : -1;
			if (secs >= 0) {
				end += *end == '"';
				end += strspn(end, " \t");
			}
			if (secs < 0 || end != v + n)
				return problem_set(err, PROB_BAD_REQUEST,
						   "Cache-Control max-stale "
						   "must be a number of "
						   "seconds, such as "
						   "max-stale=60");
			*out = secs;
		}
	}
	return 0;
}

/* A write's token (route_db), for the client to send with its reads. */
static void give_token(struct reply *out)
{
	const char *token = db_write_token();
	char cookie[96];

	if (!*token || out->status >= 300)
		return;
	reply_header(out, READ_AFTER, token);
	snprintf(cookie, sizeof(cookie), READ_AFTER_COOKIE "=%s; Path=/; "
		 "Max-Age=300; SameSite=Lax; HttpOnly", token);
	reply_header(out, "Set-Cookie", cookie);
}

/*
 * How long a read of the data that meets a server going away keeps
 * trying, from the request's start. When the primary is lost,
 * pg_auto_failover restarts each standby to cut it from it; while those
 * restarts overlap (a second or a few), no server answers reads.
 */
#define READ_RETRY_MS 10000
/* The pause between tries: 50 ms more each time, at most 250 ms. */
#define READ_RETRY_STEP_NS 50000000L
#define READ_RETRY_MAX_NS 250000000L

/*
 * Runs the handler; a read gets the database budget (--query-timeout-ms),
 * so that no single request holds a worker for long, and one snapshot.
 */
static int run_handler(const struct route *hit, struct request *req,
		       struct reply *out, struct problem *err)
{
	int rc;
	long pause = 0;

	if (!req_is_read(req))
		return hit->fn(req, out, err);
	for (;;) {
		db_budget_begin();
		db_read_begin();
		rc = hit->fn(req, out, err);
		db_read_end();
		db_budget_end();
		/* Only reads of the data wait: /readyz says how things are
		 * now. */
		if (rc == 0 || err->kind != PROB_UNAVAILABLE ||
		    !(hit->flags & ROUTE_CACHE) ||
		    req_elapsed_ms(req) >= READ_RETRY_MS)
			return rc;
		/* The server it read from went away (a standby restarted,
		 * a failover): again, on a new connection, from the start,
		 * and not cached (the stamp is the old server's); at once
		 * the first time, then after a pause. */
		if (pause)
			nanosleep(&(struct timespec){ 0, pause }, NULL);
		pause = pause + READ_RETRY_STEP_NS < READ_RETRY_MAX_NS ?
			pause + READ_RETRY_STEP_NS : READ_RETRY_MAX_NS;
		problem_clear(err);
		reply_free(out);
		memset(out, 0, sizeof(*out));
		out->status = 200;
		if (route_db(req, err) != 0)
			return -1;
	}
}

/* 401 unless the request carries a valid API key. */
static int authenticate(struct request *req, struct reply *out,
			struct problem *err)
{
	const char *auth = req_header(req, "Authorization");
	int rc;

	if (!auth || strncasecmp(auth, "Bearer ", 7) != 0) {
		reply_header(out, "WWW-Authenticate", "Bearer realm=\"dossier\"");
		return problem_set(err, PROB_UNAUTHORIZED, "writes need an API "
				   "key: Authorization: Bearer <key> (create "
				   "one with `dossier keys create NAME`)");
	}
	auth += 7;
	while (*auth == ' ')
		auth++;
	rc = keys_verify(auth);
	if (rc < 0)
		return problem_set(err, PROB_UNAVAILABLE, "keys could not be "
				   "checked; retry shortly");
	if (rc == 0) {
		reply_header(out, "WWW-Authenticate", "Bearer realm=\"dossier\", "
			     "error=\"invalid_token\"");
		return problem_set(err, PROB_UNAUTHORIZED, "the API key is "
				   "unknown or revoked");
	}
	return 0;
}

/* Is the media type of Content-Type (parameters aside) exactly type? */
static int media_type_is(const char *ctype, const char *type)
{
	size_t n = strlen(type);

	while (*ctype == ' ')
		ctype++;
	return strncasecmp(ctype, type, n) == 0 &&
	       (ctype[n] == '\0' || ctype[n] == ';' || ctype[n] == ' ');
}

/* 413, 415 or 400 unless the body is a JSON object within the limit. */
static int parse_body(struct request *req, unsigned flags,
		      struct problem *err)
{
	const char *ctype = req_header(req, "Content-Type");
	json_error_t jerr;

	if (req->body_too_large)
		return problem_set(err, PROB_PAYLOAD_TOO_LARGE, "the body is "
				   "larger than this server accepts "
				   "(--max-body)");
	if (!ctype || !(media_type_is(ctype, "application/json") ||
			((flags & ROUTE_PATCH) &&
			 media_type_is(ctype,
				       "application/merge-patch+json"))))
		return problem_set(err, PROB_UNSUPPORTED_MEDIA, "send the "
				   "body as %s", flags & ROUTE_PATCH ?
				   "application/merge-patch+json or "
				   "application/json" : "application/json");
	req->json = json_loadb(buf_str(&req->body), req->body.len,
			       JSON_REJECT_DUPLICATES, &jerr);
	if (!req->json)
		return problem_set(err, PROB_BAD_REQUEST, "the body is not "
				   "valid JSON: %s at line %d, column %d",
				   jerr.text, jerr.line, jerr.column);
	if (!json_is_object(req->json))
		return problem_set(err, PROB_BAD_REQUEST, "the body must be a "
				   "JSON object");
	return 0;
}

/*
 * DOSSIER_TEST_CACHED_READ_DELAY_MS: a pause between computing a cacheable
 * answer and storing it, so that a test can commit a write in that window
 * every time (tests/test_writes.c, test_no_stale_cache). Unset, it costs
 * one getenv at the first such read.
 */
static void pause_before_caching(void)
{
	static atomic_int ms = -1;
	struct timespec ts;

	if (ms < 0) {
		const char *v = getenv("DOSSIER_TEST_CACHED_READ_DELAY_MS");

		ms = v ? atoi(v) : 0;
	}
	if (ms <= 0)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}

void routes_dispatch(struct request *req, struct reply *out)
{
	const char *method = strcmp(req->method, "HEAD") == 0 ? "GET" :
		req->method;
	const struct route *hit;
	char allow[96] = "", arg[sizeof(req->path_arg)] = "";
	struct problem err = { 0 };
	long stale = -1, age;
	int rc;

	memset(out, 0, sizeof(*out));
	out->status = 200;
	if (req->bad_framing) {
		problem_set(&err, PROB_BAD_REQUEST, "the body is framed more "
			    "than one way (Content-Length twice, or with "
			    "Transfer-Encoding)");
		goto fail;
	}
	if (req->path_has_nul) {
		problem_set(&err, PROB_BAD_REQUEST, "the path contains a NUL "
			    "byte (raw, or as %%00)");
		goto fail;
	}
	if (strlen(req->path) > MAX_PATH) {
		problem_set(&err, PROB_URI_TOO_LONG, "the path is longer "
			    "than %d bytes", MAX_PATH);
		goto fail;
	}
	hit = routes_find(method, req->path, arg, sizeof(arg), allow,
			  sizeof(allow));
	if (hit)
		memcpy(req->path_arg, arg, sizeof(arg));
	if (!allow[0]) {
		problem_set(&err, PROB_NOT_FOUND, "nothing lives at this "
			    "path; see /openapi.yaml for the routes");
		goto fail;
	}
	allow_add(allow, sizeof(allow), "OPTIONS");
	if (!hit)	/* OPTIONS, 405: counted under the path's route */
		req->path_index = path_index(req->path);
	if (strcmp(method, "OPTIONS") == 0) {
		respond_cors_preflight(req, out, allow);
		return;
	}
	if (!hit) {
		reply_header(out, "Allow", allow);
		problem_set(&err, PROB_METHOD_NOT_ALLOWED, "%s is not allowed "
			    "here; allowed: %s", strlen(req->method) < 16 ?
			    req->method : "this method", allow);
		goto fail;
	}
	req->route = hit->pattern;
	req->route_index = (int)(hit - routes);
	if (route_db(req, &err) != 0 ||
	    ((hit->flags & ROUTE_CACHE) && max_stale(req, &stale, &err) != 0) ||
	    ((hit->flags & ROUTE_AUTH) && authenticate(req, out, &err) != 0) ||
	    check_params(req, hit->flags, &err) != 0 ||
	    ((hit->flags & ROUTE_BODY) && parse_body(req, hit->flags,
						     &err) != 0))
		goto fail;
	if ((hit->flags & ROUTE_CACHE) && cache_enabled()) {
		out->cache_key = cache_key(req);
		out->cached = cache_get(out->cache_key);
		if (out->cached) {
			free(out->cache_key);
			out->cache_key = NULL;
			return;
		}
		out->stamp = cache_stamp();
	}
	columns_allow_stale(stale);
	rc = run_handler(hit, req, out, &err);
	age = columns_stale_age();
	columns_allow_stale(-1);
	if (rc != 0)
		goto fail;
	if (!req_is_read(req))
		give_token(out);
	/* Data older than the last commit: said, and never cached for
	 * those who did not ask for it. */
	if (age >= 0) {
		char secs[24];

		snprintf(secs, sizeof(secs), "%ld", age);
		reply_header(out, "Age", secs);
	}
	if (out->status != 200 || age >= 0) {
		free(out->cache_key);
		out->cache_key = NULL;
	}
	if (out->cache_key)
		pause_before_caching();
	return;
fail:
	if (strlen(req->path) > MAX_PATH) {
		/* Do not echo a path of any length back: the first bytes. */
		char clipped[MAX_PATH + 1];

		memcpy(clipped, req->path, MAX_PATH);
		clipped[MAX_PATH] = '\0';
		reply_problem(out, &err, clipped);
		return;
	}
	reply_problem(out, &err, req->path);
}
