/* SPDX-License-Identifier: MIT */
/*
 * The PostgreSQL store's connections (`--db postgres://...` or
 * postgresql://, libpq's URI form, several hosts allowed): opening one,
 * running SQL without results on it, and creating the schema
 * (db/pg_schema.sql) in a database that has none.
 */
#ifndef DOSSIER_PG_H
#define DOSSIER_PG_H

#include <libpq-fe.h>

/* Whether path names a PostgreSQL database rather than a SQLite file. */
int pg_is_uri(const char *path);

/* A connection to uri, or NULL after logging why (never the password). */
PGconn *pg_connect(const char *uri);

/* Runs sql (one or more statements, no results). 0, or -1 logged. */
int pg_exec(PGconn *c, const char *sql);

/* Creates the schema unless the database has it. 0, or -1 logged. */
int pg_migrate(PGconn *c);

#endif
