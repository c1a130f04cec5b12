/* SPDX-License-Identifier: MIT */
/*
 * Structured logging: one JSON object per line on stderr, written with a
 * single write(2) so lines from worker threads never interleave.
 */
#ifndef DOSSIER_LOG_H
#define DOSSIER_LOG_H

#include "buf.h"

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

void log_set_level(enum log_level level);
int log_enabled(enum log_level level);
/* Returns 0 and sets *out for "error", "warn", "info" or "debug". */
int log_level_parse(const char *s, enum log_level *out);

/* Logs {"ts":..., "level":..., "msg": <formatted>}. */
void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Starts a log line in b: `{"ts":"...","level":"..."` (no closing brace). */
void log_line_begin(struct buf *b, enum log_level level);
/* Closes the object started by log_line_begin() and writes it out. */
void log_line_end(struct buf *b);

#endif
