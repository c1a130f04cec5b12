/* SPDX-License-Identifier: MIT */
/* JSON records into the normalised tables (see store.h). */
#include "store.h"

#include <string.h>

#include "dates.h"
#include "db.h"
#include "log.h"

/* Binds a JSON string (or null/absent as SQL NULL) to parameter i. */
static void bind_text(sqlite3_stmt *st, int i, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_string(v))
		sqlite3_bind_text(st, i, json_string_value(v),
				  (int)json_string_length(v), SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static const char *str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* Steps st once to completion and releases it. */
static int run(sqlite3_stmt *st, const char *what, const char *id,
	       struct problem *err)
{
	int rc = sqlite3_step(st);

	db_done(st);
	if (rc == SQLITE_DONE)
		return 0;
	log_msg(LOG_ERROR, "storing %s '%s' failed: %s", what,
		id ? id : "?", sqlite3_errmsg(db_conn()));
	return problem_set(err, PROB_INTERNAL, "storing %s failed", what);
}

static int insert_citations(const char *table_sql, sqlite3_int64 pk,
			    json_t *sources, const char *id,
			    struct problem *err)
{
	size_t i;
	json_t *c;

	json_array_foreach(sources, i, c) {
		sqlite3_stmt *st = db_stmt(table_sql);

		if (!st)
			return db_fail("citation", err);
		sqlite3_bind_int64(st, 1, pk);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		bind_text(st, 3, c, "source");
		bind_text(st, 4, c, "quote");
		if (run(st, "citation", id, err) != 0)
			return -1;
	}
	return 0;
}

int store_source(json_t *s, struct problem *err)
{
	sqlite3_stmt *st = db_stmt(
		"INSERT INTO sources(id, title, publisher, author, published,"
		" url, kind) VALUES (?1, ?2, ?3, ?4, ifnull(?5, ''), ?6, ?7)");

	if (!st)
		return db_fail("source", err);
	bind_text(st, 1, s, "id");
	bind_text(st, 2, s, "title");
	bind_text(st, 3, s, "publisher");
	bind_text(st, 4, s, "author");
	bind_text(st, 5, s, "published");
	bind_text(st, 6, s, "url");
	bind_text(st, 7, s, "kind");
	return run(st, "source", str(s, "id"), err);
}

int store_actor(json_t *a, struct problem *err)
{
	const char *id = str(a, "id");
	sqlite3_stmt *st;
	sqlite3_int64 pk;
	char *aliases;
	json_t *m;
	size_t i;

	st = db_stmt("INSERT INTO actors(id, name, kind, country, title,"
		     " aliases, description, wikidata)"
		     " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return db_fail("actor", err);
	aliases = json_dumps(json_object_get(a, "aliases"), JSON_COMPACT);
	bind_text(st, 1, a, "id");
	bind_text(st, 2, a, "name");
	bind_text(st, 3, a, "kind");
	bind_text(st, 4, a, "country");
	bind_text(st, 5, a, "title");
	sqlite3_bind_text(st, 6, aliases ? aliases : "[]", -1,
			  SQLITE_TRANSIENT);
	free(aliases);
	bind_text(st, 7, a, "description");
	bind_text(st, 8, a, "wikidata");
	if (run(st, "actor", id, err) != 0)
		return -1;
	pk = sqlite3_last_insert_rowid(db_conn());

	json_array_foreach(json_object_get(a, "members"), i, m) {
		st = db_stmt("INSERT INTO actor_members(actor, country)"
			     " VALUES (?, ?)");
		if (!st)
			return db_fail("member", err);
		sqlite3_bind_int64(st, 1, pk);
		sqlite3_bind_text(st, 2, json_string_value(m), -1,
				  SQLITE_TRANSIENT);
		if (run(st, "alliance member", id, err) != 0)
			return -1;
	}
	return insert_citations(
		"INSERT INTO actor_citations(actor, position, source, quote)"
		" VALUES (?, ?, (SELECT pk FROM sources WHERE id = ?), ?)",
		pk, json_object_get(a, "sources"), id, err);
}

int store_actor_links(json_t *a, struct problem *err)
{
	const char *id = str(a, "id");
	json_t *aff;
	size_t i;

	json_array_foreach(json_object_get(a, "affiliations"), i, aff) {
		sqlite3_stmt *st = db_stmt(
			"INSERT INTO actor_affiliations(actor, position, org,"
			" role) VALUES ((SELECT pk FROM actors WHERE id = ?),"
			" ?, (SELECT pk FROM actors WHERE id = ?), ?)");

		if (!st)
			return db_fail("affiliation", err);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		bind_text(st, 3, aff, "actor");
		bind_text(st, 4, aff, "role");
		if (run(st, "affiliation", id, err) != 0)
			return -1;
	}
	return 0;
}

static int insert_event_country(sqlite3_int64 pk, const char *code,
				const char *id, struct problem *err)
{
	sqlite3_stmt *st = db_stmt("INSERT OR IGNORE INTO"
				   " event_countries(event, country)"
				   " VALUES (?, ?)");

	if (!st)
		return db_fail("event country", err);
	sqlite3_bind_int64(st, 1, pk);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
	return run(st, "event country", id, err);
}

int store_event(json_t *e, struct problem *err)
{
	const char *id = str(e, "id");
	const char *date = str(e, "date");
	struct date_range range;
	sqlite3_stmt *st;
	sqlite3_int64 pk;
	json_t *v;
	size_t i;

	if (date && date_parse(date, &range) != 0)
		return problem_set(err, PROB_INTERNAL, "bad date '%s'", date);
	st = db_stmt("INSERT INTO events(id, title, summary, date,"
		     " date_precision, date_start, date_end, type_code,"
		     " quad_class, country) VALUES (?1, ?2, ?3, ?4, ?5,"
		     " ifnull(?6, ''), ifnull(?7, ''), ?8,"
		     " (SELECT quad_class FROM event_types WHERE code = ?8),"
		     " ?9)");
	if (!st)
		return db_fail("event", err);
	bind_text(st, 1, e, "id");
	bind_text(st, 2, e, "title");
	bind_text(st, 3, e, "summary");
	bind_text(st, 4, e, "date");
	if (date) {
		sqlite3_bind_text(st, 5, date_precision_name(range.precision),
				  -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, range.first, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, range.last, -1, SQLITE_TRANSIENT);
	}
	bind_text(st, 8, e, "type");
	bind_text(st, 9, e, "country");
	if (run(st, "event", id, err) != 0)
		return -1;
	pk = sqlite3_last_insert_rowid(db_conn());

	if (str(e, "country") &&
	    insert_event_country(pk, str(e, "country"), id, err) != 0)
		return -1;
	json_array_foreach(json_object_get(e, "countries"), i, v) {
		if (insert_event_country(pk, json_string_value(v), id,
					 err) != 0)
			return -1;
	}
	json_array_foreach(json_object_get(e, "participants"), i, v) {
		st = db_stmt("INSERT INTO participants(event, position, actor,"
			     " role, note) VALUES (?, ?,"
			     " (SELECT pk FROM actors WHERE id = ?), ?, ?)");
		if (!st)
			return db_fail("participant", err);
		sqlite3_bind_int64(st, 1, pk);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		bind_text(st, 3, v, "actor");
		bind_text(st, 4, v, "role");
		bind_text(st, 5, v, "note");
		if (run(st, "participant", id, err) != 0)
			return -1;
	}
	return insert_citations(
		"INSERT INTO event_citations(event, position, source, quote)"
		" VALUES (?, ?, (SELECT pk FROM sources WHERE id = ?), ?)",
		pk, json_object_get(e, "sources"), id, err);
}

int store_event_links(json_t *e, struct problem *err)
{
	const char *id = str(e, "id");
	json_t *r;
	size_t i;

	json_array_foreach(json_object_get(e, "related"), i, r) {
		sqlite3_stmt *st = db_stmt(
			"INSERT INTO event_relations(event, related, relation)"
			" VALUES ((SELECT pk FROM events WHERE id = ?),"
			" (SELECT pk FROM events WHERE id = ?), ?)");

		if (!st)
			return db_fail("relation", err);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		bind_text(st, 2, r, "event");
		bind_text(st, 3, r, "relation");
		if (run(st, "relation", id, err) != 0)
			return -1;
	}
	return 0;
}

/*
 * The text each full-text index holds for a record. Every statement takes
 * ?1 = pk of one record, or NULL for all of them.
 */
static const char *const reindex_sql[] = {
	"DELETE FROM countries_fts WHERE ?1 IS NULL OR rowid = ?1",
	"INSERT INTO countries_fts(rowid, name, common_name, official_name,"
	" capital) SELECT pk, name, common_name, official_name, capital"
	" FROM countries WHERE ?1 IS NULL OR pk = ?1",
	"DELETE FROM event_types_fts WHERE ?1 IS NULL OR rowid = ?1",
	"INSERT INTO event_types_fts(rowid, label) SELECT pk, label"
	" FROM event_types WHERE ?1 IS NULL OR pk = ?1",
	"DELETE FROM sources_fts WHERE ?1 IS NULL OR rowid = ?1",
	"INSERT INTO sources_fts(rowid, title, publisher, author)"
	" SELECT pk, title, publisher, author FROM sources"
	" WHERE ?1 IS NULL OR pk = ?1",
	"DELETE FROM actors_fts WHERE ?1 IS NULL OR rowid = ?1",
	"INSERT INTO actors_fts(rowid, name, aliases, title, description,"
	" quotes) SELECT a.pk, a.name,"
	" (SELECT group_concat(value, ' ') FROM json_each(a.aliases)),"
	" a.title, a.description,"
	" (SELECT group_concat(quote, ' ') FROM actor_citations"
	"  WHERE actor = a.pk) FROM actors a WHERE ?1 IS NULL OR a.pk = ?1",
	"DELETE FROM events_fts WHERE ?1 IS NULL OR rowid = ?1",
	"INSERT INTO events_fts(rowid, title, summary, quotes)"
	" SELECT e.pk, e.title, e.summary,"
	" (SELECT group_concat(quote, ' ') FROM event_citations"
	"  WHERE event = e.pk) FROM events e WHERE ?1 IS NULL OR e.pk = ?1",
};

int store_reindex_all(struct problem *err)
{
	size_t i;

	for (i = 0; i < sizeof(reindex_sql) / sizeof(reindex_sql[0]); i++) {
		sqlite3_stmt *st = db_stmt(reindex_sql[i]);

		if (!st)
			return db_fail("reindex", err);
		if (run(st, "search index", NULL, err) != 0)
			return -1;
	}
	return 0;
}
