/* SPDX-License-Identifier: MIT */
/*
 * A per-thread cache of read responses (no locks: each worker thread has
 * its own), keyed by path, query and the headers a representation depends
 * on. An entry is valid while no write has committed since it was made:
 * writes through this process bump a generation, and SQLite's
 * data_version reveals commits by other processes (an import, say).
 */
#ifndef DOSSIER_CACHE_H
#define DOSSIER_CACHE_H

#include <stddef.h>

#include "buf.h"

struct cached {
	unsigned status;
	const char *content_type;	/* static strings, as in a reply */
	const char *cache_control;
	int vary_accept;
	char *link;		/* Link header, or NULL */
	struct buf body;
	char etag[48];
	struct buf gz;		/* gzip body, made on first demand */
	char gz_etag[48];
};

/* Marks every cached response stale (call after a write commits). */
void cache_invalidate(void);

/* Returns this thread's fresh entry for key, or NULL. Borrowed. */
struct cached *cache_get(const char *key);

/* Returns a new entry for key in this thread's cache, to fill. */
struct cached *cache_put(const char *key);

/* Drops the least recently used entries beyond this thread's budget. */
void cache_trim(void);

#endif
