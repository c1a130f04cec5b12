#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the Dockerfile and runs the image on a machine without a Docker
# engine, with buildah in chroot isolation. The debian:bookworm-slim base is
# made from Debian's packages with debootstrap from the mirror apt already
# uses, once, and kept in buildah's storage; the build's first stage runs
# `make test`. The image's entrypoint then runs as the image's user on a
# free loopback port, is queried, gets SIGTERM and must exit 0.
#
# Needs root (debootstrap, buildah's system storage). Prints PASS/FAIL lines;
# exits non-zero on any failure. Safe to rerun: the base and the build
# layers are reused, the test container is always removed.
#
#   scripts/docker-check.sh        (or: make docker-check)
#
# Environment: IMAGE (default dossier:check), REBUILD_BASE=1 to debootstrap
# the base again, MIRROR to override the Debian mirror read from apt's
# sources, CA_BUNDLE (default the system's) handed to the npm step as a
# build secret so a TLS-inspecting proxy is trusted.
# Old images and build layers stay for speed: `buildah rmi --prune` frees
# them, `buildah rmi dossier:check debian:bookworm-slim` removes the rest.
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$PWD
IMAGE=${IMAGE:-dossier:check}
BASE=debian:bookworm-slim
SUITE=bookworm
CA_BUNDLE=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
logdir=$repo/build/docker-check
# debootstrap's scratch space, emptied at the start and end of every run.
work=$logdir/work
ctr_name=dossier-check
failures=0
ctr=""
run_pid=""

pass() { echo "PASS: $*"; }
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
die() {
	echo "FAIL: $*"
	echo "docker-check: FAIL"
	exit 1
}
elapsed() { echo "$(($(date +%s) - $1))s"; }

if [ "$(id -u)" != 0 ]; then
	echo "docker-check needs root (debootstrap, buildah's storage). Run:" >&2
	echo "  sudo make docker-check" >&2
	exit 2
fi

# Every process this script started, its container and any mount left by
# an interrupted debootstrap go, whatever way the script ends.
cleanup() {
	local rc=$? pid
	set +e
	if [ -n "$run_pid" ] && kill -0 "$run_pid" 2>/dev/null; then
		for pid in $(descendants "$run_pid"); do
			kill -KILL "$pid" 2>/dev/null || true
		done
		kill -KILL "$run_pid" 2>/dev/null || true
		wait "$run_pid" 2>/dev/null || true
	fi
	if [ -n "$ctr" ]; then
		buildah rm "$ctr" >/dev/null 2>&1 || true
	fi
	remove_work
	exit "$rc"
}

# Unmounts whatever an interrupted debootstrap left under $work, then
# removes it.
remove_work() {
	[ -d "$work" ] || return 0
	findmnt -rn -o TARGET | { grep "^$work/" || true; } | sort -r |
		while read -r m; do umount -l "$m" || true; done
	rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# All processes below $1, depth first.
descendants() {
	local child
	for child in $(pgrep -P "$1" || true); do
		echo "$child"
		descendants "$child"
	done
}

# "URI SUITE" for each enabled deb source in apt's configuration, one-line
# (.list) and deb822 (.sources) formats alike.
apt_sources() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" |
			awk '$1 == "deb" { print $2, $3 }'
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '
		function flush(  i, j, n, m, u, s) {
			if (types ~ /(^| )deb( |$)/ && enabled != "no") {
				n = split(uris, u, " ")
				m = split(suites, s, " ")
				for (i = 1; i <= n; i++)
					for (j = 1; j <= m; j++)
						print u[i], s[j]
			}
			types = uris = suites = ""
			enabled = "yes"
		}
		BEGIN { enabled = "yes" }
		/^[ \t]*#/ { next }
		/^[ \t]*$/ { flush(); next }
		/^[^ \t]/ {
			key = tolower($1)
			sub(/:$/, "", key)
			$1 = ""
			val = $0
			gsub(/^ +| +$/, "", val)
			if (key == "types") types = val
			else if (key == "uris") uris = val
			else if (key == "suites") suites = val
			else if (key == "enabled") enabled = tolower(val)
		}
		END { flush() }' "$f"
	done
}

# The host's Debian entries (its release, -updates, -security) rewritten
# for $SUITE: the image fetches from the same mirrors as the machine.
image_sources() {
	local host uri suite
	# shellcheck source=/dev/null
	host=$(. /etc/os-release && echo "${VERSION_CODENAME:-$SUITE}")
	apt_sources | while read -r uri suite; do
		case $suite in
		"$host" | "$host-updates" | "$host-security")
			echo "deb $uri $SUITE${suite#"$host"} main"
			;;
		esac
	done | awk '!seen[$0]++'
}

# Mirrors what the official slim images leave out: documentation, man
# pages, locales, apt caches and lists, logs.
slim_rootfs() {
	local root=$1
	cat >"$root/etc/dpkg/dpkg.cfg.d/docker-slim" <<-'EOF'
		path-exclude /usr/share/doc/*
		path-include /usr/share/doc/*/copyright
		path-exclude /usr/share/man/*
		path-exclude /usr/share/groff/*
		path-exclude /usr/share/info/*
		path-exclude /usr/share/lintian/*
		path-exclude /usr/share/locale/*
		path-include /usr/share/locale/locale.alias
	EOF
	cat >"$root/etc/apt/apt.conf.d/docker-clean" <<-'EOF'
		DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
		APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
		Dir::Cache::pkgcache "";
		Dir::Cache::srcpkgcache "";
	EOF
	echo 'Acquire::Languages "none";' \
		>"$root/etc/apt/apt.conf.d/docker-no-languages"
	find "$root/usr/share/doc" -mindepth 1 -not -name copyright \
		-not -type d -delete
	find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
	rm -rf "$root"/usr/share/{man,groff,info,lintian}/*
	find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 \
		-not -name locale.alias -exec rm -rf {} +
	rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin \
		"$root"/var/cache/apt/archives/*.deb "$root"/var/log/*.log \
		"$root"/var/log/apt/* "$root"/var/cache/ldconfig/aux-cache \
		"${root:?}"/dev/*
	: >"$root/etc/machine-id"
	: >"$root/etc/resolv.conf"
	echo localhost >"$root/etc/hostname"
}

build_base() {
	local start mirror sources root new host old
	start=$(date +%s)
	old=$(buildah images --noheading --format '{{.ID}}' "$BASE" 2>/dev/null || true)
	mirror=${MIRROR:-$(apt_sources | awk -v s="$SUITE" '$2 == s { print $1; exit }')}
	if [ -z "$mirror" ]; then
		# shellcheck source=/dev/null
		host=$(. /etc/os-release && echo "$VERSION_CODENAME")
		mirror=$(apt_sources | awk -v s="$host" '$2 == s { print $1; exit }')
	fi
	[ -n "$mirror" ] ||
		die "no Debian mirror in /etc/apt/sources.list*; set MIRROR"
	sources=$(image_sources)
	[ -n "$sources" ] || sources="deb $mirror $SUITE main"
	root=$work/rootfs
	echo "base: debootstrap --variant=minbase $SUITE from $mirror"
	if ! debootstrap --variant=minbase "$SUITE" "$root" "$mirror" \
		>"$logdir/debootstrap.log" 2>&1; then
		tail -20 "$logdir/debootstrap.log"
		die "debootstrap (log: $logdir/debootstrap.log)"
	fi
	rm -f "$root/etc/apt/sources.list"
	echo "$sources" >"$root/etc/apt/sources.list"
	slim_rootfs "$root"
	tar --numeric-owner --xattrs -C "$root" -cf "$work/rootfs.tar" .
	new=$(buildah from scratch)
	buildah add "$new" "$work/rootfs.tar" / >/dev/null
	buildah config \
		--env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		--cmd '["bash"]' \
		--label "org.opencontainers.image.description=Debian $SUITE minbase, debootstrapped from $mirror by scripts/docker-check.sh" \
		"$new"
	buildah commit --quiet --rm "$new" "$BASE" >/dev/null
	# The replaced base goes unless cached build layers still use it.
	[ -z "$old" ] || buildah rmi "$old" >/dev/null 2>&1 || true
	pass "base $BASE built in $(elapsed "$start") ($(buildah images --format '{{.Size}}' "$BASE"))"
}

# The image config selected by the Go template $1.
image_field() {
	buildah inspect --type image --format "$1" "$IMAGE"
}

# PASS $1 when the rest of the arguments, a command, succeeds; else FAIL.
check() {
	local what=$1
	shift
	if "$@"; then
		pass "$what"
	else
		fail "$what"
	fi
}

# shellcheck disable=SC2016 # Go templates, not shell expansions.
check_config() {
	local env var
	env=" $(image_field '{{range .OCIv1.Config.Env}}{{.}} {{end}}')"
	for var in DOSSIER_BIND=0.0.0.0 DOSSIER_PORT=8080 \
		DOSSIER_DB=/data/dossier.db; do
		check "image env: $var" test -z "${env##* "$var" *}"
	done
	check "image user: dossier" \
		test "$(image_field '{{.OCIv1.Config.User}}')" = dossier
	check "image volume: /data" test "$(image_field \
		'{{range $k, $v := .OCIv1.Config.Volumes}}{{$k}} {{end}}')" = "/data "
	check "image exposes 8080/tcp" test "$(image_field \
		'{{range $k, $v := .OCIv1.Config.ExposedPorts}}{{$k}} {{end}}')" = "8080/tcp "
	check "image healthcheck: CMD /bin/bash -c ..." test "$(image_field \
		'{{range $i, $a := .Docker.Config.Healthcheck.Test}}{{if lt $i 3}}{{$a}} {{end}}{{end}}')" \
		= "CMD /bin/bash -c "
	if buildah run --isolation chroot "$ctr" -- \
		sh -c 'command -v curl || command -v wget' >/dev/null 2>&1; then
		fail "image has curl or wget"
	else
		pass "image has no curl or wget"
	fi
}

# Starts the image's ENTRYPOINT + CMD in the container, as the image's
# user with its environment, on loopback port $1.
start_server() {
	local -a argv
	mapfile -d '' argv < <(image_field \
		'{{range .OCIv1.Config.Entrypoint}}{{.}}{{"\x00"}}{{end}}{{range .OCIv1.Config.Cmd}}{{.}}{{"\x00"}}{{end}}')
	echo "run: ${argv[*]} (DOSSIER_PORT=$1, DOSSIER_BIND=127.0.0.1)"
	entry=${argv[0]}
	buildah run --isolation chroot --env DOSSIER_PORT="$1" \
		--env DOSSIER_BIND=127.0.0.1 "$ctr" -- "${argv[@]}" \
		>>"$logdir/server.log" 2>&1 &
	run_pid=$!
}

# Starts the server (start_server) and waits until /healthz answers. A
# port taken between free_port and the server's bind (another program on
# this machine) is tried again on another.
start_and_wait() {
	local start try
	start=$(date +%s)
	for try in 1 2 3; do
		start_server "$port"
		for _ in $(seq 1 120); do
			curl -fsS --max-time 2 \
				"http://127.0.0.1:$port/healthz" \
				>/dev/null 2>&1 && break
			kill -0 "$run_pid" 2>/dev/null || break
			sleep 0.5
		done
		kill -0 "$run_pid" 2>/dev/null && break
		tail -5 "$logdir/server.log" |
			grep -q "Address already in use" || break
		echo "port $port was taken meanwhile (try $try); another"
		port=$(free_port) || die "no free loopback port"
	done
	if ! kill -0 "$run_pid" 2>/dev/null; then
		tail -20 "$logdir/server.log"
		die "server exited before answering (log: $logdir/server.log)"
	fi
	pass "server up in $(elapsed "$start") on 127.0.0.1:$port"
}

# SIGTERM to the server process, as `docker stop` sends; it must exit 0.
stop_server() {
	local pid start rc
	pid=$(server_pid) || die "no $entry process under buildah run"
	start=$(date +%s)
	kill -TERM "$pid"
	for _ in $(seq 1 60); do
		kill -0 "$run_pid" 2>/dev/null || break
		sleep 0.5
	done
	if kill -0 "$run_pid" 2>/dev/null; then
		fail "server still running 30s after SIGTERM"
		return
	fi
	rc=0
	wait "$run_pid" || rc=$?
	run_pid=""
	check "SIGTERM: exit $rc after $(elapsed "$start")" test "$rc" = 0
}

# The server process: the descendant of `buildah run` running $entry.
server_pid() {
	local pid
	for pid in $(descendants "$run_pid"); do
		if [ "$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null |
			head -n 1)" = "$entry" ]; then
			echo "$pid"
			return 0
		fi
	done
	return 1
}

free_port() {
	local port
	for port in $(seq $((20000 + RANDOM % 20000)) 40100); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	return 1
}

# GET $2 from the server; PASS when the status is 200 and the body holds $3.
expect() {
	local name=$1 path=$2 want=$3 body status
	body=$(curl -sS --max-time 10 -w '\n%{http_code}' \
		"http://127.0.0.1:$port$path" 2>&1) || true
	status=${body##*$'\n'}
	body=${body%$'\n'*}
	if [ "$status" = 200 ] && [[ $body == *"$want"* ]]; then
		pass "$name: GET $path -> 200${want:+, has $want}"
	else
		fail "$name: GET $path -> $status ${body:0:200}"
	fi
}

run_image() {
	local pid uid hc key status body
	buildah rm "$ctr_name" >/dev/null 2>&1 || true
	ctr=$(buildah from --pull=never --name "$ctr_name" "$IMAGE")
	check_config
	port=$(free_port) || die "no free loopback port"
	: >"$logdir/server.log"

	start_and_wait
	expect healthz /healthz '"status":"ok"'
	expect readyz /readyz ''
	expect country /countries/gb '"GBR"'
	expect actor /actors/huawei '"huawei"'
	# buildah mounts the image's VOLUME /data from a folder of the
	# container's own, as Docker does an anonymous volume: the database
	# must be there, not in the container's layer.
	check "the database is on the /data volume, not in the container's layer" \
		buildah run --isolation chroot "$ctr" -- /bin/sh -c \
		'awk "\$5 == \"/data\" { found = 1 } END { exit !found }" /proc/self/mountinfo && test -s /data/dossier.db'

	# `docker exec <c> dossier keys create ...`: a second process in the
	# running container, as its user, on the same /data.
	key=$(buildah run --isolation chroot "$ctr" -- dossier keys create \
		docker-check --db /data/dossier.db 2>/dev/null |
		grep -o 'dsk_[A-Za-z0-9_-]*' || true)
	body='{"id":"docker-check","title":"Written before a restart","kind":"report"}'
	status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
		-X POST -H "Authorization: Bearer $key" \
		-H 'Content-Type: application/json' -d "$body" \
		"http://127.0.0.1:$port/sources" || true)
	check "key from 'dossier keys create' in the container writes (POST /sources -> $status, want 201)" \
		test "$status" = 201

	pid=$(server_pid) || die "no $entry process under buildah run"
	uid=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")
	check "server process uid $uid (want 10001)" test "$uid" = 10001

	# The image's own HEALTHCHECK command, run inside the container.
	# shellcheck disable=SC2016 # a Go template
	hc=$(image_field '{{index .Docker.Config.Healthcheck.Test 3}}')
	check "the image's HEALTHCHECK command passes in the container" \
		buildah run --isolation chroot --env DOSSIER_PORT="$port" "$ctr" \
		-- /bin/bash -c "$hc"
	stop_server

	# `docker restart`: the same volume, a new process.
	start_and_wait
	expect "after a restart, the write" /sources/docker-check \
		'"Written before a restart"'
	status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
		-X DELETE -H "Authorization: Bearer $key" \
		"http://127.0.0.1:$port/sources/docker-check" || true)
	check "after a restart, the key (DELETE -> $status, want 204)" \
		test "$status" = 204
	stop_server
}

main() {
	local t0 start secret=() bud
	t0=$(date +%s)
	mkdir -p "$logdir"
	scripts/deps.sh docker >/dev/null
	# Without kernel overlayfs, buildah falls back to plain copies.
	grep -qw overlay /proc/filesystems || export STORAGE_DRIVER=vfs
	remove_work
	mkdir -p "$work"

	if [ "${REBUILD_BASE:-0}" != 1 ] &&
		buildah inspect --type image "$BASE" >/dev/null 2>&1; then
		pass "base $BASE cached ($(buildah images --format '{{.Size}}' "$BASE"))"
	else
		build_base
	fi

	start=$(date +%s)
	[ -f "$CA_BUNDLE" ] && secret=(--secret "id=ca,src=$CA_BUNDLE")
	# Docker format: OCI image configs have no HEALTHCHECK.
	bud=(buildah bud --pull=never --isolation chroot --layers
		--format docker "${secret[@]}" -t "$IMAGE" .)
	echo "build: ${bud[*]}"
	if ! "${bud[@]}" >"$logdir/build.log" 2>&1; then
		tail -40 "$logdir/build.log"
		die "image build (log: $logdir/build.log)"
	fi
	grep -E '^\[  (PASSED|FAILED|SKIPPED) +\]' "$logdir/build.log" |
		sed 's/^/  make test in the build: /' || true
	pass "image $IMAGE built in $(elapsed "$start")"

	run_image
	echo "image size: $(buildah images --format '{{.Size}}' "$IMAGE")"
	echo "total time: $(elapsed "$t0")"
	if [ "$failures" -gt 0 ]; then
		echo "docker-check: FAIL ($failures failed)"
		exit 1
	fi
	echo "docker-check: PASS"
}

main "$@"
