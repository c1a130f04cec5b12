# SPDX-License-Identifier: MIT
# What bench/import.sh, bench/pg_append.sh and bench/import_append.sh
# share, sourced once they have set ROWS: the tools built, a scratch
# directory, a timer, new rows, and the table of rounds they print.

ROUNDS=${BENCH_ROUNDS:-2}
BIN=${BENCH_BIN:-build/release/dossier}
GEN=build/release/gen_gdelt
SAMPLES=${BENCH_SAMPLES:-../shared/data/gdelt}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dossier-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

[ -x "$GEN" ] || make --no-print-directory bench-tools >/dev/null
[ -x "$BIN" ] || make --no-print-directory all >/dev/null

# Runs a command under /usr/bin/time; prints "seconds peak_rss_mb". Its
# stderr is left in $TMP/err.
timed() {
	/usr/bin/time -f '%e %M' -o "$TMP/time" "$@" >/dev/null 2>"$TMP/err" ||
		{ cat "$TMP/err" >&2; exit 1; }
	awk '{ printf "%s %.0f\n", $1, $2 / 1024 }' "$TMP/time"
}

# timed, and the import's report checked (every row was new) before
# its figures are printed: the caller reads them and runs the next import.
timed_new() {
	local figures

	figures=$(timed "$@")
	grep -q " $ROWS imported" "$TMP/err" ||
		{ echo "$(basename "$0" .sh): not $ROWS imported:" >&2; cat "$TMP/err" >&2; exit 1; }
	echo "$figures"
}

# ROWS rows into $TMP/rows.tsv whose GLOBALEVENTIDs start at $1
# (gen_gdelt numbers them from 100,000,000, as the benchmark databases'
# own rows), drawn with seed $2.
rows() {
	"$GEN" "$ROWS" "$2" "$SAMPLES"/*.csv |
		awk -F'\t' -v OFS='\t' -v base="$1" '{ $1 = sprintf("%.0f", base + $1 - 100000000); print }' \
		>"$TMP/rows.tsv"
}

# The table's head, the two loads named $1 and $2.
table_head() {
	printf '%-6s %10s %10s %8s %10s %10s %8s %8s\n' round "$1 s" \
		"rows/s" "RSS MB" "$2 s" "rows/s" "RSS MB" ratio
}

# Round $1's row: the first load's seconds ($2) and RSS ($3), the
# second's ($4, $5), and the second's time over the first's.
table_row() {
	awk -v r="$1" -v n="$ROWS" -v as="$2" -v am="$3" -v bs="$4" \
		-v bm="$5" 'BEGIN { printf "%-6s %10.1f %10.0f %8s %10.1f %10.0f %8s %7.2fx\n",
		r, as, n / as, am, bs, n / bs, bm, bs / as }'
}
