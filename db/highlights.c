/* SPDX-License-Identifier: MIT */
/* A match's snippets, every column's in one call (see highlights.h). */
#include "highlights.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

/* A token of a column's text: its bytes [start, end). */
struct token {
	int start, end;
	int sentence;	/* the first of a sentence */
	size_t word;	/* where words (when kept) has it as indexed */
	int wlen;
};

struct tokens {
	const char *text;
	struct token *v;
	int n, cap;
	struct buf *words;	/* the tokens as the index holds them, or NULL */
};

/* A match in one column: its first token and its length in tokens. */
struct hit {
	int phrase, off, len;
};

/* Whether a sentence starts at text[at]: after ". " or ": ", as FTS5's
 * snippet() tells. */
static int sentence_after(const char *text, int at)
{
	int i = at - 1;

	while (i >= 0 && (text[i] == ' ' || text[i] == '\t' ||
			  text[i] == '\n' || text[i] == '\r'))
		i--;
	return i >= 0 && i < at - 1 && (text[i] == '.' || text[i] == ':');
}

static int token_seen(void *ctx, int flags, const char *tok, int ntok,
		      int start, int end)
{
	struct tokens *t = ctx;

	/* A synonym at the same place is no token of its own. */
	if (flags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->v = xrealloc(t->v, (size_t)t->cap * sizeof(*t->v));
	}
	t->v[t->n].start = start;
	t->v[t->n].end = end;
	t->v[t->n].sentence = t->n == 0 || (t->text &&
					     sentence_after(t->text, start));
	if (t->words) {
		t->v[t->n].word = t->words->len;
		t->v[t->n].wlen = ntok;
		buf_append(t->words, tok, (size_t)ntok);
	}
	t->n++;
	return SQLITE_OK;
}

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
			const struct tokens *t, int width)
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
		    const struct tokens *t, struct hit *h, int nhit, int width)
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
	struct tokens words;
	struct buf text;	/* the words' bytes */
	int *first;
	int n;
};

static void phrases_free(struct phrases *ph)
{
	free(ph->words.v);
	buf_free(&ph->text);
	free(ph->first);
}

/* Whether FTS5 reads c as part of a bareword (its query syntax). */
static int bareword_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	       (c >= 'a' && c <= 'z') || c == '_' || c == 0x1a;
}

/* Whether the bareword w[0..n) is one of FTS5's operators. */
static int operator_word(const char *w, size_t n)
{
	return (n == 3 && (memcmp(w, "AND", 3) == 0 ||
			   memcmp(w, "NOT", 3) == 0)) ||
	       (n == 2 && memcmp(w, "OR", 2) == 0);
}

/*
 * Reads the phrases of expr (FTS5's query syntax) into ph (zeroed): 0,
 * or -1 when expr holds anything but strings, barewords, parentheses and
 * AND, OR and NOT (a prefix, a NEAR, a column filter), or a phrase of no
 * token: then only FTS5 can tell its matches.
 */
static int phrases_of(const Fts5ExtensionApi *api, Fts5Context *fts,
		      const char *expr, struct phrases *ph)
{
	const char *p = expr;
	struct buf s = BUF_INIT;
	int rc = 0, cap = 0;

	ph->words.words = &ph->text;
	while (*p && rc == 0) {
		int before = ph->words.n;

		if (*p == ' ' || *p == '(' || *p == ')') {
			p++;
			continue;
		}
		buf_reset(&s);
		if (*p == '"') {
			for (p++; *p && (*p != '"' || p[1] == '"'); p++) {
				p += *p == '"';		/* "" is a quote */
				buf_putc(&s, *p);
			}
			if (*p++ != '"') {
				rc = -1;
				break;
			}
		} else if (bareword_byte((unsigned char)*p)) {
			const char *w = p;

			while (bareword_byte((unsigned char)*p))
				p++;
			if (operator_word(w, (size_t)(p - w)))
				continue;
			if ((size_t)(p - w) == 4 && memcmp(w, "NEAR", 4) == 0) {
				rc = -1;
				break;
			}
			buf_append(&s, w, (size_t)(p - w));
		} else {
			rc = -1;	/* + ^ - * : { and the like */
			break;
		}
		if (*p == '*' || *p == ':' || *p == '+') {
			rc = -1;
			break;
		}
		if (ph->n + 2 > cap) {
			cap = cap ? 2 * cap : 8;
			ph->first = xrealloc(ph->first, (size_t)cap *
					     sizeof(*ph->first));
		}
		ph->first[ph->n++] = before;
		if (api->xTokenize(fts, s.len ? buf_str(&s) : "", (int)s.len,
				   &ph->words, token_seen) != SQLITE_OK ||
		    ph->words.n == before)
			rc = -1;
	}
	if (rc == 0 && ph->n)
		ph->first[ph->n] = ph->words.n;
	buf_free(&s);
	return rc == 0 && ph->n ? 0 : -1;
}

/* Whether phrase i of ph is at token `at` of t. */
static int phrase_at(const struct phrases *ph, int i, const struct tokens *t,
		     int at)
{
	int k, len = ph->first[i + 1] - ph->first[i];

	if (at + len > t->n)
		return 0;
	for (k = 0; k < len; k++) {
		const struct token *a = &ph->words.v[ph->first[i] + k];
		const struct token *b = &t->v[at + k];

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
	struct tokens t = { NULL, NULL, 0, 0, &words };
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
		rc = api->xTokenize(fts, text, n, &t, token_seen);
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
	struct tokens t = { NULL, NULL, 0, 0, NULL };
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
			rc = api->xTokenize(fts, text, n, &t, token_seen);
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
