# SPDX-License-Identifier: MIT
# free_port, sourced by the benchmarks: sets
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
