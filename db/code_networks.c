/* SPDX-License-Identifier: MIT */
/* The graph of CAMEO codes and quad classes (see code_networks.h). */
#include "code_networks.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "heaviest.h"
#include "xalloc.h"

/* A group's key as migration 68 writes it: "q1" or 2 to 4 digits. */
struct group {
	char key[8];
};

/*
 * The most groups a graph reads together: more are left to the copy. The
 * lists of ten roots (type=1) read together, 35% of the events at 1M,
 * reached the rows of every pair before the threshold fell (16 ms, 10
 * from the copy); the four quad classes took 6 ms.
 */
#define MAX_GROUPS 4

/* The chosen groups, bound as one JSON array. */
#define IN_GROUPS(n) "g IN (SELECT value FROM json_each(?" #n "))"

/* Whether group x's events are among y's, another: y is x's prefix. */
static int within(const struct group *x, const struct group *y)
{
	return x->key[0] != 'q' && y->key[0] != 'q' &&
	       strlen(y->key) < strlen(x->key) &&
	       strncmp(x->key, y->key, strlen(y->key)) == 0;
}

/* Adds key to gs[0..*k) unless there. */
static void add_group(struct group *gs, size_t *k, const char *key)
{
	size_t i;

	for (i = 0; i < *k && strcmp(gs[i].key, key) != 0; i++)
		;
	if (i == *k)
		snprintf(gs[(*k)++].key, sizeof(gs->key), "%s", key);
}

/*
 * The groups of the values of condition c (one, or a JSON array) into
 * *out, each once and none within another, *n of them. 1, or 0 when c is
 * no type= or quad_class= that the groups answer.
 */
static int groups_of(const struct condition *c, struct group **out,
		     size_t *n)
{
	int quad;
	json_t *list, *v;
	size_t i, j, k = 0;
	struct group *gs;

	if (!c->filter || (c->form != FORM_ONE && c->form != FORM_ANY))
		return 0;
	quad = strcmp(c->filter->param, "quad_class") == 0;
	if (!quad && strcmp(c->filter->param, "type") != 0)
		return 0;
	if (c->form == FORM_ONE) {
		list = json_array();
		json_array_append_new(list, quad ?
				      json_integer(c->binds[0].i) :
				      json_string(c->binds[0].text));
	} else if (!(list = json_loads(c->binds[0].text, 0, NULL))) {
		return 0;
	}
	gs = xcalloc(json_array_size(list) + 1, sizeof(*gs));
	json_array_foreach(list, i, v) {
		const char *s = json_string_value(v);
		char key[8];

		/* A prefix of one digit is ten roots: left to the copy. */
		if (!quad && (!s || strlen(s) < 2 || strlen(s) > 4))
			break;
		if (quad)
			snprintf(key, sizeof(key), "q%lld",
				 (long long)json_integer_value(v));
		else
			snprintf(key, sizeof(key), "%s", s);
		add_group(gs, &k, key);
	}
	if (i < json_array_size(list)) {
		json_decref(list);
		free(gs);
		return 0;
	}
	json_decref(list);
	/* A group within another goes: type=04,041 is 04's events once. */
	for (i = 0; i < k; i++) {
		for (j = 0; j < k && (j == i || !within(&gs[i], &gs[j])); j++)
			;
		if (j < k)
			gs[i--] = gs[--k];
	}
	if (k > MAX_GROUPS) {
		free(gs);
		return 0;
	}
	*out = gs;
	*n = k;
	return 1;
}

/* A group's pairs, heaviest first; the column k names its statement. */
#define GROUP_LIST "SELECT a, b, n, %zu FROM stats_actor_pair_groups" \
	" WHERE g = ?1 AND n > 0 ORDER BY n DESC, a, b"

/* The next row of list st into *head; 1, 0 at its end, -1. */
static int next_row(dbs *st, struct heavy *head)
{
	int rc = dbs_step(st);

	if (rc == SQLITE_ROW)
		*head = (struct heavy){ dbs_column_int64(st, 0),
					dbs_column_int64(st, 1),
					dbs_column_int64(st, 2) };
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Pair p's events in the groups into p->n, sought in each. 0, or -1. */
static int pair_sum(dbs *one, const struct group *gs, size_t n,
		    struct heavy *p)
{
	size_t i;
	int rc = SQLITE_DONE;

	p->n = 0;
	dbs_bind_int64(one, 2, p->a);
	dbs_bind_int64(one, 3, p->b);
	for (i = 0; i < n && rc == SQLITE_DONE; i++) {
		dbs_bind_text(one, 1, gs[i].key, -1, SQLITE_STATIC);
		if ((rc = dbs_step(one)) == SQLITE_ROW) {
			p->n += dbs_column_int64(one, 0);
			rc = SQLITE_DONE;
		}
		if (rc == SQLITE_DONE)	/* else its error stays */
			dbs_reset(one);
	}
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Several groups' heaviest edges, their lists read together, the
 * heaviest row next (the threshold algorithm): each pair read the first
 * time has its sum over the groups sought, until the last edge kept
 * weighs more than the rows next in every list together, which an
 * unread pair cannot pass. 1 when done, 0 when more than `most` rows
 * would be read or a key does not fit, -1 when a statement fails.
 */
static int merge_groups(const struct group *gs, size_t n,
			struct heavy_top *t, size_t most)
{
	dbs *list[MAX_GROUPS] = { NULL }, *one, *failed = NULL;
	struct heavy head[MAX_GROUPS];
	int live[MAX_GROUPS];
	struct heavy_sums seen = { 0 };
	size_t i, j, read = 0;
	int rc = 1;

	one = db_stmt("SELECT n FROM stats_actor_pair_groups"
		      " WHERE g = ?1 AND a = ?2 AND b = ?3");
	if (!one)
		return -1;
	for (i = 0; i < n && rc == 1; i++) {
		char sql[160];

		snprintf(sql, sizeof(sql), GROUP_LIST, i);
		if (!(list[i] = db_stmt(sql))) {
			rc = -1;
			break;
		}
		dbs_bind_text(list[i], 1, gs[i].key, -1, SQLITE_STATIC);
		if ((live[i] = next_row(list[i], &head[i])) < 0) {
			failed = list[i];
			rc = -1;
		}
	}
	while (rc == 1) {
		sqlite3_int64 over = 0;	/* the most an unread pair has */
		struct heavy p;

		for (i = 0, j = n; i < n; i++) {
			if (!live[i])
				continue;
			over += head[i].n;
			if (j == n || head[i].n > head[j].n)
				j = i;
		}
		if (j == n || (t->len == t->limit && t->e[0].n > over))
			break;
		if (read++ == most) {
			rc = 0;
			break;
		}
		p = head[j];
		if ((live[j] = next_row(list[j], &head[j])) < 0) {
			failed = list[j];
			rc = -1;
			break;
		}
		if (p.a <= 0 || p.b <= 0 || p.a > UINT32_MAX ||
		    p.b > UINT32_MAX) {
			rc = 0;
			break;
		}
		if (heavy_sums_add(&seen, (uint64_t)p.a << 32 |
				   (uint64_t)p.b, 1))
			continue;	/* summed already */
		if (pair_sum(one, gs, n, &p) != 0) {
			failed = one;
			rc = -1;
			break;
		}
		if (p.n > 0)
			heavy_offer(t, p);
	}
	heavy_sums_free(&seen);
	/* The statement that failed is reset last: its error (an interrupt
	 * at the query budget: 503) is the connection's. */
	for (i = 0; i < n; i++) {
		if (list[i] != failed)
			db_done(list[i]);
	}
	if (one != failed)
		db_done(one);
	db_done(failed);
	return rc;
}

/* The events of the groups, from the types' counts; -1 if it fails. */
static sqlite3_int64 groups_events(const struct group *gs, size_t n)
{
	dbs *code = db_stmt("SELECT ifnull(sum(event_count), 0)"
			    " FROM event_types WHERE code >= ?1 AND code < ?2");
	dbs *quad = code ? db_stmt("SELECT ifnull(sum(event_count), 0)"
				   " FROM event_types WHERE quad_class = ?1")
			 : NULL;
	sqlite3_int64 in = 0;
	size_t i;
	int rc = SQLITE_ROW;

	for (i = 0; quad && i < n && rc == SQLITE_ROW; i++) {
		dbs *st = gs[i].key[0] == 'q' ? quad : code;
		char high[8];

		if (st == quad) {
			dbs_bind_int64(st, 1, atoi(gs[i].key + 1));
		} else {
			/* [prefix, prefix with its last digit + 1) */
			snprintf(high, sizeof(high), "%s", gs[i].key);
			high[strlen(high) - 1]++;
			dbs_bind_text(st, 1, gs[i].key, -1, SQLITE_STATIC);
			dbs_bind_text(st, 2, high, -1, SQLITE_TRANSIENT);
		}
		if ((rc = dbs_step(st)) == SQLITE_ROW)
			in += dbs_column_int64(st, 0);
		dbs_reset(st);
	}
	db_done(quad);
	db_done(code);
	return quad && rc == SQLITE_ROW ? in : -1;
}

/*
 * Several groups' heaviest edges: their rows added up when they hold
 * fewer events than --selective-rows (few rows, read once: at 10k events
 * /network?quad_class=2,3 took 1.9 ms so, 2.6 ms merged), else merged from
 * their lists, or added up when that reads too many. 1, 0 when a key does
 * not fit, -1.
 */
static int groups_edges(const struct group *gs, size_t n, const char *json,
			struct heavy_top *t)
{
	size_t most = WALK_MOST(t->limit);
	sqlite3_int64 events = groups_events(gs, n);
	int done = 0;
	dbs *st;

	if (events < 0)
		return -1;
	if (events >= query_selective_rows() &&
	    (done = merge_groups(gs, n, t, most)) != 0)
		return done;
	t->len = 0;
	st = db_stmt("SELECT a, b, n FROM stats_actor_pair_groups"
		     " WHERE " IN_GROUPS(1) " AND n <> 0");
	if (st)
		dbs_bind_text(st, 1, json, -1, SQLITE_STATIC);
	return heavy_sum(st, t);
}

/*
 * The graph's rows (GRAPH_ROWS_SQL) of several groups' edges, bound as
 * JSON ?2 (heavy_json()), in the groups ?1: each edge's pairs of roles
 * and each node's events, their rows sought group by group and added up.
 */
static const char groups_graph[] =
	"WITH groups AS MATERIALIZED (SELECT value AS g FROM json_each(?1))"
	", edges AS MATERIALIZED (" HEAVY_ROWS("?2") ")"
	", roles AS (SELECT r.a, r.b, r.ra, r.rb, sum(r.n) AS n"
	" FROM edges e CROSS JOIN groups k"
	" CROSS JOIN stats_actor_pair_role_groups r"
	" ON r.g = k.g AND r.a = e.a AND r.b = e.b"
	" GROUP BY r.a, r.b, r.ra, r.rb HAVING sum(r.n) > 0)"
	", nodes AS (SELECT a AS actor FROM edges UNION SELECT b FROM edges)"
	", counts AS (SELECT c.actor, sum(c.n) AS n FROM nodes"
	" CROSS JOIN groups k CROSS JOIN stats_group_actors c"
	" ON c.g = k.g AND c.actor = nodes.actor GROUP BY c.actor)"
	GRAPH_ROWS_SQL;

/*
 * The same of one group ?1: its heaviest edges are the first rows of its
 * index (?2 the limit), their roles and its nodes' events read by key.
 */
static const char group_graph[] =
	"WITH edges AS MATERIALIZED (SELECT a, b, n"
	" FROM stats_actor_pair_groups WHERE g = ?1 AND n > 0"
	" ORDER BY n DESC, a, b LIMIT ?2)"
	", roles AS (SELECT r.a, r.b, r.ra, r.rb, r.n FROM edges e"
	" CROSS JOIN stats_actor_pair_role_groups r"
	" ON r.g = ?1 AND r.a = e.a AND r.b = e.b WHERE r.n > 0)"
	", nodes AS (SELECT a AS actor FROM edges UNION SELECT b FROM edges)"
	", counts AS (SELECT c.actor, c.n FROM nodes"
	" CROSS JOIN stats_group_actors c ON c.g = ?1"
	" AND c.actor = nodes.actor)"
	GRAPH_ROWS_SQL;

/* One group's graph into g. 1, or -1. */
static int one_group(const char *key, unsigned limit, struct graph *g)
{
	dbs *st = db_stmt(group_graph);
	int rc;

	if (!st)
		return -1;
	dbs_bind_text(st, 1, key, -1, SQLITE_STATIC);
	dbs_bind_int64(st, 2, limit);
	rc = graph_read(g, st);
	db_done(st);
	return rc == SQLITE_DONE ? 1 : -1;
}

int code_network(const struct query *q, unsigned limit, struct graph *g)
{
	struct group *gs;
	struct heavy_top t = { NULL, 0, limit };
	struct buf groups = BUF_INIT, edges = BUF_INIT;
	dbs *st;
	size_t n, i;
	int rc;

	if (q->nwhere != 1 || !groups_of(&q->where[0], &gs, &n))
		return 0;
	if (n == 1) {
		rc = one_group(gs[0].key, limit, g);
		free(gs);
		return rc;
	}
	buf_putc(&groups, '[');
	for (i = 0; i < n; i++) {
		if (i)
			buf_putc(&groups, ',');
		buf_json_string(&groups, gs[i].key, strlen(gs[i].key));
	}
	buf_putc(&groups, ']');
	t.e = xcalloc(limit ? limit : 1, sizeof(*t.e));
	rc = groups_edges(gs, n, buf_str(&groups), &t);
	if (rc > 0) {
		heavy_json(&t, &edges);
		st = db_stmt(groups_graph);
		if (st) {
			dbs_bind_text(st, 1, buf_str(&groups), -1,
				      SQLITE_STATIC);
			dbs_bind_text(st, 2, buf_str(&edges), -1,
				      SQLITE_STATIC);
			if (graph_read(g, st) != SQLITE_DONE)
				rc = -1;
			db_done(st);
		} else {
			rc = -1;
		}
	}
	free(t.e);
	free(gs);
	buf_free(&groups);
	buf_free(&edges);
	return rc;
}
