/* SPDX-License-Identifier: MIT */
/*
 * What a person types into a search box, as an FTS5 query. Every word is
 * a quoted FTS5 string, so punctuation, apostrophes and hyphens are only
 * word breaks (the tokenizer's, as for the indexed text) and never
 * syntax. Recognised, as web search engines do:
 *   "several words"  a phrase (straight or curly double quotes)
 *   a OR b           either word (OR in capitals)
 *   -word            not this word (with at least one word wanted)
 *   word*            any word starting so
 * Common English words (the, of, or, ...) outside phrases are left out
 * unless nothing else is left.
 */
#ifndef DOSSIER_SEARCH_SYNTAX_H
#define DOSSIER_SEARCH_SYNTAX_H

#include "buf.h"

/*
 * Appends the FTS5 query for text to out (its first 64 terms). Returns
 * 0; 1 when text has nothing to search for (blank, or only punctuation):
 * no condition; 2 when every word is left out (-word), a search of
 * nothing, which the caller refuses; 3 when the first 64 are all left
 * out and more follow.
 */
int search_compile(const char *text, struct buf *out);

/*
 * Appends the FTS5 query for type-ahead text: every word a prefix, all
 * of them wanted. With cut, a word of ASCII letters and digits longer
 * than cut is asked for by its first cut letters (a prefix the index
 * keeps), and appended whole, lowercase, to whole (separated by spaces):
 * the matches must then be told apart from those of the words it cut.
 * Returns 0, or 1 when there is nothing to search for.
 */
int search_compile_prefixes(const char *text, size_t cut, struct buf *out,
			    struct buf *whole);

#endif
