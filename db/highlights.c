/* SPDX-License-Identifier: MIT */
/* A match's snippets, every column's in one call (see highlights.h). */
#include "highlights.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fts_words.h"
#include "xalloc.h"

/* A match in one column: its first token and its length in tokens. */
struct hit {
	int phrase, off, len;
};

/*
 * How well the window of tokens [s, s + width) shows the hits (those
 * that start in it): a thousand for each phrase it has, one for each
 * further hit. *adjusted is the window's start that centres its hits.
 */
static int window_score(const struct hit *h, int nhit, int s, int width,
			int ntok, int *adjusted)
{
	unsigned long long seen = 0;
	int i, score = 0, first = -1, last = 0;

	for (i = 0; i < nhit; i++) {
		unsigned long long bit = 1ULL << (h[i].phrase & 63);

		if (h[i].off < s || h[i].off >= s + width)
			continue;
		score += seen & bit ? 1 : 1000;
		seen |= bit;
		if (first < 0)
			first = h[i].off;
		last = h[i].off + h[i].len;
	}
	*adjusted = first - (width - (last - first)) / 2;
	if (*adjusted > ntok - width)
		*adjusted = ntok - width;
	if (*adjusted < 0)
		*adjusted = 0;
	return score;
}

/*
 * The first token of the window of `width` tokens (of tokens t) that
 * shows the hits (sorted by offset) best, as FTS5's snippet() chooses:
 * from each hit on, centred on the hits it holds; or from the start of
 * the hit's sentence when that shows as much (a small bonus, more at the
 * text's start). The earliest of the best.
 */
static int window_start(const struct hit *h, int nhit,
			const struct fts_tokens *t, int width)
{
	int best = 0, best_score = 0, i, adjusted, unused;

	if (t->n <= width)
		return 0;
	for (i = 0; i < nhit; i++) {
		int score = window_score(h, nhit, h[i].off, width, t->n,
					 &adjusted), first;

		if (score > best_score) {
			best_score = score;
			best = adjusted;
		}
		for (first = h[i].off < t->n ? h[i].off : t->n - 1;
		     first > 0 && !t->v[first].sentence; first--)
			;
		if (first >= h[i].off)
			continue;
		score = window_score(h, nhit, first, width, t->n, &unused) +
			(first == 0 ? 120 : 100);
		if (score > best_score) {
			best_score = score;
			best = first;
		}
	}
	return best;
}

static int by_offset(const void *x, const void *y)
{
	const struct hit *a = x, *b = y;

	return (a->off > b->off) - (a->off < b->off);
}

/*
 * Appends the snippet of text[0..n) (tokens t, hits h: sorted by offset
 * here) to out: each hit marked, or each run of hits that overlap.
 */
static void snippet(struct buf *out, const char *text, int n,
		    const struct fts_tokens *t, struct hit *h, int nhit, int width)
{
	int s, e, at, i = 0;

	qsort(h, (size_t)nhit, sizeof(*h), by_offset);
	s = window_start(h, nhit, t, width);
	e = s + width < t->n ? s + width : t->n;
	at = s > 0 ? t->v[s].start : 0;
	if (s > 0)
		buf_puts(out, HIGHLIGHTS_ELLIPSIS);
	while (i < nhit) {
		int first = h[i].off, last = h[i].off + h[i].len - 1;

		for (i++; i < nhit && h[i].off <= last; i++)
			if (h[i].off + h[i].len - 1 > last)
				last = h[i].off + h[i].len - 1;
		if (first < s)
			first = s;
		if (last >= e)
			last = e - 1;
		if (first > last)
			continue;
		buf_append(out, text + at, (size_t)(t->v[first].start - at));
		buf_putc(out, '\2');
		buf_append(out, text + t->v[first].start,
			   (size_t)(t->v[last].end - t->v[first].start));
		buf_putc(out, '\3');
		at = t->v[last].end;
	}
	if (e < t->n) {
		buf_append(out, text + at, (size_t)(t->v[e - 1].end - at));
		buf_puts(out, HIGHLIGHTS_ELLIPSIS);
	} else {
		buf_append(out, text + at, (size_t)(n - at));
	}
}

/* The function's result: out's text (freed), or rc's error. */
static void give(sqlite3_context *ctx, struct buf *out, int rc)
{
	if (rc != SQLITE_OK)
		sqlite3_result_error_code(ctx, rc);
	else
		sqlite3_result_text(ctx, buf_str(out), (int)out->len,
				    SQLITE_TRANSIENT);
	buf_free(out);
}

/*
 * The phrases of a compiled search (search_syntax.h), each tokenized by
 * the table's tokenizer as its index was: tokens first[i] up to
 * first[i + 1] of words are phrase i's, numbered in the order the search
 * has them, as FTS5 numbers them.
 */
struct phrases {
	struct fts_tokens words;
	struct buf text;	/* the words' bytes */
	int *first;
	int n;
};

struct phrase_reader {
	const Fts5ExtensionApi *api;
	Fts5Context *fts;
	struct phrases *ph;
	int cap;
};

static void phrases_free(struct phrases *ph)
{
	free(ph->words.v);
	buf_free(&ph->text);
	free(ph->first);
}

/* Tokenizes one phrase's text (fts_phrases()) into the phrases. */
static int phrase_seen(const char *text, size_t len, void *ud)
{
	struct phrase_reader *r = ud;
	struct phrases *ph = r->ph;
	int before = ph->words.n;

	if (ph->n + 2 > r->cap) {
		r->cap = r->cap ? 2 * r->cap : 8;
		ph->first = xrealloc(ph->first, (size_t)r->cap *
				     sizeof(*ph->first));
	}
	ph->first[ph->n++] = before;
	/* A phrase of no token: FTS5's own reading of it is left alone. */
	return fts_tokenize(r->api, r->fts, text, (int)len, &ph->words) !=
	       SQLITE_OK || ph->words.n == before;
}

/*
 * Reads the phrases of expr (FTS5's query syntax) into ph (zeroed): 0,
 * or -1 when fts_phrases() cannot read expr, or a phrase has no token:
 * then only FTS5 can tell its matches.
 */
static int phrases_of(const Fts5ExtensionApi *api, Fts5Context *fts,
		      const char *expr, struct phrases *ph)
{
	struct phrase_reader r = { api, fts, ph, 0 };

	ph->words.words = &ph->text;
	if (fts_phrases(expr, phrase_seen, &r) != 0)
		return -1;
	ph->first[ph->n] = ph->words.n;
	return 0;
}

/* Whether phrase i of ph is at token `at` of t. */
static int phrase_at(const struct phrases *ph, int i, const struct fts_tokens *t,
		     int at)
{
	int k, len = ph->first[i + 1] - ph->first[i];

	if (at + len > t->n)
		return 0;
	for (k = 0; k < len; k++) {
		const struct fts_token *a = &ph->words.v[ph->first[i] + k];
		const struct fts_token *b = &t->v[at + k];

		if (a->wlen != b->wlen ||
		    memcmp(ph->text.ptr + a->word, t->words->ptr + b->word,
			   (size_t)a->wlen) != 0)
			return 0;
	}
	return 1;
}

/*
 * highlights_of(table, tokens, search): highlights() of a row that the
 * compiled search matches, found by the row alone (any query of the
 * table, `rowid = ?` say), not by FTS5 seeking the row among the
 * search's matches (a hundredth of a millisecond or more a row): each
 * column's text tokenized as the index was and its phrases found in
 * it. NULL when phrases_of() cannot read the search.
 */
static void highlights_of(const Fts5ExtensionApi *api, Fts5Context *fts,
			  sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	struct buf out = BUF_INIT, words = BUF_INIT;
	struct fts_tokens t = { NULL, NULL, 0, 0, &words };
	struct phrases ph;
	struct hit *h = NULL;
	const char *expr = nval > 1 ?
		(const char *)sqlite3_value_text(val[1]) : NULL;
	int ncol = api->xColumnCount(fts), width, c, i, at, cap = 0;
	int rc = SQLITE_OK;

	memset(&ph, 0, sizeof(ph));
	width = nval > 0 ? sqlite3_value_int(val[0]) : 0;
	if (width < 1)
		width = 1;
	if (!expr || phrases_of(api, fts, expr, &ph) != 0) {
		phrases_free(&ph);
		sqlite3_result_null(ctx);
		return;
	}
	for (c = 0; rc == SQLITE_OK && c < ncol; c++) {
		const char *text = NULL;
		int n = 0, nhit = 0;

		if (c)
			buf_putc(&out, '\1');
		rc = api->xColumnText(fts, c, &text, &n);
		if (rc != SQLITE_OK || !text || !n)
			continue;
		t.n = 0;
		t.text = text;
		buf_reset(&words);
		rc = fts_tokenize(api, fts, text, n, &t);
		for (at = 0; rc == SQLITE_OK && at < t.n; at++) {
			for (i = 0; i < ph.n; i++) {
				if (!phrase_at(&ph, i, &t, at))
					continue;
				if (nhit == cap) {
					cap = cap ? 2 * cap : 16;
					h = xrealloc(h, (size_t)cap *
						     sizeof(*h));
				}
				h[nhit].phrase = i;
				h[nhit].off = at;
				h[nhit].len = ph.first[i + 1] - ph.first[i];
				nhit++;
			}
		}
		if (rc == SQLITE_OK && nhit)
			snippet(&out, text, n, &t, h, nhit, width);
	}
	free(h);
	free(t.v);
	buf_free(&words);
	phrases_free(&ph);
	give(ctx, &out, rc);
}

static void highlights(const Fts5ExtensionApi *api, Fts5Context *fts,
		       sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	struct buf out = BUF_INIT;
	struct fts_tokens t = { NULL, NULL, 0, 0, NULL };
	struct hit *h = NULL;
	int ncol = api->xColumnCount(fts), ninst = 0, width, c, i;
	int rc;

	width = nval > 0 ? sqlite3_value_int(val[0]) : 0;
	if (width < 1)
		width = 1;
	rc = api->xInstCount(fts, &ninst);
	if (rc == SQLITE_OK && ninst > 0)
		h = xcalloc((size_t)ninst, sizeof(*h));
	for (c = 0; rc == SQLITE_OK && c < ncol; c++) {
		const char *text = NULL;
		int n = 0, nhit = 0;

		if (c)
			buf_putc(&out, '\1');
		for (i = 0; rc == SQLITE_OK && i < ninst; i++) {
			int phrase, col, off;

			rc = api->xInst(fts, i, &phrase, &col, &off);
			if (rc != SQLITE_OK || col != c)
				continue;
			h[nhit].phrase = phrase;
			h[nhit].off = off;
			h[nhit].len = api->xPhraseSize(fts, phrase);
			nhit++;
		}
		/* Only a column with a match is read and tokenized. */
		if (rc != SQLITE_OK || !nhit)
			continue;
		rc = api->xColumnText(fts, c, &text, &n);
		t.n = 0;
		t.text = text;
		if (rc == SQLITE_OK && text)
			rc = fts_tokenize(api, fts, text, n, &t);
		if (rc == SQLITE_OK && t.n > 0)
			snippet(&out, text, n, &t, h, nhit, width);
	}
	free(h);
	free(t.v);
	give(ctx, &out, rc);
}

int highlights_register(fts5_api *api)
{
	return api->xCreateFunction(api, "highlights", NULL, highlights,
				    NULL) == SQLITE_OK &&
	       api->xCreateFunction(api, "highlights_of", NULL,
				    highlights_of, NULL) == SQLITE_OK ? 0 : -1;
}
