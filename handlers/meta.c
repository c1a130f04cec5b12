/* SPDX-License-Identifier: MIT */
/*
 * The service's own endpoints: the spec, the documentation page that
 * renders it, liveness and readiness.
 */
#include "handlers.h"

#include "assets.h"
#include "db.h"
#include "listing.h"
#include "metrics.h"
#include "resource.h"

/*
 * The documentation page may load only what this server serves: Redoc
 * injects its styles inline and runs its search index in a worker it
 * starts from a blob: URL. The logo it links from its vendor's site stays
 * blocked.
 */
#define DOCS_CSP "default-src 'self'; style-src 'self' 'unsafe-inline'; " \
	"worker-src blob:; img-src 'self' data:; object-src 'none'; " \
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/*
 * content_type is type, perhaps with a charset. The file is reference
 * data: it changes only with the binary.
 */
int meta_send_asset(struct request *req, struct reply *out,
		    struct problem *err, const char *data, size_t len,
		    const char *type, const char *content_type)
{
	if (listing_no_params(req, err) != 0 ||
	    listing_accepts(req, type, err) != 0)
		return -1;
	out->status = 200;
	out->content_type = content_type;
	out->cache_control = CACHE_REFERENCE;
	buf_append(&out->body, data, len);
	return 0;
}

int meta_openapi(struct request *req, struct reply *out, struct problem *err)
{
	struct asset spec = ASSET(openapi_yaml);

	return meta_send_asset(req, out, err, spec.data, spec.len,
			       "application/yaml", "application/yaml");
}

int meta_docs(struct request *req, struct reply *out, struct problem *err)
{
	struct asset page = ASSET(docs_html);

	if (meta_send_asset(req, out, err, page.data, page.len, "text/html",
			    "text/html; charset=utf-8") != 0)
		return -1;
	reply_header(out, "Content-Security-Policy", DOCS_CSP);
	return 0;
}

/* /docs/ is where people type it: the page is /docs (relative: proxies). */
int meta_docs_slash(struct request *req, struct reply *out,
		    struct problem *err)
{
	if (listing_no_params(req, err) != 0)
		return -1;
	out->status = 301;
	reply_header(out, "Location", "../docs");
	out->cache_control = CACHE_REFERENCE;
	return 0;
}

/*
 * The root: what this service is and where things are, as links relative
 * to it (so that they hold behind a proxy that mounts it under a path).
 * A client that prefers HTML to JSON (a browser) gets the web app.
 */
int meta_index(struct request *req, struct reply *out, struct problem *err)
{
	static const char *const offers[] = { "application/json",
					      "text/html" };

	out->vary_accept = 1;
	if (req_negotiate(req, offers, 2) == 1)
		return app_page(req, out, err);
	if (listing_no_params(req, err) != 0 ||
	    listing_accepts(req, "application/json", err) != 0)
		return -1;
	reply_json_new(out, 200, json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:s,"
		" s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}}",
		"name", "dossier", "version", DOSSIER_VERSION, "description",
		"Actors, countries and events from news reporting, each fact "
		"citing the sentence it came from.", "links",
		"openapi", "openapi.yaml", "docs", "docs", "countries",
		"countries", "actors", "actors", "events", "events", "sources",
		"sources", "event_types", "event-types", "suggest", "suggest",
		"stats", "stats", "network", "network", "deletions",
		"deletions", "health", "healthz"));
	out->cache_control = CACHE_REFERENCE;
	return 0;
}

int meta_docs_script(struct request *req, struct reply *out,
		     struct problem *err)
{
	struct asset script = ASSET(redoc_js);

	return meta_send_asset(req, out, err, script.data, script.len,
			       "application/javascript",
			       "application/javascript; charset=utf-8");
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

int meta_metrics(struct request *req, struct reply *out, struct problem *err)
{
	if (listing_no_params(req, err) != 0 ||
	    listing_accepts(req, "text/plain", err) != 0)
		return -1;
	if (metrics_render(&out->body) != 0)
		return db_fail("metrics", err);
	out->status = 200;
	out->content_type = "text/plain; version=0.0.4; charset=utf-8";
	out->cache_control = "no-store";
	return 0;
}
