/* SPDX-License-Identifier: MIT */
/* Strict UTF-8 validation (RFC 3629: no overlongs, surrogates or NULs). */
#ifndef DOSSIER_UTF8_H
#define DOSSIER_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * The length of the valid UTF-8 character (not NUL) s[0..n) starts with,
 * or 0 when it starts with none.
 */
size_t utf8_sequence(const char *s, size_t n);

/* Returns 1 when s[0..n) is valid UTF-8 without NUL bytes, else 0. */
int utf8_valid(const char *s, size_t n);

/* The code point of the valid character of len bytes at s. */
uint32_t utf8_code_point(const char *s, size_t len);

/* Whether cp is a combining mark (part of the letter before it). */
int utf8_is_combining(uint32_t cp);

/*
 * Whether cp is punctuation, a symbol or a space rather than part of a
 * word: ASCII other than letters and digits, Latin-1's symbols, general
 * punctuation (dashes, quotes, ellipsis), arrows and symbols, CJK and
 * full-width punctuation, emoji. What a word tokenizer drops, roughly.
 */
int utf8_is_mark(uint32_t cp);

#endif
