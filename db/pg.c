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

/* How many hosts conninfo's host (or hostaddr) list names. */
static unsigned host_count(const char *list)
{
	unsigned n = 1;

	for (; list && *list; list++)
		n += *list == ',';
	return n;
}

/*
 * Item k of the comma-separated list (its length in *len). A list of one
 * item serves every k, as libpq reads a single port for every host.
 */
static const char *list_item(const char *list, unsigned k, size_t *len)
{
	const char *p = list;

	if (host_count(list) == 1)
		k = 0;
	while (k-- && (p = strchr(p, ',')))
		p++;
	*len = strcspn(p, ",");
	return p;
}

/* Item k of the list alone; the caller frees it. */
static char *item_of(const char *list, unsigned k)
{
	size_t len;
	const char *p = list_item(list, k, &len);

	return xstrndup(p, len);
}

unsigned pg_hosts(const char *uri)
{
	PQconninfoOption *opts = PQconninfoParse(uri, NULL), *o;
	unsigned n = 1;

	for (o = opts; o && o->keyword; o++) {
		if ((strcmp(o->keyword, "host") == 0 ||
		     strcmp(o->keyword, "hostaddr") == 0) && o->val)
			n = host_count(o->val);
	}
	PQconninfoFree(opts);
	return n;
}

/*
 * Connects with uri's settings: to its host only (-1: any of them, in
 * order) and, with several hosts, one whose session has attrs (libpq's
 * target_session_attrs).
 */
static PGconn *connect_as(const char *uri, int only, const char *attrs)
{
	PQconninfoOption *opts = PQconninfoParse(uri, NULL), *o;
	const char *keys[64], *vals[64];
	char *owned[64];
	unsigned n = pg_hosts(uri), k = 0, nowned = 0, i;
	int has_timeout = 0;
	PGconn *c;

	if (!opts)
		return PQconnectdb(uri);	/* reports what is wrong */
	for (o = opts; o->keyword && k < 60; o++) {
		if (!o->val || strcmp(o->keyword, "target_session_attrs") == 0)
			continue;
		has_timeout |= strcmp(o->keyword, "connect_timeout") == 0;
		keys[k] = o->keyword;
		vals[k] = o->val;
		if (only >= 0 && (strcmp(o->keyword, "host") == 0 ||
				  strcmp(o->keyword, "hostaddr") == 0 ||
				  strcmp(o->keyword, "port") == 0))
			vals[k] = owned[nowned++] = item_of(o->val,
							     (unsigned)only);
		k++;
	}
	if (n > 1) {
		keys[k] = "target_session_attrs";
		vals[k++] = attrs;
	}
	/* A host that does not answer is passed over, not waited on. */
	if (!has_timeout) {
		keys[k] = "connect_timeout";
		vals[k++] = "2";
	}
	keys[k] = vals[k] = NULL;
	c = PQconnectdbParams(keys, vals, 0);
	for (i = 0; i < nowned; i++)
		free(owned[i]);
	PQconninfoFree(opts);
	return c;
}

/*
 * A reader: the standbys asked in turn, each connection the next one
 * after the last that was asked (so that readers spread evenly over
 * them), and when none answers, whichever server does.
 */
static PGconn *connect_reader(const char *uri, atomic_uint *turn)
{
	unsigned n = pg_hosts(uri), i;
	PGconn *c;

	for (i = 0; n > 1 && i < n; i++) {
		c = connect_as(uri, (int)(atomic_fetch_add(turn, 1) % n),
			       "standby");
		if (c && PQstatus(c) == CONNECTION_OK)
			return c;
		PQfinish(c);
	}
	return connect_as(uri, -1, "any");
}

PGconn *pg_connect(const char *uri, enum pg_role role, atomic_uint *turn)
{
	PGconn *c = role == PG_READER ? connect_reader(uri, turn) :
		    connect_as(uri, -1, "read-write");

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
