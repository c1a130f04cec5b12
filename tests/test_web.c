/* SPDX-License-Identifier: MIT */
/*
 * The web app: how the server serves it (the page to browsers at /, JSON
 * to everyone else, its files with their types, policy and ETags), then
 * the app itself in a real browser (tests/web/e2e.mjs, playwright-core
 * driving chromium-headless-shell) against a server of its own, since the
 * browser journey edits records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tests.h"

#define BROWSER "Accept: text/html,application/xhtml+xml,application/xml;" \
	"q=0.9,*/*;q=0.8"

static void assert_header(const struct response *r, const char *name,
			  const char *want)
{
	char *v = response_header(r, name);

	assert_non_null(v);
	if (!strstr(v, want))
		fail_msg("%s: '%s' lacks '%s'", name, v, want);
	free(v);
}

static void test_page_negotiated(void **state)
{
	struct server *s = shared_server();
	const char *browser[] = { BROWSER, NULL };
	const char *json[] = { "Accept: application/json", NULL };
	struct response r;
	char *etag, inm[200];
	const char *cond[] = { BROWSER, inm, NULL };

	(void)state;
	assert_int_equal(http(s, "GET", "/", browser, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_header(&r, "Content-Type", "text/html; charset=utf-8");
	assert_header(&r, "Content-Security-Policy", "script-src 'self';");
	assert_header(&r, "Content-Security-Policy", "default-src 'none'");
	assert_header(&r, "Vary", "Accept");
	assert_header(&r, "Cache-Control", "no-cache");
	assert_non_null(strstr(r.body, "<script defer src=\"app/app.js\">"));
	assert_null(strstr(r.body, "<script>"));
	etag = response_header(&r, "ETag");
	assert_non_null(etag);
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	response_free(&r);
	assert_int_equal(http(s, "GET", "/", cond, NULL, &r), 0);
	assert_int_equal(r.status, 304);
	response_free(&r);
	free(etag);

	/* curl (any type), a JSON client and no Accept at all get the index. */
	get(s, "/", &r);
	assert_header(&r, "Content-Type", "application/json");
	assert_header(&r, "Vary", "Accept");
	assert_non_null(json_object_get(r.json, "links"));
	response_free(&r);
	assert_int_equal(http(s, "GET", "/", json, NULL, &r), 0);
	assert_header(&r, "Content-Type", "application/json");
	response_free(&r);
}

static void test_app_files(void **state)
{
	static const struct {
		const char *path, *type, *cache;
	} files[] = {
		{ "/app/app.js", "application/javascript", "no-cache" },
		{ "/app/app.css", "text/css", "no-cache" },
		{ "/app/world.json", "application/json", "max-age=" },
	};
	struct server *s = shared_server();
	struct response r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		get(s, files[i].path, &r);
		assert_int_equal(r.status, 200);
		assert_header(&r, "Content-Type", files[i].type);
		assert_header(&r, "Cache-Control", files[i].cache);
		assert_true(r.body_len > 1000);
		response_free(&r);
	}
	/* The world map is TopoJSON with the countries by ISO numeric id. */
	get(s, "/app/world.json", &r);
	assert_non_null(json_object_get(json_object_get(r.json, "objects"),
					"countries"));
	response_free(&r);
	/* Nothing else lives there; no parameters are taken. */
	get(s, "/app/other.js", &r);
	assert_problem(&r, 404, "not-found");
	response_free(&r);
	get(s, "/app/app.js?v=2", &r);
	assert_problem(&r, 400, "unknown-parameter");
	response_free(&r);
}

static void test_browser(void **state)
{
	const char *shots = getenv("DOSSIER_SCREENSHOTS");
	struct server s;
	char key[128], cmd[1024];
	int status;

	(void)state;
	assert_int_equal(server_start(&s, NULL, NULL), 0);
	assert_int_equal(server_keys(&s, "create", "browser", key, sizeof(key)),
			 0);
	snprintf(cmd, sizeof(cmd), "node tests/web/e2e.mjs "
		 "http://127.0.0.1:%u %s %s", s.port, key,
		 shots ? shots : "build/screenshots");
	fflush(stdout);
	status = system(cmd);
	assert_int_equal(server_stop(&s), 0);
	server_cleanup(&s);
	assert_int_equal(status, 0);
}

int test_web(int *total)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_negotiated),
		cmocka_unit_test(test_app_files),
		cmocka_unit_test(test_browser),
	};

	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("web", tests, NULL, NULL);
}
