#!/bin/sh
# Audit a host disk image (not a container image: that is dockaudit image) without booting it: attach IMAGE read-only (a file
# system image, or a disk image with partitions: -p N picks one; a block
# device such as /dev/nbd0p1 is used as it is), mount it read-only, run
# "dockaudit --root" on the mount with the options that follow, detach,
# and exit with dockaudit's status (0 gate passed, 1 failed, 2 bad usage,
# 3 some rules undecided). Needs root (mount). The image is never written:
# the loop device is read-only and the file system is mounted ro, noload.
#
#   scripts/audit-disk-image.sh [-p N] [-d DOCKAUDIT] IMAGE [dockaudit options]
set -u
usage() {
	cat <<EOF
usage: audit-disk-image.sh [-p N] [-d DOCKAUDIT] IMAGE [dockaudit options]
Audit the host disk image IMAGE without booting it: attach it read-only, mount
it read-only, run "dockaudit --root MOUNT" with the options that follow
IMAGE, then detach. Needs root. Exits with dockaudit's status (0 gate
passed, 1 failed, 2 bad usage, 3 some rules undecided).
  -p N          the partition N of a disk image (default: the image is a
                file system)
  -d DOCKAUDIT  the dockaudit to run (default \$DOCKAUDIT, else dockaudit)
  -h, --help    this help
EOF
}
bad() {
	echo "audit-disk-image: $1" >&2
	usage >&2
	exit 2
}
part="" dockaudit=${DOCKAUDIT:-dockaudit}
# getopts knows no long options: --help, or another, before IMAGE.
skip=0
for a; do
	[ $skip = 1 ] && { skip=0; continue; }
	case $a in
	--help) usage; exit 0 ;;
	--) break ;;
	--*) bad "unknown option $a" ;;
	-p|-d) skip=1 ;;
	-*) ;;
	*) break ;;
	esac
done
while getopts :hp:d: opt; do
	case $opt in
	h) usage; exit 0 ;;
	p) part=$OPTARG ;;
	d) dockaudit=$OPTARG ;;
	:) bad "-$OPTARG needs an argument" ;;
	*) bad "unknown option -$OPTARG" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || bad "give the IMAGE to audit"
image=$1; shift
[ -e "$image" ] || { echo "audit-disk-image: $image: no such file" >&2; exit 2; }

loop="" mnt=$(mktemp -d /tmp/audit-disk-image.XXXXXX) || exit 2
cleanup() {
	mountpoint -q "$mnt" && umount "$mnt"
	[ -n "$loop" ] && losetup -d "$loop"
	rmdir "$mnt"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

if [ -b "$image" ]; then
	dev=$image
else
	loop=$(losetup --read-only --find --show --partscan "$image") ||
		{ echo "audit-disk-image: cannot attach $image" >&2; exit 2; }
	dev=$loop
	[ -n "$part" ] && dev=${loop}p$part
fi
[ -b "$dev" ] || { echo "audit-disk-image: $dev: no such partition" >&2; exit 2; }
# noload: an ext3/4 journal is not replayed, which would write.
mount -o ro,noload,nodev,nosuid,noexec "$dev" "$mnt" 2>/dev/null ||
	mount -o ro,nodev,nosuid,noexec "$dev" "$mnt" ||
	{ echo "audit-disk-image: cannot mount $dev read-only" >&2; exit 2; }
"$dockaudit" --root "$mnt" "$@"
