/* SPDX-License-Identifier: MIT */
/*
 * Hostile requests: malformed URLs and encodings, NUL bytes, header and
 * CRLF injection, SQL and FTS5 syntax in every text parameter, forged
 * cursors, path traversal, odd methods, and bodies that are huge, deeply
 * nested, duplicated or of the wrong types. Each must get a 4xx
 * application/problem+json, and the server must stay healthy. Bytes that
 * libcurl will not send go over a raw socket. The limits (per-address
 * connections, slow clients, the statement budget) get their own servers.
 */
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "tests.h"

struct hostile {
	const char *method;
	const char *path;
	const char *header;	/* one extra request header, or NULL */
	const char *body;	/* sent as application/json, or NULL */
	int auth;		/* add a valid API key */
	long status;
	const char *slug;
};

#define GET(path, status, slug) { "GET", path, NULL, NULL, 0, status, slug }
#define BAD(path, slug) GET(path, 400, slug)
#define NOTFOUND(path) GET(path, 404, "not-found")
#define METHOD(m, path) { m, path, NULL, NULL, 0, 405, "method-not-allowed" }
#define BODY(m, path, body, status, slug) { m, path, NULL, body, 1, status, \
	slug }
#define JSON_BAD(body) BODY("POST", "/events", body, 400, "bad-request")

static const struct hostile fixed[] = {
	/* Invalid UTF-8: overlong, surrogate, lone byte, truncated. */
	BAD("/actors?q=%C0%AF", "invalid-parameter"),
	BAD("/actors?q=%ED%A0%80", "invalid-parameter"),
	BAD("/actors?q=%FF", "invalid-parameter"),
	BAD("/actors?q=%E2%82", "invalid-parameter"),
	BAD("/actors?q=abc%E2%82", "invalid-parameter"),
	BAD("/actors?q=%F4%90%80%80", "invalid-parameter"),
	BAD("/actors?q=%F8%88%80%80%80", "invalid-parameter"),
	BAD("/actors?q=%C3", "invalid-parameter"),
	BAD("/events?country=%C0%AF", "invalid-parameter"),
	BAD("/events?sort=%FF", "invalid-parameter"),
	BAD("/events?cursor=%ED%A0%80", "invalid-parameter"),
	BAD("/countries?region=%E2%82", "invalid-parameter"),
	BAD("/actors?%C0%AF=1", "bad-request"),
	BAD("/actors?%FF%FE=x", "bad-request"),
	/* NUL bytes in values, names and paths. */
	BAD("/actors?q=%00", "invalid-parameter"),
	BAD("/actors?q=a%00", "invalid-parameter"),
	BAD("/events?limit=1%00", "invalid-parameter"),
	BAD("/events?actor=huawei%00x", "invalid-parameter"),
	BAD("/actors?%00=1", "bad-request"),
	BAD("/actors%00", "bad-request"),
	BAD("/actors/huawei%00", "bad-request"),
	BAD("/actors/huawei%00.json", "bad-request"),
	BAD("/%00", "bad-request"),
	BAD("/events%00?limit=1", "bad-request"),
	/* Broken percent-encoding reaches the parser as text. */
	GET("/events?q=%25", 200, NULL),
	GET("/events?q=%G1", 200, NULL),
	BAD("/events?limit=%", "invalid-parameter"),
	BAD("/events?limit=%2", "invalid-parameter"),
	/* Values with CR/LF are refused, not echoed into headers. */
	BAD("/actors?kind=person%0D%0AX-Evil:%201", "invalid-parameter"),
	GET("/actors?q=a%0D%0ASet-Cookie:%20x=1", 200, NULL),
	BAD("/events?sort=date%0D%0ALocation:%20http://evil",
	    "invalid-parameter"),
	BAD("/events?fields=id%0Aid", "invalid-parameter"),
	/* Giant and odd numbers. */
	BAD("/events?limit=1e999999", "invalid-parameter"),
	BAD("/events?limit=123456789012345678901234567890",
	    "invalid-parameter"),
	BAD("/events?limit=18446744073709551617", "invalid-parameter"),
	BAD("/events?limit=0x10", "invalid-parameter"),
	BAD("/events?limit=%205", "invalid-parameter"),
	BAD("/events?limit=5%20", "invalid-parameter"),
	BAD("/events?limit=-0", "invalid-parameter"),
	BAD("/events?limit=NaN", "invalid-parameter"),
	BAD("/events?quad_class=99999999999999999999", "invalid-parameter"),
	BAD("/events?quad_class=1e3", "invalid-parameter"),
	BAD("/events?type=1e3", "invalid-parameter"),
	BAD("/events?from=99999-01-01", "invalid-parameter"),
	BAD("/events?from=2019-01-01T00:00:00Z", "invalid-parameter"),
	BAD("/events?to=-2019", "invalid-parameter"),
	BAD("/events?from=0000-00-00", "invalid-parameter"),
	BAD("/events?from=2019-02-30", "invalid-parameter"),
	BAD("/events?updated_since=yesterday", "invalid-parameter"),
	BAD("/events?updated_since=2019-13-45T99:99:99Z", "invalid-parameter"),
	/* Path traversal and odd paths. */
	NOTFOUND("/actors/..%2F..%2Fetc%2Fpasswd"),
	NOTFOUND("/%2e%2e/"),
	NOTFOUND("/%2e%2e/%2e%2e/etc/passwd"),
	NOTFOUND("//actors"),
	NOTFOUND("///etc/passwd"),
	NOTFOUND("/actors/../../etc/passwd"),
	NOTFOUND("/actors/..%5C..%5Cwindows%5Cwin.ini"),
	NOTFOUND("/./actors"),
	NOTFOUND("/actors/./huawei"),
	NOTFOUND("/docs/..%2Fopenapi.yaml"),
	NOTFOUND("/openapi.yaml/.."),
	NOTFOUND("/actors/%2e%2e"),
	NOTFOUND("/countries/..%2f..%2f"),
	NOTFOUND("/actors/huawei/events/.."),
	NOTFOUND("/actors/%C0%AF"),
	NOTFOUND("/actors/%FF"),
	NOTFOUND("/actors/'%20OR%201=1--"),
	NOTFOUND("/events/%22%3B%20DROP%20TABLE%20events%3B--"),
	NOTFOUND("/countries/'%20OR%20'1'='1"),
	NOTFOUND("/event-types/1%20OR%201=1"),
	NOTFOUND("/sources/*"),
	/* Methods the route does not allow. */
	METHOD("TRACE", "/actors"),
	METHOD("CONNECT", "/actors"),
	METHOD("PROPFIND", "/actors"),
	METHOD("get", "/actors"),
	METHOD("head", "/events"),
	METHOD("MKCOL", "/events"),
	METHOD("LINK", "/sources"),
	METHOD("TRACE", "/healthz"),
	METHOD("DELETE", "/countries"),
	METHOD("PUT", "/healthz"),
	METHOD("PATCH", "/events"),
	METHOD("POST", "/openapi.yaml"),
	{ "TRACE", "/nowhere", NULL, NULL, 0, 404, "not-found" },
	{ "POST", "/events/x/y", NULL, NULL, 0, 404, "not-found" },
	/* Credentials that are missing, malformed or injected. */
	{ "POST", "/events", NULL, "{}", 0, 401, "unauthorized" },
	{ "DELETE", "/events/x", "Authorization: Bearer ' OR 1=1--", NULL, 0,
	  401, "unauthorized" },
	{ "DELETE", "/events/x", "Authorization: Basic YWRtaW46YWRtaW4=",
	  NULL, 0, 401, "unauthorized" },
	{ "DELETE", "/events/x", "Authorization: Bearer", NULL, 0, 401,
	  "unauthorized" },
	{ "DELETE", "/events/x", "Authorization: Bearer dsk_%00%0D%0A", NULL,
	  0, 401, "unauthorized" },
	{ "DELETE", "/actors/x", "Authorization: Bearer \"; DROP TABLE "
	  "api_keys;--", NULL, 0, 401, "unauthorized" },
	/* Bodies that are not a JSON object. */
	JSON_BAD(""),
	JSON_BAD(" "),
	JSON_BAD("null"),
	JSON_BAD("[]"),
	JSON_BAD("\"x\""),
	JSON_BAD("1e999999"),
	JSON_BAD("{"),
	JSON_BAD("}"),
	JSON_BAD("{\"a\":1,}"),
	JSON_BAD("{'a':1}"),
	JSON_BAD("{} {}"),
	JSON_BAD("{\"a\":NaN}"),
	JSON_BAD("{\"a\":Infinity}"),
	JSON_BAD("\xef\xbb\xbf{}"),
	/* Duplicate keys, at the top and nested. */
	JSON_BAD("{\"a\":1,\"a\":2}"),
	JSON_BAD("{\"title\":\"a\",\"title\":\"a\"}"),
	JSON_BAD("{\"participants\":[{\"actor\":\"huawei\",\"actor\":"
		 "\"huawei\"}]}"),
	/* Giant numbers and bad strings. */
	JSON_BAD("{\"title\":1e999999}"),
	JSON_BAD("{\"goldstein\":-1e999999}"),
	JSON_BAD("{\"num_mentions\":123456789012345678901234567890}"),
	JSON_BAD("{\"title\":\"a\\u0000b\"}"),
	JSON_BAD("{\"title\":\"\xff\xfe\"}"),
	JSON_BAD("{\"title\":\"\xc0\xaf\"}"),
	JSON_BAD("{\"title\":\"\\ud800\"}"),
	JSON_BAD("{\"title\":\"\\uZZZZ\"}"),
	BODY("PATCH", "/actors/huawei", "[]", 400, "bad-request"),
	BODY("PUT", "/sources/x", "{\"a\":1,\"a\":1}", 400, "bad-request"),
	BODY("PATCH", "/events/x", "{\"title\":1e400}", 400, "bad-request"),
	/* Numbers in range for JSON, out of range for the field. */
	BODY("POST", "/events", "{\"goldstein\":1e308}", 422,
	     "validation-failed"),
	BODY("POST", "/events", "{\"num_mentions\":-9223372036854775808}",
	     422, "validation-failed"),
	BODY("POST", "/events", "{\"num_mentions\":1.5}", 422,
	     "validation-failed"),
	/* Media types. */
	{ "POST", "/events", "Content-Type: text/plain", "{}", 1, 415,
	  "unsupported-media-type" },
	{ "POST", "/events", "Content-Type: application/jsonx", "{}", 1, 415,
	  "unsupported-media-type" },
	{ "PATCH", "/events/x", "Content-Type: application/json-patch+json",
	  "[]", 1, 415, "unsupported-media-type" },
	{ "POST", "/events", "Content-Type: application/json, text/plain",
	  "{}", 1, 415, "unsupported-media-type" },
};

/* SQL and FTS5 syntax, sent in every text parameter. */
static const char *const injections[] = {
	"' OR 1=1--",
	"\"; DROP TABLE events;--",
	"NEAR(",
	"*",
	"^",
	"col:",
	"AND OR NOT",
	"\"unbalanced",
	"((a)",
	"a)",
	"'; SELECT * FROM api_keys;--",
	"1; ATTACH DATABASE '/tmp/x' AS x;--",
};

struct target {
	const char *path;	/* with its own '?' */
	const char *param;
	const char *slug;
};

static const struct target targets[] = {
	/* Search-box text is never an error (slug NULL: 200)... */
	{ "/events?", "q", NULL },
	{ "/actors?", "q", NULL },
	{ "/sources?", "q", NULL },
	{ "/countries?", "q", NULL },
	{ "/event-types?", "q", NULL },
	{ "/suggest?", "q", NULL },
	{ "/stats?by=month&", "q", NULL },
	{ "/network?", "q", NULL },
	/* ...while FTS5 syntax, asked for, is checked. */
	{ "/events?q_syntax=fts5&", "q", "invalid-search" },
	{ "/actors?q_syntax=fts5&", "q", "invalid-search" },
	{ "/sources?q_syntax=fts5&", "q", "invalid-search" },
	{ "/countries?q_syntax=fts5&", "q", "invalid-search" },
	{ "/event-types?q_syntax=fts5&", "q", "invalid-search" },
	{ "/actors?", "kind", "invalid-parameter" },
	{ "/sources?", "kind", "invalid-parameter" },
	{ "/events?", "country", "invalid-parameter" },
	{ "/actors?", "country", "invalid-parameter" },
	{ "/events?", "actor", "invalid-parameter" },
	{ "/events?", "source", "invalid-parameter" },
	{ "/events?", "sort", "invalid-parameter" },
	{ "/actors?", "fields", "invalid-parameter" },
	{ "/events?", "cursor", "invalid-cursor" },
	{ "/events?", "role", "invalid-parameter" },
	{ "/events?", "type", "invalid-parameter" },
	{ "/countries?", "member_of", "invalid-parameter" },
	{ "/event-types?", "root", "invalid-parameter" },
	/* The analytics: lists of values, ranges, boxes, groupings. */
	{ "/events?", "not_country", "invalid-parameter" },
	{ "/events?", "location_country", "invalid-parameter" },
	{ "/events?", "goldstein_min", "invalid-parameter" },
	{ "/events?", "mentions_max", "invalid-parameter" },
	{ "/events?", "bbox", "invalid-parameter" },
	{ "/events?", "facet", "invalid-parameter" },
	{ "/events?", "format", "invalid-parameter" },
	{ "/stats?", "by", "invalid-parameter" },
	{ "/stats?by=year&", "metrics", "invalid-parameter" },
	{ "/stats?by=year&", "country", "invalid-parameter" },
	{ "/network?", "limit", "invalid-parameter" },
	{ "/network?", "actor", "invalid-parameter" },
	{ "/stats?by=month&q_syntax=fts5&", "q", "invalid-search" },
};

/* Every field of the write schemas, each sent with wrong types. */
struct schema_fields {
	const char *path;
	const char *const *fields;
};

static const char *const actor_fields[] = {
	"id", "name", "kind", "country", "title", "aliases", "affiliations",
	"members", "description", "wikidata", "sources", "cameo", NULL
};
static const char *const event_fields[] = {
	"id", "title", "summary", "date", "date_precision", "type", "country",
	"countries", "participants", "related", "goldstein", "num_mentions",
	"num_sources", "num_articles", "avg_tone", "location", "sources", NULL
};
static const char *const source_fields[] = {
	"id", "title", "publisher", "author", "published", "url", "kind",
	NULL
};
static const struct schema_fields schemas[] = {
	{ "/actors", actor_fields },
	{ "/events", event_fields },
	{ "/sources", source_fields },
};
static const char *const wrong_values[] = { "true", "{\"x\":[[]]}" };

static char auth_header[256];
static struct hostile *cases;
static size_t ncases;
static char **owned;
static size_t nowned;

static char *keep(char *s)
{
	owned = realloc(owned, (nowned + 1) * sizeof(*owned));
	owned[nowned++] = s;
	return s;
}

static void add(struct hostile c)
{
	cases = realloc(cases, (ncases + 1) * sizeof(*cases));
	cases[ncases++] = c;
}

static char *repeat(const char *unit, size_t n, const char *tail)
{
	size_t u = strlen(unit), t = tail ? strlen(tail) : 0, i;
	char *s = malloc(u * n + t + 1);

	for (i = 0; i < n; i++)
		memcpy(s + i * u, unit, u);
	memcpy(s + u * n, tail ? tail : "", t + 1);
	return s;
}

static void build_cases(void)
{
	size_t i, j;
	char buf[512];

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		add(fixed[i]);
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		for (j = 0; j < sizeof(injections) / sizeof(injections[0]);
		     j++) {
			char *v = url_encode(injections[j]);

			snprintf(buf, sizeof(buf), "%s%s=%s", targets[i].path,
				 targets[i].param, v);
			free(v);
			add((struct hostile){ "GET", keep(strdup(buf)), NULL,
					      NULL, 0, targets[i].slug ? 400 :
					      200, targets[i].slug });
		}
	}
	for (i = 0; i < sizeof(schemas) / sizeof(schemas[0]); i++) {
		for (j = 0; schemas[i].fields[j]; j++) {
			size_t k;

			for (k = 0; k < 2; k++) {
				snprintf(buf, sizeof(buf), "{\"%s\":%s}",
					 schemas[i].fields[j],
					 wrong_values[k]);
				add((struct hostile){ "POST", schemas[i].path,
						      NULL, keep(strdup(buf)),
						      1, 422,
						      "validation-failed" });
			}
		}
	}
	/* Huge, deeply nested and over-long. */
	add((struct hostile){ "POST", "/events", NULL,
			      keep(repeat("[", 100000, NULL)), 1, 400,
			      "bad-request" });
	add((struct hostile){ "POST", "/events", NULL,
			      keep(repeat("{\"a\":", 100000, NULL)), 1, 400,
			      "bad-request" });
	add((struct hostile){ "POST", "/actors", NULL,
			      keep(repeat("[", 3000, NULL)), 1, 400,
			      "bad-request" });
	add((struct hostile){ "POST", "/events", NULL,
			      keep(repeat(" ", 2 * 1024 * 1024, "{}")), 1, 413,
			      "payload-too-large" });
	/* The same, chunked: no length is announced, the cap still holds. */
	add((struct hostile){ "POST", "/events", "Transfer-Encoding: chunked",
			      cases[ncases - 1].body, 1, 413,
			      "payload-too-large" });
	add((struct hostile){ "GET", keep(repeat("/a", 600, NULL)), NULL,
			      NULL, 0, 414, "uri-too-long" });
	{
		/* More query parameters than the server reads. */
		char *p = malloc(16 + 70 * 8), *q;

		q = p + sprintf(p, "/events?");
		for (i = 0; i < 70; i++)
			q += sprintf(q, "%sp%zu=1", i ? "&" : "", i);
		add((struct hostile){ "GET", keep(p), NULL, NULL, 0, 400,
				      "bad-request" });
	}
	{
		/* A 10 KB cursor. */
		char *p = malloc(10240 + 32);

		sprintf(p, "/events?cursor=");
		memset(p + strlen(p), 'A', 10240);
		p[15 + 10240] = '\0';
		add((struct hostile){ "GET", keep(p), NULL, NULL, 0, 400,
				      "invalid-cursor" });
	}
	{
		char *key = malloc(9000);

		snprintf(key, 9000, "Authorization: Bearer %s",
			 (char *)keep(repeat("k", 8000, NULL)));
		add((struct hostile){ "DELETE", "/events/x", keep(key), NULL,
				      0, 401, "unauthorized" });
	}
}

static void run_case(void **state)
{
	const struct hostile *c = *state;
	const char *headers[4] = { NULL };
	struct response r;
	int n = 0;

	if (c->auth)
		headers[n++] = auth_header;
	if (c->header)
		headers[n++] = c->header;
	else if (c->body)
		headers[n++] = "Content-Type: application/json";
	if (http(shared_server(), c->method, c->path, headers, c->body,
		 &r) != 0)
		fail_msg("%s %.80s: no response", c->method, c->path);
	if (r.status != c->status)
		fail_msg("%s %.80s: status %ld, expected %ld: %.300s",
			 c->method, c->path, r.status, c->status, r.body);
	if (c->slug)
		assert_problem(&r, c->status, c->slug);
	else
		assert_non_null(r.json);
	response_free(&r);
	get(shared_server(), "/healthz", &r);
	assert_int_equal(r.status, 200);
	response_free(&r);
}

/* Bytes libcurl will not send, over a raw socket. */
struct raw_case {
	const char *name;
	const char *bytes;
	size_t len;		/* 0: strlen(bytes) */
	long status;		/* 0: the server closes without answering */
	int problem;		/* the answer is application/problem+json */
};

#define END "Host: x\r\nConnection: close\r\n\r\n"

static const struct raw_case raw_cases[] = {
	{ "bare CR in the method", "G\rET /actors HTTP/1.1\r\n" END, 0, 405,
	  1 },
	{ "bare LF in the request line", "GET /act\nors HTTP/1.1\r\n" END, 0,
	  400, 0 },
	{ "invalid method token", "G@T /actors HTTP/1.1\r\n" END, 0, 405, 1 },
	{ "lowercase method", "get /actors HTTP/1.1\r\n" END, 0, 405, 1 },
	{ "PROPFIND", "PROPFIND /actors HTTP/1.1\r\n" END, 0, 405, 1 },
	{ "TRACE on an unknown path", "TRACE /nowhere HTTP/1.1\r\n" END, 0,
	  404, 1 },
	{ "TRACE on the root", "TRACE / HTTP/1.1\r\n" END, 0, 405, 1 },
	{ "absolute-form target", "GET http://evil/actors HTTP/1.1\r\n" END,
	  0, 404, 1 },
	{ "asterisk target", "GET * HTTP/1.1\r\n" END, 0, 404, 1 },
	/* libmicrohttpd cuts the path at the NUL: "/healthz" would be 200. */
	{ "NUL in the request line", "GET /act\0ors HTTP/1.1\r\n" END,
	  sizeof("GET /act\0ors HTTP/1.1\r\n" END) - 1, 400, 1 },
	{ "NUL after a known path", "GET /healthz\0x HTTP/1.1\r\n" END,
	  sizeof("GET /healthz\0x HTTP/1.1\r\n" END) - 1, 400, 1 },
	{ "NUL before the version", "GET /healthz\0 HTTP/1.1\r\n" END,
	  sizeof("GET /healthz\0 HTTP/1.1\r\n" END) - 1, 400, 1 },
	{ "NUL in the query", "GET /actors?q=a\0b HTTP/1.1\r\n" END,
	  sizeof("GET /actors?q=a\0b HTTP/1.1\r\n" END) - 1, 400, 1 },
	{ "HTTP/0.9 request", "GET /actors\r\n\r\n", 0, 400, 0 },
	{ "extra token after the version",
	  "GET /actors HTTP/1.1 extra\r\n" END, 0, 400, 0 },
	{ "header line without a colon",
	  "GET /actors HTTP/1.1\r\nBad Header\r\n" END, 0, 400, 0 },
	{ "non-numeric Content-Length",
	  "POST /actors HTTP/1.1\r\nContent-Length: abc\r\n" END, 0, 400, 0 },
	{ "negative Content-Length",
	  "POST /actors HTTP/1.1\r\nContent-Length: -1\r\n" END, 0, 400, 0 },
	{ "Content-Length over 64 bits",
	  "POST /actors HTTP/1.1\r\nContent-Length: "
	  "99999999999999999999999\r\n" END, 0, 413, 0 },
	{ "two Content-Lengths",
	  "POST /actors HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n"
	  END "{}", 0, 400, 1 },
	{ "Content-Length with chunked",
	  "POST /actors HTTP/1.1\r\nContent-Length: 3\r\n"
	  "Transfer-Encoding: chunked\r\n" END "0\r\n\r\n", 0, 400, 1 },
	{ "malformed chunk size",
	  "POST /actors HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
	  "Content-Type: application/json\r\n" END "zz\r\nabc\r\n0\r\n\r\n", 0,
	  400, 0 },
	{ "CRLF in a query value",
	  "GET /actors?kind=a%0D%0AX-Evil:%201 HTTP/1.1\r\n" END, 0, 400, 1 },
	{ "CRLF in a search",
	  "GET /actors?q=a%0D%0AX-Evil:%201 HTTP/1.1\r\n" END, 0, 200, 0 },
	{ "NUL in a path", "GET /actors%00 HTTP/1.1\r\n" END, 0, 400, 1 },
	{ "empty method", " /actors HTTP/1.1\r\n" END, 0, 0, 0 },
};

static char *big_request(size_t headers, size_t line)
{
	size_t cap = 64 + headers * 32 + line + sizeof(END);
	char *s = malloc(cap), *p = s;
	size_t i;

	p += sprintf(p, "GET /");
	memset(p, 'a', line);
	p += line;
	p += sprintf(p, " HTTP/1.1\r\n");
	for (i = 0; i < headers; i++)
		p += sprintf(p, "X-H%zu: v\r\n", i);
	strcpy(p, END);
	return s;
}

static void check_raw(const char *name, const char *bytes, size_t len,
		      long status, int problem)
{
	char *out = NULL;
	long got = raw_http(shared_server(), bytes, len, 3000, &out);
	struct response r;

	if (got != status)
		fail_msg("%s: status %ld, expected %ld: %.200s", name, got,
			 status, out);
	if (problem && !strstr(out, "Content-Type: application/problem+json"))
		fail_msg("%s: not a problem: %.300s", name, out);
	/* A value's CR/LF never starts a header line of its own. */
	assert_null(strstr(out, "\r\nX-Evil"));
	free(out);
	get(shared_server(), "/healthz", &r);
	assert_int_equal(r.status, 200);
	response_free(&r);
}

static void test_raw(void **state)
{
	const struct raw_case *c = *state;

	check_raw(c->name, c->bytes, c->len ? c->len : strlen(c->bytes),
		  c->status, c->problem);
}

/* Request heads over the connection memory: 414 and 431, from MHD. */
static void test_raw_oversized(void **state)
{
	char *s;

	(void)state;
	s = big_request(0, 40000);
	check_raw("40 KB request line", s, strlen(s), 414, 0);
	free(s);
	s = big_request(5000, 1);
	check_raw("5000 headers", s, strlen(s), 431, 0);
	free(s);
	s = malloc(50000);
	strcpy(s, "GET /actors HTTP/1.1\r\nX-Big: ");
	memset(s + strlen(s), 'v', 40000);
	strcpy(s + 29 + 40000, "\r\n" END);
	check_raw("one 40 KB header", s, strlen(s), 431, 0);
	free(s);
}

/* A long path is not echoed back whole in the 414's instance. */
static void test_long_path_not_echoed(void **state)
{
	char *path = malloc(20001);
	struct response r;

	(void)state;
	memset(path, 'a', 20000);
	path[0] = '/';
	path[20000] = '\0';
	get(shared_server(), path, &r);
	assert_problem(&r, 414, "uri-too-long");
	assert_int_equal(json_string_length(json_object_get(r.json,
							    "instance")), 1024);
	assert_true(r.body_len < 2048);
	response_free(&r);
	free(path);
}

/* A CR/LF in a value that is echoed in Link stays percent-encoded. */
static void test_crlf_link(void **state)
{
	struct response r;
	char *link;

	(void)state;
	get(shared_server(), "/countries?limit=1&q=united%0D%0AOR%0D%0Aevil",
	    &r);
	assert_int_equal(r.status, 200);
	link = response_header(&r, "Link");
	assert_non_null(link);
	assert_non_null(strstr(link, "%0D%0A"));
	assert_null(strchr(link, '\r'));
	assert_null(strstr(r.headers, "\r\nevil"));
	free(link);
	response_free(&r);
}

/*
 * Injections into filters of text some country holds (region, subregion)
 * are values no country has: a 400 naming the parameter and the values
 * there are, and the database is as it was.
 */
static void test_free_text_filters(void **state)
{
	struct response r;
	size_t i;
	char path[256], want[64];

	(void)state;
	for (i = 0; i < sizeof(injections) / sizeof(injections[0]); i++) {
		char *v = url_encode(injections[i]);
		const char *params[] = { "region", "subregion" };
		const char *known[] = {
			"Africa, Americas, Asia, Europe, Oceania",
			"Sub-Saharan Africa, Western Asia, Western Europe",
		};
		size_t k;

		for (k = 0; k < 2; k++) {
			snprintf(path, sizeof(path), "/countries?%s=%s",
				 params[k], v);
			get(shared_server(), path, &r);
			assert_int_equal(r.status, 400);
			snprintf(want, sizeof(want), "\"parameter\":\"%s\"",
				 params[k]);
			assert_non_null(strstr(r.body, want));
			assert_non_null(strstr(r.body, known[k]));
			response_free(&r);
		}
		free(v);
	}
	get(shared_server(), "/countries?region=europe&subregion=western%20"
	    "EUROPE&count=exact", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"code\":\"FR\""));
	response_free(&r);
	get(shared_server(), "/events?limit=1", &r);
	assert_int_equal(r.status, 200);
	response_free(&r);
}

/* Forged, truncated, tampered and borrowed cursors. */
static void test_forged_cursors(void **state)
{
	struct response r;
	const char *next, *c;
	char cursor[512], path[1200];
	size_t n, i;
	const char *forged[] = {
		"QUJDREVGR0g=", "QUJDREVGR0g", "eyJhIjoxfQ.AAAAAAAAAAAAAAAA",
		"WyJldmVudHMiLCItZGF0ZSIsIjIwMTkiLDFd",
		"WyJldmVudHMiLCItZGF0ZSIsIjIwMTkiLDFd.",
		".", "..", "%2E", "!!!!", "A", "====",
	};

	(void)state;
	get(shared_server(), "/events?limit=1", &r);
	next = json_string_value(json_object_get(json_object_get(r.json,
								 "links"),
						 "next"));
	assert_non_null(next);
	c = strstr(next, "cursor=");
	assert_non_null(c);
	snprintf(cursor, sizeof(cursor), "%s", c + 7);
	response_free(&r);
	n = strlen(cursor);
	for (i = 0; i < 5; i++) {
		char bad[512];

		memcpy(bad, cursor, n + 1);
		switch (i) {
		case 0:	/* the MAC's last character changed */
			bad[n - 1] = bad[n - 1] == 'A' ? 'B' : 'A';
			break;
		case 1:	/* the payload's first character changed */
			bad[0] = bad[0] == 'W' ? 'X' : 'W';
			break;
		case 2:	/* truncated */
			bad[n / 2] = '\0';
			break;
		case 3:	/* the MAC dropped */
			*strchr(bad, '.') = '\0';
			break;
		case 4:	/* doubled */
			snprintf(bad, sizeof(bad), "%s%s", cursor, cursor);
			break;
		}
		snprintf(path, sizeof(path), "/events?limit=1&cursor=%s", bad);
		get(shared_server(), path, &r);
		assert_problem(&r, 400, "invalid-cursor");
		response_free(&r);
	}
	/* A valid cursor of another list or another sort. */
	snprintf(path, sizeof(path), "/actors?cursor=%s", cursor);
	get(shared_server(), path, &r);
	assert_problem(&r, 400, "invalid-cursor");
	response_free(&r);
	snprintf(path, sizeof(path), "/events?sort=id&cursor=%s", cursor);
	get(shared_server(), path, &r);
	assert_problem(&r, 400, "invalid-cursor");
	response_free(&r);
	for (i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		snprintf(path, sizeof(path), "/events?cursor=%s", forged[i]);
		get(shared_server(), path, &r);
		assert_problem(&r, 400, "invalid-cursor");
		response_free(&r);
	}
}

/*
 * Nothing secret leaks: API keys never reach the access log (valid or
 * not), SQL never reaches a problem's detail, and the Server header names
 * no version.
 */
static void test_no_secrets(void **state)
{
	const char *bogus[] = { "Authorization: Bearer dsk_leakcheck_"
				"0123456789abcdef", NULL };
	const char *valid[] = { auth_header, NULL };
	struct response r;
	const char *key = auth_header + strlen("Authorization: Bearer ");
	char *log, *server;

	(void)state;
	assert_int_equal(http(shared_server(), "DELETE", "/events/nobody",
			      bogus, NULL, &r), 0);
	assert_problem(&r, 401, "unauthorized");
	response_free(&r);
	assert_int_equal(http(shared_server(), "DELETE", "/events/nobody",
			      valid, NULL, &r), 0);
	assert_problem(&r, 404, "not-found");
	server = response_header(&r, "Server");
	if (server)
		assert_string_equal(server, "dossier");
	free(server);
	response_free(&r);
	get(shared_server(), "/events?q=%22unterminated&q_syntax=fts5", &r);
	assert_problem(&r, 400, "invalid-search");
	assert_null(strstr(r.body, "SELECT"));
	assert_null(strstr(r.body, "MATCH"));
	assert_null(strstr(r.body, "sqlite"));
	response_free(&r);
	/* The access log line is written when the request completes. */
	usleep(100000);
	log = read_file(shared_server()->log, NULL);
	assert_non_null(log);
	assert_null(strstr(log, "leakcheck"));
	assert_null(strstr(log, key));
	assert_null(strstr(log, "Bearer"));
	free(log);
}

/*
 * Long titles of 4-byte characters as sort values: the next page's cursor
 * used to be cut at 511 bytes inside a character, which crashed the
 * server, and a whole value must resume exactly after the row.
 */
static void test_long_utf8_sort_values(void **state)
{
	const char *headers[] = { auth_header,
				  "Content-Type: application/json", NULL };
	char *title = malloc(4 * 500 + 1), body[2300], path[5000];
	const char *next;
	struct response r;
	int i, k;

	(void)state;
	for (k = 0; k < 2; k++) {
		for (i = 0; i < 499; i++)
			memcpy(title + 4 * i, "\xF0\x9F\x98\x80", 4);
		title[4 * 499] = k ? 'b' : 'a';
		title[4 * 499 + 1] = '\0';
		snprintf(body, sizeof(body), "{\"id\":\"long-title-%c\","
			 "\"title\":\"%s\",\"kind\":\"report\"}",
			 k ? 'b' : 'a', title);
		assert_int_equal(http(shared_server(), "POST", "/sources",
				      headers, body, &r), 0);
		assert_int_equal(r.status, 201);
		response_free(&r);
	}
	free(title);
	get(shared_server(), "/sources?sort=-title&limit=1&fields=id", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "long-title-b"));
	next = json_string_value(json_object_get(json_object_get(r.json,
								 "links"),
						 "next"));
	assert_non_null(next);
	snprintf(path, sizeof(path), "%s", next);
	response_free(&r);
	get(shared_server(), path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "long-title-a"));
	response_free(&r);
}

static int run_sql(const char *db, const char *sql)
{
	sqlite3 *h;
	int rc;

	if (sqlite3_open(db, &h) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(h, 5000);
	rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc == SQLITE_OK ? 0 : -1;
}

/*
 * A read over its statement budget is abandoned with 503 query-timeout,
 * and the worker serves the next request at once.
 */
static void test_query_timeout(void **state)
{
	struct server big, srv;
	char db[320];
	const char *args[] = { "--db", db, "--query-timeout-ms", "1", NULL };
	struct response r;

	(void)state;
	/* Its rows are written into SQLite's file directly. */
	if (getenv("DOSSIER_TEST_PG"))
		skip();
	assert_int_equal(server_start(&big, NULL, NULL), 0);
	snprintf(db, sizeof(db), "%s/test.db", big.dir);
	assert_int_equal(server_stop(&big), 0);
	assert_int_equal(run_sql(db, "WITH RECURSIVE n(i) AS (SELECT 1 "
				 "UNION ALL SELECT i + 1 FROM n WHERE i < "
				 "200000) INSERT INTO events(id, title, "
				 "date, date_precision, date_start, date_end) "
				 "SELECT 'bulk-' || i, 'Bulk ' || i, '2019', "
				 "'year', '2019-01-01', '2019-12-31' FROM n"),
			 0);
	assert_int_equal(server_start(&srv, args, NULL), 0);
	get(&srv, "/events?count=exact&sort=id&limit=1000", &r);
	assert_problem(&r, 503, "query-timeout");
	assert_non_null(strstr(r.body, "narrow it"));
	response_free(&r);
	get(&srv, "/countries/gb", &r);
	assert_int_equal(r.status, 200);
	response_free(&r);
	assert_int_equal(server_stop(&srv), 0);
	server_cleanup(&srv);
	server_cleanup(&big);
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Sends a keep-alive request on fd; returns 1 when a 200 came back. */
static int keepalive_ok(int fd)
{
	static const char req[] = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
	struct pollfd p = { fd, POLLIN, 0 };
	char buf[2048];
	ssize_t n;

	if (send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL) !=
	    (ssize_t)sizeof(req) - 1 || poll(&p, 1, 2000) != 1)
		return 0;
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strncmp(buf, "HTTP/1.1 200", 12) == 0;
}

/* Connections from one address beyond the limit are closed at once. */
static void test_per_ip_limit(void **state)
{
	const char *args[] = { "--max-connections-per-ip", "4", NULL };
	struct server srv;
	struct response r;
	int fds[4], extra, i;
	char c;

	(void)state;
	assert_int_equal(server_start(&srv, args, NULL), 0);
	for (i = 0; i < 4; i++) {
		int tries;

		/*
		 * Each connection is held open with keep-alive once it got
		 * an answer; the server may still count the harness's own
		 * closed connection for a moment, so retry briefly.
		 */
		for (tries = 0; tries < 50; tries++) {
			fds[i] = raw_connect(&srv, NULL);
			assert_true(fds[i] >= 0);
			if (keepalive_ok(fds[i]))
				break;
			close(fds[i]);
			fds[i] = -1;
			usleep(100000);
		}
		assert_true(fds[i] >= 0);
	}
	extra = raw_connect(&srv, NULL);
	assert_true(extra >= 0);
	{
		struct pollfd p = { extra, POLLIN, 0 };

		/* Closed by the server: readable, and recv sees EOF. */
		assert_int_equal(poll(&p, 1, 2000), 1);
		assert_true(recv(extra, &c, 1, 0) <= 0);
	}
	close(extra);
	/* Another address is not affected. */
	extra = raw_connect(&srv, "127.0.0.2");
	assert_true(extra >= 0);
	close(extra);
	for (i = 0; i < 4; i++)
		close(fds[i]);
	usleep(200000);
	get(&srv, "/healthz", &r);
	assert_int_equal(r.status, 200);
	response_free(&r);
	assert_int_equal(server_stop(&srv), 0);
	server_cleanup(&srv);
}

/* A client that stops sending mid-request is dropped after --timeout. */
static void test_stalled_client_dropped(void **state)
{
	const char *args[] = { "--timeout", "1", NULL };
	struct server srv;
	struct timespec t0;
	struct pollfd p;
	char c;
	int fd;

	(void)state;
	assert_int_equal(server_start(&srv, args, NULL), 0);
	fd = raw_connect(&srv, NULL);
	assert_true(fd >= 0);
	assert_int_equal(send(fd, "GET /healthz HTTP/1.1\r\nHo", 26,
			      MSG_NOSIGNAL), 26);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	p.fd = fd;
	p.events = POLLIN;
	p.revents = 0;
	assert_int_equal(poll(&p, 1, 5000), 1);
	assert_true(recv(fd, &c, 1, 0) <= 0);
	assert_true(ms_since(&t0) >= 500);
	close(fd);
	assert_int_equal(server_stop(&srv), 0);
	server_cleanup(&srv);
}

#define SLOW_CLIENTS 1000
#define SLOW_PER_ADDRESS 50

/*
 * Slowloris: 1,000 connections from 20 loopback addresses send a request
 * head a few bytes at a time for three seconds; a normal client is still
 * answered within a second all along.
 */
static void test_slowloris(void **state)
{
	const char *args[] = { "--max-connections", "2000",
			       "--max-connections-per-ip", "64", NULL };
	static const char head[] = "GET /healthz HTTP/1.1\r\nHost: x\r\n"
				   "X-Slow: ";
	struct server srv;
	struct rlimit rl;
	struct timespec t0;
	int *fds = calloc(SLOW_CLIENTS, sizeof(int));
	int i, open_fds = 0, round;
	long worst = 0;

	(void)state;
	if (getenv("DOSSIER_BIN_WRAPPER")) {
		free(fds);
		skip();	/* timings mean nothing under valgrind */
	}
	getrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur < 2 * SLOW_CLIENTS + 256 &&
	    rl.rlim_max >= 2 * SLOW_CLIENTS + 256) {
		rl.rlim_cur = 2 * SLOW_CLIENTS + 256;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	assert_int_equal(server_start(&srv, args, NULL), 0);
	for (i = 0; i < SLOW_CLIENTS; i++) {
		char src[32];

		snprintf(src, sizeof(src), "127.0.0.%d",
			 2 + i / SLOW_PER_ADDRESS);
		fds[i] = raw_connect(&srv, src);
		if (fds[i] < 0)
			continue;
		open_fds++;
		send(fds[i], head, 4, MSG_NOSIGNAL);
	}
	assert_int_equal(open_fds, SLOW_CLIENTS);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (round = 0; ms_since(&t0) < 3000 && round < 100; round++) {
		struct timespec t1;
		struct response r;
		long ms;

		/* Each slow client sends one more byte of its head. */
		for (i = 0; i < SLOW_CLIENTS; i++) {
			if (fds[i] >= 0)
				send(fds[i], head + 4 + round % 20, 1,
				     MSG_NOSIGNAL | MSG_DONTWAIT);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		get(&srv, "/healthz", &r);
		ms = ms_since(&t1);
		assert_int_equal(r.status, 200);
		response_free(&r);
		if (ms > worst)
			worst = ms;
		usleep(250000);
	}
	printf("slowloris: %d slow connections, worst /healthz %ld ms over "
	       "%d rounds\n", open_fds, worst, round);
	assert_true(worst < 1000);
	for (i = 0; i < SLOW_CLIENTS; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
	}
	free(fds);
	assert_int_equal(server_stop(&srv), 0);
	server_cleanup(&srv);
}

#define BURST_TRIES 36

/*
 * A request that arrives with a burst of other connections' bytes is
 * still answered at once. The server is paused while about 128 idle
 * connections each get a byte and one client asks for /healthz, then
 * let go: the signal that hands the request to a connection thread
 * lands in the same batch of ready connections as the burst. An event
 * loop that drains full batches of 128 without looking at that signal
 * sleeps until a connection times out (here 5 s) before answering.
 */
static void test_answered_after_a_burst(void **state)
{
	const char *args[] = { "--timeout", "5", "--max-connections", "2000",
			       "--max-connections-per-ip", "64", NULL };
	static const char req[] = "GET /healthz HTTP/1.1\r\nHost: x\r\n"
				  "Connection: close\r\n\r\n";
	struct server srv;
	long worst = 0;
	int try;

	(void)state;
	if (getenv("DOSSIER_BIN_WRAPPER"))
		skip();	/* timings mean nothing under valgrind */
	assert_int_equal(server_start(&srv, args, NULL), 0);
	for (try = 0; try < BURST_TRIES; try++) {
		/* Around 254, one of two threads holds 127 of them. */
		int n = 250 + try % 9, fds[260], i, fd;
		struct pollfd p;
		struct timespec t0;
		char buf[64];
		long ms;

		for (i = 0; i < n; i++) {
			char src[32];

			snprintf(src, sizeof(src), "127.0.0.%d", 2 + i / 50);
			fds[i] = raw_connect(&srv, src);
			assert_true(fds[i] >= 0);
			send(fds[i], "GET ", 4, MSG_NOSIGNAL);
		}
		usleep(100000);
		kill(srv.pid, SIGSTOP);
		for (i = 0; i < n; i++)
			send(fds[i], "/", 1, MSG_NOSIGNAL);
		fd = raw_connect(&srv, NULL);
		if (fd < 0)
			kill(srv.pid, SIGCONT);
		assert_true(fd >= 0);
		send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL);
		usleep(20000);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		kill(srv.pid, SIGCONT);
		p.fd = fd;
		p.events = POLLIN;
		p.revents = 0;
		assert_int_equal(poll(&p, 1, 10000), 1);
		assert_true(recv(fd, buf, sizeof(buf), 0) >= 12);
		assert_memory_equal(buf, "HTTP/1.1 200", 12);
		ms = ms_since(&t0);
		if (ms > worst)
			worst = ms;
		close(fd);
		for (i = 0; i < n; i++)
			close(fds[i]);
		usleep(100000);
	}
	printf("burst: worst /healthz %ld ms over %d bursts of ~128 "
	       "connections a thread\n", worst, BURST_TRIES);
	assert_true(worst < 2000);
	assert_int_equal(server_stop(&srv), 0);
	server_cleanup(&srv);
}

int test_hostile(int *total)
{
	struct CMUnitTest *tests;
	const struct CMUnitTest special[] = {
		cmocka_unit_test(test_raw_oversized),
		cmocka_unit_test(test_long_path_not_echoed),
		cmocka_unit_test(test_crlf_link),
		cmocka_unit_test(test_free_text_filters),
		cmocka_unit_test(test_forged_cursors),
		cmocka_unit_test(test_no_secrets),
		cmocka_unit_test(test_long_utf8_sort_values),
		cmocka_unit_test(test_query_timeout),
		cmocka_unit_test(test_per_ip_limit),
		cmocka_unit_test(test_stalled_client_dropped),
		cmocka_unit_test(test_slowloris),
		cmocka_unit_test(test_answered_after_a_burst),
	};
	size_t nraw = sizeof(raw_cases) / sizeof(raw_cases[0]);
	size_t nspecial = sizeof(special) / sizeof(special[0]), i, n;
	char **names;
	char key[200];
	int failed;

	if (server_keys(shared_server(), "create", "hostile", key,
			sizeof(key)) != 0) {
		fprintf(stderr, "cannot create an API key\n");
		return 1;
	}
	snprintf(auth_header, sizeof(auth_header), "Authorization: Bearer %s",
		 key);
	build_cases();
	n = ncases + nraw + nspecial;
	tests = calloc(n, sizeof(*tests));
	names = calloc(ncases, sizeof(*names));
	for (i = 0; i < ncases; i++) {
		names[i] = malloc(160);
		snprintf(names[i], 160, "%s %.100s%s -> %ld", cases[i].method,
			 cases[i].path, cases[i].body ? " (body)" : "",
			 cases[i].status);
		tests[i].name = names[i];
		tests[i].test_func = run_case;
		tests[i].initial_state = &cases[i];
	}
	for (i = 0; i < nraw; i++) {
		tests[ncases + i].name = raw_cases[i].name;
		tests[ncases + i].test_func = test_raw;
		tests[ncases + i].initial_state = (void *)&raw_cases[i];
	}
	memcpy(tests + ncases + nraw, special, sizeof(special));
	printf("hostile: %zu requests over libcurl, %zu raw\n", ncases,
	       nraw + 3);
	failed = _cmocka_run_group_tests("hostile", tests, n, NULL, NULL);
	for (i = 0; i < ncases; i++)
		free(names[i]);
	free(names);
	free(tests);
	for (i = 0; i < nowned; i++)
		free(owned[i]);
	free(owned);
	free(cases);
	*total += (int)n;
	return failed;
}
