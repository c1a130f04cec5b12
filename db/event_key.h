/* SPDX-License-Identifier: MIT */
/*
 * The event key: one integer that sorts as (date_start, pk) do, the day
 * number of date_start (0 when undated) above 40 bits of pk. The events'
 * full-text rows carry it as their rowid, so a search sorted by date reads
 * FTS5's index newest first and stops at the page limit instead of
 * sorting every match. Event pks stay below 2^40.
 */
#ifndef DOSSIER_EVENT_KEY_H
#define DOSSIER_EVENT_KEY_H

/* SQL for the key of an event from SQL expressions of its date and pk. */
#define EVENT_KEY(date, pk) \
	"((CAST(ifnull(julianday(" date ") - 1721058.5, 0) AS INTEGER)" \
	" << 40) | (" pk "))"

/* SQL for the pk inside a key. */
#define EVENT_KEY_PK(key) "((" key ") & 1099511627775)"

/* SQL for the date_start ('' undated) of a key's day, (key) >> 40. */
#define EVENT_DAY_DATE(day) \
	"CASE " day " WHEN 0 THEN '' ELSE date(" day " + 1721058.5) END"

#include "dbs.h"

/*
 * The same key computed here from date_start ("YYYY-MM-DD", or "" when
 * undated) and pk, as EVENT_KEY computes it in SQL.
 */
sqlite3_int64 event_key(const char *date_start, sqlite3_int64 pk);

/* A key's day (EVENT_DAY_DATE) and pk. */
static inline sqlite3_int64 event_key_day(sqlite3_int64 key)
{
	return key >> 40;
}

static inline sqlite3_int64 event_key_pk(sqlite3_int64 key)
{
	return key & (((sqlite3_int64)1 << 40) - 1);
}

#endif
