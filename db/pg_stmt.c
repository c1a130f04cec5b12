/* SPDX-License-Identifier: MIT */
/* SQLite's statement calls on a PostgreSQL connection (see pg_stmt.h). */
#include "pg_stmt.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
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
#define OID_TEXT 25

struct pg_stmt {
	PGconn *conn;
	char *sql;		/* as given */
	char *pgsql;		/* as sent */
	int nparams;
	char **names;		/* [nparams]: ":x", or NULL */
	char **values;		/* [nparams]: text, or NULL for NULL */
	int *lengths;
	int *formats;		/* 1 for a blob (binary), else 0 */
	Oid *types;		/* text for those the SQL never names */
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

static _Thread_local int last_changes;

int pgs_changes(void)
{
	return last_changes;
}

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

/* pgs_translate(), noting in used[n - 1] each parameter n named. */
static int translate(const char *sql, char *out, size_t outsz, char **names,
		     int max, char *used);

int pgs_translate(const char *sql, char *out, size_t outsz, char **names,
		  int max)
{
	char *used = xcalloc((size_t)max + 1, 1);
	int n = translate(sql, out, outsz, names, max, used);

	free(used);
	return n;
}

static int translate(const char *sql, char *out, size_t outsz, char **names,
		     int max, char *used)
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
		used[n - 1] = 1;
		snprintf(num, sizeof(num), "$%d", n);
		if (put(out, outsz, &at, num, strlen(num)) != 0)
			return -1;
	}
	return highest;
}

/*
 * SQLite's INSERT OR IGNORE, which dossier uses only to skip a row whose
 * key is taken: PostgreSQL's INSERT ... ON CONFLICT DO NOTHING (sql has
 * room: it was sized twice the original).
 */
static void ignore_conflicts(char *sql)
{
	static const char or_ignore[] = "INSERT OR IGNORE INTO";
	size_t n;

	if (strncmp(sql, or_ignore, sizeof(or_ignore) - 1) != 0)
		return;
	memmove(sql + 6, sql + 16, strlen(sql + 16) + 1);
	n = strlen(sql);
	while (n && (sql[n - 1] == ';' || isspace((unsigned char)sql[n - 1])))
		sql[--n] = '\0';
	strcpy(sql + n, " ON CONFLICT DO NOTHING");
}

/*
 * SQLite's INTEGER is 64-bit; PostgreSQL's is 32: CAST(x AS INTEGER)
 * becomes CAST(x AS BIGINT) (same length, so in place). Outside quotes.
 */
static void whole_numbers(char *sql)
{
	char *p = sql;
	char q = 0;

	for (; *p; p++) {
		if (q) {
			if (*p == q)
				q = 0;
		} else if (*p == '\'' || *p == '"') {
			q = *p;
		} else if (strncmp(p, " AS INTEGER)", 12) == 0) {
			memcpy(p, " AS BIGINT) ", 12);
			p += 11;
		}
	}
}

/*
 * SQLite's unary + before a column keeps its index out of a plan; on
 * PostgreSQL it is an error for text: dropped (in place, a space).
 */
static void no_unary_plus(char *sql)
{
	char *p = sql;
	char q = 0;

	for (; *p; p++) {
		if (q) {
			if (*p == q)
				q = 0;
		} else if (*p == '\'' || *p == '"') {
			q = *p;
		} else if (*p == '+' && p > sql && (p[-1] == ' ' ||
			   p[-1] == '(') && isalpha((unsigned char)p[1])) {
			*p = ' ';
		}
	}
}

/* Whether c may be part of a name or a parameter ($1, t.col). */
static int word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '$';
}

/*
 * SQLite's CROSS JOIN with ON (an inner join whose order the planner
 * keeps): an inner join for PostgreSQL, whose CROSS JOIN takes no ON.
 * A CROSS JOIN without one stays.
 */
static char *inner_joins(char *sql)
{
	struct buf out = BUF_INIT;
	const char *p = sql, *m;

	if (!strstr(sql, " CROSS JOIN "))
		return sql;
	while ((m = strstr(p, " CROSS JOIN ")) != NULL) {
		const char *e = m + 12;
		int depth = 0;

		/* The joined table or function, and its alias. */
		while (*e && (word_char(*e) || *e == '(' || depth)) {
			depth += *e == '(';
			depth -= *e == ')';
			e++;
		}
		while (*e == ' ')
			e++;
		while (word_char(*e))
			e++;
		buf_append(&out, p, (size_t)(m - p));
		buf_puts(&out, strncmp(e, " ON ", 4) == 0 ? " JOIN " :
			 " CROSS JOIN ");
		p = m + 12;
	}
	buf_puts(&out, p);
	free(sql);
	sql = xstrdup(buf_str(&out));
	buf_free(&out);
	return sql;
}

/*
 * SQLite's COLLATE NOCASE (ASCII letters folded): "x COLLATE NOCASE"
 * becomes lower(x), and "y = $1 COLLATE NOCASE" lower(y) = lower($1),
 * which the schema's lower() indexes serve. The database's C collation
 * makes lower() fold ASCII only and compare bytes, as SQLite does.
 */
static char *folded_case(char *sql)
{
	static const char nocase[] = " COLLATE NOCASE";
	struct buf out = BUF_INIT;
	const char *p = sql, *m;

	if (!strstr(sql, nocase))
		return sql;
	while ((m = strstr(p, nocase)) != NULL) {
		const char *w = m, *l = NULL, *le = NULL;

		while (w > p && word_char(w[-1]))
			w--;
		/* y = $1: y folded too. */
		if (*w == '$' && w - p >= 4 && strncmp(w - 3, " = ", 3) == 0) {
			le = w - 3;
			l = le;
			while (l > p && word_char(l[-1]))
				l--;
		}
		if (l && l < le) {
			buf_append(&out, p, (size_t)(l - p));
			buf_printf(&out, "lower(%.*s) = ", (int)(le - l), l);
		} else {
			buf_append(&out, p, (size_t)(w - p));
		}
		buf_printf(&out, "lower(%.*s)", (int)(m - w), w);
		p = m + sizeof(nocase) - 1;
	}
	buf_puts(&out, p);
	free(sql);
	sql = xstrdup(buf_str(&out));
	buf_free(&out);
	return sql;
}

/* The end of the argument starting at p: a top-level ',' or ')'. */
static const char *arg_end(const char *p)
{
	int depth = 0;
	char q = 0;

	for (; *p; p++) {
		if (q) {
			if (*p == q)
				q = 0;
		} else if (*p == '\'' || *p == '"') {
			q = *p;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			if (!depth)
				return p;
			depth--;
		} else if (*p == ',' && !depth) {
			return p;
		}
	}
	return p;
}

static void json_rewrite(struct buf *out, const char *p, const char *end);

/* The start of the statement json_rewrite() reads (nothing before it). */
static _Thread_local const char *json_base;

/* Appends arguments [p, end) of a call; values (every one, or every
 * other from the second with pairs) wrapped in sqlite_json(). */
static void json_args(struct buf *out, const char *p, const char *end,
		      int pairs)
{
	int i = 0;

	while (p < end) {
		const char *e = arg_end(p);
		int value = !pairs || i % 2 == 1;

		if (e > end)
			e = end;
		if (i)
			buf_putc(out, ',');
		if (value)
			buf_puts(out, "sqlite_json(");
		json_rewrite(out, p, e);
		if (value)
			buf_putc(out, ')');
		i++;
		p = *e == ',' && e < end ? e + 1 : e;
	}
}

/* Appends [p, end) with SQLite's JSON calls as the compat functions'. */
static void json_rewrite(struct buf *out, const char *p, const char *end)
{
	static const struct {
		const char *name;
		const char *as;
		int pairs;
	} calls[] = {
		{ "json_object(", "json_text_object(", 1 },
		{ "json_array(", "json_text_array(", 0 },
		{ "json_group_array(", "json_text_agg(", 0 },
		{ "json(", "(", -1 },
	};
	char q = 0;

	while (p < end) {
		size_t i, n;

		if (q) {
			if (*p == q)
				q = 0;
			buf_putc(out, *p++);
			continue;
		}
		if (*p == '\'' || *p == '"') {
			q = *p;
			buf_putc(out, *p++);
			continue;
		}
		for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
			n = strlen(calls[i].name);
			if ((size_t)(end - p) >= n &&
			    strncmp(p, calls[i].name, n) == 0 &&
			    (p == json_base || !word_char(p[-1])))
				break;
		}
		if (i == sizeof(calls) / sizeof(calls[0])) {
			buf_putc(out, *p++);
			continue;
		}
		{
			const char *a = p + strlen(calls[i].name), *e = a;

			while (*e && *e != ')')
				e = *arg_end(e) == ',' ? arg_end(e) + 1 :
					arg_end(e);
			buf_puts(out, calls[i].as);
			if (calls[i].pairs < 0) {
				/* json(x): x's text, as JSON. */
				json_rewrite(out, a, e);
				buf_puts(out, ")::json");
			} else {
				json_args(out, a, e, calls[i].pairs);
				buf_putc(out, ')');
			}
			p = *e ? e + 1 : e;
		}
	}
}

/* The ) that closes the parenthesis opened just before p, or its end. */
static const char *close_paren(const char *p)
{
	const char *e = p;

	while (*(e = arg_end(e)) == ',')
		e++;
	return e;
}

/* Whether the word at p is a keyword that may follow a FROM item. */
static int after_from_item(const char *p)
{
	static const char *const words[] = {
		"WHERE", "GROUP", "ORDER", "LIMIT", "JOIN", "CROSS", "LEFT",
		"INNER", "UNION", "EXCEPT", "INTERSECT", "ON", "HAVING",
		"WINDOW", "NATURAL", "OFFSET",
	};
	size_t i, n;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = strlen(words[i]);
		if (strncmp(p, words[i], n) == 0 && !word_char(p[n]))
			return 1;
	}
	return !word_char(*p);
}

/*
 * PostgreSQL 15 wants a name for each subquery in FROM, which SQLite
 * does not: "FROM (SELECT ...)" and "JOIN (SELECT ...)" without one get
 * "AS _s<n>".
 */
static char *named_subqueries(char *sql)
{
	struct buf out = BUF_INIT;
	const char *p = sql;
	int n = 0;

	if (!strstr(sql, "FROM (") && !strstr(sql, "JOIN ("))
		return sql;
	while (*p) {
		const char *m = strstr(p, "FROM ("), *j = strstr(p, "JOIN (");
		const char *e, *w;

		if (!m || (j && j < m))
			m = j;
		if (!m)
			break;
		e = close_paren(m + 6);	/* the subquery's closing ) */
		buf_append(&out, p, (size_t)(m + 6 - p));
		p = m + 6;
		if (*e != ')')
			continue;
		w = e + 1;
		while (*w == ' ')
			w++;
		if (after_from_item(w)) {
			/* Rewritten inside too, then named. */
			char *inner = named_subqueries(xstrndup(p,
						(size_t)(e - p)));

			buf_puts(&out, inner);
			free(inner);
			buf_printf(&out, ") AS _s%d", ++n);
			p = e + 1;
		}
	}
	buf_puts(&out, p);
	free(sql);
	sql = xstrdup(buf_str(&out));
	buf_free(&out);
	return sql;
}

/*
 * SQLite's INDEXED BY name and NOT INDEXED, which choose its plans:
 * PostgreSQL's planner chooses its own.
 */
static char *no_index_hints(char *sql)
{
	struct buf out = BUF_INIT;
	const char *p = sql, *m, *n;

	if (!strstr(sql, " INDEXED BY ") && !strstr(sql, " NOT INDEXED"))
		return sql;
	for (;;) {
		m = strstr(p, " INDEXED BY ");
		n = strstr(p, " NOT INDEXED");
		if (!m || (n && n < m)) {
			if (!n)
				break;
			buf_append(&out, p, (size_t)(n - p));
			p = n + 12;
			continue;
		}
		buf_append(&out, p, (size_t)(m - p));
		p = m + 12;
		while (word_char(*p))
			p++;
	}
	buf_puts(&out, p);
	free(sql);
	sql = xstrdup(buf_str(&out));
	buf_free(&out);
	return sql;
}

/*
 * SQLite's min() and max() of two or more values: PostgreSQL's least()
 * and greatest() (which pass over a NULL where SQLite's answer NULL; no
 * statement of dossier's gives them one). The aggregates of one argument
 * stay.
 */
static char *least_greatest(char *sql)
{
	struct buf out = BUF_INIT;
	const char *p = sql;

	if (!strstr(sql, "min(") && !strstr(sql, "max("))
		return sql;
	while (*p) {
		int is_min = strncmp(p, "min(", 4) == 0;

		if ((is_min || strncmp(p, "max(", 4) == 0) &&
		    (p == sql || !word_char(p[-1])) &&
		    *arg_end(p + 4) == ',') {
			buf_puts(&out, is_min ? "least(" : "greatest(");
			p += 4;
			continue;
		}
		buf_putc(&out, *p++);
	}
	free(sql);
	sql = xstrdup(buf_str(&out));
	buf_free(&out);
	return sql;
}

/* SQLite's JSON functions as pg_compat.sql's, which write as SQLite. */
static char *json_calls(char *sql)
{
	struct buf out = BUF_INIT;

	if (!strstr(sql, "json"))
		return sql;
	json_base = sql;
	json_rewrite(&out, sql, sql + strlen(sql));
	free(sql);
	sql = xstrdup(buf_str(&out));
	buf_free(&out);
	return sql;
}

/*
 * FTS5's "table MATCH query" as "table.tsv @@ fts_query(cfg, query)":
 * each FTS5 table is a table with a tsvector on PostgreSQL (its schema),
 * and the query, written for FTS5, is read by fts_query() (its compat
 * functions). Type-ahead's table keeps words unstemmed. Returns sql, or
 * a new string for it (sql freed).
 */
static char *full_text_matches(char *sql)
{
	struct buf out = BUF_INIT;
	const char *p = sql, *m;

	if (!strstr(sql, " MATCH "))
		return sql;
	while ((m = strstr(p, " MATCH ")) != NULL) {
		const char *name = m;
		const char *arg = m + 7, *end = arg;

		while (name > p && (isalnum((unsigned char)name[-1]) ||
				    name[-1] == '_' || name[-1] == '.'))
			name--;
		if (*end == '$')
			end++;
		while (isdigit((unsigned char)*end))
			end++;
		buf_append(&out, p, (size_t)(name - p));
		buf_printf(&out, "%.*s.tsv @@ fts_query('%s', %.*s)",
			   (int)(m - name), name,
			   strncmp(name, "suggest_fts", 11) == 0 ?
			   "dossier_words" : "dossier",
			   (int)(end - arg), arg);
		p = end;
	}
	buf_puts(&out, p);
	free(sql);
	sql = xstrdup(buf_str(&out));
	buf_free(&out);
	return sql;
}

dbs *pgs_new(PGconn *conn, const char *sql)
{
	struct pg_stmt *s = xcalloc(1, sizeof(*s));
	size_t outsz = strlen(sql) * 2 + 64;
	char **names = xcalloc(PGS_MAX_PARAMS, sizeof(*names));
	char *used = xcalloc(PGS_MAX_PARAMS + 1, 1);
	int n, i;

	s->conn = conn;
	s->sql = xstrdup(sql);
	s->pgsql = xmalloc(outsz);
	n = translate(sql, s->pgsql, outsz, names, PGS_MAX_PARAMS, used);
	if (n < 0) {
		free(used);
		for (n = 0; n < PGS_MAX_PARAMS; n++)
			free(names[n]);
		free(names);
		free(s->pgsql);
		free(s->sql);
		free(s);
		return NULL;
	}
	ignore_conflicts(s->pgsql);
	whole_numbers(s->pgsql);
	no_unary_plus(s->pgsql);
	s->pgsql = inner_joins(s->pgsql);
	s->pgsql = folded_case(s->pgsql);
	s->pgsql = json_calls(s->pgsql);
	s->pgsql = named_subqueries(s->pgsql);
	s->pgsql = no_index_hints(s->pgsql);
	s->pgsql = least_greatest(s->pgsql);
	s->pgsql = full_text_matches(s->pgsql);
	s->nparams = n;
	s->names = xrealloc(names, (size_t)(n ? n : 1) * sizeof(*names));
	s->values = xcalloc((size_t)n + 1, sizeof(*s->values));
	s->lengths = xcalloc((size_t)n + 1, sizeof(*s->lengths));
	s->formats = xcalloc((size_t)n + 1, sizeof(*s->formats));
	/* A parameter the SQL skips (?10 with no ?9) has no type to infer:
	 * text, which any value bound to it is. */
	s->types = xcalloc((size_t)n + 1, sizeof(*s->types));
	for (i = 0; i < n; i++)
		s->types[i] = used[i] ? 0 : OID_TEXT;
	free(used);
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
	free(s->types);
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
		s->res = PQexecParams(s->conn, s->pgsql, s->nparams, s->types,
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
		if (status == PGRES_COMMAND_OK)
			last_changes = atoi(PQcmdTuples(s->res));
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
