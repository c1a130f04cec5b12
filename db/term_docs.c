/* SPDX-License-Identifier: MIT */
/* Words' numbers of events, and the commonest words' events, from the
 * copy (see term_docs.h). */
#include "term_docs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "columns.h"
#include "db.h"
#include "fts_words.h"
#include "match_keys.h"
#include "xalloc.h"

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

/* one_token() of ?2 on the first row of table that ?1 matches. */
static void token_sql(char *sql, size_t size, const char *table)
{
	snprintf(sql, size, "SELECT one_token(%s, ?2) FROM %s"
		 " WHERE %s MATCH ?1 LIMIT 1", table, table, table);
}

/*
 * The word of expr, a search of one phrase of one token, as table's
 * tokenizer makes it (the word its index holds), into word: 1; 0 when
 * expr is not one word, or nothing matches it (*none then 1); -1 on
 * error. The word is read on the first match's row.
 */
static int word_of(const char *table, const char *expr, struct buf *word,
		   int *none)
{
	struct only_phrase one = { BUF_INIT, 0 };
	char sql[256];
	dbs *st;
	int rc, ret = 0;

	*none = 0;
	if (fts_phrases(expr, phrase_seen, &one) != 0) {
		buf_free(&one.text);
		return 0;
	}
	token_sql(sql, sizeof(sql), table);
	if (!(st = db_stmt(sql))) {
		buf_free(&one.text);
		return -1;
	}
	dbs_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	dbs_bind_text(st, 2, buf_str(&one.text), (int)one.text.len,
		      SQLITE_STATIC);
	rc = dbs_step(st);
	if (rc == SQLITE_DONE) {
		*none = 1;
	} else if (rc != SQLITE_ROW) {
		ret = -1;
	} else if (dbs_column_type(st, 0) == SQLITE_TEXT) {
		buf_append(word, (const char *)dbs_column_text(st, 0),
			   (size_t)dbs_column_bytes(st, 0));
		ret = 1;
	}
	db_done(st);
	buf_free(&one.text);
	return ret;
}

int term_docs_estimate(const char *table, const char *expr,
		       sqlite3_int64 *n)
{
	const struct columns *c;
	struct buf word = BUF_INIT;
	int64_t docs;
	int ret, none;

	if (db_pg || strcmp(table, "events_fts") != 0)
		return 0;
	if (!(c = columns_current()) || !c->has_terms) {
		if (c)
			columns_release(c);
		return 0;
	}
	ret = word_of(table, expr, &word, &none);
	if (ret == 0 && none) {
		*n = 0;		/* no event has it */
		ret = 1;
	} else if (ret == 1) {
		if (strmap_get(&c->terms, buf_str(&word), &docs))
			*n = docs;
		else
			ret = 0;
	}
	columns_release(c);
	buf_free(&word);
	return ret;
}

int term_docs_count(const char *table, const char *expr, sqlite3_int64 *n)
{
	int ret = term_docs_estimate(table, expr, n);

	if (ret == 1)
		columns_answered();
	return ret;
}

const uint32_t *term_docs_events(const struct columns *c, const char *table,
				 const char *expr, size_t *n)
{
	struct buf word = BUF_INIT;
	const uint32_t *list = NULL;
	int64_t i;
	int none;

	if (db_pg || !c->lists.len || strcmp(table, "events_fts") != 0)
		return NULL;
	if (word_of(table, expr, &word, &none) == 1 &&
	    strmap_get(&c->lists, buf_str(&word), &i)) {
		list = c->word_events + c->word_at[i];
		*n = c->word_at[i + 1] - c->word_at[i];
	}
	buf_free(&word);
	return list;
}

/* A word and its number of events. */
struct common {
	const char *word;
	int64_t docs;
};

/* Most events first; then by the word, so that copies agree. */
static int most_docs(const void *x, const void *y)
{
	const struct common *a = x, *b = y;

	if (a->docs != b->docs)
		return a->docs > b->docs ? -1 : 1;
	return strcmp(a->word, b->word);
}

/*
 * The words term_docs_lists() keeps, into w (c->terms.len of room): of
 * at least a hundredth of the events, the commonest first, while their
 * events add up to eight a copied event. Returns how many; *total their
 * events.
 */
static size_t commonest(const struct columns *c, struct common *w,
			size_t *total)
{
	size_t i, n = 0, kept;
	int64_t least = c->n / 100 > 0 ? (int64_t)(c->n / 100) : 1;

	for (i = 0; i < c->terms.cap; i++) {
		if (c->terms.keys[i] && c->terms.values[i] >= least) {
			w[n].word = c->terms.keys[i];
			w[n++].docs = c->terms.values[i];
		}
	}
	qsort(w, n, sizeof(*w), most_docs);
	*total = 0;
	for (kept = 0; kept < n && *total + (size_t)w[kept].docs <=
	     8 * c->n; kept++)
		*total += (size_t)w[kept].docs;
	return kept;
}

/*
 * Whether word is its own token (the stemmer leaves it as it is), so
 * that the search "word" matches the events the index lists under it.
 */
static int own_token(dbs *st, const char *word, const char *phrase)
{
	int same;

	dbs_bind_text(st, 1, phrase, -1, SQLITE_STATIC);
	dbs_bind_text(st, 2, word, -1, SQLITE_STATIC);
	same = dbs_step(st) == SQLITE_ROW &&
	       dbs_column_type(st, 0) == SQLITE_TEXT &&
	       strcmp((const char *)dbs_column_text(st, 0), word) == 0;
	dbs_reset(st);
	return same;
}

/* word as a phrase of FTS5's syntax: quoted, a quote in it doubled (a
 * token holds none, all the same). */
static void as_phrase(struct buf *b, const char *word)
{
	buf_reset(b);
	buf_putc(b, '"');
	for (; *word; word++) {
		if (*word == '"')
			buf_putc(b, '"');
		buf_putc(b, *word);
	}
	buf_putc(b, '"');
}

size_t term_docs_lists(sqlite3 *db, struct columns *c)
{
	size_t words = c->n / 64 + 1, nw, total, i, kept = 0;
	struct common *w = xmalloc((c->terms.len + 1) * sizeof(*w));
	uint64_t *marked = NULL;
	struct buf phrase = BUF_INIT;
	dbs *tok = NULL;
	char sql[256];

	nw = commonest(c, w, &total);
	token_sql(sql, sizeof(sql), "events_fts");
	if (!nw || dbs_prepare_sqlite(db, sql, &tok) != SQLITE_OK) {
		dbs_finalize(tok);
		free(w);
		return 0;
	}
	c->word_at = xmalloc((nw + 1) * sizeof(*c->word_at));
	c->word_events = xmalloc((total ? total : 1) *
				 sizeof(*c->word_events));
	c->word_at[0] = 0;
	marked = xmalloc(words * sizeof(*marked));
	for (i = 0; i < nw; i++) {
		struct columns_marking mk = { c, marked, 0 };

		as_phrase(&phrase, w[i].word);
		if (!own_token(tok, w[i].word, buf_str(&phrase)))
			continue;
		memset(marked, 0, words * sizeof(*marked));
		if (match_keys_on(db, "events_fts", buf_str(&phrase),
				  columns_mark_key, &mk) != 1 ||
		    mk.n != (size_t)w[i].docs)
			continue;
		columns_marked_events(marked, words,
				      c->word_events + c->word_at[kept]);
		c->word_at[kept + 1] = c->word_at[kept] + (uint32_t)mk.n;
		strmap_put(&c->lists, w[i].word, (int64_t)kept++);
	}
	dbs_finalize(tok);
	buf_free(&phrase);
	free(marked);
	free(w);
	return (kept + 1) * sizeof(*c->word_at) +
	       c->word_at[kept] * sizeof(*c->word_events) +
	       c->lists.cap * (sizeof(char *) + sizeof(int64_t)) +
	       c->lists.len * 16;
}
