/* SPDX-License-Identifier: MIT */
/*
 * The copy's orders of its events (columns.h): by date, by each of
 * GDELT's numbers, by updated_at. Sorted when a copy is read anew;
 * merged from the last copy's and the events read when a copy is made
 * from it (columns_patch.c), which takes a pass instead of a sort.
 */
#include "columns_make.h"

#include <stdlib.h>
#include <string.h>

/*
 * A radix sort, 16 bits a pass from the lowest, each pass stable (a pass
 * whose digit is the same for every key is skipped). The copy of 1M
 * events, its four orders made by qsort(), took 2.1 s; by this, 1.7.
 */
int columns_sort_keyed(struct keyed *r, size_t n)
{
	struct keyed *tmp = malloc((n ? n : 1) * sizeof(*tmp)), *from = r;
	size_t *count = malloc(65537 * sizeof(*count)), i;
	unsigned shift;

	if (!tmp || !count) {
		free(tmp);
		free(count);
		return -1;
	}
	for (shift = 0; shift < 64; shift += 16) {
		struct keyed *to = from == r ? tmp : r;

		memset(count, 0, 65537 * sizeof(*count));
		for (i = 0; i < n; i++)
			count[(from[i].key >> shift & 0xffff) + 1]++;
		if (n && count[(from[0].key >> shift & 0xffff) + 1] == n)
			continue;
		for (i = 1; i <= 65536; i++)
			count[i] += count[i - 1];
		for (i = 0; i < n; i++)
			to[count[from[i].key >> shift & 0xffff]++] = from[i];
		from = to;
	}
	if (from != r)
		memcpy(r, from, n * sizeof(*r));
	free(tmp);
	free(count);
	return 0;
}

int columns_ascending(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return (a > b) - (a < b);
}

uint64_t columns_real_key(double v)
{
	uint64_t b;

	memcpy(&b, &v, sizeof(b));
	return b >> 63 ? ~b : b | 1ULL << 63;
}

uint64_t columns_int_key(int64_t v)
{
	return (uint64_t)v ^ 1ULL << 63;
}

/*
 * The events `with` holds (all of them when it is NULL) and, when from
 * is given, only those read (from[e] < 0), with their keys, sorted by
 * key, ties in event order: a new array of *n, or NULL.
 */
static struct keyed *keyed_events(const struct columns *c,
				  const uint8_t *with, uint8_t bit,
				  uint64_t (*key)(const struct columns *,
						  size_t),
				  const int32_t *from, size_t *n)
{
	struct keyed *r = malloc((c->n ? c->n : 1) * sizeof(*r));
	size_t e;

	*n = 0;
	if (!r)
		return NULL;
	for (e = 0; e < c->n; e++) {
		if ((from && from[e] >= 0) || (with && !(with[e] & bit)))
			continue;
		r[*n].key = key(c, e);
		r[(*n)++].e = (uint32_t)e;
	}
	if (columns_sort_keyed(r, *n) != 0) {
		free(r);
		return NULL;
	}
	return r;
}

/*
 * The events sorted by their keys, into a new array of *n of them
 * (those `with` holds, when given, and then the others in event order:
 * all the copy's in all), ties in event order. 0, or -1.
 */
static int events_by_key(const struct columns *c, const uint8_t *with,
			 uint8_t bit, uint64_t (*key)(const struct columns *,
						      size_t),
			 uint32_t **out, size_t *n)
{
	size_t e, len;
	struct keyed *r = keyed_events(c, with, bit, key, NULL, &len);

	*out = malloc((c->n ? c->n : 1) * sizeof(**out));
	if (!r || !*out) {
		free(r);
		return -1;
	}
	for (e = 0; e < len; e++)
		(*out)[e] = r[e].e;
	*n = len;
	for (e = 0; with && e < c->n; e++) {
		if (!(with[e] & bit))
			(*out)[len++] = (uint32_t)e;
	}
	free(r);
	return 0;
}

static uint64_t date_key(const struct columns *c, size_t e)
{
	return columns_int_key(c->start[e]);
}

static uint64_t goldstein_key(const struct columns *c, size_t e)
{
	return columns_real_key(c->goldstein[e]);
}

static uint64_t tone_key(const struct columns *c, size_t e)
{
	return columns_real_key(c->tone[e]);
}

static uint64_t mentions_key(const struct columns *c, size_t e)
{
	return columns_int_key(c->mentions[e]);
}

static uint64_t updated_key(const struct columns *c, size_t e)
{
	return columns_int_key(c->updated[e]);
}

/*
 * The same order merged from the last copy's: old[0..nold) (those with
 * the bit first, by key, then, when `with` is given, old[nold..ntotal)
 * without it, by event), each old event e its new place to[e] (-1:
 * changed or gone), with the events read (from[i] < 0), sorted. Ties
 * stay in event order, as events_by_key() leaves them.
 */
static int events_merged(const struct columns *c, const struct columns *oc,
			 const uint8_t *with, uint8_t bit,
			 uint64_t (*key)(const struct columns *, size_t),
			 const uint32_t *old, size_t nold, size_t ntotal,
			 const int32_t *to, const int32_t *from,
			 uint32_t **out, size_t *n)
{
	size_t e, x = 0, j, nr, len = 0;
	struct keyed *r = keyed_events(c, with, bit, key, from, &nr);

	*out = malloc((c->n ? c->n : 1) * sizeof(**out));
	if (!r || !*out) {
		free(r);
		return -1;
	}
	/*
	 * Each event read goes where bisection by (key, pk) in old's own
	 * columns puts it (pks ascend with the events: the same ties);
	 * old's in between are copied mapped, their keys not read (a
	 * random read each: most of the time a merge took).
	 */
	for (j = 0; j <= nr; j++) {
		size_t lo = x, hi = nold;

		while (j < nr && lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			uint64_t k = key(oc, old[mid]);

			if (k < r[j].key || (k == r[j].key &&
					     oc->pk[old[mid]] < c->pk[r[j].e]))
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; x < (j < nr ? lo : nold); x++) {
			int32_t ne = to[old[x]];

			if (ne >= 0)
				(*out)[len++] = (uint32_t)ne;
		}
		if (j < nr)
			(*out)[len++] = r[j].e;
	}
	*n = len;
	free(r);
	if (!with)
		return 0;
	/* Then those without the number, by event. */
	e = 0;
	for (x = nold; x < ntotal; x++) {
		int32_t ne = to[old[x]];

		if (ne < 0)
			continue;
		for (; e < (size_t)ne; e++) {
			if (from[e] < 0 && !(with[e] & bit))
				(*out)[len++] = (uint32_t)e;
		}
		(*out)[len++] = (uint32_t)ne;
		e = (size_t)ne + 1;
	}
	for (; e < c->n; e++) {
		if (from[e] < 0 && !(with[e] & bit))
			(*out)[len++] = (uint32_t)e;
	}
	return len == c->n ? 0 : -1;
}

/* One order: sorted, or merged from old's when given. */
static int order(struct columns *c, const struct columns *old,
		 const int32_t *to, const int32_t *from, const uint8_t *with,
		 uint8_t bit, uint64_t (*key)(const struct columns *, size_t),
		 const struct ordered *was, uint32_t **out, size_t *n)
{
	if (!old)
		return events_by_key(c, with, bit, key, out, n);
	return events_merged(c, old, with, bit, key, was->events, was->n,
			     with ? old->n : was->n, to, from, out, n);
}

/*
 * The events in the order of lists by date (date_start, then pk, which
 * ascends with the event). Dates are whole days or none (0;
 * columns_read_event() copies no other), so the numbers sort as the texts do.
 * Then the events that have each number, by it: a range of Goldstein
 * scores, tone or mentions then finds its events without a scan of
 * every event; and all the events by updated_at, for updated_since.
 */
int columns_make_orders(struct columns *c, const struct columns *old,
			const int32_t *to, const int32_t *from)
{
	struct ordered by_date = { old ? old->by_date : NULL,
				   old ? old->n : 0 };
	size_t n;

	return order(c, old, to, from, NULL, 0, date_key, &by_date,
		     &c->by_date, &n) != 0 ||
	       order(c, old, to, from, c->has, COLUMNS_HAS_GOLDSTEIN,
		     goldstein_key, old ? &old->by_goldstein : NULL,
		     &c->by_goldstein.events, &c->by_goldstein.n) != 0 ||
	       order(c, old, to, from, c->has, COLUMNS_HAS_TONE, tone_key,
		     old ? &old->by_tone : NULL, &c->by_tone.events,
		     &c->by_tone.n) != 0 ||
	       order(c, old, to, from, c->has, COLUMNS_HAS_MENTIONS,
		     mentions_key, old ? &old->by_mentions : NULL,
		     &c->by_mentions.events, &c->by_mentions.n) != 0 ||
	       (c->updated_ok &&
		order(c, old && old->updated_ok ? old : NULL, to, from, NULL,
		      0, updated_key, old ? &old->by_updated : NULL,
		      &c->by_updated.events, &c->by_updated.n) != 0) ? -1 : 0;
}
