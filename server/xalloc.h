/* SPDX-License-Identifier: MIT */
/*
 * Allocation that never returns NULL: out of memory aborts here, in one
 * place, so every remaining NULL check in the code is a real error.
 * Jansson is pointed at the same allocator by xalloc_init().
 */
#ifndef DOSSIER_XALLOC_H
#define DOSSIER_XALLOC_H

#include <stddef.h>

/* Installs the aborting allocator as Jansson's. Call once at start. */
void xalloc_init(void);

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t n);
void *xrealloc(void *p, size_t n);
/* Returns a new copy of s (NULL stays NULL), owned by the caller. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
