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
. bench/import_lib.sh

"$GEN" "$ROWS" 1 "$SAMPLES"/*.csv >"$TMP/gdelt.tsv"
COLS=$(head -1 "$TMP/gdelt.tsv" | awk -F'\t' '{ print NF }')
COLUMNS=$(seq -s, -f 'c%g TEXT' 1 "$COLS")

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
table_head flat dossier
for ((r = 1; r <= ROUNDS; r++)); do
	read -r fs fm < <(flat)
	read -r ds dm < <(normalised)
	table_row "$r" "$fs" "$fm" "$ds" "$dm"
done
