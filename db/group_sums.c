/* SPDX-License-Identifier: MIT */
/* An aggregation's rows summed per group (see group_sums.h). */
#include "group_sums.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/*
 * An open-addressing index of rows by some of their values (use[i]):
 * slot holds a row's number + 1, 0 when empty; a power of two, at most
 * half full.
 */
struct row_index {
	uint32_t *slot;
	size_t cap, len;
};

struct group_sums {
	size_t ndims;
	int time[GROUP_SUMS_MAX_DIMS];
	int all[GROUP_SUMS_MAX_DIMS];	/* every dimension: 1 */
	struct row_index index;
	struct group_row *rows;
	size_t len, cap;
	struct group_row **order;	/* the groups kept, in order */
	size_t kept;
};

struct group_sums *group_sums_new(size_t ndims, const int *time)
{
	struct group_sums *g;
	size_t i;

	if (ndims > GROUP_SUMS_MAX_DIMS)
		return NULL;
	g = xcalloc(1, sizeof(*g));
	g->ndims = ndims;
	for (i = 0; i < ndims; i++) {
		g->time[i] = time[i];
		g->all[i] = 1;
	}
	return g;
}

/* SQLite's order of values: NULL, numbers, text, blobs (BINARY). */
static int value_class(int type)
{
	return type == SQLITE_NULL ? 0 :
	       type == SQLITE_INTEGER || type == SQLITE_FLOAT ? 1 :
	       type == SQLITE_TEXT ? 2 : 3;
}

static int value_cmp(sqlite3_value *x, sqlite3_value *y)
{
	int tx = sqlite3_value_type(x), ty = sqlite3_value_type(y);
	int cx = value_class(tx), cy = value_class(ty), nx, ny, c;

	if (cx != cy)
		return cx - cy;
	if (cx == 0)
		return 0;
	if (cx == 1) {
		if (tx == SQLITE_INTEGER && ty == SQLITE_INTEGER) {
			sqlite3_int64 a = sqlite3_value_int64(x);
			sqlite3_int64 b = sqlite3_value_int64(y);

			return (a > b) - (a < b);
		} else {
			double a = sqlite3_value_double(x);
			double b = sqlite3_value_double(y);

			return (a > b) - (a < b);
		}
	}
	nx = sqlite3_value_bytes(x);
	ny = sqlite3_value_bytes(y);
	c = memcmp(sqlite3_value_blob(x), sqlite3_value_blob(y),
		   (size_t)(nx < ny ? nx : ny));
	return c ? c : (nx > ny) - (nx < ny);
}

/* FNV-1a over n bytes, from h. */
static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= c[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* A hash of v that equal values (value_cmp) share: 1 and 1.0 too. */
static uint64_t hash_value(uint64_t h, sqlite3_value *v)
{
	int type = sqlite3_value_type(v);

	if (type == SQLITE_FLOAT) {
		double d = sqlite3_value_double(v);

		if (d >= -9.2e18 && d <= 9.2e18 &&
		    (double)(sqlite3_int64)d == d)
			type = SQLITE_INTEGER;
	}
	h = hash_bytes(h, &type, sizeof(type));
	if (type == SQLITE_INTEGER) {
		sqlite3_int64 x = sqlite3_value_int64(v);

		return hash_bytes(h, &x, sizeof(x));
	}
	if (type == SQLITE_FLOAT) {
		double d = sqlite3_value_double(v);

		return hash_bytes(h, &d, sizeof(d));
	}
	if (type == SQLITE_NULL)
		return h;
	return hash_bytes(h, sqlite3_value_blob(v),
			  (size_t)sqlite3_value_bytes(v));
}

static uint64_t hash_values(sqlite3_value *const *v, const int *use,
			    size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (use[i])
			h = hash_value(h, v[i]);
	}
	return h;
}

static int same_values(sqlite3_value *const *a, sqlite3_value *const *b,
		       const int *use, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (use[i] && value_cmp(a[i], b[i]) != 0)
			return 0;
	}
	return 1;
}

/*
 * The slot of the row of rows[] whose values (use[i]) are v, or of the
 * empty one where it would go.
 */
static size_t index_find(const struct row_index *x,
			 const struct group_row *rows,
			 sqlite3_value *const *v, const int *use, size_t n,
			 uint64_t h)
{
	size_t i = (size_t)h & (x->cap - 1);

	while (x->slot[i] &&
	       !same_values(rows[x->slot[i] - 1].dims, v, use, n))
		i = (i + 1) & (x->cap - 1);
	return i;
}

/* Makes room for one more row, rows[0..x->len) indexed by use[]. */
static void index_reserve(struct row_index *x, const struct group_row *rows,
			  const int *use, size_t n)
{
	struct row_index y;
	size_t i;

	if (2 * (x->len + 1) <= x->cap)
		return;
	y.cap = x->cap ? 2 * x->cap : 64;
	y.len = x->len;
	y.slot = xcalloc(y.cap, sizeof(*y.slot));
	for (i = 0; i < x->len; i++) {
		sqlite3_value *const *v = rows[i].dims;

		y.slot[index_find(&y, rows, v, use, n,
				  hash_values(v, use, n))] = (uint32_t)(i + 1);
	}
	free(x->slot);
	*x = y;
}

int group_sums_add(struct group_sums *g, sqlite3_stmt *st)
{
	sqlite3_value *v[GROUP_SUMS_MAX_DIMS];
	int col = (int)g->ndims;
	struct group_row *r;
	size_t i, at;

	for (i = 0; i < g->ndims; i++)
		v[i] = sqlite3_column_value(st, (int)i);
	index_reserve(&g->index, g->rows, g->all, g->ndims);
	at = index_find(&g->index, g->rows, v, g->all, g->ndims,
			hash_values(v, g->all, g->ndims));
	if (g->index.slot[at]) {
		r = &g->rows[g->index.slot[at] - 1];
	} else {
		if (g->len == g->cap) {
			g->cap = g->cap ? 2 * g->cap : 64;
			g->rows = xrealloc(g->rows, g->cap * sizeof(*g->rows));
		}
		r = &g->rows[g->len];
		memset(r, 0, sizeof(*r));
		for (i = 0; i < g->ndims; i++) {
			r->dims[i] = sqlite3_value_dup(v[i]);
			if (!r->dims[i]) {
				while (i--)
					sqlite3_value_free(r->dims[i]);
				return -1;
			}
		}
		g->index.slot[at] = (uint32_t)++g->len;
		g->index.len++;
	}
	r->n += sqlite3_column_int64(st, col++);
	r->gs += sqlite3_column_double(st, col++);
	r->gn += sqlite3_column_int64(st, col++);
	r->ts += sqlite3_column_double(st, col++);
	r->tn += sqlite3_column_int64(st, col++);
	r->ms += sqlite3_column_int64(st, col++);
	r->mn += sqlite3_column_int64(st, col);
	return 0;
}

/* By the values of the dimensions that are (or are not) time. */
static int values_cmp(const struct group_sums *g, const struct group_row *a,
		      const struct group_row *b, int time)
{
	size_t i;
	int c;

	for (i = 0; i < g->ndims; i++) {
		if (g->time[i] == time &&
		    (c = value_cmp(a->dims[i], b->dims[i])) != 0)
			return c;
	}
	return 0;
}

/* Most events first, then by the values that are not time. */
static int most_first(const void *x, const void *y, void *ctx)
{
	const struct group_row *a = *(struct group_row *const *)x;
	const struct group_row *b = *(struct group_row *const *)y;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return values_cmp(ctx, a, b, 0);
}

/* The answer's order: time (undated last), most events, every value. */
static int answer_order(const void *x, const void *y, void *ctx)
{
	const struct group_sums *g = ctx;
	const struct group_row *a = *(struct group_row *const *)x;
	const struct group_row *b = *(struct group_row *const *)y;
	size_t i;
	int c;

	for (i = 0; i < g->ndims; i++) {
		int na, nb;

		if (!g->time[i])
			continue;
		na = sqlite3_value_type(a->dims[i]) == SQLITE_NULL;
		nb = sqlite3_value_type(b->dims[i]) == SQLITE_NULL;
		if (na != nb)
			return na - nb;
		if ((c = value_cmp(a->dims[i], b->dims[i])) != 0)
			return c;
	}
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	for (i = 0; i < g->ndims; i++) {
		if ((c = value_cmp(a->dims[i], b->dims[i])) != 0)
			return c;
	}
	return 0;
}

/*
 * Marks kept the rows of the `limit` values of the dimensions that are
 * not time with most events over every time bucket (totals: a row of
 * each, holding their sum; with no time, each row is its own).
 */
static void keep_most(struct group_sums *g, struct group_row **rows,
		      size_t n, unsigned long limit)
{
	struct row_index x = { NULL, 0, 0 };
	struct group_row *totals = xcalloc(n ? n : 1, sizeof(*totals));
	struct group_row **by = xcalloc(n ? n : 1, sizeof(*by));
	size_t *of = xcalloc(n ? n : 1, sizeof(*of));
	int groups[GROUP_SUMS_MAX_DIMS];
	size_t i;

	for (i = 0; i < g->ndims; i++)
		groups[i] = !g->time[i];
	for (i = 0; i < n; i++) {
		sqlite3_value *const *v = rows[i]->dims;
		size_t at;

		index_reserve(&x, totals, groups, g->ndims);
		at = index_find(&x, totals, v, groups, g->ndims,
				hash_values(v, groups, g->ndims));
		if (!x.slot[at]) {
			totals[x.len] = *rows[i];
			totals[x.len].n = 0;
			x.slot[at] = (uint32_t)++x.len;
		}
		of[i] = x.slot[at] - 1;
		totals[of[i]].n += rows[i]->n;
	}
	for (i = 0; i < x.len; i++)
		by[i] = &totals[i];
	qsort_r(by, x.len, sizeof(*by), most_first, g);
	for (i = 0; i < x.len && i < limit; i++)
		by[i]->kept = 1;
	for (i = 0; i < n; i++)
		rows[i]->kept = totals[of[i]].kept;
	free(x.slot);
	free(of);
	free(by);
	free(totals);
}

long group_sums_finish(struct group_sums *g, unsigned long limit)
{
	size_t i, n = 0, ngroups = 0;

	for (i = 0; i < g->ndims; i++)
		ngroups += !g->time[i];
	g->order = xcalloc(g->len ? g->len : 1, sizeof(*g->order));
	for (i = 0; i < g->len; i++) {
		if (g->rows[i].n > 0)
			g->order[n++] = &g->rows[i];
	}
	if (ngroups) {
		keep_most(g, g->order, n, limit);
	} else {
		for (i = 0; i < n; i++)
			g->order[i]->kept = 1;
	}
	for (i = 0, g->kept = 0; i < n; i++) {
		if (g->order[i]->kept)
			g->order[g->kept++] = g->order[i];
	}
	qsort_r(g->order, g->kept, sizeof(*g->order), answer_order, g);
	return (long)g->kept;
}

const struct group_row *group_sums_row(const struct group_sums *g, size_t i)
{
	return g->order[i];
}

void group_sums_free(struct group_sums *g)
{
	size_t i, j;

	if (!g)
		return;
	for (i = 0; i < g->len; i++) {
		for (j = 0; j < g->ndims; j++)
			sqlite3_value_free(g->rows[i].dims[j]);
	}
	free(g->rows);
	free(g->order);
	free(g->index.slot);
	free(g);
}
