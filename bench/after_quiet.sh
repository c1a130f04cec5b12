#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Reads right after a write that ends a quiet spell. Once writes pause
# for as long as a copy of the events' columns read anew takes (and a
# second), the server reads it anew, for the words' lists that a copy
# made from the last one lacks (db/columns.c). A read that finds the
# copy behind a write has that copy given up for the next one, made from
# the last (a fraction of a second), and waits for it: how soon the copy
# is given up is what aggregations only the copy answers quickly wait
# for, past half their budget reading the events instead.
#
# Per round, on a copy of the benchmark's database: a write, 3 s of
# those reads (2 connections; they ask for a copy of the write), then,
# once the server begins the copy read anew (its log at level debug),
# INTO seconds into it, the round's write and its 3 s of reads,
# measured; then 25 s for the next copy read anew to end.
#   BENCH_SIZE (1000000), BENCH_BIN another build, BENCH_INTO (the
#   rounds' seconds into the copy, "0.5 1.5 2.5 3 3.5 4 4.5": it takes
#   about 5 s at 1M events, its events read first).
# Prints per round: the seconds into the copy, the copies given up and
# how long after the first read asked, the reads' requests/s, p99 and
# slowest, and their non-2xx answers (503: over the query budget).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/free_port.sh
export LC_ALL=C

N=${BENCH_SIZE:-1000000}
BIN=${BENCH_BIN:-build/release/dossier}
INTO=${BENCH_INTO:-0.5 1.5 2.5 3 3.5 4 4.5}
server_tmp

writable_copy "$N" "$BIN" "$TMP"
for by in week,actor actor,country month,source actor,role; do
	for f in tone_min=2 mentions_min=2 goldstein_min=0 quad_class=1; do
		printf '/stats?by=%s&%s&limit=%s\n' "$by" "$f" $((RANDOM % 20 + 1))
	done
done >"$TMP/copy.txt"

free_port
"$BIN" serve --db "$DB" --port "$PORT" --log-level debug \
	--max-connections-per-ip 0 --response-cache-mb 0 2>"$TMP/dossier.log" &
SERVER_PID=$!
wait_ready "$SERVER_PID"
metric() {
	curl -sf "http://127.0.0.1:$PORT/metrics" | awk -v m="$1" '$1 == m { print $2 }'
}
n=0
write() {
	n=$((n + 1))
	curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/events" \
		-H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
		-d "{\"title\":\"After a quiet spell $n\",\"date\":\"2015-03-0$((n % 9 + 1))\",\"type\":\"043\",\"participants\":[],\"sources\":[{\"source\":\"$SOURCE\",\"quote\":null}]}"
}
# 3 s of reads on 2 connections: "rps p99 max non2xx".
reads() {
	wrk -t2 -c2 -d3s --timeout 30s --latency -s bench/uncached.lua \
		"http://127.0.0.1:$PORT" -- "$TMP/copy.txt" 2 |
		awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "=")
			v[kv[1]] = kv[2] } print v["rps"], v["p99_ms"], v["max_ms"], v["non2xx"] }'
}

echo "reads after a quiet spell, $N events, $(nproc) cores, $(date -u +%FT%TZ)"
printf '%8s %9s %9s %9s %9s %9s %7s\n' "into s" "given up" "after s" "req/s" \
	"p99 ms" "max ms" non2xx
for q in $INTO; do
	write
	reads >/dev/null
	# The copy read anew once the writes pause, then q seconds into it.
	from=$(($(wc -l <"$TMP/dossier.log") + 1))
	for ((i = 0; i < 600; i++)); do
		tail -n +"$from" "$TMP/dossier.log" | grep -q 'reading a copy anew' && break
		sleep 0.05
	done
	sleep "$q"
	up=$(metric dossier_columns_given_up_total)
	from=$(($(wc -l <"$TMP/dossier.log") + 1))
	write
	read -r rps p99 max bad < <(reads)
	# "given up after X s for a read, Y s after it asked": Y.
	after=$(tail -n +"$from" "$TMP/dossier.log" |
		grep -o 'given up after [0-9.]* s for a read, [0-9.]* s' |
		awk '{ print $(NF - 1) }' | tail -1 || true)
	printf '%8s %9s %9s %9s %9s %9s %7s\n' "$q" \
		"$(($(metric dossier_columns_given_up_total) - up))" "${after:--}" \
		"$rps" "$p99" "$max" "$bad"
	sleep 25
done
