/* SPDX-License-Identifier: MIT */
/*
 * The summaries a bulk writer keeps itself, per batch, instead of by
 * trigger (migration 8, db_summaries_by_caller()): the event counts of
 * countries, actors and event types, and the type-ahead rows of records
 * whose count crossed a power of two or that are new. Exactly what the
 * triggers would have written, at a fraction of the cost: one grouped
 * count per batch rather than an update per row.
 */
#ifndef DOSSIER_SUMMARIES_H
#define DOSSIER_SUMMARIES_H

#include <stddef.h>

#include "store.h"

/* Remembers where the batch starts (the last event, actor and source). */
int summaries_mark(void);

/*
 * Brings the summaries up to date with every event, actor and source
 * added since summaries_mark(), in the open transaction; the new events'
 * titles for type-ahead too unless titles_later. Returns 0 or -1.
 */
int summaries_catch_up(int titles_later);

/*
 * Whether the record pk of a kind came after summaries_mark(): the next
 * catch-up counts it as it is then, however often it is written before.
 */
int summaries_pending(enum store_kind kind, long long pk);

/*
 * The statement adding the titles of the events after pk `after` to the
 * type-ahead rows (a bulk load runs it at its end), into sql.
 */
void summaries_titles_sql(long long after, char *sql, size_t sz);

#endif
