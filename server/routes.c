/* SPDX-License-Identifier: MIT */
/* The route table and dispatcher (see routes.h). */
#include "routes.h"

#include <string.h>

#include "handlers.h"
#include "utf8.h"

/* Longest path accepted; ids are at most 128 bytes. */
#define MAX_PATH 1024

static const struct route routes[] = {
	{ "GET", "/countries", countries_list },
	{ "GET", "/countries/{code}", countries_get },
	{ "GET", "/countries/{code}/actors", countries_actors },
	{ "GET", "/countries/{code}/events", countries_events },
	{ "GET", "/actors", actors_list },
	{ "GET", "/actors/{id}", actors_get },
	{ "GET", "/actors/{id}/events", actors_events },
	{ "GET", "/events", events_list },
	{ "GET", "/events/{id}", events_get },
	{ "GET", "/sources", sources_list },
	{ "GET", "/sources/{id}", sources_get },
	{ "GET", "/event-types", event_types_list },
	{ "GET", "/event-types/{code}", event_types_get },
	{ "GET", "/openapi.yaml", meta_openapi },
	{ "GET", "/healthz", meta_healthz },
	{ "GET", "/readyz", meta_readyz },
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

/* The hygiene every request gets before its handler runs. */
static int check_params(struct request *req, struct problem *err)
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
		if (!p->value || p->len == 0)
			return problem_param(err, PROB_INVALID_PARAMETER,
					     p->key, "query parameter '%s' "
					     "has no value", p->key);
		if (!utf8_valid(p->value, p->len))
			return problem_param(err, PROB_INVALID_PARAMETER,
					     p->key, "query parameter '%s' "
					     "is not valid UTF-8 or contains "
					     "a NUL byte", p->key);
		for (j = 0; j < i; j++) {
			if (strcmp(req->params[j].key, p->key) == 0)
				return problem_param(
					err, PROB_INVALID_PARAMETER, p->key,
					"query parameter '%s' is given more "
					"than once", p->key);
		}
	}
	return 0;
}

void routes_dispatch(struct request *req, struct reply *out)
{
	const char *method = strcmp(req->method, "HEAD") == 0 ? "GET" :
		req->method;
	const struct route *hit = NULL;
	char allow[96] = "", arg[sizeof(req->path_arg)];
	struct problem err;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->status = 200;
	if (strlen(req->path) > MAX_PATH) {
		problem_set(&err, PROB_URI_TOO_LONG, "the path is longer "
			    "than %d bytes", MAX_PATH);
		goto fail;
	}
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (!path_matches(routes[i].pattern, req->path, arg,
				  sizeof(arg)))
			continue;
		allow_add(allow, sizeof(allow), routes[i].method);
		if (strcmp(routes[i].method, "GET") == 0)
			allow_add(allow, sizeof(allow), "HEAD");
		if (strcmp(routes[i].method, method) == 0) {
			hit = &routes[i];
			memcpy(req->path_arg, arg, sizeof(arg));
		}
	}
	if (!allow[0]) {
		problem_set(&err, PROB_NOT_FOUND, "nothing lives at this "
			    "path; see /openapi.yaml for the routes");
		goto fail;
	}
	allow_add(allow, sizeof(allow), "OPTIONS");
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
	if (check_params(req, &err) != 0 || hit->fn(req, out, &err) != 0)
		goto fail;
	return;
fail:
	reply_problem(out, &err, req->path);
}
