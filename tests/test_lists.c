/* SPDX-License-Identifier: MIT */
/*
 * List semantics: keyset walks return every row exactly once, in order;
 * filters mean what the contract says; CSV/NDJSON carry the same rows;
 * ETag, 304, Link and CORS behave.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "harness.h"
#include "tests.h"

/* The key that identifies rows of each list, for duplicate checks. */
static const char *key_of(const char *path)
{
	if (strncmp(path, "/countries?", 11) == 0 ||
	    strcmp(path, "/countries") == 0 ||
	    strncmp(path, "/event-types", 12) == 0)
		return "code";
	return "id";
}

/* Fetches path with count=exact and limit=1000 as the reference. */
static json_t *all_rows(const char *path, json_int_t *total)
{
	char url[1024];
	struct response r;
	json_t *data;

	snprintf(url, sizeof(url), "%s%climit=1000&count=exact", path,
		 strchr(path, '?') ? '&' : '?');
	get(shared_server(), url, &r);
	if (r.status != 200)
		fail_msg("GET %s: %ld %s", url, r.status, r.body);
	data = json_incref(json_object_get(r.json, "data"));
	*total = json_integer_value(
		json_object_get(json_object_get(r.json, "meta"), "total"));
	response_free(&r);
	return data;
}

/* Walks path page by page via links.next; compares with one big page. */
static void walk(const char *path, int limit)
{
	const char *key = key_of(path);
	json_int_t total;
	json_t *want = all_rows(path, &total), *seen = json_array();
	char url[2048];
	int pages = 0;
	size_t i;

	assert_int_equal((json_int_t)json_array_size(want), total);
	snprintf(url, sizeof(url), "%s%climit=%d", path,
		 strchr(path, '?') ? '&' : '?', limit);
	while (1) {
		struct response r;
		json_t *next, *row;
		char *link;

		get(shared_server(), url, &r);
		if (r.status != 200)
			fail_msg("GET %s: %ld %s", url, r.status, r.body);
		assert_true(json_array_size(json_object_get(r.json, "data")) <=
			    (size_t)limit);
		json_array_foreach(json_object_get(r.json, "data"), i, row)
			json_array_append(seen, row);
		next = json_object_get(json_object_get(r.json, "links"),
				       "next");
		link = response_header(&r, "Link");
		pages++;
		if (json_is_null(next)) {
			assert_null(link);
			response_free(&r);
			break;
		}
		assert_non_null(link);
		assert_non_null(strstr(link, "rel=\"next\""));
		free(link);
		snprintf(url, sizeof(url), "%s", json_string_value(next));
		response_free(&r);
		assert_true(pages <= total + 1);
	}
	/* Same rows, same order, each once. */
	assert_int_equal(json_array_size(seen), json_array_size(want));
	for (i = 0; i < json_array_size(want); i++) {
		const char *a = json_string_value(json_object_get(
			json_array_get(seen, i), key));
		const char *b = json_string_value(json_object_get(
			json_array_get(want, i), key));

		if (!a || !b || strcmp(a, b) != 0)
			fail_msg("%s row %zu: walked %s, expected %s", path, i,
				 a ? a : "?", b ? b : "?");
	}
	json_decref(seen);
	json_decref(want);
}

/*
 * Behind a proxy that mounts the API under a path (X-Forwarded-Prefix),
 * the links an answer gives include it; a prefix that is not a plain path
 * is ignored.
 */
static void test_forwarded_prefix(void **state)
{
	const char *api[] = { "X-Forwarded-Prefix: /api/", NULL };
	const char *bad[] = { "X-Forwarded-Prefix: /a\"b", NULL };
	struct response r;
	char *link;

	(void)state;
	assert_int_equal(http(shared_server(), "GET", "/events?limit=1", api,
			      NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(strncmp(json_string_value(json_object_get(
		json_object_get(r.json, "links"), "next")), "/api/events?", 12),
		0);
	link = response_header(&r, "Link");
	assert_int_equal(strncmp(link, "</api/events?", 13), 0);
	free(link);
	response_free(&r);
	/* Answers with links say they depend on the prefix, from the
	 * cache too; a record's do not. */
	{
		static const char *const linked[] = {
			"/events?limit=1", "/events?limit=1",
			"/stats?by=year", "/network?limit=1",
		};
		size_t i;

		for (i = 0; i < 4; i++) {
			assert_int_equal(http(shared_server(), "GET",
					      linked[i], NULL, NULL, &r), 0);
			link = response_header(&r, "Vary");
			if (!link || !strstr(link, "X-Forwarded-Prefix"))
				fail_msg("%s: Vary %s", linked[i],
					 link ? link : "(none)");
			free(link);
			response_free(&r);
		}
		assert_int_equal(http(shared_server(), "GET",
				      "/actors/huawei", NULL, NULL, &r), 0);
		link = response_header(&r, "Vary");
		assert_true(!link || !strstr(link, "X-Forwarded-Prefix"));
		free(link);
		response_free(&r);
	}
	assert_int_equal(http(shared_server(), "GET", "/events?limit=1", bad,
			      NULL, &r), 0);
	assert_int_equal(strncmp(json_string_value(json_object_get(
		json_object_get(r.json, "links"), "self")), "/events?", 8), 0);
	response_free(&r);
	/* /docs/ is the page at ../docs, whatever the prefix. */
	assert_int_equal(http(shared_server(), "GET", "/docs/", NULL, NULL,
			      &r), 0);
	assert_int_equal(r.status, 301);
	link = response_header(&r, "Location");
	assert_string_equal(link, "../docs");
	free(link);
	response_free(&r);
}

/* Search-box text: -"a phrase" excludes it; a dash is no word. */
static void test_search_text(void **state)
{
	struct response r;

	(void)state;
	get(shared_server(), "/events?q=huawei&fields=id&limit=100", &r);
	assert_non_null(strstr(r.body, "liu-praises-huawei-security-record"));
	response_free(&r);
	get(shared_server(), "/events?q=huawei%20-%22security%20record%22"
	    "&fields=id&limit=100", &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "liu-praises-huawei-security-record"));
	assert_non_null(strstr(r.body, "\"data\":[{"));
	response_free(&r);
	/* A title pasted with its dash, guillemets, an ellipsis. */
	get(shared_server(), "/events?q=huawei%20%E2%80%93%20%C2%AB5G%C2%BB"
	    "%20%E2%80%A6&fields=id", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"data\":[{"));
	response_free(&r);
}

static void test_walks(void **state)
{
	(void)state;
	walk("/events", 7);
	walk("/events?sort=id", 5);
	walk("/events?country=GB&sort=-id", 4);
	walk("/events?q=huawei", 3);
	walk("/events?q=huawei&sort=-relevance", 4);
	walk("/events?q=minister&country=GB", 2);
	walk("/events?q=minister&country=GB&sort=relevance", 2);
	walk("/events?q=huawei&sort=-date", 5);
	walk("/actors?q=may", 1);
	walk("/countries?q=united", 2);
	walk("/event-types?q=make%20OR%20host", 3);
	walk("/events?from=2019-04&to=2019-04-30", 2);
	walk("/actors", 6);
	walk("/actors?kind=person&sort=-name", 3);
	walk("/actors/huawei/events", 2);
	walk("/countries", 17);
	walk("/countries?sort=-name", 50);
	walk("/countries?region=Africa&sort=iso3", 9);
	walk("/event-types", 40);
	walk("/sources", 1);
}

/*
 * Asserts the values of field in list path are ordered (desc or not),
 * without regard to case when nocase (names: "Gavin" before "GCHQ").
 */
static void assert_sorted_as(const char *path, const char *field, int desc,
			     int nocase)
{
	struct response r;
	const char *prev = NULL;
	json_t *row;
	size_t i;

	get(shared_server(), path, &r);
	assert_int_equal(r.status, 200);
	json_array_foreach(json_object_get(r.json, "data"), i, row) {
		const char *v = json_string_value(json_object_get(row, field));

		if (!v)
			v = "";
		int cmp = prev ? (nocase ? strcasecmp(prev, v) :
				  strcmp(prev, v)) : 0;

		if (desc ? cmp < 0 : cmp > 0)
			fail_msg("%s: %s out of order after %s", path, v, prev);
		prev = v;
	}
	response_free(&r);
}

static void assert_sorted(const char *path, const char *field, int desc)
{
	assert_sorted_as(path, field, desc, 0);
}

static void test_sorting(void **state)
{
	(void)state;
	assert_sorted("/events?sort=id&limit=1000", "id", 0);
	assert_sorted("/events?sort=-id&limit=1000", "id", 1);
	assert_sorted_as("/actors?limit=1000", "name", 0, 1);
	assert_sorted_as("/actors?limit=1000&sort=-name", "name", 1, 1);
	assert_sorted_as("/sources?sort=title", "title", 0, 1);
	assert_sorted("/countries?sort=iso3&limit=1000", "iso3", 0);
	assert_sorted("/sources?sort=-published", "published", 1);
}

/* Every row of path satisfies check(row); there is at least one row. */
static void each_row(const char *path, void (*check)(json_t *row))
{
	struct response r;
	json_t *row;
	size_t i;

	get(shared_server(), path, &r);
	if (r.status != 200)
		fail_msg("GET %s: %ld %s", path, r.status, r.body);
	assert_true(json_array_size(json_object_get(r.json, "data")) > 0);
	json_array_foreach(json_object_get(r.json, "data"), i, row)
		check(row);
	response_free(&r);
}

static json_int_t count_of(const char *path)
{
	char url[1024];
	struct response r;
	json_int_t n;

	snprintf(url, sizeof(url), "%s%ccount=exact&limit=1", path,
		 strchr(path, '?') ? '&' : '?');
	get(shared_server(), url, &r);
	if (r.status != 200)
		fail_msg("GET %s: %ld %s", url, r.status, r.body);
	n = json_integer_value(json_object_get(json_object_get(r.json, "meta"),
					       "total"));
	response_free(&r);
	return n;
}

static void type_under_17(json_t *row)
{
	const char *code = json_string_value(json_object_get(
		json_object_get(row, "type"), "code"));

	assert_non_null(code);
	assert_true(strncmp(code, "17", 2) == 0);
}

static void dated_april_2019(json_t *row)
{
	const char *d = json_string_value(json_object_get(row, "date"));

	assert_non_null(d);
	assert_true(strncmp(d, "2019-04", 7) == 0);
}

static void involves_pl(json_t *row)
{
	json_t *c;
	size_t i;
	int found = 0;

	json_array_foreach(json_object_get(row, "countries"), i, c)
		found |= strcmp(json_string_value(c), "PL") == 0;
	assert_true(found);
}

static void may_initiates(json_t *row)
{
	json_t *p;
	size_t i;
	int found = 0;

	json_array_foreach(json_object_get(row, "participants"), i, p) {
		if (strcmp(json_string_value(json_object_get(p, "actor")),
			   "theresa-may") == 0 &&
		    strcmp(json_string_value(json_object_get(p, "role")),
			   "initiator") == 0)
			found = 1;
	}
	assert_true(found);
}

static void person_in_gb(json_t *row)
{
	assert_string_equal(json_string_value(json_object_get(row, "kind")),
			    "person");
	assert_string_equal(json_string_value(json_object_get(row,
							      "country")),
			    "GB");
}

static void quad_4(json_t *row)
{
	assert_int_equal(json_integer_value(json_object_get(row,
							    "quad_class")), 4);
}

static void test_filters(void **state)
{
	(void)state;
	each_row("/events?type=17", type_under_17);
	each_row("/events?from=2019-04&to=2019-04", dated_april_2019);
	each_row("/events?country=pl", involves_pl);
	each_row("/events?actor=theresa-may&role=initiator", may_initiates);
	each_row("/actors?kind=person&country=GBR", person_in_gb);
	each_row("/event-types?quad_class=4&limit=1000", quad_4);

	/* Reference data is complete. */
	assert_int_equal(count_of("/countries"), 249);
	assert_int_equal(count_of("/event-types"), 311);
	assert_int_equal(count_of("/countries?member_of=five-eyes"), 5);
	/* Regions in any case, several at once, or none of them (the one
	 * country without a region, Antarctica, is in none). */
	assert_int_equal(count_of("/countries?region=europe,ASIA"),
			 count_of("/countries?region=Europe") +
			 count_of("/countries?region=asia"));
	assert_int_equal(count_of("/countries?not_region=Africa,Americas,"
				  "Asia,Europe") +
			 count_of("/countries?region=Africa,Americas,Asia,"
				  "Europe"), 249);
	assert_int_equal(count_of("/countries?subregion=western%20europe,"
				  "Northern%20Europe&region=europe"),
			 count_of("/countries?subregion=Western%20Europe") +
			 count_of("/countries?subregion=northern%20europe"));
	assert_true(count_of("/event-types?root=17") > 1);
	/* A day is inside its month; an undated event matches no range. */
	assert_true(count_of("/events?from=2019-04-23&to=2019-04-23") <=
		    count_of("/events?from=2019-04&to=2019-04"));
	assert_true(count_of("/events?from=1900") <
		    count_of("/events"));
	/* Filters narrow: the pair actor+role is not actor AND any role. */
	assert_true(count_of("/events?actor=theresa-may&role=opponent") <
		    count_of("/events?actor=theresa-may"));
	/* Nested routes equal the matching filter. */
	assert_int_equal(count_of("/countries/gb/events"),
			 count_of("/events?country=GB"));
	assert_int_equal(count_of("/actors/huawei/events"),
			 count_of("/events?actor=huawei"));
	assert_int_equal(count_of("/countries/GBR/actors"),
			 count_of("/actors?country=gb"));
}

/*
 * A filter's value that names nothing is told under the name it was given:
 * not_source=, not_actor=, a list's item.
 */
static void test_filter_errors_name_the_form(void **state)
{
	static const char *const cases[][2] = {
		{ "/actors?not_source=no-such-source", "not_source" },
		{ "/actors?source=no-such-source", "source" },
		{ "/actors?not_country=XX", "not_country" },
		{ "/actors?country=GB,XX", "country" },
		{ "/actors?not_kind=bad", "not_kind" },
		{ "/sources?not_kind=bad", "not_kind" },
		{ "/events?not_actor=nobody", "not_actor" },
		{ "/events?actor=huawei,nobody", "actor" },
		{ "/stats?by=year&not_actor=nobody", "not_actor" },
		{ "/network?not_country=XX", "not_country" },
		{ "/countries?region=Europe,Narnia", "region" },
		{ "/countries?not_subregion=Narnia", "not_subregion" },
	};
	struct response r;
	char want[64];
	const char *p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		get(shared_server(), cases[i][0], &r);
		assert_problem(&r, 400, "invalid-parameter");
		snprintf(want, sizeof(want), "\"parameter\":\"%s\"",
			 cases[i][1]);
		if (!strstr(r.body, want))
			fail_msg("%s: %s", cases[i][0], r.body);
		snprintf(want, sizeof(want), "\"detail\":\"%s", cases[i][1]);
		p = strstr(r.body, want);
		if (!p || !strchr(":=", p[strlen(want)]))
			fail_msg("%s: %s", cases[i][0], r.body);
		response_free(&r);
	}
	/* Every record but the ones named. */
	assert_int_equal(count_of("/sources?not_id=itv-2019-04-24-huawei-5g") + 1,
			 count_of("/sources"));
	assert_int_equal(count_of("/actors?not_id=huawei,theresa-may") + 2,
			 count_of("/actors"));
}

static void test_fields_and_formats(void **state)
{
	struct response r;
	const char *csv[] = { "Accept: text/csv", NULL };
	const char *nd[] = { "Accept: application/x-ndjson", NULL };
	json_int_t n = count_of("/actors");
	json_t *row;
	size_t i, lines = 0;
	char *p;

	(void)state;
	get(shared_server(), "/events?fields=date,id&limit=5", &r);
	json_array_foreach(json_object_get(r.json, "data"), i, row) {
		assert_int_equal(json_object_size(row), 2);
		assert_non_null(json_object_get(row, "id"));
	}
	response_free(&r);

	/* CSV: a header and one record per row (quoted newlines aside). */
	assert_int_equal(http(shared_server(), "GET",
			      "/actors?limit=1000&fields=id,name,kind", csv,
			      NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(strncmp(r.body, "id,name,kind\r\n", 14) == 0);
	for (p = r.body; (p = strstr(p, "\r\n")); p += 2)
		lines++;
	assert_int_equal((json_int_t)lines, n + 1);
	p = response_header(&r, "Vary");
	assert_non_null(p);
	assert_non_null(strstr(p, "Accept"));
	free(p);
	response_free(&r);

	assert_int_equal(http(shared_server(), "GET", "/actors?limit=1000",
			      nd, NULL, &r), 0);
	lines = 0;
	for (p = r.body; *p;) {
		char *eol = strchr(p, '\n');
		json_t *j;

		assert_non_null(eol);
		j = json_loadb(p, (size_t)(eol - p), 0, NULL);
		assert_non_null(json_object_get(j, "id"));
		json_decref(j);
		lines++;
		p = eol + 1;
	}
	assert_int_equal((json_int_t)lines, n);
	response_free(&r);
}

/*
 * A list's rows are its records as GET shows each alone: the lists read
 * for a whole page (an event's participants, sources, countries and
 * related events; an actor's affiliations, members and sources; a
 * country's memberships) belong to their own row, in any order of the
 * page and with any fields.
 */
static void test_pages_match_items(void **state)
{
	static const struct {
		const char *page, *items, *key;
	} pages[] = {
		{ "/events?limit=1000", "/events/", "id" },
		{ "/events?limit=1000&sort=-id", "/events/", "id" },
		{ "/events?limit=7&sort=id", "/events/", "id" },
		{ "/events?limit=1000&fields=related,id,participants", "/events/",
		  "id" },
		{ "/actors?limit=1000", "/actors/", "id" },
		{ "/actors?limit=1000&sort=-name&fields=members,id", "/actors/",
		  "id" },
		{ "/countries?limit=1000&fields=memberships,code", "/countries/",
		  "code" },
	};
	size_t p, i, checked = 0;

	(void)state;
	for (p = 0; p < sizeof(pages) / sizeof(pages[0]); p++) {
		struct response list;
		json_t *row;

		get(shared_server(), pages[p].page, &list);
		assert_int_equal(list.status, 200);
		json_array_foreach(json_object_get(list.json, "data"), i, row) {
			const char *id = json_string_value(
				json_object_get(row, pages[p].key));
			struct response item;
			char url[512];
			json_t *want = json_object(), *v;
			const char *k;

			snprintf(url, sizeof(url), "%s%s", pages[p].items, id);
			get(shared_server(), url, &item);
			assert_int_equal(item.status, 200);
			json_object_foreach(row, k, v)
				json_object_set(want, k,
						json_object_get(item.json, k));
			if (!json_equal(row, want))
				fail_msg("%s: row %s differs from its GET",
					 pages[p].page, id);
			json_decref(want);
			response_free(&item);
			checked++;
		}
		response_free(&list);
	}
	assert_true(checked > 300);
}

/* text as the server writes a snippet: \2 and \3 as marks, the rest
 * escaped for HTML. */
static void as_html(char *out, size_t size, const char *text)
{
	size_t n = 0;

	for (; *text && n + 8 < size; text++) {
		const char *put = *text == '\2' ? "<mark>" :
				  *text == '\3' ? "</mark>" :
				  *text == '&' ? "&amp;" : *text == '<' ? "&lt;" :
				  *text == '>' ? "&gt;" : NULL;

		if (put)
			n += (size_t)snprintf(out + n, size - n, "%s", put);
		else
			out[n++] = *text;
	}
	out[n] = '\0';
}

/*
 * The matches of a search are the snippets FTS5's snippet() makes of
 * each field that matched (the same window of 24 tokens, the same
 * ellipses), on the articles' events: words, phrases, prefixes, NOT, in
 * FTS5's syntax and in the search box's (then FTS5's of the same
 * search beside it). Found from the row's own text for most searches,
 * by FTS5 for a prefix: both ways give snippet()'s.
 */
static void test_matches_as_snippets(void **state)
{
	static const struct {
		const char *q, *fts5;	/* fts5: NULL when q is FTS5's */
	} queries[] = {
		{ "huawei", NULL }, { "security", NULL },
		{ "\"national security\"", NULL }, { "five eyes", NULL },
		{ "leak*", NULL }, { "huawei NOT security", NULL },
		{ "china OR britain", NULL }, { "said", NULL },
		{ "network core", NULL }, { "minister", NULL },
		{ "(huawei OR china) AND security", NULL },
		{ "\"Huawei's\" \"5G\"", NULL }, { "ministers", NULL },
		{ "Huawei security", "\"huawei\" \"security\"" },
		{ "\"national security\" OR leak", "\"national security\" OR leak" },
		{ "china -britain", "china NOT britain" },
		{ "Huawei's 5G network", "\"huawei\" \"5g\" \"network\"" },
		{ "leak*", "leak*" },
		{ "MAY may", "may may" },
	};
	static const char *const columns[] = {
		"title", "summary", "quotes", "participants",
	};
	char path[300];
	sqlite3 *db;
	sqlite3_stmt *st;
	size_t i, j, rows = 0;

	(void)state;
	/* It compares with SQLite's own FTS5 snippet(), read from the file. */
	if (getenv("DOSSIER_TEST_PG"))
		skip();
	snprintf(path, sizeof(path), "file:%s/test.db?mode=ro",
		 shared_server()->dir);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY |
					 SQLITE_OPEN_URI, NULL), SQLITE_OK);
	/* The full-text row of an event: its key holds the pk in its low
	 * 40 bits (db/event_key.h). */
	assert_int_equal(sqlite3_prepare_v2(db,
		"SELECT snippet(events_fts, 0, char(2), char(3), '\u2026', 24),"
		" snippet(events_fts, 1, char(2), char(3), '\u2026', 24),"
		" snippet(events_fts, 2, char(2), char(3), '\u2026', 24),"
		" snippet(events_fts, 3, char(2), char(3), '\u2026', 24)"
		" FROM events_fts WHERE events_fts MATCH ?1 AND rowid IN"
		" (SELECT rowid FROM events_fts WHERE events_fts MATCH ?1"
		" AND (rowid & 1099511627775) ="
		" (SELECT pk FROM events WHERE id = ?2))", -1, &st, NULL),
		SQLITE_OK);
	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		const char *fts5 = queries[i].fts5 ? queries[i].fts5 :
				   queries[i].q;
		char *q = url_encode(queries[i].q), url[400];
		struct response r;
		json_t *row;
		size_t k;

		snprintf(url, sizeof(url), "/events?q=%s%s&fields=id&limit=1000",
			 q, queries[i].fts5 ? "" : "&q_syntax=fts5");
		free(q);
		get(shared_server(), url, &r);
		if (r.status != 200)
			fail_msg("%s: %ld", url, r.status);
		json_array_foreach(json_object_get(r.json, "data"), k, row) {
			const char *id = json_string_value(
				json_object_get(row, "id"));
			json_t *want = json_object();

			sqlite3_bind_text(st, 1, fts5, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
			assert_int_equal(sqlite3_step(st), SQLITE_ROW);
			for (j = 0; j < 4; j++) {
				const char *text = (const char *)
					sqlite3_column_text(st, (int)j);
				char html[4096];

				if (!text || !strchr(text, '\2'))
					continue;
				as_html(html, sizeof(html), text);
				json_object_set_new(want, columns[j],
						    json_string(html));
			}
			sqlite3_reset(st);
			if (!json_equal(json_object_get(row, "matches"), want))
				fail_msg("q=%s: %s: %s, snippet() gives %s",
					 queries[i].q, id,
					 json_dumps(json_object_get(row,
							"matches"), 0),
					 json_dumps(want, 0));
			json_decref(want);
			rows++;
		}
		response_free(&r);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_true(rows > 100);
}

static void test_http_caching(void **state)
{
	struct response r;
	char inm[128], *etag, *cc, *cl, full[24];
	const char *h[] = { inm, NULL };

	(void)state;
	get(shared_server(), "/actors/huawei", &r);
	etag = response_header(&r, "ETag");
	assert_non_null(etag);
	assert_true(etag[0] == '"');
	snprintf(full, sizeof(full), "%zu", r.body_len);
	response_free(&r);
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	assert_int_equal(http(shared_server(), "GET", "/actors/huawei", h,
			      NULL, &r), 0);
	assert_int_equal(r.status, 304);
	assert_int_equal(r.body_len, 0);
	/* No body, and no Content-Length but the 200's (RFC 9110, 8.6). */
	cl = response_header(&r, "Content-Length");
	if (cl)
		assert_string_equal(cl, full);
	free(cl);
	response_free(&r);
	/* A stale tag gets the full body again. */
	snprintf(inm, sizeof(inm), "If-None-Match: \"0000\"");
	assert_int_equal(http(shared_server(), "GET", "/actors/huawei", h,
			      NULL, &r), 0);
	assert_int_equal(r.status, 200);
	response_free(&r);
	free(etag);

	/* Lists carry ETags too; reference data is cacheable. */
	get(shared_server(), "/countries?limit=3", &r);
	etag = response_header(&r, "ETag");
	cc = response_header(&r, "Cache-Control");
	assert_non_null(etag);
	assert_string_equal(cc, "public, max-age=3600");
	free(etag);
	free(cc);
	response_free(&r);
	get(shared_server(), "/events?limit=3", &r);
	cc = response_header(&r, "Cache-Control");
	assert_string_equal(cc, "no-cache");
	free(cc);
	cc = response_header(&r, "X-Content-Type-Options");
	assert_string_equal(cc, "nosniff");
	free(cc);
	response_free(&r);
}

/* Large bodies are gzipped on request: same JSON, its own ETag. */
static void test_gzip(void **state)
{
	const char *gz[] = { "Accept-Encoding: gzip", NULL };
	struct response plain, packed;
	char *enc, *etag_plain, *etag_packed, *vary;

	(void)state;
	get(shared_server(), "/events?limit=20", &plain);
	assert_int_equal(http(shared_server(), "GET", "/events?limit=20", gz,
			      NULL, &packed), 0);
	enc = response_header(&packed, "Content-Encoding");
	assert_string_equal(enc, "gzip");
	assert_null(response_header(&plain, "Content-Encoding"));
	assert_true(json_equal(plain.json, packed.json));
	etag_plain = response_header(&plain, "ETag");
	etag_packed = response_header(&packed, "ETag");
	assert_string_not_equal(etag_plain, etag_packed);
	assert_non_null(strstr(etag_packed, "-gzip\""));
	vary = response_header(&plain, "Vary");
	assert_non_null(strstr(vary, "Accept-Encoding"));
	free(enc);
	free(etag_plain);
	free(etag_packed);
	free(vary);
	response_free(&plain);
	response_free(&packed);
	/* Small bodies are sent as they are. */
	assert_int_equal(http(shared_server(), "GET", "/healthz", gz, NULL,
			      &packed), 0);
	assert_null(response_header(&packed, "Content-Encoding"));
	response_free(&packed);
}

static void test_cors(void **state)
{
	const char *simple[] = { "Origin: https://app.example", NULL };
	const char *pre[] = { "Origin: https://app.example",
			      "Access-Control-Request-Method: GET", NULL };
	struct response r;
	char *v;

	(void)state;
	assert_int_equal(http(shared_server(), "GET", "/actors?limit=1",
			      simple, NULL, &r), 0);
	v = response_header(&r, "Access-Control-Allow-Origin");
	assert_string_equal(v, "*");
	free(v);
	response_free(&r);
	assert_int_equal(http(shared_server(), "OPTIONS", "/actors", pre,
			      NULL, &r), 0);
	assert_int_equal(r.status, 204);
	v = response_header(&r, "Access-Control-Allow-Methods");
	assert_non_null(v);
	assert_non_null(strstr(v, "GET"));
	free(v);
	response_free(&r);
	/* OPTIONS on an unknown path is still a 404. */
	assert_int_equal(http(shared_server(), "OPTIONS", "/nowhere", pre,
			      NULL, &r), 0);
	assert_problem(&r, 404, "not-found");
	response_free(&r);
}

static void test_cursor_binding(void **state)
{
	struct response r;
	char url[2048];
	const char *next, *cur;

	(void)state;
	get(shared_server(), "/events?limit=2", &r);
	next = json_string_value(json_object_get(json_object_get(r.json,
								 "links"),
						 "next"));
	assert_non_null(next);
	cur = strstr(next, "cursor=");
	assert_non_null(cur);
	/* The same cursor under another sort or resource is refused. */
	snprintf(url, sizeof(url), "/events?sort=id&%s", cur);
	{
		struct response r2;

		get(shared_server(), url, &r2);
		assert_problem(&r2, 400, "invalid-cursor");
		response_free(&r2);
		snprintf(url, sizeof(url), "/actors?%s", cur);
		get(shared_server(), url, &r2);
		assert_problem(&r2, 400, "invalid-cursor");
		response_free(&r2);
		/* Altering one character of the payload is caught. */
		snprintf(url, sizeof(url), "/events?%s", cur);
		url[20] = url[20] == 'A' ? 'B' : 'A';
		get(shared_server(), url, &r2);
		assert_problem(&r2, 400, "invalid-cursor");
		response_free(&r2);
	}
	response_free(&r);
}

/*
 * Ids of every row of path on s, in order, as one string, read in pages
 * of 2 by following links.next (so every plan resumes from cursors too).
 */
static char *ids_of(struct server *s, const char *path)
{
	struct buf_like { char *p; size_t len; } out = { calloc(1, 1), 0 };
	char url[4096];
	json_t *row;
	size_t i;

	snprintf(url, sizeof(url), "%s%climit=2", path,
		 strchr(path, '?') ? '&' : '?');
	while (url[0]) {
		struct response r;
		const char *next;

		get(s, url, &r);
		if (r.status != 200)
			fail_msg("GET %s: %ld %s", url, r.status, r.body);
		json_array_foreach(json_object_get(r.json, "data"), i, row) {
			const char *id = json_string_value(json_object_get(row,
									   "id"));
			size_t n = strlen(id);

			out.p = realloc(out.p, out.len + n + 2);
			memcpy(out.p + out.len, id, n);
			out.p[out.len + n] = ' ';
			out.len += n + 1;
			out.p[out.len] = '\0';
		}
		next = json_string_value(json_object_get(
			json_object_get(r.json, "links"), "next"));
		snprintf(url, sizeof(url), "%s", next ? next : "");
		response_free(&r);
	}
	return out.p;
}

/*
 * The plans of a filtered list (the selective filter drives; the sort
 * order drives and filters are checked row by row; that walk runs out of
 * its budget and the filter fewest rows passed drives) give the same rows
 * in the same order, page by page. --selective-rows 1 sends every list
 * down the walk with a budget of 2 rows, 3 with a budget of 6.
 */
static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The ids of every page of path (ids_of), sorted: the rows as a set. */
static char *id_set(struct server *s, const char *path)
{
	char *ids = ids_of(s, path), *words[200], *p, *out;
	size_t n = 0, i, len = strlen(ids) + 1;

	for (p = strtok(ids, " "); p && n < 200; p = strtok(NULL, " "))
		words[n++] = p;
	assert_true(n < 200);
	qsort(words, n, sizeof(*words), by_text);
	out = calloc(1, len);
	for (i = 0; i < n; i++) {
		strcat(out, words[i]);
		strcat(out, " ");
	}
	free(ids);
	return out;
}

/*
 * A search with dates, sorted by date, walks its matches from the first
 * key the dates allow to the last: the same events as when ranked by
 * relevance, which checks the dates of each match instead. The bounds
 * fall on days with matches, so a walk that starts or stops a day off
 * shows.
 */
static void test_search_dates(void **state)
{
	static const char *const dates[] = {
		"from=2019-04-23", "to=2019-04-23", "from=2019-03-29",
		"to=2019-03-28", "from=2019-03-28&to=2019-04-23",
		"from=2019-04&to=2019-04", "to=2019-01", "from=2018-08-13",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		char by_date[256], by_rank[256];
		char *want, *got;

		snprintf(by_date, sizeof(by_date), "/events?q=huawei&%s",
			 dates[i]);
		snprintf(by_rank, sizeof(by_rank),
			 "/events?q=huawei&%s&sort=relevance", dates[i]);
		got = id_set(shared_server(), by_date);
		want = id_set(shared_server(), by_rank);
		if (strcmp(want, got) != 0 || !*want)
			fail_msg("%s: %s, ranked: %s", by_date, got, want);
		free(got);
		free(want);
	}
}

static void test_plans_agree(void **state)
{
	static const char *const lists[] = {
		"/events?country=GB", "/events?actor=sajid-javid&role=opponent",
		"/events?role=initiator&sort=id", "/events?type=1",
		"/events?quad_class=1&from=2019-04&to=2019-04",
		"/events?country=GB&type=0&sort=-id",
		"/events?source=itv-2019-04-24-huawei-5g&country=CN",
		"/actors/huawei/events?role=target",
		"/countries/pl/events",
		"/events?q=huawei&country=GB", "/events?q=huawei&sort=id",
		"/events?q=huawei&type=0&sort=-date",
		"/events?updated_since=2000-01-01&country=CN",
		"/events?updated_since=2000-01-01&sort=updated_at&type=1",
		"/events?from=2019-04-23&sort=id",
		"/events?to=2019-04-24&country=GB&sort=-id",
		"/events?from=2019&to=2019&actor=theresa-may",
	};
	static const char *const budgets[] = { "1", "3" };
	struct server checks;
	size_t i, b;

	(void)state;
	for (b = 0; b < sizeof(budgets) / sizeof(budgets[0]); b++) {
		const char *args[] = { "--selective-rows", budgets[b], NULL };

		assert_int_equal(server_start(&checks, args, NULL), 0);
		for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
			char *want = ids_of(shared_server(), lists[i]);
			char *got = ids_of(&checks, lists[i]);

			if (strcmp(want, got) != 0)
				fail_msg("%s differs with --selective-rows "
					 "%s:\n%s\n%s", lists[i], budgets[b],
					 want, got);
			if (!*want)
				fail_msg("%s is empty: choose a list with "
					 "rows", lists[i]);
			free(want);
			free(got);
		}
		assert_int_equal(server_stop(&checks), 0);
		server_cleanup(&checks);
	}
}

/*
 * A kind's or a country's actors, read in name or id order from their
 * own index (migration 67), page by page: the same actors in the same
 * order as the whole list sorted so, kept by kind and country here. Names of
 * both cases sort as read ("Gavin Williamson" before "GCHQ").
 */
static void test_actors_by_name(void **state)
{
	static const struct { const char *kind, *country; } lists[] = {
		{ "government", NULL }, { NULL, "GB" }, { "person", "GB" },
		{ "government", "GB" }, { "organization", "GB" },
	};
	static const char *const orders[] = { "name", "-name", "id", "-id" };
	char *whole, *at;
	size_t i, o, j;

	(void)state;
	for (o = 0; o < sizeof(orders) / sizeof(orders[0]); o++) {
		char url[256], *want, *got;
		struct response r;
		json_t *row;
		size_t len;

		snprintf(url, sizeof(url), "/actors?sort=%s&limit=1000"
			 "&count=exact", orders[o]);
		get(shared_server(), url, &r);
		assert_int_equal(r.status, 200);
		assert_true(json_array_size(json_object_get(r.json, "data")) <
			    1000);
		for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
			want = calloc(1, 1);
			len = 0;
			json_array_foreach(json_object_get(r.json, "data"), j,
					   row) {
				const char *id = json_string_value(
					json_object_get(row, "id"));
				const char *k = json_string_value(
					json_object_get(row, "kind"));
				const char *c = json_string_value(
					json_object_get(row, "country"));

				if ((lists[i].kind && (!k ||
				     strcmp(k, lists[i].kind) != 0)) ||
				    (lists[i].country && (!c ||
				     strcmp(c, lists[i].country) != 0)))
					continue;
				want = realloc(want, len + strlen(id) + 2);
				len += (size_t)sprintf(want + len, "%s ", id);
			}
			snprintf(url, sizeof(url), "/actors?sort=%s%s%s%s%s",
				 orders[o], lists[i].kind ? "&kind=" : "",
				 lists[i].kind ? lists[i].kind : "",
				 lists[i].country ? "&country=" : "",
				 lists[i].country ? lists[i].country : "");
			got = ids_of(shared_server(), url);
			if (!*want || strcmp(want, got) != 0)
				fail_msg("%s:\n%s\nfrom the whole list:\n%s",
					 url, got, want);
			free(want);
			free(got);
		}
		response_free(&r);
	}
	/* Both cases among the names: the order folds case. */
	whole = ids_of(shared_server(), "/actors?country=GB");
	at = strstr(whole, "gavin-williamson ");
	assert_non_null(at);
	assert_non_null(strstr(at, "gchq "));
	free(whole);
}

/*
 * A CAMEO prefix with a quad class (which the prefix decides, or not):
 * the events listed, counted and aggregated are those of the prefix whose
 * type has that quad class, for every root, for "0" (three classes) and
 * for a full code.
 */
static void test_type_with_quad_class(void **state)
{
	static const char *const prefixes[] = {
		"0", "01", "04", "05", "06", "08", "09", "11", "13", "14",
		"16", "17", "19", "20", "0231", "190",
	};
	size_t p, i;
	int q;

	(void)state;
	for (p = 0; p < sizeof(prefixes) / sizeof(prefixes[0]); p++) {
		char url[200];
		json_int_t total;
		json_t *all, *row;

		snprintf(url, sizeof(url), "/events?type=%s&fields=id,type",
			 prefixes[p]);
		all = all_rows(url, &total);
		for (q = 1; q <= 4; q++) {
			json_t *got;
			json_int_t got_total, want = 0, stats = 0;
			struct response r;
			size_t k = 0;

			snprintf(url, sizeof(url), "/events?type=%s&"
				 "quad_class=%d&fields=id", prefixes[p], q);
			got = all_rows(url, &got_total);
			json_array_foreach(all, i, row) {
				const char *id;

				if (json_integer_value(json_object_get(
					json_object_get(row, "type"),
					"quad_class")) != q)
					continue;
				want++;
				id = json_string_value(json_object_get(row,
								       "id"));
				if (k >= json_array_size(got) ||
				    strcmp(id, json_string_value(
					json_object_get(json_array_get(got,
						k), "id"))) != 0)
					fail_msg("%s: %s missing or out of "
						 "order", url, id);
				k++;
			}
			assert_int_equal(k, json_array_size(got));
			assert_int_equal(got_total, want);
			snprintf(url, sizeof(url), "/stats?by=root&type=%s&"
				 "quad_class=%d", prefixes[p], q);
			get(shared_server(), url, &r);
			assert_int_equal(r.status, 200);
			json_array_foreach(json_object_get(r.json, "data"), i,
					   row)
				stats += json_integer_value(json_object_get(
					row, "count"));
			if (stats != want)
				fail_msg("%s: %lld, the list %lld", url,
					 (long long)stats, (long long)want);
			response_free(&r);
			json_decref(got);
		}
		json_decref(all);
	}
}

/*
 * With the response cache off (--response-cache-mb 0) every answer is
 * computed afresh: asked twice, the same bytes and tag each time, and
 * If-None-Match still answers 304.
 */
static void test_response_cache_off(void **state)
{
	static const char *const paths[] = {
		"/actors/huawei", "/events?country=GB&limit=5",
		"/events?q=huawei&fields=id,title", "/countries?limit=3",
	};
	const char *args[] = { "--response-cache-mb", "0", NULL };
	struct server off;
	size_t i;

	(void)state;
	assert_int_equal(server_start(&off, args, NULL), 0);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct response a, b, c;
		char *ta, *tb, inm[128];
		const char *h[] = { inm, NULL };

		get(&off, paths[i], &a);
		get(&off, paths[i], &b);
		assert_int_equal(a.status, 200);
		assert_int_equal(a.body_len, b.body_len);
		assert_memory_equal(a.body, b.body, a.body_len);
		ta = response_header(&a, "ETag");
		tb = response_header(&b, "ETag");
		assert_string_equal(ta, tb);
		snprintf(inm, sizeof(inm), "If-None-Match: %s", ta);
		assert_int_equal(http(&off, "GET", paths[i], h, NULL, &c), 0);
		assert_int_equal(c.status, 304);
		free(ta);
		free(tb);
		response_free(&a);
		response_free(&b);
		response_free(&c);
	}
	assert_int_equal(server_stop(&off), 0);
	server_cleanup(&off);
}

int test_lists(int *total)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walks),
		cmocka_unit_test(test_forwarded_prefix),
		cmocka_unit_test(test_search_text),
		cmocka_unit_test(test_sorting),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_filter_errors_name_the_form),
		cmocka_unit_test(test_fields_and_formats),
		cmocka_unit_test(test_pages_match_items),
		cmocka_unit_test(test_matches_as_snippets),
		cmocka_unit_test(test_http_caching),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_cors),
		cmocka_unit_test(test_cursor_binding),
		cmocka_unit_test(test_plans_agree),
		cmocka_unit_test(test_actors_by_name),
		cmocka_unit_test(test_search_dates),
		cmocka_unit_test(test_type_with_quad_class),
		cmocka_unit_test(test_response_cache_off),
	};

	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("lists", tests, NULL, NULL);
}
