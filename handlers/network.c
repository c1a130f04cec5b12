/* SPDX-License-Identifier: MIT */
/*
 * /network and /actors/{id}/network: who takes part in events with whom,
 * for any /events filters (db/network.h).
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

#include "listing.h"
#include "lookup.h"
#include "network.h"

#define DEFAULT_EDGES 100
#define MAX_EDGES 1000

/* The graph of the events the filters match (scope: an actor's). */
static int answer(struct request *req, const char *scope_value,
		  sqlite3_int64 ego, struct reply *out, struct problem *err)
{
	static const char *const own[] = { "limit", NULL };
	struct query *q = query_new();
	struct buf self = BUF_INIT;
	unsigned limit = DEFAULT_EDGES;
	size_t i;
	int ret = -1;

	if (listing_accepts(req, "application/json", err) != 0 ||
	    listing_filters(req, &events_resource, scope_value ? "actor" :
			    NULL, scope_value, own, q, err) != 0)
		goto out;
	for (i = 0; i < req->nparams; i++) {
		long n;

		if (strcmp(req->params[i].key, "limit") != 0)
			continue;
		n = listing_whole_number(req->params[i].value);
		if (n < 1 || n > MAX_EDGES) {
			problem_param(err, PROB_INVALID_PARAMETER, "limit",
				      "limit='%.20s' is not valid: expected "
				      "a whole number from 1 to 1000",
				      req->params[i].value);
			goto out;
		}
		limit = (unsigned)n;
	}
	buf_putc(&out->body, '{');
	if (network_run(q, limit, ego, &out->body, err) != 0)
		goto out;
	listing_url(&self, req, NULL);
	buf_puts(&out->body, ",\"links\":{\"self\":");
	buf_json_string(&out->body, buf_str(&self), self.len);
	buf_printf(&out->body, "},\"meta\":{\"limit\":%u}}", limit);
	out->status = 200;
	out->content_type = "application/json";
	out->vary_prefix = 1;	/* links.self */
	ret = 0;
out:
	buf_free(&self);
	free(q);
	return ret;
}

int network_get(struct request *req, struct reply *out, struct problem *err)
{
	return answer(req, NULL, 0, out, err);
}

int actors_network(struct request *req, struct reply *out,
		   struct problem *err)
{
	sqlite3_int64 pk;

	if (lookup_path_actor(req->path_arg, &pk, err) != 0)
		return -1;
	return answer(req, req->path_arg, pk, out, err);
}
