/* SPDX-License-Identifier: MIT */
/* Summaries kept per batch by a bulk writer (see summaries.h). */
#include "summaries.h"

#include <sqlite3.h>
#include <stdio.h>

#include "db.h"

static _Thread_local sqlite3_int64 last_event, last_actor;

/* The bucket of a count, as migration 8 writes it into a key. */
#define BUCKET(n) "CAST(log2(" n " + 1) AS INTEGER)"

/* Adds a cell's new numbers to those it has (migration 14). */
#define SUMS "n = n + excluded.n, gs = gs + excluded.gs," \
	" gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn," \
	" ms = ms + excluded.ms, mn = mn + excluded.mn"

/* A cell's numbers from the batch's cells s it groups (migration 14). */
#define CELL_SUMS "count(*), sum(s.gs), sum(s.gn), sum(s.ts), sum(s.tn)," \
	" sum(s.ms), sum(s.mn)"

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
static const char *const batch_sql[] = {
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
	"INSERT INTO temp.batch_cells SELECT event, m, d, t, c, gs, gn, ts, tn,"
	" ms, mn FROM stats_event_cells WHERE event > ?1",
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
	 * none). */
	"INSERT INTO temp.batch_roles SELECT DISTINCT event, actor, role"
	" FROM participants WHERE event > ?1",
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
	" DELETE FROM temp.summary_changes";

/* A pair's events in the batch, grouped by the columns before it. */
#define PAIRS_N "count(DISTINCT p.event) FROM temp.batch_pairs p"

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
	/* The cells of /stats (migrations 14 to 17). */
	"INSERT INTO stats_months SELECT m, t, c, count(*), sum(gs), sum(gn),"
	" sum(ts), sum(tn), sum(ms), sum(mn) FROM temp.batch_cells"
	" GROUP BY m, t, c ON CONFLICT DO UPDATE SET " SUMS,
	/* ... and over all time (migration 59). */
	"INSERT INTO stats_code_place_totals SELECT t, c, count(*), sum(gs),"
	" sum(gn), sum(ts), sum(tn), sum(ms), sum(mn) FROM temp.batch_cells"
	" GROUP BY t, c ON CONFLICT DO UPDATE SET " SUMS,
	/* ... and per Goldstein score (migration 36). */
	/* The countries and actors of each score (migration 51). */
	"INSERT INTO stats_country_goldsteins SELECT CASE WHEN s.gn THEN s.gs"
	" ELSE -1e9 END, x.cc, count(*) FROM temp.batch_countries x"
	" JOIN temp.batch_cells s ON s.event = x.event GROUP BY 1, 2"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	"INSERT INTO stats_actor_goldsteins SELECT CASE WHEN s.gn THEN s.gs"
	" ELSE -1e9 END, a.actor, count(*) FROM temp.batch_actors a"
	" JOIN temp.batch_cells s ON s.event = a.event GROUP BY 1, 2"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	"INSERT INTO stats_goldstein_months SELECT m, t, CASE WHEN gn THEN gs"
	" ELSE -1e9 END, count(*), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms),"
	" sum(mn) FROM temp.batch_cells GROUP BY 1, 2, 3"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_goldstein_codes SELECT t, CASE WHEN gn THEN gs"
	" ELSE -1e9 END, count(*), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms),"
	" sum(mn) FROM temp.batch_cells GROUP BY 1, 2"
	" ON CONFLICT DO UPDATE SET " SUMS,
	/* ... and per number of mentions (migration 62). */
	"INSERT INTO stats_mentions_months SELECT m, t, " MENTIONS_KEY ", "
	CELL_SUMS " FROM temp.batch_cells s GROUP BY 1, 2, 3"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_mentions_month_totals SELECT m, " MENTIONS_KEY ", "
	CELL_SUMS " FROM temp.batch_cells s GROUP BY 1, 2"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_mentions_codes SELECT t, " MENTIONS_KEY ", "
	CELL_SUMS " FROM temp.batch_cells s GROUP BY 1, 2"
	" ON CONFLICT DO UPDATE SET " SUMS,
	/* ... and per sixteenth of tone (migrations 63 and 64). */
	"INSERT INTO stats_tone_month_totals SELECT m, " TONE_KEY ", "
	CELL_SUMS " FROM temp.batch_cells s GROUP BY 1, 2"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_tone_year_roots SELECT substr(m, 1, 4),"
	" substr(t, 1, 2), " TONE_KEY ", " CELL_SUMS
	" FROM temp.batch_cells s GROUP BY 1, 2, 3"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_tone_codes SELECT t, " TONE_KEY ", "
	CELL_SUMS " FROM temp.batch_cells s GROUP BY 1, 2"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_tone_week_totals SELECT CASE WHEN length(d) = 10"
	" THEN date(d, '-6 days', 'weekday 1') ELSE d END, " TONE_KEY ", "
	CELL_SUMS " FROM temp.batch_cells s GROUP BY 1, 2"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_tone_day_totals SELECT d, " TONE_KEY ", "
	CELL_SUMS " FROM temp.batch_cells s GROUP BY 1, 2"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_country_tones SELECT " TONE_KEY ", x.cc,"
	" count(*) FROM temp.batch_countries x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY 1, 2"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	"INSERT INTO stats_actor_tones SELECT " TONE_KEY ", a.actor,"
	" count(*) FROM temp.batch_actors a JOIN temp.batch_cells s"
	" ON s.event = a.event GROUP BY 1, 2"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	"INSERT INTO stats_mentions_week_totals SELECT CASE WHEN length(d) = 10"
	" THEN date(d, '-6 days', 'weekday 1') ELSE d END, " MENTIONS_KEY ", "
	CELL_SUMS " FROM temp.batch_cells s GROUP BY 1, 2"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_mentions_year_roots SELECT substr(m, 1, 4),"
	" substr(t, 1, 2), " MENTIONS_KEY ", " CELL_SUMS
	" FROM temp.batch_cells s GROUP BY 1, 2, 3"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_mentions_day_totals SELECT d, " MENTIONS_KEY ", "
	CELL_SUMS " FROM temp.batch_cells s GROUP BY 1, 2"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_country_mentions SELECT " MENTIONS_KEY ", x.cc,"
	" count(*) FROM temp.batch_countries x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY 1, 2"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	"INSERT INTO stats_actor_mentions SELECT " MENTIONS_KEY ", a.actor,"
	" count(*) FROM temp.batch_actors a JOIN temp.batch_cells s"
	" ON s.event = a.event GROUP BY 1, 2"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	"INSERT INTO stats_days SELECT d, t, c, count(*), sum(gs), sum(gn),"
	" sum(ts), sum(tn), sum(ms), sum(mn) FROM temp.batch_cells"
	" GROUP BY d, t, c ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_day_totals SELECT d, count(*), sum(gs), sum(gn),"
	" sum(ts), sum(tn), sum(ms), sum(mn) FROM temp.batch_cells"
	" GROUP BY d ON CONFLICT DO UPDATE SET " SUMS,
	/* The located points' cells (migration 52). */
	"INSERT INTO stats_point_months SELECT e.lat, e.lon, s.m, s.t, "
	CELL_SUMS " FROM temp.batch_cells s JOIN events e ON e.pk = s.event"
	" WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL"
	" GROUP BY e.lat, e.lon, s.m, s.t ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_point_month_totals SELECT e.lat, e.lon, s.m, "
	CELL_SUMS " FROM temp.batch_cells s JOIN events e ON e.pk = s.event"
	" WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL"
	" GROUP BY e.lat, e.lon, s.m ON CONFLICT DO UPDATE SET " SUMS,
	/* ... and their roots over all time (migration 55). */
	"INSERT INTO stats_point_roots SELECT e.lat, e.lon, substr(s.t, 1, 2), "
	CELL_SUMS " FROM temp.batch_cells s JOIN events e ON e.pk = s.event"
	" WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL"
	" GROUP BY 1, 2, 3 ON CONFLICT DO UPDATE SET " SUMS,
	/* ... by place (migration 56) and by day (57). */
	"INSERT INTO stats_point_places SELECT e.lat, e.lon, s.c, " CELL_SUMS
	" FROM temp.batch_cells s JOIN events e ON e.pk = s.event"
	" WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL"
	" GROUP BY 1, 2, 3 ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_point_day_totals SELECT e.lat, e.lon, s.d, "
	CELL_SUMS " FROM temp.batch_cells s JOIN events e ON e.pk = s.event"
	" WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL"
	" GROUP BY 1, 2, 3 ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_points SELECT e.lat, e.lon, count(*)"
	" FROM temp.batch_cells s JOIN events e ON e.pk = s.event"
	" WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL GROUP BY e.lat, e.lon"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	"INSERT INTO stats_point_countries SELECT e.lat, e.lon, x.cc, count(*)"
	" FROM temp.batch_countries x JOIN events e ON e.pk = x.event"
	" WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL"
	" GROUP BY e.lat, e.lon, x.cc ON CONFLICT DO UPDATE SET"
	" n = n + excluded.n",
	"INSERT INTO stats_point_actors SELECT e.lat, e.lon, x.actor, count(*)"
	" FROM temp.batch_actors x JOIN events e ON e.pk = x.event"
	" WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL"
	" GROUP BY e.lat, e.lon, x.actor ON CONFLICT DO UPDATE SET"
	" n = n + excluded.n",
	/* The network of every event (migration 18). */
	"INSERT INTO stats_actor_pairs SELECT p.a1, p.a2, " PAIRS_N
	" GROUP BY p.a1, p.a2 ON CONFLICT DO UPDATE SET n = n + excluded.n",
	"INSERT INTO stats_actor_pair_roles SELECT p.a1, p.a2, p.r1, p.r2, "
	PAIRS_N " GROUP BY p.a1, p.a2, p.r1, p.r2"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	/* ... and of each month cell (migration 22). */
	"INSERT INTO stats_actor_pair_months SELECT s.m, p.a1, p.a2, " PAIRS_N
	" JOIN temp.batch_cells s ON s.event = p.event"
	" GROUP BY s.m, p.a1, p.a2 ON CONFLICT DO UPDATE SET n = n + excluded.n",
	"INSERT INTO stats_actor_pair_role_months SELECT s.m, p.a1, p.a2, p.r1,"
	" p.r2, " PAIRS_N " JOIN temp.batch_cells s ON s.event = p.event"
	" GROUP BY s.m, p.a1, p.a2, p.r1, p.r2"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	/* ... and of each month and code (migration 30). */
	"INSERT INTO stats_actor_pair_cells SELECT s.t, s.m, p.a1, p.a2, "
	PAIRS_N " JOIN temp.batch_cells s ON s.event = p.event"
	" GROUP BY s.t, s.m, p.a1, p.a2 ON CONFLICT DO UPDATE SET"
	" n = n + excluded.n",
	"INSERT INTO stats_actor_pair_role_cells SELECT s.t, s.m, p.a1, p.a2,"
	" p.r1, p.r2, " PAIRS_N " JOIN temp.batch_cells s ON s.event = p.event"
	" GROUP BY s.t, s.m, p.a1, p.a2, p.r1, p.r2"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	/* ... and of each country involved (migration 27). */
	"INSERT INTO stats_country_actor_pairs SELECT x.cc, p.a1, p.a2, "
	PAIRS_N " JOIN temp.batch_countries x ON x.event = p.event"
	" WHERE x.cc <> '' GROUP BY x.cc, p.a1, p.a2"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	"INSERT INTO stats_country_actor_pair_roles SELECT x.cc, p.a1, p.a2,"
	" p.r1, p.r2, " PAIRS_N " JOIN temp.batch_countries x"
	" ON x.event = p.event WHERE x.cc <> ''"
	" GROUP BY x.cc, p.a1, p.a2, p.r1, p.r2"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	/* The events of three or more actors (migration 28). */
	"INSERT INTO stats_actor_crowds SELECT actor, event"
	" FROM temp.batch_actors WHERE event IN (SELECT event"
	" FROM temp.batch_actors GROUP BY event HAVING count(*) >= 3)"
	" ON CONFLICT DO NOTHING",
	"INSERT INTO stats_country_pairs SELECT x1.cc, x2.cc, count(*)"
	" FROM temp.batch_countries x1 JOIN temp.batch_countries x2"
	" ON x2.event = x1.event WHERE x1.cc <> '' GROUP BY x1.cc, x2.cc"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	/* One country's actors and places, and back (migration 23). */
	"INSERT INTO stats_country_actors SELECT x.cc, a.actor, count(*)"
	" FROM temp.batch_countries x JOIN temp.batch_actors a"
	" ON a.event = x.event GROUP BY x.cc, a.actor"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	"INSERT INTO stats_root_actors SELECT substr(s.t, 1, 2), a.actor,"
	" count(*) FROM temp.batch_actors a JOIN temp.batch_cells s"
	" ON s.event = a.event GROUP BY substr(s.t, 1, 2), a.actor"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	/* One country's actors by month (migration 53). */
	"INSERT INTO stats_country_month_actors SELECT x.cc, s.m, a.actor,"
	" count(*) FROM temp.batch_countries x JOIN temp.batch_cells s"
	" ON s.event = x.event JOIN temp.batch_actors a ON a.event = x.event"
	" GROUP BY x.cc, s.m, a.actor ON CONFLICT DO UPDATE SET"
	" n = n + excluded.n",
	"INSERT INTO stats_country_root_actors SELECT x.cc, substr(s.t, 1, 2),"
	" a.actor, count(*) FROM temp.batch_countries x JOIN temp.batch_cells s"
	" ON s.event = x.event JOIN temp.batch_actors a ON a.event = x.event"
	" GROUP BY x.cc, substr(s.t, 1, 2), a.actor"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	"INSERT INTO stats_root_countries SELECT substr(s.t, 1, 2), x.cc,"
	" count(*) FROM temp.batch_countries x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY substr(s.t, 1, 2), x.cc"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	"INSERT INTO stats_place_actors SELECT s.c, a.actor, count(*)"
	" FROM temp.batch_cells s JOIN temp.batch_actors a"
	" ON a.event = s.event GROUP BY s.c, a.actor"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	"INSERT INTO stats_country_places SELECT x.cc, s.c, count(*)"
	" FROM temp.batch_countries x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY x.cc, s.c"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	/* The rollups of migration 25. */
	"INSERT INTO stats_month_roots SELECT m, substr(t, 1, 2), count(*),"
	" sum(gs), sum(gn), sum(ts), sum(tn), sum(ms), sum(mn)"
	" FROM temp.batch_cells GROUP BY m, substr(t, 1, 2)"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_country_month_totals SELECT x.cc, s.m, " CELL_SUMS
	" FROM temp.batch_countries x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY x.cc, s.m ON CONFLICT DO UPDATE SET "
	SUMS,
	"INSERT INTO stats_country_roots SELECT x.cc, substr(s.t, 1, 2), "
	CELL_SUMS " FROM temp.batch_countries x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY 1, 2 ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_country_totals SELECT x.cc, " CELL_SUMS
	" FROM temp.batch_countries x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY x.cc ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_actor_months SELECT x.actor, s.m, s.t, " CELL_SUMS
	" FROM temp.batch_actors x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY x.actor, s.m, s.t"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_actor_month_roots SELECT x.actor, s.m,"
	" substr(s.t, 1, 2), " CELL_SUMS " FROM temp.batch_actors x"
	" JOIN temp.batch_cells s ON s.event = x.event GROUP BY 1, 2, 3"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_actor_day_totals SELECT x.actor, s.d, " CELL_SUMS
	" FROM temp.batch_actors x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY x.actor, s.d"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_actor_totals SELECT x.actor, " CELL_SUMS
	" FROM temp.batch_actors x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY x.actor ON CONFLICT DO UPDATE SET "
	SUMS,
	"INSERT INTO stats_country_months SELECT x.cc, s.m, s.t, " CELL_SUMS
	" FROM temp.batch_countries x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY x.cc, s.m, s.t"
	" ON CONFLICT DO UPDATE SET " SUMS,
	/* ... and by day (migration 40). */
	"INSERT INTO stats_country_days SELECT x.cc, s.d, s.t, " CELL_SUMS
	" FROM temp.batch_countries x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY x.cc, s.d, s.t"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_country_day_totals SELECT x.cc, s.d, " CELL_SUMS
	" FROM temp.batch_countries x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY x.cc, s.d"
	" ON CONFLICT DO UPDATE SET " SUMS,
	/* ... and by week (migration 54). */
	"INSERT INTO stats_country_week_totals SELECT x.cc, CASE"
	" WHEN length(s.d) = 10 THEN date(s.d, '-6 days', 'weekday 1')"
	" ELSE s.d END, " CELL_SUMS " FROM temp.batch_countries x"
	" JOIN temp.batch_cells s ON s.event = x.event GROUP BY 1, 2"
	" ON CONFLICT DO UPDATE SET " SUMS,
	/* ... and by root (migration 58). */
	"INSERT INTO stats_country_week_roots SELECT x.cc, CASE"
	" WHEN length(s.d) = 10 THEN date(s.d, '-6 days', 'weekday 1')"
	" ELSE s.d END, substr(s.t, 1, 2), " CELL_SUMS
	" FROM temp.batch_countries x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY 1, 2, 3 ON CONFLICT DO UPDATE SET "
	SUMS,
	/* The sets of countries (migration 32). */
	"INSERT INTO stats_country_set_months SELECT x.s, s.m, s.t, " CELL_SUMS
	" FROM temp.batch_sets x JOIN temp.batch_cells s ON s.event = x.event"
	" GROUP BY x.s, s.m, s.t ON CONFLICT DO UPDATE SET " SUMS,
	/* ... and by day (migration 44). */
	"INSERT INTO stats_country_set_day_totals SELECT x.s, s.d, " CELL_SUMS
	" FROM temp.batch_sets x JOIN temp.batch_cells s ON s.event = x.event"
	" GROUP BY x.s, s.d ON CONFLICT DO UPDATE SET " SUMS,
	/* ... by month (migration 45). */
	"INSERT INTO stats_country_set_month_totals SELECT x.s, s.m, "
	CELL_SUMS " FROM temp.batch_sets x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY x.s, s.m"
	" ON CONFLICT DO UPDATE SET " SUMS,
	/* ... by root over all time (migration 55). */
	"INSERT INTO stats_country_set_roots SELECT x.s, substr(s.t, 1, 2), "
	CELL_SUMS " FROM temp.batch_sets x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY 1, 2 ON CONFLICT DO UPDATE SET " SUMS,
	/* ... by place and by role (migration 46). */
	"INSERT INTO stats_country_set_places SELECT x.s, s.c, " CELL_SUMS
	" FROM temp.batch_sets x JOIN temp.batch_cells s ON s.event = x.event"
	" GROUP BY x.s, s.c ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_country_set_roles SELECT x.s, y.r, " CELL_SUMS
	" FROM temp.batch_sets x JOIN temp.batch_event_roles y"
	" ON y.event = x.event JOIN temp.batch_cells s ON s.event = x.event"
	" GROUP BY x.s, y.r ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_country_set_members SELECT DISTINCT x.cc, y.s"
	" FROM temp.batch_countries x JOIN temp.batch_sets y"
	" ON y.event = x.event WHERE x.cc <> '' ON CONFLICT DO NOTHING",
	/* ... and their networks, actor 0 their events (migration 38). */
	"INSERT INTO stats_country_set_actor_pairs SELECT x.s, p.a1, p.a2, "
	PAIRS_N " JOIN temp.batch_sets x ON x.event = p.event"
	" GROUP BY x.s, p.a1, p.a2 ON CONFLICT DO UPDATE SET n = n + excluded.n",
	"INSERT INTO stats_country_set_pair_roles SELECT p.a1, p.a2, p.r1, p.r2,"
	" x.s, " PAIRS_N " JOIN temp.batch_sets x ON x.event = p.event"
	" GROUP BY p.a1, p.a2, p.r1, p.r2, x.s"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	"INSERT INTO stats_country_set_actors SELECT a.actor, x.s, count(*)"
	" FROM temp.batch_actors a JOIN temp.batch_sets x ON x.event = a.event"
	" WHERE a.actor <> 0 GROUP BY a.actor, x.s"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	"INSERT INTO stats_country_set_actors SELECT 0, s, count(*)"
	" FROM temp.batch_sets GROUP BY s"
	" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	/* The sets of actors (migration 34). */
	"INSERT INTO stats_actor_set_months SELECT x.s, s.m, s.t, " CELL_SUMS
	" FROM temp.batch_actor_sets x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY x.s, s.m, s.t"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_actor_set_month_roots SELECT x.s, s.m,"
	" substr(s.t, 1, 2), " CELL_SUMS " FROM temp.batch_actor_sets x"
	" JOIN temp.batch_cells s ON s.event = x.event GROUP BY 1, 2, 3"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_actor_set_members SELECT DISTINCT x.actor, y.s"
	" FROM temp.batch_actors x JOIN temp.batch_actor_sets y"
	" ON y.event = x.event WHERE x.actor <> 0 ON CONFLICT DO NOTHING",
	/* The actors in their roles (migration 35). */
	"INSERT INTO stats_actor_role_months SELECT x.actor, x.r, s.m, s.t, "
	CELL_SUMS " FROM temp.batch_roles x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY x.actor, x.r, s.m, s.t"
	" ON CONFLICT DO UPDATE SET " SUMS,
	/* The roles and sources (migration 33). Every imported event cites
	 * its dataset, so none is in source 0's totals. */
	"INSERT INTO stats_role_months SELECT x.r, s.m, s.t, " CELL_SUMS
	" FROM temp.batch_event_roles x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY x.r, s.m, s.t"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_role_code_totals SELECT x.r, s.t, " CELL_SUMS
	" FROM temp.batch_event_roles x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY x.r, s.t"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_role_month_roots SELECT x.r, s.m, substr(s.t, 1, 2), "
	CELL_SUMS " FROM temp.batch_event_roles x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY 1, 2, 3 ON CONFLICT DO UPDATE SET "
	SUMS,
	"INSERT INTO stats_role_month_totals SELECT x.r, s.m, " CELL_SUMS
	" FROM temp.batch_event_roles x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY x.r, s.m"
	" ON CONFLICT DO UPDATE SET " SUMS,
	/* ... and by day (migration 42). */
	"INSERT INTO stats_role_day_totals SELECT x.r, s.d, " CELL_SUMS
	" FROM temp.batch_event_roles x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY x.r, s.d"
	" ON CONFLICT DO UPDATE SET " SUMS,
	"INSERT INTO stats_source_totals SELECT x.source, " CELL_SUMS
	" FROM (SELECT DISTINCT event, source FROM event_citations"
	" WHERE event > ?1) x JOIN temp.batch_cells s"
	" ON s.event = x.event GROUP BY x.source"
	" ON CONFLICT DO UPDATE SET " SUMS,
};

static int run(const char *sql, sqlite3_int64 a, sqlite3_int64 b,
	       sqlite3_int64 c)
{
	sqlite3_stmt *st = db_stmt(sql);
	int rc;

	if (!st)
		return -1;
	/* Parameters a statement does not have are not bound. */
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, b);
	if (sqlite3_bind_parameter_count(st) >= 3)
		sqlite3_bind_int64(st, 3, c);
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static sqlite3_int64 max_pk(const char *sql)
{
	sqlite3_stmt *st = db_stmt(sql);
	sqlite3_int64 n = -1;

	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	db_done(st);
	return n;
}

int summaries_mark(void)
{
	last_event = max_pk("SELECT ifnull(max(pk), 0) FROM events");
	last_actor = max_pk("SELECT ifnull(max(pk), 0) FROM actors");
	return last_event < 0 || last_actor < 0 ? -1 : 0;
}

/*
 * The type-ahead rows of the records that were there before the batch
 * and changed bucket: moved, as the triggers' delete and insert do.
 */
static int move_names(void)
{
	sqlite3_stmt *st = db_stmt("SELECT kind, pk, old"
				   " FROM temp.summary_changes"
				   " WHERE NOT (kind = 1 AND pk > ?1)"
				   " AND " BUCKET("old") " <> " BUCKET("new"));
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, last_actor);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 kind = sqlite3_column_int64(st, 0);
		sqlite3_int64 pk = sqlite3_column_int64(st, 1);
		sqlite3_int64 old = sqlite3_column_int64(st, 2);

		if (run("DELETE FROM suggest_fts WHERE rowid BETWEEN"
			" (?1 << 56) | ((63 - " BUCKET("?3") ") << 50)"
			" | (?2 << 4) AND (?1 << 56) | ((63 - " BUCKET("?3")
			") << 50) | (?2 << 4) | 15", kind, pk, old) != 0 ||
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

int summaries_catch_up(int titles_later)
{
	if (run_each(batch_sql, sizeof(batch_sql) / sizeof(batch_sql[0])) != 0 ||
	    run_each(count_sql, sizeof(count_sql) / sizeof(count_sql[0])) != 0 ||
	    move_names() != 0 ||
	    run("INSERT INTO suggest_fts(rowid, label) SELECT key, label"
		" FROM suggest_names WHERE kind = 1 AND pk > ?1", last_actor,
		0, 0) != 0 ||
	    (!titles_later && run(TITLES "?1", last_event, 0, 0) != 0) ||
	    db_exec(db_conn(), batch_done_sql) != 0)
		return -1;
	return summaries_mark();
}
