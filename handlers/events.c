/* SPDX-License-Identifier: MIT */
/* /events */
#include "handlers.h"

#include "listing.h"

int events_list(struct request *req, struct reply *out, struct problem *err)
{
	return listing_list(req, &events_resource, NULL, NULL, out, err);
}

int events_get(struct request *req, struct reply *out, struct problem *err)
{
	return listing_item(req, &events_resource, req->path_arg, out, err);
}
