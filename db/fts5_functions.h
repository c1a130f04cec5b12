/* SPDX-License-Identifier: MIT */
/*
 * The FTS5 functions of every connection: relevance() (relevance.h) and
 * highlights() (highlights.h).
 */
#ifndef DOSSIER_FTS5_FUNCTIONS_H
#define DOSSIER_FTS5_FUNCTIONS_H

#include <sqlite3.h>

/* Registers them on db; 0 on success. */
int fts5_functions_register(sqlite3 *db);

#endif
