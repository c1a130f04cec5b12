/* SPDX-License-Identifier: MIT */
/*
 * Aggregations of the events a query matches: counts (and GDELT's
 * numbers) bucketed by time and grouped by a country, CAMEO code, actor,
 * role or source. They serve /stats and the facets of event lists.
 */
#ifndef DOSSIER_AGGREGATE_H
#define DOSSIER_AGGREGATE_H

#include "buf.h"
#include "problem.h"
#include "query.h"

#define AGGREGATE_MAX_DIMS 2

struct dimension;

/* Metrics beside the count, as bits of aggregate.metrics. */
enum {
	METRIC_GOLDSTEIN_MEAN = 1,
	METRIC_GOLDSTEIN_SUM = 2,
	METRIC_TONE_MEAN = 4,
	METRIC_MENTIONS_SUM = 8,
};

struct aggregate {
	const struct query *q;	/* the events: its conditions */
	const struct dimension *dims[AGGREGATE_MAX_DIMS];
	size_t ndims;		/* at most one of them a time bucket */
	unsigned metrics;
	/* The groups (values of the dimensions that are not time) kept:
	 * the most events first. A time series is given for each. */
	unsigned limit;
};

/* The dimension called name (day, month, country, actor...), or NULL. */
const struct dimension *aggregate_dimension(const char *name);
/* Whether d buckets by time. */
int aggregate_is_time(const struct dimension *d);
/* The names of every dimension, comma-separated, for messages. */
const char *aggregate_dimension_names(void);
/* The bit of the metric called name, or 0. */
unsigned aggregate_metric(const char *name);

/*
 * Appends the groups as JSON objects separated by commas (the elements
 * of an array). Returns 0 or -1 with *err set.
 */
int aggregate_run(const struct aggregate *a, struct buf *out,
		  struct problem *err);

/*
 * Whether q's conditions are dates in whole months (from= and to= of
 * events) and, when codes, CAMEO codes and quad classes, which summary
 * cells of months and codes (x.m, x.t) answer; each condition's test of
 * them into sqls[i], and into low and high the range of x.m that holds
 * every cell they select. *coded (when codes) tells whether a condition
 * tests the code.
 */
int aggregate_month_cells(const struct query *q, int codes, int *coded,
			  const char **sqls, char low[16], char high[16]);

/* Whether q's one condition is a box (bbox=), answered by its points. */
int aggregate_box_alone(const struct query *q);

/*
 * The number of events q matches, added up from the summary cells when
 * they answer its conditions (a count=exact of several filters, which
 * would otherwise read every match). Returns 1 with *total set, 0 when
 * the cells do not answer, or -1 with *err set.
 */
int aggregate_count(const struct query *q, sqlite3_int64 *total,
		    struct problem *err);

/*
 * For a resource with facet_fields (not events): appends its facet fields
 * f[0..n) of q's matches, each as "name":[{name: value, "count": c},...]
 * (the limit most common, then by value), separated by commas. *total,
 * when total is not NULL, is the number of matches where the facets
 * counted them on the way, else -1. Returns 0, or -1 with *err set.
 */
int aggregate_fields(const struct query *q, const struct field *const *f,
		     size_t n, unsigned limit, struct buf *out,
		     sqlite3_int64 *total, struct problem *err);

#endif
