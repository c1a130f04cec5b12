/* SPDX-License-Identifier: MIT */
/* Reduced-precision ISO 8601 dates (see dates.h). */
#include "dates.h"

#include <stdio.h>
#include <string.h>

static int digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

int date_parse(const char *s, struct date_range *out)
{
	size_t len = strlen(s);
	int y, m = 0, d = 0;

	if (len != 4 && len != 7 && len != 10)
		return -1;
	if (digits(s, 4, &y) != 0 || y < 1)
		return -1;
	if (len >= 7 && (s[4] != '-' || digits(s + 5, 2, &m) != 0 ||
			 m < 1 || m > 12))
		return -1;
	if (len == 10 && (s[7] != '-' || digits(s + 8, 2, &d) != 0 ||
			  d < 1 || d > days_in_month(y, m)))
		return -1;
	out->precision = len == 4 ? DATE_YEAR : len == 7 ? DATE_MONTH :
		DATE_DAY;
	/* The casts tell the compiler the fields are small. */
	snprintf(out->first, sizeof(out->first), "%04u-%02u-%02u",
		 (unsigned short)y, (unsigned char)(m ? m : 1),
		 (unsigned char)(d ? d : 1));
	snprintf(out->last, sizeof(out->last), "%04u-%02u-%02u",
		 (unsigned short)y, (unsigned char)(m ? m : 12),
		 (unsigned char)(d ? d : days_in_month(y, m ? m : 12)));
	return 0;
}

const char *date_precision_name(enum date_precision p)
{
	return p == DATE_YEAR ? "year" : p == DATE_MONTH ? "month" : "day";
}
