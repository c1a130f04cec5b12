/* SPDX-License-Identifier: MIT */
/* The PostgreSQL store's connections (see pg.h). */
#include "pg.h"

#include <stdlib.h>
#include <string.h>

#include "assets.h"
#include "log.h"
#include "xalloc.h"

int pg_is_uri(const char *path)
{
	return strncmp(path, "postgres://", 11) == 0 ||
	       strncmp(path, "postgresql://", 13) == 0;
}

/* Logs libpq's message, its first line. */
static void log_pg(const char *what, const char *msg)
{
	size_t n = strcspn(msg, "\n");

	log_msg(LOG_ERROR, "postgresql: %s: %.*s", what, (int)n, msg);
}

PGconn *pg_connect(const char *uri)
{
	PGconn *c = PQconnectdb(uri);

	if (!c) {
		log_msg(LOG_ERROR, "postgresql: out of memory");
		return NULL;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		log_pg("cannot connect", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	/* Text as SQLite compares it (bytes), dates and numbers as sent. */
	if (pg_exec(c, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';"
		    " SET extra_float_digits = 3") != 0) {
		PQfinish(c);
		return NULL;
	}
	return c;
}

int pg_exec(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType s = PQresultStatus(r);
	int ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ||
		 s == PGRES_EMPTY_QUERY;

	if (!ok)
		log_pg("statement failed", r ? PQresultErrorMessage(r) :
		       PQerrorMessage(c));
	PQclear(r);
	return ok ? 0 : -1;
}

int pg_migrate(PGconn *c)
{
	struct asset a = ASSET(pg_schema), b = ASSET(pg_compat);
	PGresult *r;
	char *sql, *compat;
	int has, rc;

	r = PQexec(c, "SELECT to_regclass('meta') IS NOT NULL");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		log_pg("cannot read the schema", PQresultErrorMessage(r));
		PQclear(r);
		return -1;
	}
	has = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	if (has)
		return 0;
	sql = xstrndup(a.data, a.len);
	compat = xstrndup(b.data, b.len);
	rc = pg_exec(c, "BEGIN") == 0 && pg_exec(c, compat) == 0 &&
	     pg_exec(c, sql) == 0 && pg_exec(c, "COMMIT") == 0 ? 0 : -1;
	free(compat);
	free(sql);
	if (rc != 0) {
		pg_exec(c, "ROLLBACK");
		return -1;
	}
	log_msg(LOG_INFO, "created the schema");
	return 0;
}
