/* SPDX-License-Identifier: MIT */
/* Plain, gzip and zip input (see stream.h). */
#include "stream.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include "xalloc.h"

struct stream {
	gzFile gz;		/* plain or gzip */
	zip_t *archive;		/* zip: the archive ... */
	zip_file_t *member;	/* ... and its first member */
};

/* Does the file start with the zip local-header signature? */
static int is_zip(const char *path)
{
	unsigned char sig[4] = { 0 };
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return 0;
	n = fread(sig, 1, sizeof(sig), f);
	fclose(f);
	return n == 4 && memcmp(sig, "PK\x03\x04", 4) == 0;
}

struct stream *stream_open(const char *path, char *why, size_t whysz)
{
	struct stream *s = xcalloc(1, sizeof(*s));
	int zerr = 0;

	if (strcmp(path, "-") != 0 && is_zip(path)) {
		s->archive = zip_open(path, ZIP_RDONLY, &zerr);
		if (!s->archive || zip_get_num_entries(s->archive, 0) < 1) {
			snprintf(why, whysz, "not a readable zip archive");
			goto fail;
		}
		s->member = zip_fopen_index(s->archive, 0, 0);
		if (!s->member) {
			snprintf(why, whysz, "%s",
				 zip_strerror(s->archive));
			goto fail;
		}
		return s;
	}
	s->gz = strcmp(path, "-") == 0 ? gzdopen(dup(STDIN_FILENO), "rb") :
		gzopen(path, "rb");
	if (!s->gz) {
		snprintf(why, whysz, "%s", strerror(errno ? errno : ENOENT));
		goto fail;
	}
	gzbuffer(s->gz, 1 << 17);
	return s;
fail:
	stream_close(s);
	return NULL;
}

ssize_t stream_read(struct stream *s, void *buf, size_t n)
{
	if (s->member)
		return (ssize_t)zip_fread(s->member, buf, n);
	return gzread(s->gz, buf, (unsigned)n);
}

void stream_close(struct stream *s)
{
	if (!s)
		return;
	if (s->member)
		zip_fclose(s->member);
	if (s->archive)
		zip_discard(s->archive);
	if (s->gz)
		gzclose(s->gz);
	free(s);
}

#define LINE_MAX_BYTES (16u << 20)

int stream_lines(struct stream *s,
		 int (*fn)(char *line, size_t len, size_t lineno, void *ud),
		 void *ud)
{
	size_t cap = 1 << 20, have = 0, lineno = 0;
	char *buf = xmalloc(cap + 1);
	ssize_t got;
	int ret = 0;

	while ((got = stream_read(s, buf + have, cap - have)) > 0) {
		char *start = buf, *end = buf + have + (size_t)got, *eol;

		while ((eol = memchr(start, '\n', (size_t)(end - start)))) {
			size_t len = (size_t)(eol - start);

			if (len && start[len - 1] == '\r')
				len--;
			start[len] = '\0';
			if (fn(start, len, ++lineno, ud) != 0) {
				ret = -1;
				goto out;
			}
			start = eol + 1;
		}
		have = (size_t)(end - start);
		memmove(buf, start, have);
		if (have == cap) {	/* the line does not fit: grow */
			if (cap >= LINE_MAX_BYTES) {
				ret = -1;
				goto out;
			}
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
	}
	if (got < 0) {
		ret = -1;
	} else if (have) {
		if (buf[have - 1] == '\r')
			have--;
		buf[have] = '\0';
		ret = fn(buf, have, ++lineno, ud) != 0 ? -1 : 0;
	}
out:
	free(buf);
	return ret;
}
