/* SPDX-License-Identifier: MIT */
/*
 * A string -> integer hash map (open addressing, linear probing), for the
 * caches of bulk imports and sets looked up by name. Keys are copied; the
 * map owns them.
 */
#ifndef DOSSIER_STRMAP_H
#define DOSSIER_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap {
	char **keys;
	int64_t *values;
	size_t cap;	/* a power of two */
	size_t len;
};

#define STRMAP_INIT { NULL, NULL, 0, 0 }

/* FNV-1a of a NUL-terminated string; also keys the statement and
 * response caches. */
uint64_t strmap_hash(const char *s);

/* Returns 1 and sets *value when key is present, else 0. */
int strmap_get(const struct strmap *m, const char *key, int64_t *value);
/* Sets key to value, adding or replacing. */
void strmap_put(struct strmap *m, const char *key, int64_t value);
void strmap_free(struct strmap *m);

#endif
