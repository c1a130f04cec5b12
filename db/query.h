/* SPDX-License-Identifier: MIT */
/*
 * Running a parsed list or item request against a resource description
 * (resource.h): builds the SQL from whitelisted fragments only, binds every
 * client value, pages by keyset (never OFFSET), and writes the rows into a
 * caller-owned buffer.
 */
#ifndef DOSSIER_QUERY_H
#define DOSSIER_QUERY_H

#include "dbs.h"
#include <stdint.h>

#include "buf.h"
#include "problem.h"
#include "resource.h"

#define QUERY_MAX_WHERE 24

/*
 * A value bound into the statement: text, an integer when is_int, a
 * double when is_real.
 * text holds the longest sort value whole (a 500-character title of
 * 4-byte UTF-8 characters), so that a cursor resumes exactly after it.
 */
struct value {
	int is_int;
	int is_real;
	sqlite3_int64 i;
	double d;
	char text[2048];
};

/* One WHERE fragment with its bound values. */
struct condition {
	const char *sql;
	const char *check_sql;	/* row-by-row form, or NULL */
	const char *probe_sql;	/* capped count of matches, or NULL */
	/* An upper bound of probe_sql's count that plans read, or NULL. */
	const char *estimate_sql;
	const char *count_sql;	/* exact count of its matches, or NULL */
	const char *range_of;	/* sort key it is a range on, or NULL */
	const char *range_sql;	/* the range, to narrow that key's index */
	const char *direct_sql;	/* the range as a plain test, or NULL */
	const struct filter *stream;	/* its filter, for the stream forms */
	const struct filter *filter;	/* the filter it is, or NULL (q=) */
	enum { FORM_ONE, FORM_ANY, FORM_NOT, FORM_PAIR } form;
	struct value binds[2];
	int nbinds;
};

/* The formats of a list; GeoJSON only for resources with a geometry. */
enum output_format { OUT_JSON, OUT_CSV, OUT_NDJSON, OUT_GEOJSON };

struct query {
	const struct resource *res;
	struct condition where[QUERY_MAX_WHERE];
	size_t nwhere;
	uint64_t fields;	/* bit i selects res->fields[i] */
	const struct sort_key *sort;
	int descending;
	int by_relevance;	/* sort is query_relevance: q='s rank */
	int after;		/* continue after (after_value, after_pk) */
	struct value after_value;
	sqlite3_int64 after_pk;
	unsigned limit;
	enum output_format format;
	const char *facets;	/* facet=, as given, or NULL */
	unsigned facet_limit;	/* facet_limit=, default 10 */
};

struct query_page {
	size_t rows;
	int more;		/* a further page exists */
	struct value last_value;	/* sort value of the last row */
	sqlite3_int64 last_pk;
};

/*
 * Appends one page of rows to out: JSON objects separated by commas
 * (OUT_JSON), a CSV header and rows, NDJSON lines, or GeoJSON Features
 * separated by commas (OUT_GEOJSON). Fills *page.
 * Returns 0, or -1 with *err set (an FTS syntax error in a condition
 * from q= is a 400, anything else a logged 500).
 */
int query_list(const struct query *q, struct buf *out,
	       struct query_page *page, struct problem *err);

/*
 * Appends " WHERE ..." selecting every row of q->res matching q's
 * conditions (nothing when there are none), the smallest condition
 * driving: for statements over the whole matching set (counts,
 * aggregations). query_bind() binds its values from parameter 1 and
 * returns the next parameter's index. Returns 0 or -1 with *err set.
 */
int query_matching(const struct query *q, struct buf *sql,
		   struct problem *err);
int query_bind(dbs *st, const struct query *q);

/* Binds one value as parameter i: a number as a number, else text. */
void query_bind_value(dbs *st, int i, const struct value *v);
/* The same from parameter at (a statement repeating the conditions). */
int query_bind_at(dbs *st, const struct query *q, int at);
/* The number of condition i's first bound value, as query_bind() binds. */
int query_bind_number(const struct query *q, size_t i);

/*
 * Sets *err for a statement of q that failed: a 400 for an FTS5 syntax
 * error in q=, else a logged 500. Returns -1.
 */
int query_failed(const struct query *q, const char *what,
		 struct problem *err);

/* Sets *total to the number of rows matching q's conditions. */
int query_count(const struct query *q, sqlite3_int64 *total,
		struct problem *err);

/*
 * Appends the JSON object of the record whose key is key (res->key_sql).
 * Returns 1 when found, 0 when not, -1 with *err set.
 */
int query_item(const struct query *q, const char *key, struct buf *out,
	       struct problem *err);

/*
 * A filter matching fewer rows than this drives a list query through its
 * index; above it, lists walk their sort order and check filters row by
 * row, for at most twice as many rows before the filter fewest of them
 * passed drives instead. Default 5000.
 */
void query_set_selective_rows(long rows);
/* That number (networks of CAMEO groups holding fewer events are added
 * up: code_networks.h). */
long query_selective_rows(void);

/* Whether q selects the resource's field i (fields=). */
static inline int query_selected(const struct query *q, size_t i)
{
	return (q->fields >> i) & 1;
}

/*
 * Relevance ranks at most this many matches of q= (default 5,000), the
 * newest (highest rowid) of them when there are more; other filters
 * narrow those.
 */
void query_set_relevance_window(long matches);

/*
 * When q is listed by relevance and its search has more matches than the
 * window ranks: the window's size (the pages end there); else 0. -1 with
 * *err set.
 */
long query_relevance_cut(const struct query *q, struct problem *err);

/*
 * The sort key of relevance: how well a record matches q= (the
 * resource's fts_rank), best first. Only with a q= condition.
 */
extern const struct sort_key query_relevance;

/* The q= condition of a query (its bind the FTS5 query), or NULL. */
const struct condition *query_search(const struct query *q);

/*
 * A new query of no condition, every other field 0 (free() it). Its
 * conditions are left as they are until query_where() adds them: they
 * are most of its 100 KB, which zeroing cost a list or aggregation 1%
 * of its instructions.
 */
struct query *query_new(void);

/* Adds a condition; returns it for its binds, or NULL when full. */
struct condition *query_where(struct query *q, const char *sql);

/* Takes condition c out of q, the others keeping their order. */
void query_drop(struct query *q, struct condition *c);

/*
 * Takes out of q each condition that every row passes, as its filter's
 * all_sql finds in the request's read transaction (so the answer is of
 * the same data). A condition whose test fails to run stays.
 */
void query_drop_passed(struct query *q);

#endif
