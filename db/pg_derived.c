/* SPDX-License-Identifier: MIT */
/*
 * The PostgreSQL store's summaries, made from the SQLite schema itself
 * (see pg_derived.h): SQLite's migrations and summary triggers run on an
 * empty database in memory, and what they made that db/pg_schema.sql does
 * not hold is written for PostgreSQL: tables by their columns' types and
 * primary keys, indexes, views and triggers by their SQL, through the
 * same translation statements get (pg_stmt.h).
 */
#include "pg_derived.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "pg.h"
#include "pg_stmt.h"
#include "strmap.h"
#include "xalloc.h"

/* A column's PostgreSQL type from its SQLite declaration (affinity). */
static const char *pg_type(const char *decl)
{
	char up[64];
	size_t i;

	for (i = 0; decl && decl[i] && i < sizeof(up) - 1; i++)
		up[i] = (char)toupper((unsigned char)decl[i]);
	up[i] = '\0';
	if (strstr(up, "INT"))
		return "bigint";
	if (strstr(up, "CHAR") || strstr(up, "CLOB") || strstr(up, "TEXT"))
		return "text";
	if (strstr(up, "BLOB"))
		return "bytea";
	if (strstr(up, "REAL") || strstr(up, "FLOA") || strstr(up, "DOUB"))
		return "double precision";
	return "text";
}

/* Runs sql on pg, logging it whole when it fails. */
static int run(PGconn *pg, const char *what, const char *sql)
{
	if (pg_exec(pg, sql) == 0)
		return 0;
	log_msg(LOG_ERROR, "postgresql: cannot create %s: %s", what, sql);
	return -1;
}

/* Whether PostgreSQL has a table or view of this name. */
static int pg_has(PGconn *pg, const char *name)
{
	const char *v[1] = { name };
	PGresult *r = PQexecParams(pg, "SELECT to_regclass($1) IS NOT NULL",
				   1, NULL, v, NULL, NULL, 0);
	int has = PQresultStatus(r) == PGRES_TUPLES_OK &&
		  PQgetvalue(r, 0, 0)[0] == 't';

	PQclear(r);
	return has;
}

/* The table's CREATE TABLE for PostgreSQL, from SQLite's table_info. */
static int create_table(sqlite3 *mem, PGconn *pg, const char *name)
{
	struct buf sql = BUF_INIT, pk = BUF_INIT;
	sqlite3_stmt *st;
	int npk = 0, rc, k;

	if (sqlite3_prepare_v2(mem, "SELECT name, type, \"notnull\","
			       " dflt_value, pk FROM pragma_table_info(?1)"
			       " ORDER BY cid", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	buf_printf(&sql, "CREATE TABLE %s (", name);
	for (k = 0; (rc = sqlite3_step(st)) == SQLITE_ROW; k++) {
		const char *col = (const char *)sqlite3_column_text(st, 0);
		const char *dflt = (const char *)sqlite3_column_text(st, 3);

		buf_printf(&sql, "%s%s %s%s", k ? ", " : "", col,
			   pg_type((const char *)sqlite3_column_text(st, 1)),
			   sqlite3_column_int(st, 2) ? " NOT NULL" : "");
		if (dflt)
			buf_printf(&sql, " DEFAULT %s", dflt);
		if (sqlite3_column_int(st, 4))
			npk++;
	}
	sqlite3_finalize(st);
	/* The key's columns in their order in it. */
	if (npk && sqlite3_prepare_v2(mem, "SELECT name FROM"
				      " pragma_table_info(?1) WHERE pk > 0"
				      " ORDER BY pk", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		for (k = 0; sqlite3_step(st) == SQLITE_ROW; k++)
			buf_printf(&pk, "%s%s", k ? ", " : "",
				   sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		buf_printf(&sql, ", PRIMARY KEY (%s)", buf_str(&pk));
	}
	buf_putc(&sql, ')');
	rc = run(pg, name, buf_str(&sql));
	buf_free(&sql);
	buf_free(&pk);
	return rc;
}

/* sql translated and run (an index or a view). */
static int create_translated(PGconn *pg, const char *what, const char *sql)
{
	char *t = pgs_translate_sql(sql);
	int rc;

	if (!t)
		return -1;
	rc = run(pg, what, t);
	free(t);
	return rc;
}

/*
 * The type of column col of one of the summary triggers' views, which
 * SQLite leaves untyped (SELECT NULL, ...): what the triggers put there.
 */
static const char *delta_type(const char *view, const char *col)
{
	if (strcmp(col, "cc") == 0 || strcmp(col, "r") == 0 ||
	    strcmp(col, "role") == 0 || strcmp(col, "country") == 0)
		return "text";
	if ((strcmp(col, "plus") == 0 || strcmp(col, "minus") == 0))
		return strcmp(view, "stats_set_delta") == 0 ? "text" : "bigint";
	if (strcmp(col, "actor_edge") == 0 || strcmp(col, "role_edge") == 0 ||
	    strcmp(col, "all_time") == 0 || strcmp(col, "alone") == 0)
		return "flag";	/* pg_compat.sql */
	return "bigint";
}

/* A view of the summary triggers, its columns typed (delta_type). */
static int create_delta_view(sqlite3 *mem, PGconn *pg, const char *name)
{
	struct buf sql = BUF_INIT, cols = BUF_INIT;
	sqlite3_stmt *st;
	int k, rc;

	if (sqlite3_prepare_v2(mem, "SELECT name FROM pragma_table_info(?1)"
			       " ORDER BY cid", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	for (k = 0; sqlite3_step(st) == SQLITE_ROW; k++) {
		const char *col = (const char *)sqlite3_column_text(st, 0);

		buf_printf(&cols, "%sNULL::%s AS %s", k ? ", " : "",
			   delta_type(name, col), col);
	}
	sqlite3_finalize(st);
	buf_printf(&sql, "CREATE VIEW %s AS SELECT %s", name, buf_str(&cols));
	rc = run(pg, name, buf_str(&sql));
	buf_free(&sql);
	buf_free(&cols);
	return rc;
}

/* The text after the first occurrence of word at or after p, or NULL. */
static const char *after(const char *p, const char *word)
{
	const char *m = strstr(p, word);

	return m ? m + strlen(word) : NULL;
}

/*
 * One of SQLite's triggers as a PL/pgSQL function and a row trigger
 * running it: its WHEN (which PostgreSQL's may not give a subquery) an
 * IF around the body.
 */
static int create_trigger(PGconn *pg, const char *sql)
{
	struct buf out = BUF_INIT;
	const char *p, *name, *event, *on, *table, *when, *body, *end;
	char *body_pg = NULL, *when_pg = NULL, *tmp;
	size_t nname, nevent, ntable;
	int rc;

	p = after(sql, "TRIGGER ");
	if (p && strncmp(p, "IF NOT EXISTS ", 14) == 0)
		p += 14;
	if (!p)
		return -1;
	name = p;
	while (*p && !isspace((unsigned char)*p))
		p++;
	nname = (size_t)(p - name);
	while (isspace((unsigned char)*p))
		p++;
	event = p;
	for (on = p; *on && !(isspace((unsigned char)on[0]) &&
			     strncmp(on + 1, "ON", 2) == 0 &&
			     isspace((unsigned char)on[3])); on++)
		;
	if (!*on)
		return -1;
	nevent = (size_t)(on - event);
	table = on + 4;
	while (isspace((unsigned char)*table))
		table++;
	if (strncmp(table, "main.", 5) == 0)
		table += 5;
	p = table;
	while (*p && !isspace((unsigned char)*p))
		p++;
	ntable = (size_t)(p - table);
	while (isspace((unsigned char)*p))
		p++;
	when = NULL;
	if (strncmp(p, "WHEN ", 5) == 0)
		when = p + 5;
	body = strstr(p, "BEGIN");
	end = body ? strstr(body, "END") : NULL;
	if (!body || !end)
		return -1;
	/* The last END closes the body (a CASE inside has its own). */
	for (tmp = strstr(end + 3, "END"); tmp; tmp = strstr(tmp + 3, "END"))
		end = tmp;
	if (when) {
		tmp = xstrndup(when, (size_t)(body - when));
		when_pg = pgs_translate_sql(tmp);
		free(tmp);
	}
	tmp = xstrndup(body + 5, (size_t)(end - body - 5));
	body_pg = pgs_translate_sql(tmp);
	free(tmp);
	if (!body_pg || (when && !when_pg)) {
		free(body_pg);
		free(when_pg);
		return -1;
	}
	buf_printf(&out, "CREATE FUNCTION %.*s_fn() RETURNS trigger"
		   " LANGUAGE plpgsql AS $trigger$ BEGIN ", (int)nname, name);
	if (when_pg)
		buf_printf(&out, "IF %s THEN ", when_pg);
	buf_puts(&out, body_pg);
	if (when_pg)
		buf_puts(&out, " END IF;");
	/* A BEFORE trigger's NULL would skip its row's change. */
	buf_printf(&out, " RETURN %s; END $trigger$; CREATE TRIGGER %.*s",
		   strncmp(event, "BEFORE", 6) != 0 ? "NULL" :
		   strstr(event, "DELETE") && strstr(event, "DELETE") < on ?
		   "OLD" : "NEW", (int)nname, name);
	buf_printf(&out, " %.*s ON %.*s FOR EACH ROW EXECUTE FUNCTION"
		   " %.*s_fn()", (int)nevent, event, (int)ntable, table,
		   (int)nname, name);
	rc = run(pg, "a trigger", buf_str(&out));
	buf_free(&out);
	free(body_pg);
	free(when_pg);
	return rc;
}

/* Whether a SQLite table is one of FTS5's or R*Tree's own. */
static int shadow_table(const char *name)
{
	static const char *const ends[] = {
		"_data", "_idx", "_content", "_docsize", "_config",
		"_rowid", "_node", "_parent",
	};
	size_t i, n = strlen(name), e;

	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		e = strlen(ends[i]);
		if (n > e && strcmp(name + n - e, ends[i]) == 0 &&
		    (strstr(name, "_fts") || strstr(name, "_geo")))
			return 1;
	}
	return 0;
}

/*
 * The list of changed events (migration 66) and the triggers that keep
 * it: SQLite's copy of the events' columns is made from the last one
 * with it; PostgreSQL's is read anew each time (columns_patch.c).
 */
static int sqlite_alone(const char *name, const char *sql)
{
	return strcmp(name, "event_changes") == 0 ||
	       (sql && strstr(sql, "event_changes"));
}

/*
 * Whether mem's object of sqlite_master (name, its table tbl, its sql)
 * is written for PostgreSQL: FTS5's and R*Tree's own and SQLite's alone
 * are not.
 */
static int derived(const char *name, const char *tbl, const char *sql)
{
	return !strstr(sql, "VIRTUAL TABLE") && !shadow_table(tbl) &&
	       strncmp(name, "sqlite_", 7) != 0 && !sqlite_alone(tbl, NULL);
}

int pg_derived_tables(sqlite3 *mem, PGconn *pg)
{
	static const char *const kinds[] = { "table", "index", "view" };
	sqlite3_stmt *st;
	size_t k;
	int rc = 0;

	/* Tables first, then their indexes and the views over them. */
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]) && rc == 0; k++) {
		if (sqlite3_prepare_v2(mem, "SELECT name, tbl_name, sql"
				       " FROM sqlite_master WHERE type = ?1"
				       " AND sql IS NOT NULL ORDER BY rowid",
				       -1, &st, NULL) != SQLITE_OK)
			return -1;
		sqlite3_bind_text(st, 1, kinds[k], -1, SQLITE_STATIC);
		while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
			const char *name =
				(const char *)sqlite3_column_text(st, 0);
			const char *tbl =
				(const char *)sqlite3_column_text(st, 1);
			const char *sql =
				(const char *)sqlite3_column_text(st, 2);

			if (!derived(name, tbl, sql))
				continue;
			if (k == 0 && !pg_has(pg, name))
				rc = create_table(mem, pg, name);
			else if (k == 1 && strncmp(tbl, "stats_", 6) == 0 &&
				 !pg_has(pg, name))
				rc = create_translated(pg, name, sql);
			else if (k == 2 && !pg_has(pg, name))
				rc = create_translated(pg, name, sql);
		}
		sqlite3_finalize(st);
	}
	return rc == 0 ? pgs_load_primary_keys(pg) : -1;
}

/* Drops the triggers pg_derived_triggers() wrote, with their functions. */
static int drop_triggers(PGconn *pg)
{
	/* No notice on stderr for each trigger the drop takes along. */
	if (pg_exec(pg, "SET LOCAL client_min_messages = warning;"
		    " DO $$DECLARE r record; BEGIN FOR r IN SELECT"
		    " DISTINCT p.oid::regprocedure AS f FROM pg_trigger g"
		    " JOIN pg_proc p ON p.oid = g.tgfoid"
		    " WHERE NOT g.tgisinternal AND " PG_DERIVED_TRIGGER
		    " LOOP EXECUTE format('DROP FUNCTION %s CASCADE', r.f);"
		    " END LOOP; END$$") == 0)
		return 0;
	log_msg(LOG_ERROR, "postgresql: cannot drop the summaries' triggers");
	return -1;
}

int pg_derived_triggers(sqlite3 *mem, PGconn *pg)
{
	sqlite3_stmt *st;
	int rc = drop_triggers(pg);

	/* The summary triggers' own tables and views (they hold nothing
	 * between statements: made again as mem has them), then the
	 * triggers. */
	if (rc == 0 && sqlite3_prepare_v2(mem, "SELECT type, name, sql FROM"
					  " sqlite_temp_master WHERE sql IS"
					  " NOT NULL AND type IN ('table',"
					  " 'view', 'trigger') ORDER BY"
					  " type <> 'table', type <> 'view',"
					  " rowid", -1, &st, NULL) == SQLITE_OK) {
		while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
			const char *type =
				(const char *)sqlite3_column_text(st, 0);
			const char *name =
				(const char *)sqlite3_column_text(st, 1);
			char drop[200];

			if (sqlite_alone(name, (const char *)
					 sqlite3_column_text(st, 2)))
				continue;
			if (strcmp(type, "trigger") != 0 && pg_has(pg, name)) {
				snprintf(drop, sizeof(drop), "DROP %s %s CASCADE",
					 strcmp(type, "table") == 0 ? "TABLE" :
					 "VIEW", name);
				if ((rc = pg_exec(pg, drop)) != 0)
					break;
			}
			if (strcmp(type, "table") == 0)
				rc = create_table(mem, pg, name);
			else if (strcmp(type, "view") == 0)
				rc = create_delta_view(mem, pg, name);
			else if ((rc = create_trigger(pg, (const char *)
					sqlite3_column_text(st, 2))) != 0)
				log_msg(LOG_ERROR, "postgresql: cannot write"
					" the trigger %s", name);
		}
		sqlite3_finalize(st);
	}
	return rc == 0 ? pgs_load_primary_keys(pg) : -1;
}

int pg_derived_schema(sqlite3 *mem, PGconn *pg)
{
	return pg_derived_tables(mem, pg) == 0 &&
	       pg_derived_triggers(mem, pg) == 0 ? 0 : -1;
}

int pg_derived_missing(sqlite3 *mem, PGconn *pg, struct strmap *missing)
{
	sqlite3_stmt *st;
	int rc;

	/* The tables pg_derived_tables() creates: pg_schema.sql's are
	 * there. */
	if (sqlite3_prepare_v2(mem, "SELECT name, sql FROM sqlite_master"
			       " WHERE type = 'table' AND sql IS NOT NULL",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		if (derived(name, name, (const char *)sqlite3_column_text(st,
									    1)) &&
		    !pg_has(pg, name))
			strmap_put(missing, name, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int pg_derived_lock_writes(sqlite3 *mem, PGconn *pg)
{
	sqlite3_stmt *st;
	int rc;

	/* The tables the triggers there watch... */
	rc = pg_exec(pg, "DO $$DECLARE r record; BEGIN FOR r IN SELECT"
		     " DISTINCT g.tgrelid::regclass AS t FROM pg_trigger g"
		     " JOIN pg_proc p ON p.oid = g.tgfoid"
		     " JOIN pg_class c ON c.oid = g.tgrelid"
		     " WHERE NOT g.tgisinternal AND c.relkind IN ('r', 'p')"
		     " AND " PG_DERIVED_TRIGGER " LOOP EXECUTE"
		     " format('LOCK TABLE %s IN SHARE MODE', r.t);"
		     " END LOOP; END$$");
	/* ... and those mem's watch, which a later migration's may add
	 * (actor_citations and sources, migration 69). */
	if (rc == 0 && sqlite3_prepare_v2(mem, "SELECT DISTINCT tbl_name"
					  " FROM sqlite_temp_master"
					  " WHERE type = 'trigger'"
					  " AND sql NOT LIKE '%event_changes%'",
					  -1, &st, NULL) != SQLITE_OK)
		rc = -1;
	else if (rc == 0) {
		while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
			const char *t = (const char *)sqlite3_column_text(st,
									  0);
			char sql[200];

			if (sqlite_alone(t, NULL) || !pg_has(pg, t))
				continue;
			snprintf(sql, sizeof(sql), "LOCK TABLE %s IN SHARE"
				 " MODE", t);
			rc = pg_exec(pg, sql);
		}
		sqlite3_finalize(st);
	}
	if (rc == 0)
		return 0;
	log_msg(LOG_ERROR, "postgresql: cannot hold writes for the"
		" summaries");
	return -1;
}

/* Each table's derived triggers turned on or off by one ALTER TABLE. */
#define DERIVED_TRIGGERS(verb) \
	"DO $$DECLARE r record; BEGIN FOR r IN SELECT g.tgrelid::regclass" \
	" AS t, string_agg(format('" verb " TRIGGER %I', g.tgname), ', ')" \
	" AS a FROM pg_trigger g JOIN pg_proc p ON p.oid = g.tgfoid" \
	" JOIN pg_class c ON c.oid = g.tgrelid WHERE NOT g.tgisinternal" \
	" AND g.tgparentid = 0 AND c.relkind IN ('r', 'p')" \
	" AND c.relnamespace = current_schema()::regnamespace" \
	" AND " PG_DERIVED_TRIGGER " GROUP BY 1 LOOP" \
	" EXECUTE format('ALTER TABLE %s %s', r.t, r.a); END LOOP; END$$"

const char *pg_derived_triggers_sql(int on)
{
	return on ? DERIVED_TRIGGERS("ENABLE") : DERIVED_TRIGGERS("DISABLE");
}
