/*
 * Open a path inside a directory as if that directory were "/": what
 * openat2(2) with RESOLVE_IN_ROOT does, and, where the kernel or a
 * seccomp filter lacks openat2 (ENOSYS: kernels before 5.6, valgrind,
 * older container seccomp profiles), the same resolution done here one
 * component at a time.
 */
#ifndef DOCKAUDIT_OPENROOT_H
#define DOCKAUDIT_OPENROOT_H

/*
 * Open PATH (absolute or not: both are relative to rootfd) with FLAGS
 * (O_CLOEXEC is added). Symlinks are followed inside the root: an
 * absolute target starts again at rootfd, ".." stops at it; O_NOFOLLOW
 * leaves the last component unfollowed. Returns a file descriptor, or -1
 * with errno set.
 */
int	openat_in_root(int rootfd, const char *path, int flags);
/* The component-by-component resolution alone (for the tests). */
int	openat_in_root_emulated(int rootfd, const char *path, int flags);

#endif
