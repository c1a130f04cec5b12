/* SPDX-License-Identifier: MIT */
/* A SQLite knowledge base copied into PostgreSQL with COPY (pg_copy.h). */
#include "pg_copy.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

/* COPY data goes to the server in pieces of about this size. */
#define CHUNK (1 << 20)

/*
 * PostgreSQL's own tables: the write counter, the schema's and the
 * summaries' versions, the search's sizes.
 */
static int not_copied(const char *table)
{
	return strcmp(table, "data_version") == 0 ||
	       strcmp(table, "schema_version") == 0 ||
	       strcmp(table, "summaries_version") == 0 ||
	       strcmp(table, "fts_sizes") == 0;
}

/*
 * The settings db_setup() made (the cursor key) give way to the copied
 * database's, so that its cursors stay valid.
 */
static int replaced(const char *table)
{
	return strcmp(table, "meta") == 0;
}

/* SQL made as printf makes text; the caller frees it. */
static char *sql_of(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b, NULL);
}

static int failed(PGresult *r, const char *what)
{
	const char *m = PQresultErrorMessage(r);

	fprintf(stderr, "import sqlite: %s: %.*s\n", what,
		(int)strcspn(m, "\n"), m);
	PQclear(r);
	return -1;
}

/* Runs sql without results; 0, or -1 after saying why. */
static int run(PGconn *pg, const char *sql)
{
	PGresult *r = PQexec(pg, sql);

	if (PQresultStatus(r) != PGRES_COMMAND_OK &&
	    PQresultStatus(r) != PGRES_TUPLES_OK)
		return failed(r, sql);
	PQclear(r);
	return 0;
}

/*
 * The schema's tables, each after those its foreign keys name, so that
 * a copy in this order meets every reference already loaded.
 */
static PGresult *tables_in_order(PGconn *pg)
{
	return PQexec(pg,
		"WITH RECURSIVE t(name) AS ("
		"  SELECT c.oid FROM pg_class c"
		"   WHERE c.relnamespace = current_schema()::regnamespace"
		"     AND c.relkind = 'r'),"
		" dep(name, depth) AS ("
		"  SELECT name, 0 FROM t"
		"  UNION ALL"
		"  SELECT f.conrelid, d.depth + 1 FROM dep d"
		"    JOIN pg_constraint f ON f.confrelid = d.name"
		"   WHERE f.contype = 'f' AND f.conrelid <> f.confrelid"
		"     AND d.depth < 20)"
		" SELECT name::regclass::text FROM dep"
		" GROUP BY name ORDER BY max(depth), 1");
}

/* Whether table has a row; -1 on failure. */
static int has_rows(PGconn *pg, const char *table)
{
	char sql[256];
	PGresult *r;
	int has;

	snprintf(sql, sizeof(sql), "SELECT EXISTS (SELECT FROM %s)", table);
	r = PQexec(pg, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		return failed(r, table);
	has = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	return has;
}

/* Appends v as COPY's text format writes a value. */
static void put_value(struct buf *b, sqlite3_stmt *st, int i)
{
	const unsigned char *p;
	int n, k;

	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		buf_append(b, "\\N", 2);
		return;
	case SQLITE_INTEGER:
		buf_put_int(b, (long long)sqlite3_column_int64(st, i));
		return;
	case SQLITE_FLOAT:
		buf_printf(b, "%.17g", sqlite3_column_double(st, i));
		return;
	case SQLITE_BLOB:
		p = sqlite3_column_blob(st, i);
		n = sqlite3_column_bytes(st, i);
		buf_append(b, "\\\\x", 3);	/* bytea's hex, its \ escaped */
		for (k = 0; k < n; k++)
			buf_printf(b, "%02x", p[k]);
		return;
	default:
		pg_copy_text(b, (const char *)sqlite3_column_text(st, i),
			     (size_t)sqlite3_column_bytes(st, i));
	}
}

void pg_copy_text(struct buf *b, const char *p, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		switch (p[k]) {
		case '\\': buf_append(b, "\\\\", 2); break;
		case '\t': buf_append(b, "\\t", 2); break;
		case '\n': buf_append(b, "\\n", 2); break;
		case '\r': buf_append(b, "\\r", 2); break;
		default: buf_putc(b, p[k]);
		}
	}
}

/* The columns PostgreSQL stores for table (not generated), quoted. */
static char *columns_of(PGconn *pg, const char *table)
{
	const char *values[1] = { table };
	PGresult *r = PQexecParams(pg,
		"SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum)"
		"  FROM pg_attribute WHERE attrelid = $1::regclass"
		"   AND attnum > 0 AND NOT attisdropped AND attgenerated = ''",
		1, NULL, values, NULL, NULL, 0);
	char *cols;

	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		failed(r, table);
		return NULL;
	}
	cols = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return cols;
}

/* Whether SQLite's database has a table (or virtual table) of name. */
static int sqlite_has(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st;
	int has;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema WHERE"
			       " type = 'table' AND name = ?", -1, &st,
			       NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	has = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return has;
}

int pg_copy_put(PGconn *pg, struct buf *b)
{
	int ok = b->len == 0 ||
		 PQputCopyData(pg, b->ptr, (int)b->len) == 1;

	b->len = 0;
	return ok ? 0 : -1;
}

PGresult *pg_copy_begin(PGconn *pg, const char *sql)
{
	PGresult *r = PQexec(pg, sql);

	if (PQresultStatus(r) == PGRES_COPY_IN) {
		PQclear(r);
		return NULL;
	}
	return r;
}

PGresult *pg_copy_end(PGconn *pg, int ok)
{
	PGresult *r, *bad = NULL;

	PQputCopyEnd(pg, ok ? NULL : "the copy stopped");
	while ((r = PQgetResult(pg))) {
		if (!bad && PQresultStatus(r) != PGRES_COMMAND_OK)
			bad = r;
		else
			PQclear(r);
	}
	return bad;
}

/* Copies one table's rows; their number, or -1. */
static long long copy_table(sqlite3 *from, PGconn *pg, const char *table)
{
	char *cols = columns_of(pg, table), *sql;
	struct buf b = BUF_INIT;
	sqlite3_stmt *st = NULL;
	long long n = 0;
	int rc, i, ncols, ok = 1;
	PGresult *r;

	if (!cols)
		return -1;
	sql = sql_of("SELECT %s FROM %s", cols, table);
	if (sqlite3_prepare_v2(from, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "import sqlite: %s: %s (is the file at the "
			"latest schema? `dossier migrate --db FILE`)\n", table,
			sqlite3_errmsg(from));
		free(sql);
		free(cols);
		return -1;
	}
	free(sql);
	sql = sql_of("COPY %s (%s) FROM STDIN", table, cols);
	free(cols);
	r = pg_copy_begin(pg, sql);
	free(sql);
	if (r) {
		sqlite3_finalize(st);
		return failed(r, table);
	}
	ncols = sqlite3_column_count(st);
	while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < ncols; i++) {
			if (i)
				buf_putc(&b, '\t');
			put_value(&b, st, i);
		}
		buf_putc(&b, '\n');
		n++;
		if (b.len >= CHUNK)
			ok = pg_copy_put(pg, &b) == 0;
	}
	if (ok && rc != SQLITE_DONE) {
		fprintf(stderr, "import sqlite: reading %s: %s\n", table,
			sqlite3_errmsg(from));
		ok = 0;
	}
	ok = ok && pg_copy_put(pg, &b) == 0;
	sqlite3_finalize(st);
	buf_free(&b);
	if ((r = pg_copy_end(pg, ok))) {
		failed(r, table);
		ok = 0;
	}
	return ok ? n : -1;
}

/* Every identity column moved past the largest key copied into it. */
static int identities_past_keys(PGconn *pg)
{
	PGresult *r = PQexec(pg,
		"SELECT format('SELECT setval(%L, (SELECT coalesce(max(%I), 0)"
		" + 1 FROM %I), false)', pg_get_serial_sequence(quote_ident("
		"table_name), column_name), column_name, table_name)"
		"  FROM information_schema.columns"
		" WHERE is_identity = 'YES' AND table_schema = current_schema()");
	int i, rc = 0;

	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		return failed(r, "identities");
	for (i = 0; rc == 0 && i < PQntuples(r); i++)
		rc = run(pg, PQgetvalue(r, i, 0));
	PQclear(r);
	return rc;
}

/* Runs fmt with each table's name; 0 or -1. */
static int each_table(PGconn *pg, PGresult *tables, const char *fmt)
{
	int i, rc = 0;

	for (i = 0; rc == 0 && i < PQntuples(tables); i++) {
		char *sql = sql_of(fmt, PQgetvalue(tables, i, 0));

		rc = run(pg, sql);
		free(sql);
	}
	return rc;
}

/*
 * Triggers off for this transaction: all of them (foreign keys too) as
 * a superuser (0); otherwise the schema's own, table by table, which the
 * tables' owner may, the foreign keys then checked row by row (1; they
 * must be turned on again before the commit). -1 on failure.
 */
static int triggers_off(PGconn *pg, PGresult *tables)
{
	PGresult *r = PQexec(pg, "SET LOCAL session_replication_role ="
			     " replica");

	if (PQresultStatus(r) == PGRES_COMMAND_OK) {
		PQclear(r);
		return 0;
	}
	PQclear(r);
	if (run(pg, "ROLLBACK") != 0 || run(pg, "BEGIN") != 0 ||
	    each_table(pg, tables, "ALTER TABLE %s DISABLE TRIGGER USER") != 0)
		return -1;
	return 1;
}

/* Whether a table of tables holds data: 1 (said on stderr), 0, or -1. */
static int holds_data(PGconn *pg, PGresult *tables, int say)
{
	int i;

	for (i = 0; i < PQntuples(tables); i++) {
		const char *t = PQgetvalue(tables, i, 0);
		int has = not_copied(t) || replaced(t) ? 0 : has_rows(pg, t);

		if (has > 0 && say)
			fprintf(stderr, "import: the PostgreSQL database "
				"already holds data (%s); a bulk copy fills an"
				" empty one\n", t);
		if (has)
			return has;
	}
	return 0;
}

int pg_copy_target_empty(PGconn *pg)
{
	PGresult *tables = tables_in_order(pg);
	int has;

	if (PQresultStatus(tables) != PGRES_TUPLES_OK)
		return failed(tables, "the tables");
	has = holds_data(pg, tables, 0);
	PQclear(tables);
	return has < 0 ? -1 : !has;
}

int pg_copy_from_sqlite(sqlite3 *from, PGconn *pg, long long *rows)
{
	PGresult *tables = tables_in_order(pg);
	int i, rc = -1, per_table;

	*rows = 0;
	if (PQresultStatus(tables) != PGRES_TUPLES_OK)
		return failed(tables, "the tables");
	if (holds_data(pg, tables, 1) != 0) {
		PQclear(tables);
		return -1;
	}
	if (run(pg, "BEGIN") != 0 || (per_table = triggers_off(pg, tables)) < 0)
		goto out;
	for (i = 0; i < PQntuples(tables); i++) {
		const char *t = PQgetvalue(tables, i, 0);
		long long n;

		if (not_copied(t) || !sqlite_has(from, t))
			continue;
		if (replaced(t)) {
			char *sql = sql_of("DELETE FROM %s", t);
			int rc2 = run(pg, sql);

			free(sql);
			if (rc2 != 0)
				goto out;
		}
		if ((n = copy_table(from, pg, t)) < 0)
			goto out;
		*rows += n;
	}
	/* Running instances' caches see a change (db.c). */
	/* What triggers keep of PostgreSQL's own, counted once. */
	if ((per_table && each_table(pg, tables, "ALTER TABLE %s ENABLE "
				     "TRIGGER USER") != 0) ||
	    run(pg, "SELECT fts_sizes_count()") != 0 ||
	    identities_past_keys(pg) != 0 ||
	    run(pg, "UPDATE data_version SET n = n + 1") != 0 ||
	    run(pg, "COMMIT") != 0)
		goto out;
	rc = run(pg, "ANALYZE");
out:
	if (rc != 0 && PQtransactionStatus(pg) != PQTRANS_IDLE)
		run(pg, "ROLLBACK");
	PQclear(tables);
	return rc;
}
