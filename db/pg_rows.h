/* SPDX-License-Identifier: MIT */
/*
 * Writes of several rows to a table with summary triggers, run as one
 * statement per row on PostgreSQL, so that each row's triggers see the
 * table as SQLite's see it (pg_rows.c says why).
 */
#ifndef DOSSIER_PG_ROWS_H
#define DOSSIER_PG_ROWS_H

#include <libpq-fe.h>

enum pg_rows_kind {
	PG_ROWS_BY_CTID = 1,	/* DELETE or UPDATE: each row by its ctid */
	PG_ROWS_BY_VALUES,	/* INSERT ... SELECT: each row's VALUES */
};

struct pg_rows {
	enum pg_rows_kind kind;
	char *select;	/* the rows, in PostgreSQL's SQL */
	char *each;	/* the write of one (printf form or VALUES head) */
	char *tail;	/* INSERT's ON CONFLICT clause, or "" */
	int ncols;	/* INSERT: the values of a row */
	char *original;	/* the statement as written */
	Oid *types;	/* its parameters' types, once it was described */
};

/* Reads which tables have row triggers (after the schema is made). */
int pg_rows_load(PGconn *c);

/*
 * Whether sql (PostgreSQL's, its parameters $n) writes several rows of
 * a table with row triggers: then *out says how to write them one by
 * one (pg_rows_free() after). 0 when it need not.
 */
int pg_rows_plan(const char *sql, struct pg_rows *out);
void pg_rows_free(struct pg_rows *r);

/*
 * Runs plan with the statement's parameters: the result of its last
 * write (or of its failure), *changed the rows written in all.
 */
PGresult *pg_rows_run(PGconn *c, struct pg_rows *plan, int nparams,
		      const char *const *values, const int *lengths,
		      const int *formats, long *changed);

#endif
