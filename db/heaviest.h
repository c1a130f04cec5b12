/* SPDX-License-Identifier: MIT */
/*
 * The heaviest keys (pairs of actors, or actors with b 0) of some chosen
 * groups of events (sets of countries, CAMEO groups), by their numbers
 * of events in those groups: either walked from the keys of all events,
 * heaviest first, each one's number in the groups added up from its own
 * rows until no later key can come before the last one kept (sets of
 * countries), or added up from every row of the groups. The walk suits
 * groups that hold a good share of all events, the sum groups that hold
 * few. The heap of the heaviest keys and the sums by key are here too,
 * for both ways and for the merge of CAMEO groups (code_networks.c).
 */
#ifndef DOSSIER_HEAVIEST_H
#define DOSSIER_HEAVIEST_H

#include "dbs.h"
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "strmap.h"

/* A key (pair of actors a < b, or an actor a with b 0) and its events. */
struct heavy {
	sqlite3_int64 a, b, n;
};

/*
 * The `limit` heaviest keys offered: a heap whose first key is the one
 * that would leave first. e holds limit keys.
 */
struct heavy_top {
	struct heavy *e;
	size_t len, limit;
};

/*
 * Below this share of all events and this number of events, the chosen
 * groups' keys are few: they are added up. At 1M events, the walk read
 * 130 pairs for a limit of 100 where the groups held 47% of the events,
 * 1,085 at 7%, 3,073 at 2%; the groups' pairs are about 0.14 an event.
 */
#define WALK_SHARE 0.1
#define WALK_EVENTS 100000
/* The walk's most keys read: then the sum is the cheaper. */
#define WALK_MOST(limit) (20 * (size_t)(limit) + 2000)

/* Numbers added up by a key that is never 0 (open addressing, at most
 * half full); { 0 } is empty. */
struct heavy_sums {
	uint64_t *key;
	sqlite3_int64 *n;
	size_t cap, len;
};

/* Adds n to key k's sum; returns the sum before (0 for a new key). */
sqlite3_int64 heavy_sums_add(struct heavy_sums *h, uint64_t k,
			     sqlite3_int64 n);
void heavy_sums_free(struct heavy_sums *h);

/* Offers x to t: kept when among the heaviest so far. */
void heavy_offer(struct heavy_top *t, struct heavy x);

/* qsort's order of keys in the answer: most events, then by a and b. */
int heavy_order(const void *x, const void *y);

/* t's keys in the answer's order, appended as JSON [[a, b, n], ...]. */
void heavy_json(struct heavy_top *t, struct buf *out);

/* SQL: the rows (a, b, n) of heavy_json()'s array bound to parameter p
 * (text such as "?2", or "?%zu" in a format). */
#define HEAVY_ROWS(p) "SELECT CAST(value ->> 0 AS INTEGER) AS a," \
	" CAST(value ->> 1 AS INTEGER) AS b," \
	" CAST(value ->> 2 AS INTEGER) AS n FROM json_each(" p ")"

/* Binds binds (NULL-terminated) to st from ?at. */
void heavy_bind(dbs *st, const char *const *binds, int at);

/*
 * The walk: all_sql reads every key of all events, heaviest first (a, b,
 * n), own_sql each one's rows by group (s, n of ?1 and ?2; binds,
 * NULL-terminated, from ?3); each key's number in the chosen groups
 * (every row's when chosen is NULL) is added up from its own, until the
 * next key, with its number of all events, would come after the last
 * one kept: its number in the groups is at most that, so no later key
 * can come before it. 1 when done, 0 when more than `most` keys would be
 * read (the groups' rows are then added up instead), -1 when a
 * statement fails.
 */
int heavy_walk(const char *all_sql, const char *own_sql,
	       const char *const *binds, const struct strmap *chosen,
	       struct heavy_top *t, size_t most);

/*
 * The sum: every key st reads (columns 0 and 1, each above 0 and below
 * 2^32; b 0 for an actor) with its number (column 2) added up in a hash
 * table, each sum above 0 offered to t. st is finished. Returns 1, 0
 * when a key does not fit (the sum is then SQL's), -1 when st is NULL or
 * fails.
 */
int heavy_sum(dbs *st, struct heavy_top *t);

#endif
