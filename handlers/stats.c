/* SPDX-License-Identifier: MIT */
/*
 * /stats: counts of the events any /events filters match, by time bucket
 * and group (db/aggregate.h); also the facets of lists.
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "listing.h"
#include "stats.h"
#include "xalloc.h"

#define DEFAULT_GROUPS 50
#define MAX_GROUPS 1000

#define NAME_SIZE 32	/* longer than any dimension, metric or field */

/*
 * The comma-separated item of a list at p: its name into name ("" when it
 * is too long to be one), its length into *len. Returns the next item,
 * or NULL after the last.
 */
static const char *item(const char *p, char name[NAME_SIZE], size_t *len)
{
	*len = strcspn(p, ",");
	name[0] = '\0';
	if (*len < NAME_SIZE) {
		memcpy(name, p, *len);
		name[*len] = '\0';
	}
	return p[*len] ? p + *len + 1 : NULL;
}

/* Reads by=d1[,d2] into a; returns 0 or -1 with *err set. */
static int parse_by(const char *v, struct aggregate *a, struct problem *err)
{
	const char *p, *next;
	size_t ntime = 0;

	a->ndims = 0;
	for (p = v; p; p = next) {
		char name[NAME_SIZE];
		size_t len;
		const struct dimension *d;

		next = item(p, name, &len);
		d = aggregate_dimension(name);
		if (!d)
			return problem_param(err, PROB_INVALID_PARAMETER, "by",
					     "by: '%.*s' is not one of %s",
					     (int)(len < 40 ? len : 40), p,
					     aggregate_dimension_names());
		if (a->ndims == AGGREGATE_MAX_DIMS ||
		    (a->ndims && a->dims[0] == d))
			return problem_param(err, PROB_INVALID_PARAMETER, "by",
					     "by takes one or two different "
					     "dimensions, e.g. month,country");
		ntime += aggregate_is_time(d);
		if (ntime > 1)
			return problem_param(err, PROB_INVALID_PARAMETER, "by",
					     "by takes at most one time bucket "
					     "(day, week, month or year)");
		a->dims[a->ndims++] = d;
	}
	return 0;
}

/* Reads metrics= into a (count is always given); 0 or -1 with *err. */
static int parse_metrics(const char *v, struct aggregate *a,
			 struct problem *err)
{
	const char *p, *next;

	for (p = v; p; p = next) {
		char name[NAME_SIZE];
		size_t len;
		unsigned bit;

		next = item(p, name, &len);
		if (strcmp(name, "count") == 0)
			continue;
		bit = aggregate_metric(name);
		if (!bit)
			return problem_param(err, PROB_INVALID_PARAMETER,
					     "metrics", "metrics: '%.*s' is not "
					     "one of count, goldstein_mean, "
					     "goldstein_sum, tone_mean, "
					     "mentions_sum",
					     (int)(len < 40 ? len : 40), p);
		a->metrics |= bit;
	}
	return 0;
}

/* 400 for facet= naming no facet field of res. */
static int facet_unknown(const struct resource *res, const char *p,
			 size_t len, struct problem *err)
{
	char names[200];
	size_t i, n = 0;

	names[0] = '\0';
	for (i = 0; i < res->nfacet_fields; i++)
		n += (size_t)snprintf(names + n, sizeof(names) - n, "%s%s",
				      i ? ", " : "", res->facet_fields[i].name);
	return problem_param(err, PROB_INVALID_PARAMETER, "facet",
			     "facet: '%.*s' is not one of %s",
			     (int)(len < 40 ? len : 40), p, names);
}

/* The facet field of res named name, or NULL. */
static const struct field *facet_field(const struct resource *res,
				       const char *name)
{
	size_t i;

	for (i = 0; i < res->nfacet_fields; i++) {
		if (strcmp(res->facet_fields[i].name, name) == 0)
			return &res->facet_fields[i];
	}
	return NULL;
}

/* facet= of a list other than events': its own fields, counted together
 * (aggregate_fields()). */
static int field_facets(const struct query *q, const char *facets,
			unsigned limit, struct buf *out, sqlite3_int64 *total,
			struct problem *err)
{
	const struct field **f;
	const char *p, *next;
	size_t n = 1;
	int rc = 0;

	for (p = facets; *p; p++)
		n += *p == ',';
	f = xcalloc(n, sizeof(*f));
	for (n = 0, p = facets; p && rc == 0; p = next) {
		char name[NAME_SIZE];
		size_t len;

		next = item(p, name, &len);
		if (!(f[n++] = facet_field(q->res, name)))
			rc = facet_unknown(q->res, p, len, err);
	}
	if (rc == 0)
		rc = aggregate_fields(q, f, n, limit, out, total, err);
	free(f);
	return rc;
}

int stats_facets(const struct query *q, const char *facets, unsigned limit,
		 struct buf *out, sqlite3_int64 *total, struct problem *err)
{
	const char *p, *next;
	struct aggregate a;

	if (total)
		*total = -1;
	if (q->res->facet_fields) {	/* out is dropped on an error */
		buf_putc(out, '{');
		if (field_facets(q, facets, limit, out, total, err) != 0)
			return -1;
		buf_putc(out, '}');
		return 0;
	}
	memset(&a, 0, sizeof(a));
	a.q = q;
	a.limit = limit;
	a.ndims = 1;
	buf_puts(out, "{");
	for (p = facets; p; p = next) {
		char name[NAME_SIZE];
		size_t len;

		next = item(p, name, &len);
		if (p != facets)
			buf_putc(out, ',');
		buf_printf(out, "\"%s\":[", name);
		a.dims[0] = aggregate_dimension(name);
		if (!a.dims[0])
			return problem_param(err, PROB_INVALID_PARAMETER,
					     "facet", "facet: '%.*s' is not one "
					     "of %s", (int)(len < 40 ? len : 40),
					     p, aggregate_dimension_names());
		if (aggregate_run(&a, out, err) != 0)
			return -1;
		buf_putc(out, ']');
	}
	buf_putc(out, '}');
	return 0;
}

int stats_get(struct request *req, struct reply *out, struct problem *err)
{
	static const char *const own[] = { "by", "metrics", "limit", NULL };
	struct query *q = query_new();
	struct buf self = BUF_INIT;
	struct aggregate a;
	size_t i;
	int ret = -1;

	memset(&a, 0, sizeof(a));
	a.q = q;
	a.limit = DEFAULT_GROUPS;
	if (listing_accepts(req, "application/json", err) != 0 ||
	    listing_filters(req, &events_resource, NULL, NULL, own, q,
			    err) != 0)
		goto out;
	for (i = 0; i < req->nparams; i++) {
		const char *k = req->params[i].key, *v = req->params[i].value;

		if (strcmp(k, "by") == 0 && parse_by(v, &a, err) != 0)
			goto out;
		if (strcmp(k, "metrics") == 0 &&
		    parse_metrics(v, &a, err) != 0)
			goto out;
		if (strcmp(k, "limit") == 0) {
			long n = listing_whole_number(v);

			if (n < 1 || n > MAX_GROUPS) {
				problem_param(err, PROB_INVALID_PARAMETER, k,
					      "limit='%.20s' is not valid: "
					      "expected a whole number from 1 "
					      "to 1000", v);
				goto out;
			}
			a.limit = (unsigned)n;
		}
	}
	if (!a.ndims) {
		problem_param(err, PROB_INVALID_PARAMETER, "by", "by is "
			      "required: one or two of %s, e.g. by=month or "
			      "by=month,country", aggregate_dimension_names());
		goto out;
	}
	/* Written in place: an answer by day and code is megabytes, and a
	 * copy of it was a tenth of its time (a problem replaces the body). */
	buf_puts(&out->body, "{\"data\":[");
	if (aggregate_run(&a, &out->body, err) != 0)
		goto out;
	listing_url(&self, req, NULL);
	buf_puts(&out->body, "],\"links\":{\"self\":");
	buf_json_string(&out->body, buf_str(&self), self.len);
	buf_printf(&out->body, "},\"meta\":{\"limit\":%u}}", a.limit);
	out->status = 200;
	out->content_type = "application/json";
	out->vary_prefix = 1;	/* links.self */
	ret = 0;
out:
	buf_free(&self);
	free(q);
	return ret;
}
