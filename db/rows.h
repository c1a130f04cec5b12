/* SPDX-License-Identifier: MIT */
/*
 * Writing a resource's rows as a client asked for them: a JSON object per
 * row (JSON, NDJSON) or a CSV line, from the selected fields of a query
 * (fields=). A field whose SQL is json(X) holds JSON text: X is selected
 * and written as it is, never parsed again.
 */
#ifndef DOSSIER_ROWS_H
#define DOSSIER_ROWS_H

#include <sqlite3.h>

#include "buf.h"
#include "query.h"

/*
 * Whether q's rows carry "matches": the snippets of q= in each field
 * that matched (JSON and NDJSON, with q=). rows_stmt() then takes the
 * FTS5 query as parameter 2.
 */
int rows_matches(const struct query *q);

/* Appends q's selected fields as the columns of a SELECT. */
void rows_select(struct buf *sql, const struct query *q);

/*
 * This thread's statement selecting q's fields from q's resource WHERE
 * `where` (a description's fragment, with ? for the values), or NULL.
 * Borrowed, as db_stmt() says.
 */
sqlite3_stmt *rows_stmt(const struct query *q, const char *where);

/* Appends the CSV header line of q's selected fields. */
void rows_csv_header(struct buf *out, const struct query *q);

/*
 * Appends the row st is on (its columns from rows_select()) in q's
 * format; index is its place on the page (JSON rows are comma-separated).
 */
void rows_write(struct buf *out, sqlite3_stmt *st, const struct query *q,
		size_t index);

#endif
