# SPDX-License-Identifier: MIT
# `make run` and `make test` are all the set-up a Debian 12 machine needs:
# both first install missing Debian packages (as root) or name them.

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

PKGS := libmicrohttpd jansson sqlite3 libsodium zlib libzip
TEST_PKGS := libcurl cmocka yaml-0.1 jansson sqlite3
WARN := -Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2
INCLUDES := -Iserver -Idb -Ihandlers
# The user's CFLAGS are extended, never replaced.
FINAL_CFLAGS = -std=c11 -D_GNU_SOURCE -DDOSSIER_VERSION='"$(VERSION)"' \
	$(WARN) $(INCLUDES) $(CFLAGS) $(SANFLAGS) \
	$(shell pkg-config --cflags $(PKGS)) -MMD -MP
FINAL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)
LIBS = $(shell pkg-config --libs $(PKGS)) -lcsv -lpthread

SRCS := $(wildcard server/*.c db/*.c handlers/*.c)
OBJS := $(SRCS:%.c=$(BUILD)/%.o) $(BUILD)/server/assets.o
BIN := $(BUILD)/dossier
# Redoc's standalone script, for /docs, comes from npm (package-lock.json).
REDOC_JS := node_modules/redoc/bundles/redoc.standalone.js
ASSETS := openapi.yaml $(wildcard db/migrations/*.sql) data/countries.csv \
	data/cameo-eventcodes.tsv data/cameo-goldsteinscale.tsv \
	data/seed/knowledge.json data/docs.html $(REDOC_JS)

TEST_SRCS := $(wildcard tests/*.c)
TEST_OBJS := $(TEST_SRCS:%.c=$(BUILD)/%.o)
TEST_BIN := $(BUILD)/dossier-tests

.PHONY: all run test check install uninstall clean deps deps-test lint-spec \
	contract docker-check

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

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

# Builds, creates and seeds $(DB) on first start, serves on 127.0.0.1.
run: deps
	@$(MAKE) --no-print-directory all
	$(BIN) serve --port $(PORT) --db $(DB)

# The npm packages pinned in package-lock.json, installed into
# node_modules/: Redoc (compiled into the binary), the spec linter and the
# contract check's validators.
NPM_STAMP := node_modules/.package-lock.json
CONTRACT_LOG := $(BUILD)/contract.jsonl

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(REDOC_JS): $(NPM_STAMP)
	@test -f $@ && touch $@

lint-spec: $(NPM_STAMP)
	node_modules/.bin/redocly lint --format=stylish openapi.yaml

# The whole suite against the real server; SAN=1 for sanitizers,
# VALGRIND=1 to run the server under valgrind memcheck. Every exchange is
# recorded in $(CONTRACT_LOG) and checked against openapi.yaml at the end
# (tests/contract/check.mjs), as the suite's last test.
test: deps-test
	@$(MAKE) --no-print-directory all $(TEST_BIN)
	@$(MAKE) --no-print-directory lint-spec
	DOSSIER_BIN=$(BIN) $(if $(SEEDS),DOSSIER_SEEDS=$(SEEDS)) \
		DOSSIER_CONTRACT_LOG=$(CONTRACT_LOG) $(TEST_BIN)

# Checks the exchanges the last `make test` recorded against openapi.yaml
# again, without running the suite (after editing the spec, say).
contract: $(NPM_STAMP)
	node tests/contract/check.mjs openapi.yaml $(CONTRACT_LOG)

check: test

# Builds the Dockerfile with buildah and runs the image, for machines without
# a Docker engine; needs root (it installs buildah and debootstrap and
# writes buildah's storage), otherwise it says what to run. Takes minutes:
# not part of `make test`.
docker-check:
	@scripts/docker-check.sh

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/dossier

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/dossier

clean:
	rm -rf build

-include $(OBJS:.o=.d) $(TEST_OBJS:.o=.d)
