# shellcheck shell=sh
# lib-engines.sh: every kind of container engine of a Debian 12 host for dockaudit's
# tests: rootful Podman, rootless Podman, rootless dockerd (POSIX sh; source it; root).
# (Rootful dockerd is tests/integration/lib-dockerd.sh.)
#
#   engines_init                 make this run's folder ENGINES_BASE (/tmp/da-eng-$$,
#                                its owner recorded as pid + start time) and sweep
#   engines_sweep                remove what a killed earlier run left: users da-rl-*
#                                (their processes, pause processes, /run/user/UID,
#                                homes), services and containers of /tmp/da-eng-*
#                                folders whose owner is gone, their mounts, tun nodes,
#                                the folders, /run/user/UID of a uid no user has
#                                (holding only engine files); waits for a stop that
#                                outlived its run (BASE/.stopping); prints what it removed
#   podman_rootful_start DIR     rootful `podman system service` on DIR/podman.sock,
#                                config, storage, runroot, graphroot, tmp dir under
#                                DIR; in a mount and network namespace of its own (CNI
#                                bridge, iptables, /run/netns, /var/lib/cni, runc's
#                                state stay off the host); busybox:da imported
#   rootless_user_add NAME       user NAME (subuid/subgid ranges from useradd), home
#                                ENGINES_BASE/home-NAME, XDG_RUNTIME_DIR /run/user/UID
#                                (0700, the user's), a 0666 tun node ENGINES_BASE/tun-NAME
#   podman_rootless_start USER   `podman system service` as USER on
#                                $XDG_RUNTIME_DIR/podman/podman.sock; busybox:da imported
#   dockerd_rootless_start USER  dockerd-rootless.sh as USER on $XDG_RUNTIME_DIR/docker.sock,
#                                with ~/.config/docker/daemon.json; busybox:da imported
#   engines_run_weak KIND SOCK   the containers with known weaknesses (caps, hostpid,
#                                port80, highport, ro, priv, hardened); KIND is podman
#                                or docker; writes SOCK's refusals to ENGINES_BASE/runs.log
#   engines_stop                 stop everything by pid (TERM, then KILL), pause
#                                processes by pause.pid, unmount, remove users, homes,
#                                runtime dirs, tun nodes, ENGINES_BASE. Safe twice and
#                                from a trap (EXIT INT TERM).
#   rootless_user_del NAME       (engines_stop's part for one user) its containers,
#                                services, pause process, every process of its uid and
#                                subuids, its files in /tmp, /run/user/UID, the user,
#                                its home
#   engines_ping SOCK            0 when SOCK answers GET /_ping with OK
#   engines_podman SOCK ARGS...  the podman CLI (--remote) against SOCK
#   engines_docker SOCK ARGS...  the docker CLI against SOCK
#   rootless_socket KIND USER    the socket of USER's podman or docker service
#
# Rootless services run inside `unshare -m -n --propagation private` with the tun node
# bound over /dev/net/tun (the host's /dev/net/tun is 0600 and stays as it is) and a
# network namespace of their own (published ports are bound there, not on the host), as
# `runuser -u USER -- env -i HOME=... XDG_RUNTIME_DIR=... PATH=...`.
# See shared/IDIOMS.md ("Podman and rootless Docker on these machines").
#
# Typical use:
#   . tests/engines/lib-engines.sh
#   trap 'engines_stop' EXIT; trap 'exit 130' INT; trap 'exit 143' TERM
#   engines_init || exit 1
#   podman_rootful_start "$ENGINES_BASE/podman" && engines_run_weak podman "$ENGINES_BASE/podman/podman.sock"
#
# Tunables: ENGINES_START_TIMEOUT (s, default 60), ENGINES_STOP_TIMEOUT (s, default 20).
# Functions use variables prefixed with _en<letter>_ (no `local` in POSIX sh).

ENGINES_START_TIMEOUT=${ENGINES_START_TIMEOUT:-60}
ENGINES_STOP_TIMEOUT=${ENGINES_STOP_TIMEOUT:-20}
ENGINES_PREFIX=/tmp/da-eng-
ENGINES_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ENGINES_IMAGE=localhost/busybox:da

_en_say() { echo "lib-engines: $*" >&2; }

# _en_cmdline PID: the command line with spaces for NULs (empty if gone)
_en_cmdline() { { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null; }

# _en_start_time PID: field 22 of /proc/PID/stat (tells a pid from its reuse)
_en_start_time() {
	{ sed 's/^.*) //' "/proc/$1/stat" | cut -d' ' -f20; } 2>/dev/null
}

# _en_children PID: the pids whose parent is PID
_en_children() {
	for _enh_p in /proc/[0-9]*; do
		_enh_p=${_enh_p#/proc/}
		[ "$({ sed 's/^.*) //' "/proc/$_enh_p/stat" | cut -d' ' -f2; } 2>/dev/null)" = "$1" ] && echo "$_enh_p"
	done
}

# _en_uid PID: the real uid of PID (empty if gone)
_en_uid() { { awk '/^Uid:/ { print $2; exit }' "/proc/$1/status"; } 2>/dev/null; }

# _en_kill_wait SECONDS PIDS...: TERM them, wait up to SECONDS, then KILL
_en_kill_wait() {
	_enk_t=$1; shift
	[ $# -gt 0 ] || return 0
	kill -TERM "$@" 2>/dev/null
	_enk_i=0
	while [ $_enk_i -lt $((_enk_t * 4)) ]; do
		_enk_alive=
		for _enk_p in "$@"; do
			kill -0 "$_enk_p" 2>/dev/null && _enk_alive=1
		done
		[ -n "$_enk_alive" ] || return 0
		sleep 0.25
		_enk_i=$((_enk_i + 1))
	done
	kill -KILL "$@" 2>/dev/null
	sleep 0.3
}

# _en_pidfile_pid FILE PATTERN: the pid in FILE if its command line matches PATTERN
_en_pidfile_pid() {
	[ -f "$1" ] || return 0
	_enf_p=$(head -1 "$1" 2>/dev/null)
	case $_enf_p in '' | *[!0-9]*) return 0 ;; esac
	# shellcheck disable=SC2254
	case $(_en_cmdline "$_enf_p") in
	$2) echo "$_enf_p" ;;
	esac
}

# _en_mounts DIR: mount points at or under DIR, deepest first
_en_mounts() {
	awk -v d="$1" '$2 == d || index($2, d "/") == 1 { print length($2), $2 }' /proc/self/mounts |
		sort -rn | cut -d' ' -f2-
}

_en_umount_under() {
	_enm_n=0
	while [ $_enm_n -lt 3 ]; do
		_enm_m=$(_en_mounts "$1")
		[ -n "$_enm_m" ] || return 0
		echo "$_enm_m" | while read -r _enm_x; do
			umount "$_enm_x" 2>/dev/null || umount -l "$_enm_x" 2>/dev/null
		done
		_enm_n=$((_enm_n + 1))
	done
	[ -z "$(_en_mounts "$1")" ]
}

engines_ping() {
	[ -S "$1" ] &&
		[ "$(curl -s --max-time 3 --unix-socket "$1" http://localhost/_ping 2>/dev/null)" = OK ]
}

engines_podman() {
	_enp_s=$1; shift
	podman --remote --url "unix://$_enp_s" "$@"
}

engines_docker() {
	_enx_s=$1; shift
	(
		unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_TLS DOCKER_CERT_PATH
		DOCKER_HOST="unix://$_enx_s"
		export DOCKER_HOST
		exec "${DOCKER_CLI:-docker}" "$@"
	)
}

# _en_wait_ping SOCK PID WHAT LOG: wait for SOCK while PID lives; 1 with the reason
_en_wait_ping() {
	_enw_i=0
	while [ $_enw_i -lt $((ENGINES_START_TIMEOUT * 2)) ]; do
		engines_ping "$1" && return 0
		kill -0 "$2" 2>/dev/null || break
		sleep 0.5
		_enw_i=$((_enw_i + 1))
	done
	if kill -0 "$2" 2>/dev/null; then
		_enw_why="no answer on $1 after ${ENGINES_START_TIMEOUT}s"
	else
		_enw_why="it exited"
	fi
	_en_say "cannot start $3: $_enw_why: $(grep -iE 'level=(fatal|error)|error|denied|fail' "$4" 2>/dev/null |
		tail -3 | sed 's/^time="[^"]*" //' | tr '\n' ' ' | cut -c1-500)"
	return 1
}

# ---------------------------------------------------------------- this run ---

# _en_owner_alive BASE: 0 when the run that made BASE still runs
_en_owner_alive() {
	[ -f "$1/.owner" ] || return 1
	read -r _eno_p _eno_t <"$1/.owner" 2>/dev/null || return 1
	case $_eno_p in '' | *[!0-9]*) return 1 ;; esac
	[ -d "/proc/$_eno_p" ] && [ "$(_en_start_time "$_eno_p")" = "$_eno_t" ]
}

engines_init() {
	[ "$(id -u)" -eq 0 ] || { _en_say "needs root (uid $(id -u))"; return 1; }
	for _eni_c in podman curl unshare runuser useradd userdel mknod; do
		command -v "$_eni_c" >/dev/null 2>&1 || { _en_say "no $_eni_c in PATH"; return 1; }
	done
	ENGINES_BASE=${ENGINES_PREFIX}$$
	engines_sweep
	mkdir -p "$ENGINES_BASE" && chmod 0755 "$ENGINES_BASE" || return 1
	echo "$$ $(_en_start_time $$)" >"$ENGINES_BASE/.owner"
	: >"$ENGINES_BASE/runs.log"
}

# _en_bb_tar: ENGINES_BASE/busybox.tar, /bin/busybox (static) and links
_en_bb_tar() {
	[ -s "$ENGINES_BASE/busybox.tar" ] && return 0
	[ -x /bin/busybox ] || { _en_say "no /bin/busybox (install busybox-static)"; return 1; }
	if ldd /bin/busybox 2>/dev/null | grep -q '=>'; then
		_en_say "/bin/busybox is dynamically linked: install busybox-static"; return 1
	fi
	_enb_t=$ENGINES_BASE/bb
	mkdir -p "$_enb_t/bin" "$_enb_t/tmp" "$_enb_t/etc" && chmod 1777 "$_enb_t/tmp" &&
		cp /bin/busybox "$_enb_t/bin/busybox" || return 1
	for _enb_l in sh sleep top ps cat true id printf chmod mkdir ls echo; do
		ln -sf busybox "$_enb_t/bin/$_enb_l"
	done
	printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$_enb_t/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$_enb_t/etc/group"
	tar -C "$_enb_t" --numeric-owner --owner=0 --group=0 -cf "$ENGINES_BASE/busybox.tar" . &&
		rm -rf "$_enb_t"
}

# _en_import KIND SOCK: import the busybox tree as $ENGINES_IMAGE
_en_import() {
	_en_bb_tar || return 1
	case $1 in
	podman) engines_podman "$2" import --change 'CMD ["/bin/sh"]' "$ENGINES_BASE/busybox.tar" "$ENGINES_IMAGE" >/dev/null ;;
	docker) engines_docker "$2" import --change 'CMD ["/bin/sh"]' - "$ENGINES_IMAGE" <"$ENGINES_BASE/busybox.tar" >/dev/null ;;
	esac || { _en_say "import of $ENGINES_IMAGE into $2 failed"; return 1; }
}

# --------------------------------------------------------- rootful podman ---

podman_rootful_start() {
	[ $# -eq 1 ] && [ -n "$1" ] || { _en_say "usage: podman_rootful_start DIR"; return 2; }
	[ -n "${ENGINES_BASE:-}" ] || { _en_say "engines_init first"; return 1; }
	_enr_d=$1
	case $_enr_d in
	/*[!A-Za-z0-9._/-]* | [!/]*) _en_say "DIR must be absolute, [A-Za-z0-9._/-]: $_enr_d"; return 1 ;;
	esac
	command -v runc >/dev/null 2>&1 || { _en_say "no runc"; return 1; }
	mkdir -p "$_enr_d/net" "$_enr_d/tmp" || return 1
	: >"$_enr_d/.lib-engines"
	grep -qxF "$_enr_d" "$ENGINES_BASE/rootful.list" 2>/dev/null || echo "$_enr_d" >>"$ENGINES_BASE/rootful.list"
	cat >"$_enr_d/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$_enr_d/events.log"
tmp_dir = "$_enr_d/tmp"
image_copy_tmp_dir = "$_enr_d/tmp"

[network]
network_config_dir = "$_enr_d/net"
EOF
	cat >"$_enr_d/storage.conf" <<EOF
[storage]
driver = "overlay"
runroot = "$_enr_d/run"
graphroot = "$_enr_d/root"
EOF
	# the service's own mount and network namespaces: tmpfs over /run (runc's state,
	# /run/netns) and /var/lib (CNI's IPAM and cache), lo up; the CNI bridge and its
	# iptables rules live in that network namespace
	cat >"$_enr_d/service.sh" <<EOF
mount -t tmpfs -o mode=0755 da-eng-run /run && mkdir /run/netns /run/lock || exit 1
mount -t tmpfs -o mode=0755 da-eng-varlib /var/lib && mkdir /var/lib/cni || exit 1
ip link set lo up || exit 1
CONTAINERS_CONF=$_enr_d/containers.conf CONTAINERS_STORAGE_CONF=$_enr_d/storage.conf
export CONTAINERS_CONF CONTAINERS_STORAGE_CONF
exec podman system service --time=0 unix://$_enr_d/podman.sock
EOF
	# unshare without --fork execs sh, which execs podman: one pid
	unshare -m -n --propagation private sh "$_enr_d/service.sh" </dev/null >"$_enr_d/service.log" 2>&1 &
	echo $! >"$_enr_d/service.pid"
	_en_wait_ping "$_enr_d/podman.sock" "$(cat "$_enr_d/service.pid")" "rootful podman" "$_enr_d/service.log" ||
		{ podman_rootful_stop "$_enr_d" >/dev/null 2>&1; return 1; }
	_en_import podman "$_enr_d/podman.sock"
}

# _en_rootful_ctr_ids DIR: ids of the containers of the rootful podman in DIR
_en_rootful_ctr_ids() {
	for _enc_c in "$1"/root/overlay-containers/*; do
		_enc_c=${_enc_c##*/}
		case $_enc_c in [0-9a-f]*) [ ${#_enc_c} -eq 64 ] && echo "$_enc_c" ;; esac
	done
}

podman_rootful_stop() {
	_enz_d=$1
	[ -d "$_enz_d" ] || return 0
	_enz_ids=$(_en_rootful_ctr_ids "$_enz_d")
	if engines_ping "$_enz_d/podman.sock"; then
		engines_podman "$_enz_d/podman.sock" rm -f -a -t 0 >/dev/null 2>&1
	fi
	_enz_svc=$(_en_pidfile_pid "$_enz_d/service.pid" "*podman*system*service*$_enz_d/*")
	# shellcheck disable=SC2086
	_en_kill_wait "$ENGINES_STOP_TIMEOUT" $_enz_svc
	# conmon (its -b names DIR), then what runs in our containers' cgroups
	_enz_left=
	for _enz_p in /proc/[0-9]*; do
		_enz_p=${_enz_p#/proc/}
		[ "$_enz_p" = "$$" ] && continue
		case $(_en_cmdline "$_enz_p") in
		*conmon*"$_enz_d/"* | *podman*"$_enz_d/"*) _enz_left="$_enz_left $_enz_p" ;;
		esac
	done
	# shellcheck disable=SC2086
	_en_kill_wait 5 $_enz_left
	if [ -n "$_enz_ids" ]; then
		# shellcheck disable=SC2086
		_enz_re=$(echo $_enz_ids | tr ' ' '|')
		_enz_cp=
		for _enz_p in /proc/[0-9]*; do
			_enz_p=${_enz_p#/proc/}
			grep -Eq "libpod-($_enz_re)(\.scope)?\$" "/proc/$_enz_p/cgroup" 2>/dev/null && _enz_cp="$_enz_cp $_enz_p"
		done
		# shellcheck disable=SC2086
		[ -n "$_enz_cp" ] && kill -KILL $_enz_cp 2>/dev/null && sleep 0.3
		for _enz_c in $_enz_ids; do
			for _enz_g in /sys/fs/cgroup/*/libpod_parent/libpod-"$_enz_c" /sys/fs/cgroup/*/libpod_parent/libpod-conmon-"$_enz_c" \
				/sys/fs/cgroup/*/libpod_parent/conmon /sys/fs/cgroup/libpod_parent/libpod-"$_enz_c"; do
				[ -d "$_enz_g" ] && rmdir "$_enz_g" 2>/dev/null
			done
		done
	fi
	_en_umount_under "$_enz_d" || { _en_say "mounts remain under $_enz_d"; return 1; }
	if [ -f "$_enz_d/.lib-engines" ]; then
		rm -rf --one-file-system "$_enz_d"
	fi
	[ ! -d "$_enz_d" ]
}

# ---------------------------------------------------------- rootless users ---

# _en_user_field NAME N: field N of NAME's passwd entry
_en_user_field() { getent passwd "$1" | cut -d: -f"$2"; }

# _en_sub NAME FILE: "start count" of NAME's range in /etc/subuid or /etc/subgid
_en_sub() { awk -F: -v u="$1" '$1 == u { print $2, $3; exit }' "$2" 2>/dev/null; }

rootless_user_add() {
	[ $# -eq 1 ] || { _en_say "usage: rootless_user_add NAME"; return 2; }
	[ -n "${ENGINES_BASE:-}" ] || { _en_say "engines_init first"; return 1; }
	case $1 in da-rl-*) ;; *) _en_say "user names must be da-rl-*: $1"; return 1 ;; esac
	if getent passwd "$1" >/dev/null; then
		_en_say "user $1 exists (owned by a running test?)"; return 1
	fi
	_enu_h=$ENGINES_BASE/home-$1
	echo "$1" >>"$ENGINES_BASE/users.list"
	useradd -M -d "$_enu_h" -s /bin/sh -c "dockaudit engines $ENGINES_BASE" "$1" ||
		{ _en_say "useradd $1 failed"; return 1; }
	_enu_uid=$(_en_user_field "$1" 3)
	if [ -z "$(_en_sub "$1" /etc/subuid)" ] || [ -z "$(_en_sub "$1" /etc/subgid)" ]; then
		# useradd gives ranges when SUB_UID_COUNT is set; else take one above the rest
		_enu_s=$(cat /etc/subuid /etc/subgid 2>/dev/null | awk -F: 'BEGIN { m = 100000 } $2 + $3 > m { m = $2 + $3 } END { print m }')
		usermod --add-subuids "$_enu_s-$((_enu_s + 65535))" --add-subgids "$_enu_s-$((_enu_s + 65535))" "$1" ||
			{ _en_say "usermod --add-subuids failed for $1"; return 1; }
	fi
	mkdir -p "$_enu_h/.config" && chown -R "$1:" "$_enu_h" && chmod 0700 "$_enu_h" || return 1
	_enu_x=/run/user/$_enu_uid
	[ -e "$_enu_x" ] && { _en_say "$_enu_x exists already"; return 1; }
	mkdir -p /run/user && mkdir -m 0700 "$_enu_x" && chown "$1:" "$_enu_x" || return 1
	mknod -m 0666 "$ENGINES_BASE/tun-$1" c 10 200 || { _en_say "mknod tun failed"; return 1; }
}

# _en_user_env NAME: sets _ene_home _ene_uid _ene_xdg
_en_user_env() {
	_ene_home=$(_en_user_field "$1" 6)
	_ene_uid=$(_en_user_field "$1" 3)
	_ene_xdg=/run/user/$_ene_uid
	[ -n "$_ene_uid" ] && [ -d "$_ene_home" ] && [ -d "$_ene_xdg" ] ||
		{ _en_say "no rootless user $1 (rootless_user_add first)"; return 1; }
}

rootless_socket() {
	_en_user_env "$2" || return 1
	case $1 in
	podman) echo "$_ene_xdg/podman/podman.sock" ;;
	docker) echo "$_ene_xdg/docker.sock" ;;
	esac
}

# _en_as_user NAME LOG PIDFILE CMD...: run CMD as NAME in the background, in a private
# mount namespace where the tun node is bound over /dev/net/tun, and a network
# namespace of its own (lo up: the published ports of two engines, or of a system
# dockerd, cannot collide, and no host port is opened); the pid of
# unshare/sh/runuser (one pid: each execs the next) in ENGINES_BASE/NAME.KIND.pid;
# from /, as the user may not enter the caller's folder (a checkout under /root)
_en_as_user() {
	_ena_u=$1; _ena_log=$2; _ena_pf=$3; shift 3
	_en_user_env "$_ena_u" || return 1
	# shellcheck disable=SC2016
	unshare -m -n --propagation private sh -c \
		'mount --bind "$1" /dev/net/tun && ip link set lo up && cd / || exit 1; shift; exec runuser -u "$@"' \
		sh "$ENGINES_BASE/tun-$_ena_u" "$_ena_u" -- env -i HOME="$_ene_home" \
		XDG_RUNTIME_DIR="$_ene_xdg" PATH="$ENGINES_PATH" USER="$_ena_u" LOGNAME="$_ena_u" "$@" \
		</dev/null >"$_ena_log" 2>&1 &
	echo $! >"$_ena_pf"
}

podman_rootless_start() {
	[ $# -eq 1 ] || { _en_say "usage: podman_rootless_start USER"; return 2; }
	_en_user_env "$1" || return 1
	_enq_c=$_ene_home/.config/containers
	mkdir -p "$_enq_c" || return 1
	cat >"$_enq_c/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
	chown -R "$1:" "$_ene_home/.config"
	# the service does not make the socket's folder
	mkdir -p "$_ene_xdg/podman" && chmod 0700 "$_ene_xdg/podman" && chown "$1:" "$_ene_xdg/podman" || return 1
	_en_as_user "$1" "$ENGINES_BASE/$1.podman.log" "$ENGINES_BASE/$1.podman.pid" \
		podman system service --time=0 "unix://$_ene_xdg/podman/podman.sock" || return 1
	_en_wait_ping "$_ene_xdg/podman/podman.sock" "$(cat "$ENGINES_BASE/$1.podman.pid")" \
		"rootless podman as $1" "$ENGINES_BASE/$1.podman.log" || return 1
	_en_import podman "$_ene_xdg/podman/podman.sock"
}

dockerd_rootless_start() {
	[ $# -eq 1 ] || { _en_say "usage: dockerd_rootless_start USER"; return 2; }
	_enk_s=/usr/share/docker.io/contrib/dockerd-rootless.sh
	[ -x "$_enk_s" ] || { _en_say "no $_enk_s (docker.io)"; return 1; }
	command -v rootlesskit >/dev/null 2>&1 || { _en_say "no rootlesskit"; return 1; }
	_en_user_env "$1" || return 1
	mkdir -p "$_ene_home/.config/docker" || return 1
	# weak: icc, live-restore off, userland-proxy; strong: no-new-privileges, log limits
	cat >"$_ene_home/.config/docker/daemon.json" <<EOF
{
  "icc": true,
  "live-restore": false,
  "userland-proxy": true,
  "no-new-privileges": true,
  "log-driver": "json-file",
  "log-opts": {"max-size": "10m", "max-file": "3"}
}
EOF
	chown -R "$1:" "$_ene_home/.config"
	_en_as_user "$1" "$ENGINES_BASE/$1.dockerd.log" "$ENGINES_BASE/$1.dockerd.pid" "$_enk_s" || return 1
	_en_wait_ping "$_ene_xdg/docker.sock" "$(cat "$ENGINES_BASE/$1.dockerd.pid")" \
		"rootless dockerd as $1" "$ENGINES_BASE/$1.dockerd.log" || return 1
	_en_import docker "$_ene_xdg/docker.sock"
}

# _en_same_user NAME UID GECOS: 0 while NAME is still that user
_en_same_user() {
	[ "$(getent passwd "$1" | cut -d: -f3,5)" = "$2:$3" ]
}

# _en_user_pids UID SUBSTART SUBCOUNT: pids whose real uid is UID or in the range
_en_user_pids() {
	for _enl_p in /proc/[0-9]*; do
		_enl_p=${_enl_p#/proc/}
		[ "$_enl_p" = "$$" ] && continue
		_enl_u=$(_en_uid "$_enl_p")
		[ -n "$_enl_u" ] || continue
		if [ "$_enl_u" = "$1" ] ||
			{ [ -n "$2" ] && [ "$_enl_u" -ge "$2" ] && [ "$_enl_u" -lt $(($2 + $3)) ]; }; then
			echo "$_enl_p"
		fi
	done
}

# rootless_user_del NAME [BASE]: its services (by their pids), pause process, every
# process of its uid and subuids, the user, /run/user/UID, its home (if under
# /tmp/da-eng-*). With BASE, only if the user is BASE's (a later run may have made a
# user of the same name, and the same uid). Before each kill, checks that the user
# is still the one it started with.
rootless_user_del() {
	_end_u=$1
	getent passwd "$_end_u" >/dev/null || return 0
	case $_end_u in da-rl-*) ;; *) return 1 ;; esac
	_end_uid=$(_en_user_field "$_end_u" 3)
	_end_home=$(_en_user_field "$_end_u" 6)
	_end_gecos=$(_en_user_field "$_end_u" 5)
	_end_base=$(echo "$_end_gecos" | sed -n 's/^dockaudit engines //p')
	[ -z "${2:-}" ] || [ "$_end_base" = "$2" ] || return 0
	_end_xdg=/run/user/$_end_uid
	# 1. containers through the APIs, if they answer
	if engines_ping "$_end_xdg/podman/podman.sock"; then
		engines_podman "$_end_xdg/podman/podman.sock" rm -f -a -t 0 >/dev/null 2>&1
	fi
	if engines_ping "$_end_xdg/docker.sock"; then
		for _end_c in $(curl -s --max-time 20 --unix-socket "$_end_xdg/docker.sock" \
			'http://localhost/containers/json?all=1' 2>/dev/null | grep -o '"Id":"[0-9a-f]\{64\}"' | cut -d'"' -f4); do
			curl -s --max-time 30 -X DELETE --unix-socket "$_end_xdg/docker.sock" \
				"http://localhost/containers/$_end_c?force=1&v=1" >/dev/null 2>&1
		done
	fi
	# 2. the services: what runuser started (runuser waits for it), then runuser
	_end_svc=
	for _end_f in "$_end_base/$_end_u".*.pid; do
		_end_p=$(_en_pidfile_pid "$_end_f" "runuser -u $_end_u *")
		[ -n "$_end_p" ] || continue
		_end_svc="$_end_svc $(_en_children "$_end_p") $_end_p"
	done
	_en_same_user "$_end_u" "$_end_uid" "$_end_gecos" || return 0
	# shellcheck disable=SC2086
	_en_kill_wait "$ENGINES_STOP_TIMEOUT" $_end_svc
	# 3. the pause process that holds podman's namespaces
	_end_pp=$(_en_pidfile_pid "$_end_xdg/libpod/tmp/pause.pid" "*catatonit*")
	# shellcheck disable=SC2086
	_en_kill_wait 5 $_end_pp
	# 4. whatever runs as the user or one of its subuids
	_end_sub=$(_en_sub "$_end_u" /etc/subuid)
	_en_same_user "$_end_u" "$_end_uid" "$_end_gecos" || return 0
	# shellcheck disable=SC2086
	_end_all=$(_en_user_pids "$_end_uid" $_end_sub)
	# shellcheck disable=SC2086
	_en_kill_wait 5 $_end_all
	_en_same_user "$_end_u" "$_end_uid" "$_end_gecos" || return 0
	# shellcheck disable=SC2086
	_end_still=$(_en_user_pids "$_end_uid" $_end_sub)
	# shellcheck disable=SC2086
	[ -z "$_end_still" ] || { kill -KILL $_end_still 2>/dev/null; sleep 0.5; }
	# 5. what it made in /tmp (rootlesskit's state dir /tmp/rootlesskitNNN stays
	# when rootlesskit was KILLed), its runtime dir, the user (and its ranges), its
	# home, its tun node
	find /tmp -mindepth 1 -maxdepth 1 -uid "$_end_uid" -exec rm -rf --one-file-system {} + 2>/dev/null
	[ -d "$_end_xdg" ] && _en_umount_under "$_end_xdg" && rm -rf --one-file-system "$_end_xdg"
	_end_sg=$(_en_sub "$_end_u" /etc/subgid)
	# shellcheck disable=SC2086
	[ -n "$_end_sub" ] && usermod --del-subuids "$(echo $_end_sub | awk '{ print $1 "-" $1 + $2 - 1 }')" "$_end_u" 2>/dev/null
	# shellcheck disable=SC2086
	[ -n "$_end_sg" ] && usermod --del-subgids "$(echo $_end_sg | awk '{ print $1 "-" $1 + $2 - 1 }')" "$_end_u" 2>/dev/null
	# (a process just killed can still be a zombie that userdel counts: try again)
	_end_i=0
	until _en_same_user "$_end_u" "$_end_uid" "$_end_gecos" || return 0
		_end_err=$(userdel "$_end_u" 2>&1); do
		_end_i=$((_end_i + 1))
		if [ $_end_i -ge 20 ]; then
			_end_err=$(userdel -f "$_end_u" 2>&1) && break
			_en_say "userdel $_end_u failed: $_end_err"; return 1
		fi
		_en_same_user "$_end_u" "$_end_uid" "$_end_gecos" || return 0
		# shellcheck disable=SC2086
		_end_still=$(_en_user_pids "$_end_uid" $_end_sub)
		# shellcheck disable=SC2086
		[ -z "$_end_still" ] || kill -KILL $_end_still 2>/dev/null
		sleep 0.5
	done
	case $_end_home in
	"$ENGINES_PREFIX"*/home-"$_end_u") _en_umount_under "$_end_home" && rm -rf --one-file-system "$_end_home" ;;
	esac
	case $_end_base in
	"$ENGINES_PREFIX"*) rm -f "$_end_base/tun-$_end_u" ;;
	esac
	! getent passwd "$_end_u" >/dev/null
}

# ---------------------------------------------------------------- stopping ---

# _en_stopper_alive BASE: 0 while a process that stops BASE runs (BASE/.stopping)
_en_stopper_alive() {
	[ -f "$1/.stopping" ] || return 1
	read -r _ena_p _ena_t <"$1/.stopping" 2>/dev/null || return 1
	case $_ena_p in '' | *[!0-9]*) return 1 ;; esac
	# (not the caller itself: $$ is not the pid of a subshell; this is)
	# shellcheck disable=SC2016
	[ "$_ena_p" != "$(exec sh -c 'echo $PPID')" ] && [ -d "/proc/$_ena_p" ] && [ "$(_en_start_time "$_ena_p")" = "$_ena_t" ]
}

# _en_stop_base BASE: everything of the run that made BASE. Writes BASE/.stopping
# (its pid: a stop in a subshell goes on when the run is killed, and a sweep must
# not race it)
_en_stop_base() {
	_ens_b=$1
	_ens_rc=0
	# the pid of the shell running this (also in a subshell, where $$ is not)
	# shellcheck disable=SC2016
	_ens_me=$(exec sh -c 'echo $PPID')
	echo "$_ens_me $(_en_start_time "$_ens_me")" >"$_ens_b/.stopping" 2>/dev/null
	for _ens_u in $(cat "$_ens_b/users.list" 2>/dev/null); do
		rootless_user_del "$_ens_u" "$_ens_b" || _ens_rc=1
	done
	for _ens_d in $(cat "$_ens_b/rootful.list" 2>/dev/null); do
		podman_rootful_stop "$_ens_d" || _ens_rc=1
	done
	rm -f "$_ens_b"/tun-*
	if _en_umount_under "$_ens_b"; then
		rm -rf --one-file-system "$_ens_b"
	else
		_en_say "mounts remain under $_ens_b"; _ens_rc=1
	fi
	return $_ens_rc
}

engines_stop() {
	[ -n "${ENGINES_BASE:-}" ] && [ -d "$ENGINES_BASE" ] || return 0
	_en_stop_base "$ENGINES_BASE"
}

engines_sweep() {
	# folders of runs that are gone
	# (only /tmp/da-eng-PID folders that engines_init made: they hold .owner)
	for _enw_b in "$ENGINES_PREFIX"[0-9]*; do
		[ -d "$_enw_b" ] && [ -f "$_enw_b/.owner" ] || continue
		case ${_enw_b#"$ENGINES_PREFIX"} in *[!0-9]*) continue ;; esac
		[ "$_enw_b" = "${ENGINES_BASE:-}" ] && continue
		_en_owner_alive "$_enw_b" && continue
		# a stop that outlived its run (it ran in a subshell): let it finish
		_enw_i=0
		while _en_stopper_alive "$_enw_b" && [ $_enw_i -lt $((ENGINES_STOP_TIMEOUT * 8)) ]; do
			sleep 0.5
			_enw_i=$((_enw_i + 1))
		done
		[ -d "$_enw_b" ] || { echo "swept $_enw_b (its own stop finished)"; continue; }
		_en_stop_base "$_enw_b" && echo "swept $_enw_b"
	done
	# users da-rl-* whose run is gone (or whose folder went first)
	for _enw_u in $(getent passwd | cut -d: -f1 | grep '^da-rl-'); do
		_enw_b=$(_en_user_field "$_enw_u" 5 | sed -n 's/^dockaudit engines //p')
		[ -n "$_enw_b" ] && [ "$_enw_b" != "${ENGINES_BASE:-}" ] && _en_owner_alive "$_enw_b" && continue
		[ -n "$_enw_b" ] && _en_stopper_alive "$_enw_b" && continue
		[ "$_enw_b" = "${ENGINES_BASE:-}" ] && [ -d "$_enw_b" ] && continue
		rootless_user_del "$_enw_u" && echo "swept user $_enw_u"
	done
	# /run/user/UID of a uid no user has (its user went first), if it holds only
	# what these engines make there
	for _enw_x in /run/user/[0-9]*; do
		[ -d "$_enw_x" ] || continue
		_enw_n=${_enw_x#/run/user/}
		case $_enw_n in *[!0-9]*) continue ;; esac
		getent passwd "$_enw_n" >/dev/null && continue
		[ "$(stat -c %u "$_enw_x")" = "$_enw_n" ] || continue
		# shellcheck disable=SC2010
		_enw_other=$(ls -A "$_enw_x" | grep -vxE 'docker|docker\.sock|docker\.pid|dockerd-rootless|podman|containers|libpod|netns|runc|systemd|cni' | head -1)
		[ -z "$_enw_other" ] || continue
		[ -n "$(_en_user_pids "$_enw_n" "" 0)" ] && continue
		_en_umount_under "$_enw_x" && rm -rf --one-file-system "$_enw_x" && echo "swept $_enw_x"
	done
	return 0
}

# ------------------------------------------------------------ containers ---

# engines_run_weak KIND SOCK: run the weak containers; refusals in ENGINES_BASE/runs.log
# as "SOCK NAME: error"; returns 0 (the caller checks what runs)
engines_run_weak() {
	_enx_k=$1; _enx_s=$2
	for _enx_spec in \
		"caps --cap-add SYS_ADMIN" \
		"hostpid --pid host" \
		"port80 -p 80:80" \
		"highport -p 18080:80" \
		"ro --read-only --cap-drop ALL" \
		"priv --privileged" \
		"hardened --read-only --cap-drop ALL --security-opt no-new-privileges --user 1000:1000 --memory 64m --pids-limit 100 --restart on-failure:3 --health-cmd true --health-interval 5s"; do
		_enx_n=${_enx_spec%% *}
		# shellcheck disable=SC2086
		set -- ${_enx_spec#* }
		case $_enx_k in
		podman) _enx_out=$(engines_podman "$_enx_s" run -d --name "$_enx_n" "$@" "$ENGINES_IMAGE" sleep 3600 2>&1) ;;
		docker) _enx_out=$(engines_docker "$_enx_s" run -d --name "$_enx_n" "$@" "$ENGINES_IMAGE" sleep 3600 2>&1) ;;
		esac
		_enx_rc=$?
		if [ $_enx_rc -ne 0 ]; then
			echo "$_enx_s $_enx_n: $(echo "$_enx_out" | tr '\n' ' ')" >>"$ENGINES_BASE/runs.log"
		else
			_enx_w=$(echo "$_enx_out" | grep -v '^[0-9a-f]\{64\}$' | tr '\n' ' ')
			[ -z "$_enx_w" ] || echo "$_enx_s $_enx_n: (started) $_enx_w" >>"$ENGINES_BASE/runs.log"
		fi
	done
	return 0
}
