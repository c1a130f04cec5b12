/* SPDX-License-Identifier: MIT */
/* Free text as it is stored: one rule for the API's writes and imports. */
#ifndef DOSSIER_TEXT_H
#define DOSSIER_TEXT_H

#include <stddef.h>

/*
 * s[0..len) with every run of whitespace and control characters (which no
 * reader wants in a name or a quote) made one space, none at either end,
 * into out (len + 1 bytes; out may be s), NUL-terminated. Returns its
 * length.
 */
size_t text_tidy(const char *s, size_t len, char *out);

#endif
