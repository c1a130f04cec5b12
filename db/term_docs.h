/* SPDX-License-Identifier: MIT */
/*
 * The number of events whose text holds a word, for count=exact of a
 * one-word search: FTS5 keeps no such number, and counting the word's
 * postings at each request reads all of them (5 ms for a word in half of
 * 1M events). The copy of the events' columns (columns.h) holds every
 * word's count instead, read from fts5vocab when the copy is made (0.4 s
 * at 1M events), so it is exact for the database the copy is of; and
 * the events of the commonest words, for a one-word search with other
 * conditions or grouped (term_docs_lists()).
 * SQLite's alone: PostgreSQL counts its own way.
 */
#ifndef DOSSIER_TERM_DOCS_H
#define DOSSIER_TERM_DOCS_H

#include "dbs.h"
#include "strmap.h"

/* Registers one_token() with FTS5; 0 on success. */
int term_docs_register(fts5_api *api);

/*
 * Prepares db (a connection of its own) to read the words of
 * events_fts: 0, or -1 (then term_docs_read() fails too).
 */
int term_docs_open(sqlite3 *db);

/* Every word of events_fts with its number of events, into *out (empty).
 * Returns 0, or -1 on error. */
int term_docs_read(sqlite3 *db, struct strmap *out);

/*
 * The number of events of the FTS5 table `table` that expr (a compiled
 * search, search_syntax.h) matches into *n, when expr is one word (not a
 * prefix, not a phrase of several) and the copy of the database as it is
 * now holds the counts: 1 then, 0 when it cannot say, -1 on error.
 */
int term_docs_count(const char *table, const char *expr, sqlite3_int64 *n);

/* The same count for a plan (the copy's, not necessarily the request's
 * snapshot's): not an answer. */
int term_docs_estimate(const char *table, const char *expr,
		       sqlite3_int64 *n);

struct columns;

/*
 * Into c (the copy being made on db, its events and words read): the
 * events of its commonest words, each word's ascending, so that a search
 * of one of them takes its matches from the copy instead of reading the
 * word's postings (FTS5 decodes them and each is looked up among the
 * events: 2 ms for a word of 6% of 1M events). Words of at least a
 * hundredth of the events, the commonest first, eight events a copied
 * event in all at most (32 MB at 1M; 110 words, 24 MB in the benchmark's
 * database). A word the stemmer would change again (so that the search
 * "word" is another word's: 7 of 117 there) is left out, as is one whose
 * list does not hold its number of events. Returns the bytes held.
 */
size_t term_docs_lists(sqlite3 *db, struct columns *c);

/*
 * The events of c that expr (a compiled search of FTS5 table `table`)
 * matches, when expr is one word c holds the list of: the list, its
 * length into *n; else NULL (the postings are to be read).
 */
const uint32_t *term_docs_events(const struct columns *c, const char *table,
				 const char *expr, size_t *n);

#endif
