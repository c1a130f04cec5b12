/* SPDX-License-Identifier: MIT */
/* A search's matches read by FTS5's own loop (see match_keys.h). */
#include "match_keys.h"

#include <stdint.h>
#include <stdio.h>

#include "db.h"

#define POINTER_TYPE "dossier_match_keys"

struct reader {
	int (*each)(sqlite3_int64 rowid, void *ud);
	void *ud;
	int stopped;
};

static int each_row(const Fts5ExtensionApi *api, Fts5Context *fts,
		    void *ud)
{
	struct reader *r = ud;

	if (r->each(api->xRowid(fts), r->ud) != 0) {
		r->stopped = 1;
		return SQLITE_DONE;	/* xQueryPhrase returns SQLITE_OK */
	}
	return SQLITE_OK;
}

/*
 * matched_keys(table, reader): on the first match's row, reads every row
 * of the query's one phrase into the reader bound as a pointer; 1 then,
 * 0 when the query has several phrases, -1 when the reader stopped.
 */
static void matched_keys(const Fts5ExtensionApi *api, Fts5Context *fts,
			 sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct reader *r = argc == 1 ?
		sqlite3_value_pointer(argv[0], POINTER_TYPE) : NULL;
	int rc;

	if (!r) {
		sqlite3_result_error(ctx, "matched_keys: no reader", -1);
		return;
	}
	if (api->xPhraseCount(fts) != 1) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	rc = api->xQueryPhrase(fts, 0, r, each_row);
	if (rc != SQLITE_OK)
		sqlite3_result_error_code(ctx, rc);
	else
		sqlite3_result_int(ctx, r->stopped ? -1 : 1);
}

int match_keys_register(fts5_api *api)
{
	return api->xCreateFunction(api, "matched_keys", NULL, matched_keys,
				    NULL) == SQLITE_OK ? 0 : -1;
}

/* Runs st, matched_keys(table, ?2) of MATCH ?1, with expr and a reader
 * for each bound; match_keys_of_phrase()'s answer. */
static int read_phrase(dbs *st, const char *expr,
		       int (*each)(sqlite3_int64 rowid, void *ud), void *ud)
{
	struct reader r = { each, ud, 0 };
	int rc;

	dbs_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	dbs_bind_pointer_sqlite(st, 2, &r, POINTER_TYPE, NULL);
	rc = dbs_step(st);
	/* No row: nothing matches, every match read. */
	return rc == SQLITE_DONE ? 1 :
	       rc == SQLITE_ROW ? dbs_column_int(st, 0) : -1;
}

/* The statement read_phrase() runs on table. */
static void phrase_sql(char *sql, size_t size, const char *table)
{
	snprintf(sql, size, "SELECT matched_keys(%s, ?2) FROM %s"
		 " WHERE %s MATCH ?1 LIMIT 1", table, table, table);
}

int match_keys_of_phrase(const char *table, const char *expr,
			 int (*each)(sqlite3_int64 rowid, void *ud), void *ud)
{
	char sql[256];
	dbs *st;
	int ret;

	/* FTS5's own loop: PostgreSQL reads them by SQL (match_keys). */
	if (db_pg)
		return 0;
	phrase_sql(sql, sizeof(sql), table);
	if (!(st = db_stmt(sql)))
		return -1;
	ret = read_phrase(st, expr, each, ud);
	db_done(st);
	return ret;
}

int match_keys_on(sqlite3 *db, const char *table, const char *expr,
		  int (*each)(sqlite3_int64 rowid, void *ud), void *ud)
{
	char sql[256];
	dbs *st = NULL;
	int ret = -1;

	phrase_sql(sql, sizeof(sql), table);
	if (dbs_prepare_sqlite(db, sql, &st) == SQLITE_OK)
		ret = read_phrase(st, expr, each, ud);
	dbs_finalize(st);
	return ret;
}

int match_keys(const char *table, const char *expr, sqlite3_int64 low,
	       sqlite3_int64 high, int (*each)(sqlite3_int64 rowid, void *ud),
	       void *ud)
{
	char sql[256];
	dbs *st;
	int rc;

	if (low == INT64_MIN && high == INT64_MAX &&
	    (rc = match_keys_of_phrase(table, expr, each, ud)) != 0)
		return rc;
	snprintf(sql, sizeof(sql), "SELECT rowid FROM %s WHERE %s MATCH ?1"
		 " AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid", table, table);
	if (!(st = db_stmt(sql)))
		return -1;
	dbs_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	dbs_bind_int64(st, 2, low);
	dbs_bind_int64(st, 3, high);
	while ((rc = dbs_step(st)) == SQLITE_ROW &&
	       each(dbs_column_int64(st, 0), ud) == 0)
		;
	db_done(st);
	return rc == SQLITE_DONE ? 1 : -1;
}
