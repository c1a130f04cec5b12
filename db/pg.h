/* SPDX-License-Identifier: MIT */
/*
 * The PostgreSQL store's connections (`--db postgres://...` or
 * postgresql://, libpq's URI form, several hosts allowed): opening one,
 * running SQL without results on it, and creating the schema
 * (db/pg_schema.sql) in a database that has none or bringing an older
 * one up to date.
 */
#ifndef DOSSIER_PG_H
#define DOSSIER_PG_H

#include <libpq-fe.h>
#include <stdatomic.h>

/*
 * The share of a cursor's rows its queries are planned for (PostgreSQL's
 * cursor_tuple_fraction): a hundredth, as the streams read through
 * cursors (pg_stmt.c) mostly stop after a page.
 */
#define PG_CURSOR_TUPLE_FRACTION "0.01"

/* Whether path names a PostgreSQL database rather than a SQLite file. */
int pg_is_uri(const char *path);

/* What a connection is for. */
enum pg_role {
	PG_PRIMARY,	/* writes, and reads that must see them */
	PG_READER	/* other reads: a hot standby when there is one */
};

/* How many hosts uri names (libpq's multi-host form). */
unsigned pg_hosts(const char *uri);

/*
 * A connection to uri for role, or NULL after logging why (never the
 * password). With several hosts, PG_PRIMARY finds the one that accepts
 * writes; PG_READER a hot standby, asking the hosts in turn (*turn, which
 * every reader's connection shares and moves on) so that readers spread
 * evenly over the standbys, or any server when no standby answers.
 */
PGconn *pg_connect(const char *uri, enum pg_role role, atomic_uint *turn);

/*
 * This thread's connection to the primary (db.c), for what only libpq
 * does (COPY); NULL on SQLite.
 */
PGconn *db_pg_primary(void);

/* Runs sql (one or more statements, no results). 0, or -1 logged. */
int pg_exec(PGconn *c, const char *sql);

/*
 * Creates the schema in a database that has none, or brings one an
 * earlier version made up to date. 0, or -1 logged.
 */
int pg_migrate(PGconn *c);

#endif
