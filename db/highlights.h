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
 * Registered on every connection (fts5_functions.h).
 */
#ifndef DOSSIER_HIGHLIGHTS_H
#define DOSSIER_HIGHLIGHTS_H

#include "dbs.h"

#define HIGHLIGHTS_ELLIPSIS "\xE2\x80\xA6"

/* Registers highlights() with a connection's FTS5; 0 on success. */
int highlights_register(fts5_api *api);

#endif
