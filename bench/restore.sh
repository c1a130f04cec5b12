#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A restore: FROM exported with `dossier export ndjson`, then the file
# imported (`dossier import ndjson`) into a new, seeded database, by BASE
# and by BIN in turns, ROUNDS times, so that a busy moment of the machine
# falls on both. Prints each one's seconds, records/s and peak RSS, and
# BIN's time over BASE's. The seed's records are in the file too: the
# restore holds them already, as a new database does. Then the same file
# into a copy of FROM, as a mirror imports a full export of the database
# it mirrors: every record held, as the file has it.
#
#   bench/restore.sh [FROM]     FROM default build/bench/gdelt-10000.db
#   BENCH_ROUNDS (2), BENCH_BIN (build/release/dossier),
#   BENCH_BASE (the build to compare with; default BENCH_BIN itself)
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

FROM=${1:-build/bench/gdelt-10000.db}
ROWS=0
. bench/import_lib.sh
BASE=${BENCH_BASE:-$BIN}

[ -f "$FROM" ] || { echo "restore: no database $FROM (make bench makes it)" >&2; exit 1; }

"$BIN" export ndjson "$TMP/dump.ndjson" --db "$FROM" --log-level warn 2>/dev/null
ROWS=$(wc -l <"$TMP/dump.ndjson")

# One restore of the dump by $1 into a new seeded database, or into a
# copy of FROM when $2 is "mirror".
restore() {
	rm -f "$TMP/restored.db"*
	if [ "${2:-}" = mirror ]; then
		cp "$FROM" "$TMP/restored.db"
		sync "$TMP/restored.db"
	else
		"$1" seed --db "$TMP/restored.db" --log-level warn >/dev/null 2>&1
	fi
	timed "$1" import ndjson "$TMP/dump.ndjson" --db "$TMP/restored.db" \
		--log-level warn
	grep -q " $ROWS read, " "$TMP/err" ||
		{ echo "restore: not $ROWS read:" >&2; cat "$TMP/err" >&2; exit 1; }
}

echo "restore of $ROWS records ($(du -h "$TMP/dump.ndjson" | cut -f1) of NDJSON, from $FROM), $(nproc) cores, $(date -u +%FT%TZ)"
for into in new mirror; do
	echo "into a $([ $into = new ] && echo "new seeded database" || echo "copy of $FROM")"
	table_head base this
	for ((r = 1; r <= ROUNDS; r++)); do
		read -r bs bm < <(restore "$BASE" $into)
		read -r ts tm < <(restore "$BIN" $into)
		table_row "$r" "$bs" "$bm" "$ts" "$tm"
	done
done
