/* SPDX-License-Identifier: MIT */
/* The event-types resource: the CAMEO taxonomy (resource.h). */
#include "resource.h"

static const struct field fields[] = {
	{ .name = "code", .sql = "t.code" },
	{ .name = "label", .sql = "t.label" },
	{ .name = "quad_class", .sql = "t.quad_class" },
	{ .name = "goldstein", .sql = "t.goldstein" },
	{ .name = "root", .sql = "t.root" },
};

static const struct filter filters[] = {
	{ .param = "quad_class", .kind = VAL_INT, .min = 1, .max = 4,
	  .sql = "t.quad_class = ?", .any_sql = "t.quad_class" IN_LIST_INT,
	  .not_sql = "t.quad_class NOT" IN_LIST_INT },
	{ .param = "root", .kind = VAL_ROOT_CODE, .sql = "t.root = ?",
	  .any_sql = "t.root" IN_LIST, .not_sql = "t.root NOT" IN_LIST },
};

/* facet=: the event types matching a list's filters by class or root. */
static const struct field facet_fields[] = {
	{ .name = "quad_class", .sql = "t.quad_class" },
	{ .name = "root", .sql = "t.root" },
};

static const struct sort_key sorts[] = {
	{ "code", "t.code" },
};

static const char *const search_columns[] = {
	"label", NULL,
};

const struct resource event_types_resource = {
	.name = "event-types",
	.noun = "event type",
	.from = "event_types t",
	.pk = "t.pk",
	.key_name = "code",
	.key_sql = "t.code = ?",
	.fts = "t.pk IN (SELECT rowid FROM event_types_fts"
	       " WHERE event_types_fts MATCH ?)",
	.fts_table = "event_types_fts",
	.fts_rank = "relevance(event_types_fts, 'event_types_fts ' || ?1, "
		    FTS_SIZES ")",
	.fts_pk = "event_types_fts.rowid",
	.fts_key = "t.pk",
	.fts_columns = search_columns,
	.fields = fields, .nfields = COUNT_OF(fields),
	.filters = filters, .nfilters = COUNT_OF(filters),
	.sorts = sorts, .nsorts = COUNT_OF(sorts),
	.default_sort = "code",
	.cache_control = CACHE_REFERENCE,
	.facet_fields = facet_fields, .nfacet_fields = COUNT_OF(facet_fields),
};
