/* SPDX-License-Identifier: MIT */
/*
 * How a copy of the events' columns (columns.h) is made, shared by the
 * copy read from the database (columns.c) and the copy made from the
 * last one and the events changed since (columns_patch.c). Not for the
 * readers of a copy.
 */
#ifndef DOSSIER_COLUMNS_MAKE_H
#define DOSSIER_COLUMNS_MAKE_H

#include <stdatomic.h>

#include "columns.h"

/* A copy, shared by the requests reading it. */
struct kept {
	struct columns c;
	struct strmap texts;
	atomic_int refs;
	size_t bytes;
	double taken;	/* when its snapshot was taken (now_seconds()) */
	/* The last change of the events listed in its snapshot
	 * (migration 66), or -1: none can be made from it. */
	sqlite3_int64 seq;
	/* Made from an earlier copy: without the words' counts and lists,
	 * which a copy read anew brings back. */
	int patched;
};

/* Bytes a copy takes per event, and per country, actor or source linked
 * to one. */
#define EVENT_BYTES (4 * sizeof(int32_t) + 7 * sizeof(uint16_t) + 2 + \
		     4 * sizeof(double) + 11 * sizeof(uint32_t) + \
		     2 * sizeof(sqlite3_int64))
#define LINKED_BYTES (2 * sizeof(uint32_t) + sizeof(uint16_t))

/* Copies made so far, the numbers of their generations; the keeper's. */
extern uint64_t columns_copies_made;

/* An empty copy of n events' arrays, its dictionary empty: NULL when out
 * of memory. */
struct kept *columns_kept_new(size_t n, int version);
void columns_kept_free(struct kept *k);

/* The number of text s (length len) in k's dictionary, added if new;
 * 0 for NULL; -1 when the dictionary is full. */
long columns_text_number(struct kept *k, const char *s, size_t len);
/* The same for column col of st's row (0 when NULL). */
long columns_text_at(struct kept *k, dbs *st, int col);

/* The columns of COLUMNS_EVENT_SQL's row into event i of k. 0 or -1. */
#define COLUMNS_EVENT_SQL \
	"SELECT pk, date_start, date_end, type_code, quad_class, country," \
	" goldstein, avg_tone, num_mentions, lat, lon, certainty, updated_at" \
	" FROM events"
int columns_read_event(struct kept *k, size_t i, dbs *st);

/* An event's length in tokens into *out (at most UINT16_MAX), from the
 * sizes FTS5 keeps in column col of st's row; *out kept when they
 * cannot be read. */
void columns_tokens_of(dbs *st, int col, uint16_t *out);

/* Statements of the copy on db (on PostgreSQL, the keeper's own). */
dbs *columns_copy_stmt(sqlite3 *db, const char *sql);
void columns_copy_done(dbs *st);
/* The first column of sql's first row, or -1. */
sqlite3_int64 columns_count_of(sqlite3 *db, const char *sql);

/* Whether c's events' pks are pk[0], pk[0] + 1, ...: none was deleted
 * (each pk's event is then found at once). */
static inline int columns_pks_dense(const struct columns *c)
{
	return c->n == 0 ||
	       c->pk[c->n - 1] - c->pk[0] == (sqlite3_int64)c->n - 1;
}

/* The last change listed (migration 66), 0 when none. */
#define COLUMNS_LAST_CHANGE "SELECT ifnull(max(seq), 0) FROM event_changes"

/*
 * What a copy holds besides its events' columns and lists (set, with
 * c->n, c->pk, top and most of each list): the actors' and sources' ids
 * (unless set),
 * the codes of event types, the postings and orders, the actors' full
 * text lengths. Adds their bytes to k->bytes. 0, or -1 (also when the
 * copy being made is given up for a read: columns.c).
 */
int columns_derive(struct kept *k, sqlite3 *db);

/*
 * c's orders of its events (by date, numbers, updated_at): sorted, or,
 * given the last copy old, merged from its orders, to[e] the new place
 * of its event e (-1: changed or gone), from[i] < 0 for the events read
 * (columns_orders.c). 0 or -1.
 */
int columns_make_orders(struct columns *c, const struct columns *old,
			const int32_t *to, const int32_t *from);

/* An event and the key it is sorted by. */
struct keyed {
	uint64_t key;
	uint32_t e;
};

/* Sorts r[0..n) by key, ties in the order they come. 0, or -1 when out
 * of memory. */
int columns_sort_keyed(struct keyed *r, size_t n);

/*
 * c's events in the order of their ids (by_id): read from the ids'
 * index, or, given the last copy old (to and from as for
 * columns_make_orders()), merged from its order, the events read placed
 * by their ids (columns_id_order.c). On db's read transaction. 0 or -1.
 */
int columns_id_order(struct columns *c, sqlite3 *db,
		     const struct columns *old, const int32_t *to,
		     const int32_t *from);

/*
 * A copy made from old (SQLite's) and the events changed since it, as
 * db's read transaction sees them, or NULL when it cannot be, or would
 * take more than max_bytes (then the copy is read anew):
 * columns_patch.c.
 */
struct kept *columns_patch(sqlite3 *db, const struct kept *old,
			   int version, size_t max_bytes);

#endif
