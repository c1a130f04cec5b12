/* SPDX-License-Identifier: MIT */
/* String -> integer hash map (see strmap.h). */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

uint64_t strmap_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

static size_t slot(const struct strmap *m, const char *key)
{
	size_t i = (size_t)strmap_hash(key) & (m->cap - 1);

	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

int strmap_get(const struct strmap *m, const char *key, int64_t *value)
{
	size_t i;

	if (!m->cap)
		return 0;
	i = slot(m, key);
	if (!m->keys[i])
		return 0;
	*value = m->values[i];
	return 1;
}

static void grow(struct strmap *m)
{
	struct strmap bigger = { NULL, NULL, m->cap ? m->cap * 2 : 1024, 0 };
	size_t i;

	bigger.keys = xcalloc(bigger.cap, sizeof(char *));
	bigger.values = xcalloc(bigger.cap, sizeof(int64_t));
	for (i = 0; i < m->cap; i++) {
		if (m->keys[i]) {
			size_t j = slot(&bigger, m->keys[i]);

			bigger.keys[j] = m->keys[i];
			bigger.values[j] = m->values[i];
			bigger.len++;
		}
	}
	free(m->keys);
	free(m->values);
	*m = bigger;
}

void strmap_put(struct strmap *m, const char *key, int64_t value)
{
	size_t i;

	if ((m->len + 1) * 4 > m->cap * 3)
		grow(m);
	i = slot(m, key);
	if (!m->keys[i]) {
		m->keys[i] = xstrdup(key);
		m->len++;
	}
	m->values[i] = value;
}

void strmap_free(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->values);
	m->keys = NULL;
	m->values = NULL;
	m->cap = m->len = 0;
}
