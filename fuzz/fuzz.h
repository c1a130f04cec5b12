/* SPDX-License-Identifier: MIT */
/*
 * What the fuzz targets share: each defines LLVMFuzzerTestOneInput (and,
 * when it needs the database, calls fuzz_db() from LLVMFuzzerInitialize).
 * Built with clang's libFuzzer by `make fuzz`, and with replay.c's plain
 * main by `make test`, which runs every file of fuzz/corpus/<target>/.
 */
#ifndef DOSSIER_FUZZ_H
#define DOSSIER_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Creates a seeded database in a new temporary directory (removed at
 * exit) and makes it the one db_conn() opens. Aborts on failure.
 */
void fuzz_db(void);

/* Returns a new NUL-terminated copy of data. */
char *fuzz_string(const uint8_t *data, size_t size);

/* Aborts, naming what, when a client's bytes produced a server fault. */
void fuzz_no_fault(const char *what, int kind_is_internal);

#endif
