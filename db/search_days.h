/* SPDX-License-Identifier: MIT */
/*
 * A search's matches counted by day from the full-text index alone. Its
 * rowids are event keys (event_key.h): the day of each match's date_start
 * and its pk, in order. An event whose dates end in another day (dated to
 * a month or a year, or a range) is counted in the day cell migration 15
 * gives it, read from the few such events (migration 31's index), so the
 * counts equal those of the events' own rows.
 */
#ifndef DOSSIER_SEARCH_DAYS_H
#define DOSSIER_SEARCH_DAYS_H

#include "event_key.h"
#include "problem.h"
#include "query.h"

/*
 * The day cells filled by search_days_fill, shaped as stats_day_totals
 * (migration 15) with counts alone: a FROM item.
 */
#define SEARCH_DAYS "(SELECT ifnull(d, " EVENT_DAY_DATE("dn") ") AS d," \
	" n, 0 AS gs, 0 AS gn, 0 AS ts, 0 AS tn, 0 AS ms, 0 AS mn" \
	" FROM temp.search_days)"

/*
 * Counts the matches of the search condition by day into this
 * connection's temp.search_days, reading only the keys of the days q's
 * dates select. Returns 1 when done, 0 when there are
 * too many events dated over more than a day to read them here (the
 * caller reads the events instead), -1 with *err set.
 */
int search_days_fill(const struct query *q, const struct condition *search,
		     struct problem *err);

/*
 * The range of keys the dates of q select: an event from `from` on starts
 * on or after it, one up to `to` starts on or before it (events_db.c), so
 * every match they keep has a key in [*low, *high] (0 and INT64_MAX when
 * q has no dates).
 */
void search_days_key_range(const struct query *q, sqlite3_int64 *low,
			   sqlite3_int64 *high);

#endif
