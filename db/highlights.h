/* SPDX-License-Identifier: MIT */
/*
 * highlights(fts_table, tokens): the snippets of a match, every column's
 * in one call: the columns' texts joined by \1, each the window of at
 * most `tokens` tokens that shows most of the query's phrases (with
 * HIGHLIGHTS_ELLIPSIS where it cuts the text), each match between \2 and
 * \3 (control characters: no stored text holds them as words). A column
 * without a match is empty, and is neither read nor tokenized: FTS5's
 * snippet() does one column a call, and tokenizes it whether it matched
 * or not.
 *
 * highlights_of(fts_table, tokens, search): the same of a row the
 * search (FTS5's syntax) matches, on a query of the row alone (`rowid =
 * ?`): every column split into words by the table's tokenizer and the
 * search's phrases found among them, where FTS5 would seek the row in
 * each phrase's postings. NULL for a search whose matches only FTS5 can
 * tell (a prefix, NEAR, a column filter, a phrase of no word).
 *
 * Registered on every connection (fts5_functions.h).
 */
#ifndef DOSSIER_HIGHLIGHTS_H
#define DOSSIER_HIGHLIGHTS_H

#include "dbs.h"

#define HIGHLIGHTS_ELLIPSIS "\xE2\x80\xA6"

/* Registers highlights() with a connection's FTS5; 0 on success. */
int highlights_register(fts5_api *api);

#endif
