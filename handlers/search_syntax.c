/* SPDX-License-Identifier: MIT */
/* Search-box text to an FTS5 query (see search_syntax.h). */
#include "search_syntax.h"

#include <ctype.h>
#include <string.h>

#include "utf8.h"

#define MAX_TERMS 64

struct term {
	const char *s;
	size_t n;
	int prefix, negated;
	int or_before;		/* OR joins it to the term before */
	int stop;		/* a common word, left out if others remain */
};

/* Common English words a search box gets but nobody searches for. */
static const char *const stopwords[] = {
	"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in",
	"is", "it", "of", "on", "or", "that", "the", "to", "was", "with",
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The length of a double quote mark at p: " or a curly one; else 0. */
static size_t quote_mark(const char *p)
{
	if (*p == '"')
		return 1;
	if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
	    ((unsigned char)p[2] >= 0x9C && (unsigned char)p[2] <= 0x9E))
		return 3;	/* U+201C, U+201D, U+201E */
	return 0;
}

/*
 * Whether s[0..n) holds anything the tokenizer keeps as a word: a term
 * of only punctuation (a dash, guillemets, an emoji) would match nothing.
 */
static int has_word(const char *s, size_t n)
{
	size_t i = 0, len;

	while (i < n) {
		len = utf8_sequence(s + i, n - i);
		if (!len)
			len = 1;	/* not UTF-8: not a word either */
		else if (!utf8_is_mark(utf8_code_point(s + i, len)) &&
			 !utf8_is_combining(utf8_code_point(s + i, len)))
			return 1;
		i += len;
	}
	return 0;
}

static int is_stopword(const char *s, size_t n)
{
	size_t i, j;

	for (i = 0; i < sizeof(stopwords) / sizeof(stopwords[0]); i++) {
		if (strlen(stopwords[i]) != n)
			continue;
		for (j = 0; j < n && tolower((unsigned char)s[j]) ==
		     stopwords[i][j]; j++)
			;
		if (j == n)
			return 1;
	}
	return 0;
}

/*
 * How many bytes at the end of s[0..n) an English possessive takes: 's or
 * ’s (U+2019) after at least one character, and any ASCII punctuation
 * after it (the tokenizer drops that anyway: "(Huawei's)," ends so); else
 * 0. "Huawei's" is asked for as "Huawei", which text of "Huawei" and of
 * "Huawei's" both hold.
 */
static size_t possessive(const char *s, size_t n)
{
	size_t m = n;

	while (m && ispunct((unsigned char)s[m - 1]) && s[m - 1] != '\'')
		m--;
	if (m < 2 || (s[m - 1] | 0x20) != 's')
		return 0;
	if (m > 2 && s[m - 2] == '\'')
		return n - m + 2;
	if (m > 4 && memcmp(s + m - 4, "\xE2\x80\x99", 3) == 0)
		return n - m + 4;
	return 0;
}

/*
 * Splits text into terms; returns how many (at most MAX_TERMS), with
 * *more set when text went on past the last.
 */
static size_t split(const char *p, struct term *t, int *more)
{
	size_t n = 0, q, cut;
	int or_next = 0;

	while (*p && n < MAX_TERMS) {
		struct term *cur = &t[n];
		const char *end;

		if (is_space(*p)) {
			p++;
			continue;
		}
		memset(cur, 0, sizeof(*cur));
		/* -"a phrase": not this phrase. */
		if (*p == '-' && quote_mark(p + 1)) {
			cur->negated = 1;
			p++;
		}
		if ((q = quote_mark(p))) {
			cur->s = p += q;
			while (*p && !quote_mark(p))
				p++;
			cur->n = (size_t)(p - cur->s);
			p += *p ? quote_mark(p) : 0;
		} else {
			for (end = p; *end && !is_space(*end) &&
			     !quote_mark(end); end++)
				;
			cur->s = p;
			cur->n = (size_t)(end - p);
			p = end;
			if (cur->n == 2 && memcmp(cur->s, "OR", 2) == 0) {
				or_next = n > 0;
				continue;
			}
			if (cur->n > 1 && cur->s[0] == '-') {
				cur->negated = 1;
				cur->s++;
				cur->n--;
			}
			while (cur->n && cur->s[cur->n - 1] == '*') {
				cur->prefix = 1;
				cur->n--;
			}
			/* Not when nothing would be left ("'s" alone). */
			cut = cur->prefix ? 0 : possessive(cur->s, cur->n);
			if (cut && has_word(cur->s, cur->n - cut))
				cur->n -= cut;
			cur->stop = !cur->prefix && !cur->negated &&
				is_stopword(cur->s, cur->n);
		}
		if (!has_word(cur->s, cur->n))
			continue;	/* nothing the index holds */
		cur->or_before = or_next;
		or_next = 0;
		n++;
	}
	while (is_space(*p))
		p++;
	*more = *p != '\0';
	return n;
}

static void put_term(struct buf *out, const struct term *t)
{
	size_t i;

	buf_putc(out, '"');
	for (i = 0; i < t->n; i++) {
		if (t->s[i] == '"')
			buf_putc(out, '"');
		buf_putc(out, t->s[i]);
	}
	buf_putc(out, '"');
	if (t->prefix)
		buf_putc(out, '*');
}

int search_compile(const char *text, struct buf *out)
{
	struct term t[MAX_TERMS];
	int open = 0, more;
	size_t n = split(text, t, &more), i, wanted = 0, others = 0;

	if (n == 0)
		return 1;
	for (i = 0; i < n; i++)
		wanted += !t[i].negated;
	/* Only words left out ("-huawei"): nothing is asked for. */
	if (!wanted)
		return more ? 3 : 2;
	for (i = 0; i < n; i++)
		others += !t[i].negated && !t[i].stop;
	buf_puts(out, "(");
	for (i = 0; i < n; i++) {
		if (t[i].negated || (t[i].stop && others))
			continue;
		if (open && t[i].or_before)
			buf_puts(out, " OR ");
		else if (open)
			buf_puts(out, ") AND (");
		put_term(out, &t[i]);
		open = 1;
	}
	buf_puts(out, ")");
	for (i = 0; i < n; i++) {
		if (!t[i].negated)
			continue;
		buf_puts(out, " NOT ");
		put_term(out, &t[i]);
	}
	return 0;
}

/* Whether w[0..n) is ASCII letters and digits alone (one token, its
 * bytes its characters). */
static int ascii_word(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)w[i]) || (unsigned char)w[i] >= 0x80)
			return 0;
	}
	return n > 0;
}

int search_compile_prefixes(const char *text, size_t cut, struct buf *out,
			    struct buf *whole)
{
	const char *p = text;
	int n = 0;
	size_t i;

	while (*p && n < MAX_TERMS) {
		struct term t;

		while (*p && (is_space(*p) || quote_mark(p)))
			p += quote_mark(p) ? quote_mark(p) : 1;
		memset(&t, 0, sizeof(t));
		t.s = p;
		while (*p && !is_space(*p) && !quote_mark(p))
			p++;
		t.n = (size_t)(p - t.s);
		t.prefix = 1;
		if (!has_word(t.s, t.n))
			continue;
		if (n++)
			buf_putc(out, ' ');
		if (cut && t.n > cut && ascii_word(t.s, t.n)) {
			if (whole->len)
				buf_putc(whole, ' ');
			for (i = 0; i < t.n; i++)
				buf_putc(whole, (char)tolower((unsigned char)t.s[i]));
			t.n = cut;
		}
		put_term(out, &t);
	}
	return n ? 0 : 1;
}
