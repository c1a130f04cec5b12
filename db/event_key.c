/* SPDX-License-Identifier: MIT */
/* The event key in C (see event_key.h). */
#include "event_key.h"

#include <stdlib.h>

/*
 * Days from 1970-01-01 to the proleptic Gregorian date y-m-d (the
 * well-known civil calendar algorithm, valid for any year >= 0).
 */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

sqlite3_int64 event_key(const char *date_start, sqlite3_int64 pk)
{
	long days = 0;

	/* julianday(date) - 1721058.5: 0000-01-01 is day 1, 1970-01-01 is
	 * day 719529; an undated event is day 0. */
	if (date_start && date_start[0])
		days = days_from_civil(strtol(date_start, NULL, 10),
				       (unsigned)strtol(date_start + 5, NULL,
							10),
				       (unsigned)strtol(date_start + 8, NULL,
							10)) + 719529;
	return ((sqlite3_int64)days << 40) | pk;
}
