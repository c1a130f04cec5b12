#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Where the time goes, for bench/README.md: perf record on dossier serving
# one URL under wrk, or on `dossier import gdelt`. Needs perf (Debian's
# linux-perf) and root or kernel.perf_event_paranoid <= 1. Samples on
# cpu-clock, which works where hardware counters are not exposed (VMs), and
# unwinds with DWARF, since the build keeps no frame pointers.
#
#   bench/profile.sh serve SIZE TARGET [SECONDS]
#       dossier on build/bench/gdelt-SIZE.db (made by `make bench`), wrk
#       -t2 -c64 on TARGET (e.g. '/events?country=GE&limit=50') for
#       SECONDS (default 10), perf attached for the same time; the
#       response cache off, so that every request is the query's cost
#   bench/profile.sh import ROWS
#       ROWS generated GDELT rows imported into a new database
#
# Prints the top symbols by self time and by time including callees; the
# perf.data and the report are kept under build/bench/profile-*/.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

BUILD=build/release
BIN=$BUILD/dossier
SAMPLES=${BENCH_SAMPLES:-../shared/data/gdelt}
TOP=${PROFILE_TOP:-25}
PERF="perf record -e cpu-clock -F 499 --call-graph dwarf,16384 -q"

usage() {
	sed -n '/^#   bench/,/^#$/p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

# perf's table without comments, blank lines and its empty IPC columns.
table() {
	grep -v '^#' | grep -v '^$' | sed 's/[ -]*$//'
}

report() {
	local data=$1 out=$2

	{
		echo "== self time, top $TOP symbols"
		perf report -i "$data" --no-children --sort dso,symbol \
			--percent-limit 0.3 --stdio -g none 2>/dev/null |
			table | sed -n "1,${TOP}p"
		echo
		echo "== including callees (named symbols over 3%)"
		perf report -i "$data" --children --sort dso,symbol \
			--percent-limit 3 --stdio -g none 2>/dev/null |
			table | grep -v "\] 0x0000" | sed -n "1,${TOP}p"
	} | tee "$out"
}

serve() {
	local size=$1 target=$2 secs=${3:-10} db dir port low perf_pid

	db=build/bench/gdelt-$size.db
	[ -f "$db" ] || { echo "no $db: run make bench first" >&2; exit 1; }
	make --no-print-directory all >/dev/null
	dir=build/bench/profile-serve-$size-$(date -u +%Y%m%dT%H%M%SZ)
	mkdir -p "$dir"
	read -r low _ </proc/sys/net/ipv4/ip_local_port_range
	port=$((10000 + RANDOM % (low - 10000)))
	"$BIN" serve --db "$db" --port "$port" --log-level warn \
		--response-cache-mb 0 \
		2>"$dir/dossier.log" &
	pid=$!
	trap 'kill "$pid" 2>/dev/null || true; wait "$pid" || true' EXIT
	until curl -sf -o /dev/null "http://127.0.0.1:$port/readyz"; do
		kill -0 "$pid" || { echo "dossier did not start" >&2; exit 1; }
		sleep 0.05
	done
	curl -sf -o /dev/null "http://127.0.0.1:$port$target" ||
		{ echo "$target does not answer 200" >&2; exit 1; }
	echo "profiling dossier (pid $pid) on $target at $size events, ${secs}s"
	$PERF -p "$pid" -o "$dir/perf.data" -- sleep "$secs" &
	perf_pid=$!
	wrk -t2 -c64 -d"${secs}s" --timeout 30s \
		"http://127.0.0.1:$port$target" | tee "$dir/wrk.txt"
	wait "$perf_pid" || true
	report "$dir/perf.data" "$dir/report.txt"
	echo "kept in $dir"
}

import() {
	local rows=$1 dir samples

	make --no-print-directory all bench-tools >/dev/null
	samples=("$SAMPLES"/*.csv)
	dir=build/bench/profile-import-$rows-$(date -u +%Y%m%dT%H%M%SZ)
	mkdir -p "$dir"
	"$BUILD/gen_gdelt" "$rows" 1 "${samples[@]}" >"$dir/gdelt.tsv"
	"$BIN" seed --db "$dir/import.db" --log-level warn
	$PERF -o "$dir/perf.data" -- "$BIN" import gdelt "$dir/gdelt.tsv" \
		--db "$dir/import.db" --log-level warn
	rm -f "$dir/gdelt.tsv" "$dir"/import.db*
	report "$dir/perf.data" "$dir/report.txt"
	echo "kept in $dir"
}

case "${1:-}" in
serve) [ $# -ge 3 ] || usage; serve "$2" "$3" "${4:-10}" ;;
import) [ $# -eq 2 ] || usage; import "$2" ;;
*) usage ;;
esac
