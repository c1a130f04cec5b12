/* SPDX-License-Identifier: MIT */
/* The actor graph scanned from the events' columns (columns_network.h). */
#include "columns_network.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "columns_tests.h"
#include "db.h"
#include "per_thread.h"
#include "xalloc.h"

/* Counts by a key that is never 0 (open addressing, at most half full). */
struct counter {
	uint64_t *key;
	uint32_t *n;
	size_t cap, len;
};

/* The count of key (added at 0 when new). */
static uint32_t *count_of(struct counter *c, uint64_t key)
{
	size_t i;

	if (2 * (c->len + 1) > c->cap) {
		struct counter d = { xcalloc(c->cap ? 2 * c->cap : 1024, 8),
				     xcalloc(c->cap ? 2 * c->cap : 1024, 4),
				     c->cap ? 2 * c->cap : 1024, c->len };

		for (i = 0; i < c->cap; i++) {
			size_t at;

			if (!c->key[i])
				continue;
			at = columns_home(c->key[i], d.cap);
			while (d.key[at])
				at = (at + 1) & (d.cap - 1);
			d.key[at] = c->key[i];
			d.n[at] = c->n[i];
		}
		free(c->key);
		free(c->n);
		*c = d;
	}
	i = columns_home(key, c->cap);
	while (c->key[i] && c->key[i] != key)
		i = (i + 1) & (c->cap - 1);
	if (!c->key[i]) {
		c->key[i] = key;
		c->len++;
	}
	return &c->n[i];
}

/* The count of key, or NULL when it has none. */
static const uint32_t *counted(const struct counter *c, uint64_t key)
{
	size_t i;

	if (!c->cap)
		return NULL;
	i = columns_home(key, c->cap);
	while (c->key[i] && c->key[i] != key)
		i = (i + 1) & (c->cap - 1);
	return c->key[i] ? &c->n[i] : NULL;
}

static void counter_free(struct counter *c)
{
	free(c->key);
	free(c->n);
}

struct edge {
	uint32_t a, b, n;
	int ego;
};

/* The events path's order: edges of ego first, then most events, then
 * by a and b. */
static int edge_order(const void *x, const void *y)
{
	const struct edge *p = x, *q = y;

	if (p->ego != q->ego)
		return q->ego - p->ego;
	if (p->n != q->n)
		return p->n < q->n ? 1 : -1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

/*
 * Each pair of participants j, k of event e, k's actor above j's: the
 * pairs the events path joins (p2.actor > p1.actor).
 */
#define EACH_PAIR(c, e, j, k) \
	for (j = (c)->actors.at[e]; j < (c)->actors.at[(e) + 1]; j++) \
		for (k = (c)->actors.at[e]; k < (c)->actors.at[(e) + 1]; k++) \
			if ((c)->actors.value[k] > (c)->actors.value[j])

/*
 * The kept edges of all[0..len) (every edge counted, reordered): the
 * ego's first, `limit` of them.
 */
static struct edge *kept_edges(struct edge *all, size_t len, unsigned limit,
			       sqlite3_int64 ego, size_t *n)
{
	size_t i;

	for (i = 0; i < len; i++)
		all[i].ego = ego > 0 && (all[i].a == ego || all[i].b == ego);
	/* Only the edges with at least the limit-th's events (ego's all)
	 * can be kept: those are sorted, not every pair. */
	if (len > limit && limit > 0) {
		sqlite3_int64 *w = xmalloc(len * sizeof(*w)), least;
		size_t kept = 0;

		for (i = 0; i < len; i++)
			w[i] = all[i].ego ? INT64_MAX : all[i].n;
		least = columns_kth_largest(w, len, limit);
		free(w);
		for (i = 0; i < len; i++) {
			if (all[i].ego || all[i].n >= least)
				all[kept++] = all[i];
		}
		len = kept;
	}
	qsort(all, len, sizeof(*all), edge_order);
	*n = len < limit ? len : limit;
	return all;
}

/*
 * Into g: the edges kept, their roles (counted by key (edge, ra, rb))
 * and the events of the nodes that have any.
 */
static void into_graph(struct graph *g, const struct columns *c,
		       const struct edge *edges, size_t n,
		       const struct counter *roles,
		       const struct counter *nodes)
{
	size_t i;

	for (i = 0; i < n; i++)
		graph_add_edge(g, edges[i].a, edges[i].b, edges[i].n);
	for (i = 0; i < roles->cap; i++) {
		const struct edge *e;

		if (!roles->key[i])
			continue;
		e = &edges[roles->key[i] >> 32];
		graph_add_role(g, e->a, e->b,
			       c->text[(uint16_t)(roles->key[i] >> 16)],
			       c->text[(uint16_t)roles->key[i]], roles->n[i]);
	}
	for (i = 0; i < nodes->cap; i++) {
		if (nodes->key[i] && nodes->n[i])
			graph_add_count(g, (sqlite3_int64)nodes->key[i],
					nodes->n[i]);
	}
}

/*
 * Arrays over the actors' pks that a graph counts in, kept by each
 * thread from one graph to the next and zero between them: a graph sets
 * back only the entries it touched. Made afresh for each graph, they
 * were zeroed (and their pages faulted in) for every actor of the
 * database, 217,000 at 1M events: about 2 ms a graph however few its
 * events.
 */
struct scratch {
	uint32_t *events;	/* each actor's events */
	uint32_t *group;	/* 1 + its group's number when a first actor */
	uint64_t *seen;		/* (group + 1) << 32 | edge, in counted_edges */
	size_t cap;
};

static void scratch_free(void *p)
{
	struct scratch *s = p;

	free(s->events);
	free(s->group);
	free(s->seen);
	free(s);
}

static struct per_thread scratches = PER_THREAD(struct scratch, scratch_free);

/* This thread's arrays, for actors' pks up to top. */
static struct scratch *thread_scratch(uint32_t top)
{
	struct scratch *s = per_thread_get(&scratches);

	if (s->cap < (size_t)top + 1) {
		free(s->events);
		free(s->group);
		free(s->seen);
		s->cap = (size_t)top + 1;
		s->events = xcalloc(s->cap, sizeof(*s->events));
		s->group = xcalloc(s->cap, sizeof(*s->group));
		s->seen = xcalloc(s->cap, sizeof(*s->seen));
	}
	return s;
}

/* A list of numbers that grows. */
struct numbers {
	uint32_t *v;
	size_t n, cap;
};

static void numbers_add(struct numbers *l, uint32_t x)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = x;
}

/*
 * Adds 1 to the events of each distinct actor of event e; an actor
 * counted for the first time joins touched.
 */
static void count_actors(const struct columns *c, size_t e, uint32_t *events,
			 struct numbers *touched)
{
	uint32_t j, k;

	for (j = c->actors.at[e]; j < c->actors.at[e + 1]; j++) {
		uint32_t v = c->actors.value[j];

		for (k = c->actors.at[e]; k < j; k++) {
			if (c->actors.value[k] == v)
				break;
		}
		if (k == j && !events[v]++)
			numbers_add(touched, v);
	}
}

/* A pair of one event's actors a < b in their roles, among a's pairs. */
struct pair {
	uint32_t b;
	uint16_t ra, rb;	/* their roles' text numbers */
	uint32_t first;		/* 1 on the event's first pair of a and b */
};

/*
 * The hits' pairs, grouped by their first actor: group g holds the
 * pairs of actor first.v[g], pair[start[g]..start[g + 1]), and is
 * numbered g + 1 in the thread's group[] by that actor.
 */
struct pairs {
	struct numbers first;
	uint32_t *start;
	struct pair *pair;
	size_t n;
};

/*
 * Whether key's pair, in roles ra rb (roles), is new among the event's
 * pairs so far (seen[0..*nseen), two words each); it then joins them.
 * *first: whether no pair of the same actors came before.
 */
static int new_in_event(uint64_t key, uint64_t roles, uint64_t *seen,
			size_t *nseen, uint32_t *first)
{
	size_t i;

	*first = 1;
	for (i = 0; i < *nseen; i += 2) {
		if (seen[i] != key)
			continue;
		*first = 0;
		if (seen[i + 1] == roles)
			return 0;
	}
	seen[(*nseen)++] = key;
	seen[(*nseen)++] = roles;
	return 1;
}

/*
 * The pairs of the hits' actors, each pair in each two roles once per
 * event, grouped by their first actor (a counting sort over the groups
 * met), so that their edges and their roles are counted with arrays
 * over the actors' pks and not a hash of pairs (a cache miss per pair);
 * also the events of each actor into s->events, the actors counted into
 * touched. One pass over the hits: the roles of the edges kept are read
 * from the groups of their first actors.
 */
static void group_pairs(const struct columns *c, const uint32_t *hits,
			size_t nhits, struct scratch *s,
			struct numbers *touched, struct pairs *out)
{
	size_t n = 0, cap = nhits + 64;
	struct { uint32_t g; struct pair p; } *all;
	struct numbers count = { 0 };
	uint32_t *at, j, k;
	uint64_t *seen;
	size_t x, i, nseen, g;

	memset(out, 0, sizeof(*out));
	all = xmalloc(cap * sizeof(*all));
	seen = xmalloc((2 * c->actors.most * c->actors.most + 2) *
		       sizeof(*seen));
	for (x = 0; x < nhits; x++) {
		COLUMNS_LIST_AHEAD(&c->actors, c->role, hits, nhits, x);
		nseen = 0;
		EACH_PAIR(c, hits[x], j, k) {
			uint32_t va = c->actors.value[j], first;

			if (!new_in_event((uint64_t)va << 32 |
					  c->actors.value[k],
					  (uint64_t)c->role[j] << 16 |
					  c->role[k], seen, &nseen, &first))
				continue;
			if (!s->group[va]) {
				numbers_add(&out->first, va);
				numbers_add(&count, 0);
				s->group[va] = (uint32_t)out->first.n;
			}
			if (n == cap) {
				cap *= 2;
				all = xrealloc(all, cap * sizeof(*all));
			}
			all[n].g = s->group[va] - 1;
			all[n].p.b = c->actors.value[k];
			all[n].p.ra = c->role[j];
			all[n].p.rb = c->role[k];
			all[n++].p.first = first;
			count.v[all[n - 1].g]++;
		}
		count_actors(c, hits[x], s->events, touched);
	}
	free(seen);
	out->start = xmalloc((out->first.n + 1) * sizeof(*out->start));
	out->start[0] = 0;
	for (g = 0; g < out->first.n; g++)
		out->start[g + 1] = out->start[g] + count.v[g];
	free(count.v);
	at = xmalloc((out->first.n ? out->first.n : 1) * sizeof(*at));
	memcpy(at, out->start, out->first.n * sizeof(*at));
	out->pair = xmalloc((n ? n : 1) * sizeof(*out->pair));
	for (i = 0; i < n; i++)
		out->pair[at[all[i].g]++] = all[i].p;
	free(at);
	free(all);
	out->n = n;
}

/* Sets the thread's group[] of p's first actors back to 0; frees p. */
static void pairs_free(struct pairs *p, struct scratch *s)
{
	size_t g;

	for (g = 0; g < p->first.n; g++)
		s->group[p->first.v[g]] = 0;
	free(p->first.v);
	free(p->start);
	free(p->pair);
}

/*
 * Every edge of the pairs with its events, into *n: each group's second
 * actors counted in place, marked in s->seen by the group they were
 * last seen in (set back to 0 after).
 */
static struct edge *counted_edges(const struct pairs *p, struct scratch *s,
				  size_t *n)
{
	struct edge *edges = xmalloc((p->n ? p->n : 1) * sizeof(*edges));
	size_t g, i, len = 0;

	for (g = 0; g < p->first.n; g++) {
		uint64_t mark = (uint64_t)(g + 1) << 32;

		for (i = p->start[g]; i < p->start[g + 1]; i++) {
			uint32_t b = p->pair[i].b;

			if (!p->pair[i].first)
				continue;
			if ((s->seen[b] & ~(uint64_t)UINT32_MAX) == mark) {
				edges[(uint32_t)s->seen[b]].n++;
				continue;
			}
			s->seen[b] = mark | len;
			edges[len].a = p->first.v[g];
			edges[len].b = b;
			edges[len++].n = 1;
		}
	}
	for (i = 0; i < p->n; i++)
		s->seen[p->pair[i].b] = 0;
	*n = len;
	return edges;
}

/*
 * The roles of the edges kept (kept: each one's place), counted into
 * roles keyed (place, ra, rb) from the groups of their first actors.
 */
static void count_roles(const struct pairs *p, const struct scratch *s,
			const struct edge *edges, size_t nkept,
			const struct counter *kept, struct counter *roles)
{
	uint32_t *firsts = xmalloc((nkept ? nkept : 1) * sizeof(*firsts));
	size_t i, f;

	for (i = 0; i < nkept; i++)
		firsts[i] = edges[i].a;
	qsort(firsts, nkept, sizeof(*firsts), columns_ascending);
	for (f = 0; f < nkept; f++) {
		uint32_t a = firsts[f], g = s->group[a] - 1;

		/* (Kept edges less failing ones: a may have none.) */
		if ((f && firsts[f - 1] == a) || !s->group[a])
			continue;
		for (i = p->start[g]; i < p->start[g + 1]; i++) {
			const struct pair *x = &p->pair[i];
			const uint32_t *place = counted(kept,
				(uint64_t)a << 32 | x->b);

			if (place)
				(*count_of(roles, (uint64_t)*place << 32 |
					   (uint64_t)x->ra << 16 | x->rb))++;
		}
	}
	free(firsts);
}

/*
 * Each edge of edges[0..n) by its actors (a << 32 | b) into c: its
 * place in edges (places), or its events.
 */
static void by_actors(struct counter *c, const struct edge *edges, size_t n,
		      int places)
{
	size_t i;

	for (i = 0; i < n; i++)
		*count_of(c, (uint64_t)edges[i].a << 32 | edges[i].b) =
			places ? (uint32_t)i : edges[i].n;
}

/* Sets the thread's arrays back to 0 after a graph of pairs; frees
 * touched and pairs. */
static void scratch_done(struct scratch *s, struct numbers *touched,
			 struct pairs *pairs)
{
	size_t i;

	for (i = 0; i < touched->n; i++)
		s->events[touched->v[i]] = 0;
	free(touched->v);
	pairs_free(pairs, s);
}

/*
 * The graph of the events hits[0..nhits) (freed) of c into g: the
 * `limit` heaviest edges (those of ego first), their roles, and the
 * events of the actors they link and of ego.
 */
static void graph_of(const struct columns *c, uint32_t *hits, size_t nhits,
		     unsigned limit, sqlite3_int64 ego, struct graph *g)
{
	struct counter kept = { 0 }, roles = { 0 }, nodes = { 0 };
	struct numbers touched = { 0 };
	struct scratch *s = thread_scratch(c->actors.top);
	struct pairs pairs;
	struct edge *edges;
	size_t i, nkept, nedges;

	group_pairs(c, hits, nhits, s, &touched, &pairs);
	free(hits);
	edges = counted_edges(&pairs, s, &nedges);
	edges = kept_edges(edges, nedges, limit, ego, &nkept);
	by_actors(&kept, edges, nkept, 1);
	for (i = 0; i < nkept; i++) {
		*count_of(&nodes, edges[i].a) = 0;
		*count_of(&nodes, edges[i].b) = 0;
	}
	if (ego > 0 && ego < UINT32_MAX)
		*count_of(&nodes, (uint64_t)ego) = 0;
	for (i = 0; i < nodes.cap; i++) {
		if (nodes.key[i] && nodes.key[i] <= c->actors.top)
			nodes.n[i] = s->events[nodes.key[i]];
	}
	count_roles(&pairs, s, edges, nkept, &kept, &roles);
	scratch_done(s, &touched, &pairs);
	into_graph(g, c, edges, nkept, &roles, &nodes);
	free(edges);
	counter_free(&kept);
	counter_free(&roles);
	counter_free(&nodes);
}

int columns_network(const struct query *q, unsigned limit,
		    sqlite3_int64 ego, struct graph *g)
{
	const struct columns *c = columns_recent();
	struct tests ts;
	uint32_t *hits;
	size_t nhits;

	if (!c)
		return 0;
	if (!columns_tests_of(c, q, &ts)) {
		columns_release(c);
		return 0;
	}
	hits = columns_matching(&ts, &nhits);
	columns_tests_free(&ts);
	graph_of(c, hits, nhits, limit, ego, g);
	columns_answered_from(c);
	columns_release(c);
	return 1;
}

/*
 * The heaviest edges of the country's kept network (st: its pairs, most
 * events first, on its first row) less the events of the failing ones
 * (less: events by a << 32 | b), at most limit, into *n: read until an
 * edge kept has fewer events than the limit-th edge so far, less or not.
 * Returns SQLite's last code.
 */
static int heaviest_less(dbs *st, int rc, const struct counter *less,
			 unsigned limit, struct edge **out, size_t *n)
{
	struct columns_least h = { xmalloc(limit * sizeof(uint32_t)), 0, limit };
	struct edge *e = NULL;
	size_t len = 0, cap = 0;

	for (; rc == SQLITE_ROW; rc = dbs_step(st)) {
		sqlite3_int64 a = dbs_column_int64(st, 0);
		sqlite3_int64 b = dbs_column_int64(st, 1);
		sqlite3_int64 kept = dbs_column_int64(st, 2);
		const uint32_t *failing;
		sqlite3_int64 left;

		if (h.n == h.cap && kept < h.heap[0])
			break;
		failing = a > 0 && b > 0 && a < UINT32_MAX && b < UINT32_MAX ?
			  counted(less, (uint64_t)a << 32 | (uint64_t)b) :
			  NULL;
		left = kept - (failing ? *failing : 0);
		if (left <= 0 || left > UINT32_MAX)
			continue;
		if (len == cap) {
			cap = cap ? 2 * cap : 256;
			e = xrealloc(e, cap * sizeof(*e));
		}
		e[len].a = (uint32_t)a;
		e[len].b = (uint32_t)b;
		e[len].n = (uint32_t)left;
		e[len++].ego = 0;
		columns_least_push(&h, (uint32_t)left);
	}
	free(h.heap);
	if (len > 1)
		qsort(e, len, sizeof(*e), edge_order);
	*out = e;
	*n = len < limit ? len : limit;
	return rc;
}

/*
 * Adds to g the kept edges, their roles (the country cc's pairs in each
 * two roles kept, or every event's when cc is NULL) less those of the
 * failing events (roles), and their actors' events, kept less failing
 * (s->events). Returns SQLite's last code.
 */
static int roles_and_nodes_less(struct graph *g, const struct columns *c,
				const char *cc, const struct edge *edges,
				size_t n, const struct counter *roles,
				const struct scratch *s)
{
	/* The kept rows' statements: of cc (?1) then the edge's actors or
	 * the actor; without cc, the same from ?1. */
	dbs *rst = db_stmt(cc ? "SELECT ra, rb, n FROM"
			   " stats_country_actor_pair_roles WHERE cc = ?1"
			   " AND a = ?2 AND b = ?3 AND n > 0" :
			   "SELECT ra, rb, n FROM stats_actor_pair_roles"
			   " WHERE a = ?1 AND b = ?2 AND n > 0");
	dbs *nst = db_stmt(cc ? "SELECT n FROM stats_country_actors"
			   " WHERE cc = ?1 AND actor = ?2" :
			   "SELECT n FROM stats_actor_totals WHERE actor = ?1");
	struct counter nodes = { 0 };
	size_t i, r;
	int rc = rst && nst ? SQLITE_DONE : SQLITE_ERROR, at = cc ? 2 : 1;

	if (rst && cc)
		dbs_bind_text(rst, 1, cc, -1, SQLITE_STATIC);
	if (nst && cc)
		dbs_bind_text(nst, 1, cc, -1, SQLITE_STATIC);
	for (i = 0; i < n && rc == SQLITE_DONE; i++) {
		graph_add_edge(g, edges[i].a, edges[i].b, edges[i].n);
		*count_of(&nodes, edges[i].a) = 1;
		*count_of(&nodes, edges[i].b) = 1;
		dbs_bind_int64(rst, at, edges[i].a);
		dbs_bind_int64(rst, at + 1, edges[i].b);
		while ((rc = dbs_step(rst)) == SQLITE_ROW) {
			const char *ra = (const char *)dbs_column_text(rst, 0);
			const char *rb = (const char *)dbs_column_text(rst, 1);
			sqlite3_int64 left = dbs_column_int64(rst, 2);
			/* The roles' numbers in the copy (0: none has them). */
			uint64_t na = ra ? columns_text(c, ra) : 0;
			uint64_t nb = rb ? columns_text(c, rb) : 0;
			const uint32_t *failing = na && nb ?
				counted(roles, (uint64_t)i << 32 | na << 16 | nb) :
				NULL;

			left -= failing ? *failing : 0;
			if (left > 0)
				graph_add_role(g, edges[i].a, edges[i].b, ra, rb,
					       left);
		}
		dbs_reset(rst);
	}
	for (r = 0; r < nodes.cap && rc == SQLITE_DONE; r++) {
		uint64_t actor = nodes.key[r];

		if (!actor)
			continue;
		dbs_bind_int64(nst, at, (sqlite3_int64)actor);
		rc = dbs_step(nst);
		if (rc == SQLITE_ROW) {
			sqlite3_int64 left = dbs_column_int64(nst, 0) -
				(actor <= c->actors.top ? s->events[actor] : 0);

			graph_add_count(g, (sqlite3_int64)actor, left);
			rc = SQLITE_DONE;
		}
		dbs_reset(nst);
	}
	db_done(rst);
	db_done(nst);
	counter_free(&nodes);
	return rc;
}

/*
 * The country's kept graph (st: its pairs, on its first row), or every
 * event's when cc is NULL, less that of its events failing[0..n)
 * (freed), into g. Returns SQLite's last code.
 */
static int kept_less(dbs *st, int rc, const struct columns *c,
		     const char *cc, uint32_t *failing, size_t n,
		     unsigned limit, struct graph *g)
{
	struct counter less = { 0 }, kept = { 0 }, roles = { 0 };
	struct numbers touched = { 0 };
	struct scratch *s = thread_scratch(c->actors.top);
	struct pairs pairs;
	struct edge *edges;
	size_t nedges, nkept;

	group_pairs(c, failing, n, s, &touched, &pairs);
	free(failing);
	edges = counted_edges(&pairs, s, &nedges);
	by_actors(&less, edges, nedges, 0);
	free(edges);
	rc = heaviest_less(st, rc, &less, limit, &edges, &nkept);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		by_actors(&kept, edges, nkept, 1);
		count_roles(&pairs, s, edges, nkept, &kept, &roles);
		rc = roles_and_nodes_less(g, c, cc, edges, nkept, &roles, s);
	}
	scratch_done(s, &touched, &pairs);
	free(edges);
	counter_free(&less);
	counter_free(&kept);
	counter_free(&roles);
	return rc;
}

int columns_network_less(const struct query *q, size_t k, unsigned limit,
			 struct graph *g)
{
	const char *cc = k < q->nwhere ? q->where[k].binds[0].text : NULL;
	dbs *st = db_stmt(cc ? "SELECT a, b, n FROM stats_country_actor_pairs"
			  " WHERE cc = ?1 AND n > 0 ORDER BY n DESC, a, b" :
			  "SELECT a, b, n FROM stats_actor_pairs WHERE n > 0"
			  " ORDER BY n DESC, a, b");
	const struct columns *c;
	uint32_t *in, *pass;
	size_t n, npass, nfailing;
	int rc;

	if (!st || limit == 0 || (!cc && !columns_most_may_pass(q))) {
		db_done(st);
		return st ? 0 : -1;
	}
	if (cc)
		dbs_bind_text(st, 1, cc, -1, SQLITE_STATIC);
	/* The read transaction begun, the copy must be of its data. */
	rc = dbs_step(st);
	c = rc == SQLITE_ROW || rc == SQLITE_DONE ? columns_snapshot() : NULL;
	/* None when another condition drives through fewer events:
	 * columns_network() starts from it. */
	in = cc ? columns_one_value_passing(c, q, k, &n, &pass, &npass) : NULL;
	if (!in && (cc || !columns_all_passing(c, q, &pass, &npass))) {
		columns_release(c);
		db_done(st);
		return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
	}
	if (!cc)
		n = c->n;
	if (npass < n - n / 4) {
		/* More than a quarter fail: the graph of those that pass. */
		free(in);
		db_done(st);
		graph_of(c, pass, npass, limit, 0, g);
	} else {
		in = columns_failing_of(in, n, pass, npass, &nfailing);
		free(pass);
		rc = kept_less(st, rc, c, cc, in, nfailing, limit, g);
		db_done(st);
	}
	columns_release(c);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	columns_answered();
	return 1;
}
