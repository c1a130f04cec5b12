/* SPDX-License-Identifier: MIT */
/*
 * The actor co-participation graph of the events a query matches: two
 * actors are linked by the events they both take part in, weighted by
 * how many, with the roles they had.
 */
#ifndef DOSSIER_NETWORK_H
#define DOSSIER_NETWORK_H

#include "dbs.h"

#include "buf.h"
#include "problem.h"
#include "query.h"

/*
 * Appends "nodes":[...],"edges":[...] for q's matching events: the
 * `limit` heaviest edges and the actors they link (with ego, an actor's
 * pk, always among the nodes; 0 for none). Returns 0 or -1 with *err.
 */
int network_run(const struct query *q, unsigned limit, sqlite3_int64 ego,
		struct buf *out, struct problem *err);

#endif
