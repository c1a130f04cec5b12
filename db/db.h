/* SPDX-License-Identifier: MIT */
/*
 * The SQLite store. Each worker thread lazily opens its own connection
 * (kept under a pthread key, closed when the thread exits) and keeps the
 * statements it prepared, keyed by their SQL text, so each distinct query
 * is compiled once per thread. Statements returned by db_stmt() are borrowed:
 * hand them back with db_done() on every path.
 */
#ifndef DOSSIER_DB_H
#define DOSSIER_DB_H

#include "dbs.h"

#include "problem.h"

#define DB_CURSOR_KEY_BYTES 32

#define DB_CREATE 1u	/* create the file when there is none */
#define DB_SEED 2u	/* load the shipped data into an empty database */

/*
 * Opens the database at path (creating it with DB_CREATE; without it, a
 * missing file is an error, said as such), applies pending migrations
 * and, with DB_SEED and an empty knowledge base, loads the shipped
 * reference and seed data. Remembers path for db_conn(). Returns 0, or
 * -1 after logging why.
 */
int db_setup(const char *path, unsigned flags);

/* Returns this thread's connection (opened on first use), or NULL. */
sqlite3 *db_conn(void);

/*
 * A new connection with the same settings, not this thread's: the caller
 * owns it (sqlite3_close()) and serialises its use. NULL on failure.
 */
sqlite3 *db_open_own(void);

/*
 * Returns this thread's prepared statement for sql (prepared on first use),
 * or NULL after logging the SQLite error. Borrowed: call db_done() after.
 */
dbs *db_stmt(const char *sql);
/*
 * A statement of this thread's connection of its own (not the cached one
 * of its SQL, so that two of the same SQL may step at once): the caller
 * finalizes it (dbs_finalize). NULL after logging why.
 */
dbs *db_stmt_own(const char *sql);

/*
 * The count of commits as this thread's connection sees it: SQLite's
 * data_version (commits by other connections since it last looked),
 * PostgreSQL's count of write transactions (data_version, every
 * instance's). -1 when it cannot tell.
 */
int db_data_version(void);

/* Resets st and clears its bindings so it is ready for the next use. */
void db_done(dbs *st);

/*
 * on: this thread's writes keep the summaries (event counts, type-ahead
 * rows; migration 8) themselves instead of by trigger, which drops the
 * triggers from its connection; off puts them back. On PostgreSQL, whose
 * triggers are the schema's, for the open write transaction alone (off
 * again before its commit). The GDELT import keeps them once per batch
 * (summaries.h). Returns 0 or -1.
 */
int db_summaries_by_caller(int on);

/* Closes this thread's connection now (the main thread calls it at exit). */
void db_thread_close(void);

/* The key cursors are signed with (DB_CURSOR_KEY_BYTES bytes). */
const unsigned char *db_cursor_key(void);

/* Runs "SELECT 1"; 0 when the database answers. */
int db_ping(void);

/* SQLite's last_insert_rowid() and changes() on either store. */
sqlite3_int64 db_last_insert_rowid(void);
int db_changes(void);

/* Whether this thread's last statement ran out of its budget. */
int db_over_budget(void);

/* After a failed statement, makes the connection usable again (on
 * PostgreSQL, ends a transaction the failure aborted). */
void db_recover(void);

/* The last error of this thread's connection, either store. */
const char *db_errmsg(void);

/* Logs the last error of this thread's connection, with context. */
void db_log_error(const char *what);

/*
 * Sets *err to 500 (details go to the log, never the client), or to 503
 * query-timeout when the statement ran out of its budget, and returns -1.
 */
int db_fail(const char *what, struct problem *err);

/*
 * When the last statement failed for a reason that passes (PostgreSQL: a
 * lost connection, a failover, a server shutting down), sets err to 503
 * "retry shortly" and returns 1; otherwise 0.
 */
int db_retry_later(struct problem *err);

/*
 * The statement time limit: between db_budget_begin() and db_budget_end()
 * every statement this thread runs is interrupted once the request has
 * spent the budget (db_set_query_timeout, milliseconds) in all; db_fail()
 * then answers 503 query-timeout.
 */
void db_set_query_timeout(unsigned ms);
/*
 * Megabytes of pages each connection opened after this keeps in its own
 * cache: the pages past the part of the file that is mapped (SQLite maps
 * 2 GiB at most), which are otherwise read again from the kernel each
 * time.
 */
void db_set_cache_mb(unsigned mb);
void db_budget_begin(void);
void db_budget_end(void);
/* What is left of this thread's budget in milliseconds (all of it
 * outside db_budget_begin() and db_budget_end()). */
long db_budget_left_ms(void);

/*
 * One read transaction around the statements of one answer (its probes,
 * page and count), so they all see the same snapshot. db_read_end() may
 * be called without a begun transaction.
 */
void db_read_begin(void);

/* db_write_begin()'s answer when another writer holds the lock. */
#define DB_BUSY 1

/*
 * A write transaction on this thread (SQLite's BEGIN IMMEDIATE; on
 * PostgreSQL, on the primary, taking the one writer's row lock): 0,
 * DB_BUSY when the database cannot take it now, -1 on failure (logged).
 */
int db_write_begin(void);
/* Commits it: 0, or -1 (then roll back). */
int db_write_commit(void);
/* Rolls it back, if one is open. */
void db_write_rollback(void);
/*
 * Whether a write transaction of db_write_begin() is open (SQLite's),
 * and fn (NULL: none) called as each opens: the copy of the events'
 * columns tells by them a commit of the server's that has not listed
 * its changes yet from another program's (columns.c).
 */
int db_writing(void);
void db_on_write_open(void (*fn)(void));

/*
 * After db_write_commit() on PostgreSQL, the primary's WAL position then
 * (text such as "0/3000148"): a read routed with it (db_route) sees the
 * write. "" on SQLite, whose readers always see every commit.
 */
const char *db_write_token(void);
/* Whether token has a WAL position's form (hex/hex, 1-8 digits each). */
int db_token_valid(const char *token);

/*
 * Where this thread's statements go for a request, on PostgreSQL with
 * several hosts: the primary for one that writes; otherwise a hot
 * standby, or the primary while the standby has not replayed token
 * (db_write_token() of an earlier write; NULL or "" for none). 0, or -1
 * when no server answers. Nothing on SQLite.
 */
int db_route(int write, const char *token);
void db_read_end(void);

/*
 * Recreates the indexes a bulk import dropped and recorded in meta
 * ('pending_indexes'), if any. Returns 0 or -1 (logged).
 */
int db_restore_indexes(void);

/*
 * Merges each full-text index that writes grow (events, actors, sources,
 * the type-ahead rows) into one segment: `always` (after a bulk load),
 * else each that has more than SEARCH_SEGMENTS_KEPT. FTS5 adds a segment
 * per transaction and merges them only in part; a lookup of a match
 * reads every segment, so after an import of many batches it cost 20
 * times what it does merged. And the next write that adds a segment
 * beside an import's large ones makes FTS5 merge them all in its own
 * transaction: the type-ahead rows' three segments at 1M events made one
 * write take 3.1 s (49 ms at most in 40 writes once merged). Merging
 * rewrites the whole index (0.8-1.4 s at 1M events; 4 s for the
 * type-ahead rows), whatever the import's size: an import of a few rows
 * leaves its one small segment beside the others. Run after imports,
 * outside their transaction. Returns 0 or -1 (logged).
 */
#define SEARCH_SEGMENTS_KEPT 4
int db_compact_search(int always);

/*
 * How much each full-text index (events, actors, sources, type-ahead)
 * holds in memory before writing it out as a segment: for a bulk write
 * (on) 64 MiB, else FTS5's default 1 MiB. The setting is kept in the
 * database, so on is to be followed by off. Returns 0 or -1 (logged).
 */
int db_search_bulk(int on);

/*
 * on: this connection set for an import, a large write transaction: a
 * page cache of 256 MiB (a reader's 64 MiB spilled and rewrote the pages
 * such a transaction dirties, over and over), pages written rather than
 * read (no map), temporary tables in memory, sorts on the other cores,
 * and commits synced at checkpoints only (WAL: a crash can lose the
 * import, not the database). Off sets them back as db_open() had them.
 * The summary triggers stay as they were. Nothing on PostgreSQL. Returns
 * 0 or -1.
 */
int db_import_session(int on);

/*
 * Copies the database to path while others keep reading and writing:
 * one consistent snapshot (SQLite's online backup API), written to a
 * temporary file, checked, then renamed into place. Returns 0 or -1.
 */
int db_backup(const char *path);

/* Applies pending migrations to db. Returns 0 or -1 (logged). */
int db_migrate(sqlite3 *db);

/*
 * Copies the SQLite dossier database at path (read only, at this
 * build's schema) into the empty PostgreSQL database db_setup() opened,
 * with COPY (pg_copy.h); *rows receives the rows copied. 0, or -1 after
 * saying why on stderr.
 */
int db_import_sqlite(const char *path, long long *rows);

/* Executes sql (no results). Returns 0 or -1 (logged). */
int db_exec(sqlite3 *db, const char *sql);

/* The integer sql selects first, on this thread's connection: 0 when it
 * selects no row, -1 when it fails. */
sqlite3_int64 db_int(const char *sql);

#endif
