#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Where an import's time goes, by phase: ROWS generated GDELT rows
# (bench/gen_gdelt.c) imported into a new seeded database at log level
# debug, which logs every statement that ran 20 ms or more with its time
# (db/db.c). The statements are grouped by what they do and summed; what
# is left of the wall time is the work of statements under 20 ms each:
# the rows' own inserts, the summaries' upserts (one statement a group),
# and reading the file.
#
#   bench/import_phases.sh [ROWS [BIN]]     ROWS default 400000
#
# Prints the wall time, peak RSS and one line per phase (seconds, share).
# Logging each slow statement costs little (a few hundred lines an
# import); the phases' figures are for comparing builds or sizes, in
# turns, on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

ROWS=${1:-400000}
BIN=${2:-build/release/dossier}
GEN=build/release/gen_gdelt
SAMPLES=${BENCH_SAMPLES:-../shared/data/gdelt}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dossier-phases.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

command -v jq >/dev/null || { echo "needs jq (scripts/deps.sh bench)" >&2; exit 1; }
[ -x "$GEN" ] || make --no-print-directory bench-tools >/dev/null
[ -x "$BIN" ] || make --no-print-directory all >/dev/null

"$GEN" "$ROWS" 1 "$SAMPLES"/*.csv >"$TMP/gdelt.tsv"
"$BIN" seed --db "$TMP/import.db" --log-level warn
/usr/bin/time -f '%e %M' -o "$TMP/time" "$BIN" import gdelt "$TMP/gdelt.tsv" \
	--db "$TMP/import.db" --log-level debug >/dev/null 2>"$TMP/log" ||
	{ tail -5 "$TMP/log" >&2; exit 1; }
read -r wall rss_kb <"$TMP/time"

echo "import of $ROWS generated rows, $(nproc) cores, $(date -u +%FT%TZ):" \
	"$wall s wall, peak RSS $((rss_kb / 1024)) MB"
# One line per slow statement: its milliseconds, a tab, its SQL.
jq -R -r 'fromjson? | select(.msg? // "" | startswith("slow statement (")) | .msg | gsub("\\s+"; " ")' "$TMP/log" |
	sed -E 's/^slow statement \(([0-9.]+) ms\): /\1\t/' |
	awk -F'\t' -v wall="$wall" '
	{
		sql = $2
		if (sql ~ /^CREATE INDEX/) k = "secondary indexes built at the end"
		else if (sql ~ /VALUES \(.optimize.\)/) k = "search indexes merged (optimize)"
		else if (sql ~ /INSERT INTO events_fts/) k = "events search index, built at the end"
		else if (sql ~ /suggest_event_names/) k = "type-ahead of titles, built at the end"
		else if (sql ~ /suggest_fts/) k = "type-ahead of records, each batch"
		else if (sql ~ /INSERT INTO (actors|sources)_fts/) k = "actors and sources search, each batch"
		else if (sql ~ /^SELECT/ && sql ~ /temp\.batch_/) k = "summaries: rows read and grouped"
		else if (sql ~ /summary_changes/) k = "summaries: records counts"
		else if (sql ~ /_members|_crowds/) k = "summaries: sets of members"
		else if (sql ~ /temp\.batch_/) k = "summaries: the batch read into tables"
		else if (sql ~ /^COMMIT/) k = "commits"
		else k = "other statements"
		sum[k] += $1 / 1000
		n[k]++
		all += $1 / 1000
	}
	END {
		for (k in sum)
			printf "%8.1f s %5.1f%% %4d  %s\n", sum[k], 100 * sum[k] / wall, n[k], k | "sort -rn"
		close("sort -rn")
		printf "%8.1f s %5.1f%%       %s\n", wall - all, 100 * (wall - all) / wall,
			"the rest: rows inserted, summaries upserted, the file read (statements under 20 ms)"
	}'
