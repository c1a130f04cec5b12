#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `dossier import gdelt` into a database that already holds events: ROWS
# new generated GDELT rows (bench/gen_gdelt.c, given GLOBALEVENTIDs no
# earlier run used) imported into a copy of a SQLite database (SQLITE_DB)
# and into a PostgreSQL database holding the same data (URI), which keeps
# them: both imports keep the summaries a batch at a time, PostgreSQL's
# staging its rows by COPY. Alternates the two ROUNDS times and prints
# each one's seconds, rows/s and peak RSS, and the ratio.
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
. bench/import_lib.sh

[ -f "$FROM" ] || { echo "pg_append: no SQLite database $FROM" >&2; exit 1; }

echo "import into a database of $(sqlite3 "$FROM" 'SELECT count(*) FROM events') events, $ROWS new rows a round, $(nproc) cores, $(date -u +%FT%TZ)"
table_head SQLite PG
cp "$FROM" "$TMP/copy.db"
for ((r = 1; r <= ROUNDS; r++)); do
	# Ids no earlier run of this script gave: seconds since 1970, x 1e5.
	rows $(( $(date +%s) * 100000 )) "$r"
	read -r ss sm < <(timed_new "$BIN" import gdelt "$TMP/rows.tsv" --db "$TMP/copy.db" --log-level warn)
	read -r ps pm < <(timed_new "$BIN" import gdelt "$TMP/rows.tsv" --db "$URI" --log-level warn)
	table_row "$r" "$ss" "$sm" "$ps" "$pm"
	sleep 1	# the next round's ids differ
done
