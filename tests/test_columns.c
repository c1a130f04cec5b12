/* SPDX-License-Identifier: MIT */
/*
 * Aggregations and counts answered from the copy of the events' columns
 * (db/columns.h) against a second server on the same database without
 * the copy (--columns-mb 0), which reads the events through SQLite: the
 * same answers, byte for byte, before and after writes by the server and
 * by another process, and never an answer from a copy older than the
 * last commit.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "harness.h"
#include "tests.h"

#define FIX "tests/fixtures/"

static struct server srv, ref;
static char dir[64], key[160];

static const char *bin(void)
{
	const char *b = getenv("DOSSIER_BIN");

	return b ? b : "build/release/dossier";
}

static int dossier(const char *args, char *out, size_t sz)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "%s %s --db %s/a.db --log-level warn",
		 bin(), args, dir);
	return run_command(cmd, out, sz);
}

static int setup(void **state)
{
	char db[128], out[4096];
	/* Few rows make a filter common: lists walk the copy. */
	const char *args[] = { "--db", db, "--response-cache-mb", "0",
			       "--selective-rows", "20", NULL };
	const char *plain[] = { "--db", db, "--response-cache-mb", "0",
				"--columns-mb", "0", NULL };

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/dossier-columns-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(db, sizeof(db), "%s/a.db", dir);
	if (dossier("seed", out, sizeof(out)) != 0 ||
	    dossier("import gdelt " FIX "gdelt-georgia-2011-08.csv", out,
		    sizeof(out)) != 0 ||
	    dossier("keys create analyst", key, sizeof(key)) != 0 ||
	    server_start(&srv, args, NULL) != 0 ||
	    server_start(&ref, plain, NULL) != 0)
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
	server_stop(&ref);
	server_cleanup(&ref);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The value of metric name, -1 when it has none, -2 when /metrics did
 * not answer; no assertion: the writer of test_pages_under_writes asks
 * too, on a thread of its own. */
static long long metric_of(const struct server *s, const char *name)
{
	struct response r;
	const char *at;
	size_t n = strlen(name);
	long long v = -1;

	if (http(s, "GET", "/metrics", NULL, NULL, &r) != 0) {
		response_free(&r);
		return -2;
	}
	for (at = r.body; at && (at = strstr(at, name)); at += n) {
		if ((at == r.body || at[-1] == '\n') && at[n] == ' ') {
			v = atoll(at + n + 1);
			break;
		}
	}
	response_free(&r);
	return v;
}

/* A counter of s's /metrics, or -1; fails when /metrics does not
 * answer. */
static long long metric(const struct server *s, const char *name)
{
	long long v = metric_of(s, name);

	if (v == -2)
		fail_msg("%s: /metrics did not answer", name);
	return v;
}

/* The part of an answer compared: its data (an aggregation's groups, a
 * list's rows), a network's nodes and edges, a list's total, facets and
 * next page. A new string. */
static char *compared(const struct response *r)
{
	json_t *part = json_pack("{s:O?,s:O?,s:O?,s:O?,s:O?,s:O?}",
				 "data", json_object_get(r->json, "data"),
				 "next", json_object_get(
					 json_object_get(r->json, "links"),
					 "next"),
				 "nodes", json_object_get(r->json, "nodes"),
				 "edges", json_object_get(r->json, "edges"),
				 "total", json_object_get(
					 json_object_get(r->json, "meta"),
					 "total"),
				 "facets", json_object_get(r->json, "facets"));
	char *s = json_dumps(part, JSON_SORT_KEYS | JSON_COMPACT);

	json_decref(part);
	return s;
}

/*
 * a, srv's answer to path, against ref's to ref_path: the same status
 * (200 both when ok) and the same compared parts. Frees a.
 */
static void same_as_ref(const char *path, struct response *a,
			const char *ref_path, int ok)
{
	struct response b;
	char *x, *y;

	get(&ref, ref_path, &b);
	if (ok && (a->status != 200 || b.status != 200))
		fail_msg("%s: %ld and %ld", path, a->status, b.status);
	x = compared(a);
	y = compared(&b);
	if (a->status != b.status || strcmp(x, y) != 0)
		fail_msg("%s\n srv: %ld %s\n ref: %ld %s", path, a->status,
			 x, b.status, y);
	free(x);
	free(y);
	response_free(a);
	response_free(&b);
}

/*
 * GETs path of s until the copy answers it (its answers counter moves;
 * the copy is made again after a commit, meanwhile the events answer):
 * that answer into *a.
 */
static void from_copy(const struct server *s, const char *path,
		      struct response *a)
{
	int tries;

	for (tries = 0; tries < 200; tries++) {
		long long before = metric(s, "dossier_columns_answers_total");

		get(s, path, a);
		if (metric(s, "dossier_columns_answers_total") > before)
			return;
		response_free(a);
		usleep(25000);
	}
	fail_msg("%s: never answered from the copy", path);
}

/* path answered by srv's copy, checked against the server without. */
static void same_from_copy(const char *path)
{
	struct response a;

	from_copy(&srv, path, &a);
	same_as_ref(path, &a, path, 1);
}

/* The same answer from both servers now, whichever way it came. */
static void same_now(const char *path)
{
	struct response a;

	get(&srv, path, &a);
	same_as_ref(path, &a, path, 0);
}

/* Combinations the summary cells do not hold: every condition the copy
 * tests, in each form, and every grouping it reads. */
static const char *const combined[] = {
	"/stats?by=month&country=GE&tone_min=2",
	"/stats?by=day&country=GE&tone_min=1.7&tone_max=6.1",
	"/stats?by=week&country=GE,RU&mentions_min=4",
	"/stats?by=year&not_country=GE&goldstein_max=1",
	"/stats?by=country&country=GE&mentions_max=3&limit=100",
	"/stats?by=location_country&country=US&goldstein_min=-5&limit=100",
	"/stats?by=root&location_country=GE&tone_max=3.3",
	"/stats?by=type&location_country=GE,RU&mentions_min=2&limit=100",
	"/stats?by=quad_class&not_location_country=GE&tone_min=0",
	"/stats?by=month,quad_class&type=04&tone_min=2.5",
	"/stats?by=root,country&type=0,1&mentions_min=3&limit=100",
	"/stats?by=country,month&not_type=04&goldstein_min=2&limit=100",
	"/stats?by=day,location_country&quad_class=1&tone_max=2",
	"/stats?by=type&quad_class=1,4&goldstein_max=0&country=GE",
	"/stats?by=root&not_quad_class=1&mentions_max=5&country=RU",
	/* By actor with a negation: every actor's cells, or the copy. */
	"/stats?by=actor&not_type=04&limit=100",
	"/stats?by=actor&not_quad_class=1&metrics=tone_mean&limit=100",
	"/stats?by=day&from=2011-08-10&to=2011-08-20&country=GE&tone_min=1",
	"/stats?by=week&from=2011-08-05&tone_max=4&location_country=GE",
	"/stats?by=country&country=GE&country=RU&tone_min=1&limit=100",
	/* Events without GDELT's numbers (the articles') match no range;
	 * the articles' have no place either. */
	"/stats?by=month&location_country=GB&country=GB,CN&from=2018-01-01",
	"/stats?by=location_country&country=GB,CN&mentions_max=5&limit=100",
	"/stats?by=year&country=CN&goldstein_max=10&type=0,1",
	"/stats?by=quad_class&not_country=GE&tone_max=100&location_country=GB",
	"/stats?by=month&country=GE&tone_min=2&metrics=goldstein_mean,"
	"goldstein_sum,tone_mean,mentions_sum",
	"/stats?by=root,quad_class&not_country=US,RU&mentions_min=1&"
	"metrics=goldstein_sum,tone_mean",
	/* Ranges of tone by day or week: scanned rather than read from
	 * cells of every day and sixteenth. */
	"/stats?by=week&tone_min=2",
	"/stats?by=day&tone_min=1.7&tone_max=6.1&metrics=tone_mean",
	/* Ranges of tone between sixteenths: their edges scanned, each
	 * bound an event's own tone (included), or a sixteenth's (the
	 * events of tone 0 are in its cells, not in the edge below). */
	"/stats?by=month&tone_min=3.33333333333333&tone_max=5.34680440458622",
	"/stats?by=country&tone_min=3.33333333333333&tone_max=3.34&limit=100",
	"/stats?by=year,root&tone_max=5.34680440458622&country=GE",
	"/stats?by=quad_class&tone_min=-0.01&tone_max=1",
	"/events?tone_min=-0.01&tone_max=5.34680440458622&quad_class=1,2"
	"&count=exact&limit=1",
	/* A word of many events beside countries of few. */
	"/stats?by=month&q=usa&country=AU,FR,IT,CH,CU",
	"/events?q=usa&country=CH,CU,MD,SE&count=exact&facet=country&limit=1",
	/* Actors, roles, sources and boxes, alone and grouped. */
	"/stats?by=month&actor=gdelt-actor-usa-united-states&tone_min=1",
	"/stats?by=actor&country=GE&tone_min=2&limit=100",
	"/stats?by=role&actor=gdelt-actor-rus-russia,gdelt-actor-school"
	"&mentions_min=2",
	"/stats?by=actor,role&not_actor=gdelt-actor-usa-atlanta&tone_max=3"
	"&limit=100",
	"/stats?by=role,actor&role=target&goldstein_min=0&limit=100",
	"/stats?by=country,actor&actor=gdelt-actor-usa-united-states"
	"&role=initiator&tone_min=1&limit=100",
	"/stats?by=day&not_role=initiator&location_country=GE&mentions_max=4",
	/* Events of all of several actors: scanned from the rarer's
	 * events, not read from the cells of every set that has them. */
	"/stats?by=year,root&actor=gdelt-actor-school"
	"&actor=gdelt-actor-usa-united-states",
	"/stats?by=month&actor=huawei&actor=theresa-may&metrics=tone_mean",
	"/stats?by=source&country=US&tone_min=1&limit=100",
	"/stats?by=month,source&source=gdelt&quad_class=4&limit=100",
	"/stats?by=actor,source&not_source=gdelt&limit=100",
	"/stats?by=root&bbox=40,41,47,44&country=GE&tone_min=1",
	/* A box across the antimeridian: from 40 east to 170 west. */
	"/stats?by=root&bbox=40,41,-170,44&country=GE&tone_min=1",
	"/stats?by=week,actor&bbox=170,-50,-170,60&mentions_min=1&limit=100",
	/* A time bucket and another grouping: the other's values with most
	 * events counted first, ties at the limit kept for group_sums. */
	"/stats?by=week,actor&tone_min=2&limit=3",
	"/stats?by=actor,month&mentions_min=2&limit=1",
	"/stats?by=day,type&country=GE&goldstein_min=0&limit=2",
	"/stats?by=month,source&tone_min=1&limit=1",
	"/stats?by=country,year&not_country=GE&mentions_min=1&limit=2"
	"&metrics=tone_mean",
	"/stats?by=week,role&tone_max=3&limit=1",
	"/stats?by=day,country&quad_class=1,4&tone_min=1&limit=4",
	/* A day or week with another grouping no rollup holds: scanned,
	 * not read from the cells of every day, code and place. */
	"/stats?by=day,type&quad_class=1&limit=3",
	"/stats?by=week,root&limit=2",
	"/stats?by=location_country,day&not_country=US&limit=2",
	/* Two groupings: their pairs counted among each one's values with
	 * most events, more of them until no pair left out can tie. */
	"/stats?by=actor,country&tone_min=2&limit=3",
	"/stats?by=source,actor&mentions_min=1&limit=2",
	"/stats?by=actor,role&country=GE&tone_min=-100&limit=1",
	"/stats?by=country,location_country&quad_class=1,4&limit=4"
	"&metrics=goldstein_mean",
	"/stats?by=root,actor&not_country=RU&tone_max=3&limit=2",
	"/stats?by=actor,type&mentions_min=2&limit=5",
	"/stats?by=actor,type&mentions_min=2&limit=1",
	/* Sources tied at the limit (articles of an event or two): taken
	 * in pk order; pairs of them let in once m reaches their ties. */
	"/stats?by=source&tone_min=-100&limit=2",
	"/stats?by=source,country&tone_min=-100&limit=2",
	"/stats?by=country,source&mentions_min=1&limit=3",
	"/stats?by=type,actor&country=GE&limit=1",
	/* Most events pass: counted as all events' counts less those that
	 * fail, most of the actor with most events among them. */
	"/stats?by=actor,month&not_country=US&limit=1",
	"/stats?by=country,actor&not_country=US&limit=2",
	"/stats?by=actor,role&not_country=US,GB&limit=1",
	"/stats?by=week,actor&not_country=US&limit=2",
	"/stats?by=type,day&not_location_country=US&limit=2",
	/* Actors with another grouping, or over dates: scanned, not read
	 * from the cells of every actor, month and code. */
	"/stats?by=actor,year&type=04&limit=3",
	"/stats?by=actor&quad_class=1&from=2011-08-10&limit=2",
	"/stats?by=location_country&bbox=-180,-90,180,90&not_country=GE"
	"&limit=100",
	/* Networks and ego networks of conditions no kept pairs hold. */
	"/network?country=GE&tone_min=2&limit=20",
	"/network?bbox=40,41,47,44&not_role=target&limit=100",
	"/network?location_country=GE&quad_class=1,4&mentions_min=2&limit=5",
	"/actors/gdelt-actor-usa-united-states/network?tone_min=1&limit=30",
	"/actors/gdelt-actor-rus-russia/network?country=GE&goldstein_max=2"
	"&limit=3",
	/* An actor of few events: its edges still come first. */
	"/actors/gdelt-actor-school/network?country=GE&tone_min=1&limit=2",
	"/actors/gdelt-actor-college/network?not_country=RU&limit=1",
	"/actors/huawei/network?not_country=AQ&not_role=supporter&limit=2",
	"/actors/theresa-may/network?country=GB,CN&from=2019-01-01&limit=3",
	"/actors/huawei/network?mentions_min=3&limit=5",
	"/network?mentions_min=3&quad_class=1,4&limit=50",
	/* Codes with dates: the copy's graph, not the cells of every
	 * month of those codes (codes alone: their kept graphs). */
	"/network?quad_class=1,4&from=2011&limit=20",
	"/network?type=04&from=2011-08-05&limit=5",
	"/network?not_type=19&to=2011-08-20&limit=3",
	/* Most events: every event's graph kept less the few that fail;
	 * dates over more than one month: the copy, not their cells. */
	"/network?not_certainty=confirmed&limit=8",
	"/network?tone_min=-30&limit=12",
	"/network?not_country=AQ&not_role=supporter&limit=6",
	"/network?from=2011-07&to=2011-09&limit=10",
	"/network?from=2011-08-03&limit=4",
	/* A search with other conditions: its matches, from the full-text
	 * index, narrowed by the copy. */
	"/stats?by=month&q=georgia&tone_min=2",
	"/stats?by=country&q=russia&limit=100",
	"/stats?by=root,quad_class&q=georgian+military&not_country=RU",
	"/stats?by=actor&q=%22south+ossetia%22&limit=5",
	"/stats?by=week&q=georgia&country=GE,RU&from=2011-08-10",
	"/stats?by=role&q=president&bbox=40,41,47,44",
	"/stats?by=month&q=no-such-word-anywhere&country=GE",
	"/stats?by=quad_class&q=event&tone_min=-100",
	/* A search alone over time and all dates: counted by its matches'
	 * days on the copy (the index's day cells without it). */
	"/stats?by=month&q=georgia",
	"/stats?by=day&q=russia+military",
	"/stats?by=week&q=%22south+ossetia%22+OR+abkhazia",
	"/stats?by=year&q=president",
	"/events?q=russia&country=GE&count=exact&limit=1",
	/* One word's count: kept with the copy, from the index's words,
	 * as the table's tokenizer makes them (stemmed, folded). */
	"/events?q=georgia&count=exact&limit=1",
	"/events?q=Georgian&count=exact&limit=1",
	"/events?q=%22OSSETIA%22&count=exact&limit=1",
	"/events?q=Tbilis%C3%AD&count=exact&limit=1",
	"/events?q=zzyzxq&count=exact&limit=1",
	"/events?q=georgia&facet=country,actor,root&limit=1",
	"/events?q=huawei&facet=country,source&limit=1",
	"/network?q=georgia&limit=10",
	"/network?q=russia&tone_min=-2&limit=3",
	"/actors/gdelt-actor-rus-russia/network?q=georgia&limit=5",
	"/events?country=GE&tone_min=2&count=exact&limit=1",
	"/events?actor=gdelt-actor-rus-russia&bbox=40,41,47,44&mentions_min=2"
	"&count=exact&limit=1",
	"/events?location_country=GE&mentions_min=3&goldstein_max=2&"
	"count=exact&limit=1",
	"/events?not_country=GE&type=0,1&tone_max=3&count=exact&limit=1",
	"/events?country=GE&tone_min=1.5&facet=country,root,quad_class&limit=1",
	/* Ranges few events fall in: their events found in the copy's
	 * orders of numbers and dates, bounds included. */
	"/stats?by=month&goldstein_min=7.4&not_country=AQ&limit=100",
	"/stats?by=root&goldstein_min=-10&goldstein_max=-9.5&not_country=AQ",
	"/stats?by=country&mentions_min=108&not_type=99&limit=100",
	"/stats?by=quad_class&tone_min=13.7566137566138&not_country=AQ",
	"/stats?by=day&to=2011-08-02&tone_min=1&limit=100",
	"/stats?by=week&from=2019-01-01&goldstein_max=3",
	"/events?goldstein_min=7.4&tone_max=3&count=exact&limit=3",
	"/events?mentions_min=100&country=GE&count=exact&limit=2",
	"/events?from=2019-04-01&tone_min=0&count=exact&limit=5",
	"/events?to=2011-08-01&mentions_max=2&count=exact&limit=5",
	"/network?goldstein_min=8&limit=10",
};

/*
 * Networks of several CAMEO groups (migration 68), which srv, with few
 * --selective-rows, merges from the groups' lists: the same graphs as
 * ref counts from the events (not_id= of no event reads them).
 */
static const char *const merged[] = {
	"/network?quad_class=1,4&limit=1000", "/network?quad_class=1,4&limit=5",
	"/network?quad_class=2,3&limit=3", "/network?quad_class=1,2,3,4&limit=20",
	"/network?quad_class=4,1&limit=1", "/network?type=04,19&limit=1000",
	"/network?type=04,190,14&limit=2", "/network?type=04,042,19&limit=7",
	"/network?type=042,190,19&limit=1000",
};

static void merged_match(void)
{
	size_t i;

	for (i = 0; i < sizeof(merged) / sizeof(merged[0]); i++) {
		struct response a;
		char path[300];

		snprintf(path, sizeof(path), "%s&not_id=no-such-event",
			 merged[i]);
		get(&srv, merged[i], &a);
		same_as_ref(merged[i], &a, path, 1);
	}
}

static void test_combinations_from_copy(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(combined) / sizeof(combined[0]); i++)
		same_from_copy(combined[i]);
	merged_match();
}

/* The value of name in row i of the list at path (a new string). */
static char *listed_value(const char *path, size_t i, const char *name)
{
	struct response r;
	char *v;

	get(&srv, path, &r);
	v = strdup(json_string_value(json_object_get(json_array_get(
		json_object_get(r.json, "data"), i), name)) ?: "");
	response_free(&r);
	assert_true(*v);
	return v;
}

/*
 * A certainty (one, any, none of several), a time of change (from one
 * an event has: the bound is in) and ids left out are tested in the
 * copy, alone and with the other conditions, for aggregations, networks,
 * facets, counts and pages: the same answers as the events give.
 */
static void test_certainty_time_ids_from_copy(void **state)
{
	static const char *const fixed[] = {
		"/stats?by=month&certainty=reported&tone_min=2",
		"/stats?by=country&certainty=confirmed,reported",
		"/stats?by=actor&not_certainty=confirmed&metrics=tone_mean",
		"/stats?by=month,country&not_certainty=reported,claimed",
		"/network?not_certainty=confirmed",
		"/network?certainty=confirmed,reported",
		"/events?certainty=confirmed&facet=country,actor&count=exact"
		"&limit=5",
		"/stats?by=month&country=GE&not_id=no-such-event&tone_min=2",
		"/stats?by=month&updated_since=2000-01-01T00:00:00Z"
		"&country=GE&tone_min=2",
		"/stats?by=country&updated_since=2100-01-01",
	};
	/* Pages and counts, whichever way their plan goes. */
	static const char *const pages[] = {
		"/events?country=GE,RU,US&count=exact&limit=1",
		/* One condition of no kept count: from the cells or the
		 * copy. */
		"/events?tone_min=2&count=exact&limit=1",
		"/events?role=target&count=exact&limit=1",
		"/events?source=gdelt&count=exact&limit=1",
		"/events?quad_class=1&count=exact&limit=1",
		"/events?mentions_max=3&count=exact&limit=1",
		"/events?from=2011-08-14&count=exact&limit=1",
		"/events?actor=gdelt-actor-rus-russia,gdelt-actor-geo-georgia"
		"&count=exact&limit=1",
		"/events?not_certainty=confirmed&country=GE&limit=7",
		"/events?not_certainty=confirmed&tone_min=1&goldstein_max=0"
		"&limit=5",
		"/events?certainty=planned&limit=3",
		"/events?certainty=reported,confirmed&sort=date&limit=9",
		"/events?actor=gdelt-actor-rus-russia"
		"&not_actor=gdelt-actor-rus-russia&limit=3",
		"/events?role=initiator&not_role=initiator&sort=-id&limit=3",
		"/events?country=US&not_country=US&tone_min=0&sort=id&limit=3",
	};
	/* Then a stored updated_at; then two events' ids. */
	static const char *const timed[] = {
		"/stats?by=quad_class&updated_since=",
		"/stats?by=day,country&country=GE&updated_since=",
		"/network?updated_since=",
		"/events?facet=actor&count=exact&limit=3&updated_since=",
		"/events?quad_class=1,2&limit=4&updated_since=",
	};
	static const char *const left_out[] = {
		"/stats?by=country&not_id=",
		/* Every event's kept totals less the two. */
		"/stats?by=actor&limit=4&not_id=",
		"/events?facet=actor,country&limit=1&not_id=",
		"/events?count=exact&facet=type&limit=2&not_id=",
		"/network?country=GE&not_id=",
	};
	char url[512];
	char *since = listed_value("/events?sort=-updated_at&limit=40"
				   "&fields=updated_at", 39, "updated_at");
	char *a = listed_value("/events?limit=2&fields=id", 0, "id");
	char *b = listed_value("/events?limit=2&fields=id", 1, "id");
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		same_from_copy(fixed[i]);
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
		same_now(pages[i]);
	for (i = 0; i < sizeof(timed) / sizeof(timed[0]); i++) {
		snprintf(url, sizeof(url), "%s%s", timed[i], since);
		same_from_copy(url);
	}
	for (i = 0; i < sizeof(left_out) / sizeof(left_out[0]); i++) {
		snprintf(url, sizeof(url), "%s%s,%s,no-such-event",
			 left_out[i], a, b);
		same_from_copy(url);
	}
	free(since);
	free(a);
	free(b);
}

/* Events by id go to SQLite, whose index finds them at once. */
static void test_ids_not_from_copy(void **state)
{
	long long before;
	char url[256];
	char *a = listed_value("/events?limit=2&fields=id", 0, "id");
	char *b = listed_value("/events?limit=2&fields=id", 1, "id");

	(void)state;
	same_from_copy(combined[0]);	/* the copy is current */
	snprintf(url, sizeof(url), "/stats?by=country&id=%s,%s&tone_min=-100",
		 a, b);
	before = metric(&srv, "dossier_columns_answers_total");
	same_now(url);
	assert_int_equal(metric(&srv, "dossier_columns_answers_total"),
			 before);
	free(a);
	free(b);
}

/*
 * A search by date with conditions that reject its matches (here all of
 * them): after a walk of a few pages' rows (beside negations alone, at
 * once), its matches are tested in the copy, rather than its stream read
 * to the end.
 */
static void test_rare_search_from_copy(void **state)
{
	static const char *const rare[] = {
		"/events?q=united&country=US&not_country=US&limit=1",
		"/events?q=united&role=initiator&not_role=initiator&limit=1",
		"/events?q=united&country=US&not_country=US"
		"&sort=-date&limit=2",
		/* Beside negations alone: tested in the copy at once. */
		"/events?q=united&not_quad_class=1,2,3,4&limit=1",
		"/events?q=united&not_type=0,1&sort=-date&limit=2",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rare) / sizeof(rare[0]); i++)
		same_from_copy(rare[i]);
}

/*
 * Ranked by relevance, a match's length comes from the copy where it is
 * current (an event's or an actor's), and an event's other conditions
 * are tested there: the same order as from the full-text index's sizes
 * and the conditions' SQL.
 */
static void test_ranked_with_copy(void **state)
{
	static const char *const ranked[] = {
		"/events?q=georgia&limit=60&fields=id",
		"/events?q=russia+military&limit=60&fields=id",
		"/events?q=president&country=GE&sort=relevance&limit=30"
		"&fields=id",
		"/events?q=%22south+ossetia%22&limit=30&fields=id",
		"/events?q=georgian+OR+abkhazia&q_syntax=fts5&limit=60"
		"&fields=id",
		/* With other conditions, tested on the copy. */
		"/events?q=georgia&tone_min=1.5&sort=relevance&limit=40"
		"&fields=id",
		"/events?q=russia&not_country=GE&sort=relevance&limit=40"
		"&fields=id",
		"/events?q=military&actor=gdelt-actor-rus-russia"
		"&sort=relevance&limit=40&fields=id",
		"/events?q=president&bbox=40,41,47,44&mentions_min=2"
		"&sort=relevance&limit=40&fields=id",
		"/events?q=georgia&country=GE,RU&type=0,1&sort=relevance"
		"&limit=40&fields=id",
		"/events?q=georgia&certainty=reported&sort=relevance&limit=40"
		"&fields=id",
		/* Actors: lengths from the copy, other conditions' SQL. */
		"/actors?q=georgia&limit=60&fields=id",
		"/actors?q=president&limit=60&fields=id",
		"/actors?q=russian+OR+georgian&q_syntax=fts5&limit=60"
		"&fields=id",
		"/actors?q=minister&kind=person&limit=30&fields=id",
		"/actors?q=georgia&country=GE&sort=relevance&limit=30"
		"&fields=id",
		"/actors?q=government&sort=-relevance&limit=30&fields=id",
	};
	size_t i;

	(void)state;
	same_from_copy(combined[0]);	/* the copy is current */
	for (i = 0; i < sizeof(ranked) / sizeof(ranked[0]); i++)
		same_now(ranked[i]);
}

/*
 * list's first page from the copy, then every page after it, by its
 * cursor, the same as the server without the copy lists (two pages at
 * least).
 */
static void same_on_every_page(const char *list)
{
	char path[1024];
	int pages = 0;

	same_from_copy(list);
	snprintf(path, sizeof(path), "%s", list);
	for (;;) {
		struct response r;
		const char *next;

		get(&ref, path, &r);
		next = json_string_value(json_object_get(
			json_object_get(r.json, "links"), "next"));
		if (!next || ++pages > 40) {
			response_free(&r);
			break;
		}
		snprintf(path, sizeof(path), "%s", next);
		response_free(&r);
		same_now(path);
	}
	if (pages < 2)
		fail_msg("%s: one page", list);
}

/*
 * Lists of several conditions, or of one common one, find their page in
 * the copy (copy_keys.h): walked by date, or from a country's few events,
 * newest or oldest first, within dates, after a cursor. Each page of
 * each is the page the server without the copy lists.
 */
static void test_lists_from_copy(void **state)
{
	static const char *const lists[] = {
		"/events?country=US&type=04&limit=7",
		"/events?goldstein_min=2&tone_max=2&limit=5",
		"/events?country=GB&type=04,01&limit=3",
		"/events?country=US,RU&not_country=GB&quad_class=1&sort=date"
		"&limit=9",
		"/events?actor=gdelt-actor-rus-russia&tone_min=0&limit=4",
		"/events?bbox=40,41,47,44&mentions_min=2&limit=6",
		"/events?from=2011-08-11&to=2011-08-22&country=US&tone_max=3"
		"&limit=5",
		"/events?from=2011-08-11&to=2011-08-22&country=US&tone_max=3"
		"&sort=date&limit=5",
		"/events?location_country=GE&type=19&limit=10",
		"/events?country=AM&goldstein_max=0&limit=2",
		/* Three of the 36 events of China, far down: tested alone. */
		"/events?country=CN&goldstein_max=0&limit=1",
		"/events?country=CN&goldstein_max=0&sort=date&limit=1",
		/* By a number, either way; those without it below all. */
		"/events?country=US&type=04&sort=-goldstein&limit=7",
		"/events?goldstein_min=2&tone_max=2&sort=tone&limit=5",
		"/events?quad_class=1,2&goldstein_max=0&sort=goldstein&limit=9",
		"/events?country=GE&tone_min=-2&type=0&sort=-mentions&limit=8",
		"/events?country=CN&goldstein_max=0&sort=-tone&limit=1",
		"/events?country=US,CN&not_quad_class=4&sort=goldstein&limit=10",
		"/events?country=US,CN&not_quad_class=4&sort=-mentions&limit=10",
		/* One condition to weigh and a negation beside it. */
		"/events?location_country=GE&not_actor=gdelt-actor-rus-russia"
		"&limit=6",
		/* By updated_at; a search's matches by a number. */
		"/events?country=US&type=04&sort=-updated_at&limit=7",
		"/events?quad_class=1,2&tone_min=0&sort=updated_at&limit=9",
		"/events?q=russia&tone_min=-5&sort=-goldstein&limit=3",
		"/events?q=president&country=GE&sort=mentions&limit=5",
		/* By id: the copy's order of ids, its cursor found by
		 * the ids read; few matches and many. */
		"/events?country=CN&goldstein_max=0&sort=id&limit=1",
		"/events?country=CN&goldstein_max=0&sort=-id&limit=1",
		"/events?q=president&country=GE&sort=id&limit=2",
		"/events?country=US&quad_class=1,2&sort=id&limit=3",
		"/events?country=US&quad_class=1,2&sort=-id&limit=7",
		/* A search by date whose conditions pass too few of the first
		 * pages' rows: its matches tested in the copy. */
		"/events?q=united&mentions_min=10&country=GE&limit=1",
		"/events?q=united&mentions_min=10&country=GE&sort=-date&limit=1",
		/* A word of many events beside countries of few: those
		 * few looked up among the word's events in the copy. */
		"/events?q=usa&country=AU,FR,IT&limit=1",
		"/events?q=usa&country=CH,CU,MD,SE&sort=date&limit=1",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		same_on_every_page(lists[i]);
}

/* The matches of each row of one page of path (limit=1000), by id. */
static json_t *matches_by_id(const char *path)
{
	struct response r;
	json_t *by_id = json_object(), *row;
	size_t i;

	get(&srv, path, &r);
	assert_int_equal(r.status, 200);
	json_array_foreach(json_object_get(r.json, "data"), i, row)
		json_object_set(by_id, json_string_value(json_object_get(row,
			"id")), json_object_get(row, "matches"));
	response_free(&r);
	return by_id;
}

/*
 * A row's matches are the same on any page: a page's are read in one
 * pass over the search's matches between its first and last keys, and
 * one by one past twenty matches a row (pages of rows far apart among
 * the word's matches: by relevance, or with a filter few of them pass).
 */
static void test_matches_on_any_page(void **state)
{
	static const struct {
		const char *walk, *all;
	} walks[] = {
		{ "/events?q=make&limit=2&fields=id",
		  "/events?q=make&sort=-date&limit=1000&fields=id" },
		/* A few events each, far apart among the word's. */
		{ "/events?q=make&country=GB&limit=2&fields=id",
		  "/events?q=make&sort=-date&limit=1000&fields=id" },
		{ "/events?q=make&country=CN,AU,EE,ES&limit=2&fields=id",
		  "/events?q=make&sort=-date&limit=1000&fields=id" },
		{ "/events?q=make&country=AM&sort=relevance&limit=2"
		  "&fields=id",
		  "/events?q=make&sort=-date&limit=1000&fields=id" },
		{ "/events?q=gov&tone_min=1&sort=relevance&limit=3&fields=id",
		  "/events?q=gov&sort=-date&limit=1000&fields=id" },
	};
	size_t w, i, checked = 0;

	(void)state;
	for (w = 0; w < sizeof(walks) / sizeof(walks[0]); w++) {
		json_t *want = matches_by_id(walks[w].all), *row;
		char url[1024];
		int page;

		if (json_object_size(want) < 40)
			fail_msg("%s: %zu rows", walks[w].all,
				 json_object_size(want));
		snprintf(url, sizeof(url), "%s", walks[w].walk);
		for (page = 0; page < 12; page++) {
			struct response r;
			json_t *next;
			int more;

			get(&srv, url, &r);
			assert_int_equal(r.status, 200);
			json_array_foreach(json_object_get(r.json, "data"), i,
					   row) {
				const char *id = json_string_value(
					json_object_get(row, "id"));

				if (!json_equal(json_object_get(row, "matches"),
						json_object_get(want, id)))
					fail_msg("%s: %s: matches differ from"
						 " %s's", url, id,
						 walks[w].all);
				checked++;
			}
			next = json_object_get(json_object_get(r.json, "links"),
					       "next");
			more = json_is_string(next);
			if (more)
				snprintf(url, sizeof(url), "%s",
					 json_string_value(next));
			response_free(&r);
			if (!more)
				break;
		}
		json_decref(want);
	}
	assert_true(checked > 60);
}

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

/* Checks every combination now (the copy may be old: then the events
 * answer) and again once the copy answers. */
static void all_same(void)
{
	size_t i;

	for (i = 0; i < sizeof(combined) / sizeof(combined[0]); i++)
		same_now(combined[i]);
	for (i = 0; i < sizeof(combined) / sizeof(combined[0]); i++)
		same_from_copy(combined[i]);
}

static void test_after_writes(void **state)
{
	/* Each event written matches it: a search's matches kept from the
	 * copy before (each reader keeps its last) would miss it. */
	static const char search[] = "/stats?by=quad_class&q=event"
				     "&tone_min=-100";
	int i;

	(void)state;
	for (i = 0; i < 6; i++)
		same_from_copy(search);
	for (i = 0; i < 4; i++) {
		char body[1024];

		snprintf(body, sizeof(body), "{\"id\":\"columns-%d\","
			 "\"title\":\"Event %d\",\"date\":\"%s\","
			 "\"type\":\"%s\",\"country\":\"%s\",\"avg_tone\":%s,"
			 "\"goldstein\":%s,\"num_mentions\":%d,"
			 "\"participants\":[{\"actor\":\"huawei\",\"role\":"
			 "\"initiator\"},{\"actor\":\"theresa-may\","
			 "\"role\":\"target\"}%s],\"sources\":[{\"source\":"
			 "\"itv-2019-04-24-huawei-5g\",\"quote\":null}]}",
			 i, i, i == 0 ? "2011-08-12" : i == 1 ? "2011-08" :
			 i == 2 ? "2011" : "2011-08-14", i % 2 ? "042" : "190",
			 i % 2 ? "GE" : "RU", i % 2 ? "2.75" : "null",
			 i % 2 ? "-2" : "7", 3 + i,
			 /* One actor in two roles: one event of its edge,
			  * two of its roles. */
			 i % 2 ? "" : ",{\"actor\":\"huawei\",\"role\":"
			 "\"supporter\"}");
		write_as("POST", "/events", body, 201);
		/* At once: no answer from the copy made before it. */
		same_now(combined[0]);
		same_now(combined[2]);
		same_now("/events?q=event&count=exact&limit=1");
		same_from_copy(search);
		same_from_copy("/events?q=events&count=exact&limit=1");
	}
	write_as("PATCH", "/events/columns-1", "{\"avg_tone\":5.5,"
		 "\"country\":\"RU\"}", 200);
	same_now(combined[0]);
	write_as("DELETE", "/events/columns-3", NULL, 204);
	same_now("/events?country=GE&tone_min=2&count=exact&limit=1");
	/* A gap in the pks before a match of a search. */
	write_as("DELETE", "/events/columns-1", NULL, 204);
	all_same();
	merged_match();
}

/* One event written over and over: title and participants change
 * together, n the last version written, or -1 once a write failed.
 * After each write the writer waits (up to a second) for the copy of
 * it, so that reads come both from the copy and from the database. */
struct flips {
	int n, stop;
};

static const char *const flip_actor[] = { "huawei", "theresa-may" };

#define FLIPS 30

static void *flip(void *p)
{
	struct flips *f = p;
	char auth[200], path[] = "/events/columns-flip", body[512];
	const char *headers[] = { auth, "Content-Type: application/json",
				  NULL };
	int i;

	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
	for (i = 1; i <= FLIPS && !__atomic_load_n(&f->stop, __ATOMIC_ACQUIRE);
	     i++) {
		long long copies = metric_of(&srv,
					     "dossier_columns_copies_total");
		struct response r;
		int wait;

		snprintf(body, sizeof(body), "{\"title\":\"Flip %d\","
			 "\"participants\":[{\"actor\":\"%s\",\"role\":"
			 "\"initiator\"}]}", i, flip_actor[i % 2]);
		if (http(&srv, "PATCH", path, headers, body, &r) != 0 ||
		    r.status != 200) {
			response_free(&r);
			__atomic_store_n(&f->n, -1, __ATOMIC_RELEASE);
			return NULL;
		}
		response_free(&r);
		__atomic_store_n(&f->n, i, __ATOMIC_RELEASE);
		for (wait = 0; wait < 100 && metric_of(&srv,
		     "dossier_columns_copies_total") <= copies; wait++)
			usleep(10000);
		usleep(10000);
	}
	return NULL;
}

/*
 * A page reads its events from the database and their lists from the
 * copy only while the copy is of the same snapshot: under writes that
 * change an event's title and participants together, every answer
 * shows a title and the participants written with it.
 */
static void test_pages_under_writes(void **state)
{
	struct flips f = { 0, 0 };
	pthread_t writer;
	int reads = 0, n;
	long long pages;

	(void)state;
	write_as("POST", "/events", "{\"id\":\"columns-flip\",\"title\":"
		 "\"Flip 0\",\"date\":\"2011-08-12\",\"participants\":"
		 "[{\"actor\":\"huawei\",\"role\":\"initiator\"}],"
		 "\"sources\":[{\"source\":\"itv-2019-04-24-huawei-5g\","
		 "\"quote\":null}]}", 201);
	same_from_copy(combined[0]);	/* the copy is current */
	pages = metric(&srv, "dossier_columns_pages_total");
	assert_int_equal(pthread_create(&writer, NULL, flip, &f), 0);
	while ((n = __atomic_load_n(&f.n, __ATOMIC_ACQUIRE)) >= 0 &&
	       n < FLIPS) {
		struct response r;
		const char *title, *actor;
		int version;

		/* No assertion while the writer runs: it is stopped first. */
		http(&srv, "GET", "/events/columns-flip?fields=title,"
		     "participants", NULL, NULL, &r);
		title = json_string_value(json_object_get(r.json, "title"));
		actor = json_string_value(json_object_get(json_array_get(
			json_object_get(r.json, "participants"), 0), "actor"));
		if (r.status != 200 || !title || !actor ||
		    sscanf(title, "Flip %d", &version) != 1 ||
		    strcmp(actor, flip_actor[version % 2]) != 0) {
			__atomic_store_n(&f.stop, 1, __ATOMIC_RELEASE);
			pthread_join(writer, NULL);
			fail_msg("read %d: %ld %s", reads, r.status, r.body);
		}
		response_free(&r);
		reads++;
	}
	pthread_join(writer, NULL);
	assert_int_equal(f.n, FLIPS);
	/* Some from the copy, between its copies after the writes. */
	pages = metric(&srv, "dossier_columns_pages_total") - pages;
	if (pages < 5)
		fail_msg("%d reads, %lld pages' lists from the copy", reads,
			 pages);
}

/*
 * Events without a date, type, place, country or numbers (the API's
 * barest event: a title and a source) and the articles' events, which
 * have no numbers and no place: NULL groups, negations that NULL passes,
 * and a date range that the undated never match.
 */
static void test_events_without_values(void **state)
{
	static const char *const nulls[] = {
		"/stats?by=quad_class&not_quad_class=2&not_location_country=AQ"
		"&not_country=AQ",
		"/stats?by=country&not_country=AQ&not_location_country=AQ"
		"&limit=300",
		"/stats?by=year&to=2030-01-01&not_country=AQ"
		"&not_location_country=AQ",
		"/stats?by=day&not_country=AQ&not_location_country=AQ",
		"/stats?by=month&location_country=GB&country=GB,CN"
		"&from=2018-01-01",
		"/stats?by=root&not_type=04&not_location_country=AQ"
		"&not_country=AQ",
		"/stats?by=location_country&not_location_country=GB"
		"&not_country=AQ&limit=300",
		"/events?not_country=AQ&not_location_country=AQ&count=exact"
		"&limit=1",
		/* Few events are elsewhere, but those without a place pass
		 * too: no driving by the postings of the places. */
		"/stats?by=year&not_location_country=GE,US&country=GB,CN",
		/* Every event's totals less one: the events of no country
		 * and of no actor among them. */
		"/stats?by=country&not_id=columns-bare-dated&limit=300",
		"/stats?by=actor&not_id=columns-bare-dated&limit=300",
	};
	size_t i;

	(void)state;
	write_as("POST", "/events", "{\"id\":\"columns-bare\",\"title\":"
		 "\"Bare\",\"sources\":[{\"source\":"
		 "\"itv-2019-04-24-huawei-5g\",\"quote\":null}]}", 201);
	write_as("POST", "/events", "{\"id\":\"columns-bare-dated\","
		 "\"title\":\"Bare, dated\",\"date\":\"2011-08-13\","
		 "\"sources\":[{\"source\":\"itv-2019-04-24-huawei-5g\","
		 "\"quote\":null}]}", 201);
	for (i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		same_from_copy(nulls[i]);
}

/*
 * An actor twice in one role of an event (and once in another): its
 * pair of actor and role counts the event once, in every way the copy
 * sums pairs of a participant (a hash of them, an array of the pairs
 * that may be kept, sums of numbers; the kept grid less the events left
 * out of the commonest pairs). Huawei as target is its pair with most
 * events.
 */
static void test_actor_twice_in_a_role(void **state)
{
	static const char *const pairs[] = {
		"/stats?by=actor,role&not_id=columns-bare&limit=3",
		"/stats?by=role,actor&not_id=columns-bare&limit=2",
		"/stats?by=actor,role&type=04&limit=5",
		"/stats?by=actor,role&not_id=columns-bare&limit=3"
		"&metrics=goldstein_mean",
		"/stats?by=actor,role&actor=huawei&limit=4",
		"/stats?by=actor,role&actor=huawei&limit=1",
		"/stats?by=role,actor&actor=huawei&limit=1",
		"/stats?by=actor,role&from=2011-08-14&to=2011-08-14&limit=1",
		"/stats?by=actor,role&from=2011-08-14&to=2011-08-14&limit=1"
		"&metrics=goldstein_mean",
		"/stats?by=actor,role&source=itv-2019-04-24-huawei-5g&limit=1",
	};
	size_t i;

	(void)state;
	write_as("POST", "/events", "{\"id\":\"columns-twice\","
		 "\"title\":\"Twice\",\"date\":\"2011-08-14\","
		 "\"type\":\"043\",\"goldstein\":2.5,\"participants\":["
		 "{\"actor\":\"huawei\",\"role\":\"target\"},"
		 "{\"actor\":\"huawei\",\"role\":\"target\"},"
		 "{\"actor\":\"huawei\",\"role\":\"initiator\"}],"
		 "\"sources\":[{\"source\":\"itv-2019-04-24-huawei-5g\","
		 "\"quote\":null}]}", 201);
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		same_from_copy(pairs[i]);
}

/*
 * Days of weeks years apart, on the same day of the month: a weekly
 * grouping sums a day in its Monday's place (db/columns_sum.c
 * bucket_place()), each week its own.
 */
static void test_weeks_years_apart(void **state)
{
	static const char *const days[] = {
		"2012-08-13", "2018-08-13", "2018-08-19", "2018-08-22",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		char body[512];

		snprintf(body, sizeof(body), "{\"id\":\"columns-week-%zu\","
			 "\"title\":\"Week %zu\",\"date\":\"%s\","
			 "\"type\":\"190\",\"avg_tone\":%zu.5,"
			 "\"participants\":[{\"actor\":\"huawei\",\"role\":"
			 "\"initiator\"}],\"sources\":[{\"source\":"
			 "\"itv-2019-04-24-huawei-5g\",\"quote\":null}]}",
			 i, i, days[i], i);
		write_as("POST", "/events", body, 201);
	}
	same_from_copy("/stats?by=week,quad_class&tone_min=0.1&limit=5");
	same_from_copy("/stats?by=quad_class,week&tone_min=0.1&limit=5"
		       "&metrics=tone_mean");
}

/*
 * Two groupings whose values tie at the count that makes them
 * candidates (db/columns_sum.c top_pairs()): of six actors, the 4th
 * with most events ties with four others at 5, of the countries RU at 5
 * is the 4th. The pair with most events is theirs (5): left out, the
 * first round would stop at one of 4, more than any value left out has.
 */
static void test_pairs_tied_at_candidates(void **state)
{
	static const char *const actors[] = {
		/* Of no country: the events involve theirs alone. */
		"chairman-guo", "huawei-critics", "five-eyes",
		"industry-analysts", "officials", "unidentified-nsc-leaker",
	};
	static const char *const others[] = { "DE", "IT", "ES", "PL" };
	int i;

	(void)state;
	for (i = 0; i < 35; i++) {
		/* The first actor: 10 events, in GE (4), FR and US (3 each);
		 * the second: 5 in RU; the other four: 5 each, one in each
		 * of GE, FR and US, two in the others (2 events each). */
		int actor = i < 10 ? 0 : i < 15 ? 1 : 2 + (i - 15) / 5;
		int k = (i - 15) % 5;
		const char *cc = i < 4 ? "GE" : i < 7 ? "FR" : i < 10 ? "US" :
				 i < 15 ? "RU" : k == 0 ? "GE" : k == 1 ? "FR" :
				 k == 2 ? "US" : others[(i - 15) / 5 % 2 * 2 +
							k - 3];
		char body[512];

		snprintf(body, sizeof(body), "{\"id\":\"columns-tie-%d\","
			 "\"title\":\"Tie %d\",\"date\":\"2030-01-%02d\","
			 "\"type\":\"042\",\"country\":\"%s\","
			 "\"participants\":[{\"actor\":\"%s\",\"role\":"
			 "\"initiator\"}],\"sources\":[{\"source\":"
			 "\"itv-2019-04-24-huawei-5g\",\"quote\":null}]}",
			 i, i, 1 + i % 28, cc, actors[actor]);
		write_as("POST", "/events", body, 201);
	}
	same_from_copy("/stats?by=actor,country&from=2030-01-01&limit=1");
}

/* Answers of every kind the copy gives, after each write of
 * test_from_the_last_copy(). */
static const char *const after_patch[] = {
	"/stats?by=month&country=GE&tone_min=2",
	"/stats?by=actor,role&not_actor=gdelt-actor-usa-atlanta&tone_max=3"
	"&limit=100",
	"/stats?by=root,country&type=0,1&mentions_min=3&limit=100",
	"/stats?by=day,location_country&quad_class=1&tone_max=2",
	"/stats?by=actor,month&not_country=US&limit=1",
	"/network?country=GE&tone_min=2&limit=20",
	"/actors/huawei/network?not_country=AQ&not_role=supporter&limit=2",
	"/events?country=GE&tone_min=1.5&facet=country,root,quad_class"
	"&count=exact&limit=1",
	"/events?country=US&type=04&limit=7",
	"/events?goldstein_min=2&tone_max=2&sort=tone&limit=5",
	"/events?quad_class=1,2&tone_min=0&sort=-updated_at&limit=9",
	"/events?country=GE&not_actor=huawei&sort=-mentions&limit=8",
	"/events?location_country=GE&tone_min=1.5&sort=id&limit=9",
};

/* Each of after_patch from a copy made after the last write; then
 * searches ranked by the lengths of the events' text it holds. */
static void same_after_patch(void)
{
	size_t i;

	for (i = 0; i < sizeof(after_patch) / sizeof(after_patch[0]); i++)
		same_from_copy(after_patch[i]);
	/* The events read placed in the order of ids among the others,
	 * every page. */
	same_on_every_page("/events?location_country=GE&tone_min=1.5"
			   "&sort=-id&limit=4");
	same_now("/events?q=georgia&sort=relevance&limit=60&fields=id");
	same_now("/events?q=president&country=GE,US&sort=relevance&limit=30"
		 "&fields=id");
}

/*
 * After a write, the next copy is made from the last one and the events
 * changed since (migration 66): events added, their numbers, place,
 * date, participants, countries and citations changed, relations made
 * and undone, events deleted, an actor's events changed by its merge.
 * Every answer after each is the events' own.
 */
static void test_from_the_last_copy(void **state)
{
	long long patches = metric(&srv, "dossier_columns_patches_total");
	char *mid = listed_value("/events?country=GE&sort=tone&limit=40", 20,
				 "id");
	char *other = listed_value("/events?country=US&limit=20", 11, "id");
	char *gone = listed_value("/events?country=GE&sort=mentions&limit=40",
				  30, "id");
	char path[256], body[1024];

	(void)state;
	same_after_patch();
	/* An event with everything a copy holds, related to another. */
	snprintf(body, sizeof(body), "{\"id\":\"patched-1\",\"title\":"
		 "\"Georgia's president, patched\",\"date\":\"2011-08-15\",\"type\":\"043\","
		 "\"country\":\"GE\",\"avg_tone\":2.5,\"goldstein\":3,"
		 "\"num_mentions\":7,\"participants\":[{\"actor\":\"huawei\","
		 "\"role\":\"initiator\",\"note\":\"a note\"},{\"actor\":"
		 "\"gdelt-actor-rus-russia\",\"role\":\"target\"}],"
		 "\"sources\":[{\"source\":\"itv-2019-04-24-huawei-5g\","
		 "\"quote\":\"a quote\"}],\"related\":[{\"event\":\"%s\","
		 "\"relation\":\"responds_to\"}]}", mid);
	write_as("POST", "/events", body, 201);
	same_after_patch();
	/* One whose id sorts among the copy's: right after another's. */
	snprintf(body, sizeof(body), "{\"id\":\"%s-next\",\"title\":"
		 "\"Next\",\"date\":\"2011-08-14\",\"country\":\"GE\","
		 "\"avg_tone\":3,\"sources\":[{\"source\":"
		 "\"itv-2019-04-24-huawei-5g\",\"quote\":null}]}", mid);
	write_as("POST", "/events", body, 201);
	same_after_patch();
	/* An event among the copied ones: its numbers, place, type and
	 * participants. */
	snprintf(path, sizeof(path), "/events/%s", mid);
	write_as("PATCH", path, "{\"avg_tone\":-1.25,\"goldstein\":-4,"
		 "\"num_mentions\":2,\"country\":\"US\",\"type\":\"190\","
		 "\"participants\":[{\"actor\":\"theresa-may\",\"role\":"
		 "\"opponent\"},{\"actor\":\"huawei\",\"role\":\"target\"}]}",
		 200);
	same_after_patch();
	snprintf(path, sizeof(path), "/events/%s", other);
	write_as("PATCH", path, "{\"date\":\"2011-08\",\"avg_tone\":null,"
		 "\"sources\":[{\"source\":\"itv-2019-04-24-huawei-5g\","
		 "\"quote\":\"another\"}]}", 200);
	same_after_patch();
	/* An actor and a source the last copy has no id of. */
	write_as("POST", "/actors", "{\"id\":\"patched-actor\",\"name\":"
		 "\"Patched Actor\",\"kind\":\"person\",\"sources\":"
		 "[{\"source\":\"itv-2019-04-24-huawei-5g\",\"quote\":"
		 "null}]}", 201);
	write_as("POST", "/sources", "{\"id\":\"patched-source\",\"title\":"
		 "\"Patched\",\"kind\":\"report\"}", 201);
	write_as("POST", "/events", "{\"id\":\"patched-2\",\"title\":"
		 "\"Patched two\",\"date\":\"2011-08-16\",\"country\":"
		 "\"GE\",\"avg_tone\":2.25,\"num_mentions\":9,"
		 "\"participants\":[{\"actor\":\"patched-actor\",\"role\":"
		 "\"initiator\"},{\"actor\":\"huawei\",\"role\":"
		 "\"target\"}],\"sources\":[{\"source\":\"patched-source\","
		 "\"quote\":null}]}", 201);
	same_after_patch();
	same_from_copy("/stats?by=actor,source&country=GE&tone_min=2"
		       "&limit=100");
	/* Its participants and citations written from the copy's ids. */
	same_from_copy("/events?country=GE&tone_min=2.2&tone_max=2.3&limit=5");
	/* The relation undone; an event in the middle deleted. */
	write_as("PATCH", "/events/patched-1", "{\"related\":[]}", 200);
	snprintf(path, sizeof(path), "/events/%s", gone);
	write_as("DELETE", path, NULL, 204);
	same_after_patch();
	write_as("DELETE", "/events/patched-1", NULL, 204);
	all_same();
	if (metric(&srv, "dossier_columns_patches_total") < patches + 4)
		fail_msg("%lld copies made from the last one",
			 metric(&srv, "dossier_columns_patches_total") -
			 patches);
	free(mid);
	free(other);
	free(gone);
}

/* Copies read anew (not made from the last one) so far. */
static long long full_copies(void)
{
	return metric(&srv, "dossier_columns_copies_total") -
	       metric(&srv, "dossier_columns_patches_total");
}

/*
 * write, then path's answer from a copy made from the last one (one read
 * anew meanwhile, as the thread does once writes pause, would hold the
 * right answer whatever was listed): compared with the server without a
 * copy, up to three tries.
 */
static void same_after_listed(void (*write)(int round), const char *path)
{
	int round;

	for (round = 0; round < 3; round++) {
		long long full = full_copies();

		write(round);
		same_from_copy(combined[0]);
		same_now(path);
		if (full_copies() == full)
			return;
	}
	fail_msg("%s: a copy was read anew on every try", path);
}

static void rename_actors(int round)
{
	/* The long name and the short swap places each round. */
	static const char *const names[] = {
		"{\"name\":\"Now a name of many more words than the other\"}",
		"{\"name\":\"Short\"}",
	};

	write_as("PATCH", "/actors/renamed-0", names[round % 2 == 0 ? 0 : 1],
		 200);
	write_as("PATCH", "/actors/renamed-1", names[round % 2 == 0 ? 1 : 0],
		 200);
}

static void same_names(int round)
{
	(void)round;
	write_as("PATCH", "/actors/renamed-0", "{\"name\":\"Same\","
		 "\"cameo\":null}", 200);
	write_as("PATCH", "/actors/renamed-1", "{\"name\":\"Same\","
		 "\"cameo\":null}", 200);
}

/* The actor of the event ranked first given a code: it ranks second. */
static void code_one(int round)
{
	char *first = listed_value("/events?q=okapizebra&sort=relevance"
				   "&fields=id", 0, "id");
	char path[64];

	(void)round;
	snprintf(path, sizeof(path), "/actors/renamed-%s",
		 first + strlen("ranked-"));
	write_as("PATCH", path, "{\"cameo\":{\"code\":\"GEOGOV\"}}", 200);
	free(first);
}

/*
 * Two events whose ids sort right after `after`, written in one request
 * each (the copy made after places them): one among the events of the
 * lists compared, one not.
 */
static void events_placed(const char *after)
{
	static int written;
	char body[512];
	int i;

	for (i = 0; i < 2; i++) {
		snprintf(body, sizeof(body), "{\"id\":\"%s-%d-%d\","
			 "\"title\":\"Placed\",\"date\":\"2011-08-14\","
			 "\"country\":\"%s\",\"avg_tone\":3,\"sources\":"
			 "[{\"source\":\"itv-2019-04-24-huawei-5g\","
			 "\"quote\":null}]}", after, written++, i,
			 i ? "RU" : "GE");
		write_as("POST", "/events", body, 201);
	}
}

/*
 * Events written after the last copy are placed in its order of ids
 * among its events by their ids (columns_id_order.c): every page by id,
 * either way, of a copy made from the last one is the events' own (up
 * to three tries, should the copy be read anew meanwhile).
 */
static void test_ids_placed(void **state)
{
	static const char *const lists[] = {
		"/events?location_country=GE&tone_min=-100&sort=id&limit=6"
		"&fields=id",
		"/events?location_country=GE&tone_min=-100&sort=-id&limit=60"
		"&fields=id",
	};
	char *after = listed_value("/events?location_country=GE&sort=id"
				   "&limit=40&fields=id", 20, "id");
	size_t i;
	int round;

	(void)state;
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		for (round = 0; round < 3; round++) {
			long long full = full_copies();

			events_placed(after);
			same_on_every_page(lists[i]);
			if (full_copies() == full)
				break;
		}
		if (round == 3)
			fail_msg("%s: a copy was read anew on every try",
				 lists[i]);
	}
	free(after);
}

/*
 * An actor renamed, or given a CAMEO code (an alias): its names are in
 * its events' search rows, so their lengths change, which ranking reads
 * from the copy. Two events of the same title, one actor's name made
 * long and the other's short, then their names the same and one given
 * a code: the same ranks as the server without a copy gives.
 */
static void test_renamed_actor_ranks(void **state)
{
	static const char *const ranked =
		"/events?q=okapizebra&sort=relevance&fields=id";
	char body[512];
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		snprintf(body, sizeof(body), "{\"id\":\"renamed-%d\",\"name\":"
			 "\"%s\",\"kind\":\"person\",\"sources\":[{\"source\":"
			 "\"itv-2019-04-24-huawei-5g\",\"quote\":null}]}", i,
			 i ? "One with a name of many words to count" : "Short");
		write_as("POST", "/actors", body, 201);
		snprintf(body, sizeof(body), "{\"id\":\"ranked-%d\",\"title\":"
			 "\"Okapizebra seen\",\"date\":\"2011-08-15\","
			 "\"participants\":[{\"actor\":\"renamed-%d\",\"role\":"
			 "\"initiator\"}],\"sources\":[{\"source\":"
			 "\"itv-2019-04-24-huawei-5g\",\"quote\":null}]}", i, i);
		write_as("POST", "/events", body, 201);
	}
	same_after_patch();
	same_now(ranked);
	same_after_listed(rename_actors, ranked);
	same_after_listed(same_names, ranked);
	same_after_listed(code_one, ranked);
	for (i = 0; i < 2; i++) {
		snprintf(body, sizeof(body), "/events/ranked-%d", i);
		write_as("DELETE", body, NULL, 204);
	}
}

/*
 * Searches of actors beside kinds and countries, in every form and
 * order, counted and faceted: their matches tested in memory
 * (db/actor_columns.h) against SQL's reading a row per match.
 */
static const char *const actor_pages[] = {
	"/actors?q=s*&kind=government&limit=5",
	"/actors?q=s*&country=GB&sort=-name&limit=4",
	"/actors?q=c*&kind=government,organization&sort=id&limit=6",
	"/actors?q=c*&not_kind=government&sort=-id&limit=6",
	"/actors?q=a*&not_country=US,GB&sort=updated_at&limit=7",
	"/actors?q=a*&country=US,GB&kind=government&sort=-updated_at&limit=3",
	"/actors?q=government%20OR%20police&kind=government,person&limit=2",
	/* A search alone, in an order other than names'. */
	"/actors?q=s*&sort=-updated_at&limit=7",
	"/actors?q=c*&sort=id&limit=9",
};

static const char *const actor_counts[] = {
	"/actors?q=s*&kind=government&count=exact&facet=kind,country&limit=2",
	"/actors?q=c*&not_country=GB&count=exact&facet=country&facet_limit=3"
	"&limit=1",
	"/actors?q=a*&kind=government&facet=kind&limit=1",
	"/actors?q=a*&country=US,RU&count=exact&limit=1",
	"/actors?q=m*&kind=person&not_kind=person&count=exact&limit=5",
	"/actors?q=g*&country=GB&country=US&count=exact&facet=country",
	"/actors?q=okapi&kind=person,government&count=exact"
	"&facet=kind,country&limit=1",
	"/actors?q=okapi&not_country=GE&count=exact&facet=country&limit=1",
};

static void actor_searches_same(void)
{
	size_t i;

	for (i = 0; i < sizeof(actor_counts) / sizeof(actor_counts[0]); i++)
		same_from_copy(actor_counts[i]);
}

static void test_actor_searches_from_copy(void **state)
{
	static const char *const okapis[] = {
		"{\"id\":\"okapi-chief\",\"name\":\"Okapi Chief\","
		"\"kind\":\"person\",\"country\":\"GE\",",
		"{\"id\":\"okapi-deputy\",\"name\":\"Okapi Deputy\","
		"\"kind\":\"government\",\"country\":\"GB\",",
		"{\"id\":\"okapi-nowhere\",\"name\":\"Okapi Nowhere\","
		"\"kind\":\"person\",",
	};
	static const char *const paged =
		"/actors?q=okapi&not_kind=media&sort=name&limit=1";
	char body[512], next[512];
	struct response r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(actor_pages) / sizeof(actor_pages[0]); i++)
		same_on_every_page(actor_pages[i]);
	for (i = 0; i < sizeof(okapis) / sizeof(okapis[0]); i++) {
		snprintf(body, sizeof(body), "%s\"sources\":[{\"source\":"
			 "\"itv-2019-04-24-huawei-5g\",\"quote\":null}]}",
			 okapis[i]);
		write_as("POST", "/actors", body, 201);
	}
	actor_searches_same();
	same_on_every_page(paged);
	/* Its kind, its country and its place by name changed. */
	write_as("PATCH", "/actors/okapi-chief", "{\"kind\":\"government\","
		 "\"country\":\"RU\",\"name\":\"Zebra Okapi\"}", 200);
	actor_searches_same();
	same_on_every_page(paged);
	/* A cursor at an actor renamed since: after its old name. */
	get(&srv, paged, &r);
	snprintf(next, sizeof(next), "%s", json_string_value(json_object_get(
		json_object_get(r.json, "links"), "next")));
	response_free(&r);
	write_as("PATCH", "/actors/okapi-deputy", "{\"name\":\"Aardvark"
		 " Okapi\"}", 200);
	same_now(next);
	actor_searches_same();
	for (i = 0; i < sizeof(okapis) / sizeof(okapis[0]); i++) {
		snprintf(body, sizeof(body), "/actors/%.*s", (int)strcspn(
			 okapis[i] + 7, "\""), okapis[i] + 7);
		write_as("DELETE", body, NULL, 204);
	}
	actor_searches_same();
}

/* Reads of an answer only the copy gives quickly, until told to stop:
 * each asks for a copy of the last commit. */
struct reading {
	int stop;
	long reads;
};

static void *read_copy(void *arg)
{
	struct reading *r = arg;

	while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
		struct response a;

		if (http(&srv, "GET", "/stats?by=actor,source&country=GE"
			 "&tone_min=-50&limit=100", NULL, NULL, &a) == 0)
			r->reads++;
		response_free(&a);
	}
	return NULL;
}

/*
 * 40 writes of event "checkpointed", each after a checkpoint from h, each
 * waited for until a copy is made after it (or a second): how many were
 * written. No assertion: a thread reads meanwhile.
 */
static int checkpointed_writes(sqlite3 *h)
{
	char auth[200], body[64];
	const char *headers[] = { auth, "Content-Type: application/json",
				  NULL };
	long long copies;
	int i, wait;

	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
	for (i = 0; i < 40; i++) {
		struct response a;
		int ok;

		copies = metric_of(&srv, "dossier_columns_copies_total");
		if (sqlite3_exec(h, "PRAGMA wal_checkpoint(PASSIVE)", NULL,
				 NULL, NULL) != SQLITE_OK)
			break;
		snprintf(body, sizeof(body), "{\"avg_tone\":%d.25}", i % 5);
		ok = http(&srv, "PATCH", "/events/checkpointed", headers,
			  body, &a) == 0 && a.status == 200;
		response_free(&a);
		if (!ok)
			break;
		for (wait = 0; wait < 200 && metric_of(&srv,
		     "dossier_columns_copies_total") <= copies; wait++)
			usleep(5000);
	}
	return i;
}

/*
 * The server's writes, each the first after a checkpoint (so it restarts
 * the WAL as it commits), while reads ask for the copy all along: every
 * copy is made from the last one. SQLite's data_version, read while a
 * write restarts the WAL, moves before the write lists its changes;
 * taken for another program's commit, it had the copy read anew (one
 * write in ten at 1M events, the aggregations reading the events for
 * seconds meanwhile). A copy read anew because the writes paused (the
 * thread does so to read the words' lists) can fall in a round: three
 * rounds, one of them without any.
 */
static void test_own_writes_patched(void **state)
{
	static const char *const combo =
		"/stats?by=actor,source&country=GE&tone_min=-50&limit=100";
	struct reading r = { 0, 0 };
	pthread_t reader;
	long long full = 0;
	char db[128];
	int round, written;
	sqlite3 *h;

	(void)state;
	snprintf(db, sizeof(db), "%s/a.db", dir);
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	write_as("POST", "/events", "{\"id\":\"checkpointed\",\"title\":"
		 "\"Checkpointed\",\"date\":\"2011-08-16\",\"country\":"
		 "\"GE\",\"avg_tone\":1,\"participants\":[{\"actor\":"
		 "\"huawei\",\"role\":\"initiator\"}],\"sources\":"
		 "[{\"source\":\"itv-2019-04-24-huawei-5g\",\"quote\":null}]}",
		 201);
	for (round = 0; round < 3; round++) {
		same_from_copy(combo);
		full = full_copies();
		r.stop = 0;
		assert_int_equal(pthread_create(&reader, NULL, read_copy, &r),
				 0);
		written = checkpointed_writes(h);
		__atomic_store_n(&r.stop, 1, __ATOMIC_RELEASE);
		pthread_join(reader, NULL);
		if (written != 40)
			fail_msg("write %d failed", written);
		same_from_copy(combo);
		full = full_copies() - full;
		if (full == 0)
			break;
	}
	sqlite3_close(h);
	if (round == 3)
		fail_msg("copies read anew in each round of 40 writes (%lld in"
			 " the last, %ld reads)", full, r.reads);
	write_as("DELETE", "/events/checkpointed", NULL, 204);
}

/*
 * A commit by another program (without the server's triggers) lists no
 * change: the copy is read anew rather than kept as if nothing had
 * changed. An event's tone is set below every other's, then put back
 * (the summaries, which that program does not keep, are as they were).
 */
static void test_other_program_commits(void **state)
{
	static const char *const lowest =
		"/events?country=GE&tone_min=-50&sort=tone&limit=3&fields=id";
	char *id = listed_value("/events?country=GE&sort=tone&limit=40", 25,
				"id");
	char db[128], sql[256];
	sqlite3_stmt *st;
	double was;
	sqlite3 *h;

	(void)state;
	snprintf(db, sizeof(db), "%s/a.db", dir);
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	snprintf(sql, sizeof(sql), "SELECT avg_tone FROM events WHERE id ="
		 " '%s'", id);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	was = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	same_from_copy(lowest);
	snprintf(sql, sizeof(sql), "UPDATE events SET avg_tone = -49"
		 " WHERE id = '%s'", id);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	same_from_copy(lowest);
	snprintf(sql, sizeof(sql), "UPDATE events SET avg_tone = %.17g"
		 " WHERE id = '%s'", was, id);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	same_from_copy(lowest);
	sqlite3_close(h);
	free(id);
}

/*
 * The same event written again and again: each copy is made from the
 * last one, and holds the same ids of actors and sources, not one more
 * text of each per write (a copy read anew meanwhile, which also holds
 * the words' lists, starts the count again; three tries).
 */
static void test_copy_does_not_grow(void **state)
{
	static const char *const combo =
		"/stats?by=actor,source&country=GE&tone_min=-50&limit=100";
	long long bytes = -1, full = -1;
	char body[128];
	int i, tries;

	(void)state;
	write_as("POST", "/events", "{\"id\":\"rewritten\",\"title\":"
		 "\"Rewritten\",\"date\":\"2011-08-15\",\"country\":\"GE\","
		 "\"participants\":[{\"actor\":\"huawei\",\"role\":"
		 "\"initiator\"},{\"actor\":\"theresa-may\",\"role\":"
		 "\"target\"}],\"sources\":[{\"source\":"
		 "\"itv-2019-04-24-huawei-5g\",\"quote\":null}]}", 201);
	for (tries = 0; tries < 3; tries++) {
		for (i = 0; i < 12; i++) {
			snprintf(body, sizeof(body), "{\"avg_tone\":%d.5}",
				 i % 3);
			write_as("PATCH", "/events/rewritten", body, 200);
			same_from_copy(combo);
			if (i == 1) {
				bytes = metric(&srv, "dossier_columns_bytes");
				full = full_copies();
			}
		}
		if (full_copies() == full)
			break;
	}
	if (tries == 3)
		fail_msg("a copy was read anew on every try");
	if (metric(&srv, "dossier_columns_bytes") != bytes)
		fail_msg("the copy grew from %lld to %lld bytes in 10 writes",
			 bytes, metric(&srv, "dossier_columns_bytes"));
	write_as("DELETE", "/events/rewritten", NULL, 204);
}

/* Another process commits (an import): the copy notices. */
static void test_after_import_by_another_process(void **state)
{
	char out[4096];

	(void)state;
	same_from_copy(combined[0]);
	assert_int_equal(dossier("import gdelt " FIX "gdelt-sample.csv", out,
				 sizeof(out)), 0);
	all_same();
}

/* Writes event prefix-i of 2011-08-(day0 + i), of tone 1.5. */
static void post_event(const char *prefix, int i, int day0)
{
	char body[512];

	snprintf(body, sizeof(body), "{\"id\":\"columns-%s-%d\","
		 "\"title\":\"%s %d\",\"date\":\"2011-08-%02d\","
		 "\"type\":\"043\",\"avg_tone\":1.5,"
		 "\"participants\":[],\"sources\":[{\"source\":"
		 "\"itv-2019-04-24-huawei-5g\",\"quote\":null}]}",
		 prefix, i, prefix, i, day0 + i);
	write_as("POST", "/events", body, 201);
}

/* path asked of s with header h: its answer into *r. */
static void get_with(const struct server *s, const char *path,
		     const char *h, struct response *r)
{
	const char *headers[] = { h, NULL };

	assert_int_equal(http(s, "GET", path, headers, NULL, r), 0);
}

/*
 * A server with a response cache (else as srv): after a write, an
 * answer behind it (Age) and then the same URL without the header, which
 * must be the events' answer, not the one kept. Tried until an answer
 * behind the write is seen.
 */
static void stale_not_cached(void)
{
	char db[128];
	const char *args[] = { "--db", db, "--response-cache-mb", "8",
			       "--selective-rows", "20", NULL };
	struct server cached;
	struct response r, b;
	int i, stale = 0;

	snprintf(db, sizeof(db), "%s/a.db", dir);
	memset(&cached, 0, sizeof(cached));
	assert_int_equal(server_start(&cached, args, NULL), 0);
	for (i = 0; i < 8 && !stale; i++) {
		char path[128], *age, *x, *y;
		int tries;

		/* A question of its own each time: one cached before would
		 * answer it, not the copy. */
		snprintf(path, sizeof(path), "/stats?by=week,quad_class"
			 "&tone_min=0.1&limit=%d", 100 - i);
		/* The copy current: an answer from it. */
		from_copy(&cached, path, &r);
		response_free(&r);
		post_event("cached", i, 10);
		get_with(&cached, path, "Cache-Control: max-stale=3600", &r);
		age = response_header(&r, "Age");
		stale = age != NULL;
		free(age);
		response_free(&r);
		/* Each thread's cache has its own: asked several times. */
		get(&ref, path, &b);
		y = compared(&b);
		for (tries = 0; tries < 8; tries++) {
			get(&cached, path, &r);
			age = response_header(&r, "Age");
			x = compared(&r);
			if (age || strcmp(x, y) != 0)
				fail_msg("%s without max-stale, after one with"
					 " it:\n answer: %s\n events: %s",
					 path, x, y);
			free(x);
			response_free(&r);
		}
		free(y);
		response_free(&b);
	}
	server_stop(&cached);
	server_cleanup(&cached);
	assert_true(stale);
}

/*
 * Cache-Control: max-stale: right after a write, an aggregation the
 * copy answers comes from the copy before the write, with Age (its
 * snapshot's age in seconds), when the request allows it; without it,
 * from the events as they are. A copy made since, or the events, may
 * answer first: then it is the events' answer with no Age, and the
 * write is tried again. A malformed value is 400. On a server with a
 * response cache, an answer behind the last commit is not kept for a
 * request without the header.
 */
static void test_max_stale(void **state)
{
	static const char *const bad[] = {
		"Cache-Control: max-stale=abc", "Cache-Control: max-stale=-1",
		"Cache-Control: max-stale=5s", "Cache-Control: max-stale=",
		"Cache-Control: no-cache, max-stale=1 2",
	};
	static const char *const good[] = {
		"Cache-Control: max-stale", "Cache-Control: no-cache, MAX-STALE",
		"Cache-Control: max-stale=\"30\"", "Cache-Control: max-stale-x",
		"Cache-Control: max-age=0, max-stale = 99999999999999",
	};
	const char *path = "/stats?by=week,quad_class&tone_min=0.1&limit=100";
	struct response a, b, r;
	char *x, *y, *age;
	int i, stale = 0;
	long long before;

	(void)state;
	for (i = 0; i < 8 && !stale; i++) {
		same_from_copy(path);
		get(&srv, path, &a);
		/* Read before the write: a read after it asks for a copy. */
		before = metric(&srv, "dossier_columns_stale_total");
		post_event("stale", i, 20);
		get_with(&srv, path, "Cache-Control: max-stale=3600", &r);
		get(&ref, path, &b);
		assert_int_equal(r.status, 200);
		age = response_header(&r, "Age");
		x = compared(&r);
		y = compared(age ? &a : &b);
		if (strcmp(x, y) != 0)
			fail_msg("%s (Age %s)\n answer: %s\n wanted: %s", path,
				 age ? age : "none", x, y);
		if (age) {
			stale = 1;
			assert_true(atol(age) >= 0 && atol(age) < 3600);
			assert_int_equal(metric(&srv,
				"dossier_columns_stale_total"), before + 1);
			/* The copy before the write is not the events now. */
			free(y);
			y = compared(&b);
			assert_string_not_equal(x, y);
		}
		free(age);
		free(x);
		free(y);
		response_free(&a);
		response_free(&b);
		response_free(&r);
		/* Without the header: exact, whichever answers. */
		same_now(path);
	}
	assert_true(stale);
	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
		get_with(&srv, path, bad[i], &r);
		assert_problem(&r, 400, "bad-request");
		response_free(&r);
	}
	for (i = 0; i < (int)(sizeof(good) / sizeof(good[0])); i++) {
		get_with(&srv, path, good[i], &r);
		if (r.status != 200)
			fail_msg("%s: %ld", good[i], r.status);
		response_free(&r);
	}
	stale_not_cached();
}

/* The copy's gauges: its events, its size, its copies. */
static void test_metrics(void **state)
{
	struct response r;

	(void)state;
	same_from_copy(combined[0]);
	get(&srv, "/events?limit=1&count=exact", &r);
	assert_int_equal(metric(&srv, "dossier_columns_events"),
			 json_integer_value(json_object_get(
				 json_object_get(r.json, "meta"), "total")));
	response_free(&r);
	assert_true(metric(&srv, "dossier_columns_bytes") > 0);
	assert_true(metric(&srv, "dossier_columns_copies_total") >= 1);
	assert_true(metric(&srv, "dossier_columns_given_up_total") >= 0);
	assert_int_equal(metric(&ref, "dossier_columns_events"), 0);
	assert_int_equal(metric(&ref, "dossier_columns_answers_total"), 0);
}

int test_columns(int *total)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_combinations_from_copy),
		cmocka_unit_test(test_certainty_time_ids_from_copy),
		cmocka_unit_test(test_ids_not_from_copy),
		cmocka_unit_test(test_rare_search_from_copy),
		cmocka_unit_test(test_ranked_with_copy),
		cmocka_unit_test(test_lists_from_copy),
		cmocka_unit_test(test_matches_on_any_page),
		cmocka_unit_test(test_metrics),
		cmocka_unit_test(test_after_writes),
		cmocka_unit_test(test_pages_under_writes),
		cmocka_unit_test(test_events_without_values),
		cmocka_unit_test(test_actor_twice_in_a_role),
		cmocka_unit_test(test_weeks_years_apart),
		cmocka_unit_test(test_pairs_tied_at_candidates),
		cmocka_unit_test(test_from_the_last_copy),
		cmocka_unit_test(test_ids_placed),
		cmocka_unit_test(test_renamed_actor_ranks),
		cmocka_unit_test(test_actor_searches_from_copy),
		cmocka_unit_test(test_own_writes_patched),
		cmocka_unit_test(test_other_program_commits),
		cmocka_unit_test(test_copy_does_not_grow),
		cmocka_unit_test(test_after_import_by_another_process),
		cmocka_unit_test(test_max_stale),
	};

	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("columns", tests, setup, teardown);
}
