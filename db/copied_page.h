/* SPDX-License-Identifier: MIT */
/*
 * A page's lists of events read from the copy of the events' columns
 * (columns.h) and not the database: each event's countries, participants
 * and sources (a field's `copied`, resource.h), written as linked.c
 * writes them from its statements, which seek an index or two per event
 * (about 40% of the time of a page of 100 events at 1M). Only while the
 * copy holds the answer's snapshot (columns_snapshot()); a participant's
 * note and a citation's quote are the database's to write.
 */
#ifndef DOSSIER_COPIED_PAGE_H
#define DOSSIER_COPIED_PAGE_H

#include <stddef.h>

#include "buf.h"
#include "dbs.h"
#include "resource.h"

struct copied_page;

/* The page of n events of pk[] in the copy, or NULL when there is no
 * copy of this answer's snapshot or it lacks one of them. */
struct copied_page *copied_page_of(const sqlite3_int64 *pk, size_t n);

/*
 * Appends to text the JSON array of field f of each event at place i of
 * the page: its start[i] and len[i] bytes (0 for an empty list, which
 * is written as nothing). Returns 1, or 0 when the copy does not hold
 * one (start, len and text then partly written).
 */
int copied_page_field(struct copied_page *p, const struct field *f,
		      struct buf *text, size_t *start, size_t *len);

/* Frees p; a page of which the copy wrote a list is counted
 * (dossier_columns_pages_total). */
void copied_page_free(struct copied_page *p);

#endif
