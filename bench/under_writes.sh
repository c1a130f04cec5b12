#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Reads while an editor writes: three kinds of reads, each alone and then
# while one event is added every BENCH_WRITE_EVERY seconds, on a copy of
# the benchmark's database (the writes must not change it):
#   pages      pages of events of a country (the database's indexes);
#   summaries  aggregations and networks of one condition, read from the
#              summary tables that every write keeps exact;
#   copy       aggregations of two groupings or of combined conditions,
#              scanned from the copy of the events' columns (db/columns.c),
#              which answers only while no commit is newer than it: after
#              a write, a read waits for the next copy, made from the last
#              one and the events changed since (db/columns_patch.c), for
#              up to half its query budget, then reads the events;
#   copy_stale the same with Cache-Control: max-stale=60, which lets a
#              copy up to a minute behind answer them (with Age);
#   actors     searches of actors beside a kind or a country, listed,
#              counted and faceted from arrays kept with the copy, which
#              the first such read after each commit makes (reading every
#              actor: db/actor_columns.c), the others reading through
#              SQL meanwhile.
# Prints requests/s, p50 and p99 of each both ways, the non-2xx answers
# (503: over the query budget) and their ratios; the writes' median and
# slowest times; the copies made, those made from the last one, and how
# long the last took.
#   BENCH_SIZE (1000000) picks build/bench/gdelt-<size>.db (bench/run.sh
#   imports it when missing), BENCH_BIN another build, BENCH_SECONDS (10)
#   the time of each measurement, BENCH_WRITE_EVERY (1) the seconds
#   between writes, BENCH_KINDS some of the kinds.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/free_port.sh
export LC_ALL=C

N=${BENCH_SIZE:-1000000}
BIN=${BENCH_BIN:-build/release/dossier}
SECS=${BENCH_SECONDS:-10}
EVERY=${BENCH_WRITE_EVERY:-1}
TMP=$(mktemp -d)
SERVER_PID=""
WRITER=""
cleanup() {
	[ -z "$WRITER" ] || kill "$WRITER" 2>/dev/null || true
	[ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT

writable_copy "$N" "$BIN" "$TMP"

TOP="SELECT country FROM event_countries GROUP BY country ORDER BY count(*) DESC"
q() { sqlite3 -readonly "$DB" "$1"; }
q "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT '/events?limit=' || (abs(random()) % 50 + 1) || '&country=' || c.country FROM ($TOP LIMIT 40) c, n" >"$TMP/pages.txt"
q "SELECT '/stats?by=' || b.column1 || '&country=' || c.country || '&limit=' || (abs(random()) % 20 + 1) FROM ($TOP LIMIT 40) c, (VALUES ('month'), ('root'), ('actor')) b UNION ALL SELECT '/network?limit=20&country=' || country FROM ($TOP LIMIT 40)" >"$TMP/summaries.txt"
for by in week,actor actor,country month,source actor,role; do
	for f in tone_min=2 mentions_min=2 goldstein_min=0 quad_class=1; do
		printf '/stats?by=%s&%s&limit=%s\n' "$by" "$f" $((RANDOM % 20 + 1))
	done
done >"$TMP/copy.txt"
q "SELECT '/stats?by=' || b.column1 || '&country=' || c.country || '&tone_min=2&limit=10' FROM ($TOP LIMIT 20) c, (VALUES ('month'), ('root'), ('actor')) b" >>"$TMP/copy.txt"
for w in united states police government military president school; do
	for f in kind=government country=US 'kind=organization&country=GB'; do
		printf '/actors?q=%s&%s&limit=%s\n' "$w" "$f" $((RANDOM % 50 + 1))
		printf '/actors?q=%s&%s&sort=-id&limit=%s\n' "$w" "$f" $((RANDOM % 50 + 1))
		printf '/actors?q=%s&%s&count=exact&facet=kind,country&limit=5\n' "$w" "$f"
	done
done >"$TMP/actors.txt"

free_port
"$BIN" serve --db "$DB" --port "$PORT" --log-level error \
	--max-connections-per-ip 0 --response-cache-mb 0 2>"$TMP/dossier.log" &
SERVER_PID=$!
metric() {
	curl -sf "http://127.0.0.1:$PORT/metrics" | awk -v m="$1" '$1 == m { print $2 }'
}
for ((i = 0; i < 1200; i++)); do
	[ "$(metric dossier_columns_copies_total)" ] &&
		[ "$(metric dossier_columns_copies_total)" != 0 ] && break
	kill -0 "$SERVER_PID" 2>/dev/null || { echo "dossier did not start" >&2; exit 1; }
	sleep 0.1
done
# Every URL once, so that neither run pays first requests.
cat "$TMP"/pages.txt "$TMP"/summaries.txt "$TMP"/copy.txt "$TMP"/actors.txt |
	while read -r u; do curl -s -o /dev/null "http://127.0.0.1:$PORT$u"; done

# One kind's URLs on 2 connections for SECS: "rps p50 p99 non2xx". The
# kind copy_stale is copy's URLs, with data up to a minute old allowed.
reads() {
	local file=$1 header=()

	[ "$1" != copy_stale ] || { file=copy; header=("Cache-Control: max-stale=60"); }
	wrk -t2 -c2 -d"${SECS}s" --timeout 30s --latency -s bench/uncached.lua \
		"http://127.0.0.1:$PORT" -- "$TMP/$file.txt" 2 ${header[@]+"${header[@]}"} |
		awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "=")
			v[kv[1]] = kv[2] } print v["rps"], v["p50_ms"], v["p99_ms"], v["non2xx"] }'
}

# An event added every EVERY seconds until killed; each answer's status
# into $TMP/writes.
writer() {
	local n=0
	while :; do
		n=$((n + 1))
		curl -s -o "$TMP/last-write" -w "%{http_code} %{time_total}\n" -X POST \
			"http://127.0.0.1:$PORT/events" \
			-H "Authorization: Bearer $KEY" \
			-H 'Content-Type: application/json' \
			-d "{\"title\":\"Written under reads, $1 $n\",\"date\":\"2015-03-0$((n % 9 + 1))\",\"type\":\"043\",\"participants\":[],\"sources\":[{\"source\":\"$SOURCE\",\"quote\":null}]}" >>"$TMP/writes"
		sleep "$EVERY"
	done
}

echo "reads under writes, $N events, $(nproc) cores, $SECS s each, a write every $EVERY s"
printf '%-10s %-8s %9s %9s %9s %7s\n' kind run "req/s" "p50 ms" "p99 ms" non2xx
for kind in ${BENCH_KINDS:-pages summaries copy copy_stale actors}; do
	read -r a_rps a_p50 a_p99 a_bad < <(reads "$kind")
	copies=$(metric dossier_columns_copies_total)
	patches=$(metric dossier_columns_patches_total)
	: >"$TMP/writes"
	writer "$kind" &
	WRITER=$!
	sleep 0.5
	read -r b_rps b_p50 b_p99 b_bad < <(reads "$kind")
	kill "$WRITER" 2>/dev/null || true
	wait "$WRITER" 2>/dev/null || true
	WRITER=""
	printf '%-10s %-8s %9s %9s %9s %7s\n' "$kind" alone "$a_rps" "$a_p50" "$a_p99" "$a_bad"
	printf '%-10s %-8s %9s %9s %9s %7s\n' "$kind" writes "$b_rps" "$b_p50" "$b_p99" "$b_bad"
	awk -v k="$kind" -v a="$a_rps" -v b="$b_rps" -v x="$a_p99" -v y="$b_p99" \
		-v wt="$(sort -k2 -n "$TMP/writes" | awk '{ t[NR] = $2 } END { if (NR) printf "%.0f/%.0f", t[int((NR + 1) / 2)] * 1000, t[NR] * 1000 }')" \
		-v c="$(($(metric dossier_columns_copies_total) - copies))" \
		-v p="$(($(metric dossier_columns_patches_total) - patches))" \
		-v s="$(metric dossier_columns_copy_seconds)" \
		-v w="$(grep -c '^201' "$TMP/writes" || true)" \
		-v t="$(grep -c . "$TMP/writes" || true)" 'BEGIN {
		printf "%-10s writes / alone: req/s %.2fx, p99 %.1fx; %d of %d writes 201 (median/slowest %s ms), %d copies made (%d from the last, the last in %.3f s)\n",
			k, b / a, y / x, w, t, wt, c, p, s }'
	# The next kind once the copy is of the last write again: a read
	# of the copy's answered from it.
	for ((i = 0; i < 600; i++)); do
		answers=$(metric dossier_columns_answers_total)
		curl -s -o /dev/null "http://127.0.0.1:$PORT$(head -1 "$TMP/copy.txt")"
		[ "$(metric dossier_columns_answers_total)" -gt "$answers" ] && break
		sleep 0.1
	done
done
