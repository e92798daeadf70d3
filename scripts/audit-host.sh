#!/bin/sh
# Install what is needed, build dockaudit, and audit this host against both
# shipped benchmarks. Reports go to ./reports-out (or OUTDIR): HTML reports,
# JSON records and text summaries. Exits 0 when the audit ran and the reports were written,
# whatever it found (dockaudit's own exit code gates: see dockaudit(1)).
set -u
usage() {
	cat <<'EOF'
usage: scripts/audit-host.sh [-H URL] [OUTDIR]
Install the build dependencies, build dockaudit and audit this host against
both shipped benchmarks; the reports go to OUTDIR (default reports-out; a
relative OUTDIR is taken from the top of the source tree).
  -H URL      the Docker daemon to audit (unix:///path or tcp://host:port);
              default $DOCKER_HOST, else the local socket
  -h, --help  print this help
Exits 0 when the audit ran and the reports were written, whatever it found;
1 when the build failed.
EOF
}
host=""
while [ $# -gt 0 ]; do
	case $1 in
	-h|--help) usage; exit 0 ;;
	-H) [ $# -ge 2 ] || { usage >&2; exit 2; }; host=$2; shift 2 ;;
	-H*) host=${1#-H}; shift ;;
	--) shift; break ;;
	-?*) echo "audit-host.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -le 1 ] || { usage >&2; exit 2; }
out=${1:-reports-out}
cd "$(dirname "$0")/.." || exit 1
scripts/deps.sh || exit 1
# Out of tree, in the same place as scripts/test.sh's plain build. configure
# is run by a relative path: automake refuses a source path with spaces.
# step NAME COMMAND...: run it with its output in build/NAME.log; if it
# fails, show the end of that log and stop.
step() {
	log=build/$1.log; shift
	"$@" >"$log" 2>&1 && return 0
	{
		echo "== $log (last 20 lines)"
		tail -n 20 "$log"
		echo "build failed (see $(pwd)/$log)"
	} >&2
	exit 1
}
mkdir -p build/plain || exit 1
step autogen sh -c '[ -x configure ] || ./autogen.sh'
step configure sh -c '[ -f build/plain/Makefile ] || { cd build/plain && ../../configure -q; }'
step make make -C build/plain -s -j2
mkdir -p "$out" || exit 1
status=0
for b in cis-docker-1.8.0 container-host-kernel; do
	echo "== $b"
	DOCKAUDIT_BENCHDIR=benchmarks build/plain/dockaudit ${host:+-H "$host"} -b "$b" \
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
[ "$status" -eq 0 ] && echo "Reports: $(cd "$out" && pwd)/{cis-docker-1.8.0,container-host-kernel}.{html,json,txt}"
exit "$status"
