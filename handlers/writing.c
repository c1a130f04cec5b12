/* SPDX-License-Identifier: MIT */
/*
 * Create, replace, merge-patch and delete (see writing.h). Each request is
 * one IMMEDIATE transaction: the write lock is taken first, so the
 * If-Match check, validation (references included) and the write all see
 * the same state, and two racing editors cannot both win.
 */
#include "writing.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "db.h"
#include "listing.h"
#include "query.h"
#include "slug.h"
#include "xalloc.h"

static int tx_begin(struct problem *err)
{
	int rc = db_write_begin();

	if (rc == DB_BUSY)
		return problem_set(err, PROB_UNAVAILABLE, "the database is "
				   "busy with other writes; retry shortly");
	return rc == 0 ? 0 : db_fail("begin", err);
}

static void tx_rollback(void)
{
	db_write_rollback();
}

static int tx_commit(struct problem *err)
{
	if (db_write_commit() != 0) {
		db_fail("commit", err);
		tx_rollback();
		return -1;
	}
	cache_invalidate();	/* every cached answer may show old data */
	return 0;
}

/* The current representation of id, as GET shows it. 1 found, 0, -1. */
static int render(const struct writable *w, const char *id, struct buf *out,
		  struct problem *err)
{
	struct query *q = xcalloc(1, sizeof(*q));
	int rc;

	q->res = w->res;
	q->fields = ~(uint64_t)0;
	rc = query_item(q, id, out, err);
	free(q);
	return rc;
}

/* Fills the reply with the stored representation and its ETag. */
static int reply_stored(const struct writable *w, const char *id,
			unsigned status, struct reply *out,
			struct problem *err)
{
	char etag[RESPOND_ETAG_SIZE];

	buf_reset(&out->body);
	if (render(w, id, &out->body, err) != 1)
		return problem_set(err, PROB_INTERNAL, "the stored record "
				   "could not be read back");
	respond_etag(buf_str(&out->body), out->body.len, etag);
	reply_header(out, "ETag", etag);
	out->status = status;
	out->content_type = "application/json";
	out->cache_control = "no-store";
	return 0;
}

/* 412 when If-Match is given and the record has changed since. */
static int precondition(struct request *req, const struct writable *w,
			const char *id, struct problem *err)
{
	const char *im = req_header(req, "If-Match");
	struct buf current = BUF_INIT;
	char etag[RESPOND_ETAG_SIZE], gz_etag[RESPOND_ETAG_SIZE];
	int rc;

	if (!im)
		return 0;
	rc = render(w, id, &current, err);
	if (rc == 1)
		respond_etag(buf_str(&current), current.len, etag);
	buf_free(&current);
	if (rc < 0)
		return -1;
	/* A browser sends back the tag of the gzip encoding it was given:
	 * the same state of the record. */
	if (rc == 1) {
		respond_etag_gzip(etag, gz_etag);
		if (respond_etag_matches(im, etag, 0) ||
		    respond_etag_matches(im, gz_etag, 0))
			return 0;
	}
	return problem_set(err, PROB_PRECONDITION_FAILED, "the %s '%s' has "
			   "changed since that ETag was issued (it is now "
			   "%s); GET it again and retry", w->res->noun, id,
			   rc == 1 ? etag : "gone");
}

/*
 * Starts the transaction of a write to the existing record of the path:
 * 404 when there is none, 412 when If-Match says it changed. On failure
 * the transaction is already rolled back.
 */
static int begin_existing(struct request *req, const struct writable *w,
			  sqlite3_int64 *pk, struct problem *err)
{
	const char *id = req->path_arg;
	int rc;

	if (listing_no_params(req, err) != 0 || tx_begin(err) != 0)
		return -1;
	rc = lookup_pk(w->table, id, pk, err);
	if (rc == 0)
		problem_set(err, PROB_NOT_FOUND, "no %s with id '%.128s'",
			    w->res->noun, id);
	if (rc != 1 || precondition(req, w, id, err) != 0) {
		tx_rollback();
		return -1;
	}
	return 0;
}

/* Validates body as the record id (NULL while unknown). */
static int validate(const struct writable *w, json_t *body, const char *id,
		    struct problem *err)
{
	json_t *errors = json_array();

	if (validate_object(w->schema, w->nschema, body, "", errors,
			    err) != 0) {
		json_decref(errors);
		return -1;
	}
	w->check(body, id, errors);
	if (!json_array_size(errors)) {
		json_decref(errors);
		return 0;
	}
	return problem_invalid(err, errors);
}

/* Writes body as record pk (0 = new) and everything that follows. */
static int save(const struct writable *w, json_t *body, sqlite3_int64 pk,
		struct problem *err)
{
	int event = w->kind == STORE_EVENT;

	/* Events that lose or gain a link to this one change too. */
	if (event && pk && store_touch_related(pk, err) != 0)
		return -1;
	if (w->store(body, pk, &pk, err) != 0 ||
	    (w->store_links && w->store_links(body, err) != 0) ||
	    store_reindex(w->kind, pk, err) != 0)
		return -1;
	return event ? store_touch_related(pk, err) : 0;
}

int writing_create(struct request *req, const struct writable *w,
		   struct reply *out, struct problem *err)
{
	json_t *body = NULL;
	const char *id, *label;
	char derived[96];
	sqlite3_int64 pk;
	int rc;

	if (listing_no_params(req, err) != 0 || tx_begin(err) != 0)
		return -1;
	body = json_deep_copy(req->json);
	label = json_string_value(json_object_get(body, w->label));
	if (!json_object_get(body, "id") && label &&
	    slug_derive(label, derived, sizeof(derived)))
		json_object_set_new(body, "id", json_string(derived));
	id = json_string_value(json_object_get(body, "id"));
	if (validate(w, body, id, err) != 0)
		goto fail;
	if (!id) {
		json_t *errors = json_array();

		problem_add_error(errors, "id", "is required when %s gives "
				  "no letters or digits to derive one from",
				  w->label);
		problem_invalid(err, errors);
		goto fail;
	}
	rc = lookup_pk(w->table, id, &pk, err);
	if (rc < 0)
		goto fail;
	if (rc == 1) {
		problem_set(err, PROB_CONFLICT, "%s id '%s' is taken; PUT "
			    "or PATCH /%s/%s to change that record, or give "
			    "another id", w->res->noun, id, w->res->name, id);
		goto fail;
	}
	if (save(w, body, 0, err) != 0 ||
	    store_forget_deletion(w->kind, id, err) != 0 ||
	    tx_commit(err) != 0)
		goto fail;
	{
		struct buf loc = BUF_INIT;
		const char *prefix;
		size_t n = req_prefix(req, &prefix);

		buf_printf(&loc, "%.*s/%s/%s", (int)n, prefix, w->res->name,
			   id);
		reply_header(out, "Location", buf_str(&loc));
		buf_free(&loc);
	}
	rc = reply_stored(w, id, 201, out, err);
	json_decref(body);
	return rc;
fail:
	tx_rollback();
	json_decref(body);
	return -1;
}

/* RFC 7396: returns a new value, target with patch applied. */
static json_t *merge_patch(json_t *target, json_t *patch)
{
	json_t *result, *v;
	const char *key;

	if (!json_is_object(patch))
		return json_deep_copy(patch);
	result = json_is_object(target) ? json_deep_copy(target) :
		json_object();
	json_object_foreach(patch, key, v) {
		if (json_is_null(v))
			json_object_del(result, key);
		else
			json_object_set_new(result, key, merge_patch(
				json_object_get(result, key), v));
	}
	return result;
}

json_t *writing_stored(const struct writable *w, const char *id,
		       struct problem *err)
{
	struct buf current = BUF_INIT;
	json_t *j = NULL;

	if (render(w, id, &current, err) == 1)
		j = json_loadb(buf_str(&current), current.len, 0, NULL);
	else
		problem_set(err, PROB_INTERNAL, "the stored record could not "
			    "be read back");
	buf_free(&current);
	return j;
}

int writing_changed(json_t *before, json_t *after)
{
	json_t *a = json_deep_copy(before), *b = json_deep_copy(after);
	int differ;

	json_object_del(a, "updated_at");
	json_object_del(b, "updated_at");
	differ = !json_equal(a, b);
	json_decref(a);
	json_decref(b);
	return differ;
}

/*
 * PUT, and PATCH (the patch applied to the current representation). A
 * write that changes nothing is undone: updated_at and the ETag stay,
 * so other editors' If-Match still holds and mirrors fetch nothing.
 */
static int update(struct request *req, const struct writable *w,
		  int patch, struct reply *out, struct problem *err)
{
	const char *id = req->path_arg;
	json_t *body = NULL, *given, *before = NULL, *after = NULL;
	sqlite3_int64 pk;
	int rc;

	if (begin_existing(req, w, &pk, err) != 0)
		return -1;
	before = writing_stored(w, id, err);
	if (!before)
		goto fail;
	body = patch ? merge_patch(before, req->json) :
		json_deep_copy(req->json);
	/*
	 * An event's date_precision follows its date unless given: a patch
	 * of the date alone ({"date":"2011-08-09"} on a month) derives it
	 * again, as a create does, rather than keeping the old one.
	 */
	if (patch && json_object_get(req->json, "date") &&
	    !json_object_get(req->json, "date_precision"))
		json_object_del(body, "date_precision");
	given = json_object_get(body, "id");
	if (given && json_is_string(given) &&
	    strcmp(json_string_value(given), id) != 0) {
		json_t *errors = json_array();

		problem_add_error(errors, "id", "must be '%s' as in the path; "
				  "ids cannot be changed", id);
		problem_invalid(err, errors);
		goto fail;
	}
	json_object_set_new(body, "id", json_string(id));
	if (validate(w, body, id, err) != 0 || save(w, body, pk, err) != 0 ||
	    !(after = writing_stored(w, id, err)))
		goto fail;
	if (!writing_changed(before, after))
		tx_rollback();
	else if (tx_commit(err) != 0)
		goto fail;
	rc = reply_stored(w, id, 200, out, err);
	json_decref(body);
	json_decref(before);
	json_decref(after);
	return rc;
fail:
	tx_rollback();
	json_decref(body);
	json_decref(before);
	json_decref(after);
	return -1;
}

int writing_replace(struct request *req, const struct writable *w,
		    struct reply *out, struct problem *err)
{
	return update(req, w, 0, out, err);
}

int writing_patch(struct request *req, const struct writable *w,
		  struct reply *out, struct problem *err)
{
	return update(req, w, 1, out, err);
}

int writing_delete(struct request *req, const struct writable *w,
		   struct reply *out, struct problem *err)
{
	const char *id = req->path_arg;
	json_t *refs = json_object();
	sqlite3_int64 pk, n;

	if (begin_existing(req, w, &pk, err) != 0) {
		json_decref(refs);
		return -1;
	}
	n = store_references(w->kind, pk, refs, err);
	if (n < 0)
		goto fail;
	if (n > 0) {
		problem_set(err, PROB_CONFLICT, "%s '%s' is still referenced "
			    "by %lld record%s (see references: the first "
			    "of each list and how many); edit or delete "
			    "those first", w->res->noun, id, (long long)n,
			    n == 1 ? "" : "s");
		json_decref(err->members);
		err->members = json_pack("{s:O}", "references", refs);
		goto fail;
	}
	if (store_delete(w->kind, pk, id, err) != 0 || tx_commit(err) != 0)
		goto fail;
	json_decref(refs);
	out->status = 204;
	return 0;
fail:
	tx_rollback();
	json_decref(refs);
	return -1;
}
