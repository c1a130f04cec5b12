/* SPDX-License-Identifier: MIT */
/* A page's lists of events from the copy (see copied_page.h). */
#include "copied_page.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "xalloc.h"

struct copied_page {
	const struct columns *c;
	uint32_t *event;	/* each place's event in c */
	size_t n;
	int wrote;		/* a list, counted when freed */
};

/* Appends `"key":` for the k-th of f's keys, after a comma but the
 * first (a page of 100 events writes some thousands: not by printf). */
static void key_write(struct buf *out, const struct field *f, int k)
{
	if (k)
		buf_putc(out, ',');
	buf_putc(out, '"');
	buf_puts(out, f->keys[k]);
	buf_puts(out, "\":");
}

/* Appends the id of pk as a JSON string; 0 when ids has none. */
static int id_write(struct buf *out, const struct ids *ids, uint32_t pk)
{
	const char *s;

	if (pk > ids->top || ids->at[pk] == UINT32_MAX)
		return 0;
	s = ids->text + ids->at[pk];
	buf_json_string(out, s, strlen(s));
	return 1;
}

/*
 * Appends entry j of f's list in c as read_rows() writes its row: a
 * country as a bare value; a participant's actor, role and note, a
 * citation's source and quote (notes and quotes the copy holds are all
 * NULL, else the page reads the database). 0 when an id is missing.
 */
static int copied_entry(struct buf *out, const struct field *f,
			const struct columns *c, const struct linked *l,
			uint32_t j)
{
	const char *s;

	switch (f->copied) {
	case COPIED_COUNTRIES:
		s = c->text[l->value[j]];
		buf_json_string(out, s, strlen(s));
		return 1;
	case COPIED_PARTICIPANTS:
	case COPIED_SOURCES: {
		int participant = f->copied == COPIED_PARTICIPANTS, k = 0;

		/* The id, a participant's role, the NULL note or quote. */
		buf_putc(out, '{');
		key_write(out, f, k++);
		if (!id_write(out, participant ? &c->actor_ids :
			      &c->source_ids, l->value[j]))
			return 0;
		if (participant) {
			key_write(out, f, k++);
			s = c->text[c->role[j]];
			buf_json_string(out, s, strlen(s));
		}
		key_write(out, f, k);
		buf_puts(out, "null}");
		return 1;
	}
	default:
		return 0;
	}
}

struct copied_page *copied_page_of(const sqlite3_int64 *pk, size_t n)
{
	const struct columns *c = columns_snapshot();
	struct copied_page *p;
	size_t i;

	if (!c)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->c = c;
	p->n = n;
	p->event = xmalloc((n ? n : 1) * sizeof(*p->event));
	for (i = 0; i < n; i++) {
		long e = columns_event_of(c, pk[i]);

		if (e < 0) {
			copied_page_free(p);
			return NULL;
		}
		p->event[i] = (uint32_t)e;
	}
	return p;
}

int copied_page_field(struct copied_page *p, const struct field *f,
		      struct buf *text, size_t *start, size_t *len)
{
	const struct columns *c = p->c;
	const struct linked *l = f->copied == COPIED_COUNTRIES ?
		&c->involved : f->copied == COPIED_PARTICIPANTS ? &c->actors :
		&c->sources;
	uint8_t bit = f->copied == COPIED_PARTICIPANTS ? COLUMNS_HAS_NOTE :
		      f->copied == COPIED_SOURCES ? COLUMNS_HAS_QUOTE : 0;
	size_t i;
	uint32_t j;

	/* Related events: none, or the database's to write. */
	if (f->copied == COPIED_RELATED) {
		for (i = 0; i < p->n; i++) {
			if (c->has[p->event[i]] & COLUMNS_HAS_RELATED)
				return 0;
		}
		return p->wrote = 1;
	}
	for (i = 0; i < p->n; i++) {
		uint32_t e = p->event[i];

		if (c->has[e] & bit)
			return 0;
		if (l->at[e] == l->at[e + 1])
			continue;
		start[i] = text->len;
		buf_putc(text, '[');
		for (j = l->at[e]; j < l->at[e + 1]; j++) {
			if (j > l->at[e])
				buf_putc(text, ',');
			if (!copied_entry(text, f, c, l, j))
				return 0;
		}
		buf_putc(text, ']');
		len[i] = text->len - start[i];
	}
	return p->wrote = 1;
}

void copied_page_free(struct copied_page *p)
{
	if (!p)
		return;
	if (p->wrote)
		columns_page_listed();
	columns_release(p->c);
	free(p->event);
	free(p);
}
