/* SPDX-License-Identifier: MIT */
/*
 * Analytics against a brute-force count: /stats, facets and /network
 * must equal what paging through /events and counting gives, on the seed
 * plus ~1,000 real GDELT rows (events about Georgia, August 2011), and
 * stay equal after writes, deletes and another import. Also the list
 * filters they share: several values, all of them, negation, ranges,
 * boxes, batch lookup by id, and the orders by GDELT's numbers; and the
 * order of a search by relevance, against FTS5's own bm25().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "harness.h"
#include "tests.h"

#define FIX "tests/fixtures/"

static struct server srv;
static char dir[64], key[160];

static const char *bin(void)
{
	const char *b = getenv("DOSSIER_BIN");

	return b ? b : "build/release/dossier";
}

/* Runs `dossier ARGS --db DIR/a.db`; its standard output into out. */
static int dossier_out(const char *args, char *out, size_t sz)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "%s %s --db %s/a.db --log-level warn",
		 bin(), args, dir);
	return run_command(cmd, out, sz);
}

static int dossier(const char *args)
{
	char out[4096];

	return dossier_out(args, out, sizeof(out));
}

static int setup(void **state)
{
	char db[128];
	const char *args[] = { "--db", db, NULL };

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/dossier-analytics-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(db, sizeof(db), "%s/a.db", dir);
	if (dossier("seed") != 0 ||
	    dossier("import gdelt " FIX "gdelt-georgia-2011-08.csv") != 0 ||
	    dossier_out("keys create analyst", key, sizeof(key)) != 0 ||
	    server_start(&srv, args, NULL) != 0)
		return -1;
	key[strcspn(key, "\n")] = '\0';
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	server_stop(&srv);
	server_cleanup(&srv);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Every row of a list, following links.next; a new array. */
static json_t *all_rows(const char *path)
{
	json_t *rows = json_array();
	char url[4096];

	snprintf(url, sizeof(url), "%s%climit=1000", path,
		 strchr(path, '?') ? '&' : '?');
	for (;;) {
		struct response r;
		json_t *next;

		get(&srv, url, &r);
		if (r.status != 200)
			fail_msg("GET %s: %ld %s", url, r.status, r.body);
		json_array_extend(rows, json_object_get(r.json, "data"));
		next = json_object_get(json_object_get(r.json, "links"),
				       "next");
		if (json_is_null(next)) {
			response_free(&r);
			return rows;
		}
		snprintf(url, sizeof(url), "%s", json_string_value(next));
		response_free(&r);
	}
}

/* The ids of a list, sorted and space-separated; a new string. */
static char *id_set(const char *path)
{
	json_t *rows = all_rows(path), *row;
	char **ids = calloc(json_array_size(rows) + 1, sizeof(*ids));
	size_t i, n = json_array_size(rows), len = 1;
	char *out;

	json_array_foreach(rows, i, row) {
		ids[i] = strdup(json_string_value(json_object_get(row, "id")));
		len += strlen(ids[i]) + 1;
	}
	for (i = 1; i < n; i++) {	/* insertion sort: short lists */
		size_t j = i;

		while (j && strcmp(ids[j - 1], ids[j]) > 0) {
			char *t = ids[j];

			ids[j] = ids[j - 1];
			ids[j - 1] = t;
			j--;
		}
	}
	out = calloc(1, len);
	for (i = 0; i < n; i++) {
		strcat(out, ids[i]);
		strcat(out, " ");
		free(ids[i]);
	}
	free(ids);
	json_decref(rows);
	return out;
}

static int has_id(const char *set, const char *id)
{
	char word[300];

	snprintf(word, sizeof(word), "%s ", id);
	return strncmp(set, word, strlen(word)) == 0 ||
	       (snprintf(word, sizeof(word), " %s ", id), strstr(set, word));
}

/* Number of ids in a set. */
static size_t set_size(const char *set)
{
	size_t n = 0;

	for (; *set; set++)
		n += *set == ' ';
	return n;
}

static void expect_status(const char *path, long status)
{
	struct response r;

	get(&srv, path, &r);
	if (r.status != status)
		fail_msg("GET %s: %ld, expected %ld: %s", path, r.status,
			 status, r.body);
	if (status >= 400) {
		char *type = response_header(&r, "Content-Type");

		assert_non_null(type);
		assert_string_equal(type, "application/problem+json");
		assert_non_null(json_string_value(json_object_get(r.json,
								  "detail")));
		free(type);
	}
	response_free(&r);
}

/*
 * country=a,b is the union of each, country=a&country=b the
 * intersection, not_country=a the rest; the same for every list filter.
 */
static void test_filter_sets(void **state)
{
	static const struct {
		const char *param, *a, *b;
	} cases[] = {
		{ "country", "GB", "CN" }, { "actor", "huawei", "theresa-may" },
		/* Georgia is in nearly every event: not_country=GE is driven
		 * by the sets without it (migration 32). */
		{ "country", "GE", "US" },
		{ "type", "01", "11" }, { "quad_class", "1", "4" },
		{ "role", "initiator", "opponent" },
		{ "location_country", "GE", "GB" },
		{ "source", "gdelt", "itv-2019-04-24-huawei-5g" },
	};
	char *all = id_set("/events?fields=id");
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[256], *a, *b, *any, *both, *none;
		const char *p;
		size_t union_n = 0, inter_n = 0;

		snprintf(path, sizeof(path), "/events?fields=id&%s=%s",
			 cases[i].param, cases[i].a);
		a = id_set(path);
		snprintf(path, sizeof(path), "/events?fields=id&%s=%s",
			 cases[i].param, cases[i].b);
		b = id_set(path);
		snprintf(path, sizeof(path), "/events?fields=id&%s=%s,%s",
			 cases[i].param, cases[i].a, cases[i].b);
		any = id_set(path);
		snprintf(path, sizeof(path), "/events?fields=id&%s=%s&%s=%s",
			 cases[i].param, cases[i].a, cases[i].param,
			 cases[i].b);
		both = id_set(path);
		snprintf(path, sizeof(path), "/events?fields=id&not_%s=%s",
			 cases[i].param, cases[i].a);
		none = id_set(path);
		if (!set_size(a) || !set_size(b))
			fail_msg("%s: pick values with events", path);
		/* Brute force over every event id. */
		for (p = all; *p; p += strcspn(p, " ") + 1) {
			char id[200];
			int in_a, in_b;

			snprintf(id, sizeof(id), "%.*s", (int)strcspn(p, " "),
				 p);
			in_a = has_id(a, id) != 0;
			in_b = has_id(b, id) != 0;
			union_n += in_a || in_b;
			inter_n += in_a && in_b;
			if ((in_a || in_b) != (has_id(any, id) != 0) ||
			    (in_a && in_b) != (has_id(both, id) != 0) ||
			    in_a == (has_id(none, id) != 0))
				fail_msg("%s=%s,%s: event %s is misfiled",
					 cases[i].param, cases[i].a,
					 cases[i].b, id);
		}
		assert_int_equal(set_size(any), union_n);
		assert_int_equal(set_size(both), inter_n);
		assert_int_equal(set_size(none), set_size(all) - set_size(a));
		free(a);
		free(b);
		free(any);
		free(both);
		free(none);
	}
	free(all);
}

/* count=exact equals the rows listed, for each of lists. */
static void counts_match_rows(const char *const *lists, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char path[256];
		struct response r;
		json_t *rows;

		snprintf(path, sizeof(path), "%s&fields=id&count=exact&limit=1",
			 lists[i]);
		get(&srv, path, &r);
		assert_int_equal(r.status, 200);
		snprintf(path, sizeof(path), "%s&fields=id", lists[i]);
		rows = all_rows(path);
		if ((size_t)json_integer_value(json_object_get(json_object_get(
			r.json, "meta"), "total")) != json_array_size(rows))
			fail_msg("%s: count=exact says %lld, %zu listed",
				 lists[i], (long long)json_integer_value(
				 json_object_get(json_object_get(r.json,
				 "meta"), "total")), json_array_size(rows));
		json_decref(rows);
		response_free(&r);
	}
}

/*
 * Counts of several conditions that the summary cells answer
 * (aggregate_count): sets of countries, codes, quad classes, dates,
 * negations, scores. Checked after writes too.
 */
static const char *const cell_counts[] = {
	"/events?country=GB,CN&type=04", "/events?country=GE&from=2011-08&to=2019-04",
	"/events?not_country=GE&quad_class=3,4", "/events?type=19&from=2011",
	"/events?country=GE&country=US&type=0", "/events?country=US&to=2019-04-23",
	"/events?goldstein_max=0&quad_class=1,4", "/events?not_type=04&to=2011-08",
	"/events?country=GB,US&not_country=CN&from=2011-08-02",
	"/events?tone_min=2", "/events?tone_min=1.3&tone_max=2",
	"/events?tone_max=0&type=0", "/events?mentions_min=3&mentions_max=8",
	"/events?tone_min=-2.3&tone_max=-0.0625",
};

/* count=exact equals the rows listed, for every kind of filter. */
static void test_counts_match_rows(void **state)
{
	static const char *const lists[] = {
		"/events?role=participant", "/events?source=itv-2019-04-24-huawei-5g",
		"/events?country=GB,CN", "/events?type=0,1&quad_class=1,2",
		"/events?actor=huawei,theresa-may", "/events?not_type=01",
		/* One negation, counted: not_country='s probe only says
		 * "many" when the list is a small share (it was a 500). */
		"/events?not_country=US", "/events?not_country=GB,CN",
		"/events?not_country=GE", "/events?not_actor=huawei",
		"/events?location_country=GE&goldstein_min=3",
		"/events?tone_max=-5&mentions_min=5",
		"/events?bbox=40,41,47,44", "/events?bbox=170,-90,-170,90",
		"/events?bbox=43.5,42,44.8,42.5&country=GE",
		/* A code and a quad class that contradict each other match
		 * nothing, whatever comes after them. */
		"/events?type=04&quad_class=4&not_id=x",
		"/events?type=1&quad_class=1&to=2011-08-15",
		"/events?type=04&quad_class=4&country=GB&from=2011&facet=actor",
		/* A search of one word is counted by the index (as
		 * stemmed, common words left out); others are not. */
		"/events?q=huawei", "/events?q=Policing", "/events?q=the%20uk",
		"/events?q=H%C3%BAawei", "/events?q=u.s.", "/events?q=may*",
		"/events?q=nosuchwordanywhere", "/events?q=%22huawei%22",
		"/events?q=%22theresa%20huawei%22",
		"/actors?q=minister", "/sources?q=bbc",
		"/events?q=huawei&q_syntax=fts5",
		"/events?q=title%3Ahuawei&q_syntax=fts5",
	};

	(void)state;
	counts_match_rows(lists, sizeof(lists) / sizeof(lists[0]));
	counts_match_rows(cell_counts, sizeof(cell_counts) /
			  sizeof(cell_counts[0]));
}

/* Ranges and boxes mean what they say, row by row. */
static char *ids_in_order(struct server *s, const char *path);

/*
 * Each range alone lists every event in it, in the list's order: the
 * whole list, filtered here, against the API's (a range that drives
 * reads its own index, migration 37).
 */
static void ranges_complete(void)
{
	static const struct {
		const char *query;
		const char *field;
		double lo, hi;
	} ranges[] = {
		{ "goldstein_min=7", "goldstein", 7, 1e9 },
		{ "goldstein_max=-9", "goldstein", -1e9, -9 },
		{ "tone_min=8", "avg_tone", 8, 1e9 },
		{ "tone_max=1&sort=date", "avg_tone", -1e9, 1 },
		{ "mentions_min=40", "num_mentions", 40, 1e18 },
	};
	json_t *all = all_rows("/events?fields=id,goldstein,avg_tone,"
			       "num_mentions"), *row;
	json_t *all_asc = all_rows("/events?fields=id,goldstein,avg_tone,"
				   "num_mentions&sort=date");
	size_t r, i;

	for (r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++) {
		char path[200], *got, *want = calloc(1, 1 << 16);
		size_t len = 0;

		json_array_foreach(strstr(ranges[r].query, "sort=date") ?
				   all_asc : all, i, row) {
			json_t *v = json_object_get(row, ranges[r].field);
			const char *id = json_string_value(
				json_object_get(row, "id"));

			if (!json_is_number(v) ||
			    json_number_value(v) < ranges[r].lo ||
			    json_number_value(v) > ranges[r].hi)
				continue;
			assert_true(len + strlen(id) + 2 < 1 << 16);
			len += (size_t)sprintf(want + len, "%s ", id);
		}
		snprintf(path, sizeof(path), "/events?%s", ranges[r].query);
		got = ids_in_order(&srv, path);
		if (!len || strcmp(got, want) != 0)
			fail_msg("%s: %s\nwant %s", path, got, want);
		free(got);
		free(want);
	}
	json_decref(all);
	json_decref(all_asc);
}

static void test_ranges_and_boxes(void **state)
{
	json_t *rows, *row;
	size_t i, n = 0;

	(void)state;
	rows = all_rows("/events?goldstein_min=-2.5&goldstein_max=3&"
			"tone_min=-4&mentions_max=8&fields=id,goldstein,"
			"avg_tone,num_mentions");
	assert_true(json_array_size(rows) > 10);
	json_array_foreach(rows, i, row) {
		double g = json_number_value(json_object_get(row, "goldstein"));
		double t = json_number_value(json_object_get(row, "avg_tone"));
		json_int_t m = json_integer_value(json_object_get(row,
							"num_mentions"));

		assert_true(g >= -2.5 && g <= 3 && t >= -4 && m <= 8);
	}
	json_decref(rows);
	ranges_complete();
	/* Georgia's box holds the imported events (but the 81 GDELT
	 * placed in Georgia the country that are the US state's, which
	 * have no coordinates); a box at sea none. */
	rows = all_rows("/events?bbox=40,41,47,44&fields=id,location");
	json_array_foreach(rows, i, row) {
		json_t *loc = json_object_get(row, "location");
		double lat = json_number_value(json_object_get(loc, "lat"));
		double lon = json_number_value(json_object_get(loc, "lon"));

		assert_true(lat >= 41 && lat <= 44 && lon >= 40 && lon <= 47);
		n++;
	}
	assert_true(n > 850);
	json_decref(rows);
	rows = all_rows("/events?bbox=-40,-10,-30,0&fields=id");
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	/* Across the antimeridian: 170 east to 170 west. */
	rows = all_rows("/events?bbox=170,-90,-170,90&fields=id");
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	expect_status("/events?bbox=1,2,3", 400);
	expect_status("/events?bbox=0,50,10,40", 400);
	expect_status("/events?bbox=190,0,10,10", 400);
	expect_status("/events?goldstein_min=1e3", 400);
	expect_status("/events?goldstein_min=nan", 400);
	expect_status("/events?goldstein_min=11", 400);
	expect_status("/events?tone_max=0x10", 400);
	expect_status("/events?mentions_min=-1", 400);
}

/* Sorted by GDELT's numbers, every page in order, each row once. */
static void test_number_orders(void **state)
{
	static const struct {
		const char *sort, *field;
	} orders[] = {
		{ "-mentions", "num_mentions" }, { "goldstein", "goldstein" },
		{ "-tone", "avg_tone" },
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(orders) / sizeof(orders[0]); i++) {
		char path[200];
		json_t *rows, *row;
		double prev = 0;
		int desc = orders[i].sort[0] == '-', seen_null = 0;

		/* Small pages: cursors carry decimal sort values. */
		snprintf(path, sizeof(path), "/events?sort=%s&fields=id,%s&"
			 "limit=7&location_country=GE&from=2011-08-01&"
			 "to=2011-08-02", orders[i].sort, orders[i].field);
		rows = json_array();
		{
			char url[4096];

			snprintf(url, sizeof(url), "%s", path);
			for (;;) {
				struct response r;
				json_t *next;

				get(&srv, url, &r);
				assert_int_equal(r.status, 200);
				json_array_extend(rows, json_object_get(
					r.json, "data"));
				next = json_object_get(json_object_get(
					r.json, "links"), "next");
				if (json_is_null(next)) {
					response_free(&r);
					break;
				}
				snprintf(url, sizeof(url), "%s",
					 json_string_value(next));
				response_free(&r);
			}
		}
		snprintf(path, sizeof(path), "/events?fields=id&"
			 "location_country=GE&from=2011-08-01&to=2011-08-02");
		{
			json_t *want = all_rows(path);

			assert_true(json_array_size(want) > 20);
			assert_int_equal(json_array_size(rows),
					 json_array_size(want));
			json_decref(want);
		}
		json_array_foreach(rows, j, row) {
			json_t *v = json_object_get(row, orders[i].field);
			double x = json_number_value(v);

			if (json_is_null(v)) {
				seen_null = 1;
				continue;
			}
			assert_false(seen_null);	/* numbers first */
			if (j && (desc ? x > prev : x < prev))
				fail_msg("sort=%s: %g after %g", orders[i].sort,
					 x, prev);
			prev = x;
		}
		json_decref(rows);
	}
}

/* id= fetches many records at once; unknown ids are left out. */
static void test_batch_lookup(void **state)
{
	json_t *rows;
	char *set;

	(void)state;
	set = id_set("/actors?id=huawei,theresa-may,nobody&fields=id");
	assert_string_equal(set, "huawei theresa-may ");
	free(set);
	set = id_set("/events?id=nsc-approves-huawei-non-core-5g,"
		     "liu-says-5g-risks-manageable&fields=id");
	assert_string_equal(set, "liu-says-5g-risks-manageable "
			    "nsc-approves-huawei-non-core-5g ");
	free(set);
	set = id_set("/sources?id=gdelt,itv-2019-04-24-huawei-5g&fields=id");
	assert_string_equal(set, "gdelt itv-2019-04-24-huawei-5g ");
	free(set);
	rows = all_rows("/actors?kind=person,company&not_country=GB");
	assert_true(json_array_size(rows) > 0);
	{
		size_t i;
		json_t *row;

		json_array_foreach(rows, i, row) {
			const char *k = json_string_value(json_object_get(row,
							"kind"));
			json_t *c = json_object_get(row, "country");

			assert_true(strcmp(k, "person") == 0 ||
				    strcmp(k, "company") == 0);
			assert_false(json_is_string(c) &&
				     strcmp(json_string_value(c), "GB") == 0);
		}
	}
	json_decref(rows);
	/* The actors a source describes: those whose citations name it. */
	{
		static const char *const which[][2] = {
			{ "source=itv-2019-04-24-huawei-5g", "" },
			{ "source=pa-2019-04-28-liu-xiaoming-huawei,gdelt",
			  "" },
			{ "not_source=itv-2019-04-24-huawei-5g", "" },
		};
		json_t *all = all_rows("/actors?fields=id,sources");
		size_t w;

		for (w = 0; w < 3; w++) {
			char path[200], *got, *spaced;
			size_t i, j, wanted = 0, listed = 0;
			json_t *row, *cite;
			int negate = strncmp(which[w][0], "not_", 4) == 0;
			const char *ids = strchr(which[w][0], '=') + 1, *t;

			snprintf(path, sizeof(path), "/actors?%s&fields=id",
				 which[w][0]);
			got = id_set(path);
			spaced = malloc(strlen(got) + 2);
			sprintf(spaced, " %s", got);
			for (t = got; *t; t++)
				listed += *t == ' ';
			json_array_foreach(all, i, row) {
				int cites = 0;
				char id[200];

				json_array_foreach(json_object_get(row,
						   "sources"), j, cite) {
					const char *src = json_string_value(
						json_object_get(cite,
								"source"));
					const char *p = strstr(ids, src);
					size_t n = strlen(src);

					cites |= p && (p == ids || p[-1] == ',')
						 && (p[n] == ',' || !p[n]);
				}
				if (cites == negate)
					continue;
				wanted++;
				snprintf(id, sizeof(id), " %s ",
					 json_string_value(json_object_get(
						 row, "id")));
				if (!strstr(spaced, id))
					fail_msg("%s misses%s", path, id);
			}
			assert_true(wanted > 0);
			assert_int_equal(listed, wanted);
			free(spaced);
			free(got);
		}
		json_decref(all);
	}
	expect_status("/actors?source=no-such-source", 400);
	/* Lists are bounded and checked value by value. */
	{
		char path[3000];
		size_t len, k;

		len = (size_t)snprintf(path, sizeof(path), "/actors?id=a");
		for (k = 0; k < 100; k++)
			len += (size_t)snprintf(path + len, sizeof(path) - len,
						",a%zu", k);
		expect_status(path, 400);	/* 101 values */
	}
	expect_status("/events?country=GB,,CN", 400);
	expect_status("/events?country=GB,XX", 400);
	expect_status("/events?actor=huawei,nobody", 400);
	expect_status("/events?actor=huawei,theresa-may&role=initiator", 400);
	expect_status("/events?actor=huawei&actor=theresa-may&role=target",
		      400);
	expect_status("/events?limit=1&limit=2", 400);
	expect_status("/events?sort=id&sort=date", 400);
	expect_status("/events?not_limit=3", 400);
	expect_status("/actors?not_q=x", 400);
}

/* The time bucket of an event's date for dimension dim, as /stats says. */
static void bucket(const char *dim, const char *date, const char *prec,
		   char *out, size_t sz)
{
	if (!date) {
		snprintf(out, sz, "null");
		return;
	}
	if (strcmp(dim, "year") == 0) {
		snprintf(out, sz, "%.4s", date);
	} else if (strcmp(dim, "month") == 0 || strcmp(prec, "day") != 0) {
		snprintf(out, sz, "%.*s", strcmp(prec, "year") == 0 ? 4 : 7,
			 date);
	} else if (strcmp(dim, "day") == 0) {
		snprintf(out, sz, "%s", date);
	} else {
		/* week: back to Monday (Sakamoto's day of the week) */
		static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
		int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
		int yy = m < 3 ? y - 1 : y;
		int dow = (yy + yy / 4 - yy / 100 + yy / 400 + t[m - 1] + d) %
			  7;	/* 0 Sunday */
		int back = (dow + 6) % 7;
		static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31,
					     30, 31, 30, 31 };

		d -= back;
		if (d < 1) {
			m--;
			if (m < 1) {
				m = 12;
				y--;
			}
			d += mdays[m - 1] + (m == 2 && y % 4 == 0 &&
					     (y % 100 || y % 400 == 0));
		}
		snprintf(out, sz, "%04d-%02d-%02d", y, m, d);
	}
}

/* The values of group dimension dim for one event row. */
static json_t *values(const char *dim, json_t *ev)
{
	json_t *out = json_array(), *x;
	size_t i;

	if (strcmp(dim, "country") == 0) {
		json_array_foreach(json_object_get(ev, "countries"), i, x)
			json_array_append(out, x);
	} else if (strcmp(dim, "actor") == 0 || strcmp(dim, "role") == 0) {
		json_array_foreach(json_object_get(ev, "participants"), i, x)
			json_array_append(out, json_object_get(x, dim));
	} else if (strcmp(dim, "source") == 0) {
		json_array_foreach(json_object_get(ev, "sources"), i, x)
			json_array_append(out, json_object_get(x, "source"));
	} else if (strcmp(dim, "location_country") == 0) {
		json_array_append(out, json_object_get(ev, "country"));
	} else {
		json_t *t = json_object_get(ev, "type");
		const char *code = json_string_value(json_object_get(t,
								     "code"));

		if (strcmp(dim, "quad_class") == 0)
			json_array_append(out, json_object_get(t,
							       "quad_class"));
		else if (!code)
			json_array_append_new(out, json_null());
		else
			json_array_append_new(out, json_stringn(code,
				strcmp(dim, "root") == 0 ? 2 : strlen(code)));
	}
	/* Once per distinct value, and null for none. */
	{
		json_t *uniq = json_array(), *y;
		size_t j;

		json_array_foreach(out, i, x) {
			int dup = 0;

			json_array_foreach(uniq, j, y)
				dup |= json_equal(x, y);
			if (!dup)
				json_array_append(uniq, x);
		}
		if (!json_array_size(uniq))
			json_array_append_new(uniq, json_null());
		json_decref(out);
		return uniq;
	}
}

/* "time|group" key text of a value. */
static void key_text(json_t *v, char *out, size_t sz)
{
	if (json_is_string(v))
		snprintf(out, sz, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(out, sz, "%lld", (long long)json_integer_value(v));
	else
		snprintf(out, sz, "null");
}

/*
 * /stats?by=BY&FILTERS equals counting the events /events?FILTERS lists:
 * count, Goldstein sum and mean, mentions sum per group.
 */
static int is_time(const char *dim)
{
	return strcmp(dim, "day") == 0 || strcmp(dim, "week") == 0 ||
	       strcmp(dim, "month") == 0 || strcmp(dim, "year") == 0;
}

/* The values of dimension dim (time or group) for one event row. */
static json_t *dim_values(const char *dim, json_t *ev)
{
	char t[16];

	if (!is_time(dim))
		return values(dim, ev);
	bucket(dim, json_string_value(json_object_get(ev, "date")),
	       json_string_value(json_object_get(ev, "date_precision")), t,
	       sizeof(t));
	return json_pack("[s]", t);
}

/* Adds one event to the brute-force cell of key k. */
static void count_in(json_t *want, const char *k, json_t *ev)
{
	json_t *cell = json_object_get(want, k);

	if (!cell) {
		cell = json_pack("{s:i,s:f,s:i,s:i}", "count", 0, "gsum", 0.0,
				 "gn", 0, "msum", 0);
		json_object_set_new(want, k, cell);
	}
	json_object_set_new(cell, "count", json_integer(json_integer_value(
		json_object_get(cell, "count")) + 1));
	if (json_is_number(json_object_get(ev, "goldstein"))) {
		json_object_set_new(cell, "gsum", json_real(json_number_value(
			json_object_get(cell, "gsum")) + json_number_value(
			json_object_get(ev, "goldstein"))));
		json_object_set_new(cell, "gn", json_integer(
			json_integer_value(json_object_get(cell, "gn")) + 1));
	}
	json_object_set_new(cell, "msum", json_integer(json_integer_value(
		json_object_get(cell, "msum")) + json_integer_value(
		json_object_get(ev, "num_mentions"))));
}

/*
 * /stats?by=BY&FILTERS equals counting the events /events?FILTERS lists:
 * count, Goldstein sum and mean, mentions sum per group.
 */
static void stats_match(const char *by, const char *filters)
{
	char path[1024], dims[2][32] = { "", "" };
	json_t *events, *want = json_object(), *ev, *got, *row;
	struct response r;
	const char *comma = strchr(by, ',');
	size_t i, ndims = comma ? 2 : 1, d;
	const char *time = NULL;

	snprintf(dims[0], sizeof(dims[0]), "%.*s", comma ?
		 (int)(comma - by) : (int)strlen(by), by);
	if (comma)
		snprintf(dims[1], sizeof(dims[1]), "%s", comma + 1);
	for (d = 0; d < ndims; d++)
		time = is_time(dims[d]) ? dims[d] : time;
	snprintf(path, sizeof(path), "/events?fields=id,date,date_precision,"
		 "countries,country,type,participants,sources,goldstein,"
		 "num_mentions%s%s", *filters ? "&" : "", filters);
	events = all_rows(path);
	json_array_foreach(events, i, ev) {
		json_t *v0 = dim_values(dims[0], ev);
		json_t *v1 = ndims == 2 ? dim_values(dims[1], ev) :
			json_pack("[s]", "");
		size_t a, b;

		for (a = 0; a < json_array_size(v0); a++) {
			for (b = 0; b < json_array_size(v1); b++) {
				char k0[200], k1[200], k[420];

				key_text(json_array_get(v0, a), k0,
					 sizeof(k0));
				key_text(json_array_get(v1, b), k1,
					 sizeof(k1));
				snprintf(k, sizeof(k), "%s|%s", k0, k1);
				count_in(want, k, ev);
			}
		}
		json_decref(v0);
		json_decref(v1);
	}
	snprintf(path, sizeof(path), "/stats?by=%s&limit=1000&metrics="
		 "goldstein_sum,goldstein_mean,mentions_sum%s%s", by,
		 *filters ? "&" : "", filters);
	get(&srv, path, &r);
	if (r.status != 200)
		fail_msg("GET %s: %ld %s", path, r.status, r.body);
	got = json_object_get(r.json, "data");
	if (json_array_size(got) != json_object_size(want))
		fail_msg("%s: %zu groups, counting gives %zu", path,
			 json_array_size(got), json_object_size(want));
	json_array_foreach(got, i, row) {
		char k0[200], k1[200] = "", k[420];
		json_t *cell;
		double gsum;

		key_text(json_object_get(row, dims[0]), k0, sizeof(k0));
		if (ndims == 2)
			key_text(json_object_get(row, dims[1]), k1,
				 sizeof(k1));
		snprintf(k, sizeof(k), "%s|%s", k0, k1);
		cell = json_object_get(want, k);
		if (!cell)
			fail_msg("%s: group %s is not in the events", path, k);
		if (json_integer_value(json_object_get(row, "count")) !=
		    json_integer_value(json_object_get(cell, "count")))
			fail_msg("%s: group %s counts %lld, events %lld", path,
				 k, (long long)json_integer_value(
				 json_object_get(row, "count")),
				 (long long)json_integer_value(
				 json_object_get(cell, "count")));
		gsum = json_number_value(json_object_get(cell, "gsum"));
		if (json_integer_value(json_object_get(cell, "gn")) ?
		    (json_number_value(json_object_get(row, "goldstein_sum")) -
		     gsum > 1e-4 || gsum - json_number_value(json_object_get(
		     row, "goldstein_sum")) > 1e-4) :
		    !json_is_null(json_object_get(row, "goldstein_sum")))
			fail_msg("%s: group %s Goldstein sum %s", path, k,
				 r.body);
		if (json_integer_value(json_object_get(row, "mentions_sum")) !=
		    json_integer_value(json_object_get(cell, "msum")) &&
		    json_integer_value(json_object_get(cell, "msum")))
			fail_msg("%s: group %s mentions", path, k);
	}
	/* Time in order, undated last; groups alone most first. */
	json_array_foreach(got, i, row) {
		json_t *prev = i ? json_array_get(got, i - 1) : NULL;

		if (!prev)
			continue;
		if (time) {
			json_t *a = json_object_get(prev, time);
			json_t *b = json_object_get(row, time);

			assert_false(json_is_null(a) && !json_is_null(b));
			if (json_is_string(a) && json_is_string(b))
				assert_true(strcmp(json_string_value(a),
						   json_string_value(b)) <= 0);
		} else {
			assert_true(json_integer_value(json_object_get(prev,
				"count")) >= json_integer_value(
				json_object_get(row, "count")));
		}
	}
	json_decref(want);
	json_decref(events);
	response_free(&r);
}

static const struct {
	const char *by, *filters;
} stats_cases[] = {
	{ "month", "" }, { "day", "" }, { "week", "" }, { "year", "" },
	{ "country", "" }, { "location_country", "" }, { "root", "" },
	{ "type", "quad_class=4" }, { "quad_class", "" }, { "actor", "" },
	{ "role", "" }, { "source", "" },
	{ "month,country", "from=2019" }, { "day,root", "country=GE" },
	{ "week,actor", "q=huawei" }, { "year,role", "not_country=CN" },
	{ "country", "actor=huawei,theresa-may&type=0,1" },
	{ "actor", "goldstein_min=1&location_country=GE" },
	{ "source,actor", "from=2019-04" },
	/* Answered from the summary cells (migration 14). */
	{ "year,location_country", "type=0,1&from=2011-08&to=2011-08" },
	{ "country", "quad_class=3,4" }, { "root", "country=GE&to=2019-04" },
	{ "month,type", "location_country=GE,GB" },
	{ "quad_class,country", "from=2011&to=2019" },
	/* From the cells of days (migration 15). */
	{ "day", "from=2011-08-03&to=2011-08-20" },
	{ "week,location_country", "type=0" },
	{ "month", "from=2011-08-05" }, { "year,root", "to=2019-04-23" },
	{ "day,quad_class", "location_country=GE&from=2011-08-30" },
	/* From the cells of actors (migration 16). */
	{ "month,root", "actor=huawei" }, { "year,actor", "type=0,1" },
	{ "actor", "from=2011-08&to=2011-08" },
	{ "type", "actor=huawei,theresa-may&quad_class=3,4" },
	{ "type", "actor=huawei&quad_class=3,4" },
	/* From the pairs kept (migrations 18 and 19). */
	{ "actor", "actor=huawei" }, { "country", "country=GB" },
	{ "country", "country=GE" }, { "actor", "actor=sajid-javid" },
	{ "month,country", "country=GB,CN" },
	/* One country's actors and places, and back (migration 23). */
	{ "actor", "country=GE" }, { "actor", "country=GB" },
	{ "country", "actor=huawei" }, { "location_country", "country=GE" },
	{ "location_country", "country=CN" }, { "country", "location_country=GE" },
	/* From the rollups of migration 25. */
	{ "month,root", "" }, { "year,quad_class", "quad_class=3,4" },
	{ "month,root", "from=2011-08&to=2019-04" }, { "year", "country=GE" },
	{ "month,country", "from=2011-08&to=2019-04" },
	/* Groups from their totals (migrations 16 and 17). */
	{ "year,actor", "" }, { "country,month", "" },
	{ "country", "" }, { "quad_class,actor", "" },
	{ "country,root", "" },
	/* Negations: a test of the cells, or one country's or actor's
	 * cells subtracted from all. */
	{ "month,root", "not_country=GE" }, { "quad_class", "not_actor=huawei" },
	{ "year", "not_country=GB&from=2011-08&to=2019-04" },
	{ "month", "not_type=04&quad_class=1,2" },
	/* Types of whole roots from the cells by root, others not. */
	{ "year,quad_class", "not_type=04" }, { "month,root", "type=1,04" },
	{ "root", "not_type=1,042" }, { "year", "type=042" },
	{ "year,type", "not_quad_class=1" },
	{ "month,root", "not_location_country=GE,GB" },
	{ "root", "not_country=GE&not_type=19" },
	{ "year", "not_country=GE,GB" },
	/* Two countries or actors, both: no cell holds both. */
	{ "year", "country=GE&country=GB" },
	{ "month,root", "actor=huawei&actor=theresa-may" },
	/* From the cells of sets of countries (migration 32). */
	{ "month,root", "country=GB,CN" },
	{ "quad_class", "country=GE,US&type=0,1" },
	{ "year,type", "country=GB&country=GE&not_country=CN" },
	{ "root", "not_country=GB,CN&quad_class=1,2" },
	{ "year", "not_country=GE&not_country=CN" },
	{ "month,quad_class", "not_country=GB,US&from=2011-08&to=2019-04" },
	/* From the cells of roles and the sources' totals (migration 33). */
	{ "month,role", "" }, { "type", "role=target" },
	{ "year,root", "not_role=initiator" },
	{ "role", "from=2011-08&to=2011-08" },
	{ "month", "role=initiator&from=2011&to=2019" },
	{ "role", "quad_class=1,2" },
	{ "month", "role=initiator&role=target" },
	/* From the cells of sets of actors (migration 34). */
	{ "month,root", "actor=huawei,theresa-may" },
	{ "quad_class", "actor=sajid-javid&actor=theresa-may" },
	{ "year,type", "not_actor=huawei,theresa-may" },
	{ "month", "actor=huawei,theresa-may&not_actor=sajid-javid" },
	{ "year", "not_actor=huawei&not_actor=theresa-may&type=0,1" },
	/* Events with two of a list: counted once. */
	{ "month,root", "country=US,RU,GB" }, { "year,type", "not_country=US,RU" },
	{ "quad_class", "actor=huawei,theresa-may,sajid-javid" },
	/* From the cells of actors in their roles (migration 35). */
	{ "month,root", "actor=huawei&role=target" },
	{ "year,quad_class", "actor=theresa-may&role=initiator" },
	{ "type", "role=participant&actor=sajid-javid&from=2019" },
	/* From the days of the sets of countries (migration 44). */
	{ "week", "country=GB,CN" }, { "day", "not_country=GE" },
	{ "week", "country=GE&country=US" },
	{ "day", "country=US,RU&not_country=CN" },
	/* By the countries of the cells of sets (migration 32). */
	{ "country", "country=GB,CN&type=0,1" },
	{ "country", "not_country=GE&quad_class=3,4" },
	{ "month,country", "country=GE,US" },
	{ "country", "country=GE&country=US&from=2011-08&to=2011-08" },
	{ "country,root", "not_country=GB,CN" },
	{ "year,country", "country=US,RU&not_country=CN&type=04" },
	/* Most events: every event's days less the other sets'. */
	{ "week", "not_country=CN" }, { "day", "country=GE,US" },
	{ "week", "not_country=GB,CN" },
	/* Days and the sets' countries together. */
	{ "week,country", "country=GB,CN" }, { "day,country", "not_country=GE" },
	{ "country,week", "country=GE&country=US&from=2011-08-03" },
	/* By place and by role (migration 46). */
	{ "location_country", "country=GB,CN" }, { "role", "not_country=GE" },
	{ "role", "country=GE&country=US" },
	{ "location_country", "not_country=GE,GB,US,CN,RU" },
	/* ... within dates. */
	{ "week", "country=GB,CN&from=2011-08-05&to=2019-04-20" },
	{ "day", "not_country=GE&from=2011-08-10" },
	{ "day", "country=GE,US&to=2011-08-20" },
	{ "week", "country=GE&country=US&from=2011-08-03&to=2011-08-25" },
	/* From the cells by Goldstein score (migration 36). */
	{ "month,root", "goldstein_min=1" },
	{ "quad_class", "goldstein_max=-2&from=2011" },
	{ "year,type", "goldstein_min=-5&goldstein_max=3" },
	{ "month", "goldstein_max=10" },
	/* ... over all time (migration 61). */
	{ "quad_class", "goldstein_min=-5" }, { "type", "goldstein_max=0" },
	{ "root", "goldstein_min=-2&goldstein_max=3&quad_class=1,2" },
};

static void test_stats_brute_force(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(stats_cases) / sizeof(stats_cases[0]); i++)
		stats_match(stats_cases[i].by, stats_cases[i].filters);
}

/*
 * /stats?QUERY answered from the summaries equals the answer read from the
 * events (not_id= of no event makes it read them), counts alone: the
 * answers the kept pairs give (migrations 18, 19 and 23).
 */
static void summaries_match(const char *query)
{
	struct response l, s;
	char a[300], b[340];

	snprintf(a, sizeof(a), "/stats?%s", query);
	snprintf(b, sizeof(b), "/stats?%s&not_id=no-such-event", query);
	get(&srv, a, &l);
	get(&srv, b, &s);
	assert_int_equal(l.status, 200);
	assert_int_equal(s.status, 200);
	if (!json_equal(json_object_get(l.json, "data"),
			json_object_get(s.json, "data")))
		fail_msg("%s: summaries %s, events %s", a, l.body, s.body);
	response_free(&l);
	response_free(&s);
}

/* A series of groups and time keeps at most `most` groups (dim). */
static void groups_at_most(const char *query, const char *dim, size_t most)
{
	struct response r;
	char path[300];
	json_t *row, *seen = json_object();
	size_t i;

	snprintf(path, sizeof(path), "/stats?%s", query);
	get(&srv, path, &r);
	assert_int_equal(r.status, 200);
	json_array_foreach(json_object_get(r.json, "data"), i, row) {
		char k[64];

		key_text(json_object_get(row, dim), k, sizeof(k));
		json_object_set_new(seen, k, json_true());
	}
	if (json_object_size(seen) > most || json_object_size(seen) == 0)
		fail_msg("%s: %zu groups of %s", path, json_object_size(seen),
			 dim);
	json_decref(seen);
	response_free(&r);
}

/* The kept pairs, each way, checked after writes. */
static const char *const pair_queries[] = {
	"by=actor&country=GE&limit=1000", "by=actor&country=GB&limit=1000",
	"by=actor&country=US&limit=1000", "by=actor&country=CN&limit=1000",
	"by=country&actor=huawei&limit=1000",
	"by=country&actor=theresa-may&limit=1000",
	"by=location_country&country=GE&limit=1000",
	"by=location_country&country=GB&limit=1000",
	"by=location_country&country=US&limit=1000",
	"by=country&location_country=GE&limit=1000",
	"by=country&location_country=US&limit=1000",
	"by=country&country=GB&limit=1000", "by=actor&actor=huawei&limit=1000",
	"by=actor&type=04&limit=1000", "by=actor&type=14&limit=1000",
	"by=actor&type=17&limit=1000", "by=actor&type=01&limit=1000",
	"by=country&type=04&limit=1000", "by=country&type=14&limit=1000",
	"by=country&type=17&limit=1000",
	/* One country's actors of one root (migration 48), either order. */
	"by=actor&country=GE&type=04&limit=1000",
	"by=actor&type=14&country=GB&limit=1000",
	"by=actor&country=US&type=19&limit=1000",
	"by=actor&type=04&country=CN&limit=2",
	/* The actors of several roots, summed. */
	"by=actor&type=1&limit=1000", "by=actor&type=0,19&limit=1000",
	"by=actor&type=14,04&limit=3",
	/* ... and quad classes, alone or with one country. */
	"by=actor&quad_class=4&limit=1000", "by=actor&quad_class=1,3&limit=1000",
	"by=actor&country=GB&quad_class=3&limit=1000",
	"by=actor&quad_class=4&country=US&limit=2",
	"by=actor&country=GE&type=0,1&limit=1000",
	"by=actor&type=1&country=CN&limit=1000",
	/* ... walked most events first when they are many, the first few
	 * asked for. */
	"by=actor&quad_class=1&limit=3", "by=actor&type=0,1&limit=1",
	"by=actor&country=GE&quad_class=1,4&limit=5",
	"by=actor&type=0&country=GE&limit=100",
	"by=actor&country=US&type=04,05,19&limit=4",
	"by=actor&quad_class=1,2,3,4&limit=100",
	"by=actor&type=0,1,2&country=GB&limit=100",
	/* The actors of a place and an actor's places (migration 50). */
	"by=actor&location_country=GE&limit=1000",
	"by=actor&location_country=US&limit=2",
	"by=location_country&actor=huawei&limit=1000",
	"by=location_country&actor=theresa-may&limit=1000",
	/* Countries and actors of a range of scores (migration 51). */
	"by=country&goldstein_max=-2&limit=1000",
	"by=actor&goldstein_min=1&limit=1000",
	"by=country&goldstein_min=-5&goldstein_max=3&limit=3",
	"by=actor&goldstein_max=2.5&goldstein_min=-10&limit=2",
	/* One country's actors in whole months (migration 53). */
	"by=actor&country=GE&from=2011-08&to=2019-04&limit=1000",
	"by=actor&from=2019-04&to=2019-04&country=GB&limit=1000",
	"by=actor&country=US&from=2011&limit=1000",
	"by=actor&to=2011-08&country=CN&limit=1000",
	"by=actor&country=GE&from=2019&to=2019&limit=2",
	/* ... walked most events first, the first few asked for. */
	"by=actor&country=GE&from=2011-08&to=2019-04&limit=5",
	"by=actor&country=US&from=2011&limit=100",
	"by=actor&to=2019-04&country=GB&limit=3",
	"by=actor&country=GE&from=2011-08&to=2011-08&limit=1",
	/* One country's groupings less its events that fail the others
	 * (most pass), or the groupings of those that pass. */
	"by=actor&country=GE&goldstein_min=-5&limit=1000",
	"by=actor&country=GE&goldstein_min=-5&limit=3",
	"by=actor&goldstein_min=-5&country=GE&limit=1",
	"by=country&country=GE&goldstein_min=-5&limit=1000",
	"by=country&country=GE&tone_min=-5&limit=2",
	"by=actor&country=US&tone_min=-5&limit=4",
	"by=country&country=RU&mentions_min=2&limit=1000",
	"by=actor&country=GE&goldstein_min=2&limit=4",
	"by=country&country=GB&goldstein_min=-5&quad_class=1,2,3&limit=5",
	/* ... with the group of no actor (analytics-alone, after writes),
	 * and cut where counts tie (read most events first, the rows tied
	 * with the last kept are read too). */
	"by=actor&country=GE&not_type=19&limit=1000",
	"by=actor&country=GE&not_type=19&limit=2",
	"by=actor&country=GE&not_type=19&limit=8",
	"by=actor&country=GE&not_type=19&limit=19",
	"by=actor&country=GE&not_type=19&limit=25",
	"by=actor&country=GE&not_type=19&limit=32",
	"by=actor&country=GE&goldstein_min=-5&limit=7",
	"by=actor&country=GE&goldstein_min=-5&limit=15",
};

/* Answers of the cells (negations, sets, roles, scores), checked after
 * writes too. */
static const char *const cell_queries[] = {
	"by=month,root&not_country=GE&metrics=goldstein_mean,mentions_sum",
	"by=year&not_country=GB&from=2011-08&to=2019-04",
	"by=quad_class,month&not_actor=huawei&metrics=tone_mean",
	"by=year,type&not_type=04&not_quad_class=1&limit=1000",
	"by=month&not_location_country=GE&country=GB",
	/* Sets of countries (migration 32). */
	"by=month,root&country=GB,CN&metrics=goldstein_sum,tone_mean",
	"by=year&country=GE&country=GB&metrics=mentions_sum",
	"by=quad_class&not_country=GE,US&metrics=goldstein_mean",
	"by=year,type&country=GB,US&not_country=CN&limit=1000",
	"by=month&country=GE,CN&metrics=goldstein_mean,tone_mean",
	/* Roles and sources (migration 33). */
	"by=role&metrics=goldstein_sum,mentions_sum",
	"by=source&limit=1000&metrics=tone_mean,goldstein_sum",
	"by=month,role&metrics=goldstein_mean",
	"by=type&role=target&limit=1000", "by=year&not_role=initiator",
	/* ... by root (migration 61), and scores' codes over all time. */
	"by=year,quad_class&role=initiator&metrics=goldstein_sum",
	"by=root,month&not_role=target&metrics=tone_mean",
	"by=quad_class&goldstein_min=-5&metrics=mentions_sum",
	/* Sets of actors (migration 34). */
	"by=month,root&actor=huawei,theresa-may&metrics=goldstein_sum",
	"by=year&actor=huawei&actor=theresa-may&metrics=tone_mean",
	"by=quad_class&not_actor=huawei,sajid-javid&metrics=mentions_sum",
	/* ... weighed on the sets' keys: three, one listed twice. */
	"by=year,root&actor=huawei,theresa-may,sajid-javid,huawei",
	"by=month&not_actor=theresa-may,sajid-javid,theresa-may",
	/* Actors in their roles (migration 35). */
	"by=month,type&actor=huawei&role=target&metrics=goldstein_sum",
	"by=year&actor=theresa-may&role=initiator&metrics=tone_mean",
	/* A country's days (migration 40). */
	"by=week&country=GB&metrics=goldstein_mean,mentions_sum",
	"by=day&country=US&type=04&metrics=tone_mean",
	"by=week,country&limit=3&metrics=goldstein_sum",
	"by=day,root&country=GE&from=2011-08-02&to=2011-08-20",
	"by=week,quad_class&country=CN&limit=1000",
	/* ... by week and root (migration 58). */
	"by=week&type=04&country=GE&metrics=goldstein_sum,mentions_sum",
	"by=week,root&country=US&type=0,1&limit=1000&metrics=tone_mean",
	"by=week&quad_class=1,4&country=GB",
	"by=country&from=2011-08-03&to=2019-04-10&limit=1000",
	/* Every event's days less one country's or actor's. */
	"by=week&not_country=GE&metrics=goldstein_mean",
	"by=day&not_country=US&type=04",
	"by=week,root&not_country=CN&from=2011-08-02&to=2019-04-10",
	"by=week&not_actor=huawei&metrics=tone_mean",
	"by=day,quad_class&not_actor=theresa-may",
	/* A role's days (migration 42). */
	"by=week&role=target&metrics=goldstein_mean",
	"by=day,role&limit=1000&metrics=mentions_sum",
	"by=week&role=initiator&from=2011-08-02&to=2019-04-10",
	"by=day&role=target&type=04",
	/* An actor's days (migration 41). */
	"by=week&actor=huawei&metrics=goldstein_mean,tone_mean",
	"by=day,actor&limit=3&metrics=mentions_sum",
	"by=week&actor=theresa-may&from=2011-08-02&to=2019-04-10",
	"by=day&actor=gdelt-actor-usa-united-states&type=04",
	"by=actor&from=2011-08-03&to=2019-04-10&limit=1000",
	/* Actors and countries of the sets of countries (migrations 38
	 * and 43): walked by actor, or added up. */
	"by=actor&country=GB,CN&limit=1000", "by=actor&not_country=GE",
	"by=actor&country=GE&country=GB", "by=actor&country=CN,RU&limit=1000",
	"by=actor&country=US,RU&not_country=CN&limit=7",
	"by=country&country=GB,CN&limit=1000", "by=country&not_country=GE",
	"by=country&country=GE&country=US&limit=1000",
	"by=country&not_country=GE,GB,US,CN,RU&limit=1000",
	/* Their days (migration 44). */
	"by=week&country=GB,CN&metrics=goldstein_mean,tone_mean",
	"by=day&not_country=GE&metrics=mentions_sum",
	"by=week&country=GE&country=US",
	"by=day&not_country=GE,GB,US,CN,RU&metrics=goldstein_sum",
	"by=week&not_country=CN&metrics=goldstein_sum,tone_mean",
	"by=country&country=GB,CN&type=0,1&metrics=goldstein_mean",
	"by=country&not_country=GE&quad_class=3,4&limit=2",
	"by=root,country&country=GE,US&limit=3",
	"by=country&country=GE&country=US&from=2011-08&to=2011-08&limit=1",
	"by=day&country=GE,US,CN&metrics=goldstein_mean,mentions_sum",
	"by=week&country=US,RU&from=2011-08-02&to=2019-04-30",
	"by=location_country&country=GE,US&limit=2&metrics=goldstein_mean",
	"by=role&not_country=CN&metrics=tone_mean",
	"by=role&country=GB,CN&limit=1",
	"by=actor&country=GE,CN&limit=1000", "by=actor&not_country=US&limit=2",
	"by=location_country&country=GE&country=RU&metrics=mentions_sum",
	"by=day&not_country=CN&from=2011-08-09&metrics=tone_mean",
	"by=day&not_country=GB,CN&from=2011-08-09&metrics=goldstein_sum",
	"by=week,country&country=US,RU&limit=2&metrics=goldstein_mean",
	"by=day,country&not_country=CN&limit=3",
	/* Months by country of sets holding most events: every event's
	 * less the other sets'. */
	"by=month,country&not_country=CN&limit=3&metrics=goldstein_mean",
	"by=country,year&not_country=GB,CN&limit=1000&metrics=tone_mean",
	"by=year,country&country=GE,US&limit=2&metrics=mentions_sum",
	"by=country,month&country=GE,GB,US,CN&not_country=RU&limit=4",
	/* Roots and quad classes over all time (migration 55). */
	"by=root&country=GE,CN&metrics=goldstein_mean",
	"by=quad_class,country&country=US,GB&quad_class=1,4&limit=1000",
	"by=root&country=US&type=0,1&metrics=tone_mean,mentions_sum",
	"by=quad_class&country=GB&metrics=goldstein_sum",
	/* Codes over all time (migration 59). */
	"by=type&not_role=initiator&limit=1000&metrics=goldstein_mean",
	"by=quad_class&role=target&metrics=tone_mean,mentions_sum",
	"by=location_country&type=04&limit=1000&metrics=goldstein_sum",
	"by=root,location_country&quad_class=1,4&limit=1000",
	"by=type&not_location_country=GE&limit=1000",
	/* By Goldstein score (migration 36). */
	"by=month,root&goldstein_max=0&metrics=goldstein_sum,mentions_sum",
	"by=quad_class&goldstein_min=-4&goldstein_max=4&metrics=tone_mean",
	/* By number of mentions (migration 62): over months and codes, by
	 * code over all time, by month or day alone, by country or actor. */
	"by=month,root&mentions_min=3&metrics=goldstein_sum,mentions_sum",
	"by=year,quad_class&mentions_max=4&type=0,1&metrics=tone_mean",
	"by=type&mentions_min=2&mentions_max=6&limit=1000",
	"by=quad_class&mentions_min=5&quad_class=1,4&metrics=mentions_sum",
	"by=month&mentions_min=3&from=2011-08&to=2019-04&metrics=tone_mean",
	"by=year&mentions_max=0",
	"by=day&mentions_min=4&limit=1000&metrics=mentions_sum",
	"by=week&mentions_max=2&from=2019-03-03&limit=1000",
	"by=week&mentions_min=2&limit=1000&metrics=goldstein_mean",
	"by=year,root&mentions_min=2&quad_class=1,3&metrics=tone_mean",
	"by=year&mentions_max=6&type=04&limit=1000",
	"by=country&mentions_min=3&limit=1000",
	"by=actor&mentions_max=5&limit=1000",
	"by=actor&mentions_min=2&mentions_max=9&limit=3",
	/* ... walked, most events first, when the range holds many. */
	"by=actor&mentions_min=1&limit=5",
	"by=actor&mentions_max=40&limit=20",
	"by=actor&goldstein_min=-3&limit=10",
	"by=actor&goldstein_max=5&goldstein_min=-8&limit=3",
	/* By sixteenth of tone (migration 63), with the events of a bound
	 * inside a sixteenth read beside them: bounds on a sixteenth
	 * (tones of 2 and 1.875 are in the data), equal to an event's tone,
	 * both inside one sixteenth, one value alone. */
	"by=year&tone_min=2&metrics=tone_mean,goldstein_sum",
	"by=month&tone_max=2&metrics=mentions_sum",
	"by=root&tone_min=1.875&tone_max=5.22875816993464",
	"by=quad_class&tone_min=5.22875816993464&metrics=tone_mean",
	"by=type&tone_min=5.2&tone_max=5.23&limit=1000",
	"by=year,root&tone_max=1.5&type=0,1",
	"by=week&tone_min=0.9&limit=1000",
	"by=month&tone_min=-1&tone_max=7.3&from=2011-08&to=2019-04",
	"by=country&tone_min=1.3&limit=1000",
	"by=country&tone_min=2&tone_max=2&limit=1000",
	"by=country&tone_max=0&limit=3",
	"by=year&tone_min=0&tone_max=0",
	"by=month&tone_max=-0.0625&metrics=tone_mean",
	"by=root&tone_min=-2.3&tone_max=-0.01",
	"by=year&tone_min=-5.3&tone_max=-2.29",
	"by=country&tone_max=-0.005&limit=1000",
	"by=actor&tone_min=1.3&limit=1000",
	"by=actor&tone_max=-0.0625&limit=1000",
	"by=actor&tone_min=2&tone_max=7.01&limit=5",
	"by=actor&tone_min=5.22875816993464&limit=3",
	"by=actor&tone_max=5.22875816993464&limit=10",
	"by=week&tone_min=-1.31&tone_max=-0.06&limit=1000",
	/* ... by day, or over dates that are not whole months (64). */
	"by=day&tone_min=2.3&limit=1000&metrics=tone_mean",
	"by=day&tone_max=-0.0625&from=2011-08-02&limit=1000",
	"by=week&tone_min=1.875&from=2011-08-03&to=2019-04-29&limit=1000",
	"by=month&tone_min=-2.3&tone_max=5.3&from=2011-08-12",
	"by=year&tone_max=4.75&to=2019-04-29",
	/* A day or week alone, and actors with metrics, under codes or
	 * places: scanned from the copy rather than read from the cells. */
	"by=week&not_quad_class=1&metrics=goldstein_mean",
	"by=day&type=04&limit=1000",
	"by=day&location_country=GB&from=2011-08&metrics=tone_mean",
	"by=actor&quad_class=1,4&metrics=goldstein_mean,tone_mean",
	"by=actor&type=04&limit=1000&metrics=mentions_sum",
};

/* The events with a location, and their point. */
#define PLACED "(SELECT pk AS event, lat, lon FROM events" \
	" WHERE lat IS NOT NULL AND lon IS NOT NULL)"

/*
 * Summaries as kept (under writes and imports) against the same counted
 * again from the events: the table, its key, and the rows each event
 * falls in (a view of migrations 32 to 36, joined on event to its cell).
 */
static const struct {
	const char *table, *keys, *groups, *rows;
} kept[] = {
	{ "stats_country_set_months", "s, m, t", "x.s, c.m, c.t",
	  "stats_event_country_sets" },
	{ "stats_role_months", "r, m, t", "x.r, c.m, c.t", "stats_event_roles" },
	{ "stats_role_month_totals", "r, m", "x.r, c.m", "stats_event_roles" },
	{ "stats_source_totals", "source", "x.source", "stats_event_sources" },
	{ "stats_actor_set_months", "s, m, t", "x.s, c.m, c.t",
	  "stats_event_actor_sets" },
	/* By CAMEO root (migration 60). */
	{ "stats_actor_set_month_roots", "s, m, t", "x.s, x.m, x.t",
	  "(SELECT k.event, k.s, c.m, substr(c.t, 1, 2) AS t"
	  " FROM stats_event_actor_sets k JOIN stats_event_cells c"
	  " ON c.event = k.event)" },
	{ "stats_actor_month_roots", "actor, m, t", "x.actor, x.m, x.t",
	  "(SELECT k.event, k.actor, c.m, substr(c.t, 1, 2) AS t"
	  " FROM stats_event_actors k JOIN stats_event_cells c"
	  " ON c.event = k.event)" },
	{ "stats_actor_role_months", "actor, r, m, t", "x.actor, x.r, c.m, c.t",
	  "stats_event_actor_roles" },
	{ "stats_goldstein_months", "m, t, g", "c.m, c.t, x.g",
	  "stats_event_goldsteins" },
	/* By number of mentions (migration 62). */
	{ "stats_mentions_months", "m, t, k", "c.m, c.t, x.k",
	  "stats_event_mentions" },
	{ "stats_mentions_month_totals", "m, k", "c.m, x.k",
	  "stats_event_mentions" },
	{ "stats_mentions_day_totals", "d, k", "c.d, x.k",
	  "stats_event_mentions" },
	{ "stats_mentions_codes", "t, k", "c.t, x.k", "stats_event_mentions" },
	/* By sixteenth of tone (migration 63). */
	{ "stats_tone_month_totals", "m, k", "c.m, x.k", "stats_event_tones" },
	{ "stats_tone_codes", "t, k", "c.t, x.k", "stats_event_tones" },
	{ "stats_tone_day_totals", "d, k", "c.d, x.k", "stats_event_tones" },
	{ "stats_tone_year_roots", "m, t, k", "x.m, x.t, x.k",
	  "(SELECT k.event, k.k, substr(c.m, 1, 4) AS m, substr(c.t, 1, 2) AS t"
	  " FROM stats_event_tones k JOIN stats_event_cells c"
	  " ON c.event = k.event)" },
	{ "stats_tone_week_totals", "d, k", "x.d, x.k",
	  "(SELECT k.event, k.k, CASE WHEN length(c.d) = 10"
	  " THEN date(c.d, '-6 days', 'weekday 1') ELSE c.d END AS d"
	  " FROM stats_event_tones k JOIN stats_event_cells c"
	  " ON c.event = k.event)" },
	{ "stats_mentions_year_roots", "m, t, k", "x.m, x.t, x.k",
	  "(SELECT k.event, k.k, substr(c.m, 1, 4) AS m, substr(c.t, 1, 2) AS t"
	  " FROM stats_event_mentions k JOIN stats_event_cells c"
	  " ON c.event = k.event)" },
	{ "stats_mentions_week_totals", "d, k", "x.d, x.k",
	  "(SELECT k.event, k.k, CASE WHEN length(c.d) = 10"
	  " THEN date(c.d, '-6 days', 'weekday 1') ELSE c.d END AS d"
	  " FROM stats_event_mentions k JOIN stats_event_cells c"
	  " ON c.event = k.event)" },
	/* By role and root, and by score and code (migration 61). */
	{ "stats_goldstein_codes", "t, g", "c.t, x.g", "stats_event_goldsteins" },
	{ "stats_role_month_roots", "r, m, t", "x.r, x.m, x.t",
	  "(SELECT k.event, k.r, c.m, substr(c.t, 1, 2) AS t"
	  " FROM stats_event_roles k JOIN stats_event_cells c"
	  " ON c.event = k.event)" },
	{ "stats_country_days", "cc, d, t", "x.cc, c.d, c.t",
	  "stats_event_countries" },
	{ "stats_country_day_totals", "cc, d", "x.cc, c.d",
	  "stats_event_countries" },
	{ "stats_actor_day_totals", "actor, d", "x.actor, c.d",
	  "stats_event_actors" },
	{ "stats_role_day_totals", "r, d", "x.r, c.d", "stats_event_roles" },
	{ "stats_country_set_day_totals", "s, d", "x.s, c.d",
	  "stats_event_country_sets" },
	{ "stats_country_set_month_totals", "s, m", "x.s, c.m",
	  "stats_event_country_sets" },
	{ "stats_country_set_places", "s, c", "x.s, c.c",
	  "stats_event_country_sets" },
	/* By week (migration 54): d the Monday of a day. */
	{ "stats_country_week_totals", "cc, d", "x.cc, x.d",
	  "(SELECT k.event, k.cc, CASE WHEN length(c.d) = 10"
	  " THEN date(c.d, '-6 days', 'weekday 1') ELSE c.d END AS d"
	  " FROM stats_event_countries k JOIN stats_event_cells c"
	  " ON c.event = k.event)" },
	{ "stats_country_week_roots", "cc, d, t", "x.cc, x.d, x.t",
	  "(SELECT k.event, k.cc, CASE WHEN length(c.d) = 10"
	  " THEN date(c.d, '-6 days', 'weekday 1') ELSE c.d END AS d,"
	  " substr(c.t, 1, 2) AS t FROM stats_event_countries k"
	  " JOIN stats_event_cells c ON c.event = k.event)" },
	{ "stats_country_set_roles", "s, r", "x.s, x.r",
	  "(SELECT k.event, k.s, y.r FROM stats_event_country_sets k"
	  " JOIN stats_event_roles y ON y.event = k.event)" },	/* The located points' cells (migration 52). */
	{ "stats_point_months", "lat, lon, m, t", "x.lat, x.lon, c.m, c.t",
	  PLACED },
	{ "stats_point_month_totals", "lat, lon, m", "x.lat, x.lon, c.m",
	  PLACED },
	/* By CAMEO root over all time (migration 55). */
	{ "stats_point_roots", "lat, lon, t", "x.lat, x.lon, x.t",
	  "(SELECT e.event, e.lat, e.lon, substr(c.t, 1, 2) AS t FROM " PLACED
	  " e JOIN stats_event_cells c ON c.event = e.event)" },
	{ "stats_point_places", "lat, lon, c", "x.lat, x.lon, c.c", PLACED },
	{ "stats_point_day_totals", "lat, lon, d", "x.lat, x.lon, c.d",
	  PLACED },
	/* By code over all time (migration 59). */
	{ "stats_code_place_totals", "t, c", "c.t, c.c",
	  "(SELECT pk AS event FROM events)" },
	{ "stats_role_code_totals", "r, t", "x.r, c.t", "stats_event_roles" },
	{ "stats_country_set_roots", "s, t", "x.s, x.t",
	  "(SELECT k.event, k.s, substr(c.t, 1, 2) AS t"
	  " FROM stats_event_country_sets k JOIN stats_event_cells c"
	  " ON c.event = k.event)" },
	{ "stats_country_roots", "cc, t", "x.cc, x.t",
	  "(SELECT k.event, k.cc, substr(c.t, 1, 2) AS t"
	  " FROM stats_event_countries k JOIN stats_event_cells c"
	  " ON c.event = k.event)" },
};

/* The networks of the sets of countries, counted again from the events. */
#define SET_PAIRS " FROM stats_event_country_sets x" \
	" JOIN participants p1 ON p1.event = x.event" \
	" JOIN participants p2 ON p2.event = x.event AND p2.actor > p1.actor"
static const struct {
	const char *table, *keys, *counted;
} set_networks[] = {
	{ "stats_country_set_actor_pairs", "s, a, b",
	  "SELECT x.s, p1.actor AS a, p2.actor AS b,"
	  " count(DISTINCT x.event) AS n" SET_PAIRS " GROUP BY 1, 2, 3" },
	{ "stats_country_set_pair_roles", "a, b, ra, rb, s",
	  "SELECT p1.actor AS a, p2.actor AS b, p1.role AS ra, p2.role AS rb,"
	  " x.s, count(DISTINCT x.event) AS n" SET_PAIRS
	  " GROUP BY 1, 2, 3, 4, 5" },
	{ "stats_country_root_actors", "cc, r, actor",
	  "SELECT x.cc, substr(c.t, 1, 2) AS r, a.actor, count(*) AS n"
	  " FROM stats_event_countries x"
	  " JOIN stats_event_cells c ON c.event = x.event"
	  " JOIN stats_event_actors a ON a.event = x.event GROUP BY 1, 2, 3" },
	{ "stats_country_month_actors", "cc, m, actor",
	  "SELECT x.cc, c.m, a.actor, count(*) AS n"
	  " FROM stats_event_countries x"
	  " JOIN stats_event_cells c ON c.event = x.event"
	  " JOIN stats_event_actors a ON a.event = x.event GROUP BY 1, 2, 3" },
	{ "stats_country_goldsteins", "g, cc",
	  "SELECT g.g, x.cc, count(*) AS n FROM stats_event_countries x"
	  " JOIN stats_event_goldsteins g ON g.event = x.event GROUP BY 1, 2" },
	{ "stats_actor_goldsteins", "g, actor",
	  "SELECT g.g, a.actor, count(*) AS n FROM stats_event_actors a"
	  " JOIN stats_event_goldsteins g ON g.event = a.event GROUP BY 1, 2" },
	/* ... of each sixteenth of tone (migration 63). */
	{ "stats_country_tones", "k, cc",
	  "SELECT k.k, x.cc, count(*) AS n FROM stats_event_countries x"
	  " JOIN stats_event_tones k ON k.event = x.event GROUP BY 1, 2" },
	{ "stats_actor_tones", "k, actor",
	  "SELECT k.k, a.actor, count(*) AS n FROM stats_event_actors a"
	  " JOIN stats_event_tones k ON k.event = a.event GROUP BY 1, 2" },
	/* ... and of each number of mentions (migration 62). */
	{ "stats_country_mentions", "k, cc",
	  "SELECT k.k, x.cc, count(*) AS n FROM stats_event_countries x"
	  " JOIN stats_event_mentions k ON k.event = x.event GROUP BY 1, 2" },
	{ "stats_actor_mentions", "k, actor",
	  "SELECT k.k, a.actor, count(*) AS n FROM stats_event_actors a"
	  " JOIN stats_event_mentions k ON k.event = a.event GROUP BY 1, 2" },
	{ "stats_place_actors", "c, actor",
	  "SELECT c.c, a.actor, count(*) AS n FROM stats_event_cells c"
	  " JOIN stats_event_actors a ON a.event = c.event GROUP BY 1, 2" },
	/* Each point's events, countries and actors (migration 52). */
	{ "stats_points", "lat, lon",
	  "SELECT lat, lon, count(*) AS n FROM " PLACED " GROUP BY 1, 2" },
	{ "stats_point_countries", "lat, lon, cc",
	  "SELECT e.lat, e.lon, x.cc, count(*) AS n FROM " PLACED " e"
	  " JOIN stats_event_countries x ON x.event = e.event"
	  " GROUP BY 1, 2, 3" },
	{ "stats_point_actors", "lat, lon, actor",
	  "SELECT e.lat, e.lon, a.actor, count(*) AS n FROM " PLACED " e"
	  " JOIN stats_event_actors a ON a.event = e.event GROUP BY 1, 2, 3" },
	{ "stats_country_set_actors", "actor, s",
	  "SELECT p.actor, x.s, count(DISTINCT x.event) AS n"
	  " FROM stats_event_country_sets x"
	  " JOIN participants p ON p.event = x.event GROUP BY 1, 2"
	  " UNION ALL SELECT 0, s, count(*) FROM stats_event_country_sets"
	  " GROUP BY s" },
	/* Actors and sources by their facets (migration 69). */
	{ "actor_facets", "source, kind, country",
	  "SELECT 0 AS source, kind, ifnull(country, '') AS country,"
	  " count(*) AS n FROM actors GROUP BY 1, 2, 3"
	  " UNION ALL SELECT c.source, a.kind, ifnull(a.country, ''), count(*)"
	  " FROM (SELECT DISTINCT actor, source FROM actor_citations) c"
	  " JOIN actors a ON a.pk = c.actor GROUP BY 1, 2, 3" },
	{ "source_facets", "kind, publisher",
	  "SELECT kind, ifnull(publisher, '') AS publisher, count(*) AS n"
	  " FROM sources GROUP BY 1, 2" },
};

/* The file srv serves (under dir): a.db, but while a restore is checked. */
static const char *served = "a.db";

/* The analytics database, read-only, beside the server. */
static sqlite3 *open_read_only(void)
{
	char path[300];
	sqlite3 *db;

	snprintf(path, sizeof(path), "file:%s/%s?mode=ro", dir, served);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY |
					 SQLITE_OPEN_URI, NULL), SQLITE_OK);
	return db;
}

/* Runs sql on the analytics database; its first row's columns in out. */
static void read_row(const char *sql, long long *out, int n)
{
	sqlite3 *db = open_read_only();
	sqlite3_stmt *st;
	int i;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	for (i = 0; i < n; i++)
		out[i] = sqlite3_column_int64(st, i);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* Runs sql on the analytics database; its first row's first column, as
 * a new string ("" for NULL). */
static char *read_text(const char *sql)
{
	sqlite3 *db = open_read_only();
	sqlite3_stmt *st;
	char *out;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	out = strdup(sqlite3_column_text(st, 0) ?
		     (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

static void kept_match(void)
{
	char sql[2048];
	long long v[3];
	size_t i;

	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		snprintf(sql, sizeof(sql), "WITH k AS (SELECT %s, count(*) AS n,"
			 " sum(c.gs) AS gs, sum(c.gn) AS gn, sum(c.ts) AS ts,"
			 " sum(c.tn) AS tn, sum(c.ms) AS ms, sum(c.mn) AS mn"
			 " FROM %s x JOIN stats_event_cells c"
			 " ON c.event = x.event GROUP BY %s),"
			 " kept AS (SELECT * FROM %s WHERE n <> 0)"
			 " SELECT (SELECT count(*) FROM k),"
			 " (SELECT count(*) FROM kept),"
			 " (SELECT count(*) FROM k JOIN kept USING (%s)"
			 " WHERE k.n = kept.n AND k.gn = kept.gn"
			 " AND k.tn = kept.tn AND k.ms = kept.ms"
			 " AND k.mn = kept.mn AND abs(k.gs - kept.gs) < 1e-6"
			 " AND abs(k.ts - kept.ts) < 1e-6)", kept[i].groups,
			 kept[i].rows, kept[i].groups, kept[i].table,
			 kept[i].keys);
		read_row(sql, v, 3);
		/* As many rows, every one the same. */
		if (v[0] == 0 || v[1] != v[0] || v[2] != v[0])
			fail_msg("%s: %lld counted, %lld kept, %lld the same",
				 kept[i].table, v[0], v[1], v[2]);
	}
	/* The locations' tree (migration 47): every placed event once,
	 * its box holding its point. */
	read_row("SELECT (SELECT count(*) FROM events WHERE lat IS NOT NULL"
		 " AND lon IS NOT NULL), (SELECT count(*) FROM events_geo),"
		 " (SELECT count(*) FROM events e JOIN events_geo g"
		 " ON g.pk = e.pk WHERE e.lat BETWEEN g.lat_lo AND g.lat_hi"
		 " AND e.lon BETWEEN g.lon_lo AND g.lon_hi)", v, 3);
	if (v[0] == 0 || v[1] != v[0] || v[2] != v[0])
		fail_msg("events_geo: %lld placed, %lld kept, %lld the same",
			 v[0], v[1], v[2]);
	/* The sets' networks (migration 38), actor 0 the sets' events. */
	for (i = 0; i < sizeof(set_networks) / sizeof(set_networks[0]); i++) {
		snprintf(sql, sizeof(sql), "WITH k AS (%s),"
			 " kept AS (SELECT * FROM %s WHERE n <> 0)"
			 " SELECT (SELECT count(*) FROM k),"
			 " (SELECT count(*) FROM kept),"
			 " (SELECT count(*) FROM k JOIN kept USING (%s)"
			 " WHERE k.n = kept.n)", set_networks[i].counted,
			 set_networks[i].table, set_networks[i].keys);
		read_row(sql, v, 3);
		if (v[0] == 0 || v[1] != v[0] || v[2] != v[0])
			fail_msg("%s: %lld counted, %lld kept, %lld the same",
				 set_networks[i].table, v[0], v[1], v[2]);
	}
	/* Every set is found by its members. */
	read_row("SELECT (SELECT count(*) FROM stats_event_country_sets k"
		 " JOIN event_countries e ON e.event = k.event"
		 " WHERE NOT EXISTS (SELECT 1 FROM stats_country_set_members m"
		 " WHERE m.cc = e.country AND m.s = k.s)),"
		 " (SELECT count(*) FROM stats_event_actor_sets k"
		 " JOIN participants p ON p.event = k.event"
		 " WHERE NOT EXISTS (SELECT 1 FROM stats_actor_set_members m"
		 " WHERE m.actor = p.actor AND m.s = k.s))", v, 2);
	assert_int_equal(v[0], 0);
	assert_int_equal(v[1], 0);
}

static void pairs_match(void)
{
	size_t i;

	for (i = 0; i < sizeof(pair_queries) / sizeof(pair_queries[0]); i++)
		summaries_match(pair_queries[i]);
	for (i = 0; i < sizeof(cell_queries) / sizeof(cell_queries[0]); i++)
		summaries_match(cell_queries[i]);
	kept_match();
}

/*
 * facet=FIELDS (one, or several comma-separated) and count=exact of a list
 * other than events' equal a count of the rows the list pages through:
 * every value, its count, most first.
 */
static void list_facet_matches(const char *list, const char *fields)
{
	char path[300], k[100], field[32];
	json_t *rows = all_rows(list), *row, *v;
	struct response l;
	const char *p, *next;
	size_t j;

	snprintf(path, sizeof(path), "%s%cfacet=%s&facet_limit=100&limit=1"
		 "&count=exact", list, strchr(list, '?') ? '&' : '?', fields);
	get(&srv, path, &l);
	if (l.status != 200)
		fail_msg("%s: %ld %s", path, l.status, l.body);
	v = json_object_get(json_object_get(l.json, "meta"), "total");
	if (json_integer_value(v) != (json_int_t)json_array_size(rows))
		fail_msg("%s: total %lld, %zu rows", path,
			 (long long)json_integer_value(v),
			 json_array_size(rows));
	for (p = fields; p; p = next) {
		json_t *counts = json_object();
		json_int_t last = -1;

		next = strchr(p, ',');
		snprintf(field, sizeof(field), "%.*s",
			 (int)(next ? next - p : (long)strlen(p)), p);
		if (next)
			next++;
		json_array_foreach(rows, j, row) {
			key_text(json_object_get(row, field), k, sizeof(k));
			json_object_set_new(counts, k, json_integer(
				json_integer_value(json_object_get(counts, k)) +
				1));
		}
		v = json_object_get(json_object_get(l.json, "facets"), field);
		if (json_array_size(v) != json_object_size(counts))
			fail_msg("%s: %s: %zu values, %zu counted", path, field,
				 json_array_size(v), json_object_size(counts));
		json_array_foreach(v, j, row) {
			json_int_t n = json_integer_value(json_object_get(row,
									  "count"));

			key_text(json_object_get(row, field), k, sizeof(k));
			if (n != json_integer_value(json_object_get(counts, k)) ||
			    (last >= 0 && n > last))
				fail_msg("%s: %s counted %lld, answered %lld",
					 path, k, (long long)json_integer_value(
					 json_object_get(counts, k)),
					 (long long)n);
			last = n;
		}
		json_decref(counts);
	}
	response_free(&l);
	json_decref(rows);
}

/* Facets are the top groups of /stats for the same filters. */
static void test_facets(void **state)
{
	struct response l, s;
	size_t i;
	static const char *const dims[] = { "country", "actor", "root" };

	(void)state;
	get(&srv, "/events?type=0,1&limit=3&fields=id&facet=country,actor,"
	    "root&facet_limit=4", &l);
	assert_int_equal(l.status, 200);
	for (i = 0; i < 3; i++) {
		char path[200];
		json_t *facet = json_object_get(json_object_get(l.json,
								"facets"),
						dims[i]);

		snprintf(path, sizeof(path), "/stats?by=%s&type=0,1&limit=4",
			 dims[i]);
		get(&srv, path, &s);
		assert_int_equal(s.status, 200);
		assert_true(json_array_size(facet) > 0);
		assert_true(json_equal(facet, json_object_get(s.json, "data")));
		response_free(&s);
	}
	assert_int_equal(json_array_size(json_object_get(l.json, "data")), 3);
	response_free(&l);
	/*
	 * Summaries and events agree where the limit cuts, ties included
	 * (not_id= of no event reads the events).
	 */
	{
		static const char *const cuts[] = {
			"by=country&limit=3", "by=actor&limit=2",
			"by=year,country&limit=2", "by=month,actor&limit=3",
			"by=root&limit=4&from=2011-08-03",
			"by=week,type&limit=2&location_country=GE",
			"by=country&limit=2&country=GE",
			"by=actor&limit=3&actor=huawei",
			"by=actor&limit=3&country=GE",
			"by=country&limit=2&actor=huawei",
			"by=location_country&limit=2&country=GB",
			"by=country&limit=2&location_country=GE",
			"by=actor&limit=3&type=04", "by=actor&limit=1&type=19",
			"by=country&limit=2&type=04",
			/* Of the sets of countries, walked or added up. */
			"by=actor&limit=3&country=GB,CN",
			"by=actor&limit=1&not_country=GE",
			"by=actor&limit=2&country=GE&country=GB",
			"by=actor&limit=2&country=CN,RU",
			"by=country&limit=2&not_country=GE",
			"by=country&limit=3&country=GB,US&not_country=CN",
			/* Fewer groups than CAMEO has, and as many. */
			"by=year,root&limit=3", "by=month,quad_class&limit=2",
			"by=month,role&limit=1", "by=year,root&limit=21",
			"by=year,quad_class&limit=5",
		};

		for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
			summaries_match(cuts[i]);
		groups_at_most("by=year,root&limit=3", "root", 3);
		groups_at_most("by=month,quad_class&limit=2", "quad_class", 2);
		groups_at_most("by=month,role&limit=1", "role", 1);
		groups_at_most("by=year,root&limit=21", "root", 21);
	}
	/* Other lists' facets, against a count of their rows. */
	list_facet_matches("/actors?kind=person,company", "kind");
	list_facet_matches("/actors?q=minister", "country");
	list_facet_matches("/actors?q=minister&kind=person", "country");
	list_facet_matches("/actors?q=police&kind=government,person", "kind");
	/* Several fields and the count in one pass over the matches. */
	list_facet_matches("/actors?q=minister", "kind,country");
	list_facet_matches("/actors?id=huawei,theresa-may,uk-cabinet",
			   "country,kind");
	list_facet_matches("/sources?q=huawei", "kind,publisher");
	list_facet_matches("/countries?region=Europe", "region,subregion");
	list_facet_matches("/event-types?quad_class=3,4", "root,quad_class");
	list_facet_matches("/countries?region=Europe", "subregion");
	list_facet_matches("/sources", "publisher");
	list_facet_matches("/event-types?quad_class=3,4", "root");
	expect_status("/events?facet=nothing", 400);
	expect_status("/events?facet=country&format=csv", 400);
	expect_status("/actors?facet=name", 400);
	expect_status("/deletions?facet=kind", 400);
	expect_status("/events?facet_limit=0&facet=country", 400);
	expect_status("/stats", 400);
	expect_status("/stats?by=month,year", 400);
	expect_status("/stats?by=country,country", 400);
	expect_status("/stats?by=country,actor,role", 400);
	expect_status("/stats?by=month&metrics=median", 400);
	expect_status("/stats?by=month&limit=0", 400);
	expect_status("/stats?by=month&sort=date", 400);
	expect_status("/stats?by=month&cursor=x", 400);
	expect_status("/stats?by=month&country=XX", 400);
	expect_status("/stats?by=month&q=%22unclosed&q_syntax=fts5", 400);
}

/*
 * A search counted over time equals the count of its events' rows (not_id=
 * of no event makes it read them), by bucket: by is the one time
 * dimension. With dates it is counted from its index (db/search_days.c);
 * over all dates, from the copy of the events' columns once there is one
 * (db/columns_sum.c), else from its index too.
 */
static void search_days_match(const char *by, const char *filters)
{
	char path[2][300];
	struct buf_like { char s[8192]; size_t n; } text[2];
	int k;

	for (k = 0; k < 2; k++) {
		struct response r;
		json_t *row;
		size_t i;

		snprintf(path[k], sizeof(path[k]), "/stats?by=%s&%s%s", by,
			 filters, k ? "&not_id=no-such-event" : "");
		get(&srv, path[k], &r);
		if (r.status != 200)
			fail_msg("GET %s: %ld %s", path[k], r.status, r.body);
		text[k].n = 0;
		text[k].s[0] = '\0';
		json_array_foreach(json_object_get(r.json, "data"), i, row) {
			const char *bucket = json_string_value(
				json_object_get(row, by));

			text[k].n += (size_t)snprintf(text[k].s + text[k].n,
				sizeof(text[k].s) - text[k].n, "%s=%lld ",
				bucket ? bucket : "undated", (long long)
				json_integer_value(json_object_get(row,
								   "count")));
		}
		response_free(&r);
	}
	if (strcmp(text[0].s, text[1].s) != 0)
		fail_msg("%s: %s\nthe events: %s", path[0], text[0].s,
			 text[1].s);
	if (!text[0].n)
		fail_msg("%s: no buckets: choose a search with matches",
			 path[0]);
}

static void search_days_all_match(void)
{
	search_days_match("month", "q=huawei");
	search_days_match("day", "q=huawei");
	search_days_match("week", "q=5g");
	search_days_match("year", "q=government");
	search_days_match("month", "q=huawei&from=2019-04");
	search_days_match("day", "q=huawei&to=2019-04-23");
	search_days_match("month", "q=%22security+threat%22+OR+georgia");
	search_days_match("day", "q=huawei&from=2019-04-20&to=2019-04-30");
}

/* -1, 0 or 1 as x's event count and id come before, with or after y's. */
static int node_before(json_t *x, json_t *y)
{
	json_int_t a = json_integer_value(json_object_get(x, "event_count"));
	json_int_t b = json_integer_value(json_object_get(y, "event_count"));

	if (a != b)
		return a > b ? -1 : 1;
	return strcmp(json_string_value(json_object_get(x, "id")),
		      json_string_value(json_object_get(y, "id")));
}

/*
 * The order openapi.yaml gives a graph: nodes most events first, then by
 * id; edges heaviest first; an edge's roles most events first, then by
 * role; and every edge's actors among the nodes, each node an edge's
 * actor or the ego.
 */
static void graph_order(const char *url, json_t *graph, const char *ego)
{
	json_t *nodes = json_object_get(graph, "nodes");
	json_t *edges = json_object_get(graph, "edges");
	json_t *ids = json_object(), *linked = json_object(), *edge, *node;
	size_t i, j;

	json_array_foreach(nodes, i, node) {
		json_object_set(ids, json_string_value(json_object_get(node,
			"id")), json_true());
		if (i && node_before(json_array_get(nodes, i - 1), node) >= 0)
			fail_msg("%s: node %zu before %zu", url, i, i - 1);
	}
	if (ego)
		json_object_set(linked, ego, json_true());
	json_array_foreach(edges, i, edge) {
		json_t *roles = json_object_get(edge, "roles"), *role;
		const char *ends[2] = {
			json_string_value(json_object_get(edge, "source")),
			json_string_value(json_object_get(edge, "target")),
		};

		for (j = 0; j < 2; j++) {
			if (!json_object_get(ids, ends[j]))
				fail_msg("%s: edge %zu's %s is no node", url,
					 i, ends[j]);
			json_object_set(linked, ends[j], json_true());
		}
		if (i && json_integer_value(json_object_get(json_array_get(
			edges, i - 1), "weight")) < json_integer_value(
			json_object_get(edge, "weight")))
			fail_msg("%s: edge %zu heavier than %zu", url, i,
				 i - 1);
		assert_true(json_array_size(roles) > 0);
		json_array_foreach(roles, j, role) {
			json_t *prev = j ? json_array_get(roles, j - 1) : NULL;
			json_int_t n, m;
			int c;

			if (!prev)
				continue;
			n = json_integer_value(json_object_get(prev, "count"));
			m = json_integer_value(json_object_get(role, "count"));
			c = strcmp(json_string_value(json_object_get(prev,
				"source_role")), json_string_value(
				json_object_get(role, "source_role")));
			if (!c)
				c = strcmp(json_string_value(json_object_get(
					prev, "target_role")),
					json_string_value(json_object_get(
					role, "target_role")));
			if (n < m || (n == m && c >= 0))
				fail_msg("%s: edge %zu's role %zu before %zu",
					 url, i, j, j - 1);
		}
	}
	json_array_foreach(nodes, i, node) {
		const char *id = json_string_value(json_object_get(node,
								   "id"));

		if (!json_object_get(linked, id))
			fail_msg("%s: node %s is neither an edge's nor the ego",
				 url, id);
	}
	if (ego && !json_object_get(ids, ego))
		fail_msg("%s: the ego %s is no node", url, ego);
	json_decref(ids);
	json_decref(linked);
}

/*
 * Type-ahead of words longer than the index's prefixes (asked for by
 * their first 8 letters, then told apart) suggests what the same words
 * do when asked for whole: a "." after each keeps it whole and is no
 * part of its token.
 */
static void suggest_cuts_match(void)
{
	static const char *const typed[] = {
		"president+consult", "president", "presidential",
		"presidentx", "authorities+pri", "government+sa",
		"international", "demonstrators", "georgian+government",
		"parliament+georgia",
	};
	size_t i;

	for (i = 0; i < sizeof(typed) / sizeof(typed[0]); i++) {
		char cut[200], whole[200], *w;
		const char *p;
		struct response x, y;

		snprintf(cut, sizeof(cut), "/suggest?q=%s&limit=50", typed[i]);
		w = whole + snprintf(whole, sizeof(whole), "/suggest?q=");
		for (p = typed[i]; *p; p++) {
			size_t len = strcspn(p, "+");

			memcpy(w, p, len);
			w += len;
			if (len > 8)
				*w++ = '.';
			p += len;
			if (!*p)
				break;
			*w++ = '+';
		}
		snprintf(w, sizeof(whole) - (size_t)(w - whole), "&limit=50");
		get(&srv, cut, &x);
		get(&srv, whole, &y);
		assert_int_equal(x.status, 200);
		assert_int_equal(y.status, 200);
		if (strcmp(x.body, y.body) != 0)
			fail_msg("%s: %s\n%s: %s", cut, x.body, whole, y.body);
		response_free(&x);
		response_free(&y);
	}
}

/*
 * The graph at path from the networks kept equals the one read from the
 * events (not_id= of no event makes it read them).
 */
static void kept_network_match(const char *path)
{
	char b[300];
	struct response x, y;

	snprintf(b, sizeof(b), "%s&not_id=no-such-event", path);
	get(&srv, path, &x);
	get(&srv, b, &y);
	assert_int_equal(x.status, 200);
	assert_int_equal(y.status, 200);
	json_object_del(x.json, "links");
	json_object_del(y.json, "links");
	if (strncmp(path, "/actors/", 8) == 0) {
		char ego[100];

		snprintf(ego, sizeof(ego), "%.*s",
			 (int)strcspn(path + 8, "/"), path + 8);
		graph_order(path, x.json, ego);
	} else {
		graph_order(path, x.json, NULL);
	}
	if (!json_equal(x.json, y.json))
		fail_msg("%s: kept %s, events %s", path, x.body, y.body);
	response_free(&x);
	response_free(&y);
}

/*
 * The networks kept against the events': egos whose own edges fill the
 * limit and egos with edges between their partners (events of three or
 * more actors), and the networks of countries (one, or any of several
 * that share events, or one less the events other conditions leave
 * out), and of codes and quad classes (in whole months or not), whole
 * and cut by the limit.
 */
static const char *const kept_network_paths[] = {
	"/actors/huawei/network?limit=1",
	"/actors/huawei/network?limit=3",
	"/actors/huawei/network?limit=1000",
	"/actors/theresa-may/network?limit=4",
	"/actors/theresa-may/network?limit=1000",
	"/actors/sajid-javid/network?limit=1000",
	"/actors/gdelt-actor-usa-united-states/network?limit=5",
	"/actors/gdelt-actor-rus-russia/network?limit=2",
	"/actors/gdelt-actor-usa-atlanta/network?limit=20",
	"/network?country=GB&limit=1000", "/network?country=GB&limit=3",
	"/network?country=CN&limit=1000", "/network?country=US&limit=5",
	"/network?country=GE&limit=1000", "/network?country=RU&limit=2",
	"/network?country=GB,CN&limit=1000",
	"/network?country=GE,GB,US,RU&limit=1000",
	"/network?country=RU,US&limit=3", "/network?country=US,GE&limit=7",
	"/network?country=CN,GB,CN&limit=1000",
	"/network?country=GE&country=US&limit=1000",
	"/network?country=GB&country=GE&limit=2",
	"/network?not_country=US&limit=1000",
	"/network?not_country=CN&limit=1",
	"/network?not_country=CN&limit=4",
	"/network?not_country=GB,CN&limit=3",
	"/network?country=GE,GB&not_country=CN&limit=1000",
	"/network?country=GB,US&country=GE&not_country=RU&limit=5",
	"/network?not_country=GE,GB,US,RU,CN&limit=1000",
	"/network?type=04&limit=1000", "/network?type=04&limit=3",
	"/network?type=190&limit=1000", "/network?quad_class=1,4&limit=1000",
	/* The networks kept per CAMEO group (migration 68): one
	 * group, several merged, one group within another, the same
	 * twice; a prefix of one digit (ten roots) from the copy. */
	"/network?quad_class=2&limit=1000", "/network?quad_class=1&limit=4",
	"/network?quad_class=2,3&limit=1000", "/network?quad_class=1,4&limit=2",
	"/network?type=04,05&limit=1000", "/network?type=04,19&limit=3",
	"/network?type=1&limit=1000", "/network?type=0&limit=6",
	"/network?type=04,041,0411&limit=1000", "/network?type=19,19&limit=5",
	"/network?type=0401&limit=1000", "/network?type=9999&limit=1000",
	"/network?type=0,1&from=2011&to=2019&limit=5",
	"/network?quad_class=3&from=2019-04&to=2019-04&limit=1000",
	"/network?from=2019-04&to=2019-04&limit=1000",
	"/network?from=2019-04-01&to=2019-04-30&limit=2",
	"/network?from=2019-03&to=2019-04&limit=1000",
	/* A country's kept graph less its events that fail the
	 * others (most pass), or the graph of those that pass. */
	"/network?country=GE&goldstein_min=-5&limit=1000",
	"/network?country=GE&goldstein_min=-5&limit=3",
	"/network?goldstein_min=-5&country=GE&limit=1",
	"/network?country=GE&mentions_min=2&limit=10",
	"/network?country=RU&goldstein_min=-5&limit=1000",
	"/network?country=US&goldstein_min=-5&quad_class=1,2,3&limit=5",
	"/network?country=GE&tone_min=-5&limit=20",
	"/network?country=GE&goldstein_min=2&limit=1000",
	"/network?country=GE&goldstein_min=2&limit=4",
	"/network?quad_class=1&from=2011-08&limit=1000",
};

static void kept_networks_match(void)
{
	size_t i;

	for (i = 0; i < sizeof(kept_network_paths) /
	     sizeof(kept_network_paths[0]); i++)
		kept_network_match(kept_network_paths[i]);
}

/*
 * /network equals counting pairs of participants over the matching
 * events: every edge's weight, and each node's event count.
 */
static void network_match(const char *path, const char *filters,
			  const char *ego)
{
	char url[512];
	json_t *events, *ev, *pairs = json_object(), *counts = json_object();
	json_t *edge, *node;
	struct response r;
	size_t i;

	snprintf(url, sizeof(url), "/events?fields=id,participants%s%s%s%s",
		 ego ? "&actor=" : "", ego ? ego : "", *filters ? "&" : "",
		 filters);
	events = all_rows(url);
	json_array_foreach(events, i, ev) {
		json_t *actors = values("actor", ev);
		size_t a, b;

		for (a = 0; a < json_array_size(actors); a++) {
			const char *x = json_string_value(json_array_get(
				actors, a));
			json_t *n;

			if (!x)
				continue;
			n = json_object_get(counts, x);
			json_object_set_new(counts, x, json_integer(
				json_integer_value(n) + 1));
			for (b = 0; b < json_array_size(actors); b++) {
				const char *y = json_string_value(
					json_array_get(actors, b));
				char k[300];

				if (!y || strcmp(x, y) >= 0)
					continue;
				snprintf(k, sizeof(k), "%s|%s", x, y);
				json_object_set_new(pairs, k, json_integer(
					json_integer_value(json_object_get(
					pairs, k)) + 1));
			}
		}
		json_decref(actors);
	}
	snprintf(url, sizeof(url), "%s?limit=1000%s%s", path,
		 *filters ? "&" : "", filters);
	get(&srv, url, &r);
	if (r.status != 200)
		fail_msg("GET %s: %ld %s", url, r.status, r.body);
	assert_true(json_object_size(pairs) < 1000);
	graph_order(url, r.json, ego);
	assert_int_equal(json_array_size(json_object_get(r.json, "edges")),
			 json_object_size(pairs));
	json_array_foreach(json_object_get(r.json, "edges"), i, edge) {
		const char *s = json_string_value(json_object_get(edge,
								  "source"));
		const char *t = json_string_value(json_object_get(edge,
								  "target"));
		char k[300];
		json_int_t sum = 0;
		size_t j;
		json_t *role;

		snprintf(k, sizeof(k), "%s|%s", strcmp(s, t) < 0 ? s : t,
			 strcmp(s, t) < 0 ? t : s);
		if (json_integer_value(json_object_get(edge, "weight")) !=
		    json_integer_value(json_object_get(pairs, k)))
			fail_msg("%s: edge %s weighs %lld, events %lld", url,
				 k, (long long)json_integer_value(
				 json_object_get(edge, "weight")),
				 (long long)json_integer_value(
				 json_object_get(pairs, k)));
		json_array_foreach(json_object_get(edge, "roles"), j, role)
			sum += json_integer_value(json_object_get(role,
								  "count"));
		assert_true(sum >= json_integer_value(json_object_get(edge,
							"weight")));
	}
	json_array_foreach(json_object_get(r.json, "nodes"), i, node) {
		const char *id = json_string_value(json_object_get(node, "id"));

		assert_int_equal(json_integer_value(json_object_get(node,
						"event_count")),
				 json_integer_value(json_object_get(counts,
								    id)));
	}
	if (ego) {
		int found = 0;

		json_array_foreach(json_object_get(r.json, "nodes"), i, node)
			found |= strcmp(json_string_value(json_object_get(node,
					"id")), ego) == 0;
		assert_true(found);
	}
	json_decref(pairs);
	json_decref(counts);
	json_decref(events);
	response_free(&r);
}

static void test_network_brute_force(void **state)
{
	(void)state;
	network_match("/network", "country=GB", NULL);
	network_match("/network", "country=GB,RU,US", NULL);
	network_match("/network", "from=2019-04&to=2019-04", NULL);
	network_match("/network", "location_country=GE&from=2011-08-01&"
		      "to=2011-08-03", NULL);
	network_match("/network", "", NULL);	/* the network kept */
	network_match("/network", "from=2011&to=2011", NULL);	/* by month */
	network_match("/network", "from=2011-08", NULL);
	network_match("/actors/sajid-javid/network", "", "sajid-javid");
	network_match("/actors/huawei/network", "quad_class=3,4", "huawei");
	/* The network kept and the events' agree where the limit cuts. */
	{
		static const char *const cuts[] = {
			"/network?limit=1", "/network?limit=5",
			"/network?limit=40",
			"/network?limit=3&from=2011-08&to=2011-08",
			"/network?limit=7&from=2011", "/network?limit=2&to=2019-04",
		};
		size_t i;

		for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
			kept_network_match(cuts[i]);
		kept_networks_match();
	}
	search_days_all_match();
	expect_status("/actors/nobody/network", 404);
	expect_status("/actors/huawei/network?actor=huawei", 400);
	expect_status("/network?limit=1001", 400);
	/* An ego's own edges come first. */
	{
		struct response r;

		json_t *first;

		get(&srv, "/actors/sajid-javid/network?limit=2", &r);
		assert_int_equal(r.status, 200);
		first = json_array_get(json_object_get(r.json, "edges"), 0);
		assert_true(strcmp(json_string_value(json_object_get(first,
			"source")), "sajid-javid") == 0 ||
			    strcmp(json_string_value(json_object_get(first,
			"target")), "sajid-javid") == 0);
		response_free(&r);
	}
}

/*
 * GeoJSON: every event with coordinates, as a Point Feature with its
 * fields as properties, paged like JSON; other lists refuse it.
 */
static void test_geojson(void **state)
{
	char url[4096];
	size_t features = 0, i;
	json_t *located = all_rows("/events?bbox=-180,-90,180,90&fields=id");
	const char *accept[] = { "Accept: application/geo+json", NULL };
	struct response r;

	(void)state;
	snprintf(url, sizeof(url), "/events?format=geojson&limit=400&"
		 "fields=id,date");
	for (;;) {
		json_t *f, *next;

		get(&srv, url, &r);
		assert_int_equal(r.status, 200);
		{
			char *type = response_header(&r, "Content-Type");

			assert_string_equal(type, "application/geo+json");
			free(type);
		}
		assert_string_equal(json_string_value(json_object_get(r.json,
			"type")), "FeatureCollection");
		json_array_foreach(json_object_get(r.json, "features"), i, f) {
			json_t *c = json_object_get(json_object_get(f,
				"geometry"), "coordinates");
			double lon = json_number_value(json_array_get(c, 0));
			double lat = json_number_value(json_array_get(c, 1));

			assert_string_equal(json_string_value(json_object_get(
				f, "id")), json_string_value(json_object_get(
				json_object_get(f, "properties"), "id")));
			assert_true(lon >= -180 && lon <= 180 && lat >= -90 &&
				    lat <= 90);
			features++;
		}
		next = json_object_get(json_object_get(r.json, "links"),
				       "next");
		if (json_is_null(next)) {
			response_free(&r);
			break;
		}
		snprintf(url, sizeof(url), "%s", json_string_value(next));
		response_free(&r);
	}
	assert_true(features > 850);	/* the located ones */
	assert_int_equal(features, json_array_size(located));
	json_decref(located);
	assert_int_equal(http(&srv, "GET", "/events?limit=1&country=GE",
			      accept, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "features")),
			 1);
	response_free(&r);
	assert_int_equal(http(&srv, "GET", "/actors", accept, NULL, &r), 0);
	assert_int_equal(r.status, 406);
	response_free(&r);
	expect_status("/actors?format=geojson", 400);
	expect_status("/events?format=geojson&facet=country", 400);
}

/* The ids of a list, in order, page by page; a new string. */
static char *ids_in_order(struct server *s, const char *path)
{
	char url[4096];
	size_t len = 0, cap = 1 << 16, i;
	char *out = calloc(1, cap);
	json_t *row;

	snprintf(url, sizeof(url), "%s&fields=id&limit=7", path);
	for (;;) {
		struct response r;
		json_t *next;

		get(s, url, &r);
		if (r.status != 200)
			fail_msg("GET %s: %ld %s", url, r.status, r.body);
		json_array_foreach(json_object_get(r.json, "data"), i, row) {
			const char *id = json_string_value(json_object_get(row,
									   "id"));

			assert_true(len + strlen(id) + 2 < cap);
			len += (size_t)sprintf(out + len, "%s ", id);
		}
		next = json_object_get(json_object_get(r.json, "links"),
				       "next");
		if (json_is_null(next)) {
			response_free(&r);
			return out;
		}
		snprintf(url, sizeof(url), "%s", json_string_value(next));
		response_free(&r);
	}
}

/*
 * Every plan gives the same pages: the new filters drive, are walked or
 * checked as --selective-rows tips the planner, and sorted by GDELT's
 * numbers the ranges narrow their index.
 */
static void test_plans_agree(void **state)
{
	static const char *const lists[] = {
		"/events?goldstein_min=2&tone_max=5",
		"/events?goldstein_max=-4&sort=id",
		"/events?goldstein_min=-2&goldstein_max=2&sort=-goldstein",
		"/events?tone_min=-3&tone_max=3&sort=tone",
		"/events?mentions_min=10&sort=-mentions",
		"/events?mentions_max=2&type=0,1",
		"/events?country=GE,CN&quad_class=3,4",
		"/events?not_country=GE&type=0",
		"/events?not_country=GE,GB&sort=-mentions",
		"/events?not_country=GE&type=04&from=2011-08-10",
		"/events?location_country=GE&from=2011-08-10&to=2011-08-12",
		"/events?actor=huawei,theresa-may&sort=id",
		"/events?bbox=43,41,44,43&goldstein_min=0",
		/* A country's events walked, a CAMEO root's merged. */
		"/events?country=GE&type=04", "/events?country=RU&type=19",
		"/events?country=GE&type=17&quad_class=4",
		"/events?country=GE&type=04&sort=date",
		/* A search of actors or sources weighed beside a kind or a
		 * country: it drives, or their stream is walked. */
		"/actors?q=police&kind=government",
		"/actors?q=minister&kind=person&sort=-id",
		"/actors?q=minister&country=GB&sort=updated_at",
		"/actors?q=minister&kind=person,government&country=GB",
		"/sources?q=huawei&kind=article&sort=title",
	};
	static const char *const budgets[] = { "1", "3" };
	char db[128];
	size_t i, b;

	(void)state;
	snprintf(db, sizeof(db), "%s/a.db", dir);
	for (b = 0; b < sizeof(budgets) / sizeof(budgets[0]); b++) {
		const char *args[] = { "--db", db, "--selective-rows",
				       budgets[b], NULL };
		struct server other;

		assert_int_equal(server_start(&other, args, NULL), 0);
		for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
			char *want = ids_in_order(&srv, lists[i]);
			char *got = ids_in_order(&other, lists[i]);

			if (!*want)
				fail_msg("%s is empty: choose a list with "
					 "rows", lists[i]);
			if (strcmp(want, got) != 0)
				fail_msg("%s differs with --selective-rows %s",
					 lists[i], budgets[b]);
			free(want);
			free(got);
		}
		assert_int_equal(server_stop(&other), 0);
		server_cleanup(&other);
	}
}

/* Writes a body with the analyst's key; asserts the status. */
static void write_as(const char *method, const char *path, const char *body,
		     long status)
{
	char auth[200];
	const char *headers[] = { auth, "Content-Type: application/json",
				  NULL };
	struct response r;

	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
	assert_int_equal(http(&srv, method, path, headers, body, &r), 0);
	if (r.status != status)
		fail_msg("%s %s: %ld %s", method, path, r.status, r.body);
	response_free(&r);
}

/*
 * A write of a random event: its success status (ok), or 404 when the
 * event is already deleted. type: the body's Content-Type, or NULL.
 */
static void write_random(const char *method, const char *path,
			 const char *type, const char *body, long ok)
{
	char auth[200], ctype[100];
	const char *headers[] = { auth, type ? ctype : NULL, NULL };
	struct response r;

	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
	snprintf(ctype, sizeof(ctype), "Content-Type: %s", type ? type : "");
	assert_int_equal(http(&srv, method, path, headers, body, &r), 0);
	if (r.status != ok && r.status != 404)
		fail_msg("%s %s: %ld %s", method, path, r.status, r.body);
	response_free(&r);
}

/* After writes, deletes and an import, the answers still add up. */
/*
 * A negation's sums are the cells of all events less the country's: a
 * Goldstein sum of -10 - 9.6 + 9.6 kept in one cell, less the -10, leaves
 * a remainder of rounding where the events left sum to exactly 0. It is
 * shown as 0, as the events give it, never as "-0.000000".
 */
static void test_negation_sums_to_zero(void **state)
{
	static const char *const events[][3] = {
		{ "zero-a", "theresa-may", "-10.0" },
		{ "zero-b", "huawei", "-9.6" },
		{ "zero-c", "huawei", "9.6" },
	};
	static const char *const paths[] = {
		"/stats?by=month&not_country=GB&from=1999-06&to=1999-06"
		"&metrics=goldstein_sum",
		"/stats?by=month&not_country=GB&from=1999-06&to=1999-06"
		"&metrics=goldstein_sum&not_id=no-such-event",
	};
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		char body[600];

		snprintf(body, sizeof(body), "{\"id\":\"%s\",\"title\":"
			 "\"Zero %zu\",\"date\":\"1999-06-15\",\"type\":"
			 "\"190\",\"country\":\"FR\",\"goldstein\":%s,"
			 "\"participants\":[{\"actor\":\"%s\",\"role\":"
			 "\"initiator\"}],\"sources\":[{\"source\":"
			 "\"itv-2019-04-24-huawei-5g\",\"quote\":null}]}",
			 events[i][0], i, events[i][2], events[i][1]);
		write_as("POST", "/events", body, 201);
	}
	for (i = 0; i < 2; i++) {
		struct response r;

		get(&srv, paths[i], &r);
		assert_int_equal(r.status, 200);
		if (!strstr(r.body, "\"count\":2,\"goldstein_sum\":0.000000}"))
			fail_msg("%s: %s", paths[i], r.body);
		response_free(&r);
	}
	for (i = 0; i < 3; i++) {
		char path[100];

		snprintf(path, sizeof(path), "/events/%s", events[i][0]);
		write_as("DELETE", path, NULL, 204);
	}
}

/*
 * Imports a row of GDELT (the first of a fixture) again under new ids,
 * once per tone: the rows imported hold no tone below zero, where a
 * sixteenth's floor is not a truncation.
 */
static void import_tones(const char *const *tones, size_t n)
{
	char *row = read_file(FIX "gdelt-v1-57.tsv", NULL), path[300];
	char *f[64], *p = row, id[32];
	FILE *out;
	size_t i;
	int nf = 0, k;

	assert_non_null(row);
	*strchr(row, '\n') = '\0';
	while (nf < 64) {
		f[nf++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p++ = '\0';
	}
	assert_true(nf > 34);
	snprintf(path, sizeof(path), "%s/tones.tsv", dir);
	out = fopen(path, "w");
	assert_non_null(out);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%zu", 990000000 + i);
		f[0] = id;
		f[34] = (char *)tones[i];
		for (k = 0; k < nf; k++)
			fprintf(out, "%s%s", k ? "\t" : "", f[k]);
		fputc('\n', out);
	}
	fclose(out);
	free(row);
	snprintf(path, sizeof(path), "import gdelt %s/tones.tsv", dir);
	assert_int_equal(dossier(path), 0);
}

static void test_after_writes(void **state)
{
	char path[300];
	int i;

	/* Tones below zero, on a sixteenth and inside one, none. */
	static const char *const tones[] = {
		"-1.3", "-0.0625", "null", "-2.3", "4.75", "-0.01",
	};

	(void)state;
	for (i = 0; i < 6; i++) {
		char body[1024];

		snprintf(body, sizeof(body), "{\"id\":\"analytics-%d\","
			 "\"avg_tone\":%s,"
			 "\"title\":\"Event %d\",\"date\":\"%s\","
			 "\"type\":\"%s\",\"country\":\"%s\","
			 "\"participants\":[{\"actor\":\"huawei\",\"role\":"
			 "\"initiator\"},{\"actor\":\"%s\",\"role\":"
			 "\"target\"}],\"sources\":[{\"source\":"
			 "\"itv-2019-04-24-huawei-5g\",\"quote\":null}]}",
			 i, tones[i], i, i % 3 == 0 ? "2019-04-30" : i % 3 == 1 ?
			 "2011-08" : "2011", i % 2 ? "173" : "0231",
			 i % 2 ? "GE" : "PL", i % 2 ? "theresa-may" :
			 "sajid-javid");
		write_as("POST", "/events", body, 201);
	}
	write_as("PATCH", "/events/analytics-1", "{\"type\":\"042\","
		 "\"country\":\"FR\"}", 200);
	write_as("DELETE", "/events/analytics-2", NULL, 204);
	write_as("DELETE", "/events/gdelt-71783144", NULL, 204);
	/* An event of four actors that one leaves: three are still linked
	 * there, but no longer in the graph of the one who left. */
	write_as("POST", "/events", "{\"id\":\"analytics-crowd\","
		 "\"title\":\"Crowd\",\"date\":\"2019-04-30\","
		 "\"type\":\"042\",\"participants\":["
		 "{\"actor\":\"huawei\",\"role\":\"target\"},"
		 "{\"actor\":\"theresa-may\",\"role\":\"initiator\"},"
		 "{\"actor\":\"sajid-javid\",\"role\":\"initiator\"},"
		 "{\"actor\":\"liu-xiaoming\",\"role\":\"opponent\"}],"
		 "\"sources\":[{\"source\":\"itv-2019-04-24-huawei-5g\","
		 "\"quote\":null}]}", 201);
	write_as("PATCH", "/events/analytics-crowd", "{\"participants\":["
		 "{\"actor\":\"theresa-may\",\"role\":\"initiator\"},"
		 "{\"actor\":\"sajid-javid\",\"role\":\"supporter\"},"
		 "{\"actor\":\"liu-xiaoming\",\"role\":\"opponent\"}]}",
		 200);
	/* Actors of no country, no place: an event in no country, which
	 * groups by country count as none. */
	write_as("POST", "/events", "{\"id\":\"analytics-nowhere\","
		 "\"title\":\"Nowhere\",\"date\":\"2011-08-12\","
		 "\"type\":\"042\",\"participants\":["
		 "{\"actor\":\"gdelt-actor-police\",\"role\":\"initiator\"},"
		 "{\"actor\":\"gdelt-actor-school\",\"role\":\"target\"}],"
		 "\"sources\":[{\"source\":\"itv-2019-04-24-huawei-5g\","
		 "\"quote\":null}]}", 201);
	/* No actor, in Georgia: the group of no actor, no role. */
	write_as("POST", "/events", "{\"id\":\"analytics-alone\","
		 "\"title\":\"Alone\",\"date\":\"2011-08-14\","
		 "\"type\":\"042\",\"country\":\"GE\","
		 "\"participants\":[],\"sources\":[{\"source\":"
		 "\"itv-2019-04-24-huawei-5g\",\"quote\":null}]}", 201);
	snprintf(path, sizeof(path), "import gdelt %sgdelt-v1-58.tsv", FIX);
	assert_int_equal(dossier(path), 0);
	{
		static const char *const imported[] = {
			"-2.3", "-0.0625", "-5.22875816993464", "-0.01", "-2.3",
		};

		import_tones(imported, sizeof(imported) /
			     sizeof(imported[0]));
	}
	/* Titles are suggested after a bulk load (the first import, built
	 * at its end) and after an import in batches (this one). */
	{
		static const char *const typed[][2] = {
			{ "obama+criticize", "gdelt-72465006" },
			{ "president+consult", "gdelt-86077554" },
		};
		size_t t;

		for (t = 0; t < 2; t++) {
			struct response r;

			snprintf(path, sizeof(path), "/suggest?q=%s&in=events"
				 "&limit=50", typed[t][0]);
			get(&srv, path, &r);
			assert_int_equal(r.status, 200);
			if (!strstr(r.body, typed[t][1]))
				fail_msg("%s misses %s: %s", path, typed[t][1],
					 r.body);
			response_free(&r);
		}
	}
	suggest_cuts_match();
	stats_match("month", "");
	stats_match("country", "");
	stats_match("year,country", "type=0");
	stats_match("location_country", "from=2011-08&to=2019-04");
	stats_match("day", "");
	stats_match("week,type", "from=2011-08-02&to=2019-04-30");
	stats_match("actor", "");
	stats_match("country", "");
	stats_match("country", "country=GE");
	stats_match("actor", "actor=huawei");
	stats_match("actor", "actor=theresa-may");
	stats_match("month,country", "");
	stats_match("month,type", "actor=huawei,sajid-javid");
	stats_match("day,country", "from=2011");
	stats_match("root", "");
	stats_match("actor", "type=0,1");
	stats_match("week,role", "actor=huawei");
	stats_match("actor", "country=GE");
	stats_match("actor", "country=PL");
	stats_match("actor", "country=GE&type=19");
	stats_match("country", "actor=huawei");
	stats_match("location_country", "country=GE");
	stats_match("country", "location_country=FR");
	stats_match("month,root", "");
	stats_match("year,quad_class", "quad_class=1,4");
	stats_match("month", "country=GE");
	pairs_match();
	search_days_all_match();
	network_match("/actors/huawei/network", "", "huawei");
	kept_networks_match();
	network_match("/network", "", NULL);
	network_match("/network", "from=2011-08&to=2011-08", NULL);
}

/* A small generator with a fixed seed: the same "random" writes each run. */
static unsigned long rnd_state = 20261201;

static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rnd_state >> 33) % n;
}

/*
 * Random writes: events created with random dates (day, month, year or
 * none), CAMEO codes, places, countries and participants in random roles
 * (an actor twice, sometimes), then patched and replaced at random, and
 * random events deleted (imported ones too). Every summary must still
 * equal a count of the events.
 */
/*
 * Latitudes, then longitudes, that random writes place events at: on the
 * edges of the boxes of test_bbox_exact, and a ten-millionth of a degree
 * either side, closer than the locations' tree (32-bit floats) tells apart.
 */
static const char *const edge_coords[] = {
	"42.25", "42.2500001", "42.2499999", "41.5",
	"44.5", "44.5000001", "44.4999999", "179.9",
};

static void test_random_writes(void **state)
{
	static const char *const dates[] = {
		"2011-08-04", "2011-08", "2011", "2019-04-23", "2019-04", NULL,
	};
	static const char *const codes[] = { "010", "0231", "042", "112",
					     "173", "190", NULL };
	static const char *const places[] = { "GE", "GB", "CN", "US", NULL };
	static const char *const actors[] = {
		"huawei", "theresa-may", "sajid-javid", "liu-xiaoming",
		"gavin-williamson",
	};
	static const char *const roles[] = { "initiator", "target",
					     "opponent", "supporter" };
	char body[2048], path[200];
	int i, j, created = 0;

	(void)state;
	for (i = 0; i < 40; i++) {
		const char *date = dates[rnd(6)], *code = codes[rnd(7)];
		const char *place = places[rnd(5)];
		int np = (int)rnd(4), len;
		unsigned op = i < 20 ? 0 : rnd(4);

		len = snprintf(body, sizeof(body), "{\"title\":\"Random %d\"",
			       i);
		if (date)
			len += snprintf(body + len, sizeof(body) - len,
					",\"date\":\"%s\"", date);
		if (code)
			len += snprintf(body + len, sizeof(body) - len,
					",\"type\":\"%s\"", code);
		if (place)
			len += snprintf(body + len, sizeof(body) - len,
					",\"country\":\"%s\"", place);
		/* Some scored (migrations 36 and 51). */
		if (rnd(3) == 0)
			len += snprintf(body + len, sizeof(body) - len,
					",\"goldstein\":%s",
					rnd(2) ? "-5" : "2.5");
		/* Some placed, on the edges of the boxes test_bbox_exact
		 * asks for or just past them. */
		if (rnd(2) == 0)
			len += snprintf(body + len, sizeof(body) - len,
					",\"location\":{\"lat\":%s,"
					"\"lon\":%s}", edge_coords[rnd(4)],
					edge_coords[4 + rnd(4)]);
		/* Countries named outright, beside the participants'. */
		if (rnd(3) == 0)
			len += snprintf(body + len, sizeof(body) - len,
					",\"countries\":[\"%s\"]",
					places[rnd(4)]);
		len += snprintf(body + len, sizeof(body) - len,
				",\"participants\":[");
		for (j = 0; j < np; j++)
			len += snprintf(body + len, sizeof(body) - len,
					"%s{\"actor\":\"%s\",\"role\":\"%s\"}",
					j ? "," : "", actors[rnd(5)],
					roles[rnd(4)]);
		len += snprintf(body + len, sizeof(body) - len, "],"
				"\"sources\":[{\"source\":"
				"\"itv-2019-04-24-huawei-5g\",\"quote\":null}]");
		if (op == 0 || !created) {
			snprintf(body + len, sizeof(body) - len,
				 ",\"id\":\"random-%d\"}", created);
			write_as("POST", "/events", body, 201);
			created++;
		} else if (op == 1) {
			snprintf(body + len, sizeof(body) - len, "}");
			snprintf(path, sizeof(path), "/events/random-%u",
				 rnd((unsigned)created));
			write_random("PUT", path, "application/json", body,
				     200);
		} else if (op == 2) {
			snprintf(path, sizeof(path), "/events/random-%u",
				 rnd((unsigned)created));
			write_random("PATCH", path,
				     "application/merge-patch+json",
				     code ? rnd(2) ? "{\"type\":null,"
				     "\"participants\":[],\"location\":null}" :
				     "{\"country\":null,\"goldstein\":-3.5,"
				     "\"location\":{\"lat\":42.1,"
				     "\"lon\":-179.5}}" :
				     "{\"type\":\"141\",\"date\":\"2011-08-09\","
				     "\"country\":\"US\",\"participants\":"
				     "[{\"actor\":\"huawei\",\"role\":"
				     "\"target\"},{\"actor\":\"theresa-may\","
				     "\"role\":\"initiator\"}]}", 200);
		} else {
			snprintf(path, sizeof(path), "/events/random-%u",
				 rnd((unsigned)created));
			write_random("DELETE", path, NULL, NULL, 204);
			snprintf(path, sizeof(path), "/events/gdelt-%s",
				 rnd(2) ? "72465006" : "74546588");
			write_random("DELETE", path, NULL, NULL, 204);
		}
	}
	/* Points that move, or go, while the rest of the event stays
	 * (migration 52). */
	for (i = 0; i < 6; i++) {
		snprintf(path, sizeof(path), "/events/random-%d", i);
		if (i % 3)
			snprintf(body, sizeof(body), "{\"location\":{\"lat\":%s,"
				 "\"lon\":%s}}", edge_coords[rnd(4)],
				 edge_coords[4 + rnd(4)]);
		else
			snprintf(body, sizeof(body), "{\"location\":null}");
		write_random("PATCH", path, "application/merge-patch+json",
			     body, 200);
	}
	counts_match_rows(cell_counts, sizeof(cell_counts) /
			  sizeof(cell_counts[0]));
	stats_match("month", "");
	stats_match("day,root", "");
	stats_match("country", "");
	stats_match("year,country", "");
	stats_match("actor", "");
	stats_match("quad_class,actor", "");
	stats_match("country", "country=GB");
	stats_match("actor", "actor=huawei");
	stats_match("location_country", "from=2011-08-04&to=2019-04-23");
	stats_match("actor", "country=GB");
	stats_match("actor", "country=GE");
	stats_match("actor", "country=GB&type=04");
	stats_match("actor", "type=14&country=GE");
	stats_match("actor", "quad_class=1,4&country=GB");
	stats_match("actor", "location_country=GB");
	stats_match("country", "goldstein_max=0");
	stats_match("actor", "goldstein_min=-3&goldstein_max=4");
	stats_match("location_country", "actor=huawei");
	stats_match("actor", "type=0&country=US");
	stats_match("actor", "country=GB&from=2011-08&to=2019-04");
	stats_match("actor", "from=2011&country=GE");
	stats_match("country", "actor=huawei");
	stats_match("country", "actor=theresa-may");
	stats_match("location_country", "country=GB");
	stats_match("country", "location_country=GE");
	stats_match("month,root", "");
	stats_match("year,quad_class", "");
	stats_match("month,country", "from=2011&to=2019");
	stats_match("year", "country=GB");
	pairs_match();
	search_days_all_match();
	search_days_match("month", "q=random");
	search_days_match("day", "q=random&from=2011");
	kept_networks_match();
	network_match("/network", "", NULL);
	network_match("/network", "from=2011-08&to=2019-04", NULL);
	network_match("/network", "from=2011&to=2011", NULL);
}

/* The facets and counts of actors and sources the kept numbers answer. */
static void list_facets_match(void)
{
	static const char *const lists[][2] = {
		{ "/actors", "kind" },
		{ "/actors", "country" },
		{ "/actors?source=gdelt", "kind" },
		{ "/actors?source=itv-2019-04-24-huawei-5g", "country" },
		{ "/actors?source=facet-source-0&kind=person", "country" },
		{ "/actors?kind=person,government", "country" },
		{ "/actors?not_country=GE,GB", "kind" },
		{ "/actors?country=GE&source=gdelt", "kind" },
		{ "/actors?not_kind=person&source=gdelt", "country" },
		{ "/sources", "kind" },
		{ "/sources?kind=article,report", "publisher" },
		{ "/sources?not_kind=dataset", "publisher" },
		/* Not theirs: counted over the rows. */
		{ "/actors?source=gdelt,facet-source-0", "kind,country" },
		{ "/actors?not_source=gdelt", "country" },
		{ "/sources?id=gdelt,facet-source-0", "publisher,kind" },
	};
	size_t i;

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		list_facet_matches(lists[i][0], lists[i][1]);
	kept_match();
}

/*
 * Actors and sources created, changed and deleted at random, then
 * imported: their facets and counts (migration 69) stay those of their
 * rows, an actor cited twice by one source counted once there.
 */
static void test_list_facets_follow_writes(void **state)
{
	static const char *const kinds[] = { "person", "government",
					     "organization", "media" };
	static const char *const countries[] = { "GE", "GB", "RU", NULL };
	static const char *const cited[] = {
		"itv-2019-04-24-huawei-5g", "pa-2019-04-28-liu-xiaoming-huawei",
		"gdelt", "facet-source-0",
	};
	static const char *const source_kinds[] = { "article", "report",
						    "statement" };
	static const char *const publishers[] = { "ITV News", "Reuters",
						  NULL };
	char body[1024], path[200];
	int i, j, actors = 0, sources = 1;

	(void)state;
	write_as("POST", "/sources", "{\"id\":\"facet-source-0\",\"title\":"
		 "\"Facets\",\"kind\":\"report\"}", 201);
	for (i = 0; i < 60; i++) {
		const char *country = countries[rnd(4)];
		unsigned op = i < 10 ? 0 : rnd(6);
		int len, n = 1 + (int)rnd(3);

		if (op <= 2) {	/* an actor: new, replaced, changed */
			len = snprintf(body, sizeof(body), "{\"name\":\"Facet"
				       " %d\",\"kind\":\"%s\"", i,
				       kinds[rnd(4)]);
			if (country)
				len += snprintf(body + len, sizeof(body) - len,
						",\"country\":\"%s\"", country);
			len += snprintf(body + len, sizeof(body) - len,
					",\"sources\":[");
			/* A source may be cited twice. */
			for (j = 0; j < n; j++)
				len += snprintf(body + len, sizeof(body) - len,
						"%s{\"source\":\"%s\","
						"\"quote\":null}", j ? "," : "",
						cited[rnd(4)]);
			len += snprintf(body + len, sizeof(body) - len, "]");
		}
		if (op == 0 || !actors) {
			snprintf(body + len, sizeof(body) - len,
				 ",\"id\":\"facet-actor-%d\"}", actors++);
			write_as("POST", "/actors", body, 201);
		} else if (op == 1) {
			snprintf(body + len, sizeof(body) - len, "}");
			snprintf(path, sizeof(path), "/actors/facet-actor-%u",
				 rnd((unsigned)actors));
			write_random("PUT", path, "application/json", body,
				     200);
		} else if (op == 2) {
			snprintf(path, sizeof(path), "/actors/facet-actor-%u",
				 rnd((unsigned)actors));
			snprintf(body, sizeof(body), "{\"kind\":\"%s\","
				 "\"country\":%s%s%s}", kinds[rnd(4)],
				 country ? "\"" : "", country ? country : "null",
				 country ? "\"" : "");
			write_random("PATCH", path,
				     "application/merge-patch+json", body, 200);
		} else if (op == 3) {
			snprintf(path, sizeof(path), "/actors/facet-actor-%u",
				 rnd((unsigned)actors));
			write_random("DELETE", path, NULL, NULL, 204);
		} else if (op == 4) {	/* a source, never cited */
			const char *p = publishers[rnd(3)];

			snprintf(body, sizeof(body), "{\"id\":\"facet-source-%d\","
				 "\"title\":\"Source %d\",\"kind\":\"%s\""
				 "%s%s%s}", sources, i, source_kinds[rnd(3)],
				 p ? ",\"publisher\":\"" : "", p ? p : "",
				 p ? "\"" : "");
			write_as("POST", "/sources", body, 201);
			sources++;
		} else if (sources > 1) {
			const char *p = publishers[rnd(3)];

			snprintf(path, sizeof(path), "/sources/facet-source-%u",
				 1 + rnd((unsigned)sources - 1));
			if (rnd(3) == 0) {
				write_random("DELETE", path, NULL, NULL, 204);
				continue;
			}
			snprintf(body, sizeof(body), "{\"kind\":\"%s\","
				 "\"publisher\":%s%s%s}", source_kinds[rnd(3)],
				 p ? "\"" : "", p ? p : "null", p ? "\"" : "");
			write_random("PATCH", path,
				     "application/merge-patch+json", body, 200);
		}
	}
	list_facets_match();
	/* An import's new actors and sources, kept once its batch. */
	snprintf(path, sizeof(path), "import gdelt %s", FIX "gdelt-v1-57.tsv");
	assert_int_equal(dossier(path), 0);
	list_facets_match();
}

/*
 * A box's count, aggregations and groups, added up from its points'
 * cells (migration 52), equal those read from its events.
 */
static void box_sums_match(const char *box)
{
	static const char *const queries[] = {
		"by=month&metrics=goldstein_sum,tone_mean,mentions_sum",
		"by=year,root&type=0,1&metrics=goldstein_mean",
		"by=quad_class&from=2011-08&to=2019-04",
		/* Over all time (migration 55). */
		"by=root&metrics=tone_mean,mentions_sum",
		"by=quad_class&type=0,19&metrics=goldstein_sum",
		/* Its places (migration 56). */
		"by=location_country&limit=1000"
		"&metrics=goldstein_mean,tone_mean,mentions_sum",
		"by=location_country&limit=1",
		/* Its days (migration 57). */
		"by=week&metrics=goldstein_sum,tone_mean,mentions_sum",
		"by=day&from=2011-08-02&to=2019-04-20",
		"by=month&from=2011-08-09&metrics=goldstein_sum",
		"by=country&limit=1000", "by=actor&limit=1000",
		"by=actor&limit=2",
	};
	char q[300];
	const char *list = q;
	size_t i;

	snprintf(q, sizeof(q), "/events?bbox=%s", box);
	counts_match_rows(&list, 1);
	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		snprintf(q, sizeof(q), "%s&bbox=%s", queries[i], box);
		summaries_match(q);
	}
}

/*
 * bbox= lists exactly the events whose point is inside the box, edges
 * included, on the edges and a hair either side of them (the random
 * writes placed events there), across the 180th meridian too.
 */
static void test_bbox_exact(void **state)
{
	static const char *const boxes[] = {
		"44.5,42.25,45,43", "44.5000001,42.2500001,45,43",
		"44.4999999,42.2499999,44.5,42.25", "40,41.5,44.5,42.25",
		"44.4999999,41,44.5000001,43", "179,40,-179,43",
		"179.9,42.25,179.9,42.25", "-179.5,42.1,-179.5,42.1",
		"40,41,47,44", "-180,-90,180,90",
	};
	char url[300], sql[600];
	size_t i, filled = 0;

	(void)state;
	/* Two points a hair apart, either side of an edge, that SQLite
	 * writes alike as text (15 digits): the box's actors keep them
	 * apart. */
	for (i = 0; i < 2; i++) {
		char body[400];

		snprintf(body, sizeof(body), "{\"id\":\"edge-%zu\","
			 "\"title\":\"Edge %zu\",\"location\":{\"lat\":%s,"
			 "\"lon\":44},\"participants\":[{\"actor\":"
			 "\"huawei\",\"role\":\"initiator\"}],\"sources\":"
			 "[{\"source\":\"itv-2019-04-24-huawei-5g\","
			 "\"quote\":null}]}", i, i,
			 i ? "42.25000000000001" : "42.25");
		write_as("POST", "/events", body, 201);
	}
	for (i = 0; i < sizeof(boxes) / sizeof(boxes[0]); i++) {
		double w, so, e, n;
		char *api, *want;

		assert_int_equal(sscanf(boxes[i], "%lf,%lf,%lf,%lf", &w, &so,
					&e, &n), 4);
		snprintf(sql, sizeof(sql), "SELECT group_concat(id, ' ') || ' '"
			 " FROM (SELECT id FROM events WHERE lat BETWEEN %.9f"
			 " AND %.9f AND (%d AND lon BETWEEN %.9f AND %.9f OR"
			 " %d AND (lon >= %.9f OR lon <= %.9f)) ORDER BY id)",
			 so, n, w <= e, w, e, w > e, w, e);
		want = read_text(sql);
		snprintf(url, sizeof(url), "/events?bbox=%s&fields=id",
			 boxes[i]);
		api = id_set(url);
		if (strcmp(api, want) != 0)
			fail_msg("%s: listed %zu, %zu inside", url,
				 set_size(api), set_size(want));
		filled += set_size(want) > 0;
		free(api);
		free(want);
		box_sums_match(boxes[i]);
	}
	/* The random writes placed events on the edges: most boxes hold
	 * some, or this compared nothing. */
	assert_true(filled >= 8);
}

/*
 * GDELT files some actions in the US state of Georgia under the country
 * (the country's code and centre, at country resolution) while placing an
 * actor in the state: they are the state's. Georgia's own stay Georgia's.
 */
static void test_georgia_the_state(void **state)
{
	static const char *const in_state[] = {
		"gdelt-71857905",	/* an actor in Atlanta, Georgia, US */
		"gdelt-71802337",	/* in Lavonia; the other in "Georgia" */
	};
	struct response r;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		char path[100];

		snprintf(path, sizeof(path), "/events/%s?fields=country,location",
			 in_state[i]);
		get(&srv, path, &r);
		assert_int_equal(r.status, 200);
		assert_string_equal(r.body, "{\"country\":\"US\",\"location\":"
			"{\"name\":\"Georgia, United States\",\"lat\":null,"
			"\"lon\":null,\"type\":2,\"adm1\":\"USGA\","
			"\"feature_id\":null}}");
		response_free(&r);
	}
	get(&srv, "/events/gdelt-71871306?fields=country", &r);
	assert_string_equal(r.body, "{\"country\":\"GE\"}");
	response_free(&r);
	get(&srv, "/events/gdelt-71784903?fields=country", &r);
	assert_string_equal(r.body, "{\"country\":\"GE\"}");
	response_free(&r);
}

/*
 * GDELT's named people are persons: coded by country and role, with a
 * name (GEOGOV "MIKHEIL SAAKASHVILI"), unlike offices, groups, places
 * and outlets. The fixture's real rows name these thirteen.
 */
static void test_gdelt_persons(void **state)
{
	static const char *const people =
		"gdelt-actor-dnk-anders-fogh-rasmussen "
		"gdelt-actor-geo-bacho-akhalaia gdelt-actor-geo-bakur-kvezereli "
		"gdelt-actor-geo-davit-bakradze "
		"gdelt-actor-geo-eduard-shevardnadze "
		"gdelt-actor-geo-grigol-vashadze "
		"gdelt-actor-geo-mikheil-saakashvili "
		"gdelt-actor-geo-nino-burjanadze "
		"gdelt-actor-geo-tengiz-kitovani gdelt-actor-nzl-simon-power "
		"gdelt-actor-rus-vladimir-putin gdelt-actor-usa-george-w-bush "
		"gdelt-actor-usa-janet-napolitano ";
	char found[4000] = "";
	struct response r;

	(void)state;
	/* id_set's order: sorted, as the list above is. */
	{
		char *set = id_set("/actors?kind=person&fields=id");
		char *p;

		for (p = strtok(set, " "); p; p = strtok(NULL, " ")) {
			if (strncmp(p, "gdelt-", 6) == 0 &&
			    strlen(found) + strlen(p) + 2 < sizeof(found)) {
				strcat(found, p);
				strcat(found, " ");
			}
		}
		free(set);
	}
	assert_string_equal(found, people);
	get(&srv, "/actors/gdelt-actor-geo-mikheil-saakashvili?fields=country",
	    &r);
	assert_string_equal(r.body, "{\"country\":\"GE\"}");
	response_free(&r);
	get(&srv, "/actors/gdelt-actor-police-chief?fields=kind", &r);
	assert_string_equal(r.body, "{\"kind\":\"government\"}");
	response_free(&r);
	get(&srv, "/actors/gdelt-actor-usa-rhode-island?fields=kind", &r);
	assert_null(strstr(r.body, "person"));
	response_free(&r);
	get(&srv, "/actors/gdelt-actor-usa-associated-press?fields=kind", &r);
	assert_string_equal(r.body, "{\"kind\":\"media\"}");
	response_free(&r);
}

/*
 * The ids of an FTS5 query's matches best first, as bm25() with the
 * events' column weights ranks the newest `window` of them that pass
 * the test (SQL on events e), ties by pk: "id id ... ".
 */
static char *bm25_order(const char *match, int window, const char *test)
{
	char sql[1024];
	size_t len = 0, cap = 1 << 16;
	char *out = calloc(1, cap);
	sqlite3 *db = open_read_only();
	sqlite3_stmt *st;

	snprintf(sql, sizeof(sql), "SELECT e.id FROM (SELECT"
		 " CAST(round(bm25(events_fts, 6, 3, 1, 4) * 1000000)"
		 " AS INTEGER) AS r, rowid & 1099511627775 AS pk"
		 " FROM events_fts WHERE events_fts MATCH ?1"
		 " ORDER BY rowid DESC LIMIT %d) m"
		 " JOIN events e ON e.pk = m.pk WHERE %s ORDER BY m.r, m.pk",
		 window, test);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);

		assert_true(len + strlen(id) + 2 < cap);
		len += (size_t)sprintf(out + len, "%s ", id);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

/*
 * /events?q= (FTS5 syntax, URL-encoded as q) by relevance, with filters
 * (a query string, or ""), is bm25's order of the matches that pass test,
 * on server s ranking the newest `window` matches.
 */
static void relevance_match_on(struct server *s, int window,
			       const char *match, const char *q,
			       const char *filters, const char *test)
{
	char url[300];
	char *want = bm25_order(match, window, test), *got;

	snprintf(url, sizeof(url), "/events?q=%s&q_syntax=fts5"
		 "&sort=relevance%s%s", q, *filters ? "&" : "", filters);
	got = ids_in_order(s, url);
	assert_true(strlen(want) > 0);
	if (strcmp(want, got) != 0)
		fail_msg("%s: %s\nbm25: %s", url, got, want);
	free(want);
	free(got);
}

static void relevance_match(const char *match, const char *q,
			    const char *filters, const char *test)
{
	relevance_match_on(&srv, 5000, match, q, filters, test);
}

static void relevance_all_match(void)
{
	relevance_match("make", "make", "", "1");
	relevance_match("make government", "make+government", "", "1");
	relevance_match("russia OR military", "russia+OR+military", "", "1");
	relevance_match("\"make statement\" OR police",
			"%22make+statement%22+OR+police", "", "1");
	relevance_match("school OR police OR russia",
			"school+OR+police+OR+russia", "", "1");
	/* Checked on the full-text row alone, and on the event's. */
	relevance_match("make OR russia", "make+OR+russia", "country=GE",
			"EXISTS (SELECT 1 FROM event_countries"
			" WHERE event = e.pk AND country = 'GE')");
	relevance_match("make OR russia", "make+OR+russia",
			"country=RU&quad_class=1",
			"EXISTS (SELECT 1 FROM event_countries"
			" WHERE event = e.pk AND country = 'RU')"
			" AND e.quad_class = 1");
}

/*
 * Relevance is bm25()'s order, for one phrase and several, and still is
 * after writes change how many events have a word (the weights of a
 * query's phrases are kept between its requests until the next write).
 * An import leaves each search index in one segment.
 */
static void test_search_relevance(void **state)
{
	long long segments[2];
	char body[512], path[64];
	struct response r;
	int i;

	(void)state;
	read_row("SELECT (SELECT count(DISTINCT segid) FROM events_fts_idx),"
		 " (SELECT count(DISTINCT segid) FROM actors_fts_idx)",
		 segments, 2);
	assert_int_equal(segments[0], 1);
	assert_int_equal(segments[1], 1);
	relevance_all_match();
	/* A window of 40 of the matches: the newest, then filtered. */
	{
		char db[128];
		const char *args[] = { "--db", db, "--relevance-window", "40",
				       NULL };
		struct server other;

		snprintf(db, sizeof(db), "%s/a.db", dir);
		assert_int_equal(server_start(&other, args, NULL), 0);
		relevance_match_on(&other, 40, "make OR police",
				   "make+OR+police", "", "1");
		relevance_match_on(&other, 40, "make OR police",
				   "make+OR+police", "quad_class=1",
				   "e.quad_class = 1");
		relevance_match_on(&other, 40, "make OR police",
				   "make+OR+police", "country=US",
				   "EXISTS (SELECT 1 FROM event_countries"
				   " WHERE event = e.pk AND country = 'US')");
		/* Its last page says the older matches were left out; a
		 * page before, another order or a search within the
		 * window say nothing. */
		get(&other, "/events?q=make+OR+police&sort=relevance"
		    "&limit=1000&fields=id", &r);
		assert_int_equal(r.status, 200);
		assert_non_null(strstr(r.body, "\"next\":null"));
		assert_non_null(strstr(r.body, "\"ranked\":40}"));
		response_free(&r);
		get(&other, "/events?q=make+OR+police&sort=relevance"
		    "&limit=10&fields=id", &r);
		assert_null(strstr(r.body, "\"ranked\""));
		response_free(&r);
		get(&other, "/events?q=make+OR+police&sort=-date&limit=1000"
		    "&fields=id", &r);
		assert_non_null(strstr(r.body, "\"next\":null"));
		assert_null(strstr(r.body, "\"ranked\""));
		response_free(&r);
		get(&other, "/events?q=huawei&sort=relevance&limit=1000"
		    "&fields=id&count=exact", &r);
		assert_non_null(strstr(r.body, "\"next\":null"));
		assert_null(strstr(r.body, "\"ranked\""));
		response_free(&r);
		server_stop(&other);
		server_cleanup(&other);
	}
	/* Russia in many more events: its weight against the others falls. */
	for (i = 0; i < 300; i++) {
		snprintf(body, sizeof(body), "{\"id\":\"relevance-%d\","
			 "\"title\":\"Russia%s\",\"date\":\"2011-08-0%d\","
			 "\"type\":\"042\",\"sources\":[{\"source\":"
			 "\"itv-2019-04-24-huawei-5g\",\"quote\":null}]}",
			 i, i % 2 ? " military" : "",
			 1 + i % 9);
		write_as("POST", "/events", body, 201);
	}
	relevance_all_match();
	for (i = 0; i < 300; i++) {
		snprintf(path, sizeof(path), "/events/relevance-%d", i);
		write_as("DELETE", path, NULL, 204);
	}
	relevance_all_match();
}

/* A list's rows but their change times. */
static void without_times(json_t *list)
{
	json_t *row;
	size_t i;

	json_array_foreach(json_object_get(list, "data"), i, row)
		json_object_del(row, "updated_at");
}

/*
 * GET path answers the same on srv and on other, but for its links (which
 * name the server) and the rows' change times (a record the restore
 * changed was changed then).
 */
static void same_answer(struct server *other, const char *path)
{
	struct response a, b;

	get(&srv, path, &a);
	get(other, path, &b);
	if (a.status != 200 || b.status != 200)
		fail_msg("GET %s: %ld here, %ld restored: %s", path, a.status,
			 b.status, b.body);
	json_object_del(a.json, "links");
	json_object_del(b.json, "links");
	without_times(a.json);
	without_times(b.json);
	if (!json_equal(a.json, b.json))
		fail_msg("GET %s\nexported: %.3000s\nrestored: %.3000s", path,
			 a.body, b.body);
	response_free(&a);
	response_free(&b);
}

/*
 * A restore of this database's export into a new, seeded one (`import
 * ndjson`), after the random writes and deletions above: the records new
 * there are written with the summary triggers off, their summaries kept a
 * run at a time, and the seed's, which it holds, by trigger between the
 * runs. Every summary the checks above compare with a count of the events
 * does so on the restored database too, and what does not depend on the
 * order records were created in (ties among equal counts do) answers as
 * it does here.
 */
static void test_restored_summaries(void **state)
{
	static const char *const same[] = {
		"/countries?limit=1000", "/event-types?limit=1000",
		"/actors?limit=1000&sort=id", "/sources?limit=1000&sort=id",
		"/stats?by=country&limit=1000", "/stats?by=month",
		"/stats?by=type&limit=1000&metrics=goldstein_sum,tone_mean",
		"/stats?by=source&limit=1000&metrics=mentions_sum",
	};
	char cmd[1024], out[4096], db[128];
	const char *args[] = { "--db", db, NULL };
	struct server other, here = srv;
	size_t i;

	(void)state;
	snprintf(db, sizeof(db), "%s/restored.db", dir);
	snprintf(cmd, sizeof(cmd), "%s export ndjson %s/all.ndjson --db "
		 "%s/a.db --log-level warn 2>&1 && %s seed --db %s --log-level"
		 " warn 2>&1", bin(), dir, dir, bin(), db);
	if (run_command(cmd, out, sizeof(out)) != 0)
		fail_msg("%s: %s", cmd, out);
	/* The key alone on its standard output. */
	snprintf(cmd, sizeof(cmd), "%s keys create restorer --db %s"
		 " --log-level warn 2>/dev/null", bin(), db);
	assert_int_equal(run_command(cmd, out, sizeof(out)), 0);
	/* Seeded records edited there: the restore writes them back as the
	 * file has them, by trigger, between runs of new records. */
	{
		char auth[200];
		const char *h[] = { auth, "Content-Type: application/json",
				    NULL };
		static const char *const edits[][2] = {
			{ "/events/huawei-employee-arrested-in-poland",
			  "{\"country\":\"GE\",\"type\":\"190\","
			  "\"goldstein\":-10,\"participants\":[{\"actor\":"
			  "\"huawei\",\"role\":\"target\"},{\"actor\":"
			  "\"cabinet-office\",\"role\":\"initiator\"}]}" },
			{ "/events/us-bans-huawei-government-networks",
			  "{\"date\":\"2011-08-09\",\"countries\":[\"RU\"],"
			  "\"location\":{\"lat\":42.3,\"lon\":43.5}}" },
			{ "/actors/huawei",
			  "{\"kind\":\"government\",\"country\":\"GE\"}" },
			{ "/actors/cabinet-office", "{\"country\":\"RU\"}" },
			{ "/sources/itv-2019-04-24-huawei-5g",
			  "{\"kind\":\"report\"}" },
		};
		struct response r;

		snprintf(auth, sizeof(auth), "Authorization: Bearer %.*s",
			 (int)strcspn(out, " \r\n"), out);
		assert_int_equal(server_start(&other, args, NULL), 0);
		for (i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
			assert_int_equal(http(&other, "PATCH", edits[i][0], h,
					      edits[i][1], &r), 0);
			if (r.status != 200)
				fail_msg("PATCH %s: %ld %s", edits[i][0],
					 r.status, r.body);
			response_free(&r);
		}
		assert_int_equal(server_stop(&other), 0);
		server_cleanup(&other);
	}
	/* ... and one through a file of records it holds alone, which
	 * the triggers keep from its first line. */
	{
		char path[300], *text, *line;
		json_t *rec, *ev;
		FILE *f;

		snprintf(cmd, sizeof(cmd), "%s export ndjson %s/held.ndjson"
			 " --db %s --log-level warn 2>&1", bin(), dir, db);
		assert_int_equal(run_command(cmd, out, sizeof(out)), 0);
		snprintf(path, sizeof(path), "%s/held.ndjson", dir);
		text = read_file(path, NULL);
		line = strstr(text, "{\"event\":{\"id\":"
			      "\"us-labels-huawei-security-threat\"");
		assert_non_null(line);
		rec = json_loadb(line, strcspn(line, "\n"), 0, NULL);
		ev = json_object_get(rec, "event");
		json_object_set_new(ev, "participants", json_pack(
			"[{s:s, s:s}, {s:s, s:s}]", "actor", "sajid-javid",
			"role", "opponent", "actor", "huawei", "role",
			"target"));
		json_object_set_new(ev, "country", json_string("GE"));
		snprintf(path, sizeof(path), "%s/one.ndjson", dir);
		f = fopen(path, "w");
		json_dumpf(rec, f, JSON_COMPACT);
		fputc('\n', f);
		fclose(f);
		json_decref(rec);
		free(text);
		snprintf(cmd, sizeof(cmd), "%s import ndjson %s --db %s"
			 " --log-level warn 2>&1", bin(), path, db);
		assert_int_equal(run_command(cmd, out, sizeof(out)), 0);
		assert_non_null(strstr(out, " 1 imported"));
	}
	snprintf(cmd, sizeof(cmd), "%s import ndjson %s/all.ndjson --db %s"
		 " --log-level warn 2>&1", bin(), dir, db);
	if (run_command(cmd, out, sizeof(out)) != 0)
		fail_msg("%s: %s", cmd, out);
	/* Those six rewritten, the seed's others left as they are. */
	if (!strstr(out, " 95 unchanged"))
		fail_msg("%s", out);
	assert_int_equal(server_start(&other, args, NULL), 0);
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		same_answer(&other, same[i]);
	srv = other;
	served = "restored.db";
	counts_match_rows(cell_counts, sizeof(cell_counts) /
			  sizeof(cell_counts[0]));
	for (i = 0; i < sizeof(stats_cases) / sizeof(stats_cases[0]); i++)
		stats_match(stats_cases[i].by, stats_cases[i].filters);
	pairs_match();
	list_facets_match();
	suggest_cuts_match();
	search_days_all_match();
	kept_networks_match();
	network_match("/network", "", NULL);
	network_match("/network", "from=2011-08&to=2019-04", NULL);
	srv = here;
	served = "a.db";
	assert_int_equal(server_stop(&other), 0);
	server_cleanup(&other);
}

int test_analytics(int *total)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_relevance),
		cmocka_unit_test(test_filter_sets),
		cmocka_unit_test(test_counts_match_rows),
		cmocka_unit_test(test_ranges_and_boxes),
		cmocka_unit_test(test_number_orders),
		cmocka_unit_test(test_plans_agree),
		cmocka_unit_test(test_batch_lookup),
		cmocka_unit_test(test_stats_brute_force),
		cmocka_unit_test(test_facets),
		cmocka_unit_test(test_network_brute_force),
		cmocka_unit_test(test_geojson),
		cmocka_unit_test(test_negation_sums_to_zero),
		cmocka_unit_test(test_after_writes),
		cmocka_unit_test(test_random_writes),
		cmocka_unit_test(test_list_facets_follow_writes),
		cmocka_unit_test(test_bbox_exact),
		cmocka_unit_test(test_gdelt_persons),
		cmocka_unit_test(test_georgia_the_state),
		/* Last: it serves the restore as srv while it runs. */
		cmocka_unit_test(test_restored_summaries),
	};

	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("analytics", tests, setup,
					   teardown);
}
