/* SPDX-License-Identifier: MIT */
/* Facets and counts of a list from its kept numbers (kept_counts.h). */
#include "kept_counts.h"

/*
 * Appends " WHERE ..." selecting the rows of q's resource's kept numbers
 * that add up to q's matches. Returns 1, or 0 when a condition has no
 * column there (a search, ids, a time of change, a pair) or is one the
 * numbers cannot add: several values of a filter counted per value (an
 * actor cited by two of the sources would count twice), none of them,
 * or the filter given twice.
 */
static int kept_where(const struct query *q, struct buf *sql)
{
	const struct resource *r = q->res;
	size_t i, k;

	buf_puts(sql, " WHERE true");
	for (i = 0; i < q->nwhere; i++) {
		const struct condition *c = &q->where[i];
		const struct filter *f = c->filter;

		if (!f || !f->kept_column || c->nbinds != 1)
			return 0;
		if (c->form == FORM_ONE)
			buf_printf(sql, " AND %s = ?", f->kept_column);
		else if (c->form == FORM_ANY && !f->kept_per_value)
			buf_printf(sql, " AND %s" IN_LIST, f->kept_column);
		else if (c->form == FORM_NOT && !f->kept_per_value)
			buf_printf(sql, " AND %s NOT" IN_LIST, f->kept_column);
		else
			return 0;
	}
	for (k = 0; k < r->nfilters; k++) {
		const struct filter *f = &r->filters[k];
		size_t given = 0;

		if (!f->kept_column || !f->kept_per_value)
			continue;
		for (i = 0; i < q->nwhere; i++)
			given += q->where[i].filter == f;
		if (given > 1)
			return 0;
		if (!given)	/* every record's row */
			buf_printf(sql, " AND %s = 0", f->kept_column);
	}
	return 1;
}

int kept_counts_facet_sql(const struct query *q, const struct field *f,
			  struct buf *sql)
{
	if (!q->res->kept_counts || !f->kept_sql)
		return 0;
	buf_printf(sql, "SELECT %s AS v, sum(n) AS c FROM %s", f->kept_sql,
		   q->res->kept_counts);
	if (!kept_where(q, sql)) {
		buf_free(sql);
		return 0;
	}
	/* Values whose records all went keep their row, at 0. */
	buf_puts(sql, " GROUP BY v HAVING sum(n) > 0 ORDER BY c DESC,"
		 " v NULLS FIRST LIMIT ?");
	return 1;
}

int kept_counts_count_sql(const struct query *q, struct buf *sql)
{
	if (!q->res->kept_counts)
		return 0;
	buf_printf(sql, "SELECT ifnull(sum(n), 0) FROM %s",
		   q->res->kept_counts);
	if (!kept_where(q, sql)) {
		buf_free(sql);
		return 0;
	}
	return 1;
}
