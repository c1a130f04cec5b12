/* SPDX-License-Identifier: MIT */
/*
 * Bulk data in and out: GDELT event files, and the whole knowledge base
 * as NDJSON in the API's own shapes. All run on this thread's connection.
 */
#ifndef DOSSIER_IMPORT_H
#define DOSSIER_IMPORT_H

#include <stddef.h>
#include <stdio.h>

struct import_stats {
	size_t read;		/* rows or lines read */
	size_t imported;	/* new records written */
	size_t unchanged;	/* already present, left as they were */
	size_t skipped;		/* malformed, reported on stderr */
	double seconds;
};

/*
 * Imports GDELT event files: native tab-separated 1.0 (57 or 58 columns)
 * and 2.0 (61) files without a header, CSV with a header row and NA for
 * missing values, each plain, .gz or .zip. Events are keyed by
 * GLOBALEVENTID, so importing a file again changes nothing. Malformed rows
 * are skipped and reported with file and line. The import keeps the
 * summaries itself, a batch at a time, on both stores (an empty
 * PostgreSQL database is filled faster by way of SQLite: `dossier import
 * gdelt` does so). Returns 0, or -1 when a file could not be read or the
 * database failed.
 */
int import_gdelt(char *const *files, size_t nfiles, struct import_stats *st);

/*
 * Writes every source, actor and event as one JSON line each,
 * {"source": {...}}, {"actor": {...}} or {"event": {...}}, in an order
 * import_ndjson() can read back. Returns 0 or -1.
 */
int export_ndjson(FILE *out, struct import_stats *st);

/*
 * Reads what export_ndjson() wrote (from path, "-" for stdin): each record
 * is validated like an API write and created or replaced by id, all in one
 * transaction; the first invalid line aborts the import with nothing
 * written. Returns 0 or -1.
 */
int import_ndjson(const char *path, struct import_stats *st);

#endif
