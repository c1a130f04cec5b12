/* SPDX-License-Identifier: MIT */
/* Strict UTF-8 validation (RFC 3629: no overlongs, surrogates or NULs). */
#ifndef DOSSIER_UTF8_H
#define DOSSIER_UTF8_H

#include <stddef.h>

/* Returns 1 when s[0..n) is valid UTF-8 without NUL bytes, else 0. */
int utf8_valid(const char *s, size_t n);

#endif
