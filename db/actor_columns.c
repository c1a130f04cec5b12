/* SPDX-License-Identifier: MIT */
/* Searches of actors beside a kind or a country, from arrays (see
 * actor_columns.h). */
#include "actor_columns.h"

#include <jansson.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "db.h"
#include "match_keys.h"
#include "strmap.h"
#include "xalloc.h"

/*
 * What a copy's slot holds besides arrays: none made yet (NULL, also
 * after a read that failed), being made by a thread, or none to be made
 * for this copy (pks too sparse, or texts too many, for arrays).
 */
#define MAKING ((void *)1)
#define NOT_MADE ((void *)2)

/* The sort orders kept: those of actors_resource (name, id, updated_at). */
#define ORDERS 3

/* Texts numbered from 1 (0 is NULL). */
struct dict {
	char **texts;		/* texts[1..n) */
	size_t n;
	struct strmap numbers;	/* text -> its number */
};

/*
 * Each actor's values by pk up to top: its kind and its country as
 * numbers of their dictionaries (kind 0: no actor has that pk; every
 * actor has a kind).
 */
struct actor_columns {
	size_t top;
	uint16_t *kind, *country;
	uint32_t *rank[ORDERS];	/* its place in each of res->sorts */
	struct dict kinds, countries;
};

/*
 * The tests of a query (which numbers of kind and country pass), and the
 * copy its arrays are kept with, held until tests_end().
 */
struct tests {
	const struct columns *c;
	const struct actor_columns *a;
	uint8_t *kind_ok, *country_ok;	/* by number of each dictionary */
	const char *search;
};

/* An empty dictionary: its first number is 1. */
static void dict_init(struct dict *d)
{
	d->texts = xcalloc(1, sizeof(*d->texts));
	d->n = 1;
}

static void dict_free(struct dict *d)
{
	size_t i;

	for (i = 1; i < d->n; i++)
		free(d->texts[i]);
	free(d->texts);
	strmap_free(&d->numbers);
}

void actor_columns_free(void *made)
{
	struct actor_columns *a = made;
	size_t i;

	if (!a || made == MAKING || made == NOT_MADE)
		return;
	free(a->kind);
	free(a->country);
	for (i = 0; i < ORDERS; i++)
		free(a->rank[i]);
	dict_free(&a->kinds);
	dict_free(&a->countries);
	free(a);
}

/* text's number in d, added when new; NULL is 0, UINT16_MAX past the
 * numbers there are (made() then gives up). */
static uint16_t number_of(struct dict *d, const char *text)
{
	int64_t v;

	if (!text)
		return 0;
	if (strmap_get(&d->numbers, text, &v))
		return (uint16_t)v;
	if (d->n >= UINT16_MAX)
		return UINT16_MAX;
	d->texts = xrealloc(d->texts, (d->n + 1) * sizeof(*d->texts));
	d->texts[d->n] = xstrdup(text);
	strmap_put(&d->numbers, text, (int64_t)d->n);
	return (uint16_t)d->n++;
}

/* The statement's rows of (pk, kind, country) into a: 0; 1 when the
 * texts are too many to number; -1 when the read failed. */
static int read_values(struct actor_columns *a, dbs *st)
{
	int rc;

	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		sqlite3_int64 pk = dbs_column_int64(st, 0);

		if (pk < 0 || (sqlite3_uint64)pk > a->top)
			return -1;
		a->kind[pk] = number_of(&a->kinds, (const char *)
					dbs_column_text(st, 1));
		a->country[pk] = number_of(&a->countries, (const char *)
					   dbs_column_text(st, 2));
	}
	if (rc != SQLITE_DONE)
		return -1;
	return a->kinds.n >= UINT16_MAX || a->countries.n >= UINT16_MAX;
}

/* Each actor's place in sort order s of res, from its index; 0 or -1. */
static int read_rank(struct actor_columns *a, const struct sort_key *s,
		     uint32_t *rank)
{
	char sql[256];
	dbs *st;
	uint32_t at = 0;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT a.pk FROM actors a ORDER BY %s,"
		 " a.pk", s->sql);
	if (!(st = db_stmt(sql)))
		return -1;
	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		sqlite3_int64 pk = dbs_column_int64(st, 0);

		if (pk < 0 || (sqlite3_uint64)pk > a->top)
			break;
		rank[pk] = at++;
	}
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The arrays of the actors as this thread's read transaction sees them
 * into *out: 1; 0 when the pks are too sparse for arrays
 * (columns_pks_fit()) or the texts too many; -1 when a read failed (the
 * request's budget spent, say).
 */
static int made(struct actor_columns **out)
{
	struct actor_columns *a;
	dbs *st;
	sqlite3_int64 top = -1, rows = 0;
	size_t i;
	int rc;

	if (!(st = db_stmt("SELECT max(pk), count(*) FROM actors")))
		return -1;
	if ((rc = dbs_step(st)) == SQLITE_ROW) {
		top = dbs_column_int64(st, 0);
		rows = dbs_column_int64(st, 1);
	}
	db_done(st);
	if (rc != SQLITE_ROW)
		return -1;
	if (!columns_pks_fit(top, rows) || actors_resource.nsorts != ORDERS)
		return 0;
	a = xcalloc(1, sizeof(*a));
	a->top = (size_t)top;
	a->kind = xcalloc(a->top + 1, sizeof(*a->kind));
	a->country = xcalloc(a->top + 1, sizeof(*a->country));
	dict_init(&a->kinds);
	dict_init(&a->countries);
	if (!(st = db_stmt("SELECT a.pk, a.kind, a.country FROM actors a"))) {
		actor_columns_free(a);
		return -1;
	}
	rc = read_values(a, st);
	db_done(st);
	for (i = 0; rc == 0 && i < ORDERS; i++) {
		a->rank[i] = xcalloc(a->top + 1, sizeof(*a->rank[i]));
		rc = read_rank(a, &actors_resource.sorts[i], a->rank[i]);
	}
	if (rc != 0) {
		actor_columns_free(a);
		return rc > 0 ? 0 : -1;
	}
	*out = a;
	return 1;
}

/*
 * The arrays kept with copy c, made now by the first thread that wants
 * them (a fifth of a second at 1M events), or NULL: meanwhile the others
 * read through SQL rather than make them too.
 */
static const struct actor_columns *of_copy(const struct columns *c)
{
	void *kept = atomic_load_explicit(c->actor_columns,
					  memory_order_acquire);
	const struct columns *now;
	struct actor_columns *mine = NULL;
	int rc;

	if (kept == MAKING || kept == NOT_MADE)
		return NULL;
	if (kept)
		return kept;
	if (!atomic_compare_exchange_strong_explicit(c->actor_columns, &kept,
						     MAKING,
						     memory_order_acq_rel,
						     memory_order_acquire))
		return kept == MAKING || kept == NOT_MADE ? NULL : kept;
	rc = made(&mine);
	/*
	 * The transaction's snapshot is taken at its first read, which may
	 * be made()'s: kept only when no commit came since the copy's (a
	 * later one is the next copy's to make them). A failed read (the
	 * request's budget spent) leaves them to the next request.
	 */
	now = rc > 0 ? columns_snapshot() : NULL;
	if (rc > 0 && now != c) {
		actor_columns_free(mine);
		mine = NULL;
		rc = -1;
	}
	columns_release(now);
	atomic_store_explicit(c->actor_columns, rc > 0 ? (void *)mine :
			      rc == 0 ? NOT_MADE : NULL,
			      memory_order_release);
	return mine;
}

/*
 * Marks in ok the numbers in d of the JSON array of texts list, and sets
 * *empty when '' is one of them; 0 or -1.
 */
static int mark_listed(const struct dict *d, const char *list, uint8_t *ok,
		       uint8_t mark, int *empty)
{
	json_t *v = json_loads(list, 0, NULL);
	size_t i;
	int64_t number;

	if (!json_is_array(v)) {
		json_decref(v);
		return -1;
	}
	for (i = 0; i < json_array_size(v); i++) {
		const char *t = json_string_value(json_array_get(v, i));

		if (!t) {
			json_decref(v);
			return -1;
		}
		if (strmap_get(&d->numbers, t, &number))
			ok[number] = mark;
		*empty |= !*t;
	}
	json_decref(v);
	return 0;
}

/*
 * Condition c of q as a test of ok (the numbers of d, a kind's or a
 * country's, that pass), ANDed with the tests before it: 0, or -1 when
 * it is not one the arrays test.
 */
static int add_test(const struct dict *d, const struct condition *c,
		    uint8_t *ok)
{
	uint8_t *pass = xcalloc(d->n, 1);
	int64_t number;
	size_t i;
	int rc = 0, empty = 0;

	switch (c->form) {
	case FORM_ONE:
		if (c->nbinds != 1 || c->binds[0].is_int ||
		    c->binds[0].is_real)
			rc = -1;
		else if (strmap_get(&d->numbers, c->binds[0].text, &number))
			pass[number] = 1;
		break;
	case FORM_ANY:
		rc = c->nbinds == 1 ? mark_listed(d, c->binds[0].text, pass,
						  1, &empty) : -1;
		break;
	case FORM_NOT:
		/* NOT IN: NULL is '' for a country (its not_sql), and no
		 * actor is without a kind. */
		memset(pass, 1, d->n);
		rc = c->nbinds == 1 ? mark_listed(d, c->binds[0].text, pass,
						  0, &empty) : -1;
		if (strcmp(c->filter->param, "country") == 0)
			pass[0] = !empty;
		break;
	default:
		rc = -1;
	}
	for (i = 0; rc == 0 && i < d->n; i++)
		ok[i] &= pass[i];
	free(pass);
	return rc;
}

static void tests_end(struct tests *t)
{
	free(t->kind_ok);
	free(t->country_ok);
	columns_release(t->c);
	memset(t, 0, sizeof(*t));
}

/*
 * q's conditions as tests of the arrays kept with this read
 * transaction's copy (columns_snapshot()): 1, or 0 when q is not a search
 * of actors (one search) with only kinds and countries beside it, or
 * there is no such copy (PostgreSQL's read is left to SQL).
 */
static int tests_begin(const struct query *q, struct tests *t)
{
	const struct condition *search = query_search(q);
	size_t i;

	memset(t, 0, sizeof(*t));
	if (db_pg || q->res != &actors_resource || !search ||
	    search->nbinds != 1)
		return 0;
	for (i = 0; i < q->nwhere; i++) {
		const struct condition *w = &q->where[i];

		if (w != search && (!w->filter ||
				    (strcmp(w->filter->param, "kind") != 0 &&
				     strcmp(w->filter->param, "country") != 0)))
			return 0;
	}
	if (!(t->c = columns_snapshot()))
		return 0;
	if (!(t->a = of_copy(t->c))) {
		columns_release(t->c);
		return 0;
	}
	t->search = search->binds[0].text;
	t->kind_ok = xmalloc(t->a->kinds.n);
	t->country_ok = xmalloc(t->a->countries.n);
	memset(t->kind_ok, 1, t->a->kinds.n);
	memset(t->country_ok, 1, t->a->countries.n);
	for (i = 0; i < q->nwhere; i++) {
		const struct condition *w = &q->where[i];
		int kind;

		if (w == search)
			continue;
		kind = strcmp(w->filter->param, "kind") == 0;
		if (add_test(kind ? &t->a->kinds : &t->a->countries, w,
			     kind ? t->kind_ok : t->country_ok) != 0) {
			tests_end(t);
			return 0;
		}
	}
	return 1;
}

/* Whether actor pk passes t's tests. */
static int passes(const struct tests *t, sqlite3_int64 pk)
{
	const struct actor_columns *a = t->a;

	return pk >= 0 && (sqlite3_uint64)pk <= a->top && a->kind[pk] &&
	       t->kind_ok[a->kind[pk]] && t->country_ok[a->country[pk]];
}

/*
 * Calls each(pk, ud) for the search's matches: 0; 1 when a commit came
 * since the copy (the read may have seen it: SQL answers then); -1 when
 * the read failed (an error of the search's syntax among them).
 */
static int read_matches(const struct tests *t,
			int (*each)(sqlite3_int64, void *), void *ud)
{
	const struct columns *now;
	int rc = match_keys(actors_resource.fts_table, t->search, INT64_MIN,
			    INT64_MAX, each, ud);

	if (rc < 0)
		return -1;
	now = columns_snapshot();
	columns_release(now);
	return now == t->c ? 0 : 1;
}

/* A count of the matches that pass. */
struct counting {
	const struct tests *t;
	sqlite3_int64 n;
};

static int count_one(sqlite3_int64 pk, void *ud)
{
	struct counting *k = ud;

	k->n += passes(k->t, pk);
	return 0;
}

int actor_columns_count(const struct query *q, sqlite3_int64 *total)
{
	struct tests t;
	struct counting k = { &t, 0 };
	int rc;

	if (!tests_begin(q, &t))
		return 0;
	rc = read_matches(&t, count_one, &k);
	tests_end(&t);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	*total = k.n;
	columns_answered();
	return 1;
}

/* The matches that pass counted per pair of numbers of kind and
 * country. */
struct grouping {
	const struct tests *t;
	sqlite3_int64 *n;	/* kinds.n rows of countries.n */
};

static int group_one(sqlite3_int64 pk, void *ud)
{
	struct grouping *g = ud;
	const struct actor_columns *a = g->t->a;

	if (passes(g->t, pk))
		g->n[(size_t)a->kind[pk] * a->countries.n + a->country[pk]]++;
	return 0;
}

/* Number k of d as a grouped column's value (0: NULL). */
static void value_of(const struct dict *d, size_t k, struct group_value *v)
{
	memset(v, 0, sizeof(*v));
	v->type = k ? SQLITE_TEXT : SQLITE_NULL;
	if (k) {
		v->u.p = d->texts[k];
		v->len = (int)strlen(d->texts[k]);
	}
}

int actor_columns_groups(const struct query *q, const struct field *const *f,
			 size_t n,
			 void (*each)(const struct group_value *values,
				      sqlite3_int64 count, void *ud),
			 void *ud, sqlite3_int64 *total)
{
	struct tests t;
	struct grouping g = { &t, NULL };
	struct group_value v[2];
	int is_kind[2], rc;
	size_t i, kind, country, m;

	if (n < 1 || n > 2)
		return 0;
	for (i = 0; i < n; i++) {
		is_kind[i] = strcmp(f[i]->name, "kind") == 0;
		if (!is_kind[i] && strcmp(f[i]->name, "country") != 0)
			return 0;
	}
	if (!tests_begin(q, &t))
		return 0;
	m = t.a->countries.n;
	g.n = xcalloc(t.a->kinds.n * m, sizeof(*g.n));
	if ((rc = read_matches(&t, group_one, &g)) != 0) {
		free(g.n);
		tests_end(&t);
		return rc < 0 ? -1 : 0;
	}
	*total = 0;
	for (kind = 0; kind < t.a->kinds.n; kind++) {
		for (country = 0; country < m; country++) {
			sqlite3_int64 k = g.n[kind * m + country];

			if (!k)
				continue;
			for (i = 0; i < n; i++) {
				if (is_kind[i])
					value_of(&t.a->kinds, kind, &v[i]);
				else
					value_of(&t.a->countries, country,
						 &v[i]);
			}
			each(v, k, ud);
			*total += k;
		}
	}
	free(g.n);
	tests_end(&t);
	columns_answered();
	return 1;
}

/*
 * The first cap of the matches that pass, after a place in the order:
 * a heap of the kept with the last in the order on top (the highest
 * rank ascending, the lowest descending).
 */
struct firsts {
	const struct tests *t;
	const uint32_t *rank;
	int descending, after;
	uint32_t after_rank;
	sqlite3_int64 *pk;
	size_t n, cap;
};

/* Whether x comes after y in f's order. */
static int later(const struct firsts *f, sqlite3_int64 x, sqlite3_int64 y)
{
	return f->descending ? f->rank[x] < f->rank[y] :
	       f->rank[x] > f->rank[y];
}

static void sift_down(struct firsts *f, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, top = i;
		sqlite3_int64 tmp;

		if (l < f->n && later(f, f->pk[l], f->pk[top]))
			top = l;
		if (r < f->n && later(f, f->pk[r], f->pk[top]))
			top = r;
		if (top == i)
			return;
		tmp = f->pk[i];
		f->pk[i] = f->pk[top];
		f->pk[top] = tmp;
		i = top;
	}
}

static int first_one(sqlite3_int64 pk, void *ud)
{
	struct firsts *f = ud;
	size_t i;

	if (!passes(f->t, pk) ||
	    (f->after && (f->descending ? f->rank[pk] >= f->after_rank :
			  f->rank[pk] <= f->after_rank)))
		return 0;
	if (f->n < f->cap) {
		/* Up the heap from the end. */
		for (i = f->n++; i && later(f, pk, f->pk[(i - 1) / 2]);
		     i = (i - 1) / 2)
			f->pk[i] = f->pk[(i - 1) / 2];
		f->pk[i] = pk;
	} else if (later(f, f->pk[0], pk)) {
		f->pk[0] = pk;
		sift_down(f, 0);
	}
	return 0;
}

/*
 * The place of q's cursor in its order (its actor's rank) into *rank:
 * 1, or 0 when that actor is gone or its sort value is not the cursor's
 * any more (SQL's plans then find the rows after the value), -1.
 */
static int cursor_rank(const struct query *q, const struct tests *t,
		       const uint32_t *ranks, uint32_t *rank)
{
	char sql[256];
	dbs *st;
	int rc;

	if (q->after_pk < 0 || (sqlite3_uint64)q->after_pk > t->a->top ||
	    !t->a->kind[q->after_pk])
		return 0;
	snprintf(sql, sizeof(sql), "SELECT 1 FROM actors a WHERE a.pk = ?1"
		 " AND %s = ?2", q->sort->sql);
	if (!(st = db_stmt(sql)))
		return -1;
	dbs_bind_int64(st, 1, q->after_pk);
	query_bind_value(st, 2, &q->after_value);
	rc = dbs_step(st);
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	*rank = ranks[q->after_pk];
	return rc == SQLITE_ROW;
}

int actor_columns_keys(const struct query *q, size_t cap, sqlite3_int64 **pks,
		       size_t *n)
{
	struct tests t;
	struct firsts f;
	size_t order;
	int rc;

	if (q->by_relevance || !cap)
		return 0;
	for (order = 0; order < ORDERS; order++)
		if (q->sort == &actors_resource.sorts[order])
			break;
	if (order == ORDERS || !tests_begin(q, &t))
		return 0;
	memset(&f, 0, sizeof(f));
	f.t = &t;
	f.rank = t.a->rank[order];
	f.descending = q->descending;
	f.cap = cap;
	if (q->after &&
	    (rc = cursor_rank(q, &t, f.rank, &f.after_rank)) <= 0) {
		tests_end(&t);
		return rc;
	}
	f.after = q->after;
	f.pk = xmalloc(cap * sizeof(*f.pk));
	if ((rc = read_matches(&t, first_one, &f)) != 0) {
		free(f.pk);
		tests_end(&t);
		return rc < 0 ? -1 : 0;
	}
	tests_end(&t);
	*pks = f.pk;
	*n = f.n;
	columns_answered();
	return 1;
}
