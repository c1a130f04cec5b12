/* SPDX-License-Identifier: MIT */
/* Set-up shared by the fuzz targets (see fuzz.h). */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "log.h"

static char dir[] = "/tmp/dossier-fuzz-XXXXXX";

static void cleanup(void)
{
	char cmd[64];

	db_thread_close();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

void fuzz_db(void)
{
	char path[64];

	log_set_level(LOG_ERROR);
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/fuzz.db", dir);
	if (db_setup(path, DB_CREATE | DB_SEED) != 0) {
		fprintf(stderr, "fuzz: cannot set up %s\n", path);
		abort();
	}
	atexit(cleanup);
}

char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

void fuzz_no_fault(const char *what, int kind_is_internal)
{
	if (kind_is_internal) {
		fprintf(stderr, "fuzz: %s answered 500 internal\n", what);
		abort();
	}
}

/* Targets with nothing to set up leave out LLVMFuzzerInitialize. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}
