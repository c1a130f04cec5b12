/* SPDX-License-Identifier: MIT */
/* A page of events found by walking the copy of their columns by date. */
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
 * The same by walking [*lo, *hi) of the date order in q's order, testing
 * steps of events, until cap pass or `budget` events were tested; *lo or
 * *hi moves past the events tested. Returns how many passed.
 */
static size_t first_walked(const struct query *q, const struct tests *ts,
			   size_t *lo, size_t *hi, size_t budget, size_t cap,
			   sqlite3_int64 *pks)
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
			step[i] = q->descending ? c->by_date[*hi - 1 - i] :
				  c->by_date[*lo + i];
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
	size_t lo, hi, low, high, driven;
	int32_t after_start = 0;
	int few;

	/* A search's matches are the full-text index's to read: testing
	 * the copy would read every one of them first. */
	if (q->res != &events_resource || strcmp(q->sort->name, "date") != 0 ||
	    !cap || query_search(q))
		return 0;
	/* A cursor's date is a whole day or none, as in the copy. */
	if (q->after && (q->after_value.is_int || q->after_value.is_real ||
			 (after_start = columns_date(q->after_value.text,
				strlen(q->after_value.text))) < 0))
		return 0;
	if (!(c = columns_current()))
		return 0;
	if (!columns_tests_of(c, q, &ts)) {
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
	walk_range(q, &ts, after_start, &lo, &hi);
	*pks = xmalloc(cap * sizeof(**pks));
	low = lo;
	high = hi;
	*n = first_walked(q, &ts, &lo, &hi, few ? driven / 4 + FIRST_STEP :
			  SIZE_MAX, cap, *pks);
	if (*n < cap && lo < hi)
		*n = first_matches(q, &ts, low, high, cap, *pks);
	columns_answered();
	columns_tests_free(&ts);
	columns_release(c);
	return 1;
}
