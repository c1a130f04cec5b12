/* SPDX-License-Identifier: MIT */
/*
 * The events of a range of tone (tone_min=, tone_max=) that its summary
 * cells do not hold. The cells are of whole sixteenths of a point of tone
 * (migration 63), each exactly [k/16, (k+1)/16): a product by 16 is
 * exact in binary floating point. A bound inside a sixteenth leaves the
 * events between it and the sixteenth's edge, read from the events
 * through the index of tone: its edge.
 */
#ifndef DOSSIER_TONE_EDGES_H
#define DOSSIER_TONE_EDGES_H

#include <stddef.h>

#include "query.h"

/* A range has at most an edge per bound. */
#define TONE_EDGES 2

/*
 * The queries of the events of q's edges into edges (TONE_EDGES of
 * them): each q with one bound of tone read as its edge, the other
 * conditions as they are. Returns how many, 0 when q has no range of
 * tone. The edges and the cells of the sixteenths between them hold each
 * event of the range once.
 */
size_t tone_edges(const struct query *q, struct query *edges);

#endif
