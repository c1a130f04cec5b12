/* SPDX-License-Identifier: MIT */
/* CSV and TSV row readers (see tabular.h). */
#include "tabular.h"

#include <csv.h>
#include <string.h>

#include "stream.h"
#include "xalloc.h"

#define MAX_FIELDS 256

struct row {
	char *fields[MAX_FIELDS];
	size_t n;
	size_t line;		/* line the current row starts on */
	size_t next_line;	/* line the next row starts on */
	int failed;
	tabular_row_fn fn;
	void *ud;
};

static void row_clear(struct row *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->fields[i]);
	r->n = 0;
}

static void on_field(void *data, size_t len, void *ud)
{
	struct row *r = ud;

	if (r->n == MAX_FIELDS) {
		r->failed = 1;
		return;
	}
	r->fields[r->n++] = xstrndup(data ? data : "", data ? len : 0);
	if (data)
		r->next_line += (size_t)(memchr(data, '\n', len) != NULL);
}

static void on_row(int c, void *ud)
{
	struct row *r = ud;

	(void)c;
	if (!r->failed && r->fn(r->fields, r->n, r->line, r->ud) != 0)
		r->failed = 1;
	row_clear(r);
	r->next_line++;
	r->line = r->next_line;
}

int tabular_csv(const char *data, size_t len, tabular_row_fn fn, void *ud)
{
	struct csv_parser p;
	struct row r = { .line = 1, .next_line = 1, .fn = fn, .ud = ud };

	if (csv_init(&p, CSV_APPEND_NULL) != 0)
		return -1;
	/* A UTF-8 byte order mark is not part of the first field name. */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (csv_parse(&p, data, len, on_field, on_row, &r) != len ||
	    csv_fini(&p, on_field, on_row, &r) != 0)
		r.failed = 1;
	row_clear(&r);
	csv_free(&p);
	return r.failed ? -1 : 0;
}

/* Splits one line (modified in place) into fields and hands them on. */
static int tsv_line(char *line, size_t len, size_t lineno, tabular_row_fn fn,
		    void *ud)
{
	char *fields[MAX_FIELDS], *p;
	size_t n = 0;

	if (len && line[len - 1] == '\r')
		len--;
	line[len] = '\0';
	if (!len)
		return 0;
	for (p = line; n < MAX_FIELDS; p++) {
		char *tab = strchr(p, '\t');

		fields[n++] = p;
		if (!tab)
			break;
		*tab = '\0';
		p = tab;
	}
	return fn(fields, n, lineno, ud);
}

#define CHUNK (1 << 20)

struct tsv_state {
	tabular_row_fn fn;
	void *ud;
};

static int tsv_stream_line(char *line, size_t len, size_t lineno, void *ud)
{
	struct tsv_state *t = ud;

	return tsv_line(line, len, lineno, t->fn, t->ud);
}

static int stream_tsv(struct stream *s, tabular_row_fn fn, void *ud)
{
	struct tsv_state t = { fn, ud };

	return stream_lines(s, tsv_stream_line, &t);
}

static int stream_csv(struct stream *s, tabular_row_fn fn, void *ud)
{
	struct csv_parser p;
	struct row r = { .line = 1, .next_line = 1, .fn = fn, .ud = ud };
	char *buf = xmalloc(CHUNK);
	ssize_t got = 0;
	int first = 1;

	if (csv_init(&p, CSV_APPEND_NULL) != 0) {
		free(buf);
		return -1;
	}
	while (!r.failed && (got = stream_read(s, buf, CHUNK)) > 0) {
		const char *data = buf;
		size_t len = (size_t)got;

		if (first && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
			data += 3;
			len -= 3;
		}
		first = 0;
		if (csv_parse(&p, data, len, on_field, on_row, &r) != len)
			r.failed = 1;
	}
	if (got < 0 || csv_fini(&p, on_field, on_row, &r) != 0)
		r.failed = 1;
	row_clear(&r);
	csv_free(&p);
	free(buf);
	return r.failed ? -1 : 0;
}

int tabular_stream(struct stream *s, int csv, tabular_row_fn fn, void *ud)
{
	return csv ? stream_csv(s, fn, ud) : stream_tsv(s, fn, ud);
}

int tabular_tsv(const char *data, size_t len, tabular_row_fn fn, void *ud)
{
	const char *end = data + len;
	size_t lineno = 0;

	while (data < end) {
		const char *eol = memchr(data, '\n', (size_t)(end - data));
		size_t n = eol ? (size_t)(eol - data) : (size_t)(end - data);
		char *copy = xstrndup(data, n);
		int rc = tsv_line(copy, n, ++lineno, fn, ud);

		free(copy);
		if (rc != 0)
			return -1;
		data += n + 1;
	}
	return 0;
}

int tabular_column(char **header, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(header[i], name) == 0)
			return (int)i;
	}
	return -1;
}
