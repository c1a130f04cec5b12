/* SPDX-License-Identifier: MIT */
/*
 * Opaque keyset cursors: the sort value and pk of the last row of a page,
 * bound to the resource and sort order they were issued for, signed with
 * the database's key so a forged or altered cursor is rejected.
 * Format: base64url(JSON [resource, sort, value, pk]) "." base64url(MAC).
 */
#ifndef DOSSIER_CURSOR_H
#define DOSSIER_CURSOR_H

#include "buf.h"
#include "problem.h"
#include "query.h"

/* Appends the cursor for the position after (v, pk) to out. */
void cursor_encode(struct buf *out, const char *resource, const char *sort,
		   const struct value *v, sqlite3_int64 pk);

/*
 * Decodes text, checking its signature and that it was issued for
 * resource and sort. Returns 0 and fills *v and *pk, or -1 with *err set.
 */
int cursor_decode(const char *text, const char *resource, const char *sort,
		  struct value *v, sqlite3_int64 *pk, struct problem *err);

#endif
