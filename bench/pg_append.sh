#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `dossier import gdelt` into a database that already holds events: ROWS
# new generated GDELT rows (bench/gen_gdelt.c, given GLOBALEVENTIDs no
# earlier run used) imported into a copy of a SQLite database (SQLITE_DB)
# and into a PostgreSQL database holding the same data (URI), which keeps
# them: PostgreSQL's triggers keep the summaries row by row, SQLite's
# import a batch at a time. Alternates the two ROUNDS times and prints each
# one's seconds, rows/s and peak RSS, and the ratio.
#
#   bench/pg_append.sh URI SQLITE_DB
#   BENCH_ROWS (2000), BENCH_ROUNDS (2), BENCH_BIN another build.
#
# For 1M events: a copy of build/bench/gdelt-1000000.db made with
# `dossier import sqlite` (see bench/pg.sh, BENCH_PG_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

[ $# -eq 2 ] || { sed -n '/^#   bench/,/^#   BENCH/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
URI=$1
FROM=$2
ROWS=${BENCH_ROWS:-2000}
ROUNDS=${BENCH_ROUNDS:-2}
BIN=${BENCH_BIN:-build/release/dossier}
GEN=build/release/gen_gdelt
SAMPLES=${BENCH_SAMPLES:-../shared/data/gdelt}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dossier-append.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

[ -x "$GEN" ] || make --no-print-directory bench-tools >/dev/null
[ -x "$BIN" ] || make --no-print-directory all >/dev/null
[ -f "$FROM" ] || { echo "pg_append: no SQLite database $FROM" >&2; exit 1; }

# Runs a command under /usr/bin/time; prints "seconds peak_rss_mb".
timed() {
	/usr/bin/time -f '%e %M' -o "$TMP/time" "$@" >/dev/null 2>"$TMP/err" ||
		{ cat "$TMP/err" >&2; exit 1; }
	grep -q " $ROWS imported" "$TMP/err" ||
		{ echo "pg_append: not $ROWS imported:" >&2; cat "$TMP/err" >&2; exit 1; }
	awk '{ printf "%s %.0f\n", $1, $2 / 1024 }' "$TMP/time"
}

# ROWS rows whose GLOBALEVENTIDs start at $1 (gen_gdelt numbers them from
# 100,000,000, as the benchmark databases' own rows).
rows() {
	"$GEN" "$ROWS" "$2" "$SAMPLES"/*.csv |
		awk -F'\t' -v OFS='\t' -v base="$1" '{ $1 = sprintf("%.0f", base + $1 - 100000000); print }' \
		>"$TMP/rows.tsv"
}

echo "import into a database of $(sqlite3 "$FROM" 'SELECT count(*) FROM events') events, $ROWS new rows a round, $(nproc) cores, $(date -u +%FT%TZ)"
printf '%-6s %10s %10s %8s %10s %10s %8s %8s\n' round "SQLite s" "rows/s" "RSS MB" \
	"PG s" "rows/s" "RSS MB" ratio
cp "$FROM" "$TMP/copy.db"
for ((r = 1; r <= ROUNDS; r++)); do
	# Ids no earlier run of this script gave: seconds since 1970, x 1e5.
	rows $(( $(date +%s) * 100000 )) "$r"
	read -r ss sm < <(timed "$BIN" import gdelt "$TMP/rows.tsv" --db "$TMP/copy.db" --log-level warn)
	read -r ps pm < <(timed "$BIN" import gdelt "$TMP/rows.tsv" --db "$URI" --log-level warn)
	awk -v r="$r" -v n="$ROWS" -v ss="$ss" -v sm="$sm" -v ps="$ps" \
		-v pm="$pm" 'BEGIN { printf "%-6s %10.1f %10.0f %8s %10.1f %10.0f %8s %7.1fx\n",
		r, ss, n / ss, sm, ps, n / ps, pm, ps / ss }'
	sleep 1	# the next round's ids differ
done
