/* SPDX-License-Identifier: MIT */
/*
 * Write bodies: the first byte picks actor, event or source; the rest is
 * parsed as the dispatcher does (JSON, duplicate keys refused, an object)
 * and validated against that schema with the record checks, references
 * looked up in a seeded database. A 500 from client bytes is a finding.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "validate.h"
#include "writing.h"

static const struct writable *const kinds[] = {
	&actors_writable, &events_writable, &sources_writable,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_db();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct writable *w;
	json_error_t jerr;
	json_t *body, *errors;
	struct problem err = { 0 };
	const char *id;

	if (size < 1 || size > 65536)
		return 0;
	w = kinds[data[0] % 3];
	body = json_loadb((const char *)data + 1, size - 1,
			  JSON_REJECT_DUPLICATES, &jerr);
	if (!body)
		return 0;
	if (!json_is_object(body)) {
		json_decref(body);
		return 0;
	}
	errors = json_array();
	if (validate_object(w->schema, w->nschema, body, "", errors,
			    &err) != 0)
		fuzz_no_fault("validate_object", err.kind == PROB_INTERNAL);
	id = json_string_value(json_object_get(body, "id"));
	if (w->check)
		w->check(body, id ? id : "fuzz", errors);
	problem_clear(&err);
	json_decref(errors);
	json_decref(body);
	return 0;
}
