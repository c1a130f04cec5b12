#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Two builds in turns on the same file of URLs: requests per second and
# the server's own CPU time per request, round after round, so that a
# shared machine's drift falls on both alike. The response cache is off;
# each run starts a new server and waits for its copy of the events'
# columns, warms it for 2 s, then measures.
#
#   bench/paired.sh BASE_BIN NEW_BIN URLS [ROUNDS [DB]]
#
# e.g. bench/paired.sh /tmp/dossier-old build/release/dossier \
#      build/bench/uncached-<time>-1000000/mixed.all 3
# PAIRED_CONNS (default 64) and PAIRED_SECONDS (default 10) set wrk's
# connections and duration; DB defaults to build/bench/gdelt-1000000.db.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/free_port.sh
[ $# -ge 3 ] || { sed -n '/^#   bench/,/^# connections/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
BASE=$1 NEW=$2 URLS=$3 ROUNDS=${4:-3} DB=${5:-build/bench/gdelt-1000000.db}
CONNS=${PAIRED_CONNS:-64} SECONDS_=${PAIRED_SECONDS:-10}
HZ=$(getconf CLK_TCK)
PID=""
trap '[ -z "$PID" ] || kill "$PID" 2>/dev/null || true' EXIT

# Prints "BIN req/s CPU-us-a-request" for one run of bin.
run() {
	local bin=$1 port t0 t1 out n rps

	free_port
	port=$PORT
	"$bin" serve --db "$DB" --port "$port" --log-level warn \
		--response-cache-mb 0 --max-connections-per-ip 0 2>/dev/null &
	PID=$!
	until curl -sf "http://127.0.0.1:$port/metrics" 2>/dev/null |
		grep -q '^dossier_columns_copies_total [1-9]'; do
		kill -0 "$PID" || { echo "$bin did not start" >&2; exit 1; }
		sleep 0.2
	done
	wrk -t2 -c"$CONNS" -d2s -s bench/uncached.lua \
		"http://127.0.0.1:$port" -- "$URLS" >/dev/null
	t0=$(awk '{print $14 + $15}' "/proc/$PID/stat")
	out=$(wrk -t2 -c"$CONNS" -d"${SECONDS_}s" -s bench/uncached.lua \
		"http://127.0.0.1:$port" -- "$URLS" | grep '^RESULT')
	t1=$(awk '{print $14 + $15}' "/proc/$PID/stat")
	kill "$PID"
	wait "$PID" 2>/dev/null || true
	PID=""
	[[ $out =~ requests=([0-9]+) ]] && n=${BASH_REMATCH[1]}
	[[ $out =~ rps=([0-9.]+) ]] && rps=${BASH_REMATCH[1]}
	printf '%-40s %9s req/s %7d us CPU a request\n' "$bin" "$rps" \
		$(((t1 - t0) * 1000000 / HZ / n))
}

for ((i = 0; i < ROUNDS; i++)); do
	run "$BASE"
	run "$NEW"
done
