/* SPDX-License-Identifier: MIT */
/* The highlights of a search for the rows of a page (see page_matches.h). */
#include "page_matches.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "resource.h"
#include "xalloc.h"

/* Words of a snippet at most: a quote's sentence or so around a match. */
#define SNIPPET_TOKENS 24

/*
 * Matches the scan of the page's key range reads, per row of the page,
 * before the rows it has not reached are found one by one. Reading the
 * next match costs FTS5 about a hundredth of finding one row: a page
 * whose rows lie far apart among the matches costs at most a fifth more
 * than finding each, and a run of rows (a page by date) far less.
 */
#define SCAN_PER_ROW 20

/* A row of the page by its full-text key. */
struct keyed {
	sqlite3_int64 key;
	size_t place;
};

struct page_matches {
	struct buf text;
	size_t *start, *len;	/* place i's: text[start[i]], len[i] bytes */
	int *found;		/* place i's highlights were read */
	size_t places;
};

static int by_key(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;

	return (a->key > b->key) - (a->key < b->key);
}

/* Keeps the highlights of the row st is on (column col) for place. */
static void keep(struct page_matches *m, size_t place, dbs *st,
		 int col)
{
	m->found[place] = 1;
	m->start[place] = m->text.len;
	m->len[place] = (size_t)dbs_column_bytes(st, col);
	buf_append(&m->text, dbs_column_text(st, col), m->len[place]);
}

/*
 * The rows' full-text keys into k[0..*nk), sorted; 0, or -1 after a
 * failed step.
 */
static int page_keys(const struct resource *r, const char *pks, size_t n,
		     struct keyed *k, size_t *nk)
{
	struct buf sql = BUF_INIT;
	dbs *st;
	int rc;

	buf_printf(&sql, "SELECT j.key, %s FROM " PAGE " CROSS JOIN %s"
		   " ON %s = " PAGE_PK, r->fts_key, r->from, r->pk);
	st = db_stmt(buf_str(&sql));
	buf_free(&sql);
	if (!st)
		return -1;
	dbs_bind_text(st, 1, pks, -1, SQLITE_STATIC);
	*nk = 0;
	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		sqlite3_int64 place = dbs_column_int64(st, 0);

		if (place < 0 || (size_t)place >= n)
			continue;
		k[*nk].key = dbs_column_int64(st, 1);
		k[(*nk)++].place = (size_t)place;
	}
	db_done(st);
	qsort(k, *nk, sizeof(*k), by_key);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Reads the highlights of the matches between the first and last keys
 * in order, those of the page's rows kept, up to a cap of matches; *done
 * tells whether the range was read to its end, else *reached is the last
 * key read. 0, or -1 after a failed step.
 */
static int scan(struct page_matches *m, const struct resource *r,
		const char *search, const struct keyed *k, size_t nk,
		int *done, sqlite3_int64 *reached)
{
	struct buf sql = BUF_INIT, keys = BUF_INIT;
	sqlite3_int64 cap = (sqlite3_int64)(SCAN_PER_ROW * nk), read = 0;
	dbs *st;
	size_t i;
	int rc;

	buf_printf(&sql, "SELECT rowid, CASE WHEN rowid IN (SELECT"
		   " CAST(value AS INTEGER) FROM"
		   " json_each(?2)) THEN highlights(%s, %d) END FROM %s"
		   " WHERE %s MATCH ?1 AND rowid BETWEEN ?3 AND ?4"
		   " ORDER BY rowid LIMIT ?5", r->fts_table, SNIPPET_TOKENS,
		   r->fts_table, r->fts_table);
	st = db_stmt(buf_str(&sql));
	buf_free(&sql);
	if (!st)
		return -1;
	buf_putc(&keys, '[');
	for (i = 0; i < nk; i++)
		buf_printf(&keys, "%s%lld", i ? "," : "", (long long)k[i].key);
	buf_putc(&keys, ']');
	dbs_bind_text(st, 1, search, -1, SQLITE_STATIC);
	dbs_bind_text(st, 2, buf_str(&keys), -1, SQLITE_STATIC);
	dbs_bind_int64(st, 3, k[0].key);
	dbs_bind_int64(st, 4, k[nk - 1].key);
	dbs_bind_int64(st, 5, cap);
	i = 0;
	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		sqlite3_int64 key = dbs_column_int64(st, 0);

		read++;
		*reached = key;
		if (dbs_column_type(st, 1) == SQLITE_NULL)
			continue;
		while (i < nk && k[i].key < key)
			i++;
		for (; i < nk && k[i].key == key; i++)
			keep(m, k[i].place, st, 1);
	}
	db_done(st);
	buf_free(&keys);
	*done = read < cap;
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The highlights of the rows past `reached`, one by one, by sql (?1 the
 * search, ?2 the row's key): 1 when read, 0 when sql gave NULL (a search
 * highlights_of() cannot read; none kept after it), -1 after a failed
 * step.
 */
static int row_by_row(struct page_matches *m, const char *sql,
		      const char *search, const struct keyed *k, size_t nk,
		      sqlite3_int64 reached)
{
	dbs *st = db_stmt(sql);
	size_t i;
	int rc, ret = 1;

	if (!st)
		return -1;
	dbs_bind_text(st, 1, search, -1, SQLITE_STATIC);
	for (i = 0; i < nk && ret == 1; i++) {
		if (k[i].key <= reached)	/* the scan read it */
			continue;
		dbs_bind_int64(st, 2, k[i].key);
		rc = dbs_step(st);
		if (rc == SQLITE_ROW && dbs_column_type(st, 0) == SQLITE_NULL)
			ret = 0;
		else if (rc == SQLITE_ROW)
			keep(m, k[i].place, st, 0);
		else if (rc != SQLITE_DONE)
			ret = -1;
		dbs_reset(st);
	}
	db_done(st);
	return ret;
}

/* The highlights of the rows past the scan's reach, each found by FTS5. */
static int one_by_one(struct page_matches *m, const struct resource *r,
		      const char *search, const struct keyed *k, size_t nk,
		      sqlite3_int64 reached)
{
	char sql[300];

	snprintf(sql, sizeof(sql), "SELECT highlights(%s, %d) FROM %s"
		 " WHERE %s MATCH ?1 AND rowid = ?2", r->fts_table,
		 SNIPPET_TOKENS, r->fts_table, r->fts_table);
	return row_by_row(m, sql, search, k, nk, reached) < 0 ? -1 : 0;
}

/*
 * The highlights of each row by its key alone (highlights_of()): 1 when
 * read, 0 when the search is one that FTS5 alone can tell (read none),
 * -1 after a failed step. SQLite's: PostgreSQL's highlights are its own.
 */
static int by_row(struct page_matches *m, const struct resource *r,
		  const char *search, const struct keyed *k, size_t nk)
{
	char sql[300];

	if (db_pg)
		return 0;
	snprintf(sql, sizeof(sql), "SELECT highlights_of(%s, %d, ?1) FROM %s"
		 " WHERE rowid = ?2", r->fts_table, SNIPPET_TOKENS,
		 r->fts_table);
	return row_by_row(m, sql, search, k, nk, INT64_MIN);
}

int page_matches_read(const struct query *q, const char *pks, size_t n,
		      struct page_matches **out)
{
	const struct resource *r = q->res;
	const char *search = query_search(q)->binds[0].text;
	struct page_matches *m = xcalloc(1, sizeof(*m));
	struct keyed *k = xcalloc(n ? n : 1, sizeof(*k));
	sqlite3_int64 reached = 0;
	size_t nk = 0;
	int rc, done = 1;

	*out = m;
	m->places = n;
	m->start = xcalloc(n ? n : 1, sizeof(*m->start));
	m->len = xcalloc(n ? n : 1, sizeof(*m->len));
	m->found = xcalloc(n ? n : 1, sizeof(*m->found));
	rc = page_keys(r, pks, n, k, &nk);
	if (rc == 0 && nk && (rc = by_row(m, r, search, k, nk)) != 0) {
		free(k);
		return rc < 0 ? -1 : 0;
	}
	if (rc == 0 && nk)
		rc = scan(m, r, search, k, nk, &done, &reached);
	if (rc == 0 && nk && !done)
		rc = one_by_one(m, r, search, k, nk, reached);
	free(k);
	return rc;
}

const char *page_matches_text(const struct page_matches *m, size_t place,
			      size_t *len)
{
	if (!m || place >= m->places || !m->found[place])
		return NULL;
	*len = m->len[place];
	return buf_str(&m->text) + m->start[place];
}

void page_matches_free(struct page_matches *m)
{
	if (!m)
		return;
	buf_free(&m->text);
	free(m->start);
	free(m->len);
	free(m->found);
	free(m);
}
