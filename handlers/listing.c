/* SPDX-License-Identifier: MIT */
/* Generic list and item handlers (see listing.h). */
#include "listing.h"

#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "cursor.h"
#include "dates.h"
#include "lookup.h"
#include "query.h"
#include "search_syntax.h"
#include "stats.h"

#define DEFAULT_LIMIT 50
#define MAX_LIMIT 1000
#define MAX_TEXT 200	/* longest filter value */
#define MAX_SEARCH 500	/* longest q= */

/* In enum output_format's order; the last for resources with a point. */
static const char *const offers[] = {
	"application/json", "text/csv", "application/x-ndjson",
	"application/geo+json",
};
static const char *const content_types[] = {
	"application/json", "text/csv; charset=utf-8", "application/x-ndjson",
	"application/geo+json",
};
static const char *const common_params[] = {
	"limit", "cursor", "count", "sort", "fields", "format", "q",
	"q_syntax", "facet", "facet_limit", NULL,
};
/* format=: the name of each output format, as offers[] orders them. */
static const char *const format_names[] = {
	"json", "csv", "ndjson", "geojson",
};

/* A filter the request gives (or the path fixes), with its raw value. */
struct given {
	const struct filter *f;
	const char *value;
	int negate;		/* not_<param>= */
};

/* Most values one filter takes at once (param=a,b,...). */
#define MAX_VALUES 100

/* Copies s into out (at most sz - 1 bytes) without splitting UTF-8. */
static const char *clip(const char *s, char *out, size_t sz)
{
	size_t n = strlen(s);

	if (n >= sz) {
		n = sz - 4;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		memcpy(out, s, n);
		memcpy(out + n, "...", 4);
	} else {
		memcpy(out, s, n + 1);
	}
	return out;
}

long listing_whole_number(const char *s)
{
	long v = 0;
	size_t i;

	if (!*s || strlen(s) > 9)
		return -1;
	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int invalid(struct problem *err, const char *param, const char *value,
		   const char *expected)
{
	char v[72];

	return problem_param(err, PROB_INVALID_PARAMETER, param,
			     "%s='%s' is not valid: expected %s", param,
			     clip(value, v, sizeof(v)), expected);
}

static void list_choices(char *out, size_t sz, const char *const *choices)
{
	size_t len = 0;

	out[0] = '\0';
	for (; *choices && len < sz; choices++)
		len += (size_t)snprintf(out + len, sz - len, "%s%s",
					len ? ", " : "one of ", *choices);
}

static int not_found_ref(struct problem *err, const char *param,
			 const char *noun, const char *value)
{
	char v[72];

	return problem_param(err, PROB_INVALID_PARAMETER, param,
			     "%s: no %s with id '%s'", param, noun,
			     clip(value, v, sizeof(v)));
}

/*
 * A plain decimal number (-12.5, 3, 0.25: no exponent, hex, inf or nan)
 * from min to max into *out; returns 0, or -1 when it is not one.
 */
static int parse_number(const char *s, double min, double max, double *out)
{
	const char *p = s + (*s == '-');
	size_t digits = strspn(p, "0123456789");
	char *end;

	if (!digits)
		return -1;
	p += digits;
	if (*p == '.' && !(digits = strspn(p + 1, "0123456789")))
		return -1;
	if (*p == '.')
		p += 1 + digits;
	if (*p || p - s > 24)
		return -1;
	*out = strtod(s, &end);
	return *out < min || *out > max ? -1 : 0;
}

/*
 * bbox=west,south,east,north (degrees; west > east crosses the
 * antimeridian) into a JSON array [w,s,e,n]; returns 0 or -1.
 */
static int parse_bbox(const char *value, char *out, size_t sz)
{
	static const double lim[4] = { 180, 90, 180, 90 };
	double d[4];
	char part[32];
	const char *p = value;
	int i;

	for (i = 0; i < 4; i++) {
		size_t len = strcspn(p, ",");

		if (len >= sizeof(part) || (i < 3) != (p[len] == ','))
			return -1;
		memcpy(part, p, len);
		part[len] = '\0';
		if (parse_number(part, -lim[i], lim[i], &d[i]) != 0)
			return -1;
		p += len + (i < 3);
	}
	if (d[1] > d[3])
		return -1;
	snprintf(out, sz, "[%.17g,%.17g,%.17g,%.17g]", d[0], d[1], d[2], d[3]);
	return 0;
}

/*
 * Checks a filter value and turns it into the values it binds; errors name
 * `param`, the filter as it was given (not_country=, say).
 */
static int convert(const struct filter *f, const char *param,
		   const char *value, struct condition *c,
		   struct problem *err)
{
	struct value *v = &c->binds[c->nbinds];
	struct date_range range;
	char expected[160];
	const char *const *ch;
	long n;
	int rc;

	memset(v, 0, sizeof(*v));
	c->nbinds++;
	switch (f->kind) {
	case VAL_TEXT:
		if (strlen(value) > MAX_TEXT)
			return invalid(err, param, value,
				       "at most 200 bytes");
		snprintf(v->text, sizeof(v->text), "%s", value);
		return 0;
	case VAL_ENUM:
		for (ch = f->choices; *ch; ch++) {
			if (strcmp(*ch, value) == 0) {
				snprintf(v->text, sizeof(v->text), "%s",
					 value);
				return 0;
			}
		}
		list_choices(expected, sizeof(expected), f->choices);
		return invalid(err, param, value, expected);
	case VAL_INT:
		n = listing_whole_number(value);
		if (n < f->min || n > f->max) {
			snprintf(expected, sizeof(expected), "a whole number "
				 "from %d to %d", f->min, f->max);
			return invalid(err, param, value, expected);
		}
		v->is_int = 1;
		v->i = n;
		return 0;
	case VAL_COUNTRY:
		rc = lookup_country(value, v->text, err);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			char shown[72];

			return problem_param(err, PROB_INVALID_PARAMETER,
					     param, "%s: no country with "
					     "ISO 3166-1 alpha-2 or alpha-3 "
					     "code '%s'", param,
					     clip(value, shown, sizeof(shown)));
		}
		return 0;
	case VAL_ID:
		/* The characters of ids, not their form: an import may
		 * have made "gdelt-actor-chn-" of a name in another script. */
		n = (long)strlen(value);
		if (n > 128 || strspn(value, "abcdefghijklmnopqrstuvwxyz"
				     "0123456789-") != (size_t)n)
			return invalid(err, param, value, "ids: 1 to 128 of "
				       "a-z, 0-9 and hyphens");
		snprintf(v->text, sizeof(v->text), "%s", value);
		return 0;
	case VAL_KNOWN:
		if (strlen(value) > MAX_TEXT)
			return invalid(err, param, value,
				       "at most 200 bytes");
		rc = lookup_known(f->known_sql, value, v->text,
				  sizeof(v->text), err);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			char known[400], shown[72];

			if (lookup_text(f->known_list_sql, known,
					sizeof(known), err) != 0)
				return -1;
			return problem_param(err, PROB_INVALID_PARAMETER,
					     param, "%s: no value '%s' here; "
					     "the values are %s", param,
					     clip(value, shown, sizeof(shown)),
					     known);
		}
		return 0;
	case VAL_ACTOR:
	case VAL_SOURCE:
		v->is_int = 1;
		rc = lookup_pk(f->kind == VAL_ACTOR ? LOOKUP_ACTORS :
			       LOOKUP_SOURCES, value, &v->i, err);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return not_found_ref(err, param, f->kind ==
					     VAL_ACTOR ? "actor" : "source",
					     value);
		return 0;
	case VAL_CODE_PREFIX:
		n = (long)strlen(value);
		if (n < 1 || n > 4 || listing_whole_number(value) < 0)
			return invalid(err, param, value, "a CAMEO code or "
				       "prefix of 1 to 4 digits, e.g. 17");
		/* [prefix, prefix with its last digit + 1): all codes under */
		snprintf(v->text, sizeof(v->text), "%s", value);
		v = &c->binds[c->nbinds++];
		memset(v, 0, sizeof(*v));
		snprintf(v->text, sizeof(v->text), "%s", value);
		v->text[n - 1]++;
		return 0;
	case VAL_ROOT_CODE:
		n = listing_whole_number(value);
		if (strlen(value) != 2 || n < 1 || n > 20)
			return invalid(err, param, value, "a two-digit "
				       "CAMEO root code from 01 to 20");
		snprintf(v->text, sizeof(v->text), "%s", value);
		return 0;
	case VAL_DATE_FROM:
	case VAL_DATE_TO:
		if (date_parse(value, &range) != 0)
			return invalid(err, param, value, "a calendar date "
				       "YYYY, YYYY-MM or YYYY-MM-DD");
		snprintf(v->text, sizeof(v->text), "%s",
			 f->kind == VAL_DATE_FROM ? range.first : range.last);
		if (f->kind == VAL_DATE_TO)
			c->binds[c->nbinds++] = *v;
		return 0;
	case VAL_TIMESTAMP:
		if (timestamp_parse(value, v->text) != 0)
			return invalid(err, param, value, "a UTC timestamp "
				       "YYYY-MM-DDTHH:MM:SS[.fff]Z or a date "
				       "YYYY-MM-DD");
		return 0;
	case VAL_NUMBER:
		if (parse_number(value, f->min, f->max, &v->d) != 0) {
			snprintf(expected, sizeof(expected), "a decimal number "
				 "from %d to %d", f->min, f->max);
			return invalid(err, param, value, expected);
		}
		v->is_real = 1;
		return 0;
	case VAL_BBOX:
		if (parse_bbox(value, v->text, sizeof(v->text)) != 0)
			return invalid(err, param, value, "west,south,east,"
				       "north in degrees (longitudes -180 to "
				       "180, latitudes -90 to 90, south not "
				       "above north), e.g. 40,41,47,44");
		return 0;
	}
	return problem_set(err, PROB_INTERNAL, "unknown filter kind");
}

static const struct filter *find_filter(const struct resource *res,
					const char *name)
{
	size_t i;

	for (i = 0; i < res->nfilters; i++) {
		if (strcmp(res->filters[i].param, name) == 0)
			return &res->filters[i];
	}
	return NULL;
}

static const struct given *find_given(const struct given *g, size_t n,
				      const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!g[i].negate && strcmp(g[i].f->param, name) == 0)
			return &g[i];
	}
	return NULL;
}

/*
 * Checks each of a filter's comma-separated values and binds them as one
 * JSON array (what the filter's any_ and not_ forms read with json_each).
 */
static int convert_list(const struct filter *f, const char *param,
			const char *value, struct condition *c,
			struct problem *err)
{
	struct buf arr = BUF_INIT;
	struct condition one;
	const char *p = value;
	size_t n = 0;
	int ret = -1;

	buf_putc(&arr, '[');
	for (;;) {
		size_t len = strcspn(p, ",");
		char item[MAX_TEXT + 1];
		const struct value *v = &one.binds[0];

		if (len == 0 || len > MAX_TEXT || ++n > MAX_VALUES) {
			invalid(err, param, value, len > MAX_TEXT ? "values "
				"of at most 200 bytes" : n > MAX_VALUES ?
				"at most 100 comma-separated values" :
				"comma-separated values, none empty");
			goto out;
		}
		memcpy(item, p, len);
		item[len] = '\0';
		memset(&one, 0, sizeof(one));
		if (convert(f, param, item, &one, err) != 0)
			goto out;
		if (n > 1)
			buf_putc(&arr, ',');
		if (v->is_int)
			buf_printf(&arr, "%lld", (long long)v->i);
		else
			buf_json_string(&arr, v->text, strlen(v->text));
		if (!p[len])
			break;
		p += len + 1;
	}
	buf_putc(&arr, ']');
	if (arr.len >= sizeof(c->binds[0].text)) {
		invalid(err, param, value, "a shorter list (at most 2,000 "
			"bytes once checked)");
		goto out;
	}
	memset(&c->binds[0], 0, sizeof(c->binds[0]));
	memcpy(c->binds[0].text, buf_str(&arr), arr.len + 1);
	c->nbinds = 1;
	ret = 0;
out:
	buf_free(&arr);
	return ret;
}

/* Whether a given filter takes its any_ or not_ form. */
static int listed(const struct given *g)
{
	return g->negate || (g->f->any_sql && strchr(g->value, ','));
}

/*
 * A filter with several values (param=a,b or not_param=): its forms read
 * them as one JSON array. It pairs with nothing.
 */
static int add_listed(struct query *q, const struct given *g,
		      struct problem *err)
{
	char param[64];
	struct condition *c = query_where(q, g->negate ? g->f->not_sql :
					  g->f->any_sql);

	if (!c)
		return problem_set(err, PROB_BAD_REQUEST, "too many filters");
	snprintf(param, sizeof(param), "%s%s", g->negate ? "not_" : "",
		 g->f->param);
	c->filter = g->f;
	c->form = g->negate ? FORM_NOT : FORM_ANY;
	if (!g->negate) {
		c->check_sql = g->f->any_check_sql;
		c->probe_sql = g->f->any_probe_sql;
		c->estimate_sql = g->f->any_estimate_sql;
	} else if (g->f->not_drive_sql) {
		c->sql = g->f->not_drive_sql;
		c->check_sql = g->f->not_sql;
		c->probe_sql = g->f->not_probe_sql;
	}
	return convert_list(g->f, param, g->value, c, err);
}

/*
 * A range given both its ends the wrong way round (goldstein_min= above
 * goldstein_max=, and every other X_min= and X_max=) matches nothing:
 * told, as a from= after to= is, rather than answered empty. The values
 * are the filters' own, checked as numbers already.
 */
static int empty_range(const struct given *g, size_t n, struct problem *err)
{
	const struct given *hi;
	char max[64];
	size_t i, len;

	for (i = 0; i < n; i++) {
		len = strlen(g[i].f->param);
		if (g[i].negate || len < 4 || len >= sizeof(max) ||
		    strcmp(g[i].f->param + len - 4, "_min") != 0)
			continue;
		snprintf(max, sizeof(max), "%.*s_max", (int)(len - 4),
			 g[i].f->param);
		hi = find_given(g, n, max);
		if (hi && strtod(g[i].value, NULL) > strtod(hi->value, NULL))
			return problem_param(err, PROB_INVALID_PARAMETER,
					     g[i].f->param, "%s=%s is above "
					     "%s=%s: the range is empty",
					     g[i].f->param, g[i].value, max,
					     hi->value);
	}
	return 0;
}

/* Turns the given filters into conditions, pairing where described. */
static int add_filters(struct query *q, const struct given *g, size_t n,
		       struct problem *err)
{
	const char *from = NULL, *to = NULL;
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct given *pair = g[i].f->pair && !g[i].negate ?
			find_given(g, n, g[i].f->pair) : NULL;
		struct condition *c;
		int paired_away = 0;

		for (j = 0; j < n; j++) {
			if (g[j].f->pair && !g[j].negate && !g[i].negate &&
			    strcmp(g[j].f->pair, g[i].f->param) == 0)
				paired_away = 1;
		}
		if (pair && (listed(pair) || listed(&g[i]) ||
			     find_given(pair + 1, (size_t)(g + n - pair - 1),
					pair->f->param)))
			return problem_param(err, PROB_INVALID_PARAMETER,
					     g[i].f->param, "%s= with %s= means "
					     "that %s in that %s: give one "
					     "value of each", g[i].f->param,
					     pair->f->param, pair->f->param,
					     g[i].f->param);
		if (paired_away)
			continue;	/* the filter it pairs with binds it */
		if (listed(&g[i])) {
			if (add_listed(q, &g[i], err) != 0)
				return -1;
			continue;
		}
		c = query_where(q, pair ? g[i].f->pair_sql : g[i].f->sql);
		if (!c)
			return problem_set(err, PROB_BAD_REQUEST,
					   "too many filters");
		c->filter = g[i].f;
		c->form = pair ? FORM_PAIR : FORM_ONE;
		c->check_sql = pair ? g[i].f->pair_check_sql :
			g[i].f->check_sql;
		c->probe_sql = pair ? g[i].f->pair_probe_sql :
			g[i].f->probe_sql;
		c->count_sql = pair ? NULL : g[i].f->count_sql;
		c->estimate_sql = pair ? NULL : g[i].f->estimate_sql;
		c->range_of = pair ? NULL : g[i].f->range_of;
		c->range_sql = pair ? NULL : g[i].f->range_sql;
		c->direct_sql = pair ? NULL : g[i].f->direct_sql;
		if (pair)
			c->stream = g[i].f->pair_stream;
		else
			c->stream = !g[i].f->stream_of ||
				(g[i].f->stream_value_len &&
				 strlen(g[i].value) !=
				 g[i].f->stream_value_len) ? NULL : g[i].f;
		if (pair && convert(pair->f, pair->f->param, pair->value, c,
				    err) != 0)
			return -1;
		if (convert(g[i].f, g[i].f->param, g[i].value, c, err) != 0)
			return -1;
		if (g[i].f->kind == VAL_DATE_FROM)
			from = c->binds[c->nbinds - 1].text;
		if (g[i].f->kind == VAL_DATE_TO)
			to = c->binds[c->nbinds - 1].text;
	}
	if (from && to && strcmp(from, to) > 0)
		return problem_param(err, PROB_INVALID_PARAMETER, "from",
				     "from is after to: the range is empty");
	if (empty_range(g, n, err) != 0)
		return -1;
	query_drop_passed(q);
	if (q->res->simplify && q->res->simplify(q, err) != 0)
		return -1;
	return 0;
}

static int parse_sort(struct query *q, const char *value,
		      struct problem *err)
{
	const char *name = value[0] == '-' ? value + 1 : value;
	char expected[200];
	size_t i, len = 0;

	if (strcmp(name, query_relevance.name) == 0 && q->res->fts) {
		if (!query_search(q))
			return problem_param(err, PROB_INVALID_PARAMETER,
					     "sort", "sort=%s ranks the matches "
					     "of a search: give q= too", value);
		q->sort = &query_relevance;
		q->by_relevance = 1;
		q->descending = value[0] == '-';
		return 0;
	}
	for (i = 0; i < q->res->nsorts; i++) {
		if (strcmp(q->res->sorts[i].name, name) == 0) {
			q->sort = &q->res->sorts[i];
			q->descending = value[0] == '-';
			return 0;
		}
	}
	expected[0] = '\0';
	for (i = 0; i < q->res->nsorts; i++)
		len += (size_t)snprintf(expected + len, sizeof(expected) - len,
					"%s%s", i ? ", " : "one of ",
					q->res->sorts[i].name);
	if (q->res->fts)
		len += (size_t)snprintf(expected + len, sizeof(expected) - len,
					", %s (with q=)", query_relevance.name);
	snprintf(expected + len, sizeof(expected) - len,
		 ", optionally prefixed with - for descending order");
	return invalid(err, "sort", value, expected);
}

static int parse_fields(struct query *q, const char *value,
			struct problem *err)
{
	const char *p = value;

	q->fields = 0;
	while (1) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p), i;
		int found = 0;

		for (i = 0; i < q->res->nfields; i++) {
			if (strlen(q->res->fields[i].name) == len &&
			    strncmp(q->res->fields[i].name, p, len) == 0) {
				q->fields |= (uint64_t)1 << i;
				found = 1;
			}
		}
		if (!found) {
			char name[72], shown[80];

			snprintf(name, sizeof(name), "%.*s",
				 (int)(len < 60 ? len : 60), p);
			return problem_param(err, PROB_INVALID_PARAMETER,
					     "fields", "fields: '%s' is not a "
					     "field of %s", clip(name, shown,
					     sizeof(shown)), q->res->name);
		}
		if (!end)
			return 0;
		p = end + 1;
	}
}

static int in_list(const char *const *list, const char *name)
{
	for (; list && *list; list++) {
		if (strcmp(*list, name) == 0)
			return 1;
	}
	return 0;
}

/*
 * 400 for parameter name: lists what res accepts (own: the caller's own
 * parameters, with q= and the filters, instead of a list's).
 */
static int unknown_param(const struct resource *res, const char *scope,
			 const char *const *own, const char *name, int item,
			 struct problem *err)
{
	char allowed[600], shown[72];
	size_t len = 0, i;

	allowed[0] = '\0';
	if (item) {
		snprintf(allowed, sizeof(allowed), "fields");
	} else {
		for (i = 0; own && own[i]; i++)
			len += (size_t)snprintf(allowed + len,
						sizeof(allowed) - len, "%s%s",
						len ? ", " : "", own[i]);
		for (i = 0; common_params[i]; i++) {
			if (!res->fts && strncmp(common_params[i], "q", 1) == 0)
				continue;	/* no full-text index */
			if (own && common_params[i][0] != 'q')
				continue;	/* not a list */
			if (!res->facets && !res->facet_fields &&
			    strncmp(common_params[i], "facet", 5) == 0)
				continue;
			len += (size_t)snprintf(allowed + len,
						sizeof(allowed) - len, "%s%s",
						len ? ", " : "",
						common_params[i]);
		}
		for (i = 0; i < res->nfilters; i++) {
			if (scope && strcmp(scope, res->filters[i].param) == 0)
				continue;
			len += (size_t)snprintf(allowed + len,
						sizeof(allowed) - len, ", %s%s",
						res->filters[i].not_sql ?
						"[not_]" : "",
						res->filters[i].param);
		}
	}
	return problem_param(err, PROB_UNKNOWN_PARAMETER, name,
			     "unknown query parameter '%s'; %s accepts: %s",
			     clip(name, shown, sizeof(shown)),
			     own ? "this resource" : res->name, allowed);
}

/* Appends path?params to out, with cursor replaced when cursor is set. */
void listing_url(struct buf *out, const struct request *req,
		 const char *cursor)
{
	char sep = '?';
	const char *prefix;
	size_t i, n = req_prefix(req, &prefix);

	buf_append(out, prefix, n);
	buf_puts(out, req->path);
	for (i = 0; i < req->nparams; i++) {
		const struct param *p = &req->params[i];

		if (cursor && strcmp(p->key, "cursor") == 0)
			continue;
		buf_putc(out, sep);
		buf_url_encode(out, p->key, strlen(p->key));
		buf_putc(out, '=');
		buf_url_encode(out, p->value, p->len);
		sep = '&';
	}
	if (cursor) {
		buf_putc(out, sep);
		buf_puts(out, "cursor=");
		buf_puts(out, cursor);
	}
}

static int negotiate(struct request *req, size_t noffers,
		     enum output_format *fmt, struct problem *err)
{
	int i = req_negotiate(req, offers, noffers);

	if (i < 0)
		return problem_set(err, PROB_NOT_ACCEPTABLE, "this resource "
				   "is available as %s", noffers == 1 ?
				   "application/json" : noffers == 3 ?
				   "application/json, text/csv or "
				   "application/x-ndjson" : "application/json, "
				   "text/csv, application/x-ndjson or "
				   "application/geo+json");
	*fmt = (enum output_format)i;
	return 0;
}

/*
 * count=exact: for events of several conditions, a negation or any of
 * several values, added up from the summary cells when they answer (a
 * country list with a CAMEO code read every match, 1 s at 1M), else
 * counted in the copy of the events' columns (country=GE,AM,AZ, 94% of
 * the events at 1M, took 4 s through the index of countries, each event
 * once); so is a box alone, from its points' cells (its tree counts its
 * events one by one: 140 ms for 900,000 at 1M), and one condition that
 * keeps no count of its own. Otherwise counted by the query: one
 * condition's own count, a kept total or its index's.
 */
static int count_matches(const struct query *q, sqlite3_int64 *total,
			 struct problem *err)
{
	const struct condition *one = q->nwhere == 1 ? &q->where[0] : NULL;
	/* One condition without a kept count (a range of tone, a role, a
	 * source, a box) counted every match through its index: 25-50 ms
	 * at 1M. */
	int cells = q->nwhere > 1 || (one && (one->form == FORM_NOT ||
					      one->form == FORM_ANY ||
					      (one->filter &&
					       !one->count_sql)));
	int rc = q->res->facets && cells ? aggregate_count(q, total, err) : 0;

	return rc < 0 ? -1 : rc ? 0 : query_count(q, total, err);
}

/*
 * The format of a list: format= when given (a plain link, a download),
 * else what Accept prefers. Returns 1 when format= chose it, 0 when
 * Accept did, -1 with *err set.
 */
static int list_format(struct request *req, const struct resource *res,
		       enum output_format *fmt, struct problem *err)
{
	size_t i, n = COUNT_OF(format_names) - !res->geo_point;

	for (i = 0; i < req->nparams; i++) {
		size_t f;

		if (strcmp(req->params[i].key, "format") != 0)
			continue;
		for (f = 0; f < n; f++) {
			if (strcmp(req->params[i].value, format_names[f]) == 0) {
				*fmt = (enum output_format)f;
				return 1;
			}
		}
		return invalid(err, "format", req->params[i].value,
			       res->geo_point ? "json, csv, ndjson or geojson" :
			       "json, csv or ndjson");
	}
	return negotiate(req, n, fmt, err);
}

int listing_accepts(struct request *req, const char *type,
		    struct problem *err)
{
	if (req_negotiate(req, &type, 1) < 0)
		return problem_set(err, PROB_NOT_ACCEPTABLE, "this resource "
				   "is available as %s only", type);
	return 0;
}

/*
 * Adds q= as a condition: search-box text made an FTS5 query
 * (search_syntax.h), or taken as FTS5 syntax when the client opts in.
 * Text with nothing to search for adds none.
 */
static int add_search(struct query *q, const char *text, int fts5,
		      struct problem *err)
{
	struct buf match = BUF_INIT;
	struct condition *c;
	int rc = fts5 ? 0 : search_compile(text, &match);

	if (rc == 2 || rc == 3) {
		char shown[72];

		buf_free(&match);
		if (rc == 3)
			return problem_param(err, PROB_INVALID_PARAMETER, "q",
					     "q: its first 64 words are all "
					     "left out (-word) and the rest "
					     "are not read; put a word to look "
					     "for among them");
		return problem_param(err, PROB_INVALID_PARAMETER, "q", "q: "
				     "every word of '%s' is left out (-word); "
				     "name one to look for too, as in "
				     "'huawei -5g'", clip(text, shown,
							  sizeof(shown)));
	}
	if (rc != 0) {
		buf_free(&match);
		return 0;
	}
	if (fts5 && !text[strspn(text, " \t\r\n")])
		return 0;
	c = query_where(q, q->res->fts);
	if (!c) {
		buf_free(&match);
		return problem_set(err, PROB_BAD_REQUEST, "too many filters");
	}
	c->check_sql = q->res->fts_check;
	c->probe_sql = q->res->fts_probe;
	c->stream = q->res->fts_stream;
	snprintf(c->binds[0].text, sizeof(c->binds[0].text), "%s",
		 fts5 ? text : buf_str(&match));
	c->nbinds = 1;
	buf_free(&match);
	return 0;
}

/*
 * Whether parameter i repeats an earlier one that may not repeat: only
 * filters with several values (any_sql) may, each time one more condition.
 */
static int repeated(const struct request *req, size_t i,
		    const struct resource *res)
{
	const char *k = req->params[i].key;
	const struct filter *f = find_filter(res, strncmp(k, "not_", 4) == 0 ?
					     k + 4 : k);
	size_t j;

	if (f && f->any_sql)
		return 0;
	for (j = 0; j < i; j++) {
		if (strcmp(req->params[j].key, k) == 0)
			return 1;
	}
	return 0;
}

/*
 * listing_parse(), or with own set listing_filters(): then the list's own
 * parameters (limit, sort...) are unknown and those named in own skipped.
 */
static int parse_list(const struct request *req, const struct resource *res,
		      const char *scope, const char *scope_value,
		      const char *const *own, struct query *q, int *count,
		      struct problem *err)
{
	struct given given[QUERY_MAX_WHERE];
	const char *cursor = NULL, *sort = NULL, *search = NULL;
	size_t ngiven = 0, i;
	int fts5 = 0;
	long n;

	q->res = res;
	q->limit = DEFAULT_LIMIT;
	q->facet_limit = 10;
	q->fields = ~(uint64_t)0;
	if (scope) {
		given[ngiven].f = find_filter(res, scope);
		given[ngiven].negate = 0;
		given[ngiven++].value = scope_value;
	}
	for (i = 0; i < req->nparams; i++) {
		const char *k = req->params[i].key, *v = req->params[i].value;
		const struct filter *f;

		if (repeated(req, i, res))
			return problem_param(err, PROB_INVALID_PARAMETER, k,
					     "query parameter '%s' is given "
					     "more than once", k);
		if (ngiven == QUERY_MAX_WHERE)
			return problem_set(err, PROB_BAD_REQUEST,
					   "too many filters");
		if (own && in_list(own, k))
			continue;	/* the caller reads it */
		if (own && strcmp(k, "q") != 0 && strcmp(k, "q_syntax") != 0 &&
		    in_list(common_params, k))
			return unknown_param(res, scope, own, k, 0, err);
		if (strcmp(k, "limit") == 0) {
			n = listing_whole_number(v);
			if (n < 1 || n > MAX_LIMIT)
				return invalid(err, k, v, "a whole number "
					       "from 1 to 1000");
			q->limit = (unsigned)n;
		} else if (strcmp(k, "cursor") == 0) {
			cursor = v;
		} else if (strcmp(k, "count") == 0) {
			if (strcmp(v, "exact") != 0)
				return invalid(err, k, v, "exact");
			*count = 1;
		} else if (strcmp(k, "sort") == 0) {
			sort = v;
		} else if (strcmp(k, "format") == 0) {
			continue;	/* list_format() read it */
		} else if (strcmp(k, "facet") == 0 && (res->facets ||
							res->facet_fields)) {
			q->facets = v;	/* stats_facets() checks it */
		} else if (strcmp(k, "facet_limit") == 0 &&
			   (res->facets || res->facet_fields)) {
			n = listing_whole_number(v);
			if (n < 1 || n > 100)
				return invalid(err, k, v, "a whole number "
					       "from 1 to 100");
			q->facet_limit = (unsigned)n;
		} else if (strcmp(k, "fields") == 0) {
			if (parse_fields(q, v, err) != 0)
				return -1;
		} else if (strcmp(k, "q") == 0 && res->fts) {
			if (strlen(v) > MAX_SEARCH)
				return invalid(err, k, v, "at most 500 bytes");
			search = v;
		} else if (strcmp(k, "q_syntax") == 0 && res->fts) {
			if (strcmp(v, "plain") != 0 && strcmp(v, "fts5") != 0)
				return invalid(err, k, v, "plain or fts5");
			fts5 = v[0] == 'f';
		} else if ((f = find_filter(res, k)) &&
			   !(scope && strcmp(scope, k) == 0)) {
			given[ngiven].f = f;
			given[ngiven].negate = 0;
			given[ngiven++].value = v;
		} else if (strncmp(k, "not_", 4) == 0 &&
			   (f = find_filter(res, k + 4)) && f->not_sql) {
			given[ngiven].f = f;
			given[ngiven].negate = 1;
			given[ngiven++].value = v;
		} else {
			return unknown_param(res, scope, own, k, 0, err);
		}
	}
	if (search && add_search(q, search, fts5, err) != 0)
		return -1;
	/*
	 * A search alone lists its best matches first. With other filters
	 * too the list keeps its own order, where every match is listed
	 * (relevance ranks only the newest matches of q: query.h).
	 */
	if (!sort)
		sort = query_search(q) && ngiven == 0 ?
			query_relevance.name : res->default_sort;
	if (parse_sort(q, sort, err) != 0 || add_filters(q, given, ngiven,
							 err) != 0)
		return -1;
	if (cursor) {
		if (cursor_decode(cursor, res->name, sort, &q->after_value,
				  &q->after_pk, err) != 0)
			return -1;
		q->after = 1;
	}
	return 0;
}

int listing_parse(const struct request *req, const struct resource *res,
		  const char *scope, const char *scope_value,
		  struct query *q, int *count, struct problem *err)
{
	return parse_list(req, res, scope, scope_value, NULL, q, count, err);
}

int listing_filters(const struct request *req, const struct resource *res,
		    const char *scope, const char *scope_value,
		    const char *const *own, struct query *q,
		    struct problem *err)
{
	int count = 0;

	return parse_list(req, res, scope, scope_value, own, q, &count, err);
}

/*
 * The list's JSON: {"data": rows, "links", "meta"}, or for GeoJSON a
 * FeatureCollection of the rows with links and meta as foreign members.
 */
static void envelope(struct buf *body, enum output_format fmt,
		     const struct buf *rows, const char *self,
		     const char *next, unsigned limit, int counted,
		     sqlite3_int64 total, long ranked,
		     const struct buf *facets)
{
	buf_puts(body, fmt == OUT_GEOJSON ? "{\"type\":\"FeatureCollection\","
		 "\"features\":[" : "{\"data\":[");
	buf_append(body, buf_str(rows), rows->len);
	buf_puts(body, "],\"links\":{\"self\":");
	buf_json_string(body, self, strlen(self));
	buf_puts(body, ",\"next\":");
	if (next)
		buf_json_string(body, next, strlen(next));
	else
		buf_puts(body, "null");
	buf_printf(body, "},\"meta\":{\"limit\":%u", limit);
	if (counted)
		buf_printf(body, ",\"total\":%lld", (long long)total);
	if (ranked)
		buf_printf(body, ",\"ranked\":%ld", ranked);
	buf_putc(body, '}');
	if (facets->len) {
		buf_puts(body, ",\"facets\":");
		buf_append(body, buf_str(facets), facets->len);
	}
	buf_putc(body, '}');
}

int listing_list(struct request *req, const struct resource *res,
		 const char *scope, const char *scope_value,
		 struct reply *out, struct problem *err)
{
	struct buf rows = BUF_INIT, self = BUF_INIT, next = BUF_INIT;
	struct buf cursor = BUF_INIT, link = BUF_INIT, facets = BUF_INIT;
	struct query *q = query_new();
	struct query_page page;
	sqlite3_int64 total = -1;
	long ranked = 0;
	int count = 0, ret = -1, download;

	download = list_format(req, res, &q->format, err);
	if (download < 0 ||
	    listing_parse(req, res, scope, scope_value, q, &count, err) != 0)
		goto out;
	if (q->facets && q->format != OUT_JSON) {
		problem_param(err, PROB_INVALID_PARAMETER, "facet", "facets "
			      "come with JSON lists only, not CSV, NDJSON or "
			      "GeoJSON");
		goto out;
	}
	/* A map has no place for records without a point. */
	if (q->format == OUT_GEOJSON && !query_where(q, res->geo_where)) {
		problem_set(err, PROB_BAD_REQUEST, "too many filters");
		goto out;
	}
	/* The facets first: they may count the matches on the way. */
	if (query_list(q, &rows, &page, err) != 0 ||
	    (q->facets && stats_facets(q, q->facets, q->facet_limit, &facets,
				       count ? &total : NULL, err) != 0) ||
	    (count && total < 0 && count_matches(q, &total, err) != 0))
		goto out;
	/* The last page of a ranking that left older matches out says so. */
	if (!page.more && (q->format == OUT_JSON ||
			   q->format == OUT_GEOJSON) &&
	    (ranked = query_relevance_cut(q, err)) < 0)
		goto out;
	listing_url(&self, req, NULL);
	if (page.more) {
		char sort[48];

		snprintf(sort, sizeof(sort), "%s%s", q->descending ? "-" : "",
			 q->sort->name);
		cursor_encode(&cursor, res->name, sort, &page.last_value,
			      page.last_pk);
		listing_url(&next, req, buf_str(&cursor));
		buf_printf(&link, "<%s>; rel=\"next\"", buf_str(&next));
		reply_header(out, "Link", buf_str(&link));
	}
	if (download) {
		char disposition[96];

		snprintf(disposition, sizeof(disposition), "attachment; "
			 "filename=\"%s.%s\"", res->name,
			 format_names[q->format]);
		reply_header(out, "Content-Disposition", disposition);
	}
	out->status = 200;
	out->content_type = content_types[q->format];
	out->cache_control = res->cache_control;
	out->vary_accept = 1;
	out->vary_prefix = 1;	/* links.self, links.next, Link */
	if (q->format == OUT_JSON || q->format == OUT_GEOJSON)
		envelope(&out->body, q->format, &rows, buf_str(&self),
			 page.more ? buf_str(&next) : NULL, q->limit, count,
			 total, ranked, &facets);
	else
		buf_append(&out->body, buf_str(&rows), rows.len);
	ret = 0;
out:
	buf_free(&rows);
	buf_free(&self);
	buf_free(&next);
	buf_free(&cursor);
	buf_free(&link);
	buf_free(&facets);
	free(q);
	return ret;
}

int listing_item(struct request *req, const struct resource *res,
		 const char *key, struct reply *out, struct problem *err)
{
	struct query *q = query_new();
	enum output_format fmt;
	size_t i;
	int ret = -1, rc;

	q->res = res;
	q->fields = ~(uint64_t)0;
	if (negotiate(req, 1, &fmt, err) != 0)
		goto out;
	for (i = 0; i < req->nparams; i++) {
		if (strcmp(req->params[i].key, "fields") != 0) {
			unknown_param(res, NULL, NULL, req->params[i].key, 1,
				      err);
			goto out;
		}
		if (parse_fields(q, req->params[i].value, err) != 0)
			goto out;
	}
	rc = query_item(q, key, &out->body, err);
	if (rc < 0)
		goto out;
	if (rc == 0) {
		char shown[72];

		problem_set(err, PROB_NOT_FOUND, "no %s with %s '%s'",
			    res->noun, res->key_name,
			    clip(key, shown, sizeof(shown)));
		goto out;
	}
	out->status = 200;
	out->content_type = "application/json";
	out->cache_control = res->cache_control;
	ret = 0;
out:
	free(q);
	return ret;
}

int listing_no_params(struct request *req, struct problem *err)
{
	char shown[72];

	if (req->nparams == 0)
		return 0;
	return problem_param(err, PROB_UNKNOWN_PARAMETER, req->params[0].key,
			     "unknown query parameter '%s'; this resource "
			     "takes none", clip(req->params[0].key, shown,
						sizeof(shown)));
}
