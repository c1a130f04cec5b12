/* SPDX-License-Identifier: MIT */
/* Growable byte buffer (see buf.h). */
#include "buf.h"

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

void buf_json_string(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, len;

	buf_putc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t run;

		/* Text that needs no escape, in one copy. */
		for (run = i; run < n && (unsigned char)s[run] >= 0x20 &&
		     (unsigned char)s[run] < 0x80 && s[run] != '"' &&
		     s[run] != '\\'; run++)
			;
		if (run > i) {
			buf_append(b, s + i, run - i);
			i = run - 1;
		} else if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
		} else if (c < 0x20) {
			char esc[6] = { '\\', 'u', '0', '0',
					hex[c >> 4], hex[c & 15] };
			buf_append(b, esc, sizeof(esc));
		} else if ((len = utf8_sequence(s + i, n - i))) {
			buf_append(b, s + i, len);
			i += len - 1;
		} else {
			/* Not UTF-8 (a raw path, say): JSON stays valid. */
			buf_puts(b, "\\ufffd");
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
