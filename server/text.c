/* SPDX-License-Identifier: MIT */
#include "text.h"

size_t text_tidy(const char *s, size_t len, char *out)
{
	size_t i, n = 0;
	int space = 0;

	/* n never passes i: writing over s as it is read is safe. */
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f) {
			space = n > 0;
			continue;
		}
		if (space)
			out[n++] = ' ';
		space = 0;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n;
}
