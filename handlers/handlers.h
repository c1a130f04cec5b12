/* SPDX-License-Identifier: MIT */
/*
 * Route handlers, one file per resource. Each fills *out and returns 0, or
 * returns -1 with *err set; the dispatcher renders the problem.
 */
#ifndef DOSSIER_HANDLERS_H
#define DOSSIER_HANDLERS_H

#include "routes.h"

int countries_list(struct request *req, struct reply *out,
		   struct problem *err);
int countries_get(struct request *req, struct reply *out,
		  struct problem *err);
int countries_actors(struct request *req, struct reply *out,
		     struct problem *err);
int countries_events(struct request *req, struct reply *out,
		     struct problem *err);

int actors_list(struct request *req, struct reply *out, struct problem *err);
int actors_get(struct request *req, struct reply *out, struct problem *err);
int actors_create(struct request *req, struct reply *out,
		 struct problem *err);
int actors_replace(struct request *req, struct reply *out,
		  struct problem *err);
int actors_patch(struct request *req, struct reply *out, struct problem *err);
int actors_delete(struct request *req, struct reply *out,
		 struct problem *err);
int actors_events(struct request *req, struct reply *out,
		  struct problem *err);

int events_list(struct request *req, struct reply *out, struct problem *err);
int events_get(struct request *req, struct reply *out, struct problem *err);
int events_create(struct request *req, struct reply *out,
		 struct problem *err);
int events_replace(struct request *req, struct reply *out,
		  struct problem *err);
int events_patch(struct request *req, struct reply *out, struct problem *err);
int events_delete(struct request *req, struct reply *out,
		 struct problem *err);

int sources_list(struct request *req, struct reply *out, struct problem *err);
int sources_get(struct request *req, struct reply *out, struct problem *err);
int sources_create(struct request *req, struct reply *out,
		 struct problem *err);
int sources_replace(struct request *req, struct reply *out,
		  struct problem *err);
int sources_patch(struct request *req, struct reply *out, struct problem *err);
int sources_delete(struct request *req, struct reply *out,
		 struct problem *err);

int event_types_list(struct request *req, struct reply *out,
		     struct problem *err);
int event_types_get(struct request *req, struct reply *out,
		    struct problem *err);

int suggest_list(struct request *req, struct reply *out, struct problem *err);
int stats_get(struct request *req, struct reply *out, struct problem *err);
int network_get(struct request *req, struct reply *out, struct problem *err);
int actors_network(struct request *req, struct reply *out,
		   struct problem *err);

int deletions_list(struct request *req, struct reply *out,
		   struct problem *err);

int meta_openapi(struct request *req, struct reply *out, struct problem *err);
/* The web app (handlers/app.c): its page, served at / to browsers. */
int app_page(struct request *req, struct reply *out, struct problem *err);
int app_script(struct request *req, struct reply *out, struct problem *err);
int app_style(struct request *req, struct reply *out, struct problem *err);
int app_world(struct request *req, struct reply *out, struct problem *err);
/*
 * Replies with an embedded file (assets.h) to a client that accepts
 * media type type, as Content-Type content_type.
 */
int meta_send_asset(struct request *req, struct reply *out,
		    struct problem *err, const char *data, size_t len,
		    const char *type, const char *content_type);
int meta_index(struct request *req, struct reply *out, struct problem *err);
int meta_docs_slash(struct request *req, struct reply *out,
		    struct problem *err);
int meta_docs(struct request *req, struct reply *out, struct problem *err);
int meta_docs_script(struct request *req, struct reply *out,
		     struct problem *err);
int meta_healthz(struct request *req, struct reply *out, struct problem *err);
int meta_readyz(struct request *req, struct reply *out, struct problem *err);
int meta_metrics(struct request *req, struct reply *out, struct problem *err);

#endif
