/* SPDX-License-Identifier: MIT */
/*
 * Files compiled into the binary (assets.S), so `dossier` runs with no data
 * directory: the OpenAPI spec, migrations, reference and seed data, and
 * the documentation page with its script (Redoc), and the web app (web/,
 * bundled by esbuild into build/web/) with its world map.
 * Each asset is followed by a NUL byte not counted in its length.
 */
#ifndef DOSSIER_ASSETS_H
#define DOSSIER_ASSETS_H

#include <stddef.h>

struct asset {
	const char *data;
	size_t len;
};

#define ASSET_LIST(X) \
	X(openapi_yaml) \
	X(migration_001) \
	X(migration_002) \
	X(migration_003) \
	X(migration_004) \
	X(migration_005) \
	X(migration_006) \
	X(migration_007) \
	X(migration_008) \
	X(migration_009) \
	X(migration_010) \
	X(migration_011) \
	X(migration_012) \
	X(migration_013) \
	X(migration_014) \
	X(migration_015) \
	X(migration_016) \
	X(migration_017) \
	X(migration_018) \
	X(migration_019) \
	X(migration_020) \
	X(migration_021) \
	X(migration_022) \
	X(migration_023) \
	X(migration_024) \
	X(migration_025) \
	X(migration_026) \
	X(migration_027) \
	X(migration_028) \
	X(migration_029) \
	X(migration_030) \
	X(migration_031) \
	X(migration_032) \
	X(migration_033) \
	X(migration_034) \
	X(migration_035) \
	X(migration_036) \
	X(migration_037) \
	X(migration_038) \
	X(migration_039) \
	X(migration_040) \
	X(migration_041) \
	X(migration_042) \
	X(migration_043) \
	X(migration_044) \
	X(migration_045) \
	X(migration_046) \
	X(migration_047) \
	X(migration_048) \
	X(migration_049) \
	X(migration_050) \
	X(migration_051) \
	X(migration_052) \
	X(migration_053) \
	X(migration_054) \
	X(migration_055) \
	X(migration_056) \
	X(migration_057) \
	X(migration_058) \
	X(migration_059) \
	X(migration_060) \
	X(migration_061) \
	X(migration_062) \
	X(migration_063) \
	X(migration_064) \
	X(migration_065) \
	X(migration_066) \
	X(migration_067) \
	X(migration_068) \
	X(migration_069) \
	X(summary_triggers) \
	X(pg_schema) \
	X(pg_compat) \
	X(pg_relevance) \
	X(pg_lists) \
	X(pg_fts_sizes) \
	X(countries_csv) \
	X(cameo_codes_tsv) \
	X(cameo_goldstein_tsv) \
	X(knowledge_json) \
	X(docs_html) \
	X(redoc_js) \
	X(app_html) \
	X(app_js) \
	X(app_css) \
	X(world_json)

#define X(name) extern const char asset_##name##_start[], \
	asset_##name##_end[];
ASSET_LIST(X)
#undef X

#define ASSET(name) ((struct asset){ asset_##name##_start, \
	(size_t)(asset_##name##_end - asset_##name##_start) })

#endif
