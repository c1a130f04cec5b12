/* SPDX-License-Identifier: MIT */
/* Type-ahead over suggest_fts (see suggest.h and migration 8). */
#include "suggest.h"

#include "dbs.h"
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fts_words.h"

const char *const suggest_kind_names[SUGGEST_KINDS] = {
	"countries", "actors", "event-types", "events",
};

/*
 * One statement per kind, each reading its own rowid range in rowid
 * (rank) order: different SQL text, so each is its own cached statement.
 */
#define MATCHES(kind, also) "SELECT rowid, label FROM suggest_fts" \
	" WHERE suggest_fts MATCH ?1 AND rowid >= (" #kind " << 56)" \
	" AND rowid < ((" #kind " + 1) << 56)" also " ORDER BY rowid"

static const char *const matches_sql[SUGGEST_KINDS] = {
	MATCHES(0, ""), MATCHES(1, ""), MATCHES(2, ""), MATCHES(3, ""),
};

/*
 * The same where the query cut words longer than the index's prefixes:
 * those that start a word as typed (a prefix of 9 letters or more was
 * every matching word's postings merged in memory, once per kind: the
 * four kinds' statements of "president norway" took 30 ms in the sqlite3
 * shell at 1M, cut to "presiden" 2).
 */
#define WHOLE " AND words_start(suggest_fts, ?2)"

static const char *const whole_sql[SUGGEST_KINDS] = {
	MATCHES(0, WHOLE), MATCHES(1, WHOLE), MATCHES(2, WHOLE),
	MATCHES(3, WHOLE),
};

size_t suggest_prefix_cut(void)
{
	return db_pg ? 0 : 8;
}

/*
 * words_start(suggest_fts, words): whether each of words (lowercase,
 * separated by spaces) starts a word of the row's label as the table's
 * tokenizer makes them.
 */
static void words_start(const Fts5ExtensionApi *api, Fts5Context *fts,
			sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct buf words = BUF_INIT;
	struct fts_tokens t = { NULL, NULL, 0, 0, &words };
	const char *want = argc == 1 ?
		(const char *)sqlite3_value_text(argv[0]) : NULL;
	const char *text;
	int n, rc, i, all = 1;

	if (!want) {
		sqlite3_result_error(ctx, "words_start: one text", -1);
		return;
	}
	rc = api->xColumnText(fts, 0, &text, &n);
	if (rc == SQLITE_OK)
		rc = fts_tokenize(api, fts, text, n, &t);
	while (rc == SQLITE_OK && all && *want) {
		size_t len = strcspn(want, " ");

		for (i = 0; i < t.n; i++) {
			if ((size_t)t.v[i].wlen >= len &&
			    memcmp(buf_str(&words) + t.v[i].word, want,
				   len) == 0)
				break;
		}
		all = i < t.n;
		want += len;
		want += *want == ' ';
	}
	if (rc != SQLITE_OK)
		sqlite3_result_error_code(ctx, rc);
	else
		sqlite3_result_int(ctx, all);
	free(t.v);
	buf_free(&words);
}

int suggest_register(fts5_api *api)
{
	return api->xCreateFunction(api, "words_start", NULL, words_start,
				    NULL) == SQLITE_OK ? 0 : -1;
}

/*
 * The record behind a match, by pk: its id, name and event count (an
 * event: NULL, and its date), kind and country.
 */
static const char *const record_sql[SUGGEST_KINDS] = {
	"SELECT code, name, event_count, NULL, NULL, NULL FROM countries"
	" WHERE pk = ?",
	"SELECT id, name, event_count, kind, country, NULL FROM actors"
	" WHERE pk = ?",
	"SELECT code, label, event_count, NULL, NULL, NULL FROM event_types"
	" WHERE pk = ?",
	"SELECT id, title, NULL, NULL, country, date FROM events"
	" WHERE pk = ?",
};

#define KEY_PK(rowid) (((rowid) >> 4) & 0xFFFFFFFFFFLL)
#define KEY_BUCKET(rowid) (((rowid) >> 50) & 63)	/* 63 - log2 count */

/* One kind's matches, read in step with the others. */
struct stream {
	dbs *st;
	int live;			/* on a row */
	sqlite3_int64 rowid;
};

static int advance(struct stream *s)
{
	int rc = dbs_step(s->st);

	s->live = rc == SQLITE_ROW;
	if (s->live)
		s->rowid = dbs_column_int64(s->st, 0);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static void put_text(struct buf *out, const char *key, dbs *st,
		     int col)
{
	const char *t = (const char *)dbs_column_text(st, col);

	if (!t)
		return;
	buf_printf(out, ",\"%s\":", key);
	buf_json_string(out, t, (size_t)dbs_column_bytes(st, col));
}

/* Writes the suggestion of the row stream s of kind k is on. */
static int write_one(struct buf *out, int k, struct stream *s, int first,
		     struct problem *err)
{
	dbs *st = db_stmt(record_sql[k]);
	const char *label = (const char *)dbs_column_text(s->st, 1);
	const char *name;
	int rc;

	if (!st)
		return db_fail("suggest", err);
	dbs_bind_int64(st, 1, KEY_PK(s->rowid));
	rc = dbs_step(st);
	if (rc == SQLITE_ROW) {
		name = (const char *)dbs_column_text(st, 1);
		buf_printf(out, "%s{\"resource\":\"%s\"", first ? "" : ",",
			   suggest_kind_names[k]);
		put_text(out, "id", st, 0);
		put_text(out, "name", st, 1);
		if (label && name && strcmp(label, name) != 0) {
			buf_puts(out, ",\"matched\":");
			buf_json_string(out, label, strlen(label));
		}
		put_text(out, "kind", st, 3);
		put_text(out, "country", st, 4);
		put_text(out, "date", st, 5);
		if (dbs_column_type(st, 2) != SQLITE_NULL)
			buf_printf(out, ",\"events\":%lld",
				   (long long)dbs_column_int64(st, 2));
		buf_putc(out, '}');
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail("suggest", err);
	return rc == SQLITE_ROW;
}

int suggest_find(const char *match, const char *whole, unsigned kinds,
		 unsigned limit, struct buf *out, struct problem *err)
{
	struct stream s[SUGGEST_KINDS];
	sqlite3_int64 last[SUGGEST_KINDS];
	int k, n = 0, rc = 0, cut = whole && *whole;

	memset(s, 0, sizeof(s));
	for (k = 0; k < SUGGEST_KINDS; k++) {
		last[k] = -1;
		if (!(kinds & (1u << k)))
			continue;
		s[k].st = db_stmt(cut ? whole_sql[k] : matches_sql[k]);
		if (!s[k].st) {
			rc = db_fail("suggest", err);
			goto out;
		}
		dbs_bind_text(s[k].st, 1, match, -1, SQLITE_TRANSIENT);
		if (cut)
			dbs_bind_text(s[k].st, 2, whole, -1, SQLITE_STATIC);
		if (advance(&s[k]) != 0) {
			rc = db_fail("suggest", err);
			goto out;
		}
	}
	while ((unsigned)n < limit) {
		int best = -1, w;

		/* The best-ranked row of all: the most events (by power of
		 * two), then countries, actors, event types, events. */
		for (k = 0; k < SUGGEST_KINDS; k++) {
			if (s[k].live && (best < 0 || KEY_BUCKET(s[k].rowid) <
					  KEY_BUCKET(s[best].rowid)))
				best = k;
		}
		if (best < 0)
			break;
		/* A record's names are adjacent: the first that matched
		 * stands for it. */
		if (KEY_PK(s[best].rowid) != last[best]) {
			last[best] = KEY_PK(s[best].rowid);
			w = write_one(out, best, &s[best], n == 0, err);
			if (w < 0) {
				rc = -1;
				goto out;
			}
			n += w;
		}
		if (advance(&s[best]) != 0) {
			rc = db_fail("suggest", err);
			goto out;
		}
	}
	rc = n;
out:
	for (k = 0; k < SUGGEST_KINDS; k++) {
		if (s[k].st)
			db_done(s[k].st);
	}
	return rc;
}
