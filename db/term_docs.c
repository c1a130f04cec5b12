/* SPDX-License-Identifier: MIT */
/* Words' numbers of events, from the copy (see term_docs.h). */
#include "term_docs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "columns.h"
#include "db.h"

/* The tokens of a text, as far as one_token() needs them. */
struct tokens {
	int n;
	struct buf first;
};

static int token_seen(void *ud, int flags, const char *token, int len,
		      int start, int end)
{
	struct tokens *t = ud;

	(void)start;
	(void)end;
	/* A colocated token is another form of the one before it. */
	if (flags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	if (t->n++ == 0)
		buf_append(&t->first, token, (size_t)len);
	return SQLITE_OK;
}

/*
 * one_token(table, text): text's one token as the table's tokenizer
 * makes it (the word of its index), or NULL when text has none or
 * several.
 */
static void one_token(const Fts5ExtensionApi *api, Fts5Context *fts,
		      sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct tokens t = { 0, BUF_INIT };
	const char *text = argc == 1 ?
		(const char *)sqlite3_value_text(argv[0]) : NULL;
	int rc;

	if (!text) {
		sqlite3_result_null(ctx);
		return;
	}
	rc = api->xTokenize(fts, text, sqlite3_value_bytes(argv[0]), &t,
			    token_seen);
	if (rc != SQLITE_OK)
		sqlite3_result_error_code(ctx, rc);
	else if (t.n == 1)
		sqlite3_result_text(ctx, buf_str(&t.first), (int)t.first.len,
				    SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
	buf_free(&t.first);
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

/*
 * The text of expr when it is one FTS5 string and nothing else
 * (search_compile()'s `("word")`, or `"word"`), unquoted, into *text: 1,
 * else 0 (a prefix, several strings, an operator).
 */
static int one_string(const char *expr, struct buf *text)
{
	const char *p = expr;
	int paren = *p == '(';

	p += paren;
	if (*p++ != '"')
		return 0;
	for (;;) {
		if (!*p)
			return 0;
		if (*p == '"' && p[1] != '"')
			break;
		p += *p == '"';	/* "" is a quote */
		buf_putc(text, *p++);
	}
	p++;
	if (paren && *p++ != ')')
		return 0;
	return *p == '\0';
}

int term_docs_count(const char *table, const char *expr, sqlite3_int64 *n)
{
	const struct columns *c;
	struct buf text = BUF_INIT;
	char sql[256];
	dbs *st;
	int rc, ret = 0;

	if (db_pg || strcmp(table, "events_fts") != 0 ||
	    !one_string(expr, &text)) {
		buf_free(&text);
		return 0;
	}
	if (!(c = columns_current()) || !c->has_terms) {
		if (c)
			columns_release(c);
		buf_free(&text);
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
		dbs_bind_text(st, 2, buf_str(&text), (int)text.len,
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
	buf_free(&text);
	return ret;
}
