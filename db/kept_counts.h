/* SPDX-License-Identifier: MIT */
/*
 * Facets and counts of a list read from the numbers its resource keeps
 * per value (resource.h: kept_counts, migration 69) rather than counted
 * over every match: what they cost follows the number of values, not of
 * records (a facet of 217,000 actors at 1M events adds up some 200 rows).
 * They answer when every condition of the query is a filter with a column
 * there; the statements bind as query_bind() does.
 */
#ifndef DOSSIER_KEPT_COUNTS_H
#define DOSSIER_KEPT_COUNTS_H

#include "buf.h"
#include "query.h"

/*
 * Writes into sql (empty) the statement of facet field f of q's matches
 * (its value, then its count, most first; one parameter after q's: the
 * limit). Returns 1, or 0 when the numbers cannot answer (sql freed).
 */
int kept_counts_facet_sql(const struct query *q, const struct field *f,
			  struct buf *sql);

/* The same for the number of q's matches (one row, one value). */
int kept_counts_count_sql(const struct query *q, struct buf *sql);

#endif
