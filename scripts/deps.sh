#!/bin/sh
# Install what dockaudit needs on Debian 12: the build tools and libraries,
# with --test what the test suite needs too, with --extra also clang and
# valgrind (make fuzz, make check-valgrind). Run as root. Installs only
# what is missing, so a second run is quick and offline.
set -eu
# libcurl: the GnuTLS flavour (see docs/DESIGN.md, Decisions), unless another
# flavour's headers are there already: either builds, none is removed.
curl_dev=libcurl4-gnutls-dev
for p in libcurl4-openssl-dev libcurl4-nss-dev; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" &&
		curl_dev=$p
done
pkgs="build-essential autoconf automake pkg-config $curl_dev
libjansson-dev libxml2-dev libproc2-dev nettle-dev libarchive-dev"
if [ "${1:-}" = "--test" ] || [ "${1:-}" = "--extra" ]; then
	pkgs="$pkgs libcmocka-dev python3 python3-jsonschema libxml2-utils
	bsdutils util-linux docker.io busybox-static curl debhelper lintian
	fakeroot dpkg-dev groff-base systemd e2fsprogs chromium
	chromium-driver python3-selenium openscap-scanner openssh-client poppler-utils
	ansible-core openssh-server podman crun catatonit fuse-overlayfs
	slirp4netns uidmap rootlesskit debootstrap skopeo buildah"
fi
if [ "${1:-}" = "--extra" ]; then
	pkgs="$pkgs clang valgrind"
fi
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
# npm fetches the SARIF schema for the tests. It may come from Debian or
# with another Node.js (whose package conflicts with Debian's npm): any
# npm will do, and without one the schema check is skipped, not failed.
if [ "${1:-}" != "" ] && ! command -v npm >/dev/null 2>&1; then
	optional="npm"
else
	optional=""
fi
[ -z "$missing" ] && [ -z "$optional" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages:$missing (run as root to install them)" >&2
	exit 1
fi
echo "deps.sh: installing$missing $optional" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if [ -n "$missing" ]; then
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null || exit 1
fi
if [ -n "$optional" ]; then
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $optional >/dev/null 2>&1 ||
		echo "deps.sh: could not install $optional (optional)" >&2
fi
exit 0
