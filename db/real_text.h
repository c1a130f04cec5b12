/* SPDX-License-Identifier: MIT */
/*
 * A REAL written as SQLite writes it as text ("%!.15g": 2.8, 9.0,
 * 9.23913043478261), quickly, for the values that are short decimals: an
 * event's tone, Goldstein score and coordinates. SQLite's own printf took
 * about a microsecond a value, 8% of rendering a page of events.
 */
#ifndef DOSSIER_REAL_TEXT_H
#define DOSSIER_REAL_TEXT_H

#include <stddef.h>

#define REAL_TEXT_SIZE 24

/*
 * Writes x into out (NUL-terminated) and returns its length, when x is
 * 0 or the double nearest a decimal of at most 15 digits between 1e-4
 * and 1e15 (the text is then that decimal, as SQLite writes it); else
 * returns 0 and the caller asks SQLite.
 */
size_t real_text(char out[REAL_TEXT_SIZE], double x);

#endif
