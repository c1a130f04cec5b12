/* SPDX-License-Identifier: MIT */
/*
 * SQL generation and execution for resource descriptions (see query.h).
 * Only fragments from the descriptions reach the SQL text; every value a
 * client sent is bound as a parameter.
 */
#include "query.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include "actor_columns.h"
#include "columns.h"
#include "columns_tests.h"
#include "copy_keys.h"
#include "db.h"
#include "kept_counts.h"
#include "kept_events.h"
#include "log.h"
#include "match_keys.h"
#include "rows.h"
#include "term_docs.h"
#include "utf8.h"
#include "xalloc.h"

struct query *query_new(void)
{
	struct query *q = xmalloc(sizeof(*q));

	memset(q, 0, offsetof(struct query, where));
	memset(&q->nwhere, 0, sizeof(*q) - offsetof(struct query, nwhere));
	return q;
}

struct condition *query_where(struct query *q, const char *sql)
{
	struct condition *c;

	if (q->nwhere == QUERY_MAX_WHERE)
		return NULL;
	c = &q->where[q->nwhere++];
	memset(c, 0, sizeof(*c));
	c->sql = sql;
	return c;
}

const struct sort_key query_relevance = { "relevance", NULL };

const struct condition *query_search(const struct query *q)
{
	size_t i;

	for (i = 0; q->res->fts && i < q->nwhere; i++) {
		if (q->where[i].sql == q->res->fts)
			return &q->where[i];
	}
	return NULL;
}


/* Binds a condition's values from parameter 1. */
static void bind_condition(dbs *st, const struct condition *c)
{
	int j;

	for (j = 0; j < c->nbinds; j++)
		query_bind_value(st, j + 1, &c->binds[j]);
}

void query_drop(struct query *q, struct condition *c)
{
	memmove(c, c + 1,
		(size_t)(q->where + q->nwhere - (c + 1)) * sizeof(*c));
	q->nwhere--;
}

void query_drop_passed(struct query *q)
{
	size_t i = 0;

	while (i < q->nwhere) {
		struct condition *c = &q->where[i];
		dbs *st = c->filter && c->filter->all_sql &&
			  c->form == FORM_ONE ?
			  db_stmt(c->filter->all_sql) : NULL;
		int all;

		if (!st) {
			i++;
			continue;
		}
		bind_condition(st, c);
		all = dbs_step(st) == SQLITE_ROW &&
		      dbs_column_int64(st, 0) == 1;
		db_done(st);
		if (all)
			query_drop(q, c);
		else
			i++;
	}
}

static long selective_rows = 5000;
/*
 * Probes count up to this many times selective_rows, to tell the smaller
 * of two common filters (the stream to walk) at a bounded cost.
 */
#define STREAM_PROBE_FACTOR 4

static long relevance_window = 5000;

void query_set_relevance_window(long matches)
{
	relevance_window = matches;
}

void query_set_selective_rows(long rows)
{
	selective_rows = rows;
}

long query_selective_rows(void)
{
	return selective_rows;
}

/* Whether c is a search (q=) of one bound value: a word's count may be
 * kept with the copy (term_docs.h). */
static int searches_once(const struct query *q, const struct condition *c)
{
	return q->res->fts && c->sql == q->res->fts && q->res->fts_table &&
	       c->nbinds == 1;
}

/*
 * How many rows match c alone, counted up to cap (-1: all, exactly);
 * capped, no more than its estimate where it has one (an upper bound, for
 * plans): a range of numbers or dates counted in the copy of the events'
 * columns by bisection, else kept counts. -1 on error. The probe reads
 * the filter's own index, never the table: up to cap entries of it.
 */
static sqlite3_int64 probe(const struct query *q, const struct condition *c,
			   sqlite3_int64 cap)
{
	dbs *st;
	sqlite3_int64 n = -1;

	if (cap >= 0 && q->res == &events_resource && columns_bound(c, &n))
		return n < cap ? n : cap;
	/* A word's events are counted with the copy: reading its postings
	 * up to the cap was a third of a search in a country. */
	if (cap >= 0 && searches_once(q, c) &&
	    term_docs_estimate(q->res->fts_table, c->binds[0].text,
			       &n) == 1)
		return n < cap ? n : cap;
	st = db_stmt(cap >= 0 && c->estimate_sql ? c->estimate_sql :
		     c->probe_sql);
	if (!st)
		return -1;
	bind_condition(st, c);
	dbs_bind_int64(st, c->nbinds + 1, cap);
	if (dbs_step(st) == SQLITE_ROW)
		n = dbs_column_int64(st, 0);
	db_done(st);
	return n;
}

/* A condition that can drive a page or be checked row by row. */
static int plannable(const struct condition *c)
{
	return c->probe_sql && c->check_sql;
}

/* A range on the sort key: it bounds the walk of the sort order's index. */
static int bounds_walk(const struct query *q, const struct condition *c)
{
	return c->range_of && c->range_sql &&
	       strcmp(c->range_of, q->sort->name) == 0;
}

/* A condition the planner weighs: it may drive, be walked or checked. */
static int candidate(const struct query *q, const struct condition *c)
{
	return plannable(c) && !bounds_walk(q, c);
}

/*
 * Writes each condition as it filters when condition `driver` drives:
 * the driver and conditions without a check form as they are, the others
 * as row checks. With no driver (driver == q->nwhere), ranges on the sort
 * key stay ranges too, so the sort order's index is read over that range.
 */
static void drive_with(const struct query *q, size_t driver,
		       const char **sqls)
{
	size_t i;

	for (i = 0; i < q->nwhere; i++) {
		const struct condition *c = &q->where[i];

		if (driver == q->nwhere && bounds_walk(q, c))
			sqls[i] = c->range_sql;
		else
			sqls[i] = i == driver || !plannable(c) ?
				c->sql : c->check_sql;
	}
}

/* WHERE with every condition written as sqls says. */
static void where_clause(struct buf *sql, const struct query *q,
			 const char *const *sqls)
{
	const char *sep = " WHERE ";
	size_t i;

	for (i = 0; i < q->nwhere; i++) {
		buf_printf(sql, "%s(%s)", sep, sqls[i]);
		sep = " AND ";
	}
}

void query_bind_value(dbs *st, int i, const struct value *v)
{
	if (v->is_int)
		dbs_bind_int64(st, i, v->i);
	else if (v->is_real)
		dbs_bind_double(st, i, v->d);
	else
		dbs_bind_text(st, i, v->text, -1, SQLITE_TRANSIENT);
}

/* Binds the conditions' values from parameter 1; returns the next index. */
static int bind_where(dbs *st, const struct query *q)
{
	return query_bind_at(st, q, 1);
}

/* Returns 1 when FTS5 rejects text as a query expression. */
static int bad_search(const struct resource *r, const char *text)
{
	char sql[160];
	dbs *st;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT 1 FROM %s WHERE %s MATCH ? LIMIT 1",
		 r->fts_table, r->fts_table);
	st = db_stmt(sql);
	if (!st)
		return 0;
	dbs_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
	rc = dbs_step(st);
	db_done(st);
	return rc != SQLITE_ROW && rc != SQLITE_DONE &&
	       (rc & 0xff) == SQLITE_ERROR;
}

/*
 * What was wrong with an FTS5 query, said in our words from SQLite's
 * message msg (which is not shown: it names SQLite's internals).
 */
static void search_error(const struct resource *r, const char *msg,
			 char *out, size_t sz)
{
	const char *near = strstr(msg, "syntax error near \"");
	const char *col = strstr(msg, "no such column: ");
	size_t len = 0, i;

	if (near) {
		near += strlen("syntax error near \"");
		len = strcspn(near, "\"");
		if (len)
			snprintf(out, sz, "unexpected '%.*s'", (int)len, near);
		else
			snprintf(out, sz, "it ends too soon");
	} else if (col && r->fts_columns) {
		col += strlen("no such column: ");
		/* A name before ':' or after '-' picks columns: "-word"
		 * reads as every column but one named word. */
		len = (size_t)snprintf(out, sz, "'%.40s' is not a column (a "
				       "name after '-' or before ':' is one; "
				       "NOT leaves out a word); the columns "
				       "are", col);
		for (i = 0; r->fts_columns[i] && len < sz; i++)
			len += (size_t)snprintf(out + len, sz - len, "%s %s",
						i ? "," : "",
						r->fts_columns[i]);
	} else {
		snprintf(out, sz, "check its quotes, brackets and operators");
	}
}

/*
 * A failed step is the client's fault only when FTS5 rejects the q=
 * expression on its own; anything else is ours and logged.
 */
static int step_failed(const struct query *q, const char *what,
		       struct problem *err)
{
	char msg[200];
	size_t i;
	int rc;

	if (db_over_budget())
		return db_fail(what, err);
	snprintf(msg, sizeof(msg), "%s", db_errmsg());
	for (i = 0; i < q->nwhere; i++) {
		char why[320];

		if (q->where[i].sql != q->res->fts ||
		    !bad_search(q->res, q->where[i].binds[0].text))
			continue;
		search_error(q->res, msg, why, sizeof(why));
		db_recover();
		return problem_param(err, PROB_INVALID_SEARCH, "q",
				     "q is not a valid FTS5 query (%s); "
				     "without q_syntax=fts5, q takes plain "
				     "text", why);
	}
	rc = db_fail(what, err);
	db_recover();
	return rc;
}

static void copy_value(struct value *v, dbs *st, int col)
{
	memset(v, 0, sizeof(*v));
	if (dbs_column_type(st, col) == SQLITE_INTEGER) {
		v->is_int = 1;
		v->i = dbs_column_int64(st, col);
	} else if (dbs_column_type(st, col) == SQLITE_FLOAT) {
		v->is_real = 1;
		v->d = dbs_column_double(st, col);
	} else {
		const char *t = (const char *)dbs_column_text(st, col);
		size_t n = t ? strlen(t) : 0, i;

		/*
		 * Whole characters only (the value goes into a JSON cursor):
		 * a cut never falls inside a UTF-8 sequence.
		 */
		if (n >= sizeof(v->text)) {
			n = sizeof(v->text) - 1;
			while (n && ((unsigned char)t[n] & 0xC0) == 0x80)
				n--;
		}
		memcpy(v->text, t ? t : "", n);
		v->text[n] = '\0';
		/* Bytes stored that are not UTF-8 at all become '?'. */
		if (!utf8_valid(v->text, n)) {
			for (i = 0; i < n; i++) {
				if ((unsigned char)v->text[i] & 0x80)
					v->text[i] = '?';
			}
		}
	}
}

/*
 * The keys (sort value, pk) of one page, found before anything is
 * rendered: pk[0..n), with the sort value of the page's last row.
 */
struct keys {
	sqlite3_int64 *pk;
	size_t n, cap;		/* cap: limit + 1, the row that says "more" */
	struct value last;
};

/* Binds the conditions listed in order[0..n) from parameter *at on. */
static void bind_in_order(dbs *st, const struct query *q,
			  const size_t *order, size_t n, int *at)
{
	size_t i;
	int j;

	for (i = 0; i < n; i++) {
		const struct condition *c = &q->where[order[i]];

		for (j = 0; j < c->nbinds; j++)
			query_bind_value(st, (*at)++, &c->binds[j]);
	}
}

static void bind_after(dbs *st, const struct query *q, int *at)
{
	if (!q->after)
		return;
	query_bind_value(st, (*at)++, &q->after_value);
	dbs_bind_int64(st, (*at)++, q->after_pk);
}

/* The keyset condition: after the cursor's row. */
static void keyset(struct buf *sql, const struct query *q, const char *sep)
{
	if (q->after)
		buf_printf(sql, "%s(%s, %s) %c (?, ?)", sep, q->sort->sql,
			   q->res->pk, q->descending ? '<' : '>');
}

/* The keyset condition and the sort order. */
static void keyset_and_order(struct buf *sql, const struct query *q,
			     const char *sep)
{
	const char *dir = q->descending ? "DESC" : "ASC";

	keyset(sql, q, sep);
	buf_printf(sql, " ORDER BY %s %s, %s %s", q->sort->sql, dir,
		   q->res->pk, dir);
}

/* Adds the row the statement is on to the page's keys. */
static void add_key(struct keys *keys, dbs *st, size_t limit)
{
	if (keys->n < limit)
		copy_value(&keys->last, st, 0);
	keys->pk[keys->n++] = dbs_column_int64(st, 1);
}

/*
 * Binds the page's limit (the row saying "more" included) as parameter
 * at of a statement of (sort value, pk) rows, and adds every row to the
 * keys. Hands st back. Returns 0 or -1 with *err set.
 */
static int collect_keys(const struct query *q, dbs *st, int at,
			struct keys *keys, struct problem *err)
{
	int rc;

	dbs_bind_int64(st, at, (sqlite3_int64)keys->cap);
	while ((rc = dbs_step(st)) == SQLITE_ROW)
		add_key(keys, st, keys->cap - 1);
	rc = rc == SQLITE_DONE ? 0 : step_failed(q, "list query", err);
	db_done(st);
	return rc;
}

/*
 * Finds the keys with one statement: the conditions written as sqls
 * says (the driver in its index form, the others as row checks), sorted,
 * cut at the limit; read through index `indexed` when not NULL. Returns
 * 0 or -1 with *err set.
 */
static int keys_by_index(const struct query *q, const char *const *sqls,
			 const char *indexed, struct keys *keys,
			 struct problem *err)
{
	struct buf sql = BUF_INIT;
	dbs *st;
	int at;

	/*
	 * PostgreSQL has no INDEXED BY, and misjudges the few rows of a range
	 * at the tail of its values (978 for none): it would walk the sort's
	 * index for them, all of it when there are none. A subquery it keeps
	 * apart (OFFSET 0) finds the rows first, then sorts them, as the
	 * hint makes SQLite do.
	 */
	if (indexed && db_pg)
		buf_puts(&sql, "SELECT s, k FROM (");
	buf_printf(&sql, "SELECT %s AS s, %s AS k FROM %s", q->sort->sql,
		   q->res->pk, q->res->from);
	if (indexed && !db_pg)
		buf_printf(&sql, " INDEXED BY %s", indexed);
	where_clause(&sql, q, sqls);
	if (indexed && db_pg) {
		const char *dir = q->descending ? "DESC" : "ASC";

		keyset(&sql, q, q->nwhere ? " AND " : " WHERE ");
		buf_printf(&sql, " OFFSET 0) AS hinted ORDER BY s %s, k %s",
			   dir, dir);
	} else {
		keyset_and_order(&sql, q, q->nwhere ? " AND " : " WHERE ");
	}
	buf_puts(&sql, " LIMIT ?");
	st = db_stmt(buf_str(&sql));
	buf_free(&sql);
	if (!st)
		return db_fail("list query", err);
	at = bind_where(st, q);
	bind_after(st, q, &at);
	return collect_keys(q, st, at, keys, err);
}

/*
 * FROM and WHERE of a condition's stream f (its matches in sort order,
 * from its own index), with the keyset condition of the cursor; joined to
 * the resource's row when `join`. Further conditions may follow, then
 * stream_order().
 */
static void stream_from(struct buf *sql, const struct query *q,
			const struct filter *f, int join)
{
	if (!f->stream_from)
		buf_printf(sql, " FROM %s", q->res->from);
	else if (join)
		buf_printf(sql, " FROM %s JOIN %s ON %s = %s", f->stream_from,
			   q->res->from, q->res->pk, f->stream_pk);
	else
		buf_printf(sql, " FROM %s", f->stream_from);
	buf_printf(sql, " WHERE (%s)", f->stream_where);
	if (q->after && f->stream_key)
		buf_printf(sql, " AND %s %c %s", f->stream_key,
			   q->descending ? '<' : '>', f->stream_key_of);
	else if (q->after)
		buf_printf(sql, " AND (%s, %s) %c (?, ?)", f->stream_sort,
			   f->stream_pk, q->descending ? '<' : '>');
}

/*
 * Range c on the sort key, bounding the walk of stream f (NULL: the
 * resource's own index). A stream from another table (a country's or an
 * actor's rows) carries its own copy of the key (x.date_start, kept equal
 * to the event's): the range is written on that copy, so that the
 * stream's index is read over the range alone rather than from its end
 * down to where the range begins, checking every event's row on the way.
 */
static void put_range(struct buf *sql, const struct query *q,
		      const struct filter *f, const struct condition *c)
{
	const char *p = c->range_sql, *m, *key = q->sort->sql;
	size_t n = strlen(key);

	if (!f || !f->stream_from || !f->stream_sort || f->stream_key ||
	    strcmp(f->stream_of, c->range_of) != 0) {
		buf_puts(sql, p);
		return;
	}
	while ((m = strstr(p, key)) != NULL) {
		buf_append(sql, p, (size_t)(m - p));
		if (isalnum((unsigned char)m[n]) || m[n] == '_')
			buf_append(sql, m, n);	/* a longer name */
		else
			buf_puts(sql, f->stream_sort);
		p = m + n;
	}
	buf_puts(sql, p);
}

/* ORDER BY of stream f: its index's own order. */
static void stream_order(struct buf *sql, const struct query *q,
			 const struct filter *f)
{
	if (f->stream_key)
		buf_printf(sql, " ORDER BY %s %s", f->stream_key,
			   q->descending ? "DESC" : "ASC");
	else
		buf_printf(sql, " ORDER BY %s %s, %s %s", f->stream_sort,
			   q->descending ? "DESC" : "ASC", f->stream_pk,
			   q->descending ? "DESC" : "ASC");
}

/* Condition c's stream in q's sort order (its stream_* forms), or NULL
 * when it has none in that order. */
static const struct filter *stream_in_order(const struct query *q,
					    const struct condition *c)
{
	const struct filter *f;

	for (f = c->stream; f; f = f->other_stream) {
		if (strcmp(f->stream_of, q->sort->name) == 0)
			return f;
	}
	return NULL;
}

/* Whether condition c can be read in q's sort order from its own index. */
static int streams(const struct query *q, const struct condition *c)
{
	return stream_in_order(q, c) != NULL;
}

/*
 * A condition checked by merging: its stream is read in step with the
 * walk, so one row's check costs a step forward, not a lookup.
 */
struct merge {
	const struct filter *f;
	dbs *st;
	int rc;			/* of the last step; 0 before the first */
	int start;		/* parameter of the start's sort value */
};

/* Steps a merge reads forward before it seeks instead. */
#define MERGE_STEPS 16

/*
 * Binds where m's stream starts: at (s, k) inclusive, or, with s NULL, at
 * its beginning (the sort values are dates, text).
 */
static void merge_start(struct merge *m, int descending, const char *s,
			sqlite3_int64 k)
{
	dbs_reset(m->st);
	/* No cursor: from the top, text above every date (U+10FFFF, the
	 * last character there is), or from the bottom, '' (with pk 0). */
	if (s)
		dbs_bind_text(m->st, m->start, s, -1, SQLITE_TRANSIENT);
	else
		dbs_bind_text(m->st, m->start, descending ?
			      "\xF4\x8F\xBF\xBF" : "", -1, SQLITE_STATIC);
	dbs_bind_int64(m->st, m->start + 1, s ? k : 0);
	m->rc = 0;
}

static int merge_open(struct merge *m, const struct query *q, size_t i)
{
	const struct condition *c = &q->where[i];
	struct buf sql = BUF_INIT;
	int at = 1;

	m->f = stream_in_order(q, c);
	m->rc = 0;
	if (m->f->stream_key) {
		buf_printf(&sql, "SELECT %s", m->f->stream_key);
		stream_from(&sql, q, m->f, 0);
	} else {
		/* A start it can be sent back to: see merge_start(). */
		buf_printf(&sql, "SELECT %s, %s FROM %s WHERE (%s)"
			   " AND (%s, %s) %s (?, ?)", m->f->stream_sort,
			   m->f->stream_pk, m->f->stream_from ?
			   m->f->stream_from : q->res->from,
			   m->f->stream_where, m->f->stream_sort,
			   m->f->stream_pk, q->descending ? "<=" : ">=");
	}
	stream_order(&sql, q, m->f);
	/* Its own statement: a walk may merge with a stream of the same
	 * shape (two countries) and each needs its own cursor. */
	if (!(m->st = db_stmt_own(buf_str(&sql)))) {
		buf_free(&sql);
		return -1;
	}
	buf_free(&sql);
	bind_in_order(m->st, q, &i, 1, &at);
	if (m->f->stream_key) {
		bind_after(m->st, q, &at);
	} else {
		m->start = at;
		merge_start(m, q->descending, q->after ?
			    q->after_value.text : NULL, q->after_pk);
	}
	return 0;
}

/*
 * Whether the walk's row (s, k) is in m's stream: steps the stream past
 * the rows before it in sort order, or, when it is far behind, seeks to
 * the walk's row (an index's B-tree is sought in a few microseconds; an
 * FTS5 query is only stepped, a new one costs far more). Returns 1, 0,
 * or -1 on error.
 */
static int merge_has(struct merge *m, dbs *walk, int descending)
{
	sqlite3_int64 wk = 0;
	int steps = 0;

	if (m->f->stream_key)
		wk = m->f->stream_key_c((const char *)dbs_column_text(walk,
								    0),
					dbs_column_int64(walk, 1));
	for (;;) {
		int cmp;

		if (m->rc == 0) {
			if (++steps > MERGE_STEPS && !m->f->stream_key) {
				merge_start(m, descending,
					    (const char *)dbs_column_text(
						    walk, 0),
					    dbs_column_int64(walk, 1));
				steps = -MERGE_STEPS;	/* once per row */
			}
			m->rc = dbs_step(m->st);
		}
		if (m->rc == SQLITE_DONE)
			return 0;
		if (m->rc != SQLITE_ROW)
			return -1;
		if (m->f->stream_key) {
			sqlite3_int64 sk = dbs_column_int64(m->st, 0);

			cmp = sk < wk ? -1 : sk > wk;
		} else {
			const char *ss = (const char *)dbs_column_text(
				m->st, 0);
			const char *ws = (const char *)dbs_column_text(
				walk, 0);
			sqlite3_int64 sp = dbs_column_int64(m->st, 1);
			sqlite3_int64 wp = dbs_column_int64(walk, 1);

			cmp = strcmp(ss ? ss : "", ws ? ws : "");
			if (!cmp)
				cmp = sp < wp ? -1 : sp > wp;
		}
		if (descending)
			cmp = -cmp;
		if (cmp >= 0)
			return cmp == 0;
		m->rc = 0;	/* behind the walk: step on */
	}
}

/*
 * Walks an index in q's sort order, checking conditions row by row, and
 * stops once the page is full or `budget` rows have been read. The index
 * is condition `stream`'s own (its matches only, in sort order) or, when
 * stream == q->nwhere, the sort order's, narrowed by ranges on the sort
 * key. Conditions with a stream from a table of their own are checked by
 * merging it with the walk; the others by their check form (a column of
 * the resource's row, which the walked index mostly holds): as columns
 * tested here when the walk has a budget (so that every row read counts),
 * else in the WHERE clause, where SQLite skips the rows they reject.
 * Returns 1 when the budget ran out first, 0 when the page is complete,
 * -1 with *err set.
 */
static int keys_by_walk(const struct query *q, size_t stream, long budget,
			struct keys *keys, struct problem *err)
{
	const struct filter *f = stream < q->nwhere ?
		stream_in_order(q, &q->where[stream]) : NULL;
	struct buf sql = BUF_INIT;
	size_t checks[QUERY_MAX_WHERE], bounds[QUERY_MAX_WHERE];
	size_t merged[QUERY_MAX_WHERE];
	struct merge merges[QUERY_MAX_WHERE];
	size_t nchecks = 0, nbounds = 0, nmerged = 0, i;
	int in_where = budget == LONG_MAX;
	long walked = 0;
	const char *sep = " WHERE ";
	sqlite3_int64 prev_k = 0, low = 0, high = INT64_MAX;
	dbs *st = NULL;
	int at = 1, rc = SQLITE_DONE, ret = 0, ranged = 0;

	for (i = 0; i < q->nwhere; i++) {
		if (i == stream)
			continue;
		if (!candidate(q, &q->where[i]))
			bounds[nbounds++] = i;
		/* A stream from the resource's own index merges too when the
		 * walk reads another table's (a country's events): no row of
		 * the resource is then read per row walked, which on a cold
		 * cache is a disk read each. Not on PostgreSQL, where each
		 * seek of a merge is a new cursor. */
		else if (!db_pg && streams(q, &q->where[i]) &&
			 (stream_in_order(q, &q->where[i])->stream_from ||
			  (f && f->stream_from)))
			merged[nmerged++] = i;
		else
			checks[nchecks++] = i;
	}
	buf_printf(&sql, "SELECT %s AS s, %s AS k",
		   f && f->stream_sort ? f->stream_sort : q->sort->sql,
		   f ? f->stream_pk : q->res->pk);
	for (i = 0; i < nchecks && !in_where; i++)
		buf_printf(&sql, ", (%s)", q->where[checks[i]].check_sql);
	if (f) {
		/* The resource's row is read only for what needs it. */
		stream_from(&sql, q, f, nchecks || nbounds || !f->stream_sort);
		if (f->stream_key_range) {
			f->stream_key_range(q, &low, &high);
			ranged = low > 0 || high < INT64_MAX;
		}
		if (ranged)
			buf_printf(&sql, " AND %s BETWEEN ? AND ?",
				   f->stream_key);
		sep = " AND ";
	} else {
		buf_printf(&sql, " FROM %s", q->res->from);
	}
	for (i = 0; i < nbounds; i++) {
		const struct condition *c = &q->where[bounds[i]];

		buf_printf(&sql, "%s(", sep);
		if (bounds_walk(q, c))
			put_range(&sql, q, f, c);
		else
			buf_puts(&sql, c->sql);
		buf_putc(&sql, ')');
		sep = " AND ";
	}
	for (i = 0; i < nchecks && in_where; i++) {
		buf_printf(&sql, "%s(%s)", sep, q->where[checks[i]].check_sql);
		sep = " AND ";
	}
	if (f)
		stream_order(&sql, q, f);
	else
		keyset_and_order(&sql, q, sep);
	st = db_stmt(buf_str(&sql));
	buf_free(&sql);
	if (!st)
		return db_fail("list query", err);
	if (!in_where)
		bind_in_order(st, q, checks, nchecks, &at);
	if (f) {
		bind_in_order(st, q, &stream, 1, &at);
		bind_after(st, q, &at);
		if (ranged) {
			dbs_bind_int64(st, at++, low);
			dbs_bind_int64(st, at++, high);
		}
		bind_in_order(st, q, bounds, nbounds, &at);
		if (in_where)
			bind_in_order(st, q, checks, nchecks, &at);
	} else {
		bind_in_order(st, q, bounds, nbounds, &at);
		if (in_where)
			bind_in_order(st, q, checks, nchecks, &at);
		bind_after(st, q, &at);
	}
	memset(merges, 0, sizeof(merges));
	for (i = 0; i < nmerged; i++) {
		if (merge_open(&merges[i], q, merged[i]) != 0) {
			ret = db_fail("list merge", err);
			goto out;
		}
	}
	while (keys->n < keys->cap && (rc = dbs_step(st)) == SQLITE_ROW) {
		sqlite3_int64 k = dbs_column_int64(st, 1);
		int all = 1;

		/* An event in a stream twice (one actor in two roles) is
		 * read twice in a row: once is enough. */
		if (walked && k == prev_k)
			continue;
		prev_k = k;
		for (i = 0; i < nchecks && !in_where; i++) {
			if (!dbs_column_int(st, (int)i + 2))
				all = 0;
		}
		for (i = 0; i < nmerged; i++) {
			int has = merge_has(&merges[i], st, q->descending);

			if (has < 0) {
				ret = step_failed(q, "list merge", err);
				goto out;
			}
			if (!has)
				all = 0;
		}
		if (all)
			add_key(keys, st, keys->cap - 1);
		if (++walked >= budget && nchecks + nmerged &&
		    keys->n < keys->cap) {
			ret = 1;
			goto out;
		}
	}
	if (keys->n < keys->cap && rc != SQLITE_DONE)
		ret = step_failed(q, "list query", err);
out:
	for (i = 0; i < nmerged; i++)
		dbs_finalize(merges[i].st);
	db_done(st);
	return ret;
}

/*
 * Appends rank, a resource's fts_rank, with tokens (SQL of a match's
 * length) in place of its sizes' row, when given. Relevance is then
 * written as an integer (a millionth of the rank, rounded): the same for
 * the same index, so that a cursor resumes exactly after its row.
 */
static void rank_sql(struct buf *sql, const char *rank, const char *tokens)
{
	const char *at;

	while (tokens && (at = strstr(rank, FTS_SIZES))) {
		buf_append(sql, rank, (size_t)(at - rank));
		buf_puts(sql, tokens);
		rank = at + strlen(FTS_SIZES);
	}
	buf_puts(sql, rank);
}

/* Whether c may be part of an SQL name. */
static int ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/*
 * check with the record's pk written as its full-text row's (fts_pk), or
 * NULL when it reads any other column of the record, which then has to
 * be joined. A new string.
 */
static char *on_fts_row(const struct resource *r, const char *check)
{
	const char *col = strchr(r->pk, '.') + 1, *start = check, *p;
	size_t alias = (size_t)(col - r->pk), pk = strlen(col);
	struct buf out = BUF_INIT;

	for (p = check; *p; p++) {
		if (strncmp(p, r->pk, alias) != 0 ||
		    (p > check && (ident(p[-1]) || p[-1] == '.')))
			continue;
		/* The record's alias ("e."): only its pk may follow. */
		if (strncmp(p + alias, col, pk) != 0 || ident(p[alias + pk])) {
			buf_free(&out);
			return NULL;
		}
		buf_append(&out, start, (size_t)(p - start));
		buf_printf(&out, "(%s)", r->fts_pk);
		p += alias + pk - 1;
		start = p + 1;
	}
	buf_puts(&out, start);
	return buf_detach(&out, NULL);
}

/*
 * Writes "SELECT rel, rk FROM fts_table": each match's rank, as an
 * integer (SQL rel_of()) when `rounded`, and its record's pk.
 */
static void window_select(struct buf *sql, const struct resource *r,
			  int rounded)
{
	/* Each match's length from the copy, a lookup in memory; else
	 * its sizes by rowid, read in step with the matches where
	 * relevance() would run a query of its own for each (half its
	 * cost). */
	int tokens = r->fts_tokens && columns_has_tokens();

	buf_puts(sql, rounded ? "SELECT CAST(round(" : "SELECT ");
	rank_sql(sql, r->fts_rank, tokens ? r->fts_tokens : NULL);
	buf_printf(sql, "%s AS rel, %s AS rk FROM %s",
		   rounded ? " * 1000000) AS INTEGER)" : "", r->fts_pk,
		   r->fts_table);
	if (!tokens)
		buf_printf(sql, " LEFT JOIN %s_docsize " FTS_SIZES_ROW
			   " ON " FTS_SIZES_ROW ".id = %s.rowid",
			   r->fts_table, r->fts_table);
}

/*
 * The statement sql (freed) with q='s text as ?1 and the window's size as
 * ?2, or NULL.
 */
static dbs *window_stmt(const struct query *q, struct buf *sql)
{
	dbs *st = db_stmt(buf_str(sql));

	buf_free(sql);
	if (st) {
		query_bind_value(st, 1, &query_search(q)->binds[0]);
		dbs_bind_int64(st, 2, relevance_window);
	}
	return st;
}

/*
 * The window's matches: the first ?2 read newest first when `alone`,
 * else those at or above the ?2-th newest's rowid (other conditions
 * follow, which a LIMIT would not see).
 */
static void window_where(struct buf *sql, const struct resource *r,
			 int alone)
{
	const char *t = r->fts_table;

	if (alone)
		buf_printf(sql, " WHERE %s MATCH ?1 ORDER BY %s.rowid DESC"
			   " LIMIT ?2", t, t);
	else
		buf_printf(sql, " WHERE %s MATCH ?1 AND %s.rowid >="
			   " ifnull((SELECT rowid FROM %s WHERE %s MATCH ?1"
			   " ORDER BY rowid DESC LIMIT 1 OFFSET ?2 - 1),"
			   " -9223372036854775807)", t, t, t, t);
}

long query_relevance_cut(const struct query *q, struct problem *err)
{
	const char *t = q->res->fts_table;
	struct buf sql = BUF_INIT;
	dbs *st;
	int rc;

	if (!q->by_relevance)
		return 0;
	/* A match past the window's last: the matches go on beyond it. */
	buf_printf(&sql, "SELECT 1 FROM %s WHERE %s MATCH ?1 ORDER BY rowid"
		   " DESC LIMIT 1 OFFSET ?2", t, t);
	if (!(st = window_stmt(q, &sql)))
		return db_fail("list query", err);
	rc = dbs_step(st);
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return step_failed(q, "list query", err);
	return rc == SQLITE_ROW ? relevance_window : 0;
}

/* A match's rank as rel: a millionth, rounded as SQLite's round(). */
static sqlite3_int64 rel_of(double rank)
{
	double x = rank * 1000000;

	return x >= 0 ? (sqlite3_int64)(x + 0.5) : -(sqlite3_int64)(-x + 0.5);
}

struct ranked {
	sqlite3_int64 rel, pk;
};

static int ranked_ascending(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;

	return a->rel != b->rel ? (a->rel > b->rel) - (a->rel < b->rel) :
				  (a->pk > b->pk) - (a->pk < b->pk);
}

static int ranked_descending(const void *x, const void *y)
{
	return ranked_ascending(y, x);
}

/* Moves m[i] down the heap m[0..n) whose top comes last in order. */
static void sift_down(struct ranked *m, size_t n, size_t i,
		      int (*order)(const void *, const void *))
{
	for (;;) {
		size_t c = 2 * i + 1;
		struct ranked t;

		if (c + 1 < n && order(&m[c + 1], &m[c]) > 0)
			c++;
		if (c >= n || order(&m[c], &m[i]) <= 0)
			return;
		t = m[i];
		m[i] = m[c];
		m[c] = t;
		i = c;
	}
}

/*
 * Puts the first k of m[0..n) in order into m[0..k) and returns how
 * many that is: a heap of the k first found so far, where sorting the
 * window (5,000 matches for a page of 50) was a seventh of a search.
 */
static size_t best_first(struct ranked *m, size_t n, size_t k,
			 int (*order)(const void *, const void *))
{
	size_t i;

	if (k > n)
		k = n;
	for (i = k / 2; i-- > 0;)
		sift_down(m, k, i, order);
	for (i = k; i < n && k; i++) {
		if (order(&m[i], &m[0]) < 0) {
			m[0] = m[i];
			sift_down(m, k, 0, order);
		}
	}
	qsort(m, k, sizeof(*m), order);
	return k;
}

static void reverse_ranked(struct ranked *m, size_t n)
{
	size_t i;

	for (i = 0; i < n / 2; i++) {
		struct ranked t = m[i];

		m[i] = m[n - 1 - i];
		m[n - 1 - i] = t;
	}
}

/*
 * A search best match first, alone or its other conditions tested on the
 * copy (kept): the window (its relevance_window newest matches) scored by
 * one statement, and put in order here, where SQL's rounding, sort and
 * outer query were a quarter of the work of a search of actors.
 * The same keys as ranked_keys() finds. Returns 1 when found, 0 when the
 * cursor's value is not a rank (ranked_keys() answers), -1 with *err.
 */
static int ranked_here(const struct query *q, struct kept_events *kept,
		       struct keys *keys, struct problem *err)
{
	const struct resource *r = q->res;
	struct ranked *m, after = { q->after_value.i, q->after_pk };
	int (*order)(const void *, const void *) = q->descending ?
		ranked_descending : ranked_ascending;
	struct buf sql = BUF_INIT;
	size_t n = 0, size = 1024, i;
	dbs *st;
	int rc;

	if (q->after && !q->after_value.is_int)
		return 0;
	window_select(&sql, r, 0);
	window_where(&sql, r, !kept);
	if (kept)
		buf_printf(&sql, " AND event_kept(?3, %s.rowid)",
			   r->fts_table);
	if (!(st = window_stmt(q, &sql)))
		return db_fail("list query", err);
	if (kept)
		dbs_bind_pointer_sqlite(st, 3, kept, KEPT_EVENTS_POINTER, NULL);
	/* Grown as matches come: a window may be set to millions. */
	m = xmalloc(size * sizeof(*m));
	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		struct ranked x = { rel_of(dbs_column_double(st, 0)),
				    dbs_column_int64(st, 1) };

		if (q->after && order(&x, &after) <= 0)
			continue;
		if (n == size)
			m = xrealloc(m, (size *= 2) * sizeof(*m));
		m[n++] = x;
	}
	rc = rc == SQLITE_DONE ? 0 : step_failed(q, "list query", err);
	db_done(st);
	/* Equal ranks go by pk: matches met best pk last (read newest first
	 * and put ascending, or the reverse) would each displace the heap's
	 * top, so they are met the other way. */
	if ((kept == NULL) != (q->descending != 0))
		reverse_ranked(m, n);
	if (rc == 0) {
		n = best_first(m, n, keys->cap, order);
		for (i = 0; i < n; i++) {
			if (keys->n < keys->cap - 1) {
				memset(&keys->last, 0, sizeof(keys->last));
				keys->last.is_int = 1;
				keys->last.i = m[i].rel;
			}
			keys->pk[keys->n++] = m[i].pk;
		}
	}
	free(m);
	return rc == 0 ? 1 : -1;
}

/*
 * Finds a page's keys best match first. Ranking costs about a
 * microsecond per match, so at most the relevance_window newest matches
 * of q= are ranked (all of them, for most searches). With other
 * conditions, the window is the matches at or above the rowid of its
 * last; the conditions are checked first, so that only the matches that
 * pass are ranked, and on the full-text row alone where they read nothing
 * of the record but its pk. Ties go by pk.
 */
static int ranked_keys(const struct query *q, struct kept_events *kept,
		       struct keys *keys, struct problem *err)
{
	const struct resource *r = q->res;
	const char *sqls[QUERY_MAX_WHERE];
	char *checks[QUERY_MAX_WHERE] = { NULL };
	size_t order[QUERY_MAX_WHERE], n = 0, i;
	const struct condition *search = query_search(q);
	const char *dir = q->descending ? "DESC" : "ASC";
	struct buf sql = BUF_INIT;
	dbs *st;
	int at = 3, join = 0;

	drive_with(q, q->nwhere, sqls);
	for (i = 0; i < q->nwhere && !kept; i++) {
		if (&q->where[i] == search)
			continue;
		checks[i] = on_fts_row(r, sqls[i]);
		join |= checks[i] == NULL;
		order[n++] = i;
	}
	buf_puts(&sql, "SELECT rel, rk FROM (");
	window_select(&sql, r, 1);
	if (join)
		buf_printf(&sql, " CROSS JOIN %s ON %s = %s", r->from, r->pk,
			   r->fts_pk);
	/* Alone, the window is the first rows read newest first. */
	window_where(&sql, r, !n && !kept);
	for (i = 0; i < n; i++)
		buf_printf(&sql, " AND (%s)", join ? sqls[order[i]] :
			   checks[order[i]]);
	if (kept)
		buf_printf(&sql, " AND event_kept(?3, %s.rowid)", r->fts_table);
	buf_putc(&sql, ')');
	if (q->after)
		buf_printf(&sql, " WHERE (rel, rk) %c (?, ?)",
			   q->descending ? '<' : '>');
	buf_printf(&sql, " ORDER BY rel %s, rk %s LIMIT ?", dir, dir);
	for (i = 0; i < q->nwhere; i++)
		free(checks[i]);
	if (!(st = window_stmt(q, &sql)))
		return db_fail("list query", err);
	if (kept)
		dbs_bind_pointer_sqlite(st, at++, kept, KEPT_EVENTS_POINTER, NULL);
	bind_in_order(st, q, order, n, &at);
	bind_after(st, q, &at);
	return collect_keys(q, st, at, keys, err);
}

/*
 * The same, the conditions besides the search tested on the copy of the
 * events' columns where it can (kept_events.h): a bit per match, where
 * their SQL seeks an index or more for each of up to relevance_window
 * matches. When a match's event is not in the copy (a commit since), no
 * set is made and the conditions' SQL answers. The set and the ranking
 * read the same window: a request reads one snapshot.
 */
static int keys_by_relevance(const struct query *q, struct keys *keys,
			     struct problem *err)
{
	struct kept_events *kept = NULL;
	int rc;

	if (q->res == &events_resource && q->nwhere > 1)
		kept = kept_events_of(q, relevance_window);
	rc = !db_pg && (q->nwhere == 1 || kept) ?
		ranked_here(q, kept, keys, err) : 0;
	if (rc == 0)
		rc = ranked_keys(q, kept, keys, err);
	else
		rc = rc < 0 ? -1 : 0;
	kept_events_free(kept);
	return rc;
}

/*
 * The page's keys from pks[0..n) (freed), the first of q's rows in no
 * order, with their sort values read from the rows: 1, 0 when one of
 * them is gone (a commit since: the plans below answer), -1 with *err
 * set.
 */
static int keys_of_pks(const struct query *q, sqlite3_int64 *pks, size_t n,
		       struct keys *keys, struct problem *err)
{
	const char *dir = q->descending ? "DESC" : "ASC";
	struct buf sql = BUF_INIT, list = BUF_INIT;
	dbs *st;
	size_t i;

	buf_putc(&list, '[');
	for (i = 0; i < n; i++)
		buf_printf(&list, "%s%lld", i ? "," : "", (long long)pks[i]);
	buf_putc(&list, ']');
	free(pks);
	buf_printf(&sql, "SELECT %s AS s, %s AS k FROM %s WHERE %s IN"
		   " (SELECT CAST(value AS INTEGER) FROM json_each(?1))"
		   " ORDER BY s %s, k %s LIMIT ?", q->sort->sql, q->res->pk,
		   q->res->from, q->res->pk, dir, dir);
	st = db_stmt(buf_str(&sql));
	buf_free(&sql);
	if (!st) {
		buf_free(&list);
		return db_fail("list query", err);
	}
	dbs_bind_text(st, 1, buf_str(&list), -1, SQLITE_TRANSIENT);
	buf_free(&list);
	keys->n = 0;
	if (collect_keys(q, st, 2, keys, err) != 0)
		return -1;
	/* A row gone since: the plans below answer. */
	if (keys->n == n)
		return 1;
	keys->n = 0;
	return 0;
}

/*
 * The page's keys from the copy of the events' columns (copy_keys.h):
 * in the copy's order (may_walk as copy_keys() takes it); `searched`: by
 * date with a search alone (copy_keys_searched()). Returns 1 when found,
 * 0 when the copy does not answer or one of its events is gone, -1 with
 * *err set.
 */
static int keys_from_copy(const struct query *q, int may_walk, int searched,
			  struct keys *keys, struct problem *err)
{
	sqlite3_int64 *pks;
	size_t n;

	if (searched ? !copy_keys_searched(q, keys->cap, &pks, &n) :
	    !copy_keys(q, keys->cap, may_walk, &pks, &n))
		return 0;
	return keys_of_pks(q, pks, n, keys, err);
}

/* The same for a search of actors beside kinds and countries, from
 * their arrays (actor_columns.h). */
static int keys_from_actor_columns(const struct query *q, struct keys *keys,
				   struct problem *err)
{
	sqlite3_int64 *pks;
	size_t n;
	int rc = actor_columns_keys(q, keys->cap, &pks, &n);

	if (rc <= 0)
		return rc < 0 ? step_failed(q, "list query", err) : 0;
	return keys_of_pks(q, pks, n, keys, err);
}

/* A search listed by date, which the copy leaves to the full-text index
 * unless asked (copy_keys_searched()). */
static int search_by_date(const struct query *q)
{
	return query_search(q) && strcmp(q->sort->name, "date") == 0;
}

/*
 * The number of events of q's search when it is one word whose events
 * the current copy holds (term_docs.h: no postings to read), else 0;
 * the copy's events into *all.
 */
static size_t copy_holds_search(const struct query *q, size_t *all)
{
	const struct condition *search = query_search(q);
	const struct columns *c;
	size_t n = 0;

	if (q->res != &events_resource || !search || search->nbinds != 1 ||
	    !(c = columns_current()))
		return 0;
	if (!term_docs_events(c, q->res->fts_table, search->binds[0].text,
			      &n))
		n = 0;
	*all = c->n;
	columns_release(c);
	return n;
}

/*
 * Whether a search by date beside condition `best` of best_n rows is
 * better found in the copy: its word's events held there, and too few
 * of them expected among the condition's (as if independent) to fill
 * four pages, so that a walk by date would read both whole
 * (q=military&country=HU at 1M: 1,578 rows and 62,761 postings for 55
 * matches, 2.4 ms; where many are expected, q=make&country=GB, the walk
 * stops within a page).
 */
static int search_copied_beside(const struct query *q, size_t best,
				sqlite3_int64 best_n, size_t cap)
{
	size_t all = 0, words;

	if (best >= q->nwhere || &q->where[best] == query_search(q) ||
	    !search_by_date(q) || best_n < 0)
		return 0;
	words = copy_holds_search(q, &all);
	return words && all &&
	       (double)best_n * (double)words / (double)all < 4.0 * cap;
}

/*
 * A page by date with a search, which the copy leaves to the full-text
 * index: the walk of `stream` (as keys_by_walk() takes it) within a
 * budget of eight pages' rows; when the rows that passed say the page
 * is further than the usual walk's budget (none passed, say), the
 * search's matches tested in the copy. Each row the walk reads costs a
 * few microseconds: q=president&country=US&not_country=US at 1M read the
 * 10,000 rows of that walk (60 ms), then US's stream whole (300 ms in
 * all), for none. Returns 0 when the page is found, 1 when it is left to
 * the plans after (keys empty), -1 with *err set.
 */
static int search_walked_or_copied(const struct query *q, size_t stream,
				   struct keys *keys, struct problem *err)
{
	long budget = 8 * (long)keys->cap;
	int rc = keys_by_walk(q, stream, budget, keys, err);

	if (rc <= 0)
		return rc;
	/* The rows still to read at the rate they passed so far. */
	if (keys->n > 0 && (long)(keys->cap - keys->n) * budget /
			   (long)keys->n <= 2 * selective_rows) {
		keys->n = 0;
		return 1;
	}
	keys->n = 0;
	rc = keys_from_copy(q, 1, 1, keys, err);
	return rc < 0 ? -1 : rc ? 0 : 1;
}

/* Appends the rows of keys[0..n) to out in q's format. */
static int render(const struct query *q, const struct keys *keys,
		  size_t n, struct buf *out, struct problem *err)
{
	if (q->format == OUT_CSV)
		rows_csv_header(out, q);
	if (rows_page(q, keys->pk, n, out) != 0)
		return step_failed(q, "list query", err);
	return 0;
}

/*
 * Sets *best to the candidate condition with the fewest matches, counted
 * up to ten times the probes' cap (a covering index each, a few
 * milliseconds at most), each no further than the smallest so far; *best
 * stays as it is when all reach the cap. Returns 0 or -1 with *err set.
 */
static int smallest(const struct query *q, size_t *best, struct problem *err)
{
	sqlite3_int64 best_n = 10 * STREAM_PROBE_FACTOR * selective_rows;
	size_t i;

	for (i = 0; i < q->nwhere; i++) {
		sqlite3_int64 n;

		if (!candidate(q, &q->where[i]))
			continue;
		n = probe(q, &q->where[i], best_n);
		if (n < 0)
			return step_failed(q, "list probe", err);
		if (n < best_n) {
			best_n = n;
			*best = i;
		}
	}
	return 0;
}

/*
 * Whether a page beside a search too common to drive is read from the
 * whole stream of another condition (a kind's actors by name), each row
 * checked against the search's matches read once a statement, rather
 * than from those matches: each of them is a row read and sorted, where
 * the stream is an index walked in order. The stream is read while its
 * count (a kept one: one row to read) is under WALK_PER_LOOKUP times the
 * search's matches. /actors?q=united&kind=government&sort=name at 1M:
 * 19,800 matches read and sorted in 35-47 ms, the kind's stream of
 * 143,000 actors in 9-13.
 */
#define WALK_PER_LOOKUP 10

static int stream_walked_whole(const struct query *q, size_t stream,
			       size_t best, sqlite3_int64 best_n)
{
	sqlite3_int64 n;

	/* A search's matches are read once a statement; another
	 * condition without a stream would be a row read per row walked. */
	if (stream >= q->nwhere || best >= q->nwhere || best == stream ||
	    &q->where[best] != query_search(q) ||
	    streams(q, &q->where[best]) ||
	    !q->where[stream].estimate_sql || best_n <= 0)
		return 0;
	n = probe(q, &q->where[stream], WALK_PER_LOOKUP * best_n);
	return n >= 0 && n < WALK_PER_LOOKUP * best_n;
}

/*
 * Chooses how to find a page's keys. Where the copy of the events'
 * columns can test every condition (copy_keys.h) and there are several
 * to combine, or one common one, it finds the page: a few nanoseconds an
 * event where SQLite reads a table row. Otherwise conditions without a
 * probe (and ranges on the sort key, which narrow the walk) always
 * filter as written. Among the others, the one with fewest matches under
 * selective_rows drives through its index and the rest are checked per
 * row. With none that selective, an index is walked in sort order (the
 * smallest condition's own, when it has one for this order; else the
 * sort order's) and every other condition checked per row, which stops
 * at the page limit when matches are common. When they turn out rare
 * (the walk reads 2 x selective_rows rows without filling the page), the
 * smallest condition drives instead (by its probe, counted further when
 * all reached the probes' cap): its own stream is read whole
 * when it has one, else its matches are found through its index and
 * sorted. A page so costs at most the walk's budget plus the smallest
 * matching set, never the whole table.
 */
static int find_keys(const struct query *q, struct keys *keys,
		     struct problem *err)
{
	const char *sqls[QUERY_MAX_WHERE];
	size_t i, best = q->nwhere, stream = q->nwhere, ncand = 0;
	sqlite3_int64 best_n = -1, stream_n = -1, cap;
	int rc;

	if (q->by_relevance)
		return keys_by_relevance(q, keys, err);
	/*
	 * A search of actors beside a kind or a country, or alone in an
	 * order other than names' (whose index a plan below walks): its
	 * matches tested and ordered in memory (actor_columns.h), not a
	 * row read for each (q=states&sort=-updated_at at 1M: 20 ms so,
	 * 2.5 this way).
	 */
	if (q->res == &actors_resource &&
	    (q->nwhere > 1 || strcmp(q->sort->name, "name") != 0) &&
	    (rc = keys_from_actor_columns(q, keys, err)) != 0)
		return rc < 0 ? -1 : 0;
	for (i = 0; i < q->nwhere; i++)
		ncand += candidate(q, &q->where[i]);
	/*
	 * A search of actors or sources with no other condition to weigh it
	 * against (a kind, a country): its probe, counting up to
	 * selective_rows matches, only added to SQLite's own plan
	 * (/actors?q=police at 1M: p50 1.19 ms so, 1.73 probed).
	 */
	if (ncand == 1 && !q->res->fts_stream && query_search(q) &&
	    candidate(q, query_search(q))) {
		drive_with(q, q->nwhere, sqls);
		return keys_by_index(q, sqls, NULL, keys, err);
	}
	/*
	 * One condition with a stream in this order: nothing to weigh, its
	 * stream is the page in order. When others beside it are not
	 * weighed (a negation, a map's point), they may reject most of its
	 * stream, read to its end row by row (actor=A&not_actor=A at 1M:
	 * 900 ms for none): the copy tests them all first, where it can;
	 * a search by date's matches too, each once at most
	 * (q=united&not_quad_class=1,2,3,4 at 1M read the word's stream to
	 * its end for none: 240-330 ms).
	 */
	if (ncand == 1 && q->nwhere > 1 &&
	    (rc = keys_from_copy(q, 1, search_by_date(q), keys, err)) != 0)
		return rc < 0 ? -1 : 0;
	for (i = 0; ncand == 1 && i < q->nwhere; i++) {
		if (candidate(q, &q->where[i]) && streams(q, &q->where[i]))
			return keys_by_walk(q, i, LONG_MAX, keys, err) <
				0 ? -1 : 0;
	}
	/* One candidate is weighed against nothing: whether it is selective
	 * is all there is to know. */
	cap = ncand == 1 ? selective_rows : STREAM_PROBE_FACTOR *
		selective_rows;
	for (i = 0; i < q->nwhere; i++) {
		sqlite3_int64 n;

		if (!candidate(q, &q->where[i]))
			continue;
		n = probe(q, &q->where[i], cap);
		if (n < 0)
			return step_failed(q, "list probe", err);
		if (best_n < 0 || n < best_n) {
			best_n = n;
			best = i;
		}
		if (streams(q, &q->where[i]) && (stream_n < 0 ||
						 n < stream_n)) {
			stream_n = n;
			stream = i;
		}
	}
	/* A condition no row passes (updated_since in the future): no
	 * page, where the copy read a search's every match to test it. */
	if (best_n == 0)
		return 0;
	/*
	 * Conditions to combine, or one common one besides conditions that
	 * are not weighed: tested in the copy of the events' columns
	 * (copy_keys.h), where the SQL below reads a table row per event to
	 * check them. The copy is walked only when every condition is common
	 * (none drives a read of fewer than selective_rows rows).
	 */
	if ((ncand > 1 || best_n >= selective_rows) &&
	    (rc = keys_from_copy(q, best_n >= selective_rows, 0, keys,
				 err)) != 0)
		return rc < 0 ? -1 : 0;
	/* A search by date whose matches beside the condition are few:
	 * found in the copy (the condition's events looked up among the
	 * word's when far fewer: columns_tests.h). */
	if (search_copied_beside(q, best, best_n, keys->cap) &&
	    (rc = keys_from_copy(q, 1, 1, keys, err)) != 0)
		return rc < 0 ? -1 : 0;
	/*
	 * A stream counted whole by its probe costs at most that count:
	 * read it whole at once rather than after a walk that falls short.
	 */
	if (best < q->nwhere && streams(q, &q->where[best]) &&
	    best_n < STREAM_PROBE_FACTOR * selective_rows)
		return keys_by_walk(q, best, LONG_MAX, keys, err) < 0 ?
			-1 : 0;
	if (ncand && best_n >= selective_rows) {
		if (search_by_date(q) &&
		    (rc = search_walked_or_copied(q, stream, keys, err)) <= 0)
			return rc;
		/* Read whole at once where it would be after falling short:
		 * a walk that fills the page stops there either way. */
		if (stream_walked_whole(q, stream, best, best_n))
			return keys_by_walk(q, stream, LONG_MAX, keys, err) <
				0 ? -1 : 0;
		rc = keys_by_walk(q, stream, 2 * selective_rows, keys, err);
		if (rc <= 0)
			return rc;
		keys->n = 0;
		/* All counted past the probes' cap: count further, to
		 * drive the smallest; a search newly found smallest is
		 * weighed against the stream as above. */
		if (best_n >= STREAM_PROBE_FACTOR * selective_rows) {
			size_t was = best;

			if (smallest(q, &best, err) != 0)
				return -1;
			if (best != was &&
			    stream_walked_whole(q, stream, best, best_n))
				return keys_by_walk(q, stream, LONG_MAX, keys,
						    err) < 0 ? -1 : 0;
		}
	}
	/*
	 * The driver's own stream, when it has one, is read whole with the
	 * others merged or checked: no sort, and no lookup per row for the
	 * conditions with streams.
	 */
	if (best < q->nwhere && streams(q, &q->where[best]))
		return keys_by_walk(q, best, LONG_MAX, keys, err) < 0 ?
			-1 : 0;
	drive_with(q, best, sqls);
	/* A range drives from its own index, which holds each match's date
	 * (migration 37): no row is read for it. */
	if (best < q->nwhere && q->where[best].filter &&
	    q->where[best].filter->range_index) {
		sqls[best] = q->where[best].filter->direct_sql;
		return keys_by_index(q, sqls, q->where[best].filter->range_index,
				     keys, err);
	}
	return keys_by_index(q, sqls, NULL, keys, err);
}

int query_list(const struct query *q, struct buf *out,
	       struct query_page *page, struct problem *err)
{
	struct keys keys;
	int rc;

	memset(page, 0, sizeof(*page));
	memset(&keys, 0, sizeof(keys));
	keys.cap = (size_t)q->limit + 1;
	keys.pk = xcalloc(keys.cap, sizeof(*keys.pk));
	rc = find_keys(q, &keys, err);
	if (rc == 0) {
		page->more = keys.n > q->limit;
		page->rows = page->more ? q->limit : keys.n;
		page->last_value = keys.last;
		page->last_pk = page->rows ? keys.pk[page->rows - 1] : 0;
		rc = render(q, &keys, page->rows, out, err);
	}
	free(keys.pk);
	return rc;
}

/* The count of q's one condition, read from its summary (count_sql). */
static int summary_count(const struct query *q, sqlite3_int64 *total,
			 struct problem *err)
{
	dbs *st = db_stmt(q->where[0].count_sql);
	int rc;

	if (!st)
		return db_fail("count query", err);
	bind_condition(st, &q->where[0]);
	rc = dbs_step(st);
	*total = rc == SQLITE_ROW ? dbs_column_int64(st, 0) : 0;
	db_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
		db_fail("count query", err);
}

/*
 * Counts through the smallest condition's index: one condition alone is
 * counted by its probe (a covering index, no table rows); several are
 * counted by driving the smallest and checking the rest.
 */
/*
 * Probes weighing which condition drives a scan of every match count no
 * further: past it, any of them costs more than the probes.
 */
#define MATCHING_PROBE_CAP (10 * STREAM_PROBE_FACTOR * selective_rows)

/*
 * Sets *best to the condition that drives a scan of every match: the one
 * with fewest matches by its probe (counted up to MATCHING_PROBE_CAP, or
 * *best_n when it is not -1: a count already found), with *best_n its
 * count; *best is q->nwhere when none has fewer. Ranges counted together
 * (direct_sql, probe_ranges) are not counted alone: together they match
 * no more. Returns 0 or -1 with *err set.
 */
static int best_driver(const struct query *q, size_t *best,
		       sqlite3_int64 *best_n, struct problem *err)
{
	size_t i, ncandidates = 0;

	*best = q->nwhere;
	for (i = 0; i < q->nwhere; i++) {
		if (plannable(&q->where[i]) && !q->where[i].direct_sql) {
			ncandidates++;
			*best = i;
		}
	}
	/* One, with nothing counted to weigh it against, drives whatever
	 * its count: not counted (a common word's matches took 1 s on
	 * PostgreSQL at 1M events, its index read whole). */
	if (ncandidates == 1 && *best_n < 0)
		return 0;
	*best = q->nwhere;
	for (i = 0; i < q->nwhere; i++) {
		sqlite3_int64 n;

		if (!plannable(&q->where[i]) || q->where[i].direct_sql)
			continue;
		/* No further than the smallest so far: a larger set is not
		 * counted whole just to lose. */
		n = probe(q, &q->where[i], *best_n < 0 ? MATCHING_PROBE_CAP :
			  *best_n);
		if (n < 0)
			return step_failed(q, "count probe", err);
		if (*best_n < 0 || n < *best_n) {
			*best_n = n;
			*best = i;
		}
	}
	return 0;
}

/*
 * For a statement that walks no sort order (counts, aggregations): ranges
 * drive_with() wrote for the walk (on its sort value s) as plain tests.
 */
static void unwalked(const struct query *q, const char **sqls)
{
	size_t i;

	for (i = 0; i < q->nwhere; i++) {
		if (sqls[i] == q->where[i].range_sql)
			sqls[i] = q->where[i].sql;
	}
}

/*
 * How many rows the ranges on key `key` match together (their direct
 * forms), counted up to cap (-1: all); -1 on error.
 */
static sqlite3_int64 probe_ranges(const struct query *q, const char *key,
				  sqlite3_int64 cap)
{
	struct buf sql = BUF_INIT;
	const char *sep = " WHERE ";
	dbs *st;
	sqlite3_int64 n = -1;
	size_t i, order[QUERY_MAX_WHERE], norder = 0;
	int at = 1;

	buf_printf(&sql, "SELECT count(*) FROM (SELECT 1 FROM %s",
		   q->res->from);
	for (i = 0; i < q->nwhere; i++) {
		const struct condition *c = &q->where[i];

		if (!c->direct_sql || strcmp(c->range_of, key) != 0)
			continue;
		buf_printf(&sql, "%s(%s)", sep, c->direct_sql);
		sep = " AND ";
		order[norder++] = i;
	}
	buf_puts(&sql, " LIMIT ?)");
	st = db_stmt(buf_str(&sql));
	buf_free(&sql);
	if (!st)
		return -1;
	bind_in_order(st, q, order, norder, &at);
	dbs_bind_int64(st, at, cap);
	if (dbs_step(st) == SQLITE_ROW)
		n = dbs_column_int64(st, 0);
	db_done(st);
	return n;
}

int query_bind_number(const struct query *q, size_t i)
{
	int at = 1;
	size_t j;

	for (j = 0; j < i; j++)
		at += q->where[j].nbinds;
	return at;
}

/*
 * Whether driver, which drives q's scan of every match, reads only the
 * dates asked for (dated_sql): then *from and *to are the date
 * conditions (q->nwhere for one not given).
 */
static int dated_driver(const struct query *q, size_t driver,
			const char *const *sqls, size_t *from, size_t *to)
{
	const struct condition *d = &q->where[driver];
	size_t i;

	*from = *to = q->nwhere;
	if (!d->filter || !d->filter->dated_sql || d->form != FORM_ONE ||
	    sqls[driver] != d->filter->sql)
		return 0;
	for (i = 0; i < q->nwhere; i++) {
		const struct condition *c = &q->where[i];

		if (!c->filter || c->form != FORM_ONE)
			continue;
		if (c->filter->kind == VAL_DATE_FROM)
			*from = i;
		else if (c->filter->kind == VAL_DATE_TO)
			*to = i;
	}
	return *from < q->nwhere || *to < q->nwhere;
}

/* A bound of the dated driver: condition i's first value, or none. */
static void put_bound(struct buf *sql, const struct query *q, size_t i,
		      const char *none)
{
	if (i < q->nwhere)
		buf_printf(sql, "?%d", query_bind_number(q, i));
	else
		buf_puts(sql, none);
}

/*
 * where_clause() with the driver written dated (dated_sql, its bounds the
 * date conditions' values): every value is numbered as bind_where()
 * binds it, and the last is numbered last, so that a "?" after the clause
 * is the next.
 */
static void dated_where(struct buf *sql, const struct query *q,
			const char *const *sqls, size_t driver, size_t from,
			size_t to)
{
	const char *sep = " WHERE ";
	int at = 1;
	size_t i;

	for (i = 0; i < q->nwhere; i++) {
		const char *f = i == driver ? q->where[i].filter->dated_sql :
			sqls[i];

		buf_printf(sql, "%s(", sep);
		for (; *f; f++) {
			if (*f != '?')
				buf_putc(sql, *f);
			else if (f[1] == 'L' && f++)
				put_bound(sql, q, from, "''");
			else if (f[1] == 'H' && f++)
				put_bound(sql, q, to, "'~'");
			else
				buf_printf(sql, "?%d", at++);
		}
		buf_putc(sql, ')');
		sep = " AND ";
	}
}

int query_matching(const struct query *q, struct buf *sql,
		   struct problem *err)
{
	const char *sqls[QUERY_MAX_WHERE], *range = NULL;
	sqlite3_int64 best_n, n, kept = -1;
	size_t best, i, from, to;

	/*
	 * The counts kept (estimate_sql) cost a row each: read first, the
	 * smallest caps the count of the ranges, which read their index.
	 */
	for (i = 0; i < q->nwhere; i++) {
		const struct condition *c = &q->where[i];

		if (!plannable(c) || c->direct_sql || !c->estimate_sql)
			continue;
		n = probe(q, c, MATCHING_PROBE_CAP);
		if (n < 0)
			return step_failed(q, "count probe", err);
		if (kept < 0 || n < kept)
			kept = n;
	}
	/*
	 * Ranges on one key (from and to) count together, once, and first:
	 * a narrow window then caps the other probes.
	 */
	best_n = -1;
	for (i = 0; i < q->nwhere; i++) {
		const struct condition *c = &q->where[i];
		size_t j;

		for (j = 0; c->direct_sql && j < i; j++) {
			if (q->where[j].direct_sql &&
			    strcmp(q->where[j].range_of, c->range_of) == 0)
				break;
		}
		if (!c->direct_sql || j < i)
			continue;
		n = probe_ranges(q, c->range_of, best_n >= 0 ? best_n :
				 kept >= 0 ? kept : MATCHING_PROBE_CAP);
		if (n < 0)
			return step_failed(q, "count probe", err);
		if ((best_n < 0 || n < best_n) && (kept < 0 || n < kept)) {
			best_n = n;
			range = c->range_of;
		}
	}
	if (best_driver(q, &best, &best_n, err) != 0)
		return -1;
	/*
	 * Fewest matches in the dates: a condition that reads only those
	 * dates from its own index (dated_sql) reads fewer still, the
	 * events of both.
	 */
	for (i = 0; best == q->nwhere && range && strcmp(range, "date") == 0 &&
	     i < q->nwhere; i++) {
		const struct condition *c = &q->where[i];

		if (plannable(c) && c->form == FORM_ONE && c->filter &&
		    c->filter->dated_sql)
			best = i;
	}
	if (best < q->nwhere)
		range = NULL;
	drive_with(q, best, sqls);
	unwalked(q, sqls);
	for (i = 0; range && i < q->nwhere; i++) {
		const struct condition *c = &q->where[i];

		if (c->direct_sql && strcmp(c->range_of, range) == 0)
			sqls[i] = c->direct_sql;
		else if (plannable(c))
			sqls[i] = c->check_sql;
	}
	if (best < q->nwhere && dated_driver(q, best, sqls, &from, &to))
		dated_where(sql, q, sqls, best, from, to);
	else
		where_clause(sql, q, sqls);
	return 0;
}

int query_bind(dbs *st, const struct query *q)
{
	return bind_where(st, q);
}

int query_bind_at(dbs *st, const struct query *q, int at)
{
	size_t i;
	int j;

	for (i = 0; i < q->nwhere; i++) {
		for (j = 0; j < q->where[i].nbinds; j++)
			query_bind_value(st, at++, &q->where[i].binds[j]);
	}
	return at;
}

int query_failed(const struct query *q, const char *what,
		 struct problem *err)
{
	return step_failed(q, what, err);
}

/* Counts one more match into *(sqlite3_int64 *)n. */
static int count_key(sqlite3_int64 key, void *n)
{
	(void)key;
	++*(sqlite3_int64 *)n;
	return 0;
}

/* Runs sql (freed), a count of q's matches bound as query_bind() binds. */
static int count_by(const struct query *q, struct buf *sql,
		    sqlite3_int64 *total, struct problem *err)
{
	dbs *st = db_stmt(buf_str(sql));
	int rc;

	buf_free(sql);
	if (!st)
		return db_fail("count query", err);
	bind_where(st, q);
	rc = dbs_step(st);
	if (rc != SQLITE_ROW) {
		rc = step_failed(q, "count query", err);
		db_done(st);
		return rc;
	}
	*total = dbs_column_int64(st, 0);
	db_done(st);
	return 0;
}

int query_count(const struct query *q, sqlite3_int64 *total,
		struct problem *err)
{
	struct buf sql = BUF_INIT;
	int rc;

	if (q->nwhere == 1 && q->where[0].count_sql)
		return summary_count(q, total, err);
	/* A search of actors beside a kind or a country, in memory. */
	if (q->nwhere > 1 && (rc = actor_columns_count(q, total)) != 0)
		return rc < 0 ? step_failed(q, "count query", err) : 0;
	/* Actors or sources under filters their kept numbers hold. */
	if (kept_counts_count_sql(q, &sql))
		return count_by(q, &sql, total, err);
	/*
	 * A search of one phrase alone: its matches counted as FTS5's own
	 * loop reads them (match_keys.h). A word's count of rows from
	 * fts5vocab read the same postings more slowly:
	 * /events?count=exact&q=police at 1M took 6.5 ms of CPU so, 5.4 by
	 * the loop. Other searches are counted below (by the loop's SQL
	 * fallback, one step a match, they took 1.5 times as long).
	 */
	if (q->nwhere == 1 && searches_once(q, &q->where[0])) {
		/* One word: its count kept with the copy, when it is. */
		rc = term_docs_count(q->res->fts_table,
				     q->where[0].binds[0].text, total);
		if (rc != 0)
			return rc < 0 ? step_failed(q, "count query", err) : 0;
		*total = 0;
		rc = match_keys_of_phrase(q->res->fts_table,
					  q->where[0].binds[0].text,
					  count_key, total);
		if (rc != 0)
			return rc < 0 ? step_failed(q, "count query", err) : 0;
	}
	/*
	 * One condition's probe, uncapped, is its count; not a negation's,
	 * which may only say "many" (not_country=: its cap, events_db.c).
	 */
	if (q->nwhere == 1 && plannable(&q->where[0]) &&
	    q->where[0].form != FORM_NOT) {
		*total = probe(q, &q->where[0], -1);
		return *total < 0 ? step_failed(q, "count probe", err) : 0;
	}
	buf_printf(&sql, "SELECT count(*) FROM %s", q->res->from);
	if (query_matching(q, &sql, err) != 0) {
		buf_free(&sql);
		return -1;
	}
	return count_by(q, &sql, total, err);
}

int query_item(const struct query *q, const char *key, struct buf *out,
	       struct problem *err)
{
	struct buf sql = BUF_INIT;
	dbs *st;
	sqlite3_int64 pk;
	int rc;

	buf_printf(&sql, "SELECT %s FROM %s WHERE %s", q->res->pk, q->res->from,
		   q->res->key_sql);
	st = db_stmt(buf_str(&sql));
	buf_free(&sql);
	if (!st)
		return db_fail("item query", err);
	dbs_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	rc = dbs_step(st);
	pk = rc == SQLITE_ROW ? dbs_column_int64(st, 0) : 0;
	db_done(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW || rows_page(q, &pk, 1, out) != 0)
		return db_fail("item query", err);
	return 1;
}
