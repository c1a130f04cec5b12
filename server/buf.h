/* SPDX-License-Identifier: MIT */
/*
 * A growable byte buffer, always NUL-terminated, used to build SQL text and
 * response bodies. The buffer owns its memory; buf_detach() hands it over.
 */
#ifndef DOSSIER_BUF_H
#define DOSSIER_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *ptr;	/* NULL until the first append */
	size_t len;	/* bytes used, excluding the terminating NUL */
	size_t cap;	/* bytes allocated */
};

#define BUF_INIT { NULL, 0, 0 }

void buf_append(struct buf *b, const void *data, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc_grow(struct buf *b, char c);

/* Appends one byte: inline, for writers that go a byte at a time. */
static inline void buf_putc(struct buf *b, char c)
{
	if (b->len + 1 < b->cap) {
		b->ptr[b->len++] = c;
		b->ptr[b->len] = '\0';
	} else {
		buf_putc_grow(b, c);
	}
}
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Appends v in decimal (as "%lld" writes it, without a format's cost). */
void buf_put_int(struct buf *b, long long v);
/* Appends s as a JSON string literal, quotes included. */
void buf_json_string(struct buf *b, const char *s, size_t n);
/* Appends s percent-encoded for a URL query component (RFC 3986). */
void buf_url_encode(struct buf *b, const char *s, size_t n);
/* Returns the contents ("" when empty), valid until the next append. */
const char *buf_str(const struct buf *b);
/* Returns the allocated contents (caller frees) and empties the buffer. */
char *buf_detach(struct buf *b, size_t *len);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

#endif
