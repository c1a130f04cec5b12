/* SPDX-License-Identifier: MIT */
/* /actors and the events of an actor. */
#include "handlers.h"

#include "listing.h"
#include "writing.h"
#include "lookup.h"

int actors_list(struct request *req, struct reply *out, struct problem *err)
{
	return listing_list(req, &actors_resource, NULL, NULL, out, err);
}

int actors_get(struct request *req, struct reply *out, struct problem *err)
{
	return listing_item(req, &actors_resource, req->path_arg, out, err);
}

int actors_events(struct request *req, struct reply *out,
		  struct problem *err)
{
	sqlite3_int64 pk;

	if (lookup_path_actor(req->path_arg, &pk, err) != 0)
		return -1;
	return listing_list(req, &events_resource, "actor", req->path_arg,
			    out, err);
}

int actors_create(struct request *req, struct reply *out,
		 struct problem *err)
{
	return writing_create(req, &actors_writable, out, err);
}

int actors_replace(struct request *req, struct reply *out,
		  struct problem *err)
{
	return writing_replace(req, &actors_writable, out, err);
}

int actors_patch(struct request *req, struct reply *out, struct problem *err)
{
	return writing_patch(req, &actors_writable, out, err);
}

int actors_delete(struct request *req, struct reply *out,
		 struct problem *err)
{
	return writing_delete(req, &actors_writable, out, err);
}
