/* SPDX-License-Identifier: MIT */
/* A page of events found by walking the copy of their columns in its
 * order: by date, or by a number. */
#include "copy_keys.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "columns_tests.h"
#include "resource.h"
#include "xalloc.h"

/* Events tested at once: the first few, then more while too few pass. */
#define FIRST_STEP 256
#define MOST_STEP 65536

/*
 * The order a page is walked in: position p of it, ascending, holds
 * event order_at(o, p). By date, the copy's by_date. By a number, the
 * events without it first (they sort below all others, by event), then
 * those with it (columns.h's struct ordered holds both).
 */
struct order {
	const struct columns *c;
	const uint32_t *by;
	size_t with, without;
	/* By a number: */
	const double *reals;
	const int32_t *ints;
	uint8_t bit;
	double none;	/* its sort value of an event without it */
};

static inline uint32_t order_at(const struct order *o, size_t p)
{
	return p < o->without ? o->by[o->with + p] : o->by[p - o->without];
}

/* Event e's sort value by o's number. */
static double order_value(const struct order *o, uint32_t e)
{
	if (!(o->c->has[e] & o->bit))
		return o->none;
	return o->ints ? (double)o->ints[e] : o->reals[e];
}

/*
 * The order of q's sort in c, into *o: by date, or by GDELT's numbers,
 * those without one valued as events_db.c's sort keys value them (-1
 * mentions, -1e9 else). 0 when c has none: by id, by updated_at, or by
 * a number some event has at or below that value (it would sort among
 * those without).
 */
static int order_of(const struct query *q, const struct columns *c,
		    struct order *o)
{
	const char *s = q->sort->name;
	const struct ordered *by;

	memset(o, 0, sizeof(*o));
	o->c = c;
	if (strcmp(s, "date") == 0) {
		o->by = c->by_date;
		o->with = c->n;
		return 1;
	}
	if (strcmp(s, "mentions") == 0) {
		by = &c->by_mentions;
		o->ints = c->mentions;
		o->bit = COLUMNS_HAS_MENTIONS;
		o->none = -1;
	} else if (strcmp(s, "goldstein") == 0 || strcmp(s, "tone") == 0) {
		int tone = s[0] == 't';

		by = tone ? &c->by_tone : &c->by_goldstein;
		o->reals = tone ? c->tone : c->goldstein;
		o->bit = tone ? COLUMNS_HAS_TONE : COLUMNS_HAS_GOLDSTEIN;
		o->none = -1e9;
	} else {
		return 0;
	}
	o->by = by->events;
	o->with = by->n;
	o->without = c->n - by->n;
	return by->n == 0 || order_value(o, by->events[0]) > o->none;
}

/* The first position of o whose event comes after (v, pk) in ascending
 * order, or at it too when !equal. */
static size_t number_below(const struct order *o, double v, sqlite3_int64 pk,
			   int equal)
{
	size_t lo = 0, hi = o->with + o->without;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t e = order_at(o, mid);
		double x = order_value(o, e);
		int cmp = x != v ? (x > v) - (x < v) :
			  (o->c->pk[e] > pk) - (o->c->pk[e] < pk);

		if (cmp < 0 || (equal && cmp == 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The part [*lo, *hi) of a number's order the page may come from: after
 * the cursor (its value `after`), and within the ranges of that number
 * (their bounds value an event without it as the order does).
 */
static void number_range(const struct query *q, const struct order *o,
			 const struct tests *ts, double after, size_t *lo,
			 size_t *hi)
{
	size_t i, n;

	*lo = 0;
	*hi = o->with + o->without;
	for (i = 0; i < ts->n; i++) {
		const struct test *t = &ts->t[i];

		if (t->on != NUMBER || t->bit != o->bit)
			continue;
		if ((n = number_below(o, t->lo, INT64_MIN, 0)) > *lo)
			*lo = n;
		if ((n = number_below(o, t->hi, INT64_MAX, 1)) < *hi)
			*hi = n;
	}
	if (q->after && q->descending &&
	    (n = number_below(o, after, q->after_pk, 0)) < *hi)
		*hi = n;
	if (q->after && !q->descending &&
	    (n = number_below(o, after, q->after_pk, 1)) > *lo)
		*lo = n;
	if (*lo > *hi)
		*lo = *hi;
}

/*
 * The part [*lo, *hi) of the date order the page may come from: after
 * the cursor, and within the dates that from= and to= allow (an event
 * passes to= only when it starts by then: columns_tests.h).
 */
static void walk_range(const struct query *q, const struct tests *ts,
		       int32_t after_start, size_t *lo, size_t *hi)
{
	const struct columns *c = ts->c;
	size_t i, n;

	*lo = 0;
	*hi = c->n;
	for (i = 0; i < ts->n; i++) {
		const struct test *t = &ts->t[i];

		if (t->on == FROM &&
		    (n = columns_below(c, t->from, INT64_MIN, 0)) > *lo)
			*lo = n;
		if (t->on == TO &&
		    (n = columns_below(c, t->from, INT64_MAX, 1)) < *hi)
			*hi = n;
	}
	if (q->after && q->descending &&
	    (n = columns_below(c, after_start, q->after_pk, 0)) < *hi)
		*hi = n;
	if (q->after && !q->descending &&
	    (n = columns_below(c, after_start, q->after_pk, 1)) > *lo)
		*lo = n;
	if (*lo > *hi)
		*lo = *hi;
}

/*
 * An event's place in q's order as one number, larger first: its date
 * above its index in the copy, which ascends with its pk; negated when
 * q is oldest first.
 */
static sqlite3_int64 order_key(const struct query *q,
			       const struct columns *c, uint32_t e)
{
	sqlite3_int64 k = (sqlite3_int64)c->start[e] << 32 | e;

	return q->descending ? k : -k;
}

/*
 * The first cap events of [lo, hi) of the date order that pass ts, into
 * pks, when one test's values have few events: those events are tested
 * (columns_matching()), then the first cap of them taken, in no order.
 * Returns how many.
 */
static size_t first_matches(const struct query *q, const struct tests *ts,
			    size_t lo, size_t hi, size_t cap,
			    sqlite3_int64 *pks)
{
	const struct columns *c = ts->c;
	sqlite3_int64 *key, low, high, least;
	uint32_t *hits, first, last;
	size_t nhits, nkey = 0, i, out = 0;

	if (lo >= hi)
		return 0;
	/* The keys of the part's first and last events bound its keys. */
	first = c->by_date[lo];
	last = c->by_date[hi - 1];
	low = q->descending ? order_key(q, c, first) : order_key(q, c, last);
	high = q->descending ? order_key(q, c, last) : order_key(q, c, first);
	hits = columns_matching(ts, &nhits);
	key = xmalloc((nhits ? nhits : 1) * sizeof(*key));
	for (i = 0; i < nhits; i++) {
		sqlite3_int64 k = order_key(q, c, hits[i]);

		if (k >= low && k <= high)
			key[nkey++] = k;
	}
	free(hits);
	least = nkey > cap ? columns_kth_largest(key, nkey, cap) : INT64_MIN;
	for (i = 0; i < nkey; i++) {
		if (key[i] >= least)
			key[out++] = key[i];
	}
	for (i = 0; i < out; i++)
		pks[i] = c->pk[(uint32_t)(q->descending ? key[i] : -key[i])];
	free(key);
	return out;
}

/*
 * The same by a number: the events that pass ts marked, then read off
 * [lo, hi) of its order in q's order until cap are found.
 */
static size_t first_marked(const struct query *q, const struct order *o,
			   const struct tests *ts, size_t lo, size_t hi,
			   size_t cap, sqlite3_int64 *pks)
{
	const struct columns *c = ts->c;
	uint64_t *marked = xcalloc(c->n / 64 + 1, sizeof(*marked));
	uint32_t *hits;
	size_t nhits, i, found = 0;

	hits = columns_matching(ts, &nhits);
	for (i = 0; i < nhits; i++)
		marked[hits[i] / 64] |= 1ULL << (hits[i] % 64);
	free(hits);
	for (i = 0; i < hi - lo && found < cap; i++) {
		uint32_t e = order_at(o, q->descending ? hi - 1 - i : lo + i);

		if (marked[e / 64] >> (e % 64) & 1)
			pks[found++] = c->pk[e];
	}
	free(marked);
	return found;
}

/*
 * Walks [*lo, *hi) of o in q's order, testing steps of events, until cap
 * pass or `budget` events were tested; *lo or *hi moves past the events
 * tested. Returns how many passed.
 */
static size_t first_walked(const struct query *q, const struct order *o,
			   const struct tests *ts, size_t *lo, size_t *hi,
			   size_t budget, size_t cap, sqlite3_int64 *pks)
{
	const struct columns *c = ts->c;
	uint32_t *step = xmalloc(MOST_STEP * sizeof(*step));
	size_t size = FIRST_STEP, found = 0, tested = 0;

	while (found < cap && *lo < *hi && tested < budget) {
		size_t take = *hi - *lo < size ? *hi - *lo : size, i, passed;

		if (take > budget - tested)
			take = budget - tested;

		/* The next events in q's order. */
		for (i = 0; i < take; i++)
			step[i] = order_at(o, q->descending ? *hi - 1 - i :
						*lo + i);
		if (q->descending)
			*hi -= take;
		else
			*lo += take;
		tested += take;
		passed = columns_passing(ts, step, take, step);
		for (i = 0; i < passed && found < cap; i++)
			pks[found++] = c->pk[step[i]];
		if (size < MOST_STEP)
			size *= 2;
	}
	free(step);
	return found;
}

int copy_keys(const struct query *q, size_t cap, int may_walk,
	      sqlite3_int64 **pks, size_t *n)
{
	const struct columns *c;
	struct tests ts;
	struct order o;
	size_t lo, hi, low, high, driven;
	int32_t after_start = 0;
	double after = 0;
	int few, by_date = strcmp(q->sort->name, "date") == 0;

	/* A search's matches are the full-text index's to read: testing
	 * the copy would read every one of them first. */
	if (q->res != &events_resource || !cap || query_search(q))
		return 0;
	/* A cursor's date is a whole day or none, as in the copy; its
	 * number, a number. */
	if (q->after && by_date &&
	    (q->after_value.is_int || q->after_value.is_real ||
	     (after_start = columns_date(q->after_value.text,
					 strlen(q->after_value.text))) < 0))
		return 0;
	if (q->after && !by_date) {
		if (!q->after_value.is_int && !q->after_value.is_real)
			return 0;
		after = q->after_value.is_int ? (double)q->after_value.i :
			q->after_value.d;
	}
	if (!(c = columns_current()))
		return 0;
	if (!order_of(q, c, &o) || !columns_tests_of(c, q, &ts)) {
		columns_release(c);
		return 0;
	}
	/*
	 * A walk stops as soon as the page is full, which is soon when many
	 * events match: it goes first, testing as many events as a read of
	 * a test's values would (a quarter, for their sort). When they are
	 * few (an eighth of all at most) and the walk fell short, they are
	 * tested alone (columns_matching()); else the walk goes on.
	 */
	driven = columns_driven(&ts);
	few = driven < c->n / 8;
	if (!few && !may_walk) {
		columns_tests_free(&ts);
		columns_release(c);
		return 0;
	}
	if (by_date)
		walk_range(q, &ts, after_start, &lo, &hi);
	else
		number_range(q, &o, &ts, after, &lo, &hi);
	*pks = xmalloc(cap * sizeof(**pks));
	low = lo;
	high = hi;
	*n = first_walked(q, &o, &ts, &lo, &hi, few ? driven / 4 + FIRST_STEP :
			  SIZE_MAX, cap, *pks);
	if (*n < cap && lo < hi)
		*n = by_date ? first_matches(q, &ts, low, high, cap, *pks) :
		     first_marked(q, &o, &ts, low, high, cap, *pks);
	columns_answered();
	columns_tests_free(&ts);
	columns_release(c);
	return 1;
}
