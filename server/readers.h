/* SPDX-License-Identifier: MIT */
/*
 * The threads that answer reads. libmicrohttpd gives each connection to
 * one of its threads for good (by its socket number), so a read answered
 * there waits for every slow one before it on that thread while another
 * core may idle. Instead, a read's connection is suspended and the read
 * queued here; the first free reader answers it (with its own database
 * connection and response cache) and resumes the connection, whose
 * thread then only sends the answer.
 */
#ifndef DOSSIER_READERS_H
#define DOSSIER_READERS_H

#include "request.h"

/*
 * Starts n readers, each running answer(req) for the reads queued.
 * Returns 0, or -1 when a thread cannot be started (none is left).
 */
int readers_start(unsigned n, void (*answer)(struct request *req));

/* Queues req for the next free reader. */
void readers_submit(struct request *req);

/* Answers what is queued, then stops the readers. */
void readers_stop(void);

#endif
