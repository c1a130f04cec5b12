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
	int vary_prefix;
	char *link;		/* Link header, or NULL */
	char *disposition;	/* Content-Disposition header, or NULL */
	struct buf body;
	char etag[48];
	struct buf gz;		/* gzip body, made on first demand */
	char gz_etag[48];
};

/*
 * What the data looked like to this thread at one moment: the write
 * generation and this connection's data_version. An answer is stored with
 * the stamp taken before it was computed, so a commit that finishes while
 * it is computed leaves it stale at once, never cached as current.
 */
struct cache_stamp {
	unsigned long generation;
	int data_version;
};

/*
 * Bytes of bodies each thread keeps (default 8 MiB); 0 turns the cache
 * off: cache_enabled() is then false and nothing is stored.
 */
void cache_set_budget(size_t bytes);
int cache_enabled(void);

/* Marks every cached response stale (call after a write commits). */
void cache_invalidate(void);

/* The stamp to take before computing an answer to cache. */
struct cache_stamp cache_stamp(void);

/* Returns this thread's fresh entry for key, or NULL. Borrowed. */
struct cached *cache_get(const char *key);

/*
 * Returns a new entry for key in this thread's cache, to fill with the
 * answer computed after `stamp` was taken.
 */
struct cached *cache_put(const char *key, struct cache_stamp stamp);

/* Drops the least recently used entries beyond this thread's budget. */
void cache_trim(void);

#endif
