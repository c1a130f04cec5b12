/* SPDX-License-Identifier: MIT */
/*
 * Writing a resource's rows as a client asked for them: a JSON object per
 * row (JSON, NDJSON) or a CSV line, from the selected fields of a query
 * (fields=). A field whose SQL is json(X) holds JSON text: X is selected
 * and written as it is, never parsed again.
 */
#ifndef DOSSIER_ROWS_H
#define DOSSIER_ROWS_H

#include "dbs.h"

#include "buf.h"
#include "query.h"


/*
 * Appends column col of the row st is on as a JSON value, by its SQLite
 * type; json: it is JSON text already.
 */
void rows_json_value(struct buf *out, dbs *st, int col, int json);

/* Appends the CSV header line of q's selected fields. */
void rows_csv_header(struct buf *out, const struct query *q);

/*
 * Appends the records pks[0..n) in q's format, in that order (the CSV
 * header aside): one statement reads the page's rows, and one each of
 * its linked fields (struct field's linked_sql) all their rows, not one
 * per record. Returns 0, or -1 after a failed step (sqlite3_errcode()
 * of this thread's connection says why).
 */
int rows_page(const struct query *q, const sqlite3_int64 *pks, size_t n,
	      struct buf *out);

#endif
