#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `dossier import gdelt` into a SQLite database that already holds
# events, as an analyst adds a day of GDELT to a knowledge base: ROWS new
# generated rows (bench/gen_gdelt.c, GLOBALEVENTIDs no earlier round
# used) imported into a fresh copy of FROM, by BASE and by BIN in turns,
# ROUNDS times, so that a busy moment of the machine falls on both.
# Prints each one's seconds, rows/s and peak RSS, and BIN's time over
# BASE's.
#
#   bench/import_append.sh [FROM]     FROM default build/bench/gdelt-1000000.db
#   BENCH_ROWS (2000), BENCH_ROUNDS (2), BENCH_BIN (build/release/dossier),
#   BENCH_BASE (the build to compare with; default BENCH_BIN itself)
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

FROM=${1:-build/bench/gdelt-1000000.db}
ROWS=${BENCH_ROWS:-2000}
. bench/import_lib.sh
BASE=${BENCH_BASE:-$BIN}

[ -f "$FROM" ] || { echo "import_append: no database $FROM (make bench makes it)" >&2; exit 1; }

# One import of $TMP/rows.tsv by $1 into a fresh copy of FROM.
append() {
	rm -f "$TMP/copy.db"*
	cp "$FROM" "$TMP/copy.db"
	# Written out before the clock starts: the import's first fsync
	# would otherwise wait for the copy's 2.6 GB (1.3-2 s at 1M).
	sync "$TMP/copy.db"
	timed_new "$1" import gdelt "$TMP/rows.tsv" --db "$TMP/copy.db" \
		--log-level warn
}

echo "import into a database of $(sqlite3 "$FROM" 'SELECT count(*) FROM events') events, $ROWS new rows a round, $(nproc) cores, $(date -u +%FT%TZ)"
table_head base this
for ((r = 1; r <= ROUNDS; r++)); do
	# Ids no earlier round gave: seconds since 1970, x 1e5.
	rows $(( $(date +%s) * 100000 )) "$r"
	read -r bs bm < <(append "$BASE")
	read -r ts tm < <(append "$BIN")
	table_row "$r" "$bs" "$bm" "$ts" "$tm"
	sleep 1	# the next round's ids differ
done
