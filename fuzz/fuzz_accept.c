/* SPDX-License-Identifier: MIT */
/*
 * Accept headers: content negotiation over the media types the server
 * offers returns one of them or -1, whatever the header holds (odd
 * q-values, empty elements, parameters without values).
 */
#include <stdlib.h>

#include "fuzz.h"
#include "request.h"

static const char *const offers[] = {
	"application/json", "text/csv", "application/x-ndjson",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	size_t n;

	for (n = 1; n <= 3; n++) {
		int i = req_negotiate_accept(s, offers, n);

		if (i < -1 || i >= (int)n)
			abort();
	}
	free(s);
	return 0;
}
