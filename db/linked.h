/* SPDX-License-Identifier: MIT */
/*
 * The fields of a page's records that are made of other rows (struct
 * field's linked_sql: an event's participants, sources, countries and
 * related events), read for the whole page at once: one statement per
 * field, not one per record.
 */
#ifndef DOSSIER_LINKED_H
#define DOSSIER_LINKED_H

#include <stddef.h>

#include "query.h"

struct linked;

/*
 * Reads the linked fields q selects for a page of n records, pk[] their
 * pks (pks the same as a JSON array), into a new *out (linked_free() it,
 * whatever the outcome): an event's countries, participants and sources
 * from the copy of the events' columns when it holds the answer's
 * snapshot (columns.h), else from the database. Returns 0, or -1 after
 * a failed step (sqlite3_errcode() of this thread's connection says
 * why).
 */
int linked_read(const struct query *q, const sqlite3_int64 *pk,
		const char *pks, size_t n, struct linked **out);

/*
 * The JSON array of field f for the record at place on the page, *len
 * bytes, not NUL-terminated; NULL when it has no linked rows (or f was
 * not read).
 */
const char *linked_text(const struct linked *l, const struct field *f,
			size_t place, size_t *len);

void linked_free(struct linked *l);

#endif
