/* SPDX-License-Identifier: MIT */
/*
 * Row-by-row reading of delimited text: RFC 4180 CSV (through libcsv, which
 * handles quoting and embedded newlines) and unquoted tab-separated text.
 * The callback gets the fields of one row, NUL-terminated and valid only
 * during the call, and the 1-based line the row starts on; it returns 0 to
 * go on or -1 to stop.
 */
#ifndef DOSSIER_TABULAR_H
#define DOSSIER_TABULAR_H

#include <stddef.h>

typedef int (*tabular_row_fn)(char **fields, size_t nfields, size_t line,
			      void *ud);

/* Returns 0 when every row was read and accepted, -1 otherwise. */
int tabular_csv(const char *data, size_t len, tabular_row_fn fn, void *ud);
int tabular_tsv(const char *data, size_t len, tabular_row_fn fn, void *ud);

struct stream;

/*
 * Reads every row of a stream, as CSV when csv is set, else as TSV.
 * Returns 0, or -1 on a read error or when fn stopped.
 */
int tabular_stream(struct stream *s, int csv, tabular_row_fn fn, void *ud);

/* Returns the index of name in a header row, or -1. */
int tabular_column(char **header, size_t n, const char *name);

#endif
