/* SPDX-License-Identifier: MIT */
/*
 * The threads that answer requests. libmicrohttpd gives each connection
 * to one of its threads for good (by its socket number), so a request
 * answered there holds up every connection of that thread: a read waits
 * for every slow one before it while another core may idle, and a write
 * that takes seconds (a full-text index merging its segments, say)
 * stalls the reads of half the connections. Instead, the connection is
 * suspended and the request queued on a pool: reads on the readers (as
 * many as the cores), writes on one writer (SQLite takes one write at a
 * time anyway). The first free thread of the pool answers it (with its
 * own database connection and response cache) and resumes the
 * connection, whose thread then only sends the answer.
 */
#ifndef DOSSIER_WORKERS_H
#define DOSSIER_WORKERS_H

#include "request.h"

struct workers;

/*
 * Starts n threads, each running answer(req) for the requests queued.
 * Returns the pool, or NULL when a thread cannot be started (none is
 * left).
 */
struct workers *workers_start(unsigned n, void (*answer)(struct request *));

/* Queues req for the pool's next free thread. */
void workers_submit(struct workers *w, struct request *req);

/*
 * Answers what is queued, then stops the threads (NULL: no pool). A
 * request submitted after is answered on the submitting thread, so w
 * stays until workers_free().
 */
void workers_stop(struct workers *w);

/*
 * Frees a stopped pool (NULL: none) once nothing can submit to it: after
 * the daemon whose threads submit has stopped.
 */
void workers_free(struct workers *w);

#endif
