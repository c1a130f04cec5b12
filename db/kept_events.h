/* SPDX-License-Identifier: MIT */
/*
 * Which of a search's newest matches pass the query's other conditions,
 * tested on the copy of the events' columns (columns_tests.h) and kept as
 * one bit per event, for a statement over those matches to test each
 * with event_kept(kept, key): a lookup in memory where the conditions'
 * SQL is an index seek or more per match.
 */
#ifndef DOSSIER_KEPT_EVENTS_H
#define DOSSIER_KEPT_EVENTS_H

#include "dbs.h"

#include "query.h"

/* The type of the pointer event_kept() takes (sqlite3_bind_pointer). */
#define KEPT_EVENTS_POINTER "dossier_kept_events"

struct kept_events;

/*
 * q's conditions besides its search, tested on the copy (when it holds
 * the database as it is now and can test them all) for the `window`
 * newest matches of the search, which are read here: a new set, or NULL.
 */
struct kept_events *kept_events_of(const struct query *q, long window);

void kept_events_free(struct kept_events *k);

/*
 * Registers event_kept(kept, key) on db: 1 when the event of an event key
 * is in the set bound as kept, else 0. Returns 0 or -1.
 */
int kept_events_register(sqlite3 *db);

#endif
