/* SPDX-License-Identifier: MIT */
/*
 * A text's words as an FTS5 table's tokenizer splits them, from inside
 * one of its auxiliary functions, and the phrases of a search in FTS5's
 * query syntax: what highlights_of() and a one-word count need to find a
 * search's words without FTS5 seeking them in its index.
 */
#ifndef DOSSIER_FTS_WORDS_H
#define DOSSIER_FTS_WORDS_H

#include <stddef.h>

#include "buf.h"
#include "dbs.h"

/* A token of a text: its bytes [start, end), and its word. */
struct fts_token {
	int start, end;
	int sentence;	/* the first of a sentence, as snippet() tells */
	size_t word;	/* where words (when kept) has it as indexed */
	int wlen;
};

struct fts_tokens {
	const char *text;	/* for the sentences; may be NULL */
	struct fts_token *v;
	int n, cap;
	struct buf *words;	/* the tokens as the index holds them, or NULL */
};

/*
 * Appends the tokens of text[0..n) to t, split by the table of fts's
 * tokenizer (a synonym at the same place is no token of its own).
 * Returns SQLite's code.
 */
int fts_tokenize(const Fts5ExtensionApi *api, Fts5Context *fts,
		 const char *text, int n, struct fts_tokens *t);

/*
 * Calls each(text, len, ud) for every phrase of expr (FTS5's query
 * syntax: search_syntax.h writes it), unquoted, in the order FTS5
 * numbers them. Returns 0; -1 when expr has no phrase, or holds anything
 * but strings, barewords, parentheses and AND, OR and NOT (a prefix, a
 * NEAR, a column filter), or each returned nonzero.
 */
int fts_phrases(const char *expr,
		int (*each)(const char *text, size_t len, void *ud), void *ud);

#endif
