/* SPDX-License-Identifier: MIT */
/* Aggregations scanned from the events' columns (see columns_sum.h). */
#include "columns_sum.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "xalloc.h"

#define MAX_TESTS QUERY_MAX_WHERE

/*
 * One condition as a test of an event's columns. A test of a text
 * column reads pass[] by the event's text number (0: NULL); of the
 * countries involved, whether any of them is marked (none, for NOT).
 */
struct test {
	enum { ON_TEXT, ON_INVOLVED, ON_QUAD, FROM, TO, NUMBER } on;
	const uint16_t *column;	/* ON_TEXT */
	uint8_t *pass;		/* ON_TEXT, ON_INVOLVED: by text number */
	int none;		/* ON_INVOLVED: pass when none is marked */
	uint8_t quad[256];	/* ON_QUAD: by quad class + 128 */
	int32_t from, to;	/* FROM, TO: YYYYMMDD */
	/* NUMBER: lo <= the number (no_number when NULL) <= hi. */
	const double *reals;
	const int32_t *ints;
	uint8_t bit;
	double lo, hi, no_number;
};

struct tests {
	struct test t[MAX_TESTS];
	size_t n;
	const struct columns *c;
};

static void tests_free(struct tests *ts)
{
	size_t i;

	for (i = 0; i < ts->n; i++)
		free(ts->t[i].pass);
}

/* A bound of a date filter: "YYYY-MM-DD" as YYYYMMDD, or -1. */
static int32_t date_of(const char *s)
{
	size_t n = strlen(s);

	return n ? columns_date(s, n) : -1;
}

/* The values of a condition: its one value, or its list (JSON). */
static json_t *values_of(const struct condition *k)
{
	json_t *list;

	if (k->form == FORM_ONE) {
		list = json_array();
		if (k->binds[0].is_int)
			json_array_append_new(list, json_integer(k->binds[0].i));
		else
			json_array_append_new(list, json_string(k->binds[0].text));
		return list;
	}
	list = json_loads(k->binds[0].text, 0, NULL);
	if (list && !json_is_array(list)) {
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

/* Marks in t->pass the texts (countries) listed; 0 when one is not text. */
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

static void negate(const struct columns *c, struct test *t)
{
	size_t k;

	for (k = 0; k < c->ntexts; k++)
		t->pass[k] = !t->pass[k];
}

static double number_of(const struct value *v)
{
	return v->is_int ? (double)v->i : v->d;
}

/* A range of GDELT's numbers: param's bound into t. */
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
	return 1;
}

/* The condition k, in its form the listing gave it, as a test into t;
 * 0 when the copy cannot test it. */
static int test_of(const struct columns *c, const struct condition *k,
		   struct test *t)
{
	const struct filter *f = k->filter;
	const char *param;
	json_t *list = NULL;
	int ok = 0, text = 0, involved = 0, type = 0;
	size_t i;
	json_t *v;

	memset(t, 0, sizeof(*t));
	if (!f)
		return 0;	/* a search */
	/* The form as listed: a condition another rewrote (a contradiction
	 * of type and quad class) is left to SQLite. */
	if (!(k->form == FORM_ONE && k->sql == f->sql) &&
	    !(k->form == FORM_ANY && k->sql == f->any_sql) &&
	    !(k->form == FORM_NOT && (k->sql == f->not_sql ||
				      k->sql == f->not_drive_sql)))
		return 0;
	param = f->param;
	if (strcmp(param, "from") == 0 || strcmp(param, "to") == 0) {
		int32_t a = date_of(k->binds[0].text), b;

		if (k->form != FORM_ONE || a < 0)
			return 0;
		t->on = param[0] == 'f' ? FROM : TO;
		t->from = a;
		if (t->on == TO) {
			b = date_of(k->binds[1].text);
			if (k->nbinds != 2 || b < 0)
				return 0;
			t->to = b;
		}
		return 1;
	}
	if (strstr(param, "_min") || strstr(param, "_max")) {
		if (strcmp(param, "goldstein_min") && strcmp(param, "goldstein_max") &&
		    strcmp(param, "tone_min") && strcmp(param, "tone_max") &&
		    strcmp(param, "mentions_min") && strcmp(param, "mentions_max"))
			return 0;
		return number_test(c, k, param, t);
	}
	if (strcmp(param, "quad_class") == 0) {
		list = values_of(k);
		if (!list)
			return 0;
		t->on = ON_QUAD;
		ok = 1;
		json_array_foreach(list, i, v) {
			json_int_t q = json_integer_value(v);

			if (!json_is_integer(v) || q < -127 || q > 127)
				ok = 0;
			else
				t->quad[(uint8_t)(q + 128)] = 1;
		}
		/* NOT is ifnull(quad_class, 0) NOT IN the list: no list has
		 * 0 (classes are 1 to 4), so NULL passes, as negated here. */
		if (k->form == FORM_NOT) {
			for (i = 0; i < 256; i++)
				t->quad[i] = !t->quad[i];
		}
		json_decref(list);
		return ok;
	}
	involved = strcmp(param, "country") == 0;
	text = strcmp(param, "location_country") == 0;
	type = strcmp(param, "type") == 0;
	if (!involved && !text && !type)
		return 0;
	t->pass = xcalloc(c->ntexts, 1);
	if (type && k->form == FORM_ONE) {
		/* A prefix as its range of codes (binds lo, hi). */
		for (i = 1; i < c->ntexts; i++)
			t->pass[i] = strcmp(c->text[i], k->binds[0].text) >= 0 &&
				     strcmp(c->text[i], k->binds[1].text) < 0;
		t->on = ON_TEXT;
		t->column = c->type;
		return k->nbinds == 2;
	}
	list = values_of(k);
	if (!list)
		return 0;
	ok = type ? mark_codes(c, t, list) : mark_texts(c, t, list);
	json_decref(list);
	t->on = involved ? ON_INVOLVED : ON_TEXT;
	t->column = type ? c->type : c->place;
	if (involved)
		t->none = k->form == FORM_NOT;
	else if (k->form == FORM_NOT)
		negate(c, t);	/* NULL reads as '', in no list */
	return ok;
}

static int tests_of(const struct columns *c, const struct query *q,
		    struct tests *ts)
{
	size_t i;

	ts->c = c;
	ts->n = 0;
	for (i = 0; i < q->nwhere; i++) {
		int ok = test_of(c, &q->where[i], &ts->t[ts->n]);

		ts->n++;
		if (!ok) {
			tests_free(ts);
			return 0;
		}
	}
	return 1;
}

static int passes(const struct tests *ts, size_t e)
{
	const struct columns *c = ts->c;
	size_t i;

	for (i = 0; i < ts->n; i++) {
		const struct test *t = &ts->t[i];
		uint32_t j, hit = 0;
		double x;

		switch (t->on) {
		case ON_TEXT:
			if (!t->pass[t->column[e]])
				return 0;
			break;
		case ON_INVOLVED:
			for (j = c->involved_at[e]; j < c->involved_at[e + 1] &&
			     !hit; j++)
				hit = t->pass[c->involved[j]];
			if (hit == (uint32_t)t->none)
				return 0;
			break;
		case ON_QUAD:
			if (!t->quad[(uint8_t)(c->quad[e] + 128)])
				return 0;
			break;
		case FROM:
			if (c->start[e] < t->from)
				return 0;
			break;
		case TO:
			if (c->start[e] > t->from || c->end[e] > t->to ||
			    c->end[e] == 0)
				return 0;
			break;
		case NUMBER:
			x = !(c->has[e] & t->bit) ? t->no_number :
			    t->ints ? (double)t->ints[e] : t->reals[e];
			if (x < t->lo || x > t->hi)
				return 0;
			break;
		}
	}
	return 1;
}

/* A dimension the copy groups by: a column of text numbers, the
 * countries involved, or the quad class. */
struct dim {
	const uint16_t *column;
	int involved, quad;
};

static int dim_of(const struct columns *c, const char *name, struct dim *d)
{
	memset(d, 0, sizeof(*d));
	if (!strcmp(name, "day") || !strcmp(name, "week"))
		d->column = c->day;	/* weeks: group_sums takes Mondays */
	else if (!strcmp(name, "month"))
		d->column = c->month;
	else if (!strcmp(name, "year"))
		d->column = c->year;
	else if (!strcmp(name, "location_country"))
		d->column = c->place;
	else if (!strcmp(name, "root"))
		d->column = c->root;
	else if (!strcmp(name, "type"))
		d->column = c->type;
	else if (!strcmp(name, "quad_class"))
		d->quad = 1;
	else if (!strcmp(name, "country"))
		d->involved = 1;
	else
		return 0;
	return 1;
}

/* The sums of a group, keyed by its dimensions' numbers (+ 1, 0 empty). */
struct slot {
	uint64_t key;
	sqlite3_int64 n, gn, tn, ms, mn;
	double gs, ts;
};

struct table {
	struct slot *s;
	size_t cap, len;
};

/* Where key goes in a table of cap slots: every bit of it mixed
 * (MurmurHash3's finaliser), since keys differ in their high bits. */
static size_t home(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	key *= 0xc4ceb9fe1a85ec53ULL;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

static struct slot *slot_of(struct table *t, uint64_t key)
{
	size_t i;

	if (2 * (t->len + 1) > t->cap) {
		struct table u = { xcalloc(t->cap * 2, sizeof(*u.s)),
				   t->cap * 2, t->len };

		for (i = 0; i < t->cap; i++) {
			size_t at;

			if (!t->s[i].key)
				continue;
			at = home(t->s[i].key, u.cap);
			while (u.s[at].key)
				at = (at + 1) & (u.cap - 1);
			u.s[at] = t->s[i];
		}
		free(t->s);
		*t = u;
	}
	i = home(key, t->cap);
	while (t->s[i].key && t->s[i].key != key)
		i = (i + 1) & (t->cap - 1);
	if (!t->s[i].key) {
		t->s[i].key = key;
		t->len++;
	}
	return &t->s[i];
}

static void add_event(struct table *t, const struct columns *c, size_t e,
		      uint64_t key)
{
	struct slot *s = slot_of(t, key);

	s->n++;
	if (c->has[e] & COLUMNS_HAS_GOLDSTEIN) {
		s->gs += c->goldstein[e];
		s->gn++;
	}
	if (c->has[e] & COLUMNS_HAS_TONE) {
		s->ts += c->tone[e];
		s->tn++;
	}
	if (c->has[e] & COLUMNS_HAS_MENTIONS) {
		s->ms += c->mentions[e];
		s->mn++;
	}
}

/* A group's key: its numbers in each dimension, and a bit that no empty
 * slot has (a count of no dimension is one group too). */
#define KEY(a) ((uint64_t)1 << 63 | (uint64_t)(a)[0] << 32 | (a)[1])

/* The number of event e in dimension d (+ 1: 0 is an empty slot's). */
static uint32_t number_in(const struct columns *c, const struct dim *d,
			  size_t e)
{
	return d->quad ? (uint32_t)(uint8_t)(c->quad[e] + 128) + 1 :
	       (uint32_t)d->column[e] + 1;
}

/* Adds event e to the groups of its values (each country involved, or
 * NULL when none, as a LEFT JOIN gives). */
static void add_grouped(struct table *t, const struct columns *c,
			const struct dim *d, size_t nd, size_t e)
{
	uint32_t a[2] = { 0, 0 };
	size_t i, which = nd;
	uint32_t j;

	for (i = 0; i < nd; i++) {
		if (d[i].involved)
			which = i;
		else
			a[i] = number_in(c, &d[i], e);
	}
	if (which == nd) {
		add_event(t, c, e, KEY(a));
		return;
	}
	if (c->involved_at[e] == c->involved_at[e + 1]) {
		a[which] = 1;	/* NULL */
		add_event(t, c, e, KEY(a));
	}
	for (j = c->involved_at[e]; j < c->involved_at[e + 1]; j++) {
		a[which] = (uint32_t)c->involved[j] + 1;
		add_event(t, c, e, KEY(a));
	}
}

static void value_of(const struct columns *c, const struct dim *d,
		     uint32_t number, struct group_value *v)
{
	memset(v, 0, sizeof(*v));
	number--;
	if (d->quad) {
		if ((int)number - 128 == COLUMNS_NO_QUAD) {
			v->type = SQLITE_NULL;
		} else {
			v->type = SQLITE_INTEGER;
			v->u.i = (int)number - 128;
		}
	} else if (number == 0) {
		v->type = SQLITE_NULL;
	} else {
		v->type = SQLITE_TEXT;
		v->u.p = c->text[number];
		v->len = (int)strlen(c->text[number]);
	}
}

int columns_sum(const struct query *q, const char *const *dims,
		size_t ndims, struct group_sums *g)
{
	const struct columns *c = columns_current();
	struct tests ts;
	struct dim d[2];
	struct table t = { NULL, 0, 0 };
	size_t e, i, involved = 0;

	if (!c)
		return 0;
	for (i = 0; i < ndims; i++) {
		if (ndims > 2 || !dim_of(c, dims[i], &d[i]))
			break;
		involved += (size_t)d[i].involved;
	}
	if (i < ndims || involved > 1 || !tests_of(c, q, &ts)) {
		columns_release(c);
		return 0;
	}
	t.cap = 64;
	t.s = xcalloc(t.cap, sizeof(*t.s));
	for (e = 0; e < c->n; e++) {
		if (passes(&ts, e))
			add_grouped(&t, c, d, ndims, e);
	}
	for (i = 0; i < t.cap; i++) {
		const struct slot *s = &t.s[i];
		struct group_value v[2];
		struct group_row sums;
		size_t k;

		if (!s->key)
			continue;
		for (k = 0; k < ndims; k++)
			value_of(c, &d[k], (uint32_t)(k == 0 ?
				 s->key >> 32 & 0x7fffffffu :
				 s->key & 0xffffffffu), &v[k]);
		memset(&sums, 0, sizeof(sums));
		sums.n = s->n;
		sums.gs = s->gs;
		sums.gn = s->gn;
		sums.ts = s->ts;
		sums.tn = s->tn;
		sums.ms = s->ms;
		sums.mn = s->mn;
		group_sums_add_values(g, v, &sums);
	}
	free(t.s);
	tests_free(&ts);
	columns_release(c);	/* g copied the texts */
	columns_answered();
	return 1;
}

int columns_count(const struct query *q, sqlite3_int64 *total)
{
	const struct columns *c = columns_current();
	struct tests ts;
	sqlite3_int64 n = 0;
	size_t e;

	if (!c)
		return 0;
	if (!tests_of(c, q, &ts)) {
		columns_release(c);
		return 0;
	}
	for (e = 0; e < c->n; e++)
		n += passes(&ts, e);
	tests_free(&ts);
	columns_release(c);
	columns_answered();
	*total = n;
	return 1;
}
