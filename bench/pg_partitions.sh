#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Whether partitioning the events by date would help the PostgreSQL
# store: the events of a database `dossier import sqlite` filled (bench/
# pg.sh makes one) are copied into a table partitioned by year and into a
# plain one, with the same columns and indexes, and the statements that
# dossier's plans run on events are timed on both (PostgreSQL's own
# execution time, median of BENCH_ROUNDS, warm). Prints each statement's
# time on both and the ratio partitioned / plain. Leaves nothing behind.
#
#   bench/pg_partitions.sh postgresql://postgres@127.0.0.1:PORT/gdelt_1000000
set -euo pipefail
export LC_ALL=C

URI=${1:?usage: bench/pg_partitions.sh POSTGRESQL-URI}
ROUNDS=${BENCH_ROUNDS:-7}
S=bench_partitions

sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$URI" "$@"; }

cleanup() { sql -c "DROP SCHEMA IF EXISTS $S CASCADE" >/dev/null 2>&1 || true; }
trap cleanup EXIT
cleanup

years=$(sql -c "SELECT min(left(date_start, 4)), max(left(date_start, 4))
	FROM events WHERE date_start <> ''")
first=${years%|*} last=${years#*|}
echo "events $(sql -c 'SELECT count(*) FROM events'), dated $first to $last;" \
	"$(sql -c 'SHOW server_version'), $(nproc) cores"

# What the plans read of an event; the key is (pk, date_start), as a
# partitioned table's unique keys must hold the partition key.
cols="pk bigint NOT NULL, date_start text NOT NULL, type_code text,
	country text, num_mentions bigint, updated_at text"
parts=""
for ((y = first; y <= last; y++)); do
	parts+="CREATE TABLE $S.events_$y PARTITION OF $S.parted
		FOR VALUES FROM ('$y') TO ('$((y + 1))');"
done
t0=$(date +%s.%N)
sql <<EOF
SET jit = off;
CREATE SCHEMA $S;
CREATE TABLE $S.plain ($cols, PRIMARY KEY (pk));
CREATE TABLE $S.parted ($cols, PRIMARY KEY (pk, date_start))
	PARTITION BY RANGE (date_start);
CREATE TABLE $S.events_undated PARTITION OF $S.parted
	FOR VALUES FROM (MINVALUE) TO ('$first');
$parts
CREATE TABLE $S.events_later PARTITION OF $S.parted
	FOR VALUES FROM ('$((last + 1))') TO (MAXVALUE);
INSERT INTO $S.plain SELECT pk, date_start, type_code, country,
	num_mentions, updated_at FROM events;
INSERT INTO $S.parted SELECT * FROM $S.plain;
EOF
for t in plain parted; do
	sql <<EOF
CREATE INDEX ON $S.$t (date_start, pk);
CREATE INDEX ON $S.$t (type_code, date_start, pk);
CREATE INDEX ON $S.$t (country, date_start, pk);
CREATE INDEX ON $S.$t (updated_at, pk);
ANALYZE $S.$t;
EOF
done
echo "copied and indexed in $(awk -v a="$t0" -v b="$(date +%s.%N)" \
	'BEGIN { printf "%.1f", b - a }') s;" \
	"plain $(sql -c "SELECT pg_size_pretty(pg_total_relation_size('$S.plain'))")," \
	"partitioned $(sql -c "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid)))
		FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
		WHERE i.inhparent = '$S.parted'::regclass")"

mid=$(( (first + last) / 2 ))
pk=$(sql -c "SELECT pk FROM events ORDER BY pk OFFSET 500 LIMIT 1")
type=$(sql -c "SELECT type_code FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
# name|statement, @events the table
queries=(
	"newest page|SELECT date_start, pk FROM @events ORDER BY date_start DESC, pk DESC LIMIT 50"
	"a month's page|SELECT date_start, pk FROM @events WHERE date_start BETWEEN '$mid-03-01' AND '$mid-03-31' ORDER BY date_start DESC, pk DESC LIMIT 50"
	"deep page (keyset)|SELECT date_start, pk FROM @events WHERE (date_start, pk) < ('$mid-06-01', 0) ORDER BY date_start DESC, pk DESC LIMIT 50"
	"common type's page|SELECT date_start, pk FROM @events WHERE type_code = '$type' ORDER BY date_start DESC, pk DESC LIMIT 50"
	"a year counted|SELECT count(*) FROM @events WHERE date_start BETWEEN '$mid-01-01' AND '$mid-12-31'"
	"a month by type|SELECT type_code, count(*) FROM @events WHERE date_start BETWEEN '$mid-03-01' AND '$mid-03-31' GROUP BY 1"
	"an event by key|SELECT date_start FROM @events WHERE pk = $pk"
	"100 events by key|SELECT count(*) FROM @events WHERE pk IN (SELECT pk FROM $S.plain ORDER BY pk LIMIT 100 OFFSET 9000)"
	"changed since|SELECT updated_at, pk FROM @events WHERE updated_at >= '2000-01-01' ORDER BY updated_at, pk LIMIT 50"
)

# PostgreSQL's execution time of $1 in ms, median of ROUNDS runs.
timed() {
	local i
	for ((i = 0; i < ROUNDS; i++)); do
		sql -c "SET jit = off" -c "EXPLAIN (ANALYZE, TIMING OFF) $1" |
			sed -n 's/^Execution Time: \([0-9.]*\) ms/\1/p'
	done | sort -g | sed -n "$(( (ROUNDS + 1) / 2 ))p"
}

printf '%-22s %10s %12s %7s\n' statement 'plain ms' 'by year ms' ratio
for q in "${queries[@]}"; do
	name=${q%%|*} stmt=${q#*|}
	a=$(timed "${stmt//@events/$S.plain}")
	b=$(timed "${stmt//@events/$S.parted}")
	awk -v n="$name" -v a="$a" -v b="$b" \
		'BEGIN { printf "%-22s %10.3f %12.3f %6.2fx\n", n, a, b, (a > 0 ? b / a : 0) }'
done
