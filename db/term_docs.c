/* SPDX-License-Identifier: MIT */
/* Words' numbers of events, from the copy (see term_docs.h). */
#include "term_docs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "columns.h"
#include "db.h"
#include "fts_words.h"

/*
 * one_token(table, text): text's one token as the table's tokenizer
 * makes it (the word of its index), or NULL when text has none or
 * several.
 */
static void one_token(const Fts5ExtensionApi *api, Fts5Context *fts,
		      sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct buf words = BUF_INIT;
	struct fts_tokens t = { NULL, NULL, 0, 0, &words };
	const char *text = argc == 1 ?
		(const char *)sqlite3_value_text(argv[0]) : NULL;
	int rc;

	if (!text) {
		sqlite3_result_null(ctx);
		return;
	}
	rc = fts_tokenize(api, fts, text, sqlite3_value_bytes(argv[0]), &t);
	if (rc != SQLITE_OK)
		sqlite3_result_error_code(ctx, rc);
	else if (t.n == 1)
		sqlite3_result_text(ctx, buf_str(&words), (int)words.len,
				    SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
	free(t.v);
	buf_free(&words);
}

int term_docs_register(fts5_api *api)
{
	return api->xCreateFunction(api, "one_token", NULL, one_token,
				    NULL) == SQLITE_OK ? 0 : -1;
}

int term_docs_open(sqlite3 *db)
{
	return sqlite3_exec(db, "CREATE VIRTUAL TABLE IF NOT EXISTS"
			    " temp.events_fts_words USING fts5vocab(main,"
			    " events_fts, row)", NULL, NULL, NULL) ==
	       SQLITE_OK ? 0 : -1;
}

int term_docs_read(sqlite3 *db, struct strmap *out)
{
	dbs *st = NULL;
	int rc;

	if (dbs_prepare_sqlite(db, "SELECT term, doc FROM"
			       " temp.events_fts_words", &st) != SQLITE_OK) {
		dbs_finalize(st);
		return -1;
	}
	while ((rc = dbs_step(st)) == SQLITE_ROW)
		strmap_put(out, (const char *)dbs_column_text(st, 0),
			   dbs_column_int64(st, 1));
	dbs_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The one phrase of a search (fts_phrases()). */
struct only_phrase {
	struct buf text;
	int n;
};

/* Keeps the text of the first phrase; stops at a second. */
static int phrase_seen(const char *text, size_t len, void *ud)
{
	struct only_phrase *o = ud;

	if (o->n++)
		return 1;
	buf_append(&o->text, text, len);
	return 0;
}

int term_docs_count(const char *table, const char *expr, sqlite3_int64 *n)
{
	const struct columns *c;
	struct only_phrase one = { BUF_INIT, 0 };
	char sql[256];
	dbs *st;
	int rc, ret = 0;

	if (db_pg || strcmp(table, "events_fts") != 0 ||
	    fts_phrases(expr, phrase_seen, &one) != 0) {
		buf_free(&one.text);
		return 0;
	}
	if (!(c = columns_current()) || !c->has_terms) {
		if (c)
			columns_release(c);
		buf_free(&one.text);
		return 0;
	}
	/* The word as the index holds it, from the table's own tokenizer,
	 * on the first match (none: no event has it). */
	snprintf(sql, sizeof(sql), "SELECT one_token(%s, ?2) FROM %s"
		 " WHERE %s MATCH ?1 LIMIT 1", table, table, table);
	if (!(st = db_stmt(sql))) {
		ret = -1;
	} else {
		int64_t docs;

		dbs_bind_text(st, 1, expr, -1, SQLITE_STATIC);
		dbs_bind_text(st, 2, buf_str(&one.text), (int)one.text.len,
			      SQLITE_STATIC);
		rc = dbs_step(st);
		if (rc == SQLITE_DONE) {
			*n = 0;
			ret = 1;
		} else if (rc != SQLITE_ROW) {
			ret = -1;
		} else if (dbs_column_type(st, 0) == SQLITE_TEXT &&
			   strmap_get(&c->terms,
				      (const char *)dbs_column_text(st, 0),
				      &docs)) {
			*n = docs;
			ret = 1;
		}
		if (ret == 1)
			columns_answered();
		db_done(st);
	}
	columns_release(c);
	buf_free(&one.text);
	return ret;
}
