/* SPDX-License-Identifier: MIT */
/*
 * API keys for writes. A key is "dsk_<key id>_<secret>": the key id (16 hex
 * digits) finds the row, and only a BLAKE2b-256 hash of the secret is
 * stored, compared in constant time. The full key is shown once, at
 * creation.
 */
#ifndef DOSSIER_KEYS_H
#define DOSSIER_KEYS_H

#include <stddef.h>
#include <stdio.h>

#define KEY_TEXT_SIZE 80

/*
 * Creates a key called name and writes its full text into key.
 * Returns 0, 1 when the name is taken, -1 on error (logged).
 */
int keys_create(const char *name, char key[KEY_TEXT_SIZE]);
/* Prints one line per key (name, key id, created, revoked). */
int keys_list(FILE *out);
/* Revokes the key called name: 0, 1 when there is no such valid key, -1. */
int keys_revoke(const char *name);
/* Returns 1 when token is a valid, unrevoked key, 0 when not, -1 on error. */
int keys_verify(const char *token);

#endif
