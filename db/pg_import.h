/* SPDX-License-Identifier: MIT */
/*
 * A batch of `dossier import gdelt` onto PostgreSQL: its rows staged as
 * COPY text, then copied into temporary tables and written into the store
 * by a few set-based statements, one round trip for all. Row by row, each
 * of a row's dozen statements was a round trip of its own (351 rows/s
 * with the triggers off; bench/README.md).
 *
 * What the statements write is what SQLite's import writes row by row
 * (import_gdelt.c): an event only when its id is new; an actor or a
 * source on first sight, from the first new event's row that names it;
 * keys in the order of the rows.
 */
#ifndef DOSSIER_PG_IMPORT_H
#define DOSSIER_PG_IMPORT_H

#include <libpq-fe.h>
#include <stddef.h>

/* An event's columns, in this order (NULL for none). */
enum stage_event {
	SE_ID, SE_TITLE, SE_DATE, SE_TYPE, SE_QUAD, SE_COUNTRY, SE_GOLDSTEIN,
	SE_MENTIONS, SE_SOURCES, SE_ARTICLES, SE_TONE, SE_PLACE, SE_LAT,
	SE_LON, SE_PLACE_TYPE, SE_ADM1, SE_FEATURE, SE__COUNT
};

/* A participant's: its place, role and actor, as a new actor's row. */
enum stage_participant {
	SP_POSITION, SP_ROLE, SP_ID, SP_NAME, SP_KIND, SP_COUNTRY, SP_CODE,
	SP_CAMEO_COUNTRY, SP_TYPES, SP_GROUP, SP_ETHNIC, SP_RELIGIONS,
	SP__COUNT
};

/* An article's source, as a new source's row. */
enum stage_article {
	SA_ID, SA_TITLE, SA_PUBLISHER, SA_PUBLISHED, SA_URL, SA__COUNT
};

struct pg_stage;

struct pg_stage *pg_stage_new(void);
void pg_stage_free(struct pg_stage *s);

/* Stages the next event (v: SE__COUNT columns). */
void pg_stage_event(struct pg_stage *s, const char *const *v);

/* Stages a participant, a country and the article of the last event. */
void pg_stage_participant(struct pg_stage *s, const char *const *v);
void pg_stage_country(struct pg_stage *s, const char *code);
void pg_stage_article(struct pg_stage *s, const char *const *v);

/* Events staged since the last write. */
size_t pg_stage_events(const struct pg_stage *s);

/*
 * Writes what s holds into the store through pg, in the open transaction,
 * and empties s: events, participants, countries, citations (each event
 * cites dataset_pk, and its article's source), new actors (citing
 * dataset_pk) and sources; `now` their time of writing. *written: the
 * events written. Returns 0, or -1 after logging why.
 */
int pg_stage_write(struct pg_stage *s, PGconn *pg, const char *now,
		   long long dataset_pk, size_t *written);

#endif
