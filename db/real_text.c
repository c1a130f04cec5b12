/* SPDX-License-Identifier: MIT */
/* A REAL as SQLite's text, for short decimals (see real_text.h). */
#include "real_text.h"

#include <math.h>

static const double tens[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
			       1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };

/* u (< 1e15) over 10^k as "I.F", F without trailing zeros, ".0" when 0. */
static size_t decimal(char *out, unsigned long long u, int k)
{
	char digits[24], *p = digits + sizeof(digits);
	size_t n = 0;
	int i;

	for (i = 0; i < k; i++) {
		*--p = (char)('0' + u % 10);
		u /= 10;
	}
	if (k == 0)
		*--p = '0';
	*--p = '.';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (p < digits + sizeof(digits))
		out[n++] = *p++;
	out[n] = '\0';
	return n;
}

size_t real_text(char out[REAL_TEXT_SIZE], double x)
{
	double a = fabs(x);
	int k;

	if (x == 0 && !signbit(x))
		return decimal(out, 0, 0);
	/* "%.15g" writes an exponent outside these. */
	if (!(a >= 1e-4 && a < 1e15))
		return 0;
	/*
	 * The fewest decimals whose scaled value, divided back (one
	 * correctly rounded division), is x: x is then the double nearest
	 * that decimal, so rounding x to 15 digits gives the decimal too.
	 */
	for (k = 0; k < (int)(sizeof(tens) / sizeof(tens[0])); k++) {
		double m = nearbyint(a * tens[k]);

		if (m >= 1e15)
			return 0;
		if (m / tens[k] == a) {
			size_t n = 0;

			if (x < 0)
				out[n++] = '-';
			return n + decimal(out + n, (unsigned long long)m, k);
		}
	}
	return 0;
}
