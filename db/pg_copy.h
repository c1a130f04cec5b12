/* SPDX-License-Identifier: MIT */
/*
 * A SQLite knowledge base copied into an empty PostgreSQL one with COPY
 * (`dossier import sqlite FILE --db postgresql://...`): the bulk path onto
 * PostgreSQL, for instance after `dossier import gdelt` into SQLite.
 */
#ifndef DOSSIER_PG_COPY_H
#define DOSSIER_PG_COPY_H

#include <libpq-fe.h>
#include <stddef.h>
#include <sqlite3.h>

/*
 * Copies every table the PostgreSQL schema shares with from (records,
 * links, search tables, summaries) into pg, in one transaction, with the
 * triggers off (the summaries are copied as they are, exact already),
 * then moves identity columns past the copied keys and analyses the
 * tables. pg's tables must be empty. *rows receives the rows copied.
 * Returns 0, or -1 after printing why on stderr (nothing is kept).
 */
int pg_copy_from_sqlite(sqlite3 *from, PGconn *pg, long long *rows);

/*
 * Whether pg's tables hold no data a copy would collide with: 1, 0, or -1
 * after printing why.
 */
int pg_copy_target_empty(PGconn *pg);

struct buf;

/* Appends n bytes of text at p as a value of COPY's text format. */
void pg_copy_text(struct buf *b, const char *p, size_t n);

/*
 * COPY ... FROM STDIN (sql) begun: NULL, or the result that says why not
 * (PQclear() it). Then pg_copy_put() sends the rows b holds (and empties
 * b; 0 or -1), and pg_copy_end() ends the copy, its rows kept when ok:
 * NULL, or the result that says why not.
 */
PGresult *pg_copy_begin(PGconn *pg, const char *sql);
int pg_copy_put(PGconn *pg, struct buf *b);
PGresult *pg_copy_end(PGconn *pg, int ok);

#endif
