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

#endif
