/* SPDX-License-Identifier: MIT */
/* The threads that answer requests (see workers.h). */
#include "workers.h"

#include <pthread.h>
#include <stdlib.h>

#include "xalloc.h"

struct workers {
	pthread_mutex_t lock;
	pthread_cond_t ready;
	struct request *head, *tail;	/* FIFO: the oldest first */
	int stopping;
	pthread_t *threads;
	unsigned nthreads;
	void (*answer)(struct request *req);
};

static void *worker(void *arg)
{
	struct workers *w = arg;

	for (;;) {
		struct request *req;

		pthread_mutex_lock(&w->lock);
		while (!w->head && !w->stopping)
			pthread_cond_wait(&w->ready, &w->lock);
		req = w->head;
		if (req) {
			w->head = req->next_queued;
			if (!w->head)
				w->tail = NULL;
		}
		pthread_mutex_unlock(&w->lock);
		if (!req)
			return NULL;	/* stopping, and nothing queued */
		w->answer(req);
	}
}

struct workers *workers_start(unsigned n, void (*answer)(struct request *))
{
	struct workers *w = xcalloc(1, sizeof(*w));
	unsigned i;

	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->ready, NULL);
	w->answer = answer;
	w->threads = xcalloc(n, sizeof(*w->threads));
	for (i = 0; i < n; i++) {
		if (pthread_create(&w->threads[i], NULL, worker, w) != 0) {
			w->nthreads = i;
			workers_stop(w);
			workers_free(w);
			return NULL;
		}
	}
	w->nthreads = n;
	return w;
}

void workers_submit(struct workers *w, struct request *req)
{
	int stopped;

	req->next_queued = NULL;
	pthread_mutex_lock(&w->lock);
	stopped = w->stopping;
	if (!stopped) {
		if (w->tail)
			w->tail->next_queued = req;
		else
			w->head = req;
		w->tail = req;
		pthread_cond_signal(&w->ready);
	}
	pthread_mutex_unlock(&w->lock);
	/*
	 * A request that comes after the pool stopped (on a connection
	 * accepted before the server stopped accepting) is answered here:
	 * no thread would take it, and libmicrohttpd aborts if it stops
	 * with a connection suspended.
	 */
	if (stopped)
		w->answer(req);
}

void workers_stop(struct workers *w)
{
	unsigned i;

	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = 1;
	pthread_cond_broadcast(&w->ready);
	pthread_mutex_unlock(&w->lock);
	for (i = 0; i < w->nthreads; i++)
		pthread_join(w->threads[i], NULL);
	w->nthreads = 0;
}

void workers_free(struct workers *w)
{
	if (!w)
		return;
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->ready);
	free(w->threads);
	free(w);
}
