/* SPDX-License-Identifier: MIT */
/*
 * The knowledge base as NDJSON in the API's own shapes (see import.h):
 * backup, restore and moving data between databases. Records are written
 * and read through the same representations and validation as the API.
 */
#include "import.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "dates.h"
#include "db.h"
#include "lookup.h"
#include "query.h"
#include "store.h"
#include "stream.h"
#include "strmap.h"
#include "summaries.h"
#include "writing.h"
#include "xalloc.h"

/* In dependency order: what a record cites or names comes first. */
static const struct {
	const char *key;
	const struct writable *w;
	const char *table;
} kinds[] = {
	{ "source", &sources_writable, "sources" },
	{ "actor", &actors_writable, "actors" },
	{ "event", &events_writable, "events" },
};

#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static double since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/*
 * The tombstones, after the records: {"deletion": {"kind", "id",
 * "deleted_at"}}, so that a restore drops what was deleted here (records
 * a new database is seeded with included).
 */
static int export_deletions(FILE *out, struct import_stats *st)
{
	/* In the order they happened: an organisation deleted after its
	 * last member is restored so too, also within one millisecond,
	 * where the row's pk (each deletion a new row) tells them apart. */
	dbs *q = db_stmt("SELECT kind, id, deleted_at FROM deletions"
				  " ORDER BY deleted_at, pk");
	int rc;

	if (!q)
		return -1;
	while ((rc = dbs_step(q)) == SQLITE_ROW) {
		json_t *line = json_pack("{s:{s:s, s:s, s:s}}", "deletion",
			"kind", (const char *)dbs_column_text(q, 0),
			"id", (const char *)dbs_column_text(q, 1),
			"deleted_at", (const char *)dbs_column_text(q, 2));
		char *text = json_dumps(line, JSON_COMPACT);

		fprintf(out, "%s\n", text);
		free(text);
		json_decref(line);
		st->imported++;
	}
	db_done(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

int export_ndjson(FILE *out, struct import_stats *st)
{
	struct query *q = xcalloc(1, sizeof(*q));
	struct buf rows = BUF_INIT;
	struct problem err = { 0 };
	struct timespec t0;
	size_t k;
	int ret = -1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* One read transaction: a consistent snapshot while others write. */
	if (db_exec(db_conn(), "BEGIN") != 0)
		goto out;
	for (k = 0; k < NKINDS; k++) {
		struct query_page page;

		memset(q, 0, sizeof(*q));
		q->res = kinds[k].w->res;
		q->fields = ~(uint64_t)0;
		q->sort = &q->res->sorts[0];
		q->limit = 1000;
		q->format = OUT_NDJSON;
		do {
			const char *line, *eol;

			buf_reset(&rows);
			if (query_list(q, &rows, &page, &err) != 0)
				goto out;
			for (line = buf_str(&rows); *line; line = eol + 1) {
				eol = strchr(line, '\n');
				fprintf(out, "{\"%s\":%.*s}\n", kinds[k].key,
					(int)(eol - line), line);
				st->imported++;
			}
			q->after = 1;
			q->after_value = page.last_value;
			q->after_pk = page.last_pk;
		} while (page.more);
	}
	if (export_deletions(out, st) != 0)
		goto out;
	ret = ferror(out) ? -1 : 0;
out:
	db_exec(db_conn(), "COMMIT");
	problem_clear(&err);
	buf_free(&rows);
	free(q);
	st->seconds = since(&t0);
	return ret;
}

struct restore {
	const char *path;
	json_t *later;		/* [kind index, record] to link in pass 2 */
	json_t *deletions;	/* [kind index, id, deleted_at, line] */
	/* Each record the file names, once (keyed "kind index:id"), whose
	 * change time is settled once every record is linked. */
	struct settling *records;
	size_t nrecords, cap;
	struct strmap named;
	struct import_stats *st;
	int by_caller;		/* the summary triggers are off */
	size_t in_run;		/* new records written since the last catch-up */
};

/*
 * A record the file names: as it was when the database held it (a digest
 * of its representation but the time, and the time), or new to it.
 */
struct settling {
	char *id;
	size_t k;
	sqlite3_int64 pk;
	int held;		/* the database had it before */
	int revived;		/* deleted here since, back now */
	XXH128_hash_t digest;
	char held_at[TIMESTAMP_SIZE];
	char file_at[TIMESTAMP_SIZE];	/* the last line's, or "" */
};

/*
 * The digest of kind k's record id as GET shows it, but its updated_at
 * (into at, unless NULL): what tells a record the file left as it was.
 * Unless NULL, *same tells whether line (a record as the file has it) is
 * that representation but for its time. 0, or -1 with *err set.
 */
static int digest_of(size_t k, const char *id, XXH128_hash_t *digest,
		     char at[TIMESTAMP_SIZE], json_t *line, int *same,
		     struct problem *err)
{
	json_t *j = writing_stored(kinds[k].w, id, err);
	const char *was;
	char *text;

	if (!j)
		return -1;
	if (same)
		*same = !writing_changed(j, line);
	was = json_string_value(json_object_get(j, "updated_at"));
	if (at)
		snprintf(at, TIMESTAMP_SIZE, "%s", was ? was : "");
	json_object_del(j, "updated_at");
	text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	if (!text)
		return problem_set(err, PROB_INTERNAL, "out of memory");
	*digest = XXH3_128bits(text, strlen(text));
	free(text);
	return 0;
}

/* Whether kind k's id has a tombstone here: deleted since some export. */
static int tombstoned(size_t k, const char *id)
{
	dbs *st = db_stmt("SELECT 1 FROM deletions WHERE kind = ? AND id = ?");
	int rc;

	if (!st)
		return -1;
	dbs_bind_text(st, 1, kinds[k].key, -1, SQLITE_STATIC);
	dbs_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
	rc = dbs_step(st);
	db_done(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Notes a line's record before it is stored: the first line naming it
 * records how the database had it, and *same whether that is as the line
 * has it (rec with its links); a later one only its time. Counted
 * imported once. 0, or -1 with *err set.
 */
static int note_record(struct restore *r, size_t k, const char *id,
		       sqlite3_int64 pk, const char *at, json_t *rec,
		       json_t *links, int *same, int64_t *i,
		       struct problem *err)
{
	char key[160];
	struct settling *x;
	json_t *line;
	int rc;

	*same = 0;
	snprintf(key, sizeof(key), "%zu:%s", k, id);
	if (strmap_get(&r->named, key, i)) {
		snprintf(r->records[*i].file_at, TIMESTAMP_SIZE, "%s",
			 at ? at : "");
		return 0;
	}
	if (r->nrecords == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 1024;
		r->records = xrealloc(r->records, r->cap * sizeof(*x));
	}
	x = &r->records[r->nrecords];
	memset(x, 0, sizeof(*x));
	x->k = k;
	x->held = pk != 0;
	snprintf(x->file_at, TIMESTAMP_SIZE, "%s", at ? at : "");
	if (x->held) {
		line = json_copy(rec);
		json_object_update(line, links);
		rc = digest_of(k, id, &x->digest, x->held_at, line, same, err);
		json_decref(line);
		if (rc != 0)
			return -1;
	}
	/* One a GDELT import brought back after its deletion here keeps a
	 * tombstone that the write forgets. */
	if (*same) {
		int t = tombstoned(k, id);

		if (t < 0)
			return db_fail("restore", err);
		*same = !t;
	}
	if (!x->held && (x->revived = tombstoned(k, id)) < 0)
		return db_fail("restore", err);
	x->id = xstrdup(id);
	*i = (int64_t)r->nrecords++;
	strmap_put(&r->named, key, *i);
	r->st->imported++;
	return 0;
}

/* Sets the change time of kind k's record pk to stamp. */
static int set_time(size_t k, sqlite3_int64 pk, const char *stamp)
{
	char sql[96];
	dbs *st;
	int rc;

	snprintf(sql, sizeof(sql), "UPDATE %s SET updated_at = ? WHERE pk = ?",
		 kinds[k].table);
	if (!(st = db_stmt(sql)))
		return -1;
	dbs_bind_text(st, 1, stamp, -1, SQLITE_TRANSIENT);
	dbs_bind_int64(st, 2, pk);
	rc = dbs_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Keeps a tombstone line, applied once every record is in. */
static int keep_deletion(struct restore *r, json_t *d, size_t lineno)
{
	const char *kind = json_string_value(json_object_get(d, "kind"));
	const char *id = json_string_value(json_object_get(d, "id"));
	const char *at = json_string_value(json_object_get(d, "deleted_at"));
	char stamp[TIMESTAMP_SIZE];
	size_t k;

	for (k = 0; kind && k < NKINDS && strcmp(kinds[k].key, kind); k++)
		;
	if (!json_is_object(d) || json_object_size(d) != 3 || k == NKINDS ||
	    !kind || !id || !*id || !at || timestamp_parse(at, stamp) != 0) {
		fprintf(stderr, "%s:%zu: expected {\"deletion\": {\"kind\": "
			"\"source\"|\"actor\"|\"event\", \"id\": ..., "
			"\"deleted_at\": timestamp}}\n", r->path, lineno);
		return -1;
	}
	json_array_append_new(r->deletions, json_pack("[I, s, s, I]",
		(json_int_t)k, id, stamp, (json_int_t)lineno));
	return 0;
}

/*
 * Pass 3: what was deleted where the file was written is deleted here
 * too, in the file's order (the order it happened there), with its
 * tombstone and its time; one still referenced here stops the restore.
 */
static int restore_deletions(struct restore *r)
{
	struct problem err = { 0 };
	size_t i;
	json_t *d;

	json_array_foreach(r->deletions, i, d) {
		size_t k = (size_t)json_integer_value(
			json_array_get(d, 0));
		const char *id = json_string_value(json_array_get(d, 1));
		const char *at = json_string_value(json_array_get(d, 2));
		json_t *refs;
		sqlite3_int64 pk, n;
		int rc;

		rc = lookup_pk(kinds[k].w->table, id, &pk, &err);
		refs = json_object();
		n = rc == 1 ? store_references(kinds[k].w->kind, pk,
					       refs, &err) : 0;
		json_decref(refs);
		if (n > 0)
			fprintf(stderr, "%s:%lld: %s '%s' was deleted "
				"but is still referenced by %lld "
				"record%s here\n", r->path, (long long)
				json_integer_value(json_array_get(d,
				3)), kinds[k].key, id, (long long)n,
				n == 1 ? "" : "s");
		if (rc < 0 || n != 0 ||
		    (rc == 1 && store_delete(kinds[k].w->kind, pk, id,
					     &err) != 0) ||
		    store_tombstone(kinds[k].w->kind, id, at,
				    &err) != 0) {
			problem_clear(&err);
			return -1;
		}
		r->st->imported++;
	}
	return 0;
}

static void report(const struct restore *r, size_t lineno, const char *what,
		   json_t *errors)
{
	json_t *e;
	size_t i;

	fprintf(stderr, "%s:%zu: %s\n", r->path, lineno, what);
	json_array_foreach(errors, i, e)
		fprintf(stderr, "  %s: %s\n",
			json_string_value(json_object_get(e, "field")),
			json_string_value(json_object_get(e, "message")));
}

/* Validates rec as kind k; 0 when valid, -1 after reporting. */
static int valid(const struct restore *r, size_t k, json_t *rec,
		 size_t lineno)
{
	const struct writable *w = kinds[k].w;
	const char *id = json_string_value(json_object_get(rec, "id"));
	struct problem err = { 0 };
	json_t *errors = json_array();
	int ok;

	if (validate_object(w->schema, w->nschema, rec, "", errors,
			    &err) != 0) {
		json_decref(errors);
		return -1;
	}
	w->check(rec, id, errors);
	if (!id)
		problem_add_error(errors, "id", "is required");
	ok = json_array_size(errors) == 0;
	if (!ok)
		report(r, lineno, "invalid record", errors);
	json_decref(errors);
	return ok ? 0 : -1;
}

/*
 * A record new to the database is written with the summary triggers off,
 * and the summaries of a run of them are kept at its end (or every
 * RUN_RECORDS) as the GDELT import's batches keep theirs (summaries.h):
 * by trigger, they took nearly all of an event's time. A record the
 * database holds is written with them on, which takes its old numbers off
 * as they add its new ones; the run before it is caught up first. SQLite
 * only: PostgreSQL's triggers also write rows that derive from the
 * record's.
 */
#define RUN_RECORDS 50000

static int summaries_by_caller(struct restore *r)
{
	if (db_pg || r->by_caller) {
		if (r->by_caller && ++r->in_run % RUN_RECORDS == 0)
			return summaries_catch_up(0);
		return 0;
	}
	/* The copy of the events' columns is read anew (migration 66). */
	if (db_summaries_by_caller(1) != 0 || summaries_mark() != 0 ||
	    db_exec(db_conn(), "INSERT INTO event_changes(event)"
		    " VALUES (NULL)") != 0)
		return -1;
	r->by_caller = 1;
	r->in_run = 1;
	return 0;
}

static int summaries_by_trigger(struct restore *r)
{
	if (!r->by_caller)
		return 0;
	r->by_caller = 0;
	return summaries_catch_up(0) != 0 || db_summaries_by_caller(0) != 0 ?
	       -1 : 0;
}

/* Whether a record's links (affiliations, related) are all empty lists. */
static int no_links(json_t *links)
{
	const char *key;
	json_t *v;

	json_object_foreach(links, key, v) {
		if (!json_is_array(v) || json_array_size(v))
			return 0;
	}
	return 1;
}

static int restore_line(char *line, size_t len, size_t lineno, void *ud)
{
	struct restore *r = ud;
	struct problem err = { 0 };
	json_error_t jerr;
	json_t *doc, *rec, *links;
	const char *key, *id, *at;
	char stamp[TIMESTAMP_SIZE];
	sqlite3_int64 pk = 0;
	int64_t noted;
	size_t k;
	int ret = -1, rc, same = 0, fresh, pending;

	if (!len)
		return 0;
	r->st->read++;
	doc = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(doc) || json_object_size(doc) != 1) {
		fprintf(stderr, "%s:%zu: expected {\"source\"|\"actor\"|"
			"\"event\"|\"deletion\": {...}}%s%s\n", r->path, lineno,
			doc ? "" : ": ", doc ? "" : jerr.text);
		goto out;
	}
	key = json_object_iter_key(json_object_iter(doc));
	rec = json_object_get(doc, key);
	if (strcmp(key, "deletion") == 0) {
		ret = keep_deletion(r, rec, lineno);
		goto out;
	}
	for (k = 0; k < NKINDS && strcmp(kinds[k].key, key) != 0; k++)
		;
	if (k == NKINDS || !json_is_object(rec)) {
		fprintf(stderr, "%s:%zu: unknown record kind '%s'\n", r->path,
			lineno, key);
		goto out;
	}
	/* Links may name records further on: set them in a second pass. */
	links = json_object();
	if (json_object_get(rec, "affiliations"))
		json_object_set(links, "affiliations",
				json_object_get(rec, "affiliations"));
	if (json_object_get(rec, "related"))
		json_object_set(links, "related",
				json_object_get(rec, "related"));
	json_object_del(rec, "affiliations");
	json_object_del(rec, "related");
	if (valid(r, k, rec, lineno) != 0) {
		json_decref(links);
		goto out;
	}
	id = json_string_value(json_object_get(rec, "id"));
	at = json_string_value(json_object_get(rec, "updated_at"));
	if (at && timestamp_parse(at, stamp) != 0)
		at = NULL;
	/* Its change time is settled once every record is linked. A record
	 * the database holds as the line has it (a mirror's nightly import,
	 * mostly) is not written again. */
	rc = lookup_pk(kinds[k].w->table, id, &pk, &err) < 0;
	/* One written earlier in the run is counted at its end still (a
	 * new record's line alone may end the run). */
	pending = !rc && pk && r->by_caller &&
		  summaries_pending(kinds[k].w->kind, pk);
	rc = rc || (!pk && summaries_by_caller(r) != 0) ||
	     note_record(r, k, id, pk, at ? stamp : NULL, rec, links, &same,
			 &noted, &err) != 0;
	if (!rc && same) {
		r->records[noted].pk = pk;
		json_decref(links);
		ret = 0;
		goto out;
	}
	fresh = pk == 0;
	if (rc || (!fresh && !pending && summaries_by_trigger(r) != 0) ||
	    kinds[k].w->store(rec, pk, &pk, &err) != 0 ||
	    store_forget_deletion(kinds[k].w->kind, id, &err) != 0 ||
	    store_reindex(kinds[k].w->kind, pk, &err) != 0) {
		json_decref(links);
		goto out;
	}
	/* A new record of no links has none to set (the export writes
	 * empty lists): not kept for pass 2, which would hold an object
	 * for each of a million events. */
	if (kinds[k].w->store_links && (!fresh || !no_links(links))) {
		json_object_set_new(links, "id", json_string(id));
		json_object_set_new(links, "_line", json_integer(
			(json_int_t)lineno));
		json_array_append_new(r->later, json_pack("[I, o, I]",
			(json_int_t)k, links, (json_int_t)pk));
	} else {
		json_decref(links);
	}
	r->records[noted].pk = pk;
	ret = 0;
out:
	problem_clear(&err);
	json_decref(doc);
	return ret;
}

/* Pass 2: affiliations and relations, now that every record exists. */
static int restore_links(struct restore *r)
{
	struct problem err = { 0 };
	json_t *item;
	size_t i;

	json_array_foreach(r->later, i, item) {
		size_t k = (size_t)json_integer_value(json_array_get(item, 0));
		json_t *links = json_array_get(item, 1);
		size_t lineno = (size_t)json_integer_value(
			json_object_get(links, "_line"));
		sqlite3_int64 pk = json_integer_value(json_array_get(item, 2));
		int event = kinds[k].w->kind == STORE_EVENT;
		const struct vprop *p = kinds[k].w->schema;
		json_t *errors = json_array();
		size_t j;

		json_object_del(links, "_line");
		/* Check just the link fields, with the record's schema. */
		for (j = 0; j < kinds[k].w->nschema; j++) {
			json_t *v = json_object_get(links, p[j].name), *one;
			int rc;

			if (!v || strcmp(p[j].name, "id") == 0)
				continue;
			one = json_pack("{s:O}", p[j].name, v);
			rc = validate_object(&p[j], 1, one, "", errors, &err);
			json_decref(one);
			if (rc != 0) {
				json_decref(errors);
				return -1;
			}
		}
		kinds[k].w->check(links, json_string_value(
			json_object_get(links, "id")), errors);
		if (json_array_size(errors)) {
			report(r, lineno, "invalid links", errors);
			json_decref(errors);
			return -1;
		}
		json_decref(errors);
		/* Events that lose or gain a link to this one change too,
		 * as under a write; settle_times() then tells which of
		 * those the file names are as they were. */
		if ((event && store_touch_related(pk, &err) != 0) ||
		    kinds[k].w->store_links(links, &err) != 0 ||
		    (event && store_touch_related(pk, &err) != 0)) {
			problem_clear(&err);
			return -1;
		}
	}
	return 0;
}

/*
 * The change times of the records the file named, now that they are
 * linked. A new one takes the file's time (its own, when it has one). One
 * the database held that the file left as it was is counted unchanged and
 * takes the file's time too, or keeps its own: nothing in it changed that
 * a mirror could miss. One the file changed, or one deleted here since
 * and now back, was changed now, whatever time the file says: an older
 * one would hide the change from clients asking what changed since
 * (updated_since). 0, or -1.
 */
static int settle_times(struct restore *r)
{
	struct problem err = { 0 };
	char cur[TIMESTAMP_SIZE];
	size_t i;
	int ret = 0;

	for (i = 0; i < r->nrecords && ret == 0; i++) {
		struct settling *x = &r->records[i];
		const char *at = x->file_at;

		if (x->held) {
			XXH128_hash_t now;

			if (digest_of(x->k, x->id, &now, cur, NULL, NULL,
				      &err) != 0) {
				ret = -1;
				break;
			}
			if (!XXH128_isEqual(now, x->digest))
				continue;
			if (!*at)
				at = x->held_at;
			r->st->imported--;
			r->st->unchanged++;
			/* Not written, nor reached by a link: as it was. */
			if (strcmp(at, cur) == 0)
				continue;
		} else if (x->revived) {
			continue;
		}
		if (*at && set_time(x->k, x->pk, at) != 0)
			ret = -1;
	}
	problem_clear(&err);
	return ret;
}

int import_ndjson(const char *path, struct import_stats *st)
{
	struct restore r = { path, json_array(), json_array(), NULL, 0, 0,
			     STRMAP_INIT, st, 0, 0 };
	struct timespec t0;
	char why[200];
	size_t i;
	struct stream *s = stream_open(path, why, sizeof(why));
	int ret = -1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!s) {
		fprintf(stderr, "%s: cannot read: %s\n", path, why);
		json_decref(r.later);
		json_decref(r.deletions);
		return -1;
	}
	if (db_import_session(1) != 0 || db_search_bulk(1) != 0 ||
	    db_write_begin() != 0)
		goto out;
	if (stream_lines(s, restore_line, &r) != 0 ||
	    summaries_by_trigger(&r) != 0 || restore_links(&r) != 0 ||
	    settle_times(&r) != 0 || restore_deletions(&r) != 0) {
		fprintf(stderr, "%s: nothing was imported\n", path);
		db_write_rollback();
		/* Rolled back with the rest, but put back all the same. */
		if (!db_pg)
			db_summaries_by_caller(0);
		st->imported = st->unchanged = 0;
		goto out;
	}
	ret = db_write_commit() != 0 ? -1 : db_compact_search(0);
out:
	db_search_bulk(0);
	db_import_session(0);
	stream_close(s);
	json_decref(r.later);
	json_decref(r.deletions);
	for (i = 0; i < r.nrecords; i++)
		free(r.records[i].id);
	free(r.records);
	strmap_free(&r.named);
	st->seconds = since(&t0);
	return ret;
}
