/* SPDX-License-Identifier: MIT */
/* Networks of the sets of countries (see set_networks.h). */
#include "set_networks.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "db.h"
#include "heaviest.h"
#include "strmap.h"
#include "xalloc.h"

int set_networks_on_countries(const struct condition *c)
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
		if (!set_networks_on_countries(&q->where[i]))
			return 0;
	}
	return 1;
}

/*
 * set_networks_sets(), its sets those bound to the parameter `chosen` (a
 * JSON array of their keys) unless NULL: the sets a request chose once
 * (choose_sets), not chosen again by each of its statements from every
 * membership (1,380 rows at 1M events). member and the lists stay,
 * unread, so that the statement's parameters are numbered alike. Each
 * list is read from its JSON once, as l<i>: a json_each() in the sum
 * read it again for every member of every set (1,400 rows, 1 to 3 ms a
 * statement, several statements a request).
 */
static void sets_clause(struct buf *sql, const struct query *q,
			const char *chosen)
{
	size_t i;

	buf_puts(sql, "WITH ");
	for (i = 0; i < q->nwhere; i++) {
		if (set_networks_on_countries(&q->where[i]) &&
		    q->where[i].form != FORM_ONE)
			buf_printf(sql, "l%zu AS MATERIALIZED (SELECT value"
				   " FROM json_each(?%d)), ", i,
				   query_bind_number(q, i));
	}
	buf_puts(sql, "member AS MATERIALIZED (SELECT s");
	for (i = 0; i < q->nwhere; i++) {
		if (!set_networks_on_countries(&q->where[i]))
			continue;
		if (q->where[i].form == FORM_ONE)
			buf_printf(sql, ", sum(cc = ?%d) AS k%zu",
				   query_bind_number(q, i), i);
		else
			buf_printf(sql, ", sum(cc IN l%zu) AS k%zu", i, i);
	}
	buf_puts(sql, " FROM stats_country_set_members GROUP BY s"
		 " UNION ALL SELECT ''");
	for (i = 0; i < q->nwhere; i++) {
		if (set_networks_on_countries(&q->where[i]))
			buf_puts(sql, ", 0");
	}
	if (chosen) {
		buf_printf(sql, "), sets AS MATERIALIZED (SELECT value AS s"
			   " FROM json_each(%s))", chosen);
		return;
	}
	buf_puts(sql, "), sets AS MATERIALIZED (SELECT s FROM member WHERE 1");
	for (i = 0; i < q->nwhere; i++) {
		if (set_networks_on_countries(&q->where[i]))
			buf_printf(sql, " AND k%zu %s 0", i,
				   q->where[i].form == FORM_NOT ? "=" : ">");
	}
	buf_putc(sql, ')');
}

void set_networks_sets(struct buf *sql, const struct query *q)
{
	sets_clause(sql, q, NULL);
}

void set_networks_sets_bind(dbs *st, const struct query *q)
{
	size_t i;

	for (i = 0; i < q->nwhere; i++) {
		if (set_networks_on_countries(&q->where[i]))
			dbs_bind_text(st, query_bind_number(q, i),
					  q->where[i].binds[0].text, -1,
					  SQLITE_STATIC);
	}
}

/*
 * The statement of select after the WITH clause of q's sets, their values
 * bound, and the sets chosen (choose_sets()) bound as a JSON array, not
 * copied (sets_clause()); a :limit in it is bound to limit. NULL when it
 * fails.
 */
static dbs *sets_stmt(const struct query *q, const struct buf *chosen,
		      const char *select, unsigned limit)
{
	struct buf sql = BUF_INIT;
	dbs *st;

	sets_clause(&sql, q, ":sets");
	buf_puts(&sql, select);
	st = db_stmt(buf_str(&sql));
	buf_free(&sql);
	if (!st)
		return NULL;
	set_networks_sets_bind(st, q);
	dbs_bind_text(st, dbs_bind_parameter_index(st, ":sets"),
		      buf_str(chosen), (int)chosen->len, SQLITE_STATIC);
	dbs_bind_int64(st, dbs_bind_parameter_index(st, ":limit"),
			   limit);
	return st;
}

/*
 * The keys st reads (key, its events, all events) into *chosen (unless
 * NULL), their number of events and their share of all; st is finished.
 * Returns 0, or -1 when st is NULL or fails.
 */
static int read_chosen(dbs *st, struct strmap *chosen,
		       double *share, sqlite3_int64 *events)
{
	sqlite3_int64 in = 0, all = 0;
	int rc;

	if (!st)
		return -1;
	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		const char *s = (const char *)dbs_column_text(st, 0);

		if (!s) {
			rc = SQLITE_NOMEM;
			break;
		}
		if (chosen)
			strmap_put(chosen, s, 1);
		in += dbs_column_int64(st, 1);
		all = dbs_column_int64(st, 2);
	}
	db_done(st);
	*share = all ? (double)in / (double)all : 0;
	*events = in;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* A condition on the countries involved, as the sets are tested by it:
 * its countries, and whether a set must have none of them. */
struct countries_test {
	json_t *values;
	int none;
};

/* Whether a set whose members include hits[i] of each test's countries
 * qualifies: one or more of each, none of a `none` test's. */
static int set_qualifies(const struct countries_test *t, size_t n,
			 const int *hits)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (t[i].none ? hits[i] != 0 : hits[i] == 0)
			return 0;
	}
	return 1;
}

/* Counts cc in each test's countries it is one of, into hits. */
static void count_member(const struct countries_test *t, size_t n,
			 const char *cc, int *hits)
{
	size_t i, k;
	json_t *v;

	for (i = 0; i < n; i++) {
		json_array_foreach(t[i].values, k, v) {
			if (json_is_string(v) &&
			    strcmp(json_string_value(v), cc) == 0)
				hits[i]++;
		}
	}
}

/* Set s, which qualifies, into chosen and the JSON array *json (unless
 * NULL). */
static void pick_set(const char *s, struct strmap *chosen, struct buf *json)
{
	strmap_put(chosen, s, 1);
	if (json) {
		if (json->len > 1)
			buf_putc(json, ',');
		buf_json_string(json, s, strlen(s));
	}
}

/*
 * The sets q qualifies into *chosen and as a JSON array of their keys
 * into *json (each unless NULL), their number of events and the share of
 * all events they hold (actor 0 of migration 38). Each set's members are
 * read once, in order, and tested here: the same test in SQL (member,
 * set_networks_sets()) compared each membership with each condition's
 * list in SQLite's machine, 4.7M instructions a request for the 1,380
 * memberships at 1M events. The set of none ('', the events of no
 * country) has no member. Returns 0 or -1.
 */
static int choose_sets(const struct query *q, struct strmap *chosen,
		       struct buf *json, double *share, sqlite3_int64 *events)
{
	struct countries_test t[QUERY_MAX_WHERE];
	/* The sets picked: the caller's, or this call's own. */
	struct strmap own = STRMAP_INIT, *picked = chosen ? chosen : &own;
	struct buf set = BUF_INIT;
	int hits[QUERY_MAX_WHERE] = { 0 };
	sqlite3_int64 in = 0, all = 0;
	size_t i, n = 0;
	int rc = SQLITE_DONE, started = 0;
	dbs *st;

	for (i = 0; i < q->nwhere; i++) {
		const struct condition *c = &q->where[i];

		if (!set_networks_on_countries(c))
			continue;
		t[n].none = c->form == FORM_NOT;
		t[n].values = c->form == FORM_ONE ?
			json_pack("[s]", c->binds[0].text) :
			json_loads(c->binds[0].text, 0, NULL);
		if (!json_is_array(t[n].values)) {
			json_decref(t[n].values);
			rc = SQLITE_ERROR;
			break;
		}
		n++;
	}
	if (json)
		buf_putc(json, '[');
	st = rc == SQLITE_DONE ? db_stmt("SELECT s, cc FROM"
				     " stats_country_set_members ORDER BY s") :
	     NULL;
	if (!st)
		rc = SQLITE_ERROR;
	while (st && (rc = dbs_step(st)) == SQLITE_ROW) {
		const char *s = (const char *)dbs_column_text(st, 0);
		const char *cc = (const char *)dbs_column_text(st, 1);

		if (!s || !cc) {
			rc = SQLITE_NOMEM;
			break;
		}
		if (!started || strcmp(buf_str(&set), s) != 0) {
			if (started && set_qualifies(t, n, hits))
				pick_set(buf_str(&set), picked, json);
			buf_reset(&set);
			buf_puts(&set, s);
			memset(hits, 0, sizeof(hits));
			started = 1;
		}
		count_member(t, n, cc, hits);
	}
	db_done(st);
	if (rc == SQLITE_DONE) {
		if (started && set_qualifies(t, n, hits))
			pick_set(buf_str(&set), picked, json);
		memset(hits, 0, sizeof(hits));
		if (set_qualifies(t, n, hits))
			pick_set("", picked, json);
		st = db_stmt("SELECT s, n FROM stats_country_set_actors"
			     " WHERE actor = 0");
		while (st && (rc = dbs_step(st)) == SQLITE_ROW) {
			const char *s = (const char *)dbs_column_text(st, 0);
			int64_t yes;
			sqlite3_int64 k = dbs_column_int64(st, 1);

			all += k;
			if (s && strmap_get(picked, s, &yes))
				in += k;
		}
		db_done(st);
		if (!st)
			rc = SQLITE_ERROR;
	}
	if (json)
		buf_putc(json, ']');
	for (i = 0; i < n; i++)
		json_decref(t[i].values);
	strmap_free(&own);
	buf_free(&set);
	*share = all ? (double)in / (double)all : 0;
	*events = in;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The one number st reads (NULL: it failed), binds bound from ?3, into
 * *n. */
static int read_number(dbs *st, const char *const *binds,
		       sqlite3_int64 *n)
{
	int rc;

	if (!st)
		return -1;
	heavy_bind(st, binds, 3);
	rc = dbs_step(st);
	*n = rc == SQLITE_ROW ? dbs_column_int64(st, 0) : 0;
	db_done(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Every pair of the chosen sets (read by set, their keys' prefix) added
 * up (heavy_sum). */
static int add_edges(const struct query *q, const struct buf *chosen,
		     struct heavy_top *t)
{
	return heavy_sum(sets_stmt(q, chosen, " SELECT p.a, p.b, p.n"
				   " FROM sets x"
				   " JOIN stats_country_set_actor_pairs p"
				   " ON p.s = x.s", 0), t);
}

/* Every event's pairs of actors (migration 18) and the sets' (39). */
static int walk_edges(const struct strmap *chosen, struct heavy_top *t,
		      size_t most)
{
	return heavy_walk("SELECT a, b, n FROM stats_actor_pairs"
			  " WHERE n > 0 ORDER BY n DESC, a, b",
			  "SELECT s, n FROM stats_country_set_actor_pairs"
			  " INDEXED BY stats_country_set_actor_pairs_pair"
			  " WHERE a = ?1 AND b = ?2 AND n <> 0", NULL, chosen,
			  t, most);
}

/*
 * The roles of the edges, the actors they link and their numbers of
 * events: of the sets' pairs of roles and actors, read by pair and by
 * actor (migration 38). An actor's rows are read through and each tested
 * against the sets (the unary +): SQLite would otherwise seek (actor, s)
 * once for every chosen set, 28,000 seeks for 66 actors and 436 sets
 * (5 ms of a graph of 93 edges at 1M events, against under 1 ms).
 */
static const char sets_graph[] =
	", roles AS (SELECT r.a, r.b, r.ra, r.rb, sum(r.n) AS n FROM edges e"
	" CROSS JOIN stats_country_set_pair_roles r ON r.a = e.a AND r.b = e.b"
	" WHERE r.s IN sets GROUP BY r.a, r.b, r.ra, r.rb"
	" HAVING sum(r.n) > 0)"
	", nodes AS (SELECT a AS actor FROM edges UNION SELECT b FROM edges)"
	", counts AS (SELECT c.actor, sum(c.n) AS n FROM nodes"
	" CROSS JOIN stats_country_set_actors c ON c.actor = nodes.actor"
	" WHERE +c.s IN sets GROUP BY c.actor)";

int set_networks_sql(struct buf *sql, const struct query *q, unsigned limit,
		     struct buf *edges, struct buf *sets)
{
	struct strmap chosen = STRMAP_INIT;
	struct heavy_top t = { NULL, 0, limit };
	char param[24];		/* the parameter of the sets chosen */
	double share;
	sqlite3_int64 events;
	int done = 0;

	if (choose_sets(q, &chosen, sets, &share, &events) != 0)
		goto fail;
	if (limit) {
		t.e = xcalloc(limit, sizeof(*t.e));
		if ((share >= WALK_SHARE || events >= WALK_EVENTS) &&
		    (done = walk_edges(&chosen, &t, WALK_MOST(limit))) < 0)
			goto fail;
		if (!done) {
			t.len = 0;
			if ((done = add_edges(q, sets, &t)) < 0)
				goto fail;
		}
	}
	snprintf(param, sizeof(param), "?%zu", q->nwhere + 3);
	sets_clause(sql, q, param);
	if (done) {
		heavy_json(&t, edges);
		buf_printf(sql, ", edges AS MATERIALIZED (" HEAVY_ROWS("?%zu")
			   ")", q->nwhere + 2);
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

void set_networks_bind(dbs *st, const struct query *q, unsigned limit,
		       const struct buf *edges, const struct buf *sets)
{
	set_networks_sets_bind(st, q);
	dbs_bind_int64(st, (int)q->nwhere + 1, limit);
	if (edges->len)
		dbs_bind_text(st, (int)q->nwhere + 2, edges->ptr,
				  (int)edges->len, SQLITE_TRANSIENT);
	dbs_bind_text(st, (int)q->nwhere + 3, buf_str(sets), (int)sets->len,
		      SQLITE_TRANSIENT);
}

/*
 * The chosen sets' actors added up (migration 38; heavy_sum, or SQL's
 * sum when a pk does not fit), the most events first, into t: when they
 * are few, or the walk read too many.
 */
static int sum_actors(const struct query *q, const struct buf *chosen,
		      struct heavy_top *t)
{
	dbs *st;
	int rc;

	rc = heavy_sum(sets_stmt(q, chosen, " SELECT c.actor, 0, c.n"
				 " FROM sets x JOIN stats_country_set_actors c"
				 " ON c.s = x.s WHERE c.actor <> 0", 0), t);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	t->len = 0;
	st = sets_stmt(q, chosen, " SELECT actor, sum(n)"
		       " FROM stats_country_set_actors"
		       " WHERE s IN sets AND actor <> 0 GROUP BY actor"
		       " HAVING sum(n) > 0 ORDER BY 2 DESC, 1 LIMIT :limit",
		       (unsigned)t->limit);
	if (!st)
		return -1;
	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		struct heavy e = { dbs_column_int64(st, 0), 0,
				  dbs_column_int64(st, 1) };

		heavy_offer(t, e);
	}
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The number of events of no actor in the chosen sets (their role '',
 * migration 46) into *none: the group of none. Returns 0 or -1.
 */
static int no_actor(const struct query *q, const struct buf *chosen,
		    sqlite3_int64 *none)
{
	return read_number(sets_stmt(q, chosen, " SELECT ifnull(sum(n), 0)"
				     " FROM stats_country_set_roles"
				     " WHERE r = '' AND s IN sets", 0), NULL,
			   none);
}

/*
 * Every actor, most events first (migration 17), its number among the
 * chosen keys added up from its rows by key (own_sql: key, n of ?1;
 * binds from ?3) into t, as heavy_walk does. 1 when done, 0 when it read
 * too many, -1.
 */
static int walk_actors(const char *own_sql, const char *const *binds,
		       const struct strmap *chosen, struct heavy_top *t)
{
	return heavy_walk("SELECT actor, 0, n FROM stats_actor_totals"
			  " INDEXED BY stats_actor_totals_n"
			  " WHERE n > 0 AND actor <> 0 ORDER BY n DESC, actor",
			  own_sql, binds, chosen, t, WALK_MOST(t->limit));
}

/*
 * The actors of t and the group of none (actor 0, `none` events) into out
 * as JSON, [[actor, events], ...] in the answer's order.
 */
static void write_actors(struct heavy_top *t, sqlite3_int64 none,
			 struct buf *out)
{
	size_t i;

	/* Actor 0, before every actor of as many events. */
	if (none > 0)
		heavy_offer(t, (struct heavy){ 0, 0, none });
	qsort(t->e, t->len, sizeof(*t->e), heavy_order);
	buf_putc(out, '[');
	for (i = 0; i < t->len; i++) {
		/* Actor 0: none, null as the events give it. */
		if (t->e[i].a)
			buf_printf(out, "%s[%lld,%lld]", i ? "," : "",
				   (long long)t->e[i].a, (long long)t->e[i].n);
		else
			buf_printf(out, "%s[null,%lld]", i ? "," : "",
				   (long long)t->e[i].n);
	}
	buf_putc(out, ']');
}

static int group_actors(const struct query *q, unsigned limit,
			struct buf *out)
{
	struct strmap chosen = STRMAP_INIT;
	struct buf sets = BUF_INIT;
	struct heavy_top t = { NULL, 0, limit };
	double share;
	sqlite3_int64 events, none;
	int done = 0, rc = -1;

	t.e = xcalloc(limit ? limit : 1, sizeof(*t.e));
	if (choose_sets(q, &chosen, &sets, &share, &events) != 0 ||
	    no_actor(q, &sets, &none) != 0)
		goto out;
	if (limit && (share >= WALK_SHARE || events >= WALK_EVENTS)) {
		done = walk_actors("SELECT s, n FROM stats_country_set_actors"
				   " WHERE actor = ?1 AND ?2 = 0 AND n <> 0",
				   NULL, &chosen, &t);
		if (done < 0)
			goto out;
	}
	if (!done) {
		t.len = 0;
		if (sum_actors(q, &sets, &t) != 0)
			goto out;
	}
	write_actors(&t, none, out);
	rc = 1;
out:
	strmap_free(&chosen);
	buf_free(&sets);
	free(t.e);
	return rc;
}

/*
 * A point's key in the chosen points: its coordinates exactly (17
 * digits; SQLite's text of a REAL has 15, which two points may share).
 */
#define POINT_KEY(t) "printf('%!.17g,%!.17g', " t ".lat, " t ".lon)"

/*
 * The statement of select (rows x of a table of points, WHERE begun)
 * with the test of the box (bbox=) as on its cells added, its value
 * bound; NULL when it fails.
 */
static dbs *box_stmt(const char *select,
			      const struct condition *box)
{
	struct buf sql = BUF_INIT;
	dbs *st;

	buf_printf(&sql, "%s AND %s", select, box->filter->cell_sql);
	st = db_stmt(buf_str(&sql));
	buf_free(&sql);
	if (st)
		dbs_bind_text(st, 1, box->binds[0].text, -1,
				  SQLITE_STATIC);
	return st;
}

/*
 * The located points inside the box (bbox=, tested as on its cells) into
 * *chosen (POINT_KEY), their number of events, and the share of all
 * located events they hold (migration 52). Returns 0 or -1.
 */
static int choose_points(const struct condition *box, struct strmap *chosen,
			 double *share, sqlite3_int64 *events)
{
	return read_chosen(box_stmt("SELECT " POINT_KEY("x") ", x.n,"
				    " (SELECT sum(n) FROM stats_points)"
				    " FROM stats_points x WHERE x.n > 0", box),
			   chosen, share, events);
}

/* The events of no actor at the box's points (actor 0) into *none. */
static int box_no_actor(const struct condition *box, sqlite3_int64 *none)
{
	return read_number(box_stmt("SELECT ifnull(sum(x.n), 0)"
				    " FROM stats_point_actors x"
				    " WHERE x.actor = 0", box), NULL, none);
}

int set_networks_box_actors(const struct condition *box, unsigned limit,
			    struct buf *out)
{
	struct strmap chosen = STRMAP_INIT;
	struct heavy_top t = { NULL, 0, limit };
	double share;
	sqlite3_int64 events, none;
	int rc = -1;

	t.e = xcalloc(limit ? limit : 1, sizeof(*t.e));
	if (choose_points(box, &chosen, &share, &events) != 0)
		goto out;
	rc = 0;
	if (!limit || (share < WALK_SHARE && events < WALK_EVENTS))
		goto out;
	rc = walk_actors("SELECT " POINT_KEY("stats_point_actors") ", n"
			 " FROM stats_point_actors"
			 " INDEXED BY stats_point_actors_actor"
			 " WHERE actor = ?1 AND ?2 = 0 AND n <> 0",
			 NULL, &chosen, &t);
	if (rc == 1 && box_no_actor(box, &none) != 0)
		rc = -1;
	if (rc == 1)
		write_actors(&t, none, out);
out:
	strmap_free(&chosen);
	free(t.e);
	return rc;
}

int set_networks_walk_actors(const char *events_sql, const char *own_sql,
			     const char *none_sql, const char *const *binds,
			     unsigned limit, struct buf *out)
{
	struct heavy_top t = { NULL, 0, limit };
	sqlite3_int64 events, all, none;
	int rc;

	if (!limit)
		return 0;
	if (read_number(db_stmt(events_sql), binds, &events) != 0 ||
	    read_number(db_stmt("SELECT sum(n) FROM stats_day_totals"), NULL,
			&all) != 0)
		return -1;
	if (events < WALK_EVENTS && (double)events < WALK_SHARE * (double)all)
		return 0;
	t.e = xcalloc(limit, sizeof(*t.e));
	rc = walk_actors(own_sql, binds, NULL, &t);
	if (rc == 1 && read_number(db_stmt(none_sql), binds, &none) != 0)
		rc = -1;
	if (rc == 1)
		write_actors(&t, none, out);
	free(t.e);
	return rc;
}

/*
 * Each chosen set's events (actor 0 of migration 38) count once for each
 * of its countries; the set of none's for no country.
 */
static int group_countries(const struct query *q, unsigned limit,
			   struct buf *out)
{
	struct buf sets = BUF_INIT;
	double share;
	sqlite3_int64 events;
	dbs *st;
	int rc;

	if (choose_sets(q, NULL, &sets, &share, &events) != 0) {
		buf_free(&sets);
		return -1;
	}
	st = sets_stmt(q, &sets, " SELECT json_group_array(json_array(cc, n))"
		       " FROM (SELECT m.cc, sum(t.n) AS n"
		       " FROM stats_country_set_members m"
		       " JOIN stats_country_set_actors t ON t.actor = 0"
		       " AND t.s = m.s WHERE m.s IN sets"
		       " GROUP BY m.cc HAVING sum(t.n) > 0"
		       " UNION ALL SELECT NULL, t.n FROM sets x"
		       " JOIN stats_country_set_actors t ON t.actor = 0"
		       " AND t.s = x.s WHERE x.s = '' AND t.n > 0"
		       " ORDER BY 2 DESC, 1 LIMIT :limit)", limit);
	if (!st) {
		buf_free(&sets);
		return -1;
	}
	rc = dbs_step(st);
	if (rc == SQLITE_ROW)
		buf_append(out, (const char *)dbs_column_text(st, 0),
			   (size_t)dbs_column_bytes(st, 0));
	db_done(st);	/* before the bound sets go */
	buf_free(&sets);
	return rc == SQLITE_ROW ? 1 : -1;
}

int set_networks_groups(const struct query *q, int actors, unsigned limit,
			struct buf *out)
{
	return actors ? group_actors(q, limit, out) :
	       group_countries(q, limit, out);
}

int set_networks_share(const struct query *q, double *share)
{
	sqlite3_int64 events;

	return choose_sets(q, NULL, NULL, share, &events);
}
