/* SPDX-License-Identifier: MIT */
/*
 * ISO 8601 calendar dates at reduced precision: "2019", "2019-04" or
 * "2019-04-23", and the interval of days each one covers.
 */
#ifndef DOSSIER_DATES_H
#define DOSSIER_DATES_H

enum date_precision { DATE_YEAR, DATE_MONTH, DATE_DAY };

struct date_range {
	enum date_precision precision;
	char first[16];		/* first day covered, YYYY-MM-DD */
	char last[16];		/* last day covered, YYYY-MM-DD */
};

/* Returns 0 and fills *out when s is a valid date, else -1. */
int date_parse(const char *s, struct date_range *out);
/* "year", "month" or "day". */
const char *date_precision_name(enum date_precision p);
/*
 * Writes the Monday on or before day "YYYY-MM-DD" (the week it is in, as
 * SQLite's date(day, '-6 days', 'weekday 1') names it) to out and
 * returns 0, or returns -1 when day is not of that form.
 */
int date_monday(const char *day, char out[11]);

/* UTC timestamps as stored: "YYYY-MM-DDTHH:MM:SS.fffZ" (24 bytes). */
#define TIMESTAMP_SIZE 32

/* Writes the current UTC time. */
void timestamp_now(char out[TIMESTAMP_SIZE]);
/*
 * Normalises "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM:SS[.f{1,3}]Z"
 * to the stored form. Returns 0, or -1 when s is neither.
 */
int timestamp_parse(const char *s, char out[TIMESTAMP_SIZE]);

#endif
