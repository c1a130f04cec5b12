#!/bin/sh
# SPDX-License-Identifier: MIT
# Makes sure the Debian packages dossier needs are installed: as root it
# installs the missing ones, otherwise it prints the one command to run.
# Usage: scripts/deps.sh build|test|fuzz|bench
set -eu

pkgs="gcc make pkg-config libc6-dev libmicrohttpd-dev libjansson-dev \
libsqlite3-dev libsodium-dev libcsv-dev zlib1g-dev libzip-dev"
if [ "${1:-build}" = test ]; then
	pkgs="$pkgs libcurl4-openssl-dev libcmocka-dev libyaml-dev prometheus"
fi
if [ "${1:-build}" = fuzz ]; then
	pkgs="$pkgs clang libclang-rt-14-dev"
fi
if [ "${1:-build}" = bench ]; then
	pkgs="$pkgs wrk"
fi

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
# The build takes the documentation page's script from npm, and the spec
# linter and the contract check run on Node; any installed Node (Debian's
# or another vendor's package) will do, so look for the commands, not a
# package.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"

[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "installing:$missing"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $missing
else
	echo "dossier needs these Debian packages. Run:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi
