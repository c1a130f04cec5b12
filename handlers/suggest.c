/* SPDX-License-Identifier: MIT */
/* /suggest: type-ahead over names, aliases and codes (db/suggest.h). */
#include "handlers.h"

#include <string.h>

#include "listing.h"
#include "search_syntax.h"
#include "suggest.h"

#define DEFAULT_LIMIT 10
#define MAX_LIMIT 50
#define MAX_TYPED 200	/* longest q= */

/* Reads in=countries,actors,event-types,events into a mask of kinds. */
static int parse_kinds(const char *v, unsigned *kinds, struct problem *err)
{
	const char *p = v;

	*kinds = 0;
	while (1) {
		size_t len = strcspn(p, ","), k;

		for (k = 0; k < SUGGEST_KINDS; k++) {
			if (strlen(suggest_kind_names[k]) == len &&
			    strncmp(suggest_kind_names[k], p, len) == 0)
				break;
		}
		if (k == SUGGEST_KINDS)
			return problem_param(err, PROB_INVALID_PARAMETER, "in",
					     "in: '%.*s' is not one of "
					     "countries, actors, event-types, "
					     "events",
					     (int)(len < 40 ? len : 40), p);
		*kinds |= 1u << k;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

int suggest_list(struct request *req, struct reply *out, struct problem *err)
{
	/* whole: the words match asks for by fewer letters */
	struct buf match = BUF_INIT, whole = BUF_INIT, items = BUF_INIT;
	unsigned kinds = (1u << SUGGEST_KINDS) - 1, limit = DEFAULT_LIMIT;
	const char *typed = "";
	size_t i;
	int ret = -1;

	if (listing_accepts(req, "application/json", err) != 0)
		return -1;
	for (i = 0; i < req->nparams; i++) {
		const char *k = req->params[i].key, *v = req->params[i].value;
		long n;

		if (strcmp(k, "q") == 0) {
			if (strlen(v) > MAX_TYPED)
				return problem_param(err,
						     PROB_INVALID_PARAMETER,
						     "q", "q: at most %d bytes",
						     MAX_TYPED);
			typed = v;
		} else if (strcmp(k, "limit") == 0) {
			n = listing_whole_number(v);
			if (n < 1 || n > MAX_LIMIT)
				return problem_param(err,
						     PROB_INVALID_PARAMETER,
						     "limit", "limit='%.20s' is "
						     "not valid: expected a "
						     "whole number from 1 to "
						     "%d", v, MAX_LIMIT);
			limit = (unsigned)n;
		} else if (strcmp(k, "in") == 0) {
			if (parse_kinds(v, &kinds, err) != 0)
				return -1;
		} else {
			return problem_param(err, PROB_UNKNOWN_PARAMETER, k,
					     "unknown query parameter '%.60s'; "
					     "/suggest accepts: q, limit, in",
					     k);
		}
	}
	/* Nothing typed yet (or only punctuation): nothing to suggest. */
	if (search_compile_prefixes(typed, suggest_prefix_cut(), &match,
				    &whole) == 0 &&
	    suggest_find(buf_str(&match), buf_str(&whole), kinds, limit,
			 &items, err) < 0)
		goto out;
	buf_puts(&out->body, "{\"data\":[");
	buf_append(&out->body, buf_str(&items), items.len);
	buf_printf(&out->body, "],\"meta\":{\"limit\":%u}}", limit);
	out->status = 200;
	out->content_type = "application/json";
	out->vary_accept = 1;
	ret = 0;
out:
	buf_free(&match);
	buf_free(&whole);
	buf_free(&items);
	return ret;
}
