/* SPDX-License-Identifier: MIT */
/*
 * utf8_valid, against Jansson's own UTF-8 check as the reference: both
 * refuse overlong forms, surrogates and code points past U+10FFFF;
 * utf8_valid also refuses NUL.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	json_t *j = json_stringn(s, size);
	int ours = utf8_valid(s, size);
	int theirs = j != NULL && memchr(s, 0, size) == NULL;

	json_decref(j);
	if (ours != theirs)
		abort();
	return 0;
}
