/* SPDX-License-Identifier: MIT */
/*
 * relevance(fts_table, key, [sizes,] w0, w1, ...): the full-text rank of
 * a match, lower is better. It is FTS5's bm25(fts_table, w0, w1, ...), in
 * the same order for every query; only its scale differs for a query of
 * one phrase (see relevance.c). key names the query (its table and text)
 * for the weights of its phrases kept between queries; NULL keeps none.
 * sizes, when given, is the match's row of fts_table_docsize (a blob, or
 * NULL: then FTS5 reads it): its length in tokens, which FTS5 would read
 * with a query of its own per match.
 * Registered on every connection (fts5_functions.h).
 */
#ifndef DOSSIER_RELEVANCE_H
#define DOSSIER_RELEVANCE_H

#include <sqlite3.h>

/* Registers relevance() with a connection's FTS5; 0 on success. */
int relevance_register(fts5_api *api);

#endif
