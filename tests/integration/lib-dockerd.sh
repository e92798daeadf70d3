#!/bin/sh
# Private Docker daemons for dockaudit's tests (POSIX sh, sourced).
# dockerd_start DIR: start one with its own data root, exec root, pidfile
# and socket under DIR; 0 when /_ping answers, else 1 with the reason.
# dockerd_stop DIR: stop it by its pid, clean up DIR (safe to call twice).

dockerd_install() {
	command -v dockerd >/dev/null 2>&1 && [ -x /bin/busybox ] && return 0
	[ "$(id -u)" -eq 0 ] || { echo "docker.io is not installed and we are not root"; return 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io busybox-static >/dev/null 2>&1 ||
	{ apt-get update -qq >/dev/null 2>&1 &&
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io busybox-static >/dev/null 2>&1; } ||
	{ echo "cannot install docker.io busybox-static"; return 1; }
}

docker_private() {
	_d=$1; shift
	DOCKER_HOST="unix://$_d/docker.sock" docker "$@"
}

dockerd_start() {
	_d=$1
	dockerd_install || return 1
	mkdir -p "$_d" || return 1
	dockerd --data-root "$_d/root" --exec-root "$_d/exec" --pidfile "$_d/dockerd.pid" \
	    -H "unix://$_d/docker.sock" --iptables=false --ip-masq=false --bridge=none \
	    >"$_d/dockerd.log" 2>&1 &
	_i=0
	while [ $_i -lt 120 ]; do
		curl -sf --unix-socket "$_d/docker.sock" http://localhost/_ping >/dev/null 2>&1 && return 0
		[ -f "$_d/dockerd.pid" ] || kill -0 $! 2>/dev/null || break
		sleep 0.5
		_i=$((_i + 1))
	done
	echo "dockerd did not start: $(tail -3 "$_d/dockerd.log" 2>/dev/null | tr '\n' ' ')"
	dockerd_stop "$_d" >/dev/null 2>&1
	return 1
}

dockerd_stop() {
	_d=$1
	[ -d "$_d" ] || return 0
	if [ -S "$_d/docker.sock" ]; then
		_ids=$(docker_private "$_d" ps -aq 2>/dev/null)
		[ -n "$_ids" ] && docker_private "$_d" rm -f $_ids >/dev/null 2>&1
	fi
	if [ -f "$_d/dockerd.pid" ]; then
		_pid=$(cat "$_d/dockerd.pid")
		kill "$_pid" 2>/dev/null
		_i=0
		while kill -0 "$_pid" 2>/dev/null && [ $_i -lt 40 ]; do sleep 0.25; _i=$((_i + 1)); done
		kill -9 "$_pid" 2>/dev/null
	fi
	# containerd and shims it started for this exec root
	pkill -f "containerd.*$_d/exec" 2>/dev/null
	grep " $_d" /proc/self/mounts | awk '{print $2}' | sort -r | while read -r _m; do
		umount -l "$_m" 2>/dev/null
	done
	rm -rf "$_d"
	[ ! -d "$_d" ]
}

dockerd_import_busybox() {
	_d=$1; _tag=$2
	_img=$(mktemp -d)
	mkdir -p "$_img/bin" "$_img/tmp" && cp /bin/busybox "$_img/bin/busybox" || return 1
	for _l in sh sleep top ps cat true id printf chmod mkdir; do ln -s busybox "$_img/bin/$_l"; done
	tar -C "$_img" -c . | docker_private "$_d" import - "$_tag" >/dev/null
	_rc=$?
	rm -rf "$_img"
	return $_rc
}
