/* SPDX-License-Identifier: MIT */
/* A query's conditions as one bit per event of the copy (kept_events.h). */
#include "kept_events.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "columns.h"
#include "columns_tests.h"
#include "db.h"
#include "event_key.h"
#include "xalloc.h"

struct kept_events {
	const struct columns *c;
	uint64_t *bits;		/* bit e: event e passes */
};

/*
 * The events of the window newest matches of q's search, ascending, into
 * a new *events; 0, or -1 when one is not in the copy or the read fails.
 */
static int window_events(const struct columns *c, const struct query *q,
			 long window, uint32_t **events, size_t *n)
{
	const struct condition *search = query_search(q);
	char sql[200];
	dbs *st;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT rowid FROM %s WHERE %s MATCH ?1"
		 " ORDER BY rowid DESC LIMIT ?2", q->res->fts_table,
		 q->res->fts_table);
	st = db_stmt(sql);
	if (!st)
		return -1;
	dbs_bind_text(st, 1, search->binds[0].text, -1, SQLITE_STATIC);
	dbs_bind_int64(st, 2, window);
	*events = xmalloc((size_t)(window > 0 ? window : 1) * sizeof(**events));
	*n = 0;
	while ((rc = dbs_step(st)) == SQLITE_ROW && *n < (size_t)window) {
		long e = columns_event_of(c,
			event_key_pk(dbs_column_int64(st, 0)));

		if (e < 0)
			break;
		(*events)[(*n)++] = (uint32_t)e;
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		free(*events);
		*events = NULL;
		return -1;
	}
	qsort(*events, *n, sizeof(**events), columns_ascending);
	return 0;
}

struct kept_events *kept_events_of(const struct query *q, long window)
{
	const struct columns *c;
	struct kept_events *k;
	struct tests ts;
	uint32_t *events, *passed;
	size_t i, n;

	/* Its bits are read by event_kept(), a function of SQLite's. */
	if (db_pg || !query_search(q) || query_search(q)->nbinds != 1 ||
	    !(c = columns_current()))
		return NULL;
	if (window_events(c, q, window, &events, &n) != 0) {
		columns_release(c);
		return NULL;
	}
	if (!columns_tests_besides_search(c, q, &ts)) {
		free(events);
		columns_release(c);
		return NULL;
	}
	/* Only the window's events are tested. */
	ts.searched = events;
	ts.nsearched = n;
	passed = columns_matching(&ts, &n);
	columns_tests_free(&ts);
	k = xcalloc(1, sizeof(*k));
	k->c = c;
	k->bits = xcalloc(c->n / 64 + 1, sizeof(*k->bits));
	for (i = 0; i < n; i++)
		k->bits[passed[i] / 64] |= (uint64_t)1 << (passed[i] % 64);
	free(passed);
	return k;
}

void kept_events_free(struct kept_events *k)
{
	if (!k)
		return;
	columns_release(k->c);
	free(k->bits);
	free(k);
}

static void event_kept(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct kept_events *k = sqlite3_value_pointer(argv[0],
						      KEPT_EVENTS_POINTER);
	long e;

	(void)argc;
	if (!k) {
		sqlite3_result_error(ctx, "event_kept(): no set bound", -1);
		return;
	}
	e = columns_event_of(k->c, event_key_pk(sqlite3_value_int64(argv[1])));
	sqlite3_result_int(ctx, e >= 0 && (k->bits[e / 64] >> (e % 64) & 1));
}

int kept_events_register(sqlite3 *db)
{
	return sqlite3_create_function(db, "event_kept", 2, SQLITE_UTF8, NULL,
				       event_kept, NULL, NULL) == SQLITE_OK ?
	       0 : -1;
}
