/* SPDX-License-Identifier: MIT */
/* CSV and TSV row readers (see tabular.h). */
#include "tabular.h"

#include <csv.h>
#include <string.h>

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

int tabular_tsv(const char *data, size_t len, tabular_row_fn fn, void *ud)
{
	const char *end = data + len;
	char *fields[MAX_FIELDS];
	size_t line = 0;

	while (data < end) {
		const char *eol = memchr(data, '\n', (size_t)(end - data));
		size_t n = 0, linelen;
		char *copy, *p;
		int rc;

		if (!eol)
			eol = end;
		linelen = (size_t)(eol - data);
		if (linelen && data[linelen - 1] == '\r')
			linelen--;
		line++;
		copy = xstrndup(data, linelen);
		data = eol + 1;
		if (!*copy) {
			free(copy);
			continue;
		}
		for (p = copy; n < MAX_FIELDS; p++) {
			char *tab = strchr(p, '\t');

			fields[n++] = p;
			if (!tab)
				break;
			*tab = '\0';
			p = tab;
		}
		rc = fn(fields, n, line, ud);
		free(copy);
		if (rc != 0)
			return -1;
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
