/* SPDX-License-Identifier: MIT */
/* The sources resource: documents facts are drawn from (resource.h). */
#include "resource.h"

static const char *const source_kinds[] = {
	"article", "report", "statement", "dataset", NULL
};

static const struct field fields[] = {
	{ .name = "id", .sql = "s.id" },
	{ .name = "title", .sql = "s.title" },
	{ .name = "publisher", .sql = "s.publisher" },
	{ .name = "author", .sql = "s.author" },
	{ .name = "published", .sql = "nullif(s.published, '')" },
	{ .name = "url", .sql = "s.url" },
	{ .name = "kind", .sql = "s.kind" },
	{ .name = "updated_at", .sql = "s.updated_at" },
};

/*
 * Each with a probe (its index's rows counted up to a cap) and a check
 * per row, so that the planner (db/query.c) weighs it: kind=article, a
 * million sources at 1M events, drove a sort of them all by SQLite's own
 * plan (2 s for a page of one by title), and updated_since in the
 * future walked the index of ids whole.
 */
static const struct filter filters[] = {
	{ .param = "kind", .kind = VAL_ENUM, .choices = source_kinds,
	  INDEXED_VALUE("s", "sources", "kind"),
	  .not_sql = "s.kind NOT" IN_LIST, .kept_column = "kind",
	  /* Its sources' number kept (migration 69), not counted. */
	  .estimate_sql = CAPPED("SELECT sum(n) FROM source_facets"
				 " WHERE kind = ?"),
	  .any_estimate_sql = CAPPED("SELECT sum(n) FROM source_facets"
				     " WHERE kind" IN_LIST) },
	/* Several sources by id at once: id=a,b,c. */
	{ .param = "id", .kind = VAL_ID, INDEXED_VALUE("s", "sources", "id"),
	  .not_sql = "s.id NOT" IN_LIST },
	UPDATED_SINCE("s", "sources"),
};

/* facet=: the sources matching a list's filters by kind or publisher. */
static const struct field facet_fields[] = {
	{ .name = "kind", .sql = "s.kind", .kept_sql = "kind" },
	{ .name = "publisher", .sql = "s.publisher",
	  .kept_sql = "nullif(publisher, '')" },
};

static const struct sort_key sorts[] = {
	{ "published", "s.published" },
	{ "id", "s.id" },
	{ "title", "s.title COLLATE NOCASE" },	/* migration 10 */
	{ "updated_at", "s.updated_at" },
};

static const char *const search_columns[] = {
	"title", "publisher", "author", NULL,
};

const struct resource sources_resource = {
	.name = "sources",
	.noun = "source",
	.from = "sources s",
	.pk = "s.pk",
	.key_name = "id",
	.key_sql = "s.id = ?",
	.fts = "s.pk IN (SELECT rowid FROM sources_fts"
	       " WHERE sources_fts MATCH ?)",
	.fts_table = "sources_fts",
	/*
	 * Weighed beside the other filters: kind=article, a million sources
	 * at 1M events, drove a count of a search's few matches (82-118
	 * ms; under 1 from the search's). Its matches are read once a
	 * statement.
	 */
	.fts_check = "s.pk IN (SELECT rowid FROM sources_fts"
		     " WHERE sources_fts MATCH ?)",
	.fts_probe = PROBE("sources_fts WHERE sources_fts MATCH ?"),
	.fts_rank = "relevance(sources_fts, 'sources_fts ' || ?1, " FTS_SIZES
		    ", 5, 3, 3)",
	.fts_pk = "sources_fts.rowid",
	.fts_key = "s.pk",
	.fts_columns = search_columns,
	.fields = fields, .nfields = COUNT_OF(fields),
	.filters = filters, .nfilters = COUNT_OF(filters),
	.sorts = sorts, .nsorts = COUNT_OF(sorts),
	.default_sort = "-published",
	.facet_fields = facet_fields, .nfacet_fields = COUNT_OF(facet_fields),
	.kept_counts = "source_facets",	/* migration 69 */
};
