/* SPDX-License-Identifier: MIT */
/* The FTS5 functions of every connection (see fts5_functions.h). */
#include "fts5_functions.h"

#include <stddef.h>

#include "highlights.h"
#include "match_keys.h"
#include "relevance.h"
#include "suggest.h"
#include "term_docs.h"

int fts5_functions_register(sqlite3 *db)
{
	fts5_api *api = NULL;
	dbs *st;

	/* FTS5 hands out its API as a pointer bound to SELECT fts5(?). */
	if (dbs_prepare_sqlite(db, "SELECT fts5(?1)", &st) !=
	    SQLITE_OK)
		return -1;
	dbs_bind_pointer_sqlite(st, 1, &api, "fts5_api_ptr", NULL);
	dbs_step(st);
	dbs_finalize(st);
	if (!api)
		return -1;
	return relevance_register(api) == 0 && highlights_register(api) == 0 &&
	       match_keys_register(api) == 0 &&
	       term_docs_register(api) == 0 &&
	       suggest_register(api) == 0 ? 0 : -1;
}
