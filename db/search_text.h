/* SPDX-License-Identifier: MIT */
/*
 * What the full-text indexes hold for a record, as SQL over its rows: one
 * definition for every writer (store.c, the GDELT import) and the same
 * as migration 7 built them with. An actor's aliases include its CAMEO
 * code; an event's participants are its actors' names and aliases.
 */
#ifndef DOSSIER_SEARCH_TEXT_H
#define DOSSIER_SEARCH_TEXT_H

/* An actor's aliases as words, from an actors row aliased `a`. */
#define SEARCH_ACTOR_ALIASES \
	"(SELECT group_concat(value, ' ') FROM (SELECT value" \
	" FROM json_each(a.aliases) UNION ALL SELECT a.cameo_code) x)"

/* The names and aliases of the participants of the event with pk `pk`. */
#define SEARCH_EVENT_PARTICIPANTS(pk) \
	"(SELECT group_concat(t, ' ') FROM (SELECT a.name || ifnull(' ' || " \
	SEARCH_ACTOR_ALIASES ", '') AS t FROM participants p JOIN actors a" \
	" ON a.pk = p.actor WHERE p.event = " pk " ORDER BY p.position) x)"

/* All of an event's quotes, from its pk, in their order. */
#define SEARCH_EVENT_QUOTES(pk) \
	"(SELECT group_concat(quote, ' ') FROM (SELECT quote" \
	" FROM event_citations WHERE event = " pk " ORDER BY position) x)"

#define SEARCH_EVENTS_INSERT "INSERT INTO events_fts(rowid, title," \
	" summary, quotes, participants) "

/* What an actor's and a source's indexes hold, for the rows selected. */
#define SEARCH_ACTOR_TEXT "SELECT a.pk, a.name, " SEARCH_ACTOR_ALIASES "," \
	" a.title, a.description, (SELECT group_concat(quote, ' ') FROM" \
	" (SELECT quote FROM actor_citations WHERE actor = a.pk" \
	" ORDER BY position) x) FROM actors a"
#define SEARCH_SOURCE_TEXT "SELECT pk, title, publisher, author FROM sources"

#define SEARCH_ACTORS_INSERT "INSERT INTO actors_fts(rowid, name, aliases," \
	" title, description, quotes) "
#define SEARCH_SOURCES_INSERT "INSERT INTO sources_fts(rowid, title," \
	" publisher, author) "

#endif
