/* SPDX-License-Identifier: MIT */
/*
 * set_members(s, list): how many of the values of a JSON list (of actors'
 * pks or countries' codes) are in the set whose key is s. A set's key is
 * its members' values in order, joined by commas (migrations 32 and 34),
 * so the count is read off the key, with the list parsed once per
 * statement. Registered on every connection.
 */
#ifndef DOSSIER_SET_KEYS_H
#define DOSSIER_SET_KEYS_H

#include "dbs.h"

/* Registers set_members() on db; 0 on success. */
int set_keys_register(sqlite3 *db);

#endif
