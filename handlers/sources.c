/* SPDX-License-Identifier: MIT */
/* /sources */
#include "handlers.h"

#include "listing.h"
#include "writing.h"

int sources_list(struct request *req, struct reply *out, struct problem *err)
{
	return listing_list(req, &sources_resource, NULL, NULL, out, err);
}

int sources_get(struct request *req, struct reply *out, struct problem *err)
{
	return listing_item(req, &sources_resource, req->path_arg, out, err);
}

int sources_create(struct request *req, struct reply *out,
		 struct problem *err)
{
	return writing_create(req, &sources_writable, out, err);
}

int sources_replace(struct request *req, struct reply *out,
		  struct problem *err)
{
	return writing_replace(req, &sources_writable, out, err);
}

int sources_patch(struct request *req, struct reply *out, struct problem *err)
{
	return writing_patch(req, &sources_writable, out, err);
}

int sources_delete(struct request *req, struct reply *out,
		 struct problem *err)
{
	return writing_delete(req, &sources_writable, out, err);
}
