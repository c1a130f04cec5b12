/* SPDX-License-Identifier: MIT */
/*
 * Okapi BM25 as FTS5's bm25() computes it (k1 1.2, b 0.75, a column's
 * weight added per instance of a phrase in it), with one difference.
 * bm25() weighs each phrase by its inverse document frequency, which it
 * counts on a query's first row by reading every match of the phrase:
 * some 10 ms for a word in a fifth of a million events, whatever the page
 * asked for. Here a query of one phrase has one such weight, a positive
 * constant that scales every score alike and changes no order, so it is
 * not counted. A query of several phrases counts them as bm25() does,
 * once per query text and state of the database: each thread keeps the
 * last few, valid while the database's data version (which every commit,
 * from any connection, changes) is the one they were counted at.
 */
#include "relevance.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define K1 1.2
#define B 0.75

/* Weights kept per thread; longer texts or more phrases are not kept. */
#define KEPT 32
#define KEPT_KEY 240
#define KEPT_PHRASES 16

struct kept {
	sqlite3 *db;
	unsigned version;	/* SQLITE_FCNTL_DATA_VERSION when counted */
	int nphrase;
	char key[KEPT_KEY];
	double idf[KEPT_PHRASES];
};

static __thread struct kept kept[KEPT];
static __thread unsigned kept_next;

/* db's data version in *v; -1 when it cannot tell (nothing is kept). */
static int data_version(sqlite3 *db, unsigned *v)
{
	return sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, v) ==
	       SQLITE_OK ? 0 : -1;
}

/* The entry for key (of n phrases) on db as it is now, or NULL. */
static struct kept *kept_find(sqlite3 *db, unsigned version,
			      const char *key, int n)
{
	int i;

	for (i = 0; key && i < KEPT; i++)
		if (kept[i].db == db && kept[i].version == version &&
		    kept[i].nphrase == n && strcmp(kept[i].key, key) == 0)
			return &kept[i];
	return NULL;
}

static void kept_put(sqlite3 *db, unsigned version, const char *key,
		     const double *idf, int n)
{
	struct kept *k;

	if (!key || strlen(key) >= KEPT_KEY || n > KEPT_PHRASES)
		return;
	k = &kept[kept_next++ % KEPT];
	k->db = db;
	k->version = version;
	k->nphrase = n;
	strcpy(k->key, key);
	memcpy(k->idf, idf, (size_t)n * sizeof(double));
}

struct stats {
	int nphrase;
	double avgdl;		/* mean tokens per row */
	double *idf;		/* per phrase */
	double *freq;		/* per phrase, for the current row */
	double v[];		/* both of them */
};

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts,
		     void *ud)
{
	(void)api;
	(void)fts;
	(*(sqlite3_int64 *)ud)++;
	return SQLITE_OK;
}

/* The phrases' weights, counted as bm25() counts them. */
static int count_idf(const Fts5ExtensionApi *api, Fts5Context *fts,
		     struct stats *s, sqlite3_int64 nrow)
{
	int i, rc = SQLITE_OK;

	for (i = 0; rc == SQLITE_OK && i < s->nphrase; i++) {
		sqlite3_int64 nhit = 0;
		double idf;

		rc = api->xQueryPhrase(fts, i, &nhit, count_row);
		idf = log((0.5 + (double)nrow - (double)nhit) /
			  (0.5 + (double)nhit));
		s->idf[i] = idf > 0 ? idf : 1e-6;
	}
	return rc;
}

/* The query's statistics, on its first row (key: its text, or NULL). */
static struct stats *stats_of(const Fts5ExtensionApi *api, Fts5Context *fts,
			      sqlite3 *db, const char *key, int *rc)
{
	struct stats *s = api->xGetAuxdata(fts, 0);
	sqlite3_int64 nrow = 0, ntok = 0;
	int n;

	if (s)
		return s;
	n = api->xPhraseCount(fts);
	s = calloc(1, sizeof(*s) + 2 * (size_t)n * sizeof(double));
	if (!s) {
		*rc = SQLITE_NOMEM;
		return NULL;
	}
	s->nphrase = n;
	s->idf = s->v;
	s->freq = s->v + n;
	*rc = api->xRowCount(fts, &nrow);
	if (*rc == SQLITE_OK)
		*rc = api->xColumnTotalSize(fts, -1, &ntok);
	s->avgdl = nrow > 0 ? (double)ntok / (double)nrow : 1.0;
	if (s->avgdl <= 0)
		s->avgdl = 1.0;
	if (*rc == SQLITE_OK && s->nphrase == 1) {
		s->idf[0] = 1.0;
	} else if (*rc == SQLITE_OK) {
		unsigned version = 0;
		struct kept *k;

		if (data_version(db, &version) != 0)
			key = NULL;
		k = kept_find(db, version, key, s->nphrase);
		if (k) {
			memcpy(s->idf, k->idf, (size_t)s->nphrase *
			       sizeof(double));
		} else {
			*rc = count_idf(api, fts, s, nrow);
			if (*rc == SQLITE_OK)
				kept_put(db, version, key, s->idf, s->nphrase);
		}
	}
	if (*rc == SQLITE_OK)
		*rc = api->xSetAuxdata(fts, s, free);
	else
		free(s);
	if (*rc != SQLITE_OK)
		return NULL;
	return s;
}

int relevance_tokens(const void *sizes, int n)
{
	const unsigned char *p = sizes;
	int i = 0, total = 0;

	if (!p)
		return n == 0 ? 0 : -1;
	while (i < n) {
		unsigned v = 0;
		int len = 0;

		/* Sizes under 2^28 take at most four bytes. */
		do {
			if (i >= n || len == 4)
				return -1;
			v = (v << 7) | (p[i] & 0x7f);
			len++;
		} while (p[i++] & 0x80);
		total += (int)v;
	}
	return total;
}

static void relevance(const Fts5ExtensionApi *api, Fts5Context *fts,
		      sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	int rc = SQLITE_OK, ninst = 0, ntok = -1, i;
	struct stats *s;
	double score = 0;

	/* The first argument is the key, the rest the columns' weights. */
	if (nval < 1) {
		sqlite3_result_error(ctx, "relevance(table, key, weights...)",
				     -1);
		return;
	}
	s = stats_of(api, fts, sqlite3_context_db_handle(ctx),
		     (const char *)sqlite3_value_text(val[0]), &rc);
	val++;
	nval--;
	/* The row's sizes, when given (a blob), or its length (an integer),
	 * save FTS5 a query. */
	if (nval > 0 && sqlite3_value_type(val[0]) == SQLITE_INTEGER) {
		ntok = sqlite3_value_int(val[0]);
		val++;
		nval--;
	} else if (nval > 0 && (sqlite3_value_type(val[0]) == SQLITE_BLOB ||
				sqlite3_value_type(val[0]) == SQLITE_NULL)) {
		if (sqlite3_value_type(val[0]) == SQLITE_BLOB)
			ntok = relevance_tokens(sqlite3_value_blob(val[0]),
						sqlite3_value_bytes(val[0]));
		val++;
		nval--;
	}

	for (i = 0; s && i < s->nphrase; i++)
		s->freq[i] = 0;
	if (rc == SQLITE_OK && s->nphrase == 1) {
		/* One phrase: its positions read in place, where xInst()
		 * first copies every phrase's into an array. */
		Fts5PhraseIter it;
		int col, off;

		rc = api->xPhraseFirst(fts, 0, &it, &col, &off);
		for (; rc == SQLITE_OK && col >= 0;
		     api->xPhraseNext(fts, &it, &col, &off))
			s->freq[0] += col < nval ?
				sqlite3_value_double(val[col]) : 1.0;
		ninst = 0;
	} else if (rc == SQLITE_OK) {
		rc = api->xInstCount(fts, &ninst);
	}
	for (i = 0; rc == SQLITE_OK && i < ninst; i++) {
		int phrase, col, off;

		rc = api->xInst(fts, i, &phrase, &col, &off);
		if (rc == SQLITE_OK)
			s->freq[phrase] += col < nval ?
				sqlite3_value_double(val[col]) : 1.0;
	}
	if (rc == SQLITE_OK && ntok < 0)
		rc = api->xColumnSize(fts, -1, &ntok);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	for (i = 0; i < s->nphrase; i++)
		score += s->idf[i] * (s->freq[i] * (K1 + 1.0)) /
			 (s->freq[i] + K1 * (1 - B + B * ntok / s->avgdl));
	sqlite3_result_double(ctx, -score);
}

int relevance_register(fts5_api *api)
{
	/* A new connection of this thread starts its own data versions
	 * (and may have an old one's address): nothing kept carries over. */
	memset(kept, 0, sizeof(kept));
	return api->xCreateFunction(api, "relevance", NULL, relevance,
				    NULL) == SQLITE_OK ? 0 : -1;
}
