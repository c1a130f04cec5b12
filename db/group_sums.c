/* SPDX-License-Identifier: MIT */
/* An aggregation's rows summed per group (see group_sums.h). */
#include "group_sums.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
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

/* Memory for the groups' text, in blocks that never move. */
struct text_block {
	struct text_block *next;
	size_t used, cap;
	char bytes[];
};

struct group_sums {
	size_t ndims;
	int time[GROUP_SUMS_MAX_DIMS];
	int weeks[GROUP_SUMS_MAX_DIMS];
	int all[GROUP_SUMS_MAX_DIMS];	/* every dimension: 1 */
	int raw[GROUP_SUMS_MAX_DIMS];	/* group_sums_raw(): 1 + cut */
	/* The day last put in a week and its Monday, per dimension: rows
	 * come by the day, and date_monday() per row was a fifth of a
	 * weekly series' time. */
	char last_day[GROUP_SUMS_MAX_DIMS][11];
	char last_monday[GROUP_SUMS_MAX_DIMS][11];
	struct row_index index;
	size_t last;		/* the row last added to, + 1; 0: none */
	char *rows;		/* len rows of stride bytes (their dims) */
	size_t len, cap, stride;
	struct group_row **order;	/* the groups kept, in order */
	size_t kept;
	struct text_block *text;
};

/* Row i of rows of stride bytes. */
#define ROW_AT(rows, stride, i) \
	((struct group_row *)((char *)(rows) + (i) * (stride)))

struct group_sums *group_sums_new(size_t ndims, const int *time,
				  const int *weeks)
{
	struct group_sums *g;
	size_t i;

	if (ndims > GROUP_SUMS_MAX_DIMS)
		return NULL;
	g = xcalloc(1, sizeof(*g));
	g->ndims = ndims;
	g->stride = sizeof(struct group_row) + ndims * sizeof(struct group_value);
	for (i = 0; i < ndims; i++) {
		g->time[i] = time[i];
		g->weeks[i] = weeks[i];
		g->all[i] = 1;
	}
	return g;
}

void group_sums_raw(struct group_sums *g, size_t i, int cut)
{
	if (i < g->ndims)
		g->raw[i] = 1 + cut;
}

/* v as group_sums_raw() reads it: cut, and '' or 0 NULL. */
static void read_raw(struct group_value *v, int cut)
{
	if (v->type == SQLITE_TEXT) {
		if (cut && v->len > cut)
			v->len = cut;
		if (!v->len)
			v->type = SQLITE_NULL;
	} else if (v->type == SQLITE_INTEGER && v->u.i == 0) {
		v->type = SQLITE_NULL;
	}
}

/* The column's or value's type and contents, as one of ours. */
static void value_set(struct group_value *g, int type, sqlite3_int64 i,
		      double d, const void *p, int len)
{
	g->type = type;
	g->len = 0;
	if (type == SQLITE_INTEGER) {
		g->u.i = i;
	} else if (type == SQLITE_FLOAT) {
		g->u.d = d;
	} else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
		g->u.p = p ? p : "";
		g->len = len;
	}
}

void group_value_column(struct group_value *g, dbs *st, int col)
{
	int type = dbs_column_type(st, col);
	const void *p = type == SQLITE_TEXT ? dbs_column_text(st, col) :
			type == SQLITE_BLOB ? dbs_column_blob(st, col) :
			NULL;

	value_set(g, type,
		  type == SQLITE_INTEGER ? dbs_column_int64(st, col) : 0,
		  type == SQLITE_FLOAT ? dbs_column_double(st, col) : 0, p,
		  p ? dbs_column_bytes(st, col) : 0);
}

int group_value_bind(dbs *st, int i, const struct group_value *v)
{
	switch (v->type) {
	case SQLITE_INTEGER:
		return dbs_bind_int64(st, i, v->u.i);
	case SQLITE_FLOAT:
		return dbs_bind_double(st, i, v->u.d);
	case SQLITE_TEXT:
		return dbs_bind_text(st, i, v->u.p, v->len, SQLITE_STATIC);
	case SQLITE_BLOB:
		return dbs_bind_blob(st, i, v->u.p, v->len, SQLITE_STATIC);
	default:
		return dbs_bind_null(st, i);
	}
}

/* A copy of n bytes (and a NUL) that lives as long as g. */
static const char *text_copy(struct group_sums *g, const char *p, size_t n)
{
	struct text_block *b = g->text;
	char *at;

	if (!b || b->cap - b->used < n + 1) {
		size_t cap = n + 1 > 65536 ? n + 1 : 65536;

		b = xmalloc(sizeof(*b) + cap);
		b->next = g->text;
		b->used = 0;
		b->cap = cap;
		g->text = b;
	}
	at = b->bytes + b->used;
	memcpy(at, p, n);
	at[n] = '\0';
	b->used += n + 1;
	return at;
}

/* SQLite's order of values: NULL, numbers, text, blobs (BINARY). */
static int value_class(int type)
{
	return type == SQLITE_NULL ? 0 :
	       type == SQLITE_INTEGER || type == SQLITE_FLOAT ? 1 :
	       type == SQLITE_TEXT ? 2 : 3;
}

static double as_double(const struct group_value *v)
{
	return v->type == SQLITE_INTEGER ? (double)v->u.i : v->u.d;
}

int group_value_cmp(const struct group_value *x, const struct group_value *y)
{
	int cx = value_class(x->type), cy = value_class(y->type), c;

	if (cx != cy)
		return cx - cy;
	if (cx == 0)
		return 0;
	if (cx == 1) {
		if (x->type == SQLITE_INTEGER && y->type == SQLITE_INTEGER) {
			return (x->u.i > y->u.i) - (x->u.i < y->u.i);
		} else {
			double a = as_double(x), b = as_double(y);

			return (a > b) - (a < b);
		}
	}
	c = memcmp(x->u.p, y->u.p, (size_t)(x->len < y->len ? x->len : y->len));
	return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* h with the 64 bits w mixed in. */
static uint64_t hash_word(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

/* h with n bytes mixed in, eight at a time: a byte at a time was a
 * twelfth of a large grouping's time (by=day,type). */
static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	uint64_t w;

	for (; n >= 8; c += 8, n -= 8) {
		memcpy(&w, c, 8);
		h = hash_word(h, w);
	}
	w = 0;
	memcpy(&w, c, n);
	/* The tail's length too: "ab" and "ab\0" differ. */
	return hash_word(h, w ^ (uint64_t)n << 59);
}

/* A hash of v that equal values (group_value_cmp) share: 1 and 1.0 too. */
static uint64_t hash_value(uint64_t h, const struct group_value *v)
{
	int type = v->type;
	sqlite3_int64 x = v->u.i;

	if (type == SQLITE_FLOAT) {
		double d = v->u.d;

		if (d >= -9.2e18 && d <= 9.2e18 &&
		    (double)(sqlite3_int64)d == d) {
			type = SQLITE_INTEGER;
			x = (sqlite3_int64)d;
		}
	}
	h = hash_word(h, (uint64_t)type);
	if (type == SQLITE_INTEGER)
		return hash_word(h, (uint64_t)x);
	if (type == SQLITE_FLOAT) {
		uint64_t bits;

		memcpy(&bits, &v->u.d, sizeof(bits));
		return hash_word(h, bits);
	}
	if (type == SQLITE_NULL)
		return h;
	return hash_bytes(h, v->u.p, (size_t)v->len);
}

/* The hash of the values v[i] with use[i], its bits all mixed (the
 * index takes the low ones). */
static uint64_t hash_values(const struct group_value *v, const int *use,
			    size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (use[i])
			h = hash_value(h, &v[i]);
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

static int same_values(const struct group_value *a,
		       const struct group_value *b, const int *use, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (use[i] && group_value_cmp(&a[i], &b[i]) != 0)
			return 0;
	}
	return 1;
}

/*
 * The slot of the row of rows (of stride bytes each) whose values
 * (use[i]) are v, of hash h (each row's own hash, of the same values, in
 * its hash), or of the empty one where it would go.
 */
static size_t index_find(const struct row_index *x, const char *rows,
			 size_t stride, const struct group_value *v,
			 const int *use, size_t n, uint64_t h)
{
	size_t i = (size_t)h & (x->cap - 1);

	while (x->slot[i]) {
		const struct group_row *r = ROW_AT(rows, stride,
						   x->slot[i] - 1);

		if (r->hash == h && same_values(r->dims, v, use, n))
			break;
		i = (i + 1) & (x->cap - 1);
	}
	return i;
}

/* Makes room for one more row in x, which indexes the first x->len of
 * rows, each by its hash: they are all distinct. */
static void index_reserve(struct row_index *x, const char *rows,
			  size_t stride)
{
	struct row_index y;
	size_t i;

	if (2 * (x->len + 1) <= x->cap)
		return;
	y.cap = x->cap ? 2 * x->cap : 64;
	y.len = x->len;
	y.slot = xcalloc(y.cap, sizeof(*y.slot));
	for (i = 0; i < x->len; i++) {
		size_t at = (size_t)ROW_AT(rows, stride, i)->hash &
			    (y.cap - 1);

		while (y.slot[at])
			at = (at + 1) & (y.cap - 1);
		y.slot[at] = (uint32_t)(i + 1);
	}
	free(x->slot);
	*x = y;
}

/* A new row of g of values v (text copied), no events, not indexed. */
static struct group_row *row_added(struct group_sums *g,
				   const struct group_value *v)
{
	struct group_row *r;
	size_t i;

	if (g->len == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 64;
		g->rows = xrealloc(g->rows, g->cap * g->stride);
	}
	r = ROW_AT(g->rows, g->stride, g->len++);
	memset(r, 0, g->stride);
	for (i = 0; i < g->ndims; i++) {
		r->dims[i] = v[i];
		if (v[i].type == SQLITE_TEXT || v[i].type == SQLITE_BLOB)
			r->dims[i].u.p = text_copy(g, v[i].u.p,
						   (size_t)v[i].len);
	}
	return r;
}

/* Indexes the rows group_sums_add_new() put in unindexed (those after
 * the index's own, which are the first). */
static void index_rest(struct group_sums *g)
{
	while (g->index.len < g->len) {
		struct group_row *r = ROW_AT(g->rows, g->stride,
					     g->index.len);
		size_t at;

		r->hash = hash_values(r->dims, g->all, g->ndims);
		index_reserve(&g->index, g->rows, g->stride);
		at = index_find(&g->index, g->rows, g->stride, r->dims,
				g->all, g->ndims, r->hash);
		g->index.slot[at] = (uint32_t)++g->index.len;
	}
}

/*
 * The row of g whose values are v (each day already its Monday in a
 * weekly dimension), added with no events when there is none. Cells come
 * in their key's order, so that a row's group is often the last one's
 * (a month's codes of one root, by year and root): that one is compared
 * before any hash is made.
 */
static struct group_row *row_of(struct group_sums *g,
				const struct group_value *v)
{
	struct group_row *r;
	size_t at;
	uint64_t h;

	if (g->last) {
		r = ROW_AT(g->rows, g->stride, g->last - 1);
		if (same_values(r->dims, v, g->all, g->ndims))
			return r;
	}
	index_rest(g);
	index_reserve(&g->index, g->rows, g->stride);
	h = hash_values(v, g->all, g->ndims);
	at = index_find(&g->index, g->rows, g->stride, v, g->all, g->ndims,
			h);
	if (g->index.slot[at]) {
		g->last = g->index.slot[at];
		return ROW_AT(g->rows, g->stride, g->last - 1);
	}
	r = row_added(g, v);
	r->hash = h;
	g->index.slot[at] = (uint32_t)g->len;
	g->index.len++;
	g->last = g->len;
	return r;
}

/* v with each day of a weekly dimension read as its Monday (into
 * monday[i]). */
static void as_weeks(struct group_sums *g, struct group_value *v,
		     char monday[][11])
{
	size_t i;

	for (i = 0; i < g->ndims; i++) {
		if (!g->weeks[i] || v[i].type != SQLITE_TEXT || v[i].len != 10)
			continue;
		if (memcmp(v[i].u.p, g->last_day[i], 10) != 0) {
			if (date_monday(v[i].u.p, monday[i]) != 0)
				continue;
			memcpy(g->last_day[i], v[i].u.p, 10);
			memcpy(g->last_monday[i], monday[i], 11);
		} else {
			memcpy(monday[i], g->last_monday[i], 11);
		}
		v[i].u.p = monday[i];
	}
}

/* The row of the values the first columns of st hold. */
static struct group_row *row_of_columns(struct group_sums *g,
					dbs *st)
{
	struct group_value v[GROUP_SUMS_MAX_DIMS];
	char monday[GROUP_SUMS_MAX_DIMS][11];
	size_t i;

	for (i = 0; i < g->ndims; i++) {
		group_value_column(&v[i], st, (int)i);
		if (g->raw[i])
			read_raw(&v[i], g->raw[i] - 1);
	}
	as_weeks(g, v, monday);
	return row_of(g, v);
}

/* Adds a cell's gs, gn, ts, tn, ms and mn, from column col on. */
static void add_cell(struct group_row *r, dbs *st, int col)
{
	r->gs += dbs_column_double(st, col++);
	r->gn += dbs_column_int64(st, col++);
	r->ts += dbs_column_double(st, col++);
	r->tn += dbs_column_int64(st, col++);
	r->ms += dbs_column_int64(st, col++);
	r->mn += dbs_column_int64(st, col);
}

void group_sums_add(struct group_sums *g, dbs *st)
{
	struct group_row *r = row_of_columns(g, st);

	r->n += dbs_column_int64(st, (int)g->ndims);
	if (dbs_column_count(st) > (int)g->ndims + 1)
		add_cell(r, st, (int)g->ndims + 1);
}

void group_sums_add_event(struct group_sums *g, dbs *st, int cells)
{
	struct group_row *r = row_of_columns(g, st);

	r->n++;
	if (cells)
		add_cell(r, st, (int)g->ndims);
}

/* Adds values' row as group_sums_add_values(), or (`looked` 0) as
 * group_sums_add_new() does. */
static void values_added(struct group_sums *g,
			 const struct group_value *values,
			 const struct group_row *sums, int looked)
{
	struct group_value v[GROUP_SUMS_MAX_DIMS];
	char monday[GROUP_SUMS_MAX_DIMS][11];
	struct group_row *r;

	memcpy(v, values, g->ndims * sizeof(*v));
	as_weeks(g, v, monday);
	/* Rows found by their values already: the new one may be one. */
	r = looked || g->index.len ? row_of(g, v) : row_added(g, v);
	r->n += sums->n;
	r->gs += sums->gs;
	r->gn += sums->gn;
	r->ts += sums->ts;
	r->tn += sums->tn;
	r->ms += sums->ms;
	r->mn += sums->mn;
}

void group_sums_add_values(struct group_sums *g,
			   const struct group_value *values,
			   const struct group_row *sums)
{
	values_added(g, values, sums, 1);
}

void group_sums_add_new(struct group_sums *g,
			const struct group_value *values,
			const struct group_row *sums)
{
	values_added(g, values, sums, 0);
}

/* By the values of the dimensions that are (or are not) time. */
static int values_cmp(const struct group_sums *g, const struct group_row *a,
		      const struct group_row *b, int time)
{
	size_t i;
	int c;

	for (i = 0; i < g->ndims; i++) {
		if (g->time[i] == time &&
		    (c = group_value_cmp(&a->dims[i], &b->dims[i])) != 0)
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

/* By every value, the first dimension first. */
static int by_values(const void *x, const void *y, void *ctx)
{
	const struct group_sums *g = ctx;
	const struct group_row *a = *(struct group_row *const *)x;
	const struct group_row *b = *(struct group_row *const *)y;
	size_t i;
	int c;

	for (i = 0; i < g->ndims; i++) {
		if ((c = group_value_cmp(&a->dims[i], &b->dims[i])) != 0)
			return c;
	}
	return 0;
}

/* By the time buckets alone, undated last. */
static int time_order(const void *x, const void *y, void *ctx)
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
		na = a->dims[i].type == SQLITE_NULL;
		nb = b->dims[i].type == SQLITE_NULL;
		if (na != nb)
			return na - nb;
		if ((c = group_value_cmp(&a->dims[i], &b->dims[i])) != 0)
			return c;
	}
	return 0;
}

/*
 * The answer's order: time (its place, `when`), most events, the other
 * values (those of time are the same when their places are).
 */
static int answer_order(const void *x, const void *y, void *ctx)
{
	const struct group_row *a = *(struct group_row *const *)x;
	const struct group_row *b = *(struct group_row *const *)y;

	if (a->when != b->when)
		return a->when < b->when ? -1 : 1;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return values_cmp(ctx, a, b, 0);
}

/*
 * The distinct values (use[i]) of rows[0..n): a new array of a row of
 * each (a copy of the first that has them, n 0), *len of them, and in
 * of[i] the one of rows[i].
 */
static char *distinct_rows(const struct group_sums *g,
			   struct group_row **rows, size_t n, const int *use,
			   size_t *of, size_t *len)
{
	struct row_index x = { NULL, 0, 0 };
	size_t i, cap = 64;
	char *distinct = xmalloc(cap * g->stride);

	for (i = 0; i < n; i++) {
		const struct group_value *v = rows[i]->dims;
		uint64_t h;
		size_t at;

		/* Rows come in runs of a time bucket (the copy's). */
		if (i > 0 && same_values(rows[i - 1]->dims, v, use, g->ndims)) {
			of[i] = of[i - 1];
			continue;
		}
		h = hash_values(v, use, g->ndims);

		index_reserve(&x, distinct, g->stride);
		at = index_find(&x, distinct, g->stride, v, use, g->ndims, h);
		if (!x.slot[at]) {
			struct group_row *d;

			if (x.len == cap) {
				cap *= 2;
				distinct = xrealloc(distinct, cap * g->stride);
			}
			d = ROW_AT(distinct, g->stride, x.len);
			memcpy(d, rows[i], g->stride);
			d->n = 0;
			d->hash = h;
			x.slot[at] = (uint32_t)++x.len;
		}
		of[i] = x.slot[at] - 1;
	}
	*len = x.len;
	free(x.slot);
	return distinct;
}

/* Sifts h[i] down the heap h[0..n) whose top comes last in most_first()
 * order. */
static void sift_last(struct group_row **h, size_t n, size_t i,
		      struct group_sums *g)
{
	for (;;) {
		size_t l = 2 * i + 1, w = i;
		struct group_row *t;

		if (l < n && most_first(&h[l], &h[w], g) > 0)
			w = l;
		if (l + 1 < n && most_first(&h[l + 1], &h[w], g) > 0)
			w = l + 1;
		if (w == i)
			return;
		t = h[i];
		h[i] = h[w];
		h[w] = t;
		i = w;
	}
}

/*
 * The first `limit` (< len) of by[0..len) in most_first() order moved to
 * its front, in no order: the kept in a heap, the last of them on top,
 * which each other row is compared with once. Sorting every group had
 * most of them compared by value where they tie (the 28,000 sources of
 * one event each of an actor's by=source,country: 40% of its time).
 */
static void first_most(struct group_row **by, size_t len, size_t limit,
		       struct group_sums *g)
{
	size_t i;

	for (i = limit / 2; i-- > 0;)
		sift_last(by, limit, i, g);
	for (i = limit; i < len; i++) {
		if (most_first(&by[i], &by[0], g) < 0) {
			struct group_row *t = by[0];

			by[0] = by[i];
			by[i] = t;
			sift_last(by, limit, 0, g);
		}
	}
}

/*
 * Marks kept the rows of the `limit` values of the dimensions that are
 * not time with most events over every time bucket (totals: a row of
 * each, holding their sum; with no time, each row is its own).
 */
static void keep_most(struct group_sums *g, struct group_row **rows,
		      size_t n, unsigned long limit)
{
	size_t *of = xcalloc(n ? n : 1, sizeof(*of)), len, i;
	int groups[GROUP_SUMS_MAX_DIMS] = { 0 };
	char *totals;
	struct group_row **by;

	for (i = 0; i < g->ndims; i++)
		groups[i] = !g->time[i];
	totals = distinct_rows(g, rows, n, groups, of, &len);
	for (i = 0; i < n; i++)
		ROW_AT(totals, g->stride, of[i])->n += rows[i]->n;
	by = xcalloc(len ? len : 1, sizeof(*by));
	for (i = 0; i < len; i++)
		by[i] = ROW_AT(totals, g->stride, i);
	if (limit > 0 && limit < len)
		first_most(by, len, limit, g);
	for (i = 0; i < len && i < limit; i++)
		by[i]->kept = 1;
	for (i = 0; i < n; i++)
		rows[i]->kept = ROW_AT(totals, g->stride, of[i])->kept;
	free(of);
	free(by);
	free(totals);
}

/*
 * A time bucket's rows[0..n) in most_first() order: its few rows (the 20
 * codes of a day) by insertion, where qsort_r()'s calls through a
 * pointer were a seventh of by=day,type's time; more by qsort_r().
 */
static void bucket_sorted(struct group_row **rows, size_t n,
			  struct group_sums *g)
{
	size_t i, j;

	if (n > 32) {
		qsort_r(rows, n, sizeof(*rows), most_first, g);
		return;
	}
	for (i = 1; i < n; i++) {
		struct group_row *r = rows[i];

		for (j = i; j > 0 && most_first(&r, &rows[j - 1], g) < 0; j--)
			rows[j] = rows[j - 1];
		rows[j] = r;
	}
}

/*
 * rows[0..n) in the answer's order, with time: each row's place in the
 * order of the distinct time buckets into its `when`, the rows put by
 * place, then each place's few rows sorted. Sorting them all at once,
 * comparing two days' text each time, was a quarter of by=day,type's
 * time (60,000 rows of 3,000 days).
 */
static void time_sorted(struct group_sums *g, struct group_row **rows,
			size_t n)
{
	size_t *of = xcalloc(n + 1, sizeof(*of)), len, i, from;
	char *times = distinct_rows(g, rows, n, g->time, of, &len);
	struct group_row **by = xcalloc(len + 1, sizeof(*by));
	struct group_row **sorted = xmalloc((n + 1) * sizeof(*sorted));
	/* Where each place's rows begin in sorted, then where they end. */
	size_t *at = xcalloc(len + 1, sizeof(*at));

	for (i = 0; i < len; i++)
		by[i] = ROW_AT(times, g->stride, i);
	qsort_r(by, len, sizeof(*by), time_order, g);
	for (i = 0; i < len; i++)
		by[i]->when = i;
	for (i = 0; i < n; i++) {
		rows[i]->when = ROW_AT(times, g->stride, of[i])->when;
		at[rows[i]->when + 1]++;
	}
	for (i = 1; i < len; i++)
		at[i] += at[i - 1];
	for (i = 0; i < n; i++)
		sorted[at[rows[i]->when]++] = rows[i];
	for (i = 0, from = 0; i < len; i++) {
		bucket_sorted(sorted + from, at[i] - from, g);
		from = at[i];
	}
	memcpy(rows, sorted, n * sizeof(*rows));
	free(of);
	free(by);
	free(times);
	free(sorted);
	free(at);
}

long group_sums_finish(struct group_sums *g, unsigned long limit)
{
	size_t i, n = 0, ngroups = 0;

	for (i = 0; i < g->ndims; i++)
		ngroups += !g->time[i];
	g->order = xcalloc(g->len ? g->len : 1, sizeof(*g->order));
	for (i = 0; i < g->len; i++) {
		struct group_row *r = ROW_AT(g->rows, g->stride, i);

		if (r->n > 0)
			g->order[n++] = r;
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
	if (ngroups < g->ndims)
		time_sorted(g, g->order, g->kept);
	else
		qsort_r(g->order, g->kept, sizeof(*g->order), answer_order,
			g);
	return (long)g->kept;
}

long group_sums_by_values(struct group_sums *g)
{
	size_t i;

	free(g->order);
	g->order = xcalloc(g->len ? g->len : 1, sizeof(*g->order));
	for (i = 0; i < g->len; i++)
		g->order[i] = ROW_AT(g->rows, g->stride, i);
	g->kept = g->len;
	qsort_r(g->order, g->kept, sizeof(*g->order), by_values, g);
	return (long)g->kept;
}

const struct group_row *group_sums_row(const struct group_sums *g, size_t i)
{
	return g->order[i];
}

void group_sums_free(struct group_sums *g)
{
	if (!g)
		return;
	while (g->text) {
		struct text_block *next = g->text->next;

		free(g->text);
		g->text = next;
	}
	free(g->rows);
	free(g->order);
	free(g->index.slot);
	free(g);
}
