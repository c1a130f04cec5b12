/* SPDX-License-Identifier: MIT */
/*
 * The web app: one page (web/index.html) and the files it loads, all
 * compiled into the binary. The page keeps each view's state in its URL's
 * fragment, so it is served from / alone and its links are relative: it
 * works behind a proxy that mounts the API under a path.
 */
#include "handlers.h"

#include "assets.h"

/*
 * The app runs only its own script and styles and talks only to this
 * server: no inline code, nothing from elsewhere. Styles set from script
 * (charts, the network's layout) go through the CSSOM, which style-src
 * allows.
 */
#define APP_CSP "default-src 'none'; script-src 'self'; style-src 'self'; " \
	"img-src 'self' data:; connect-src 'self'; base-uri 'none'; " \
	"form-action 'self'; frame-ancestors 'none'"

/*
 * The page, its script and its styles change together with the binary:
 * browsers revalidate them (a 304 by ETag) rather than keep an old script
 * for the API of a new one.
 */
static int send_app_file(struct request *req, struct reply *out,
			 struct problem *err, struct asset file,
			 const char *type, const char *content_type)
{
	if (meta_send_asset(req, out, err, file.data, file.len, type,
			    content_type) != 0)
		return -1;
	out->cache_control = "no-cache";
	return 0;
}

int app_page(struct request *req, struct reply *out, struct problem *err)
{
	if (send_app_file(req, out, err, ASSET(app_html), "text/html",
			  "text/html; charset=utf-8") != 0)
		return -1;
	reply_header(out, "Content-Security-Policy", APP_CSP);
	return 0;
}

int app_script(struct request *req, struct reply *out, struct problem *err)
{
	return send_app_file(req, out, err, ASSET(app_js),
			     "application/javascript",
			     "application/javascript; charset=utf-8");
}

int app_style(struct request *req, struct reply *out, struct problem *err)
{
	return send_app_file(req, out, err, ASSET(app_css), "text/css",
			     "text/css; charset=utf-8");
}

/* Natural Earth's countries at 1:110m, as TopoJSON (npm world-atlas). */
int app_world(struct request *req, struct reply *out, struct problem *err)
{
	struct asset world = ASSET(world_json);

	return meta_send_asset(req, out, err, world.data, world.len,
			       "application/json", "application/json");
}
