/* SPDX-License-Identifier: MIT */
/*
 * Table-driven request cases: one row per endpoint, filter and error,
 * each checked for status, content type, problem type and a body fragment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tests.h"

struct http_case {
	const char *method;
	const char *path;
	const char *header;	/* one extra request header, or NULL */
	long status;
	const char *ctype;	/* expected Content-Type (prefix) */
	const char *slug;	/* problem type slug for errors */
	const char *contains;	/* body fragment, or NULL */
};

#define JSON "application/json"
#define PROBLEM "application/problem+json"
#define OK(path, frag) { "GET", path, NULL, 200, JSON, NULL, frag }
#define BAD(path, slug) { "GET", path, NULL, 400, PROBLEM, slug, NULL }
#define MISSING(path) { "GET", path, NULL, 404, PROBLEM, "not-found", NULL }

static const struct http_case cases[] = {
	/* Every read endpoint. */
	OK("/countries", "\"code\":\"AD\""),
	OK("/countries/gb", "\"iso3\":\"GBR\""),
	OK("/countries/GBR", "\"code\":\"GB\""),
	OK("/countries/gbr", "\"memberships\":[\"five-eyes\"]"),
	OK("/countries/NA", "\"name\":\"Namibia\""),
	OK("/countries/gb/actors", "\"id\":\"sajid-javid\""),
	OK("/countries/pol/events",
	   "\"id\":\"huawei-employee-arrested-in-poland\""),
	OK("/actors", "\"id\":\"huawei\""),
	OK("/actors/huawei", "\"kind\":\"company\""),
	OK("/actors/five-eyes", "\"members\":[\"AU\",\"CA\",\"GB\",\"NZ\","
	   "\"US\"]"),
	OK("/actors/theresa-may/events", "nsc-approves-huawei-non-core-5g"),
	OK("/events", "\"data\":["),
	OK("/events/nsc-approves-huawei-non-core-5g", "\"date\":\"2019-04-23\""),
	OK("/sources", "\"kind\":\"article\""),
	OK("/sources/itv-2019-04-24-huawei-5g", "\"published\":\"2019-04-24\""),
	OK("/event-types", "\"code\":\"01\""),
	OK("/event-types/173", "\"quad_class\":4"),
	{ "GET", "/openapi.yaml", NULL, 200, "application/yaml", NULL,
	  "openapi: 3.1" },
	{ "GET", "/docs", NULL, 200, "text/html", NULL, "<redoc " },
	{ "GET", "/docs", "Accept: text/html,application/xhtml+xml,"
	  "application/xml;q=0.9,*/*;q=0.8", 200, "text/html", NULL,
	  "\"docs/redoc.standalone.js" },
	{ "GET", "/docs/redoc.standalone.js", NULL, 200,
	  "application/javascript", NULL, "spec-url" },
	{ "HEAD", "/docs", NULL, 200, "text/html", NULL, NULL },
	OK("/healthz", "\"status\":\"ok\""),
	OK("/readyz", "\"status\":\"ready\""),
	{ "GET", "/metrics", NULL, 200, "text/plain; version=0.0.4", NULL,
	  "dossier_http_requests_total{route=\"/healthz\",method=\"GET\","
	  "status=\"200\"}" },
	{ "HEAD", "/actors", NULL, 200, JSON, NULL, NULL },

	/* Filters, search and list options. */
	OK("/events?type=17", "\"code\":\"17"),
	OK("/events?quad_class=4", "\"quad_class\":4"),
	OK("/events?from=2019-04-23&to=2019-04-24", "2019-04-2"),
	OK("/events?source=pa-2019-04-28-liu-xiaoming-huawei", "liu-"),
	OK("/events?actor=theresa-may&role=initiator", "theresa-may"),
	OK("/events?role=opponent", "\"role\":\"opponent\""),
	OK("/events?country=usa", "\"US\""),
	OK("/actors?kind=person&country=gbr", "\"kind\":\"person\""),
	OK("/actors?q=javid", "sajid-javid"),
	/* The root says what this is, with links relative to it. */
	OK("/", "\"openapi\":\"openapi.yaml\""),
	OK("/", "\"stats\":\"stats\",\"network\":\"network\""),
	/* Search-box text: punctuation is a word break, never syntax. */
	OK("/events?q=Huawei%27s", "huawei"),
	OK("/events?q=Huawei%E2%80%99s", "huawei"),
	/* A possessive is its word: the titles say "Huawei", not "Huawei's". */
	OK("/sources?q=Huawei%27s&fields=id", "itv-2019-04-24-huawei-5g"),
	OK("/sources?q=huawei%E2%80%99S&fields=id", "itv-2019-04-24-huawei-5g"),
	OK("/sources?q=(Huawei%27s),%205G&fields=id",
	   "itv-2019-04-24-huawei-5g"),
	/* Nothing but the ending: searched as it is ("China’s"), not
	 * dropped, which would list every source. */
	OK("/sources?q=.%27s&count=exact&fields=id",
	   "\"total\":1}"),
	/* Words left out beside one wanted; alone they ask for nothing. */
	OK("/actors?q=huawei%20-critics&fields=id", "\"huawei\""),
	{ "GET", "/actors?q=-huawei", NULL, 400, PROBLEM,
	  "invalid-parameter", "every word of '-huawei' is left out" },
	{ "GET", "/events?q=-huawei%20-%225G%20network%22", NULL, 400,
	  PROBLEM, "invalid-parameter", "name one to look for" },
	OK("/events?q=non-core", "nsc-approves-huawei-non-core-5g"),
	OK("/events?q=Huawei,%205G", "\"data\":[{"),
	OK("/events?q=co-operation", "\"data\":["),
	OK("/events?q=U.S.", "\"data\":["),
	OK("/events?q=", "\"data\":[{"),
	OK("/events?q=%20%20", "\"data\":[{"),
	OK("/events?q=AND", "\"data\":["),
	OK("/events?q=%22unterminated", "\"data\":[]"),
	OK("/events?q=nosuchcolumn:x", "\"data\":[]"),
	OK("/actors?q=(", "\"data\":[{"),
	OK("/actors?q=%27%20OR%201=1--", "\"data\":["),
	OK("/events?q=%22non-core%205G%22&q_syntax=fts5", "non-core"),
	OK("/events?q=title:huawei&q_syntax=fts5", "huawei"),
	/* Stems: the word in another form. */
	OK("/events?q=arrest", "huawei-employee-arrested-in-poland"),
	OK("/events?q=minister", "ministers"),
	/* An event by its participants' names. */
	OK("/events?q=javid&fields=id", "ministers-object-to-huawei-decision"),
	/* Relevance: the actor called May first, not those who may. */
	OK("/actors?q=may&limit=1&fields=id", "\"theresa-may\""),
	OK("/actors?q=may&fields=id", "<mark>May</mark>"),
	OK("/suggest?q=theresa%20m", "\"theresa-may\""),
	OK("/suggest?q=xiao", "\"liu-xiaoming\""),
	OK("/suggest?q=nsc+lets&in=events",
	   "\"nsc-approves-huawei-non-core-5g\""),
	OK("/suggest?q=uk&in=countries&limit=1", "\"matched\":\"UK\""),
	OK("/suggest?q=", "\"data\":[]"),
	OK("/actors?sort=-id&limit=1", "\"data\":[{\"id\":\""),
	OK("/countries?region=europe&limit=1000", "\"code\":\"GB\""),
	OK("/countries?subregion=Northern%20America", "\"code\":\"US\""),
	OK("/countries?member_of=five-eyes", "\"code\":\"NZ\""),
	OK("/countries?q=kingdom", "\"code\":\"GB\""),
	OK("/countries?sort=-name&limit=1", "\"data\":[{\"code\":\"AX\""),
	OK("/event-types?root=17", "\"code\":\"173\""),
	OK("/event-types?quad_class=1&limit=1", "\"code\":\"01\""),
	OK("/event-types?q=arrest", "\"code\":\"173\""),
	/* Labels as people read them: no capitals, no trailing space. */
	OK("/event-types/19", "\"label\":\"Fight\""),
	OK("/event-types/080", "\"label\":\"Yield, not specified below\""),
	OK("/suggest?q=fight&in=event-types&limit=1", "\"name\":\"Fight\""),
	OK("/sources?kind=article&sort=title", "itv-2019-04-24-huawei-5g"),
	OK("/sources?q=itv", "ITV News"),
	OK("/events?q=huawei+AND+poland", "huawei-employee-arrested"),
	OK("/events?q=%22non-core%22", "non-core"),
	OK("/events?fields=id,date&limit=1", "\"meta\":{\"limit\":1}"),
	OK("/events?count=exact&limit=1", "\"total\":"),
	OK("/actors/huawei?fields=id,name", "{\"id\":\"huawei\","
	   "\"name\":\"Huawei\"}"),
	{ "GET", "/events", "Accept: text/csv", 200, "text/csv", NULL,
	  "id,title,summary,date" },
	{ "GET", "/actors", "Accept: application/x-ndjson", 200,
	  "application/x-ndjson", NULL, "{\"id\":" },
	{ "GET", "/actors", "Accept: text/html;q=0.9, */*;q=0.1", 200, JSON,
	  NULL, NULL },

	/* 404 */
	MISSING("/nowhere"),
	MISSING("/actors/"),
	MISSING("/actors/nobody"),
	MISSING("/actors/nobody/events"),
	MISSING("/events/nobody"),
	MISSING("/sources/nobody"),
	MISSING("/countries/zz"),
	MISSING("/countries/zzz"),
	MISSING("/countries/g1"),
	MISSING("/countries/zz/events"),
	MISSING("/countries/zz/actors"),
	MISSING("/event-types/999"),
	MISSING("/../etc/passwd"),

	/* 405 with Allow */
	{ "POST", "/actors/huawei", NULL, 405, PROBLEM, "method-not-allowed",
	  NULL },
	{ "DELETE", "/events", NULL, 405, PROBLEM, "method-not-allowed",
	  NULL },
	{ "PATCH", "/countries/gb", NULL, 405, PROBLEM, "method-not-allowed",
	  NULL },
	{ "PUT", "/countries", NULL, 405, PROBLEM, "method-not-allowed",
	  NULL },
	{ "BREW", "/healthz", NULL, 405, PROBLEM, "method-not-allowed",
	  NULL },
	{ "POST", "/docs", NULL, 405, PROBLEM, "method-not-allowed", NULL },

	/* 406 */
	{ "GET", "/actors", "Accept: image/png", 406, PROBLEM,
	  "not-acceptable", NULL },
	{ "GET", "/actors/huawei", "Accept: text/csv", 406, PROBLEM,
	  "not-acceptable", NULL },
	{ "GET", "/healthz", "Accept: application/xml", 406, PROBLEM,
	  "not-acceptable", NULL },
	{ "GET", "/openapi.yaml", "Accept: application/json", 406, PROBLEM,
	  "not-acceptable", NULL },
	{ "GET", "/openapi.yaml", "Accept: application/yaml", 200,
	  "application/yaml", NULL, "paths:" },
	{ "GET", "/docs", "Accept: application/json", 406, PROBLEM,
	  "not-acceptable", NULL },

	/* 400: malformed values, unknown parameters */
	BAD("/events?limit=0", "invalid-parameter"),
	BAD("/events?limit=1001", "invalid-parameter"),
	BAD("/events?limit=99999", "invalid-parameter"),
	BAD("/events?limit=abc", "invalid-parameter"),
	BAD("/events?limit=-1", "invalid-parameter"),
	BAD("/events?limit=1.5", "invalid-parameter"),
	BAD("/events?limit=", "invalid-parameter"),
	BAD("/events?limit", "invalid-parameter"),
	BAD("/events?limit=1&limit=2", "invalid-parameter"),
	BAD("/events?cursor=garbage", "invalid-cursor"),
	BAD("/events?cursor=WyJldmVudHMiLCItZGF0ZSIsIjIwMTkiLDFd.AAAA",
	    "invalid-cursor"),
	BAD("/events?sort=name", "invalid-parameter"),
	BAD("/events?sort=--date", "invalid-parameter"),
	BAD("/events?fields=id,nope", "invalid-parameter"),
	BAD("/events?fields=id,,date", "invalid-parameter"),
	BAD("/events?count=yes", "invalid-parameter"),
	BAD("/events?bogus=1", "unknown-parameter"),
	BAD("/events?from=2019-13", "invalid-parameter"),
	BAD("/events?from=2019-02-29", "invalid-parameter"),
	BAD("/events?to=abcd", "invalid-parameter"),
	BAD("/events?to=2019-4-1", "invalid-parameter"),
	BAD("/events?from=2019-05&to=2019-04", "invalid-parameter"),
	/* Every range the wrong way round, on lists and aggregations. */
	{ "GET", "/events?goldstein_min=5&goldstein_max=-5", NULL, 400,
	  PROBLEM, "invalid-parameter", "goldstein_min=5 is above "
	  "goldstein_max=-5: the range is empty" },
	{ "GET", "/stats?by=month&tone_min=3&tone_max=2.5", NULL, 400,
	  PROBLEM, "invalid-parameter", "the range is empty" },
	{ "GET", "/network?mentions_max=1&mentions_min=2", NULL, 400,
	  PROBLEM, "invalid-parameter", "mentions_min=2 is above" },
	OK("/events?goldstein_min=-2.5&goldstein_max=-2.5&limit=1",
	   "\"data\""),
	BAD("/events?type=abc", "invalid-parameter"),
	BAD("/events?type=12345", "invalid-parameter"),
	BAD("/events?quad_class=5", "invalid-parameter"),
	BAD("/events?quad_class=0", "invalid-parameter"),
	BAD("/events?role=villain", "invalid-parameter"),
	BAD("/events?country=ZZ", "invalid-parameter"),
	BAD("/events?actor=nobody", "invalid-parameter"),
	/* Ids are slugs: another spelling names nothing. */
	BAD("/events?id=Bad_Id", "invalid-parameter"),
	BAD("/actors?id=huawei,Theresa-May", "invalid-parameter"),
	BAD("/sources?not_id=x_y", "invalid-parameter"),
	OK("/actors?id=gdelt-actor-chn-,huawei&fields=id", "\"huawei\""),
	BAD("/events?source=nobody", "invalid-parameter"),
	/* FTS5 syntax only on request; its errors are the client's. */
	BAD("/events?q=AND&q_syntax=fts5", "invalid-search"),
	BAD("/events?q=%22unterminated&q_syntax=fts5", "invalid-search"),
	BAD("/events?q=nosuchcolumn:x&q_syntax=fts5", "invalid-search"),
	/* "-word" reads as every column but one named word: the answer
	 * names the '-' (SQLite's says what it means). */
	{ "GET", "/events?q=-huawei&q_syntax=fts5", NULL, 400, PROBLEM,
	  "invalid-search", "'-'" },
	BAD("/events?q=non-core&q_syntax=fts5", "invalid-search"),
	BAD("/actors?q=(&q_syntax=fts5", "invalid-search"),
	BAD("/actors?q=may&q_syntax=FTS5", "invalid-parameter"),
	BAD("/actors?sort=relevance", "invalid-parameter"),
	BAD("/countries?sort=-relevance", "invalid-parameter"),
	BAD("/suggest?q=may&in=people", "invalid-parameter"),
	BAD("/events?format=xml", "invalid-parameter"),
	BAD("/events?format=CSV", "invalid-parameter"),
	BAD("/suggest?q=may&limit=51", "invalid-parameter"),
	BAD("/suggest?q=may&sort=name", "unknown-parameter"),
	BAD("/actors?kind=alien", "invalid-parameter"),
	BAD("/actors?country=1", "invalid-parameter"),
	BAD("/countries?member_of=nobody", "invalid-parameter"),
	BAD("/countries?sort=region", "invalid-parameter"),
	BAD("/event-types?root=21", "invalid-parameter"),
	BAD("/event-types?root=7", "invalid-parameter"),
	BAD("/sources?kind=blog", "invalid-parameter"),
	BAD("/countries/gb/events?country=us", "unknown-parameter"),
	BAD("/actors/huawei/events?actor=huawei", "unknown-parameter"),
	BAD("/actors/huawei?limit=1", "unknown-parameter"),
	BAD("/healthz?verbose=1", "unknown-parameter"),
	BAD("/docs?theme=dark", "unknown-parameter"),
	BAD("/actors?q=%ff", "invalid-parameter"),
	BAD("/actors?q=a%00b", "invalid-parameter"),
	BAD("/actors?%ff=1", "bad-request"),
	BAD("/actors?q=%27%20OR%201=1--&q_syntax=fts5", "invalid-search"),
};

static void run_case(void **state)
{
	const struct http_case *c = *state;
	const char *headers[] = { c->header, NULL };
	struct response r;
	char *ct;

	if (http(shared_server(), c->method, c->path, headers, NULL, &r) != 0)
		fail_msg("%s %s: no response", c->method, c->path);
	if (c->slug) {
		assert_problem(&r, c->status, c->slug);
	} else {
		if (r.status != c->status)
			fail_msg("%s %s: status %ld, expected %ld: %.300s",
				 c->method, c->path, r.status, c->status,
				 r.body);
		ct = response_header(&r, "Content-Type");
		assert_non_null(ct);
		assert_true(strncmp(ct, c->ctype, strlen(c->ctype)) == 0);
		free(ct);
	}
	if (c->status == 405) {
		char *allow = response_header(&r, "Allow");

		assert_non_null(allow);
		assert_non_null(strstr(allow, "GET"));
		free(allow);
	}
	if (c->contains && !strstr(r.body, c->contains))
		fail_msg("%s %s: body lacks %s: %.300s", c->method, c->path,
			 c->contains, r.body);
	response_free(&r);
	/* Whatever was sent, the server is still healthy. */
	get(shared_server(), "/healthz", &r);
	assert_int_equal(r.status, 200);
	response_free(&r);
}

/* A path over the server's limit is 414, and the server stays up. */
static void test_long_path(void **state)
{
	char path[1300];
	struct response r;

	(void)state;
	memset(path, 'a', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	get(shared_server(), path, &r);
	assert_problem(&r, 414, "uri-too-long");
	response_free(&r);
}

int test_http_cases(int *total)
{
	size_t n = sizeof(cases) / sizeof(cases[0]), i;
	struct CMUnitTest *tests = calloc(n + 1, sizeof(*tests));
	char **names = calloc(n, sizeof(*names));
	int failed;

	for (i = 0; i < n; i++) {
		names[i] = malloc(strlen(cases[i].path) + 32);
		sprintf(names[i], "%s %s -> %ld", cases[i].method,
			cases[i].path, cases[i].status);
		tests[i].name = names[i];
		tests[i].test_func = run_case;
		tests[i].initial_state = (void *)&cases[i];
	}
	tests[n].name = "long path -> 414";
	tests[n].test_func = test_long_path;
	failed = _cmocka_run_group_tests("http cases", tests, n + 1, NULL,
					 NULL);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(tests);
	*total += (int)n + 1;
	return failed;
}
