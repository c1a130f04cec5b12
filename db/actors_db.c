/* SPDX-License-Identifier: MIT */
/* The actors resource (see resource.h). */
#include "resource.h"

static const char *const actor_kinds[] = {
	"person", "organization", "government", "company", "media",
	"alliance", NULL
};

static const char *const affiliation_keys[] = { "actor", "role", NULL };
static const char *const citation_keys[] = { "source", "quote", NULL };

static const struct field fields[] = {
	{ .name = "id", .sql = "a.id" },
	{ .name = "name", .sql = "a.name" },
	{ .name = "kind", .sql = "a.kind" },
	{ .name = "country", .sql = "a.country" },
	{ .name = "title", .sql = "a.title" },
	{ .name = "aliases", .sql = "json(a.aliases)" },
	{ .name = "affiliations", .keys = affiliation_keys,
	  .linked_sql = "SELECT j.key, o.id, f.role, f.position FROM " PAGE
	  " CROSS JOIN actor_affiliations f ON f.actor = " PAGE_PK
	  " JOIN actors o ON o.pk = f.org", .linked_unsorted = 1 },
	{ .name = "members",
	  .linked_sql = "SELECT j.key, m.country, m.country FROM " PAGE
	  " CROSS JOIN actor_members m ON m.actor = " PAGE_PK,
	  .linked_unsorted = 1 },
	{ .name = "description", .sql = "a.description" },
	{ .name = "wikidata", .sql = "a.wikidata" },
	{ .name = "sources", .keys = citation_keys,
	  .linked_sql = "SELECT j.key, s.id, nullif(c.quote, ''), c.position"
	  " FROM " PAGE " CROSS JOIN actor_citations c ON c.actor = " PAGE_PK
	  " JOIN sources s ON s.pk = c.source", .linked_unsorted = 1 },
	{ .name = "cameo",
	  .sql = "json(CASE WHEN a.cameo_code IS NULL THEN NULL ELSE"
	  " json_object('code', a.cameo_code, 'country', a.cameo_country,"
	  " 'types', json(ifnull(a.cameo_types, '[]')),"
	  " 'known_group', a.cameo_known_group, 'ethnic', a.cameo_ethnic,"
	  " 'religions', json(ifnull(a.cameo_religions, '[]'))) END)" },
	{ .name = "updated_at", .sql = "a.updated_at" },
};

/* The name order, as people read names (migrations 10 and 67). */
#define NAME_ORDER "a.name COLLATE NOCASE"
/* The stream of a filter's matches in that order, and in that of ids. */
#define BY_NAME(where, by_id) \
	.stream_of = "name", .stream_where = where, \
	.stream_sort = NAME_ORDER, .stream_pk = "a.pk", .other_stream = by_id
#define BY_ID(where) \
	{ .stream_of = "id", .stream_where = where, .stream_sort = "a.id", \
	  .stream_pk = "a.pk" }

/*
 * What plans probe for a kind or a country: its actors' number kept
 * (migration 69), one row or a few, where the probe counted up to the
 * cap in an index (a kind's 143,000 at 1M events).
 */
#define KEPT_ESTIMATES(column) \
	.estimate_sql = CAPPED("SELECT sum(n) FROM actor_facets" \
			       " WHERE source = 0 AND " column " = ?"), \
	.any_estimate_sql = CAPPED("SELECT sum(n) FROM actor_facets" \
				   " WHERE source = 0 AND " column IN_LIST)

static const struct filter kind_by_id = BY_ID("a.kind = ?");
static const struct filter country_by_id = BY_ID("a.country = ?");

static const struct filter filters[] = {
	/*
	 * Each with a probe (its index's rows counted up to a cap) and a
	 * check per row, so that the planner (db/query.c) weighs it: the
	 * commonest kind, a government's, drove a sort of 143,000 actors
	 * at 1M events by SQLite's own plan. Their indexes hold a kind's
	 * or a country's actors by name and by id (migration 67): a page in
	 * either order is read from the smaller's.
	 */
	{ .param = "kind", .kind = VAL_ENUM, .choices = actor_kinds,
	  INDEXED_VALUE("a", "actors", "kind"),
	  BY_NAME("a.kind = ?", &kind_by_id),
	  .not_sql = "a.kind NOT" IN_LIST, .kept_column = "kind",
	  KEPT_ESTIMATES("kind") },
	{ .param = "country", .kind = VAL_COUNTRY,
	  INDEXED_VALUE("a", "actors", "country"),
	  BY_NAME("a.country = ?", &country_by_id),
	  .not_sql = "ifnull(a.country, '') NOT" IN_LIST,
	  .kept_column = "country", KEPT_ESTIMATES("country") },
	/* The actors a source is cited for (a source's page): source=a,b. */
	{ .param = "source", .kind = VAL_SOURCE,
	  .sql = "a.pk IN (SELECT actor FROM actor_citations WHERE source = ?)",
	  .check_sql = "EXISTS (SELECT 1 FROM actor_citations"
		       " WHERE actor = a.pk AND +source = ?)",
	  .probe_sql = "SELECT count(*) FROM (SELECT DISTINCT actor"
		       " FROM actor_citations WHERE source = ? LIMIT ?)",
	  .estimate_sql = CAPPED("SELECT sum(n) FROM actor_facets"
				 " WHERE source = ?"),
	  .any_sql = "a.pk IN (SELECT actor FROM actor_citations"
		     " WHERE source" IN_LIST_INT ")",
	  .not_sql = "a.pk NOT IN (SELECT actor FROM actor_citations"
		     " WHERE source" IN_LIST_INT ")",
	  .kept_column = "source", .kept_per_value = 1 },
	/* Several actors by id at once (a page's participants): id=a,b,c. */
	{ .param = "id", .kind = VAL_ID, INDEXED_VALUE("a", "actors", "id"),
	  .not_sql = "a.id NOT" IN_LIST },
	UPDATED_SINCE("a", "actors"),
};

/* facet=: the actors matching a list's filters by kind or country. */
static const struct field facet_fields[] = {
	{ .name = "kind", .sql = "a.kind", .kept_sql = "kind" },
	{ .name = "country", .sql = "a.country",
	  .kept_sql = "nullif(country, '')" },
};

static const struct sort_key sorts[] = {
	{ "name", NAME_ORDER },
	{ "id", "a.id" },
	{ "updated_at", "a.updated_at" },
};

static const char *const search_columns[] = {
	"name", "aliases", "title", "description", "quotes", NULL,
};

const struct resource actors_resource = {
	.name = "actors",
	.noun = "actor",
	.from = "actors a",
	.pk = "a.pk",
	.key_name = "id",
	.key_sql = "a.id = ?",
	.fts = "a.pk IN (SELECT rowid FROM actors_fts"
	       " WHERE actors_fts MATCH ?)",
	.fts_table = "actors_fts",
	/*
	 * Weighed beside the other filters: a kind's 143,000 actors at 1M
	 * events drove a count of a search's 6,400 (33 ms in the sqlite3
	 * shell; 7 from the search's matches). Its matches are read once a
	 * statement.
	 */
	.fts_check = "a.pk IN (SELECT rowid FROM actors_fts"
		     " WHERE actors_fts MATCH ?)",
	.fts_probe = PROBE("actors_fts WHERE actors_fts MATCH ?"),
	.fts_rank = "relevance(actors_fts, 'actors_fts ' || ?1, " FTS_SIZES
		    ", 10, 8, 3, 2, 1)",
	.fts_tokens = "actor_tokens(0, actors_fts.rowid)",
	.fts_pk = "actors_fts.rowid",
	.fts_key = "a.pk",
	.fts_columns = search_columns,
	.fields = fields, .nfields = COUNT_OF(fields),
	.filters = filters, .nfilters = COUNT_OF(filters),
	.sorts = sorts, .nsorts = COUNT_OF(sorts),
	.default_sort = "name",
	.facet_fields = facet_fields, .nfacet_fields = COUNT_OF(facet_fields),
	.kept_counts = "actor_facets",	/* migration 69 */
};
