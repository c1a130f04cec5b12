/* SPDX-License-Identifier: MIT */
/*
 * Writing knowledge-base records given in the API's own JSON shapes
 * (openapi.yaml: ActorInput, EventInput, SourceInput, already validated)
 * into the normalised tables, through this thread's connection. The caller
 * owns the transaction and rolls back on failure. Objects are borrowed.
 * Functions return 0, or -1 with the reason logged and *err set.
 */
#ifndef DOSSIER_STORE_H
#define DOSSIER_STORE_H

#include <jansson.h>
#include "dbs.h"

#include "buf.h"
#include "problem.h"

enum store_kind { STORE_ACTOR, STORE_EVENT, STORE_SOURCE };

/*
 * Inserts the record when pk is 0, else replaces record pk (children
 * included). *out_pk (may be NULL) receives the record's pk.
 */
int store_source(json_t *source, sqlite3_int64 pk, sqlite3_int64 *out_pk,
		 struct problem *err);
/* The actor row, aliases, members and citations. */
int store_actor(json_t *actor, sqlite3_int64 pk, sqlite3_int64 *out_pk,
		struct problem *err);
/* Replaces the actor's affiliations; every actor they name must exist. */
int store_actor_links(json_t *actor, struct problem *err);
/* The event row, countries, participants and citations. */
int store_event(json_t *event, sqlite3_int64 pk, sqlite3_int64 *out_pk,
		struct problem *err);
/*
 * Replaces every relation the event takes part in (either side) with its
 * `related` list; inverse names (caused_by, ...) store the link from the
 * other event. Every event they name must exist.
 */
int store_event_links(json_t *event, struct problem *err);

/*
 * Adds to out, for each list of records that still reference record pk
 * and would block deleting it, {"total": n, "first": [up to 10 ids]}
 * under the list's name ("events", "actors"). Returns how many records
 * in all, or -1 with *err set.
 */
sqlite3_int64 store_references(enum store_kind kind, sqlite3_int64 pk,
			       json_t *out, struct problem *err);
/* Deletes record pk (its children cascade) and records a tombstone. */
int store_delete(enum store_kind kind, sqlite3_int64 pk, const char *id,
		 struct problem *err);
/* Records a tombstone deleted at `at` (a restore keeps the time). */
int store_tombstone(enum store_kind kind, const char *id, const char *at,
		    struct problem *err);
/* Drops the tombstone of a kind/id that exists again. */
int store_forget_deletion(enum store_kind kind, const char *id,
			  struct problem *err);
/* Marks the events linked to event pk as changed now. */
int store_touch_related(sqlite3_int64 pk, struct problem *err);

/* Rebuilds the full-text index row of one record. */
int store_reindex(enum store_kind kind, sqlite3_int64 pk,
		  struct problem *err);
/* Rebuilds the full-text index rows of every record of every kind. */
int store_reindex_all(struct problem *err);

#endif
