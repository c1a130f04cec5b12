/* SPDX-License-Identifier: MIT */
/*
 * List query strings: the input is "R" then "key=value&key=value..." where
 * R picks the list. Parameters pass the dispatcher's hygiene (a value,
 * UTF-8; lists take repeats) as they would on the server, then
 * listing_parse() reads them and the query runs against a seeded
 * database, with its facets, and for events their network too. A 500
 * from client bytes is a finding.
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fuzz.h"
#include "listing.h"
#include "network.h"
#include "query.h"
#include "request.h"
#include "stats.h"
#include "utf8.h"

static const struct resource *const lists[] = {
	&events_resource, &actors_resource, &sources_resource,
	&countries_resource, &event_types_resource, &deletions_resource,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_db();
	return 0;
}

/* Splits s in place into req->params; 0 when they pass the hygiene. */
static int split(char *s, struct request *req)
{
	char *p = s;
	size_t i;

	while (p && *p) {
		char *amp = strchr(p, '&'), *eq;
		struct param *par;

		if (amp)
			*amp = '\0';
		if (req->nparams == REQ_MAX_PARAMS)
			return -1;
		par = &req->params[req->nparams++];
		eq = strchr(p, '=');
		if (!eq)
			return -1;	/* no value: 400 before parsing */
		*eq = '\0';
		par->key = p;
		par->value = eq + 1;
		par->len = strlen(par->value);
		p = amp ? amp + 1 : NULL;
	}
	for (i = 0; i < req->nparams; i++) {
		const struct param *a = &req->params[i];

		if (!*a->key || !a->len || !utf8_valid(a->key, strlen(a->key)) ||
		    !utf8_valid(a->value, a->len))
			return -1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request *req;
	struct query *q;
	struct problem err = { 0 };
	const struct resource *res;
	char *s;
	int count = 0;

	if (size < 1 || size > 4096)
		return 0;
	res = lists[data[0] % (sizeof(lists) / sizeof(lists[0]))];
	s = fuzz_string(data + 1, size - 1);
	req = calloc(1, sizeof(*req));
	q = calloc(1, sizeof(*q));
	if (split(s, req) == 0 &&
	    listing_parse(req, res, NULL, NULL, q, &count, &err) == 0) {
		struct buf out = BUF_INIT;
		struct query_page page;
		sqlite3_int64 total;

		memset(&page, 0, sizeof(page));
		db_budget_begin();
		if (query_list(q, &out, &page, &err) != 0)
			fuzz_no_fault("query_list", err.kind == PROB_INTERNAL);
		else if (count && query_count(q, &total, &err) != 0)
			fuzz_no_fault("query_count", err.kind == PROB_INTERNAL);
		else if (q->facets && stats_facets(q, q->facets, q->facet_limit,
						   &out, &total, &err) != 0)
			fuzz_no_fault("stats_facets", err.kind == PROB_INTERNAL);
		else if (res == &events_resource &&
			 network_run(q, 10, 0, &out, &err) != 0)
			fuzz_no_fault("network_run", err.kind == PROB_INTERNAL);
		db_budget_end();
		buf_free(&out);
	} else {
		fuzz_no_fault("listing_parse", err.kind == PROB_INTERNAL &&
			      err.detail[0]);
	}
	problem_clear(&err);
	free(q);
	free(req);
	free(s);
	return 0;
}
