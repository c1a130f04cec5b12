/* SPDX-License-Identifier: MIT */
/*
 * Cursors: any text given as cursor= must decode or be refused, never
 * crash; and a cursor encoded from a value the input picks must decode
 * back to the same position. The key is fixed (all zero, no database).
 */
#include <stdlib.h>
#include <string.h>

#include "cursor.h"
#include "fuzz.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct problem err = { 0 };
	struct value v, back;
	sqlite3_int64 pk = 0, pk2 = 0;
	struct buf b = BUF_INIT;

	memset(&v, 0, sizeof(v));
	cursor_decode(s, "events", "-date", &v, &pk, &err);
	problem_clear(&err);
	cursor_decode(s, "actors", "name", &v, &pk, &err);
	problem_clear(&err);

	/* Round trip: the input as a text sort value, or an integer. */
	memset(&v, 0, sizeof(v));
	memset(&back, 0, sizeof(back));
	if (size >= 8 && data[0] & 1) {
		v.is_int = 1;
		memcpy(&v.i, data, sizeof(v.i));
	} else {
		snprintf(v.text, sizeof(v.text), "%s", s);
	}
	pk = (sqlite3_int64)size * 7919;
	cursor_encode(&b, "events", "-date", &v, pk);
	/*
	 * Sort values come from the database as UTF-8 (query.c), and
	 * written ones are at most 500 characters: up to 3,000 bytes of
	 * JSON escapes, which a cursor of 8 KB holds.
	 */
	if (!v.is_int && (!utf8_valid(v.text, strlen(v.text)) ||
			  strlen(v.text) > 500)) {
		buf_free(&b);
		free(s);
		return 0;
	}
	if (cursor_decode(buf_str(&b), "events", "-date", &back, &pk2,
			  &err) != 0 || pk2 != pk || back.is_int != v.is_int ||
	    (v.is_int ? back.i != v.i : strcmp(back.text, v.text) != 0))
		abort();
	/* The same cursor belongs to one list and one sort only. */
	if (cursor_decode(buf_str(&b), "events", "date", &back, &pk2,
			  &err) == 0)
		abort();
	problem_clear(&err);
	buf_free(&b);
	free(s);
	return 0;
}
