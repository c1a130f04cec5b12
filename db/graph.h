/* SPDX-License-Identifier: MIT */
/*
 * A co-participation graph's parts (network.h), gathered from wherever
 * they were counted (a statement's rows, or the copy of the events'
 * columns) and written as the answer's "nodes" and "edges" in C: the
 * actors' names are read by key, once a node, and nothing is rendered
 * twice (SQLite's JSON functions and sorts took three quarters of a
 * graph of 1,000 edges; bench/README.md, "Graphs written in C").
 */
#ifndef DOSSIER_GRAPH_H
#define DOSSIER_GRAPH_H

#include "dbs.h"
#include <stddef.h>

#include "buf.h"

struct graph_edge {
	sqlite3_int64 a, b, n;		/* actors' pks, a < b; events */
};

struct graph_role {
	sqlite3_int64 a, b, n;		/* the edge; its events in these roles */
	size_t ra, rb;			/* offsets into text, or GRAPH_NULL */
};

struct graph_count {
	sqlite3_int64 actor, n;		/* an actor's matching events */
};

#define GRAPH_NULL ((size_t)-1)

struct graph {
	struct graph_edge *edge;
	struct graph_role *role;
	struct graph_count *count;
	size_t nedges, nroles, ncounts;
	size_t edge_cap, role_cap, count_cap;
	struct buf text;		/* the roles' names */
	sqlite3_int64 ego;		/* a node even without edges; 0 none */
};

void graph_init(struct graph *g, sqlite3_int64 ego);
void graph_free(struct graph *g);

void graph_add_edge(struct graph *g, sqlite3_int64 a, sqlite3_int64 b,
		    sqlite3_int64 n);
/* A pair of roles of edge (a, b) (NULL names are written null). */
void graph_add_role(struct graph *g, sqlite3_int64 a, sqlite3_int64 b,
		    const char *ra, const char *rb, sqlite3_int64 n);
void graph_add_count(struct graph *g, sqlite3_int64 actor, sqlite3_int64 n);

/*
 * The columns of a statement's rows that GRAPH_ROWS_SQL selects from the
 * CTEs edges (a, b, n), roles (a, b, ra, rb, n) and counts (actor, n).
 */
#define GRAPH_ROWS_SQL " SELECT 1, a, b, n, NULL, NULL FROM edges" \
	" UNION ALL SELECT 2, a, b, n, ra, rb FROM roles" \
	" UNION ALL SELECT 3, actor, NULL, n, NULL, NULL FROM counts"

/* Adds st's rows (GRAPH_ROWS_SQL). Returns SQLite's last code. */
int graph_read(struct graph *g, dbs *st);

/*
 * Appends "nodes":[...],"edges":[...]. The nodes are the actors of the
 * edges and ego, most events first, then by id; the edges the heaviest
 * first, then by their actors' pks, each with its roles (most events
 * first, then by name); an edge without roles, or whose actor is gone,
 * is left out. Returns 0, or -1 when an actor cannot be read.
 */
int graph_write(struct graph *g, struct buf *out);

#endif
