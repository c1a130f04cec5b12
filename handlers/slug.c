/* SPDX-License-Identifier: MIT */
/* Ids made from names (see slug.h). */
#include "slug.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

/* U+00C0 to U+017F (Latin-1 Supplement, Latin Extended-A) in ASCII. */
static const char *const latin[] = {
	"a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "",
	"o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "",
	"o", "u", "u", "u", "u", "y", "th", "y",
	"a", "a", "a", "a", "a", "a", "c", "c",
	"c", "c", "c", "c", "c", "c", "d", "d",
	"d", "d", "e", "e", "e", "e", "e", "e",
	"e", "e", "e", "e", "g", "g", "g", "g",
	"g", "g", "g", "g", "h", "h", "h", "h",
	"i", "i", "i", "i", "i", "i", "i", "i",
	"i", "i", "ij", "ij", "j", "j", "k", "k",
	"k", "l", "l", "l", "l", "l", "l", "l",
	"l", "l", "l", "n", "n", "n", "n", "n",
	"n", "n", "n", "n", "o", "o", "o", "o",
	"o", "o", "oe", "oe", "r", "r", "r", "r",
	"r", "r", "s", "s", "s", "s", "s", "s",
	"s", "s", "t", "t", "t", "t", "t", "t",
	"u", "u", "u", "u", "u", "u", "u", "u",
	"u", "u", "u", "u", "w", "w", "y", "y",
	"y", "z", "z", "z", "z", "z", "z", "s",
};

int slug_derive(const char *label, char *out, size_t sz)
{
	const char *p = label;
	size_t n = 0, len = strlen(label), step;
	uint32_t hash = 2166136261u;	/* FNV-1a of the name */
	int foreign = 0;

	if (sz < 12)
		return 0;
	for (; *p; p += step) {
		const char *ascii = NULL;
		char one[2] = { 0, 0 };
		uint32_t cp;

		step = utf8_sequence(p, len - (size_t)(p - label));
		if (!step) {
			step = 1;	/* not UTF-8: a break */
			cp = ' ';
		} else {
			cp = utf8_code_point(p, step);
		}
		if (utf8_is_combining(cp))
			continue;	/* an accent written apart: dropped */
		if (cp < 0x80 && isalnum((int)cp)) {
			one[0] = (char)tolower((int)cp);
			ascii = one;
		} else if (cp >= 0xC0 && cp < 0x180) {
			ascii = latin[cp - 0xC0];
		} else if (cp >= 0x218 && cp <= 0x21B) {
			ascii = cp < 0x21A ? "s" : "t";	/* Romanian ș, ț */
		} else if (cp >= 0x80 && !utf8_is_mark(cp)) {
			foreign = 1;
		}
		if (ascii && *ascii) {
			size_t a = strlen(ascii);

			if (n + a + 10 >= sz || n >= 80)
				break;
			memcpy(out + n, ascii, a);
			n += a;
		} else if (n && out[n - 1] != '-') {
			out[n++] = '-';
		}
	}
	while (n && out[n - 1] == '-')
		n--;
	if (foreign) {
		for (p = label; *p; p++)
			hash = (hash ^ (unsigned char)*p) * 16777619u;
		n += (size_t)snprintf(out + n, sz - n, "%s%08x", n ? "-" : "",
				      hash);
	}
	out[n] = '\0';
	return n > 0;
}
