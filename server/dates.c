/* SPDX-License-Identifier: MIT */
/* Reduced-precision ISO 8601 dates (see dates.h). */
#include "dates.h"

#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

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

/* Days from 1970-01-01 to y-m-d of the proleptic Gregorian calendar (a
 * day past its month's end runs on into the next, as SQLite's do). */
static long days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* n's last `width` decimal digits into out, zeros first. */
static void put_digits(char *out, long n, int width)
{
	while (width-- > 0) {
		out[width] = (char)('0' + n % 10);
		n /= 10;
	}
}

int date_monday(const char *day, char out[11])
{
	int y, m, d;
	long z, wy, wm, wd;

	if (strlen(day) != 10 || day[4] != '-' || day[7] != '-' ||
	    digits(day, 4, &y) || digits(day + 5, 2, &m) ||
	    digits(day + 8, 2, &d) || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	z = days_from_civil(y, m, d);
	/* 1970-01-01 was a Thursday: 3 days after a Monday. */
	z -= ((z % 7) + 7 + 3) % 7;
	civil_from_days(z, &wy, &wm, &wd);
	/* Written digit by digit: a week's rows are summed by the thousand,
	 * and snprintf was a tenth of a weekly series' time. */
	if (wy < 0 || wy > 9999)
		return -1;
	put_digits(out, wy, 4);
	out[4] = '-';
	put_digits(out + 5, wm, 2);
	out[7] = '-';
	put_digits(out + 8, wd, 2);
	out[10] = '\0';
	return 0;
}

void timestamp_now(char out[TIMESTAMP_SIZE])
{
	struct timeval tv;
	struct tm tm;
	char base[24];

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, TIMESTAMP_SIZE, "%s.%03dZ", base,
		 (int)(tv.tv_usec / 1000) % 1000);
}

int timestamp_parse(const char *s, char out[TIMESTAMP_SIZE])
{
	struct date_range day;
	char date[11], frac[4] = "000";
	int h, mi, sec;
	size_t n = strlen(s), i;

	if (n == 10) {
		if (date_parse(s, &day) != 0 || day.precision != DATE_DAY)
			return -1;
		snprintf(out, TIMESTAMP_SIZE, "%sT00:00:00.000Z", day.first);
		return 0;
	}
	if (n < 20 || n > 24 || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[n - 1] != 'Z')
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (date_parse(date, &day) != 0 || day.precision != DATE_DAY ||
	    digits(s + 11, 2, &h) != 0 || digits(s + 14, 2, &mi) != 0 ||
	    digits(s + 17, 2, &sec) != 0 || h > 23 || mi > 59 || sec > 59)
		return -1;
	if (n > 20) {
		if (s[19] != '.' || n == 21)
			return -1;
		for (i = 20; i < n - 1; i++) {
			if (s[i] < '0' || s[i] > '9')
				return -1;
			frac[i - 20] = s[i];
		}
	}
	snprintf(out, TIMESTAMP_SIZE, "%.19s.%.3sZ", s, frac);
	return 0;
}
