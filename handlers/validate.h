/* SPDX-License-Identifier: MIT */
/*
 * Validating request bodies against schemas described as data (the
 * write schemas in schemas.c mirror openapi.yaml's *Input schemas).
 * Every problem found is appended to an errors array as {field, message},
 * with paths such as "participants[0].actor", so one 422 names them all.
 */
#ifndef DOSSIER_VALIDATE_H
#define DOSSIER_VALIDATE_H

#include <jansson.h>
#include <stddef.h>

#include "problem.h"

enum vtype {
	VT_STRING,
	VT_ARRAY,
	VT_OBJECT,
	VT_NUMBER,	/* any JSON number from lo to hi */
	VT_INTEGER,	/* a whole JSON number from lo to hi */
	VT_TYPE_REF,	/* CAMEO code string, or {code, read-only others} */
	VT_ANY,		/* read-only output members, accepted and ignored */
};

enum vcheck {
	VC_NONE,
	VC_SLUG,	/* ^[a-z0-9]+(-[a-z0-9]+)*$ */
	VC_DATE,	/* YYYY, YYYY-MM or YYYY-MM-DD, a real date */
	VC_COUNTRY,	/* an existing ISO alpha-2 code, upper case */
	VC_QID,		/* Wikidata item id */
	VC_URL,		/* absolute http or https URL */
	VC_ENUM,	/* one of choices */
	VC_ACTOR,	/* an existing actor id */
	VC_EVENT,	/* an existing event id */
	VC_SOURCE,	/* an existing source id */
	VC_TIMESTAMP,	/* a UTC timestamp as updated_at gives it */
};

#define VF_REQUIRED 1u	/* must be present */
#define VF_NULLABLE 2u	/* may be null */
#define VF_UNIQUE 4u	/* array: no two equal items */

struct vprop {
	const char *name;
	enum vtype type;
	unsigned flags;
	size_t min, max;	/* characters of a string, items of an array */
	double lo, hi;		/* bounds of numbers */
	enum vcheck check;	/* strings */
	const char *const *choices;	/* VC_ENUM, NULL-terminated */
	const struct vprop *item;	/* VT_ARRAY */
	const struct vprop *props;	/* VT_OBJECT */
	size_t nprops;
};

/*
 * Checks obj against props, appending to errors; path is the object's own
 * path ("" at the top). Returns 0, or -1 with *err set when the database
 * could not be asked about a reference.
 */
int validate_object(const struct vprop *props, size_t nprops, json_t *obj,
		    const char *path, json_t *errors, struct problem *err);

#endif
