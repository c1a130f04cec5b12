/* SPDX-License-Identifier: MIT */
/* The service's own endpoints: spec, liveness, readiness. */
#include "handlers.h"

#include "assets.h"
#include "db.h"
#include "listing.h"
#include "resource.h"

int meta_openapi(struct request *req, struct reply *out, struct problem *err)
{
	struct asset spec = ASSET(openapi_yaml);

	if (listing_no_params(req, err) != 0 ||
	    listing_accepts(req, "application/yaml", err) != 0)
		return -1;
	out->status = 200;
	out->content_type = "application/yaml";
	out->cache_control = CACHE_REFERENCE;
	buf_append(&out->body, spec.data, spec.len);
	return 0;
}

int meta_healthz(struct request *req, struct reply *out, struct problem *err)
{
	if (listing_no_params(req, err) != 0 ||
	    listing_accepts(req, "application/json", err) != 0)
		return -1;
	reply_json_new(out, 200, json_pack("{s:s}", "status", "ok"));
	out->cache_control = "no-store";
	return 0;
}

int meta_readyz(struct request *req, struct reply *out, struct problem *err)
{
	if (listing_no_params(req, err) != 0 ||
	    listing_accepts(req, "application/json", err) != 0)
		return -1;
	if (db_ping() != 0)
		return problem_set(err, PROB_UNAVAILABLE, "the database is "
				   "not answering");
	reply_json_new(out, 200, json_pack("{s:s}", "status", "ready"));
	out->cache_control = "no-store";
	return 0;
}
