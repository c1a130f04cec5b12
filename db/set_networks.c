/* SPDX-License-Identifier: MIT */
/* Networks of the sets of countries (see set_networks.h). */
#include "set_networks.h"

#include <stdint.h>
#include <stdlib.h>

#include "db.h"
#include "strmap.h"
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
 * The sets q qualifies into *chosen, their number of events and the
 * share of all events they hold (actor 0 of migration 38). Returns 0 or
 * -1.
 */
static int choose_sets(const struct query *q, struct strmap *chosen,
		       double *share, sqlite3_int64 *events)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	sqlite3_int64 in = 0, all = 0;
	int rc;

	sets_sql(&sql, q);
	buf_puts(&sql, " SELECT x.s, ifnull(t.n, 0), (SELECT ifnull(sum(n), 0)"
		 " FROM stats_country_set_actors WHERE actor = 0) FROM sets x"
		 " LEFT JOIN stats_country_set_actors t ON t.actor = 0"
		 " AND t.s = x.s");
	st = db_stmt(buf_str(&sql));
	buf_free(&sql);
	if (!st)
		return -1;
	sets_bind(st, q);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);

		if (!s) {
			rc = SQLITE_NOMEM;
			break;
		}
		strmap_put(chosen, s, 1);
		in += sqlite3_column_int64(st, 1);
		all = sqlite3_column_int64(st, 2);
	}
	db_done(st);
	*share = all ? (double)in / (double)all : 0;
	*events = in;
	return rc == SQLITE_DONE ? 0 : -1;
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
 * The heaviest edges of the chosen sets' events, when those hold a good
 * share of all events: the pairs of every event are read heaviest first
 * (migration 18), each one's own number in the chosen sets looked up by
 * pair (migration 39), until the next pair, with its number of all its
 * events, would come after the last edge kept: a pair's number in the
 * sets is at most that, so no later pair can come before it. 1 when
 * done, 0 when more than `most` pairs would be read (the sets' pairs are
 * then added up instead), -1 when a statement fails.
 */
static int walk_edges(const struct strmap *chosen, struct top *t,
		      size_t most)
{
	sqlite3_stmt *all, *own;
	size_t read = 0;
	int rc = SQLITE_DONE, step;

	all = db_stmt("SELECT a, b, n FROM stats_actor_pairs"
		      " WHERE n > 0 ORDER BY n DESC, a, b");
	own = all ? db_stmt("SELECT s, n FROM stats_country_set_actor_pairs"
			    " INDEXED BY stats_country_set_actor_pairs_pair"
			    " WHERE a = ?1 AND b = ?2 AND n <> 0") : NULL;
	if (!own) {
		db_done(all);
		return -1;
	}
	while ((step = sqlite3_step(all)) == SQLITE_ROW) {
		struct edge e = { sqlite3_column_int64(all, 0),
				  sqlite3_column_int64(all, 1),
				  sqlite3_column_int64(all, 2) };
		const char *s;
		int64_t yes;

		if (t->len == t->limit && (!t->limit || !after(&t->e[0], &e))) {
			step = SQLITE_DONE;
			break;
		}
		if (read++ == most)
			break;
		e.n = 0;
		sqlite3_bind_int64(own, 1, e.a);
		sqlite3_bind_int64(own, 2, e.b);
		while ((rc = sqlite3_step(own)) == SQLITE_ROW) {
			s = (const char *)sqlite3_column_text(own, 0);
			if (s && strmap_get(chosen, s, &yes))
				e.n += sqlite3_column_int64(own, 1);
		}
		if (rc != SQLITE_DONE)
			break;
		sqlite3_reset(own);
		if (e.n > 0)
			top_offer(t, e);
	}
	/* The statement that failed is reset last: its error (an interrupt
	 * at the query budget: 503) is the connection's. */
	if (rc != SQLITE_DONE) {
		db_done(all);
		db_done(own);
		return -1;
	}
	db_done(own);
	db_done(all);
	return step == SQLITE_DONE ? 1 : step == SQLITE_ROW ? 0 : -1;
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

/*
 * Below this share of all events and this number of events, the chosen
 * sets' pairs are few: they are added up. At 1M events, the walk read
 * 130 pairs for a limit of 100 where the sets held 47% of the events,
 * 1,085 at 7%, 3,073 at 2%; the sets' pairs are about 0.14 an event.
 */
#define WALK_SHARE 0.1
#define WALK_EVENTS 100000
/* The walk's most pairs read: then the sum is the cheaper. */
#define WALK_MOST(limit) (20 * (size_t)(limit) + 2000)

int set_networks_sql(struct buf *sql, const struct query *q, unsigned limit,
		     struct buf *edges)
{
	struct strmap chosen = STRMAP_INIT;
	struct top t = { NULL, 0, limit };
	double share;
	sqlite3_int64 events;
	int done = 0;
	size_t i;

	if (choose_sets(q, &chosen, &share, &events) != 0)
		goto fail;
	if (limit && (share >= WALK_SHARE || events >= WALK_EVENTS)) {
		t.e = xcalloc(limit, sizeof(*t.e));
		if ((done = walk_edges(&chosen, &t, WALK_MOST(limit))) < 0)
			goto fail;
	}
	sets_sql(sql, q);
	if (done) {
		qsort(t.e, t.len, sizeof(*t.e), before_cmp);
		buf_putc(edges, '[');
		for (i = 0; i < t.len; i++)
			buf_printf(edges, "%s[%lld,%lld,%lld]", i ? "," : "",
				   (long long)t.e[i].a, (long long)t.e[i].b,
				   (long long)t.e[i].n);
		buf_putc(edges, ']');
		buf_printf(sql, ", edges AS MATERIALIZED (SELECT value ->> 0"
			   " AS a, value ->> 1 AS b, value ->> 2 AS n"
			   " FROM json_each(?%zu))", q->nwhere + 2);
	} else {
		buf_printf(sql, ", edges AS MATERIALIZED (SELECT a, b,"
			   " sum(n) AS n FROM stats_country_set_actor_pairs"
			   " WHERE s IN sets GROUP BY a, b HAVING sum(n) > 0"
			   " ORDER BY 3 DESC, 1, 2 LIMIT ?%zu)", q->nwhere + 1);
	}
	buf_puts(sql, sets_graph);
	strmap_free(&chosen);
	free(t.e);
	return 0;
fail:
	strmap_free(&chosen);
	free(t.e);
	return -1;
}

void set_networks_bind(sqlite3_stmt *st, const struct query *q,
		       unsigned limit, const struct buf *edges)
{
	sets_bind(st, q);
	sqlite3_bind_int64(st, (int)q->nwhere + 1, limit);
	if (edges->len)
		sqlite3_bind_text(st, (int)q->nwhere + 2, edges->ptr,
				  (int)edges->len, SQLITE_TRANSIENT);
}
