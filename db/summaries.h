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

/* Remembers where the batch starts (the last event and actor). */
int summaries_mark(void);

/*
 * Brings the summaries up to date with every event and actor added since
 * summaries_mark(), in the open transaction. Returns 0 or -1.
 */
int summaries_catch_up(void);

#endif
