/* SPDX-License-Identifier: MIT */
/*
 * The conditions of an events query as tests of the copy of the events'
 * columns (columns.h), each exactly what its SQL in db/events_db.c
 * selects: country, location_country, type, quad_class, certainty,
 * actor, role, source (one value, any of several, none of several; an
 * actor in a role), from, to, bbox, the ranges of the Goldstein score,
 * tone and mentions, updated_since, and none of several ids.
 */
#ifndef DOSSIER_COLUMNS_TESTS_H
#define DOSSIER_COLUMNS_TESTS_H

#include <stddef.h>
#include <stdint.h>

#include "columns.h"
#include "query.h"

#define COLUMNS_MAX_LISTED 100	/* values of one condition (listing.c) */

/*
 * One condition. A text column is tested by pass[] of the event's text
 * number (0: NULL); a linked list by whether any entry has one of want[]
 * (when nwant) and one of roles[] (when nroles), or none does (none);
 * none of several ids by the events want[0..nwant), ascending.
 */
struct test {
	enum { ON_TEXT, ON_LINKED, ON_QUAD, FROM, TO, NUMBER, BOX, UPDATED,
	       NOT_EVENTS } on;
	const uint16_t *column;		/* ON_TEXT */
	uint8_t *pass;			/* ON_TEXT */
	const struct postings *by;	/* ON_TEXT: the column's, if kept */
	int64_t since;			/* UPDATED: columns_timestamp() */
	const struct linked *list;	/* ON_LINKED */
	uint32_t want[COLUMNS_MAX_LISTED];
	uint16_t roles[COLUMNS_MAX_LISTED];
	size_t nwant, nroles;
	int none;
	uint8_t quad[256];		/* ON_QUAD: by quad class + 128 */
	int32_t from, to;		/* FROM, TO: YYYYMMDD */
	/* NUMBER: lo <= the number (no_number when NULL) <= hi. */
	const double *reals;
	const int32_t *ints;
	uint8_t bit;
	double lo, hi, no_number;
	/* BOX: south, north, and one or two spans of longitude. */
	double south, north, west[2], east[2];
	int spans;
};

struct tests {
	struct test t[QUERY_MAX_WHERE];
	size_t n;
	const struct columns *c;
	/* With q=: the events its full-text index matches, in order (never
	 * NULL then); NULL without. */
	uint32_t *searched;
	size_t nsearched;
};

/*
 * q's conditions as tests of c: 1, or 0 when one is not testable here
 * (then nothing is left to free). A search (q=) of events is read from
 * its full-text index on this thread's connection: the events it
 * matches, which the other tests then narrow.
 */
int columns_tests_of(const struct columns *c, const struct query *q,
		     struct tests *ts);
/* The same of q's conditions besides its search (q=), if any. */
int columns_tests_besides_search(const struct columns *c,
				 const struct query *q, struct tests *ts);
void columns_tests_free(struct tests *ts);

/*
 * The events that pass every test, in order: a new array of *n. Only
 * those a search matched are tested, or else those of the test whose
 * values the fewest events have (their postings), when they are fewer
 * than all. Each test is a pass of its own over the events still kept.
 */
uint32_t *columns_matching(const struct tests *ts, size_t *n);

/*
 * The number of events columns_matching() would test first: a search's
 * matches (or the events of a test with far fewer, each looked up among
 * them), else the postings of the test whose values the fewest events
 * have (counted once per value), else every event.
 */
size_t columns_driven(const struct tests *ts);

/*
 * A search's matches are found among the events of another condition,
 * each looked up in the matches, when that condition has fewer than
 * this part of them; else the matches are each tested.
 */
#define COPY_DRIVES_SEARCH 16

/*
 * An upper bound on the events condition k matches, read from an order
 * of the copy (slice_of() in columns_tests.c): exact for a range of a
 * number or dates from a day, those that start by the day for dates to
 * it. 1 when counted into *n; 0 when there is no copy of the database
 * as it is now or k has no such order.
 */
int columns_bound(const struct condition *k, sqlite3_int64 *n);

/*
 * Of the events in[0..n), those that pass every test, in the same order,
 * into out (which may be in); returns how many. ts has no search.
 */
size_t columns_passing(const struct tests *ts, const uint32_t *in, size_t n,
		       uint32_t *out);

/*
 * The events of q's condition k, one value of a list (country=GE), each
 * once and in order: a new array of *n; and q's other conditions as
 * tests, into *others (to free). The kept graph or sums of k's value,
 * less those of its events that fail the others, are q's. NULL when k is
 * not such a condition, another is not testable here or drives through
 * fewer than three quarters of k's events (columns_driven()), or q has a
 * search (then nothing is left to free).
 */
uint32_t *columns_one_value(const struct columns *c, const struct query *q,
			    size_t k, size_t *n, struct tests *others);

/*
 * columns_one_value()'s events of condition k (NULL when it gives none,
 * or c is NULL), and into *pass (a new array of *npass) those of them
 * that pass q's other conditions, in order.
 */
uint32_t *columns_one_value_passing(const struct columns *c,
				    const struct query *q, size_t k,
				    size_t *n, uint32_t **pass, size_t *npass);

/*
 * For answers of kept rows less the events that fail (a kept grouping or
 * graph of every event, or of one country's): whether three quarters of
 * the events may pass q, by the condition that drives through fewest
 * (columns_driven()), on the current copy.
 */
int columns_most_may_pass(const struct query *q);

/*
 * The events of c that pass q's conditions, into *pass (a new array of
 * *npass): 0 when c is NULL or a condition is not tested there.
 */
int columns_all_passing(const struct columns *c, const struct query *q,
			uint32_t **pass, size_t *npass);

/*
 * The events of in[0..n) (of 0..n-1 when in is NULL) not in
 * pass[0..npass), both ascending, into *nout of them: in place in in,
 * or a new array.
 */
uint32_t *columns_failing_of(uint32_t *in, size_t n, const uint32_t *pass,
			     size_t npass, size_t *nout);

/*
 * The first of q's conditions that is country= of one value, whose
 * graph and groupings are kept (migrations 23 and 27), or -1.
 */
int columns_country_among(const struct query *q);

#endif
