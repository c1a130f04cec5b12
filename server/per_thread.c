/* SPDX-License-Identifier: MIT */
/* One object per thread of a kind (see per_thread.h). */
#include "per_thread.h"

#include <stdio.h>
#include <stdlib.h>

#include "xalloc.h"

static pthread_mutex_t making = PTHREAD_MUTEX_INITIALIZER;

void *per_thread_get(struct per_thread *p)
{
	void *o;

	if (!__atomic_load_n(&p->made, __ATOMIC_ACQUIRE)) {
		pthread_mutex_lock(&making);
		if (!p->made) {
			/* Out of keys: a fault of the build, as out of
			 * memory is (xalloc.h). */
			if (pthread_key_create(&p->key, p->free) != 0) {
				fputs("dossier: no thread-specific key left\n",
				      stderr);
				abort();
			}
			__atomic_store_n(&p->made, 1, __ATOMIC_RELEASE);
		}
		pthread_mutex_unlock(&making);
	}
	o = pthread_getspecific(p->key);
	if (!o) {
		o = xcalloc(1, p->size);
		pthread_setspecific(p->key, o);
	}
	return o;
}
