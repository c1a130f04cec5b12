/* SPDX-License-Identifier: MIT */
/* The countries resource: ISO 3166-1 reference data (see resource.h). */
#include "resource.h"

static const struct field fields[] = {
	{ .name = "code", .sql = "c.code" },
	{ .name = "iso3", .sql = "c.iso3" },
	{ .name = "numeric", .sql = "c.numeric" },
	{ .name = "name", .sql = "c.name" },
	{ .name = "common_name", .sql = "c.common_name" },
	{ .name = "official_name", .sql = "c.official_name" },
	{ .name = "region", .sql = "c.region" },
	{ .name = "subregion", .sql = "c.subregion" },
	{ .name = "capital", .sql = "c.capital" },
	{ .name = "fips", .sql = "c.fips" },
	{ .name = "wikidata", .sql = "c.wikidata" },
	{ .name = "tld", .sql = "c.tld" },
	{ .name = "languages", .sql = "json(c.languages)" },
	{ .name = "memberships",
	  .linked_sql = "SELECT j.key, a.id FROM " PAGE
	  " CROSS JOIN countries x ON x.pk = " PAGE_PK
	  " JOIN actor_members m ON m.country = x.code"
	  " JOIN actors a ON a.pk = m.actor ORDER BY j.key, m.actor" },
};

/*
 * A region or sub-region as a country has it, found in any case, and
 * those there are: region=europe,asia binds "Europe" and "Asia".
 */
#define KNOWN(col) "SELECT " col " FROM countries WHERE " col " = ?" \
	" COLLATE NOCASE LIMIT 1"
#define KNOWN_LIST(col) "SELECT group_concat(v, ', ') FROM (SELECT DISTINCT " \
	col " AS v FROM countries WHERE " col " <> '' ORDER BY v)"
#define KNOWN_FILTER(col) \
	.param = col, .kind = VAL_KNOWN, .sql = "c." col " = ?", \
	.any_sql = "c." col IN_LIST, .any_check_sql = "c." col IN_LIST, \
	.not_sql = "ifnull(c." col ", '') NOT" IN_LIST, \
	.known_sql = KNOWN(col), .known_list_sql = KNOWN_LIST(col)

static const struct filter filters[] = {
	{ KNOWN_FILTER("region") },
	{ KNOWN_FILTER("subregion") },
	{ .param = "member_of", .kind = VAL_ACTOR,
	  .sql = "c.code IN (SELECT country FROM actor_members"
		 " WHERE actor = ?)" },
};

/* facet=: the countries matching a list's filters by region. */
static const struct field facet_fields[] = {
	{ .name = "region", .sql = "c.region" },
	{ .name = "subregion", .sql = "c.subregion" },
};

static const struct sort_key sorts[] = {
	{ "code", "c.code" },
	{ "name", "c.name" },
	{ "iso3", "c.iso3" },
};

static const char *const search_columns[] = {
	"name", "common_name", "official_name", "capital", NULL,
};

const struct resource countries_resource = {
	.name = "countries",
	.noun = "country",
	.from = "countries c",
	.pk = "c.pk",
	.key_name = "code",
	.key_sql = "c.code = ?",
	.fts = "c.pk IN (SELECT rowid FROM countries_fts"
	       " WHERE countries_fts MATCH ?)",
	.fts_table = "countries_fts",
	.fts_rank = "relevance(countries_fts, 'countries_fts ' || ?1, "
		    FTS_SIZES ", 10, 10, 5, 2)",
	.fts_pk = "countries_fts.rowid",
	.fts_key = "c.pk",
	.fts_columns = search_columns,
	.fields = fields, .nfields = COUNT_OF(fields),
	.filters = filters, .nfilters = COUNT_OF(filters),
	.sorts = sorts, .nsorts = COUNT_OF(sorts),
	.default_sort = "code",
	.cache_control = CACHE_REFERENCE,
	.facet_fields = facet_fields, .nfacet_fields = COUNT_OF(facet_fields),
};
