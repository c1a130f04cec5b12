# SPDX-License-Identifier: MIT
# free_port, sourced by tests/pg_server.sh and tests/pg_cluster.sh: a port
# free on every address, below the kernel's range of ephemeral ports. A
# port from that range can be the local end of a client connection, even
# one in TIME-WAIT (thousands after the suite), which makes PostgreSQL's
# bind to every address fail.
free_port() {
	python3 - <<'EOF' 2>/dev/null || echo $((20000 + RANDOM % 12000))
import random, socket
lo = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
while True:
    port = random.randrange(max(1024, lo - 12000), lo)
    s = socket.socket()
    try:
        s.bind(("", port))
        print(port)
        break
    except OSError:
        pass
    finally:
        s.close()
EOF
}
