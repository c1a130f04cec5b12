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
};

struct tokens {
	const char *text;
	struct token *v;
	int n, cap;
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

	(void)tok;
	(void)ntok;
	/* A synonym at the same place is no token of its own. */
	if (flags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->v = xrealloc(t->v, (size_t)t->cap * sizeof(*t->v));
	}
	t->v[t->n].start = start;
	t->v[t->n].end = end;
	t->v[t->n].sentence = t->n == 0 || sentence_after(t->text, start);
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

static void highlights(const Fts5ExtensionApi *api, Fts5Context *fts,
		       sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	struct buf out = BUF_INIT;
	struct tokens t = { NULL, NULL, 0, 0 };
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
	if (rc != SQLITE_OK) {
		buf_free(&out);
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	sqlite3_result_text(ctx, buf_str(&out), (int)out.len, SQLITE_TRANSIENT);
	buf_free(&out);
}

int highlights_register(fts5_api *api)
{
	return api->xCreateFunction(api, "highlights", NULL, highlights,
				    NULL) == SQLITE_OK ? 0 : -1;
}
