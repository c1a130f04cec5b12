/* SPDX-License-Identifier: MIT */
/* A one-word search's count from the full-text index (see term_count.h). */
#include "term_count.h"

#include <stdio.h>
#include <string.h>

#include "db.h"

/* The tokens of a query string: how many, and the first. */
struct tokens {
	int n;
	char first[256];
	int too_long;
};

static int on_token(void *ctx, int flags, const char *token, int len,
		    int start, int end)
{
	struct tokens *t = ctx;

	(void)flags;	/* a synonym at the same place counts as one more */
	(void)start;
	(void)end;
	if (t->n++ == 0) {
		if ((size_t)len >= sizeof(t->first)) {
			t->too_long = 1;
		} else {
			memcpy(t->first, token, (size_t)len);
			t->first[len] = 0;
		}
	}
	return SQLITE_OK;
}

/* FTS5's API on this thread's connection, or NULL. */
static fts5_api *fts5(void)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = db_stmt("SELECT fts5(?1)");

	if (!st)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	db_done(st);
	return api;
}

/*
 * The tokens of text as the tables of migration 7 make them from a
 * query: porter over unicode61 with diacritics removed. 0 or -1.
 */
static int tokenize(const char *text, int len, struct tokens *t)
{
	static const char *const args[] = { "unicode61", "remove_diacritics",
					    "2" };
	fts5_api *api = fts5();
	fts5_tokenizer module;
	Fts5Tokenizer *tok;
	void *ud;
	int rc;

	if (!api || api->xFindTokenizer(api, "porter", &ud, &module) !=
	    SQLITE_OK ||
	    module.xCreate(ud, (const char **)args, 3, &tok) != SQLITE_OK)
		return -1;
	rc = module.xTokenize(tok, t, FTS5_TOKENIZE_QUERY, text, len,
			      on_token);
	module.xDelete(tok);
	return rc == SQLITE_OK ? 0 : -1;
}

int term_count(const char *table, const char *match, sqlite3_int64 *n)
{
	size_t len = strlen(match);
	struct tokens t = { 0, "", 0 };
	char sql[160];
	sqlite3_stmt *st;
	int rc;

	/* One quoted string, in parentheses or not, nothing else: no
	 * operator, prefix or column (search_compile() writes ("word")). */
	if (len >= 2 && match[0] == '(' && match[len - 1] == ')') {
		match++;
		len -= 2;
	}
	if (len < 3 || match[0] != '"' || match[len - 1] != '"' ||
	    memchr(match + 1, '"', len - 2))
		return 0;
	/* Without the tokenizer, the matches are counted as any query's. */
	if (tokenize(match + 1, (int)len - 2, &t) != 0 ||
	    t.n != 1 || t.too_long)
		return 0;
	/* The index's count of rows per word, on this connection. */
	snprintf(sql, sizeof(sql), "CREATE VIRTUAL TABLE IF NOT EXISTS"
		 " temp.%s_rows USING fts5vocab(main, %s, row)", table, table);
	if (db_exec(db_conn(), sql) != 0)
		return -1;
	snprintf(sql, sizeof(sql), "SELECT doc FROM temp.%s_rows"
		 " WHERE term = ?", table);
	st = db_stmt(sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, t.first, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 1 : -1;
}
