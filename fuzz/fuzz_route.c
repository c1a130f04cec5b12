/* SPDX-License-Identifier: MIT */
/*
 * The route matcher: any method and path (the input, split at the first
 * space) matches at most one route, whose {segment} holds no '/', and
 * lists the methods allowed within bounds.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "routes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), *path = strchr(s, ' ');
	const char *method = "GET";
	const struct route *r;
	char arg[256], allow[96];

	if (path) {
		*path++ = '\0';
		method = s;
	} else {
		path = s;
	}
	arg[0] = '\0';
	r = routes_find(method, path, arg, sizeof(arg), allow, sizeof(allow));
	if (strlen(allow) >= sizeof(allow))
		abort();
	if (r) {
		if (strcmp(r->method, method) != 0 || !allow[0])
			abort();
		if (strchr(r->pattern, '{') && (!arg[0] || strchr(arg, '/')))
			abort();
	}
	free(s);
	return 0;
}
