/* SPDX-License-Identifier: MIT */
/* /deletions: tombstones, so mirrors can drop what was deleted. */
#include "handlers.h"

#include "listing.h"

int deletions_list(struct request *req, struct reply *out,
		   struct problem *err)
{
	return listing_list(req, &deletions_resource, NULL, NULL, out, err);
}
