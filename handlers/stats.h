/* SPDX-License-Identifier: MIT */
/* The facets of lists, shared with /stats (handlers/stats.c). */
#ifndef DOSSIER_STATS_H
#define DOSSIER_STATS_H

#include "buf.h"
#include "problem.h"
#include "query.h"

/*
 * Appends {"name": [groups...], ...} for each dimension named in facets
 * (comma-separated; of events, a /stats dimension, of other lists one of
 * their facet fields): the top `limit` values among q's matches with
 * their counts. *total (total not NULL) is the number of matches where
 * the facets counted them, else -1. Returns 0 or -1 with *err set (an
 * unknown name is a 400).
 */
int stats_facets(const struct query *q, const char *facets, unsigned limit,
		 struct buf *out, sqlite3_int64 *total, struct problem *err);

#endif
