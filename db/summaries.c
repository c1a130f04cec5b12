/* SPDX-License-Identifier: MIT */
/* Summaries kept per batch by a bulk writer (see summaries.h). */
#include "summaries.h"

#include "dbs.h"
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "db.h"
#include "group_sums.h"
#include "log.h"
#include "pg.h"
#include "pg_copy.h"
#include "xalloc.h"

static _Thread_local sqlite3_int64 last_event, last_actor, last_source;

/* The bucket of a count, as migration 8 writes it into a key. */
#define BUCKET(n) "CAST(floor(log2(" n " + 1)) AS INTEGER)"

/* Adds a cell's new numbers to those it has (migration 14). */
#define SUMS "n = n + excluded.n, gs = gs + excluded.gs," \
	" gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn," \
	" ms = ms + excluded.ms, mn = mn + excluded.mn"

/* A cell's number of mentions as migration 62 keys it: -1 for none. */
#define MENTIONS_KEY "CASE WHEN s.mn THEN s.ms ELSE -1 END"
/* Its sixteenth of tone as migration 63 does (stats_event_tones). */
#define TONE_KEY "CASE WHEN s.tn THEN CAST(floor(s.ts * 16) AS INTEGER)" \
	" ELSE -1000000000 END"

/*
 * The batch's rows, read once into memory: its events' cells, countries
 * (with '' for none), distinct actors (0 for none) and pairs of actors
 * with their roles. Every summary below is grouped from these rather
 * than from the views over the whole store, which a join of two views
 * cannot narrow to the batch (SQLite materialises the second whole).
 */
static const char *const batch_tables[] = {
	"CREATE TEMP TABLE IF NOT EXISTS batch_cells(event INTEGER PRIMARY KEY,"
	" m, d, t, c, gs, gn, ts, tn, ms, mn)",
	"CREATE TEMP TABLE IF NOT EXISTS batch_countries(event INTEGER,"
	" cc TEXT, PRIMARY KEY (event, cc)) WITHOUT ROWID",
	"CREATE TEMP TABLE IF NOT EXISTS batch_actors(event INTEGER,"
	" actor INTEGER, PRIMARY KEY (event, actor)) WITHOUT ROWID",
	"CREATE TEMP TABLE IF NOT EXISTS batch_pairs(event INTEGER, a1 INTEGER,"
	" a2 INTEGER, r1 TEXT, r2 TEXT)",
	"CREATE TEMP TABLE IF NOT EXISTS batch_sets(event INTEGER PRIMARY KEY,"
	" s TEXT)",
	"CREATE TEMP TABLE IF NOT EXISTS batch_actor_sets(event INTEGER"
	" PRIMARY KEY, s TEXT)",
	"CREATE TEMP TABLE IF NOT EXISTS batch_roles(event INTEGER,"
	" actor INTEGER, r TEXT, PRIMARY KEY (event, actor, r)) WITHOUT ROWID",
	"CREATE TEMP TABLE IF NOT EXISTS batch_event_roles(event INTEGER,"
	" r TEXT, PRIMARY KEY (event, r)) WITHOUT ROWID",
	"CREATE TEMP TABLE IF NOT EXISTS summary_changes(kind INTEGER,"
	" pk INTEGER, old INTEGER, new INTEGER)",
	"CREATE TEMP TABLE IF NOT EXISTS batch_points(event INTEGER"
	" PRIMARY KEY, lat, lon)",
	"CREATE TEMP TABLE IF NOT EXISTS batch_groups(event INTEGER, g TEXT,"
	" PRIMARY KEY (event, g)) WITHOUT ROWID",
};

/* The same on PostgreSQL, whose columns have types. */
static const char *const batch_tables_pg[] = {
	/* Not a NOTICE per table that exists. */
	"SET LOCAL client_min_messages = warning",
	"CREATE TEMP TABLE IF NOT EXISTS batch_cells(event bigint PRIMARY KEY,"
	" m text, d text, t text, c text, gs double precision, gn integer,"
	" ts double precision, tn integer, ms bigint, mn integer)",
	"CREATE TEMP TABLE IF NOT EXISTS batch_countries(event bigint,"
	" cc text, PRIMARY KEY (event, cc))",
	"CREATE TEMP TABLE IF NOT EXISTS batch_actors(event bigint,"
	" actor bigint, PRIMARY KEY (event, actor))",
	"CREATE TEMP TABLE IF NOT EXISTS batch_pairs(event bigint, a1 bigint,"
	" a2 bigint, r1 text, r2 text)",
	"CREATE TEMP TABLE IF NOT EXISTS batch_sets(event bigint PRIMARY KEY,"
	" s text)",
	"CREATE TEMP TABLE IF NOT EXISTS batch_actor_sets(event bigint"
	" PRIMARY KEY, s text)",
	"CREATE TEMP TABLE IF NOT EXISTS batch_roles(event bigint,"
	" actor bigint, r text, PRIMARY KEY (event, actor, r))",
	"CREATE TEMP TABLE IF NOT EXISTS batch_event_roles(event bigint,"
	" r text, PRIMARY KEY (event, r))",
	"CREATE TEMP TABLE IF NOT EXISTS summary_changes(kind integer,"
	" pk bigint, old bigint, new bigint)",
	"CREATE TEMP TABLE IF NOT EXISTS batch_points(event bigint"
	" PRIMARY KEY, lat double precision, lon double precision)",
	"CREATE TEMP TABLE IF NOT EXISTS batch_groups(event bigint, g text,"
	" PRIMARY KEY (event, g))",
};

static const char *const batch_sql[] = {
	/* Its located events' points, read once for the eight summaries of
	 * points. */
	"INSERT INTO temp.batch_points SELECT pk, lat, lon FROM events"
	" WHERE pk > ?1 AND lat IS NOT NULL AND lon IS NOT NULL",
	"INSERT INTO temp.batch_cells SELECT event, m, d, t, c, gs, gn, ts, tn,"
	" ms, mn FROM stats_event_cells WHERE event > ?1",
	/* Its events' CAMEO groups (migration 68's view: the batch's range
	 * reaches each of its parts). */
	"INSERT INTO temp.batch_groups SELECT event, g FROM stats_event_groups"
	" WHERE event > ?1",
	"INSERT INTO temp.batch_countries SELECT event, cc"
	" FROM stats_event_countries WHERE event > ?1",
	"INSERT INTO temp.batch_actors SELECT event, actor"
	" FROM stats_event_actors WHERE event > ?1",
	/* Its countries are read in order: each event's set, as migration
	 * 32 writes it ('' alone for none). */
	"INSERT INTO temp.batch_sets SELECT event, group_concat(cc, ',')"
	" FROM (SELECT event, cc FROM temp.batch_countries ORDER BY event, cc)"
	" GROUP BY event",
	/* ... and its actors' (migration 34), actor 0 none. */
	"INSERT INTO temp.batch_actor_sets SELECT event,"
	" ifnull(group_concat(nullif(actor, 0), ','), '') FROM (SELECT event,"
	" actor FROM temp.batch_actors ORDER BY event, actor) GROUP BY event",
	/* Its actors in their roles, each pair once, and its roles ('' for
	 * none). Its events are sought one by one: with `event > ?1`,
	 * SQLite read the whole of a covering index for the DISTINCT (0.16
	 * s of an import of one row at 1M events). */
	"INSERT INTO temp.batch_roles SELECT DISTINCT event, actor, role"
	" FROM participants WHERE event IN (SELECT event"
	" FROM temp.batch_cells)",
	"INSERT INTO temp.batch_event_roles SELECT DISTINCT event, r"
	" FROM temp.batch_roles UNION ALL SELECT event, ''"
	" FROM temp.batch_actors WHERE actor = 0",
	"INSERT INTO temp.batch_pairs SELECT p1.event, p1.actor, p2.actor,"
	" p1.role, p2.role FROM participants p1 JOIN participants p2"
	" ON p2.event = p1.event AND p2.actor > p1.actor WHERE p1.event > ?1",
};

static const char *const batch_done_sql =
	"DELETE FROM temp.batch_cells; DELETE FROM temp.batch_countries;"
	" DELETE FROM temp.batch_actors; DELETE FROM temp.batch_pairs;"
	" DELETE FROM temp.batch_sets; DELETE FROM temp.batch_actor_sets;"
	" DELETE FROM temp.batch_roles; DELETE FROM temp.batch_event_roles;"
	" DELETE FROM temp.summary_changes; DELETE FROM temp.batch_points;"
	" DELETE FROM temp.batch_groups";
/* PostgreSQL's vacuum never reaches temporary tables: emptied whole. */
static const char *const batch_done_pg =
	"TRUNCATE batch_cells, batch_countries, batch_actors, batch_pairs,"
	" batch_sets, batch_actor_sets, batch_roles, batch_event_roles,"
	" summary_changes, batch_points, batch_groups";

/* Each record the batch counted: its kind, pk, count before and after. */
static const char *const count_sql[] = {
	"INSERT INTO temp.summary_changes SELECT 0, c.pk, c.event_count,"
	" c.event_count + d.n FROM (SELECT cc, count(*) AS n"
	" FROM temp.batch_countries WHERE cc <> '' GROUP BY cc) d"
	" JOIN countries c ON c.code = d.cc",
	"INSERT INTO temp.summary_changes SELECT 1, a.pk, a.event_count,"
	" a.event_count + d.n FROM (SELECT actor, count(*) AS n"
	" FROM temp.batch_actors WHERE actor <> 0 GROUP BY actor) d"
	" JOIN actors a ON a.pk = d.actor",
	"INSERT INTO temp.summary_changes SELECT 2, t.pk, t.event_count,"
	" t.event_count + d.n FROM (SELECT t, count(*) AS n"
	" FROM temp.batch_cells GROUP BY t) d"
	" JOIN event_types t ON t.code = d.t",
	"UPDATE countries SET event_count = c.new FROM temp.summary_changes c"
	" WHERE c.kind = 0 AND countries.pk = c.pk",
	"UPDATE actors SET event_count = c.new FROM temp.summary_changes c"
	" WHERE c.kind = 1 AND actors.pk = c.pk",
	"UPDATE event_types SET event_count = c.new"
	" FROM temp.summary_changes c WHERE c.kind = 2"
	" AND event_types.pk = c.pk",
};

/* What a summary sums for each row of its batch's rows (struct summed). */
enum sum_kind {
	SUM_CELLS,	/* n and the cell's numbers: rows of FROM s */
	SUM_EVENTS,	/* n */
	SUM_PAIRS,	/* n, each event once: rows of FROM p */
};

/*
 * A summary table and how a batch adds to it: the columns it is keyed
 * by, then its numbers (n, and with SUM_CELLS gs, gn, ts, tn, ms and
 * mn), summed over the rows `from` selects (?1 the last event before
 * the batch). The rows are grouped in memory (group_sums.h) and added
 * to the table in key order: SQLite's GROUP BY sorted every row as a
 * record and summed it through the VDBE (0.63 s of a summary's 1.0 s,
 * for 145,501 rows; bench/README.md, "Import").
 */
struct summed {
	const char *table;
	enum sum_kind kind;
	const char *keys;
	const char *from;
};

#define CELLS "temp.batch_cells s"
#define COUNTRY_CELLS "temp.batch_countries x JOIN temp.batch_cells s" \
	" ON s.event = x.event"
#define ACTOR_CELLS "temp.batch_actors x JOIN temp.batch_cells s" \
	" ON s.event = x.event"
#define SET_CELLS "temp.batch_sets x JOIN temp.batch_cells s" \
	" ON s.event = x.event"
#define ROLE_CELLS "temp.batch_event_roles x JOIN temp.batch_cells s" \
	" ON s.event = x.event"
#define PAIRS "temp.batch_pairs p"
/* The cells of the batch's located events (e.lat, e.lon). */
#define POINT_CELLS "temp.batch_points e JOIN temp.batch_cells s" \
	" ON s.event = e.event"

/* A cell's score as migration 36 keys it: -1e9 for none. */
#define GOLDSTEIN_KEY "CASE WHEN s.gn THEN s.gs ELSE -1e9 END"
/* A day as its week, named by its Monday (migration 54). */
#define WEEK "CASE WHEN length(s.d) = 10" \
	" THEN date(s.d, '-6 days', 'weekday 1') ELSE s.d END"

static const struct summed summed[] = {
	/* The cells of /stats (migrations 14 to 17). */
	{ "stats_months", SUM_CELLS,
	  "m, t, c",
	  CELLS },
	/* ... and over all time (migration 59). */
	{ "stats_code_place_totals", SUM_CELLS,
	  "t, c",
	  CELLS },
	/* ... and per Goldstein score (migration 36). */
	/* The countries and actors of each score (migration 51). */
	{ "stats_country_goldsteins", SUM_EVENTS,
	  GOLDSTEIN_KEY ", x.cc",
	  COUNTRY_CELLS },
	{ "stats_actor_goldsteins", SUM_EVENTS,
	  GOLDSTEIN_KEY ", x.actor",
	  ACTOR_CELLS },
	{ "stats_goldstein_months", SUM_CELLS,
	  "m, t, " GOLDSTEIN_KEY,
	  CELLS },
	{ "stats_goldstein_codes", SUM_CELLS,
	  "t, " GOLDSTEIN_KEY,
	  CELLS },
	/* ... and per number of mentions (migration 62). */
	{ "stats_mentions_months", SUM_CELLS,
	  "m, t, " MENTIONS_KEY,
	  CELLS },
	{ "stats_mentions_month_totals", SUM_CELLS,
	  "m, " MENTIONS_KEY,
	  CELLS },
	{ "stats_mentions_codes", SUM_CELLS,
	  "t, " MENTIONS_KEY,
	  CELLS },
	/* ... and per sixteenth of tone (migrations 63 and 64). */
	{ "stats_tone_month_totals", SUM_CELLS,
	  "m, " TONE_KEY,
	  CELLS },
	{ "stats_tone_year_roots", SUM_CELLS,
	  "substr(m, 1, 4), substr(t, 1, 2), " TONE_KEY,
	  CELLS },
	{ "stats_tone_codes", SUM_CELLS,
	  "t, " TONE_KEY,
	  CELLS },
	{ "stats_tone_week_totals", SUM_CELLS,
	  WEEK ", " TONE_KEY,
	  CELLS },
	{ "stats_tone_day_totals", SUM_CELLS,
	  "d, " TONE_KEY,
	  CELLS },
	{ "stats_country_tones", SUM_EVENTS,
	  TONE_KEY ", x.cc",
	  COUNTRY_CELLS },
	{ "stats_actor_tones", SUM_EVENTS,
	  TONE_KEY ", x.actor",
	  ACTOR_CELLS },
	{ "stats_mentions_week_totals", SUM_CELLS,
	  WEEK ", " MENTIONS_KEY,
	  CELLS },
	{ "stats_mentions_year_roots", SUM_CELLS,
	  "substr(m, 1, 4), substr(t, 1, 2), " MENTIONS_KEY,
	  CELLS },
	{ "stats_mentions_day_totals", SUM_CELLS,
	  "d, " MENTIONS_KEY,
	  CELLS },
	{ "stats_country_mentions", SUM_EVENTS,
	  MENTIONS_KEY ", x.cc",
	  COUNTRY_CELLS },
	{ "stats_actor_mentions", SUM_EVENTS,
	  MENTIONS_KEY ", x.actor",
	  ACTOR_CELLS },
	{ "stats_days", SUM_CELLS,
	  "d, t, c",
	  CELLS },
	{ "stats_day_totals", SUM_CELLS,
	  "d",
	  CELLS },
	/* The located points' cells (migration 52). */
	{ "stats_point_months", SUM_CELLS,
	  "e.lat, e.lon, s.m, s.t",
	  POINT_CELLS },
	{ "stats_point_month_totals", SUM_CELLS,
	  "e.lat, e.lon, s.m",
	  POINT_CELLS },
	/* ... and their roots over all time (migration 55). */
	{ "stats_point_roots", SUM_CELLS,
	  "e.lat, e.lon, substr(s.t, 1, 2)",
	  POINT_CELLS },
	/* ... by place (migration 56) and by day (57). */
	{ "stats_point_places", SUM_CELLS,
	  "e.lat, e.lon, s.c",
	  POINT_CELLS },
	{ "stats_point_day_totals", SUM_CELLS,
	  "e.lat, e.lon, s.d",
	  POINT_CELLS },
	{ "stats_points", SUM_EVENTS,
	  "e.lat, e.lon",
	  POINT_CELLS },
	{ "stats_point_countries", SUM_EVENTS,
	  "e.lat, e.lon, x.cc",
	  "temp.batch_points e JOIN temp.batch_countries x ON x.event = "
	  "e.event" },
	{ "stats_point_actors", SUM_EVENTS,
	  "e.lat, e.lon, x.actor",
	  "temp.batch_points e JOIN temp.batch_actors x ON x.event = "
	  "e.event" },
	/* The network of every event (migration 18). */
	{ "stats_actor_pairs", SUM_PAIRS,
	  "p.a1, p.a2",
	  PAIRS },
	{ "stats_actor_pair_roles", SUM_PAIRS,
	  "p.a1, p.a2, p.r1, p.r2",
	  PAIRS },
	/* ... and of each month cell (migration 22). */
	{ "stats_actor_pair_months", SUM_PAIRS,
	  "s.m, p.a1, p.a2",
	  PAIRS " JOIN temp.batch_cells s ON s.event = p.event" },
	{ "stats_actor_pair_role_months", SUM_PAIRS,
	  "s.m, p.a1, p.a2, p.r1, p.r2",
	  PAIRS " JOIN temp.batch_cells s ON s.event = p.event" },
	/* ... and of each month and code (migration 30). */
	{ "stats_actor_pair_cells", SUM_PAIRS,
	  "s.t, s.m, p.a1, p.a2",
	  PAIRS " JOIN temp.batch_cells s ON s.event = p.event" },
	{ "stats_actor_pair_role_cells", SUM_PAIRS,
	  "s.t, s.m, p.a1, p.a2, p.r1, p.r2",
	  PAIRS " JOIN temp.batch_cells s ON s.event = p.event" },
	/* ... and of each CAMEO group, with its actors (migration 68). */
	{ "stats_actor_pair_groups", SUM_PAIRS,
	  "k.g, p.a1, p.a2",
	  PAIRS " JOIN temp.batch_groups k ON k.event = p.event" },
	{ "stats_actor_pair_role_groups", SUM_PAIRS,
	  "k.g, p.a1, p.a2, p.r1, p.r2",
	  PAIRS " JOIN temp.batch_groups k ON k.event = p.event" },
	{ "stats_group_actors", SUM_EVENTS,
	  "k.g, x.actor",
	  "temp.batch_actors x JOIN temp.batch_groups k ON k.event = x.event"
	  " WHERE x.actor <> 0" },
	/* ... and of each country involved (migration 27). */
	{ "stats_country_actor_pairs", SUM_PAIRS,
	  "x.cc, p.a1, p.a2",
	  PAIRS " JOIN temp.batch_countries x ON x.event = p.event WHERE x.cc <> ''" },
	{ "stats_country_actor_pair_roles", SUM_PAIRS,
	  "x.cc, p.a1, p.a2, p.r1, p.r2",
	  PAIRS " JOIN temp.batch_countries x ON x.event = p.event WHERE x.cc <> ''" },
	{ "stats_country_pairs", SUM_EVENTS,
	  "x1.cc, x2.cc",
	  "temp.batch_countries x1 JOIN temp.batch_countries x2 ON x2.event "
	  "= x1.event WHERE x1.cc <> ''" },
	/* One country's actors and places, and back (migration 23). */
	{ "stats_country_actors", SUM_EVENTS,
	  "x.cc, a.actor",
	  "temp.batch_countries x JOIN temp.batch_actors a ON a.event = "
	  "x.event" },
	{ "stats_root_actors", SUM_EVENTS,
	  "substr(s.t, 1, 2), x.actor",
	  ACTOR_CELLS },
	/* One country's actors by month (migration 53). */
	{ "stats_country_month_actors", SUM_EVENTS,
	  "x.cc, s.m, a.actor",
	  COUNTRY_CELLS " JOIN temp.batch_actors a ON a.event = x.event" },
	{ "stats_country_root_actors", SUM_EVENTS,
	  "x.cc, substr(s.t, 1, 2), a.actor",
	  COUNTRY_CELLS " JOIN temp.batch_actors a ON a.event = x.event" },
	{ "stats_root_countries", SUM_EVENTS,
	  "substr(s.t, 1, 2), x.cc",
	  COUNTRY_CELLS },
	{ "stats_place_actors", SUM_EVENTS,
	  "s.c, a.actor",
	  "temp.batch_cells s JOIN temp.batch_actors a ON a.event = s.event" },
	{ "stats_country_places", SUM_EVENTS,
	  "x.cc, s.c",
	  COUNTRY_CELLS },
	/* The rollups of migration 25. */
	{ "stats_month_roots", SUM_CELLS,
	  "m, substr(t, 1, 2)",
	  CELLS },
	{ "stats_country_month_totals", SUM_CELLS,
	  "x.cc, s.m",
	  COUNTRY_CELLS },
	{ "stats_country_roots", SUM_CELLS,
	  "x.cc, substr(s.t, 1, 2)",
	  COUNTRY_CELLS },
	{ "stats_country_totals", SUM_CELLS,
	  "x.cc",
	  COUNTRY_CELLS },
	{ "stats_actor_months", SUM_CELLS,
	  "x.actor, s.m, s.t",
	  ACTOR_CELLS },
	{ "stats_actor_month_roots", SUM_CELLS,
	  "x.actor, s.m, substr(s.t, 1, 2)",
	  ACTOR_CELLS },
	{ "stats_actor_day_totals", SUM_CELLS,
	  "x.actor, s.d",
	  ACTOR_CELLS },
	{ "stats_actor_totals", SUM_CELLS,
	  "x.actor",
	  ACTOR_CELLS },
	{ "stats_country_months", SUM_CELLS,
	  "x.cc, s.m, s.t",
	  COUNTRY_CELLS },
	/* ... and by day (migration 40). */
	{ "stats_country_days", SUM_CELLS,
	  "x.cc, s.d, s.t",
	  COUNTRY_CELLS },
	{ "stats_country_day_totals", SUM_CELLS,
	  "x.cc, s.d",
	  COUNTRY_CELLS },
	/* ... and by week (migration 54). */
	{ "stats_country_week_totals", SUM_CELLS,
	  "x.cc, " WEEK,
	  COUNTRY_CELLS },
	/* ... and by root (migration 58). */
	{ "stats_country_week_roots", SUM_CELLS,
	  "x.cc, " WEEK ", substr(s.t, 1, 2)",
	  COUNTRY_CELLS },
	/* The sets of countries (migration 32). */
	{ "stats_country_set_months", SUM_CELLS,
	  "x.s, s.m, s.t",
	  SET_CELLS },
	/* ... and by day (migration 44). */
	{ "stats_country_set_day_totals", SUM_CELLS,
	  "x.s, s.d",
	  SET_CELLS },
	/* ... by month (migration 45). */
	{ "stats_country_set_month_totals", SUM_CELLS,
	  "x.s, s.m",
	  SET_CELLS },
	/* ... by root over all time (migration 55). */
	{ "stats_country_set_roots", SUM_CELLS,
	  "x.s, substr(s.t, 1, 2)",
	  SET_CELLS },
	/* ... by place and by role (migration 46). */
	{ "stats_country_set_places", SUM_CELLS,
	  "x.s, s.c",
	  SET_CELLS },
	{ "stats_country_set_roles", SUM_CELLS,
	  "x.s, y.r",
	  "temp.batch_sets x JOIN temp.batch_event_roles y ON y.event = "
	  "x.event JOIN temp.batch_cells s ON s.event = x.event" },
	/* ... and their networks, actor 0 their events (migration 38). */
	{ "stats_country_set_actor_pairs", SUM_PAIRS,
	  "x.s, p.a1, p.a2",
	  PAIRS " JOIN temp.batch_sets x ON x.event = p.event" },
	{ "stats_country_set_pair_roles", SUM_PAIRS,
	  "p.a1, p.a2, p.r1, p.r2, x.s",
	  PAIRS " JOIN temp.batch_sets x ON x.event = p.event" },
	{ "stats_country_set_actors", SUM_EVENTS,
	  "a.actor, x.s",
	  "temp.batch_actors a JOIN temp.batch_sets x ON x.event = a.event "
	  "WHERE a.actor <> 0" },
	{ "stats_country_set_actors", SUM_EVENTS,
	  "0, s",
	  "temp.batch_sets" },
	/* The sets of actors (migration 34). */
	{ "stats_actor_set_months", SUM_CELLS,
	  "x.s, s.m, s.t",
	  "temp.batch_actor_sets x JOIN temp.batch_cells s ON s.event = "
	  "x.event" },
	{ "stats_actor_set_month_roots", SUM_CELLS,
	  "x.s, s.m, substr(s.t, 1, 2)",
	  "temp.batch_actor_sets x JOIN temp.batch_cells s ON s.event = "
	  "x.event" },
	/* The actors in their roles (migration 35). */
	{ "stats_actor_role_months", SUM_CELLS,
	  "x.actor, x.r, s.m, s.t",
	  "temp.batch_roles x JOIN temp.batch_cells s ON s.event = x.event" },
	/* The roles and sources (migration 33). Every imported event cites
	 * its dataset, so none is in source 0's totals. */
	{ "stats_role_months", SUM_CELLS,
	  "x.r, s.m, s.t",
	  ROLE_CELLS },
	{ "stats_role_code_totals", SUM_CELLS,
	  "x.r, s.t",
	  ROLE_CELLS },
	{ "stats_role_month_roots", SUM_CELLS,
	  "x.r, s.m, substr(s.t, 1, 2)",
	  ROLE_CELLS },
	{ "stats_role_month_totals", SUM_CELLS,
	  "x.r, s.m",
	  ROLE_CELLS },
	/* ... and by day (migration 42). */
	{ "stats_role_day_totals", SUM_CELLS,
	  "x.r, s.d",
	  ROLE_CELLS },
	{ "stats_source_totals", SUM_CELLS,
	  "x.source",
	  "(SELECT DISTINCT event, source FROM event_citations WHERE event IN "
	  "(SELECT event FROM temp.batch_cells)) x JOIN temp.batch_cells s"
	  " ON s.event = x.event" },
};

/*
 * The batch's new actors and sources in the numbers of migration 69 (an
 * import adds no citation to an actor it did not make, nor changes one):
 * ?1 the last actor before the batch in new_actors_sql, the last source
 * in new_sources_sql.
 */
static const char *const new_actors_sql[] = {
	"INSERT INTO actor_facets(source, kind, country, n)"
	" SELECT 0, kind, ifnull(country, ''), count(*) FROM actors"
	" WHERE pk > ?1 GROUP BY kind, ifnull(country, '')"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	/* WHERE true: an upsert after a join's ON parses only so. */
	"INSERT INTO actor_facets(source, kind, country, n)"
	" SELECT c.source, a.kind, ifnull(a.country, ''), count(*)"
	" FROM (SELECT DISTINCT actor, source FROM actor_citations"
	" WHERE actor > ?1) c JOIN actors a ON a.pk = c.actor WHERE true"
	" GROUP BY c.source, a.kind, ifnull(a.country, '')"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
};
static const char *const new_sources_sql =
	"INSERT INTO source_facets(kind, publisher, n)"
	" SELECT kind, ifnull(publisher, ''), count(*) FROM sources"
	" WHERE pk > ?1 GROUP BY kind, ifnull(publisher, '')"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n";

/* Sets of members, each once (migrations 28, 32 and 34). */
static const char *const members_sql[] = {
	/* The events of three or more actors (migration 28). */
	"INSERT INTO stats_actor_crowds SELECT actor, event"
	" FROM temp.batch_actors WHERE event IN (SELECT event"
	" FROM temp.batch_actors GROUP BY event HAVING count(*) >= 3)"
	" ON CONFLICT DO NOTHING",
	"INSERT INTO stats_country_set_members SELECT DISTINCT x.cc, y.s"
	" FROM temp.batch_countries x JOIN temp.batch_sets y"
	" ON y.event = x.event WHERE x.cc <> '' ON CONFLICT DO NOTHING",
	"INSERT INTO stats_actor_set_members SELECT DISTINCT x.actor, y.s"
	" FROM temp.batch_actors x JOIN temp.batch_actor_sets y"
	" ON y.event = x.event WHERE x.actor <> 0 ON CONFLICT DO NOTHING",
};

static int run(const char *sql, sqlite3_int64 a, sqlite3_int64 b,
	       sqlite3_int64 c)
{
	dbs *st = db_stmt(sql);
	int rc;

	if (!st)
		return -1;
	/* Parameters a statement does not have are not bound. */
	if (dbs_bind_parameter_count(st) >= 1)
		dbs_bind_int64(st, 1, a);
	if (dbs_bind_parameter_count(st) >= 2)
		dbs_bind_int64(st, 2, b);
	if (dbs_bind_parameter_count(st) >= 3)
		dbs_bind_int64(st, 3, c);
	rc = dbs_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int summaries_mark(void)
{
	last_event = db_int("SELECT ifnull(max(pk), 0) FROM events");
	last_actor = db_int("SELECT ifnull(max(pk), 0) FROM actors");
	last_source = db_int("SELECT ifnull(max(pk), 0) FROM sources");
	return last_event < 0 || last_actor < 0 || last_source < 0 ? -1 : 0;
}

int summaries_pending(enum store_kind kind, long long pk)
{
	return pk > (kind == STORE_EVENT ? last_event : kind == STORE_ACTOR ?
		     last_actor : last_source);
}

/*
 * The type-ahead rows of the records that were there before the batch
 * and changed bucket: moved, as the triggers' delete and insert do.
 */
static int move_names(void)
{
	dbs *st = db_stmt("SELECT kind, pk, old"
				   " FROM temp.summary_changes"
				   " WHERE NOT (kind = 1 AND pk > ?1)"
				   " AND " BUCKET("old") " <> " BUCKET("new"));
	int rc;

	if (!st)
		return -1;
	dbs_bind_int64(st, 1, last_actor);
	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		sqlite3_int64 kind = dbs_column_int64(st, 0);
		sqlite3_int64 pk = dbs_column_int64(st, 1);
		sqlite3_int64 old = dbs_column_int64(st, 2);

		/* The casts make PostgreSQL's parameters 64-bit. */
		if (run("DELETE FROM suggest_fts WHERE rowid BETWEEN"
			" (CAST(?1 AS INTEGER) << 56) | ((63 - " BUCKET("?3")
			") << 50) | (CAST(?2 AS INTEGER) << 4) AND"
			" (CAST(?1 AS INTEGER) << 56) | ((63 - " BUCKET("?3")
			") << 50) | (CAST(?2 AS INTEGER) << 4) | 15",
			kind, pk, old) != 0 ||
		    run("INSERT INTO suggest_fts(rowid, label) SELECT key,"
			" label FROM suggest_names WHERE kind = ?1"
			" AND pk = ?2", kind, pk, 0) != 0) {
			rc = SQLITE_ERROR;
			break;
		}
	}
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Event titles for type-ahead (migration 20), after a pk, in key order. */
#define TITLES "INSERT INTO suggest_fts(rowid, label) SELECT key, label" \
	" FROM suggest_event_names WHERE pk > "

void summaries_titles_sql(long long after, char *sql, size_t sz)
{
	snprintf(sql, sz, TITLES "%lld ORDER BY key", after);
}

/* The statement adding a group of rows to summary m's table (SQLite). */
static dbs *upsert(const struct summed *m, int keys)
{
	char sql[512];
	int n = keys + (m->kind == SUM_CELLS ? 7 : 1), at, i;

	at = snprintf(sql, sizeof(sql), "INSERT INTO %s VALUES (?", m->table);
	for (i = 1; i < n && at < (int)sizeof(sql); i++)
		at += snprintf(sql + at, sizeof(sql) - (size_t)at, ", ?");
	if (at < (int)sizeof(sql))
		snprintf(sql + at, sizeof(sql) - (size_t)at,
			 ") ON CONFLICT DO UPDATE SET %s",
			 m->kind == SUM_CELLS ? SUMS : "n = n + excluded.n");
	return db_stmt(sql);
}

/* Appends a group's value as a value of COPY's text format. */
static void copy_value(struct buf *b, const struct group_value *v)
{
	switch (v->type) {
	case SQLITE_INTEGER:
		buf_put_int(b, (long long)v->u.i);
		break;
	case SQLITE_FLOAT:
		buf_printf(b, "%.17g", v->u.d);
		break;
	case SQLITE_TEXT:
		pg_copy_text(b, v->u.p, (size_t)v->len);
		break;
	default:	/* no summary is keyed by a blob */
		buf_puts(b, "\\N");
	}
}

/*
 * PostgreSQL: g's groups copied into a temporary table like m's, then
 * added to it by one statement. A statement of its own per group took a
 * round trip each (46,000 for 2,000 events); one per 90 groups, a sixth
 * of the import's time.
 */
static int add_groups_pg(const struct summed *m, struct group_sums *g,
			 int keys)
{
	PGconn *pg = db_pg_primary();
	struct buf b = BUF_INIT, sql = BUF_INIT;
	long i, n = group_sums_by_values(g);
	PGresult *r = NULL;
	dbs *st;
	int rc = -1;

	buf_printf(&sql, "CREATE TEMP TABLE IF NOT EXISTS copy_%s (LIKE %s)"
		   " ON COMMIT DELETE ROWS", m->table, m->table);
	if (!pg || db_exec(NULL, buf_str(&sql)) != 0)
		goto out;
	buf_reset(&sql);
	buf_printf(&sql, "COPY copy_%s FROM STDIN", m->table);
	if ((r = pg_copy_begin(pg, buf_str(&sql))))
		goto out;
	for (i = 0; i < n; i++) {
		const struct group_row *row = group_sums_row(g, (size_t)i);
		int k;

		for (k = 0; k < keys; k++) {
			copy_value(&b, &row->dims[k]);
			buf_putc(&b, '\t');
		}
		buf_put_int(&b, (long long)row->n);
		if (m->kind == SUM_CELLS)
			buf_printf(&b, "\t%.17g\t%lld\t%.17g\t%lld\t%lld\t%lld",
				   row->gs, (long long)row->gn, row->ts,
				   (long long)row->tn, (long long)row->ms,
				   (long long)row->mn);
		buf_putc(&b, '\n');
		if (b.len >= 1 << 20 && pg_copy_put(pg, &b) != 0)
			break;
	}
	if ((r = pg_copy_end(pg, i == n && pg_copy_put(pg, &b) == 0)))
		goto out;
	buf_reset(&sql);
	/* Emptied as read: a table may be added to twice a batch. */
	buf_printf(&sql, "WITH d AS (DELETE FROM temp.copy_%s RETURNING *)"
		   " INSERT INTO %s SELECT * FROM d ON CONFLICT DO UPDATE"
		   " SET %s", m->table, m->table,
		   m->kind == SUM_CELLS ? SUMS : "n = n + excluded.n");
	if ((st = db_stmt(buf_str(&sql)))) {
		rc = dbs_step(st) == SQLITE_DONE ? 0 : -1;
		db_done(st);
	}
out:
	if (r) {
		log_msg(LOG_ERROR, "postgresql: %s: %s", m->table,
			PQresultErrorMessage(r));
		PQclear(r);
	}
	buf_free(&b);
	buf_free(&sql);
	return rc;
}

/* Adds g's groups to m's table, in key order. */
static int add_groups(const struct summed *m, struct group_sums *g,
		      int keys)
{
	dbs *st;
	long i, n = group_sums_by_values(g);
	int rc = SQLITE_DONE;

	if (db_pg)
		return add_groups_pg(m, g, keys);
	if (!(st = upsert(m, keys)))
		return -1;
	for (i = 0; i < n && rc == SQLITE_DONE; i++) {
		const struct group_row *r = group_sums_row(g, (size_t)i);
		int k, col = 1;

		for (k = 0; k < keys; k++)
			group_value_bind(st, col++, &r->dims[k]);
		dbs_bind_int64(st, col++, r->n);
		if (m->kind == SUM_CELLS) {
			dbs_bind_double(st, col++, r->gs);
			dbs_bind_int64(st, col++, r->gn);
			dbs_bind_double(st, col++, r->ts);
			dbs_bind_int64(st, col++, r->tn);
			dbs_bind_int64(st, col++, r->ms);
			dbs_bind_int64(st, col, r->mn);
		}
		rc = dbs_step(st);
		dbs_reset(st);
	}
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The groups of g but its last dimension (an event), each counted once:
 * count(DISTINCT event).
 */
static struct group_sums *distinct_events(struct group_sums *g, int keys)
{
	static const int none[GROUP_SUMS_MAX_DIMS];
	struct group_sums *d = group_sums_new((size_t)keys, none, none);
	struct group_row *one = xcalloc(1, sizeof(*one));
	long i, n = group_sums_by_values(g);

	one->n = 1;
	for (i = 0; i < n; i++)
		group_sums_add_values(d, group_sums_row(g, (size_t)i)->dims,
				      one);
	free(one);
	return d;
}

/* Adds the batch's rows to summary m's table. */
static int sum_into(const struct summed *m)
{
	static const int none[GROUP_SUMS_MAX_DIMS];
	char sql[1024];
	struct group_sums *g = NULL;
	dbs *st;
	int keys = 0, rc;

	snprintf(sql, sizeof(sql), "SELECT %s%s FROM %s", m->keys,
		 m->kind == SUM_CELLS ? ", s.gs, s.gn, s.ts, s.tn, s.ms, s.mn" :
		 m->kind == SUM_PAIRS ? ", p.event" : "", m->from);
	if (!(st = db_stmt(sql)))
		return -1;
	if (dbs_bind_parameter_count(st) >= 1)
		dbs_bind_int64(st, 1, last_event);
	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		/* PostgreSQL's statement has its columns once it has run. */
		if (!g) {
			keys = dbs_column_count(st) -
			       (m->kind == SUM_CELLS ? 6 : 0);
			if (!(g = group_sums_new((size_t)keys, none, none))) {
				rc = SQLITE_NOMEM;
				break;
			}
		}
		group_sums_add_event(g, st, m->kind == SUM_CELLS);
	}
	db_done(st);
	if (!g)		/* no rows */
		return rc == SQLITE_DONE ? 0 : -1;
	if (rc == SQLITE_DONE && m->kind == SUM_PAIRS) {
		struct group_sums *d = distinct_events(g, --keys);

		group_sums_free(g);
		g = d;
	}
	rc = rc == SQLITE_DONE ? add_groups(m, g, keys) : -1;
	group_sums_free(g);
	return rc;
}

/* Runs each of n statements with the batch's first event bound. */
static int run_each(const char *const *sql, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (run(sql[i], last_event, 0, 0) != 0)
			return -1;
	}
	return 0;
}

static int sum_each(void)
{
	size_t i;

	for (i = 0; i < sizeof(summed) / sizeof(summed[0]); i++) {
		if (sum_into(&summed[i]) != 0)
			return -1;
	}
	return 0;
}

int summaries_catch_up(int titles_later)
{
	if ((db_pg ? run_each(batch_tables_pg, sizeof(batch_tables_pg) /
			      sizeof(batch_tables_pg[0])) :
	     run_each(batch_tables, sizeof(batch_tables) /
		      sizeof(batch_tables[0]))) != 0 ||
	    run_each(batch_sql, sizeof(batch_sql) / sizeof(batch_sql[0])) != 0 ||
	    run_each(count_sql, sizeof(count_sql) / sizeof(count_sql[0])) != 0 ||
	    sum_each() != 0 ||
	    run_each(members_sql,
		     sizeof(members_sql) / sizeof(members_sql[0])) != 0 ||
	    move_names() != 0 ||
	    run(new_actors_sql[0], last_actor, 0, 0) != 0 ||
	    run(new_actors_sql[1], last_actor, 0, 0) != 0 ||
	    run(new_sources_sql, last_source, 0, 0) != 0 ||
	    run("INSERT INTO suggest_fts(rowid, label) SELECT key, label"
		" FROM suggest_names WHERE kind = 1 AND pk > ?1", last_actor,
		0, 0) != 0 ||
	    /* In key order: FTS5 writes out the rows it holds whenever
	     * one comes with a lower key than the last, and by pk the
	     * titles' keys (mentions first) went up and down. */
	    (!titles_later &&
	     run(TITLES "?1 ORDER BY key", last_event, 0, 0) != 0) ||
	    db_exec(db_conn(), db_pg ? batch_done_pg : batch_done_sql) != 0)
		return -1;
	return summaries_mark();
}
