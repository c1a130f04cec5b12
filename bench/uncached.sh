#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The uncached benchmark (`make bench` runs it after bench/run.sh; see
# bench/README.md). For each size in BENCH_SIZES it serves the GDELT
# database bench/run.sh imported, writes for every query shape a file of
# distinct URLs (real values drawn from the database: common and rare
# countries, actors, CAMEO codes, words, date windows, deep cursors), and
# runs wrk through each file with bench/uncached.lua, so that no request
# repeats one the response cache could still hold. Per shape it reports
# requests/s, p50 and p99 with one connection per core (the cost of the
# query, no queueing); then all shapes mixed at 64 connections (what a busy
# server delivers); then, per shape, the 1M/10k ratio of p50 cost beside
# that of the answers' mean size in bytes.
# Raw output: build/bench/uncached-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/free_port.sh
export LC_ALL=C

SIZES=${BENCH_SIZES:-10000 1000000}
SECS=${BENCH_SECONDS:-5}
MIXED_SECS=${BENCH_MIXED_SECONDS:-$((SECS * 3))}
PER_SHAPE=${BENCH_URLS:-4000}
# BENCH_BIN: another build to measure (a baseline, say).
BIN=${BENCH_BIN:-build/release/dossier}
# BENCH_SERVE_DB: what the server reads instead of the SQLite file, such
# as a PostgreSQL database holding a copy of it (bench/pg.sh); the URLs
# are still drawn from the file.
SERVE_DB=${BENCH_SERVE_DB:-}
# BENCH_URLS_FROM: the URL files of an earlier run (its directory for the
# size), to measure the very same requests again.
URLS_FROM=${BENCH_URLS_FROM:-}
OUT=build/bench
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=$OUT/uncached-$STAMP.txt
SERVER_PID=""

# Shapes in report order; each has a URL file made by urls_<shape>.
# BENCH_SHAPES="search_common suggest" measures only those.
ALL_SHAPES=(item country_common country_rare actor_common actor_rare type quad
	dates source updated_since sort_id pair_country_type
	pair_country_actor pair_actor_type pair_type_quad pair_country_dates
	pair_actor_role search_common search_rare search_filtered
	search_filtered_ranked search_date
	search_words deep count_country count_type count_pairs count_search actors_q
	actors_q_filtered actors_country suggest suggest_titles any_of none_of ranges sort_mentions bbox bbox_anywhere bbox_busy geojson
	batch_ids stats_time stats_group stats_time_group stats_filtered
	stats_actor stats_day stats_series stats_search stats_negated stats_countries stats_actors stats_roles stats_actor_role stats_goldstein stats_mentions stats_tone stats_combined network_combined search_combined stats_two stats_codes network_codes stats_sets facets facets_actor facets_country facets_refined network_all
	network network_filtered network_countries network_sets network_ego
	network_ego_top sort_filtered sort_id_filtered rest_filters lists_other
	facets_lists)
read -r -a SHAPES <<<"${BENCH_SHAPES:-${ALL_SHAPES[*]}}"
declare -A R

say() { printf '%s\n' "$*" | tee -a "$RESULTS"; }
die() {
	say "bench: $*" >&2
	exit 1
}
cleanup() {
	[ -z "$SERVER_PID" ] || { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; } || true
}
trap cleanup EXIT

sql() { sqlite3 -readonly "$DB" "$1"; }

# The lines of stdin in a random order, the same every run: a seeded
# pseudo-random key per line. (`shuf --random-source=<(yes)` is not
# random: its picks cluster, 81026 to 81029 among 8 of 100,000, so the
# first URLs of a mixed file were mostly of a few shapes.)
shuffled() {
	awk 'BEGIN { srand(7) } { printf "%.12f\t%s\n", rand(), $0 }' |
		sort -t "$(printf '\t')" -k1,1 | cut -f2-
}
# PER_SHAPE of them, taken so.
sample() { shuffled | awk -v n="$PER_SHAPE" 'NR <= n'; }

# Each line of stdin, once with every limit from $1 to $2 appended (as
# &limit=N, or ?limit=N when the line has no query), shuffled, first
# PER_SHAPE lines: distinct URLs of one shape. Pages of up to 100 rows,
# as a client shows them (the default is 50): the figures are the cost
# of finding a page, not of rendering 1,000 rows.
with_limits() {
	awk -v lo="$1" -v hi="$2" '{
		sep = index($0, "?") ? "&" : "?"
		for (l = lo; l <= hi; l++) print $0 sep "limit=" l
	}' | sample
}

# Values of a column query, one a line.
vals() { sql "$1" | tr -d '\r'; }

urls_item() { vals "SELECT '/events/' || id FROM events ORDER BY random() LIMIT $PER_SHAPE"; }
urls_country_common() { vals "SELECT '/events?country=' || country FROM event_countries GROUP BY country ORDER BY count(*) DESC LIMIT 5" | with_limits 1 100; }
urls_country_rare() { vals "SELECT '/events?country=' || country FROM event_countries GROUP BY country HAVING count(*) BETWEEN 1 AND 2000" | with_limits 1 100; }
urls_actor_common() { vals "SELECT '/events?actor=' || a.id FROM participants p JOIN actors a ON a.pk = p.actor GROUP BY p.actor ORDER BY count(*) DESC LIMIT 10" | with_limits 1 100; }
urls_actor_rare() { vals "SELECT '/events?actor=' || id FROM actors ORDER BY random() LIMIT $PER_SHAPE"; }
urls_type() { vals "SELECT DISTINCT '/events?type=' || substr(type_code, 1, 2) FROM events UNION SELECT DISTINCT '/events?type=' || substr(type_code, 1, 3) FROM events" | with_limits 1 100; }
urls_quad() { printf '/events?quad_class=%s\n' 1 2 3 4 | with_limits 1 100; }
urls_dates() { vals "SELECT DISTINCT '/events?from=' || substr(date_start, 1, 7) || '&to=' || substr(date_start, 1, 7) FROM events WHERE date_start <> ''" | with_limits 1 100; }
urls_source() { vals "SELECT '/events?source=' || id FROM sources WHERE kind = 'article' ORDER BY random() LIMIT $PER_SHAPE"; }
# Changed since a moment after the import (nothing) or before it (all).
urls_updated_since() {
	local last
	last=$(sql "SELECT max(updated_at) FROM events")
	{
		echo "/events?updated_since=${last%.*}.999Z"
		echo "/events?updated_since=2000-01-01T00:00:00Z"
		echo "/events?updated_since=2000-01-01T00:00:00Z&sort=updated_at"
	} | with_limits 1 100
}
urls_sort_id() { printf '/events?sort=%s\n' id -id date | with_limits 1 100; }
urls_pair_country_type() { vals "SELECT '/events?country=' || c.country || '&type=' || t.root FROM (SELECT country FROM event_countries GROUP BY country ORDER BY count(*) DESC LIMIT 12) c, (SELECT DISTINCT root FROM event_types) t" | with_limits 1 60; }
urls_pair_country_actor() {
	{
		vals "SELECT '/events?country=' || c.country || '&actor=' || a.id FROM (SELECT country FROM event_countries GROUP BY country ORDER BY count(*) DESC LIMIT 3) c, (SELECT id FROM actors ORDER BY random() LIMIT 400) a"
		vals "SELECT '/events?actor=' || a.id || '&country=' || c.country FROM (SELECT a.id FROM participants p JOIN actors a ON a.pk = p.actor GROUP BY p.actor ORDER BY count(*) DESC LIMIT 10) a, (SELECT country FROM event_countries GROUP BY country ORDER BY count(*) LIMIT 40) c"
	} | with_limits 1 10
}
urls_pair_actor_type() { vals "SELECT '/events?actor=' || a.id || '&type=' || t.root FROM (SELECT a.id FROM participants p JOIN actors a ON a.pk = p.actor GROUP BY p.actor ORDER BY count(*) DESC LIMIT 10) a, (SELECT DISTINCT root FROM event_types) t" | with_limits 1 30; }
# Codes of one quad class asked with another match nothing at all.
urls_pair_type_quad() { vals "SELECT DISTINCT '/events?type=' || root || '&quad_class=' || q.n FROM event_types, (SELECT 1 AS n UNION SELECT 2 UNION SELECT 3 UNION SELECT 4) q" | with_limits 1 60; }
urls_pair_country_dates() { vals "SELECT '/events?country=' || c.country || '&from=' || m.d || '&to=' || m.d FROM (SELECT country FROM event_countries GROUP BY country ORDER BY count(*) DESC LIMIT 20) c, (SELECT DISTINCT substr(date_start, 1, 7) AS d FROM events WHERE date_start <> '' ORDER BY random() LIMIT 40) m" | with_limits 1 10; }
urls_pair_actor_role() { vals "SELECT '/events?actor=' || a.id || '&role=' || r.role FROM (SELECT a.id FROM participants p JOIN actors a ON a.pk = p.actor GROUP BY p.actor ORDER BY count(*) DESC LIMIT 40) a, (SELECT 'initiator' AS role UNION SELECT 'target') r" | with_limits 1 60; }
COMMON_WORDS="make united states police government military force comment president school"
urls_search_common() { printf '/events?q=%s\n' $COMMON_WORDS | with_limits 1 100; }
# The last word of random actors' names: mostly rare.
urls_search_rare() {
	vals "SELECT lower(name) FROM actors ORDER BY random() LIMIT $PER_SHAPE" |
		awk '{ w = $NF; gsub(/[^a-z0-9]/, "", w); if (length(w) > 2) print "/events?q=" w }' |
		sort -u | with_limits 1 3
}
urls_search_filtered() { vals "SELECT '/events?q=' || w.w || '&country=' || c.country FROM (SELECT 'make' AS w UNION SELECT 'police' UNION SELECT 'military' UNION SELECT 'government' UNION SELECT 'comment') w, (SELECT country FROM event_countries GROUP BY country ORDER BY count(*) DESC LIMIT 30) c" | with_limits 1 30; }
# The same, ranked by relevance (among the newest matches of the word).
urls_search_filtered_ranked() { urls_search_filtered | sed 's/$/\&sort=relevance/'; }
# The same common words newest first (q's default order is relevance).
urls_search_date() { printf '/events?q=%s&sort=-date\n' $COMMON_WORDS | with_limits 1 100; }
# Search-box text: several words, phrases, punctuation.
urls_search_words() {
	printf '/events?q=%s\n' united+states police+force %22make+statement%22 \
		military+-police government%27s non-governmental president+OR+school |
		with_limits 1 100
}
# Type-ahead: the first 1, 2, 3 and 5 letters of random actors' names.
urls_suggest() {
	vals "SELECT DISTINCT '/suggest?q=' || replace(lower(substr(name, 1, n.n)), ' ', '+') FROM (SELECT name FROM actors WHERE name NOT GLOB '*[^A-Za-z ]*' ORDER BY random() LIMIT 3000) a, (SELECT 1 AS n UNION SELECT 2 UNION SELECT 3 UNION SELECT 5) n" |
		with_limits 5 10
}
# Type-ahead of event titles: a random title's first word, then 1 to 6
# letters of its second, as typed.
urls_suggest_titles() {
	vals "SELECT title FROM events ORDER BY random() LIMIT 3000" |
		awk '{ gsub(/[^A-Za-z ]/, " "); if (NF < 2) next
			for (n = 1; n <= 6; n++) print "/suggest?q=" tolower($1) "+" tolower(substr($2, 1, n)) }' |
		sort -u | with_limits 5 10
}
urls_count_country() { vals "SELECT '/events?count=exact&country=' || country FROM event_countries GROUP BY country ORDER BY count(*) DESC LIMIT 40" | with_limits 1 100; }
urls_count_type() { vals "SELECT DISTINCT '/events?count=exact&type=' || substr(type_code, 1, 2) FROM events" | with_limits 1 100; }
# Exact counts of two conditions: two countries with a CAMEO root, a
# country with a root or a window of months.
urls_count_pairs() { vals "SELECT '/events?count=exact&country=' || c.country || f.f FROM ($TOP_COUNTRIES LIMIT 20) c, (SELECT ',US&type=' || root AS f FROM (SELECT DISTINCT root FROM event_types) UNION ALL SELECT '&type=' || root FROM (SELECT DISTINCT root FROM event_types) UNION ALL SELECT '&from=' || y || '-01&to=' || y || '-06' FROM (SELECT DISTINCT substr(date_start, 1, 4) AS y FROM events WHERE date_start >= '2008' LIMIT 8)) f" | with_limits 1 20; }
urls_count_search() { printf '/events?count=exact&q=%s\n' $COMMON_WORDS | with_limits 1 100; }
urls_actors_q() { printf '/actors?q=%s\n' $COMMON_WORDS | with_limits 1 100; }
# A word beside a kind or a country (each weighed against the other),
# listed in each order, counted and faceted; sources' words beside a kind.
urls_actors_q_filtered() {
	local w f
	for w in $COMMON_WORDS; do
		for f in kind=government kind=person kind=organization \
			country=US country=GB kind=government\&country=RU; do
			printf '/actors?q=%s&%s\n' "$w" "$f"
			printf '/actors?q=%s&%s&sort=-id\n' "$w" "$f"
			printf '/actors?q=%s&%s&sort=updated_at\n' "$w" "$f"
			printf '/actors?q=%s&%s&count=exact&facet=kind,country\n' "$w" "$f"
		done
		printf '/sources?q=%s&kind=article\n' "$w"
		printf '/sources?q=%s&kind=article&count=exact\n' "$w"
	done | with_limits 1 100
}
urls_actors_country() { vals "SELECT DISTINCT '/actors?country=' || country FROM actors WHERE country IS NOT NULL" | with_limits 1 100; }

# Analytics (the filters they share, /stats, facets, /network).
TOP_COUNTRIES="SELECT country FROM event_countries GROUP BY country ORDER BY count(*) DESC"
TOP_ACTORS="SELECT a.id FROM participants p JOIN actors a ON a.pk = p.actor GROUP BY p.actor ORDER BY count(*) DESC"
urls_any_of() { vals "SELECT '/events?country=' || a.country || ',' || b.country FROM ($TOP_COUNTRIES LIMIT 20) a, ($TOP_COUNTRIES LIMIT 20) b WHERE a.country < b.country" | with_limits 1 20; }
urls_none_of() { vals "SELECT '/events?not_country=' || country || '&type=' || t.root FROM ($TOP_COUNTRIES LIMIT 5), (SELECT DISTINCT root FROM event_types) t" | with_limits 1 40; }
urls_ranges() {
	local g t
	for g in $(seq -10 2 10); do
		for t in $(seq -10 2 10); do
			echo "/events?goldstein_min=$g&tone_max=$t"
		done
	done | with_limits 1 40
}
urls_sort_mentions() { printf '/events?sort=%s\n' -mentions mentions -goldstein tone | with_limits 1 100; }
urls_bbox() { vals "SELECT DISTINCT '/events?bbox=' || (CAST(lon AS INTEGER) - 1) || ',' || (CAST(lat AS INTEGER) - 1) || ',' || (CAST(lon AS INTEGER) + 1) || ',' || (CAST(lat AS INTEGER) + 1) FROM events WHERE lat IS NOT NULL LIMIT 200" | with_limits 1 20; }
# Boxes anywhere on the globe, 1 to 5 degrees (most hold few events or
# none), listed and counted by month: the spatial index, not a scan.
urls_bbox_anywhere() {
	awk 'BEGIN { srand(7); for (i = 0; i < 2000; i++) {
		w = int(rand() * 350) - 180; s = int(rand() * 170) - 85
		d = 1 + int(rand() * 5)
		b = w "," s "," w + d "," s + d
		print "/events?bbox=" b "&limit=" 1 + int(rand() * 100)
		print "/stats?by=month&bbox=" b
	} }' | sample
}
# Boxes of half a degree to five degrees around the 20 busiest points, as
# the web app asks for them once a map is zoomed there: its series, its
# groups, its facets and its count (the points' cells, migration 52).
urls_bbox_busy() {
	vals "SELECT (lon - d.d) || ',' || (lat - d.d) || ',' || (lon + d.d) || ',' || (lat + d.d) FROM (SELECT lat, lon FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY lat, lon ORDER BY count(*) DESC LIMIT 20), (SELECT 0.25 AS d UNION SELECT 1 UNION SELECT 2.5) d" |
		awk '{ print "/stats?by=month&bbox=" $0
			print "/stats?by=root&metrics=goldstein_mean&bbox=" $0
			print "/stats?by=country&bbox=" $0
			print "/stats?by=month&type=19&from=2015-01&to=2016-12&bbox=" $0
			print "/events?fields=id&count=exact&bbox=" $0
			print "/events?fields=id&facet=country,root,quad_class,actor&bbox=" $0 }' |
		with_limits 1 12
}
urls_geojson() { vals "SELECT '/events?format=geojson&country=' || country FROM ($TOP_COUNTRIES LIMIT 40)" | with_limits 1 100; }
# Batch lookup: 50 random ids at once.
urls_batch_ids() { vals "SELECT '/actors?id=' || group_concat(id, ',') FROM (SELECT id, (row_number() OVER ()) / 50 AS g FROM (SELECT id FROM actors ORDER BY random() LIMIT 200000)) GROUP BY g" | sample; }
urls_stats_time() { printf '/stats?by=%s\n' month year month\&from=2015\&to=2016 year\&metrics=goldstein_mean,tone_mean | with_limits 1 1000; }
urls_stats_group() { printf '/stats?by=%s\n' country root type quad_class location_country | with_limits 1 1000; }
urls_stats_time_group() { printf '/stats?by=%s\n' month,root year,country month,quad_class | with_limits 1 100; }
urls_stats_filtered() { vals "SELECT '/stats?by=' || b.b || '&country=' || c.country FROM ($TOP_COUNTRIES LIMIT 30) c, (SELECT 'month' AS b UNION SELECT 'root' UNION SELECT 'year,quad_class') b" | with_limits 1 100; }
urls_stats_actor() { vals "SELECT '/stats?by=month&actor=' || id FROM ($TOP_ACTORS LIMIT 40 OFFSET 10)" | with_limits 1 100; }
# A word's timeline, as the web app draws one for a search.
urls_stats_search() { for w in $COMMON_WORDS; do printf '/stats?by=%s&q=%s\n' month "$w" year "$w" day\&from=2015-01\&to=2015-03 "$w"; done | with_limits 1 1000; }
urls_stats_negated() { vals "SELECT '/stats?by=' || b.b || '&not_country=' || c.country FROM ($TOP_COUNTRIES LIMIT 20) c, (SELECT 'month' AS b UNION SELECT 'year,root') b UNION ALL SELECT '/stats?by=month&not_actor=' || id FROM ($TOP_ACTORS LIMIT 20) UNION ALL SELECT '/stats?by=year,quad_class&not_type=' || root FROM (SELECT DISTINCT root FROM event_types)" | with_limits 1 100; }
# Two of the top countries: either, both, neither (the cells of their
# sets, migration 32).
urls_stats_countries() { vals "SELECT '/stats?by=' || b.b || f.f FROM (SELECT '&country=' || a.country || ',' || c.country AS f FROM ($TOP_COUNTRIES LIMIT 12) a, ($TOP_COUNTRIES LIMIT 12) c WHERE a.country < c.country UNION ALL SELECT '&country=' || a.country || '&country=' || c.country FROM ($TOP_COUNTRIES LIMIT 12) a, ($TOP_COUNTRIES LIMIT 12) c WHERE a.country < c.country UNION ALL SELECT '&not_country=' || a.country || ',' || c.country FROM ($TOP_COUNTRIES LIMIT 12) a, ($TOP_COUNTRIES LIMIT 12) c WHERE a.country < c.country) f, (SELECT 'month' AS b UNION SELECT 'year,root') b" | with_limits 1 20; }
# Two of the top actors: either, both, neither (the cells of their sets,
# migration 34).
urls_stats_actors() { vals "SELECT '/stats?by=' || b.b || f.f FROM (SELECT '&actor=' || a.id || ',' || c.id AS f FROM ($TOP_ACTORS LIMIT 12) a, ($TOP_ACTORS LIMIT 12) c WHERE a.id < c.id UNION ALL SELECT '&actor=' || a.id || '&actor=' || c.id FROM ($TOP_ACTORS LIMIT 12) a, ($TOP_ACTORS LIMIT 12) c WHERE a.id < c.id UNION ALL SELECT '&not_actor=' || a.id || ',' || c.id FROM ($TOP_ACTORS LIMIT 12) a, ($TOP_ACTORS LIMIT 12) c WHERE a.id < c.id) f, (SELECT 'month' AS b UNION SELECT 'year,root') b" | with_limits 1 20; }
# One of the top actors in a role (migration 35).
urls_stats_actor_role() { vals "SELECT '/stats?by=' || b.b || '&actor=' || a.id || '&role=' || r.column1 FROM ($TOP_ACTORS LIMIT 20) a, (VALUES ('initiator'), ('target')) r, (SELECT 'month' AS b UNION SELECT 'year,root') b" | with_limits 1 20; }
# Ranges of the Goldstein score (migration 36).
urls_stats_goldstein() { vals "SELECT '/stats?by=' || b.b || '&' || r.column1 FROM (VALUES ('goldstein_min=5'), ('goldstein_min=0'), ('goldstein_min=-5'), ('goldstein_max=-5'), ('goldstein_max=0'), ('goldstein_min=-2&goldstein_max=2')) r, (SELECT 'month' AS b UNION SELECT 'year,root' UNION SELECT 'quad_class') b" | with_limits 1 20; }
# Ranges of mentions over time, codes, countries and actors (migration
# 62).
urls_stats_mentions() { vals "SELECT '/stats?by=' || b.b || '&' || r.column1 FROM (VALUES ('mentions_min=2'), ('mentions_min=5'), ('mentions_min=20'), ('mentions_max=1'), ('mentions_max=4'), ('mentions_min=3&mentions_max=10')) r, (SELECT 'month' AS b UNION SELECT 'year,root' UNION SELECT 'quad_class' UNION SELECT 'week' UNION SELECT 'country' UNION SELECT 'actor') b" | with_limits 1 20; }
# Ranges of tone, bounds on a sixteenth and inside one (migration 63).
urls_stats_tone() { vals "SELECT '/stats?by=' || b.b || '&' || r.column1 FROM (VALUES ('tone_min=2'), ('tone_min=3.3'), ('tone_max=1.7'), ('tone_max=5'), ('tone_min=2.25&tone_max=6.1'), ('tone_min=4.01&tone_max=4.02')) r, (SELECT 'month' AS b UNION SELECT 'year,root' UNION SELECT 'quad_class' UNION SELECT 'week' UNION SELECT 'country') b" | with_limits 1 20; }
# By role, of one role or without it, and the sources with most events
# (migration 33).
urls_stats_roles() { vals "SELECT '/stats?by=' || b || r FROM (SELECT '' AS r UNION ALL SELECT '&role=' || column1 FROM (VALUES ('initiator'), ('target'), ('participant')) UNION ALL SELECT '&not_role=' || column1 FROM (VALUES ('initiator'), ('target'))), (SELECT 'month' AS b UNION SELECT 'type' UNION SELECT 'year,quad_class') UNION ALL SELECT '/stats?by=' || column1 FROM (VALUES ('role'), ('month,role'), ('source'))" | with_limits 1 20; }
urls_stats_day() { vals "SELECT DISTINCT '/stats?by=day&from=' || substr(date_start, 1, 7) || '&to=' || substr(date_start, 1, 7) FROM events WHERE date_start <> ''" | with_limits 1 100; }
# Series of one country or actor: weekly ones of the 30 countries with
# most events, with a code too, and daily ones over windows of days
# (migration 40); weekly ones of the 30 actors in most events (41).
urls_stats_series() { vals "SELECT '/stats?by=' || b.b || '&country=' || c.country FROM ($TOP_COUNTRIES LIMIT 30) c, (SELECT 'week' AS b UNION SELECT 'week&type=04' UNION SELECT 'day&from=2015-01-10&to=2015-03-20' UNION SELECT 'week,root&from=2014-02-03&to=2014-09-21') b UNION ALL SELECT '/stats?by=week,country' UNION ALL SELECT '/stats?by=week&actor=' || id FROM ($TOP_ACTORS LIMIT 30)" | with_limits 1 100; }
urls_facets() { vals "SELECT '/events?facet=country,root&country=' || country FROM ($TOP_COUNTRIES LIMIT 40)" | with_limits 1 100; }
urls_facets_actor() { vals "SELECT '/events?facet=actor,country,root&type=' || root FROM (SELECT DISTINCT root FROM event_types)" | with_limits 1 100; }
# The web app's events page after two clicks on its facets: a country and
# a CAMEO root or quad class, or a window of months, each refined by all
# four facets.
urls_facets_refined() { vals "SELECT '/events?limit=1&fields=id&facet=country,root,quad_class,actor&country=' || c.country || f.f FROM ($TOP_COUNTRIES LIMIT 20) c, (SELECT '&type=' || root AS f FROM (SELECT DISTINCT root FROM event_types) UNION ALL SELECT '&quad_class=' || q FROM (SELECT DISTINCT quad_class AS q FROM event_types) UNION ALL SELECT '&from=' || m || '&to=' || m FROM (SELECT DISTINCT substr(date_start, 1, 7) AS m FROM events WHERE date_start >= '2014' LIMIT 24)) f" | sample; }
# One country's actors and places, one actor's countries (migration 23),
# as the web app's facets and country pages ask for them.
urls_facets_country() { vals "SELECT '/events?facet=actor,location_country&country=' || country FROM ($TOP_COUNTRIES LIMIT 40)" | with_limits 1 100; }
# The egos with the most partners, whose graphs are the biggest.
urls_network_ego_top() { vals "SELECT '/actors/' || a.id || '/network' FROM stats_actor_totals t JOIN actors a ON a.pk = t.actor ORDER BY t.n DESC LIMIT 40" | with_limits 1 100; }
urls_network_all() { echo /network | with_limits 1 1000; }
urls_network() { printf '/network?%s\n' from=2015-01\&to=2015-01 from=2012-06\&to=2012-06 quad_class=4\&from=2016-03\&to=2016-03 | with_limits 1 1000; }
urls_network_filtered() { vals "SELECT '/network?country=' || country FROM event_countries GROUP BY country HAVING count(*) BETWEEN 100 AND 20000" | with_limits 1 100; }
# Any of two of the top countries (the networks kept per set of countries).
urls_network_countries() { vals "SELECT '/network?country=' || a.country || ',' || c.country FROM ($TOP_COUNTRIES LIMIT 12) a, ($TOP_COUNTRIES LIMIT 12) c WHERE a.country < c.country" | with_limits 1 100; }
# Two of the top countries together, or none of one or two of them.
urls_network_sets() {
	vals "SELECT '/network?country=' || a.country || '&country=' || c.country FROM ($TOP_COUNTRIES LIMIT 12) a, ($TOP_COUNTRIES LIMIT 12) c WHERE a.country < c.country UNION ALL SELECT '/network?not_country=' || a.country FROM ($TOP_COUNTRIES LIMIT 12) a UNION ALL SELECT '/network?not_country=' || a.country || ',' || c.country FROM ($TOP_COUNTRIES LIMIT 6) a, ($TOP_COUNTRIES LIMIT 6) c WHERE a.country < c.country" | with_limits 1 100
}
# Events chosen by their countries: any of two, both, none of one (the
# sets of countries kept), by actor, country (with metrics, or a CAMEO
# code), day, week or month, as /stats groups and as the facets of a list.
# Combinations no summary holds, answered from the copy of the events'
# columns (db/columns_sum.c): a common or rare country with a range, a
# place with a code and a range, a country with a place, a negation with
# a range and dates, an actor with a range or a role, a box with a
# country; aggregations, an exact count and facets.
urls_stats_combined() { vals "SELECT '/stats?by=' || b.b || '&' || f.f FROM (SELECT 'country=' || c.country || '&' || r.column1 AS f FROM ($TOP_COUNTRIES LIMIT 8) c, (VALUES ('tone_min=2'), ('mentions_min=5'), ('goldstein_max=-2'), ('tone_max=1.7&from=2014-01')) r UNION ALL SELECT 'location_country=' || c.country || '&type=' || t.column1 || '&' || r.column1 FROM ($TOP_COUNTRIES LIMIT 8) c, (VALUES ('19'), ('04'), ('1')) t, (VALUES ('tone_max=1.7'), ('mentions_min=3')) r UNION ALL SELECT 'country=' || a.country || '&location_country=' || c.country FROM ($TOP_COUNTRIES LIMIT 6) a, ($TOP_COUNTRIES LIMIT 6) c WHERE a.country <> c.country UNION ALL SELECT 'not_country=' || c.country || '&mentions_min=3&from=2014-01&to=2016-12' FROM ($TOP_COUNTRIES LIMIT 8) c) f, (SELECT 'month' AS b UNION SELECT 'week' UNION SELECT 'country' UNION SELECT 'root' UNION SELECT 'quad_class' UNION SELECT 'year,root') b UNION ALL SELECT '/stats?by=' || b.b || '&actor=' || a.id || '&' || r.column1 FROM (SELECT id FROM actors ORDER BY event_count DESC LIMIT 8) a, (VALUES ('tone_min=2'), ('mentions_min=5'), ('role=target&goldstein_max=0')) r, (SELECT 'month' AS b UNION SELECT 'country' UNION SELECT 'root' UNION SELECT 'role') b UNION ALL SELECT '/stats?by=' || b.b || '&bbox=' || x.column1 || '&country=' || c.country FROM (VALUES ('40,41,47,44'), ('-10,35,30,60'), ('-125,25,-65,50')) x, ($TOP_COUNTRIES LIMIT 6) c, (SELECT 'month' AS b UNION SELECT 'root' UNION SELECT 'actor') b UNION ALL SELECT '/events?count=exact&country=' || c.country || '&tone_min=' || r.column1 FROM ($TOP_COUNTRIES LIMIT 8) c, (VALUES ('1.5'), ('3')) r UNION ALL SELECT '/events?facet=root,quad_class&country=' || c.country || '&mentions_min=' || r.column1 FROM ($TOP_COUNTRIES LIMIT 8) c, (VALUES ('4'), ('10')) r" | with_limits 1 20; }

# A search with other conditions (db/columns_tests.c: its matches from
# the full-text index, narrowed by the copy of the events' columns):
# aggregations by month, country, root and actor, a page, an exact
# count, facets and a network, of a common word with a country, a range
# or dates.
urls_search_combined() {
	for w in president military government police make; do
		for f in "country=US" "country=RU" "tone_min=2" "mentions_min=5" "from=2015-01&to=2016-06"; do
			printf '/stats?by=%s&q=%s&%s\n' month "$w" "$f" country "$w" "$f" root "$w" "$f"
			printf '/stats?by=actor&q=%s&%s&limit=10\n' "$w" "$f"
			printf '/events?q=%s&%s&limit=20\n' "$w" "$f"
			printf '/events?q=%s&%s&count=exact&limit=1\n' "$w" "$f"
			printf '/events?q=%s&%s&facet=country,actor&limit=1\n' "$w" "$f"
			printf '/network?q=%s&%s&limit=20\n' "$w" "$f"
		done
	done | sample
}

# Networks of combinations no kept pairs hold, from the copy of the
# events' columns (db/columns_network.c): a country with a range, a box,
# a place with a code, an actor's own with a range.
urls_network_combined() { vals "SELECT '/network?country=' || c.country || '&' || r.column1 FROM ($TOP_COUNTRIES LIMIT 8) c, (VALUES ('tone_min=2'), ('mentions_min=5'), ('goldstein_max=-2')) r UNION ALL SELECT '/network?bbox=' || x.column1 || '&quad_class=' || q.column1 FROM (VALUES ('40,41,47,44'), ('-10,35,30,60'), ('-125,25,-65,50')) x, (VALUES (1), (4)) q UNION ALL SELECT '/network?location_country=' || c.country || '&type=' || t.column1 FROM ($TOP_COUNTRIES LIMIT 8) c, (VALUES ('19'), ('04')) t UNION ALL SELECT '/actors/' || a.id || '/network?tone_min=' || r.column1 FROM (SELECT id FROM actors ORDER BY event_count DESC LIMIT 8) a, (VALUES ('2'), ('3.3')) r" | with_limits 1 100; }

# Two groupings over broad conditions, read from the copy: a time
# bucket with actors, codes or sources, and pairs of actors, countries,
# roles, codes and sources (db/columns_sum.c: the values with most
# events counted first).
urls_stats_two() {
	for by in week,actor actor,month year,actor day,type month,source \
		actor,source source,country actor,country country,actor \
		actor,role actor,type; do
		for f in tone_min=2 mentions_min=2 goldstein_min=0 quad_class=1 \
			"country=GE&tone_min=2" "type=04&from=2014-01"; do
			printf '/stats?by=%s&%s\n' "$by" "$f"
		done
	done | with_limits 1 20
}

# A day or week alone, or actors with metrics, under a condition on CAMEO
# codes, quad classes or places (db/aggregate.c scan_beats_cells(): the
# cells of every day or actor, month and code, or the copy's scan).
urls_stats_codes() {
	for by in day week "actor&metrics=goldstein_mean,tone_mean"; do
		for f in quad_class=1 quad_class=2,3 not_quad_class=1 type=04 \
			type=190 not_type=04 location_country=US \
			"quad_class=4&country=GE"; do
			printf '/stats?by=%s&%s\n' "$by" "$f"
		done
	done | with_limits 1 20
}

# Networks of codes, alone or with dates: the copy's graph.
urls_network_codes() {
	for f in quad_class=1 quad_class=4 quad_class=2,3 type=04 type=19 \
		type=190 type=04,05 "quad_class=1&from=2014-01" \
		"type=19&from=2016-03&to=2016-05"; do
		printf '/network?%s\n' "$f"
	done | with_limits 1 100
}

# Pages of a few conditions by a number or by updated_at, a search's too:
# walked in that order in the copy of the events' columns (db/copy_keys.c).
# Pages by id of conditions that each match many events and together few
# or none: walked in the copy's order of ids (db/columns_id_order.c).
urls_sort_id_filtered() {
	vals "SELECT '/events?location_country=' || c.country || '&' || f.column1 || '&sort=' || s.column1 FROM ($TOP_COUNTRIES LIMIT 8) c, (VALUES ('tone_min=10'), ('quad_class=1&goldstein_max=-5'), ('role=initiator&not_role=initiator'), ('mentions_min=50&tone_max=-5'), ('goldstein_min=4&tone_max=0'), ('quad_class=1,2&tone_max=5')) f, (VALUES ('id'), ('-id')) s" |
		with_limits 1 100
}

urls_sort_filtered() {
	vals "SELECT '/events?country=' || c.country || '&' || f.column1 || '&sort=' || s.column1 FROM ($TOP_COUNTRIES LIMIT 8) c, (VALUES ('tone_min=2'), ('quad_class=1'), ('type=04'), ('goldstein_max=-5'), ('mentions_min=10&type=1')) f, (VALUES ('-goldstein'), ('tone'), ('-mentions'), ('-updated_at')) s UNION ALL SELECT '/events?quad_class=' || q.column1 || '&goldstein_max=' || g.column1 || '&sort=' || s.column1 FROM (VALUES ('1'), ('2,3'), ('4')) q, (VALUES ('-5'), ('0')) g, (VALUES ('goldstein'), ('-tone'), ('mentions')) s" |
		with_limits 1 100
	for w in president police government; do
		printf '/events?q=%s&%s&sort=-mentions
' "$w" country=US "$w" tone_min=2
	done | with_limits 1 100
}

# The conditions of how events are reported, changed and listed: none of
# a certainty, a time of change (before every event: all pass; after:
# none), ids left out; aggregations, networks, facets, counts and maps.
urls_rest_filters() {
	local id f
	id=$(vals "SELECT id FROM events ORDER BY pk LIMIT 1")
	for f in not_certainty=confirmed updated_since=2000-01-01 		updated_since=2100-01-01 "not_id=$id" 		"not_certainty=confirmed&country=US" 		"updated_since=2000-01-01&quad_class=1"; do
		printf '%s
' "/stats?by=month&$f" "/stats?by=country&$f" 			"/stats?by=actor&$f" "/network?$f" 			"/events?facet=country,actor&count=exact&$f" 			"/events?format=geojson&type=04&$f"
	done | with_limits 1 50
}

# Actors and sources, filtered and sorted: each filter weighed by the
# planner (a probe of its index), not SQLite's plan; facets of actors.
urls_lists_other() {
	vals "SELECT '/actors?' || f.column1 || '&sort=' || s.column1 FROM (VALUES ('kind=government'), ('kind=person'), ('country=US'), ('country=RU&kind=government'), ('updated_since=2100-01-01'), ('source=gdelt')) f, (VALUES ('name'), ('-id'), ('updated_at')) s UNION ALL SELECT '/sources?' || f.column1 || '&sort=' || s.column1 FROM (VALUES ('kind=article'), ('kind=report'), ('updated_since=2100-01-01'), ('q=police')) f, (VALUES ('-published'), ('title'), ('-id')) s UNION ALL SELECT '/actors?facet=kind,country&' || column1 FROM (VALUES ('kind=person'), ('country=GE'), ('country=RU')) UNION ALL SELECT '/actors?count=exact&' || column1 FROM (VALUES ('kind=government'), ('country=US'))" |
		with_limits 1 100
}

# Facets and counts of actors and sources under their own filters: every
# kind and the commonest countries, each way, the sources actors are cited
# for (the dataset of every imported actor among them) alone and with a
# kind; sources by kind and publisher (their kept numbers, migration 69).
urls_facets_lists() {
	vals "SELECT '/actors?facet=kind,country&' || f FROM (SELECT 'source=' || id AS f FROM sources WHERE pk IN (SELECT DISTINCT source FROM actor_citations) UNION ALL SELECT 'source=' || s.id || '&kind=' || k.kind FROM sources s, (SELECT DISTINCT kind FROM actors) k WHERE s.pk IN (SELECT DISTINCT source FROM actor_citations) UNION ALL SELECT 'kind=' || kind FROM (SELECT DISTINCT kind FROM actors) UNION ALL SELECT 'not_kind=' || kind FROM (SELECT DISTINCT kind FROM actors) UNION ALL SELECT 'country=' || country FROM (SELECT country FROM actors WHERE country IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 20) UNION ALL SELECT 'not_country=' || country FROM (SELECT country FROM actors WHERE country IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 5) UNION ALL SELECT 'fields=id') UNION ALL SELECT '/actors?count=exact&' || f FROM (SELECT 'source=' || id AS f FROM sources WHERE pk IN (SELECT DISTINCT source FROM actor_citations) UNION ALL SELECT 'kind=' || kind || '&not_country=US' FROM (SELECT DISTINCT kind FROM actors)) UNION ALL SELECT '/sources?facet=kind,publisher&' || f FROM (SELECT 'kind=' || kind AS f FROM (SELECT DISTINCT kind FROM sources) UNION ALL SELECT 'not_kind=dataset' UNION ALL SELECT 'fields=id') UNION ALL SELECT '/sources?count=exact&kind=' || kind FROM (SELECT DISTINCT kind FROM sources)" |
		with_limits 1 100
}

urls_stats_sets() {
	vals "SELECT '/stats?by=' || b.b || '&country=' || a.country || ',' || c.country FROM ($TOP_COUNTRIES LIMIT 10) a, ($TOP_COUNTRIES LIMIT 10) c, (SELECT 'actor' AS b UNION SELECT 'country' UNION SELECT 'week' UNION SELECT 'country&metrics=goldstein_mean' UNION SELECT 'month,country' UNION SELECT 'country&type=04') b WHERE a.country < c.country UNION ALL SELECT '/stats?by=actor&country=' || a.country || '&country=' || c.country FROM ($TOP_COUNTRIES LIMIT 10) a, ($TOP_COUNTRIES LIMIT 10) c WHERE a.country < c.country UNION ALL SELECT '/stats?by=' || b.b || '&not_country=' || a.country FROM ($TOP_COUNTRIES LIMIT 10) a, (SELECT 'actor' AS b UNION SELECT 'country' UNION SELECT 'day' UNION SELECT 'country&metrics=tone_mean' UNION SELECT 'location_country' UNION SELECT 'role&metrics=goldstein_mean') b UNION ALL SELECT '/events?facet=actor,country&country=' || a.country || ',' || c.country FROM ($TOP_COUNTRIES LIMIT 10) a, ($TOP_COUNTRIES LIMIT 10) c WHERE a.country < c.country" | with_limits 1 100
}
urls_network_ego() { vals "SELECT '/actors/' || id || '/network' FROM actors ORDER BY random() LIMIT 2000" | with_limits 1 3; }

# Cursors 9,000 rows into a few long lists (or as deep as the list goes),
# found by following links.next with limit=1000; then asked with every
# limit from 1 to 100.
urls_deep() {
	local list target next cursor page
	for list in "/events?" "/events?sort=id&" "/events?sort=updated_at&" \
		"/events?quad_class=1&"; do
		cursor=""
		for ((page = 0; page < 9; page++)); do
			target="${list}limit=1000${cursor:+&cursor=$cursor}"
			next=$(curl -sS "http://127.0.0.1:$PORT$target" |
				jq -r '.links.next // empty')
			[ -n "$next" ] || break
			cursor=${next##*cursor=}
			cursor=${cursor%%&*}
		done
		[ -z "$cursor" ] || echo "${list}cursor=$cursor"
	done | with_limits 1 100
}

# How long a server may take to open its database and make its copy of
# the events' columns: about 40 s at 10M events on a quiet machine.
START_SECS=${BENCH_START_SECONDS:-600}

start_server() {
	local i nocache=() tries=$((START_SECS * 10))
	free_port
	# The response cache off, where the build has the switch: the URLs
	# are distinct anyway, this makes sure.
	"$BIN" --help 2>&1 | grep -q response-cache-mb &&
		nocache=(--response-cache-mb 0)
	"$BIN" serve --db "${SERVE_DB:-$DB}" --port "$PORT" --log-level warn \
		--max-connections-per-ip 0 "${nocache[@]}" 2>>"$RUN/dossier.log" &
	SERVER_PID=$!
	for ((i = 0; i < tries; i++)); do
		curl -sf -o /dev/null "http://127.0.0.1:$PORT/readyz" && break
		kill -0 "$SERVER_PID" 2>/dev/null || die "dossier did not start"
		sleep 0.1
	done
	((i < tries)) || die "dossier not ready in $START_SECS s"
	# The copy of the events' columns made (db/columns.h), where the
	# build makes one: the figures are of a server in its steady state.
	for ((i = 0; i < tries; i++)); do
		curl -sf "http://127.0.0.1:$PORT/metrics" |
			grep -q '^dossier_columns_copies_total [1-9]' && return 0
		curl -sf "http://127.0.0.1:$PORT/metrics" |
			grep -q '^dossier_columns_copies_total' || return 0
		sleep 0.1
	done
	die "no copy of the columns in $START_SECS s"
}

# wrk through file $2 with $3 connections for $4 seconds; figures under
# R["$1|..."].
run_wrk() {
	local key=$1 file=$2 conns=$3 secs=$4 out line kv
	out=$(wrk -t2 -c"$conns" -d"${secs}s" --timeout 30s --latency \
		-s bench/uncached.lua "http://127.0.0.1:$PORT" -- "$file" 2)
	printf -- '--- %s\n%s\n' "$key" "$out" >>"$RESULTS"
	line=$(grep '^RESULT ' <<<"$out") || die "no result from wrk for $key"
	for kv in ${line#RESULT }; do
		R["$key|${kv%%=*}"]=${kv#*=}
	done
}

bench_size() {
	local n=$1 shape f status bad
	DB=$OUT/gdelt-$n.db
	[ -f "$DB" ] || BENCH_SIZES=$n BENCH_IMPORT_ONLY=1 bench/run.sh
	RUN=$OUT/uncached-$STAMP-$n
	mkdir -p "$RUN"
	start_server
	say ""
	say "$n events ($(du -hL "$DB" | cut -f1) database${SERVE_DB:+, served from ${SERVE_DB%%\?*}}), uncached:"
	for shape in "${SHAPES[@]}"; do
		if [ -n "$URLS_FROM" ]; then
			cp "$URLS_FROM/$shape.txt" "$RUN/$shape.txt"
		else
			"urls_$shape" >"$RUN/$shape.txt"
		fi
		[ -s "$RUN/$shape.txt" ] || die "no URLs for $shape"
		# A 4xx means a wrong URL here; a 5xx is the server's failure,
		# which the run counts (non2xx).
		bad=0
		while read -r f; do
			status=$(curl -s -o /dev/null -w '%{http_code}' \
				"http://127.0.0.1:$PORT$f")
			[ "$status" = 200 ] || say "  $shape: $f -> $status"
			[[ $status != 4* ]] || bad=1
		done < <(head -5 "$RUN/$shape.txt")
		((bad == 0)) || die "$shape: URLs the server rejects"
	done
	# A server that has run a while has its database in the page cache:
	# read it once, so that the first shape measured does not pay for
	# the disk reads of all the others.
	cat "$DB" "$DB-wal" >/dev/null 2>&1 || true
	say "$(printf '%-20s %9s %9s %9s %7s' shape 'req/s' 'p50 ms' 'p99 ms' non2xx)"
	for shape in "${SHAPES[@]}"; do
		run_wrk "$n|$shape" "$RUN/$shape.txt" 2 "$SECS"
		say "$(printf '%-20s %9.0f %9.2f %9.2f %7d' "$shape" \
			"${R["$n|$shape|rps"]}" "${R["$n|$shape|p50_ms"]}" \
			"${R["$n|$shape|p99_ms"]}" "${R["$n|$shape|non2xx"]}")"
	done
	cat "$RUN"/*.txt | shuffled >"$RUN/mixed.all"
	run_wrk "$n|mixed" "$RUN/mixed.all" 64 "$MIXED_SECS"
	say "$(printf '%-20s %9.0f %9.2f %9.2f %7d   (all shapes, 64 connections)' \
		mixed "${R["$n|mixed|rps"]}" "${R["$n|mixed|p50_ms"]}" \
		"${R["$n|mixed|p99_ms"]}" "${R["$n|mixed|non2xx"]}")"
	# The database is mapped (PRAGMA mmap_size): its pages count in the
	# resident set but are the kernel's page cache, shared and evictable;
	# RssAnon is the server's own memory.
	say "$(awk '/^VmHWM/ { hwm = $2 } /^RssAnon/ { anon = $2 } /^RssFile/ { file = $2 }
		END { printf "peak RSS %.1f MiB; now: own memory (RssAnon) %.1f MiB, mapped database pages (RssFile) %.1f MiB", hwm / 1024, anon / 1024, file / 1024 }' \
		"/proc/$SERVER_PID/status")"
	cleanup
	SERVER_PID=""
}

command -v wrk >/dev/null || scripts/deps.sh bench
mkdir -p "$OUT"
[ -x "$BIN" ] || make --no-print-directory all
say "uncached benchmark, $(date -u +%FT%TZ), $(nproc) cores; per shape: 2 connections, ${SECS} s; mixed: 64 connections, ${MIXED_SECS} s"
for n in $SIZES; do
	bench_size "$n"
done
set -- $SIZES
if (($# > 1)); then
	first=$1
	last=${!#}
	say ""
	# A shape's answers may be larger at $last events (a rare country's
	# page fills, a graph has more edges up to its limit): their sizes'
	# ratio beside the cost's tells a plan that grows with the data from
	# an answer that does.
	say "p50 cost at $last events / at $first events, beside the answers' mean size:"
	say "$(printf '%-20s %7s %13s %13s %7s' shape cost "bytes $first" "bytes $last" size)"
	for shape in "${SHAPES[@]}" mixed; do
		say "$(awk -v a="${R["$last|$shape|p50_ms"]}" -v b="${R["$first|$shape|p50_ms"]}" \
			-v x="${R["$first|$shape|bytes"]:-0}" -v y="${R["$last|$shape|bytes"]:-0}" \
			-v s="$shape" 'BEGIN { printf "%-20s %6.1fx %13d %13d %6.1fx", s,
				(b > 0 ? a / b : 0), x, y, (x > 0 ? y / x : 0) }')"
	done
fi
say "raw output: $RESULTS"
