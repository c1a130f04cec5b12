/* SPDX-License-Identifier: MIT */
/*
 * buf_json_string, against Jansson's reading of what it writes: one JSON
 * string for any bytes (a byte that is not UTF-8 written as U+FFFD), and
 * the bytes themselves back when they are UTF-8 (NUL and control
 * characters escaped).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct buf out = BUF_INIT;
	json_t *as_is = json_stringn(s, size), *read;

	buf_json_string(&out, s, size);
	read = json_loadb(out.ptr, out.len, JSON_DECODE_ANY | JSON_ALLOW_NUL,
			  NULL);
	if (!json_is_string(read))
		abort();
	/* Jansson takes the bytes as they are only when they are UTF-8. */
	if (as_is && (json_string_length(read) != size ||
		      memcmp(json_string_value(read), s, size) != 0))
		abort();
	json_decref(as_is);
	json_decref(read);
	buf_free(&out);
	return 0;
}
