#!/bin/sh
# Build dockaudit and run the whole test suite: the normal build, then the
# same suite built with AddressSanitizer + UndefinedBehaviorSanitizer.
# Ends with the line CI reads: "N passed, N failed" (the skipped tests are
# counted on the line before it).
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
scripts/deps.sh --test || exit 1
# The consumers of our reports (sarif-multitool, hdf-converters), from npm;
# the tests that run them fail, naming this, when they could not be installed.
DOCKAUDIT_CONSUMERS=$(scripts/consumers.sh) || DOCKAUDIT_CONSUMERS=
export DOCKAUDIT_CONSUMERS
./autogen.sh >/dev/null 2>&1 || { echo "autogen.sh failed" >&2; exit 1; }

# One build per flavour, out of tree, so both can coexist. configure is run
# by a relative path (automake refuses a source path with spaces), and with
# --with-cmocka: the unit tests must run here, not be skipped.
build() {
	name=$1; shift
	mkdir -p "build/$name" && cd "build/$name" || exit 1
	../../configure -q --with-cmocka "$@" >/dev/null && make -s -j2 >/dev/null 2>make.err ||
		{ cat make.err >&2; echo "0 passed, 1 failed"; exit 1; }
	make -s -j2 check >check.out 2>&1
	grep -E '^(FAIL|ERROR|XPASS)' check.out >&2
	cd "$top" || exit 1
}
build plain
build sanitizers --enable-sanitizers
total_pass=0 total_fail=0 total_skip=0
for b in plain sanitizers; do
	line=$(cd "build/$b" && make -s check-summary)
	echo "$b: $line"
	set -- $line
	total_pass=$((total_pass + $1)) total_fail=$((total_fail + $3))
	total_skip=$((total_skip + $5))
done
echo "$total_skip skipped"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
