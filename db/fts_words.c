/* SPDX-License-Identifier: MIT */
/* Words and phrases as FTS5 sees them (see fts_words.h). */
#include "fts_words.h"

#include <string.h>

#include "xalloc.h"

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
	struct fts_tokens *t = ctx;

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

int fts_tokenize(const Fts5ExtensionApi *api, Fts5Context *fts,
		 const char *text, int n, struct fts_tokens *t)
{
	return api->xTokenize(fts, n ? text : "", n, t, token_seen);
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

int fts_phrases(const char *expr,
		int (*each)(const char *text, size_t len, void *ud), void *ud)
{
	const char *p = expr;
	struct buf s = BUF_INIT;
	int rc = 0, n = 0;

	while (*p && rc == 0) {
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
		n++;
		if (each(s.len ? buf_str(&s) : "", s.len, ud) != 0)
			rc = -1;
	}
	buf_free(&s);
	return rc == 0 && n ? 0 : -1;
}
