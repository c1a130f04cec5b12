#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Instructions the server executes per request, counted by valgrind's
# callgrind: the same count every run, where requests per second and even
# CPU time move by 5-15% between runs on a shared machine. It does not see
# memory stalls (a page of the database not in cache costs one load), so
# it answers "does this change do less work", not "is it faster".
#
#   bench/instructions.sh BIN URLS [N [DB]]
#
# e.g. bench/instructions.sh build/release/dossier \
#      build/bench/uncached-<time>-1000000/country_common.txt 100
# BIN serves DB (default build/bench/gdelt-1000000.db) with one reader and
# the response cache off; after the copy of the events' columns is made
# (DOSSIER_COPY_WAIT seconds, default 20: valgrind runs the keeper slowly)
# instrumentation starts, 20 URLs warm the database pages, then the first
# N lines of URLS (default 100) are asked one at a time. Prints the
# instructions counted in answering them (answer_queued, on the reader
# threads, and all it calls) over N. BENCH_KEEP=FILE keeps callgrind's
# output for callgrind_annotate.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/free_port.sh
[ $# -ge 2 ] || { sed -n '/^#   bench/,/^# callgrind_annotate/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
BIN=$1 URLS=$2 N=${3:-100} DB=${4:-build/bench/gdelt-1000000.db}
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
[ -f "$DB" ] || { echo "no $DB: run make bench first" >&2; exit 1; }
free_port
DIR=$(mktemp -d)
PID=""
trap '[ -z "$PID" ] || kill "$PID" 2>/dev/null || true; rm -rf "$DIR"' EXIT

valgrind --tool=callgrind --instr-atstart=no --collect-atstart=no \
	--toggle-collect=answer_queued --callgrind-out-file="$DIR/cg.out" -q \
	"$BIN" serve --db "$DB" --port "$PORT" --log-level warn \
	--response-cache-mb 0 --threads 1 2>/dev/null &
PID=$!
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/readyz"; do
	kill -0 "$PID" || { echo "$BIN did not start" >&2; exit 1; }
	sleep 0.5
done
sleep "${DOSSIER_COPY_WAIT:-20}"
callgrind_control -i on "$PID" >/dev/null 2>&1
head -n "$N" "$URLS" | sed "s|^|http://127.0.0.1:$PORT|" >"$DIR/urls"
head -20 "$DIR/urls" | while read -r u; do curl -s -o /dev/null "$u"; done
callgrind_control -z "$PID" >/dev/null 2>&1
while read -r u; do curl -s -o /dev/null "$u"; done <"$DIR/urls"
callgrind_control -d "$PID" >/dev/null 2>&1
kill "$PID"
wait "$PID" 2>/dev/null || true
PID=""
# Every dump's summary (the one asked for, and the last at exit): once,
# though a dump writes it twice, as its summary: and totals: lines.
total=$(cat "$DIR"/cg.out* | awk '/^summary:/ { s += $2 } END { printf "%.0f", s }')
[ -z "${BENCH_KEEP:-}" ] || cp "$(ls -S "$DIR"/cg.out* | head -1)" "$BENCH_KEEP"
printf '%s: %s instructions a request (%s requests of %s)\n' "$BIN" \
	"$(awk -v t="$total" -v n="$N" 'BEGIN { printf "%.0f", t / n }')" "$N" "$URLS"
