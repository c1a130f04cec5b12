/* SPDX-License-Identifier: MIT */
/*
 * The summaries of the PostgreSQL store (the cells of /stats, /network
 * and the facets, and the triggers keeping them under every write),
 * written from SQLite's own schema so that both stores keep the same.
 */
#ifndef DOSSIER_PG_DERIVED_H
#define DOSSIER_PG_DERIVED_H

#include <libpq-fe.h>
#include <sqlite3.h>

#include "strmap.h"

/*
 * Creates on pg what mem (an empty SQLite database with every migration
 * and the summary triggers applied) holds and pg does not: tables,
 * their indexes, views and triggers. 0, or -1 (logged).
 */
int pg_derived_schema(sqlite3 *mem, PGconn *pg);

/*
 * The summary tables mem holds and pg does not, into missing (a set of
 * names): those a later migration made (stats_*, the facets of actors and
 * sources), on a database an earlier build made. 0, or -1.
 */
int pg_derived_missing(sqlite3 *mem, PGconn *pg, struct strmap *missing);

/*
 * pg_derived_schema() in two: the tables, indexes and views pg lacks;
 * then the triggers (with their own tables and views), those pg has
 * dropped first and written again as mem has them. 0, or -1 (logged).
 */
int pg_derived_tables(sqlite3 *mem, PGconn *pg);
int pg_derived_triggers(sqlite3 *mem, PGconn *pg);

/*
 * Holds writes to the tables the summaries' triggers watch, those pg has
 * and those mem's, until the transaction ends (reads go on). 0, or -1
 * (logged).
 */
int pg_derived_lock_writes(sqlite3 *mem, PGconn *pg);

/*
 * The revision of how the summaries are written for PostgreSQL (this
 * file's and pg_stmt.h's translation): part of the version they record,
 * so that a change here writes them again on existing databases.
 */
#define PG_DERIVED_REVISION 1

/*
 * SQL: whether trigger g (of pg_trigger) is one pg_derived_schema()
 * wrote, p its function (of pg_proc): the function is named after it.
 */
#define PG_DERIVED_TRIGGER "p.proname = g.tgname || '_fn'"

/*
 * The statement that turns the triggers pg_derived_schema() wrote off
 * (on = 0) or back on, for the open transaction alone: run in it, the
 * change is undone by its rollback and seen by no other connection
 * before its commit, by which the caller has turned them back on. The
 * tables stay readable meanwhile (ALTER TABLE ... DISABLE TRIGGER takes
 * a SHARE ROW EXCLUSIVE lock, which blocks writers only).
 */
const char *pg_derived_triggers_sql(int on);

#endif
