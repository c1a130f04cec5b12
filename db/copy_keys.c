/* SPDX-License-Identifier: MIT */
/* A page of events found by walking the copy of their columns in its
 * order: by date, by a number, by updated_at or by id. */
#include "copy_keys.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "columns_tests.h"
#include "db.h"
#include "resource.h"
#include "xalloc.h"

/* Events tested at once: the first few, then more while too few pass. */
#define FIRST_STEP 256
#define MOST_STEP 65536

/*
 * The order a page is walked in: position p of it, ascending, holds
 * event order_at(o, p). By date, the copy's by_date; by id, its by_id.
 * By a number, the events without it first (they sort below all others,
 * by event), then those with it (columns.h's struct ordered holds both);
 * by updated_at, all of them.
 */
struct order {
	const struct columns *c;
	const uint32_t *by;
	size_t with, without;
	/* By a number: */
	const double *reals;
	const int32_t *ints;
	uint8_t bit;
	uint64_t none;	/* the sort key of an event without it */
};

static inline uint32_t order_at(const struct order *o, size_t p)
{
	return p < o->without ? o->by[o->with + p] : o->by[p - o->without];
}

/* Event e's sort key in o: its number (a double, as SQLite compares an
 * integer with a real) or its updated_at, as keys that sort as they do. */
static uint64_t sort_key(const struct order *o, uint32_t e)
{
	if (!o->bit)
		return columns_int_key(o->c->updated[e]);
	if (!(o->c->has[e] & o->bit))
		return o->none;
	return columns_real_key(o->ints ? (double)o->ints[e] : o->reals[e]);
}

/*
 * The order of q's sort in c, into *o: by date, by GDELT's numbers
 * (those without one valued as events_db.c's sort keys value them: -1
 * mentions, -1e9 else), by updated_at or by id. 0 when c has none: by
 * updated_at when an event's is not of the stored form, or by a number
 * some event has at or below that value (it would sort among those
 * without).
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
	if (strcmp(s, "id") == 0) {
		o->by = c->by_id;
		o->with = c->n;
		return c->by_id != NULL;
	}
	if (strcmp(s, "updated_at") == 0) {
		o->by = c->by_updated.events;
		o->with = c->n;
		return c->updated_ok;
	}
	if (strcmp(s, "mentions") == 0) {
		by = &c->by_mentions;
		o->ints = c->mentions;
		o->bit = COLUMNS_HAS_MENTIONS;
		o->none = columns_real_key(-1);
	} else if (strcmp(s, "goldstein") == 0 || strcmp(s, "tone") == 0) {
		int tone = s[0] == 't';

		by = tone ? &c->by_tone : &c->by_goldstein;
		o->reals = tone ? c->tone : c->goldstein;
		o->bit = tone ? COLUMNS_HAS_TONE : COLUMNS_HAS_GOLDSTEIN;
		o->none = columns_real_key(-1e9);
	} else {
		return 0;
	}
	o->by = by->events;
	o->with = by->n;
	o->without = c->n - by->n;
	return by->n == 0 || sort_key(o, by->events[0]) > o->none;
}

/*
 * The sort key of q's cursor's value in o into *key: a number's, or a
 * stored updated_at's. 0 when it is not of that kind.
 */
static int cursor_key(const struct query *q, const struct order *o,
		      uint64_t *key)
{
	const struct value *v = &q->after_value;
	int64_t t;

	if (!o->bit) {
		t = v->is_int || v->is_real ? -1 :
		    columns_timestamp(v->text, strlen(v->text));
		*key = columns_int_key(t);
		return t != -1;
	}
	*key = columns_real_key(v->is_int ? (double)v->i : v->d);
	return v->is_int || v->is_real;
}

/* The first position of o whose event comes after (key, pk) in
 * ascending order, or at it too when !equal. */
static size_t order_below(const struct order *o, uint64_t key,
			  sqlite3_int64 pk, int equal)
{
	size_t lo = 0, hi = o->with + o->without;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t e = order_at(o, mid);
		uint64_t x = sort_key(o, e);
		int cmp = x != key ? (x > key) - (x < key) :
			  (o->c->pk[e] > pk) - (o->c->pk[e] < pk);

		if (cmp < 0 || (equal && cmp == 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The part [*lo, *hi) of a number's or updated_at's order the page may
 * come from: after the cursor (its key `after`), and within the ranges
 * of that number (their bounds value an event without it as the order
 * does) or updated_since.
 */
static void order_range(const struct query *q, const struct order *o,
			const struct tests *ts, uint64_t after, size_t *lo,
			size_t *hi)
{
	size_t i, n;

	*lo = 0;
	*hi = o->with + o->without;
	for (i = 0; i < ts->n; i++) {
		const struct test *t = &ts->t[i];

		if (!o->bit && t->on == UPDATED &&
		    (n = order_below(o, columns_int_key(t->since), INT64_MIN,
				     0)) > *lo)
			*lo = n;
		if (!o->bit || t->on != NUMBER || t->bit != o->bit)
			continue;
		if ((n = order_below(o, columns_real_key(t->lo), INT64_MIN,
				     0)) > *lo)
			*lo = n;
		if ((n = order_below(o, columns_real_key(t->hi), INT64_MAX,
				     1)) < *hi)
			*hi = n;
	}
	if (q->after && q->descending &&
	    (n = order_below(o, after, q->after_pk, 0)) < *hi)
		*hi = n;
	if (q->after && !q->descending &&
	    (n = order_below(o, after, q->after_pk, 1)) > *lo)
		*lo = n;
	if (*lo > *hi)
		*lo = *hi;
}

/*
 * The part [*lo, *hi) of the id order after q's cursor, by bisection,
 * the ids compared read by pk (about 20 lookups at 1M events). 0 when
 * one is not found (a commit since the copy's snapshot) or the cursor
 * is not an id.
 */
static int id_range(const struct query *q, const struct order *o,
		    size_t *lo, size_t *hi)
{
	const struct value *v = &q->after_value;
	size_t l = 0, h = o->with;
	dbs *st;
	int ok = 1;

	*lo = 0;
	*hi = o->with;
	if (!q->after)
		return 1;
	if (v->is_int || v->is_real ||
	    !(st = db_stmt("SELECT id FROM events WHERE pk = ?")))
		return 0;
	while (l < h) {
		size_t mid = l + (h - l) / 2;
		sqlite3_int64 pk = o->c->pk[o->by[mid]];
		int cmp;

		if (columns_id_cmp(st, pk, v->text, &cmp) != 0) {
			ok = 0;
			break;
		}
		if (cmp == 0)
			cmp = (pk > q->after_pk) - (pk < q->after_pk);
		/* Ascending, the first after the cursor; descending, the
		 * first at it or after. */
		if (cmp < 0 || (cmp == 0 && !q->descending))
			l = mid + 1;
		else
			h = mid;
	}
	db_done(st);
	if (q->descending)
		*hi = l;
	else
		*lo = l;
	return ok;
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

static int keys_in_order(const struct query *q, size_t cap, int may_walk,
			 int searched_by_date, sqlite3_int64 **pks, size_t *n)
{
	const struct columns *c;
	struct tests ts;
	struct order o;
	size_t lo = 0, hi = 0, low, high, driven;
	int32_t after_start = 0;
	uint64_t after = 0;
	int few, by_date = strcmp(q->sort->name, "date") == 0;
	int by_id = strcmp(q->sort->name, "id") == 0;

	/* A search's matches by date are the full-text index's to read, in
	 * that order (its keys hold their dates): testing the copy would
	 * read every one of them first. In another order every match is
	 * read either way. */
	if (q->res != &events_resource || !cap ||
	    (by_date && query_search(q) && !searched_by_date))
		return 0;
	/* A cursor's date is a whole day or none, as in the copy. */
	if (q->after && by_date &&
	    (q->after_value.is_int || q->after_value.is_real ||
	     (after_start = columns_date(q->after_value.text,
					 strlen(q->after_value.text))) < 0))
		return 0;
	if (!(c = columns_current()))
		return 0;
	if (!order_of(q, c, &o) ||
	    (q->after && !by_date && !by_id && !cursor_key(q, &o, &after)) ||
	    !columns_tests_of(c, q, &ts)) {
		columns_release(c);
		return 0;
	}
	/*
	 * A walk stops as soon as the page is full, which is soon when many
	 * events match: it goes first, testing as many events as a read of
	 * a test's values would (a quarter, for their sort). When they are
	 * few (an eighth of all at most) and the walk fell short, they are
	 * tested alone (columns_matching()); else the walk goes on. A
	 * search's matches are marked, not walked: a walk tests no search.
	 */
	driven = columns_driven(&ts);
	few = driven < c->n / 8;
	if ((!few && !may_walk && !ts.searched) ||
	    (by_id && !id_range(q, &o, &lo, &hi))) {
		columns_tests_free(&ts);
		columns_release(c);
		return 0;
	}
	if (by_date)
		walk_range(q, &ts, after_start, &lo, &hi);
	else if (!by_id)
		order_range(q, &o, &ts, after, &lo, &hi);
	*pks = xmalloc(cap * sizeof(**pks));
	low = lo;
	high = hi;
	*n = ts.searched ? 0 : first_walked(q, &o, &ts, &lo, &hi, few ?
					     driven / 4 + FIRST_STEP :
					     SIZE_MAX, cap, *pks);
	if (*n < cap && lo < hi)
		*n = by_date ? first_matches(q, &ts, low, high, cap, *pks) :
		     first_marked(q, &o, &ts, low, high, cap, *pks);
	columns_answered();
	columns_tests_free(&ts);
	columns_release(c);
	return 1;
}

int copy_keys(const struct query *q, size_t cap, int may_walk,
	      sqlite3_int64 **pks, size_t *n)
{
	return keys_in_order(q, cap, may_walk, 0, pks, n);
}

int copy_keys_searched(const struct query *q, size_t cap,
		       sqlite3_int64 **pks, size_t *n)
{
	return keys_in_order(q, cap, 1, 1, pks, n);
}
