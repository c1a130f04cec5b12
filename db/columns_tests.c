/* SPDX-License-Identifier: MIT */
/* Conditions as tests of the events' columns (see columns_tests.h). */
#include "columns_tests.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "event_key.h"
#include "match_keys.h"
#include "per_thread.h"
#include "term_docs.h"
#include "xalloc.h"

void columns_tests_free(struct tests *ts)
{
	size_t i;

	for (i = 0; i < ts->n; i++)
		free(ts->t[i].pass);
	ts->n = 0;
	free(ts->searched);
	ts->searched = NULL;
	ts->nsearched = 0;
}

/* A bound of a date filter: "YYYY-MM-DD" as YYYYMMDD, or -1. */
static int32_t date_of(const char *s)
{
	size_t n = strlen(s);

	return n ? columns_date(s, n) : -1;
}

/* The values of a condition: its one value (the first bind), or its
 * list (a JSON array). */
static json_t *values_of(const struct condition *k)
{
	json_t *list;

	if (k->form != FORM_ANY && k->form != FORM_NOT) {
		list = json_array();
		if (k->binds[0].is_int)
			json_array_append_new(list, json_integer(k->binds[0].i));
		else
			json_array_append_new(list, json_string(k->binds[0].text));
		return list;
	}
	list = json_loads(k->binds[0].text, 0, NULL);
	if (list && (!json_is_array(list) ||
		     json_array_size(list) > COLUMNS_MAX_LISTED)) {
		json_decref(list);
		return NULL;
	}
	return list;
}

/* Whether code is under prefix p, as the filter of types reads it
 * (p <= code < p || ':'). */
static int under(const char *code, const char *p)
{
	char end[64];
	size_t n = strlen(p);

	if (n + 2 > sizeof(end))
		return 0;
	memcpy(end, p, n);
	end[n] = ':';
	end[n + 1] = '\0';
	return strcmp(code, p) >= 0 && strcmp(code, end) < 0;
}

/* Marks in t->pass the texts listed; 0 when one is not text. */
static int mark_texts(const struct columns *c, struct test *t, json_t *list)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v) {
		if (!json_is_string(v))
			return 0;
		t->pass[columns_text(c, json_string_value(v))] = 1;
	}
	t->pass[0] = 0;	/* NULL is no listed text */
	return 1;
}

/* Marks the codes of event types under any listed prefix. */
static int mark_codes(const struct columns *c, struct test *t, json_t *list)
{
	size_t i, k;
	json_t *v;

	json_array_foreach(list, i, v) {
		if (!json_is_string(v))
			return 0;
	}
	for (k = 1; k < c->ntexts; k++) {
		if (!c->typed[k])
			continue;
		json_array_foreach(list, i, v) {
			if (under(c->text[k], json_string_value(v)))
				t->pass[k] = 1;
		}
	}
	return 1;
}

/* The values listed as wanted entries of a linked list: text numbers
 * (texts) or pks. 0 when one is not of that kind. */
static int want_values(const struct columns *c, struct test *t, json_t *list,
		       int texts)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v) {
		if (texts && json_is_string(v))
			t->want[t->nwant++] = columns_text(c,
							   json_string_value(v));
		else if (!texts && json_is_integer(v) &&
			 json_integer_value(v) > 0 &&
			 json_integer_value(v) < UINT32_MAX)
			t->want[t->nwant++] = (uint32_t)json_integer_value(v);
		else
			return 0;
	}
	return 1;
}

static int want_roles(const struct columns *c, struct test *t, json_t *list)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v) {
		if (!json_is_string(v))
			return 0;
		t->roles[t->nroles++] = (uint16_t)columns_text(
			c, json_string_value(v));
	}
	return 1;
}

static double number_of(const struct value *v)
{
	return v->is_int ? (double)v->i : v->d;
}

/* A range of GDELT's numbers: param's bound. */
static int number_test(const struct columns *c, const struct condition *k,
		       const char *param, struct test *t)
{
	int mentions = strncmp(param, "mentions", 8) == 0;
	int is_max = strcmp(param + strlen(param) - 4, "_max") == 0;

	if (k->form != FORM_ONE || (!k->binds[0].is_int && !k->binds[0].is_real))
		return 0;
	t->on = NUMBER;
	if (mentions) {
		t->ints = c->mentions;
		t->bit = COLUMNS_HAS_MENTIONS;
		t->no_number = -1;
	} else {
		int tone = strncmp(param, "tone", 4) == 0;

		t->reals = tone ? c->tone : c->goldstein;
		t->bit = tone ? COLUMNS_HAS_TONE : COLUMNS_HAS_GOLDSTEIN;
		t->no_number = -1e9;
	}
	/* As events_db.c: min is ifnull(x, none) >= v; max ifnull(x, none)
	 * BETWEEN some (0, or -1e8) AND v. */
	t->lo = is_max ? (mentions ? 0 : -1e8) : number_of(&k->binds[0]);
	t->hi = is_max ? number_of(&k->binds[0]) : 1e300;
	/* An edge of a range of tone (tone_edges.c): from its first value
	 * up to, not including, its second. */
	if (strcmp(param, "tone") == 0 && k->nbinds == 2)
		t->hi = nextafter(number_of(&k->binds[1]), -INFINITY);
	return 1;
}

/* bbox= (bound as [west, south, east, north]): a box crossing the
 * antimeridian (west > east) is two spans, as BOX_PARTS reads it. */
static int box_test(const struct condition *k, struct test *t)
{
	json_t *b = json_loads(k->binds[0].text, 0, NULL);
	double d[4];
	size_t i;
	int ok = k->form == FORM_ONE && json_is_array(b) &&
		 json_array_size(b) == 4;

	for (i = 0; ok && i < 4; i++) {
		ok = json_is_number(json_array_get(b, i));
		d[i] = json_number_value(json_array_get(b, i));
	}
	json_decref(b);
	if (!ok)
		return 0;
	t->on = BOX;
	t->south = d[1];
	t->north = d[3];
	t->west[0] = d[0];
	t->east[0] = d[0] <= d[2] ? d[2] : 180;
	t->spans = 1;
	if (d[0] > d[2]) {
		t->west[1] = -180;
		t->east[1] = d[2];
		t->spans = 2;
	}
	return 1;
}

/* A map's events, those with a point (resource.h's geo_where): a box of
 * everything, which a point's NaN (NULL) is not in. */
static int point_test(struct test *t)
{
	memset(t, 0, sizeof(*t));
	t->on = BOX;
	t->south = t->west[0] = -INFINITY;
	t->north = t->east[0] = INFINITY;
	t->spans = 1;
	return 1;
}

/* quad_class=: one class, several, or none of several. */
static int quad_test(const struct condition *k, struct test *t)
{
	json_t *list = values_of(k), *v;
	size_t i;
	int ok = list != NULL;

	t->on = ON_QUAD;
	json_array_foreach(list, i, v) {
		json_int_t q = json_integer_value(v);

		if (!json_is_integer(v) || q < -127 || q > 127)
			ok = 0;
		else
			t->quad[(uint8_t)(q + 128)] = 1;
	}
	json_decref(list);
	/* NOT is ifnull(quad_class, 0) NOT IN the list: no list has 0
	 * (classes are 1 to 4), so NULL passes, as negated here. */
	if (k->form == FORM_NOT) {
		for (i = 0; i < 256; i++)
			t->quad[i] = !t->quad[i];
	}
	return ok;
}

/* A column of texts: location_country=, type= or certainty=. */
static int text_test(const struct columns *c, const struct condition *k,
		     const char *param, struct test *t)
{
	int type = strcmp(param, "type") == 0;
	int place = strcmp(param, "location_country") == 0;
	json_t *list;
	size_t i;
	int ok;

	t->on = ON_TEXT;
	t->column = type ? c->type : place ? c->place : c->certainty;
	t->by = type ? NULL : place ? &c->by_place : &c->by_certainty;
	t->pass = xcalloc(c->ntexts, 1);
	if (type && k->form == FORM_ONE) {
		/* A prefix as its range of codes (binds lo, hi). */
		for (i = 1; i < c->ntexts; i++)
			t->pass[i] = strcmp(c->text[i], k->binds[0].text) >= 0 &&
				     strcmp(c->text[i], k->binds[1].text) < 0;
		return k->nbinds == 2;
	}
	list = values_of(k);
	if (!list)
		return 0;
	ok = type ? mark_codes(c, t, list) : mark_texts(c, t, list);
	json_decref(list);
	if (k->form == FORM_NOT) {
		/* ifnull(x, '') NOT IN the list: NULL passes. */
		for (i = 0; i < c->ntexts; i++)
			t->pass[i] = !t->pass[i];
	}
	return ok;
}

/* A list linked to the events: country=, actor=, role=, source=, and
 * an actor in a role. */
static int linked_test(const struct columns *c, const struct condition *k,
		       const char *param, struct test *t)
{
	int role = strcmp(param, "role") == 0, ok;
	json_t *list;

	t->on = ON_LINKED;
	t->none = k->form == FORM_NOT;
	t->list = !strcmp(param, "country") ? &c->involved :
		  !strcmp(param, "source") ? &c->sources : &c->actors;
	if (k->form == FORM_PAIR) {
		/* pair_sql: actor = ? AND role = ?, the actor first. */
		if (!role || !k->binds[0].is_int || k->binds[0].i <= 0 ||
		    k->binds[0].i >= UINT32_MAX)
			return 0;
		t->want[t->nwant++] = (uint32_t)k->binds[0].i;
		t->roles[t->nroles++] = (uint16_t)columns_text(
			c, k->binds[1].text);
		return 1;
	}
	list = values_of(k);
	if (!list)
		return 0;
	ok = role ? want_roles(c, t, list) :
	     want_values(c, t, list, t->list == &c->involved);
	json_decref(list);
	return ok;
}

/* updated_since=: updated_at >= its stored form, as texts compare. */
static int updated_test(const struct columns *c, const struct condition *k,
			struct test *t)
{
	const char *since = k->binds[0].text;

	t->on = UPDATED;
	t->since = columns_timestamp(since, strlen(since));
	return k->form == FORM_ONE && c->updated_ok && t->since >= 0;
}

/*
 * not_id=: the events of the ids listed, looked up by id on this
 * thread's connection (the copy holds no ids), ascending in want[]. 0
 * when one is in the database but not in c: a commit came since it was
 * made (tests_of() checks that none came after the lookups either).
 */
static int not_ids_test(const struct columns *c, const struct condition *k,
			struct test *t)
{
	json_t *list = k->form == FORM_NOT ? values_of(k) : NULL, *v;
	dbs *st = list ? db_stmt("SELECT pk FROM events WHERE id = ?1") : NULL;
	size_t i, n = 0;
	int ok = st != NULL;

	t->on = NOT_EVENTS;
	json_array_foreach(list, i, v) {
		int rc;
		long e = 0;

		if (!ok || !json_is_string(v)) {
			ok = 0;
			break;
		}
		dbs_bind_text(st, 1, json_string_value(v), -1, SQLITE_STATIC);
		rc = dbs_step(st);
		if (rc == SQLITE_ROW &&
		    (e = columns_event_of(c, dbs_column_int64(st, 0))) >= 0)
			t->want[t->nwant++] = (uint32_t)e;
		ok = rc == SQLITE_DONE || (rc == SQLITE_ROW && e >= 0);
		dbs_reset(st);
	}
	db_done(st);
	json_decref(list);
	qsort(t->want, t->nwant, sizeof(*t->want), columns_ascending);
	for (i = 0; i < t->nwant; i++) {
		if (n == 0 || t->want[n - 1] != t->want[i])
			t->want[n++] = t->want[i];
	}
	t->nwant = n;
	return ok;
}

/* The condition k, in the form the listing gave it, as a test; 0 when
 * the copy cannot test it. */
static int test_of(const struct columns *c, const struct condition *k,
		   struct test *t)
{
	const struct filter *f = k->filter;
	const char *p;

	memset(t, 0, sizeof(*t));
	if (!f)
		return 0;	/* a search */
	/* As listed: a condition another rewrote (a contradiction of type
	 * and quad class) is left to SQLite. */
	if (!(k->form == FORM_ONE && k->sql == f->sql) &&
	    !(k->form == FORM_ANY && k->sql == f->any_sql) &&
	    !(k->form == FORM_NOT && (k->sql == f->not_sql ||
				      k->sql == f->not_drive_sql)) &&
	    !(k->form == FORM_PAIR && k->sql == f->pair_sql))
		return 0;
	p = f->param;
	if (k->form == FORM_PAIR && strcmp(p, "role") != 0)
		return 0;
	if (!strcmp(p, "from") || !strcmp(p, "to")) {
		t->on = p[0] == 'f' ? FROM : TO;
		t->from = date_of(k->binds[0].text);
		t->to = t->on == FROM ? 0 : k->nbinds == 2 ?
			date_of(k->binds[1].text) : -1;
		return k->form == FORM_ONE && t->from >= 0 && t->to >= 0;
	}
	if (!strcmp(p, "goldstein_min") || !strcmp(p, "goldstein_max") ||
	    !strcmp(p, "tone_min") || !strcmp(p, "tone_max") ||
	    !strcmp(p, "mentions_min") || !strcmp(p, "mentions_max") ||
	    !strcmp(p, "tone"))
		return number_test(c, k, p, t);
	if (!strcmp(p, "bbox"))
		return box_test(k, t);
	if (!strcmp(p, "quad_class"))
		return quad_test(k, t);
	if (!strcmp(p, "location_country") || !strcmp(p, "type") ||
	    !strcmp(p, "certainty"))
		return text_test(c, k, p, t);
	if (!strcmp(p, "updated_since"))
		return updated_test(c, k, t);
	if (!strcmp(p, "id"))
		return not_ids_test(c, k, t);
	if (!strcmp(p, "country") || !strcmp(p, "actor") ||
	    !strcmp(p, "role") || !strcmp(p, "source"))
		return linked_test(c, k, p, t);
	return 0;
}

/* What a test costs an event: a number compared, a text looked up or
 * ids bisected, a list walked. */
static int cost(const struct test *t)
{
	return t->on == ON_LINKED ? 2 :
	       t->on == ON_TEXT || t->on == NOT_EVENTS ? 1 : 0;
}

/*
 * The last search's matches on a thread, by copy and text: the facets of
 * one list are aggregations of the same matches, read once. Freed with
 * the thread.
 */
struct memo {
	uint64_t generation;
	char text[sizeof(((struct value *)0)->text)];
	uint32_t *events;
	size_t n;
};

static void memo_free(void *p)
{
	struct memo *m = p;

	free(m->events);
	free(m);
}

static struct per_thread memos = PER_THREAD(struct memo, memo_free);

/* A copy of events[0..n) into ts as the search's matches. */
static void set_searched(struct tests *ts, const uint32_t *events, size_t n)
{
	ts->searched = xmalloc((n ? n : 1) * sizeof(*ts->searched));
	memcpy(ts->searched, events, n * sizeof(*events));
	ts->nsearched = n;
}

/*
 * The events of c that search's text matches, from the full-text index
 * (its rowids are event keys: event_key.h), in order into ts: marked in
 * a bitmap as they come (in the keys' order, by day), then read off it
 * into the thread's memo, which ts gets a copy of.
 * 0 when one is not in c (a commit since it was made) or the index
 * cannot be read (a query's budget spent): SQLite answers then.
 */
static int searched(const struct columns *c, const struct resource *r,
		    const struct condition *search, struct tests *ts)
{
	size_t words = c->n / 64 + 1, n;
	struct memo *m = per_thread_get(&memos);
	struct columns_marking mk;
	uint64_t *marked;
	int rc;

	if (strcmp(r->name, "events") != 0 || search->nbinds != 1)
		return 0;
	if (m->generation == c->generation &&
	    strcmp(m->text, search->binds[0].text) == 0) {
		set_searched(ts, m->events, m->n);
		return 1;
	}
	/* One of the commonest words: its events are in the copy. */
	{
		const uint32_t *list = term_docs_events(
			c, "events_fts", search->binds[0].text, &n);

		if (list) {
			set_searched(ts, list, n);
			return 1;
		}
	}
	mk.c = c;
	mk.marked = marked = xcalloc(words, sizeof(*marked));
	mk.n = 0;
	rc = match_keys("events_fts", search->binds[0].text, INT64_MIN,
			INT64_MAX, columns_mark_key, &mk);
	if (rc != 1) {
		free(marked);
		return 0;
	}
	n = mk.n;
	free(m->events);
	m->events = xmalloc((n ? n : 1) * sizeof(*m->events));
	m->n = columns_marked_events(marked, words, m->events);
	free(marked);
	m->generation = c->generation;
	snprintf(m->text, sizeof(m->text), "%s", search->binds[0].text);
	set_searched(ts, m->events, m->n);
	return 1;
}

/*
 * Whether every event of c passes t, which then need not be tested: no
 * events of ids left out, a certainty or place every event's is among.
 * (A time of change before every event's goes from the query itself:
 * query_drop_passed().)
 */
static int passes_all(const struct columns *c, const struct test *t)
{
	const struct postings *p = t->by;
	size_t v, listed = 0;

	switch (t->on) {
	case NOT_EVENTS:
		return t->nwant == 0;
	case ON_TEXT:
		for (v = 1; p && v < p->nvalues; v++) {
			size_t events = p->at[v + 1] - p->at[v];

			if (events && !t->pass[v])
				return 0;
			listed += events;
		}
		/* Those without a value, unlisted, pass as NULL does. */
		return p && (t->pass[0] || listed == c->n);
	default:
		return 0;
	}
}

/* q's conditions as tests of c, its search too unless without_search. */
static int tests_of(const struct columns *c, const struct query *q,
		    int without_search, struct tests *ts)
{
	size_t i, j;
	int looked_up = 0;

	ts->c = c;
	ts->n = 0;
	ts->searched = NULL;
	ts->nsearched = 0;
	for (i = 0; i < q->nwhere; i++) {
		int ok;

		if (&q->where[i] == query_search(q)) {
			if (without_search)
				continue;
			if (ts->searched || !searched(c, q->res, &q->where[i],
						    ts)) {
				columns_tests_free(ts);
				return 0;
			}
			/* Its matches may be read from the full-text index. */
			looked_up = 1;
			continue;
		}
		if (q->res->geo_where && q->where[i].sql == q->res->geo_where)
			ok = point_test(&ts->t[ts->n]);
		else
			ok = test_of(c, &q->where[i], &ts->t[ts->n]);
		looked_up |= ts->t[ts->n].on == NOT_EVENTS;
		ts->n++;
		if (!ok) {
			columns_tests_free(ts);
			return 0;
		}
		if (passes_all(c, &ts->t[ts->n - 1]))
			free(ts->t[--ts->n].pass);
	}
	/* Ids or matches were read from the database: as c holds it
	 * still, else they may be of a later commit. */
	if (looked_up) {
		const struct columns *now = columns_current();

		columns_release(now);
		if (now != c) {
			columns_tests_free(ts);
			return 0;
		}
	}
	/* The cheapest first: an event most fail is then dropped before a
	 * list of it is walked. */
	for (i = 1; i < ts->n; i++) {
		for (j = i; j > 0 && cost(&ts->t[j - 1]) > cost(&ts->t[j]); j--) {
			struct test x = ts->t[j];

			ts->t[j] = ts->t[j - 1];
			ts->t[j - 1] = x;
		}
	}
	return 1;
}

int columns_tests_of(const struct columns *c, const struct query *q,
		     struct tests *ts)
{
	return tests_of(c, q, 0, ts);
}

int columns_tests_besides_search(const struct columns *c,
				 const struct query *q, struct tests *ts)
{
	return tests_of(c, q, 1, ts);
}

/* The events of value v in p. */
static size_t posted(const struct postings *p, size_t v)
{
	return v < p->nvalues ? p->at[v + 1] - p->at[v] : 0;
}

/* The postings and values a test can be driven by: the values it wants
 * of a linked list, or the places or certainties it passes (never NULL,
 * which has no postings). 0 when it cannot. */
static int drives(const struct test *t, const struct postings **p)
{
	if (t->on == ON_LINKED && !t->none && t->nwant) {
		*p = &t->list->by;
		return 1;
	}
	if (t->on == ON_TEXT && t->by && !t->pass[0]) {
		*p = t->by;
		return 1;
	}
	return 0;
}

/* The events a driving test's values have, counted (each time). */
static size_t driven(const struct test *t, const struct postings *p)
{
	size_t w, n = 0;

	if (t->on == ON_LINKED) {
		for (w = 0; w < t->nwant; w++)
			n += posted(p, t->want[w]);
		return n;
	}
	for (w = 1; w < p->nvalues; w++) {
		if (t->pass[w])
			n += posted(p, w);
	}
	return n;
}

/* The test whose values the fewest events have, below `most` (NULL when
 * none), with its postings in *p and their number of events in *n. */
static const struct test *fewest_driver(const struct tests *ts, size_t most,
					const struct postings **p, size_t *n)
{
	const struct test *chosen = NULL;
	const struct postings *q;
	size_t i;

	*n = most;
	for (i = 0; i < ts->n; i++) {
		size_t k;

		if (!drives(&ts->t[i], &q))
			continue;
		k = driven(&ts->t[i], q);
		if (k < *n) {
			*n = k;
			chosen = &ts->t[i];
			*p = q;
		}
	}
	return chosen;
}

static inline int in_range(double x, double lo, double hi)
{
	return (x >= lo) & (x <= hi);
}

/* The value of the i-th event of o: t's number. */
static double ordered_value(const struct test *t, const struct ordered *o,
			    size_t i)
{
	uint32_t e = o->events[i];

	return t->ints ? (double)t->ints[e] : t->reals[e];
}

/* The first of o[lo..hi) whose number is above x (or at least x, when
 * !above): o ascends. */
static size_t bisect_number(const struct test *t, const struct ordered *o,
			    size_t lo, size_t hi, double x, int above)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		double v = ordered_value(t, o, mid);

		if (above ? v <= x : v < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first of the events by updated_at updated at `since` or later. */
static size_t since_first(const struct columns *c, int64_t since)
{
	size_t lo = 0, hi = c->by_updated.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->updated[c->by_updated.events[mid]] < since)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The events that may pass t as a slice of an order of the copy,
 * order[*lo .. *hi): those of a range of a number, or of dates from a
 * day (to a day: those that start by then, which its test narrows).
 * 0 when t has none (a range that holds events without the number too).
 */
static int slice_of(const struct columns *c, const struct test *t,
		    const uint32_t **order, size_t *lo, size_t *hi)
{
	const struct ordered *o;

	switch (t->on) {
	case NUMBER:
		if (in_range(t->no_number, t->lo, t->hi))
			return 0;
		o = t->bit == COLUMNS_HAS_GOLDSTEIN ? &c->by_goldstein :
		    t->bit == COLUMNS_HAS_TONE ? &c->by_tone : &c->by_mentions;
		*order = o->events;
		*lo = bisect_number(t, o, 0, o->n, t->lo, 0);
		*hi = bisect_number(t, o, *lo, o->n, t->hi, 1);
		return 1;
	case FROM:
		*order = c->by_date;
		*lo = columns_below(c, t->from, INT64_MIN, 0);
		*hi = c->n;
		return 1;
	case TO:
		*order = c->by_date;
		*lo = 0;
		*hi = columns_below(c, t->from, INT64_MAX, 1);
		return 1;
	case UPDATED:
		*order = c->by_updated.events;
		*lo = since_first(c, t->since);
		*hi = c->by_updated.n;
		return 1;
	default:
		return 0;
	}
}

/* The test with the smallest slice (slice_of()) under `most` events, its
 * slice in *order, *lo, *hi; NULL when none. */
static const struct test *fewest_slice(const struct tests *ts, size_t most,
				       const uint32_t **order, size_t *lo,
				       size_t *hi)
{
	const struct test *chosen = NULL;
	const uint32_t *o;
	size_t i, l, h;

	for (i = 0; i < ts->n; i++) {
		if (!slice_of(ts->c, &ts->t[i], &o, &l, &h) || h - l >= most)
			continue;
		most = h - l;
		chosen = &ts->t[i];
		*order = o;
		*lo = l;
		*hi = h;
	}
	return chosen;
}

/*
 * The test whose events a search's matches are found among
 * (COPY_DRIVES_SEARCH): fewest_driver()'s, when they are far fewer than
 * the matches; else NULL (the matches are each tested).
 */
static const struct test *search_driver(const struct tests *ts,
					const struct postings **best,
					size_t *fewest)
{
	const struct test *chosen = fewest_driver(ts, ts->c->n, best, fewest);

	return chosen && *fewest < ts->nsearched / COPY_DRIVES_SEARCH ?
	       chosen : NULL;
}

size_t columns_driven(const struct tests *ts)
{
	const struct postings *p;
	const uint32_t *order;
	size_t n, lo, hi;

	if (ts->searched)
		return search_driver(ts, &p, &n) ? n : ts->nsearched;
	fewest_driver(ts, ts->c->n, &p, &n);
	if (fewest_slice(ts, n, &order, &lo, &hi))
		n = hi - lo;
	return n;
}

/* Whether e is among the ascending events[0..n). */
static inline int listed(const uint32_t *events, size_t n, uint32_t e)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (events[mid] < e)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && events[lo] == e;
}

/* The events of in[0..n), each once and in event order, into out (which
 * may be in); returns how many. Marked in a bitmap, then read from it:
 * a sort would cost more. */
static size_t in_event_order(const struct columns *c, const uint32_t *in,
			     size_t n, uint32_t *out)
{
	size_t words = c->n / 64 + 1, i;
	uint64_t *marked = xcalloc(words, sizeof(*marked));

	for (i = 0; i < n; i++)
		marked[in[i] / 64] |= 1ULL << (in[i] % 64);
	n = columns_marked_events(marked, words, out);
	free(marked);
	return n;
}

/*
 * The events of the values test `chosen` passes, from its postings best
 * (fewest of them at most), each once and in event order, into a new
 * array of *n.
 */
static uint32_t *posted_events(const struct tests *ts,
			       const struct test *chosen,
			       const struct postings *best, size_t fewest,
			       size_t *n)
{
	uint32_t *out = xmalloc((fewest ? fewest : 1) * sizeof(*out));
	size_t i, w, len = 0, kept = 0, lists = 0;

	for (i = 0; i < (chosen->on == ON_LINKED ? chosen->nwant :
			 best->nvalues); i++) {
		w = chosen->on == ON_LINKED ? chosen->want[i] : i;
		if ((chosen->on == ON_TEXT && (w == 0 || !chosen->pass[w])) ||
		    !posted(best, w))
			continue;
		memcpy(out + len, best->events + best->at[w],
		       posted(best, w) * sizeof(*out));
		len += posted(best, w);
		lists++;
	}
	/* One value's events are in order already. */
	if (lists > 1) {
		*n = in_event_order(ts->c, out, len, out);
		return out;
	}
	for (i = 0; i < len; i++) {
		if (kept == 0 || out[kept - 1] != out[i])
			out[kept++] = out[i];
	}
	*n = kept;
	return out;
}

/*
 * The events worth testing: a search's matches (only those among the
 * events of a test with far fewer: COPY_DRIVES_SEARCH); else those with
 * the values of the test whose values the fewest events have, or of the
 * smallest slice of an order (slice_of()), each once and in order, when
 * they are fewer than all; else NULL (every event). *passed: that test,
 * when its values' events are exactly those it passes (it asks for no
 * roles), which need not test them again. (A common country's 414,000
 * events at 1M were found by a scan of all 1M through their lists of
 * countries: stats_combined took 14.7M instructions a request so,
 * 12.7M this way.)
 */
static uint32_t *candidates(const struct tests *ts, size_t *n,
			    const struct test **passed)
{
	const struct postings *best = NULL;
	const struct test *chosen;
	const uint32_t *order;
	size_t i, fewest, lo, hi, len = 0, kept = 0;
	uint32_t *out;

	*passed = NULL;
	if (ts->searched && !(chosen = search_driver(ts, &best, &fewest))) {
		*n = ts->nsearched;
		out = xmalloc((ts->nsearched ? ts->nsearched : 1) *
			      sizeof(*out));
		memcpy(out, ts->searched, ts->nsearched * sizeof(*out));
		return out;
	}
	if (ts->searched) {
		/* A condition's events far fewer than the matches, each
		 * looked up among them (q=military&country=HU at 1M: 1,578
		 * events, 62,761 matches). */
		out = posted_events(ts, chosen, best, fewest, &len);
		for (i = 0; i < len; i++) {
			if (listed(ts->searched, ts->nsearched, out[i]))
				out[kept++] = out[i];
		}
		if (!chosen->nroles)
			*passed = chosen;
		*n = kept;
		return out;
	}
	chosen = fewest_driver(ts, ts->c->n, &best, &fewest);
	/* A slice, in its number's order, is put in event order through a
	 * bitmap: a scan of every event is the quicker past an eighth
	 * (/stats?by=week&tone_min=2 at 1M, a slice of 930,000 events:
	 * 76.0M instructions, 61.1M scanned). */
	if (fewest_slice(ts, fewest < ts->c->n / 8 ? fewest : ts->c->n / 8,
			 &order, &lo, &hi)) {
		out = xmalloc((hi > lo ? hi - lo : 1) * sizeof(*out));
		*n = in_event_order(ts->c, order + lo, hi - lo, out);
		return out;
	}
	if (!chosen)
		return NULL;
	/* Its postings are its events unless it asks for roles too. */
	if (!chosen->nroles)
		*passed = chosen;
	return posted_events(ts, chosen, best, fewest, n);
}

int columns_bound(const struct condition *k, sqlite3_int64 *n)
{
	const struct columns *c = columns_current();
	const uint32_t *order;
	struct test t;
	size_t lo, hi;
	int ok;

	if (!c)
		return 0;
	ok = test_of(c, k, &t) && slice_of(c, &t, &order, &lo, &hi);
	if (ok)
		*n = (sqlite3_int64)(hi - lo);
	free(t.pass);
	columns_release(c);
	return ok;
}

/* Whether any entry of event e in t's list passes t. */
static inline int linked_hit(const struct columns *c, const struct test *t,
			     size_t e)
{
	uint32_t j;
	size_t w;

	for (j = t->list->at[e]; j < t->list->at[e + 1]; j++) {
		int ok = !t->nwant, rok = !t->nroles;

		for (w = 0; w < t->nwant && !ok; w++)
			ok = t->list->value[j] == t->want[w];
		for (w = 0; ok && w < t->nroles && !rok; w++)
			rok = c->role[j] == t->roles[w];
		if (ok && rok)
			return 1;
	}
	return 0;
}

/* The same for one wanted value and any role: the common case, its
 * list's entries compared without a loop of values. */
static inline int linked_has(const uint32_t *at, const uint32_t *value,
			     uint32_t want, size_t e)
{
	uint32_t j;
	int hit = 0;

	for (j = at[e]; j < at[e + 1]; j++)
		hit |= value[j] == want;
	return hit;
}

/* Whether event e's point is in t's box; NaN (no point) is in none. */
static inline int in_box(const struct columns *c, const struct test *t,
			 size_t e)
{
	int k;

	if (!(c->lat[e] >= t->south && c->lat[e] <= t->north))
		return 0;
	for (k = 0; k < t->spans; k++) {
		if (c->lon[e] >= t->west[k] && c->lon[e] <= t->east[k])
			return 1;
	}
	return 0;
}

/*
 * Keeps in out the events of in[0..n) (of 0..n-1 when in is NULL) for
 * which cond holds of e, in order; out may be in. The write is
 * unconditional and the count moves by the test: no branch to mispredict
 * on events that half pass. What cond reads is in locals, loaded once.
 * `ahead` asks the memory for what cond will read of the events a few
 * places on (columns.h's COLUMNS_AHEAD): those of a list are scattered,
 * and the test waited for each one's row of a column.
 */
#define KEEP_IF(cond, ahead) do { \
	if (in) { \
		for (x = 0; x < n; x++) { \
			uint32_t e = in[x]; \
			ahead; \
			out[len] = e; \
			len += (cond) ? 1 : 0; \
		} \
	} else { \
		for (x = 0; x < n; x++) { \
			uint32_t e = (uint32_t)x; \
			out[len] = e; \
			len += (cond) ? 1 : 0; \
		} \
	} \
} while (0)

/* lo <= the number of e <= hi, no_number standing for NULL. */
#define IN_RANGE(v) in_range(has[e] & bit ? (double)(v)[e] : none, lo, hi)

/* Of those events, the ones that pass t, each test in a loop of its own;
 * returns how many. */
static size_t keep(const struct columns *c, const struct test *t,
		   const uint32_t *in, size_t n, uint32_t *out)
{
	size_t x, len = 0;

	switch (t->on) {
	case ON_TEXT: {
		const uint16_t *col = t->column;
		const uint8_t *pass = t->pass;

		KEEP_IF(pass[col[e]], COLUMNS_AHEAD(col, in, n, x));
		break;
	}
	case ON_LINKED:
		if (t->nwant == 1 && !t->nroles) {
			const uint32_t *at = t->list->at, *value = t->list->value;
			uint32_t want = t->want[0];
			int none = t->none;

			KEEP_IF(linked_has(at, value, want, e) != none,
				COLUMNS_LIST_AHEAD(t->list, (const uint16_t *)NULL,
						   in, n, x));
		} else {
			KEEP_IF(linked_hit(c, t, e) != t->none,
				COLUMNS_LIST_AHEAD(t->list,
						   t->nroles ? c->role : NULL,
						   in, n, x));
		}
		break;
	case ON_QUAD: {
		const int8_t *quad = c->quad;
		const uint8_t *pass = t->quad;

		KEEP_IF(pass[(uint8_t)(quad[e] + 128)],
			COLUMNS_AHEAD(quad, in, n, x));
		break;
	}
	case FROM: {
		const int32_t *start = c->start;
		int32_t from = t->from;

		KEEP_IF(start[e] >= from,
			COLUMNS_AHEAD(start, in, n, x));
		break;
	}
	case TO: {
		const int32_t *start = c->start, *end = c->end;
		int32_t from = t->from, to = t->to;

		KEEP_IF((start[e] <= from) & (end[e] <= to) & (end[e] != 0),
			COLUMNS_AHEAD(start, in, n, x);
			COLUMNS_AHEAD(end, in, n, x));
		break;
	}
	case NUMBER: {
		const uint8_t *has = c->has;
		uint8_t bit = t->bit;
		double lo = t->lo, hi = t->hi, none = t->no_number;

		if (t->ints) {
			const int32_t *ints = t->ints;

			KEEP_IF(IN_RANGE(ints),
				COLUMNS_AHEAD(has, in, n, x);
				COLUMNS_AHEAD(ints, in, n, x));
		} else {
			const double *reals = t->reals;

			KEEP_IF(IN_RANGE(reals),
				COLUMNS_AHEAD(has, in, n, x);
				COLUMNS_AHEAD(reals, in, n, x));
		}
		break;
	}
	case BOX:
		KEEP_IF(in_box(c, t, e),
			COLUMNS_AHEAD(c->lat, in, n, x);
			COLUMNS_AHEAD(c->lon, in, n, x));
		break;
	case UPDATED: {
		const int64_t *updated = c->updated;
		int64_t since = t->since;

		KEEP_IF(updated[e] >= since, COLUMNS_AHEAD(updated, in, n, x));
		break;
	}
	case NOT_EVENTS: {
		const uint32_t *ids = t->want;
		size_t nids = t->nwant;

		KEEP_IF(!listed(ids, nids, e), (void)0);
		break;
	}
	}
	return len;
}

uint32_t *columns_matching(const struct tests *ts, size_t *n)
{
	const struct test *passed;	/* by every candidate */
	size_t ncand, i, len;
	uint32_t *cand = candidates(ts, &ncand, &passed);
	/* Kept in place over the candidates, or a new array. */
	uint32_t *out = cand ? cand : xmalloc((ts->c->n ? ts->c->n : 1) *
					      sizeof(*out));
	const uint32_t *in = cand;

	len = cand ? ncand : ts->c->n;
	for (i = 0; i < ts->n; i++) {
		if (&ts->t[i] == passed)
			continue;
		len = keep(ts->c, &ts->t[i], in, len, out);
		in = out;
	}
	if (!in) {		/* no test: every event */
		for (i = 0; i < len; i++)
			out[i] = (uint32_t)i;
	}
	*n = len;
	return out;
}

size_t columns_passing(const struct tests *ts, const uint32_t *in, size_t n,
		       uint32_t *out)
{
	size_t i;

	if (!ts->n && out != in)
		memmove(out, in, n * sizeof(*out));
	for (i = 0; i < ts->n; i++) {
		n = keep(ts->c, &ts->t[i], in, n, out);
		in = out;
	}
	return n;
}

uint32_t *columns_one_value(const struct columns *c, const struct query *q,
			    size_t k, size_t *n, struct tests *others)
{
	struct query *rest;
	struct tests one = { .c = c };
	const struct test *t = &one.t[0];
	const uint32_t *posting;
	uint32_t *out;
	size_t i, x;

	if (k >= q->nwhere || query_search(q))
		return NULL;
	one.n = 1;
	if (!test_of(c, &q->where[k], &one.t[0]) || t->on != ON_LINKED ||
	    t->none || t->nwant != 1 || t->nroles) {
		columns_tests_free(&one);
		return NULL;
	}
	/* The others: all tests_of() reads of a query. */
	rest = query_new();
	rest->res = q->res;
	for (i = 0; i < q->nwhere; i++) {
		if (i != k)
			rest->where[rest->nwhere++] = q->where[i];
	}
	x = tests_of(c, rest, 0, others);
	free(rest);
	if (!x) {
		columns_tests_free(&one);
		return NULL;
	}
	/* Each event once: one with the value twice is posted twice, side
	 * by side. */
	posting = t->list->by.events + (t->want[0] < t->list->by.nvalues ?
					t->list->by.at[t->want[0]] : 0);
	x = posted(&t->list->by, t->want[0]);
	/* Another condition drives through fewer: the callers start from
	 * it, and the value's events are not copied for nothing. */
	if (columns_driven(others) < x - x / 4) {
		columns_tests_free(others);
		columns_tests_free(&one);
		return NULL;
	}
	out = xmalloc((x ? x : 1) * sizeof(*out));
	for (i = 0, *n = 0; i < x; i++) {
		if (!*n || out[*n - 1] != posting[i])
			out[(*n)++] = posting[i];
	}
	columns_tests_free(&one);
	return out;
}

int columns_country_among(const struct query *q)
{
	size_t i;

	for (i = 0; i < q->nwhere; i++) {
		const struct condition *c = &q->where[i];

		if (c->filter && c->form == FORM_ONE &&
		    c->filter->cell_table == CELLS_COUNTRY)
			return (int)i;
	}
	return -1;
}

uint32_t *columns_one_value_passing(const struct columns *c,
				    const struct query *q, size_t k,
				    size_t *n, uint32_t **pass, size_t *npass)
{
	struct tests others;
	uint32_t *in = c ? columns_one_value(c, q, k, n, &others) : NULL;

	if (!in)
		return NULL;
	*pass = xmalloc((*n ? *n : 1) * sizeof(**pass));
	*npass = columns_passing(&others, in, *n, *pass);
	columns_tests_free(&others);
	return in;
}

int columns_most_may_pass(const struct query *q)
{
	const struct columns *c = columns_current();
	struct tests ts;
	int most = 0;

	if (c && columns_tests_of(c, q, &ts)) {
		most = columns_driven(&ts) >= c->n - c->n / 4;
		columns_tests_free(&ts);
	}
	columns_release(c);
	return most;
}

int columns_all_passing(const struct columns *c, const struct query *q,
			uint32_t **pass, size_t *npass)
{
	struct tests ts;

	if (!c || !columns_tests_of(c, q, &ts))
		return 0;
	*pass = columns_matching(&ts, npass);
	columns_tests_free(&ts);
	return 1;
}

/*
 * The events of 0..n-1 not in pass[0..npass): those that pass marked in
 * a bitmap, the others read off it. A walk of the gaps between them took
 * a mispredicted branch at each, the events that pass being scattered
 * (a third of a grouping by two values at 1M when most events pass).
 */
static uint32_t *failing_all(size_t n, const uint32_t *pass, size_t npass,
			     size_t *nout)
{
	size_t words = n / 64 + 1, i;
	uint64_t *failing = xcalloc(words, sizeof(*failing));
	uint32_t *out = xmalloc((n - npass + 1) * sizeof(*out));

	for (i = 0; i < npass; i++)
		failing[pass[i] / 64] |= (uint64_t)1 << (pass[i] % 64);
	for (i = 0; i < words; i++)
		failing[i] = ~failing[i];
	failing[n / 64] &= ((uint64_t)1 << (n % 64)) - 1;	/* none past n */
	*nout = columns_marked_events(failing, words, out);
	free(failing);
	return out;
}

uint32_t *columns_failing_of(uint32_t *in, size_t n, const uint32_t *pass,
			     size_t npass, size_t *nout)
{
	size_t i, x = 0;

	if (!in)
		return failing_all(n, pass, npass, nout);
	*nout = 0;
	for (i = 0; i < n; i++) {
		if (x < npass && pass[x] == in[i])
			x++;
		else
			in[(*nout)++] = in[i];
	}
	return in;
}
