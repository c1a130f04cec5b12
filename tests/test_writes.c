/* SPDX-License-Identifier: MIT */
/*
 * Writes: API keys, validation (every rule, and nothing written when it
 * fails), create/replace/patch/delete, If-Match and the editors' race,
 * mirroring (updated_since, deletions) and durability across kill -9.
 * Runs its own server: these tests change data.
 */
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "tests.h"

#define ITV "itv-2019-04-24-huawei-5g"
#define QUOTE "Several ministers were said to have raised concerns about " \
	"the decision."
#define CITE "\"sources\":[{\"source\":\"" ITV "\",\"quote\":\"" QUOTE "\"}]"

static struct server srv;
static char key[128];
static char auth[160];

static int setup(void **state)
{
	(void)state;
	if (server_start(&srv, NULL, NULL) != 0)
		return -1;
	if (server_keys(&srv, "create", "editor", key, sizeof(key)) != 0)
		return -1;
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
	return 0;
}

static int stopped_dirty;

/* A crash or sanitizer report at exit fails the group. */
static int teardown(void **state)
{
	(void)state;
	stopped_dirty = server_stop(&srv) != 0;
	if (stopped_dirty) {
		char *log = read_file(srv.log, NULL);

		fprintf(stderr, "the server did not exit cleanly:\n%s",
			log ? log : "");
		free(log);
	}
	server_cleanup(&srv);
	return stopped_dirty ? -1 : 0;
}

/* A write with the editor's key; ctype NULL means application/json. */
static void wr(const char *method, const char *path, const char *body,
	       const char *ctype, const char *extra, struct response *r)
{
	char ct[128];
	const char *h[] = { auth, ct, extra, NULL };

	snprintf(ct, sizeof(ct), "Content-Type: %s",
		 ctype ? ctype : "application/json");
	if (http(&srv, method, path, h, body, r) != 0)
		fail_msg("%s %s: no response", method, path);
}

/* The ETags of everything, in one string: equal means nothing changed. */
static char *fingerprint(void)
{
	static const char *const lists[] = {
		"/actors?limit=1000", "/events?limit=1000",
		"/sources?limit=1000", "/deletions?limit=1000",
	};
	char *out = calloc(1, 512);
	size_t i;

	for (i = 0; i < 4; i++) {
		struct response r;
		char *etag;

		get(&srv, lists[i], &r);
		assert_int_equal(r.status, 200);
		etag = response_header(&r, "ETag");
		strcat(out, etag);
		free(etag);
		response_free(&r);
	}
	return out;
}

static int has_error(const struct response *r, const char *field)
{
	json_t *e;
	size_t i;

	json_array_foreach(json_object_get(r->json, "errors"), i, e) {
		if (strcmp(json_string_value(json_object_get(e, "field")),
			   field) == 0)
			return 1;
	}
	return 0;
}

struct invalid_case {
	const char *method;
	const char *path;
	const char *body;
	const char *field;	/* one of the fields the 422 must name */
};

#define ACTOR(extra) "{\"name\":\"Test Person\",\"kind\":\"person\"," \
	extra CITE "}"
#define EVENT(extra) "{\"title\":\"Test event\"," extra CITE "}"

static const struct invalid_case invalid[] = {
	{ "POST", "/actors", "{\"kind\":\"person\"," CITE "}", "name" },
	{ "POST", "/actors", "{\"name\":\"A\"," CITE "}", "kind" },
	{ "POST", "/actors", "{\"name\":5,\"kind\":\"person\"," CITE "}",
	  "name" },
	{ "POST", "/actors", ACTOR("\"bogus\":1,"), "bogus" },
	{ "POST", "/actors", "{\"name\":\"A\",\"kind\":\"alien\"," CITE "}",
	  "kind" },
	{ "POST", "/actors", ACTOR("\"id\":\"Bad Id\","), "id" },
	{ "POST", "/actors", ACTOR("\"country\":\"zz\","), "country" },
	{ "POST", "/actors", ACTOR("\"country\":\"ZZ\","), "country" },
	{ "POST", "/actors", ACTOR("\"title\":\"\","), "title" },
	/* Blank, or with control characters: not text anyone can read. */
	{ "POST", "/actors", ACTOR("\"title\":\"  \\n \","), "title" },
	{ "POST", "/actors", ACTOR("\"aliases\":[\" \"],"), "aliases[0]" },
	{ "POST", "/actors", "{\"name\":\"A\",\"kind\":\"person\","
	  "\"sources\":[{\"source\":\"" ITV "\",\"quote\":\"   \"}]}",
	  "sources[0].quote" },
	{ "POST", "/actors", ACTOR("\"aliases\":\"x\","), "aliases" },
	{ "POST", "/actors", ACTOR("\"aliases\":[\"a\",\"a\"],"),
	  "aliases[1]" },
	{ "POST", "/actors", ACTOR("\"affiliations\":[{\"actor\":\"nobody\"}],"),
	  "affiliations[0].actor" },
	{ "POST", "/actors", ACTOR("\"id\":\"selfish\",\"affiliations\":"
				   "[{\"actor\":\"selfish\"}],"),
	  "affiliations[0].actor" },
	{ "POST", "/actors", ACTOR("\"members\":[\"GB\"],"), "members" },
	{ "POST", "/actors", ACTOR("\"wikidata\":\"145\","), "wikidata" },
	{ "POST", "/actors", "{\"name\":\"A\",\"kind\":\"person\"}",
	  "sources" },
	{ "POST", "/actors", "{\"name\":\"A\",\"kind\":\"person\","
	  "\"sources\":[]}", "sources" },
	{ "POST", "/actors", "{\"name\":\"A\",\"kind\":\"person\","
	  "\"sources\":[{\"source\":\"nope\",\"quote\":\"q\"}]}",
	  "sources[0].source" },
	{ "POST", "/actors", "{\"name\":\"A\",\"kind\":\"person\","
	  "\"sources\":[{\"source\":\"" ITV "\"}]}", "sources[0].quote" },
	{ "POST", "/events", EVENT("\"date\":\"2019-02-30\","), "date" },
	{ "POST", "/events", EVENT("\"date\":\"2019-04\",\"date_precision\":"
				   "\"day\","), "date_precision" },
	{ "POST", "/events", EVENT("\"type\":\"999\","), "type" },
	{ "POST", "/events", EVENT("\"type\":{\"code\":\"173\",\"x\":1},"),
	  "type" },
	{ "POST", "/events", EVENT("\"country\":\"XX\","), "country" },
	{ "POST", "/events", EVENT("\"countries\":[\"GB\",\"GB\"],"),
	  "countries[1]" },
	{ "POST", "/events", EVENT("\"participants\":[{\"actor\":\"huawei\","
				   "\"role\":\"villain\"}],"),
	  "participants[0].role" },
	{ "POST", "/events", EVENT("\"participants\":[{\"actor\":\"nobody\","
				   "\"role\":\"target\"}],"),
	  "participants[0].actor" },
	{ "POST", "/events", EVENT("\"related\":[{\"event\":\"nobody\","
				   "\"relation\":\"caused\"}],"),
	  "related[0].event" },
	{ "POST", "/events", EVENT("\"id\":\"loop\",\"related\":[{\"event\":"
				   "\"loop\",\"relation\":\"caused\"}],"),
	  "related[0].event" },
	{ "POST", "/events", EVENT("\"related\":[{\"event\":"
				   "\"nsc-meeting-2019-04-23\",\"relation\":"
				   "\"loves\"}],"), "related[0].relation" },
	{ "POST", "/events", "{\"title\":\"\"," CITE "}", "title" },
	{ "POST", "/sources", "{\"title\":\"T\",\"kind\":\"article\","
	  "\"url\":\"ftp://x\"}", "url" },
	{ "POST", "/sources", "{\"title\":\"T\"}", "kind" },
	{ "POST", "/sources", "{\"title\":\"T\",\"kind\":\"article\","
	  "\"published\":\"yesterday\"}", "published" },
	{ "PUT", "/actors/sajid-javid", "{\"id\":\"someone-else\","
	  "\"name\":\"S\",\"kind\":\"person\"," CITE "}", "id" },
	{ "PATCH", "/actors/sajid-javid", "{\"kind\":\"robot\"}", "kind" },
	{ "PATCH", "/events/nsc-meeting-2019-04-23", "{\"sources\":null}",
	  "sources" },
	{ "PATCH", "/sources/" ITV, "{\"kind\":\"blog\"}", "kind" },
};

static void test_validation(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		const struct invalid_case *c = &invalid[i];
		const char *ct = strcmp(c->method, "PATCH") == 0 ?
			"application/merge-patch+json" : NULL;
		char *before = fingerprint(), *after;
		struct response r;

		wr(c->method, c->path, c->body, ct, NULL, &r);
		if (r.status != 422 || !has_error(&r, c->field))
			fail_msg("%s %s %s: expected 422 naming %s, got %ld "
				 "%s", c->method, c->path, c->body, c->field,
				 r.status, r.body);
		assert_problem(&r, 422, "validation-failed");
		response_free(&r);
		after = fingerprint();
		if (strcmp(before, after) != 0)
			fail_msg("%s %s changed data though it failed",
				 c->method, c->path);
		free(before);
		free(after);
	}
}

/* One 422 names every bad field at once. */
static void test_all_errors_named(void **state)
{
	struct response r;

	(void)state;
	wr("POST", "/events", "{\"title\":5,\"date\":\"x\",\"type\":\"999\","
	   "\"participants\":[{\"actor\":\"nobody\",\"role\":\"x\"}],"
	   "\"extra\":true}", NULL, NULL, &r);
	assert_problem(&r, 422, "validation-failed");
	assert_true(has_error(&r, "title"));
	assert_true(has_error(&r, "date"));
	assert_true(has_error(&r, "type"));
	assert_true(has_error(&r, "participants[0].actor"));
	assert_true(has_error(&r, "participants[0].role"));
	assert_true(has_error(&r, "extra"));
	assert_true(has_error(&r, "sources"));
	response_free(&r);
}

struct request_case {
	const char *method;
	const char *path;
	const char *body;
	const char *ctype;	/* NULL: application/json */
	int with_key;
	long status;
	const char *slug;
};

static const struct request_case bad_requests[] = {
	{ "POST", "/actors", "{", NULL, 1, 400, "bad-request" },
	{ "POST", "/actors", "[1,2]", NULL, 1, 400, "bad-request" },
	{ "POST", "/actors", "\"x\"", NULL, 1, 400, "bad-request" },
	{ "POST", "/actors", "{\"name\":\"a\",\"name\":\"b\"}", NULL, 1, 400,
	  "bad-request" },
	{ "POST", "/actors", "{}", "text/plain", 1, 415,
	  "unsupported-media-type" },
	{ "POST", "/actors", "{}", "application/merge-patch+json", 1, 415,
	  "unsupported-media-type" },
	{ "PUT", "/actors/huawei", "{}", "application/xml", 1, 415,
	  "unsupported-media-type" },
	{ "POST", "/actors", "{}", NULL, 0, 401, "unauthorized" },
	{ "DELETE", "/actors/huawei", NULL, NULL, 0, 401, "unauthorized" },
	{ "PUT", "/actors/nobody", "{}", NULL, 1, 404, "not-found" },
	{ "PATCH", "/events/nobody", "{}", "application/merge-patch+json", 1,
	  404, "not-found" },
	{ "DELETE", "/sources/nobody", NULL, NULL, 1, 404, "not-found" },
	{ "DELETE", "/actors/huawei", NULL, NULL, 1, 409, "conflict" },
	{ "DELETE", "/sources/" ITV, NULL, NULL, 1, 409, "conflict" },
	{ "POST", "/actors?dry_run=1", "{}", NULL, 1, 400,
	  "unknown-parameter" },
	{ "POST", "/countries", "{}", NULL, 1, 405, "method-not-allowed" },
};

static void test_bad_requests(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_requests) / sizeof(bad_requests[0]); i++) {
		const struct request_case *c = &bad_requests[i];
		char ct[128];
		const char *h[] = { ct, c->with_key ? auth : NULL, NULL };
		char *before = fingerprint(), *after;
		struct response r;

		snprintf(ct, sizeof(ct), "Content-Type: %s",
			 c->ctype ? c->ctype : "application/json");
		assert_int_equal(http(&srv, c->method, c->path, h, c->body,
				      &r), 0);
		if (r.status != c->status)
			fail_msg("%s %s: %ld, expected %ld: %s", c->method,
				 c->path, r.status, c->status, r.body);
		assert_problem(&r, c->status, c->slug);
		response_free(&r);
		after = fingerprint();
		assert_string_equal(before, after);
		free(before);
		free(after);
	}
}

/* Over the body limit: 413 whether or not the length is announced. */
static void test_body_limit(void **state)
{
	const char *chunked[] = { auth, "Content-Type: application/json",
				  "Transfer-Encoding: chunked", NULL };
	size_t n = (1u << 20) + 100;
	char *big = malloc(n + 1), *before = fingerprint(), *after;
	struct response r;

	(void)state;
	memset(big, ' ', n);
	memcpy(big, "{\"name\":\"", 9);
	big[n - 2] = '"';
	big[n - 1] = '}';
	big[n] = '\0';
	wr("POST", "/actors", big, NULL, NULL, &r);
	assert_problem(&r, 413, "payload-too-large");
	response_free(&r);
	assert_int_equal(http(&srv, "POST", "/actors", chunked, big, &r), 0);
	assert_problem(&r, 413, "payload-too-large");
	response_free(&r);
	after = fingerprint();
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(big);
	/* The server is still serving. */
	get(&srv, "/healthz", &r);
	assert_int_equal(r.status, 200);
	response_free(&r);
}

static void test_auth(void **state)
{
	const char *wrong[] = { "Authorization: Bearer dsk_0000000000000000_"
				"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
				"Content-Type: application/json", NULL };
	const char *basic[] = { "Authorization: Basic dXNlcjpwYXNz",
				"Content-Type: application/json", NULL };
	char other[128], hdr[160], *log, *v;
	const char *h[] = { hdr, "Content-Type: application/json", NULL };
	struct response r;

	(void)state;
	assert_int_equal(http(&srv, "POST", "/sources", wrong,
			      "{\"title\":\"t\",\"kind\":\"report\"}", &r), 0);
	assert_problem(&r, 401, "unauthorized");
	v = response_header(&r, "WWW-Authenticate");
	assert_non_null(strstr(v, "invalid_token"));
	free(v);
	response_free(&r);
	assert_int_equal(http(&srv, "POST", "/sources", basic, "{}", &r), 0);
	assert_problem(&r, 401, "unauthorized");
	v = response_header(&r, "WWW-Authenticate");
	assert_non_null(strstr(v, "Bearer"));
	free(v);
	response_free(&r);

	/* A second key works until it is revoked. */
	assert_int_equal(server_keys(&srv, "create", "temp", other,
				     sizeof(other)), 0);
	assert_int_equal(server_keys(&srv, "create", "temp", NULL, 0), 1);
	snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s", other);
	assert_int_equal(http(&srv, "POST", "/sources", h, "{\"id\":\"k1\","
			      "\"title\":\"t\",\"kind\":\"report\"}", &r), 0);
	assert_int_equal(r.status, 201);
	response_free(&r);
	assert_int_equal(server_keys(&srv, "revoke", "temp", NULL, 0), 0);
	assert_int_equal(http(&srv, "POST", "/sources", h, "{\"id\":\"k2\","
			      "\"title\":\"t\",\"kind\":\"report\"}", &r), 0);
	assert_problem(&r, 401, "unauthorized");
	response_free(&r);

	/* Reads stay public; keys never reach the log. */
	get(&srv, "/sources/k1", &r);
	assert_int_equal(r.status, 200);
	response_free(&r);
	log = read_file(srv.log, NULL);
	assert_null(strstr(log, key));
	assert_null(strstr(log, other));
	free(log);
}

static char *etag_of(const char *path)
{
	struct response r;
	char *etag;

	get(&srv, path, &r);
	assert_int_equal(r.status, 200);
	etag = response_header(&r, "ETag");
	response_free(&r);
	return etag;
}

static json_int_t total(const char *path)
{
	struct response r;
	json_int_t n;
	char url[512];

	snprintf(url, sizeof(url), "%s%ccount=exact&limit=1", path,
		 strchr(path, '?') ? '&' : '?');
	get(&srv, url, &r);
	assert_int_equal(r.status, 200);
	n = json_integer_value(json_object_get(json_object_get(r.json, "meta"),
					       "total"));
	response_free(&r);
	return n;
}

/*
 * A browser asks for gzip and sends back the tag of the gzip encoding in
 * If-Match: the same state of the record, so the write goes through; a
 * tag of a changed record (either encoding) is still refused.
 */
static void test_if_match_gzip_tag(void **state)
{
	const char *gz[] = { "Accept-Encoding: gzip", NULL };
	const char *path = "/events/ministers-object-to-huawei-decision";
	struct response r;
	char *etag, hdr[160];

	(void)state;
	assert_int_equal(http(&srv, "GET", path, gz, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	etag = response_header(&r, "ETag");
	response_free(&r);
	assert_non_null(strstr(etag, "-gzip\""));
	snprintf(hdr, sizeof(hdr), "If-Match: %s", etag);
	free(etag);
	wr("PATCH", path, "{\"num_mentions\":7}",
	   "application/merge-patch+json", hdr, &r);
	assert_int_equal(r.status, 200);
	response_free(&r);
	/* The same tag again: the record has changed since. */
	wr("PATCH", path, "{\"num_mentions\":8}",
	   "application/merge-patch+json", hdr, &r);
	assert_problem(&r, 412, "precondition-failed");
	response_free(&r);
}

/*
 * A write that changes nothing changes nothing: PUT of the body GET gave
 * and PATCH {} keep updated_at and the ETag; updated_at is checked, not
 * taken, and garbage there is refused.
 */
static void test_noop_writes(void **state)
{
	const char *path = "/actors/jeremy-hunt";
	struct response r;
	char *etag = etag_of(path), *after, hdr[160], *body;

	(void)state;
	get(&srv, path, &r);
	assert_int_equal(r.status, 200);
	body = strdup(r.body);
	response_free(&r);
	snprintf(hdr, sizeof(hdr), "If-Match: %s", etag);
	wr("PUT", path, body, NULL, hdr, &r);
	assert_int_equal(r.status, 200);
	after = response_header(&r, "ETag");
	assert_string_equal(after, etag);
	assert_string_equal(r.body, body);
	free(after);
	response_free(&r);
	wr("PATCH", path, "{}", "application/merge-patch+json", hdr, &r);
	assert_int_equal(r.status, 200);
	after = response_header(&r, "ETag");
	assert_string_equal(after, etag);
	free(after);
	response_free(&r);
	wr("PATCH", path, "{\"updated_at\":\"garbage\"}",
	   "application/merge-patch+json", hdr, &r);
	assert_problem(&r, 422, "validation-failed");
	assert_true(has_error(&r, "updated_at"));
	response_free(&r);
	after = etag_of(path);
	assert_string_equal(after, etag);
	free(after);
	free(body);
	free(etag);
}

/*
 * Dossier-Read-After: a write's answer carries the token on PostgreSQL
 * (none on SQLite); a read accepts it back, as the header or the cookie,
 * and refuses a malformed one with 400 on either store.
 */
static void test_read_after_token(void **state)
{
	static const char *const bad[] = {
		"Dossier-Read-After: zz", "Dossier-Read-After: 0/",
		"Dossier-Read-After: /1", "Dossier-Read-After: 123456789/1",
		"Dossier-Read-After: 0/1; drop", "Cookie: dossier_read_after=x",
	};
	const char *h[2] = { NULL, NULL };
	char *token, *cookie, hdr[160];
	struct response r;
	size_t i;

	(void)state;
	wr("POST", "/actors", "{\"name\":\"Token Reader\",\"kind\":"
	   "\"person\"," CITE "}", NULL, NULL, &r);
	assert_int_equal(r.status, 201);
	token = response_header(&r, "Dossier-Read-After");
	cookie = response_header(&r, "Set-Cookie");
	response_free(&r);
	if (getenv("DOSSIER_TEST_PG")) {
		assert_non_null(token);
		assert_non_null(strstr(cookie, "dossier_read_after="));
		assert_non_null(strstr(cookie, token));
	} else {
		assert_null(token);
		assert_null(cookie);
		token = strdup("0/1");
	}
	snprintf(hdr, sizeof(hdr), "Dossier-Read-After: %s", token);
	h[0] = hdr;
	assert_int_equal(http(&srv, "GET", "/actors/token-reader", h, NULL,
			      &r), 0);
	assert_int_equal(r.status, 200);
	response_free(&r);
	snprintf(hdr, sizeof(hdr), "Cookie: dossier_read_after=%s", token);
	assert_int_equal(http(&srv, "GET", "/actors/token-reader", h, NULL,
			      &r), 0);
	assert_int_equal(r.status, 200);
	response_free(&r);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		h[0] = bad[i];
		assert_int_equal(http(&srv, "GET", "/actors", h, NULL, &r), 0);
		assert_problem(&r, 400, "bad-request");
		assert_non_null(strstr(json_string_value(json_object_get(
			r.json, "detail")), "Dossier-Read-After"));
		response_free(&r);
	}
	free(token);
	free(cookie);
}

/* An event written through the API involves its participants' countries. */
static void test_event_countries_from_participants(void **state)
{
	json_int_t cn = total("/countries/cn/events");
	struct response r;

	(void)state;
	wr("POST", "/events", "{\"id\":\"liu-test-visit\",\"title\":\"A "
	   "visit\",\"date\":\"2019-05-02\",\"type\":\"042\","
	   "\"participants\":[{\"actor\":\"liu-xiaoming\",\"role\":"
	   "\"initiator\"}]," CITE "}", NULL, NULL, &r);
	assert_int_equal(r.status, 201);
	assert_string_equal(json_string_value(json_array_get(
		json_object_get(r.json, "countries"), 0)), "CN");
	response_free(&r);
	assert_int_equal(total("/countries/cn/events"), cn + 1);
	/* The participant replaced (by a GB one), its country goes, though
	 * the patched body still lists it. */
	{
		char *etag = etag_of("/events/liu-test-visit"), hdr[160];

		snprintf(hdr, sizeof(hdr), "If-Match: %s", etag);
		free(etag);
		wr("PATCH", "/events/liu-test-visit", "{\"participants\":"
		   "[{\"actor\":\"jeremy-hunt\",\"role\":\"initiator\"}]}",
		   "application/merge-patch+json", hdr, &r);
		assert_int_equal(r.status, 200);
		assert_string_equal(json_string_value(json_array_get(
			json_object_get(r.json, "countries"), 0)), "GB");
		assert_int_equal(json_array_size(json_object_get(r.json,
								 "countries")),
				 1);
		response_free(&r);
		assert_int_equal(total("/countries/cn/events"), cn);
	}
	wr("DELETE", "/events/liu-test-visit", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 204);
	response_free(&r);
}

/* CSV never hands a spreadsheet a formula; numbers stay numbers. */
static void test_csv_formulas(void **state)
{
	const char *csv[] = { "Accept: text/csv", NULL };
	struct response r;

	(void)state;
	wr("POST", "/sources", "{\"id\":\"formula-test\",\"title\":"
	   "\"=HYPERLINK(\\\"http://evil\\\")\",\"publisher\":\"@x\","
	   "\"kind\":\"report\"}", NULL, NULL, &r);
	assert_int_equal(r.status, 201);
	response_free(&r);
	assert_int_equal(http(&srv, "GET", "/sources?fields=id,title,publisher"
			      "&q=hyperlink", csv, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "formula-test,\"'=HYPERLINK("
			       "\"\"http://evil\"\")\",'@x\r\n"));
	response_free(&r);
	assert_int_equal(http(&srv, "GET", "/event-types?root=17&limit=1&"
			      "fields=code,goldstein", csv, NULL, &r), 0);
	assert_string_equal(r.body, "code,goldstein\r\n17,-7.0\r\n");
	response_free(&r);
	/* A plain link downloads the same CSV, whatever Accept says. */
	get(&srv, "/event-types?root=17&limit=1&fields=code,goldstein&"
	    "format=csv", &r);
	assert_string_equal(r.body, "code,goldstein\r\n17,-7.0\r\n");
	{
		char *ct = response_header(&r, "Content-Type");
		char *cd = response_header(&r, "Content-Disposition");

		assert_string_equal(ct, "text/csv; charset=utf-8");
		assert_string_equal(cd, "attachment; "
				    "filename=\"event-types.csv\"");
		free(ct);
		free(cd);
	}
	response_free(&r);
}

/* The text of a number in a JSON body (after "name":), into out. */
static void number_text(const char *body, const char *name, char *out,
			size_t sz)
{
	char pat[64];
	const char *p;
	size_t n;

	snprintf(pat, sizeof(pat), "\"%s\":", name);
	p = strstr(body, pat);
	assert_non_null(p);
	p += strlen(pat);
	n = strcspn(p, ",}");
	assert_true(n < sz);
	memcpy(out, p, n);
	out[n] = '\0';
}

/*
 * A number reads in JSON as SQLite writes it (CSV's cells are SQLite's
 * own text): short decimals are written by dossier, the rest by SQLite.
 */
static void test_numbers_as_sqlite_writes_them(void **state)
{
	static const char *const tones[] = {
		"2.38095238095238", "0.1", "-7.25", "3", "0", "0.0001",
		"0.00001", "0.30000000000000004", "99.99999999999999",
		"-0.000123456789012", "42.0000001", "-99.5",
	};
	const char *csv[] = { "Accept: text/csv", NULL };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(tones) / sizeof(tones[0]); i++) {
		char body[512], path[128], json[64], want[64];
		struct response r;
		const char *cell;

		snprintf(body, sizeof(body), "{\"id\":\"tone-text-%zu\","
			 "\"title\":\"Tone %zu\",\"avg_tone\":%s,\"sources\":"
			 "[{\"source\":\"itv-2019-04-24-huawei-5g\","
			 "\"quote\":null}]}", i, i, tones[i]);
		wr("POST", "/events", body, NULL, NULL, &r);
		assert_int_equal(r.status, 201);
		response_free(&r);
		snprintf(path, sizeof(path), "/events/tone-text-%zu", i);
		get(&srv, path, &r);
		number_text(r.body, "avg_tone", json, sizeof(json));
		response_free(&r);
		snprintf(path, sizeof(path), "/events?id=tone-text-%zu"
			 "&fields=id,avg_tone", i);
		assert_int_equal(http(&srv, "GET", path, csv, NULL, &r), 0);
		assert_int_equal(r.status, 200);
		cell = strstr(r.body, "\r\n");
		assert_non_null(cell);
		cell = strchr(cell, ',');
		assert_non_null(cell);
		snprintf(want, sizeof(want), "%.*s",
			 (int)strcspn(cell + 1, "\r"), cell + 1);
		response_free(&r);
		assert_string_equal(json, want);
	}
}

/* A delete that would leave references says which, with how many. */
static void test_delete_conflict_lists(void **state)
{
	struct response r;
	json_t *refs, *ev;

	(void)state;
	wr("DELETE", "/actors/huawei", NULL, NULL, NULL, &r);
	assert_problem(&r, 409, "conflict");
	refs = json_object_get(r.json, "references");
	ev = json_object_get(refs, "events");
	assert_int_equal(json_integer_value(json_object_get(ev, "total")),
			 total("/actors/huawei/events"));
	assert_true(json_integer_value(json_object_get(ev, "total")) > 10);
	assert_int_equal(json_array_size(json_object_get(ev, "first")), 10);
	response_free(&r);
}

/* The id made from a name keeps its letters: Latin ones in ASCII. */
static void derived_id(const char *name, const char *id)
{
	struct response r;
	char body[512], path[160];

	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"kind\":"
		 "\"person\"," CITE "}", name);
	wr("POST", "/actors", body, NULL, NULL, &r);
	assert_int_equal(r.status, 201);
	if (id)
		assert_string_equal(json_string_value(json_object_get(r.json,
				    "id")), id);
	snprintf(path, sizeof(path), "/actors/%s",
		 json_string_value(json_object_get(r.json, "id")));
	response_free(&r);
	wr("DELETE", path, NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 204);
	response_free(&r);
}

/*
 * Text is stored as people read it: spaces collapsed and trimmed; a
 * country code in any case (or alpha-3), as the filters take it.
 */
static void test_text_hygiene(void **state)
{
	struct response r;

	(void)state;
	derived_id("Zo\u00eb \u0141ukasz", "zoe-lukasz");
	derived_id("Fran\u00e7ois M\u00fcller-\u00d8stergaard",
		   "francois-muller-ostergaard");
	/* Another script: a hash of the name, not an empty or shared id. */
	derived_id("\u0412\u043b\u0430\u0434\u0438\u043c\u0438\u0440", NULL);
	derived_id("Liu \u5218\u6653\u660e", NULL);
	/* Accents written apart (NFD), Romanian letters with a comma. */
	derived_id("Jose\u0301 Garci\u0301a", "jose-garcia");
	derived_id("\u0218tefan \u021aurcanu", "stefan-turcanu");
	wr("POST", "/actors", "{\"id\":\"hygiene-test\",\"name\":\"  Ana "
	   "\\t\\u0007 Lopez \\n\",\"kind\":\"person\",\"country\":\"esp\","
	   "\"aliases\":[\" A.  L. \"]," CITE "}", NULL, NULL, &r);
	assert_int_equal(r.status, 201);
	assert_string_equal(json_string_value(json_object_get(r.json,
							      "name")),
			    "Ana Lopez");
	assert_string_equal(json_string_value(json_object_get(r.json,
							      "country")),
			    "ES");
	assert_string_equal(json_string_value(json_array_get(
		json_object_get(r.json, "aliases"), 0)), "A. L.");
	response_free(&r);
	/* A lone tab, line break or control character is a space too. */
	wr("PATCH", "/actors/hygiene-test", "{\"name\":\"Ana\\tMaria\","
	   "\"title\":\"a\\u0001b\\nc\"}", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json,
							      "name")),
			    "Ana Maria");
	assert_string_equal(json_string_value(json_object_get(r.json,
							      "title")),
			    "a b c");
	response_free(&r);
	wr("DELETE", "/actors/hygiene-test", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 204);
	response_free(&r);
}

/* The "events" count /suggest gives for a record, or -1 when not found. */
static json_int_t suggested_events(const char *typed, const char *in,
				   const char *id)
{
	struct response r;
	json_int_t n = -1;
	json_t *row;
	char url[256];
	size_t i;

	snprintf(url, sizeof(url), "/suggest?q=%s&in=%s&limit=50", typed, in);
	get(&srv, url, &r);
	assert_int_equal(r.status, 200);
	json_array_foreach(json_object_get(r.json, "data"), i, row) {
		if (strcmp(json_string_value(json_object_get(row, "id")),
			   id) == 0)
			n = json_integer_value(json_object_get(row, "events"));
	}
	response_free(&r);
	return n;
}

/*
 * Search and type-ahead follow writes: an event is found by its
 * participant's name, under the actor's new name after a rename; the
 * counts /suggest ranks by equal a brute-force count after creating and
 * deleting events; snippets are escaped HTML.
 */
static void test_search_follows_writes(void **state)
{
	struct response r;
	char *etag, hdr[128];
	json_int_t gb = total("/events?country=GB");

	(void)state;
	assert_int_equal(suggested_events("gb", "countries", "GB"), gb);
	wr("POST", "/actors", "{\"id\":\"zebedee-quux\",\"name\":"
	   "\"Zebedee Quux\",\"kind\":\"person\",\"description\":"
	   "\"Said <b>&amp;</b> zebedee\"," CITE "}", NULL, NULL, &r);
	assert_int_equal(r.status, 201);
	response_free(&r);
	assert_int_equal(suggested_events("zebed", "actors", "zebedee-quux"),
			 0);
	get(&srv, "/actors?q=zebedee&fields=id", &r);
	assert_non_null(strstr(r.body, "&lt;b&gt;&amp;amp;&lt;/b&gt;"));
	assert_null(strstr(r.body, "<b>"));
	response_free(&r);
	wr("POST", "/events", "{\"id\":\"quux-visit\",\"title\":\"A "
	   "visit\",\"date\":\"2019-05\",\"type\":{\"code\":\"042\"},"
	   "\"country\":\"GB\",\"countries\":[\"GB\"],\"participants\":"
	   "[{\"actor\":\"zebedee-quux\",\"role\":\"initiator\"},"
	   "{\"actor\":\"zebedee-quux\",\"role\":\"target\"}]," CITE "}",
	   NULL, NULL, &r);
	assert_int_equal(r.status, 201);
	response_free(&r);
	assert_int_equal(total("/events?q=zebedee"), 1);
	assert_int_equal(suggested_events("zebed", "actors", "zebedee-quux"),
			 1);
	/* Its title is suggested; a new title replaces it. */
	assert_int_equal(suggested_events("a+vis", "events", "quux-visit"), 0);
	wr("PATCH", "/events/quux-visit", "{\"title\":\"A quiet stay\"}",
	   "application/merge-patch+json", NULL, &r);
	assert_int_equal(r.status, 200);
	response_free(&r);
	assert_int_equal(suggested_events("a+vis", "events", "quux-visit"),
			 -1);
	assert_int_equal(suggested_events("quiet+st", "events", "quux-visit"),
			 0);
	assert_int_equal(total("/events?country=GB"), gb + 1);
	assert_int_equal(suggested_events("gb", "countries", "GB"), gb + 1);

	/* Renamed: its events are found by the new name, not the old. */
	etag = etag_of("/actors/zebedee-quux");
	snprintf(hdr, sizeof(hdr), "If-Match: %s", etag);
	free(etag);
	wr("PATCH", "/actors/zebedee-quux", "{\"name\":\"Xanthippe Quux\","
	   "\"description\":null}", "application/merge-patch+json", hdr, &r);
	assert_int_equal(r.status, 200);
	response_free(&r);
	assert_int_equal(total("/events?q=xanthippe"), 1);
	assert_int_equal(total("/events?q=zebedee"), 0);
	assert_int_equal(suggested_events("xanth", "actors", "zebedee-quux"),
			 1);
	assert_int_equal(suggested_events("zebed", "actors", "zebedee-quux"),
			 -1);

	/* Deleted: the counts go back. */
	wr("DELETE", "/events/quux-visit", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 204);
	response_free(&r);
	assert_int_equal(suggested_events("quiet+st", "events", "quux-visit"),
			 -1);
	assert_int_equal(suggested_events("xanth", "actors", "zebedee-quux"),
			 0);
	assert_int_equal(suggested_events("gb", "countries", "GB"), gb);
	wr("DELETE", "/actors/zebedee-quux", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 204);
	response_free(&r);
	assert_int_equal(suggested_events("xanth", "actors", "zebedee-quux"),
			 -1);
}

static void test_create_read_update_delete(void **state)
{
	struct response r;
	char *etag, hdr[128];
	json_int_t people = total("/actors?kind=person&country=FR");
	json_int_t french = total("/countries/fra/actors");

	(void)state;
	/* Create with a derived id; visible to every read at once. */
	wr("POST", "/actors", "{\"name\":\"Émile Zola-Test\",\"kind\":"
	   "\"person\",\"country\":\"FR\",\"aliases\":[\"Zolatest\"],"
	   "\"affiliations\":[{\"actor\":\"uk-cabinet\",\"role\":\"guest\"}],"
	   CITE "}", NULL, NULL, &r);
	assert_int_equal(r.status, 201);
	{
		char *loc = response_header(&r, "Location");
		char *et = response_header(&r, "ETag");

		assert_string_equal(loc, "/actors/emile-zola-test");
		assert_non_null(et);
		free(loc);
		free(et);
	}
	assert_string_equal(json_string_value(json_object_get(r.json, "id")),
			    "emile-zola-test");
	response_free(&r);
	assert_int_equal(total("/actors?kind=person&country=FR"), people + 1);
	assert_int_equal(total("/actors?q=zolatest"), 1);
	assert_int_equal(total("/countries/fra/actors"), french + 1);

	/* Same id again: 409. */
	wr("POST", "/actors", "{\"id\":\"emile-zola-test\",\"name\":\"Z\","
	   "\"kind\":\"person\"," CITE "}", NULL, NULL, &r);
	assert_problem(&r, 409, "conflict");
	response_free(&r);

	/* PATCH: merge; null clears; search follows the new text. */
	etag = etag_of("/actors/emile-zola-test");
	snprintf(hdr, sizeof(hdr), "If-Match: %s", etag);
	wr("PATCH", "/actors/emile-zola-test", "{\"title\":\"Novelist\","
	   "\"aliases\":null}", "application/merge-patch+json", hdr, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json,
							      "title")),
			    "Novelist");
	assert_int_equal(json_array_size(json_object_get(r.json, "aliases")),
			 0);
	response_free(&r);
	assert_int_equal(total("/actors?q=zolatest"), 0);
	assert_int_equal(total("/actors?q=novelist"), 1);

	/* The old ETag is now stale: 412, nothing written. */
	wr("PATCH", "/actors/emile-zola-test", "{\"title\":\"Other\"}",
	   "application/merge-patch+json", hdr, &r);
	assert_problem(&r, 412, "precondition-failed");
	response_free(&r);
	free(etag);
	/* If-Match compares strongly: a weak tag never matches. */
	etag = etag_of("/actors/emile-zola-test");
	snprintf(hdr, sizeof(hdr), "If-Match: W/%s", etag);
	wr("PATCH", "/actors/emile-zola-test", "{\"title\":\"Other\"}",
	   "application/merge-patch+json", hdr, &r);
	assert_problem(&r, 412, "precondition-failed");
	response_free(&r);
	/* If-None-Match compares weakly. */
	{
		const char *h[] = { hdr, NULL };

		snprintf(hdr, sizeof(hdr), "If-None-Match: W/%s", etag);
		assert_int_equal(http(&srv, "GET", "/actors/emile-zola-test",
				      h, NULL, &r), 0);
		assert_int_equal(r.status, 304);
		response_free(&r);
	}
	free(etag);
	/* If-Match: * matches any existing version. */
	wr("PATCH", "/actors/emile-zola-test", "{\"description\":\"d\"}",
	   "application/json", "If-Match: *", &r);
	assert_int_equal(r.status, 200);
	response_free(&r);

	/* PUT replaces the whole record. */
	wr("PUT", "/actors/emile-zola-test", "{\"name\":\"Zola\",\"kind\":"
	   "\"person\"," CITE "}", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(json_is_null(json_object_get(r.json, "country")));
	assert_int_equal(json_array_size(json_object_get(r.json,
							 "affiliations")), 0);
	response_free(&r);

	/* DELETE: gone, with a tombstone; creating it again clears that. */
	wr("DELETE", "/actors/emile-zola-test", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 204);
	response_free(&r);
	get(&srv, "/actors/emile-zola-test", &r);
	assert_problem(&r, 404, "not-found");
	response_free(&r);
	assert_int_equal(total("/deletions?kind=actor"), 1);
	wr("POST", "/actors", "{\"id\":\"emile-zola-test\",\"name\":\"Zola\","
	   "\"kind\":\"person\"," CITE "}", NULL, NULL, &r);
	assert_int_equal(r.status, 201);
	response_free(&r);
	assert_int_equal(total("/deletions?kind=actor"), 0);
	wr("DELETE", "/actors/emile-zola-test", NULL, NULL, NULL, &r);
	response_free(&r);
}

/* GET, then PUT the same body back: the representation round-trips. */
static void test_round_trip(void **state)
{
	static const char *const paths[] = {
		"/events/nsc-approves-huawei-non-core-5g",
		"/events/telegraph-reports-nsc-huawei-decision",
		"/actors/five-eyes", "/actors/sajid-javid",
		"/sources/" ITV,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct response before, after;
		char *body;

		get(&srv, paths[i], &before);
		body = json_dumps(before.json, 0);
		wr("PUT", paths[i], body, NULL, NULL, &after);
		if (after.status != 200)
			fail_msg("PUT %s: %ld %s", paths[i], after.status,
				 after.body);
		json_object_del(before.json, "updated_at");
		json_object_del(after.json, "updated_at");
		assert_true(json_equal(before.json, after.json));
		free(body);
		response_free(&before);
		response_free(&after);
	}
}

/* Events: links show from both sides; deleting updates the neighbours. */
static void test_event_links(void **state)
{
	struct response r;
	json_t *rel;
	size_t i;
	int seen = 0;
	char *before;

	(void)state;
	wr("POST", "/events", "{\"id\":\"test-follow-up\",\"title\":\"A "
	   "follow-up\",\"date\":\"2019-05\",\"type\":{\"code\":\"173\"},"
	   "\"country\":\"GB\",\"participants\":[{\"actor\":\"huawei\","
	   "\"role\":\"target\",\"note\":null}],\"related\":[{\"event\":"
	   "\"nsc-meeting-2019-04-23\",\"relation\":\"caused_by\"}]," CITE "}",
	   NULL, NULL, &r);
	assert_int_equal(r.status, 201);
	assert_string_equal(json_string_value(json_object_get(r.json,
							      "date_precision")),
			    "month");
	response_free(&r);
	/* A patch of the date alone takes the new date's precision; one
	 * that gives both must agree. */
	{
		static const char *const patches[][2] = {
			{ "{\"date\":\"2019-05-02\"}", "day" },
			{ "{\"date\":\"2019-05\",\"date_precision\":\"day\"}",
			  NULL },
			{ "{\"date\":\"2019-05\"}", "month" },
		};

		for (i = 0; i < sizeof(patches) / sizeof(patches[0]); i++) {
			wr("PATCH", "/events/test-follow-up", patches[i][0],
			   NULL, NULL, &r);
			assert_int_equal(r.status, patches[i][1] ? 200 : 422);
			if (patches[i][1])
				assert_string_equal(json_string_value(
					json_object_get(r.json,
							"date_precision")),
					patches[i][1]);
			response_free(&r);
		}
	}
	get(&srv, "/events/nsc-meeting-2019-04-23", &r);
	json_array_foreach(json_object_get(r.json, "related"), i, rel) {
		if (strcmp(json_string_value(json_object_get(rel, "event")),
			   "test-follow-up") == 0) {
			assert_string_equal(json_string_value(
				json_object_get(rel, "relation")), "caused");
			seen = 1;
		}
	}
	assert_true(seen);
	before = strdup(json_string_value(json_object_get(r.json,
							  "updated_at")));
	response_free(&r);
	assert_int_equal(total("/events?actor=huawei&role=target&type=17&"
			       "from=2019-05&to=2019-05"), 1);

	/* Deleting it removes the link from the other side, and says so. */
	usleep(5000);
	wr("DELETE", "/events/test-follow-up", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 204);
	response_free(&r);
	get(&srv, "/events/nsc-meeting-2019-04-23", &r);
	assert_null(strstr(r.body, "test-follow-up"));
	assert_true(strcmp(json_string_value(json_object_get(r.json,
							     "updated_at")),
			   before) > 0);
	response_free(&r);
	free(before);

	/* A denial contradicting a report, seen from both ends; how sure
	 * the reporting is, kept and changed. */
	wr("POST", "/events", "{\"id\":\"test-denial\",\"title\":\"Huawei "
	   "denies it\",\"certainty\":\"confirmed\",\"related\":[{\"event\":"
	   "\"nsc-approves-huawei-non-core-5g\",\"relation\":\"contradicts\"}],"
	   CITE "}", NULL, NULL, &r);
	assert_int_equal(r.status, 201);
	assert_string_equal(json_string_value(json_object_get(r.json,
							      "certainty")),
			    "confirmed");
	response_free(&r);
	get(&srv, "/events/nsc-approves-huawei-non-core-5g", &r);
	assert_non_null(strstr(r.body, "{\"event\":\"test-denial\","
			       "\"relation\":\"contradicted_by\"}"));
	response_free(&r);
	assert_int_equal(total("/events?certainty=confirmed&id=test-denial"),
			 1);
	wr("PATCH", "/events/test-denial", "{\"certainty\":\"denied\"}", NULL,
	   NULL, &r);
	assert_int_equal(r.status, 200);
	response_free(&r);
	assert_int_equal(total("/events?certainty=denied&id=test-denial"), 1);
	assert_int_equal(total("/events?not_certainty=denied&id=test-denial"),
			 0);
	wr("PATCH", "/events/test-denial", "{\"certainty\":\"likely\"}", NULL,
	   NULL, &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "\"field\":\"certainty\""));
	response_free(&r);
	wr("DELETE", "/events/test-denial", NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 204);
	response_free(&r);
}

static void test_mirroring(void **state)
{
	struct response r;
	char since[64], url[256];
	const char *at;

	(void)state;
	wr("POST", "/sources", "{\"id\":\"mirror-test\",\"title\":\"Mirror\","
	   "\"kind\":\"dataset\",\"url\":\"https://example.org/x\"}", NULL,
	   NULL, &r);
	assert_int_equal(r.status, 201);
	at = json_string_value(json_object_get(r.json, "updated_at"));
	snprintf(since, sizeof(since), "%s", at);
	response_free(&r);
	snprintf(url, sizeof(url), "/sources?updated_since=%s&sort=updated_at",
		 since);
	get(&srv, url, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "data")), 1);
	response_free(&r);
	assert_true(total("/sources?updated_since=2000-01-01") >= 2);
	get(&srv, "/sources?updated_since=2019-13-01", &r);
	assert_problem(&r, 400, "invalid-parameter");
	response_free(&r);
	wr("DELETE", "/sources/mirror-test", NULL, NULL, NULL, &r);
	response_free(&r);
	snprintf(url, sizeof(url), "/deletions?since=%s&kind=source", since);
	get(&srv, url, &r);
	assert_non_null(strstr(r.body, "\"id\":\"mirror-test\""));
	response_free(&r);
}

/* Member `name` of the answer at path, as compact JSON (a new string). */
static char *member_of(const char *path, const char *name)
{
	struct response r;
	char *s;

	get(&srv, path, &r);
	assert_int_equal(r.status, 200);
	s = json_dumps(json_object_get(r.json, name), JSON_COMPACT);
	response_free(&r);
	assert_non_null(s);
	return s;
}

/*
 * An updated_since at or before every row's time of change goes from
 * the query (query_drop_passed()): lists, counts, facets, aggregations
 * and networks answer as without it. One after every row's matches
 * none (one between, test_mirroring()'s, some).
 */
static void test_updated_since_of_every_row(void **state)
{
	static const char *const lists[] = { "/events", "/actors",
					     "/sources" };
	static const char *const same[][2] = {
		{ "/stats?by=actor&limit=5", "data" },
		{ "/stats?by=month,country&country=GB", "data" },
		{ "/events?facet=country,actor&limit=1", "facets" },
		{ "/network?limit=5", "edges" },
	};
	struct response r;
	char url[512], oldest[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		json_int_t all = total(lists[i]);

		snprintf(url, sizeof(url), "%s?sort=updated_at&limit=1",
			 lists[i]);
		get(&srv, url, &r);
		snprintf(oldest, sizeof(oldest), "%s", json_string_value(
			 json_object_get(json_array_get(json_object_get(
			 r.json, "data"), 0), "updated_at")) ?: "");
		response_free(&r);
		assert_true(all > 0 && *oldest);
		snprintf(url, sizeof(url), "%s?updated_since=%s", lists[i],
			 oldest);
		assert_int_equal(total(url), all);
		snprintf(url, sizeof(url), "%s?updated_since=2000-01-01",
			 lists[i]);
		assert_int_equal(total(url), all);
		snprintf(url, sizeof(url), "%s?updated_since=2100-01-01",
			 lists[i]);
		assert_int_equal(total(url), 0);
		/* Beside a search and another filter, weighed with them:
		 * its page is empty whichever drives. */
		snprintf(url, sizeof(url), "%s?updated_since=2100-01-01"
			 "&q=huawei&%s", lists[i], i == 0 ? "country=GB" :
			 i == 1 ? "kind=company,person" : "kind=article");
		get(&srv, url, &r);
		assert_int_equal(r.status, 200);
		assert_int_equal(json_array_size(json_object_get(r.json,
								 "data")), 0);
		response_free(&r);
	}
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		char *want = member_of(same[i][0], same[i][1]), *got;

		snprintf(url, sizeof(url), "%s&updated_since=2000-01-01",
			 same[i][0]);
		got = member_of(url, same[i][1]);
		assert_string_equal(got, want);
		free(got);
		snprintf(url, sizeof(url), "%s&updated_since=2100-01-01",
			 same[i][0]);
		got = member_of(url, same[i][1]);
		if (strcmp(got, want) == 0)
			fail_msg("%s: as without updated_since", url);
		free(got);
		free(want);
	}
}

struct racer {
	const char *etag;
	const char *title;
	long status;
};

static void *race(void *arg)
{
	struct racer *rc = arg;
	char im[128], body[256];
	const char *h[] = { auth, "Content-Type: application/merge-patch+json",
			    im, NULL };
	struct response r;

	snprintf(im, sizeof(im), "If-Match: %s", rc->etag);
	snprintf(body, sizeof(body), "{\"title\":\"%s\"}", rc->title);
	if (http(&srv, "PATCH", "/actors/sajid-javid", h, body, &r) == 0)
		rc->status = r.status;
	response_free(&r);
	return NULL;
}

/* Two editors holding the same ETag: exactly one wins, every time. */
static void test_editors_race(void **state)
{
	int round;

	(void)state;
	for (round = 0; round < 20; round++) {
		char *etag = etag_of("/actors/sajid-javid"), title_a[40], title_b[40];
		struct racer a = { etag, title_a, 0 };
		struct racer b = { etag, title_b, 0 };
		pthread_t ta, tb;

		/* Titles new each round: a write of the title the record
		 * already has changes nothing, and would not conflict. */
		snprintf(title_a, sizeof(title_a), "Home Secretary A%d", round);
		snprintf(title_b, sizeof(title_b), "Home Secretary B%d", round);
		pthread_create(&ta, NULL, race, &a);
		pthread_create(&tb, NULL, race, &b);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		if (!((a.status == 200 && b.status == 412) ||
		      (a.status == 412 && b.status == 200)))
			fail_msg("round %d: %ld and %ld", round, a.status,
				 b.status);
		free(etag);
	}
}

/* An acknowledged write survives kill -9; the file stays sound. */
static void test_crash_durability(void **state)
{
	struct server s;
	const char *args[2] = { NULL, NULL };
	char db[400], k[128], hdr[160], body[256];
	const char *h[] = { hdr, "Content-Type: application/json", NULL };
	struct response r;
	sqlite3 *conn;
	sqlite3_stmt *st;
	int i, status;

	/* SQLite's own file, read here directly: the PostgreSQL store's
	 * durability is its own (its cluster test). */
	if (getenv("DOSSIER_TEST_PG"))
		skip();

	(void)state;
	assert_int_equal(server_start(&s, NULL, NULL), 0);
	assert_int_equal(server_keys(&s, "create", "crash", k, sizeof(k)), 0);
	snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s", k);
	for (i = 0; i < 20; i++) {
		snprintf(body, sizeof(body), "{\"id\":\"durable-%d\",\"title\":"
			 "\"Durable %d\",\"kind\":\"report\"}", i, i);
		assert_int_equal(http(&s, "POST", "/sources", h, body, &r), 0);
		assert_int_equal(r.status, 201);
		response_free(&r);
	}
	kill(s.pid, SIGKILL);
	waitpid(s.pid, &status, 0);
	s.pid = 0;

	snprintf(db, sizeof(db), "%s/test.db", s.dir);
	assert_int_equal(sqlite3_open(db, &conn), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(conn, "PRAGMA integrity_check",
					    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	sqlite3_close(conn);

	{
		struct server s2;
		const char *a2[] = { "--db", db, NULL };

		(void)args;
		assert_int_equal(server_start(&s2, a2, NULL), 0);
		for (i = 0; i < 20; i++) {
			char path[64];

			snprintf(path, sizeof(path), "/sources/durable-%d", i);
			get(&s2, path, &r);
			assert_int_equal(r.status, 200);
			response_free(&r);
		}
		assert_int_equal(server_stop(&s2), 0);
		server_cleanup(&s2);
	}
	server_cleanup(&s);
}

struct writer {
	volatile int stop;
	int written;
};

static void *keep_writing(void *arg)
{
	struct writer *w = arg;
	const char *h[] = { auth, "Content-Type: application/json", NULL };
	char body[160];
	struct response r;

	while (!w->stop && w->written < 2000) {
		snprintf(body, sizeof(body), "{\"id\":\"live-%d\",\"title\":"
			 "\"Live %d\",\"kind\":\"report\"}", w->written,
			 w->written);
		if (http(&srv, "POST", "/sources", h, body, &r) == 0 &&
		    r.status == 201)
			w->written++;
		response_free(&r);
	}
	return NULL;
}

/* `dossier backup` copies a consistent snapshot while writes go on. */
static void test_online_backup(void **state)
{
	struct writer w = { 0, 0 };
	pthread_t t;
	char cmd[1024], out[512], path[400];
	int before, status, in_copy = 0;
	sqlite3 *conn;
	sqlite3_stmt *st;
	FILE *p;

	/* SQLite's own file, read here directly: the PostgreSQL store's
	 * durability is its own (its cluster test). */
	if (getenv("DOSSIER_TEST_PG"))
		skip();

	(void)state;
	pthread_create(&t, NULL, keep_writing, &w);
	while (w.written < 20)
		usleep(1000);
	before = w.written;
	snprintf(path, sizeof(path), "%s/backup.db", srv.dir);
	snprintf(cmd, sizeof(cmd), "%s backup %s --db %s/test.db 2>&1",
		 getenv("DOSSIER_BIN") ? getenv("DOSSIER_BIN") :
		 "build/release/dossier", path, srv.dir);
	p = popen(cmd, "r");
	out[fread(out, 1, sizeof(out) - 1, p)] = '\0';
	status = pclose(p);
	w.stop = 1;
	pthread_join(t, NULL);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("backup failed: %s", out);

	assert_int_equal(sqlite3_open(path, &conn), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(conn, "PRAGMA integrity_check",
					    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(conn, "SELECT count(*) FROM sources"
					    " WHERE id LIKE 'live-%'", -1, &st,
					    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	in_copy = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(conn);
	/* Everything acknowledged before the backup began is in it. */
	assert_true(in_copy >= before);
	assert_true(in_copy <= w.written);
}

/* Milliseconds on a monotonic clock. */
static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void send_get(int fd, const char *path)
{
	char req[300];

	snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: t\r\n\r\n",
		 path);
	assert_true(write(fd, req, strlen(req)) == (ssize_t)strlen(req));
}

/* Reads one answer (a body of Content-Length bytes) from fd into out. */
static void read_answer(int fd, char *out, size_t sz)
{
	size_t n = 0, want = 0;
	char *end = NULL;

	while (n < sz - 1) {
		ssize_t got = read(fd, out + n, sz - 1 - n);

		assert_true(got > 0);
		n += (size_t)got;
		out[n] = '\0';
		if (!end && (end = strstr(out, "\r\n\r\n")) != NULL) {
			const char *cl = strcasestr(out, "Content-Length:");

			assert_non_null(cl);
			want = (size_t)(end + 4 - out) + strtoul(cl + 15, NULL,
								  10);
		}
		if (end && n >= want)
			break;
	}
}

/* A GET of path on the open connection fd; returns the milliseconds. */
static long get_on(int fd, const char *path, char *out, size_t sz)
{
	long start = now_ms();

	send_get(fd, path);
	read_answer(fd, out, sz);
	return now_ms() - start;
}

/*
 * A read computed while a write commits is never served after it from
 * the cache. The server pauses between computing a cacheable answer and
 * caching it (DOSSIER_TEST_CACHED_READ_DELAY_MS); a PATCH commits in that
 * pause (on a connection thread: writes are not the readers'); the same
 * reader, the only one (--threads 1), so the same cache, is asked again
 * and must give the new record. A third ask comes back at once, a cache
 * hit: the cache is in play.
 */
static void test_no_stale_cache(void **state)
{
	const char *env[] = { "DOSSIER_TEST_CACHED_READ_DELAY_MS=600", NULL };
	const char *args[] = { "--threads", "1", NULL };
	const char *path = "/sources/itv-2019-04-24-huawei-5g";
	char k[128], hdr[200], first[8192], second[8192], third[8192];
	const char *headers[] = { hdr, "Content-Type: application/json",
				  NULL };
	struct response r;
	struct server s;
	int fd;
	long ms;

	(void)state;
	assert_int_equal(server_start(&s, args, env), 0);
	assert_int_equal(server_keys(&s, "create", "race", k, sizeof(k)), 0);
	snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s", k);
	fd = raw_connect(&s, NULL);
	assert_true(fd >= 0);
	send_get(fd, path);
	usleep(150000);	/* the read is computed and pausing now */
	assert_int_equal(http(&s, "PATCH", path, headers,
			      "{\"title\":\"Changed while it was read\"}",
			      &r), 0);
	assert_int_equal(r.status, 200);
	response_free(&r);
	/* The first answer is the one computed before the write. */
	read_answer(fd, first, sizeof(first));
	assert_null(strstr(first, "Changed while it was read"));
	get_on(fd, path, second, sizeof(second));
	if (!strstr(second, "Changed while it was read"))
		fail_msg("a stale answer was cached: %s", second);
	ms = get_on(fd, path, third, sizeof(third));
	assert_non_null(strstr(third, "Changed while it was read"));
	if (ms >= 300)
		fail_msg("the third read took %ld ms: not from the cache", ms);
	close(fd);
	assert_int_equal(server_stop(&s), 0);
	server_cleanup(&s);
}

int test_writes(int *total_out)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_read_after_token),
		cmocka_unit_test(test_all_errors_named),
		cmocka_unit_test(test_bad_requests),
		cmocka_unit_test(test_body_limit),
		cmocka_unit_test(test_auth),
		cmocka_unit_test(test_create_read_update_delete),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_event_links),
		cmocka_unit_test(test_search_follows_writes),
		cmocka_unit_test(test_if_match_gzip_tag),
		cmocka_unit_test(test_noop_writes),
		cmocka_unit_test(test_event_countries_from_participants),
		cmocka_unit_test(test_csv_formulas),
		cmocka_unit_test(test_numbers_as_sqlite_writes_them),
		cmocka_unit_test(test_delete_conflict_lists),
		cmocka_unit_test(test_text_hygiene),
		cmocka_unit_test(test_mirroring),
		cmocka_unit_test(test_updated_since_of_every_row),
		cmocka_unit_test(test_editors_race),
		cmocka_unit_test(test_crash_durability),
		cmocka_unit_test(test_online_backup),
		cmocka_unit_test(test_no_stale_cache),
	};

	int failed;

	*total_out += (int)(sizeof(tests) / sizeof(tests[0])) + 1;
	failed = cmocka_run_group_tests_name("writes", tests, setup, teardown);
	return failed + stopped_dirty;
}
