/* SPDX-License-Identifier: MIT */
/* A graph's parts gathered, then written (see graph.h). */
#include "graph.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "xalloc.h"

/* A node: an actor, its events, and its object once written. */
struct node {
	sqlite3_int64 pk, n;
	size_t id, id_len;		/* into ids */
	size_t at, len;			/* into the nodes' JSON */
	int found;
};

/* Grows *p (of *cap items of size sz) to hold one more than n. */
static void *room(void *p, size_t n, size_t *cap, size_t sz)
{
	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 64;
	return xrealloc(p, *cap * sz);
}

void graph_init(struct graph *g, sqlite3_int64 ego)
{
	memset(g, 0, sizeof(*g));
	g->ego = ego;
}

void graph_free(struct graph *g)
{
	free(g->edge);
	free(g->role);
	free(g->count);
	buf_free(&g->text);
	memset(g, 0, sizeof(*g));
}

void graph_add_edge(struct graph *g, sqlite3_int64 a, sqlite3_int64 b,
		    sqlite3_int64 n)
{
	g->edge = room(g->edge, g->nedges, &g->edge_cap, sizeof(*g->edge));
	g->edge[g->nedges++] = (struct graph_edge){ a, b, n };
}

/* Where name is kept in g's text (NUL-terminated). */
static size_t text_at(struct graph *g, const char *name)
{
	size_t at = g->text.len;

	if (!name)
		return GRAPH_NULL;
	buf_append(&g->text, name, strlen(name) + 1);
	return at;
}

void graph_add_role(struct graph *g, sqlite3_int64 a, sqlite3_int64 b,
		    const char *ra, const char *rb, sqlite3_int64 n)
{
	struct graph_role *r;

	g->role = room(g->role, g->nroles, &g->role_cap, sizeof(*g->role));
	r = &g->role[g->nroles++];
	r->a = a;
	r->b = b;
	r->n = n;
	r->ra = text_at(g, ra);
	r->rb = text_at(g, rb);
}

void graph_add_count(struct graph *g, sqlite3_int64 actor, sqlite3_int64 n)
{
	g->count = room(g->count, g->ncounts, &g->count_cap,
			sizeof(*g->count));
	g->count[g->ncounts++] = (struct graph_count){ actor, n };
}

int graph_read(struct graph *g, dbs *st)
{
	int rc;

	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		sqlite3_int64 a = dbs_column_int64(st, 1);
		sqlite3_int64 b = dbs_column_int64(st, 2);
		sqlite3_int64 n = dbs_column_int64(st, 3);

		switch (dbs_column_int(st, 0)) {
		case 1:
			graph_add_edge(g, a, b, n);
			break;
		case 2:
			graph_add_role(g, a, b,
				       (const char *)dbs_column_text(st, 4),
				       (const char *)dbs_column_text(st, 5),
				       n);
			break;
		default:
			graph_add_count(g, a, n);
		}
	}
	return rc;
}

/*
 * qsort(), which takes no NULL, of n items (none yet: a NULL array);
 * items already in order, as a statement's ORDER BY or GROUP BY leaves
 * them, are only compared once each.
 */
static void sort(void *base, size_t n, size_t size,
		 int (*cmp)(const void *, const void *))
{
	const char *p = base;
	size_t i;

	for (i = 1; i < n; i++) {
		if (cmp(p + (i - 1) * size, p + i * size) > 0) {
			qsort(base, n, size, cmp);
			return;
		}
	}
}

static int cmp_int(sqlite3_int64 x, sqlite3_int64 y)
{
	return (x > y) - (x < y);
}

/* Compares names at offsets into text; null first, as SQLite orders. */
static int cmp_name(const char *text, size_t x, size_t y)
{
	if (x == GRAPH_NULL || y == GRAPH_NULL)
		return (x != GRAPH_NULL) - (y != GRAPH_NULL);
	return strcmp(text + x, text + y);
}

static _Thread_local const char *sorting_text;

/* Roles by edge, then most events first, then by their names. */
static int role_order(const void *x, const void *y)
{
	const struct graph_role *p = x, *q = y;
	int c = cmp_int(p->a, q->a);

	if (!c)
		c = cmp_int(p->b, q->b);
	if (!c)
		c = cmp_int(q->n, p->n);
	if (!c)
		c = cmp_name(sorting_text, p->ra, q->ra);
	if (!c)
		c = cmp_name(sorting_text, p->rb, q->rb);
	return c;
}

/* Edges heaviest first, then by their actors. */
static int edge_order(const void *x, const void *y)
{
	const struct graph_edge *p = x, *q = y;
	int c = cmp_int(q->n, p->n);

	if (!c)
		c = cmp_int(p->a, q->a);
	return c ? c : cmp_int(p->b, q->b);
}

static int pk_order(const void *x, const void *y)
{
	return cmp_int(*(const sqlite3_int64 *)x, *(const sqlite3_int64 *)y);
}

static int count_order(const void *x, const void *y)
{
	return cmp_int(((const struct graph_count *)x)->actor,
		       ((const struct graph_count *)y)->actor);
}

/* Nodes most events first, then by id (BINARY, as SQLite orders). */
static _Thread_local const char *sorting_ids;

static int node_order(const void *x, const void *y)
{
	const struct node *p = *(struct node *const *)x;
	const struct node *q = *(struct node *const *)y;
	int c = cmp_int(q->n, p->n);
	size_t len = p->id_len < q->id_len ? p->id_len : q->id_len;

	if (c)
		return c;
	c = memcmp(sorting_ids + p->id, sorting_ids + q->id, len);
	return c ? c : cmp_int((sqlite3_int64)p->id_len,
			       (sqlite3_int64)q->id_len);
}

static struct node *node_of(struct node *nodes, size_t n, sqlite3_int64 pk)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (nodes[mid].pk < pk)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && nodes[lo].pk == pk && nodes[lo].found ?
	       &nodes[lo] : NULL;
}

/* The actors' pks of the edges and ego, each once, in order. */
static struct node *nodes_of(const struct graph *g, size_t *n)
{
	sqlite3_int64 *pk = xmalloc((2 * g->nedges + 1) * sizeof(*pk));
	struct node *nodes;
	size_t i, len = 0, k = 0;

	for (i = 0; i < g->nedges; i++) {
		pk[len++] = g->edge[i].a;
		pk[len++] = g->edge[i].b;
	}
	if (g->ego > 0)
		pk[len++] = g->ego;
	sort(pk, len, sizeof(*pk), pk_order);
	nodes = xcalloc(len ? len : 1, sizeof(*nodes));
	for (i = 0; i < len; i++) {
		if (!k || nodes[k - 1].pk != pk[i])
			nodes[k++].pk = pk[i];
	}
	free(pk);
	*n = k;
	return nodes;
}

/* A text column as a JSON string, or null. */
static void put_text(struct buf *out, dbs *st, int col)
{
	const char *text;

	if (dbs_column_type(st, col) == SQLITE_NULL) {
		buf_puts(out, "null");
		return;
	}
	/* The text first, then its length (SQLite's advice). */
	text = (const char *)dbs_column_text(st, col);
	buf_json_string(out, text, (size_t)dbs_column_bytes(st, col));
}

/*
 * Reads each node's actor and writes its object into json, its id into
 * ids; a node whose actor is gone stays not found.
 */
static int read_nodes(const struct graph *g, struct node *nodes, size_t n,
		      struct buf *json, struct buf *ids)
{
	dbs *st = db_stmt("SELECT id, name, kind, country"
				   " FROM actors WHERE pk = ?1");
	size_t i, c = 0;
	int rc = SQLITE_DONE;

	if (!st)
		return -1;
	for (i = 0; i < n && rc != SQLITE_ERROR; i++) {
		struct node *x = &nodes[i];

		/* Both in pk order: the counts are walked once. */
		while (c < g->ncounts && g->count[c].actor < x->pk)
			c++;
		x->n = c < g->ncounts && g->count[c].actor == x->pk ?
		       g->count[c].n : 0;
		dbs_bind_int64(st, 1, x->pk);
		rc = dbs_step(st);
		if (rc == SQLITE_ROW) {
			const unsigned char *id = dbs_column_text(st, 0);

			x->found = 1;
			x->id = ids->len;
			x->id_len = (size_t)dbs_column_bytes(st, 0);
			buf_append(ids, id, x->id_len);
			x->at = json->len;
			buf_puts(json, "{\"id\":");
			put_text(json, st, 0);
			buf_puts(json, ",\"name\":");
			put_text(json, st, 1);
			buf_puts(json, ",\"kind\":");
			put_text(json, st, 2);
			buf_puts(json, ",\"country\":");
			put_text(json, st, 3);
			buf_puts(json, ",\"event_count\":");
			buf_put_int(json, x->n);
			buf_putc(json, '}');
			x->len = json->len - x->at;
		} else if (rc != SQLITE_DONE) {
			rc = SQLITE_ERROR;
		}
		dbs_reset(st);
	}
	db_done(st);
	return rc == SQLITE_ERROR ? -1 : 0;
}

static void put_node_id(struct buf *out, const struct buf *ids,
			const struct node *x)
{
	buf_json_string(out, buf_str(ids) + x->id, x->id_len);
}

/* The edge's roles from *r on (roles in edge order): returns how many. */
static size_t roles_of(const struct graph *g, const struct graph_edge *e,
		       size_t *r)
{
	size_t lo = 0, hi = g->nroles, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct graph_role *m = &g->role[mid];

		if (m->a < e->a || (m->a == e->a && m->b < e->b))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < g->nroles && g->role[end].a == e->a &&
	     g->role[end].b == e->b; end++)
		;
	*r = lo;
	return end - lo;
}

static void put_role_name(struct buf *out, const struct graph *g, size_t at)
{
	if (at == GRAPH_NULL)
		buf_puts(out, "null");
	else
		buf_json_string(out, buf_str(&g->text) + at,
				strlen(buf_str(&g->text) + at));
}

static void write_edges(const struct graph *g, struct node *nodes,
			size_t nnodes, const struct buf *ids, struct buf *out)
{
	size_t i, written = 0;

	for (i = 0; i < g->nedges; i++) {
		const struct graph_edge *e = &g->edge[i];
		struct node *a = node_of(nodes, nnodes, e->a);
		struct node *b = node_of(nodes, nnodes, e->b);
		size_t r, k, nr = roles_of(g, e, &r);

		if (!a || !b || !nr)
			continue;
		if (written++)
			buf_putc(out, ',');
		buf_puts(out, "{\"source\":");
		put_node_id(out, ids, a);
		buf_puts(out, ",\"target\":");
		put_node_id(out, ids, b);
		buf_puts(out, ",\"weight\":");
		buf_put_int(out, e->n);
		buf_puts(out, ",\"roles\":[");
		for (k = r; k < r + nr; k++) {
			buf_puts(out, k > r ? ",{\"source_role\":" :
				 "{\"source_role\":");
			put_role_name(out, g, g->role[k].ra);
			buf_puts(out, ",\"target_role\":");
			put_role_name(out, g, g->role[k].rb);
			buf_puts(out, ",\"count\":");
			buf_put_int(out, g->role[k].n);
			buf_putc(out, '}');
		}
		buf_puts(out, "]}");
	}
}

int graph_write(struct graph *g, struct buf *out)
{
	struct buf json = BUF_INIT, ids = BUF_INIT;
	struct node *nodes, **order;
	size_t nnodes, i, k = 0;
	int rc;

	sorting_text = buf_str(&g->text);
	sort(g->role, g->nroles, sizeof(*g->role), role_order);
	sort(g->edge, g->nedges, sizeof(*g->edge), edge_order);
	sort(g->count, g->ncounts, sizeof(*g->count), count_order);
	nodes = nodes_of(g, &nnodes);
	rc = read_nodes(g, nodes, nnodes, &json, &ids);
	if (rc == 0) {
		order = xmalloc((nnodes ? nnodes : 1) * sizeof(*order));
		for (i = 0; i < nnodes; i++) {
			if (nodes[i].found)
				order[k++] = &nodes[i];
		}
		sorting_ids = buf_str(&ids);
		sort(order, k, sizeof(*order), node_order);
		buf_puts(out, "\"nodes\":[");
		for (i = 0; i < k; i++) {
			if (i)
				buf_putc(out, ',');
			buf_append(out, buf_str(&json) + order[i]->at,
				   order[i]->len);
		}
		buf_puts(out, "],\"edges\":[");
		write_edges(g, nodes, nnodes, &ids, out);
		buf_putc(out, ']');
		free(order);
	}
	free(nodes);
	buf_free(&json);
	buf_free(&ids);
	return rc;
}
