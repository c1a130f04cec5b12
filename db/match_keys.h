/* SPDX-License-Identifier: MIT */
/*
 * Every row a full-text search matches, read by FTS5's own loop over the
 * phrase's postings (xQueryPhrase, from the first match's row) instead of
 * a step of SQLite's program per match: 196,716 matches of "united" at 1M
 * events are read in 7 ms rather than 20. Only a search of one phrase (a
 * word, a quoted phrase, a prefix) is the one phrase's matches; any other
 * is left to SQL.
 */
#ifndef DOSSIER_MATCH_KEYS_H
#define DOSSIER_MATCH_KEYS_H

#include "dbs.h"

/* Registers matched_keys() with FTS5; 0 on success. */
int match_keys_register(fts5_api *api);

/*
 * Calls each(rowid, ud) for every row of FTS5 table `table` matching
 * expr with a rowid from low to high, rowids ascending, until it returns
 * nonzero: by FTS5's loop when expr is one phrase and the range is every
 * rowid, else by SQL (which seeks to the range). Returns 1 when every
 * match was read, -1 when the read failed or each stopped it.
 */
int match_keys(const char *table, const char *expr, sqlite3_int64 low,
	       sqlite3_int64 high, int (*each)(sqlite3_int64 rowid, void *ud),
	       void *ud);

/*
 * The same by FTS5's loop alone, over every rowid: 1 when every match
 * was read, 0 when expr is not one phrase (none read), -1 when the read
 * failed or each stopped it.
 */
int match_keys_of_phrase(const char *table, const char *expr,
			 int (*each)(sqlite3_int64 rowid, void *ud), void *ud);

/* The same on connection db (SQLite's), with a statement of its own. */
int match_keys_on(sqlite3 *db, const char *table, const char *expr,
		  int (*each)(sqlite3_int64 rowid, void *ud), void *ud);

#endif
