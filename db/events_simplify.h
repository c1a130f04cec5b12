/* SPDX-License-Identifier: MIT */
/*
 * What one filter of events implies of another (resource.h, simplify):
 * an event's quad class is its CAMEO code's, so a code prefix decides a
 * quad class= given with it.
 */
#ifndef DOSSIER_EVENTS_SIMPLIFY_H
#define DOSSIER_EVENTS_SIMPLIFY_H

struct query;
struct problem;

int events_simplify(struct query *q, struct problem *err);

#endif
