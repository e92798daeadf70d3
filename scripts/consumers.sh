#!/bin/sh
# Install the consumers of dockaudit's reports that the suite runs
# (tests/consumers/package.json: sarif-multitool, Heimdall's hdf-converters),
# pinned by tests/consumers/package-lock.json, into a cache directory keyed
# by the lock file's digest; print that directory. A second run is offline.
#
#   scripts/consumers.sh           install if needed, print the directory
#   DOCKAUDIT_CONSUMERS=DIR        use DIR as it is (already installed)
#
# Exits 1 with one line on stderr when npm is missing or the install fails.
set -eu
cd "$(dirname "$0")/../tests/consumers"
if [ -n "${DOCKAUDIT_CONSUMERS:-}" ]; then
	echo "$DOCKAUDIT_CONSUMERS"
	exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "consumers.sh: npm is not installed" >&2; exit 1; }
sum=$(cat package.json package-lock.json | sha256sum | cut -c1-16)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/dockaudit-tests
dir=$cache/consumers-$sum
if [ ! -f "$dir/.done" ]; then
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/consumers.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	cp package.json package-lock.json "$tmp/"
	# --ignore-scripts: no package's install script runs; the one thing
	# sarif-multitool's would do (make its binary executable) is done here.
	(cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >npm.log 2>&1) ||
		{ echo "consumers.sh: npm ci failed: $(tail -n 1 "$tmp/npm.log")" >&2; exit 1; }
	chmod u+x "$tmp/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
	touch "$tmp/.done"
	rm -rf "$dir"
	mv "$tmp" "$dir"
	trap - EXIT
fi
echo "$dir"
