/* SPDX-License-Identifier: MIT */
/* The events resource (see resource.h). */
#include "resource.h"

#include "event_key.h"
#include "events_simplify.h"
#include "search_days.h"

/* The sort value of an event without GDELT's goldstein or tone. */
#define NO_NUMBER "-1e9"
/* Below any goldstein or tone, above NO_NUMBER. */
#define SOME_NUMBER "-1e8"

/*
 * A range on one of GDELT's numbers, on the expression its order's index
 * holds (migration 13), written pre column post: found through that
 * index, checked per row, narrowing the walk of that order (walk_sql).
 */
#define RANGE(key, pre, column, post, walk_sql) \
	.sql = "e.pk IN (SELECT pk FROM events WHERE " pre column post ")", \
	.check_sql = pre "+e." column post, \
	.probe_sql = PROBE("events WHERE " pre column post), \
	.range_of = key, .range_sql = walk_sql, \
	.direct_sql = pre "e." column post, .range_index = "events_" key

static const char *const roles[] = {
	"initiator", "target", "participant", "supporter", "opponent", NULL
};
static const char *const certainties[] = {
	"confirmed", "reported", "claimed", "denied", "planned", NULL
};

static const char *const participant_keys[] = {
	"actor", "role", "note", NULL
};
static const char *const citation_keys[] = { "source", "quote", NULL };
static const char *const relation_keys[] = { "event", "relation", NULL };

static const struct field fields[] = {
	{ .name = "id", .sql = "e.id" },
	{ .name = "title", .sql = "e.title" },
	{ .name = "summary", .sql = "e.summary" },
	{ .name = "date", .sql = "e.date" },
	{ .name = "date_precision", .sql = "e.date_precision" },
	{ .name = "certainty", .sql = "e.certainty" },
	{ .name = "type",
	  .sql = "json((SELECT json_object('code', t.code, 'label', t.label,"
	  " 'quad_class', t.quad_class, 'goldstein', t.goldstein)"
	  " FROM event_types t WHERE t.code = e.type_code))" },
	{ .name = "country", .sql = "e.country" },
	{ .name = "countries",
	  .linked_sql = "SELECT j.key, c.country, c.country FROM " PAGE
	  " CROSS JOIN event_countries c ON c.event = " PAGE_PK,
	  .linked_unsorted = 1, .copied = COPIED_COUNTRIES },
	{ .name = "participants", .keys = participant_keys,
	  .linked_sql = "SELECT j.key, a.id, p.role, p.note, p.position FROM "
	  PAGE " CROSS JOIN participants p ON p.event = " PAGE_PK
	  " JOIN actors a ON a.pk = p.actor", .linked_unsorted = 1,
	  .copied = COPIED_PARTICIPANTS },
	{ .name = "sources", .keys = citation_keys,
	  .linked_sql = "SELECT j.key, s.id, nullif(c.quote, ''), c.position"
	  " FROM " PAGE " CROSS JOIN event_citations c ON c.event = " PAGE_PK
	  " JOIN sources s ON s.pk = c.source", .linked_unsorted = 1,
	  .copied = COPIED_SOURCES },
	/* Stored once; the other event sees the inverse relation. */
	{ .name = "related", .keys = relation_keys,
	  .linked_sql = "SELECT j.key AS place, o.id AS other, r.relation"
	  " FROM " PAGE " CROSS JOIN event_relations r ON r.event = " PAGE_PK
	  " JOIN events o ON o.pk = r.related"
	  " UNION ALL SELECT j.key, o.id, CASE r.relation"
	  " WHEN 'caused' THEN 'caused_by' WHEN 'responds_to' THEN 'prompted'"
	  " WHEN 'part_of' THEN 'includes' WHEN 'follows' THEN 'precedes'"
	  " WHEN 'contradicts' THEN 'contradicted_by' ELSE 'reported_in' END"
	  " FROM " PAGE " CROSS JOIN event_relations r ON r.related = " PAGE_PK
	  " JOIN events o ON o.pk = r.event ORDER BY place, other",
	  .copied = COPIED_RELATED },
	{ .name = "goldstein", .sql = "e.goldstein" },
	{ .name = "num_mentions", .sql = "e.num_mentions" },
	{ .name = "num_sources", .sql = "e.num_sources" },
	{ .name = "num_articles", .sql = "e.num_articles" },
	{ .name = "avg_tone", .sql = "e.avg_tone" },
	{ .name = "location",
	  .sql = "json(CASE WHEN e.lat IS NULL AND e.location_name IS NULL"
	  " THEN NULL ELSE json_object('name', e.location_name,"
	  " 'lat', e.lat, 'lon', e.lon, 'type', e.location_type,"
	  " 'adm1', e.location_adm1, 'feature_id', e.location_feature) END)" },
	{ .name = "updated_at", .sql = "e.updated_at" },
};

/* An actor's events in one role, newest first (participants_actor_date). */
static const struct filter actor_role_by_date = {
	.stream_of = "date", .stream_from = "participants x",
	.stream_where = "x.actor = ? AND x.role = ?",
	.stream_sort = "x.date_start", .stream_pk = "x.event",
};



/*
 * The box bound as ?, a JSON array of west, south, east, north, as rows
 * x of its south s, north n and west and east lw, le: one row, or two
 * for a box across the 180th meridian (west of east), east and west of
 * it. The LIMIT keeps SQLite from copying the JSON reads into each use.
 */
#define BOX_PARTS \
	"(SELECT s, n, CASE p WHEN 0 THEN w ELSE -180 END AS lw," \
	" CASE WHEN p = 1 OR w <= e THEN e ELSE 180 END AS le" \
	" FROM (SELECT CAST(b ->> 0 AS REAL) AS w, CAST(b ->> 1 AS REAL) AS s," \
	" CAST(b ->> 2 AS REAL) AS e, CAST(b ->> 3 AS REAL) AS n" \
	" FROM (SELECT ? AS b) AS box) AS c," \
	" (SELECT 0 AS p UNION ALL SELECT 1) AS part" \
	" WHERE p = 0 OR w > e LIMIT 2) x"

/* The point (t.lat, t.lon) inside a part x of the box. */
#define AT_POINT_IN_PART(t) \
	#t ".lat BETWEEN x.s AND x.n AND " #t ".lon BETWEEN x.lw AND x.le"

/*
 * The rows g of events_geo inside the box bound as ?: those the tree finds
 * meeting it, whose (rounded) box is inside it or, on an edge, whose
 * event's point is.
 */
#define IN_BOX \
	BOX_PARTS ", events_geo g WHERE g.lat_hi >= x.s AND g.lat_lo <= x.n" \
	" AND g.lon_hi >= x.lw AND g.lon_lo <= x.le AND ((g.lat_lo >= x.s" \
	" AND g.lat_hi <= x.n AND g.lon_lo >= x.lw AND g.lon_hi <= x.le)" \
	" OR EXISTS (SELECT 1 FROM events t WHERE t.pk = g.pk AND " \
	AT_POINT_IN_PART(t) "))"

/*
 * The same for the events of a linked table, each once (an actor in two
 * roles, a source cited twice): a probe of one condition is its count.
 */
#define PROBE_EVENTS(from_where) "SELECT count(*) FROM (SELECT DISTINCT" \
	" event FROM " from_where " LIMIT ?)"

/* A linked table's rows for the event (check and negated forms). */
#define LINKED(table, column) "EXISTS (SELECT 1 FROM " table \
	" WHERE event = e.pk AND +" column IN_LIST ")"

/*
 * The tests of a cell of sets (migrations 32 and 34) in table t, whose
 * members (the sets each value is in) are keyed by column key; none_of,
 * the test of a set with none of a list (SETS_LISTED or SETS_TESTED).
 */
#define SET_OF(members, key) \
	"x.s IN (SELECT s FROM " members " WHERE " key " = ?)"
/* The sets (keyed by key in members) with none of a list (bound as p),
 * '' (none at all) among them; of countries (migration 32), SETS_WITHOUT. */
#define SETS_WITHOUT_IN(members, key, p) "SELECT s FROM " members " EXCEPT" \
	" SELECT s FROM " members " WHERE " key " IN (SELECT value" \
	" FROM json_each(" p ")) UNION SELECT ''"
#define SETS_WITHOUT(p) \
	SETS_WITHOUT_IN("stats_country_set_members", "cc", p)
/*
 * The sets of countries are few (478 at 1M events): those with none of a
 * list are listed (every set with a member, less those, and '', the set
 * of none) and their cells read by key, where NOT IN read every cell
 * (137,000). The sets of actors are many (245,000): listing them costs
 * more than testing each cell of the sets another condition chose.
 */
#define SETS_LISTED(members, key) \
	"x.s IN (" SETS_WITHOUT_IN(members, key, "?") ")"
#define SETS_TESTED(members, key) "x.s NOT IN (SELECT s FROM " members \
	" WHERE " key IN_LIST ")"
/*
 * Whether the set of cell x has the value bound: a set's key is its
 * members' values in order, joined by commas (migrations 32 and 34), so
 * a test of the key itself, where a subquery listed every set of the
 * value (18,000 for the actor in most events) to check each cell of the
 * sets another condition chose.
 */
#define SET_HAS "instr(',' || x.s || ',', ',' || ? || ',') > 0"
/*
 * The sets (keyed by key in members) with more than one of a list (bound
 * as ?), and w, how many more: an event in one is counted once per value
 * by the cells of each (weights, for the parts of an aggregation).
 * WEIGHTS_GROUPED groups every set of every value of the list, which is
 * few for countries (478 sets at 1M events). WEIGHTS_BY_KEY counts the
 * values on each set's key (set_keys.h) of all but the value with most
 * events: a set with two of the list has one of those, and the sets of
 * the actor in most events are the most (18,000 of 20,000 for it and
 * another; grouping them cost 5 ms).
 */
#define WEIGHTS_GROUPED(members, key) "SELECT s, count(*) - 1 AS w FROM " \
	members " WHERE " key IN_LIST " GROUP BY s HAVING count(*) > 1"
#define WEIGHTS_BY_KEY(members, key, records) "SELECT DISTINCT s," \
	" set_members(s, ?) - 1 AS w FROM " members " WHERE " key " IN" \
	" (SELECT CAST(value AS INTEGER) FROM json_each(?) WHERE" \
	" CAST(value AS INTEGER) IS NOT (SELECT pk FROM " \
	records " WHERE pk" IN_LIST_INT \
	" ORDER BY event_count DESC LIMIT 1)) AND set_members(s, ?) > 1"
#define SET_CELLS(t, members, key, none_of, weights) \
	.set_table = t, \
	.set_cell_sql = SET_OF(members, key), \
	.set_cell_any_sql = "x.s IN (SELECT s FROM " members " WHERE " key \
			    IN_LIST ")", \
	.set_cell_not_sql = none_of(members, key), \
	.set_weight_sql = weights, \
	.set_count_sql = "SELECT count(*) FROM " members " WHERE " key " = ?", \
	.set_cell_check_sql = SET_HAS

/* A CAMEO code under one of the listed prefixes ('17' < '17x' < '17:'). */
#define UNDER_PREFIX(code) code " >= j.value AND " code " < j.value || ':'"

/*
 * The codes under a list of prefixes, once per statement: a test per row
 * is then a lookup, where a json_each() of its own parsed the list again
 * for each row (a microsecond each, most of the cost of a negated type).
 */
#define CODES_UNDER " IN (SELECT c.code FROM json_each(?) j" \
	" JOIN event_types c ON " UNDER_PREFIX("c.code") ")"

static const struct filter filters[] = {
	{ .param = "country", .kind = VAL_COUNTRY,
	  .sql = "e.pk IN (SELECT event FROM event_countries"
		 " WHERE country = ?)",
	  .dated_sql = "e.pk IN (SELECT event FROM event_countries"
		       " WHERE country = ? AND date_start BETWEEN ?L AND ?H)",
	  .check_sql = "EXISTS (SELECT 1 FROM event_countries"
		       " WHERE event = e.pk AND +country = ?)",
	  .probe_sql = PROBE("event_countries WHERE country = ?"),
	  .count_sql = "SELECT event_count FROM countries WHERE code = ?",
	  .estimate_sql = CAPPED("SELECT event_count FROM countries"
				 " WHERE code = ?"),
	  .stream_of = "date", .stream_from = "event_countries x",
	  .stream_where = "x.country = ?",
	  .stream_sort = "x.date_start", .stream_pk = "x.event",
	  .any_sql = "e.pk IN (SELECT event FROM event_countries"
		     " WHERE country" IN_LIST ")",
	  .any_check_sql = LINKED("event_countries", "country"),
	  .any_probe_sql = PROBE_EVENTS("event_countries"
					" WHERE country" IN_LIST),
	  /* Each country's kept count, summed: an upper bound, as was the
	   * count of their rows read up to the cap (0.6 ms a plan). */
	  .any_estimate_sql = CAPPED("SELECT sum(event_count) FROM countries"
				     " WHERE code" IN_LIST),
	  .not_sql = "NOT " LINKED("event_countries", "country"),
	  /*
	   * The events of the sets without the list (migration 32), found
	   * by their cells' month and code; each is in its own set's cell,
	   * whose set it is checked to have.
	   */
	  .not_drive_sql = "e.pk IN (SELECT y.pk FROM stats_country_set_months x"
			   " JOIN events y ON y.type_code IS nullif(x.t, '')"
			   " AND y.date_start >= x.m AND y.date_start <"
			   " CASE x.m WHEN '' THEN ' ' ELSE x.m || '~' END"
			   " WHERE x.s IN (" SETS_WITHOUT("?") ") AND x.n > 0"
			   " AND (SELECT ifnull(group_concat(country, ','), '')"
			   " FROM (SELECT country FROM event_countries"
			   " WHERE event = y.pk ORDER BY country)) = x.s)",
	  .not_probe_sql = "SELECT CASE WHEN (SELECT ifnull(sum(event_count),"
			   " 0) * 10 > (SELECT ifnull(sum(n), 0)"
			   " FROM stats_month_roots) * 9 FROM countries"
			   " WHERE code IN (SELECT value FROM json_each(?1)))"
			   " THEN (SELECT ifnull(sum(n), 0)"
			   " FROM stats_country_set_months WHERE s IN ("
			   SETS_WITHOUT("?1") ")) ELSE ?2 END",
	  /* One country's cells; of several, an event would count in each. */
	  .cell_sql = "x.cc = ?", .cell_minus_sql = "x.cc" IN_LIST,
	  .cell_table = CELLS_COUNTRY,
	  SET_CELLS(CELLS_COUNTRY_SET, "stats_country_set_members", "cc",
		    SETS_LISTED, WEIGHTS_GROUPED("stats_country_set_members",
						 "cc")),
	  .set_most_sql = "SELECT count(DISTINCT s) * 2 > (SELECT"
			  " count(DISTINCT s) + 1 FROM"
			  " stats_country_set_members)"
			  " FROM stats_country_set_members WHERE cc" IN_LIST },
	{ .param = "actor", .kind = VAL_ACTOR,
	  .sql = "e.pk IN (SELECT event FROM participants WHERE actor = ?)",
	  .dated_sql = "e.pk IN (SELECT event FROM participants"
		       " WHERE actor = ? AND date_start BETWEEN ?L AND ?H)",
	  .check_sql = "EXISTS (SELECT 1 FROM participants"
		       " WHERE event = e.pk AND +actor = ?)",
	  /* For plans only: count_sql counts it. */
	  .probe_sql = PROBE("participants WHERE actor = ?"),
	  .count_sql = "SELECT event_count FROM actors WHERE pk = ?",
	  .estimate_sql = CAPPED("SELECT event_count FROM actors WHERE pk = ?"),
	  .stream_of = "date", .stream_from = "participants x",
	  .stream_where = "x.actor = ?",
	  .stream_sort = "x.date_start", .stream_pk = "x.event",
	  .any_sql = "e.pk IN (SELECT event FROM participants"
		     " WHERE actor" IN_LIST_INT ")",
	  .any_check_sql = LINKED("participants", "actor"),
	  .any_probe_sql = PROBE_EVENTS("participants WHERE actor" IN_LIST_INT),
	  .any_estimate_sql = CAPPED("SELECT sum(event_count) FROM actors"
				     " WHERE pk" IN_LIST_INT),
	  .not_sql = "NOT " LINKED("participants", "actor"),
	  .cell_sql = "x.actor = ?", .cell_minus_sql = "x.actor" IN_LIST_INT,
	  .cell_table = CELLS_ACTOR,
	  SET_CELLS(CELLS_ACTOR_SET, "stats_actor_set_members", "actor",
		    SETS_TESTED, WEIGHTS_BY_KEY("stats_actor_set_members",
						"actor", "actors")),
	  /* Actors' sets are many: their events are counted instead. */
	  .set_most_sql = "SELECT sum(event_count) * 2 > (SELECT sum(n)"
			  " FROM stats_month_roots) FROM actors"
			  " WHERE pk" IN_LIST_INT },
	{ .param = "role", .kind = VAL_ENUM, .choices = roles,
	  .sql = "e.pk IN (SELECT event FROM participants WHERE role = ?)",
	  .check_sql = "EXISTS (SELECT 1 FROM participants"
		       " WHERE event = e.pk AND +role = ?)",
	  .probe_sql = PROBE_EVENTS("participants WHERE role = ?"),
	  .estimate_sql = CAPPED("SELECT sum(n) FROM stats_role_month_totals"
				 " WHERE r = ?"),
	  .pair = "actor",
	  .pair_sql = "e.pk IN (SELECT event FROM participants"
		      " WHERE actor = ? AND role = ?)",
	  .pair_check_sql = "EXISTS (SELECT 1 FROM participants"
			    " WHERE event = e.pk AND +actor = ? AND +role = ?)",
	  .pair_probe_sql = PROBE_EVENTS("participants"
					 " WHERE actor = ? AND role = ?"),
	  .pair_stream = &actor_role_by_date,
	  .any_sql = "e.pk IN (SELECT event FROM participants"
		     " WHERE role" IN_LIST ")",
	  .any_check_sql = LINKED("participants", "role"),
	  .any_probe_sql = PROBE_EVENTS("participants WHERE role" IN_LIST),
	  .not_sql = "NOT " LINKED("participants", "role"),
	  /* One role's cells; of several, an event would count in each. */
	  .cell_sql = "x.r = ?", .cell_minus_sql = "x.r" IN_LIST,
	  .cell_table = CELLS_ROLE,
	  .pair_cell_sql = "x.actor = ? AND x.r = ?",
	  .pair_cell_table = CELLS_ACTOR_ROLE },
	/*
	 * In check forms the unary + keeps SQLite off the filter column's
	 * index: one event's few rows are found by its primary key.
	 */
	{ .param = "type", .kind = VAL_CODE_PREFIX,
	  .sql = "e.type_code >= ? AND e.type_code < ?",
	  .check_sql = "+e.type_code >= ? AND +e.type_code < ?",
	  .probe_sql = PROBE("events WHERE type_code >= ? AND type_code < ?"),
	  .count_sql = "SELECT ifnull(sum(event_count), 0) FROM event_types"
		       " WHERE code >= ? AND code < ?",
	  .estimate_sql = CAPPED("SELECT sum(event_count) FROM event_types"
				 " WHERE code >= ? AND code < ?"),
	  /* A root code (two digits): its events by date (events_root). */
	  .stream_of = "date", .stream_value_len = 2,
	  .stream_where = "substr(e.type_code, 1, 2) = ? AND e.type_code < ?",
	  .stream_sort = "e.date_start", .stream_pk = "e.pk",
	  .any_sql = "e.pk IN (SELECT x.pk FROM json_each(?) j JOIN events x"
		     " ON " UNDER_PREFIX("x.type_code") ")",
	  .any_check_sql = "+e.type_code" CODES_UNDER,
	  .any_probe_sql = "SELECT count(*) FROM (SELECT DISTINCT x.pk"
				 " FROM json_each(?) j JOIN events x ON "
				 UNDER_PREFIX("x.type_code") " LIMIT ?)",
	  .not_sql = "ifnull(+e.type_code, '') NOT" CODES_UNDER,
	  .cell_sql = "x.t >= ? AND x.t < ?",
	  .cell_any_sql = "x.t" CODES_UNDER,
	  .cell_not_sql = "x.t NOT" CODES_UNDER },
	/* How the reporting presents it (migration 24's index). */
	{ .param = "certainty", .kind = VAL_ENUM, .choices = certainties,
	  .sql = "e.certainty = ?",
	  .check_sql = "+e.certainty = ?",
	  .probe_sql = PROBE("events WHERE certainty = ?"),
	  .stream_of = "date", .stream_where = "e.certainty = ?",
	  .stream_sort = "e.date_start", .stream_pk = "e.pk",
	  .any_sql = "e.certainty" IN_LIST,
	  .any_check_sql = "+e.certainty" IN_LIST,
	  .any_probe_sql = PROBE("events WHERE certainty" IN_LIST),
	  .not_sql = "ifnull(e.certainty, '') NOT" IN_LIST },
	{ .param = "quad_class", .kind = VAL_INT, .min = 1, .max = 4,
	  .sql = "e.quad_class = ?",
	  .dated_sql = "e.quad_class = ? AND e.date_start BETWEEN ?L AND ?H",
	  .check_sql = "+e.quad_class = ?",
	  .probe_sql = PROBE("events WHERE quad_class = ?"),
	  .estimate_sql = CAPPED("SELECT sum(event_count) FROM event_types"
				 " WHERE quad_class = ?"),
	  .stream_of = "date", .stream_where = "e.quad_class = ?",
	  .stream_sort = "e.date_start", .stream_pk = "e.pk",
	  .any_sql = "e.quad_class" IN_LIST_INT,
	  .any_check_sql = "+e.quad_class" IN_LIST_INT,
	  .any_probe_sql = PROBE("events WHERE quad_class" IN_LIST_INT),
	  .not_sql = "ifnull(e.quad_class, 0) NOT" IN_LIST_INT,
	  .cell_sql = "x.t IN (SELECT code FROM event_types"
		      " WHERE quad_class = ?)",
	  .cell_any_sql = "x.t IN (SELECT code FROM event_types"
			  " WHERE quad_class" IN_LIST_INT ")",
	  .cell_not_sql = "x.t NOT IN (SELECT code FROM event_types"
			  " WHERE quad_class" IN_LIST_INT ")" },
	/*
	 * Ranges on a sort key: sorted by it they narrow the walk of its
	 * index; otherwise, as drivers, the IN form keeps SQLite on their
	 * own index rather than the sort order's.
	 */
	{ .param = "from", .kind = VAL_DATE_FROM,
	  .sql = "e.pk IN (SELECT pk FROM events WHERE date_start >= ?)",
	  .check_sql = "+e.date_start >= ?",
	  .probe_sql = PROBE("events WHERE date_start >= ?"),
	  .range_of = "date", .range_sql = "e.date_start >= ?",
	  .direct_sql = "e.date_start >= ?",
	  .cell_sql = "x.m <> '' AND CASE length(x.m) WHEN 4 THEN x.m || '-01'"
		      " ELSE x.m END >= substr(?, 1, 7)",
	  .day_cell_sql = "x.d <> '' AND CASE length(x.d)"
			  " WHEN 4 THEN x.d || '-01-01'"
			  " WHEN 7 THEN x.d || '-01' ELSE x.d END >= ?" },
	/* date_start <= date_end, so the bound on date_start is implied; it
	 * lets the date index range stop at `to` rather than at the end. */
	{ .param = "to", .kind = VAL_DATE_TO,
	  .sql = "e.pk IN (SELECT pk FROM events WHERE date_start <= ?"
		 " AND date_end <= ? AND date_end <> '')",
	  .check_sql = "+e.date_start <= ? AND +e.date_end <= ?"
		       " AND +e.date_end <> ''",
	  .probe_sql = PROBE("events WHERE date_start <= ? AND date_end <= ?"
			     " AND date_end <> ''"),
	  .range_of = "date",
	  .range_sql = "e.date_start <= ? AND e.date_end <= ?"
		       " AND e.date_end <> ''",
	  .direct_sql = "e.date_start <= ? AND e.date_end <= ?"
			" AND e.date_end <> ''",
	  .cell_sql = "x.m <> '' AND CASE length(x.m) WHEN 4 THEN x.m || '-12'"
		      " ELSE x.m END <= substr(?, 1, 7) AND ? <> ''",
	  .day_cell_sql = "x.d <> '' AND CASE length(x.d)"
			  " WHEN 4 THEN x.d || '-12-31'"
			  " WHEN 7 THEN date(x.d || '-01', '+1 month', '-1 day')"
			  " ELSE x.d END <= ? AND ? <> ''" },
	{ .param = "source", .kind = VAL_SOURCE,
	  .sql = "e.pk IN (SELECT event FROM event_citations"
		 " WHERE source = ?)",
	  .check_sql = "EXISTS (SELECT 1 FROM event_citations"
		       " WHERE event = e.pk AND +source = ?)",
	  .probe_sql = PROBE_EVENTS("event_citations WHERE source = ?"),
	  .estimate_sql = CAPPED("SELECT n FROM stats_source_totals"
				 " WHERE source = ?"),
	  .any_sql = "e.pk IN (SELECT event FROM event_citations"
		     " WHERE source" IN_LIST_INT ")",
	  .any_check_sql = LINKED("event_citations", "source"),
	  .any_probe_sql = PROBE_EVENTS("event_citations"
					" WHERE source" IN_LIST_INT),
	  .not_sql = "NOT " LINKED("event_citations", "source") },
	/* Where it happened (events.country), not every country involved. */
	{ .param = "location_country", .kind = VAL_COUNTRY,
	  .sql = "e.country = ?",
	  .dated_sql = "e.country = ? AND e.date_start BETWEEN ?L AND ?H",
	  .check_sql = "+e.country = ?",
	  .probe_sql = PROBE("events WHERE country = ?"),
	  .stream_of = "date", .stream_where = "e.country = ?",
	  .stream_sort = "e.date_start", .stream_pk = "e.pk",
	  .any_sql = "e.country" IN_LIST,
	  .any_check_sql = "+e.country" IN_LIST,
	  .any_probe_sql = PROBE("events WHERE country" IN_LIST),
	  .not_sql = "ifnull(e.country, '') NOT" IN_LIST,
	  .cell_sql = "x.c = ?", .cell_any_sql = "x.c" IN_LIST,
	  .cell_not_sql = "x.c NOT" IN_LIST, .cell_table = CELLS_PLACE },
	/* Several events by id at once: id=a,b,c. */
	{ .param = "id", .kind = VAL_ID,
	  .sql = "e.id = ?",
	  .check_sql = "+e.id = ?",
	  .probe_sql = PROBE("events WHERE id = ?"),
	  .any_sql = "e.id" IN_LIST,
	  .any_check_sql = "+e.id" IN_LIST,
	  .any_probe_sql = PROBE("events WHERE id" IN_LIST),
	  .not_sql = "e.id NOT" IN_LIST },
	/*
	 * Ranges of the event's numbers (GDELT's; events without the number
	 * match no range). Sorted by that number they narrow its index.
	 */
	{ .param = "goldstein_min", .kind = VAL_NUMBER, .min = -10, .max = 10,
	  RANGE("goldstein", "ifnull(", "goldstein", ", " NO_NUMBER ") >= ?",
		"ifnull(e.goldstein, " NO_NUMBER ")" " >= ?"),
	  .cell_sql = "x.g >= ?", .cell_table = CELLS_GOLDSTEIN },
	{ .param = "goldstein_max", .kind = VAL_NUMBER, .min = -10, .max = 10,
	  RANGE("goldstein", "ifnull(", "goldstein", ", " NO_NUMBER ")"
		" BETWEEN " SOME_NUMBER " AND ?",
		"ifnull(e.goldstein, " NO_NUMBER ")" " BETWEEN " SOME_NUMBER " AND ?"),
	  .cell_sql = "x.g BETWEEN " SOME_NUMBER " AND ?",
	  .cell_table = CELLS_GOLDSTEIN },
	/*
	 * On cells, the whole sixteenths of tone inside the range (migration
	 * 63); those of a bound inside a sixteenth are read from the events
	 * (db/tone_edges.c).
	 */
	{ .param = "tone_min", .kind = VAL_NUMBER, .min = -100, .max = 100,
	  RANGE("tone", "ifnull(", "avg_tone", ", " NO_NUMBER ") >= ?",
		"ifnull(e.avg_tone, " NO_NUMBER ")" " >= ?"),
	  .cell_sql = "x.k >= CAST(ceil(? * 16.0) AS INTEGER)",
	  .cell_table = CELLS_TONE },
	{ .param = "tone_max", .kind = VAL_NUMBER, .min = -100, .max = 100,
	  RANGE("tone", "ifnull(", "avg_tone", ", " NO_NUMBER ")"
		" BETWEEN " SOME_NUMBER " AND ?",
		"ifnull(e.avg_tone, " NO_NUMBER ")" " BETWEEN " SOME_NUMBER " AND ?"),
	  .cell_sql = "x.k BETWEEN -1600 AND CAST(floor(? * 16.0) AS INTEGER) - 1",
	  .cell_table = CELLS_TONE },
	{ .param = "mentions_min", .kind = VAL_INT, .min = 0,
	  .max = 999999999,
	  RANGE("mentions", "ifnull(", "num_mentions", ", -1) >= ?",
		"ifnull(e.num_mentions, -1)" " >= ?"),
	  .cell_sql = "x.k >= ?", .cell_table = CELLS_MENTIONS },
	{ .param = "mentions_max", .kind = VAL_INT, .min = 0,
	  .max = 999999999,
	  RANGE("mentions", "ifnull(", "num_mentions", ", -1) BETWEEN 0 AND ?",
		"ifnull(e.num_mentions, -1)" " BETWEEN 0 AND ?"),
	  .cell_sql = "x.k BETWEEN 0 AND ?", .cell_table = CELLS_MENTIONS },
	/*
	 * Events with a location inside west,south,east,north: found in the
	 * R*Tree of locations (migration 47), or checked on the row; in
	 * aggregations, the cells of the points inside it (migration 52).
	 */
	{ .param = "bbox", .kind = VAL_BBOX,
	  .sql = "e.pk IN (SELECT g.pk FROM " IN_BOX ")",
	  .check_sql = "EXISTS (SELECT 1 FROM " BOX_PARTS " WHERE "
		       AT_POINT_IN_PART(e) ")",
	  .probe_sql = PROBE(IN_BOX),
	  /* The kept counts of the distinct points in the box: the tree's
	   * rows up to the cap took 1.1 ms a plan at 1M. */
	  .estimate_sql = CAPPED("SELECT sum(p.n) FROM " BOX_PARTS
				 ", stats_points p WHERE "
				 AT_POINT_IN_PART(p)),
	  .cell_sql = "(x.lat, x.lon) IN (SELECT p.lat, p.lon FROM "
		      BOX_PARTS ", stats_points p WHERE " AT_POINT_IN_PART(p)
		      ")",
	  .cell_table = CELLS_POINT },
	UPDATED_SINCE("e", "events"),
};

/* q='s matches newest first, straight from the full-text index. */
static const struct filter search_by_date = {
	.stream_of = "date", .stream_from = "events_fts",
	.stream_where = "events_fts MATCH ?",
	.stream_pk = EVENT_KEY_PK("events_fts.rowid"),
	/* The date from the key: a walk of the matches that merges another
	 * stream (a country's) compares dates without reading each match's
	 * row. */
	.stream_sort = EVENT_DAY_DATE("(events_fts.rowid >> 40)"),
	.stream_key = "events_fts.rowid",
	.stream_key_of = EVENT_KEY("?", "?"),
	.stream_key_c = event_key,
	.stream_key_range = search_days_key_range,
};

static const struct sort_key sorts[] = {
	{ "date", "e.date_start" },
	{ "id", "e.id" },
	{ "updated_at", "e.updated_at" },
	/* Events without the number sort below all others (migration 13). */
	{ "mentions", "ifnull(e.num_mentions, -1)" },
	{ "goldstein", "ifnull(e.goldstein, " NO_NUMBER ")" },
	{ "tone", "ifnull(e.avg_tone, " NO_NUMBER ")" },
};

static const char *const search_columns[] = {
	"title", "summary", "quotes", "participants", NULL,
};

const struct resource events_resource = {
	.name = "events",
	.simplify = events_simplify,
	.noun = "event",
	.from = "events e",
	.pk = "e.pk",
	.key_name = "id",
	.key_sql = "e.id = ?",
	/* The full-text rows are keyed by EVENT_KEY (event_key.h). */
	.fts = "e.pk IN (SELECT " EVENT_KEY_PK("rowid") " FROM events_fts"
	       " WHERE events_fts MATCH ?)",
	.fts_table = "events_fts",
	.fts_rank = "relevance(events_fts, 'events_fts ' || ?1, " FTS_SIZES
		    ", 6, 3, 1, 4)",
	.fts_tokens = "event_tokens(0, events_fts.rowid)",
	.fts_pk = EVENT_KEY_PK("events_fts.rowid"),
	.fts_key = EVENT_KEY("e.date_start", "e.pk"),
	.fts_columns = search_columns,
	/*
	 * The matches are read once per statement into a temporary index:
	 * a MATCH per checked row costs FTS5 a new query each time, some
	 * 100 us, far more than reading even a common word's matches once.
	 */
	.fts_check = "e.pk IN (SELECT " EVENT_KEY_PK("rowid") " FROM events_fts"
		     " WHERE events_fts MATCH ?)",
	.fts_probe = PROBE("events_fts WHERE events_fts MATCH ?"),
	.fts_stream = &search_by_date,
	.fields = fields, .nfields = COUNT_OF(fields),
	.filters = filters, .nfilters = COUNT_OF(filters),
	.sorts = sorts, .nsorts = COUNT_OF(sorts),
	.default_sort = "-date",
	.facets = 1,
	.geo_point = "e.lon, e.lat",
	.geo_where = "e.lat IS NOT NULL AND e.lon IS NOT NULL",
	.geo_id = "e.id",
};
