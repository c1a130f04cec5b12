/* SPDX-License-Identifier: MIT */
/* SQLite's statement calls on a PostgreSQL connection (see pg_stmt.h). */
#include "pg_stmt.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "pg.h"
#include "pg_rows.h"
#include "real_text.h"
#include "utf8.h"
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
#define OID_INT8 20
#define OID_FLOAT8 701
#define OID_BYTEA 17

/*
 * A stream's rows read in batches through a cursor, as SQLite steps its
 * rows one at a time: a caller that stops after a few rows (a walk in
 * index order, a merge) never makes the server compute the rest.
 */
struct cursor {
	char name[40];		/* "" when none is open */
	PGconn *conn;		/* where it is open */
	unsigned long serial;	/* transaction_serial when declared */
	long batch;		/* rows the next FETCH asks for */
	int more;		/* the last FETCH filled its batch */
};

/* Rows of a cursor's first FETCH, doubled at each further one up to
 * the last: a page's worth first, bulk reads soon in large batches. */
#define CURSOR_FIRST_BATCH 64
#define CURSOR_MAX_BATCH 8192

struct pg_stmt {
	PGconn *(*conn)(void);	/* where it runs, asked at each run */
	char *sql;		/* as given */
	char *pgsql;		/* as sent */
	int nparams;
	char **names;		/* [nparams]: ":x", or NULL */
	char **values;		/* [nparams]: text, or NULL for NULL */
	int *lengths;
	int *formats;		/* 1 for a blob (binary), else 0 */
	Oid *types;		/* text for those the SQL never names */
	unsigned char *tested;	/* [nparams]: 1 when only tested for NULL */
	struct pg_rows rows;	/* a write of several rows, row by row */
	int query;		/* a SELECT or WITH, not a command */
	int stream;		/* a query in an order with no LIMIT */
	int matches;		/* it has a full-text match (@@) */
	struct cursor cursor;
	PGresult *res;
	int row;		/* current row, -1 before the first step */
	int ran;
	char *text;		/* a column's text as SQLite would give it */
	size_t textsz;
	char *blob;		/* a bytea column, decoded */
	size_t bloblen;
};

#define PGS(s) ((struct pg_stmt *)(s))

/*
 * The end of a rewrite: out (what came before p) and the rest of sql
 * from p, as a new string; sql is freed.
 */
static char *rewritten(char *sql, struct buf *out, const char *p)
{
	char *s;

	buf_puts(out, p);
	s = xstrdup(buf_str(out));
	buf_free(out);
	free(sql);
	return s;
}

static _Thread_local int last_changes;
static _Thread_local char last_sqlstate[6];

int pgs_changes(void)
{
	return last_changes;
}

const char *pgs_sqlstate(void)
{
	return last_sqlstate;
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

/*
 * The end of the literal or quoted name that starts at p (its quote),
 * doubled quotes inside it: just past its closing quote.
 */
static const char *quoted_end(const char *p)
{
	char q = *p++;

	while (*p && !(*p == q && p[1] != q))
		p += *p == q ? 2 : 1;
	return *p ? p + 1 : p;
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
			const char *e = quoted_end(p);

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
	return rewritten(sql, &out, p);
}

/*
 * After the first of a row of values compared (a keyset's "(x COLLATE
 * NOCASE, pk) > ($1, $2)"), the rest up to the value it is compared
 * with, which is folded as x is: "(lower(x), pk) > (lower($1), $2)".
 * SQLite compares that value under the left side's collation. Returns
 * where the caller goes on (p when the row is not there).
 */
static const char *folded_keyset(struct buf *out, const char *p)
{
	const char *e = p, *v;

	if (strncmp(e, ", ", 2) != 0)
		return p;
	for (e += 2; word_char(*e); e++)
		;
	if (*e++ != ')' || *e++ != ' ' || !strchr("<>", *e))
		return p;
	e += e[1] == '=' ? 2 : 1;
	if (strncmp(e, " ($", 3) != 0)
		return p;
	for (v = e + 2, e += 3; isdigit((unsigned char)*e); e++)
		;
	if (*e != ',')
		return p;
	buf_append(out, p, (size_t)(v - p));
	buf_printf(out, "lower(%.*s)", (int)(e - v), v);
	return e;
}

/*
 * SQLite's COLLATE NOCASE (ASCII letters folded): "x COLLATE NOCASE"
 * becomes lower(x), "y = $1 COLLATE NOCASE" lower(y) = lower($1), which
 * the schema's lower() indexes serve, and a keyset's value is folded too
 * (folded_keyset()); "x COLLATE NOCASE AS s", a value selected, is x.
 * The database's C collation makes lower() fold ASCII only and compare
 * bytes, as SQLite does.
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
		p = m + sizeof(nocase) - 1;
		if (strncmp(p, " AS ", 4) == 0) {
			/* A value selected: as it is, as SQLite gives it. */
			buf_append(&out, w, (size_t)(m - w));
			continue;
		}
		buf_printf(&out, "lower(%.*s)", (int)(m - w), w);
		p = folded_keyset(&out, p);
	}
	return rewritten(sql, &out, p);
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

/*
 * SQLite's CAST(x AS INTEGER): 64-bit, and a fraction cut off (toward
 * zero), where PostgreSQL's integer is 32-bit and its casts round; so
 * sqlite_int(x) of pg_compat.sql.
 */
static char *whole_numbers(char *sql)
{
	static const char as_int[] = " AS INTEGER";
	struct buf out = BUF_INIT;
	const char *p = sql, *m;

	if (!strstr(sql, as_int))
		return sql;
	while ((m = strstr(p, "CAST(")) != NULL) {
		const char *e = close_paren(m + 5);
		size_t n = (size_t)(e - (m + 5));

		buf_append(&out, p, (size_t)(m - p));
		if (*e == ')' && n > sizeof(as_int) - 1 &&
		    strncmp(e - (sizeof(as_int) - 1), as_int,
			    sizeof(as_int) - 1) == 0) {
			char *inner = whole_numbers(xstrndup(m + 5, n -
						(sizeof(as_int) - 1)));

			buf_printf(&out, "sqlite_int(%s)", inner);
			free(inner);
			p = e + 1;
		} else {
			buf_puts(&out, "CAST(");
			p = m + 5;
		}
	}
	return rewritten(sql, &out, p);
}

/* SQLite's REAL is 8 bytes: PostgreSQL's double precision, not real. */
static char *real_numbers(char *sql)
{
	static const char as_real[] = " AS REAL)";
	struct buf out = BUF_INIT;
	const char *p = sql, *m;

	if (!strstr(sql, as_real))
		return sql;
	while ((m = strstr(p, as_real)) != NULL) {
		buf_append(&out, p, (size_t)(m - p));
		buf_puts(&out, " AS double precision)");
		p = m + sizeof(as_real) - 1;
	}
	return rewritten(sql, &out, p);
}

/*
 * SQLite's "a IS b" and "a IS NOT b" compare NULLs as values: for
 * PostgreSQL, IS [NOT] DISTINCT FROM (IS NULL, IS NOT NULL stay).
 */
static char *null_safe_is(char *sql)
{
	struct buf out = BUF_INIT;
	const char *p = sql, *m;

	if (!strstr(sql, " IS "))
		return sql;
	while ((m = strstr(p, " IS ")) != NULL) {
		const char *w = m + 4;
		int not = strncmp(w, "NOT ", 4) == 0;

		if (not)
			w += 4;
		if (strncmp(w, "NULL AS ", 8) == 0) {
			/* A column "x IS [NOT] NULL AS c", a number in
			 * SQLite: (x IS NOT NULL)::int. */
			const char *x = m;

			while (x > p && word_char(x[-1]))
				x--;
			buf_append(&out, p, (size_t)(x - p));
			buf_printf(&out, "(%.*s IS %sNULL)::int", (int)(m - x),
				   x, not ? "NOT " : "");
			p = w + 4;
			continue;
		}
		buf_append(&out, p, (size_t)(m - p));
		if (strncmp(w, "NULL", 4) == 0 || strncmp(w, "TRUE", 4) == 0 ||
		    strncmp(w, "FALSE", 5) == 0 ||
		    strncmp(w, "DISTINCT", 8) == 0) {
			buf_puts(&out, not ? " IS NOT " : " IS ");
		} else {
			buf_puts(&out, not ? " IS DISTINCT FROM " :
				 " IS NOT DISTINCT FROM ");
		}
		p = w;
	}
	return rewritten(sql, &out, p);
}

/*
 * SQLite's whole numbers are 64-bit; PostgreSQL's literals are 32: a
 * literal or a parenthesised sum shifted left ("1 << 56", "(k + 1) <<
 * 56") is made a bigint first.
 */
static char *wide_shifts(char *sql)
{
	struct buf out = BUF_INIT;
	const char *p = sql, *m;

	if (!strstr(sql, " << "))
		return sql;
	while ((m = strstr(p, " << ")) != NULL) {
		const char *d = m;

		while (d > p && isdigit((unsigned char)d[-1]))
			d--;
		buf_append(&out, p, (size_t)(m - p));
		if ((d < m && (d == sql || !word_char(d[-1]))) ||
		    (m > sql && m[-1] == ')'))
			buf_puts(&out, "::bigint");
		buf_puts(&out, " << ");
		p = m + 4;
	}
	return rewritten(sql, &out, p);
}

/* SQLite's LIMIT of a negative number: no limit (sqlite_limit()). */
static char *negative_limits(char *sql)
{
	struct buf out = BUF_INIT;
	const char *p = sql, *m;

	if (!strstr(sql, "LIMIT $"))
		return sql;
	while ((m = strstr(p, "LIMIT $")) != NULL) {
		const char *e = m + 7;

		while (isdigit((unsigned char)*e))
			e++;
		buf_append(&out, p, (size_t)(m - p));
		buf_printf(&out, "LIMIT sqlite_limit(%.*s)", (int)(e - m - 6),
			   m + 6);
		p = e;
	}
	return rewritten(sql, &out, p);
}

/* SQLite's "WHERE 1" (an upsert's SELECT needs a WHERE): WHERE true. */
static char *where_true(char *sql)
{
	struct buf out = BUF_INIT;
	const char *p = sql, *m;

	if (!strstr(sql, " WHERE 1"))
		return sql;
	while ((m = strstr(p, " WHERE 1")) != NULL) {
		buf_append(&out, p, (size_t)(m - p));
		if (!isdigit((unsigned char)m[8]) && m[8] != '.') {
			buf_puts(&out, " WHERE true");
			p = m + 8;
		} else {
			buf_puts(&out, " WHERE ");
			p = m + 7;
		}
	}
	return rewritten(sql, &out, p);
}

/*
 * SQLite takes a number as a condition (non-zero true): "CASE WHEN x.n
 * THEN" of a column becomes "CASE WHEN x.n <> 0 THEN" (a column that a
 * simple CASE compares, "CASE a WHEN b", is not written so by dossier).
 */
static char *truth_of_numbers(char *sql)
{
	struct buf out = BUF_INIT;
	const char *p = sql, *m;

	if (!strstr(sql, " THEN"))
		return sql;
	while ((m = strstr(p, "WHEN ")) != NULL) {
		const char *x = m + 5, *e = x;
		int letters = 0;

		while (word_char(*e) && *e != '$') {
			letters |= isalpha((unsigned char)*e);
			e++;
		}
		buf_append(&out, p, (size_t)(m + 5 - p));
		p = m + 5;
		if (letters && e > x && strncmp(e, " THEN", 5) == 0 &&
		    (m == sql || !word_char(m[-1])) &&
		    strncmp(x, "NOT", 3) != 0) {
			buf_printf(&out, "%.*s <> 0", (int)(e - x), x);
			p = e;
		}
	}
	return rewritten(sql, &out, p);
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
	return rewritten(sql, &out, p);
}

/*
 * SQLite's "x IN name", name a table or a WITH query: PostgreSQL's
 * "x IN (SELECT * FROM name)".
 */
static char *in_tables(char *sql)
{
	struct buf out = BUF_INIT;
	const char *p = sql, *m;

	if (!strstr(sql, " IN "))
		return sql;
	while ((m = strstr(p, " IN ")) != NULL) {
		const char *w = m + 4, *e = w;

		while (word_char(*e))
			e++;
		buf_append(&out, p, (size_t)(w - p));
		p = w;
		if (e == w || *w == '$' || isdigit((unsigned char)*w) ||
		    *e == '(' || *e == '.')
			continue;
		buf_printf(&out, "(SELECT * FROM %.*s)", (int)(e - w), w);
		p = e;
	}
	return rewritten(sql, &out, p);
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
	return rewritten(sql, &out, p);
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
	return rewritten(sql, &out, p);
}

/* Each table's primary key, "(a, b)", for ON CONFLICT: read once. */
static struct primary_key {
	char *table;
	char *columns;
} *primary_keys;
static size_t nprimary_keys;

int pgs_load_primary_keys(PGconn *c)
{
	PGresult *r = PQexec(c, "SELECT t.relname, '(' || string_agg("
			     "quote_ident(a.attname), ', ' ORDER BY"
			     " array_position(i.indkey, a.attnum)) || ')'"
			     " FROM pg_index i JOIN pg_class t"
			     " ON t.oid = i.indrelid JOIN pg_attribute a"
			     " ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)"
			     " WHERE i.indisprimary AND t.relnamespace ="
			     " current_schema()::regnamespace GROUP BY t.relname");
	int i, n;

	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		return -1;
	}
	for (i = 0; i < (int)nprimary_keys; i++) {
		free(primary_keys[i].table);
		free(primary_keys[i].columns);
	}
	n = PQntuples(r);
	primary_keys = xrealloc(primary_keys, (size_t)(n ? n : 1) *
				sizeof(*primary_keys));
	for (i = 0; i < n; i++) {
		primary_keys[i].table = xstrdup(PQgetvalue(r, i, 0));
		primary_keys[i].columns = xstrdup(PQgetvalue(r, i, 1));
	}
	nprimary_keys = (size_t)n;
	PQclear(r);
	return 0;
}

/* The primary key of the table named at p (n bytes), or NULL. */
static const char *primary_key(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < nprimary_keys; i++) {
		if (strlen(primary_keys[i].table) == n &&
		    strncmp(primary_keys[i].table, p, n) == 0)
			return primary_keys[i].columns;
	}
	return NULL;
}

/*
 * Appends the SET clause at p (" SET a = a + excluded.a, ...") with the
 * target's own columns on the right named by its table (t, n bytes), as
 * PostgreSQL wants them: "a = t.a + excluded.a". Returns the end of it.
 */
static const char *qualified_set(struct buf *out, const char *p,
				 const char *t, size_t tn)
{
	const char *end = p + strcspn(p, ";");
	const char *w = strstr(p, " WHERE ");

	if (w && w < end)
		end = w;
	buf_puts(out, " SET ");
	p += 5;
	while (p < end) {
		const char *a = p, *eq, *e = arg_end(p);
		size_t n;

		if (e > end)
			e = end;
		while (isspace((unsigned char)*a))
			a++;
		eq = strstr(a, " = ");
		if (!eq || eq > e) {
			buf_append(out, p, (size_t)(e - p));
		} else {
			const char *r = eq + 3;

			n = (size_t)(eq - a);
			buf_append(out, p, (size_t)(r - p));
			while (r < e) {
				if (strncmp(r, a, n) == 0 && !word_char(r[n]) &&
				    !word_char(r[-1]) && r[-1] != '.') {
					buf_printf(out, "%.*s.%.*s", (int)tn,
						   t, (int)n, a);
					r += n;
				} else {
					buf_putc(out, *r++);
				}
			}
		}
		if (*e == ',' && e < end) {
			buf_putc(out, ',');
			e++;
		}
		p = e;
	}
	return end;
}

/*
 * SQLite's upsert may leave out what conflicts (its primary key, in
 * dossier's); PostgreSQL's DO UPDATE names it: "ON CONFLICT DO UPDATE"
 * after "INSERT INTO t" gets t's primary key.
 */
static char *conflict_targets(char *sql)
{
	static const char upsert[] = "ON CONFLICT DO UPDATE";
	struct buf out = BUF_INIT;
	const char *p = sql, *m;

	if (!strstr(sql, upsert))
		return sql;
	while ((m = strstr(p, upsert)) != NULL) {
		const char *ins = NULL, *q, *t, *key = NULL;

		for (q = sql; (q = strstr(q, "INSERT INTO ")) && q < m; q++)
			ins = q;
		if (ins) {
			t = ins + 12;
			q = t;
			while (word_char(*q) && *q != '.')
				q++;
			if (*q == '.') {	/* main.t, temp.t */
				t = q + 1;
				q = t;
				while (word_char(*q))
					q++;
			}
			key = primary_key(t, (size_t)(q - t));
		}
		buf_append(&out, p, (size_t)(m - p));
		buf_puts(&out, "ON CONFLICT ");
		if (key)
			buf_printf(&out, "%s ", key);
		buf_puts(&out, "DO UPDATE");
		p = m + sizeof(upsert) - 1;
		if (key && strncmp(p, " SET ", 5) == 0)
			p = qualified_set(&out, p, t, (size_t)(q - t));
	}
	return rewritten(sql, &out, p);
}

/* SQLite's JSON functions as pg_compat.sql's, which write as SQLite. */
static char *json_calls(char *sql)
{
	struct buf out = BUF_INIT;

	if (!strstr(sql, "json"))
		return sql;
	json_base = sql;
	json_rewrite(&out, sql, sql + strlen(sql));
	return rewritten(sql, &out, "");
}

/*
 * FTS5's highlights(table, width) knows the query its row matched; on
 * PostgreSQL the statement passes it: highlights(table, width, $q).
 */
static char *highlights_query(char *sql, const char *query)
{
	struct buf out = BUF_INIT;
	const char *p = sql, *m;

	if (!strstr(sql, "highlights("))
		return sql;
	while ((m = strstr(p, "highlights(")) != NULL) {
		const char *e = close_paren(m + 11);

		buf_append(&out, p, (size_t)(e - p));
		if (*e == ')')
			buf_printf(&out, ", %s", query);
		p = e;
	}
	return rewritten(sql, &out, p);
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
	char query[16] = "";

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
		buf_printf(&out, "%.*s.tsv @@ fts_query('%s', %.*s, '%.*s')",
			   (int)(m - name), name,
			   strncmp(name, "suggest_fts", 11) == 0 ?
			   "dossier_words" : "dossier",
			   (int)(end - arg), arg, (int)(m - name), name);
		if (!query[0])
			snprintf(query, sizeof(query), "%.*s",
				 (int)(end - arg), arg);
		p = end;
	}
	sql = rewritten(sql, &out, p);
	return query[0] ? highlights_query(sql, query) : sql;
}

/*
 * The events in a box as a driver ("e.pk IN (SELECT g.pk FROM ...)",
 * written so where the plan starts from the box): "e.pk =
 * ANY(ARRAY(...))", which PostgreSQL computes first and looks up by key.
 * It cannot see how few points the box holds (its edges come out of a
 * subquery), and would walk the whole date index for the few, or none.
 */
static char *box_first(char *sql)
{
	static const char in[] = "e.pk IN (SELECT g.pk FROM ";
	struct buf out = BUF_INIT;
	const char *p = sql, *m;

	if (!strstr(sql, in))
		return sql;
	while ((m = strstr(p, in)) != NULL) {
		const char *e = close_paren(m + 9);

		if (*e != ')')
			break;
		buf_append(&out, p, (size_t)(m - p));
		buf_puts(&out, "e.pk = ANY(ARRAY(");
		buf_append(&out, m + 9, (size_t)(e - (m + 9)));
		buf_puts(&out, "))");
		p = e + 1;
	}
	return rewritten(sql, &out, p);
}

/*
 * A list's values as a parameter ("x IN (SELECT value FROM json_each($1))",
 * db/resource.h's IN_LIST and IN_LIST_INT): "x = ANY (json_texts($1))",
 * an array (db/pg_lists.sql) whose values the planner sees, as it plans
 * a statement with its parameters. It counted json_each() as 100 rows of
 * unknown values: the probe of a list of two countries hashed all of
 * event_countries (270 ms at 1M events, where their index took 13).
 */
static char *list_arrays(char *sql)
{
	static const struct {
		const char *in, *out;
	} forms[] = {
		{ " NOT IN (SELECT value FROM json_each(", " <> ALL (json_texts(" },
		{ " IN (SELECT value FROM json_each(", " = ANY (json_texts(" },
		{ " NOT IN (SELECT CAST(value AS INTEGER) FROM json_each(",
		  " <> ALL (json_integers(" },
		{ " IN (SELECT CAST(value AS INTEGER) FROM json_each(",
		  " = ANY (json_integers(" },
	};
	struct buf out = BUF_INIT;
	const char *p = sql;

	if (!strstr(sql, " FROM json_each("))
		return sql;
	for (;;) {
		const char *m = NULL, *a, *e;
		size_t i, f = 0;

		/* The earliest form; a NOT IN starts before its IN. */
		for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
			const char *at = strstr(p, forms[i].in);

			if (at && (!m || at < m)) {
				m = at;
				f = i;
			}
		}
		if (!m)
			break;
		a = m + strlen(forms[f].in);
		e = close_paren(a);
		buf_append(&out, p, (size_t)(m - p));
		if (e[0] == ')' && e[1] == ')') {
			buf_puts(&out, forms[f].out);
			buf_append(&out, a, (size_t)(e - a));
			buf_puts(&out, "))");
			p = e + 2;
		} else {	/* another shape of subquery: as it is */
			buf_append(&out, m, (size_t)(a - m));
			p = a;
		}
	}
	return rewritten(sql, &out, p);
}

/* SQLite's schema of temporary tables, temp: PostgreSQL's pg_temp. */
static char *temp_schema(char *sql)
{
	struct buf out = BUF_INIT;
	const char *p = sql, *m;

	if (!strstr(sql, "temp."))
		return sql;
	while ((m = strstr(p, "temp.")) != NULL) {
		buf_append(&out, p, (size_t)(m - p));
		if (m == sql || !word_char(m[-1]))
			buf_puts(&out, "pg_");
		buf_puts(&out, "temp.");
		p = m + 5;
	}
	return rewritten(sql, &out, p);
}

/* SQLite's SQL (its parameters already PostgreSQL's) as PostgreSQL's. */
static char *dialect(char *sql)
{
	sql = temp_schema(sql);
	ignore_conflicts(sql);
	no_unary_plus(sql);
	/* Before CAST(value AS INTEGER) is sqlite_int(value). */
	sql = list_arrays(sql);
	/* Before "IS DISTINCT FROM (" can look like a FROM item. */
	sql = named_subqueries(sql);
	sql = in_tables(sql);
	sql = whole_numbers(sql);
	sql = real_numbers(sql);
	sql = null_safe_is(sql);
	sql = truth_of_numbers(sql);
	sql = where_true(sql);
	sql = negative_limits(sql);
	sql = wide_shifts(sql);
	sql = inner_joins(sql);
	sql = folded_case(sql);
	sql = json_calls(sql);
	sql = no_index_hints(sql);
	sql = least_greatest(sql);
	sql = conflict_targets(sql);
	sql = box_first(sql);
	return full_text_matches(sql);
}

char *pgs_translate_sql(const char *sql)
{
	size_t outsz = strlen(sql) * 2 + 64;
	char **names = xcalloc(PGS_MAX_PARAMS, sizeof(*names));
	char *out = xmalloc(outsz);
	int n = pgs_translate(sql, out, outsz, names, PGS_MAX_PARAMS), i;

	for (i = 0; i < PGS_MAX_PARAMS; i++)
		free(names[i]);
	free(names);
	if (n < 0) {
		free(out);
		return NULL;
	}
	return dialect(out);
}

/*
 * Moved on by pgs_transaction_may_end(): a cursor declared at another
 * value may belong to a transaction that is over, and is left alone.
 */
static _Thread_local unsigned long transaction_serial;

void pgs_transaction_may_end(void)
{
	transaction_serial++;
}

/* Whether p starts the keyword w (w upper case), a whole word. */
static int keyword_at(const char *p, const char *w)
{
	size_t n = strlen(w);

	return strncasecmp(p, w, n) == 0 && !word_char(p[n]);
}

/* Whether sql reads (SELECT or WITH), rather than a command. */
static int is_query(const char *sql)
{
	while (isspace((unsigned char)*sql))
		sql++;
	return keyword_at(sql, "SELECT") || keyword_at(sql, "WITH");
}

/*
 * Whether query sql is one whose rows come in an order and with no LIMIT,
 * at its top level: the form of the streams a caller reads only as far
 * as it needs (merges, walks in index order), run through a cursor.
 */
static int is_stream(const char *sql)
{
	const char *p = sql;
	int depth = 0, ordered = 0;

	for (; *p; p++) {
		if (*p == '\'' || *p == '"') {
			p = quoted_end(p) - 1;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			depth--;
		} else if (depth == 0 && (p == sql || !word_char(p[-1]))) {
			if (keyword_at(p, "ORDER"))
				ordered = 1;
			else if (keyword_at(p, "LIMIT") ||
				 keyword_at(p, "FETCH") ||
				 /* a WITH that writes: no cursor */
				 keyword_at(p, "INSERT") ||
				 keyword_at(p, "UPDATE") ||
				 keyword_at(p, "DELETE"))
				return 0;
		}
	}
	return ordered;
}

static void find_null_tests(struct pg_stmt *s);

dbs *pgs_new(PGconn *(*conn)(void), const char *sql)
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
	s->pgsql = dialect(s->pgsql);
	pg_rows_plan(s->pgsql, &s->rows);
	s->query = is_query(s->pgsql);
	s->stream = !s->rows.kind && s->query && is_stream(s->pgsql);
	s->matches = strstr(s->pgsql, "@@") != NULL;
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
	s->tested = xcalloc((size_t)n + 1, 1);
	find_null_tests(s);
	s->row = -1;
	return (dbs *)s;
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
	free(s->tested);
	pg_rows_free(&s->rows);
	free(s->text);
	free(s->blob);
	free(s->pgsql);
	free(s->sql);
	free(s);
	return SQLITE_OK;
}

/* Parameter i (1-based) set to n bytes of v, or NULL. */
/*
 * Marks the parameters the SQL tests with "$N IS [NOT] NULL". PostgreSQL
 * types a parameter where it first meets it, and a NULL test says
 * nothing: met there first, it stays untyped and the statement fails.
 * Such parameters are sent typed as their values are (bind()).
 */
static void find_null_tests(struct pg_stmt *s)
{
	const char *p = s->pgsql;

	while ((p = strchr(p, '$')) != NULL) {
		char *end;
		long n = strtol(p + 1, &end, 10);

		p++;
		if (end == p || n < 1 || n > s->nparams)
			continue;
		if (strncmp(end, " IS NOT NULL", 12) == 0 ||
		    strncmp(end, " IS NULL", 8) == 0)
			s->tested[n - 1] = 1;
	}
}

static int bind(struct pg_stmt *s, int i, const char *v, size_t n, int binary,
		Oid type)
{
	if (i < 1 || i > s->nparams)
		return SQLITE_RANGE;
	if (s->tested[i - 1])
		s->types[i - 1] = type;
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
	size_t len;

	(void)del;	/* always copied */
	if (!v)
		return bind(PGS(st), i, NULL, 0, 0, OID_TEXT);
	len = n < 0 ? strlen(v) : (size_t)n;
	/*
	 * PostgreSQL refuses text that is not UTF-8, which SQLite compares
	 * as bytes: such a value (from a request; what is stored is UTF-8)
	 * equals nothing stored, and so does U+FFFD in its place, which no
	 * key dossier makes holds.
	 */
	if (!utf8_valid(v, len))
		return bind(PGS(st), i, "\xEF\xBF\xBD", 3, 0, OID_TEXT);
	return bind(PGS(st), i, v, len, 0, OID_TEXT);
}

int pgs_bind_blob(dbs *st, int i, const void *v, int n, void (*del)(void *))
{
	(void)del;
	return bind(PGS(st), i, v ? v : "", v ? (size_t)n : 0, 1, OID_BYTEA);
}

int pgs_bind_int64(dbs *st, int i, sqlite3_int64 v)
{
	char t[24];

	snprintf(t, sizeof(t), "%" PRId64, (int64_t)v);
	return bind(PGS(st), i, t, strlen(t), 0, OID_INT8);
}

int pgs_bind_double(dbs *st, int i, double v)
{
	char t[32];

	snprintf(t, sizeof(t), "%.17g", v);
	return bind(PGS(st), i, t, strlen(t), 0, OID_FLOAT8);
}

int pgs_bind_null(dbs *st, int i)
{
	return bind(PGS(st), i, NULL, 0, 0, OID_TEXT);
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

/* Notes a failed statement's SQLSTATE for pgs_sqlstate(); SQLITE_ERROR. */
static int failed(PGconn *c, const PGresult *r)
{
	const char *code = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;

	/* A connection lost has no SQLSTATE of its own. */
	if (!code && (!c || PQstatus(c) == CONNECTION_BAD))
		code = "08006";
	snprintf(last_sqlstate, sizeof(last_sqlstate), "%s", code ? code : "");
	return SQLITE_ERROR;
}

/*
 * How a cursor's query is planned, set for its DECLARE alone: for its
 * first rows (PG_CURSOR_TUPLE_FRACTION) and, as SQLite's plans do,
 * looking rows up by key in a loop rather than comparing each with a
 * materialised set, which PostgreSQL picks when it expects that set to
 * be small (a month of dates it counts 8 times too few takes seconds).
 * A full-text match is planned for a tenth of its rows: its counts are
 * known well, and a walk in key order that expects a rare word in every
 * hundred rows reads the whole range where the index finds the few.
 */
#define PLAN_STREAM "SELECT set_config('enable_material', 'off', true)"
#define PLAN_MATCHES "SELECT set_config('enable_material', 'off', true)," \
	" set_config('cursor_tuple_fraction', '0.1', true)"
#define PLAN_DEFAULT "SELECT set_config('enable_material', 'on', true)," \
	" set_config('cursor_tuple_fraction', '" PG_CURSOR_TUPLE_FRACTION \
	"', true)"

/* The FETCH of cursor k's next batch, into out. */
static void fetch_sql(const struct cursor *k, char *out, size_t outsz)
{
	snprintf(out, outsz, "FETCH FORWARD %ld FROM %s", k->batch, k->name);
}

/* Queues sql, which takes no parameters, in c's pipeline. */
static int send(PGconn *c, const char *sql)
{
	return PQsendQueryParams(c, sql, 0, NULL, NULL, NULL, NULL, 0);
}

/*
 * Opens s's cursor on c and fetches its first batch, closing the cursor
 * s left unfinished before in this transaction and setting how the query
 * is planned, in one round trip (a pipeline). Returns the first batch,
 * or the first failure's result (NULL when the connection failed).
 */
static PGresult *cursor_open(struct pg_stmt *s, PGconn *c)
{
	static atomic_ulong opened;
	struct cursor *k = &s->cursor;
	struct buf declare = BUF_INIT;
	char closing[64] = "", fetch[80];
	PGresult *r, *res = NULL;
	int sent = 0, i, ok;

	if (k->name[0] && k->more && k->conn == c &&
	    k->serial == transaction_serial)
		snprintf(closing, sizeof(closing), "CLOSE %s", k->name);
	snprintf(k->name, sizeof(k->name), "dossier_c%lu",
		 atomic_fetch_add(&opened, 1) + 1);
	k->conn = c;
	k->serial = transaction_serial;
	k->batch = CURSOR_FIRST_BATCH;
	buf_printf(&declare, "DECLARE %s NO SCROLL CURSOR FOR %s", k->name,
		   s->pgsql);
	fetch_sql(k, fetch, sizeof(fetch));
	ok = PQenterPipelineMode(c);
	if (ok && closing[0])
		ok = send(c, closing) && ++sent;
	if (ok)
		ok = send(c, s->matches ? PLAN_MATCHES : PLAN_STREAM) && ++sent;
	if (ok)
		ok = PQsendQueryParams(c, buf_str(&declare), s->nparams,
				       s->types,
				       (const char *const *)s->values,
				       s->lengths, s->formats, 0) && ++sent;
	if (ok)
		ok = send(c, PLAN_DEFAULT) && ++sent;
	if (ok)
		ok = send(c, fetch) && ++sent;
	buf_free(&declare);
	if (ok)
		ok = PQpipelineSync(c);
	/* Each query's result then NULL, then the sync's; the last query's
	 * rows are the answer, unless one failed before. A NULL where a
	 * result should be: the connection failed (and is opened again at
	 * the next request). */
	for (i = 0; ok && i < sent; i++) {
		if (!(r = PQgetResult(c)))
			break;
		if (!res && (i == sent - 1 ||
			     (PQresultStatus(r) != PGRES_COMMAND_OK &&
			      PQresultStatus(r) != PGRES_TUPLES_OK)))
			res = r;
		else
			PQclear(r);
		while ((r = PQgetResult(c)) != NULL)
			PQclear(r);
	}
	if (ok && (r = PQgetResult(c)) != NULL)
		PQclear(r);	/* the sync */
	PQexitPipelineMode(c);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		k->name[0] = '\0';
	else
		k->more = PQntuples(res) == k->batch;
	return res;
}

/* The next batch of s's open cursor; NULL when the FETCH failed. */
static PGresult *cursor_fetch(struct pg_stmt *s)
{
	struct cursor *k = &s->cursor;
	char fetch[80];
	PGresult *r;

	if (k->batch < CURSOR_MAX_BATCH)
		k->batch *= 2;
	fetch_sql(k, fetch, sizeof(fetch));
	r = PQexec(k->conn, fetch);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		failed(k->conn, r);
		PQclear(r);
		k->name[0] = '\0';
		return NULL;
	}
	k->more = PQntuples(r) == k->batch;
	return r;
}

int pgs_step(dbs *st)
{
	struct pg_stmt *s = PGS(st);
	ExecStatusType status;
	PGconn *c;

	if (!s->ran) {
		s->ran = 1;
		if (!(c = s->conn())) {
			strcpy(last_sqlstate, "08006");	/* no connection */
			return SQLITE_ERROR;
		}
		if (s->rows.kind) {
			long n;

			s->res = pg_rows_run(c, &s->rows, s->nparams,
					     (const char *const *)s->values,
					     s->lengths, s->formats, &n);
			last_changes = (int)n;
		} else if (s->stream &&
			   PQtransactionStatus(c) == PQTRANS_INTRANS) {
			s->res = cursor_open(s, c);
		} else {
			s->res = PQexecParams(c, s->pgsql, s->nparams,
					      s->types,
					      (const char *const *)s->values,
					      s->lengths, s->formats, 0);
		}
		if (!s->query)
			pgs_transaction_may_end();
		status = PQresultStatus(s->res);
		last_sqlstate[0] = '\0';
		if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
			return failed(c, s->res);
		if (status == PGRES_COMMAND_OK && !s->rows.kind)
			last_changes = atoi(PQcmdTuples(s->res));
	}
	if (!s->res || PQresultStatus(s->res) != PGRES_TUPLES_OK)
		return SQLITE_DONE;
	if (s->row + 1 >= PQntuples(s->res) && s->cursor.name[0] &&
	    s->cursor.more) {
		PGresult *next = cursor_fetch(s);

		if (!next)
			return SQLITE_ERROR;
		PQclear(s->res);
		s->res = next;
		s->row = -1;
	}
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
		double d = strtod(v, NULL);
		size_t n = real_text(t, d);

		if (!n)
			n = strlen(sqlite3_snprintf(sizeof(t), t, "%!.15g", d));
		return (const unsigned char *)keep_text(s, t, n);
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
