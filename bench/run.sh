#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench` (see bench/README.md): for each size in BENCH_SIZES, imports
# that many generated GDELT events through `dossier import gdelt` (cached
# under build/bench/), starts dossier on them, captures its answers to the
# benchmarked URLs, serves the same bytes from a bare libmicrohttpd server
# (bench/bare.c), and runs wrk against both, one after the other for each
# URL. Every figure is printed against the baseline measured in this run;
# everything printed, with wrk's raw output, goes to
# build/bench/results-<timestamp>.txt. BENCH_BIN: the dossier build that
# imports and serves (default build/release/dossier), so a copy can be
# measured while the tree is rebuilt.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/free_port.sh
export LC_ALL=C

SIZES=${BENCH_SIZES:-10000 1000000}
SECS=${BENCH_SECONDS:-10}
SAMPLES=${BENCH_SAMPLES:-../shared/data/gdelt}
COUNTRY=${BENCH_COUNTRY:-GE}
Q=${BENCH_Q:-visit}
ACTOR_Q=${BENCH_ACTOR_Q:-united}
FROM=${BENCH_FROM:-2015-01-01}
TO=${BENCH_TO:-2015-12-31}
# The deep page is row DEEP of /events with limit=1: DEEP pages in.
DEEP=10000
THREADS=2
CONNS=64
# A request slower than this is a wrk error; long, so that slow endpoints
# show their latency instead of timing out.
WRK_TIMEOUT=30s
# Starts of dossier to time; the median is reported, the last one serves.
STARTS=3

BUILD=build/release
BIN=${BENCH_BIN:-$BUILD/dossier}
BARE=$BUILD/bench-bare
GEN=$BUILD/gen_gdelt
OUT=build/bench
HZ=$(getconf CLK_TCK)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RUN=$OUT/run-$STAMP
RESULTS=$OUT/results-$STAMP.txt

ENDPOINTS=(item country actor search deep countries actors_q)
declare -A R		# "size|endpoint|server|field" -> figure
declare -A INFO		# "size|what" -> text
PIDS=()

say() {
	printf '%s\n' "$*" | tee -a "$RESULTS"
}

# Only to the results file: raw figures and wrk's own output.
record() {
	printf '%s\n' "$*" >>"$RESULTS"
}

die() {
	say "bench: $*" >&2
	exit 1
}

cleanup() {
	local pid

	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
}
trap cleanup EXIT

# Drops process $1, reaped, from the processes to stop at exit (its id
# may be reused).
forget() {
	local p keep=()

	for p in "${PIDS[@]}"; do
		[ "$p" = "$1" ] || keep+=("$p")
	done
	PIDS=("${keep[@]}")
}

stop() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
	forget "$1"
}

calc() {
	awk "BEGIN { printf \"$1\", ($2) }"
}

now_us() {
	NOW=${EPOCHREALTIME/[.,]/}
}

# Sleeps for $1 seconds without starting a process (read on a fifo that
# nothing writes to), so that polling does not disturb what it times.
nap() {
	read -r -t "$1" -u "$NAP_FD" _ || true
}

# Sets STATUS to the status of GET $2 on 127.0.0.1:$1, or 0 if the
# connection is refused. Bash only: no process is started.
probe() {
	local fd line

	STATUS=0
	{ exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 0
	printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n\r\n' "$2" \
		'Connection: close' >&"$fd"
	read -r -t 10 -u "$fd" line || true
	exec {fd}>&-
	line=${line#HTTP/1.? }
	STATUS=${line%% *}
}

# Waits until $2 on port $1 answers 200; fails when process $3 ends, dies
# when 60 s pass.
wait_200() {
	local port=$1 target=$2 pid=$3 start

	now_us
	start=$NOW
	while :; do
		probe "$port" "$target"
		if [ "$STATUS" = 200 ]; then
			return 0
		fi
		alive "$pid" || return 1
		now_us
		((NOW - start < 60000000)) || die "no 200 on $target in 60 s"
		nap 0.001
	done
}

# Fails, with EXITED set to how, when process $1 is no longer running.
alive() {
	local rc=0

	kill -0 "$1" 2>/dev/null && return 0
	wait "$1" || rc=$?
	forget "$1"
	if ((rc > 128)); then
		EXITED="killed by signal $((rc - 128))"
	else
		EXITED="exited with status $rc"
	fi
	return 1
}

# Waits until process $1 has used (almost) no CPU for half a second: after
# wrk stops, dossier may still be working through requests it had read.
# Fails when the process is gone.
wait_idle() {
	local pid=$1 f a b i

	for ((i = 0; i < 600; i++)); do
		alive "$pid" || return 1
		read -r -a f <"/proc/$pid/stat" || return 1
		a=$((f[13] + f[14]))
		nap 0.5
		read -r -a f <"/proc/$pid/stat" || return 1
		b=$((f[13] + f[14]))
		if ((b - a <= 1)); then
			return 0
		fi
	done
	say "bench: process $pid still busy after 300 s; going on"
}

# Raises INFO[$1|rss] to process $2's peak RSS (VmHWM) so far, in MiB.
sample_rss() {
	local kb

	kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$2/status" 2>/dev/null) ||
		return 0
	if [ -n "$kb" ] && ((kb > ${INFO["$1|rss_kb"]:-0})); then
		INFO["$1|rss_kb"]=$kb
		INFO["$1|rss"]=$(calc %.1f "$kb / 1024")
	fi
}

# Generates and imports $1 events into $OUT/gdelt-$1.db unless it is there.
ensure_db() {
	local n=$1 db=$OUT/gdelt-$1.db sum=$OUT/gdelt-$1.import.txt
	local tmp=$OUT/tmp-$1 t0 t1 t2 samples

	if [ -f "$db" ] && [ -f "$sum" ]; then
		say "$n events: reusing $db (delete it to import again)"
		return 0
	fi
	samples=("$SAMPLES"/*.csv)
	[ -f "${samples[0]}" ] ||
		die "no GDELT samples in $SAMPLES (set BENCH_SAMPLES)"
	rm -rf "$tmp" "$db" "$sum"
	mkdir -p "$tmp"
	say "$n events: generating from ${#samples[@]} sample files..."
	now_us
	t0=$NOW
	"$GEN" "$n" 1 "${samples[@]}" >"$tmp/gdelt.tsv"
	# An import needs a database (with the reference data) to load into.
	"$BIN" seed --db "$tmp/gdelt.db" --log-level warn ||
		die "cannot create $tmp/gdelt.db"
	now_us
	t1=$NOW
	say "$n events: importing $(du -h "$tmp/gdelt.tsv" | cut -f1) of TSV..."
	"$BIN" import gdelt "$tmp/gdelt.tsv" --db "$tmp/gdelt.db" \
		--log-level warn 2>"$tmp/import.log" ||
		die "import failed: $(tail -3 "$tmp/import.log")"
	now_us
	t2=$NOW
	{
		grep 'gdelt import:' "$tmp/import.log"
		printf 'generated in %s s, import command %s s wall, on %s\n' \
			"$(calc %.2f "($t1 - $t0) / 1e6")" \
			"$(calc %.2f "($t2 - $t1) / 1e6")" "$(date -u +%FT%TZ)"
	} >"$tmp/summary"
	if [ -f "$tmp/gdelt.db-wal" ]; then
		mv "$tmp/gdelt.db-wal" "$db-wal"
	fi
	mv "$tmp/gdelt.db" "$db"
	mv "$tmp/summary" "$sum"
	rm -rf "$tmp"
}

# Starts dossier on $1; sets DPID, DPORT and READY_MS (exec to first 200
# on /readyz). Dies if it ends three times before it is ready.
start_dossier() {
	local db=$1 log=$2 start try

	for ((try = 1; try <= 3; try++)); do
		free_port
		DPORT=$PORT
		now_us
		start=$NOW
		"$BIN" serve --db "$db" --port "$DPORT" --log-level warn \
			--max-connections-per-ip 0 \
			2>>"$log" &
		DPID=$!
		PIDS+=("$DPID")
		if wait_200 "$DPORT" /readyz "$DPID"; then
			now_us
			READY_MS=$(calc %.1f "($NOW - $start) / 1000")
			return 0
		fi
		say "bench: dossier $EXITED before it was ready (see $log)"
	done
	die "dossier does not start"
}

# GETs $2 from port $1 into $3.headers and $3.body; prints the status.
fetch() {
	curl -sS -o "$3.body" -D "$3.headers" -w '%{http_code}' \
		"http://127.0.0.1:$1$2"
}

# Sets DEEP_TARGET to the page holding row DEEP of /events with limit=1,
# found by following links.next through pages of up to 1000 rows (cursors
# carry the position, not the page size).
deep_target() {
	local port=$1 dir=$2 left=$((DEEP - 1)) lim target next cursor=""

	while ((left > 0)); do
		lim=$((left > 1000 ? 1000 : left))
		target="/events?limit=$lim${cursor:+&cursor=$cursor}"
		[ "$(fetch "$port" "$target" "$dir/walk")" = 200 ] ||
			die "walking to the deep page: $target failed"
		next=$(jq -r '.links.next // empty' "$dir/walk.body")
		[ -n "$next" ] || die "fewer than $DEEP events to walk"
		cursor=${next##*cursor=}
		cursor=${cursor%%&*}
		left=$((left - lim))
	done
	rm -f "$dir/walk.body" "$dir/walk.headers"
	DEEP_TARGET="/events?limit=1&cursor=$cursor"
}

# Sets ALONE_MS to the median time of 5 requests for $2 on port $1 made
# one after the other: the cost of a request with nothing else to do.
time_alone() {
	local i times=()

	for ((i = 0; i < 5; i++)); do
		times+=("$(curl -sS -o /dev/null -w '%{time_total}' \
			"http://127.0.0.1:$1$2")")
	done
	ALONE_MS=$(calc %.3f "$(median "${times[@]}") * 1000")
}

# Sets TICKS to the CPU time process $1 has used, in clock ticks.
cpu_ticks() {
	local f

	TICKS=0
	read -r -a f <"/proc/$1/stat" 2>/dev/null || return 0
	TICKS=$((f[13] + f[14]))
}

# Runs wrk against $3 on port $2, served by process $4, and keeps its
# figures under R["$1|..."], with the server's CPU time per request.
bench_one() {
	local key=$1 port=$2 target=$3 pid=$4 out line kv t0

	cpu_ticks "$pid"
	t0=$TICKS
	out=$(wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" \
		--timeout "$WRK_TIMEOUT" --latency -s bench/report.lua \
		"http://127.0.0.1:$port$target")
	cpu_ticks "$pid"
	R["$key|cpu_s"]=$(calc %.2f "($TICKS - $t0) / $HZ")
	record "--- wrk $key http://127.0.0.1:$port$target"
	record "$out"
	line=$(grep '^RESULT ' <<<"$out") || die "no result from wrk for $key"
	for kv in ${line#RESULT }; do
		R["$key|${kv%%=*}"]=${kv#*=}
	done
	R["$key|cpu_us"]=$(calc %.0f "${R["$key|requests"]} > 0 ? \
		${R["$key|cpu_s"]} * 1e6 / ${R["$key|requests"]} : 0")
	record "CPU $key: ${R["$key|cpu_s"]} s of server CPU," \
		"${R["$key|cpu_us"]} us per request"
}

# Runs wrk on dossier for endpoint $2 ($3) at size $1. On a shared
# machine something else may stop dossier (a `pkill dossier`, say): then it
# is started again and the run repeated, up to three times.
bench_dossier() {
	local n=$1 ep=$2 target=$3 db=$4 log=$5 try

	for ((try = 1; try <= 3; try++)); do
		if ! alive "$DPID"; then
			say "bench: dossier $EXITED; starting it again"
			start_dossier "$db" "$log"
			INFO["$n|restarts"]=$((INFO["$n|restarts"] + 1))
		fi
		bench_one "$n|$ep|dossier" "$DPORT" "$target" "$DPID"
		sample_rss "$n" "$DPID"
		if wait_idle "$DPID"; then
			return 0
		fi
		say "bench: dossier $EXITED during the run; repeating it"
	done
	die "dossier keeps stopping"
}

median() {
	printf '%s\n' "$@" | sort -n |
		awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

bench_size() {
	local n=$1 db=$OUT/gdelt-$1.db dir=$RUN/$1 actor ep i status
	local readies=() bpid bport map

	ensure_db "$n"
	INFO["$n|import"]=$(head -1 "$OUT/gdelt-$n.import.txt")
	INFO["$n|import_note"]=$(sed -n 2p "$OUT/gdelt-$n.import.txt")
	mkdir -p "$dir"
	actor=$(sqlite3 -readonly "$db" "SELECT a.id FROM participants p
		JOIN actors a ON a.pk = p.actor GROUP BY p.actor
		ORDER BY count(*) DESC LIMIT 1")
	declare -A T=(
		[item]="/events/gdelt-$((100000000 + n / 2))"
		[country]="/events?country=$COUNTRY&limit=50"
		[actor]="/events?actor=$actor&from=$FROM&to=$TO"
		[search]="/events?q=$Q"
		[countries]="/countries"
		[actors_q]="/actors?q=$ACTOR_Q"
	)

	for ((i = 1; i <= STARTS; i++)); do
		start_dossier "$db" "$dir/dossier.log"
		readies+=("$READY_MS")
		if ((i < STARTS)); then
			stop "$DPID"
		fi
	done
	INFO["$n|ready"]=$(median "${readies[@]}")
	INFO["$n|readies"]="${readies[*]}"
	deep_target "$DPORT" "$dir"
	T[deep]=$DEEP_TARGET

	# Capture dossier's answers; bare serves exactly these.
	map=$dir/map.tsv
	: >"$map"
	for ep in "${ENDPOINTS[@]}"; do
		status=$(fetch "$DPORT" "${T[$ep]}" "$dir/$ep")
		[ "$status" = 200 ] || die "${T[$ep]} answered $status"
		printf '%s\t%s\t%s\n' "${T[$ep]}" "$dir/$ep.headers" \
			"$dir/$ep.body" >>"$map"
		R["$n|$ep|target"]=${T[$ep]}
	done
	free_port
	bport=$PORT
	"$BARE" --port "$bport" --map "$map" 2>>"$dir/bare.log" &
	bpid=$!
	PIDS+=("$bpid")
	wait_200 "$bport" "${T[countries]}" "$bpid"
	for ep in "${ENDPOINTS[@]}"; do
		fetch "$bport" "${T[$ep]}" "$dir/$ep.bare" >/dev/null
		cmp -s "$dir/$ep.body" "$dir/$ep.bare.body" ||
			die "bare's body for ${T[$ep]} differs from dossier's"
		# Both must keep connections open, as wrk expects.
		if grep -qi '^Connection: *close' "$dir/$ep.headers" \
			"$dir/$ep.bare.headers"; then
			die "a server closes the connection after ${T[$ep]}"
		fi
		time_alone "$DPORT" "${T[$ep]}"
		R["$n|$ep|alone_ms"]=$ALONE_MS
	done

	say ""
	say "== $n events: wrk -t$THREADS -c$CONNS -d${SECS}s per URL," \
		"dossier then bare =="
	INFO["$n|restarts"]=0
	for ep in "${ENDPOINTS[@]}"; do
		printf '  %-10s %s\n' "$ep" "${T[$ep]}" | tee -a "$RESULTS"
		bench_dossier "$n" "$ep" "${T[$ep]}" "$db" "$dir/dossier.log"
		bench_one "$n|$ep|bare" "$bport" "${T[$ep]}" "$bpid"
		alive "$bpid" || die "bench-bare $EXITED (see $dir/bare.log)"
	done
	stop "$bpid"
	stop "$DPID"
	print_size "$n"
}

print_size() {
	local n=$1 ep k d b errs
	local fmt="%-9s %9.0f %8.0f %6s %8.2f %8.2f %8.2f %8.2f %8.2f"

	fmt+=" %8d %8d %4d"
	say ""
	say "== $n events: dossier against bare libmicrohttpd (same bytes) =="
	say "$(printf '%-9s %9s %8s %6s %8s %8s %8s %8s %8s %8s %8s %4s' \
		endpoint 'dossier/s' 'bare/s' ratio 'p50 ms' 'p99 ms' \
		'mean ms' 'alone ms' 'bare p99' 'cpu us' 'bare us' errs)"
	for ep in "${ENDPOINTS[@]}"; do
		k="$n|$ep"
		d=${R["$k|dossier|rps"]}
		b=${R["$k|bare|rps"]}
		errs=$((R["$k|dossier|non2xx"] + R["$k|dossier|errors"] +
			R["$k|bare|non2xx"] + R["$k|bare|errors"]))
		# shellcheck disable=SC2059 # fmt is built from literals
		say "$(printf "$fmt" \
			"$ep" "$d" "$b" "$(calc %.3f "$b > 0 ? $d / $b : 0")" \
			"${R["$k|dossier|p50_ms"]}" \
			"${R["$k|dossier|p99_ms"]}" \
			"${R["$k|dossier|mean_ms"]}" "${R["$k|alone_ms"]}" \
			"${R["$k|bare|p99_ms"]}" "${R["$k|dossier|cpu_us"]}" \
			"${R["$k|bare|cpu_us"]}" "$errs")"
	done
	say "peak RSS (VmHWM) of dossier: ${INFO["$n|rss"]} MiB"
	if ((INFO["$n|restarts"] > 0)); then
		say "(dossier was stopped from outside and restarted" \
			"${INFO["$n|restarts"]} time(s); the peak is over all)"
	fi
	say "ready (exec to first 200 on /readyz): ${INFO["$n|ready"]} ms" \
		"(median of ${INFO["$n|readies"]})"
	say "import: ${INFO["$n|import"]}"
	say "        ${INFO["$n|import_note"]}"
	for ep in "${ENDPOINTS[@]}"; do
		record "raw size=$n endpoint=$ep target=${R["$n|$ep|target"]}" \
			"dossier_rps=${R["$n|$ep|dossier|rps"]}" \
			"dossier_mean_ms=${R["$n|$ep|dossier|mean_ms"]}" \
			"dossier_p50_ms=${R["$n|$ep|dossier|p50_ms"]}" \
			"dossier_p99_ms=${R["$n|$ep|dossier|p99_ms"]}" \
			"dossier_requests=${R["$n|$ep|dossier|requests"]}" \
			"dossier_alone_ms=${R["$n|$ep|alone_ms"]}" \
			"dossier_cpu_us=${R["$n|$ep|dossier|cpu_us"]}" \
			"bare_cpu_us=${R["$n|$ep|bare|cpu_us"]}" \
			"bare_rps=${R["$n|$ep|bare|rps"]}" \
			"bare_mean_ms=${R["$n|$ep|bare|mean_ms"]}" \
			"bare_p99_ms=${R["$n|$ep|bare|p99_ms"]}"
	done
}

# Per endpoint, what a request costs at each larger size over what it
# costs at the smallest: by the time of one request alone, by mean latency
# under wrk, by 1/throughput, by 1/throughput relative to bare at the
# same moment (drift in the machine's speed between runs cancels out), and
# by dossier's CPU time per request.
print_cross() {
	local small=$1 big ep a0 a1 m0 m1 r0 r1 n0 n1 c0 c1
	local fmt="%-10s %11.2f %11.2f %7s %7s %7s %7s %7s"

	shift
	for big in "$@"; do
		say ""
		say "== cost at $big events / cost at $small events =="
		say "$(printf '%-10s %11s %11s %7s %7s %7s %7s %7s' endpoint \
			"alone@$small" "alone@$big" alone mean 1/rps \
			'vs bare' 'cpu/req')"
		for ep in "${ENDPOINTS[@]}"; do
			a0=${R["$small|$ep|alone_ms"]}
			a1=${R["$big|$ep|alone_ms"]}
			m0=${R["$small|$ep|dossier|mean_ms"]}
			m1=${R["$big|$ep|dossier|mean_ms"]}
			r0=${R["$small|$ep|dossier|rps"]}
			r1=${R["$big|$ep|dossier|rps"]}
			n0=$(calc %.6f "$r0 / ${R["$small|$ep|bare|rps"]}")
			n1=$(calc %.6f "$r1 / ${R["$big|$ep|bare|rps"]}")
			c0=${R["$small|$ep|dossier|cpu_us"]}
			c1=${R["$big|$ep|dossier|cpu_us"]}
			# shellcheck disable=SC2059 # fmt is built from literals
		say "$(printf "$fmt" \
				"$ep" "$a0" "$a1" "$(calc %.2f "$a1 / $a0")" \
				"$(calc %.2f "$m1 / $m0")" \
				"$(calc %.2f "$r1 > 0 ? $r0 / $r1 : 0")" \
				"$(calc %.2f "$n1 > 0 ? $n0 / $n1 : 0")" \
				"$(calc %.2f "$c0 > 0 ? $c1 / $c0 : 0")")"
		done
	done
}

main() {
	local n sizes=()

	for n in $SIZES; do
		[[ $n =~ ^[1-9][0-9]*$ ]] ||
			die "BENCH_SIZES: '$n' is not a count"
		((n >= DEEP)) ||
			die "BENCH_SIZES: $n is under $DEEP, the deep page"
		sizes+=("$n")
	done
	[[ $SECS =~ ^[1-9][0-9]*$ ]] ||
		die "BENCH_SECONDS: '$SECS' is not a count"
	for n in wrk curl jq sqlite3; do
		command -v "$n" >/dev/null ||
			die "$n is missing: make deps-bench"
	done
	make --no-print-directory all bench-tools >/dev/null
	mkdir -p "$RUN"
	mkfifo "$RUN/nap"
	exec {NAP_FD}<>"$RUN/nap"
	rm -f "$RUN/nap"
	: >"$RESULTS"
	say "dossier benchmarks, $(date -u +%FT%TZ)," \
		"$(git describe --always --dirty 2>/dev/null || echo '?')"
	say "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)," \
		"$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)," \
		"sizes: ${sizes[*]}, ${SECS}s per run"
	for n in "${sizes[@]}"; do
		# BENCH_IMPORT_ONLY=1 (bench/uncached.sh): the databases only.
		if [ "${BENCH_IMPORT_ONLY:-0}" = 1 ]; then
			ensure_db "$n"
			continue
		fi
		bench_size "$n"
	done
	[ "${BENCH_IMPORT_ONLY:-0}" != 1 ] || return 0
	if ((${#sizes[@]} > 1)); then
		print_cross "${sizes[@]}"
	fi
	say ""
	say "raw figures and wrk output: $RESULTS"
}

main
