/* SPDX-License-Identifier: MIT */
/*
 * A prepared statement of either store: SQLite (the embedded default) or
 * PostgreSQL (`--db postgres://...`, db/pg.h). The calls are SQLite's,
 * with its names after dbs_ and its result codes (SQLITE_ROW, SQLITE_DONE,
 * SQLITE_INTEGER, ...), so that the code that runs a statement is the same
 * for both. One process uses one store, chosen before any thread starts:
 * with SQLite a dbs is a sqlite3_stmt and each call is SQLite's own, behind
 * a branch that is always taken the same way.
 */
#ifndef DOSSIER_DBS_H
#define DOSSIER_DBS_H

#include <sqlite3.h>
#include <stddef.h>

typedef struct dbs dbs;

/* Whether this process's store is PostgreSQL (set once, at setup). */
extern int db_pg;

/* The PostgreSQL statement calls (db/pg_stmt.c). */
int pgs_step(dbs *s);
int pgs_reset(dbs *s);
int pgs_finalize(dbs *s);
int pgs_clear_bindings(dbs *s);
int pgs_bind_text(dbs *s, int i, const char *v, int n, void (*del)(void *));
int pgs_bind_blob(dbs *s, int i, const void *v, int n, void (*del)(void *));
int pgs_bind_int64(dbs *s, int i, sqlite3_int64 v);
int pgs_bind_double(dbs *s, int i, double v);
int pgs_bind_null(dbs *s, int i);
int pgs_bind_parameter_count(dbs *s);
int pgs_bind_parameter_index(dbs *s, const char *name);
int pgs_column_count(dbs *s);
int pgs_column_type(dbs *s, int i);
sqlite3_int64 pgs_column_int64(dbs *s, int i);
double pgs_column_double(dbs *s, int i);
const unsigned char *pgs_column_text(dbs *s, int i);
const void *pgs_column_blob(dbs *s, int i);
int pgs_column_bytes(dbs *s, int i);
const char *pgs_sql(dbs *s);

#define DBS_SQLITE(s) ((sqlite3_stmt *)(s))

static inline int dbs_step(dbs *s)
{
	return db_pg ? pgs_step(s) : sqlite3_step(DBS_SQLITE(s));
}

static inline int dbs_reset(dbs *s)
{
	return db_pg ? pgs_reset(s) : sqlite3_reset(DBS_SQLITE(s));
}

static inline int dbs_finalize(dbs *s)
{
	return db_pg ? pgs_finalize(s) : sqlite3_finalize(DBS_SQLITE(s));
}

static inline int dbs_clear_bindings(dbs *s)
{
	return db_pg ? pgs_clear_bindings(s) :
		sqlite3_clear_bindings(DBS_SQLITE(s));
}

static inline int dbs_bind_text(dbs *s, int i, const char *v, int n,
				void (*del)(void *))
{
	return db_pg ? pgs_bind_text(s, i, v, n, del) :
		sqlite3_bind_text(DBS_SQLITE(s), i, v, n, del);
}

static inline int dbs_bind_blob(dbs *s, int i, const void *v, int n,
				void (*del)(void *))
{
	return db_pg ? pgs_bind_blob(s, i, v, n, del) :
		sqlite3_bind_blob(DBS_SQLITE(s), i, v, n, del);
}

static inline int dbs_bind_int64(dbs *s, int i, sqlite3_int64 v)
{
	return db_pg ? pgs_bind_int64(s, i, v) :
		sqlite3_bind_int64(DBS_SQLITE(s), i, v);
}

static inline int dbs_bind_int(dbs *s, int i, int v)
{
	return db_pg ? pgs_bind_int64(s, i, v) :
		sqlite3_bind_int(DBS_SQLITE(s), i, v);
}

static inline int dbs_bind_double(dbs *s, int i, double v)
{
	return db_pg ? pgs_bind_double(s, i, v) :
		sqlite3_bind_double(DBS_SQLITE(s), i, v);
}

static inline int dbs_bind_null(dbs *s, int i)
{
	return db_pg ? pgs_bind_null(s, i) :
		sqlite3_bind_null(DBS_SQLITE(s), i);
}

static inline int dbs_bind_parameter_count(dbs *s)
{
	return db_pg ? pgs_bind_parameter_count(s) :
		sqlite3_bind_parameter_count(DBS_SQLITE(s));
}

static inline int dbs_bind_parameter_index(dbs *s, const char *name)
{
	return db_pg ? pgs_bind_parameter_index(s, name) :
		sqlite3_bind_parameter_index(DBS_SQLITE(s), name);
}

static inline int dbs_column_count(dbs *s)
{
	return db_pg ? pgs_column_count(s) :
		sqlite3_column_count(DBS_SQLITE(s));
}

static inline int dbs_column_type(dbs *s, int i)
{
	return db_pg ? pgs_column_type(s, i) :
		sqlite3_column_type(DBS_SQLITE(s), i);
}

static inline sqlite3_int64 dbs_column_int64(dbs *s, int i)
{
	return db_pg ? pgs_column_int64(s, i) :
		sqlite3_column_int64(DBS_SQLITE(s), i);
}

static inline int dbs_column_int(dbs *s, int i)
{
	return db_pg ? (int)pgs_column_int64(s, i) :
		sqlite3_column_int(DBS_SQLITE(s), i);
}

static inline double dbs_column_double(dbs *s, int i)
{
	return db_pg ? pgs_column_double(s, i) :
		sqlite3_column_double(DBS_SQLITE(s), i);
}

static inline const unsigned char *dbs_column_text(dbs *s, int i)
{
	return db_pg ? pgs_column_text(s, i) :
		sqlite3_column_text(DBS_SQLITE(s), i);
}

static inline const void *dbs_column_blob(dbs *s, int i)
{
	return db_pg ? pgs_column_blob(s, i) :
		sqlite3_column_blob(DBS_SQLITE(s), i);
}

static inline int dbs_column_bytes(dbs *s, int i)
{
	return db_pg ? pgs_column_bytes(s, i) :
		sqlite3_column_bytes(DBS_SQLITE(s), i);
}

static inline const char *dbs_sql(dbs *s)
{
	return db_pg ? pgs_sql(s) : sqlite3_sql(DBS_SQLITE(s));
}

/* SQLite's own calls that have no PostgreSQL form: SQLite code only. */
static inline char *dbs_expanded_sql(dbs *s)
{
	return sqlite3_expanded_sql(DBS_SQLITE(s));
}

static inline sqlite3_value *dbs_column_value(dbs *s, int i)
{
	return sqlite3_column_value(DBS_SQLITE(s), i);
}

static inline int dbs_bind_pointer_sqlite(dbs *s, int i, void *p,
					  const char *type, void (*del)(void *))
{
	return sqlite3_bind_pointer(DBS_SQLITE(s), i, p, type, del);
}

/* Prepares sql on SQLite connection db into *out (sqlite3_prepare_v2). */
static inline int dbs_prepare_sqlite(sqlite3 *db, const char *sql, dbs **out)
{
	return sqlite3_prepare_v2(db, sql, -1, (sqlite3_stmt **)out, NULL);
}

#endif
