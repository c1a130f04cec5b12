/* SPDX-License-Identifier: MIT */
/*
 * The copy's order of its events by id (columns.h's by_id), for pages by
 * id: walked as the other orders are (copy_keys.c), where without it a
 * page by id of conditions that each match many events and together few
 * walked the ids' index testing each row (seconds at 10M events).
 *
 * The ids are texts the copy does not hold; their index holds them in
 * order. A copy read anew reads that index whole (about 0.08 s at 1M
 * events, 0.6 s at 10M). A copy made from the last one keeps the last
 * order of the events not changed (an event's id never changes) and
 * places each event read by bisection, the ids it is compared with read
 * by pk: about 20 lookups an event, cheaper than the whole index while
 * the events read are fewer than about one in a thousand.
 */
#include "columns_make.h"

#include <stdlib.h>
#include <string.h>

#include "dbs.h"
#include "xalloc.h"

/* Past this many events read, the index read whole costs less. */
#define MOST_PLACED(n) ((n) / 1024 + 16)

/*
 * Whether the database orders ids as strcmp() does, which the cursor's
 * bisection (copy_keys.c) and the merge below compare them with:
 * SQLite's BINARY always; PostgreSQL's under libc's C collation alone
 * (under en_US.UTF-8, "ab" sorts before "a-c"; ICU's rules are their
 * own), else the copy keeps no order of ids and pages by id are the
 * database's to find.
 */
static int ordered_as_bytes(sqlite3 *db)
{
	dbs *st;
	int bytes = 0;

	if (!db_pg)
		return 1;
	st = columns_copy_stmt(db, "SELECT CASE WHEN datlocprovider = 'c'"
			       " AND (datcollate IN ('C', 'POSIX') OR"
			       " datcollate LIKE 'C.%') THEN 1 ELSE 0 END"
			       " FROM pg_database"
			       " WHERE datname = current_database()");
	if (st && dbs_step(st) == SQLITE_ROW)
		bytes = dbs_column_int64(st, 0) == 1;
	if (st)
		columns_copy_done(st);
	return bytes;
}

/*
 * The order read from the ids' index, each row's pk found among c's
 * (ascending): at once when no event was deleted (pk[0] + e is event
 * e's), else by sorting the rows by pk, a pass rather than a search a
 * row.
 */
static int order_read(struct columns *c, sqlite3 *db)
{
	dbs *st = columns_copy_stmt(db, "SELECT pk FROM events ORDER BY id");
	int dense = columns_pks_dense(c);
	struct keyed *r = dense ? NULL : malloc(c->n * sizeof(*r));
	size_t n = 0, i, e = 0;
	int rc = SQLITE_ERROR;

	c->by_id = malloc((c->n ? c->n : 1) * sizeof(*c->by_id));
	if (!st || (!dense && !r) || !c->by_id)
		goto out;
	while ((rc = dbs_step(st)) == SQLITE_ROW && n < c->n) {
		sqlite3_int64 pk = dbs_column_int64(st, 0);

		if (dense && (pk < c->pk[0] || pk - c->pk[0] >=
						  (sqlite3_int64)c->n))
			break;
		if (dense)
			c->by_id[n] = (uint32_t)(pk - c->pk[0]);
		else {
			r[n].key = columns_int_key(pk);
			r[n].e = (uint32_t)n;
		}
		n++;
	}
	if (rc != SQLITE_DONE || n != c->n ||
	    (!dense && columns_sort_keyed(r, n) != 0)) {
		rc = SQLITE_ERROR;
		goto out;
	}
	for (i = 0; !dense && i < n; i++) {
		while (e < c->n && columns_int_key(c->pk[e]) < r[i].key)
			e++;
		if (e == c->n || columns_int_key(c->pk[e]) != r[i].key) {
			rc = SQLITE_ERROR;	/* not the copy's snapshot */
			goto out;
		}
		c->by_id[r[i].e] = (uint32_t)e++;
	}
out:
	if (st)
		columns_copy_done(st);
	free(r);
	if (rc == SQLITE_DONE)
		return 0;
	free(c->by_id);
	c->by_id = NULL;
	return -1;
}

/* An event read and its id. */
struct placed {
	char *id;
	uint32_t e;
};

static int by_placed_id(const void *x, const void *y)
{
	return strcmp(((const struct placed *)x)->id,
		      ((const struct placed *)y)->id);
}

/* The id of event pk into *id (st: its lookup); 0, or -1 when none. */
static int id_of(dbs *st, sqlite3_int64 pk, char **id)
{
	int rc;

	dbs_reset(st);
	dbs_bind_int64(st, 1, pk);
	rc = dbs_step(st);
	*id = rc == SQLITE_ROW ? xstrdup((const char *)dbs_column_text(st, 0)) :
	      NULL;
	return *id ? 0 : -1;
}

int columns_id_cmp(dbs *st, sqlite3_int64 pk, const char *id, int *cmp)
{
	int rc;

	dbs_reset(st);
	dbs_bind_int64(st, 1, pk);
	rc = dbs_step(st);
	if (rc == SQLITE_ROW)
		*cmp = strcmp((const char *)dbs_column_text(st, 0), id);
	dbs_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Whether the event pk's id comes after id: 1 or 0, -1 when unread. */
static int comes_after(dbs *st, sqlite3_int64 pk, const char *id)
{
	int cmp;

	return columns_id_cmp(st, pk, id, &cmp) == 0 ? cmp > 0 : -1;
}

/*
 * The order merged from old's: its events not changed (to[] >= 0), in
 * its order, and each of the nr events read (from[] < 0), in order of
 * id, after those of smaller ids, found by bisection from the last
 * one's place (an event placed right after the last, as a run of new
 * ids often is, costs one lookup).
 */
static int order_merged(struct columns *c, sqlite3 *db,
			const struct columns *old, const int32_t *to,
			const int32_t *from, size_t nr)
{
	struct placed *r = calloc(nr ? nr : 1, sizeof(*r));
	uint32_t *kept = malloc((old->n ? old->n : 1) * sizeof(*kept));
	dbs *st = columns_copy_stmt(db, "SELECT id FROM events WHERE pk = ?");
	size_t nkept = 0, i, j = 0, x = 0, len = 0;
	int ok = r && kept && st;

	c->by_id = malloc((c->n ? c->n : 1) * sizeof(*c->by_id));
	ok = ok && c->by_id;
	for (i = 0; ok && i < old->n; i++) {
		if (to[old->by_id[i]] >= 0)
			kept[nkept++] = (uint32_t)to[old->by_id[i]];
	}
	for (i = 0; ok && i < c->n; i++) {
		if (from[i] >= 0)
			continue;
		r[j].e = (uint32_t)i;
		ok = j < nr && id_of(st, c->pk[i], &r[j++].id) == 0;
	}
	ok = ok && j == nr && nkept + nr == c->n;
	if (ok)
		qsort(r, nr, sizeof(*r), by_placed_id);
	for (j = 0; ok && j < nr; j++) {
		size_t lo = x, hi = nkept;
		int after = x < nkept ? comes_after(st, c->pk[kept[x]],
						   r[j].id) : 1;

		if (after < 0) {
			ok = 0;
			break;
		}
		if (after)
			hi = x;
		else
			lo = x + 1;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			after = comes_after(st, c->pk[kept[mid]], r[j].id);
			if (after < 0) {
				ok = 0;
				break;
			}
			if (after)
				hi = mid;
			else
				lo = mid + 1;
		}
		while (ok && x < lo)
			c->by_id[len++] = kept[x++];
		if (ok)
			c->by_id[len++] = r[j].e;
	}
	while (ok && x < nkept)
		c->by_id[len++] = kept[x++];
	if (st)
		columns_copy_done(st);
	for (j = 0; r && j < nr; j++)
		free(r[j].id);
	free(r);
	free(kept);
	if (ok && len == c->n)
		return 0;
	free(c->by_id);
	c->by_id = NULL;
	return -1;
}

int columns_id_order(struct columns *c, sqlite3 *db,
		     const struct columns *old, const int32_t *to,
		     const int32_t *from)
{
	size_t nr = 0, i;

	if (!ordered_as_bytes(db))
		return 0;
	for (i = 0; old && i < c->n; i++)
		nr += from[i] < 0;
	if (!old || !old->by_id || nr > MOST_PLACED(c->n))
		return order_read(c, db);
	return order_merged(c, db, old, to, from, nr);
}
