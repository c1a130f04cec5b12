/* SPDX-License-Identifier: MIT */
/*
 * Prometheus metrics: requests by route, method and status, a latency
 * histogram and in-flight requests, counted lock-free by every worker
 * thread; database size and row counts are read when scraped.
 */
#ifndef DOSSIER_METRICS_H
#define DOSSIER_METRICS_H

#include "buf.h"

/* Records the start time; call once before serving. */
void metrics_init(void);
/*
 * Counts a finished request. route is its index in routes_table(), or -1
 * when no route took it: then path is the index of a route of its path
 * (405, OPTIONS), or -1 (404), and method its method.
 */
void metrics_observe(int route, int path, const char *method,
		     unsigned status, double seconds);
/* Counts a request starting (+1) or finishing (-1). */
void metrics_inflight(int delta);
/* Requests in flight now. */
long metrics_inflight_now(void);
/* Appends the text exposition format (version 0.0.4). 0, or -1 on a DB error. */
int metrics_render(struct buf *out);

#endif
