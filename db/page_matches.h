/* SPDX-License-Identifier: MIT */
/*
 * The highlights of a search (highlights.h) for the rows of a page,
 * read in one pass over the search's matches between the page's first
 * and last full-text keys, in key order, rather than one MATCH per row:
 * FTS5 finds one row among a common word's matches in some 25 µs at a
 * million events, and reads the next match in its order in a fraction
 * of one. A page sorted by date is such a run of keys; a page ranked by
 * relevance lies among its window's matches. The pass is capped at
 * twenty matches a row; the rows it has not reached by then are found
 * one by one.
 */
#ifndef DOSSIER_PAGE_MATCHES_H
#define DOSSIER_PAGE_MATCHES_H

#include <stddef.h>

#include "query.h"

struct page_matches;

/*
 * Reads the highlights of q's search for a page, pks the JSON array of
 * its n records' pks, into a new *out (page_matches_free() it, whatever
 * the outcome). Returns 0, or -1 after a failed step.
 */
int page_matches_read(const struct query *q, const char *pks, size_t n,
		      struct page_matches **out);

/*
 * The highlights of the record at place on the page (*len bytes, as
 * highlights() gives them), or NULL when it has none.
 */
const char *page_matches_text(const struct page_matches *m, size_t place,
			      size_t *len);

void page_matches_free(struct page_matches *m);

#endif
