/* SPDX-License-Identifier: MIT */
/* Rows of a resource as JSON, NDJSON or CSV (see rows.h). */
#include "rows.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "linked.h"
#include "page_matches.h"
#include "real_text.h"

/*
 * A field whose SQL is json(X) is JSON text already: X is selected and its
 * text written as it is, never parsed again. Returns the length of X's
 * SQL inside f->sql (from f->sql + 5), or 0 for any other field.
 */
static size_t json_inner(const struct field *f)
{
	size_t n;

	if (!f->sql)
		return 0;
	n = strlen(f->sql);
	return strncmp(f->sql, "json(", 5) == 0 && f->sql[n - 1] == ')' ?
		n - 6 : 0;
}

/*
 * Whether q's rows carry "matches": the snippets of q= in each field
 * that matched (JSON and NDJSON, with q=; page_matches.h).
 */
static int rows_matches(const struct query *q)
{
	return q->format != OUT_CSV && q->res->fts_columns &&
	       query_search(q) != NULL;
}

/* Appends s[0..n) for HTML text: <mark> around matches, the rest escaped. */
static void snippet_html(struct buf *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '\x02': buf_puts(out, "<mark>"); break;
		case '\x03': buf_puts(out, "</mark>"); break;
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		default: buf_putc(out, s[i]);
		}
	}
}

/* Writes ,"matches":{column: snippet, ...} from highlights()' text. */
static void matches_write(struct buf *out, const struct query *q,
			  const char *text, size_t n)
{
	const char *end, *p;
	struct buf html = BUF_INIT;
	const char *sep = "";
	size_t i;

	if (!text)
		text = "", n = 0;	/* matched through another form */
	end = text + n;
	p = text;
	buf_puts(out, ",\"matches\":{");
	for (i = 0; q->res->fts_columns[i] && p <= end; i++) {
		const char *next = memchr(p, '\x01', (size_t)(end - p));
		size_t len = next ? (size_t)(next - p) : (size_t)(end - p);

		if (memchr(p, '\x02', len)) {
			buf_reset(&html);
			snippet_html(&html, p, len);
			buf_printf(out, "%s\"%s\":", sep, q->res->fts_columns[i]);
			buf_json_string(out, buf_str(&html), html.len);
			sep = ",";
		}
		if (!next)
			break;
		p = next + 1;
	}
	buf_putc(out, '}');
	buf_free(&html);
}

/* The selected fields that are columns, each after ", ", for json_row(). */
static void json_select(struct buf *sql, const struct query *q)
{
	const struct resource *r = q->res;
	size_t i, inner;

	for (i = 0; i < r->nfields; i++) {
		if (!query_selected(q, i) || !r->fields[i].sql)
			continue;
		inner = json_inner(&r->fields[i]);
		if (inner)
			buf_printf(sql, ", %.*s", (int)inner,
				   r->fields[i].sql + 5);
		else
			buf_printf(sql, ", %s", r->fields[i].sql);
	}
}

void rows_json_value(struct buf *out, dbs *st, int col, int json)
{
	const char *text;
	size_t n;

	switch (dbs_column_type(st, col)) {
	case SQLITE_NULL:
		buf_puts(out, "null");
		return;
	case SQLITE_INTEGER:
		buf_put_int(out, (long long)dbs_column_int64(st, col));
		return;
	case SQLITE_FLOAT: {
		/* SQLite's own rendering, as its JSON functions give it; no
		 * JSON number for infinities. */
		double d = dbs_column_double(st, col);
		char t[REAL_TEXT_SIZE];

		if (!isfinite(d)) {
			buf_puts(out, "null");
			return;
		}
		if ((n = real_text(t, d))) {
			buf_append(out, t, n);
			return;
		}
		json = 1;
		break;
	}
	}
	text = (const char *)dbs_column_text(st, col);
	n = (size_t)dbs_column_bytes(st, col);
	if (json)
		buf_append(out, text, n);
	else
		buf_json_string(out, text, n);
}

/*
 * RFC 4180: quote a cell only when it holds a delimiter or quote. Text
 * starting as a spreadsheet formula does (= + - @, tab, CR) gets a ' in
 * front, which spreadsheets show as text and do not run (OWASP's advice
 * for CSV injection); numbers are written as they are.
 */
static void csv_cell(struct buf *out, const char *s, size_t n, int text)
{
	int formula = text && n && s[0] && strchr("=+-@\t\r", s[0]);
	size_t i;

	if (!memchr(s, ',', n) && !memchr(s, '"', n) &&
	    !memchr(s, '\r', n) && !memchr(s, '\n', n)) {
		if (formula)
			buf_putc(out, '\'');
		buf_append(out, s, n);
		return;
	}
	buf_putc(out, '"');
	if (formula)
		buf_putc(out, '\'');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_putc(out, '"');
		buf_putc(out, s[i]);
	}
	buf_putc(out, '"');
}

/* What a page's rows take from statements of their own. */
struct page_parts {
	const struct linked *linked;
	const struct page_matches *matches;
};

/*
 * Appends field f of the record at place on the page from l: its JSON
 * array ([] without linked rows), as a CSV cell with csv.
 */
static void linked_write(struct buf *out, const struct linked *l,
			 const struct field *f, size_t place, int csv)
{
	size_t n;
	const char *text = linked_text(l, f, place, &n);

	if (!text)
		text = "[]", n = 2;
	if (csv)
		csv_cell(out, text, n, 1);
	else
		buf_append(out, text, n);
}

/*
 * Writes the JSON object of the row st is on, selected by rows_select():
 * keys in field order, values by their SQLite type, JSON text as it is,
 * linked fields and matches from p.
 */
static void json_row(struct buf *out, dbs *st, const struct query *q,
		     const struct page_parts *p, size_t place)
{
	const struct resource *r = q->res;
	int col = 1, first = 1;
	size_t i;

	buf_putc(out, '{');
	for (i = 0; i < r->nfields; i++) {
		const struct field *f = &r->fields[i];

		if (!query_selected(q, i))
			continue;
		if (!first)
			buf_putc(out, ',');
		first = 0;
		buf_json_string(out, f->name, strlen(f->name));
		buf_putc(out, ':');
		if (f->linked_sql)
			linked_write(out, p->linked, f, place, 0);
		else
			rows_json_value(out, st, col++, json_inner(f) != 0);
	}
	if (rows_matches(q)) {
		size_t n = 0;
		const char *text = page_matches_text(p->matches, place, &n);

		matches_write(out, q, text, n);
	}
	buf_putc(out, '}');
}

/* The selected fields that are columns, each after ", ", for CSV. */
static void column_select(struct buf *sql, const struct query *q)
{
	const struct resource *r = q->res;
	size_t i;

	for (i = 0; i < r->nfields; i++) {
		if (query_selected(q, i) && r->fields[i].sql)
			buf_printf(sql, ", %s", r->fields[i].sql);
	}
}

void rows_csv_header(struct buf *out, const struct query *q)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < q->res->nfields; i++) {
		if (!query_selected(q, i))
			continue;
		buf_printf(out, "%s%s", sep, q->res->fields[i].name);
		sep = ",";
	}
	buf_puts(out, "\r\n");
}

static void csv_row(struct buf *out, dbs *st, const struct query *q,
		    const struct page_parts *p, size_t place)
{
	const struct resource *r = q->res;
	int col = 1, first = 1;
	size_t i;

	for (i = 0; i < r->nfields; i++) {
		const struct field *f = &r->fields[i];

		if (!query_selected(q, i))
			continue;
		if (!first)
			buf_putc(out, ',');
		first = 0;
		if (f->linked_sql) {
			linked_write(out, p->linked, f, place, 1);
			continue;
		}
		if (dbs_column_type(st, col) != SQLITE_NULL)
			csv_cell(out, (const char *)dbs_column_text(st, col),
				 (size_t)dbs_column_bytes(st, col),
				 dbs_column_type(st, col) == SQLITE_TEXT);
		col++;
	}
	buf_puts(out, "\r\n");
}

/*
 * The record's place on the page, then its selected fields that are
 * columns (and its point).
 */
static void rows_select(struct buf *sql, const struct query *q)
{
	buf_puts(sql, "j.key");
	if (q->format == OUT_CSV) {
		column_select(sql, q);
		return;
	}
	json_select(sql, q);
	if (q->format == OUT_GEOJSON)
		buf_printf(sql, ", %s, %s", q->res->geo_point, q->res->geo_id);
}

/*
 * RFC 7946: a Feature with the row's point (its longitude and latitude,
 * the columns after the fields) and the row as properties.
 */
static void feature_row(struct buf *out, dbs *st,
			const struct query *q, const struct page_parts *p,
			size_t place)
{
	int col = 1;
	size_t i;

	for (i = 0; i < q->res->nfields; i++)
		col += query_selected(q, i) && q->res->fields[i].sql;
	buf_puts(out, "{\"type\":\"Feature\",\"id\":");
	buf_json_string(out, (const char *)dbs_column_text(st, col + 2),
			(size_t)dbs_column_bytes(st, col + 2));
	buf_printf(out, ",\"geometry\":{\"type\":\"Point\",\"coordinates\":"
		   "[%.17g,%.17g]},\"properties\":",
		   dbs_column_double(st, col),
		   dbs_column_double(st, col + 1));
	json_row(out, st, q, p, place);
	buf_putc(out, '}');
}

/* Appends the row st is on in q's format; place is its place on the page. */
static void write_row(struct buf *out, dbs *st, const struct query *q,
		      const struct page_parts *p, size_t place)
{
	if (q->format == OUT_CSV) {
		csv_row(out, st, q, p, place);
		return;
	}
	if (place && (q->format == OUT_JSON || q->format == OUT_GEOJSON))
		buf_putc(out, ',');
	if (q->format == OUT_GEOJSON) {
		feature_row(out, st, q, p, place);
		return;
	}
	json_row(out, st, q, p, place);
	if (q->format == OUT_NDJSON)
		buf_putc(out, '\n');
}

int rows_page(const struct query *q, const sqlite3_int64 *pks, size_t n,
	      struct buf *out)
{
	struct linked *linked = NULL;
	struct page_matches *matches = NULL;
	struct page_parts parts;
	struct buf sql = BUF_INIT, json = BUF_INIT;
	dbs *st = NULL;
	size_t i;
	int rc;

	if (!n)
		return 0;
	buf_putc(&json, '[');
	for (i = 0; i < n; i++) {
		if (i)
			buf_putc(&json, ',');
		buf_put_int(&json, (long long)pks[i]);
	}
	buf_putc(&json, ']');
	rc = linked_read(q, pks, buf_str(&json), n, &linked);
	if (rc == 0 && rows_matches(q))
		rc = page_matches_read(q, buf_str(&json), n, &matches);
	parts.linked = linked;
	parts.matches = matches;
	buf_puts(&sql, "SELECT ");
	rows_select(&sql, q);
	buf_printf(&sql, " FROM " PAGE " CROSS JOIN %s ON %s = " PAGE_PK
		   " ORDER BY j.key", q->res->from, q->res->pk);
	if (rc == 0)
		st = db_stmt(buf_str(&sql));
	buf_free(&sql);
	if (st) {
		dbs_bind_text(st, 1, buf_str(&json), -1, SQLITE_STATIC);
		while ((rc = dbs_step(st)) == SQLITE_ROW)
			write_row(out, st, q, &parts,
				  (size_t)dbs_column_int64(st, 0));
		db_done(st);
		rc = rc == SQLITE_DONE ? 0 : -1;
	} else {
		rc = -1;
	}
	page_matches_free(matches);
	linked_free(linked);
	buf_free(&json);
	return rc;
}
