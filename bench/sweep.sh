#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Random combinations of what a client may ask, each once, uncached: a
# search for the plans that still read far more than their answer. The
# URLs are drawn (seeded, the same every run) from the filters, sorts,
# counts, facets and formats of /events, the groupings and metrics of
# /stats, /network, and the filters and sorts of /actors and /sources,
# one to four conditions at a time, common and rare values mixed.
#
#   bench/sweep.sh [SIZE [N]]     SIZE default 1000000, N default 1500
#
# Serves build/bench/gdelt-SIZE.db (made by `make bench`) with one
# thread and the response cache off, asks each URL once with curl, and
# prints the answers by status, the p50, p99 and slowest times, and the
# 20 slowest URLs. BENCH_BIN: another build (a baseline, in turns with
# this one on the same URLs: BENCH_SEED keeps them). Raw output:
# build/bench/sweep-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/free_port.sh
export LC_ALL=C

SIZE=${1:-1000000}
N=${2:-1500}
BIN=${BENCH_BIN:-build/release/dossier}
SEED=${BENCH_SEED:-11}
DB=build/bench/gdelt-$SIZE.db
OUT=build/bench/sweep-$(date -u +%Y%m%dT%H%M%SZ).txt
PID=""
trap '[ -z "$PID" ] || kill "$PID" 2>/dev/null || true' EXIT

[ -f "$DB" ] || { echo "no $DB: make bench imports it" >&2; exit 1; }
[ -x "$BIN" ] || make --no-print-directory all >/dev/null

# Two actors with many events and one with few, by id.
actors=$(sqlite3 -readonly "$DB" "SELECT group_concat(id, ' ') FROM (SELECT
	id FROM (SELECT id, event_count FROM actors WHERE event_count > 0
	ORDER BY event_count DESC LIMIT 2) UNION ALL SELECT id FROM (SELECT
	id FROM actors WHERE event_count BETWEEN 5 AND 20 LIMIT 1))")

awk -v seed="$SEED" -v n="$N" -v actors="$actors" '
function pick(list, a, k) { k = split(list, a, "|"); return a[1 + int(rand() * k)] }
BEGIN {
	srand(seed)
	split(actors, act, " ")
	nf = split("country|not_country|actor|not_actor|role|not_role|type|not_type|quad_class|not_quad_class|from|to|location_country|not_location_country|goldstein_min|goldstein_max|tone_min|tone_max|mentions_min|mentions_max|bbox|certainty|not_certainty|updated_since|q|source", f, "|")
	v["country"] = "US|GB|GE|CN|RU|TV|US,RU|GE,AM,AZ"
	v["not_country"] = "US|GB,RU"
	v["actor"] = act[1] "|" act[2] "|" act[3]
	v["not_actor"] = act[1]
	v["role"] = "initiator|target|participant"
	v["not_role"] = "initiator"
	v["type"] = "04|19|190|0|1|04,05"
	v["not_type"] = "04|19"
	v["quad_class"] = "1|4|2,3"
	v["not_quad_class"] = "1"
	v["from"] = "2014|2016-03|2010-01-01|2019-12-31"
	v["to"] = "2014|2016-05|2012-12-31"
	v["location_country"] = "US|GE|CN|IR"
	v["not_location_country"] = "US"
	v["goldstein_min"] = "-10|0|5|9"
	v["goldstein_max"] = "-5|0"
	v["tone_min"] = "-5|2|10"
	v["tone_max"] = "-10|0"
	v["mentions_min"] = "2|10|100"
	v["mentions_max"] = "1|3"
	v["bbox"] = "40,41,47,44|-180,-90,180,90|-10,35,30,60"
	v["certainty"] = "reported"
	v["not_certainty"] = "confirmed"
	v["updated_since"] = "2020-01-01|2100-01-01"
	v["q"] = "police|president|talks|election|zzzzqqq|minister+talks"
	v["source"] = "gdelt"
	sorts = "date|-date|id|-id|updated_at|-updated_at|mentions|-mentions|goldstein|-goldstein|tone|-tone"
	bys = "month|day|week|year|country|location_country|root|type|quad_class|actor|role|source|month,country|country,actor|actor,role|week,type|source,country|year,actor"
	for (i = 0; i < n; i++) {
		delete used
		q = ""
		k = 1 + int(rand() * 4)
		for (j = 0; j < k; j++) {
			do p = f[1 + int(rand() * nf)]; while (p in used)
			used[p] = 1
			q = q (q == "" ? "" : "&") p "=" pick(v[p])
		}
		r = rand()
		if (r < 0.3) {
			s = pick(sorts)
			u = "/events?" q "&sort=" s
			if (rand() < 0.3) u = u "&count=exact"
			if (rand() < 0.2) u = u "&facet=country,type"
			print u "&limit=" pick("1|10|50|100")
		} else if (r < 0.6) {
			m = rand() < 0.5 ? "" : "&metrics=goldstein_mean,tone_mean,mentions_sum"
			print "/stats?by=" pick(bys) "&" q m
		} else if (r < 0.72) {
			print "/network?" q "&limit=" pick("10|50|100")
		} else if (r < 0.82) {
			print "/events?" q "&format=geojson&limit=500"
		} else if (r < 0.92) {
			a = pick("kind=government|kind=person|kind=company,media|country=US|country=RU|not_country=US|updated_since=2100-01-01|q=police|q=united|source=gdelt")
			if (rand() < 0.5) a = a "&" pick("kind=government|country=GE|updated_since=2020-01-01")
			u = "/actors?" a "&sort=" pick("name|-name|id|-id|updated_at|-updated_at")
			if (rand() < 0.3) u = u "&count=exact"
			if (rand() < 0.2) u = u "&facet=kind,country"
			print u "&limit=" pick("1|20|100")
		} else {
			a = pick("kind=article|kind=report|updated_since=2100-01-01|q=police|q=reuters")
			u = "/sources?" a "&sort=" pick("-published|published|id|-id|title|-title|updated_at")
			if (rand() < 0.3) u = u "&count=exact"
			print u "&limit=" pick("1|20|100")
		}
	}
}' >"$OUT.urls"

free_port
"$BIN" serve --db "$DB" --port "$PORT" --log-level warn --threads 1 \
	--response-cache-mb 0 --max-connections-per-ip 0 2>/dev/null &
PID=$!
wait_ready "$PID"

while read -r u; do
	curl -s -o /dev/null -w "%{time_total} %{http_code} $u\n" \
		"http://127.0.0.1:$PORT$u"
done <"$OUT.urls" | awk '{ printf "%.1f %s %s\n", $1 * 1000, $2, $3 }' |
	sort -rn >"$OUT"
kill "$PID"
wait "$PID" 2>/dev/null || true
PID=""

{
	echo "sweep of $N URLs at $SIZE events, $BIN, $(date -u +%FT%TZ):"
	awk '{ n[$2]++ } END { for (s in n) printf "  status %s: %d\n", s, n[s] }' "$OUT" | sort
	sort -n "$OUT" | awk '{ t[NR] = $1 } END {
		printf "  ms: p50 %.1f, p99 %.1f, max %.1f; over 100 ms: ", t[int(NR * 0.5)], t[int(NR * 0.99)], t[NR]
		for (i = 1; i <= NR; i++) over += t[i] > 100
		print over + 0 }'
	echo "  the slowest:"
	head -20 "$OUT" | sed 's/^/    /'
} | tee "$OUT.summary"
