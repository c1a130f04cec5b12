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

/* A region or subregion some country is in, and those there are. */
#define KNOWN(col) "SELECT 1 FROM countries WHERE " col " = ? COLLATE NOCASE"
#define KNOWN_LIST(col) "SELECT group_concat(v, ', ') FROM (SELECT DISTINCT " \
	col " AS v FROM countries WHERE " col " <> '' ORDER BY v)"

static const struct filter filters[] = {
	{ .param = "region", .kind = VAL_KNOWN,
	  .sql = "c.region = ? COLLATE NOCASE",
	  .known_sql = KNOWN("region"), .known_list_sql = KNOWN_LIST("region") },
	{ .param = "subregion", .kind = VAL_KNOWN,
	  .sql = "c.subregion = ? COLLATE NOCASE",
	  .known_sql = KNOWN("subregion"),
	  .known_list_sql = KNOWN_LIST("subregion") },
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
