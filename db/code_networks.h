/* SPDX-License-Identifier: MIT */
/*
 * The actor graph (network.h) of events chosen by CAMEO codes or quad
 * classes alone, over all time: /network?type=04, ?type=190,
 * ?quad_class=1, ?quad_class=2,3 or ?type=04,05. It is read from the
 * networks kept per CAMEO group (migration 68): one group's heaviest
 * edges are the first rows of its index, those of several groups are
 * merged from their lists, heaviest first, or added up (heaviest.h).
 * One group's cost is the answer's, not its events' (625,000 for quad
 * class 1 at 1M events); several groups' is the rows the merge reads,
 * or their pairs when added up.
 */
#ifndef DOSSIER_CODE_NETWORKS_H
#define DOSSIER_CODE_NETWORKS_H

#include "graph.h"
#include "query.h"

/*
 * The graph of q's events into g, the `limit` heaviest edges, when q is
 * one type= (codes or prefixes of 2 to 4 digits) or one quad_class=
 * condition alone, of at most four groups. Returns 1, 0 when q is not
 * such a query (g is then untouched), or -1 when the database fails.
 */
int code_network(const struct query *q, unsigned limit, struct graph *g);

#endif
