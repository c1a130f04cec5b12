/* SPDX-License-Identifier: MIT */
/* Strict UTF-8 validation (see utf8.h). */
#include "utf8.h"

size_t utf8_sequence(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c;
	unsigned cp, need, k;

	if (n == 0 || (c = s[0]) == 0)
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

uint32_t utf8_code_point(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t cp = len == 1 ? s[0] : len == 2 ? s[0] & 0x1F :
		len == 3 ? s[0] & 0x0F : s[0] & 0x07;
	size_t k;

	for (k = 1; k < len; k++)
		cp = (cp << 6) | (s[k] & 0x3F);
	return cp;
}

int utf8_is_combining(uint32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036F) ||
	       (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	       (cp >= 0x1DC0 && cp <= 0x1DFF) ||
	       (cp >= 0x20D0 && cp <= 0x20FF) ||
	       (cp >= 0xFE20 && cp <= 0xFE2F);
}

int utf8_is_mark(uint32_t cp)
{
	if (cp < 0x80)
		return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
			 (cp >= 'A' && cp <= 'Z'));
	return cp < 0xC0 || cp == 0xD7 || cp == 0xF7 ||
	       (cp >= 0x2000 && cp <= 0x20CF) ||	/* punctuation, currency */
	       (cp >= 0x2190 && cp <= 0x2BFF) ||	/* arrows ... symbols */
	       (cp >= 0x2E00 && cp <= 0x2E7F) ||
	       (cp >= 0x3000 && cp <= 0x303F) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) ||
	       (cp >= 0xFF00 && cp <= 0xFF0F) ||
	       (cp >= 0x1F000 && cp <= 0x1FAFF);	/* emoji */
}
