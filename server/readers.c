/* SPDX-License-Identifier: MIT */
/* The threads that answer reads (see readers.h). */
#include "readers.h"

#include <pthread.h>
#include <stdlib.h>

#include "xalloc.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static struct request *head, *tail;	/* FIFO: the oldest read first */
static int stopping;
static pthread_t *threads;
static unsigned nthreads;
static void (*answer_fn)(struct request *req);

static void *reader(void *arg)
{
	(void)arg;
	for (;;) {
		struct request *req;

		pthread_mutex_lock(&lock);
		while (!head && !stopping)
			pthread_cond_wait(&ready, &lock);
		req = head;
		if (req) {
			head = req->next_read;
			if (!head)
				tail = NULL;
		}
		pthread_mutex_unlock(&lock);
		if (!req)
			return NULL;	/* stopping, and nothing queued */
		answer_fn(req);
	}
}

int readers_start(unsigned n, void (*answer)(struct request *req))
{
	unsigned i;

	answer_fn = answer;
	stopping = 0;
	threads = xcalloc(n, sizeof(*threads));
	for (i = 0; i < n; i++) {
		if (pthread_create(&threads[i], NULL, reader, NULL) != 0) {
			nthreads = i;
			readers_stop();
			return -1;
		}
	}
	nthreads = n;
	return 0;
}

void readers_submit(struct request *req)
{
	int stopped;

	req->next_read = NULL;
	pthread_mutex_lock(&lock);
	stopped = stopping;
	if (!stopped) {
		if (tail)
			tail->next_read = req;
		else
			head = req;
		tail = req;
		pthread_cond_signal(&ready);
	}
	pthread_mutex_unlock(&lock);
	/*
	 * A read that comes after the readers stopped (on a connection
	 * accepted before the server stopped accepting) is answered here:
	 * no reader would take it, and libmicrohttpd aborts if it stops
	 * with a connection suspended.
	 */
	if (stopped)
		answer_fn(req);
}

void readers_stop(void)
{
	unsigned i;

	pthread_mutex_lock(&lock);
	stopping = 1;
	pthread_cond_broadcast(&ready);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	threads = NULL;
	nthreads = 0;
}
