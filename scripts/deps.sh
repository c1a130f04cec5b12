#!/bin/sh
# SPDX-License-Identifier: MIT
# Makes sure the Debian packages one purpose needs are installed: as root it
# installs the missing ones, otherwise it prints the one command to run.
#
#   scripts/deps.sh build|test|bench|fuzz|pg|docker|runtime
#
# Each purpose's packages are listed once, in scripts/packages/PURPOSE.txt
# (one a line, # comments); the Makefile and both stages of the Dockerfile
# come here for them. test, bench and fuzz need build.txt too; docker
# (make docker-check's own tools) and runtime (the Docker image's second
# stage: the shared libraries) stand alone.
set -eu

dir=$(dirname "$0")/packages
purpose=${1:-build}
case $purpose in
build | runtime | docker) lists="$purpose" ;;
test | bench | fuzz | pg) lists="build $purpose" ;;
*)
	echo "usage: $0 build|test|bench|fuzz|pg|docker|runtime" >&2
	exit 2
	;;
esac

missing=""
for list in $lists; do
	for p in $(sed -e 's/#.*//' "$dir/$list.txt"); do
		case $p in
		# Any node and npm on PATH will do (Debian's or another vendor's
		# package): they only run `npm ci`, which installs the pinned
		# Node.js that runs the tools (package.json).
		nodejs) command -v node >/dev/null 2>&1 && continue ;;
		npm) command -v npm >/dev/null 2>&1 && continue ;;
		esac
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'ok installed' || missing="$missing $p"
	done
done

[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "installing:$missing"
	apt-get update -qq
	# shellcheck disable=SC2086 # one word a package
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $missing
else
	echo "dossier needs these Debian packages. Run:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi
