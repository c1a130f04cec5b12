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
#include "problem.h"

enum suggest_kind { SUGGEST_COUNTRIES, SUGGEST_ACTORS, SUGGEST_EVENT_TYPES,
		    SUGGEST_EVENTS, SUGGEST_KINDS };

/* The path segment of each kind: "countries", "actors", "event-types",
 * "events". */
extern const char *const suggest_kind_names[SUGGEST_KINDS];

/*
 * Appends up to limit suggestions as JSON objects separated by commas to
 * out, for match (an FTS5 query of prefixes, from search_syntax.h) over
 * the kinds whose bit (1 << kind) is set in kinds. Each record appears
 * once, by its best-ranked matching name. Returns the number written, or
 * -1 with *err set.
 */
int suggest_find(const char *match, unsigned kinds, unsigned limit,
		 struct buf *out, struct problem *err);

#endif
