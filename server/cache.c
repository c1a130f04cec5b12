/* SPDX-License-Identifier: MIT */
/* Per-thread response cache (see cache.h). */
#include "cache.h"

#include <pthread.h>
#include "dbs.h"
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "db.h"
#include "strmap.h"
#include "xalloc.h"

#define ENTRIES 256

struct entry {
	char *key;
	uint64_t hash;
	struct cache_stamp stamp;
	uint64_t used;
	struct cached c;
};

struct thread_cache {
	struct entry e[ENTRIES];
	uint64_t clock;
	size_t bytes;
};

static atomic_ulong generation = 1;
/* Bytes of bodies kept per thread; set once, before the workers start. */
static size_t budget = 8u << 20;
static __thread struct thread_cache *mine;
static pthread_key_t key_for_exit;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void free_thread_cache(void *p);

static void make_key(void)
{
	pthread_key_create(&key_for_exit, free_thread_cache);
}

void cache_set_budget(size_t bytes)
{
	budget = bytes;
}

int cache_enabled(void)
{
	return budget > 0;
}

void cache_invalidate(void)
{
	atomic_fetch_add(&generation, 1);
}

static size_t size_of(const struct entry *x)
{
	return x->c.body.len + x->c.gz.len;
}

static void drop(struct thread_cache *t, struct entry *x)
{
	(void)t;	/* cache_trim() recounts the bytes */
	free(x->key);
	free(x->c.link);
	free(x->c.disposition);
	buf_free(&x->c.body);
	buf_free(&x->c.gz);
	memset(x, 0, sizeof(*x));
}

struct cached *cache_get(const char *key)
{
	uint64_t h = strmap_hash(key);
	size_t i;

	if (!mine)
		return NULL;
	for (i = 0; i < ENTRIES; i++) {
		struct entry *x = &mine->e[i];

		if (!x->key || x->hash != h || strcmp(x->key, key) != 0)
			continue;
		if (x->stamp.generation != atomic_load(&generation) ||
		    x->stamp.data_version != db_data_version()) {
			drop(mine, x);
			return NULL;
		}
		x->used = ++mine->clock;
		return &x->c;
	}
	return NULL;
}

static void free_thread_cache(void *p)
{
	struct thread_cache *t = p;
	size_t i;

	for (i = 0; t && i < ENTRIES; i++) {
		if (t->e[i].key)
			drop(t, &t->e[i]);
	}
	free(t);
}

struct cache_stamp cache_stamp(void)
{
	struct cache_stamp s;

	s.generation = atomic_load(&generation);
	s.data_version = db_data_version();
	return s;
}

struct cached *cache_put(const char *key, struct cache_stamp stamp)
{
	struct entry *slot = NULL;
	size_t i;

	if (!mine) {
		pthread_once(&once, make_key);
		mine = xcalloc(1, sizeof(*mine));
		/* Freed when the worker thread exits. */
		pthread_setspecific(key_for_exit, mine);
	}
	for (i = 0; i < ENTRIES; i++) {
		struct entry *x = &mine->e[i];

		if (x->key && strcmp(x->key, key) == 0) {
			slot = x;
			break;
		}
		if (!slot || !x->key || (slot->key && x->used < slot->used))
			slot = x;
	}
	if (slot->key)
		drop(mine, slot);
	slot->key = xstrdup(key);
	slot->hash = strmap_hash(key);
	slot->stamp = stamp;
	slot->used = ++mine->clock;
	return &slot->c;
}

void cache_trim(void)
{
	size_t i;

	if (!mine)
		return;
	mine->bytes = 0;
	for (i = 0; i < ENTRIES; i++)
		mine->bytes += size_of(&mine->e[i]);
	while (mine->bytes > budget) {
		struct entry *oldest = NULL;

		for (i = 0; i < ENTRIES; i++) {
			struct entry *x = &mine->e[i];

			if (x->key && (!oldest || x->used < oldest->used))
				oldest = x;
		}
		if (!oldest)
			break;
		drop(mine, oldest);
	}
}
