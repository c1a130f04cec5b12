/* SPDX-License-Identifier: MIT */
/* Strict UTF-8 validation (see utf8.h). */
#include "utf8.h"

size_t utf8_sequence(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[0];
	unsigned cp, need, k;

	if (n == 0 || c == 0)
		return 0;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n <= need)
		return 0;	/* truncated sequence */
	for (k = 1; k <= need; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3F);
	}
	if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return need + 1;
}

int utf8_valid(const char *s, size_t n)
{
	size_t i = 0, len;

	while (i < n) {
		if (!(len = utf8_sequence(s + i, n - i)))
			return 0;
		i += len;
	}
	return 1;
}
