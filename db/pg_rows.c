/* SPDX-License-Identifier: MIT */
/*
 * Writes to a summarised table one row per statement (see pg_rows.h).
 *
 * The summary triggers are SQLite's, and SQLite runs a row trigger right
 * after its row: the trigger of the first of two rows an INSERT adds sees
 * that row and not the second, and the trigger of the first of two rows a
 * DELETE removes still sees the second. PostgreSQL runs AFTER ROW
 * triggers once the whole statement is done, when every row is in or
 * gone, and those triggers would count each row as if it were the last.
 * So a write of several rows to such a table is done here as one
 * statement per row, in the order the rows come: each row's triggers see
 * what SQLite's would.
 */
#include "pg_rows.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pg_derived.h"
#include "xalloc.h"

/*
 * The tables with SQLite's row triggers (pg_derived.h: a trigger's
 * function is named after it), read once (pgs_rows_load). The search
 * tables' own, which add up their sizes in any order, need no split.
 */
static char **triggered;
static size_t ntriggered;

int pg_rows_load(PGconn *c)
{
	PGresult *r = PQexec(c, "SELECT DISTINCT t.relname FROM pg_trigger g"
			     " JOIN pg_class t ON t.oid = g.tgrelid"
			     " JOIN pg_proc p ON p.oid = g.tgfoid"
			     " WHERE NOT g.tgisinternal AND t.relkind = 'r'"
			     " AND " PG_DERIVED_TRIGGER
			     " AND t.relnamespace ="
			     " current_schema()::regnamespace");
	size_t i;

	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		return -1;
	}
	for (i = 0; i < ntriggered; i++)
		free(triggered[i]);
	ntriggered = (size_t)PQntuples(r);
	triggered = xrealloc(triggered, (ntriggered ? ntriggered : 1) *
			     sizeof(*triggered));
	for (i = 0; i < ntriggered; i++)
		triggered[i] = xstrdup(PQgetvalue(r, (int)i, 0));
	PQclear(r);
	return 0;
}

/* The end of the name at p. */
static const char *name_end(const char *p)
{
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	return p;
}

static int is_triggered(const char *p, const char *e)
{
	size_t i, n = (size_t)(e - p);

	for (i = 0; i < ntriggered; i++) {
		if (strlen(triggered[i]) == n &&
		    strncmp(triggered[i], p, n) == 0)
			return 1;
	}
	return 0;
}

/* The last top-level (outside parentheses and quotes) s in sql, or NULL. */
static const char *top_level(const char *sql, const char *s)
{
	const char *found = NULL, *p;
	size_t n = strlen(s);
	int depth = 0;
	char q = 0;

	for (p = sql; *p; p++) {
		if (q) {
			if (*p == q)
				q = 0;
		} else if (*p == '\'' || *p == '"') {
			q = *p;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			depth--;
		} else if (!depth && strncmp(p, s, n) == 0) {
			found = p;
		}
	}
	return found;
}

int pg_rows_plan(const char *sql, struct pg_rows *out)
{
	const char *t, *e, *w;

	memset(out, 0, sizeof(*out));
	out->original = xstrdup(sql);
	if (strncmp(sql, "DELETE FROM ", 12) == 0 ||
	    strncmp(sql, "UPDATE ", 7) == 0) {
		int del = sql[0] == 'D';

		t = sql + (del ? 12 : 7);
		e = name_end(t);
		w = top_level(e, " WHERE ");
		/* An UPDATE ... FROM joins rows a ctid alone would lose; the
		 * only ones run with the triggers off (summaries.c). */
		if (!is_triggered(t, e) || !w || top_level(e, " RETURNING ") ||
		    (!del && top_level(e, " FROM "))) {
			pg_rows_free(out);
			return 0;
		}
		out->select = xmalloc(strlen(sql) + 64);
		sprintf(out->select, "SELECT ctid FROM %.*s%s", (int)(e - t),
			t, w);
		/* The same write of one row (its ctid the next parameter). */
		out->each = xstrndup(sql, (size_t)(w - sql));
		out->kind = PG_ROWS_BY_CTID;
		return 1;
	}
	if (strncmp(sql, "INSERT INTO ", 12) == 0) {
		const char *cols, *sel, *tail;
		int ncols = 1;

		t = sql + 12;
		e = name_end(t);
		cols = e;
		sel = strstr(cols, ") SELECT ");
		if (*cols != '(' || !is_triggered(t, e) || !sel ||
		    strchr(cols, ')') != sel) {
			pg_rows_free(out);
			return 0;
		}
		for (w = cols; w < sel; w++)
			ncols += *w == ',';
		tail = top_level(sel + 2, " ON CONFLICT ");
		out->select = tail ? xstrndup(sel + 2, (size_t)(tail - sel - 2))
			: xstrdup(sel + 2);
		out->each = xmalloc(strlen(sql) + (size_t)ncols * 8 + 64);
		sprintf(out->each, "%.*s) VALUES (", (int)(sel - sql), sql);
		out->ncols = ncols;
		out->tail = xstrdup(tail ? tail : "");
		out->kind = PG_ROWS_BY_VALUES;
		return 1;
	}
	pg_rows_free(out);
	return 0;
}

void pg_rows_free(struct pg_rows *r)
{
	free(r->original);
	free(r->types);
	free(r->select);
	free(r->each);
	free(r->tail);
	memset(r, 0, sizeof(*r));
}

/* Whether $n (1-based) appears in sql. */
static int names_param(const char *sql, int n)
{
	const char *p = sql;
	char want[16];
	size_t len;

	len = (size_t)snprintf(want, sizeof(want), "$%d", n);
	while ((p = strstr(p, want)) != NULL) {
		if (!isdigit((unsigned char)p[len]))
			return 1;
		p += len;
	}
	return 0;
}

/* Runs sql with the statement's parameters and more after them. */
static PGresult *run(PGconn *c, const char *sql, const Oid *known,
		     int nparams, const char *const *values,
		     const int *lengths, const int *formats, int nmore,
		     const char *const *more)
{
	int n = nparams + nmore, i;
	const char **v = xcalloc((size_t)n + 1, sizeof(*v));
	int *l = xcalloc((size_t)n + 1, sizeof(*l));
	int *f = xcalloc((size_t)n + 1, sizeof(*f));
	Oid *types = xcalloc((size_t)n + 1, sizeof(*types));
	PGresult *r;

	for (i = 0; i < nparams; i++) {
		v[i] = values[i];
		l[i] = lengths[i];
		f[i] = formats[i];
		/* One the SQL does not name has no type to infer: text;
		 * others the types the whole statement gives them. */
		types[i] = !names_param(sql, i + 1) ? 25 :
			known ? known[i] : 0;
	}
	for (i = 0; i < nmore; i++)
		v[nparams + i] = more[i];
	r = PQexecParams(c, sql, n, types, v, l, f, 0);
	free(v);
	free(l);
	free(f);
	free(types);
	return r;
}

PGresult *pg_rows_run(PGconn *c, struct pg_rows *plan, int nparams,
		      const char *const *values, const int *lengths,
		      const int *formats, long *changed)
{
	PGresult *rows, *r = NULL;
	struct buf sql = BUF_INIT;
	int i, k;

	*changed = 0;
	if (!plan->types && nparams) {
		/* The parameters' types where the whole statement has them
		 * (a value inserted into a column): the rows' SELECT alone
		 * may not tell. */
		Oid *gaps = xcalloc((size_t)nparams, sizeof(Oid));
		PGresult *d;
		int ok;

		for (i = 0; i < nparams; i++)
			gaps[i] = names_param(plan->original, i + 1) ? 0 : 25;
		d = PQprepare(c, "", plan->original, nparams, gaps);
		ok = PQresultStatus(d) == PGRES_COMMAND_OK;
		free(gaps);

		PQclear(d);
		d = ok ? PQdescribePrepared(c, "") : NULL;
		if (d && PQresultStatus(d) == PGRES_COMMAND_OK) {
			plan->types = xcalloc((size_t)nparams, sizeof(Oid));
			for (i = 0; i < nparams && i < PQnparams(d); i++)
				plan->types[i] = PQparamtype(d, i);
		}
		PQclear(d);
	}
	rows = run(c, plan->select, plan->types, nparams, values, lengths,
		   formats, 0, NULL);
	if (PQresultStatus(rows) != PGRES_TUPLES_OK)
		return rows;
	if (plan->kind == PG_ROWS_BY_CTID) {
		buf_printf(&sql, "%s WHERE ctid = $%d", plan->each,
			   nparams + 1);
	} else {
		buf_puts(&sql, plan->each);
		for (k = 0; k < plan->ncols; k++)
			buf_printf(&sql, "%s$%d", k ? ", " : "",
				   nparams + 1 + k);
		buf_printf(&sql, ")%s", plan->tail);
	}
	for (i = 0; i < PQntuples(rows); i++) {
		const char *more[64];
		int nmore = plan->kind == PG_ROWS_BY_CTID ? 1 : plan->ncols;

		if (nmore > 64 || nmore > PQnfields(rows))
			break;
		for (k = 0; k < nmore; k++)
			more[k] = PQgetisnull(rows, i, k) ? NULL :
				PQgetvalue(rows, i, k);
		PQclear(r);
		r = run(c, buf_str(&sql), plan->types, nparams, values,
			lengths, formats, nmore, more);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			break;
		*changed += atol(PQcmdTuples(r));
	}
	buf_free(&sql);
	PQclear(rows);
	if (!r)		/* no row: an empty write */
		r = PQexec(c, "SELECT WHERE false");
	return r;
}
