#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The import against its baseline, measured in the same run: ROWS
# generated GDELT rows (bench/gen_gdelt.c) loaded by the sqlite3 shell into
# one flat table of text columns (`.import`: no parsing, no lookups, no
# indexes), then by `dossier import gdelt` into a new seeded database (the
# normalised model: events, participants, countries, citations, sources,
# the summaries, the search and type-ahead indexes). Alternates the two
# ROUNDS times, so that a busy moment of the machine falls on both, and
# prints each one's seconds, rows/s and peak RSS, and the ratio.
#   BENCH_ROWS (1000000), BENCH_ROUNDS (2), BENCH_BIN another build.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

ROWS=${BENCH_ROWS:-1000000}
ROUNDS=${BENCH_ROUNDS:-2}
BIN=${BENCH_BIN:-build/release/dossier}
GEN=build/release/gen_gdelt
SAMPLES=${BENCH_SAMPLES:-../shared/data/gdelt}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dossier-import.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

[ -x "$GEN" ] || make --no-print-directory bench-tools >/dev/null
[ -x "$BIN" ] || make --no-print-directory all >/dev/null
"$GEN" "$ROWS" 1 "$SAMPLES"/*.csv >"$TMP/gdelt.tsv"
COLS=$(head -1 "$TMP/gdelt.tsv" | awk -F'\t' '{ print NF }')
COLUMNS=$(seq -s, -f 'c%g TEXT' 1 "$COLS")

# Runs a command under /usr/bin/time; prints "seconds peak_rss_mb".
timed() {
	/usr/bin/time -f '%e %M' -o "$TMP/time" "$@" >/dev/null 2>"$TMP/err" ||
		{ cat "$TMP/err" >&2; exit 1; }
	awk '{ printf "%s %.0f\n", $1, $2 / 1024 }' "$TMP/time"
}

flat() {
	rm -f "$TMP/flat.db"*
	sqlite3 "$TMP/flat.db" "CREATE TABLE g($COLUMNS)"
	timed sqlite3 "$TMP/flat.db" -cmd '.mode tabs' \
		".import $TMP/gdelt.tsv g"
}

normalised() {
	rm -f "$TMP/dossier.db"*
	"$BIN" seed --db "$TMP/dossier.db" --log-level warn
	timed "$BIN" import gdelt "$TMP/gdelt.tsv" --db "$TMP/dossier.db" \
		--log-level warn
}

echo "import, $ROWS generated rows ($(du -h "$TMP/gdelt.tsv" | cut -f1) of TSV, $COLS columns), $(nproc) cores, $(date -u +%FT%TZ)"
printf '%-6s %10s %10s %8s %10s %10s %8s %8s\n' round "flat s" "rows/s" "RSS MB" \
	"dossier s" "rows/s" "RSS MB" ratio
for ((r = 1; r <= ROUNDS; r++)); do
	read -r fs fm < <(flat)
	read -r ds dm < <(normalised)
	awk -v r="$r" -v n="$ROWS" -v fs="$fs" -v fm="$fm" -v ds="$ds" \
		-v dm="$dm" 'BEGIN { printf "%-6s %10.1f %10.0f %8s %10.1f %10.0f %8s %7.1fx\n",
		r, fs, n / fs, fm, ds, n / ds, dm, ds / fs }'
done
