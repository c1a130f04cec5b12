/* SPDX-License-Identifier: MIT */
/* The co-participation graph (see network.h). */
#include "network.h"

#include <stdio.h>
#include <string.h>

#include "aggregate.h"
#include "code_networks.h"
#include "columns_network.h"
#include "columns_tests.h"
#include "db.h"
#include "graph.h"
#include "set_networks.h"

/*
 * After the matching events (ev): each pair of actors in one event once
 * (the lower pk first), the heaviest pairs, the roles each pair had, and
 * the actors of those pairs with their number of matching events. An
 * ego's own edges come first.
 */
static const char events_graph[] =
	", pairs AS MATERIALIZED (SELECT p1.actor AS a, p2.actor AS b,"
	" p1.role AS ra, p2.role AS rb, p1.event AS event FROM ev"
	" JOIN participants p1 ON p1.event = ev.pk"
	" JOIN participants p2 ON p2.event = p1.event AND p2.actor > p1.actor)"
	", edges AS MATERIALIZED (SELECT a, b, count(DISTINCT event) AS n"
	" FROM pairs GROUP BY a, b ORDER BY a = ? OR b = ? DESC, n DESC, a, b"
	" LIMIT ?)"
	", roles AS (SELECT p.a, p.b, p.ra, p.rb, count(DISTINCT p.event)"
	" AS n FROM pairs p JOIN edges USING (a, b)"
	" GROUP BY p.a, p.b, p.ra, p.rb)"
	", nodes AS (SELECT a AS actor FROM edges UNION SELECT b FROM edges"
	" UNION SELECT pk FROM actors WHERE pk = ?)"
	/* From the events (CROSS JOIN: in this order), never from all of a
	 * common actor's. */
	", counts AS (SELECT p.actor, count(DISTINCT p.event) AS n FROM ev"
	" CROSS JOIN participants p ON p.event = ev.pk"
	" WHERE p.actor IN (SELECT actor FROM nodes) GROUP BY p.actor)";

/* The roles of the edges, from a table of kept pairs of roles r. */
#define KEPT_ROLES(table, test) ", roles AS (SELECT r.a, r.b, r.ra," \
	" r.rb, r.n FROM " table " r JOIN edges USING (a, b)" \
	" WHERE " test "r.n > 0)"

/*
 * The same of every event, from the network kept (migration 18) and each
 * actor's totals (migration 16): the heaviest edges are the first rows of
 * an index.
 */
static const char kept_graph[] =
	"WITH edges AS MATERIALIZED (SELECT a, b, n FROM stats_actor_pairs"
	" WHERE n > 0 ORDER BY n DESC, a, b LIMIT ?)"
	KEPT_ROLES("stats_actor_pair_roles", "")
	", nodes AS (SELECT a AS actor FROM edges UNION SELECT b FROM edges)"
	", counts AS (SELECT actor, n FROM stats_actor_totals"
	" WHERE actor IN (SELECT actor FROM nodes))";

/*
 * The same of one country's events, from its network kept (migration 27)
 * and its actors' counts (migration 23); ?1 the country, ?2 the limit.
 */
static const char country_graph[] =
	"WITH edges AS MATERIALIZED (SELECT a, b, n"
	" FROM stats_country_actor_pairs WHERE cc = ?1 AND n > 0"
	" ORDER BY n DESC, a, b LIMIT ?2)"
	KEPT_ROLES("stats_country_actor_pair_roles", "r.cc = ?1 AND ")
	", nodes AS (SELECT a AS actor FROM edges UNION SELECT b FROM edges)"
	", counts AS (SELECT actor, n FROM stats_country_actors"
	" WHERE cc = ?1 AND actor IN (SELECT actor FROM nodes))";

/*
 * The same of whole months, from the network of each month cell
 * (migration 22) and the actors' cells (migration 16), or with CAMEO
 * codes or quad classes, of each month and code (migration 30); %s is
 * the cells' test of cells x, each time with its values bound again: the
 * sums of the cells, and the roles of the cells that are edges.
 */
static const char months_edges[] =
	"WITH edges AS MATERIALIZED (SELECT x.a, x.b, sum(x.n) AS n"
	" FROM %s x WHERE %s GROUP BY x.a, x.b"
	" HAVING sum(x.n) > 0 ORDER BY n DESC, x.a, x.b LIMIT ?)";
static const char months_graph[] =
	", roles AS (SELECT x.a, x.b, x.ra, x.rb, sum(x.n) AS n"
	" FROM %s x JOIN edges USING (a, b) WHERE %s"
	" GROUP BY x.a, x.b, x.ra, x.rb"
	" HAVING sum(x.n) > 0)"
	", nodes AS (SELECT a AS actor FROM edges UNION SELECT b FROM edges)"
	", counts AS (SELECT x.actor, sum(x.n) AS n FROM stats_actor_months x"
	" WHERE x.actor IN (SELECT actor FROM nodes) AND %s GROUP BY x.actor)";

/*
 * The same of one whole month, ?1 (no other condition): its edges are
 * its cells read heaviest first (migration 29), their roles are read
 * edge by edge by key, one row each (a month's cell of a pair in two
 * roles is one row: nothing to add up), and the tests of the months'
 * range, which the month implies, are left out. ?2 the limit.
 */
static const char month_graph[] =
	"WITH edges AS MATERIALIZED (SELECT x.a, x.b, x.n"
	" FROM stats_actor_pair_months x WHERE x.m = ?1 AND x.n > 0"
	" ORDER BY x.n DESC, x.a, x.b LIMIT ?2)"
	", roles AS (SELECT x.a, x.b, x.ra, x.rb, x.n"
	" FROM edges CROSS JOIN stats_actor_pair_role_months x"
	" ON x.m = ?1 AND x.a = edges.a AND x.b = edges.b WHERE x.n > 0)"
	", nodes AS (SELECT a AS actor FROM edges UNION SELECT b FROM edges)"
	", counts AS (SELECT x.actor, sum(x.n) AS n FROM stats_actor_months x"
	" WHERE x.m = ?1 AND x.actor IN (SELECT actor FROM nodes)"
	" GROUP BY x.actor)";

/*
 * An actor's own graph with no other filter: its edges are its pairs kept
 * (migration 18), whose counts are its partners' numbers of its events,
 * and first, read heaviest first (migration 29); when they do not fill
 * the limit, the edges between its partners follow, from its events of
 * three or more actors (migration 28), the only ones that have any. Every
 * node is then the ego or one of its own edges' partners. ?1 the ego, ?2
 * the limit.
 */
static const char ego_graph[] =
	"WITH own AS MATERIALIZED (SELECT a, b, n FROM stats_actor_pairs"
	" WHERE a = ?1 AND n > 0 UNION ALL SELECT a, b, n"
	" FROM stats_actor_pairs WHERE b = ?1 AND n > 0"
	" ORDER BY n DESC, a, b LIMIT ?2)"
	", pairs AS MATERIALIZED (SELECT p1.actor AS a, p2.actor AS b,"
	" p1.role AS ra, p2.role AS rb, p1.event AS event"
	" FROM stats_actor_crowds c JOIN participants p1 ON p1.event = c.event"
	" JOIN participants p2 ON p2.event = c.event AND p2.actor > p1.actor"
	" WHERE c.actor = ?1 AND p1.actor <> ?1 AND p2.actor <> ?1"
	" AND (SELECT count(*) FROM own) < ?2)"
	", edges AS MATERIALIZED (SELECT a, b, n FROM (SELECT a, b, n,"
	" 1 AS mine FROM own UNION ALL SELECT a, b, count(DISTINCT event), 0"
	" FROM pairs GROUP BY a, b) ORDER BY mine DESC, n DESC, a, b"
	" LIMIT ?2)"
	", roles AS (SELECT r.a, r.b, r.ra, r.rb, r.n"
	" FROM stats_actor_pair_roles r JOIN edges USING (a, b)"
	" WHERE (r.a = ?1 OR r.b = ?1) AND r.n > 0 UNION ALL SELECT p.a, p.b,"
	" p.ra, p.rb, count(DISTINCT p.event) FROM pairs p"
	" JOIN edges USING (a, b) GROUP BY p.a, p.b, p.ra, p.rb)"
	", nodes AS (SELECT a AS actor FROM edges UNION SELECT b FROM edges"
	" UNION SELECT ?1)"
	", counts AS (SELECT iif(a = ?1, b, a) AS actor, n FROM own"
	" UNION ALL SELECT actor, n FROM stats_actor_totals WHERE actor = ?1)";

/*
 * Whether q's whole months (aggregate_month_cells) are one: from its
 * first day to its last. Its cells are then those of m = month alone,
 * which is written into both ends of the months' range.
 */
static int one_month(const struct query *q, char low[16], char high[16])
{
	const struct condition *from = &q->where[0], *to = &q->where[1];

	if (q->nwhere != 2)
		return 0;
	if (from->filter->kind == VAL_DATE_TO) {
		from = &q->where[1];
		to = &q->where[0];
	}
	if (from->filter->kind != VAL_DATE_FROM ||
	    to->filter->kind != VAL_DATE_TO ||
	    strncmp(from->binds[0].text, to->binds[0].text, 7) != 0)
		return 0;
	snprintf(low, 16, "%.7s", from->binds[0].text);
	snprintf(high, 16, "%.7s", from->binds[0].text);
	return 1;
}

/* Whether q is one country= of one value alone (country_graph answers). */
static int one_country(const struct query *q)
{
	return q->nwhere == 1 && columns_country_among(q) == 0;
}

int network_run(const struct query *q, unsigned limit, sqlite3_int64 ego,
		struct buf *out, struct problem *err)
{
	/* edges, chosen: of a network of sets of countries */
	struct buf sql = BUF_INIT, edges = BUF_INIT, chosen = BUF_INIT;
	dbs *st;
	const char *sqls[QUERY_MAX_WHERE];
	char low[16], high[16];
	int at, rc, kept = !q->nwhere && !ego;
	int country = !ego && one_country(q);
	int sets = !ego && set_networks_answer(q);
	int coded = 0, one = 0;	/* one: one whole month alone */
	int months = !ego && !country && !sets &&
		     aggregate_month_cells(q, 1, &coded, sqls, low, high);
	/* The scope is the ego's one condition. */
	int own = ego && q->nwhere == 1;
	struct graph g;

	graph_init(&g, ego);
	/*
	 * Otherwise codes or quad classes alone are their groups' kept
	 * graphs (/network?quad_class=1 at 1M events: 1 ms, 7 from the
	 * copy, 150 from the cells of every month of those codes). Else a
	 * country's kept graph less the events the other conditions leave
	 * out, or every event's when most pass them, or the copy's graph,
	 * when they answer; with codes and dates too, and dates over more
	 * than one month, whose cells of every month were summed
	 * (/network?to=2016-05: 147 ms, 18 so). One whole month alone is
	 * its kept graph.
	 */
	rc = 0;
	if (!kept && !country && !sets && !own &&
	    (!months || coded || !one_month(q, low, high))) {
		if (!ego)
			rc = code_network(q, limit, &g);
		if (!ego && rc == 0) {
			at = columns_country_among(q);
			rc = columns_network_less(q, at >= 0 ? (size_t)at :
						  q->nwhere, limit, &g);
		}
		if (rc == 0)
			rc = columns_network(q, limit, ego, &g);
	}
	if (rc < 0) {
		graph_free(&g);
		return query_failed(q, "network", err);
	}
	if (rc > 0) {
		rc = graph_write(&g, out);
		graph_free(&g);
		return rc == 0 ? 0 : db_fail("network", err);
	}
	if (kept) {
		buf_puts(&sql, kept_graph);
	} else if (country) {
		buf_puts(&sql, country_graph);
	} else if (sets) {
		if (set_networks_sql(&sql, q, limit, &edges, &chosen) != 0) {
			buf_free(&sql);
			buf_free(&edges);
			buf_free(&chosen);
			graph_free(&g);
			return db_fail("network", err);
		}
	} else if (own) {
		buf_puts(&sql, ego_graph);
	} else if (months && !coded && one_month(q, low, high)) {
		buf_puts(&sql, month_graph);
		one = 1;
	} else if (months) {
		struct buf test = BUF_INIT;
		const char *roles = coded ? "stats_actor_pair_role_cells" :
			"stats_actor_pair_role_months";
		size_t i;

		for (i = 0; i < q->nwhere; i++)
			buf_printf(&test, "(%s) AND ", sqls[i]);
		buf_puts(&test, "x.m BETWEEN ? AND ?");
		buf_printf(&sql, months_edges, coded ?
			   "stats_actor_pair_cells" : "stats_actor_pair_months",
			   buf_str(&test));
		buf_printf(&sql, months_graph, roles, buf_str(&test),
			   buf_str(&test));
		buf_free(&test);
	} else {
		buf_puts(&sql, "WITH ev AS MATERIALIZED (SELECT e.pk AS pk"
			 " FROM events e");
		if (query_matching(q, &sql, err) != 0) {
			buf_free(&sql);
			graph_free(&g);
			return -1;
		}
		buf_putc(&sql, ')');
		buf_puts(&sql, events_graph);
	}
	buf_puts(&sql, GRAPH_ROWS_SQL);
	st = db_stmt(buf_str(&sql));
	buf_free(&sql);
	if (!st) {
		buf_free(&edges);
		buf_free(&chosen);
		graph_free(&g);
		return db_fail("network", err);
	}
	if (kept) {
		dbs_bind_int64(st, 1, limit);
	} else if (country) {
		query_bind(st, q);
		dbs_bind_int64(st, 2, limit);
	} else if (sets) {
		set_networks_bind(st, q, limit, &edges, &chosen);
	} else if (own) {
		dbs_bind_int64(st, 1, ego);
		dbs_bind_int64(st, 2, limit);
	} else if (one) {
		dbs_bind_text(st, 1, low, -1, SQLITE_TRANSIENT);
		dbs_bind_int64(st, 2, limit);
	} else if (months) {
		int k;

		/* The test three times (edges, limit, roles, node counts). */
		for (k = 0, at = 1; k < 3; k++) {
			at = query_bind_at(st, q, at);
			dbs_bind_text(st, at++, low, -1, SQLITE_TRANSIENT);
			dbs_bind_text(st, at++, high, -1, SQLITE_TRANSIENT);
			if (k == 0)
				dbs_bind_int64(st, at++, limit);
		}
	} else {
		at = query_bind(st, q);
		dbs_bind_int64(st, at, ego);
		dbs_bind_int64(st, at + 1, ego);
		dbs_bind_int64(st, at + 2, limit);
		dbs_bind_int64(st, at + 3, ego);
	}
	rc = graph_read(&g, st);
	if (rc != SQLITE_DONE)
		rc = query_failed(q, "network", err);
	else
		rc = graph_write(&g, out) == 0 ? 0 : db_fail("network", err);
	db_done(st);	/* before the bound edges and sets go */
	buf_free(&edges);
	buf_free(&chosen);
	graph_free(&g);
	return rc;
}
