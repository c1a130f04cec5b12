/* SPDX-License-Identifier: MIT */
/* /countries and the routes nested under a country. */
#include "handlers.h"

#include "listing.h"
#include "lookup.h"

/* Resolves the {code} of the path (alpha-2 or alpha-3, any case). */
static int path_country(struct request *req, char alpha2[3],
			struct problem *err)
{
	int rc = lookup_country(req->path_arg, alpha2, err);

	if (rc == 0)
		return problem_set(err, PROB_NOT_FOUND, "no country with "
				   "ISO 3166-1 alpha-2 or alpha-3 code '%.8s'",
				   req->path_arg);
	return rc < 0 ? -1 : 0;
}

int countries_list(struct request *req, struct reply *out,
		   struct problem *err)
{
	return listing_list(req, &countries_resource, NULL, NULL, out, err);
}

int countries_get(struct request *req, struct reply *out,
		  struct problem *err)
{
	char code[3];

	if (path_country(req, code, err) != 0)
		return -1;
	return listing_item(req, &countries_resource, code, out, err);
}

int countries_actors(struct request *req, struct reply *out,
		     struct problem *err)
{
	char code[3];

	if (path_country(req, code, err) != 0)
		return -1;
	return listing_list(req, &actors_resource, "country", code, out, err);
}

int countries_events(struct request *req, struct reply *out,
		     struct problem *err)
{
	char code[3];

	if (path_country(req, code, err) != 0)
		return -1;
	return listing_list(req, &events_resource, "country", code, out, err);
}
