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

#include "dbs.h"
#include <stddef.h>

/* The most dimensions of a table: an import's summary of pairs of
 * actors by month, code and roles, and each event of them. */
#define GROUP_SUMS_MAX_DIMS 7

/*
 * A grouped value, read from its column once: a group's own are copied
 * into its table's memory (text NUL-terminated), so that rows are
 * hashed, compared and sorted without a call into SQLite per value and
 * a new group costs no allocation of its own.
 */
struct group_value {
	int type;		/* SQLITE_NULL, _INTEGER, _FLOAT, _TEXT, _BLOB */
	int len;		/* of text or a blob, in bytes */
	union {
		sqlite3_int64 i;
		double d;
		const char *p;
	} u;
};

/* Column col of the row st is on as a group_value (text and blobs
 * still the statement's: until it steps again). */
void group_value_column(struct group_value *g, dbs *st, int col);

/* Orders two values as the groups' ties are broken: NULL, numbers, text
 * (bytes), blobs. */
int group_value_cmp(const struct group_value *x, const struct group_value *y);

/* Binds v to parameter i of st (text and blobs not copied). */
int group_value_bind(dbs *st, int i, const struct group_value *v);

struct group_row {
	sqlite3_int64 n, gn, tn, ms, mn;
	double gs, ts;
	int kept;
	size_t when;	/* its time buckets' place in the answer's order */
	unsigned long long hash;	/* of the values its table is keyed by */
	struct group_value dims[];	/* as many as its table has */
};

struct group_sums;

/*
 * A new table for rows of ndims dimensions; time[i] tells whether the
 * dimension i is a time bucket, weeks[i] whether it is weeks: a day
 * ("2019-04-24") there is summed as its week, named by its Monday
 * ("2019-04-22"); other values as they are. NULL when ndims is over the
 * most.
 */
struct group_sums *group_sums_new(size_t ndims, const int *time,
				  const int *weeks);

/*
 * Dimension i of g's rows read from the bare column of a cell: its text
 * cut to `cut` bytes (0: whole), then '' or 0 read as NULL, as SQL's
 * nullif(substr(column, 1, cut), '') would give it. Values already so
 * read the same.
 */
void group_sums_raw(struct group_sums *g, size_t i, int cut);

/* Adds the row st is on: its values, then n, and gs, gn, ts, tn, ms and
 * mn unless it ends at n. */
void group_sums_add(struct group_sums *g, dbs *st);

/*
 * Adds the row st is on as one event: its values, then (cells) the
 * numbers of its cell, gs, gn, ts, tn, ms and mn, as columns.
 */
void group_sums_add_event(struct group_sums *g, dbs *st, int cells);

/* Adds a row given as its values (text copied) and its numbers (n, gs,
 * gn, ts, tn, ms and mn of sums). */
void group_sums_add_values(struct group_sums *g,
			   const struct group_value *values,
			   const struct group_row *sums);
/*
 * The same for a row whose values (a day read as its Monday) no other
 * row added this way has: while g holds only such rows it is put in
 * without looking for its group (60,000 groups of days and codes from
 * the copy each hashed and looked up for nothing).
 */
void group_sums_add_new(struct group_sums *g,
			const struct group_value *values,
			const struct group_row *sums);

/*
 * Keeps the groups of more than no events and, of the values of the
 * dimensions that are not time, the `limit` with most events (ties in
 * SQLite's order of the values): with time too, every bucket of those.
 * Then orders them as the answer: time (undated last), most events
 * first, then by value. Returns the number of groups kept.
 */
long group_sums_finish(struct group_sums *g, unsigned long limit);

/* Keeps every group, ordered by their values (the first dimension
 * first). Returns the number of groups. */
long group_sums_by_values(struct group_sums *g);

/* The i-th group kept, in order. */
const struct group_row *group_sums_row(const struct group_sums *g,
				       size_t i);

void group_sums_free(struct group_sums *g);

#endif
