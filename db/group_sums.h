/* SPDX-License-Identifier: MIT */
/*
 * The rows of an aggregation (its dimensions' values, then n, gs, gn, ts,
 * tn, ms, mn: a cell's or an event's numbers) summed per group in a hash
 * table, then the groups kept and put in the order of the answer. SQLite
 * would sort every row to group them (twice when the groups kept are
 * chosen first); a hash reads each once.
 */
#ifndef DOSSIER_GROUP_SUMS_H
#define DOSSIER_GROUP_SUMS_H

#include <sqlite3.h>
#include <stddef.h>

#define GROUP_SUMS_MAX_DIMS 2

struct group_row {
	sqlite3_value *dims[GROUP_SUMS_MAX_DIMS];
	sqlite3_int64 n, gn, tn, ms, mn;
	double gs, ts;
	int kept;
};

struct group_sums;

/*
 * A new table for rows of ndims dimensions; time[i] tells whether the
 * dimension i is a time bucket. NULL when ndims is over the most.
 */
struct group_sums *group_sums_new(size_t ndims, const int *time);

/* Adds the row st is on. Returns 0, or -1 when out of memory. */
int group_sums_add(struct group_sums *g, sqlite3_stmt *st);

/*
 * Keeps the groups of more than no events and, of the values of the
 * dimensions that are not time, the `limit` with most events (ties in
 * SQLite's order of the values): with time too, every bucket of those.
 * Then orders them as the answer: time (undated last), most events
 * first, then by value. Returns the number of groups kept.
 */
long group_sums_finish(struct group_sums *g, unsigned long limit);

/* The i-th group kept, in order. */
const struct group_row *group_sums_row(const struct group_sums *g,
				       size_t i);

void group_sums_free(struct group_sums *g);

#endif
