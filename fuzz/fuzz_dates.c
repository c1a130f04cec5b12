/* SPDX-License-Identifier: MIT */
/*
 * Dates and timestamps from query strings and bodies: a date that parses
 * has a range inside itself and its precision; a timestamp that parses is
 * normalised to a fixed-width form that parses to itself.
 */
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct date_range r;
	char ts[TIMESTAMP_SIZE], again[TIMESTAMP_SIZE];

	memset(&r, 0, sizeof(r));
	if (date_parse(s, &r) == 0) {
		if (strcmp(r.first, r.last) > 0 ||
		    !date_precision_name(r.precision))
			abort();
	}
	if (timestamp_parse(s, ts) == 0) {
		if (strlen(ts) >= TIMESTAMP_SIZE ||
		    timestamp_parse(ts, again) != 0 || strcmp(ts, again) != 0)
			abort();
	}
	free(s);
	return 0;
}
