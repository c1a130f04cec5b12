/* SPDX-License-Identifier: MIT */
/* Request accessors and content negotiation (see request.h). */
#include "request.h"

#include <ctype.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

const char *req_header(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

size_t req_prefix(const struct request *req, const char **prefix)
{
	const char *p = req_header(req, "X-Forwarded-Prefix");
	size_t n, i;

	*prefix = "";
	if (!p || p[0] != '/')
		return 0;
	n = strlen(p);
	while (n && p[n - 1] == '/')
		n--;		/* "/api/" is "/api"; "/" is none */
	if (n > REQ_MAX_PREFIX)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (!(isalnum(c) || strchr("/-._~", c)) ||
		    (c == '/' && i + 1 < n && p[i + 1] == '/'))
			return 0;
	}
	*prefix = p;
	return n;
}

static enum MHD_Result collect(void *cls, enum MHD_ValueKind kind,
			       const char *key, size_t key_size,
			       const char *value, size_t value_size)
{
	struct request *req = cls;
	struct param *p;

	(void)kind;
	(void)key_size;
	if (req->nparams == REQ_MAX_PARAMS) {
		req->too_many_params = 1;
		return MHD_NO;
	}
	p = &req->params[req->nparams++];
	p->key = key;
	p->value = value;
	p->len = value ? value_size : 0;
	return MHD_YES;
}

void req_collect_params(struct request *req)
{
	req->nparams = 0;
	MHD_get_connection_values_n(req->conn, MHD_GET_ARGUMENT_KIND, collect,
				    req);
}

int req_is_read(const struct request *req)
{
	return strcmp(req->method, "GET") == 0 ||
	       strcmp(req->method, "HEAD") == 0;
}

double req_elapsed_ms(const struct request *req)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - req->start.tv_sec) * 1e3 +
	       (double)(now.tv_nsec - req->start.tv_nsec) / 1e6;
}

/* How well a media range matches type: 3 exact, 2 type/any, 1 any. */
static int specificity(const char *range, size_t rlen, const char *type)
{
	const char *slash = strchr(type, '/');
	size_t tlen = strlen(type);

	if (rlen == 3 && strncmp(range, "*/*", 3) == 0)
		return 1;
	if (rlen == (size_t)(slash - type) + 2 &&
	    strncasecmp(range, type, (size_t)(slash - type) + 1) == 0 &&
	    range[rlen - 1] == '*')
		return 2;
	if (rlen == tlen && strncasecmp(range, type, tlen) == 0)
		return 3;
	return 0;
}

/* Parses the q parameter of one Accept element; 1.0 when absent. */
static double qvalue(const char *params, const char *end)
{
	const char *p = params;

	while (p && p < end) {
		while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
			p++;
		if (p >= end)
			break;
		if (end - p > 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=')
			return strtod(p + 2, NULL);
		p = strchr(p, ';');
	}
	return 1.0;
}

int req_negotiate(const struct request *req, const char *const *offers,
		  size_t n)
{
	return req_negotiate_accept(req_header(req, "Accept"), offers, n);
}

int req_negotiate_accept(const char *accept, const char *const *offers,
			 size_t n)
{
	double best_q = 0;
	int best = -1;
	size_t i;

	if (!accept || !*accept)
		return 0;
	for (i = 0; i < n; i++) {
		const char *p = accept;
		int spec = 0;
		double q = 0;

		while (*p) {
			const char *end = strchr(p, ',');
			const char *semi, *tend;
			int s;

			if (!end)
				end = p + strlen(p);
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			semi = strchr(p, ';');
			if (semi && semi > end)
				semi = NULL;
			tend = semi ? semi : end;
			while (tend > p && (tend[-1] == ' ' || tend[-1] == '\t'))
				tend--;
			s = specificity(p, (size_t)(tend - p), offers[i]);
			if (s > spec) {
				spec = s;
				q = qvalue(semi, end);
			}
			p = *end ? end + 1 : end;
		}
		if (q > best_q) {
			best_q = q;
			best = (int)i;
		}
	}
	return best;
}
