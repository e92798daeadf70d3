#!/bin/sh
# Install what is needed, build dockaudit, and audit this host against both
# shipped benchmarks. Reports go to ./reports-out (or $1): HTML reports,
# JSON records and text summaries. Exits 0 when the audit ran and the reports were written,
# whatever it found (dockaudit's own exit code gates: see dockaudit(1)).
set -u
cd "$(dirname "$0")/.."
out=${1:-reports-out}
scripts/deps.sh || exit 1
# Out of tree, in the same place as scripts/test.sh's plain build.
top=$(pwd)
mkdir -p build/plain
{ [ -x configure ] || ./autogen.sh; } >build/autogen.log 2>&1 &&
{ [ -f build/plain/Makefile ] || (cd build/plain && "$top/configure" -q); } \
    >build/configure.log 2>&1 &&
(cd build/plain && make -s -j2) >build/make.log 2>&1 ||
	{ tail -20 build/*.log >&2; echo "build failed (see build/*.log)" >&2; exit 1; }
mkdir -p "$out" || exit 1
status=0
for b in cis-docker-1.6.0 container-host-kernel; do
	echo "== $b"
	DOCKAUDIT_BENCHDIR=benchmarks build/plain/dockaudit -b "$b" \
		-o "$out/$b.html" -o "$out/$b.json" -o "$out/$b.txt"
	rc=$?
	case $rc in
	0) echo "-> gate passed" ;;
	1) echo "-> some scored rules failed (exit 1)" ;;
	3) echo "-> some rules could not be evaluated (exit 3)" ;;
	*) echo "-> the audit did not run (exit $rc)"; status=$rc ;;
	esac
	echo
done
[ "$status" -eq 0 ] && echo "Reports: $(cd "$out" && pwd)/{cis-docker-1.6.0,container-host-kernel}.{html,json,txt}"
exit "$status"
