/* SPDX-License-Identifier: MIT */
/* Resolving client-supplied references (country codes, slugs) to keys. */
#ifndef DOSSIER_LOOKUP_H
#define DOSSIER_LOOKUP_H

#include <stddef.h>

#include "dbs.h"

#include "problem.h"

enum lookup_table { LOOKUP_ACTORS, LOOKUP_EVENTS, LOOKUP_SOURCES };

/*
 * Resolves an ISO alpha-2 or alpha-3 code in any case to the alpha-2 code
 * in alpha2. Returns 1 when found, 0 when not, -1 with *err set.
 */
int lookup_country(const char *code, char alpha2[3], struct problem *err);

/*
 * Whether a row holds value: sql selects a row for it (one bind), whose
 * first column goes into out (when not NULL) as text. Returns 1, 0 or -1
 * as lookup_country().
 */
int lookup_known(const char *sql, const char *value, char *out, size_t sz,
		 struct problem *err);

/*
 * The first column of sql's first row (no binds) as text into out, ''
 * when there is none. Returns 0, or -1 with *err set.
 */
int lookup_text(const char *sql, char *out, size_t sz, struct problem *err);

/* Returns 1 when the CAMEO code exists, 0 when not, -1 with *err set. */
int lookup_event_type(const char *code, struct problem *err);

/* Resolves a slug to its pk. Returns 1, 0 or -1 as lookup_country(). */
int lookup_pk(enum lookup_table t, const char *id, sqlite3_int64 *pk,
	      struct problem *err);

/*
 * Resolves the actor id a path names to its pk. Returns 0, or -1 with
 * *err set: 404 when there is no such actor.
 */
int lookup_path_actor(const char *id, sqlite3_int64 *pk,
		      struct problem *err);

#endif
