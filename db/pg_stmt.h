/* SPDX-License-Identifier: MIT */
/*
 * Statements on a PostgreSQL connection that answer SQLite's statement
 * calls (dbs.h): SQL written for SQLite with its parameters (?, ?NNN,
 * :name, @name) sent with PostgreSQL's ($1, $2, ...), every value sent
 * as text of no declared type so that PostgreSQL types it from where it
 * stands (as SQLite's own loose typing would take it), and each result
 * column typed as SQLite would type its value: whole numbers INTEGER,
 * floating point FLOAT (its text SQLite's own rendering, %!.15g), bytea
 * BLOB, anything else TEXT.
 */
#ifndef DOSSIER_PG_STMT_H
#define DOSSIER_PG_STMT_H

#include <libpq-fe.h>

#include "dbs.h"

/*
 * A statement of sql, or NULL when sql names more than the parameters
 * PostgreSQL takes. Its text is translated once; it runs at its first
 * dbs_step(), on the connection conn() gives then (NULL fails the step
 * with SQLSTATE 08006), so that one statement serves a thread's primary
 * and standby alike.
 */
dbs *pgs_new(PGconn *(*conn)(void), const char *sql);

/*
 * Reads every table's primary key from c's database, for the upserts
 * that leave it out as SQLite allows (call after the schema changes,
 * before threads run). 0 or -1.
 */
int pgs_load_primary_keys(PGconn *c);

/* Translates sql as pgs_new() does; the caller frees the result. */
char *pgs_translate_sql(const char *sql);

/*
 * Says a transaction on this thread's connections may have ended (any
 * SQL run outside these statements): the cursors statements opened
 * before are then left to the transaction's end, never closed by name
 * in another (see pg_stmt.c's struct cursor).
 */
void pgs_transaction_may_end(void);

/* Rows the last statement run on this thread changed (sqlite3_changes). */
int pgs_changes(void);

/* The SQLSTATE of this thread's last failed statement, or "". */
const char *pgs_sqlstate(void);

/*
 * Rewrites sql's parameters to PostgreSQL's into out (at most outsz
 * bytes); names[i] receives parameter i+1's name (":x"), or NULL for a
 * numbered one. Returns the number of parameters, or -1 when out is too
 * small or there are more than max.
 */
int pgs_translate(const char *sql, char *out, size_t outsz, char **names,
		  int max);

#endif
