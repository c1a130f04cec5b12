/* SPDX-License-Identifier: MIT */
/* The events of a range of tone beside its cells (see tone_edges.h). */
#include "tone_edges.h"

#include <math.h>
#include <string.h>

#include "resource.h"

/* The events of tone from ? up to, not including, ?: found through the
 * index of tone (migration 37), or checked on the row. */
#define TONE_FROM_TO(col) "ifnull(" col "avg_tone, -1e9) >= ?" \
	" AND ifnull(" col "avg_tone, -1e9) < ?"

static const struct filter edge = {
	.param = "tone", .kind = VAL_NUMBER,
	.sql = "e.pk IN (SELECT pk FROM events WHERE " TONE_FROM_TO("") ")",
	.check_sql = TONE_FROM_TO("+e."),
	.probe_sql = "SELECT count(*) FROM (SELECT 1 FROM events WHERE "
		     TONE_FROM_TO("") " LIMIT ?)",
};

/* The one-value condition of filter param in q, or NULL. */
static const struct condition *bound(const struct query *q,
				     const char *param, size_t *at)
{
	size_t i;

	for (i = 0; i < q->nwhere; i++) {
		const struct condition *c = &q->where[i];

		if (c->filter && c->form == FORM_ONE &&
		    strcmp(c->filter->param, param) == 0) {
			*at = i;
			return c;
		}
	}
	return NULL;
}

/* *out: q with its condition at i read as the tone from lo up to hi. */
static void with_edge(const struct query *q, size_t i, double lo, double hi,
		      struct query *out)
{
	struct condition *c;

	memcpy(out, q, sizeof(*q));
	c = &out->where[i];
	c->sql = edge.sql;
	c->check_sql = edge.check_sql;
	c->probe_sql = edge.probe_sql;
	/* Its probe reads one sixteenth's events at most: cheap enough to
	 * cap the others' counts. */
	c->estimate_sql = edge.probe_sql;
	c->count_sql = NULL;
	c->range_of = c->range_sql = c->direct_sql = NULL;
	c->stream = NULL;
	c->filter = &edge;
	c->form = FORM_ONE;
	memset(c->binds, 0, sizeof(c->binds));
	c->binds[0].is_real = c->binds[1].is_real = 1;
	c->binds[0].d = lo;
	c->binds[1].d = hi;
	c->nbinds = 2;
}

size_t tone_edges(const struct query *q, struct query *edges)
{
	size_t imin = 0, imax = 0, n = 0;
	const struct condition *min = bound(q, "tone_min", &imin);
	const struct condition *max = bound(q, "tone_max", &imax);
	/* The first whole sixteenth from the lower bound on. */
	double above = min ? ceil(min->binds[0].d * 16) / 16 : 0;

	/* From the lower bound to that sixteenth (tone_max, if any, still
	 * holds)... */
	if (min && above > min->binds[0].d)
		with_edge(q, imin, min->binds[0].d, above, &edges[n++]);
	/* ... and from the last whole sixteenth to the upper bound, itself
	 * included; nothing the first edge holds. */
	if (max) {
		double w = max->binds[0].d, below = floor(w * 16) / 16;

		if (min && above > below)
			below = above;
		with_edge(q, imax, below, nextafter(w, INFINITY),
			  &edges[n++]);
	}
	return n;
}
