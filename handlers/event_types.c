/* SPDX-License-Identifier: MIT */
/* /event-types: the CAMEO taxonomy. */
#include "handlers.h"

#include "listing.h"

int event_types_list(struct request *req, struct reply *out,
		     struct problem *err)
{
	return listing_list(req, &event_types_resource, NULL, NULL, out, err);
}

int event_types_get(struct request *req, struct reply *out,
		    struct problem *err)
{
	return listing_item(req, &event_types_resource, req->path_arg, out,
			    err);
}
