/* SPDX-License-Identifier: MIT */
/* Prometheus metrics (see metrics.h). */
#include "metrics.h"

#include <microhttpd.h>
#include "dbs.h"
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "columns.h"
#include "db.h"
#include "routes.h"

#ifndef DOSSIER_VERSION
#define DOSSIER_VERSION "0.0.0"
#endif

#define MAX_ROUTES 64
#define STATUSES 600	/* status codes 100..599, by value */

/* Upper bounds of the latency histogram, in seconds. */
static const double bounds[] = {
	0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
	2.5, 5, 10,
};
#define NBOUNDS (sizeof(bounds) / sizeof(bounds[0]))

static atomic_ulong requests[MAX_ROUTES][STATUSES];
/*
 * Requests no route took, by the route of their path (row MAX_ROUTES:
 * a path nothing lives at) and their method, one of these.
 */
static const char *const methods[] = {
	"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other",
};
#define NMETHODS (sizeof(methods) / sizeof(methods[0]))
static atomic_ulong unrouted[MAX_ROUTES + 1][NMETHODS][STATUSES];

static size_t method_slot(const char *method)
{
	size_t i;

	for (i = 0; method && i < NMETHODS - 1; i++) {
		if (strcmp(methods[i], method) == 0)
			return i;
	}
	return NMETHODS - 1;
}
static atomic_ulong buckets[NBOUNDS + 1];
static atomic_ulong duration_us;	/* sum, in microseconds */
static atomic_long inflight;
static time_t started;

void metrics_observe(int route, int path, const char *method,
		     unsigned status, double seconds)
{
	size_t b;

	if (path < 0 || path >= MAX_ROUTES)
		path = MAX_ROUTES;
	if (status < STATUSES && route >= 0 && route < MAX_ROUTES)
		atomic_fetch_add_explicit(&requests[route][status], 1,
					  memory_order_relaxed);
	else if (status < STATUSES)
		atomic_fetch_add_explicit(
			&unrouted[path][method_slot(method)][status], 1,
			memory_order_relaxed);
	for (b = 0; b < NBOUNDS && seconds > bounds[b]; b++)
		;
	atomic_fetch_add_explicit(&buckets[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&duration_us,
				  (unsigned long)(seconds * 1e6),
				  memory_order_relaxed);
}

void metrics_init(void)
{
	started = time(NULL);
}

void metrics_inflight(int delta)
{
	atomic_fetch_add(&inflight, delta);
}

long metrics_inflight_now(void)
{
	return atomic_load(&inflight);
}

static int db_gauges(struct buf *out)
{
	static const char *const tables[] = {
		"countries", "event_types", "sources", "actors", "events",
		"deletions",
	};
	dbs *st;
	size_t i;

	st = db_stmt(db_pg ? "SELECT pg_database_size(current_database())" :
		     "SELECT page_count * page_size FROM pragma_page_count(),"
		     " pragma_page_size()");
	if (!st || dbs_step(st) != SQLITE_ROW) {
		db_done(st);
		return -1;
	}
	buf_printf(out, "# HELP dossier_db_size_bytes Size of the SQLite "
		   "database file.\n# TYPE dossier_db_size_bytes gauge\n"
		   "dossier_db_size_bytes %lld\n",
		   (long long)dbs_column_int64(st, 0));
	db_done(st);
	buf_puts(out, "# HELP dossier_db_rows Rows in each table of the "
		 "knowledge base.\n# TYPE dossier_db_rows gauge\n");
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		char sql[64];

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", tables[i]);
		st = db_stmt(sql);
		if (!st || dbs_step(st) != SQLITE_ROW) {
			db_done(st);
			return -1;
		}
		buf_printf(out, "dossier_db_rows{table=\"%s\"} %lld\n",
			   tables[i], (long long)dbs_column_int64(st, 0));
		db_done(st);
	}
	return 0;
}

/* The copy of the events' columns (db/columns.h). */
static void columns_gauges(struct buf *out)
{
	struct columns_stats c;

	columns_stats(&c);
	buf_printf(out, "# HELP dossier_columns_events Events in the copy of "
		   "their columns that aggregations scan (0: none).\n"
		   "# TYPE dossier_columns_events gauge\n"
		   "dossier_columns_events %llu\n"
		   "# HELP dossier_columns_bytes Memory the copy takes.\n"
		   "# TYPE dossier_columns_bytes gauge\n"
		   "dossier_columns_bytes %llu\n"
		   "# HELP dossier_columns_copies_total Copies made (at start "
		   "and after commits).\n"
		   "# TYPE dossier_columns_copies_total counter\n"
		   "dossier_columns_copies_total %llu\n"
		   "# HELP dossier_columns_patches_total Copies made from the "
		   "last one and the events changed since, of those.\n"
		   "# TYPE dossier_columns_patches_total counter\n"
		   "dossier_columns_patches_total %llu\n"
		   "# HELP dossier_columns_given_up_total Full copies begun "
		   "while no write came and given up for a read that wanted "
		   "a newer one.\n"
		   "# TYPE dossier_columns_given_up_total counter\n"
		   "dossier_columns_given_up_total %llu\n"
		   "# HELP dossier_columns_copy_seconds How long the last "
		   "copy took.\n# TYPE dossier_columns_copy_seconds gauge\n"
		   "dossier_columns_copy_seconds %.6f\n"
		   "# HELP dossier_columns_answers_total Aggregations and "
		   "counts answered from the copy.\n"
		   "# TYPE dossier_columns_answers_total counter\n"
		   "dossier_columns_answers_total %llu\n"
		   "# HELP dossier_columns_pages_total Pages of events whose"
		   " countries, participants and sources the copy wrote.\n"
		   "# TYPE dossier_columns_pages_total counter\n"
		   "dossier_columns_pages_total %llu\n"
		   "# HELP dossier_columns_stale_total Reads of a copy behind "
		   "the last commit, as Cache-Control: max-stale allowed (an "
		   "answer may make several).\n"
		   "# TYPE dossier_columns_stale_total counter\n"
		   "dossier_columns_stale_total %llu\n",
		   (unsigned long long)c.events, (unsigned long long)c.bytes,
		   (unsigned long long)c.builds,
		   (unsigned long long)c.patched,
		   (unsigned long long)c.given_up, c.last_build_seconds,
		   (unsigned long long)c.answers, (unsigned long long)c.pages,
		   (unsigned long long)c.stale);
}

int metrics_render(struct buf *out)
{
	const struct route *r;
	size_t n, i, b;
	unsigned s;
	unsigned long cumulative = 0;

	r = routes_table(&n);
	buf_puts(out, "# HELP dossier_http_requests_total HTTP requests "
		 "answered, by route, method and status.\n"
		 "# TYPE dossier_http_requests_total counter\n");
	for (i = 0; i < n && i < MAX_ROUTES; i++) {
		for (s = 100; s < STATUSES; s++) {
			unsigned long v = atomic_load_explicit(
				&requests[i][s], memory_order_relaxed);

			if (v)
				buf_printf(out, "dossier_http_requests_total"
					   "{route=\"%s\",method=\"%s\","
					   "status=\"%u\"} %lu\n", r[i].pattern,
					   r[i].method, s, v);
		}
	}
	/* The route label of a path nothing lives at is "unmatched". */
	for (i = 0; i <= MAX_ROUTES; i++) {
		size_t m;

		if (i < MAX_ROUTES && i >= n)
			continue;
		for (m = 0; m < NMETHODS; m++) {
			for (s = 100; s < STATUSES; s++) {
				unsigned long v = atomic_load_explicit(
					&unrouted[i][m][s],
					memory_order_relaxed);

				if (v)
					buf_printf(out, "dossier_http_requests"
						   "_total{route=\"%s\","
						   "method=\"%s\",status="
						   "\"%u\"} %lu\n",
						   i < MAX_ROUTES ?
						   r[i].pattern : "unmatched",
						   methods[m], s, v);
			}
		}
	}
	buf_puts(out, "# HELP dossier_http_request_duration_seconds Time from "
		 "the request's arrival to its response being queued.\n"
		 "# TYPE dossier_http_request_duration_seconds histogram\n");
	for (b = 0; b <= NBOUNDS; b++) {
		cumulative += atomic_load_explicit(&buckets[b],
						   memory_order_relaxed);
		if (b < NBOUNDS)
			buf_printf(out, "dossier_http_request_duration_seconds_"
				   "bucket{le=\"%g\"} %lu\n", bounds[b],
				   cumulative);
		else
			buf_printf(out, "dossier_http_request_duration_seconds_"
				   "bucket{le=\"+Inf\"} %lu\n", cumulative);
	}
	buf_printf(out, "dossier_http_request_duration_seconds_sum %.6f\n"
		   "dossier_http_request_duration_seconds_count %lu\n",
		   (double)atomic_load(&duration_us) / 1e6, cumulative);
	buf_printf(out, "# HELP dossier_http_requests_in_flight Requests being "
		   "answered now.\n# TYPE dossier_http_requests_in_flight "
		   "gauge\ndossier_http_requests_in_flight %ld\n",
		   atomic_load(&inflight));
	buf_printf(out, "# HELP dossier_build_info Version of the service and "
		   "its libraries.\n# TYPE dossier_build_info gauge\n"
		   "dossier_build_info{version=\"%s\",sqlite=\"%s\","
		   "microhttpd=\"%s\"} 1\n", DOSSIER_VERSION,
		   sqlite3_libversion(), MHD_get_version());
	buf_printf(out, "# HELP dossier_start_time_seconds When the process "
		   "started, in seconds since the epoch.\n# TYPE "
		   "dossier_start_time_seconds gauge\n"
		   "dossier_start_time_seconds %lld\n", (long long)started);
	columns_gauges(out);
	return db_gauges(out);
}
