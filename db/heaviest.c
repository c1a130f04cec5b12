/* SPDX-License-Identifier: MIT */
/* The heaviest keys of chosen groups, walked or added up (heaviest.h). */
#include "heaviest.h"

#include <stdint.h>
#include <stdlib.h>

#include "columns.h"
#include "db.h"
#include "xalloc.h"

/* Whether x comes after y in the answer: fewer events, then by pks. */
static int after(const struct heavy *x, const struct heavy *y)
{
	if (x->n != y->n)
		return x->n < y->n;
	return x->a != y->a ? x->a > y->a : x->b > y->b;
}

void heavy_offer(struct heavy_top *t, struct heavy x)
{
	size_t i, c;

	if (t->len < t->limit) {
		/* Up from the last place. */
		for (i = t->len++; i && after(&x, &t->e[(i - 1) / 2]);
		     i = (i - 1) / 2)
			t->e[i] = t->e[(i - 1) / 2];
		t->e[i] = x;
		return;
	}
	if (!t->limit || !after(&t->e[0], &x))
		return;
	/* x replaces the first, then goes down. */
	for (i = 0; (c = 2 * i + 1) < t->len; i = c) {
		if (c + 1 < t->len && after(&t->e[c + 1], &t->e[c]))
			c++;
		if (!after(&t->e[c], &x))
			break;
		t->e[i] = t->e[c];
	}
	t->e[i] = x;
}

int heavy_order(const void *x, const void *y)
{
	return after(x, y) ? 1 : after(y, x) ? -1 : 0;
}

void heavy_json(struct heavy_top *t, struct buf *out)
{
	size_t i;

	qsort(t->e, t->len, sizeof(*t->e), heavy_order);
	buf_putc(out, '[');
	for (i = 0; i < t->len; i++)
		buf_printf(out, "%s[%lld,%lld,%lld]", i ? "," : "",
			   (long long)t->e[i].a, (long long)t->e[i].b,
			   (long long)t->e[i].n);
	buf_putc(out, ']');
}

void heavy_bind(dbs *st, const char *const *binds, int at)
{
	for (; binds && *binds; binds++)
		dbs_bind_text(st, at++, *binds, -1, SQLITE_STATIC);
}

int heavy_walk(const char *all_sql, const char *own_sql,
	       const char *const *binds, const struct strmap *chosen,
	       struct heavy_top *t, size_t most)
{
	dbs *all, *own;
	size_t read = 0;
	int rc = SQLITE_DONE, step;

	all = db_stmt(all_sql);
	own = all ? db_stmt(own_sql) : NULL;
	if (!own) {
		db_done(all);
		return -1;
	}
	heavy_bind(own, binds, 3);
	while ((step = dbs_step(all)) == SQLITE_ROW) {
		struct heavy e = { dbs_column_int64(all, 0),
				  dbs_column_int64(all, 1),
				  dbs_column_int64(all, 2) };
		const char *s;
		int64_t yes;

		if (t->len == t->limit && (!t->limit || !after(&t->e[0], &e))) {
			step = SQLITE_DONE;
			break;
		}
		if (read++ == most)
			break;
		e.n = 0;
		dbs_bind_int64(own, 1, e.a);
		dbs_bind_int64(own, 2, e.b);
		while ((rc = dbs_step(own)) == SQLITE_ROW) {
			s = (const char *)dbs_column_text(own, 0);
			if (!chosen || (s && strmap_get(chosen, s, &yes)))
				e.n += dbs_column_int64(own, 1);
		}
		if (rc != SQLITE_DONE)
			break;
		dbs_reset(own);
		if (e.n > 0)
			heavy_offer(t, e);
	}
	/* The statement that failed is reset last: its error (an interrupt
	 * at the query budget: 503) is the connection's. */
	if (rc != SQLITE_DONE) {
		db_done(all);
		db_done(own);
		return -1;
	}
	db_done(own);
	db_done(all);
	return step == SQLITE_DONE ? 1 : step == SQLITE_ROW ? 0 : -1;
}

sqlite3_int64 heavy_sums_add(struct heavy_sums *h, uint64_t k,
			     sqlite3_int64 n)
{
	sqlite3_int64 before;
	size_t i;

	if (2 * (h->len + 1) > h->cap) {
		struct heavy_sums d = { xcalloc(h->cap ? 2 * h->cap : 1024,
					      sizeof(*d.key)),
				      xcalloc(h->cap ? 2 * h->cap : 1024,
					      sizeof(*d.n)),
				      h->cap ? 2 * h->cap : 1024, h->len };

		for (i = 0; i < h->cap; i++) {
			size_t at;

			if (!h->key[i])
				continue;
			for (at = columns_home(h->key[i], d.cap); d.key[at];
			     at = (at + 1) & (d.cap - 1))
				;
			d.key[at] = h->key[i];
			d.n[at] = h->n[i];
		}
		free(h->key);
		free(h->n);
		*h = d;
	}
	for (i = columns_home(k, h->cap); h->key[i] && h->key[i] != k;
	     i = (i + 1) & (h->cap - 1))
		;
	h->len += !h->key[i];
	h->key[i] = k;
	before = h->n[i];
	h->n[i] += n;
	return before;
}

void heavy_sums_free(struct heavy_sums *h)
{
	free(h->key);
	free(h->n);
}

/*
 * In a hash table: SQLite's GROUP BY sorted the rows first (10 ms of 14
 * for the 16,000 pairs of the sets of two countries at 1M events; 5 ms
 * of 6 for the 20,700 actors of the sets of IR or RU).
 */
int heavy_sum(dbs *st, struct heavy_top *t)
{
	struct heavy_sums h = { 0 };
	size_t i;
	int rc, fits = 1;

	if (!st)
		return -1;
	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		sqlite3_int64 a = dbs_column_int64(st, 0);
		sqlite3_int64 b = dbs_column_int64(st, 1);

		if (a <= 0 || b < 0 || a > UINT32_MAX || b > UINT32_MAX) {
			fits = 0;
			break;
		}
		heavy_sums_add(&h, (uint64_t)a << 32 | (uint64_t)b,
			     dbs_column_int64(st, 2));
	}
	db_done(st);
	if (fits && rc != SQLITE_DONE) {
		heavy_sums_free(&h);
		return -1;
	}
	for (i = 0; fits && i < h.cap; i++) {
		if (h.key[i] && h.n[i] > 0)
			heavy_offer(t, (struct heavy){
				(sqlite3_int64)(h.key[i] >> 32),
				(sqlite3_int64)(h.key[i] & UINT32_MAX),
				h.n[i] });
	}
	heavy_sums_free(&h);
	return fits;
}

