/* SPDX-License-Identifier: MIT */
/*
 * The HTTP daemon: libmicrohttpd with an internal pool of poll()
 * threads. Runs until SIGTERM or SIGINT, then stops accepting, lets
 * in-flight requests finish and returns.
 */
#ifndef DOSSIER_SERVER_H
#define DOSSIER_SERVER_H

#include "config.h"

/*
 * Serves until a termination signal. SIGTERM and SIGINT must already be
 * blocked in every thread (main does this first). Returns 0 after a clean
 * drain, -1 when the daemon could not start.
 */
int server_run(const struct config *c);

#endif
