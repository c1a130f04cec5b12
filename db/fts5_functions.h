/* SPDX-License-Identifier: MIT */
/*
 * The FTS5 functions of every connection: relevance() (relevance.h),
 * highlights() (highlights.h) and matched_keys() (match_keys.h).
 */
#ifndef DOSSIER_FTS5_FUNCTIONS_H
#define DOSSIER_FTS5_FUNCTIONS_H

#include "dbs.h"

/* Registers them on db; 0 on success. */
int fts5_functions_register(sqlite3 *db);

#endif
