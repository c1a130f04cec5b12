/* SPDX-License-Identifier: MIT */
/*
 * The actor co-participation graph (network.h) of events the kept pairs
 * do not answer, scanned from the copy of the events' columns
 * (columns.h): the same edges, roles, nodes and counts as the events
 * path's SQL, which read every matching event's participants through
 * SQLite (seconds for a broad set at 1M events).
 */
#ifndef DOSSIER_COLUMNS_NETWORK_H
#define DOSSIER_COLUMNS_NETWORK_H

#include <sqlite3.h>

#include "buf.h"
#include "query.h"

/*
 * The graph of q's events as three JSON arrays: edges [[a, b, n], ...]
 * (actors' pks, events together; the `limit` heaviest, those of ego
 * first), roles [[a, b, [{source_role, target_role, count}...]], ...] of
 * those edges, and counts [[actor, events], ...] of the actors they link
 * and ego. Returns 1, or 0 when the copy cannot answer (then the
 * buffers are untouched).
 */
int columns_network(const struct query *q, unsigned limit,
		    sqlite3_int64 ego, struct buf *edges, struct buf *roles,
		    struct buf *counts);

#endif
