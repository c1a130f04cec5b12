/* SPDX-License-Identifier: MIT */
/* Conditions on events that others decide (see events_simplify.h). */
#include "events_simplify.h"

#include <string.h>

#include "db.h"
#include "query.h"

/* The condition of filter param in its one-value form, or NULL. */
static struct condition *one(struct query *q, const char *param)
{
	size_t i;

	for (i = 0; i < q->nwhere; i++) {
		struct condition *c = &q->where[i];

		if (c->filter && c->form == FORM_ONE &&
		    strcmp(c->filter->param, param) == 0)
			return c;
	}
	return NULL;
}

/*
 * type= with quad_class=: events store their code's quad class (db/store.c
 * and the GDELT import copy it from event_types), so when every code under
 * the prefix has that class the quad class adds nothing, and when none has
 * it no event matches. A prefix spanning classes ("0") keeps both.
 */
int events_simplify(struct query *q, struct problem *err)
{
	struct condition *type = one(q, "type");
	struct condition *quad = one(q, "quad_class");
	dbs *st;
	sqlite3_int64 codes, in_class;

	if (!type || !quad)
		return 0;
	st = db_stmt("SELECT count(*), count(*) FILTER (WHERE quad_class = ?3)"
		     " FROM event_types WHERE code >= ?1 AND code < ?2");
	if (!st)
		return db_fail("quad class of codes", err);
	dbs_bind_text(st, 1, type->binds[0].text, -1, SQLITE_STATIC);
	dbs_bind_text(st, 2, type->binds[1].text, -1, SQLITE_STATIC);
	dbs_bind_int64(st, 3, quad->binds[0].i);
	if (dbs_step(st) != SQLITE_ROW) {
		db_done(st);
		return db_fail("quad class of codes", err);
	}
	codes = dbs_column_int64(st, 0);
	in_class = dbs_column_int64(st, 1);
	db_done(st);
	if (codes && in_class == codes) {
		/* Implied: the quad class goes. */
		query_drop(q, quad);
	} else if (in_class == 0) {
		/*
		 * Contradicted: no row matches. Its summary cells' test
		 * (filter->cell_sql, with its value) selects none either.
		 * Every form still takes its one value (a class, never 0),
		 * so the values of the conditions after it keep their
		 * places.
		 */
		quad->sql = quad->check_sql = "(? = -1 AND 0 = 1)";
		quad->probe_sql = "SELECT 0";
		quad->estimate_sql = NULL;
		quad->count_sql = "SELECT 0";
		quad->stream = NULL;
		quad->range_of = quad->range_sql = quad->direct_sql = NULL;
	}
	return 0;
}
