#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The server's own CPU time per request, of two builds taken in turns on
# the same database and URL: less sensitive to a shared machine's noise
# than requests per second. The response cache is off; one URL repeats,
# so the database pages it reads stay warm.
#
#   bench/cpu_per_request.sh BASE_BIN NEW_BIN DB URL [ROUNDS]
#
# e.g. bench/cpu_per_request.sh /tmp/dossier-old build/release/dossier \
#      build/bench/gdelt-1000000.db '/events?country=US&limit=50'
# Prints each round's microseconds of CPU (user + system) per request and
# the ratio new/base of their medians.
set -euo pipefail
[ $# -ge 4 ] || { sed -n '/^#   bench/,/^# the ratio/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
BASE=$1 NEW=$2 DB=$3 URL=$4 ROUNDS=${5:-3}
HZ=$(getconf CLK_TCK)
. "$(dirname "$0")/free_port.sh"
free_port
PID=""
trap '[ -z "$PID" ] || kill "$PID" 2>/dev/null || true' EXIT

# CPU microseconds per request of $1 serving $URL for 4 s.
measure() {
	local bin=$1 s0 s1 n
	"$bin" serve --db "$DB" --port "$PORT" --log-level warn \
		--response-cache-mb 0 2>/dev/null &
	PID=$!
	wait_ready "$PID"
	wrk -t2 -c2 -d1s "http://127.0.0.1:$PORT$URL" >/dev/null
	read -r -a s0 <"/proc/$PID/stat"
	n=$(wrk -t2 -c2 -d4s "http://127.0.0.1:$PORT$URL" |
		awk '/requests in/ {print $1}')
	read -r -a s1 <"/proc/$PID/stat"
	kill "$PID"
	wait "$PID" 2>/dev/null || true
	PID=""
	echo $(( ((s1[13] + s1[14]) - (s0[13] + s0[14])) * 1000000 / HZ / n ))
}

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

base=() new=()
for ((r = 1; r <= ROUNDS; r++)); do
	base+=("$(measure "$BASE")")
	new+=("$(measure "$NEW")")
	echo "round $r: base ${base[-1]} us/request, new ${new[-1]} us/request"
done
b=$(printf '%s\n' "${base[@]}" | median)
n=$(printf '%s\n' "${new[@]}" | median)
echo "median: base $b us, new $n us, new/base $(awk -v n="$n" -v b="$b" 'BEGIN {printf "%.2f", n / b}')"
