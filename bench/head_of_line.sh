#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Head-of-line blocking: how quick reads (single events, on 4 connections)
# are answered alone, then while one other connection keeps asking slow reads
# (networks of the country in most events with each of the next 20, a
# quarter to a half second each at 1M). With reads answered by a pool of
# readers (server/readers.c) the quick ones wait for a free reader, not
# for the slow read ahead of them on their connection's thread. Prints
# requests/s, p50 and p99 of the quick reads both ways and their ratios.
#   BENCH_SIZE (1000000) picks build/bench/gdelt-<size>.db (bench/run.sh
#   imports it when missing), BENCH_BIN another build, BENCH_SECONDS (4)
#   the time of each measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/free_port.sh
export LC_ALL=C

N=${BENCH_SIZE:-1000000}
DB=build/bench/gdelt-$N.db
BIN=${BENCH_BIN:-build/release/dossier}
SECS=${BENCH_SECONDS:-4}
server_tmp

[ -f "$DB" ] || BENCH_SIZES=$N BENCH_IMPORT_ONLY=1 bench/run.sh
TOP="SELECT country FROM event_countries GROUP BY country ORDER BY count(*) DESC"
sqlite3 -readonly "$DB" "SELECT '/network?limit=20&country=' || a.country || ',' || b.country FROM ($TOP LIMIT 1) a, ($TOP LIMIT 20 OFFSET 1) b" >"$TMP/slow.txt"
sqlite3 -readonly "$DB" "SELECT '/events/' || id FROM events ORDER BY random() LIMIT 4000" >"$TMP/quick.txt"

free_port
"$BIN" serve --db "$DB" --port "$PORT" --log-level warn \
	--max-connections-per-ip 0 --response-cache-mb 0 2>"$TMP/dossier.log" &
SERVER_PID=$!
for ((i = 0; i < 600; i++)); do
	curl -sf -o /dev/null "http://127.0.0.1:$PORT/readyz" && break
	kill -0 "$SERVER_PID" 2>/dev/null || { echo "dossier did not start" >&2; exit 1; }
	sleep 0.1
done

# The quick reads on 4 connections for SECS: "rps p50 p99". Some share
# the slow connection's libmicrohttpd thread, whichever their sockets pick.
quick() {
	wrk -t2 -c4 -d"${SECS}s" --latency -s bench/uncached.lua \
		"http://127.0.0.1:$PORT" -- "$TMP/quick.txt" 2 |
		awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "=")
			v[kv[1]] = kv[2] } print v["rps"], v["p50_ms"], v["p99_ms"] }'
}

read -r a_rps a_p50 a_p99 < <(quick)
wrk -t1 -c1 -d"$((SECS + 2))s" -s bench/uncached.lua \
	"http://127.0.0.1:$PORT" -- "$TMP/slow.txt" 1 >"$TMP/slow.out" 2>&1 &
SLOW=$!
sleep 0.5
read -r b_rps b_p50 b_p99 < <(quick)
wait "$SLOW" || true
slow_p50=$(awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "=")
	if (kv[1] == "p50_ms") print kv[2] } }' "$TMP/slow.out")

echo "head-of-line, $N events, $(nproc) cores, $SECS s each (slow reads: p50 ${slow_p50:-?} ms)"
printf '%-24s %10s %10s %10s\n' "quick reads" "req/s" "p50 ms" "p99 ms"
printf '%-24s %10s %10s %10s\n' "alone" "$a_rps" "$a_p50" "$a_p99"
printf '%-24s %10s %10s %10s\n' "beside slow reads" "$b_rps" "$b_p50" "$b_p99"
awk -v a="$a_rps" -v b="$b_rps" -v x="$a_p99" -v y="$b_p99" 'BEGIN {
	printf "beside / alone: req/s %.2fx, p99 %.1fx\n", b / a, y / x }'
