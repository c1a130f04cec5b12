/* SPDX-License-Identifier: MIT */
/* /sources */
#include "handlers.h"

#include "listing.h"

int sources_list(struct request *req, struct reply *out, struct problem *err)
{
	return listing_list(req, &sources_resource, NULL, NULL, out, err);
}

int sources_get(struct request *req, struct reply *out, struct problem *err)
{
	return listing_item(req, &sources_resource, req->path_arg, out, err);
}
