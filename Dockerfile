# SPDX-License-Identifier: MIT
# dossier in two stages on Debian 12. The first builds the binary and runs
# the whole test suite (`make test`); the second is bookworm-slim with the
# runtime libraries and the one binary, which embeds its data and spec. Both
# take their Debian packages from scripts/packages/ through scripts/deps.sh,
# as `make run` and `make test` do.
#
#   docker build -t dossier .
#   docker run -p 8080:8080 -v dossier-data:/data dossier
#
# Behind a TLS-inspecting proxy, hand the build the CA bundle that trusts it
# (used only by the npm step, never stored in a layer):
#   docker build --secret id=ca,src=/etc/ssl/certs/ca-certificates.crt ...

FROM debian:bookworm-slim AS build
WORKDIR /src/dossier

# Debian's build and test packages (Debian's own Node.js and npm, and
# chromium-headless-shell for the web app's browser tests, included)
# before the source, so that editing code reuses these layers.
COPY scripts/deps.sh scripts/
COPY scripts/packages/ scripts/packages/
RUN scripts/deps.sh test && rm -rf /var/lib/apt/lists/*

# The npm packages pinned by package-lock.json: Redoc, the web app's
# libraries and bundler, the spec linter, the contract check's validators,
# the browser tests' driver and the Node.js they run on.
COPY Makefile package.json package-lock.json ./
RUN --mount=type=secret,id=ca \
	if [ -f /run/secrets/ca ]; then \
		export NODE_EXTRA_CA_CERTS=/run/secrets/ca; \
	fi; \
	make node_modules/.package-lock.json

COPY . .
RUN --mount=type=secret,id=ca \
	if [ -f /run/secrets/ca ]; then \
		export NODE_EXTRA_CA_CERTS=/run/secrets/ca; \
	fi; \
	make -j"$(nproc)" test && \
	make install PREFIX=/usr/local DESTDIR=/out

FROM debian:bookworm-slim

# Only the shared libraries the binary links (scripts/packages/runtime.txt);
# no compiler, no curl.
COPY scripts/deps.sh /tmp/deps/
COPY scripts/packages/runtime.txt /tmp/deps/packages/
RUN /tmp/deps/deps.sh runtime && \
	rm -rf /tmp/deps /var/lib/apt/lists/* && \
	groupadd --gid 10001 dossier && \
	useradd --uid 10001 --gid dossier --home-dir /data --no-create-home \
		--shell /usr/sbin/nologin dossier && \
	install -d -o dossier -g dossier -m 750 /data

COPY --from=build /out/usr/local/bin/dossier /usr/local/bin/dossier

USER dossier
WORKDIR /data
# The database lives here: created, migrated and seeded on first start.
VOLUME /data
ENV DOSSIER_BIND=0.0.0.0 DOSSIER_PORT=8080 DOSSIER_DB=/data/dossier.db
EXPOSE 8080

# No curl in the image: bash opens the socket itself. Follows a changed
# DOSSIER_PORT; assumes the server listens on loopback too (0.0.0.0 does).
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
	CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${DOSSIER_PORT:-8080} && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && read -r status <&3 && [[ $status == *' 200 '* ]]"]

# Exec form: dossier is PID 1 and gets SIGTERM itself, drains, exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/dossier"]
CMD ["serve"]
