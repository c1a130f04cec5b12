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

#include "dbs.h"

#include "graph.h"
#include "query.h"

/*
 * The graph of q's events into g: the `limit` heaviest edges (those of
 * ego first), the pairs of roles of those edges, and the events of the
 * actors they link and of ego. Returns 1, or 0 when the copy cannot
 * answer (then g is untouched).
 */
int columns_network(const struct query *q, unsigned limit,
		    sqlite3_int64 ego, struct graph *g);

/*
 * The same of q without an ego when its condition k is one country and
 * its others pass most of that country's events (a range of tone,
 * say): the country's graph kept in its summary cells (migrations 23
 * and 27) less the graph of the few events that fail them; when k is
 * q->nwhere or more, every event's graph kept (migrations 18 and 29)
 * less that of the events that fail q (a negation, a wide range: at 1M
 * events a graph of most of them took 25-60 ms). With more than a
 * quarter failing, the graph of those that pass. Returns 1, 0 when this
 * cannot answer (then g is untouched), or -1 when the database fails.
 */
int columns_network_less(const struct query *q, size_t k, unsigned limit,
			 struct graph *g);

#endif
