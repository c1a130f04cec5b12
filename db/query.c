/* SPDX-License-Identifier: MIT */
/*
 * SQL generation and execution for resource descriptions (see query.h).
 * Only fragments from the descriptions reach the SQL text; every value a
 * client sent is bound as a parameter.
 */
#include "query.h"


#include <string.h>

#include "db.h"
#include "log.h"
#include "utf8.h"

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

static int selected(const struct query *q, size_t i)
{
	return (q->fields >> i) & 1;
}

/* json_object('id', e.id, ...) over the selected fields. */
static void json_select(struct buf *sql, const struct query *q)
{
	const struct resource *r = q->res;
	const char *sep = "";
	size_t i;

	buf_puts(sql, "json_object(");
	for (i = 0; i < r->nfields; i++) {
		if (!selected(q, i))
			continue;
		buf_printf(sql, "%s'%s', %s", sep, r->fields[i].name,
			   r->fields[i].sql);
		sep = ", ";
	}
	buf_putc(sql, ')');
}

/* The selected fields as separate columns, for CSV. */
static void column_select(struct buf *sql, const struct query *q)
{
	const struct resource *r = q->res;
	const char *sep = "";
	size_t i;

	for (i = 0; i < r->nfields; i++) {
		if (!selected(q, i))
			continue;
		buf_printf(sql, "%s%s", sep, r->fields[i].sql);
		sep = ", ";
	}
}

static void bind_value(sqlite3_stmt *st, int i, const struct value *v);

/* Binds a condition's values from parameter 1. */
static void bind_condition(sqlite3_stmt *st, const struct condition *c)
{
	int j;

	for (j = 0; j < c->nbinds; j++)
		bind_value(st, j + 1, &c->binds[j]);
}

static long selective_rows = 5000;

void query_set_selective_rows(long rows)
{
	selective_rows = rows;
}

/* How many rows match c alone, counted up to selective_rows; -1 on error. */
static long probe(const struct condition *c)
{
	sqlite3_stmt *st = db_stmt(c->probe_sql);
	long n = -1;

	if (!st)
		return -1;
	bind_condition(st, c);
	sqlite3_bind_int64(st, c->nbinds + 1, selective_rows);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	db_done(st);
	return n;
}

/*
 * Chooses how each condition is written for a page: the most selective
 * probed condition under selective_rows drives through its index, the other
 * probed ones become row checks; with none that selective, all become
 * row checks and the sort order's index drives, stopping at the limit.
 */
static void plan(const struct query *q, const char **sqls)
{
	long best_n = selective_rows;
	size_t i, best = q->nwhere;

	for (i = 0; i < q->nwhere; i++) {
		long n;

		sqls[i] = q->where[i].sql;
		if (!q->where[i].probe_sql || !q->where[i].check_sql)
			continue;
		n = probe(&q->where[i]);
		if (n >= 0 && n < best_n) {
			best_n = n;
			best = i;
		}
	}
	for (i = 0; i < q->nwhere; i++) {
		if (i != best && q->where[i].check_sql &&
		    q->where[i].probe_sql)
			sqls[i] = q->where[i].check_sql;
	}
}

static void where_clause(struct buf *sql, const struct query *q,
			 const char *const *sqls, int page)
{
	const char *sep = " WHERE ";
	size_t i;

	for (i = 0; i < q->nwhere; i++) {
		buf_printf(sql, "%s(%s)", sep,
			   sqls ? sqls[i] : q->where[i].sql);
		sep = " AND ";
	}
	if (page && q->after)
		buf_printf(sql, "%s(%s, %s) %c (?, ?)", sep, q->sort->sql,
			   q->res->pk, q->descending ? '<' : '>');
}

static void bind_value(sqlite3_stmt *st, int i, const struct value *v)
{
	if (v->is_int)
		sqlite3_bind_int64(st, i, v->i);
	else
		sqlite3_bind_text(st, i, v->text, -1, SQLITE_TRANSIENT);
}

/* Binds the conditions' values from parameter 1; returns the next index. */
static int bind_where(sqlite3_stmt *st, const struct query *q)
{
	int n = 1;
	size_t i;
	int j;

	for (i = 0; i < q->nwhere; i++) {
		for (j = 0; j < q->where[i].nbinds; j++)
			bind_value(st, n++, &q->where[i].binds[j]);
	}
	return n;
}

/* Returns 1 when FTS5 rejects text as a query expression. */
static int bad_search(const struct resource *r, const char *text)
{
	char sql[160];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT 1 FROM %s WHERE %s MATCH ? LIMIT 1",
		 r->fts_table, r->fts_table);
	st = db_stmt(sql);
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	db_done(st);
	return rc != SQLITE_ROW && rc != SQLITE_DONE &&
	       (rc & 0xff) == SQLITE_ERROR;
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

	if (sqlite3_errcode(db_conn()) == SQLITE_INTERRUPT)
		return db_fail(what, err);
	snprintf(msg, sizeof(msg), "%s", sqlite3_errmsg(db_conn()));
	for (i = 0; i < q->nwhere; i++) {
		if (q->where[i].sql != q->res->fts ||
		    !bad_search(q->res, q->where[i].binds[0].text))
			continue;
		return problem_param(err, PROB_INVALID_SEARCH, "q",
				     "q is not a valid search expression "
				     "(%s); put words with special characters "
				     "in double quotes, e.g. q=\"non-core\"",
				     msg);
	}
	log_msg(LOG_ERROR, "sqlite: %s: %s", what, msg);
	return problem_set(err, PROB_INTERNAL,
			   "the request could not be completed");
}

/* RFC 4180: quote a cell only when it holds a delimiter or quote. */
static void csv_cell(struct buf *out, const char *s, size_t n)
{
	size_t i;

	if (!memchr(s, ',', n) && !memchr(s, '"', n) &&
	    !memchr(s, '\r', n) && !memchr(s, '\n', n)) {
		buf_append(out, s, n);
		return;
	}
	buf_putc(out, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_putc(out, '"');
		buf_putc(out, s[i]);
	}
	buf_putc(out, '"');
}

static void csv_header(struct buf *out, const struct query *q)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < q->res->nfields; i++) {
		if (!selected(q, i))
			continue;
		buf_printf(out, "%s%s", sep, q->res->fields[i].name);
		sep = ",";
	}
	buf_puts(out, "\r\n");
}

static void csv_row(struct buf *out, sqlite3_stmt *st, int ncols)
{
	int c;

	for (c = 0; c < ncols; c++) {
		if (c)
			buf_putc(out, ',');
		if (sqlite3_column_type(st, c) == SQLITE_NULL)
			continue;
		csv_cell(out, (const char *)sqlite3_column_text(st, c),
			 (size_t)sqlite3_column_bytes(st, c));
	}
	buf_puts(out, "\r\n");
}

static void copy_value(struct value *v, sqlite3_stmt *st, int col)
{
	memset(v, 0, sizeof(*v));
	if (sqlite3_column_type(st, col) == SQLITE_INTEGER) {
		v->is_int = 1;
		v->i = sqlite3_column_int64(st, col);
	} else {
		const char *t = (const char *)sqlite3_column_text(st, col);
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

int query_list(const struct query *q, struct buf *out,
	       struct query_page *page, struct problem *err)
{
	struct buf sql = BUF_INIT;
	const char *sqls[QUERY_MAX_WHERE];
	sqlite3_stmt *st;
	int ncols = 1, rc, n;
	size_t i;

	memset(page, 0, sizeof(*page));
	plan(q, sqls);
	/*
	 * Two phases: the inner query finds the page's keys (sort value and
	 * pk) with ORDER BY and LIMIT; only those rows are then rendered. A
	 * single query would render every matching row before sorting.
	 */
	buf_puts(&sql, "SELECT ");
	if (q->format == OUT_CSV) {
		column_select(&sql, q);
		for (i = 0, ncols = 0; i < q->res->nfields; i++)
			ncols += selected(q, i);
	} else {
		json_select(&sql, q);
	}
	buf_printf(&sql, ", page.s, page.k FROM (SELECT %s AS s, %s AS k"
		   " FROM %s", q->sort->sql, q->res->pk, q->res->from);
	where_clause(&sql, q, sqls, 1);
	buf_printf(&sql, " ORDER BY s %s, k %s LIMIT ?) AS page JOIN %s"
		   " ON %s = page.k ORDER BY page.s %s, page.k %s",
		   q->descending ? "DESC" : "ASC",
		   q->descending ? "DESC" : "ASC", q->res->from, q->res->pk,
		   q->descending ? "DESC" : "ASC",
		   q->descending ? "DESC" : "ASC");
	st = db_stmt(buf_str(&sql));
	buf_free(&sql);
	if (!st)
		return db_fail("list query", err);
	n = bind_where(st, q);
	if (q->after) {
		bind_value(st, n++, &q->after_value);
		sqlite3_bind_int64(st, n++, q->after_pk);
	}
	/* One row more than asked says whether a next page exists. */
	sqlite3_bind_int64(st, n, (sqlite3_int64)q->limit + 1);

	if (q->format == OUT_CSV)
		csv_header(out, q);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (page->rows == q->limit) {
			page->more = 1;
			break;
		}
		if (q->format == OUT_CSV) {
			csv_row(out, st, ncols);
		} else {
			if (page->rows && q->format == OUT_JSON)
				buf_putc(out, ',');
			buf_append(out, sqlite3_column_text(st, 0),
				   (size_t)sqlite3_column_bytes(st, 0));
			if (q->format == OUT_NDJSON)
				buf_putc(out, '\n');
		}
		copy_value(&page->last_value, st, ncols);
		page->last_pk = sqlite3_column_int64(st, ncols + 1);
		page->rows++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = step_failed(q, "list query", err);
		db_done(st);
		return rc;
	}
	db_done(st);
	return 0;
}

int query_count(const struct query *q, sqlite3_int64 *total,
		struct problem *err)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	int rc;

	buf_printf(&sql, "SELECT count(*) FROM %s", q->res->from);
	where_clause(&sql, q, NULL, 0);
	st = db_stmt(buf_str(&sql));
	buf_free(&sql);
	if (!st)
		return db_fail("count query", err);
	bind_where(st, q);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = step_failed(q, "count query", err);
		db_done(st);
		return rc;
	}
	*total = sqlite3_column_int64(st, 0);
	db_done(st);
	return 0;
}

int query_item(const struct query *q, const char *key, struct buf *out,
	       struct problem *err)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	int rc;

	buf_puts(&sql, "SELECT ");
	json_select(&sql, q);
	buf_printf(&sql, " FROM %s WHERE %s", q->res->from, q->res->key_sql);
	st = db_stmt(buf_str(&sql));
	buf_free(&sql);
	if (!st)
		return db_fail("item query", err);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		buf_append(out, sqlite3_column_text(st, 0),
			   (size_t)sqlite3_column_bytes(st, 0));
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return db_fail("item query", err);
}
