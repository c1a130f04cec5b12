#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A PostgreSQL 15 formation on loopback for the PostgreSQL store's tests:
# a pg_auto_failover monitor, a primary and two hot standbys (synchronous
# replication to one of them), each on a free port, in DIR. PostgreSQL
# refuses to run as root, so as root everything runs as the `postgres`
# user Debian's package creates; otherwise as the caller.
#
#   tests/pg_cluster.sh start DIR     creates and starts it; prints the
#                                     multi-host URI of the nodes
#   tests/pg_cluster.sh uri DIR       that URI again
#   tests/pg_cluster.sh state DIR     the monitor's view of the nodes
#   tests/pg_cluster.sh kill DIR N    kills node N (1-3) at once (SIGKILL
#                                     to its postmaster and its keeper)
#   tests/pg_cluster.sh kill-primary DIR
#                                     kills the node that is primary now;
#                                     prints its name
#   tests/pg_cluster.sh wait DIR      until one node is primary and one a
#                                     synchronous standby again
#   tests/pg_cluster.sh stop DIR      stops every process and removes DIR
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
NODES=3

die() {
	echo "pg_cluster: $*" >&2
	exit 1
}

# Runs "$@" as the user that owns the cluster, with its own config and
# state directories under DIR (pg_autoctl keeps them in XDG paths).
as_owner() {
	local env=(PATH="$PGBIN:/usr/bin:/bin" HOME="$DIR"
		   XDG_CONFIG_HOME="$DIR/config" XDG_DATA_HOME="$DIR/data"
		   XDG_RUNTIME_DIR="$DIR/run" PG_AUTOCTL_DEBUG=
		   LC_ALL=C.UTF-8)
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- env -i "${env[@]}" "$@"
	else
		env -i "${env[@]}" "$@"
	fi
}

. "$(dirname "$0")/free_port.sh"

monitor_uri() {
	echo "postgres://autoctl_node@127.0.0.1:$(cat "$DIR/monitor.port")/pg_auto_failover?sslmode=disable"
}

uri() {
	local hosts="" i
	for i in $(seq 1 $NODES); do
		hosts="$hosts${hosts:+,}127.0.0.1:$(cat "$DIR/node$i.port")"
	done
	echo "postgresql://dossier@$hosts/dossier?sslmode=disable"
}

# Waits up to $2 seconds for `pg_autoctl show state` to satisfy grep $1.
wait_state() {
	local want=$1 secs=$2 i
	for i in $(seq 1 $((secs * 4))); do
		if as_owner pg_autoctl show state --pgdata "$DIR/monitor" \
			2>/dev/null | grep -Eq "$want"; then
			return 0
		fi
		sleep 0.25
	done
	as_owner pg_autoctl show state --pgdata "$DIR/monitor" >&2 || true
	return 1
}

# One primary and the other nodes secondaries, all reported healthy.
settled() {
	wait_state "primary +\| +primary" "$1" &&
		[ "$(as_owner pg_autoctl show state --pgdata "$DIR/monitor" |
			grep -Ec 'secondary +\| +secondary')" -ge 2 ]
}

# CHECKPOINT on node1 each second until node $1 has its base backup.
hurry_checkpoint() {
	local j
	for j in $(seq 1 60); do
		sleep 1
		[ ! -f "$DIR/node$1/PG_VERSION" ] || return 0
		as_owner "$PGBIN/psql" -q -h 127.0.0.1 -d dossier \
			-p "$(cat "$DIR/node1.port")" -c CHECKPOINT \
			>/dev/null 2>&1 || true
	done
}

start() {
	local i port hurry
	[ ! -e "$DIR" ] || die "$DIR exists"
	[ -x "$PGBIN/pg_ctl" ] || die "no PostgreSQL 15 at $PGBIN"
	command -v pg_autoctl >/dev/null || die "no pg_autoctl (Debian's pg-auto-failover-cli)"
	mkdir -p "$DIR/config" "$DIR/data" "$DIR/run"
	chmod 700 "$DIR/run"
	[ "$(id -u)" != 0 ] || chown -R postgres: "$DIR"
	port=$(free_port)
	echo "$port" >"$DIR/monitor.port"
	setsid bash -c "$(declare -f as_owner); DIR='$DIR' PGBIN='$PGBIN'; as_owner \"\$@\"" - \
		pg_autoctl create monitor --pgdata "$DIR/monitor" \
		--pgctl "$PGBIN/pg_ctl" --pgport "$port" \
		--hostname 127.0.0.1 --auth trust --no-ssl \
		--run >"$DIR/monitor.log" 2>&1 &
	echo $! >"$DIR/monitor.pid"
	# Ready once its database exists (the server answers before).
	for i in $(seq 1 120); do
		as_owner "$PGBIN/psql" -q -h 127.0.0.1 -p "$port" \
			-d pg_auto_failover -c "SELECT 1" >/dev/null 2>&1 &&
			break
		sleep 0.25
	done
	# A lost node is replaced in seconds, not the 30-40 s of the
	# defaults, which suit real networks better than a test.
	as_owner "$PGBIN/psql" -q -h 127.0.0.1 -p "$port" -d pg_auto_failover \
		-c "ALTER SYSTEM SET pgautofailover.health_check_period = 1000" \
		-c "ALTER SYSTEM SET pgautofailover.health_check_retry_delay = 500" \
		-c "ALTER SYSTEM SET pgautofailover.health_check_timeout = 1000" \
		-c "ALTER SYSTEM SET pgautofailover.node_considered_unhealthy_timeout = 3000" \
		-c "ALTER SYSTEM SET pgautofailover.primary_demote_timeout = 3000" \
		-c "SELECT pg_reload_conf()" >/dev/null
	# The first node becomes the primary: the others follow it, in turn.
	for i in $(seq 1 $NODES); do
		port=$(free_port)
		echo "$port" >"$DIR/node$i.port"
		setsid bash -c "$(declare -f as_owner); DIR='$DIR' PGBIN='$PGBIN'; as_owner \"\$@\"" - \
			pg_autoctl create postgres --pgdata "$DIR/node$i" \
			--pgctl "$PGBIN/pg_ctl" --pgport "$port" \
			--hostname 127.0.0.1 --name "node$i" --auth trust \
			--no-ssl --dbname dossier --monitor "$(monitor_uri)" \
			--run >"$DIR/node$i.log" 2>&1 &
		echo $! >"$DIR/node$i.pid"
		if [ "$i" = 1 ]; then
			wait_state "node1 .*\| +single +\| +single" 120 ||
				die "node1 did not start (see $DIR/node1.log)"
		else
			# pg_basebackup waits for a spread checkpoint (minutes
			# on an idle primary); an immediate one ends it.
			hurry_checkpoint "$i" &
			hurry=$!
			wait_state "node$i .*\| +secondary +\| +secondary" 180 ||
				die "node$i did not join (see $DIR/node$i.log)"
			wait "$hurry"
		fi
	done
	# Every node answers queries (a standby once it is consistent).
	for i in $(seq 1 $NODES); do
		for j in $(seq 1 240); do
			as_owner "$PGBIN/psql" -qAt -h 127.0.0.1 -d dossier \
				-p "$(cat "$DIR/node$i.port")" -c "SELECT 1" \
				>/dev/null 2>&1 && break
			sleep 0.25
		done
	done
	as_owner "$PGBIN/psql" -q -h 127.0.0.1 -p "$(cat "$DIR/node1.port")" \
		-d dossier -c "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles
		   WHERE rolname = 'dossier') THEN CREATE ROLE dossier LOGIN;
		   END IF; END\$\$" \
		-c "ALTER ROLE dossier LOGIN SUPERUSER" \
		-c "ALTER DATABASE dossier OWNER TO dossier" >/dev/null
	uri
}

# Each node runs in a session of its own (setsid): its pid file holds
# the group that the keeper, its services and PostgreSQL all belong to.
kill_node() {
	kill -KILL -- "-$(cat "$DIR/node$1.pid")" 2>/dev/null || true
}

# The name of the node the monitor has as primary now (node1-node3).
primary_node() {
	as_owner pg_autoctl show state --pgdata "$DIR/monitor" |
		awk -F'|' '$6 ~ /primary/ && $7 ~ /primary/ {
			gsub(/ /, "", $1); print $1; exit }'
}

# The process groups of the monitor and the nodes, comma-separated.
groups() {
	cat "$DIR"/node*.pid "$DIR"/monitor.pid 2>/dev/null | paste -sd, || true
}

stop() {
	local g i
	[ -d "$DIR" ] || return 0
	g=$(groups)
	if [ -n "$g" ]; then
		pkill -TERM -g "$g" 2>/dev/null || true
		for i in $(seq 1 40); do
			pgrep -g "$g" >/dev/null || break
			sleep 0.25
		done
		pkill -KILL -g "$g" 2>/dev/null || true
		while pgrep -g "$g" >/dev/null; do sleep 0.1; done
	fi
	rm -rf "$DIR"
}

[ $# -ge 2 ] || { sed -n '/^#   tests/,/^set /p' "$0" | sed '$d;s/^# \{0,1\}//' >&2; exit 2; }
cmd=$1
DIR=$(realpath -m "$2")
case $cmd in
start) start ;;
uri) uri ;;
state) as_owner pg_autoctl show state --pgdata "$DIR/monitor" ;;
kill) [ $# -eq 3 ] || die "kill DIR N"; kill_node "$3" ;;
kill-primary)
	node=$(primary_node)
	[ -n "$node" ] || die "no primary"
	kill_node "${node#node}"
	echo "$node" ;;
wait) settled "${3:-120}" || die "no primary and standbys" ;;
stop) stop ;;
*) die "unknown command $cmd" ;;
esac
