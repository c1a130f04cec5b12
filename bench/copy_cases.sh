#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# How the copy of the events' columns (db/columns.c) follows commits, at
# BENCH_SIZE events, on a copy of the benchmark's database:
#   patched    three writes, a network read after each: each copy made
#              from the last one (db/columns_patch.c);
#   other      an UPDATE by the sqlite3 shell, which lists no change: the
#              copy is read anew, and the read after it does not wait;
#   given_up   a write and a read, then a rest until the thread has begun
#              a full copy (it does once writes pause for as long as the
#              last full copy took, plus a second), then a write and a
#              read: that copy is given up and one made from the last.
# Prints each read's time, the copies counted by /metrics, and the
# thread's own lines of the debug log (each copy's time).
#   BENCH_SIZE (1000000) picks build/bench/gdelt-<size>.db (bench/run.sh
#   imports it when missing), BENCH_BIN another build.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/free_port.sh
export LC_ALL=C

N=${BENCH_SIZE:-1000000}
BIN=${BENCH_BIN:-build/release/dossier}
server_tmp

writable_copy "$N" "$BIN" "$TMP"
free_port
"$BIN" serve --db "$DB" --port "$PORT" --log-level debug >"$TMP/log" 2>&1 &
SERVER_PID=$!
URL=http://127.0.0.1:$PORT

metric() { curl -s "$URL/metrics" | awk -v m="$1" '$1 == m { print $2 }'; }
copies() {
	printf '  copies %s, made from the last %s, given up %s\n' \
		"$(metric dossier_columns_copies_total)" \
		"$(metric dossier_columns_patches_total)" \
		"$(metric dossier_columns_given_up_total)"
}
write() {
	curl -s -o /dev/null -w "  write %{http_code} %{time_total} s\n" -X POST "$URL/events" \
		-H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
		-d "{\"title\":\"Written $1\",\"date\":\"2015-03-01\",\"type\":\"043\",\"participants\":[],\"sources\":[{\"source\":\"$SOURCE\",\"quote\":null}]}"
}
# The copy answers networks of a root (summaries do not): a new limit
# each time, so that no answer is a cached one.
read_network() {
	curl -s -o /dev/null -w "  read %{http_code} %{time_total} s\n" \
		"$URL/network?type=04&limit=$1"
}
# Seconds the last full copy took, from the log (the thread's line
# without "from the last copy").
last_full() {
	grep 'events copied in' "$TMP/log" | grep -v 'from the last' | tail -1 |
		sed 's/.*copied in \([0-9.]*\) s.*/\1/'
}

wait_ready "$SERVER_PID"
echo "copy of $N events, $(nproc) cores; full copy $(last_full) s"

echo "patched: three writes, a read after each"
for i in 1 2 3; do write "$i"; read_network "$i"; done
copies

echo "other: an UPDATE by the sqlite3 shell, then a read"
before=$(metric dossier_columns_copies_total)
sqlite3 "$DB" "UPDATE events SET avg_tone = avg_tone WHERE pk = (SELECT min(pk) FROM events)"
read_network 4
until [ "$(metric dossier_columns_copies_total)" -gt "$before" ]; do sleep 0.2; done
copies

echo "given_up: a write and a read, a rest, a write and a read"
write 5
read_network 5
# The thread begins a full copy after (last full copy + 1) s without
# writes: a write and a read a fifth of a copy after that.
sleep "$(awk -v t="$(last_full)" 'BEGIN { print t + 1 + t / 5 }')"
write 6
read_network 6
sleep 1
copies
echo "the thread's log:"
grep -o '"msg":"columns: [^"]*"' "$TMP/log" | sed 's/"msg":"/  /; s/"$//'
