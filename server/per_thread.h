/* SPDX-License-Identifier: MIT */
/*
 * One object per thread of a kind: made zeroed on a thread's first use
 * and freed with the thread, for what a thread keeps from one request to
 * the next (a search's matches, arrays it counts in).
 *
 *   static void thing_free(void *p);
 *   static struct per_thread things = PER_THREAD(struct thing, thing_free);
 *   struct thing *t = per_thread_get(&things);
 */
#ifndef DOSSIER_PER_THREAD_H
#define DOSSIER_PER_THREAD_H

#include <pthread.h>
#include <stddef.h>

struct per_thread {
	size_t size;
	void (*free)(void *);	/* frees the object and what it holds */
	int made;		/* whether key is made */
	pthread_key_t key;
};

#define PER_THREAD(type, free_fn) { sizeof(type), (free_fn), 0, 0 }

/* This thread's object of p's kind. */
void *per_thread_get(struct per_thread *p);

#endif
