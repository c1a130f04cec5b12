/* SPDX-License-Identifier: MIT */
/*
 * Embeds the files listed in assets.h; paths are relative to the top.
 * redoc.standalone.js and the world map are installed by npm
 * (package-lock.json), build/web/ is bundled by esbuild, at build time.
 */
#define EMBED(name, file)                 \
	.global asset_##name##_start;     \
	.global asset_##name##_end;       \
	.balign 16;                       \
asset_##name##_start:                     \
	.incbin file;                     \
asset_##name##_end:                       \
	.byte 0

	.section .rodata
EMBED(openapi_yaml, "openapi.yaml")
EMBED(migration_001, "db/migrations/001_init.sql")
EMBED(migration_002, "db/migrations/002_writes.sql")
EMBED(migration_003, "db/migrations/003_gdelt.sql")
EMBED(migration_004, "db/migrations/004_date_order.sql")
EMBED(migration_005, "db/migrations/005_type_root.sql")
EMBED(migration_006, "db/migrations/006_actor_role_order.sql")
EMBED(migration_007, "db/migrations/007_search_words.sql")
EMBED(migration_008, "db/migrations/008_suggest.sql")
EMBED(migration_009, "db/migrations/009_cameo_labels.sql")
EMBED(migration_010, "db/migrations/010_name_order.sql")
EMBED(migration_011, "db/migrations/011_gdelt_detail.sql")
EMBED(migration_012, "db/migrations/012_derived_countries.sql")
EMBED(migration_013, "db/migrations/013_analytics.sql")
EMBED(migration_014, "db/migrations/014_stats_cells.sql")
EMBED(migration_015, "db/migrations/015_stats_days.sql")
EMBED(migration_016, "db/migrations/016_stats_actors.sql")
EMBED(migration_017, "db/migrations/017_stats_country_totals.sql")
EMBED(migration_018, "db/migrations/018_stats_actor_pairs.sql")
EMBED(migration_019, "db/migrations/019_stats_country_pairs.sql")
EMBED(migration_020, "db/migrations/020_suggest_events.sql")
EMBED(migration_021, "db/migrations/021_facet_indexes.sql")
EMBED(migration_022, "db/migrations/022_stats_actor_pair_months.sql")
EMBED(migration_023, "db/migrations/023_stats_country_links.sql")
EMBED(migration_024, "db/migrations/024_certainty_contradictions.sql")
EMBED(migration_025, "db/migrations/025_stats_month_rollups.sql")
EMBED(migration_026, "db/migrations/026_stats_root_actors.sql")
EMBED(migration_027, "db/migrations/027_stats_country_networks.sql")
EMBED(migration_028, "db/migrations/028_stats_actor_crowds.sql")
EMBED(migration_029, "db/migrations/029_stats_pair_order.sql")
EMBED(migration_030, "db/migrations/030_stats_actor_pair_cells.sql")
EMBED(migration_031, "db/migrations/031_events_spanning.sql")
EMBED(migration_032, "db/migrations/032_stats_country_sets.sql")
EMBED(migration_033, "db/migrations/033_stats_roles_sources.sql")
EMBED(migration_034, "db/migrations/034_stats_actor_sets.sql")
EMBED(migration_035, "db/migrations/035_stats_actor_roles.sql")
EMBED(migration_036, "db/migrations/036_stats_goldstein_months.sql")
EMBED(migration_037, "db/migrations/037_range_index_dates.sql")
EMBED(migration_038, "db/migrations/038_stats_country_set_networks.sql")
EMBED(migration_039, "db/migrations/039_stats_set_pair_lookup.sql")
EMBED(migration_040, "db/migrations/040_stats_country_days.sql")
EMBED(migration_041, "db/migrations/041_stats_actor_days.sql")
EMBED(migration_042, "db/migrations/042_stats_role_days.sql")
EMBED(migration_043, "db/migrations/043_stats_set_actor_lookup.sql")
EMBED(migration_044, "db/migrations/044_stats_country_set_days.sql")
EMBED(migration_045, "db/migrations/045_stats_country_set_months.sql")
EMBED(migration_046, "db/migrations/046_stats_country_set_places_roles.sql")
EMBED(migration_047, "db/migrations/047_events_geo.sql")
EMBED(migration_048, "db/migrations/048_stats_country_root_actors.sql")
EMBED(migration_049, "db/migrations/049_stats_actor_months_by_month.sql")
EMBED(migration_050, "db/migrations/050_stats_place_actors.sql")
EMBED(migration_051, "db/migrations/051_stats_goldstein_groups.sql")
EMBED(migration_052, "db/migrations/052_stats_point_months.sql")
EMBED(migration_053, "db/migrations/053_stats_country_month_actors.sql")
EMBED(migration_054, "db/migrations/054_stats_country_week_totals.sql")
EMBED(migration_055, "db/migrations/055_stats_roots_of_all_time.sql")
EMBED(migration_056, "db/migrations/056_stats_point_places.sql")
EMBED(migration_057, "db/migrations/057_stats_point_day_totals.sql")
EMBED(migration_058, "db/migrations/058_stats_country_week_roots.sql")
EMBED(migration_059, "db/migrations/059_stats_codes_of_all_time.sql")
EMBED(migration_060, "db/migrations/060_stats_actor_month_roots.sql")
EMBED(migration_061, "db/migrations/061_stats_role_roots_goldstein_codes.sql")
EMBED(migration_062, "db/migrations/062_stats_mentions_months.sql")
EMBED(migration_063, "db/migrations/063_stats_tone_cells.sql")
EMBED(migration_064, "db/migrations/064_stats_tone_day_totals.sql")
EMBED(summary_triggers, "db/summary_triggers.sql")
EMBED(countries_csv, "data/countries.csv")
EMBED(cameo_codes_tsv, "data/cameo-eventcodes.tsv")
EMBED(cameo_goldstein_tsv, "data/cameo-goldsteinscale.tsv")
EMBED(knowledge_json, "data/seed/knowledge.json")
EMBED(docs_html, "data/docs.html")
EMBED(redoc_js, "node_modules/redoc/bundles/redoc.standalone.js")
EMBED(app_html, "web/index.html")
EMBED(app_js, "build/web/app.js")
EMBED(app_css, "build/web/app.css")
EMBED(world_json, "node_modules/world-atlas/countries-110m.json")

	.section .note.GNU-stack,"",@progbits
