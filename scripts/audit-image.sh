#!/bin/sh
# Audit a host image without booting it: attach IMAGE read-only (a file
# system image, or a disk image with partitions: -p N picks one; a block
# device such as /dev/nbd0p1 is used as it is), mount it read-only, run
# "dockaudit --root" on the mount with the options that follow, detach,
# and exit with dockaudit's status (0 gate passed, 1 failed, 2 bad usage,
# 3 some rules undecided). Needs root (mount). The image is never written:
# the loop device is read-only and the file system is mounted ro, noload.
#
#   scripts/audit-image.sh [-p N] [-d DOCKAUDIT] IMAGE [dockaudit options]
set -u
part="" dockaudit=${DOCKAUDIT:-dockaudit}
while getopts p:d: opt; do
	case $opt in
	p) part=$OPTARG ;;
	d) dockaudit=$OPTARG ;;
	*) echo "usage: $0 [-p PARTITION] [-d DOCKAUDIT] IMAGE [options]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-p PARTITION] [-d DOCKAUDIT] IMAGE [options]" >&2; exit 2; }
image=$1; shift
[ -e "$image" ] || { echo "audit-image: $image: no such file" >&2; exit 2; }

loop="" mnt=$(mktemp -d /tmp/audit-image.XXXXXX) || exit 2
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
		{ echo "audit-image: cannot attach $image" >&2; exit 2; }
	dev=$loop
	[ -n "$part" ] && dev=${loop}p$part
fi
[ -b "$dev" ] || { echo "audit-image: $dev: no such partition" >&2; exit 2; }
# noload: an ext3/4 journal is not replayed, which would write.
mount -o ro,noload,nodev,nosuid,noexec "$dev" "$mnt" 2>/dev/null ||
	mount -o ro,nodev,nosuid,noexec "$dev" "$mnt" ||
	{ echo "audit-image: cannot mount $dev read-only" >&2; exit 2; }
"$dockaudit" --root "$mnt" "$@"
