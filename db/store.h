/* SPDX-License-Identifier: MIT */
/*
 * Writing knowledge-base records given in the API's own JSON shapes
 * (openapi.yaml: Source, Actor, Event) into the normalised tables, through
 * this thread's connection. The caller owns the transaction. Objects are
 * borrowed. Each function returns 0, or -1 with the reason logged and *err
 * set; the caller then rolls back.
 */
#ifndef DOSSIER_STORE_H
#define DOSSIER_STORE_H

#include <jansson.h>

#include "problem.h"

int store_source(json_t *source, struct problem *err);
/* Inserts the actor row, aliases, members and citations. */
int store_actor(json_t *actor, struct problem *err);
/* Inserts affiliations; call once every actor they name exists. */
int store_actor_links(json_t *actor, struct problem *err);
/* Inserts the event row, countries, participants and citations. */
int store_event(json_t *event, struct problem *err);
/* Inserts relations; call once every event they name exists. */
int store_event_links(json_t *event, struct problem *err);

/* Rebuilds the full-text index rows of every record of every kind. */
int store_reindex_all(struct problem *err);

#endif
