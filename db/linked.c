/* SPDX-License-Identifier: MIT */
/* The values of a page's records made of other rows (see linked.h). */
#include "linked.h"

#include <stdlib.h>
#include <string.h>

#include "copied_page.h"
#include "db.h"
#include "resource.h"
#include "rows.h"
#include "xalloc.h"

/* A page's values of one linked field: each record's JSON array. */
struct linked_values {
	const struct field *field;
	struct buf text;
	size_t *start, *len;	/* place i's: text[start[i]], len[i] bytes */
};

struct linked {
	struct linked_values *v;
	size_t n, places;
};

/* Appends the object (or bare value) of the linked row st is on. */
static void linked_row(struct buf *out, dbs *st,
		       const struct field *f)
{
	size_t k;

	if (!f->keys) {
		rows_json_value(out, st, 1, 0);
		return;
	}
	buf_putc(out, '{');
	for (k = 0; f->keys[k]; k++) {
		if (k)
			buf_putc(out, ',');
		buf_putc(out, '"');
		buf_puts(out, f->keys[k]);
		buf_puts(out, "\":");
		rows_json_value(out, st, (int)k + 1, 0);
	}
	buf_putc(out, '}');
}

/* Where a row's list value comes in the list, to check the order. */
struct order {
	sqlite3_int64 place, n;
	struct buf text;
	int seen;
};

/*
 * Whether the row st is on comes after the last one (its place, then the
 * value in its last column), which it then becomes.
 */
static int in_order(struct order *o, dbs *st, sqlite3_int64 place)
{
	int col = dbs_column_count(st) - 1, later;

	if (dbs_column_type(st, col) == SQLITE_INTEGER) {
		sqlite3_int64 n = dbs_column_int64(st, col);

		later = n > o->n;
		o->n = n;
	} else {
		const char *t = (const char *)dbs_column_text(st, col);

		t = t ? t : "";
		later = strcmp(t, buf_str(&o->text)) > 0;
		o->text.len = 0;
		buf_puts(&o->text, t);
	}
	later = !o->seen || place > o->place ||
		(place == o->place && later);
	o->place = place;
	o->seen = 1;
	return later;
}

/* The number of keys of a list's objects. */
static int keys_count(const char *const *keys)
{
	int n = 0;

	while (keys[n])
		n++;
	return n;
}

/*
 * Reads f's values for the records of the page pks (a JSON array of
 * places places) into v with the statement sql, whose rows of a record
 * come together, in order; with check, that is checked as they come.
 * Returns 0, 1 when they did not come in order (v then holds part of
 * the values), or -1 after a failed step (sqlite3_errcode() says why).
 */
static int read_rows(struct linked_values *v, const struct field *f,
		     const char *sql, const char *pks, size_t places,
		     int check)
{
	struct order o = { .text = BUF_INIT };
	dbs *st = db_stmt(sql);
	sqlite3_int64 last = -1;
	int rc;

	if (!st)
		return -1;
	dbs_bind_text(st, 1, pks, -1, SQLITE_STATIC);
	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		sqlite3_int64 place = dbs_column_int64(st, 0);

		if (place < 0 || (size_t)place >= places)
			continue;
		if (check && !in_order(&o, st, place))
			break;
		if (place == last) {
			buf_putc(&v->text, ',');
		} else {
			if (last >= 0) {
				buf_putc(&v->text, ']');
				v->len[last] = v->text.len - v->start[last];
			}
			last = place;
			v->start[place] = v->text.len;
			buf_putc(&v->text, '[');
		}
		linked_row(&v->text, st, f);
	}
	if (last >= 0) {
		buf_putc(&v->text, ']');
		v->len[last] = v->text.len - v->start[last];
	}
	db_done(st);
	buf_free(&o.text);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Reads f's values for the records of the page pks into v, with one
 * statement: as its loops read them where they come in order
 * (linked_unsorted), else sorted. Returns 0, or -1 after a failed step.
 */
static int read_field(struct linked_values *v, const struct field *f,
		      const char *pks, size_t places)
{
	struct buf sql = BUF_INIT;
	int rc;

	v->field = f;
	v->start = xcalloc(places, sizeof(*v->start));
	v->len = xcalloc(places, sizeof(*v->len));
	if (!f->linked_unsorted)
		return read_rows(v, f, f->linked_sql, pks, places, 0);
	/* PostgreSQL may join by hashing: in no order. */
	if (!db_pg) {
		rc = read_rows(v, f, f->linked_sql, pks, places, 1);
		if (rc != 1)
			return rc;
		v->text.len = 0;
		memset(v->len, 0, places * sizeof(*v->len));
	}
	/* By place, then the last column (the one after the keys). */
	buf_printf(&sql, "%s ORDER BY 1, %d", f->linked_sql,
		   f->keys ? keys_count(f->keys) + 2 : 3);
	rc = read_rows(v, f, buf_str(&sql), pks, places, 0);
	buf_free(&sql);
	return rc;
}

/*
 * Reads f's values for the page from the copy (copied_page) into v, as
 * read_field() reads them from the database. 1, or 0 when the copy does
 * not hold them all (v then empty).
 */
static int copied_field(struct linked_values *v, const struct field *f,
			struct copied_page *page, size_t places)
{
	v->field = f;
	v->start = xcalloc(places, sizeof(*v->start));
	v->len = xcalloc(places, sizeof(*v->len));
	if (copied_page_field(page, f, &v->text, v->start, v->len))
		return 1;
	buf_free(&v->text);
	free(v->start);
	free(v->len);
	memset(v, 0, sizeof(*v));
	return 0;
}

int linked_read(const struct query *q, const sqlite3_int64 *pk,
		const char *pks, size_t n, struct linked **out)
{
	const struct resource *r = q->res;
	struct linked *l = xcalloc(1, sizeof(*l));
	struct copied_page *page = NULL;
	size_t i, nlinked = 0, copied = 0;
	int rc = 0;

	*out = l;
	l->places = n;
	for (i = 0; i < r->nfields; i++) {
		if (!query_selected(q, i) || !r->fields[i].linked_sql)
			continue;
		nlinked++;
		copied += r->fields[i].copied != COPIED_NONE;
	}
	if (!nlinked)
		return 0;
	if (copied)
		page = copied_page_of(pk, n);
	l->v = xcalloc(nlinked, sizeof(*l->v));
	for (i = 0; i < r->nfields && rc == 0; i++) {
		const struct field *f = &r->fields[i];

		if (!query_selected(q, i) || !f->linked_sql)
			continue;
		if (page && f->copied != COPIED_NONE &&
		    copied_field(&l->v[l->n], f, page, n)) {
			l->n++;
			continue;
		}
		rc = read_field(&l->v[l->n++], f, pks, n);
	}
	copied_page_free(page);
	return rc;
}

void linked_free(struct linked *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		buf_free(&l->v[i].text);
		free(l->v[i].start);
		free(l->v[i].len);
	}
	free(l->v);
	free(l);
}

const char *linked_text(const struct linked *l, const struct field *f,
			size_t place, size_t *len)
{
	size_t i;

	for (i = 0; l && place < l->places && i < l->n; i++) {
		const struct linked_values *v = &l->v[i];

		if (v->field != f)
			continue;
		*len = v->len[place];
		return *len ? v->text.ptr + v->start[place] : NULL;
	}
	return NULL;
}
