#!/bin/sh
# Install what dockaudit needs on Debian 12: the build tools and libraries,
# and with --test what the test suite needs too. Run as root. Installs only
# what is missing, so a second run is quick and offline.
set -eu
pkgs="build-essential autoconf automake pkg-config libcurl4-openssl-dev
libjansson-dev libxml2-dev libproc2-dev"
if [ "${1:-}" = "--test" ]; then
	pkgs="$pkgs libcmocka-dev python3 python3-jsonschema libxml2-utils
	bsdutils util-linux docker.io busybox-static curl debhelper lintian
	fakeroot dpkg-dev groff-base systemd e2fsprogs chromium
	chromium-driver python3-selenium npm"
fi
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages:$missing (run as root to install them)" >&2
	exit 1
fi
echo "deps.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
