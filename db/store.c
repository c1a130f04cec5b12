/* SPDX-License-Identifier: MIT */
/* JSON records into the normalised tables (see store.h). */
#include "store.h"

#include <string.h>

#include "dates.h"
#include "db.h"
#include "event_key.h"
#include "search_text.h"
#include "log.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

static const char *const kind_names[] = { "actor", "event", "source" };

/* Binds a JSON string (or null/absent as SQL NULL) to parameter i. */
static void bind_text(dbs *st, int i, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_string(v))
		dbs_bind_text(st, i, json_string_value(v),
				  (int)json_string_length(v), SQLITE_TRANSIENT);
	else
		dbs_bind_null(st, i);
}

/* Binds the array obj.key as JSON text, [] when absent or not one. */
static void bind_array(dbs *st, int i, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	char *text = json_is_array(v) ? json_dumps(v, JSON_COMPACT) : NULL;

	dbs_bind_text(st, i, text ? text : "[]", -1, SQLITE_TRANSIENT);
	free(text);
}

/* Binds a JSON number (or null/absent as SQL NULL) to parameter i. */
static void bind_number(dbs *st, int i, json_t *obj,
			const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_integer(v))
		dbs_bind_int64(st, i, json_integer_value(v));
	else if (json_is_real(v))
		dbs_bind_double(st, i, json_real_value(v));
	else
		dbs_bind_null(st, i);
}

static const char *str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* Steps st once to completion and releases it. */
static int run(dbs *st, const char *what, const char *id,
	       struct problem *err)
{
	int rc = dbs_step(st);

	db_done(st);
	if (rc == SQLITE_DONE)
		return 0;
	log_msg(LOG_ERROR, "storing %s '%s' failed: %s", what,
		id ? id : "?", db_errmsg());
	if (db_retry_later(err))
		return -1;
	return problem_set(err, PROB_INTERNAL, "storing %s failed", what);
}

/* Runs sql with ?1 bound to pk. */
static int run_pk(const char *sql, sqlite3_int64 pk, const char *what,
		  struct problem *err)
{
	dbs *st = db_stmt(sql);

	if (!st)
		return db_fail(what, err);
	dbs_bind_int64(st, 1, pk);
	return run(st, what, NULL, err);
}

static int insert_citations(const char *sql, sqlite3_int64 pk,
			    json_t *sources, const char *id,
			    struct problem *err)
{
	size_t i;
	json_t *c;

	json_array_foreach(sources, i, c) {
		dbs *st = db_stmt(sql);

		if (!st)
			return db_fail("citation", err);
		dbs_bind_int64(st, 1, pk);
		dbs_bind_int64(st, 2, (sqlite3_int64)i);
		bind_text(st, 3, c, "source");
		/* No sentence to quote (a dataset record) is stored as ''. */
		if (json_is_string(json_object_get(c, "quote")))
			bind_text(st, 4, c, "quote");
		else
			dbs_bind_text(st, 4, "", 0, SQLITE_STATIC);
		if (run(st, "citation", id, err) != 0)
			return -1;
	}
	return 0;
}

/* The pk of the row just inserted, or pk when it was an update. */
static sqlite3_int64 row_pk(sqlite3_int64 pk)
{
	return pk ? pk : db_last_insert_rowid();
}

int store_source(json_t *s, sqlite3_int64 pk, sqlite3_int64 *out_pk,
		 struct problem *err)
{
	dbs *st = db_stmt(pk ?
		"UPDATE sources SET id = ?1, title = ?2, publisher = ?3,"
		" author = ?4, published = ifnull(?5, ''), url = ?6, kind = ?7,"
		" updated_at = " NOW " WHERE pk = ?8" :
		"INSERT INTO sources(id, title, publisher, author, published,"
		" url, kind, updated_at) VALUES (?1, ?2, ?3, ?4,"
		" ifnull(?5, ''), ?6, ?7, " NOW ")");

	if (!st)
		return db_fail("source", err);
	bind_text(st, 1, s, "id");
	bind_text(st, 2, s, "title");
	bind_text(st, 3, s, "publisher");
	bind_text(st, 4, s, "author");
	bind_text(st, 5, s, "published");
	bind_text(st, 6, s, "url");
	bind_text(st, 7, s, "kind");
	if (pk)
		dbs_bind_int64(st, 8, pk);
	if (run(st, "source", str(s, "id"), err) != 0)
		return -1;
	if (out_pk)
		*out_pk = row_pk(pk);
	return 0;
}

int store_actor(json_t *a, sqlite3_int64 pk, sqlite3_int64 *out_pk,
		struct problem *err)
{
	const char *id = str(a, "id");
	json_t *cameo = json_object_get(a, "cameo"), *m;
	dbs *st;
	size_t i;

	st = db_stmt(pk ?
		"UPDATE actors SET id = ?1, name = ?2, kind = ?3, country = ?4,"
		" title = ?5, aliases = ?6, description = ?7, wikidata = ?8,"
		" cameo_code = ?10, cameo_country = ?11, cameo_types = ?12,"
		" cameo_known_group = ?13, cameo_ethnic = ?14,"
		" cameo_religions = ?15,"
		" updated_at = " NOW " WHERE pk = ?9" :
		"INSERT INTO actors(id, name, kind, country, title, aliases,"
		" description, wikidata, cameo_code, cameo_country,"
		" cameo_types, cameo_known_group, cameo_ethnic,"
		" cameo_religions, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
		" ?7, ?8, ?10, ?11, ?12, ?13, ?14, ?15, " NOW ")");
	if (!st)
		return db_fail("actor", err);
	bind_text(st, 1, a, "id");
	bind_text(st, 2, a, "name");
	bind_text(st, 3, a, "kind");
	bind_text(st, 4, a, "country");
	bind_text(st, 5, a, "title");
	bind_array(st, 6, a, "aliases");
	bind_text(st, 7, a, "description");
	bind_text(st, 8, a, "wikidata");
	if (pk)
		dbs_bind_int64(st, 9, pk);
	if (json_is_object(cameo)) {
		bind_text(st, 10, cameo, "code");
		bind_text(st, 11, cameo, "country");
		bind_array(st, 12, cameo, "types");
		bind_text(st, 13, cameo, "known_group");
		bind_text(st, 14, cameo, "ethnic");
		bind_array(st, 15, cameo, "religions");
	}
	if (run(st, "actor", id, err) != 0)
		return -1;
	pk = row_pk(pk);
	if (run_pk("DELETE FROM actor_members WHERE actor = ?1", pk,
		   "members", err) != 0 ||
	    run_pk("DELETE FROM actor_citations WHERE actor = ?1", pk,
		   "citations", err) != 0)
		return -1;
	json_array_foreach(json_object_get(a, "members"), i, m) {
		st = db_stmt("INSERT INTO actor_members(actor, country)"
			     " VALUES (?, ?)");
		if (!st)
			return db_fail("member", err);
		dbs_bind_int64(st, 1, pk);
		dbs_bind_text(st, 2, json_string_value(m), -1,
				  SQLITE_TRANSIENT);
		if (run(st, "alliance member", id, err) != 0)
			return -1;
	}
	if (out_pk)
		*out_pk = pk;
	return insert_citations(
		"INSERT INTO actor_citations(actor, position, source, quote)"
		" VALUES (?, ?, (SELECT pk FROM sources WHERE id = ?), ?)",
		pk, json_object_get(a, "sources"), id, err);
}

int store_actor_links(json_t *a, struct problem *err)
{
	const char *id = str(a, "id");
	dbs *st;
	json_t *aff;
	size_t i;

	st = db_stmt("DELETE FROM actor_affiliations WHERE actor ="
		     " (SELECT pk FROM actors WHERE id = ?)");
	if (!st)
		return db_fail("affiliations", err);
	dbs_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if (run(st, "affiliations", id, err) != 0)
		return -1;
	json_array_foreach(json_object_get(a, "affiliations"), i, aff) {
		st = db_stmt("INSERT INTO actor_affiliations(actor, position,"
			     " org, role) VALUES ((SELECT pk FROM actors"
			     " WHERE id = ?), ?, (SELECT pk FROM actors"
			     " WHERE id = ?), ?)");
		if (!st)
			return db_fail("affiliation", err);
		dbs_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		dbs_bind_int64(st, 2, (sqlite3_int64)i);
		bind_text(st, 3, aff, "actor");
		bind_text(st, 4, aff, "role");
		if (run(st, "affiliation", id, err) != 0)
			return -1;
	}
	return 0;
}

/* The countries of event pk that came from its participants, as JSON. */
static json_t *derived_countries(sqlite3_int64 pk, struct problem *err)
{
	dbs *st = db_stmt("SELECT country FROM event_countries"
				   " WHERE event = ? AND derived <> 0");
	json_t *out = json_array();
	int rc;

	if (!st) {
		json_decref(out);
		db_fail("event countries", err);
		return NULL;
	}
	dbs_bind_int64(st, 1, pk);
	while ((rc = dbs_step(st)) == SQLITE_ROW)
		json_array_append_new(out, json_string((const char *)
				      dbs_column_text(st, 0)));
	db_done(st);
	if (rc != SQLITE_DONE) {
		json_decref(out);
		db_fail("event countries", err);
		return NULL;
	}
	return out;
}

static int has_string(json_t *array, const char *s)
{
	json_t *v;
	size_t i;

	json_array_foreach(array, i, v) {
		if (s && strcmp(json_string_value(v), s) == 0)
			return 1;
	}
	return 0;
}

static int insert_event_country(sqlite3_int64 pk, const char *code,
				const char *id, struct problem *err)
{
	dbs *st = db_stmt("INSERT OR IGNORE INTO"
				   " event_countries(event, country, date_start)"
				   " VALUES (?1, ?2, (SELECT date_start"
				   " FROM events WHERE pk = ?1))");

	if (!st)
		return db_fail("event country", err);
	dbs_bind_int64(st, 1, pk);
	dbs_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
	return run(st, "event country", id, err);
}

/* The CAMEO code of an event's type: "173" or {"code": "173", ...}. */
static const char *type_code(json_t *e)
{
	json_t *t = json_object_get(e, "type");

	return json_is_object(t) ? str(t, "code") : json_string_value(t);
}

int store_event(json_t *e, sqlite3_int64 pk, sqlite3_int64 *out_pk,
		struct problem *err)
{
	const char *id = str(e, "id");
	const char *date = str(e, "date");
	struct date_range range;
	dbs *st;
	json_t *v, *derived;
	size_t i;

	if (date && date_parse(date, &range) != 0)
		return problem_set(err, PROB_INTERNAL, "bad date '%s'", date);
	st = db_stmt(pk ?
		"UPDATE events SET id = ?1, title = ?2, summary = ?3,"
		" date = ?4, date_precision = ?5, date_start = ifnull(?6, ''),"
		" date_end = ifnull(?7, ''), type_code = ?8, quad_class ="
		" (SELECT quad_class FROM event_types WHERE code = ?8),"
		" country = ?9, goldstein = ?11, num_mentions = ?12,"
		" num_sources = ?13, num_articles = ?14, avg_tone = ?15,"
		" location_name = ?16, lat = ?17, lon = ?18,"
		" location_type = ?19, location_adm1 = ?20,"
		" location_feature = ?21, certainty = ?22,"
		" updated_at = " NOW " WHERE pk = ?10" :
		"INSERT INTO events(id, title, summary, date, date_precision,"
		" date_start, date_end, type_code, quad_class, country,"
		" goldstein, num_mentions, num_sources, num_articles,"
		" avg_tone, location_name, lat, lon, location_type,"
		" location_adm1, location_feature, certainty, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ifnull(?6, ''), ifnull(?7, ''),"
		" ?8, (SELECT quad_class FROM event_types WHERE code = ?8),"
		" ?9, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,"
		" ?22, " NOW ")");
	if (!st)
		return db_fail("event", err);
	bind_text(st, 1, e, "id");
	bind_text(st, 2, e, "title");
	bind_text(st, 3, e, "summary");
	bind_text(st, 4, e, "date");
	if (date) {
		dbs_bind_text(st, 5, date_precision_name(range.precision),
				  -1, SQLITE_STATIC);
		dbs_bind_text(st, 6, range.first, -1, SQLITE_TRANSIENT);
		dbs_bind_text(st, 7, range.last, -1, SQLITE_TRANSIENT);
	}
	if (type_code(e))
		dbs_bind_text(st, 8, type_code(e), -1, SQLITE_TRANSIENT);
	bind_text(st, 9, e, "country");
	if (pk)
		dbs_bind_int64(st, 10, pk);
	bind_number(st, 11, e, "goldstein");
	bind_number(st, 12, e, "num_mentions");
	bind_number(st, 13, e, "num_sources");
	bind_number(st, 14, e, "num_articles");
	bind_number(st, 15, e, "avg_tone");
	bind_text(st, 16, json_object_get(e, "location"), "name");
	bind_number(st, 17, json_object_get(e, "location"), "lat");
	bind_number(st, 18, json_object_get(e, "location"), "lon");
	bind_number(st, 19, json_object_get(e, "location"), "type");
	bind_text(st, 20, json_object_get(e, "location"), "adm1");
	bind_text(st, 21, json_object_get(e, "location"), "feature_id");
	bind_text(st, 22, e, "certainty");
	if (run(st, "event", id, err) != 0)
		return -1;
	pk = row_pk(pk);
	/* Countries that came from participants are not taken as given when
	 * a body sends them back: they come again from its participants. */
	derived = derived_countries(pk, err);
	if (!derived)
		return -1;
	if (run_pk("DELETE FROM event_countries WHERE event = ?1", pk,
		   "event countries", err) != 0 ||
	    run_pk("DELETE FROM participants WHERE event = ?1", pk,
		   "participants", err) != 0 ||
	    run_pk("DELETE FROM event_citations WHERE event = ?1", pk,
		   "citations", err) != 0 ||
	    (str(e, "country") &&
	     insert_event_country(pk, str(e, "country"), id, err) != 0)) {
		json_decref(derived);
		return -1;
	}
	json_array_foreach(json_object_get(e, "countries"), i, v) {
		if (!has_string(derived, json_string_value(v)) &&
		    insert_event_country(pk, json_string_value(v), id,
					 err) != 0) {
			json_decref(derived);
			return -1;
		}
	}
	json_decref(derived);
	json_array_foreach(json_object_get(e, "participants"), i, v) {
		st = db_stmt("INSERT INTO participants(event, position, actor,"
			     " role, note, date_start) VALUES (?1, ?2,"
			     " (SELECT pk FROM actors WHERE id = ?3), ?4, ?5,"
			     " (SELECT date_start FROM events WHERE pk = ?1))");
		if (!st)
			return db_fail("participant", err);
		dbs_bind_int64(st, 1, pk);
		dbs_bind_int64(st, 2, (sqlite3_int64)i);
		bind_text(st, 3, v, "actor");
		bind_text(st, 4, v, "role");
		bind_text(st, 5, v, "note");
		if (run(st, "participant", id, err) != 0)
			return -1;
	}
	/* The countries involved include those of the actors taking part. */
	if (run_pk("INSERT OR IGNORE INTO event_countries(event, country,"
		   " date_start, derived) SELECT ?1, a.country, (SELECT"
		   " date_start FROM events WHERE pk = ?1), 1 FROM participants p"
		   " JOIN actors a ON a.pk = p.actor WHERE p.event = ?1"
		   " AND a.country IS NOT NULL", pk, "event countries",
		   err) != 0)
		return -1;
	if (out_pk)
		*out_pk = pk;
	return insert_citations(
		"INSERT INTO event_citations(event, position, source, quote)"
		" VALUES (?, ?, (SELECT pk FROM sources WHERE id = ?), ?)",
		pk, json_object_get(e, "sources"), id, err);
}

/* Relation names as stored, and as the other event sees them. */
static const char *const relations[][2] = {
	{ "caused", "caused_by" },
	{ "responds_to", "prompted" },
	{ "part_of", "includes" },
	{ "follows", "precedes" },
	{ "reports_on", "reported_in" },
	{ "contradicts", "contradicted_by" },
};

int store_event_links(json_t *e, struct problem *err)
{
	const char *id = str(e, "id");
	dbs *st;
	json_t *r;
	size_t i, k;

	st = db_stmt("DELETE FROM event_relations"
		     " WHERE event = (SELECT pk FROM events WHERE id = ?1)"
		     " OR related = (SELECT pk FROM events WHERE id = ?1)");
	if (!st)
		return db_fail("relations", err);
	dbs_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if (run(st, "relations", id, err) != 0)
		return -1;
	json_array_foreach(json_object_get(e, "related"), i, r) {
		const char *name = str(r, "relation");
		int inverse = 0;

		for (k = 0; k < sizeof(relations) / sizeof(relations[0]);
		     k++) {
			if (strcmp(name, relations[k][1]) == 0) {
				inverse = 1;
				name = relations[k][0];
			}
		}
		st = db_stmt("INSERT OR IGNORE INTO event_relations(event,"
			     " related, relation) VALUES"
			     " ((SELECT pk FROM events WHERE id = ?),"
			     " (SELECT pk FROM events WHERE id = ?), ?)");
		if (!st)
			return db_fail("relation", err);
		dbs_bind_text(st, inverse ? 2 : 1, id, -1,
				  SQLITE_TRANSIENT);
		bind_text(st, inverse ? 1 : 2, r, "event");
		dbs_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
		if (run(st, "relation", id, err) != 0)
			return -1;
	}
	return 0;
}

/* What refers to a record and would block deleting it (?1 = its pk). */
struct reference {
	const char *list;	/* the list the referring records are in */
	const char *from;	/* FROM ... WHERE giving them as r.id */
};

#define REFERRING_LIMIT 10

static const struct reference actor_refs[] = {
	{ "events", "participants p JOIN events r ON r.pk = p.event"
		    " WHERE p.actor = ?1" },
	{ "actors", "actor_affiliations f JOIN actors r ON r.pk = f.actor"
		    " WHERE f.org = ?1 AND f.actor <> ?1" },
};
static const struct reference source_refs[] = {
	{ "events", "event_citations c JOIN events r ON r.pk = c.event"
		    " WHERE c.source = ?1" },
	{ "actors", "actor_citations c JOIN actors r ON r.pk = c.actor"
		    " WHERE c.source = ?1" },
};

/* Adds {"total": n, "first": [ids]} under ref->list to out; returns n. */
static sqlite3_int64 add_refs(json_t *out, const struct reference *ref,
			      sqlite3_int64 pk, struct problem *err)
{
	char sql[400];
	dbs *st;
	sqlite3_int64 total = 0;
	json_t *ids;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT count(DISTINCT r.id) FROM %s",
		 ref->from);
	if (!(st = db_stmt(sql)))
		return db_fail("references", err);
	dbs_bind_int64(st, 1, pk);
	rc = dbs_step(st);
	total = dbs_column_int64(st, 0);
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_fail("references", err);
	if (!total)
		return 0;
	snprintf(sql, sizeof(sql), "SELECT DISTINCT r.id FROM %s"
		 " ORDER BY r.id LIMIT %d", ref->from, REFERRING_LIMIT);
	if (!(st = db_stmt(sql)))
		return db_fail("references", err);
	dbs_bind_int64(st, 1, pk);
	ids = json_array();
	while ((rc = dbs_step(st)) == SQLITE_ROW)
		json_array_append_new(ids, json_string((const char *)
				      dbs_column_text(st, 0)));
	db_done(st);
	json_object_set_new(out, ref->list, json_pack("{s:I, s:o}", "total",
				(json_int_t)total, "first", ids));
	return rc == SQLITE_DONE ? total : db_fail("references", err);
}

sqlite3_int64 store_references(enum store_kind kind, sqlite3_int64 pk,
			       json_t *out, struct problem *err)
{
	const struct reference *refs = kind == STORE_ACTOR ? actor_refs :
		kind == STORE_SOURCE ? source_refs : NULL;
	sqlite3_int64 n, total = 0;
	size_t i;

	/* An event's relations to it are dropped with it. */
	for (i = 0; refs && i < 2; i++) {
		if ((n = add_refs(out, &refs[i], pk, err)) < 0)
			return -1;
		total += n;
	}
	return total;
}

int store_touch_related(sqlite3_int64 pk, struct problem *err)
{
	return run_pk("UPDATE events SET updated_at = " NOW
		      " WHERE pk IN (SELECT related FROM event_relations"
		      " WHERE event = ?1 UNION SELECT event FROM"
		      " event_relations WHERE related = ?1)", pk,
		      "related events", err);
}

/* What an event's index holds, selected from its row. */
#define EVENT_TEXT "SELECT " EVENT_KEY("e.date_start", "e.pk") \
	" AS key, e.title, e.summary, " SEARCH_EVENT_QUOTES("e.pk") ", " \
	SEARCH_EVENT_PARTICIPANTS("e.pk") " FROM events e"
#define EVENT_FTS SEARCH_EVENTS_INSERT

/* One record's index rows (?1 = pk). */
static const char *const reindex_one_sql[][2] = {
	[STORE_ACTOR] = { "DELETE FROM actors_fts WHERE rowid = ?1",
			  SEARCH_ACTORS_INSERT SEARCH_ACTOR_TEXT
			  " WHERE a.pk = ?1" },
	[STORE_EVENT] = { "DELETE FROM events_fts WHERE rowid = (SELECT "
			  EVENT_KEY("date_start", "pk")
			  " FROM events WHERE pk = ?1)",
			  EVENT_FTS EVENT_TEXT " WHERE e.pk = ?1" },
	[STORE_SOURCE] = { "DELETE FROM sources_fts WHERE rowid = ?1",
			   SEARCH_SOURCES_INSERT SEARCH_SOURCE_TEXT
			   " WHERE pk = ?1" },
};

/* Every index, rebuilt from scratch. */
static const char *const reindex_all_sql[] = {
	"DELETE FROM countries_fts",
	"INSERT INTO countries_fts(rowid, name, common_name, official_name,"
	" capital) SELECT pk, name, common_name, official_name, capital"
	" FROM countries",
	"DELETE FROM event_types_fts",
	"INSERT INTO event_types_fts(rowid, label) SELECT pk, label"
	" FROM event_types",
	"DELETE FROM actors_fts", SEARCH_ACTORS_INSERT SEARCH_ACTOR_TEXT,
	"DELETE FROM events_fts", EVENT_FTS EVENT_TEXT " ORDER BY key",
	"DELETE FROM sources_fts", SEARCH_SOURCES_INSERT SEARCH_SOURCE_TEXT,
};

int store_delete(enum store_kind kind, sqlite3_int64 pk, const char *id,
		 struct problem *err)
{
	static const char *const sql[] = {
		[STORE_ACTOR] = "DELETE FROM actors WHERE pk = ?1",
		[STORE_EVENT] = "DELETE FROM events WHERE pk = ?1",
		[STORE_SOURCE] = "DELETE FROM sources WHERE pk = ?1",
	};
	dbs *st;

	if (kind == STORE_EVENT && store_touch_related(pk, err) != 0)
		return -1;
	if (run_pk(reindex_one_sql[kind][0], pk, "search index", err) != 0 ||
	    run_pk(sql[kind], pk, kind_names[kind], err) != 0)
		return -1;
	st = db_stmt("INSERT INTO deletions(kind, id, deleted_at)"
		     " VALUES (?, ?, " NOW ") ON CONFLICT (kind, id)"
		     " DO UPDATE SET deleted_at = excluded.deleted_at");
	if (!st)
		return db_fail("tombstone", err);
	dbs_bind_text(st, 1, kind_names[kind], -1, SQLITE_STATIC);
	dbs_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
	return run(st, "tombstone", id, err);
}

int store_tombstone(enum store_kind kind, const char *id, const char *at,
		    struct problem *err)
{
	dbs *st = db_stmt("INSERT INTO deletions(kind, id, deleted_at)"
			  " VALUES (?, ?, ?) ON CONFLICT (kind, id)"
			  " DO UPDATE SET deleted_at = excluded.deleted_at");

	if (!st)
		return db_fail("tombstone", err);
	dbs_bind_text(st, 1, kind_names[kind], -1, SQLITE_STATIC);
	dbs_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
	dbs_bind_text(st, 3, at, -1, SQLITE_TRANSIENT);
	return run(st, "tombstone", id, err);
}

int store_forget_deletion(enum store_kind kind, const char *id,
			  struct problem *err)
{
	dbs *st = db_stmt("DELETE FROM deletions"
				   " WHERE kind = ? AND id = ?");

	if (!st)
		return db_fail("tombstone", err);
	dbs_bind_text(st, 1, kind_names[kind], -1, SQLITE_STATIC);
	dbs_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
	return run(st, "tombstone", id, err);
}

/*
 * An actor's names are in the index rows of its events (as participants):
 * when they change, those rows are written again. 1 when they changed
 * (or the actor is new), 0 when not, -1 on error.
 */
static int actor_names_changed(sqlite3_int64 pk, struct problem *err)
{
	dbs *st = db_stmt("SELECT NOT EXISTS (SELECT 1 FROM"
				   " actors_fts f, actors a WHERE f.rowid = ?1"
				   " AND a.pk = ?1 AND f.name IS a.name AND"
				   " f.aliases IS " SEARCH_ACTOR_ALIASES ")");
	int rc, changed;

	if (!st)
		return db_fail("search index", err);
	dbs_bind_int64(st, 1, pk);
	rc = dbs_step(st);
	changed = dbs_column_int(st, 0);
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_fail("search index", err);
	return changed;
}

static const char *const actor_events_sql[] = {
	"DELETE FROM events_fts WHERE rowid IN (SELECT "
	EVENT_KEY("date_start", "event") " FROM participants"
	" WHERE actor = ?1)",
	EVENT_FTS EVENT_TEXT " WHERE e.pk IN (SELECT event FROM participants"
	" WHERE actor = ?1) ORDER BY key",
};

int store_reindex(enum store_kind kind, sqlite3_int64 pk,
		  struct problem *err)
{
	int renamed = 0;

	if (kind == STORE_ACTOR &&
	    (renamed = actor_names_changed(pk, err)) < 0)
		return -1;
	if (run_pk(reindex_one_sql[kind][0], pk, "search index", err) ||
	    run_pk(reindex_one_sql[kind][1], pk, "search index", err))
		return -1;
	if (renamed &&
	    (run_pk(actor_events_sql[0], pk, "search index", err) ||
	     run_pk(actor_events_sql[1], pk, "search index", err)))
		return -1;
	return 0;
}

int store_reindex_all(struct problem *err)
{
	size_t i;

	for (i = 0; i < sizeof(reindex_all_sql) / sizeof(reindex_all_sql[0]);
	     i++) {
		dbs *st = db_stmt(reindex_all_sql[i]);

		if (!st)
			return db_fail("reindex", err);
		if (run(st, "search index", NULL, err) != 0)
			return -1;
	}
	return 0;
}
