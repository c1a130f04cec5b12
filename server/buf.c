/* SPDX-License-Identifier: MIT */
/* Growable byte buffer (see buf.h). */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "xalloc.h"

static void reserve(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	if (b->cap < 256)
		b->cap = 256;
	while (b->cap < need)
		b->cap *= 2;
	b->ptr = xrealloc(b->ptr, b->cap);
}

void buf_append(struct buf *b, const void *data, size_t n)
{
	reserve(b, n);
	if (n)
		memcpy(b->ptr + b->len, data, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_putc_grow(struct buf *b, char c)
{
	buf_append(b, &c, 1);
}

/*
 * Formats into the room there is, and only when it does not fit a second
 * time into enough: most pieces of JSON are short, and one vsnprintf()
 * where two were is a tenth of writing a long answer.
 */
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	size_t room;
	int n;

	reserve(b, 64);
	room = b->cap - b->len;
	va_copy(copy, ap);
	n = vsnprintf(b->ptr + b->len, room, fmt, copy);
	va_end(copy);
	if (n < 0) {
		b->ptr[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		reserve(b, (size_t)n);
		vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void buf_put_int(struct buf *b, long long v)
{
	char digits[24], *p = digits + sizeof(digits);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
				       (unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	buf_append(b, p, (size_t)(digits + sizeof(digits) - p));
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

/* Whether byte c goes into a JSON string as it is: printable ASCII other
 * than '"' and '\\'. */
static inline int json_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/*
 * Whether all eight bytes of w are json_plain(), tested at once: a byte
 * below 0x20, equal to '"' or '\\' (zero after the XOR), or with its high
 * bit set leaves a high bit in the result. (A borrow can mark a byte
 * after one that is not plain, never when all are.) Pages of titles and
 * quotes are mostly plain text: a byte at a time, the test was an
 * eighth of a page's instructions.
 */
static inline int json_plain8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t highs = 0x8080808080808080ULL;
	uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');

	return !((((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) |
		  ((slash - ones) & ~slash) | w) & highs);
}

void buf_json_string(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, len;

	reserve(b, n + 2);
	buf_putc(b, '"');
	while (i < n) {
		size_t run = i;
		unsigned char c;
		uint64_t w;

		/* Text that needs no escape, found a word at a time, in
		 * one copy. */
		while (run + 8 <= n) {
			memcpy(&w, s + run, sizeof(w));
			if (!json_plain8(w))
				break;
			run += 8;
		}
		while (run < n && json_plain((unsigned char)s[run]))
			run++;
		if (run > i) {
			buf_append(b, s + i, run - i);
			i = run;
			continue;
		}
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
			i++;
		} else if (c < 0x20) {
			char esc[6] = { '\\', 'u', '0', '0',
					hex[c >> 4], hex[c & 15] };
			buf_append(b, esc, sizeof(esc));
			i++;
		} else if ((len = utf8_sequence(s + i, n - i))) {
			buf_append(b, s + i, len);
			i += len;
		} else {
			/* Not UTF-8 (a raw path, say): JSON stays valid. */
			buf_puts(b, "\\ufffd");
			i++;
		}
	}
	buf_putc(b, '"');
}

void buf_url_encode(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~' || c == ',') {
			buf_putc(b, (char)c);
		} else {
			char esc[3] = { '%', hex[c >> 4], hex[c & 15] };
			buf_append(b, esc, sizeof(esc));
		}
	}
}

const char *buf_str(const struct buf *b)
{
	return b->ptr ? b->ptr : "";
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p = b->ptr ? b->ptr : xstrdup("");

	if (len)
		*len = b->len;
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void buf_free(struct buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
}
