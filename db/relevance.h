/* SPDX-License-Identifier: MIT */
/*
 * relevance(fts_table, key, [sizes,] w0, w1, ...): the full-text rank of
 * a match, lower is better. It is FTS5's bm25(fts_table, w0, w1, ...), in
 * the same order for every query; only its scale differs for a query of
 * one phrase (see relevance.c). key names the query (its table and text)
 * for the weights of its phrases kept between queries; NULL keeps none.
 * sizes, when given, is the match's length in tokens, which FTS5 would
 * read with a query of its own per match: its row of fts_table_docsize
 * (a blob), the length itself (an integer), or NULL (FTS5 reads it).
 * Weights are then floating-point values, or the first one is taken for
 * sizes.
 * Registered on every connection (fts5_functions.h).
 */
#ifndef DOSSIER_RELEVANCE_H
#define DOSSIER_RELEVANCE_H

#include "dbs.h"

/*
 * A row's length in tokens, all columns together, from its sizes as FTS5
 * keeps them (a %_docsize row: a varint per column, n bytes); -1 when they
 * do not parse.
 */
int relevance_tokens(const void *sizes, int n);

/* Registers relevance() with a connection's FTS5; 0 on success. */
int relevance_register(fts5_api *api);

#endif
