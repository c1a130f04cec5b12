# SPDX-License-Identifier: MIT
# free_port, wait_ready, writable_copy and server_tmp, sourced by the
# benchmarks.
# free_port sets
# PORT to a port nothing listens on, below the kernel's range for
# outgoing connections. A port picked in that range can be the local end
# of one of wrk's or curl's connections, and the server cannot listen.
free_port() {
	local p i low fd

	read -r low _ </proc/sys/net/ipv4/ip_local_port_range
	for ((i = 0; i < 200; i++)); do
		p=$((10000 + RANDOM % (low - 10000)))
		if ! { exec {fd}<>"/dev/tcp/127.0.0.1/$p"; } 2>/dev/null; then
			PORT=$p
			return 0
		fi
		exec {fd}>&-
	done
	echo "no free port found" >&2
	return 1
}

# wait_ready PID: until the server PID (on $PORT) answers /readyz and has
# made its copy of the events' columns, where the build makes one (that
# thread's work is not the requests'). Exits when the server ends.
wait_ready() {
	local pid=$1

	until curl -sf -o /dev/null "http://127.0.0.1:$PORT/readyz"; do
		kill -0 "$pid" 2>/dev/null ||
			{ echo "the server did not start" >&2; exit 1; }
		sleep 0.05
	done
	while curl -sf "http://127.0.0.1:$PORT/metrics" |
		grep -q '^dossier_columns_copies_total 0'; do
		sleep 0.2
	done
}

# writable_copy N BIN DIR: DB, a copy in DIR of build/bench/gdelt-N.db
# (bench/run.sh imports it when missing) that writes cannot spoil; KEY,
# an API key made in it by BIN; SOURCE, the id of a source to cite.
writable_copy() {
	local src=build/bench/gdelt-$1.db

	[ -f "$src" ] || BENCH_SIZES=$1 BENCH_IMPORT_ONLY=1 bench/run.sh
	DB=$3/dossier.db
	cp --reflink=auto "$src" "$DB"
	KEY=$("$2" keys create bench --db "$DB" 2>/dev/null |
		grep -o 'dsk_[A-Za-z0-9_-]*' | head -1)
	[ -n "$KEY" ] || { echo "no key made" >&2; exit 1; }
	SOURCE=$(sqlite3 -readonly "$DB" "SELECT id FROM sources ORDER BY pk LIMIT 1")
}

# server_tmp: TMP, a new directory, removed at exit, when the server
# SERVER_PID (once set) is stopped too.
server_tmp() {
	TMP=$(mktemp -d)
	SERVER_PID=""
	trap server_tmp_end EXIT
}
server_tmp_end() {
	[ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$TMP"
}
