#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The PostgreSQL store beside SQLite, in one run (see bench/README.md).
# For each size in BENCH_SIZES (default 1000000): the GDELT database
# bench/run.sh imports into SQLite is copied into a throwaway PostgreSQL
# 15 server (tests/pg_server.sh) with `dossier import sqlite` (COPY),
# timed; bench/uncached.sh then measures every query shape on SQLite and
# on PostgreSQL, the same URLs for both; and the first 5 URLs of each
# shape are asked of both servers at once and their answers compared.
# Raw output: build/bench/pg-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

SIZES=${BENCH_SIZES:-1000000}
BIN=${BENCH_BIN:-build/release/dossier}
OUT=build/bench
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=$OUT/pg-$STAMP.txt
# BENCH_PG_DIR: a server tests/pg_server.sh started there, kept running
# and reused, with the copies already made in it (made once otherwise).
PGDIR=${BENCH_PG_DIR:-$(mktemp -u /tmp/dossier-bench-pg-XXXXXX)}
PIDS=()

say() { printf '%s\n' "$*" | tee -a "$RESULTS"; }
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	[ -n "${BENCH_PG_DIR:-}" ] || tests/pg_server.sh stop "$PGDIR" 2>/dev/null || true
}
trap cleanup EXIT

# Runs bench/uncached.sh for size $1 (more settings in the environment);
# prints the path of its results file.
uncached() {
	local log
	log=$(BENCH_SIZES=$1 bench/uncached.sh | tee -a "$RESULTS")
	sed -n 's/^raw output: //p' <<<"$log"
}

# "shape p50 p99 rps" lines of an uncached results file (its wrk runs).
table() {
	awk '/^--- / { split($2, k, "|"); shape = k[2] }
	     /^RESULT / { for (i = 2; i <= NF; i++) {
			split($i, kv, "="); v[kv[1]] = kv[2] }
		print shape, v["p50_ms"], v["p99_ms"], v["rps"] }' "$1"
}

serve() {
	local port=$1 db=$2 i
	"$BIN" serve --db "$db" --port "$port" --log-level warn \
		--response-cache-mb 0 --max-connections-per-ip 0 \
		2>>"$OUT/pg-$STAMP.log" &
	PIDS+=($!)
	for i in $(seq 1 6000); do
		curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && return 0
		sleep 0.1
	done
	say "bench: the server on $db did not start"
	exit 1
}

mkdir -p "$OUT"
scripts/deps.sh pg
[ -x "$BIN" ] || make --no-print-directory all
if [ -n "${BENCH_PG_DIR:-}" ] && [ -f "$PGDIR/uri" ]; then
	uri=$(cat "$PGDIR/uri")
else
	uri=$(tests/pg_server.sh start "$PGDIR")
	echo "$uri" >"$PGDIR/uri"
fi
say "PostgreSQL beside SQLite, $(date -u +%FT%TZ), $(nproc) cores;" \
	"$(psql -Atc 'SHOW server_version' "$uri/postgres")"
for n in $SIZES; do
	db=$OUT/gdelt-$n.db
	[ -f "$db" ] || BENCH_SIZES=$n BENCH_IMPORT_ONLY=1 bench/run.sh
	name=gdelt_$n
	say ""
	say "$n events: $(du -hL "$db" | cut -f1) SQLite database"
	[ ! -f "$OUT/gdelt-$n.import.txt" ] ||
		say "  SQLite GDELT import (when the file was made): $(tr '\n' ' ' <"$OUT/gdelt-$n.import.txt")"
	if [ -n "$(psql -Atc "SELECT 1 FROM pg_database WHERE datname = '$name'" "$uri/postgres")" ]; then
		say "  copy into PostgreSQL: made by an earlier run"
	else
		psql -q "$uri/postgres" -c "CREATE DATABASE $name TEMPLATE template0 LOCALE 'C.UTF-8'"
		/usr/bin/time -f '%e %M' -o "$OUT/pg-$STAMP-$n.time" \
			"$BIN" import sqlite "$db" --db "$uri/$name" \
			--log-level warn 2>&1 | tee -a "$RESULTS"
		read -r secs rss <"$OUT/pg-$STAMP-$n.time"
		say "  copy into PostgreSQL: $secs s, peak RSS $((rss / 1024)) MiB"
	fi
	say "  PostgreSQL database $(psql -Atc "SELECT pg_size_pretty(pg_database_size('$name'))" "$uri/postgres")"

	sqlite_results=$(uncached "$n")
	pg_results=$(BENCH_SERVE_DB="$uri/$name" \
		BENCH_URLS_FROM="${sqlite_results%.txt}-$n" uncached "$n")

	say ""
	say "$n events, uncached, SQLite beside PostgreSQL (p50 ratio PostgreSQL / SQLite):"
	say "$(printf '%-22s %9s %9s %9s %9s %7s' shape 'sqlite50' 'sqlite99' 'pg p50' 'pg p99' ratio)"
	join <(table "$sqlite_results" | sort) <(table "$pg_results" | sort) |
		awk '{ printf "%-22s %9.2f %9.2f %9.2f %9.2f %6.1fx\n",
			$1, $2, $3, $5, $6, ($2 > 0 ? $5 / $2 : 0) }' |
		tee -a "$RESULTS"

	# The same answers from both stores: the first URLs of each shape.
	serve 18601 "$db"
	serve 18602 "$uri/$name"
	same=0 differ=0
	for f in "${sqlite_results%.txt}-$n"/*.txt; do
		[ "${f##*/}" != mixed.all ] || continue
		while read -r u; do
			a=$(curl -s "http://127.0.0.1:18601$u" | md5sum)
			b=$(curl -s "http://127.0.0.1:18602$u" | md5sum)
			if [ "$a" = "$b" ]; then
				same=$((same + 1))
			else
				differ=$((differ + 1))
				say "  differs: $u"
			fi
		done < <(head -5 "$f")
	done
	say "  answers compared: $same the same, $differ different"
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	PIDS=()
done
say "raw output: $RESULTS"
