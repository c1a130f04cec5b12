/* SPDX-License-Identifier: MIT */
/*
 * A page of events by date found by walking the copy of the events'
 * columns (columns.h) in date order and testing each there
 * (columns_tests.h), when conditions that each match many events may
 * match few together: /events?goldstein_min=4&tone_max=0 (661 of 1M
 * events, one range 7,155 and the other 218,605) walked 10,000 rows of
 * the date index, a table row read for each to test the two numbers,
 * before the smaller range drove: 23 ms, of which the walk 20. The copy
 * tests events a few nanoseconds each, in steps of a few hundred to some
 * thousands, and stops when the page is full. Pages by the Goldstein
 * score, tone, mentions or updated_at are walked the same way in that
 * order (/events?quad_class=1&goldstein_max=-5&sort=goldstein read the
 * quad class's 400,000 events and sorted them: 1 s at 1M).
 */
#ifndef DOSSIER_COPY_KEYS_H
#define DOSSIER_COPY_KEYS_H

#include <stddef.h>

#include "dbs.h"

#include "query.h"

/*
 * The pks of the first `cap` events after q's cursor in q's order (by
 * date, a number, updated_at or id, then pk) among those matching every
 * condition of q, in no particular order: 1 with a new *pks of *n, or 0
 * when the copy does not answer (it is not current, q is by date with a
 * search, or a condition is not tested there). The copy is
 * walked in q's order first (within the ranges of its number or
 * updated_since, if any); a search's matches are marked and read off in
 * that order instead; when one condition's values have few events (an
 * eighth of all
 * at most) and the walk falls short, those events are tested alone;
 * else the walk goes on, only when may_walk (it may read every event
 * when few match: a few milliseconds at 1M events).
 */
int copy_keys(const struct query *q, size_t cap, int may_walk,
	      sqlite3_int64 **pks, size_t *n);
/* The same, by date with a search too: its matches tested in the copy
 * (when a walk of the index found the page's conditions rare). */
int copy_keys_searched(const struct query *q, size_t cap,
		       sqlite3_int64 **pks, size_t *n);

#endif
