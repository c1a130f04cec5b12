/* SPDX-License-Identifier: MIT */
/* The PostgreSQL store's connections (see pg.h). */
#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assets.h"
#include "log.h"
#include "pg_stmt.h"
#include "xalloc.h"

int pg_is_uri(const char *path)
{
	return strncmp(path, "postgres://", 11) == 0 ||
	       strncmp(path, "postgresql://", 13) == 0;
}

/* Logs libpq's message, its first line. */
static void log_pg(const char *what, const char *msg)
{
	size_t n = strcspn(msg, "\n");

	log_msg(LOG_ERROR, "postgresql: %s: %.*s", what, (int)n, msg);
}

/* How many hosts conninfo's host (or hostaddr) list names. */
static unsigned host_count(const char *list)
{
	unsigned n = 1;

	for (; list && *list; list++)
		n += *list == ',';
	return n;
}

/*
 * Item k of the comma-separated list, alone; the caller frees it. A list
 * of one item serves every k, as libpq reads a single port for every
 * host.
 */
static char *item_of(const char *list, unsigned k)
{
	const char *p = list, *comma;

	if (host_count(list) == 1)
		k = 0;
	/* Fewer items than k (ports short of the hosts): the last, and
	 * libpq says what is wrong. */
	while (k-- && (comma = strchr(p, ',')))
		p = comma + 1;
	return xstrndup(p, strcspn(p, ","));
}

unsigned pg_hosts(const char *uri)
{
	PQconninfoOption *opts = PQconninfoParse(uri, NULL), *o;
	unsigned n = 1;

	for (o = opts; o && o->keyword; o++) {
		if ((strcmp(o->keyword, "host") == 0 ||
		     strcmp(o->keyword, "hostaddr") == 0) && o->val)
			n = host_count(o->val);
	}
	PQconninfoFree(opts);
	return n;
}

/*
 * Connects with uri's settings: to its host only (-1: any of them, in
 * order) and, with several hosts, one whose session has attrs (libpq's
 * target_session_attrs).
 */
static PGconn *connect_as(const char *uri, int only, const char *attrs)
{
	PQconninfoOption *opts = PQconninfoParse(uri, NULL), *o;
	const char *keys[64], *vals[64];
	char *owned[64];
	unsigned n = pg_hosts(uri), k = 0, nowned = 0, i;
	int has_timeout = 0;
	PGconn *c;

	if (!opts)
		return PQconnectdb(uri);	/* reports what is wrong */
	for (o = opts; o->keyword && k < 60; o++) {
		if (!o->val || strcmp(o->keyword, "target_session_attrs") == 0)
			continue;
		has_timeout |= strcmp(o->keyword, "connect_timeout") == 0;
		keys[k] = o->keyword;
		vals[k] = o->val;
		if (only >= 0 && (strcmp(o->keyword, "host") == 0 ||
				  strcmp(o->keyword, "hostaddr") == 0 ||
				  strcmp(o->keyword, "port") == 0))
			vals[k] = owned[nowned++] = item_of(o->val,
							     (unsigned)only);
		k++;
	}
	if (n > 1) {
		keys[k] = "target_session_attrs";
		vals[k++] = attrs;
	}
	/* A host that does not answer is passed over, not waited on. */
	if (!has_timeout) {
		keys[k] = "connect_timeout";
		vals[k++] = "2";
	}
	keys[k] = vals[k] = NULL;
	c = PQconnectdbParams(keys, vals, 0);
	for (i = 0; i < nowned; i++)
		free(owned[i]);
	PQconninfoFree(opts);
	return c;
}

/*
 * A reader: the standbys asked in turn, each connection the next one
 * after the last that was asked (so that readers spread evenly over
 * them), and when none answers, whichever server does.
 */
static PGconn *connect_reader(const char *uri, atomic_uint *turn)
{
	unsigned n = pg_hosts(uri), i;
	PGconn *c;

	for (i = 0; n > 1 && i < n; i++) {
		c = connect_as(uri, (int)(atomic_fetch_add(turn, 1) % n),
			       "standby");
		if (c && PQstatus(c) == CONNECTION_OK)
			return c;
		PQfinish(c);
	}
	return connect_as(uri, -1, "any");
}

PGconn *pg_connect(const char *uri, enum pg_role role, atomic_uint *turn)
{
	PGconn *c = role == PG_READER ? connect_reader(uri, turn) :
		    connect_as(uri, -1, "read-write");

	if (!c) {
		log_msg(LOG_ERROR, "postgresql: out of memory");
		return NULL;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		log_pg("cannot connect", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	/*
	 * Text as SQLite compares it (bytes), dates and numbers as sent.
	 * Cursors are planned for their first rows, as SQLite's plans are: a
	 * stream read through one (pg_stmt.c) is mostly left after a page's
	 * worth, so an index walk in order beats sorting its whole set,
	 * where the default (10% of the rows read) picks the sort. No JIT: it
	 * costs tens of milliseconds a query and pays off only on long
	 * scans.
	 */
	if (pg_exec(c, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';"
		    " SET extra_float_digits = 3;"
		    " SET cursor_tuple_fraction = " PG_CURSOR_TUPLE_FRACTION ";"
		    " SET jit = off") != 0) {
		PQfinish(c);
		return NULL;
	}
	return c;
}

int pg_exec(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType s = PQresultStatus(r);
	int ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ||
		 s == PGRES_EMPTY_QUERY;

	pgs_transaction_may_end();

	if (!ok)
		log_pg("statement failed", r ? PQresultErrorMessage(r) :
		       PQerrorMessage(c));
	PQclear(r);
	return ok ? 0 : -1;
}

/* Runs an embedded SQL file. 0, or -1 logged. */
static int run_asset(PGconn *c, struct asset a)
{
	char *sql = xstrndup(a.data, a.len);
	int rc = pg_exec(c, sql);

	free(sql);
	return rc;
}

/* 2: indexes end with pk, as SQLite's do implicitly, so that lists
 * sorted by (column, pk) read them in order instead of sorting. */
static int upgrade_indexes(PGconn *c)
{
	return pg_exec(c, "CREATE TABLE schema_version (n integer NOT NULL);"
		" INSERT INTO schema_version VALUES (1);"
		" DROP INDEX sources_published, sources_kind, sources_updated,"
		"  actors_kind, actors_country, actors_updated, events_updated,"
		"  events_certainty, deletions_at, deletions_kind;"
		" CREATE INDEX sources_published ON sources(published, pk);"
		" CREATE INDEX sources_kind ON sources(kind, published, pk);"
		" CREATE INDEX sources_updated ON sources(updated_at, pk);"
		" CREATE INDEX actors_kind ON actors(kind, name, pk);"
		" CREATE INDEX actors_country ON actors(country, name, pk);"
		" CREATE INDEX actors_updated ON actors(updated_at, pk);"
		" CREATE INDEX events_updated ON events(updated_at, pk);"
		" CREATE INDEX events_certainty ON events(certainty, date_start,"
		"  pk) WHERE certainty IS NOT NULL;"
		" CREATE INDEX deletions_at ON deletions(deleted_at, pk);"
		" CREATE INDEX deletions_kind ON deletions(kind, deleted_at,"
		"  pk);");
}

/* 3: relevance reads a row's tsvector, the query's part worked out once
 * (db/pg_relevance.sql, which replaces the functions it makes); 5: a
 * phrase of one word counted by its positions alone. */
static int upgrade_relevance(PGconn *c)
{
	/* No notice on stderr when that function is gone already. */
	return run_asset(c, ASSET(pg_relevance)) == 0 &&
	       pg_exec(c, "SET LOCAL client_min_messages = warning;"
		       " DROP FUNCTION IF EXISTS relevance_of(regclass, text[],"
		       " text, bigint, double precision[])") == 0 ? 0 : -1;
}

/* 4: lists given as parameters read as arrays (db/pg_lists.sql). */
static int upgrade_lists(PGconn *c)
{
	return run_asset(c, ASSET(pg_lists));
}

/* 6: the search tables' sizes kept once a statement (db/pg_fts_sizes.sql). */
static int upgrade_fts_sizes(PGconn *c)
{
	return run_asset(c, ASSET(pg_fts_sizes));
}

/* 7: actors' kinds and countries indexed together (SQLite's migration
 * 65), for their facets. */
static int upgrade_actor_facets(PGconn *c)
{
	return pg_exec(c, "CREATE INDEX IF NOT EXISTS actors_kind_country"
		       " ON actors(kind, country);"
		       " CREATE INDEX IF NOT EXISTS actors_country_kind"
		       " ON actors(country, kind)");
}

/* 8: a kind's and a country's actors by name as the list sorts them,
 * and by id (SQLite's migration 67). */
static int upgrade_actor_streams(PGconn *c)
{
	return pg_exec(c, "DROP INDEX actors_kind, actors_country;"
		       " CREATE INDEX actors_kind ON actors(kind, lower(name),"
		       "  pk);"
		       " CREATE INDEX actors_country ON actors(country,"
		       "  lower(name), pk);"
		       " CREATE INDEX IF NOT EXISTS actors_kind_id"
		       "  ON actors(kind, id, pk);"
		       " CREATE INDEX IF NOT EXISTS actors_country_id"
		       "  ON actors(country, id, pk)");
}

/*
 * What brings a schema an earlier version of the SQL files made up to
 * date: upgrades[i] makes version i + 2 of version i + 1. Version 1 had
 * no schema_version table. A new database gets the last version made by
 * the files themselves.
 */
static int (*const upgrades[])(PGconn *c) = {
	upgrade_indexes,
	upgrade_relevance,
	upgrade_lists,
	upgrade_relevance,
	upgrade_fts_sizes,
	upgrade_actor_facets,
	upgrade_actor_streams,
};

#define SCHEMA_VERSION (1 + (int)(sizeof(upgrades) / sizeof(*upgrades)))

/* The first value of sql's first row as a number; -1 when it failed. */
static long pg_number(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	long n = -1;

	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0)
		n = PQgetisnull(r, 0, 0) ? 0 : atol(PQgetvalue(r, 0, 0));
	else
		log_pg("cannot read the schema", PQresultErrorMessage(r));
	PQclear(r);
	return n;
}

/*
 * Brings a schema of version v up to date: the upgrades it lacks, then
 * its version set. 0, or -1 logged.
 */
static int upgrade(PGconn *c, long v)
{
	char sql[96];

	if (v > SCHEMA_VERSION) {
		log_msg(LOG_ERROR, "postgresql: the schema is version %ld,"
			" newer than this build's %d", v, SCHEMA_VERSION);
		return -1;
	}
	if (v == SCHEMA_VERSION)
		return 0;
	for (; v < SCHEMA_VERSION; v++) {
		if (upgrades[v - 1](c) != 0)
			return -1;
	}
	snprintf(sql, sizeof(sql), "UPDATE schema_version SET n = %d",
		 SCHEMA_VERSION);
	if (pg_exec(c, sql) != 0)
		return -1;
	log_msg(LOG_INFO, "upgraded the schema to version %d", SCHEMA_VERSION);
	return 0;
}

/* Creates the schema in a database that has none. 0, or -1 logged. */
static int create(PGconn *c)
{
	char version[64];

	snprintf(version, sizeof(version),
		 "INSERT INTO schema_version VALUES (%d)", SCHEMA_VERSION);
	if (run_asset(c, ASSET(pg_compat)) != 0 ||
	    run_asset(c, ASSET(pg_schema)) != 0 ||
	    run_asset(c, ASSET(pg_fts_sizes)) != 0 ||
	    run_asset(c, ASSET(pg_relevance)) != 0 ||
	    run_asset(c, ASSET(pg_lists)) != 0 || pg_exec(c, version) != 0)
		return -1;
	log_msg(LOG_INFO, "created the schema");
	return 0;
}

int pg_migrate(PGconn *c)
{
	long v;
	int rc;

	/* One transaction, under a lock that makes servers starting
	 * together take turns: the second finds the work done. */
	if (pg_exec(c, "BEGIN; SELECT pg_advisory_xact_lock(7370734)") != 0)
		return -1;
	v = pg_number(c, "SELECT CASE WHEN to_regclass('meta') IS NULL"
		      " THEN 0 WHEN to_regclass('schema_version') IS NULL"
		      " THEN 1 ELSE 2 END");
	if (v == 2)	/* the table names it */
		v = pg_number(c, "SELECT max(n) FROM schema_version");
	rc = v < 0 ? -1 : v == 0 ? create(c) : upgrade(c, v);
	if (rc == 0 && pg_exec(c, "COMMIT") == 0)
		return 0;
	pg_exec(c, "ROLLBACK");
	return -1;
}
