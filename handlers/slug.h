/* SPDX-License-Identifier: MIT */
/* Ids made from names, for records created without one. */
#ifndef DOSSIER_SLUG_H
#define DOSSIER_SLUG_H

#include <stddef.h>

/*
 * Writes the slug of label to out (at most sz - 1 bytes, 80 characters
 * before any suffix): "Sajid Javid (MP)" -> "sajid-javid-mp". Latin letters
 * with diacritics are spelled in ASCII ("Zoë Łukasz" -> "zoe-lukasz");
 * letters of other scripts, which have no such spelling here, leave a
 * short hash of the whole name at the end, so that two such names do
 * not share an id ("Путин" -> "6fd2a1c0"). Returns 0 when nothing is
 * left to make one from.
 */
int slug_derive(const char *label, char *out, size_t sz);

#endif
