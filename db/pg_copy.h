/* SPDX-License-Identifier: MIT */
/*
 * A SQLite knowledge base copied into an empty PostgreSQL one with COPY
 * (`dossier import sqlite FILE --db postgresql://...`): the bulk path onto
 * PostgreSQL, for instance after `dossier import gdelt` into SQLite.
 */
#ifndef DOSSIER_PG_COPY_H
#define DOSSIER_PG_COPY_H

#include <libpq-fe.h>
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

#endif
