/* SPDX-License-Identifier: MIT */
/* SQLite's statement calls on a PostgreSQL connection (see pg_stmt.h). */
#include "pg_stmt.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* The most parameters a statement takes (SQLite's default limit). */
#define PGS_MAX_PARAMS 999

/* PostgreSQL's type oids (catalog/pg_type.h, which libpq does not ship). */
#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_OID 26
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700

struct pg_stmt {
	PGconn *conn;
	char *sql;		/* as given */
	char *pgsql;		/* as sent */
	int nparams;
	char **names;		/* [nparams]: ":x", or NULL */
	char **values;		/* [nparams]: text, or NULL for NULL */
	int *lengths;
	int *formats;		/* 1 for a blob (binary), else 0 */
	PGresult *res;
	int row;		/* current row, -1 before the first step */
	int ran;
	char *text;		/* a column's text as SQLite would give it */
	size_t textsz;
	char *blob;		/* a bytea column, decoded */
	size_t bloblen;
	char err[256];
};

#define PGS(s) ((struct pg_stmt *)(s))

/* Whether c may continue a parameter's name (SQLite: alphanumeric, _, $). */
static int name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '$' ||
	       (unsigned char)c >= 0x80;
}

/* Appends s[0..n) at out+*at; 0, or -1 when it does not fit. */
static int put(char *out, size_t outsz, size_t *at, const char *s, size_t n)
{
	if (*at + n + 1 > outsz)
		return -1;
	memcpy(out + *at, s, n);
	*at += n;
	out[*at] = '\0';
	return 0;
}

int pgs_translate(const char *sql, char *out, size_t outsz, char **names,
		  int max)
{
	const char *p = sql;
	size_t at = 0;
	int highest = 0;

	if (outsz)
		out[0] = '\0';
	while (*p) {
		char num[16];
		int n = 0, i;

		if (*p == '\'' || *p == '"') {
			/* A literal or a quoted name, its doubled quotes in it. */
			char q = *p;
			const char *e = p + 1;

			while (*e && !(*e == q && e[1] != q))
				e += *e == q ? 2 : 1;
			if (*e)
				e++;
			if (put(out, outsz, &at, p, (size_t)(e - p)) != 0)
				return -1;
			p = e;
			continue;
		}
		if (p[0] == '-' && p[1] == '-') {
			const char *e = strchr(p, '\n');

			e = e ? e : p + strlen(p);
			if (put(out, outsz, &at, p, (size_t)(e - p)) != 0)
				return -1;
			p = e;
			continue;
		}
		if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");

			e = e ? e + 2 : p + strlen(p);
			if (put(out, outsz, &at, p, (size_t)(e - p)) != 0)
				return -1;
			p = e;
			continue;
		}
		if (*p == '?') {
			p++;
			if (isdigit((unsigned char)*p)) {
				n = (int)strtol(p, (char **)&p, 10);
				if (n < 1 || n > max)
					return -1;
			} else {
				n = highest + 1;
			}
		} else if ((*p == ':' || *p == '@') && name_char(p[1]) &&
			   !(p > sql && p[-1] == ':') && p[1] != ':') {
			const char *e = p + 1;

			while (name_char(*e))
				e++;
			for (i = 0; i < highest && !n; i++) {
				if (names[i] && strlen(names[i]) ==
				    (size_t)(e - p) &&
				    strncmp(names[i], p, (size_t)(e - p)) == 0)
					n = i + 1;
			}
			if (!n) {
				n = highest + 1;
				if (n > max)
					return -1;
				names[n - 1] = xstrndup(p, (size_t)(e - p));
			}
			p = e;
		} else {
			if (put(out, outsz, &at, p, 1) != 0)
				return -1;
			p++;
			continue;
		}
		if (n > highest)
			highest = n;
		snprintf(num, sizeof(num), "$%d", n);
		if (put(out, outsz, &at, num, strlen(num)) != 0)
			return -1;
	}
	return highest;
}

dbs *pgs_new(PGconn *conn, const char *sql)
{
	struct pg_stmt *s = xcalloc(1, sizeof(*s));
	size_t outsz = strlen(sql) * 2 + 64;
	char **names = xcalloc(PGS_MAX_PARAMS, sizeof(*names));
	int n;

	s->conn = conn;
	s->sql = xstrdup(sql);
	s->pgsql = xmalloc(outsz);
	n = pgs_translate(sql, s->pgsql, outsz, names, PGS_MAX_PARAMS);
	if (n < 0) {
		for (n = 0; n < PGS_MAX_PARAMS; n++)
			free(names[n]);
		free(names);
		free(s->pgsql);
		free(s->sql);
		free(s);
		return NULL;
	}
	s->nparams = n;
	s->names = xrealloc(names, (size_t)(n ? n : 1) * sizeof(*names));
	s->values = xcalloc((size_t)n + 1, sizeof(*s->values));
	s->lengths = xcalloc((size_t)n + 1, sizeof(*s->lengths));
	s->formats = xcalloc((size_t)n + 1, sizeof(*s->formats));
	s->row = -1;
	return (dbs *)s;
}

const char *pgs_errmsg(dbs *st)
{
	return st ? PGS(st)->err : "";
}

const char *pgs_translated(dbs *st)
{
	return PGS(st)->pgsql;
}

const char *pgs_sql(dbs *st)
{
	return PGS(st)->sql;
}

int pgs_reset(dbs *st)
{
	struct pg_stmt *s = PGS(st);

	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->ran = 0;
	return SQLITE_OK;
}

int pgs_clear_bindings(dbs *st)
{
	struct pg_stmt *s = PGS(st);
	int i;

	for (i = 0; i < s->nparams; i++) {
		free(s->values[i]);
		s->values[i] = NULL;
		s->lengths[i] = 0;
		s->formats[i] = 0;
	}
	return SQLITE_OK;
}

int pgs_finalize(dbs *st)
{
	struct pg_stmt *s = PGS(st);
	int i;

	if (!s)
		return SQLITE_OK;
	pgs_reset(st);
	pgs_clear_bindings(st);
	for (i = 0; i < s->nparams; i++)
		free(s->names[i]);
	free(s->names);
	free(s->values);
	free(s->lengths);
	free(s->formats);
	free(s->text);
	free(s->blob);
	free(s->pgsql);
	free(s->sql);
	free(s);
	return SQLITE_OK;
}

/* Parameter i (1-based) set to n bytes of v, or NULL. */
static int bind(struct pg_stmt *s, int i, const char *v, size_t n, int binary)
{
	if (i < 1 || i > s->nparams)
		return SQLITE_RANGE;
	free(s->values[i - 1]);
	s->values[i - 1] = NULL;
	if (v) {
		s->values[i - 1] = xmalloc(n + 1);
		memcpy(s->values[i - 1], v, n);
		s->values[i - 1][n] = '\0';
	}
	s->lengths[i - 1] = (int)n;
	s->formats[i - 1] = binary;
	return SQLITE_OK;
}

int pgs_bind_text(dbs *st, int i, const char *v, int n, void (*del)(void *))
{
	(void)del;	/* always copied */
	if (!v)
		return bind(PGS(st), i, NULL, 0, 0);
	return bind(PGS(st), i, v, n < 0 ? strlen(v) : (size_t)n, 0);
}

int pgs_bind_blob(dbs *st, int i, const void *v, int n, void (*del)(void *))
{
	(void)del;
	return bind(PGS(st), i, v ? v : "", v ? (size_t)n : 0, 1);
}

int pgs_bind_int64(dbs *st, int i, sqlite3_int64 v)
{
	char t[24];

	snprintf(t, sizeof(t), "%" PRId64, (int64_t)v);
	return bind(PGS(st), i, t, strlen(t), 0);
}

int pgs_bind_double(dbs *st, int i, double v)
{
	char t[32];

	snprintf(t, sizeof(t), "%.17g", v);
	return bind(PGS(st), i, t, strlen(t), 0);
}

int pgs_bind_null(dbs *st, int i)
{
	return bind(PGS(st), i, NULL, 0, 0);
}

int pgs_bind_parameter_count(dbs *st)
{
	return PGS(st)->nparams;
}

int pgs_bind_parameter_index(dbs *st, const char *name)
{
	struct pg_stmt *s = PGS(st);
	int i;

	for (i = 0; i < s->nparams; i++) {
		if (s->names[i] && strcmp(s->names[i], name) == 0)
			return i + 1;
	}
	return 0;
}

int pgs_step(dbs *st)
{
	struct pg_stmt *s = PGS(st);
	ExecStatusType status;

	if (!s->ran) {
		s->ran = 1;
		s->err[0] = '\0';
		s->res = PQexecParams(s->conn, s->pgsql, s->nparams, NULL,
				      (const char *const *)s->values,
				      s->lengths, s->formats, 0);
		status = PQresultStatus(s->res);
		if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
			snprintf(s->err, sizeof(s->err), "%s",
				 s->res ? PQresultErrorMessage(s->res) :
				 PQerrorMessage(s->conn));
			s->err[strcspn(s->err, "\n")] = '\0';
			return SQLITE_ERROR;
		}
	}
	if (!s->res || PQresultStatus(s->res) != PGRES_TUPLES_OK)
		return SQLITE_DONE;
	if (s->row + 1 >= PQntuples(s->res)) {
		s->row = PQntuples(s->res);
		return SQLITE_DONE;
	}
	s->row++;
	return SQLITE_ROW;
}

int pgs_column_count(dbs *st)
{
	struct pg_stmt *s = PGS(st);

	return s->res ? PQnfields(s->res) : 0;
}

/* Whether the current row has column i, not NULL. */
static int has_value(struct pg_stmt *s, int i)
{
	return s->res && s->row >= 0 && s->row < PQntuples(s->res) &&
	       i >= 0 && i < PQnfields(s->res) &&
	       !PQgetisnull(s->res, s->row, i);
}

int pgs_column_type(dbs *st, int i)
{
	struct pg_stmt *s = PGS(st);
	const char *v;

	if (!has_value(s, i))
		return SQLITE_NULL;
	switch (PQftype(s->res, i)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
		return SQLITE_INTEGER;
	case OID_FLOAT4:
	case OID_FLOAT8:
		return SQLITE_FLOAT;
	case OID_NUMERIC:
		/* sum() and avg() of integers: whole where SQLite's are. */
		v = PQgetvalue(s->res, s->row, i);
		return strpbrk(v, ".eEN") ? SQLITE_FLOAT : SQLITE_INTEGER;
	case OID_BYTEA:
		return SQLITE_BLOB;
	default:
		return SQLITE_TEXT;
	}
}

sqlite3_int64 pgs_column_int64(dbs *st, int i)
{
	struct pg_stmt *s = PGS(st);
	const char *v;

	if (!has_value(s, i))
		return 0;
	v = PQgetvalue(s->res, s->row, i);
	if (PQftype(s->res, i) == OID_BOOL)
		return v[0] == 't';
	if (pgs_column_type(st, i) == SQLITE_FLOAT)
		return (sqlite3_int64)strtod(v, NULL);
	return (sqlite3_int64)strtoll(v, NULL, 10);
}

double pgs_column_double(dbs *st, int i)
{
	struct pg_stmt *s = PGS(st);

	if (!has_value(s, i))
		return 0;
	if (PQftype(s->res, i) == OID_BOOL)
		return PQgetvalue(s->res, s->row, i)[0] == 't';
	return strtod(PQgetvalue(s->res, s->row, i), NULL);
}

/* Keeps n bytes of v in the statement's text buffer, NUL-terminated. */
static const char *keep_text(struct pg_stmt *s, const char *v, size_t n)
{
	if (n + 1 > s->textsz) {
		s->textsz = n + 64;
		s->text = xrealloc(s->text, s->textsz);
	}
	memcpy(s->text, v, n);
	s->text[n] = '\0';
	return s->text;
}

const unsigned char *pgs_column_text(dbs *st, int i)
{
	struct pg_stmt *s = PGS(st);
	const char *v;

	if (!has_value(s, i))
		return NULL;
	v = PQgetvalue(s->res, s->row, i);
	switch (pgs_column_type(st, i)) {
	case SQLITE_FLOAT: {
		char t[64];

		sqlite3_snprintf(sizeof(t), t, "%!.15g", strtod(v, NULL));
		return (const unsigned char *)keep_text(s, t, strlen(t));
	}
	case SQLITE_INTEGER:
		if (PQftype(s->res, i) == OID_BOOL)
			return (const unsigned char *)keep_text(
				s, v[0] == 't' ? "1" : "0", 1);
		return (const unsigned char *)v;
	case SQLITE_BLOB:
		pgs_column_blob(st, i);
		return (const unsigned char *)keep_text(s, s->blob,
							s->bloblen);
	default:
		return (const unsigned char *)v;
	}
}

const void *pgs_column_blob(dbs *st, int i)
{
	struct pg_stmt *s = PGS(st);
	unsigned char *b;
	size_t n;

	if (!has_value(s, i))
		return NULL;
	if (PQftype(s->res, i) != OID_BYTEA)
		return pgs_column_text(st, i);
	b = PQunescapeBytea((const unsigned char *)PQgetvalue(s->res, s->row,
							       i), &n);
	if (!b)
		return NULL;
	free(s->blob);
	s->blob = xmalloc(n + 1);
	memcpy(s->blob, b, n);
	s->blob[n] = '\0';
	s->bloblen = n;
	PQfreemem(b);
	return s->blob;
}

int pgs_column_bytes(dbs *st, int i)
{
	struct pg_stmt *s = PGS(st);

	if (!has_value(s, i))
		return 0;
	switch (pgs_column_type(st, i)) {
	case SQLITE_BLOB:
		pgs_column_blob(st, i);
		return (int)s->bloblen;
	case SQLITE_FLOAT:
		return (int)strlen((const char *)pgs_column_text(st, i));
	default:
		return (int)strlen((const char *)pgs_column_text(st, i));
	}
}
