/* SPDX-License-Identifier: MIT */
/* /events */
#include "handlers.h"

#include "listing.h"
#include "writing.h"

int events_list(struct request *req, struct reply *out, struct problem *err)
{
	return listing_list(req, &events_resource, NULL, NULL, out, err);
}

int events_get(struct request *req, struct reply *out, struct problem *err)
{
	return listing_item(req, &events_resource, req->path_arg, out, err);
}

int events_create(struct request *req, struct reply *out,
		 struct problem *err)
{
	return writing_create(req, &events_writable, out, err);
}

int events_replace(struct request *req, struct reply *out,
		  struct problem *err)
{
	return writing_replace(req, &events_writable, out, err);
}

int events_patch(struct request *req, struct reply *out, struct problem *err)
{
	return writing_patch(req, &events_writable, out, err);
}

int events_delete(struct request *req, struct reply *out,
		 struct problem *err)
{
	return writing_delete(req, &events_writable, out, err);
}
