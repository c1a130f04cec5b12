/* SPDX-License-Identifier: MIT */
/*
 * GDELT rows: the input is written as an event file (tab-separated, or
 * CSV when it starts like one) and imported into a seeded database; rows
 * that do not parse are skipped, never a crash. The database holds 1,000
 * events first so that the import does not take the bulk-load path
 * (dropping and rebuilding indexes) on every input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "fuzz.h"
#include "import.h"

static char file[64];

static void remove_file(void)
{
	unlink(file);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd;

	(void)argc;
	(void)argv;
	fuzz_db();
	if (db_exec(db_conn(), "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
		    "SELECT i + 1 FROM n WHERE i < 1000) INSERT INTO "
		    "events(id, title) SELECT 'filler-' || i, 'Filler' "
		    "FROM n") != 0)
		abort();
	snprintf(file, sizeof(file), "/tmp/dossier-fuzz-gdelt-XXXXXX");
	fd = mkstemp(file);
	if (fd < 0)
		abort();
	close(fd);
	atexit(remove_file);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_stats st;
	char *files[1] = { file };
	FILE *f;

	if (size > 16384)
		return 0;
	f = fopen(file, "wb");
	if (!f)
		abort();
	if (size)
		fwrite(data, 1, size, f);
	fclose(f);
	memset(&st, 0, sizeof(st));
	/* Unreadable files are refused with -1; both outcomes are fine. */
	import_gdelt(files, 1, &st);
	return 0;
}
