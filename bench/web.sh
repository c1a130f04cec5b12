#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The web app's first meaningful render, uncached, at BENCH_SIZES imported
# GDELT events (default 1000000; the databases bench/run.sh imports):
# bench/web.mjs in Debian's chromium-headless-shell against the server with
# its response cache off. BENCH_WEB_LOADS loads per view (default 12).
# Raw output: build/bench/web-<time>.txt. Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/free_port.sh

SIZES=${BENCH_SIZES:-1000000}
LOADS=${BENCH_WEB_LOADS:-12}
BIN=${BENCH_BIN:-build/release/dossier}
OUT=build/bench
RESULTS=$OUT/web-$(date -u +%Y%m%dT%H%M%SZ).txt
SERVER_PID=""
export PATH="$PWD/node_modules/.bin:$PATH"

cleanup() {
	[ -z "$SERVER_PID" ] || { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; } || true
}
trap cleanup EXIT
mkdir -p "$OUT"

for n in $SIZES; do
	DB=$OUT/gdelt-$n.db
	[ -f "$DB" ] || BENCH_SIZES=$n BENCH_IMPORT_ONLY=1 bench/run.sh
	free_port
	"$BIN" serve --db "$DB" --port "$PORT" --log-level warn \
		--max-connections-per-ip 0 --response-cache-mb 0 &
	SERVER_PID=$!
	for ((i = 0; i < 600; i++)); do
		curl -sf -o /dev/null "http://127.0.0.1:$PORT/readyz" && break
		sleep 0.1
	done
	cat "$DB" "$DB-wal" >/dev/null 2>&1 || true
	{
		echo ""
		echo "$n events, uncached, $LOADS loads per view (times in ms):"
		node bench/web.mjs "http://127.0.0.1:$PORT" "$LOADS"
	} | tee -a "$RESULTS"
	cleanup
	SERVER_PID=""
done
