/* SPDX-License-Identifier: MIT */
/*
 * Type-ahead: the countries, actors and event types with a name, alias or
 * code whose words start as typed, and the events with such a title;
 * those in most events first (counted in powers of two: see migration 8;
 * events by their mentions, migration 20), then countries, actors, event
 * types, events.
 */
#ifndef DOSSIER_SUGGEST_H
#define DOSSIER_SUGGEST_H

#include "buf.h"
#include "dbs.h"
#include "problem.h"

enum suggest_kind { SUGGEST_COUNTRIES, SUGGEST_ACTORS, SUGGEST_EVENT_TYPES,
		    SUGGEST_EVENTS, SUGGEST_KINDS };

/* The path segment of each kind: "countries", "actors", "event-types",
 * "events". */
extern const char *const suggest_kind_names[SUGGEST_KINDS];

/*
 * The longest prefix the store's index of names keeps (migration 8: 1
 * to 8 letters), which a longer typed word is best asked for by; 0 when
 * any prefix is asked for as it is (PostgreSQL).
 */
size_t suggest_prefix_cut(void);

/*
 * Appends up to limit suggestions as JSON objects separated by commas to
 * out, for match (an FTS5 query of prefixes, from search_syntax.h) over
 * the kinds whose bit (1 << kind) is set in kinds; whole: the words the
 * query cut to suggest_prefix_cut() letters, lowercase and separated by
 * spaces, each of which must start a word of the name (NULL or "" for
 * none). Each record appears once, by its best-ranked matching name.
 * Returns the number written, or -1 with *err set.
 */
int suggest_find(const char *match, const char *whole, unsigned kinds,
		 unsigned limit, struct buf *out, struct problem *err);

/* Registers the FTS5 function the cut words are told by. 0 or -1. */
int suggest_register(fts5_api *api);

#endif
