/* SPDX-License-Identifier: MIT */
/* Aggregations scanned from the events' columns (see columns_sum.h). */
#include "columns_sum.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "columns_tests.h"
#include "dates.h"
#include "db.h"
#include "strmap.h"
#include "xalloc.h"

/*
 * A dimension the copy groups by: a column of text numbers, the quad
 * class, or a linked list (of text numbers, or of pks); an actor's role
 * is read from the list of actors.
 */
struct dim {
	const uint16_t *column;
	const struct linked *list;
	int quad, texts, role;
	int week;	/* days summed as their weeks */
	int kind;	/* its place in groupings[] (a week's: the day's) */
};

/* What the copy groups by, in the order of its all_counts: six
 * columns, the quad class, then four lists (dim_of()). */
static const char *const groupings[COLUMNS_GROUPINGS] = {
	"day", "month", "year", "location_country", "root", "type",
	"quad_class", "country", "actor", "role", "source"
};

static int dim_of(const struct columns *c, const char *name, struct dim *d)
{
	const uint16_t *columns[] = { c->day, c->month, c->year, c->place,
				      c->root, c->type };
	const struct linked *lists[] = { &c->involved, &c->actors,
					 &c->actors, &c->sources };

	memset(d, 0, sizeof(*d));
	d->week = !strcmp(name, "week");
	for (d->kind = 0; !d->week && d->kind < COLUMNS_GROUPINGS; d->kind++) {
		if (!strcmp(name, groupings[d->kind]))
			break;
	}
	if (d->kind == COLUMNS_GROUPINGS)
		return 0;
	if (d->kind < 6)	/* weeks: group_sums takes Mondays */
		d->column = columns[d->kind];
	else if (d->kind == 6)
		d->quad = 1;
	else
		d->list = lists[d->kind - 7];
	d->texts = !strcmp(name, "country") || !strcmp(name, "role");
	d->role = !strcmp(name, "role");
	return 1;
}

/* Asks the memory for what values_in() will read of dimension d a few
 * events after hit[i] (columns.h). */
#define DIM_AHEAD(c, d, hit, nhit, i) do { \
	if ((d)->quad) \
		COLUMNS_AHEAD((c)->quad, hit, nhit, i); \
	else if (!(d)->list) \
		COLUMNS_AHEAD((d)->column, hit, nhit, i); \
	else \
		COLUMNS_LIST_AHEAD((d)->list, (d)->role ? (c)->role : NULL, \
				   hit, nhit, i); \
} while (0)

/* The sums of a group, keyed by its values' numbers in each dimension
 * (+ 1: never 0, the key of an empty slot). */
struct slot {
	uint64_t key;
	sqlite3_int64 n, gn, tn, ms, mn;
	double gs, ts;
};

struct left_out;

struct table {
	struct slot *s;
	size_t cap, len;
	int numbers;	/* sums of the numbers wanted, beside the count */
	/* s[0..len) are the groups an array moved into an empty t, in
	 * its order (moved_out()), a time bucket's together: not hashed
	 * (cap == len) until slot_of() or table_room() hashes them. */
	int in_order;
	/* The events left out and their values, when read (left_read()). */
	struct left_out *left;
};

/* Makes t's room a power of two at least twice `groups`: hashed. */
static void table_room(struct table *t, size_t groups)
{
	struct table u = { NULL, t->in_order ? 64 : t->cap, t->len,
			   t->numbers, 0, t->left };
	size_t i;

	while (u.cap < 2 * groups)
		u.cap *= 2;
	if (u.cap == t->cap && !t->in_order)
		return;
	u.s = xcalloc(u.cap, sizeof(*u.s));
	for (i = 0; i < t->cap; i++) {
		size_t at;

		if (!t->s[i].key)
			continue;
		at = columns_home(t->s[i].key, u.cap);
		while (u.s[at].key)
			at = (at + 1) & (u.cap - 1);
		u.s[at] = t->s[i];
	}
	free(t->s);
	*t = u;
}

static struct slot *slot_of(struct table *t, uint64_t key)
{
	size_t i;

	if (t->in_order || 2 * (t->len + 1) > t->cap)
		table_room(t, t->len + 1);
	i = columns_home(key, t->cap);
	while (t->s[i].key && t->s[i].key != key)
		i = (i + 1) & (t->cap - 1);
	if (!t->s[i].key) {
		t->s[i].key = key;
		t->len++;
	}
	return &t->s[i];
}

/* Adds event e's count to s, and its numbers when t wants them. */
static void add_numbers(const struct table *t, struct slot *s,
			const struct columns *c, size_t e)
{
	s->n++;
	if (!t->numbers)
		return;
	if (c->has[e] & COLUMNS_HAS_GOLDSTEIN) {
		s->gs += c->goldstein[e];
		s->gn++;
	}
	if (c->has[e] & COLUMNS_HAS_TONE) {
		s->ts += c->tone[e];
		s->tn++;
	}
	if (c->has[e] & COLUMNS_HAS_MENTIONS) {
		s->ms += c->mentions[e];
		s->mn++;
	}
}

static void add_event(struct table *t, const struct columns *c, size_t e,
		      uint32_t a, uint32_t b)
{
	add_numbers(t, slot_of(t, (uint64_t)a << 32 | b), c, e);
}

/* Appends v to out[0..*n) unless it is there: a group counts an event
 * once (the events path groups SELECT DISTINCT rows). */
static void put_once(uint32_t *out, size_t *n, uint32_t v)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (out[i] == v)
			return;
	}
	out[(*n)++] = v;
}

/*
 * The numbers (+ 1) of event e's values in dimension d into out, each
 * once; a linked list with none gives one NULL, as a LEFT JOIN does.
 * Returns how many.
 */
static size_t values_in(const struct columns *c, const struct dim *d,
			size_t e, uint32_t *out)
{
	size_t n = 0;
	uint32_t j;

	if (d->quad) {
		out[0] = (uint32_t)(uint8_t)(c->quad[e] + 128) + 1;
		return 1;
	}
	if (!d->list) {
		out[0] = (uint32_t)d->column[e] + 1;
		return 1;
	}
	for (j = d->list->at[e]; j < d->list->at[e + 1]; j++)
		put_once(out, &n, (d->role ? c->role[j] : d->list->value[j]) + 1);
	if (n == 0)
		out[n++] = 1;	/* NULL */
	return n;
}

/*
 * The values of two groupings that may be among the first: each value's
 * events counted alone (ca, cb), at least ta and tb of them. NULL: all.
 */
struct pair_filter {
	const uint32_t *ca, *cb;
	uint32_t ta, tb;
};

/* Adds event e to the group of values x and y, unless f leaves it out. */
static void add_pair(struct table *t, const struct columns *c, size_t e,
		     uint32_t x, uint32_t y, const struct pair_filter *f)
{
	if (!f || (f->ca[x] >= f->ta && f->cb[y] >= f->tb))
		add_event(t, c, e, x, y);
}

/*
 * Adds event e to the groups of its values: every pair of them over two
 * dimensions, but an actor and a role from the same participant only
 * (one join of participants, as the events path has); those f leaves
 * out (NULL: none) not.
 */
static void add_grouped(struct table *t, const struct columns *c,
			const struct dim *d, size_t nd, size_t e,
			uint32_t *a, uint32_t *b, const struct pair_filter *f)
{
	size_t na, nb = 1, i, j;

	if (nd == 2 && d[0].list == &c->actors && d[1].list == &c->actors) {
		uint64_t *pairs = (uint64_t *)b;	/* b: room for most */
		uint32_t k;

		na = 0;
		for (k = c->actors.at[e]; k < c->actors.at[e + 1]; k++) {
			uint64_t p = (uint64_t)((d[0].role ? c->role[k] :
						 c->actors.value[k]) + 1) << 32 |
				     ((d[1].role ? c->role[k] :
				       c->actors.value[k]) + 1);

			for (i = 0; i < na && pairs[i] != p; i++)
				;
			if (i == na)
				pairs[na++] = p;
		}
		if (na == 0)
			add_pair(t, c, e, 1, 1, f);
		for (i = 0; i < na; i++)
			add_pair(t, c, e, (uint32_t)(pairs[i] >> 32),
				 (uint32_t)pairs[i], f);
		return;
	}
	na = nd ? values_in(c, &d[0], e, a) : (a[0] = 1, 1);
	if (nd == 2)
		nb = values_in(c, &d[1], e, b);
	else
		b[0] = 0;
	for (i = 0; i < na; i++) {
		for (j = 0; j < nb; j++)
			add_pair(t, c, e, a[i], b[j], f);
	}
}

static void value_of(const struct columns *c, const struct dim *d,
		     uint32_t number, struct group_value *v)
{
	memset(v, 0, sizeof(*v));
	number--;
	v->type = SQLITE_NULL;
	if (d->quad) {
		if ((int)number - 128 != COLUMNS_NO_QUAD) {
			v->type = SQLITE_INTEGER;
			v->u.i = (int)number - 128;
		}
	} else if (number != 0 && (!d->list || d->texts)) {
		v->type = SQLITE_TEXT;
		v->u.p = c->text[number];
		v->len = (int)strlen(c->text[number]);
	} else if (number != 0) {
		v->type = SQLITE_INTEGER;	/* a pk */
		v->u.i = number;
	}
}

/* Room for the values of any one event in any dimension. */
static size_t values_room(const struct columns *c)
{
	return 2 * (c->involved.most + c->actors.most + c->sources.most) + 2;
}

/* The numbers (+ 1) of d's values stay below this. */
static size_t numbers_below(const struct columns *c, const struct dim *d)
{
	if (d->quad)
		return 258;
	if (!d->list || d->texts)
		return c->ntexts + 2;
	return (size_t)d->list->top + 2;
}

/* The events of hit[0..nhit) counted per value of d into count[], each
 * adding delta (UINT32_MAX: taking one away). */
static void count_values(const struct columns *c, const struct dim *d,
			 const uint32_t *hit, size_t nhit, uint32_t *a,
			 uint32_t *count, uint32_t delta)
{
	size_t i, j, k;

	for (i = 0; i < nhit; i++) {
		DIM_AHEAD(c, d, hit, nhit, i);
		k = values_in(c, d, hit[i], a);
		for (j = 0; j < k; j++)
			count[a[j]] += delta;
	}
}

/*
 * *at, the copy's, set to made unless another thread set it first: the
 * one kept (made freed when it is the other's).
 */
static void *kept_once(void *_Atomic *at, void *made)
{
	void *kept = NULL;

	if (atomic_compare_exchange_strong_explicit(at, &kept, made,
						    memory_order_acq_rel,
						    memory_order_acquire))
		return made;
	free(made);
	return kept;
}

/*
 * Every event of c counted per value of d, made once per copy and kept
 * in it (4 bytes a value: 4 MB for the sources of 1M events, freed
 * with the copy). Two threads may make it at once: the first kept is
 * the one.
 */
static const uint32_t *all_counts(const struct columns *c,
				  const struct dim *d, uint32_t *a)
{
	void *_Atomic *at = &c->all_counts[d->kind];
	uint32_t *kept = atomic_load_explicit(at, memory_order_acquire);
	uint32_t *made, e;

	if (kept)
		return kept;
	made = xcalloc(numbers_below(c, d), sizeof(*made));
	for (e = 0; e < c->n; e++)
		count_values(c, d, &e, 1, a, made, 1);
	return kept_once(at, made);
}

/*
 * The events of the copy a broad condition leaves out (not in hit[]),
 * and their values in the two groupings of a pair, read once: the
 * counts of each grouping (every event's less theirs) and the grid's
 * pairs less theirs were three passes over them, reading each event's
 * values twice (by=actor,source&quad_class=1 at 1M: 375,000 events).
 */
struct left_out {
	uint32_t *ev;
	size_t n;
	/* ev[i]'s values (+ 1) of d[k]: v[k][at[k][i]..at[k][i + 1]). */
	uint32_t *at[2], *v[2];
};

/* The events hit[0..nhit) (ascending) leaves out of c, and their values
 * in d[0] and d[1]: a new struct left_out, for left_free(). */
static struct left_out *left_read(const struct columns *c,
				  const struct dim *d, const uint32_t *hit,
				  size_t nhit)
{
	struct left_out *l = xcalloc(1, sizeof(*l));
	size_t room = values_room(c), cap[2], len[2] = { 0, 0 }, i, k;

	l->ev = columns_failing_of(NULL, c->n, hit, nhit, &l->n);
	for (k = 0; k < 2; k++) {
		cap[k] = 2 * l->n + room;
		l->at[k] = xmalloc((l->n + 1) * sizeof(*l->at[k]));
		l->v[k] = xmalloc(cap[k] * sizeof(*l->v[k]));
	}
	for (i = 0; i < l->n; i++) {
		for (k = 0; k < 2; k++) {
			DIM_AHEAD(c, &d[k], l->ev, l->n, i);
			if (len[k] + room > cap[k]) {
				cap[k] *= 2;
				l->v[k] = xrealloc(l->v[k], cap[k] *
						   sizeof(*l->v[k]));
			}
			l->at[k][i] = (uint32_t)len[k];
			len[k] += values_in(c, &d[k], l->ev[i],
					    l->v[k] + len[k]);
		}
	}
	for (k = 0; k < 2; k++)
		l->at[k][l->n] = (uint32_t)len[k];
	return l;
}

static void left_free(struct left_out *l)
{
	if (!l)
		return;
	free(l->ev);
	free(l->at[0]);
	free(l->at[1]);
	free(l->v[0]);
	free(l->v[1]);
	free(l);
}

/*
 * The events of hit[0..nhit) (ascending) counted per value of d (its
 * number + 1, as values_in() gives it): a new array. When they are most
 * of the events, every event's counts less those of the events left
 * out: a broad condition (tone_min=2 passes 93% of 1M) read each
 * event's values for each grouping of a pair. l (or NULL): those
 * events read already, d their k-th grouping.
 */
static uint32_t *counts_of(const struct columns *c, const struct dim *d,
			   const uint32_t *hit, size_t nhit, uint32_t *a,
			   const struct left_out *l, size_t k)
{
	size_t below = numbers_below(c, d), nleft, j;
	const uint32_t *all = 2 * nhit > c->n ? all_counts(c, d, a) : NULL;
	uint32_t *count, *left;

	if (!all) {
		count = xcalloc(below, sizeof(*count));
		count_values(c, d, hit, nhit, a, count, 1);
		return count;
	}
	count = xmalloc(below * sizeof(*count));
	memcpy(count, all, below * sizeof(*count));
	if (l) {
		for (j = 0; j < l->at[k][l->n]; j++)
			count[l->v[k][j]]--;
		return count;
	}
	left = columns_failing_of(NULL, c->n, hit, nhit, &nleft);
	count_values(c, d, left, nleft, a, count, UINT32_MAX);
	free(left);
	return count;
}

/*
 * The count of the m-th value with most of count[0..below): 0 when no
 * more than m values have any. *next (unless NULL): the most a value
 * below that has (0 when none).
 */
static uint32_t mth_count(const uint32_t *count, size_t below, size_t m,
			  uint32_t *next)
{
	const size_t cap = m < below ? m : below;
	struct columns_least h = { NULL, 0, cap };
	size_t nz = 0, i;
	uint32_t mth = 0;

	/* The m most kept in a heap as they come: a source's articles are
	 * a million values, sorted they were a seventh of a pair's time. */
	h.heap = xmalloc((cap ? cap : 1) * sizeof(*h.heap));
	/* One test a value once the heap is full, which its least passes
	 * seldom: a test of 0 first mispredicted where counts of 0 and 1
	 * are mixed (the articles of half the events). */
	for (i = 0; cap && i < below; i++) {
		nz += count[i] != 0;
		if (count[i] > (h.n < cap ? 0 : h.heap[0]))
			columns_least_push(&h, count[i]);
	}
	if (cap && nz > m)
		mth = h.heap[0];
	free(h.heap);
	if (next) {
		*next = 0;
		for (i = 0; mth && i < below; i++) {
			if (count[i] < mth && count[i] > *next)
				*next = count[i];
		}
	}
	return mth;
}

struct value_order {
	const struct columns *c;
	const struct dim *d;
};

/* Values' numbers in the order group_sums breaks ties in. */
static int by_value(const void *x, const void *y, void *ctx)
{
	const struct value_order *o = ctx;
	struct group_value a, b;

	value_of(o->c, o->d, *(const uint32_t *)x, &a);
	value_of(o->c, o->d, *(const uint32_t *)y, &b);
	return group_value_cmp(&a, &b);
}

/*
 * Of the values tied with the limit-th (`least` events), those that
 * group_sums_finish() would leave out, first in the values' order:
 * their counts set to 0. A source's articles mostly tie (a few events
 * each): month,source&type=04&from=2014-01 summed 100,000 of them by
 * month for a limit of 20 (265 ms).
 */
static void cut_ties(const struct columns *c, const struct dim *d,
		     uint32_t *count, size_t below, unsigned long limit,
		     sqlite3_int64 least)
{
	struct value_order o = { c, d };
	size_t above = 0, ntied = 0, i;
	uint32_t *tied;

	for (i = 0; least && i < below; i++) {
		above += count[i] > least;
		ntied += count[i] == least;
	}
	if (!least || above + ntied <= limit)
		return;
	tied = xmalloc(ntied * sizeof(*tied));
	for (i = 0, ntied = 0; i < below; i++) {
		if (count[i] == least)
			tied[ntied++] = (uint32_t)i;
	}
	/* An actor's or a source's number is its pk + 1 (none first): the
	 * values' order already, where comparing them was most of a time
	 * series of sources (by=source&goldstein_max=0: 400,000 tied). */
	if (!d->list || d->texts)
		qsort_r(tied, ntied, sizeof(*tied), by_value, &o);
	for (i = limit - above; i < ntied; i++)
		count[tied[i]] = 0;
	free(tied);
}

/* The same, and into *least the count of the limit-th value with most
 * (0 when there are no more than `limit`), the values tied with it that
 * cannot be kept left out (count 0). */
static uint32_t *top_counts(const struct columns *c, const struct dim *d,
			    unsigned long limit, const uint32_t *hit,
			    size_t nhit, uint32_t *a, const struct left_out *l,
			    size_t k, sqlite3_int64 *least)
{
	size_t below = numbers_below(c, d);
	uint32_t *count = counts_of(c, d, hit, nhit, a, l, k);

	*least = mth_count(count, below, limit, NULL);
	cut_ties(c, d, count, below, limit, *least);
	return count;
}

/* Whether d is a time bucket (a week is its days'). */
static int is_time(const struct columns *c, const struct dim *d)
{
	return d->column && (d->column == c->day || d->column == c->month ||
			     d->column == c->year);
}

/*
 * The place of time bucket v (a number + 1) in dense_timed()'s array,
 * *nb places so far: a new one, but in weeks a day takes its Monday's
 * place (mondays), where the days of a week summed apart were seven
 * times the rows to hand over (group_sums would add them up as weeks).
 */
static uint32_t bucket_place(const struct columns *c, const struct dim *d,
			     uint32_t v, struct strmap *mondays, size_t *nb)
{
	char monday[11];
	int64_t r;

	if (!d->week || v == 1 || date_monday(c->text[v - 1], monday) != 0)
		return (uint32_t)++*nb;		/* undated, or not a day */
	if (strmap_get(mondays, monday, &r))
		return (uint32_t)r;
	strmap_put(mondays, monday, (int64_t)++*nb);
	return (uint32_t)*nb;
}

/* The places (from 0) that place[] gives event e's values of d, those
 * it numbers, into out; returns how many. */
static size_t placed_in(const struct columns *c, const struct dim *d,
			const uint32_t *place, size_t e, uint32_t *out)
{
	size_t n = values_in(c, d, e, out), j, k;

	for (j = 0, k = 0; j < n; j++) {
		if (place[out[j]])
			out[k++] = place[out[j]] - 1;
	}
	return k;
}

/* Whether d[0] and d[1] are both read from the list of actors (an actor
 * and a role), whose pairs are each participant's. */
static int same_participant(const struct columns *c, const struct dim *d)
{
	return d[0].list == &c->actors && d[1].list == &c->actors;
}

/*
 * The cells (d[0]'s place by d[1]'s, n1 a row) of event e's placed
 * pairs, each once, into out, for same_participant() groupings: an
 * actor and a role from the same participant, as add_grouped() pairs
 * them; an event of none, the cell of NULL and NULL.
 */
static size_t participants_placed(const struct columns *c,
				  const struct dim *d,
				  uint32_t *const place[2], size_t n1,
				  size_t e, uint32_t *out)
{
	size_t n = 0, i;
	uint32_t k;

	if (c->actors.at[e] == c->actors.at[e + 1]) {
		if (place[0][1] && place[1][1])
			out[n++] = (place[0][1] - 1) * (uint32_t)n1 +
				   place[1][1] - 1;
		return n;
	}
	for (k = c->actors.at[e]; k < c->actors.at[e + 1]; k++) {
		uint32_t p0 = place[0][(d[0].role ? c->role[k] :
					c->actors.value[k]) + 1];
		uint32_t p1 = place[1][(d[1].role ? c->role[k] :
					c->actors.value[k]) + 1];
		uint32_t at = (p0 - 1) * (uint32_t)n1 + p1 - 1;

		if (!p0 || !p1)
			continue;
		for (i = 0; i < n && out[i] != at; i++)
			;
		if (i == n)
			out[n++] = at;
	}
	return n;
}

/* Adds delta (UINT32_MAX: takes one away) to count[] (n1 cells a row)
 * for each pair of event e's placed values (a participant's, for
 * same_participant() groupings). */
static void count_pairs(const struct columns *c, const struct dim *d,
			uint32_t *const place[2], size_t n1, size_t e,
			uint32_t *a, uint32_t *b, uint32_t *count,
			uint32_t delta)
{
	size_t na, nb, j, k;

	if (same_participant(c, d)) {
		na = participants_placed(c, d, place, n1, e, a);
		for (j = 0; j < na; j++)
			count[a[j]] += delta;
		return;
	}
	na = placed_in(c, &d[0], place[0], e, a);
	if (!na)
		return;		/* d[1]'s values need not be read */
	nb = placed_in(c, &d[1], place[1], e, b);
	for (j = 0; j < na; j++) {
		for (k = 0; k < nb; k++)
			count[a[j] * n1 + b[k]] += delta;
	}
}

/*
 * The groups of count[] or sum[] (place[0] by place[1], n[1] a row)
 * with events moved into t, keyed by their values, the places of
 * d[outer] the outer loop: those of a time bucket, together. Into an
 * empty t they go in that order, unhashed (t->in_order), for group_sums
 * to take them in: hashing the 73,000 groups of by=day,type into a
 * table of 16 MB, then finding them again in order, missed the cache
 * twice a group (a third of its time).
 */
static void moved_out(struct table *t, const struct columns *c,
		      const struct dim *d, uint32_t *const place[2],
		      const size_t n[2], const uint32_t *count,
		      struct slot *sum, size_t outer)
{
	size_t i, k, p, q, groups = 0;
	uint32_t *value[2];

	for (i = 0; i < n[0] * n[1]; i++)
		groups += (count ? count[i] : sum[i].n) != 0;
	if (t->len == 0) {
		free(t->s);
		t->s = xcalloc(groups + 1, sizeof(*t->s));
		t->cap = groups;
		t->in_order = 1;
	} else {
		table_room(t, t->len + groups);
	}
	for (k = 0; k < 2; k++) {
		size_t below = numbers_below(c, &d[k]);

		value[k] = xmalloc((n[k] + 1) * sizeof(*value[k]));
		for (i = 0; i < below; i++) {
			if (place[k][i])
				value[k][place[k][i] - 1] = (uint32_t)i;
		}
	}
	for (p = 0; p < n[outer]; p++) {
		for (q = 0; q < n[1 - outer]; q++) {
			size_t i0 = outer ? q : p, i1 = outer ? p : q;
			size_t at = i0 * n[1] + i1;
			uint64_t key = (uint64_t)value[0][i0] << 32 |
				       value[1][i1];
			struct slot *to;

			if (!(count ? count[at] : sum[at].n))
				continue;
			if (t->in_order) {
				to = &t->s[t->len++];
				to->key = key;
			} else {
				to = slot_of(t, key);
			}
			if (count) {
				to->n = count[at];
			} else {
				sum[at].key = to->key;
				*to = sum[at];
			}
		}
	}
	free(value[0]);
	free(value[1]);
}

/*
 * The events hit[0..nhit) summed in an array by their values' places in
 * d[0] and d[1] (place[k][v]: the place + 1 of value v, 0 when it is
 * not summed; n[k] places), then moved into t keyed by the values, as
 * add_grouped() keys them (a place's value: any of its own). A hash per
 * event was a quarter of by=day,type's time (60,000 groups). Counts
 * alone take four bytes each: a sum is 64, and the array of a week's
 * actors over 900,000 events missed the cache per event.
 */
static void array_summed(struct table *t, const struct columns *c,
			 const struct dim *d, uint32_t *const place[2],
			 const size_t n[2], const uint32_t *hit, size_t nhit,
			 uint32_t *a, uint32_t *b, size_t outer)
{
	uint32_t *count = NULL;
	struct slot *sum = NULL;
	size_t i, j, k, na, nb;

	if (t->numbers)
		sum = xcalloc(n[0] * n[1] + 1, sizeof(*sum));
	else
		count = xcalloc(n[0] * n[1] + 1, sizeof(*count));
	for (i = 0; i < nhit; i++) {
		DIM_AHEAD(c, &d[0], hit, nhit, i);
		DIM_AHEAD(c, &d[1], hit, nhit, i);
		if (d[0].column && d[1].column) {
			/* Two columns (a day and a code): a value each, read
			 * without values_in(). */
			uint32_t p0 = place[0][d[0].column[hit[i]] + 1];
			uint32_t p1 = place[1][d[1].column[hit[i]] + 1];

			na = nb = p0 && p1;
			a[0] = p0 - 1;
			b[0] = p1 - 1;
		} else if (count) {
			count_pairs(c, d, place, n[1], hit[i], a, b, count, 1);
			continue;
		} else if (same_participant(c, d)) {
			na = participants_placed(c, d, place, n[1], hit[i], a);
			for (j = 0; j < na; j++)
				add_numbers(t, &sum[a[j]], c, hit[i]);
			continue;
		} else {
			na = placed_in(c, &d[0], place[0], hit[i], a);
			nb = na ? placed_in(c, &d[1], place[1], hit[i], b) : 0;
		}
		for (j = 0; j < na; j++) {
			for (k = 0; k < nb; k++) {
				size_t at = a[j] * n[1] + b[k];

				if (count)
					count[at]++;
				else
					add_numbers(t, &sum[at], c, hit[i]);
			}
		}
	}
	moved_out(t, c, d, place, n, count, sum, outer);
	free(sum);
	free(count);
}

/* count_pairs() for each event of l, from the values it read: each
 * pair of their placed values taken away from count[] (n1 a row). */
static void left_pairs_taken(const struct left_out *l,
			     uint32_t *const place[2], size_t n1,
			     uint32_t *count)
{
	size_t i;
	uint32_t j, k;

	for (i = 0; i < l->n; i++) {
		for (j = l->at[0][i]; j < l->at[0][i + 1]; j++) {
			uint32_t p0 = place[0][l->v[0][j]];

			if (!p0)
				continue;
			for (k = l->at[1][i]; k < l->at[1][i + 1]; k++) {
				uint32_t p1 = place[1][l->v[1][k]];

				if (p1)
					count[(p0 - 1) * n1 + p1 - 1]--;
			}
		}
	}
}

/*
 * The pairs of two groupings' values counted over all of the copy's
 * events: every time bucket, and the GRID_VALUES values of another with
 * most events (fewer when a time bucket's are many: GRID_CELLS at most).
 * Where a condition passes most events, the pairs of its candidates, or
 * the buckets of its values kept, are these counts less those of the
 * events that fail (grid_counted()): at 1M, tone_min=2 passes 930,000
 * events and fails 70,000. One allocation: the places, then the
 * counts, follow the header.
 */
#define GRID_VALUES 512
#define GRID_CELLS (1 << 22)

struct pair_grid {
	uint32_t *place[2];	/* a value's place + 1; 0: not in the grid */
	size_t n[2];
	uint32_t *count;	/* n[1] a row */
};

/* Numbers in place[] (from 1) the `most` values of count[0..below)
 * with most events (ties in the values' order); returns how many. */
static size_t grid_places(const uint32_t *count, size_t below, size_t most,
			  uint32_t *place)
{
	uint32_t mth = mth_count(count, below, most, NULL);
	size_t i, n = 0;

	for (i = 0; i < below; i++) {
		if (count[i] && count[i] > mth)
			place[i] = (uint32_t)++n;
	}
	for (i = 0; mth && i < below && n < most; i++) {
		if (count[i] == mth)
			place[i] = (uint32_t)++n;
	}
	return n;
}

/* d[0] and d[1]'s grid, made once per copy and kept in it as
 * all_counts() keeps its counts. */
static const struct pair_grid *pair_grid(const struct columns *c,
					 const struct dim *d, uint32_t *a,
					 uint32_t *b)
{
	void *_Atomic *at = &c->pair_grids[d[0].kind * COLUMNS_GROUPINGS +
					   d[1].kind];
	void *kept = atomic_load_explicit(at, memory_order_acquire);
	size_t below[2] = { numbers_below(c, &d[0]), numbers_below(c, &d[1]) };
	size_t n[2], k, timed = is_time(c, &d[0]) ? 0 : 1;
	uint32_t *place[2], e;
	struct pair_grid *g;

	if (kept)
		return kept;
	for (k = 0; k < 2; k++)
		place[k] = xcalloc(below[k], sizeof(*place[k]));
	n[timed] = grid_places(all_counts(c, &d[timed], a), below[timed],
			       is_time(c, &d[timed]) ? below[timed] :
			       GRID_VALUES, place[timed]);
	k = GRID_CELLS / (n[timed] ? n[timed] : 1);
	n[1 - timed] = grid_places(all_counts(c, &d[1 - timed], a),
				   below[1 - timed],
				   k < GRID_VALUES ? k : GRID_VALUES,
				   place[1 - timed]);
	g = xcalloc(1, sizeof(*g) + (below[0] + below[1] + n[0] * n[1]) *
		    sizeof(uint32_t));
	for (k = 0; k < 2; k++) {
		g->place[k] = (uint32_t *)(g + 1) + (k ? below[0] : 0);
		memcpy(g->place[k], place[k], below[k] * sizeof(*place[k]));
		g->n[k] = n[k];
		free(place[k]);
	}
	g->count = g->place[1] + below[1];
	for (e = 0; e < c->n; e++)
		count_pairs(c, d, g->place, g->n[1], e, a, b, g->count, 1);
	return kept_once(at, g);
}

/*
 * The pairs of the values place[] numbers (n[k] places of each; the
 * days of a week share one) counted over hit[0..nhit) into t, from the
 * grid less the events left out, the places of d[outer] the outer
 * loop (moved_out()): 1, or 0 (nothing counted) when a value is not in
 * the grid.
 */
static int grid_counted(struct table *t, const struct columns *c,
			const struct dim *d, uint32_t *const place[2],
			const size_t n[2], const uint32_t *hit, size_t nhit,
			uint32_t *a, uint32_t *b, size_t outer)
{
	const struct pair_grid *g = pair_grid(c, d, a, b);
	uint32_t *in[2], *count, *left;
	size_t i, j, k, m[2], nleft;
	int ok = 1;

	/* The placed values of each: their places and the grid's. */
	for (k = 0; k < 2; k++) {
		size_t below = numbers_below(c, &d[k]);

		in[k] = xmalloc((2 * below + 2) * sizeof(*in[k]));
		for (i = 0, m[k] = 0; ok && i < below; i++) {
			if (!place[k][i])
				continue;
			ok = g->place[k][i] != 0;
			in[k][2 * m[k]] = place[k][i] - 1;
			in[k][2 * m[k]++ + 1] = g->place[k][i] - 1;
		}
	}
	if (ok) {
		count = xcalloc(n[0] * n[1] + 1, sizeof(*count));
		for (i = 0; i < m[0]; i++) {
			for (j = 0; j < m[1]; j++)
				count[in[0][2 * i] * n[1] + in[1][2 * j]] +=
					g->count[in[0][2 * i + 1] * g->n[1] +
						 in[1][2 * j + 1]];
		}
		if (t->left && !same_participant(c, d)) {
			left_pairs_taken(t->left, place, n[1], count);
		} else {
			left = columns_failing_of(NULL, c->n, hit, nhit,
						  &nleft);
			for (i = 0; i < nleft; i++) {
				DIM_AHEAD(c, &d[0], left, nleft, i);
				DIM_AHEAD(c, &d[1], left, nleft, i);
				count_pairs(c, d, place, n[1], left[i], a, b,
					    count, UINT32_MAX);
			}
			free(left);
		}
		moved_out(t, c, d, place, n, count, NULL, outer);
		free(count);
	}
	free(in[0]);
	free(in[1]);
	return ok;
}

/*
 * The pairs of d[0] and d[1]'s placed values over hit[0..nhit) into t:
 * from the grid less the failing events when most pass and counts alone
 * are asked, else summed in an array (array_summed()). Frees place[].
 * Returns 0, summing nothing, when the array would be larger than the
 * events or 2^19 sums (mostly empty).
 */
static int dense_pairs(struct table *t, const struct columns *c,
		       const struct dim *d, uint32_t *place[2],
		       const size_t n[2], const uint32_t *hit, size_t nhit,
		       uint32_t *a, uint32_t *b, size_t outer)
{
	int fits = n[0] * n[1] <= nhit && n[0] * n[1] <= 1 << 19;

	if (fits && (t->numbers || 2 * nhit <= c->n ||
		     !grid_counted(t, c, d, place, n, hit, nhit, a, b, outer)))
		array_summed(t, c, d, place, n, hit, nhit, a, b, outer);
	free(place[0]);
	free(place[1]);
	return fits;
}

/*
 * The values of count[0..below) with events, at least `least`, numbered
 * from 1 in a new array (0: the others), as dense_pairs() places them;
 * *n of them.
 */
static uint32_t *places_of(const uint32_t *count, size_t below,
			   sqlite3_int64 least, size_t *n)
{
	uint32_t *place = xcalloc(below, sizeof(*place));
	size_t i;

	for (i = 0; i < below; i++) {
		if (count[i] && count[i] >= least)
			place[i] = (uint32_t)++*n;
	}
	return place;
}

/*
 * A time bucket and the values of another grouping that can be kept
 * (count[v] above 0 and at least `least`; `other`: the grouping's
 * place, 0 or 1), summed by dense_pairs(): its return.
 */
static int dense_timed(struct table *t, const struct columns *c,
		       const struct dim *d, size_t other,
		       const uint32_t *count, sqlite3_int64 least,
		       const uint32_t *hit, size_t nhit, uint32_t *a,
		       uint32_t *b)
{
	const uint16_t *time = d[1 - other].column;
	size_t n[2] = { 0, 0 }, i;
	uint32_t *place[2];
	struct strmap mondays = STRMAP_INIT;

	place[other] = places_of(count, numbers_below(c, &d[other]), least,
				 &n[other]);
	place[1 - other] = xcalloc(numbers_below(c, &d[1 - other]),
				   sizeof(*place[1 - other]));
	for (i = 0; i < nhit; i++) {
		uint32_t v = time[hit[i]] + 1;

		if (!place[1 - other][v])
			place[1 - other][v] = bucket_place(c, &d[1 - other], v,
							  &mondays,
							  &n[1 - other]);
	}
	strmap_free(&mondays);
	return dense_pairs(t, c, d, place, n, hit, nhit, a, b, 1 - other);
}

/*
 * One grouping, or a time bucket and another: the answer keeps the
 * `limit` values of the grouping (not time) with most events, with
 * every bucket of theirs. So the events are counted per value in an
 * array first (top_counts()), then only those of the values that can be
 * kept are summed in t, by bucket. A broad set's many values (a box's
 * 200,000 actors) are then counted without a hash table of them all; an
 * actor's weeks over 900,000 events made one of 1.5 million groups (2 s,
 * most of it the kernel handing over its pages).
 */
static void top_summed(struct table *t, const struct columns *c,
		       const struct dim *d, size_t ndims, unsigned long limit,
		       const uint32_t *hit, size_t nhit, uint32_t *a,
		       uint32_t *b)
{
	size_t other = ndims == 2 && is_time(c, &d[0]) ? 1 : 0, i, j, k;
	sqlite3_int64 least;
	uint32_t *count;
	int done;

	/* The grid of counts less the events left out answers counts
	 * alone (grid_counted()): else only the grouping's counts read
	 * them. */
	if (ndims == 2 && 2 * nhit > c->n && !t->numbers)
		t->left = left_read(c, d, hit, nhit);
	count = top_counts(c, &d[other], limit, hit, nhit, a, t->left, other,
			   &least);
	done = ndims == 2 &&
	       dense_timed(t, c, d, other, count, least, hit, nhit, a, b);
	left_free(t->left);
	t->left = NULL;
	if (done) {
		free(count);
		return;
	}
	for (i = 0; i < nhit; i++) {
		uint32_t bucket = 0;

		DIM_AHEAD(c, &d[other], hit, nhit, i);
		if (ndims == 2)
			DIM_AHEAD(c, &d[1 - other], hit, nhit, i);
		k = values_in(c, &d[other], hit[i], a);
		if (ndims == 2) {
			values_in(c, &d[1 - other], hit[i], b);	/* one */
			bucket = b[0];
		}
		for (j = 0; j < k; j++) {
			if (count[a[j]] >= least)
				add_event(t, c, hit[i], other ? bucket : a[j],
					  other ? a[j] : bucket);
		}
	}
	free(count);
}

/*
 * One grouping by a text (a time bucket, a country, a code...) or the
 * quad class, whose values are few: summed in an array by value, no
 * hashing per event, then moved into t.
 */
static void dense_summed(struct table *t, const struct columns *c,
			 const struct dim *d, const uint32_t *hit,
			 size_t nhit, uint32_t *a)
{
	size_t below = numbers_below(c, d), i, j, k;
	struct slot *sum = xcalloc(below, sizeof(*sum));

	for (i = 0; i < nhit; i++) {
		DIM_AHEAD(c, d, hit, nhit, i);
		k = values_in(c, d, hit[i], a);
		for (j = 0; j < k; j++)
			add_numbers(t, &sum[a[j]], c, hit[i]);
	}
	for (i = 0; i < below; i++) {
		struct slot *s;

		if (!sum[i].n)
			continue;
		s = slot_of(t, (uint64_t)i << 32);
		sum[i].key = s->key;
		*s = sum[i];
	}
	free(sum);
}

/*
 * One grouping, of counts alone, over most events: counted by
 * counts_of(), every event's counts less those of the events left out,
 * then moved into t as dense_summed() keys them (facet=role&tone_min=2
 * at 1M read 930,000 events' roles).
 */
static void dense_counted(struct table *t, const struct columns *c,
			  const struct dim *d, const uint32_t *hit,
			  size_t nhit, uint32_t *a)
{
	size_t below = numbers_below(c, d), i;
	uint32_t *count = counts_of(c, d, hit, nhit, a, NULL, 0);

	for (i = 0; i < below; i++) {
		if (count[i])
			slot_of(t, (uint64_t)i << 32)->n = count[i];
	}
	free(count);
}

/*
 * The fewest events a group kept may have: with no time bucket the
 * answer keeps the `limit` groups with most events (group_sums.h), so
 * the groups below the limit-th's count need not be handed on; those
 * tied with it are, for group_sums to break the tie as it does. 0: all.
 */
static sqlite3_int64 least_kept(const struct table *t, int timed,
				unsigned long limit)
{
	sqlite3_int64 *n, least;
	size_t i, len = 0;

	if (timed || limit == 0 || t->len <= limit)
		return 0;
	n = xmalloc(t->len * sizeof(*n));
	for (i = 0; i < t->cap; i++) {
		if (t->s[i].key)
			n[len++] = t->s[i].n;
	}
	least = columns_kth_largest(n, len, limit);
	free(n);
	return least;
}

/*
 * The fewest events a value of count[0..below) needs to be among the m
 * with most, for top_pairs(); *outside: the most a value left out has.
 * When the values tied with the m-th are many more than m (a source's
 * articles have a few events each), they are all left out: *tied (else
 * 0) is then how many values have that many events or more, which m
 * must reach half of for them to be let in.
 */
static uint32_t candidates(const uint32_t *count, size_t below, size_t m,
			   uint32_t *outside, size_t *tied)
{
	uint32_t mth = mth_count(count, below, m, outside);
	size_t n = 0, i;

	*tied = 0;
	for (i = 0; mth && i < below; i++)
		n += count[i] >= mth;
	if (n <= 2 * m)
		return mth;
	*outside = mth;
	*tied = n;
	return mth + 1;
}

/* Empties t (or makes it), room for 64 groups. */
static void table_reset(struct table *t)
{
	free(t->s);
	t->in_order = 0;
	t->cap = 64;
	t->len = 0;
	t->s = xcalloc(t->cap, sizeof(*t->s));
}

/* The pairs of values f lets through summed by dense_pairs(): its
 * return. */
static int dense_candidates(struct table *t, const struct columns *c,
			    const struct dim *d, const struct pair_filter *f,
			    const uint32_t *hit, size_t nhit, uint32_t *a,
			    uint32_t *b)
{
	uint32_t *place[2];
	size_t n[2] = { 0, 0 };

	place[0] = places_of(f->ca, numbers_below(c, &d[0]), f->ta, &n[0]);
	place[1] = places_of(f->cb, numbers_below(c, &d[1]), f->tb, &n[1]);
	return dense_pairs(t, c, d, place, n, hit, nhit, a, b, 0);
}

/*
 * Two groupings, no time bucket: group_sums_finish() keeps the `limit`
 * pairs of values with most events, and no pair has more events than
 * either of its values alone. So the pairs are counted among the values
 * of each with most events (4 * limit of them, ties included), and that
 * is the answer when the limit-th pair so counted has more events than
 * any value left out (candidates()): no pair left out can reach it, nor
 * tie. Else four times as many values, up to all.
 * /stats?by=actor,source&tone_min=2 at 1M events made a hash table of
 * millions of pairs (every event cites its article): 2.6 s, past the
 * reads' budget.
 */
static void top_pairs(struct table *t, const struct columns *c,
		      const struct dim *d, unsigned long limit,
		      const uint32_t *hit, size_t nhit, uint32_t *a,
		      uint32_t *b)
{
	size_t below_a = numbers_below(c, &d[0]);
	size_t below_b = numbers_below(c, &d[1]), m, x;
	struct pair_filter f;
	uint32_t *ca, *cb;

	if (2 * nhit > c->n)
		t->left = left_read(c, d, hit, nhit);
	ca = counts_of(c, &d[0], hit, nhit, a, t->left, 0);
	cb = counts_of(c, &d[1], hit, nhit, a, t->left, 1);

	f.ca = ca;
	f.cb = cb;
	for (m = 4 * (size_t)limit;;) {
		uint32_t next_a, next_b;
		size_t tied_a, tied_b;
		sqlite3_int64 least;

		f.ta = candidates(ca, below_a, m, &next_a, &tied_a);
		f.tb = candidates(cb, below_b, m, &next_b, &tied_b);
		if (!dense_candidates(t, c, d, &f, hit, nhit, a, b)) {
			for (x = 0; x < nhit; x++)
				add_grouped(t, c, d, 2, hit[x], a, b, &f);
		}
		if (!next_a && !next_b)
			break;		/* every value's with any */
		least = least_kept(t, 0, limit);
		if (least > (sqlite3_int64)(next_a > next_b ? next_a : next_b))
			break;
		table_reset(t);
		/* Until m reaches half the values tied and above, values left
		 * out for their ties stay out: the same pairs again (an
		 * actor's 28,000 articles of one event each took five rounds
		 * of by=source,country). */
		m *= 4;
		if (m < (tied_a + 1) / 2)
			m = (tied_a + 1) / 2;
		if (m < (tied_b + 1) / 2)
			m = (tied_b + 1) / 2;
	}
	free(ca);
	free(cb);
	left_free(t->left);
	t->left = NULL;
}

/* The events hit[0..nhit) summed in t by d[0..ndims); a and b hold
 * room for an event's values. */
static void summed(struct table *t, const struct columns *c,
		   const struct dim *d, size_t ndims, unsigned long limit,
		   const uint32_t *hit, size_t nhit, uint32_t *a, uint32_t *b)
{
	size_t x;

	if (ndims == 1 && (d[0].quad || !d[0].list || d[0].texts)) {
		if (!t->numbers && 2 * nhit > c->n)
			dense_counted(t, c, &d[0], hit, nhit, a);
		else
			dense_summed(t, c, &d[0], hit, nhit, a);
	} else if (limit > 0 && (ndims == 1 ||	/* by actor or source */
				 is_time(c, &d[0]) != is_time(c, &d[1]))) {
		top_summed(t, c, d, ndims, limit, hit, nhit, a, b);
	} else if (ndims == 2 && limit > 0 && !is_time(c, &d[0])) {
		top_pairs(t, c, d, limit, hit, nhit, a, b);
	} else {
		for (x = 0; x < nhit; x++)
			add_grouped(t, c, d, ndims, hit[x], a, b, NULL);
	}
}

/* The groups of t with at least `least` events, handed to g. */
static void handed_over(const struct table *t, const struct columns *c,
			const struct dim *d, size_t ndims,
			sqlite3_int64 least, struct group_sums *g)
{
	/* Keyed by values, t's groups are distinct in group_sums too but
	 * for the days of a week, unless an array summed them by week. */
	int distinct = t->in_order ||
		       !(d[0].week || (ndims == 2 && d[1].week));
	size_t i, k;

	for (i = 0; i < t->cap; i++) {
		const struct slot *s = &t->s[i];
		struct group_value v[2];
		struct group_row sums;

		if (!s->key || s->n < least)
			continue;
		for (k = 0; k < ndims; k++)
			value_of(c, &d[k], (uint32_t)(k == 0 ? s->key >> 32 :
						      s->key & 0xffffffffu),
				 &v[k]);
		memset(&sums, 0, sizeof(sums));
		sums.n = s->n;
		sums.gs = s->gs;
		sums.gn = s->gn;
		sums.ts = s->ts;
		sums.tn = s->tn;
		sums.ms = s->ms;
		sums.mn = s->mn;
		if (distinct)
			group_sums_add_new(g, v, &sums);
		else
			group_sums_add_values(g, v, &sums);
	}
}

/*
 * The kept rows of st (a value, its number of events; the first read
 * already, rc its step) less the failing events' fail[] into t, value
 * by value (+ 1, as values_in() numbers them): the countries' codes by
 * the copy's dictionary, the actors by pk (0: the events of no actor, as
 * values_in() has them). With `heaviest` (rows most events first) they
 * stop once one kept has fewer events than the heaviest-th so far, less
 * or not: no later one can be among the first `heaviest`. Returns 1, 0
 * when a kept value is not the copy's, or -1 when the read failed.
 */
static int kept_less(dbs *st, int rc, const struct columns *c,
		     const struct dim *d, const uint32_t *fail, size_t below,
		     unsigned long heaviest, struct table *t)
{
	struct columns_least h = { NULL, 0, heaviest };
	int ok = 1;

	if (h.cap)
		h.heap = xmalloc(h.cap * sizeof(*h.heap));
	for (; rc == SQLITE_ROW && ok; rc = dbs_step(st)) {
		sqlite3_int64 kept = dbs_column_int64(st, 1), v, left;
		const char *text;

		if (h.cap && h.n == h.cap && kept < h.heap[0])
			break;
		text = d->texts ? (const char *)dbs_column_text(st, 0) : NULL;
		/* '': the events of no country, as values_in() has them. */
		v = text ? (sqlite3_int64)(*text ? columns_text(c, text) : 0) :
		    dbs_column_int64(st, 0);
		ok = (text ? v != 0 || !*text : v >= 0) &&
		     (size_t)v + 1 < below;
		left = ok ? kept - fail[v + 1] : 0;
		ok = ok && left >= 0;
		if (!ok || left == 0)
			continue;
		slot_of(t, (uint64_t)(v + 1) << 32)->n = left;
		if (h.cap)
			columns_least_push(&h, (uint32_t)left);
	}
	free(h.heap);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ok : -1;
}

/*
 * Grouped by country or actor with counts alone, the events of one
 * country (country=GE), or of all, that pass other conditions the copy
 * tests: when at most a quarter of those events fail them, their kept
 * groupings (migration 23's of the country, or the totals of each
 * country and actor) less the failing events' own, where adding up
 * every passing event's values was most of the work
 * (by=actor&country=GE&tone_min=2 at 1M: 879,000 of GE's 941,000 events
 * pass; a facet of actors of every event but one, not_id=, 20 ms); else
 * those that pass, summed. The copy must be the snapshot of the kept
 * rows' read transaction (columns_snapshot()). Returns 1 when summed
 * into g, 0 when this does not answer.
 */
static int summed_less(const struct query *q, const char *name,
		       unsigned long limit, struct group_sums *g)
{
	int k = columns_country_among(q), actors = strcmp(name, "actor") == 0;
	struct table t = { NULL, 0, 0, 0, 0, NULL };
	const struct columns *c;
	struct dim d;
	uint32_t *in, *pass, *a, *b, *fail;
	size_t n, npass, i, j, below;
	dbs *st;
	int rc;

	if ((!actors && strcmp(name, "country") != 0) ||
	    (k < 0 && !columns_most_may_pass(q)))
		return 0;
	/* Actors are many (208,000 of GE's at 1M): read most events first
	 * (migrations 16 and 26's indexes), the first few answer. */
	st = db_stmt(k < 0 ? (actors ? "SELECT actor, n FROM"
				       " stats_actor_totals WHERE n > 0"
				       " ORDER BY n DESC" :
				       "SELECT cc, n FROM stats_country_totals"
				       " WHERE n > 0") :
		     actors ? "SELECT actor, n FROM stats_country_actors"
			      " WHERE cc = ?1 AND n > 0 ORDER BY n DESC" :
			      "SELECT b, n FROM stats_country_pairs"
			      " WHERE a = ?1 AND n > 0");
	if (!st)
		return 0;
	if (k >= 0)
		dbs_bind_text(st, 1, q->where[k].binds[0].text, -1,
			      SQLITE_STATIC);
	/* The read transaction begun, the copy must be of its data. */
	rc = dbs_step(st);
	c = rc == SQLITE_ROW || rc == SQLITE_DONE ? columns_snapshot() : NULL;
	in = k >= 0 ? columns_one_value_passing(c, q, (size_t)k, &n, &pass,
						&npass) : NULL;
	if (!in && (k >= 0 || !columns_all_passing(c, q, &pass, &npass))) {
		columns_release(c);
		db_done(st);
		return 0;
	}
	if (k < 0)
		n = c->n;
	dim_of(c, name, &d);
	a = xmalloc(values_room(c) * sizeof(*a));
	b = xmalloc(values_room(c) * sizeof(*b));
	table_reset(&t);
	if (npass < n - n / 4) {
		summed(&t, c, &d, 1, limit, pass, npass, a, b);
		rc = 1;
	} else {
		size_t nfailing;

		below = numbers_below(c, &d);
		fail = xcalloc(below, sizeof(*fail));
		in = columns_failing_of(in, n, pass, npass, &nfailing);
		for (i = 0; i < nfailing; i++) {
			size_t m = values_in(c, &d, in[i], a);

			for (j = 0; j < m; j++)
				fail[a[j]]++;
		}
		rc = kept_less(st, rc, c, &d, fail, below,
			       actors ? limit : 0, &t);
		free(fail);
	}
	if (rc == 1)
		handed_over(&t, c, &d, 1, least_kept(&t, 0, limit), g);
	free(in);
	free(pass);
	free(a);
	free(b);
	free(t.s);
	db_done(st);
	columns_release(c);	/* g copied the texts */
	if (rc == 1)
		columns_answered();
	return rc == 1;
}

int columns_sum(const struct query *q, const char *const *dims,
		size_t ndims, unsigned long limit, int numbers,
		struct group_sums *g)
{
	const struct columns *c;
	struct tests ts;
	struct dim d[2];
	struct table t = { NULL, 0, 0, numbers, 0, NULL };
	uint32_t *a, *b, *hit;
	size_t i, nhit;
	int timed = 0;

	if (ndims == 1 && !numbers && summed_less(q, dims[0], limit, g))
		return 1;
	c = columns_recent();
	if (!c)
		return 0;
	for (i = 0; i < ndims; i++) {
		if (ndims > 2 || !dim_of(c, dims[i], &d[i]))
			break;
		timed |= is_time(c, &d[i]);
	}
	if (i < ndims || !columns_tests_of(c, q, &ts)) {
		columns_release(c);
		return 0;
	}
	a = xmalloc(values_room(c) * sizeof(*a));
	b = xmalloc(values_room(c) * sizeof(*b));
	table_reset(&t);
	hit = columns_matching(&ts, &nhit);
	summed(&t, c, d, ndims, limit, hit, nhit, a, b);
	free(hit);
	handed_over(&t, c, d, ndims, least_kept(&t, timed, limit), g);
	free(a);
	free(b);
	free(t.s);
	columns_tests_free(&ts);
	columns_answered_from(c);
	columns_release(c);	/* g copied the texts */
	return 1;
}

int columns_count(const struct query *q, sqlite3_int64 *total)
{
	const struct columns *c = columns_recent();
	struct tests ts;
	size_t n;

	if (!c)
		return 0;
	if (!columns_tests_of(c, q, &ts)) {
		columns_release(c);
		return 0;
	}
	free(columns_matching(&ts, &n));
	columns_tests_free(&ts);
	columns_answered_from(c);
	columns_release(c);
	*total = (sqlite3_int64)n;
	return 1;
}

void columns_sum_carry(struct columns *c, const struct columns *old,
		       const uint32_t *gone, size_t ngone,
		       const uint32_t *read, size_t nread)
{
	size_t room = values_room(c) > values_room(old) ? values_room(c) :
		      values_room(old);
	uint32_t *a = xmalloc(room * sizeof(*a)), *b = xmalloc(room *
							      sizeof(*b));
	struct dim d[2], od[2];
	size_t k, i;

	for (k = 0; k < COLUMNS_GROUPINGS; k++) {
		const uint32_t *was = atomic_load_explicit(
			&old->all_counts[k], memory_order_acquire);
		size_t below, ob;
		uint32_t *counts;

		if (!was)
			continue;
		dim_of(c, groupings[k], &d[0]);
		dim_of(old, groupings[k], &od[0]);
		ob = numbers_below(old, &od[0]);
		below = numbers_below(c, &d[0]);
		counts = xcalloc(below > ob ? below : ob, sizeof(*counts));
		memcpy(counts, was, ob * sizeof(*counts));
		count_values(old, &od[0], gone, ngone, a, counts, UINT32_MAX);
		count_values(c, &d[0], read, nread, a, counts, 1);
		atomic_store_explicit(&c->all_counts[k], counts,
				      memory_order_release);
	}
	for (k = 0; k < COLUMNS_GROUPINGS * COLUMNS_GROUPINGS; k++) {
		const struct pair_grid *was = atomic_load_explicit(
			&old->pair_grids[k], memory_order_acquire);
		size_t below[2], ob[2], j;
		struct pair_grid *g;

		if (!was)
			continue;
		for (j = 0; j < 2; j++) {
			dim_of(c, groupings[j ? k % COLUMNS_GROUPINGS :
					    k / COLUMNS_GROUPINGS], &d[j]);
			dim_of(old, groupings[j ? k % COLUMNS_GROUPINGS :
					      k / COLUMNS_GROUPINGS], &od[j]);
			below[j] = numbers_below(c, &d[j]);
			ob[j] = numbers_below(old, &od[j]);
		}
		g = xcalloc(1, sizeof(*g) + (below[0] + below[1] +
					     was->n[0] * was->n[1]) *
			    sizeof(uint32_t));
		for (j = 0; j < 2; j++) {
			/* The same values placed; those new to the copy
			 * are not in the grid. */
			g->place[j] = (uint32_t *)(g + 1) + (j ? below[0] : 0);
			memcpy(g->place[j], was->place[j],
			       (below[j] < ob[j] ? below[j] : ob[j]) *
			       sizeof(uint32_t));
			g->n[j] = was->n[j];
		}
		g->count = g->place[1] + below[1];
		memcpy(g->count, was->count,
		       was->n[0] * was->n[1] * sizeof(uint32_t));
		for (i = 0; i < ngone; i++)
			count_pairs(old, od, was->place, was->n[1], gone[i], a,
				    b, g->count, UINT32_MAX);
		for (i = 0; i < nread; i++)
			count_pairs(c, d, g->place, g->n[1], read[i], a, b,
				    g->count, 1);
		atomic_store_explicit(&c->pair_grids[k], g,
				      memory_order_release);
	}
	free(a);
	free(b);
}
