/* SPDX-License-Identifier: MIT */
/*
 * Aggregations and counts of events answered from the copy of their
 * columns (columns.h) by scanning it: what the events path of
 * aggregate.c answers, for the conditions and groupings the copy holds.
 *
 * Conditions: those of columns_tests.h. Groupings: day, week, month,
 * year, country, location_country, root, type, quad_class, actor, role
 * and source. Anything else (a search, an id, a certainty, a time of
 * change) is left to SQLite.
 */
#ifndef DOSSIER_COLUMNS_SUM_H
#define DOSSIER_COLUMNS_SUM_H

#include <stddef.h>
#include <stdint.h>

#include "group_sums.h"
#include "query.h"

/*
 * Adds to g a row per group of the events q matches, grouped by the
 * dimensions named dims (at most two), with the events' numbers summed
 * when `numbers` (else their count alone): with no time bucket, only the
 * groups that can be among the `limit` that group_sums_finish() keeps
 * (0: every group). Returns 1 when the copy answered, 0 when it cannot
 * (then g is untouched).
 */
int columns_sum(const struct query *q, const char *const *dims,
		size_t ndims, unsigned long limit, int numbers,
		struct group_sums *g);

/* The number of events q matches into *total: 1, or 0 when the copy
 * cannot tell. */
int columns_count(const struct query *q, sqlite3_int64 *total);

struct columns;

/*
 * The counts of each grouping's values over all events, and the grids of
 * pairs of two, that readers of the last copy old made (columns_sum.c),
 * brought to the copy c made from it (columns_patch.c): less the events
 * of old changed or gone since (gone[0..ngone), old's places), plus the
 * events read (read[0..nread), c's). A grid keeps the values it had.
 */
void columns_sum_carry(struct columns *c, const struct columns *old,
		       const uint32_t *gone, size_t ngone,
		       const uint32_t *read, size_t nread);

#endif
