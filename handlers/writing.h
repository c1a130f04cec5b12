/* SPDX-License-Identifier: MIT */
/*
 * The generic write handlers every writable resource shares: create,
 * replace, merge-patch and delete, each one transaction that validates
 * everything first, honours If-Match, and writes nothing on failure.
 */
#ifndef DOSSIER_WRITING_H
#define DOSSIER_WRITING_H

#include <jansson.h>

#include "lookup.h"
#include "resource.h"
#include "routes.h"
#include "store.h"
#include "validate.h"

struct writable {
	const struct resource *res;	/* how it is read back */
	enum store_kind kind;
	enum lookup_table table;
	const char *label;	/* field a POST derives a missing id from */
	const struct vprop *schema;
	size_t nschema;
	/* Rules across fields; id is the record's id. */
	void (*check)(json_t *body, const char *id, json_t *errors);
	int (*store)(json_t *body, sqlite3_int64 pk, sqlite3_int64 *out_pk,
		     struct problem *err);
	/* Links to other records of the same kind; may be NULL. */
	int (*store_links)(json_t *body, struct problem *err);
};

extern const struct writable actors_writable;
extern const struct writable events_writable;
extern const struct writable sources_writable;

int writing_create(struct request *req, const struct writable *w,
		   struct reply *out, struct problem *err);
int writing_replace(struct request *req, const struct writable *w,
		    struct reply *out, struct problem *err);
int writing_patch(struct request *req, const struct writable *w,
		  struct reply *out, struct problem *err);
int writing_delete(struct request *req, const struct writable *w,
		   struct reply *out, struct problem *err);

/* The record's representation as GET shows it, or NULL with *err set. */
json_t *writing_stored(const struct writable *w, const char *id,
		       struct problem *err);

/* Whether two representations of a record differ in more than the time. */
int writing_changed(json_t *before, json_t *after);

#endif
