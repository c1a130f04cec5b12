/* SPDX-License-Identifier: MIT */
/* A search's matches by day, from its index (see search_days.h). */
#include "search_days.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "match_keys.h"

/* More events dated over more than a day than this: read the events. */
#define SPANS_MAX 20000

struct span {
	sqlite3_int64 pk;
	char d[11];		/* its day cell: "2019-04", "2019" */
};

static int by_pk(const void *a, const void *b)
{
	sqlite3_int64 x = *(const sqlite3_int64 *)a;
	sqlite3_int64 y = ((const struct span *)b)->pk;

	return (x > y) - (x < y);
}

/*
 * The events dated over more than a day with their day cells (migration
 * 15's), by pk; -1 on error, -2 too many.
 */
static long load_spans(struct span **out)
{
	dbs *st = db_stmt("SELECT event, d FROM stats_event_cells"
		" WHERE event IN (SELECT pk FROM events INDEXED BY"
		" events_spanning WHERE date_end <> date_start)"
		" ORDER BY event LIMIT ?");
	struct span *v = NULL;
	long n = 0, cap = 0;
	int rc;

	if (!st)
		return -1;
	dbs_bind_int(st, 1, SPANS_MAX + 1);
	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		if (n == SPANS_MAX) {
			n = -2;
			break;
		}
		if (n == cap) {
			struct span *w;

			cap = cap ? 2 * cap : 64;
			w = realloc(v, (size_t)cap * sizeof(*v));
			if (!w) {
				n = -1;
				break;
			}
			v = w;
		}
		v[n].pk = dbs_column_int64(st, 0);
		snprintf(v[n].d, sizeof(v[n].d), "%s",
			 (const char *)dbs_column_text(st, 1));
		n++;
	}
	if (n >= 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
		n = -1;
	db_done(st);
	if (n < 0) {
		free(v);
		return n;
	}
	*out = v;
	return n;
}

static int put(dbs *ins, sqlite3_int64 dn, const char *d,
	       sqlite3_int64 n)
{
	int rc;

	dbs_bind_int64(ins, 1, dn);
	if (d)
		dbs_bind_text(ins, 2, d, -1, SQLITE_STATIC);
	else
		dbs_bind_null(ins, 2);
	dbs_bind_int64(ins, 3, n);
	rc = dbs_step(ins);
	dbs_reset(ins);
	return rc == SQLITE_DONE ? 0 : -1;
}

void search_days_key_range(const struct query *q, sqlite3_int64 *low,
			   sqlite3_int64 *high)
{
	size_t i;

	*low = 0;
	*high = INT64_MAX;
	for (i = 0; i < q->nwhere; i++) {
		const struct condition *c = &q->where[i];
		const char *day = c->binds[0].text;

		if (!c->filter)
			continue;
		if (c->filter->kind == VAL_DATE_FROM)
			*low = event_key(day, 0);
		else if (c->filter->kind == VAL_DATE_TO)
			*high = event_key(day, ((sqlite3_int64)1 << 40) - 1);
	}
}

/* The days of a search's matches as they come, in key order. */
struct days {
	const struct span *spans;	/* of events spanning days */
	long nspans;
	dbs *ins;
	sqlite3_int64 dn, run;		/* the day of the run, its matches */
};

/* Counts the match of key; nonzero when its row cannot be written. */
static int add_key(sqlite3_int64 key, void *ud)
{
	struct days *d = ud;
	sqlite3_int64 pk = event_key_pk(key);
	const struct span *s;

	s = d->nspans ? bsearch(&pk, d->spans, (size_t)d->nspans,
				sizeof(*d->spans), by_pk) : NULL;
	if (s)
		return put(d->ins, 0, s->d, 1);
	if (event_key_day(key) != d->dn) {
		if (d->run && put(d->ins, d->dn, NULL, d->run) != 0)
			return -1;
		d->dn = event_key_day(key);
		d->run = 0;
	}
	d->run++;
	return 0;
}

int search_days_fill(const struct query *q, const struct condition *search,
		     struct problem *err)
{
	struct days d = { NULL, 0, NULL, -1, 0 };
	struct span *spans = NULL;
	sqlite3_int64 low, high;
	int rc, ret = 1;

	/* FTS5's own loop over the keys: the events are read instead. */
	if (db_pg)
		return 0;
	if (sqlite3_exec(db_conn(), "CREATE TEMP TABLE IF NOT EXISTS"
			 " search_days(dn INTEGER NOT NULL, d TEXT,"
			 " n INTEGER NOT NULL); DELETE FROM temp.search_days",
			 NULL, NULL, NULL) != SQLITE_OK)
		return db_fail("search days", err);
	d.nspans = load_spans(&spans);
	if (d.nspans == -2)
		return 0;
	if (d.nspans < 0)
		return db_fail("search days", err);
	d.spans = spans;
	d.ins = db_stmt("INSERT INTO temp.search_days(dn, d, n)"
			" VALUES (?, ?, ?)");
	if (!d.ins) {
		free(spans);
		return db_fail("search days", err);
	}
	search_days_key_range(q, &low, &high);
	/* In rowid order: a day's matches are one run. A low of 0 is no
	 * bound (search_days.h), which lets FTS5's loop read them. */
	rc = match_keys("events_fts", search->binds[0].text,
			low > 0 ? low : INT64_MIN, high, add_key, &d);
	if (rc == 1 && d.run && put(d.ins, d.dn, NULL, d.run) != 0)
		rc = -1;
	if (rc != 1)
		ret = query_failed(q, "search days", err);
	db_done(d.ins);
	free(spans);
	return ret;
}
