/* SPDX-License-Identifier: MIT */
/*
 * The network of events chosen by their countries involved alone (any of
 * several, all of several, none of them: country=US,RU,
 * country=GE&country=US, not_country=US, and these together), from the
 * networks kept per set of countries (migration 38): each event is in
 * exactly one set, so the network of the sets that qualify is the sum of
 * theirs, and no event is read.
 */
#ifndef DOSSIER_SET_NETWORKS_H
#define DOSSIER_SET_NETWORKS_H

#include <sqlite3.h>

#include "buf.h"
#include "query.h"

/*
 * Whether every condition of q is on the countries involved, and they
 * are not one country= of one value alone (its own network is kept).
 */
int set_networks_answer(const struct query *q);

/*
 * Appends a WITH clause defining sets (the sets of countries that q's
 * conditions qualify), edges (the `limit` heaviest pairs of actors of
 * their events), their roles, nodes and the nodes' counts. The edges are
 * found here, into edges as JSON, when that is the quicker; else the
 * statement adds them up. Returns 0, or -1 when a statement fails.
 */
int set_networks_sql(struct buf *sql, const struct query *q, unsigned limit,
		     struct buf *edges);

/* Binds q's values, the limit and edges to st (from set_networks_sql()). */
void set_networks_bind(sqlite3_stmt *st, const struct query *q,
		       unsigned limit, const struct buf *edges);

#endif
