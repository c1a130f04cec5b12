/* SPDX-License-Identifier: MIT */
/* Strict UTF-8 validation (RFC 3629: no overlongs, surrogates or NULs). */
#ifndef DOSSIER_UTF8_H
#define DOSSIER_UTF8_H

#include <stddef.h>

/*
 * The length of the valid UTF-8 character (not NUL) s[0..n) starts with,
 * or 0 when it starts with none.
 */
size_t utf8_sequence(const char *s, size_t n);

/* Returns 1 when s[0..n) is valid UTF-8 without NUL bytes, else 0. */
int utf8_valid(const char *s, size_t n);

#endif
