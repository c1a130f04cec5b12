/* SPDX-License-Identifier: MIT */
/* Reference resolution (see lookup.h). */
#include "lookup.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "db.h"

int lookup_country(const char *code, char alpha2[3], struct problem *err)
{
	char up[4];
	size_t n = strlen(code), i;
	dbs *st;
	int rc;

	if (n < 2 || n > 3)
		return 0;
	for (i = 0; i < n; i++) {
		if (!isalpha((unsigned char)code[i]))
			return 0;
		up[i] = (char)toupper((unsigned char)code[i]);
	}
	up[n] = '\0';
	st = db_stmt(n == 2 ? "SELECT code FROM countries WHERE code = ?" :
		     "SELECT code FROM countries WHERE iso3 = ?");
	if (!st)
		return db_fail("country lookup", err);
	dbs_bind_text(st, 1, up, -1, SQLITE_TRANSIENT);
	rc = dbs_step(st);
	if (rc == SQLITE_ROW)
		snprintf(alpha2, 3, "%s", dbs_column_text(st, 0));
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail("country lookup", err);
}

int lookup_pk(enum lookup_table t, const char *id, sqlite3_int64 *pk,
	      struct problem *err)
{
	static const char *const sql[] = {
		[LOOKUP_ACTORS] = "SELECT pk FROM actors WHERE id = ?",
		[LOOKUP_EVENTS] = "SELECT pk FROM events WHERE id = ?",
		[LOOKUP_SOURCES] = "SELECT pk FROM sources WHERE id = ?",
	};
	dbs *st = db_stmt(sql[t]);
	int rc;

	if (!st)
		return db_fail("lookup", err);
	dbs_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	rc = dbs_step(st);
	if (rc == SQLITE_ROW)
		*pk = dbs_column_int64(st, 0);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail("lookup", err);
}

int lookup_known(const char *sql, const char *value, char *out, size_t sz,
		 struct problem *err)
{
	dbs *st = db_stmt(sql);
	int rc;

	if (!st)
		return db_fail("lookup", err);
	dbs_bind_text(st, 1, value, -1, SQLITE_TRANSIENT);
	rc = dbs_step(st);
	if (rc == SQLITE_ROW && out) {
		const char *text = (const char *)dbs_column_text(st, 0);

		snprintf(out, sz, "%s", text ? text : "");
	}
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail("lookup", err);
}

int lookup_text(const char *sql, char *out, size_t sz, struct problem *err)
{
	dbs *st = db_stmt(sql);
	const char *text;
	int rc;

	if (!st)
		return db_fail("lookup", err);
	rc = dbs_step(st);
	text = rc == SQLITE_ROW ? (const char *)dbs_column_text(st, 0) : NULL;
	snprintf(out, sz, "%s", text ? text : "");
	db_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
		db_fail("lookup", err);
}

int lookup_event_type(const char *code, struct problem *err)
{
	return lookup_known("SELECT 1 FROM event_types WHERE code = ?", code,
			    NULL, 0, err);
}

int lookup_path_actor(const char *id, sqlite3_int64 *pk,
		      struct problem *err)
{
	int rc = lookup_pk(LOOKUP_ACTORS, id, pk, err);

	if (rc < 0)
		return -1;
	if (rc == 0)
		return problem_set(err, PROB_NOT_FOUND, "no actor with id "
				   "'%.128s'", id);
	return 0;
}
