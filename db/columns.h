/* SPDX-License-Identifier: MIT */
/*
 * A copy in memory of the few columns of every event that aggregations
 * filter and group by: dates, CAMEO code, quad class, place, point,
 * GDELT's numbers, and the countries involved, actors (and their roles)
 * and sources cited, one array per column. The summary
 * cells answer one condition or a few of the same kind; a combination
 * they do not hold (a country and a range of tone, a place and a code
 * and a range of mentions) read every matching event through SQLite's
 * indexes, a lookup per event, for up to seconds. Scanning these arrays
 * takes a few nanoseconds per event instead (columns_sum.h).
 *
 * The copy is made by a thread of its own when the server starts and
 * again after a commit (by this server or any other process: SQLite's
 * data_version on a connection of its own tells), from the last copy
 * and the events the commits changed when they are listed
 * (columns_patch.c; when the only commits since are another
 * program's, which list none, the copy is read anew). It answers only
 * while it holds the database as it is now; meanwhile a read waits for
 * the next copy a short while (columns_recent()) unless it is read
 * anew, then reads the events as before.
 */
#ifndef DOSSIER_COLUMNS_H
#define DOSSIER_COLUMNS_H

#include <stddef.h>
#include <stdint.h>

#include "dbs.h"
#include "strmap.h"

/*
 * The events of each value v: events[at[v] .. at[v + 1]), in order (an
 * event twice where it has the value twice), for a condition on a value
 * few events have to test those alone.
 */
struct postings {
	uint32_t *at;
	uint32_t *events;
	size_t nvalues;
};

/*
 * The values linked to each event (its countries, actors or sources):
 * those of event i are value[at[i] .. at[i + 1]), each list in the order
 * of its rows' keys; most: the longest list; top: the largest value.
 */
struct linked {
	uint32_t *at;
	uint32_t *value;
	size_t most;
	uint32_t top;
	struct postings by;	/* the events of each value */
};

/*
 * The events that have a number, by that number ascending (then by
 * event): the events of a range of it are a slice, found by bisection.
 * The events without it follow, by event, up to the copy's n (a page
 * sorted by the number puts them below all others).
 */
struct ordered {
	uint32_t *events;
	size_t n;
};

/*
 * The ids (the texts the API names them by) of the actors or sources the
 * events link to: pk p's is text + at[p], NUL-terminated, for p up to
 * top; at[p] is UINT32_MAX for a pk no event links to.
 */
struct ids {
	uint32_t *at;
	char *text;
	size_t len, top;	/* text's bytes; the largest pk */
};

/*
 * Texts the columns hold (countries, codes, roots, dates as their
 * buckets) are numbered in one dictionary; 0 is NULL.
 */
struct columns {
	size_t n;		/* events */
	sqlite3_int64 *pk;	/* each event's pk, ascending */
	uint32_t *by_date;	/* the events by date_start, then pk */
	/* The events by id, as its index orders them (bytes, as strcmp()
	 * does): pages by id walk it. */
	uint32_t *by_id;
	int dense;		/* pk[e] is pk[0] + e: none was deleted */
	int32_t *start, *end;	/* YYYYMMDD of date_start, date_end; 0: '' */
	uint16_t *day, *month, *year;	/* an event's time buckets */
	uint16_t *type, *root;	/* type_code, its first two characters */
	uint16_t *place;	/* events.country: where it happened */
	struct postings by_place;
	uint16_t *certainty;	/* how it is reported (text number) */
	struct postings by_certainty;
	/* updated_at as a number that orders as the text does
	 * (columns_timestamp()), and the events by it; updated_ok when
	 * every event's is of the stored form or empty. */
	int64_t *updated;
	struct ordered by_updated;
	int updated_ok;
	int8_t *quad;		/* quad_class; COLUMNS_NO_QUAD when NULL */
	uint8_t *has;		/* COLUMNS_HAS_* bits: numbers not NULL */
	double *goldstein, *tone;
	int32_t *mentions;
	struct ordered by_goldstein, by_tone, by_mentions;
	double *lat, *lon;	/* the point; NaN when NULL */
	uint16_t *tokens;	/* length of its full-text row, in tokens */
	/* Each actor's full-text row's length in tokens, by pk up to
	 * actor_tokens_top; COLUMNS_NO_TOKENS for a pk without one. NULL
	 * when not read (PostgreSQL; pks too sparse for an array). */
	uint32_t *actor_tokens;
	size_t actor_tokens_top;
	/* Each word of the full-text index: its number of events
	 * (term_docs.h); SQLite's alone. */
	struct strmap terms;
	int has_terms;
	/* The events of the commonest words, ascending (term_docs.h):
	 * word i of `lists` has word_events[word_at[i]..word_at[i + 1]). */
	struct strmap lists;
	uint32_t *word_at, *word_events;
	struct linked involved;	/* countries, as text numbers */
	struct linked actors;	/* actors' pks, by position */
	uint16_t *role;		/* each participant's role (text number) */
	struct linked sources;	/* sources' pks, by position */
	struct ids actor_ids, source_ids;
	/* The dictionary: text[k] for k in 1..ntexts-1; typed[k] when the
	 * text is a code of event_types. */
	char **text;
	uint8_t *typed;
	size_t ntexts;
	/* Per grouping columns_sum.c counts by (COLUMNS_GROUPINGS of
	 * them), the events of each value among all the copy's, made when
	 * a count of most events first wants them: the copy is read by
	 * every thread, so each is set once, atomically. */
	void *_Atomic *all_counts;
	/* Per pair of them, the pairs of their values with most events
	 * counted over all the copy's events (columns_sum.c's grids, one
	 * allocation each), made and set the same way. */
	void *_Atomic *pair_grids;
	/* Every actor's kind, country and places in the sort orders
	 * (actor_columns.h), made by the first request that wants them:
	 * one slot. */
	void *_Atomic *actor_columns;
	int data_version;	/* of the watching connection, when copied */
	uint64_t generation;	/* this copy's number: 1, 2, ... */
};

/*
 * Whether arrays indexed by pk fit a table of `rows` rows whose largest
 * pk is top: at most four slots a row, and a million besides (beyond,
 * the pks are too sparse and the database answers).
 */
static inline int columns_pks_fit(long long top, long long rows)
{
	return top >= 0 && top <= 4 * rows + (1 << 20);
}

#define COLUMNS_GROUPINGS 11
#define COLUMNS_NO_QUAD INT8_MIN
#define COLUMNS_NO_TOKENS UINT32_MAX
#define COLUMNS_HAS_GOLDSTEIN 1
#define COLUMNS_HAS_TONE 2
#define COLUMNS_HAS_MENTIONS 4
/* A participant with a note, a citation with a quote: a page reads
 * those events' lists from the database (linked.c). */
#define COLUMNS_HAS_NOTE 8
#define COLUMNS_HAS_QUOTE 16
/* In a relation to another event, either way: a page reads its related
 * events from the database; the others have none. */
#define COLUMNS_HAS_RELATED 32

/*
 * strcmp() of the id of event pk, read by st ("SELECT id FROM events
 * WHERE pk = ?"), with id into *cmp, for a bisection of the order of
 * ids (by_id), whose ids the copy does not hold: 0, or -1 when no event
 * has that pk (a commit since the copy's snapshot).
 */
int columns_id_cmp(dbs *st, sqlite3_int64 pk, const char *id, int *cmp);

/*
 * Starts the thread that keeps the copy, which holds at most max_mb
 * megabytes (no copy of a larger database; 0: never any). Returns 0 or
 * -1 (logged).
 */
int columns_start(unsigned max_mb);
void columns_stop(void);

/*
 * The copy when it holds the database as it is now, else NULL (and the
 * thread is asked for a new one). Hand it back with columns_release().
 */
const struct columns *columns_current(void);
void columns_release(const struct columns *c);

/*
 * The same for an answer read from the copy alone (an aggregation, a
 * count, a network), which waits for the next copy, made from the last,
 * for up to half of what is left of the request's budget; after
 * columns_allow_stale() it may be a copy behind the last commit.
 */
const struct columns *columns_recent(void);

/*
 * Lets columns_recent() on this thread, until columns_allow_stale(-1),
 * hand out a copy that is behind the last commit when its snapshot was
 * taken no more than max_seconds ago (a request's Cache-Control:
 * max-stale): an aggregation then answers at once from data up to that
 * old instead of reading the events. The first such copy is kept for
 * the rest of the request, so that all its parts read the same one.
 * Everything else stays exact. Resets columns_stale_age().
 */
void columns_allow_stale(long max_seconds);
/* The age in seconds of the snapshot of the copy behind the last
 * commit that an answer on this thread read since columns_allow_stale()
 * (columns_answered_from()), or -1 when none did. */
long columns_stale_age(void);

/*
 * For an answer that adds the copy's part to the database's (a range of
 * tone: the summaries' cells and the copy's edges): columns_recent() is
 * columns_current() until columns_stale_resume() with what
 * columns_stale_pause() returned.
 */
long columns_stale_pause(void);
void columns_stale_resume(long was);

/*
 * For an answer that reads both the database and the copy: before its
 * read transaction starts, columns_pin() keeps the current copy; then
 * columns_snapshot() is that copy when it is still current (no commit
 * came in between, so the transaction reads the same data), else NULL.
 * Hand it back with columns_release(); columns_unpin() after the
 * transaction.
 */
void columns_pin(void);
const struct columns *columns_snapshot(void);
void columns_unpin(void);

/*
 * Whether there is a copy of the database as it is now that holds the
 * events' and actors' lengths in tokens for event_tokens() and
 * actor_tokens() (SQLite's alone).
 */
int columns_has_tokens(void);

/*
 * Registers event_tokens(0, key) and actor_tokens(0, pk) on db: the
 * length in tokens of the full-text row of the event of an event key, or
 * of the actor of pk, from the copy (NULL without one, or when the copy
 * does not hold it). Returns 0 or -1.
 */
int columns_register(sqlite3 *db);

/* "YYYY-MM-DD" (len bytes) as YYYYMMDD, which orders as the text does;
 * '' as 0; -1 for anything else. */
int32_t columns_date(const char *s, size_t len);

/* A timestamp of the stored form "YYYY-MM-DDTHH:MM:SS.fffZ" (len bytes)
 * as YYYYMMDDHHMMSSfff, which orders as the text does; '' as
 * COLUMNS_NO_TIME, below every other; -1 for anything else. */
int64_t columns_timestamp(const char *s, size_t len);
#define COLUMNS_NO_TIME INT64_MIN

/* qsort()'s order of uint32_t values, ascending. */
int columns_ascending(const void *x, const void *y);

/* A number as a key that sorts as it does, unsigned: its bits, the
 * sign's flipped (and a negative's others too). */
uint64_t columns_real_key(double v);
uint64_t columns_int_key(int64_t v);

/* The events of a search's matches, marked in a bitmap of c's. */
struct columns_marking {
	const struct columns *c;
	uint64_t *marked;
	size_t n;	/* marked */
};

/* Marks the event of the match of key (an event key, event_key.h) in
 * ud, a struct columns_marking; nonzero when c lacks it (match_keys.h's
 * each). */
int columns_mark_key(sqlite3_int64 key, void *ud);

/* The events whose bits are set in marked[0..words), in order, into
 * out; returns how many. */
size_t columns_marked_events(const uint64_t *marked, size_t words,
			     uint32_t *out);

/* The event (its place in the arrays) of a pk, or -1 when none has it. */
long columns_event_of(const struct columns *c, sqlite3_int64 pk);

/* The number of events of by_date whose (date_start, pk) is below
 * (start, pk), or at most it when `equal`. */
size_t columns_below(const struct columns *c, int32_t start,
		     sqlite3_int64 pk, int equal);

/* The number of text s in c's dictionary, or 0 when it has none. */
unsigned columns_text(const struct columns *c, const char *s);

/*
 * Scanning a condition's events (events[0..n), ascending but scattered
 * over the copy), a read of each one's row of a column, or of its list,
 * waits for memory. These ask for them a few events ahead of events[i]:
 * a column's row 16 on; a list's place 16 on, then its entries (and
 * their roles, unless role is NULL) 8 on, once that place is in. Macros:
 * GCC finds a function of prefetches alone free of effects and drops
 * its calls.
 */
#define COLUMNS_AHEAD(column, events, n, i) do { \
	if ((i) + 16 < (n)) \
		__builtin_prefetch(&(column)[(events)[(i) + 16]]); \
} while (0)

#define COLUMNS_LIST_AHEAD(l, role, events, n, i) do { \
	COLUMNS_AHEAD((l)->at, events, n, i); \
	if ((i) + 8 < (n)) { \
		uint32_t ahead_ = (l)->at[(events)[(i) + 8]]; \
		__builtin_prefetch(&(l)->value[ahead_]); \
		if (role) \
			__builtin_prefetch(&(role)[ahead_]); \
	} \
} while (0)

/* Where a 64-bit key goes in a hash table of cap slots (a power of
 * two): every bit of it mixed (MurmurHash3's finaliser), since the keys
 * of the copy's tables differ in their high bits. */
static inline size_t columns_home(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	key *= 0xc4ceb9fe1a85ec53ULL;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

/*
 * A min-heap of the `cap` largest numbers pushed: its least, heap[0],
 * is the cap-th largest once full.
 */
struct columns_least {
	uint32_t *heap;
	size_t n, cap;
};

void columns_least_push(struct columns_least *h, uint32_t x);

/* The k-th largest (from 1) of x[0..n), n >= k >= 1; x is reordered. */
sqlite3_int64 columns_kth_largest(sqlite3_int64 *x, size_t n, size_t k);

/* For /metrics: events in the copy (0: none), copies made (of which
 * patched: from the last one and the events changed since), full copies
 * begun while no write came and given up for a read, answers, pages
 * whose lists it wrote, copies behind the last commit handed out
 * (columns_allow_stale()). */
struct columns_stats {
	uint64_t events, builds, answers, pages, bytes, stale, patched,
		 given_up;
	double last_build_seconds;
};
void columns_stats(struct columns_stats *out);
/* Counts an answer given from the copy; columns_answered_from() with
 * the copy from columns_recent(), which may be behind the last commit
 * (then counted and aged as such). */
void columns_answered(void);
void columns_answered_from(const struct columns *c);
/* Counts a page whose events' lists the copy wrote (copied_page.h). */
void columns_page_listed(void);

#endif
