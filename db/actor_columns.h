/* SPDX-License-Identifier: MIT */
/*
 * A search of actors beside a kind or a country, from arrays of every
 * actor's kind, country and place in each sort order, by pk. SQLite read
 * a table row per match to test its kind or country (a word's 20,000
 * matches at 1M events: 25-90 ms for a count and facets, 8-20 ms for a
 * page sorted by name). The arrays answer from the search's matches
 * alone, a few nanoseconds each.
 *
 * They are made from the read transaction of the first request that
 * wants them after a commit, once per copy of the events' columns
 * (columns.h), whose snapshot that transaction holds, and kept with that
 * copy: an actor's row changes only in a commit, after which the next
 * copy is made. Making them reads every actor four times (0.2 s at 1M
 * events, on that request); meanwhile other requests read through SQL.
 * They take 16 bytes an actor (3.5 MB for the 217,000 actors of 1M
 * events), outside --columns-mb's count.
 */
#ifndef DOSSIER_ACTOR_COLUMNS_H
#define DOSSIER_ACTOR_COLUMNS_H

#include <stddef.h>
#include <stdint.h>

#include "dbs.h"
#include "group_sums.h"
#include "query.h"
#include "resource.h"

/* Frees what actor_columns made for a copy (its actor_columns). */
void actor_columns_free(void *made);

/*
 * The number of actors matching q into *total: 1, or 0 when the arrays
 * do not answer q (not a search of actors with only kinds and countries
 * beside it, or no current copy), -1 when a read failed.
 */
int actor_columns_count(const struct query *q, sqlite3_int64 *total);

/*
 * Calls each(values, count, ud) for each combination of the facet
 * fields f[0..n) (kind, country) among q's matches, with their values
 * as the fields' SQL gives them, and sets *total to their sum. Returns
 * 1, 0 (as above, or a field other than those) or -1.
 */
int actor_columns_groups(const struct query *q, const struct field *const *f,
			 size_t n,
			 void (*each)(const struct group_value *values,
				      sqlite3_int64 count, void *ud),
			 void *ud, sqlite3_int64 *total);

/*
 * The pks of the first `cap` of q's matches after its cursor in its sort
 * order, in no particular order: 1 with a new *pks of *n, 0 (as above;
 * or sorted by relevance, or the cursor's actor changed since) or -1.
 */
int actor_columns_keys(const struct query *q, size_t cap, sqlite3_int64 **pks,
		       size_t *n);

#endif
