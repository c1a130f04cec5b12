/* SPDX-License-Identifier: MIT */
/* Networks of the sets of countries (see set_networks.h). */
#include "set_networks.h"

#include <stdint.h>
#include <stdlib.h>

#include "db.h"
#include "xalloc.h"

/* Whether c is on the countries involved: country= or not_country=. */
static int on_countries(const struct condition *c)
{
	return c->filter && c->filter->cell_table == CELLS_COUNTRY &&
	       (c->form == FORM_ONE || c->form == FORM_ANY ||
		c->form == FORM_NOT);
}

int set_networks_answer(const struct query *q)
{
	size_t i;

	if (!q->nwhere || (q->nwhere == 1 && q->where[0].form == FORM_ONE))
		return 0;
	for (i = 0; i < q->nwhere; i++) {
		if (!on_countries(&q->where[i]))
			return 0;
	}
	return 1;
}

/*
 * member: every set (with '', the set of none) and how many of each
 * condition's countries it has (?1 to ?n, one value each: a country, or
 * a JSON list); sets: those with one of each list (country=A,B), every
 * country= given, and none of each not_country=.
 */
static void sets_sql(struct buf *sql, const struct query *q)
{
	size_t i;

	buf_puts(sql, "WITH member AS MATERIALIZED (SELECT s");
	for (i = 0; i < q->nwhere; i++)
		buf_printf(sql, q->where[i].form == FORM_ONE ?
			   ", sum(cc = ?%zu) AS k%zu" :
			   ", sum(cc IN (SELECT value FROM json_each(?%zu)))"
			   " AS k%zu", i + 1, i);
	buf_puts(sql, " FROM stats_country_set_members GROUP BY s"
		 " UNION ALL SELECT ''");
	for (i = 0; i < q->nwhere; i++)
		buf_puts(sql, ", 0");
	buf_puts(sql, "), sets AS MATERIALIZED (SELECT s FROM member WHERE 1");
	for (i = 0; i < q->nwhere; i++)
		buf_printf(sql, " AND k%zu %s 0", i,
			   q->where[i].form == FORM_NOT ? "=" : ">");
	buf_putc(sql, ')');
}

static void sets_bind(sqlite3_stmt *st, const struct query *q)
{
	size_t i;

	for (i = 0; i < q->nwhere; i++)
		sqlite3_bind_text(st, (int)i + 1, q->where[i].binds[0].text,
				  -1, SQLITE_STATIC);
}

/* A pair of actors and its number of events. */
struct edge {
	sqlite3_int64 a, b, n;
};

/*
 * Pairs summed by key: open addressing, a power of two of slots, at most
 * half full; n = 0 and a = 0 marks an empty slot (actor pks start at 1).
 */
struct pair_sums {
	struct edge *slot;
	size_t cap, len;
};

static size_t pair_hash(sqlite3_int64 a, sqlite3_int64 b)
{
	uint64_t h = (uint64_t)a * 0x9E3779B97F4A7C15u ^ (uint64_t)b;

	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9u;
	return (size_t)(h ^ h >> 32);
}

static struct edge *pair_slot(struct pair_sums *h, sqlite3_int64 a,
			      sqlite3_int64 b)
{
	size_t i = pair_hash(a, b) & (h->cap - 1);

	while (h->slot[i].a && (h->slot[i].a != a || h->slot[i].b != b))
		i = (i + 1) & (h->cap - 1);
	return &h->slot[i];
}

static void pair_add(struct pair_sums *h, sqlite3_int64 a, sqlite3_int64 b,
		     sqlite3_int64 n)
{
	struct edge *e;

	if (2 * (h->len + 1) > h->cap) {
		struct pair_sums g = { NULL, h->cap ? 2 * h->cap : 1024, 0 };
		size_t i;

		g.slot = xcalloc(g.cap, sizeof(*g.slot));
		for (i = 0; i < h->cap; i++) {
			if (h->slot[i].a)
				*pair_slot(&g, h->slot[i].a, h->slot[i].b) =
					h->slot[i];
		}
		g.len = h->len;
		free(h->slot);
		*h = g;
	}
	e = pair_slot(h, a, b);
	if (!e->a) {
		e->a = a;
		e->b = b;
		h->len++;
	}
	e->n += n;
}

static sqlite3_int64 pair_get(struct pair_sums *h, sqlite3_int64 a,
			      sqlite3_int64 b)
{
	return h->cap ? pair_slot(h, a, b)->n : 0;
}

/* Adds the pairs (a, b, n) of the sets `which` names to h. */
static int read_pairs(const struct query *q, const char *which,
		      struct pair_sums *h)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	int rc;

	sets_sql(&sql, q);
	buf_printf(&sql, " SELECT a, b, n FROM stats_country_set_actor_pairs"
		   " WHERE s IN (%s) AND n <> 0", which);
	st = db_stmt(buf_str(&sql));
	buf_free(&sql);
	if (!st)
		return -1;
	sets_bind(st, q);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		pair_add(h, sqlite3_column_int64(st, 0),
			 sqlite3_column_int64(st, 1),
			 sqlite3_column_int64(st, 2));
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Whether the sets q qualifies hold more than half of all events (actor
 * 0 of migration 38): then the other sets are the fewer pairs to read.
 * 0, 1, or -1 when the statement fails.
 */
static int sets_hold_most(const struct query *q)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	int most = -1;

	sets_sql(&sql, q);
	buf_puts(&sql, " SELECT (SELECT ifnull(sum(n), 0)"
		 " FROM stats_country_set_actors WHERE actor = 0"
		 " AND s IN sets) * 2 > (SELECT ifnull(sum(n), 0)"
		 " FROM stats_country_set_actors WHERE actor = 0)");
	st = db_stmt(buf_str(&sql));
	buf_free(&sql);
	if (!st)
		return -1;
	sets_bind(st, q);
	if (sqlite3_step(st) == SQLITE_ROW)
		most = sqlite3_column_int(st, 0);
	db_done(st);
	return most;
}

/* Whether x comes after y in the answer: fewer events, then by pks. */
static int after(const struct edge *x, const struct edge *y)
{
	if (x->n != y->n)
		return x->n < y->n;
	return x->a != y->a ? x->a > y->a : x->b > y->b;
}

/*
 * The `limit` heaviest edges seen: a heap whose first edge is the one
 * that would leave first.
 */
struct top {
	struct edge *e;
	size_t len, limit;
};

static void top_offer(struct top *t, struct edge x)
{
	size_t i, c;

	if (t->len < t->limit) {
		/* Up from the last place. */
		for (i = t->len++; i && after(&x, &t->e[(i - 1) / 2]);
		     i = (i - 1) / 2)
			t->e[i] = t->e[(i - 1) / 2];
		t->e[i] = x;
		return;
	}
	if (!t->limit || !after(&t->e[0], &x))
		return;
	/* x replaces the first, then goes down. */
	for (i = 0; (c = 2 * i + 1) < t->len; i = c) {
		if (c + 1 < t->len && after(&t->e[c + 1], &t->e[c]))
			c++;
		if (!after(&t->e[c], &x))
			break;
		t->e[i] = t->e[c];
	}
	t->e[i] = x;
}

static int before_cmp(const void *x, const void *y)
{
	return after(x, y) ? 1 : after(y, x) ? -1 : 0;
}

/*
 * The heaviest edges of the sets' events when the sets hold most events:
 * the pairs of every event (kept heaviest first, migration 29) less those
 * of the other sets, read until the next weighs less than the last edge
 * kept (taking off only lowers an edge). Read so, in C, they stop early;
 * summed by SQLite's sort of every pair, they would not.
 */
static int find_edges(const struct query *q, struct top *t)
{
	struct pair_sums h = { NULL, 0, 0 };
	sqlite3_stmt *st;
	int rc = -1, step;

	if (read_pairs(q, "SELECT s FROM member WHERE s NOT IN sets", &h) != 0)
		goto out;
	st = db_stmt("SELECT a, b, n FROM stats_actor_pairs"
		     " WHERE n > 0 ORDER BY n DESC, a, b");
	if (!st)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct edge e = { sqlite3_column_int64(st, 0),
				  sqlite3_column_int64(st, 1),
				  sqlite3_column_int64(st, 2) };

		if (t->len == t->limit && (!t->limit || e.n < t->e[0].n))
			break;
		e.n -= pair_get(&h, e.a, e.b);
		if (e.n > 0)
			top_offer(t, e);
	}
	db_done(st);
	rc = step == SQLITE_ROW || step == SQLITE_DONE ? 0 : -1;
out:
	free(h.slot);
	return rc;
}

/*
 * The roles of the edges, the actors they link and their numbers of
 * events: of the sets' pairs of roles and actors, read by pair and by
 * actor (migration 38).
 */
static const char sets_graph[] =
	", roles AS (SELECT a, b, json_group_array(json_object('source_role',"
	" ra, 'target_role', rb, 'count', n)) AS r FROM (SELECT r.a, r.b,"
	" r.ra, r.rb, sum(r.n) AS n FROM edges e"
	" CROSS JOIN stats_country_set_pair_roles r ON r.a = e.a AND r.b = e.b"
	" WHERE r.s IN sets GROUP BY r.a, r.b, r.ra, r.rb HAVING sum(r.n) > 0"
	" ORDER BY 5 DESC, 3, 4) GROUP BY a, b)"
	", nodes AS (SELECT a AS actor FROM edges UNION SELECT b FROM edges)"
	", counts AS (SELECT c.actor, sum(c.n) AS n FROM nodes"
	" CROSS JOIN stats_country_set_actors c ON c.actor = nodes.actor"
	" WHERE c.s IN sets GROUP BY c.actor)";

int set_networks_sql(struct buf *sql, const struct query *q)
{
	int most = sets_hold_most(q);

	if (most < 0)
		return -1;
	sets_sql(sql, q);
	if (most)
		buf_printf(sql, ", edges AS MATERIALIZED (SELECT value ->> 0"
			   " AS a, value ->> 1 AS b, value ->> 2 AS n"
			   " FROM json_each(?%zu))", q->nwhere + 2);
	else
		buf_printf(sql, ", edges AS MATERIALIZED (SELECT a, b,"
			   " sum(n) AS n FROM stats_country_set_actor_pairs"
			   " WHERE s IN sets GROUP BY a, b HAVING sum(n) > 0"
			   " ORDER BY 3 DESC, 1, 2 LIMIT ?%zu)", q->nwhere + 1);
	buf_puts(sql, sets_graph);
	return 0;
}

int set_networks_bind(sqlite3_stmt *st, const struct query *q,
		      unsigned limit)
{
	struct top t = { NULL, 0, limit };
	struct buf json = BUF_INIT;
	size_t i;
	int rc = 0;

	sets_bind(st, q);
	sqlite3_bind_int64(st, (int)q->nwhere + 1, limit);
	if (sqlite3_bind_parameter_count(st) <= (int)q->nwhere + 1)
		return 0;	/* the sets' pairs added up, in the statement */
	t.e = xcalloc(limit ? limit : 1, sizeof(*t.e));
	rc = find_edges(q, &t);
	if (rc == 0) {
		qsort(t.e, t.len, sizeof(*t.e), before_cmp);
		buf_putc(&json, '[');
		for (i = 0; i < t.len; i++)
			buf_printf(&json, "%s[%lld,%lld,%lld]", i ? "," : "",
				   (long long)t.e[i].a, (long long)t.e[i].b,
				   (long long)t.e[i].n);
		buf_putc(&json, ']');
		sqlite3_bind_text(st, (int)q->nwhere + 2, buf_str(&json), -1,
				  SQLITE_TRANSIENT);
	}
	buf_free(&json);
	free(t.e);
	return rc;
}
