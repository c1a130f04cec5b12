/* SPDX-License-Identifier: MIT */
/*
 * Reading a file as a byte stream whatever its packing: plain or gzip
 * (zlib reads both) or the first member of a .zip archive (libzip).
 * "-" is standard input.
 */
#ifndef DOSSIER_STREAM_H
#define DOSSIER_STREAM_H

#include <stddef.h>
#include <sys/types.h>

struct stream;

/* Returns a new stream, or NULL with the reason in why. */
struct stream *stream_open(const char *path, char *why, size_t whysz);
/* Reads up to n bytes: returns how many, 0 at the end, -1 on error. */
ssize_t stream_read(struct stream *s, void *buf, size_t n);
void stream_close(struct stream *s);

/*
 * Calls fn for each line (without its "\n" or "\r\n", NUL-terminated,
 * writable, valid during the call) with its 1-based number; fn returns 0
 * to go on. Returns 0 at the end, -1 on a read error, a line over 16 MiB
 * or when fn stopped.
 */
int stream_lines(struct stream *s,
		 int (*fn)(char *line, size_t len, size_t lineno, void *ud),
		 void *ud);

#endif
