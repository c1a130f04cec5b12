/* SPDX-License-Identifier: MIT */
/* The events' columns copied into memory and kept current (columns.h). */
#include "columns.h"
#include "columns_make.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "actor_columns.h"
#include "buf.h"
#include "dbs.h"

#include "db.h"
#include "event_key.h"
#include "log.h"
#include "relevance.h"
#include "strmap.h"
#include "term_docs.h"
#include "xalloc.h"


static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
/* Signalled when a copy is made, for the reads waiting (under lock). */
static pthread_cond_t made = PTHREAD_COND_INITIALIZER;
static int waiting;
/* A full copy made while no write came (idle_copy, under lock) is given
 * up when a read asks for a copy meanwhile (abandon): the next, made
 * from the last, takes a fraction of its time. */
static int idle_copy;
static atomic_int abandon;
static double abandon_asked;	/* when abandon was set (under lock) */
/* The copy being made is read anew (seconds at 1M events, not a
 * fraction of one): reads do not wait for it (under lock). */
static int full_coming;

/* Whether the copy being made is given up, asked at every 65536th row. */
static int given_up(size_t row)
{
	return (row & 0xffff) == 0 && atomic_load(&abandon);
}

/*
 * The same asked by SQLite as the keeper's statements run (its progress
 * handler): a statement of a copy given up stops where it is. Between
 * two rows asked (given_up()), the ids of the sources, the orders and
 * the words of the full-text index took 1-2 s at 1M events (more with
 * more), reads waiting for the next copy meanwhile.
 */
static int interrupted(void *unused)
{
	(void)unused;
	return atomic_load(&abandon);
}
static struct kept *current;	/* under lock */
static int wanted, stopping, running;	/* under lock */
/* The newest data_version a request that asked for a copy saw (INT_MAX:
 * one could not tell); under lock. */
static int wanted_version = INT_MIN;
static pthread_t thread;
static sqlite3 *watch;		/* data_version only; under watch_lock */
static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static size_t max_bytes;
static atomic_uint_fast64_t n_builds, n_answers, n_pages, n_events, n_bytes,
			    n_stale;
/* This thread's columns_allow_stale(), the copy behind the last commit
 * it handed out (one reference), and whether an answer read it. */
static _Thread_local long stale_ok = -1;
static _Thread_local struct kept *held;
static _Thread_local int held_read;
static _Atomic double last_seconds, last_full_seconds;
static atomic_uint_fast64_t n_patched, n_given_up;
static int said_too_large;	/* the keeper's own */
uint64_t columns_copies_made;	/* the keeper's own */

static void linked_free(struct linked *l)
{
	free(l->at);
	free(l->value);
	free(l->by.at);
	free(l->by.events);
}

/*
 * The postings of nvalues values over n events: event e has the values
 * value[at[e] .. at[e + 1]) of a list, or column[e] (0, NULL, none).
 */
static int columns_postings_make(struct postings *p, size_t n, size_t nvalues,
			 const uint32_t *at, const uint32_t *value,
			 const uint16_t *column)
{
	size_t e, v, total = 0;
	uint32_t j, *fill;

	p->nvalues = nvalues;
	p->at = calloc(nvalues + 1, sizeof(*p->at));
	fill = calloc(nvalues + 1, sizeof(*fill));
	if (!p->at || !fill) {
		free(fill);
		return -1;
	}
	for (e = 0; e < n; e++) {
		if (column) {
			if (column[e])
				p->at[column[e] + 1]++;
			continue;
		}
		for (j = at[e]; j < at[e + 1]; j++)
			p->at[value[j] + 1]++;
	}
	for (v = 0; v < nvalues; v++)
		p->at[v + 1] += p->at[v];
	total = p->at[nvalues];
	p->events = malloc((total ? total : 1) * sizeof(*p->events));
	if (!p->events) {
		free(fill);
		return -1;
	}
	memcpy(fill, p->at, nvalues * sizeof(*fill));
	for (e = 0; e < n; e++) {
		if (column) {
			if (column[e])
				p->events[fill[column[e]]++] = (uint32_t)e;
			continue;
		}
		for (j = at[e]; j < at[e + 1]; j++)
			p->events[fill[value[j]]++] = (uint32_t)e;
	}
	free(fill);
	return 0;
}

void columns_kept_free(struct kept *k)
{
	struct columns *c;
	size_t i;

	if (!k)
		return;
	c = &k->c;
	free(c->pk);
	free(c->by_date);
	free(c->by_id);
	free(c->start);
	free(c->end);
	free(c->day);
	free(c->month);
	free(c->year);
	free(c->type);
	free(c->root);
	free(c->place);
	free(c->quad);
	free(c->has);
	free(c->goldstein);
	free(c->tone);
	free(c->mentions);
	free(c->by_goldstein.events);
	free(c->by_tone.events);
	free(c->by_mentions.events);
	free(c->lat);
	free(c->lon);
	free(c->tokens);
	free(c->actor_tokens);
	strmap_free(&c->terms);
	strmap_free(&c->lists);
	free(c->word_at);
	free(c->word_events);
	free(c->by_place.at);
	free(c->by_place.events);
	free(c->certainty);
	free(c->by_certainty.at);
	free(c->by_certainty.events);
	free(c->updated);
	free(c->by_updated.events);
	linked_free(&c->involved);
	linked_free(&c->actors);
	linked_free(&c->sources);
	free(c->actor_ids.at);
	free(c->actor_ids.text);
	free(c->source_ids.at);
	free(c->source_ids.text);
	free(c->role);
	for (i = 0; c->all_counts && i < COLUMNS_GROUPINGS; i++)
		free(c->all_counts[i]);
	free(c->all_counts);
	for (i = 0; c->pair_grids &&
		    i < COLUMNS_GROUPINGS * COLUMNS_GROUPINGS; i++)
		free(c->pair_grids[i]);
	free(c->pair_grids);
	if (c->actor_columns)
		actor_columns_free(atomic_load(c->actor_columns));
	free(c->actor_columns);
	for (i = 1; i < c->ntexts; i++)
		free(c->text[i]);
	free(c->text);
	free(c->typed);
	strmap_free(&k->texts);
	free(k);
}

/*
 * Commits seen by the watching connection; -1 when it cannot tell. On
 * PostgreSQL, the count every write transaction adds one to, as this
 * thread's connection sees it (db_data_version()).
 */
static int data_version(void)
{
	static dbs *st;	/* under watch_lock */
	int v = -1;

	if (db_pg)
		return db_data_version();
	pthread_mutex_lock(&watch_lock);
	if (watch && !st &&
	    dbs_prepare_sqlite(watch, "PRAGMA data_version", &st) !=
	    SQLITE_OK) {
		dbs_finalize(st);
		st = NULL;
	}
	if (st && dbs_step(st) == SQLITE_ROW)
		v = dbs_column_int(st, 0);
	if (st)
		dbs_reset(st);
	if (!watch && st) {
		dbs_finalize(st);
		st = NULL;
	}
	pthread_mutex_unlock(&watch_lock);
	return v;
}

/* The number of text s (length len) in k's dictionary, added if new;
 * 0 for NULL; -1 when the dictionary is full. */
long columns_text_number(struct kept *k, const char *s, size_t len)
{
	struct columns *c = &k->c;
	char buf[64];
	int64_t v;

	if (!s)
		return 0;
	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (strmap_get(&k->texts, buf, &v))
		return (long)v;
	if (c->ntexts > UINT16_MAX)
		return -1;
	if ((c->ntexts & (c->ntexts - 1)) == 0)	/* 1, 2, 4...: full */
		c->text = xrealloc(c->text, 2 * c->ntexts * sizeof(*c->text));
	c->text[c->ntexts] = xstrdup(buf);
	strmap_put(&k->texts, buf, (int64_t)c->ntexts);
	return (long)c->ntexts++;
}

int64_t columns_timestamp(const char *s, size_t len)
{
	static const char form[] = "dddd-dd-ddTdd:dd:dd.dddZ";
	int64_t v = 0;
	size_t i;

	if (len == 0)
		return COLUMNS_NO_TIME;
	if (len != sizeof(form) - 1)
		return -1;
	for (i = 0; i < len; i++) {
		if (form[i] != 'd') {
			if (s[i] != form[i])
				return -1;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int32_t columns_date(const char *s, size_t len)
{
	int32_t v = 0;
	size_t i;

	if (len == 0)
		return 0;
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * The buckets of an event's dates, as aggregate.c's dimensions write
 * them: a day when it covers one, else its month when it stays in one,
 * else its year; month: its month or its year; undated: NULL.
 */
static int time_buckets(struct kept *k, size_t i, const char *start,
			int slen, const char *end, int elen)
{
	struct columns *c = &k->c;
	int one_month = slen >= 7 && elen >= 7 && memcmp(start, end, 7) == 0;
	long day, month, year;

	if (slen == 0) {
		c->day[i] = c->month[i] = c->year[i] = 0;
		return 0;
	}
	year = columns_text_number(k, start, slen < 4 ? (size_t)slen : 4);
	month = one_month ? columns_text_number(k, start, 7) : year;
	day = slen == elen && memcmp(start, end, (size_t)slen) == 0 ?
		columns_text_number(k, start, (size_t)slen) : month;
	if (day < 0 || month < 0 || year < 0)
		return -1;
	c->day[i] = (uint16_t)day;
	c->month[i] = (uint16_t)month;
	c->year[i] = (uint16_t)year;
	return 0;
}

long columns_text_at(struct kept *k, dbs *st, int col)
{
	if (dbs_column_type(st, col) == SQLITE_NULL)
		return 0;
	return columns_text_number(k, (const char *)dbs_column_text(st, col),
			   (size_t)dbs_column_bytes(st, col));
}

/* One event's row (pk, date_start, date_end, type_code, quad_class,
 * country, goldstein, avg_tone, num_mentions, lat, lon, certainty,
 * updated_at) into position i. */
int columns_read_event(struct kept *k, size_t i, dbs *st)
{
	struct columns *c = &k->c;
	const char *start = (const char *)dbs_column_text(st, 1);
	const char *end = (const char *)dbs_column_text(st, 2);
	int slen = dbs_column_bytes(st, 1), elen = dbs_column_bytes(st, 2);
	long type, root, place, certainty;
	sqlite3_int64 quad, mentions;

	c->start[i] = columns_date(start ? start : "", (size_t)slen);
	c->end[i] = columns_date(end ? end : "", (size_t)elen);
	if (c->start[i] < 0 || c->end[i] < 0 ||
	    time_buckets(k, i, start ? start : "", slen, end ? end : "",
			 elen) != 0)
		return -1;
	type = columns_text_at(k, st, 3);
	root = dbs_column_type(st, 3) == SQLITE_NULL ? 0 :
		columns_text_number(k, (const char *)dbs_column_text(st, 3),
			    dbs_column_bytes(st, 3) < 2 ?
			    (size_t)dbs_column_bytes(st, 3) : 2);
	place = columns_text_at(k, st, 5);
	certainty = columns_text_at(k, st, 11);
	if (type < 0 || root < 0 || place < 0 || certainty < 0)
		return -1;
	c->type[i] = (uint16_t)type;
	c->root[i] = (uint16_t)root;
	c->place[i] = (uint16_t)place;
	c->certainty[i] = (uint16_t)certainty;
	/* (NULL, which no updated_since passes, as '' is.) */
	c->updated[i] = dbs_column_type(st, 12) == SQLITE_NULL ?
		COLUMNS_NO_TIME : columns_timestamp(
			(const char *)dbs_column_text(st, 12),
			(size_t)dbs_column_bytes(st, 12));
	if (c->updated[i] == -1)
		c->updated_ok = 0;
	quad = dbs_column_int64(st, 4);
	if (dbs_column_type(st, 4) == SQLITE_NULL)
		c->quad[i] = COLUMNS_NO_QUAD;
	else if (dbs_column_type(st, 4) != SQLITE_INTEGER ||
		 quad <= INT8_MIN || quad > INT8_MAX)
		return -1;
	else
		c->quad[i] = (int8_t)quad;
	c->has[i] = 0;
	c->goldstein[i] = c->tone[i] = 0;
	c->mentions[i] = 0;
	if (dbs_column_type(st, 6) != SQLITE_NULL) {
		c->has[i] |= COLUMNS_HAS_GOLDSTEIN;
		c->goldstein[i] = dbs_column_double(st, 6);
	}
	if (dbs_column_type(st, 7) != SQLITE_NULL) {
		c->has[i] |= COLUMNS_HAS_TONE;
		c->tone[i] = dbs_column_double(st, 7);
	}
	if (dbs_column_type(st, 8) != SQLITE_NULL) {
		mentions = dbs_column_int64(st, 8);
		if (dbs_column_type(st, 8) != SQLITE_INTEGER ||
		    mentions < INT32_MIN || mentions > INT32_MAX)
			return -1;
		c->has[i] |= COLUMNS_HAS_MENTIONS;
		c->mentions[i] = (int32_t)mentions;
	}
	c->lat[i] = dbs_column_type(st, 9) == SQLITE_NULL ? NAN :
		    dbs_column_double(st, 9);
	c->lon[i] = dbs_column_type(st, 10) == SQLITE_NULL ? NAN :
		    dbs_column_double(st, 10);
	return 0;
}

/* Allocates the arrays of n events. */
static int columns_make_arrays(struct columns *c, size_t n)
{
	size_t e = n ? n : 1;

	c->start = malloc(e * sizeof(*c->start));
	c->end = malloc(e * sizeof(*c->end));
	c->day = malloc(e * sizeof(*c->day));
	c->month = malloc(e * sizeof(*c->month));
	c->year = malloc(e * sizeof(*c->year));
	c->type = malloc(e * sizeof(*c->type));
	c->root = malloc(e * sizeof(*c->root));
	c->place = malloc(e * sizeof(*c->place));
	c->quad = malloc(e * sizeof(*c->quad));
	c->has = malloc(e * sizeof(*c->has));
	c->goldstein = malloc(e * sizeof(*c->goldstein));
	c->tone = malloc(e * sizeof(*c->tone));
	c->mentions = malloc(e * sizeof(*c->mentions));
	c->lat = malloc(e * sizeof(*c->lat));
	c->lon = malloc(e * sizeof(*c->lon));
	c->tokens = calloc(e, sizeof(*c->tokens));
	c->certainty = malloc(e * sizeof(*c->certainty));
	c->updated = malloc(e * sizeof(*c->updated));
	c->updated_ok = 1;
	return c->start && c->end && c->day && c->month && c->year &&
	       c->type && c->root && c->place && c->quad && c->has &&
	       c->goldstein && c->tone && c->mentions && c->lat && c->lon &&
	       c->tokens && c->certainty && c->updated ? 0 : -1;
}

/*
 * A statement of the copy: on SQLite's own connection of the keeper (db),
 * on PostgreSQL the keeper thread's (db.c). NULL when it cannot be made.
 */
dbs *columns_copy_stmt(sqlite3 *db, const char *sql)
{
	dbs *st = NULL;

	if (db_pg)
		return db_stmt(sql);
	if (dbs_prepare_sqlite(db, sql, &st) == SQLITE_OK)
		return st;
	dbs_finalize(st);
	return NULL;
}

void columns_copy_done(dbs *st)
{
	if (db_pg)
		db_done(st);
	else
		dbs_finalize(st);
}

sqlite3_int64 columns_count_of(sqlite3 *db, const char *sql)
{
	dbs *st = columns_copy_stmt(db, sql);
	sqlite3_int64 n = -1;

	if (st && dbs_step(st) == SQLITE_ROW)
		n = dbs_column_int64(st, 0);
	columns_copy_done(st);
	return n;
}

/* Marks the codes of event_types in the dictionary. */
static int columns_mark_typed(struct kept *k, sqlite3 *db)
{
	dbs *st = NULL;
	int rc;

	k->c.typed = xcalloc(UINT16_MAX + 1, 1);
	if (!(st = columns_copy_stmt(db, "SELECT code FROM event_types")))
		return -1;
	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		int64_t v;

		if (strmap_get(&k->texts, (const char *)dbs_column_text(st, 0),
			       &v))
			k->c.typed[v] = 1;
	}
	columns_copy_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The values linked to the events (pks in pk[]): rows of sql (event,
 * value[, role][, flag]) in the order of their events, m of them. A
 * value is a text (its number) when text; a role, when roles, into
 * roles[]; when bit, a true flag sets it in the event's has[].
 */
static int read_linked(struct kept *k, sqlite3 *db, const sqlite3_int64 *pk,
		       const char *sql, size_t m, int text, uint16_t **roles,
		       uint8_t bit, struct linked *l)
{
	size_t i = 0, j = 0, n = k->c.n;
	dbs *st = NULL;
	int rc;

	l->at = malloc((n + 1) * sizeof(*l->at));
	l->value = malloc((m ? m : 1) * sizeof(*l->value));
	if (roles)
		*roles = malloc((m ? m : 1) * sizeof(**roles));
	if (!l->at || !l->value || (roles && !*roles) ||
	    !(st = columns_copy_stmt(db, sql)))
		return -1;
	l->at[0] = 0;
	while ((rc = dbs_step(st)) == SQLITE_ROW && !given_up(j)) {
		sqlite3_int64 event = dbs_column_int64(st, 0);
		sqlite3_int64 v = text ? columns_text_at(k, st, 1) :
				  dbs_column_int64(st, 1);
		long role = roles ? columns_text_at(k, st, 2) : 0;

		while (i < n && pk[i] < event)
			l->at[++i] = (uint32_t)j;
		if (i == n || pk[i] != event || j == m || v < 0 ||
		    v >= UINT32_MAX || role < 0)
			break;
		if (roles)
			(*roles)[j] = (uint16_t)role;
		if (bit && dbs_column_int(st, roles ? 3 : 2))
			k->c.has[i] |= bit;
		if ((uint32_t)v > l->top)
			l->top = (uint32_t)v;
		l->value[j++] = (uint32_t)v;
	}
	columns_copy_done(st);
	while (i < n)
		l->at[++i] = (uint32_t)j;
	for (i = 0; i < n; i++) {
		if (l->at[i + 1] - l->at[i] > l->most)
			l->most = l->at[i + 1] - l->at[i];
	}
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The ids of the pks up to top, from sql's rows (pk, id) by pk. 0, or
 * -1 when the statement fails or memory runs out.
 */
static int columns_read_ids(sqlite3 *db, const char *sql, size_t top,
		    struct ids *ids)
{
	struct buf text = BUF_INIT;
	dbs *st;
	size_t p, rows = 0;
	int rc;

	ids->top = top;
	ids->at = malloc((top + 1) * sizeof(*ids->at));
	if (!ids->at || !(st = columns_copy_stmt(db, sql)))
		return -1;
	for (p = 0; p <= top; p++)
		ids->at[p] = UINT32_MAX;
	while ((rc = dbs_step(st)) == SQLITE_ROW && !given_up(rows++)) {
		sqlite3_int64 pk = dbs_column_int64(st, 0);
		const char *id = (const char *)dbs_column_text(st, 1);

		if (pk > (sqlite3_int64)top)
			break;
		if (pk < 0 || !id || text.len >= UINT32_MAX - 4096)
			continue;
		ids->at[pk] = (uint32_t)text.len;
		buf_append(&text, id, (size_t)dbs_column_bytes(st, 1) + 1);
	}
	columns_copy_done(st);
	ids->text = buf_detach(&text, &ids->len);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

static size_t columns_ids_bytes(const struct ids *ids)
{
	return (ids->top + 1) * sizeof(*ids->at) + ids->len;
}

/* Marks the events in a relation, either way (needs c->pk). */
static int mark_related(struct columns *c, sqlite3 *db)
{
	dbs *st = columns_copy_stmt(db, "SELECT event FROM event_relations"
			    " UNION ALL SELECT related FROM event_relations");
	int rc;

	if (!st)
		return -1;
	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		long e = columns_event_of(c, dbs_column_int64(st, 0));

		if (e >= 0)
			c->has[e] |= COLUMNS_HAS_RELATED;
	}
	columns_copy_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

void columns_tokens_of(dbs *st, int col, uint16_t *out)
{
	int n = relevance_tokens(dbs_column_blob(st, col),
				 dbs_column_bytes(st, col));

	if (n >= 0)
		*out = n > UINT16_MAX ? UINT16_MAX : (uint16_t)n;
}

/*
 * Each event's length in tokens, all its full-text columns together,
 * from the sizes FTS5 keeps per row (keyed by event key: pk in the low
 * bits, event_key.h). Needs c->pk.
 */
static int read_tokens(struct columns *c, sqlite3 *db)
{
	dbs *st = NULL;
	size_t rows = 0;
	int rc;

	if (dbs_prepare_sqlite(db, "SELECT " EVENT_KEY_PK("id") ", sz FROM"
			       " events_fts_docsize", &st) !=
	    SQLITE_OK) {
		dbs_finalize(st);
		return -1;
	}
	while ((rc = dbs_step(st)) == SQLITE_ROW && !given_up(rows++)) {
		long e = columns_event_of(c, dbs_column_int64(st, 0));

		if (e >= 0)
			columns_tokens_of(st, 1, &c->tokens[e]);
	}
	dbs_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Each actor's length in tokens, by pk, from FTS5's sizes: ranking the
 * matches of a search of actors read them by a seek per match in a
 * table of every actor, a third of its work. Left NULL (the seeks
 * answer) when the pks are too sparse for an array. Returns the bytes
 * it holds, or -1.
 */
static long columns_read_actor_tokens(struct columns *c, sqlite3 *db)
{
	dbs *st = NULL;
	sqlite3_int64 top = 0, rows = 0;
	int rc;
	size_t i;

	if (dbs_prepare_sqlite(db, "SELECT max(id), count(*) FROM"
			       " actors_fts_docsize", &st) != SQLITE_OK) {
		dbs_finalize(st);
		return -1;
	}
	if ((rc = dbs_step(st)) == SQLITE_ROW) {
		top = dbs_column_int64(st, 0);
		rows = dbs_column_int64(st, 1);
	}
	dbs_finalize(st);
	if (rc != SQLITE_ROW)
		return -1;
	if (!columns_pks_fit(top, rows))
		return 0;
	c->actor_tokens_top = (size_t)top;
	c->actor_tokens = malloc(((size_t)top + 1) * sizeof(uint32_t));
	if (!c->actor_tokens)
		return -1;
	for (i = 0; i <= (size_t)top; i++)
		c->actor_tokens[i] = COLUMNS_NO_TOKENS;
	st = NULL;
	if (dbs_prepare_sqlite(db, "SELECT id, sz FROM actors_fts_docsize",
			       &st) != SQLITE_OK) {
		dbs_finalize(st);
		return -1;
	}
	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		sqlite3_int64 pk = dbs_column_int64(st, 0);
		int n = relevance_tokens(dbs_column_blob(st, 1),
					 dbs_column_bytes(st, 1));

		if (pk >= 0 && pk <= top && n >= 0)
			c->actor_tokens[pk] = (uint32_t)n;
	}
	dbs_finalize(st);
	return rc == SQLITE_DONE ? (long)(((size_t)top + 1) *
					  sizeof(uint32_t)) : -1;
}

/* Logs that n events need more than --columns-mb: said once, at info;
 * the copy is asked for again after each commit. */
static void too_large_said(sqlite3_int64 n, size_t bytes)
{
	log_msg(said_too_large++ ? LOG_DEBUG : LOG_INFO, "columns: %lld"
		" events need %zu MB, more than --columns-mb; aggregations"
		" read the events", (long long)n, bytes >> 20);
}

struct kept *columns_kept_new(size_t n, int version)
{
	struct kept *k = xcalloc(1, sizeof(*k));

	k->seq = -1;
	k->c.ntexts = 1;
	k->c.text = xcalloc(1, sizeof(*k->c.text));
	k->c.all_counts = xcalloc(COLUMNS_GROUPINGS,
				  sizeof(*k->c.all_counts));
	k->c.pair_grids = xcalloc(COLUMNS_GROUPINGS * COLUMNS_GROUPINGS,
				  sizeof(*k->c.pair_grids));
	k->c.actor_columns = xcalloc(1, sizeof(*k->c.actor_columns));
	k->c.data_version = version;
	k->c.generation = ++columns_copies_made;
	if (columns_make_arrays(&k->c, n) != 0) {
		columns_kept_free(k);
		return NULL;
	}
	return k;
}

int columns_derive(struct kept *k, sqlite3 *db)
{
	struct columns *c = &k->c;

	if ((!c->actor_ids.at &&
	     columns_read_ids(db, "SELECT pk, id FROM actors ORDER BY pk",
			      c->actors.top, &c->actor_ids) != 0) ||
	    (!c->source_ids.at &&
	     columns_read_ids(db, "SELECT pk, id FROM sources ORDER BY pk",
			      c->sources.top, &c->source_ids) != 0) ||
	    columns_mark_typed(k, db) != 0 || atomic_load(&abandon) ||
	    columns_postings_make(&c->involved.by, c->n, c->ntexts,
				  c->involved.at, c->involved.value,
				  NULL) != 0 ||
	    columns_postings_make(&c->actors.by, c->n, c->actors.top + 1,
				  c->actors.at, c->actors.value, NULL) != 0 ||
	    columns_postings_make(&c->sources.by, c->n, c->sources.top + 1,
				  c->sources.at, c->sources.value,
				  NULL) != 0 ||
	    columns_postings_make(&c->by_place, c->n, c->ntexts, NULL, NULL,
				  c->place) != 0 ||
	    columns_postings_make(&c->by_certainty, c->n, c->ntexts, NULL,
				  NULL, c->certainty) != 0 ||
	    atomic_load(&abandon) ||
	    (!c->by_date && columns_make_orders(c, NULL, NULL, NULL) != 0) ||
	    (!c->by_id && columns_id_order(c, db, NULL, NULL, NULL) != 0))
		return -1;
	k->bytes += 4 * (c->ntexts * 3 + c->actors.top + c->sources.top) +
		    columns_ids_bytes(&c->actor_ids) +
		    columns_ids_bytes(&c->source_ids);
	c->dense = columns_pks_dense(c);
	if (!db_pg) {
		long bytes = columns_read_actor_tokens(c, db);

		if (bytes < 0)
			return -1;
		k->bytes += (size_t)bytes;
	}
	return 0;
}

/* A copy of the database as db's read transaction sees it, or NULL. */
static struct kept *copy(sqlite3 *db, int version)
{
	struct kept *k = NULL;
	dbs *st = NULL;
	sqlite3_int64 n, m, mp, ms, *pk = NULL;
	size_t i = 0, bytes;
	int rc = SQLITE_ERROR;

	n = columns_count_of(db, "SELECT count(*) FROM events");
	m = columns_count_of(db, "SELECT count(*) FROM event_countries");
	mp = columns_count_of(db, "SELECT count(*) FROM participants");
	ms = columns_count_of(db, "SELECT count(*) FROM event_citations");
	if (n < 0 || m < 0 || mp < 0 || ms < 0 || m + mp + ms > UINT32_MAX)
		goto fail;
	bytes = (size_t)n * EVENT_BYTES + (size_t)(m + mp + ms) * LINKED_BYTES;
	if (bytes > max_bytes) {
		too_large_said(n, bytes);
		return NULL;
	}
	pk = malloc((size_t)(n ? n : 1) * sizeof(*pk));
	if (!pk || !(k = columns_kept_new((size_t)n, version)) ||
	    !(st = columns_copy_stmt(db, COLUMNS_EVENT_SQL " ORDER BY pk")))
		goto fail;
	k->bytes = bytes;
	/* The changes listed up to this snapshot: the next copy may be
	 * made from this one (SQLite's alone). */
	if (!db_pg)
		k->seq = columns_count_of(db, COLUMNS_LAST_CHANGE);
	while ((rc = dbs_step(st)) == SQLITE_ROW && i < (size_t)n) {
		pk[i] = dbs_column_int64(st, 0);
		if (columns_read_event(k, i, st) != 0 || given_up(i))
			break;
		i++;
	}
	if (atomic_load(&abandon))
		goto out;
	if (rc != SQLITE_DONE || i != (size_t)n)
		goto fail;
	columns_copy_done(st);
	st = NULL;
	k->c.n = i;
	k->c.pk = pk;
	pk = NULL;
	if (read_linked(k, db, k->c.pk, "SELECT event, country FROM"
			" event_countries ORDER BY event, country", (size_t)m,
			1, NULL, 0, &k->c.involved) != 0 ||
	    read_linked(k, db, k->c.pk, "SELECT event, actor, role, CASE WHEN"
			" note IS NULL THEN 0 ELSE 1 END FROM participants"
			" ORDER BY event, position",
			(size_t)mp, 0, &k->c.role, COLUMNS_HAS_NOTE,
			&k->c.actors) != 0 ||
	    read_linked(k, db, k->c.pk, "SELECT event, source, CASE WHEN"
			" quote = '' THEN 0 ELSE 1 END FROM event_citations"
			" ORDER BY event, position",
			(size_t)ms, 0, NULL, COLUMNS_HAS_QUOTE,
			&k->c.sources) != 0 ||
	    /* The lengths are FTS5's, for SQLite's relevance alone. */
	    mark_related(&k->c, db) != 0 ||
	    (!db_pg && read_tokens(&k->c, db) != 0) ||
	    columns_derive(k, db) != 0)
		goto fail;
	if (atomic_load(&abandon))
		goto out;
	/* So are the words' counts; without them, counts read postings. */
	k->c.has_terms = !db_pg && term_docs_read(db, &k->c.terms) == 0;
	k->bytes += k->c.terms.cap * (sizeof(char *) + sizeof(int64_t)) +
		    k->c.terms.len * 16;
	if (atomic_load(&abandon))
		goto out;
	/* ... and the commonest words' events: without them, a search
	 * reads its postings. */
	if (k->c.has_terms)
		k->bytes += term_docs_lists(db, &k->c);
	/* The ids and words, counted only once read, count too. */
	if (k->bytes > max_bytes) {
		too_large_said(n, k->bytes);
		goto out;
	}
	return k;
fail:
	if (atomic_load(&abandon))
		goto out;
	log_msg(LOG_INFO, "columns: not copied (a value the copy cannot hold,"
		" or %s); aggregations read the events", db_pg ?
		"the database failed" : sqlite3_errmsg(db));
out:
	if (st)
		columns_copy_done(st);
	free(pk);
	columns_kept_free(k);
	return NULL;
}

static void put_current(struct kept *k)
{
	struct kept *old;

	pthread_mutex_lock(&lock);
	old = current;
	current = k;
	pthread_cond_broadcast(&made);
	pthread_mutex_unlock(&lock);
	if (old && atomic_fetch_sub(&old->refs, 1) == 1)
		columns_kept_free(old);
	atomic_store(&n_events, k ? k->c.n : 0);
	atomic_store(&n_bytes, k ? k->bytes : 0);
}

static double now_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The time seconds from now, as pthread_cond_timedwait() takes it. */
static const struct timespec *time_in(double seconds, struct timespec *at)
{
	if (seconds < 0)
		seconds = 0;
	clock_gettime(CLOCK_REALTIME, at);
	at->tv_sec += (time_t)seconds;
	at->tv_nsec += (long)((seconds - (double)(time_t)seconds) * 1e9);
	if (at->tv_nsec >= 1000000000L) {
		at->tv_sec++;
		at->tv_nsec -= 1000000000L;
	}
	return at;
}

/* Waits seconds, or until stopping, or until a copy is wanted when
 * `asked` or a read waits for it; with lock held, as on return. */
static void rest(double seconds, int asked)
{
	struct timespec until;

	time_in(seconds, &until);
	while (!stopping && !(wanted && (asked || waiting)) &&
	       pthread_cond_timedwait(&wake, &lock, &until) == 0)
		;
}

/*
 * Begins db's read transaction, its snapshot taken, and sets *version to
 * the watching connection's data_version of that snapshot and *last to
 * its last change listed. The version is read before the snapshot and
 * again after it: when a commit came in between, the snapshot may or
 * may not hold it, so it is taken again (three times at most; then
 * *version is read before a snapshot taken later, which makes the copy
 * look old, never new). A copy tagged with the version
 * before a write it holds would look one commit old with no change
 * listed since, and be read anew. Returns 0, or -1 (no transaction
 * open).
 */
static int snapshot_begin(sqlite3 *db, int *version, sqlite3_int64 *last)
{
	int tries;

	for (tries = 0;; tries++) {
		*version = data_version();
		if (*version < 0 ||
		    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
			return -1;
		/* A read takes the snapshot (BEGIN alone does not). */
		if ((*last = columns_count_of(db, COLUMNS_LAST_CHANGE)) < 0) {
			sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
			return -1;
		}
		if (tries == 3 || data_version() == *version)
			return 0;
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
}

/* The watching connection's data_version as the server's last write
 * opened (db_on_write_open()); -1 before any. */
static atomic_int write_open_version = -1;

static void write_opened(void)
{
	atomic_store(&write_open_version, data_version());
}

/*
 * snapshot_begin(), and when old (the last copy, or NULL) is to be
 * patched, a commit with no change listed since it looked for again. A
 * commit that lists none is another program's, whose changes are
 * unknown: the copy is then read anew. But the watching connection's
 * data_version also moves when it reads while a write of the server
 * restarts the WAL (the first write after a checkpoint), before that
 * write commits and lists its changes: under a write a second at 1M
 * events, one write in ten had the copy read anew (5 s, the aggregations
 * only the copy answers quickly reading the events meanwhile, past
 * their budget). So while a write of the server is open that opened on
 * old's data_version (no commit came between: read before each
 * snapshot), a new snapshot is taken every 5 ms, 50 times at most (a
 * write takes about 15 ms). A write that opened after another program's
 * commit does not hide it. 0 with db's read transaction open, or -1
 * with none.
 */
static int settled(sqlite3 *db, const struct kept *old, int *version)
{
	const struct timespec step = { 0, 5000000 };
	int tries, writing, opened;
	sqlite3_int64 last;

	for (tries = 0;; tries++) {
		writing = db_writing();
		opened = atomic_load(&write_open_version);
		if (snapshot_begin(db, version, &last) != 0)
			return -1;
		/* Looked for again: a commit that listed no change since
		 * old, by a write of the server that opened on old's. */
		if (!old || !writing || opened != old->c.data_version ||
		    tries == 50 || last != old->seq ||
		    *version == old->c.data_version)
			break;
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		nanosleep(&step, NULL);
	}
	if (tries)
		log_msg(LOG_DEBUG, "columns: a commit that listed no change"
			" while a write was open, looked for again %d times",
			tries);
	return 0;
}

/* Tells the reads waiting for the next copy that it is read anew: they
 * read the events themselves rather than wait seconds. */
static void coming_full(void)
{
	pthread_mutex_lock(&lock);
	full_coming = 1;
	pthread_cond_broadcast(&made);
	pthread_mutex_unlock(&lock);
}

/* Copies the database while asked to, resting between copies as long
 * as the last took: under steady writes, half of one core at most. */
static void *keeper(void *unused)
{
	/* PostgreSQL's: this thread's connection to a standby (db.c). */
	sqlite3 *db = db_pg ? NULL : db_open_own();
	double pause = 1;

	if (db)
		sqlite3_progress_handler(db, 1 << 14, interrupted, NULL);
	if (db && term_docs_open(db) != 0)
		log_msg(LOG_WARN, "columns: no words of the full-text index:"
			" %s", sqlite3_errmsg(db));

	(void)unused;
	pthread_mutex_lock(&lock);
	while ((db || db_pg) && !stopping) {
		struct kept *k;
		double t0, took;
		int version, anew = 0;

		/* A copy made from the last lacks the words' lists: read
		 * anew once the writes pause for as long as that takes
		 * (twice as long after each given up, up to 16 times). */
		if (current && current->patched && !wanted && !stopping) {
			rest((atomic_load(&last_full_seconds) + 1) * pause,
			     1);
			anew = !wanted;
		}
		while (!wanted && !stopping && !anew)
			pthread_cond_wait(&wake, &lock);
		if (stopping)
			break;
		wanted = 0;
		wanted_version = INT_MIN;
		idle_copy = anew;
		atomic_store(&abandon, 0);
		pthread_mutex_unlock(&lock);
		if (anew)
			log_msg(LOG_DEBUG, "columns: reading a copy anew while"
				" no write comes");
		t0 = now_seconds();
		k = NULL;
		if (db_pg) {
			/* The count read in the copy's own snapshot. */
			if (db_route(0, NULL) == 0 &&
			    db_exec(NULL, "BEGIN ISOLATION LEVEL REPEATABLE"
				    " READ READ ONLY") == 0) {
				version = data_version();
				if (version >= 0)
					k = copy(NULL, version);
				db_exec(NULL, "COMMIT");
			}
		} else {
			if (settled(db, !anew && current &&
				    current->seq >= 0 ? current : NULL,
				    &version) == 0) {
				/* From the last copy when it can be. */
				if (!anew && current && current->seq >= 0)
					k = columns_patch(db, current, version,
							 max_bytes);
				if (!k) {
					/* (One made while no write came is
					 * given up for a read instead.) */
					if (!anew)
						coming_full();
					k = copy(db, version);
				}
				sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
			}
		}
		took = now_seconds() - t0;
		if (!k && anew && atomic_load(&abandon)) {
			/* Given up for a read: the current copy stays. */
			atomic_fetch_add(&n_given_up, 1);
			pthread_mutex_lock(&lock);
			log_msg(LOG_DEBUG, "columns: a copy read anew given up"
				" after %.3f s for a read, %.3f s after it"
				" asked", took, now_seconds() - abandon_asked);
			idle_copy = 0;
			full_coming = 0;
			pause = pause < 16 ? 2 * pause : pause;
			continue;
		}
		if (k) {
			k->taken = t0;
			atomic_store(&k->refs, 1);
			atomic_fetch_add(&n_builds, 1);
			atomic_store(&last_seconds, took);
			if (k->patched) {
				atomic_fetch_add(&n_patched, 1);
			} else {
				atomic_store(&last_full_seconds, took);
				pause = 1;
			}
			log_msg(LOG_DEBUG, "columns: %zu events copied in"
				" %.3f s%s", k->c.n, took, k->patched ?
				", from the last copy and the events changed"
				" since" : "");
		}
		put_current(k);
		pthread_mutex_lock(&lock);
		idle_copy = 0;
		full_coming = 0;
		/* Asked for while it was made (every read asks, at its
		 * start: columns_pin()), the copy answers those who asked
		 * when none of them saw a newer commit than it holds. */
		if (k && wanted_version <= k->c.data_version)
			wanted = 0;
		/* A failed copy is tried again a minute later at the soonest. */
		rest(k || took > 60 ? took : 60, 0);
	}
	pthread_mutex_unlock(&lock);
	sqlite3_close(db);
	if (db_pg)
		db_thread_close();
	return NULL;
}

int columns_start(unsigned max_mb)
{
	if (max_mb == 0)
		return 0;
	max_bytes = (size_t)max_mb << 20;
	/* PostgreSQL's count is read on each thread's own connection. */
	watch = db_pg ? NULL : db_open_own();
	if (!watch && !db_pg)
		return -1;
	wanted = 1;
	if (!db_pg)
		db_on_write_open(write_opened);
	if (pthread_create(&thread, NULL, keeper, NULL) != 0) {
		log_msg(LOG_ERROR, "columns: cannot start its thread");
		db_on_write_open(NULL);
		sqlite3_close(watch);
		watch = NULL;
		return -1;
	}
	running = 1;
	return 0;
}

void columns_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&lock);
	stopping = 1;
	pthread_cond_broadcast(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(thread, NULL);
	running = 0;
	db_on_write_open(NULL);
	put_current(NULL);
	pthread_mutex_lock(&watch_lock);
	sqlite3_close_v2(watch);	/* its statement goes below */
	watch = NULL;
	pthread_mutex_unlock(&watch_lock);
	if (!db_pg)
		data_version();	/* finalises its statement */
}

/*
 * The copy of the database as it is now, or (lag >= 0) one behind it
 * whose snapshot is no more than lag seconds old: the thread's held
 * copy when it has one (every part of an answer reads the same), else
 * the current one, then held until columns_allow_stale(-1).
 */
static const struct columns *current_copy(long lag, int wait)
{
	struct kept *k;
	int version;
	double until = 0;

	if (!running)
		return NULL;
	if (lag >= 0 && held) {
		atomic_fetch_add(&held->refs, 1);
		return &held->c;
	}
	if (wait)
		until = now_seconds() + (double)db_budget_left_ms() / 2000;
	for (;;) {
		struct timespec at;

		version = data_version();
		pthread_mutex_lock(&lock);
		k = current;
		if (k && version >= 0 && k->c.data_version == version) {
			atomic_fetch_add(&k->refs, 1);
			break;
		}
		if (k && lag >= 0 && now_seconds() - k->taken <= (double)lag) {
			/* One reference for the caller, one held. */
			atomic_fetch_add(&k->refs, 2);
			held = k;
			break;
		}
		wanted = 1;
		if (idle_copy && !atomic_load(&abandon)) {
			abandon_asked = now_seconds();
			atomic_store(&abandon, 1);
		}
		if (version < 0)
			wanted_version = INT_MAX;
		else if (version > wanted_version)
			wanted_version = version;
		pthread_cond_signal(&wake);
		/* The next copy, made from this one, takes a fraction of a
		 * second: waited for, within half of what is left of the
		 * request's budget, rather than reading every matching
		 * event for seconds. */
		if (!wait || !k || k->seq < 0 || full_coming ||
		    now_seconds() >= until) {
			k = NULL;
			break;
		}
		waiting++;
		pthread_cond_timedwait(&made, &lock,
				       time_in(until - now_seconds(), &at));
		waiting--;
		pthread_mutex_unlock(&lock);
	}
	pthread_mutex_unlock(&lock);
	return k ? &k->c : NULL;
}

const struct columns *columns_current(void)
{
	return current_copy(-1, 0);
}

const struct columns *columns_recent(void)
{
	return current_copy(stale_ok, 1);
}

void columns_allow_stale(long max_seconds)
{
	if (held)
		columns_release(&held->c);
	held = NULL;
	held_read = 0;
	stale_ok = max_seconds < 0 ? -1 : max_seconds;
}

long columns_stale_pause(void)
{
	long was = stale_ok;

	stale_ok = -1;
	return was;
}

void columns_stale_resume(long was)
{
	stale_ok = was;
}

long columns_stale_age(void)
{
	return held && held_read ? (long)(now_seconds() - held->taken) : -1;
}

void columns_release(const struct columns *c)
{
	struct kept *k;

	if (!c)
		return;
	k = (struct kept *)((char *)c - offsetof(struct kept, c));
	if (atomic_fetch_sub(&k->refs, 1) == 1)
		columns_kept_free(k);
}

/* The copy this thread's read transaction began with (columns_pin()). */
static _Thread_local const struct columns *pinned;

void columns_pin(void)
{
	columns_unpin();
	/* PostgreSQL's count is read in the request's own snapshot: the
	 * copy current there is of that snapshot, no pin needed. */
	if (!db_pg)
		pinned = current_copy(-1, 0);
}

const struct columns *columns_snapshot(void)
{
	const struct columns *c;

	if (db_pg)
		return current_copy(-1, 0);
	if (!pinned)
		return NULL;
	/* The pin holds a reference: no other copy takes its address. */
	c = current_copy(-1, 0);
	if (c != pinned) {
		columns_release(c);
		return NULL;
	}
	return c;
}

void columns_unpin(void)
{
	columns_release(pinned);
	pinned = NULL;
}

size_t columns_below(const struct columns *c, int32_t start, sqlite3_int64 pk,
		     int equal)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t e = c->by_date[mid];
		int cmp = c->start[e] != start ?
			  (c->start[e] > start) - (c->start[e] < start) :
			  (c->pk[e] > pk) - (c->pk[e] < pk);

		if (cmp < 0 || (equal && cmp == 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

long columns_event_of(const struct columns *c, sqlite3_int64 pk)
{
	size_t lo = 0, hi;

	if (!c->n || pk < c->pk[0])
		return -1;
	if (c->dense)
		return pk - c->pk[0] < (sqlite3_int64)c->n ?
		       (long)(pk - c->pk[0]) : -1;
	/* pks ascend from the first by at least one an event: the event
	 * is at most pk - pk[0] along, and there when none was deleted. */
	hi = (uint64_t)(pk - c->pk[0]) < c->n ? (size_t)(pk - c->pk[0]) + 1 :
	     c->n;
	if (c->pk[hi - 1] == pk)
		return (long)(hi - 1);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->pk[mid] < pk)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->n && c->pk[lo] == pk ? (long)lo : -1;
}

int columns_mark_key(sqlite3_int64 key, void *ud)
{
	struct columns_marking *mk = ud;
	long e = columns_event_of(mk->c, event_key_pk(key));

	if (e < 0)
		return 1;
	mk->n += !(mk->marked[e / 64] >> (e % 64) & 1);
	mk->marked[e / 64] |= (uint64_t)1 << (e % 64);
	return 0;
}

size_t columns_marked_events(const uint64_t *marked, size_t words,
			     uint32_t *out)
{
	size_t w, n = 0;

	for (w = 0; w < words; w++) {
		uint64_t bits = marked[w];

		while (bits) {
			out[n++] = (uint32_t)(w * 64 +
					      (size_t)__builtin_ctzll(bits));
			bits &= bits - 1;
		}
	}
	return n;
}

unsigned columns_text(const struct columns *c, const char *s)
{
	const struct kept *k = (const struct kept *)
		((const char *)c - offsetof(struct kept, c));
	int64_t v;

	return strmap_get(&k->texts, s, &v) ? (unsigned)v : 0;
}

/*
 * event_tokens(0, key), actor_tokens(0, pk): the length in tokens of the
 * full-text row of the event of key (an event key) or of the actor of
 * pk, from the copy: NULL when there is no copy of the database as it is
 * now, or the record is not in it. The copy is taken on the first call
 * of a statement and kept for its others (the constant first argument
 * holds it).
 */
static void release_copy(void *c)
{
	columns_release(c);
}

/* The copy a call of event_tokens() or actor_tokens() reads, or NULL. */
static const struct columns *tokens_copy(sqlite3_context *ctx)
{
	const struct columns *c = sqlite3_get_auxdata(ctx, 0);

	if (c)
		return c;
	c = columns_current();
	if (!c)
		return NULL;
	sqlite3_set_auxdata(ctx, 0, (void *)c, release_copy);
	/* SQLite may drop it at once (no room): read it again. */
	return sqlite3_get_auxdata(ctx, 0);
}

static void event_tokens(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct columns *c = tokens_copy(ctx);
	long e;

	(void)argc;
	e = c ? columns_event_of(c, event_key_pk(sqlite3_value_int64(argv[1]))) :
		-1;
	if (e < 0)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_int(ctx, c->tokens[e]);
}

static void actor_tokens(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct columns *c = tokens_copy(ctx);
	sqlite3_int64 pk = sqlite3_value_int64(argv[1]);

	(void)argc;
	if (!c || !c->actor_tokens || pk < 0 ||
	    (sqlite3_uint64)pk > c->actor_tokens_top ||
	    c->actor_tokens[pk] == COLUMNS_NO_TOKENS)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_int64(ctx, c->actor_tokens[pk]);
}

int columns_register(sqlite3 *db)
{
	return sqlite3_create_function(db, "event_tokens", 2, SQLITE_UTF8,
				       NULL, event_tokens, NULL, NULL) ==
	       SQLITE_OK &&
	       sqlite3_create_function(db, "actor_tokens", 2, SQLITE_UTF8,
				       NULL, actor_tokens, NULL, NULL) ==
	       SQLITE_OK ? 0 : -1;
}

int columns_has_tokens(void)
{
	const struct columns *c;

	/* FTS5's lengths: PostgreSQL's copy reads none (copy()). */
	if (db_pg)
		return 0;
	c = columns_current();
	columns_release(c);
	return c != NULL;
}

void columns_stats(struct columns_stats *out)
{
	out->events = atomic_load(&n_events);
	out->bytes = atomic_load(&n_bytes);
	out->builds = atomic_load(&n_builds);
	out->answers = atomic_load(&n_answers);
	out->pages = atomic_load(&n_pages);
	out->stale = atomic_load(&n_stale);
	out->patched = atomic_load(&n_patched);
	out->given_up = atomic_load(&n_given_up);
	out->last_build_seconds = atomic_load(&last_seconds);
}

void columns_answered(void)
{
	atomic_fetch_add(&n_answers, 1);
}

void columns_answered_from(const struct columns *c)
{
	columns_answered();
	if (held && c == &held->c) {
		atomic_fetch_add(&n_stale, 1);
		held_read = 1;
	}
}

void columns_page_listed(void)
{
	atomic_fetch_add(&n_pages, 1);
}

void columns_least_push(struct columns_least *h, uint32_t x)
{
	size_t i, up;

	if (h->n == h->cap) {
		if (x <= h->heap[0])
			return;
		/* The least gives way: x sifts down from the root. */
		for (i = 0;; i = up) {
			size_t l = 2 * i + 1, r = l + 1;

			up = i;
			if (l < h->n && h->heap[l] < (up == i ? x : h->heap[up]))
				up = l;
			if (r < h->n && h->heap[r] < (up == i ? x : h->heap[up]))
				up = r;
			if (up == i)
				break;
			h->heap[i] = h->heap[up];
		}
		h->heap[i] = x;
		return;
	}
	for (i = h->n++; i > 0 && h->heap[(i - 1) / 2] > x; i = (i - 1) / 2)
		h->heap[i] = h->heap[(i - 1) / 2];
	h->heap[i] = x;
}

/* Hoare's selection, in place. */
sqlite3_int64 columns_kth_largest(sqlite3_int64 *x, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	k--;
	while (lo < hi) {
		sqlite3_int64 pivot = x[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;

		while (i <= j) {
			while (x[i] > pivot)
				i++;
			while (x[j] < pivot)
				j--;
			if (i <= j) {
				sqlite3_int64 tmp = x[i];

				x[i++] = x[j];
				x[j] = tmp;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return x[k];
}
