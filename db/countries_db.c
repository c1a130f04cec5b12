/* SPDX-License-Identifier: MIT */
/* The countries resource: ISO 3166-1 reference data (see resource.h). */
#include "resource.h"

static const struct field fields[] = {
	{ "code", "c.code" },
	{ "iso3", "c.iso3" },
	{ "numeric", "c.numeric" },
	{ "name", "c.name" },
	{ "common_name", "c.common_name" },
	{ "official_name", "c.official_name" },
	{ "region", "c.region" },
	{ "subregion", "c.subregion" },
	{ "capital", "c.capital" },
	{ "fips", "c.fips" },
	{ "wikidata", "c.wikidata" },
	{ "tld", "c.tld" },
	{ "languages", "json(c.languages)" },
	{ "memberships", "json((SELECT json_group_array(a.id)"
	  " FROM actor_members m JOIN actors a ON a.pk = m.actor"
	  " WHERE m.country = c.code))" },
};

static const struct filter filters[] = {
	{ .param = "region", .kind = VAL_TEXT,
	  .sql = "c.region = ? COLLATE NOCASE" },
	{ .param = "subregion", .kind = VAL_TEXT,
	  .sql = "c.subregion = ? COLLATE NOCASE" },
	{ .param = "member_of", .kind = VAL_ACTOR,
	  .sql = "c.code IN (SELECT country FROM actor_members"
		 " WHERE actor = ?)" },
};

/* facet=: the countries matching a list's filters by region. */
static const struct field facet_fields[] = {
	{ "region", "c.region" },
	{ "subregion", "c.subregion" },
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
