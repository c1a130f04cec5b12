/* SPDX-License-Identifier: MIT */
/*
 * A resource is described once, as data: its fields (JSON key and the SQL
 * expression that renders it), its filters (query parameter, how the value
 * is checked, the WHERE fragment it adds), and the orders it can be sorted
 * in. query.c turns a description plus a parsed request into one prepared
 * statement, so lists, items, CSV and NDJSON share a single code path.
 * The descriptions live in <resource>_db.c.
 */
#ifndef DOSSIER_RESOURCE_H
#define DOSSIER_RESOURCE_H

#include "dbs.h"
#include <stddef.h>

struct query;

struct field {
	const char *name;	/* JSON key; the name fields= and CSV use */
	const char *sql;	/* expression; JSON values wrapped in json() */
	/*
	 * Or (sql NULL) a list made of other rows, read for a whole page
	 * at once (linked.h): a SELECT of the record's place on the page,
	 * then the values of one object, for the records of PAGE (below),
	 * ordered by place and then as the list shows them. Written as the
	 * array of those objects, keys `keys` (of bare values when keys is
	 * NULL).
	 */
	const char *linked_sql;
	const char *const *keys;
	/*
	 * Set when linked_sql has no ORDER BY and selects last the value
	 * that orders a record's list: its loops read a record's rows
	 * together and in that order (PAGE the outer loop, the inner one
	 * an index that begins with the record's pk), where a sort was a
	 * third of the read. linked.c checks the order as it reads, and
	 * reads again sorted should it not hold.
	 */
	unsigned linked_unsorted : 1;
	/*
	 * The list the copy of the events' columns holds for linked_sql,
	 * which a page then reads from it (linked.c): the same values in
	 * the same order; of related events, only whether there are any.
	 */
	enum { COPIED_NONE, COPIED_COUNTRIES, COPIED_PARTICIPANTS,
	       COPIED_SOURCES, COPIED_RELATED } copied;
	/* A facet field's value in its resource's kept_counts, or NULL. */
	const char *kept_sql;
};

/* How a filter value is checked and what it becomes when bound. */
enum value_kind {
	VAL_TEXT,	/* any non-empty text */
	VAL_ENUM,	/* one of filter.choices */
	VAL_INT,	/* whole number from filter.min to filter.max */
	VAL_COUNTRY,	/* alpha-2 or alpha-3, any case -> existing alpha-2 */
	VAL_ACTOR,	/* existing actor id -> its pk */
	VAL_SOURCE,	/* existing source id -> its pk */
	VAL_CODE_PREFIX,	/* 1-4 digits -> two binds: low, high bound */
	VAL_ROOT_CODE,	/* CAMEO root code, 01 to 20 */
	VAL_DATE_FROM,	/* reduced-precision date -> first day it covers */
	VAL_DATE_TO,	/* reduced-precision date -> its last day, bound twice */
	VAL_TIMESTAMP,	/* UTC timestamp or date -> stored timestamp form */
	VAL_NUMBER,	/* decimal number from filter.min to filter.max */
	VAL_BBOX,	/* west,south,east,north in degrees -> JSON array */
	VAL_KNOWN,	/* text some row holds: filter.known_sql finds it */
	VAL_ID,		/* a record's id: a-z, 0-9 and hyphens */
};

/* The summary cells of /stats (migration 14) a test or grouping needs. */
enum cell_table {
	CELLS_EITHER,	/* month and CAMEO code: both tables have them */
	CELLS_PLACE,	/* where it happened: stats_months */
	CELLS_COUNTRY,	/* the countries involved: stats_country_months */
	CELLS_ACTOR,	/* the actors taking part: stats_actor_months */
	CELLS_COUNTRY_SET,	/* every country at once (migration 32) */
	CELLS_ACTOR_SET,	/* every actor at once (migration 34) */
	CELLS_ROLE,	/* the roles taken: stats_role_months (migration 33) */
	CELLS_SOURCE,	/* the sources cited: their totals alone */
	CELLS_ACTOR_ROLE,	/* an actor in a role (migration 35) */
	CELLS_GOLDSTEIN,	/* by Goldstein score too (migration 36) */
	CELLS_POINT,	/* by located point too (migration 52) */
	CELLS_MENTIONS,	/* by number of mentions too (migration 62) */
	CELLS_TONE,	/* by sixteenth of tone, with edges (migration 63) */
};

struct filter {
	const char *param;	/* query parameter name */
	enum value_kind kind;
	const char *sql;	/* WHERE fragment, one ? per bound value */
	const char *const *choices;	/* VAL_ENUM: NULL-terminated */
	int min, max;		/* VAL_INT */
	/*
	 * VAL_KNOWN: the value as stored, found in any case (one bind), and
	 * the values there are, joined by ", " (no binds) for the error
	 * naming them. The filter binds the value as stored.
	 */
	const char *known_sql;
	const char *known_list_sql;
	/*
	 * When the parameter named `pair` is given too, `pair_sql` replaces
	 * both fragments, binding the pair's value first (e.g. actor + role:
	 * that actor in that role, not any actor in it).
	 */
	const char *pair;
	const char *pair_sql;
	/*
	 * Optional, for large tables: the same test as a check of one row
	 * (check_sql, same binds) and a query counting matches up to a cap
	 * (probe_sql, same binds, then the cap). A list lets the most selective filter
	 * drive and checks the others row by row while walking the sort
	 * order, so a common value never means sorting every match.
	 */
	const char *check_sql;
	const char *probe_sql;
	const char *pair_check_sql;
	const char *pair_probe_sql;
	/*
	 * Optional: the exact number of matches of the filter alone, read
	 * from a summary kept under every write (same binds): count=exact
	 * of that filter alone costs one row.
	 */
	const char *count_sql;
	/*
	 * Optional: what plans probe instead of probe_sql, the same count
	 * read from that summary and capped (same binds, then the cap):
	 * one row where counting a common country's rows up to the cap read
	 * thousands.
	 */
	const char *estimate_sql;
	const struct filter *pair_stream;	/* the pair's stream_* forms */
	/*
	 * Optional: several values at once. `param=a,b` matches any of them
	 * (any_sql, any_check_sql and any_probe_sql, the forms above with
	 * one bind: the values as a JSON array, for json_each); `not_param=a,b`
	 * matches none of them (not_sql, same bind; it never drives). The
	 * parameter may also repeat, each time one more condition: `param=a
	 * &param=b` matches only what has both.
	 */
	const char *any_sql;
	const char *any_check_sql;
	const char *any_probe_sql;
	/*
	 * Optional: what choosing a plan probes instead of any_probe_sql, an
	 * upper bound of its count that costs less (the linked rows, an
	 * event with two of the list counted twice, where counting each
	 * event once cost 8 ms for 20,000). The exact count stays
	 * any_probe_sql's.
	 */
	const char *any_estimate_sql;
	const char *not_sql;
	/*
	 * Optional: not_param= as a driver, where a few events lack the
	 * list (not_drive_sql, same bind; not_sql is then its row check),
	 * and their number (not_probe_sql: ?1 the list, ?2 the cap, which
	 * it answers when the list is not in nearly every event).
	 */
	const char *not_drive_sql;
	const char *not_probe_sql;
	/*
	 * Optional: the filter's column in its resource's kept_counts,
	 * tested for one value, any of a list or none of it. kept_per_value:
	 * a record is in the numbers of each of its values there (an actor
	 * of each source it is cited for), with the row 0 of all records:
	 * only one value is answered, and row 0 without the filter.
	 */
	const char *kept_column;
	int kept_per_value;
	/*
	 * Optional, for aggregations: the same test of a summary cell x of
	 * /stats (migration 14: its month x.m, CAMEO code x.t, place x.c or
	 * country involved x.cc), one value (cell_sql, same binds) or a list
	 * (cell_any_sql). cell_table: the table of cells it needs, if one.
	 * Dates are cells only when the range is whole months.
	 */
	const char *cell_sql;
	const char *cell_any_sql;
	/*
	 * not_param= of a cell: cell_not_sql where each event has one cell
	 * (same bind as not_sql); where an event has a cell per value
	 * (countries, actors), cell_minus_sql selects the cells of the one
	 * value given, which are subtracted from the cells of all events.
	 */
	const char *cell_not_sql;
	const char *cell_minus_sql;
	enum cell_table cell_table;
	/* The pair's test of a cell (same binds as pair_sql), in its table. */
	const char *pair_cell_sql;
	enum cell_table pair_cell_table;
	/*
	 * The same tests of a cell of a set (of countries or actors, x.s:
	 * migrations 32 and 34) in set_table, where an event counts once
	 * whatever it has: one value, any of a list, none of it (same
	 * binds). Several values, or several conditions on the filter, read
	 * those cells.
	 */
	const char *set_cell_sql;
	const char *set_cell_any_sql;
	const char *set_cell_not_sql;
	enum cell_table set_table;
	/* Whether most events have one of a list (same bind as any): then
	 * the sets with none are the fewer cells. */
	const char *set_most_sql;
	/* The sets (s) with more than one of a list, w the number more
	 * (same bind as any). */
	const char *set_weight_sql;
	/*
	 * With several values that must all be in a set: the number of
	 * sets a value is in, and a check of the rows read (of the set's
	 * key) that never chooses them (the value in fewest sets does).
	 */
	const char *set_count_sql;
	const char *set_cell_check_sql;
	/* A date test on a cell of days (x.d, migration 15): any range. */
	const char *day_cell_sql;
	/*
	 * Optional: one row, 1 when every row passes the condition (same
	 * binds), which then goes from the query (query_drop_passed()):
	 * an updated_since before every row's time of change then costs
	 * what none does, and aggregations, facets and networks are
	 * answered from the summaries, which hold no times of change.
	 */
	const char *all_sql;
	/*
	 * The sort key (sort_key.name) this filter is a range of, if any:
	 * sorted by that key, the filter narrows the walk of the sort
	 * order's index (written as range_sql, same binds) instead of being
	 * checked row by row.
	 */
	const char *range_of;
	const char *range_sql;
	/*
	 * Optional, with range_of: the range as a plain test of the row that
	 * the key's index can serve (same binds). A scan of every match (an
	 * aggregation) reads the index over the range when the ranges on the
	 * key together match fewest rows. range_index names that index,
	 * which holds the date after the pk (migration 37): a range that
	 * drives a list is read there alone, with its matches' dates.
	 */
	const char *direct_sql;
	const char *range_index;
	/*
	 * Optional: sql as the driver of a scan of every match (counts,
	 * aggregations, facets, networks) with dates (from=, to=), reading
	 * only the days asked for from its index by value and date: ?L and
	 * ?H stand for the first and last day (from's and to's first bound
	 * values). The dates are still checked on each row.
	 */
	const char *dated_sql;
	/*
	 * Optional: the filter's matches read from its own index in the
	 * order of sort key `stream_of`: its table (stream_from, as x; NULL
	 * for the resource's own), the WHERE fragment (same binds), and the
	 * sort value and pk as that index holds them (the resource's row is
	 * joined on the pk). A list so sorted walks the smallest such stream
	 * instead of the whole sort order, and checks the other filters that
	 * have one by merging their streams with it, in step.
	 */
	const char *stream_of;
	/* Optional: the same stream in another sort order (its stream_*). */
	const struct filter *other_stream;
	size_t stream_value_len;	/* only for values this long, if set */
	const char *stream_from;
	const char *stream_where;
	const char *stream_sort;
	const char *stream_pk;
	/*
	 * Or, instead of stream_sort: an integer the stream's index is
	 * ordered by in place of (sort value, pk), the SQL computing it from
	 * those two (two ?) to resume after a cursor, and the same in C.
	 */
	const char *stream_key;
	const char *stream_key_of;
	sqlite3_int64 (*stream_key_c)(const char *sort_value,
				      sqlite3_int64 pk);
	/*
	 * Optional, with stream_key: the keys a query's other conditions
	 * confine its matches to, [*low, *high] (every key when they do
	 * not), so that a walk of the stream starts and stops there rather
	 * than checking each match outside.
	 */
	void (*stream_key_range)(const struct query *q, sqlite3_int64 *low,
				 sqlite3_int64 *high);
};


struct sort_key {
	const char *name;	/* as in sort=name / sort=-name */
	const char *sql;	/* NOT NULL expression, indexed */
};

struct query;
struct problem;

struct resource {
	const char *name;	/* plural, as in the path: "events" */
	const char *noun;	/* singular, for messages: "event" */
	const char *from;	/* "events e" */
	const char *pk;		/* "e.pk": unique integer tie-breaker */
	const char *key_sql;	/* "e.id = ?": item lookup */
	const char *key_name;	/* what the key is called: "id", "code" */
	const char *fts;	/* WHERE fragment for q=, one ? */
	const char *fts_table;	/* the FTS5 table behind it */
	/* Optional: q= as a row check and a capped count (see filter). */
	const char *fts_check;
	const char *fts_probe;
	/* Optional: q='s matches in a sort order (the stream_* of filter). */
	const struct filter *fts_stream;
	/*
	 * Relevance (sort=relevance, the default with q=): fts_rank scores
	 * a match, lower is better (relevance() with the match's sizes,
	 * FTS_SIZES, and column weights, ?1 q='s text: see relevance.h);
	 * fts_pk is
	 * the record's pk from the FTS rowid (the table named in full), and
	 * fts_key the FTS rowid from the record's row. fts_columns names
	 * the FTS table's columns in order, for the snippets of a match.
	 */
	const char *fts_rank;
/* The match's row of its table's column sizes, joined where ranked as
 * FTS_SIZES_ROW. */
#define FTS_SIZES_ROW "fts_sizes"
#define FTS_SIZES FTS_SIZES_ROW ".sz"
	/*
	 * Optional: a match's length in tokens from the copy of the events'
	 * columns (columns.h; events' and actors'), NULL without one: read
	 * in its place where the copy is current, a lookup in memory where
	 * the sizes' row is a seek in a table of every record.
	 */
	const char *fts_tokens;
	const char *fts_pk;
	const char *fts_key;
	const char *const *fts_columns;
	const struct field *fields;
	size_t nfields;
	const struct filter *filters;
	size_t nfilters;
	const struct sort_key *sorts;
	size_t nsorts;
	const char *default_sort;	/* e.g. "-date" */
	/*
	 * Optional, for GeoJSON: a record's point (two columns: longitude,
	 * latitude), the condition that it has one, and its id for the
	 * Feature.
	 */
	const char *geo_point;
	const char *geo_where;
	const char *geo_id;
	int facets;		/* lists take facet= (db/aggregate.h) */
	/* Or the columns facet= may name (a resource without events'). */
	const struct field *facet_fields;
	size_t nfacet_fields;
	/*
	 * Optional: the table of its records' numbers kept per value of its
	 * facet fields and of some filters (kept_counts.h), column n.
	 */
	const char *kept_counts;
	const char *cache_control;	/* NULL: revalidate every time */
	/*
	 * Optional: drops the conditions others imply and empties those
	 * others contradict, from what the resource knows of its data (one
	 * filter's column derived from another's), so that no plan reads
	 * rows for them. Returns 0, or -1 with *err set.
	 */
	int (*simplify)(struct query *q, struct problem *err);
};

/*
 * The records of a page, for a field's linked_sql: j.key is a record's
 * place on the page, j.value its pk. CROSS JOIN keeps it the outer loop.
 */
#define PAGE "json_each(?1) j"
/* ... and the pk of a record of the page, as a number for either store
 * (PostgreSQL's json_each() gives its values as text). */
#define PAGE_PK "CAST(j.value AS INTEGER)"

/* Counts the rows of a table expression, up to the bound last "?": a
 * filter's probe_sql. */
#define PROBE(from_where) "SELECT count(*) FROM (SELECT 1 FROM " from_where \
	" LIMIT ?)"

/* A count kept under every write (a filter's count_sql), capped at the
 * bound after its values: the probe of plans (estimate_sql). */
#define CAPPED(count) "SELECT min(ifnull((" count "), 0), ?)"

/*
 * A filter of column of a resource (alias, e.g. "a", of table) that has
 * an index of its own: one value or any of several, each with a probe
 * of the index's rows and a check per row, so that the planner
 * (db/query.c) weighs it. The filter adds its negation.
 */
#define INDEXED_VALUE(alias, table, column) \
	.sql = alias "." column " = ?", \
	.check_sql = "+" alias "." column " = ?", \
	.probe_sql = PROBE(table " WHERE " column " = ?"), \
	.any_sql = alias "." column IN_LIST, \
	.any_check_sql = "+" alias "." column IN_LIST, \
	.any_probe_sql = PROBE(table " WHERE " column IN_LIST)

/*
 * updated_since= of a resource (alias of table): driving, through its
 * own index (SQLite took a sort order's); sorted by updated_at, it
 * narrows the walk of that index.
 */
#define UPDATED_SINCE(alias, table) \
	{ .param = "updated_since", .kind = VAL_TIMESTAMP, \
	  .sql = alias ".pk IN (SELECT pk FROM " table \
		 " WHERE updated_at >= ?)", \
	  .check_sql = "+" alias ".updated_at >= ?", \
	  .probe_sql = PROBE(table " WHERE updated_at >= ?"), \
	  .range_of = "updated_at", .range_sql = alias ".updated_at >= ?", \
	  .all_sql = "SELECT CASE WHEN EXISTS (SELECT 1 FROM " table \
		     " WHERE updated_at < ?) THEN 0 ELSE 1 END" }

/* One of the values of a list filter (a JSON array, one bind). */
#define IN_LIST " IN (SELECT value FROM json_each(?))"
/* ... of numbers (pks, quad classes). */
#define IN_LIST_INT " IN (SELECT CAST(value AS INTEGER) FROM json_each(?))"

/* Reference data changes only with a new release of the service. */
#define CACHE_REFERENCE "public, max-age=3600"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

extern const struct resource countries_resource;
extern const struct resource actors_resource;
extern const struct resource events_resource;
extern const struct resource sources_resource;
extern const struct resource event_types_resource;
extern const struct resource deletions_resource;

#endif
