#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One throwaway PostgreSQL 15 server on a free loopback port, for running
# the suite on the PostgreSQL store (`make test-pg`). PostgreSQL refuses
# to run as root: as root it runs as the `postgres` user Debian's package
# creates.
#
#   tests/pg_server.sh start DIR    initdb and start; prints its URI
#                                   (without a database: the suite makes
#                                   one per test server)
#   tests/pg_server.sh stop DIR     stop it and remove DIR
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

. "$(dirname "$0")/free_port.sh"

[ $# -eq 2 ] || { sed -n '/^#   tests/,/^set /p' "$0" | sed '$d;s/^# \{0,1\}//' >&2; exit 2; }
DIR=$(realpath -m "$2")
case $1 in
start)
	[ ! -e "$DIR" ] || { echo "pg_server: $DIR exists" >&2; exit 1; }
	[ -x "$PGBIN/initdb" ] || { echo "pg_server: no PostgreSQL 15 at $PGBIN" >&2; exit 1; }
	mkdir -p "$DIR"
	[ "$(id -u)" != 0 ] || chown postgres: "$DIR"
	port=$(free_port)
	as_owner "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres \
		--locale C.UTF-8 -E UTF8 >"$DIR/initdb.log" 2>&1
	# Throwaway data: no fsync; a test server per test makes databases.
	as_owner "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
		-o "-p $port -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
		start >/dev/null
	echo "postgresql://postgres@127.0.0.1:$port"
	;;
stop)
	[ -d "$DIR" ] || exit 0
	as_owner "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop \
		>/dev/null 2>&1 || true
	rm -rf "$DIR"
	;;
*)
	echo "pg_server: start or stop" >&2
	exit 2
	;;
esac
