/*
 * openat2(RESOLVE_IN_ROOT), and its emulation where openat2 is missing.
 *
 * The emulation keeps the resolved path as a list of components, each
 * checked with fstatat(AT_SYMLINK_NOFOLLOW) from the root: a symlink's
 * target is spliced into the components still to resolve (an absolute one
 * empties the resolved list first), ".." drops the last resolved
 * component and never climbs above the root, and a component followed by
 * anything (even "." or "..") must be a directory. After at most 40 links the
 * answer is ELOOP, as the kernel's. The final openat() gets O_NOFOLLOW:
 * every component of the path it is given has been checked not to be a
 * symlink, except the last one when the caller asked not to follow it.
 *
 * The image under --root is not expected to change while it is audited;
 * the emulation, unlike openat2, does not guard against a rename racing
 * with the walk.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sources/openroot.h"
#include "lib/util.h"

#define LINKS_MAX	40

/*
 * Push the components of path in front of the queue (last first). A
 * trailing slash is a "." component: what precedes it must be a directory.
 */
static void
queue_prepend(struct strlist *queue, const char *path)
{
	struct strlist	parts = { NULL, 0 };
	size_t		i, len = strlen(path);

	if (len > 0 && path[len - 1] == '/')
		strlist_add(queue, ".");
	strlist_split(&parts, path, "/");
	for (i = parts.n; i > 0; i--)
		strlist_add(queue, parts.v[i - 1]);
	strlist_free(&parts);
}

static char *
joined(const struct strlist *resolved, const char *last)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, 1u << 20);
	for (i = 0; i < resolved->n; i++) {
		if (i > 0)
			buf_append(&b, "/", 1);
		buf_append(&b, resolved->v[i], strlen(resolved->v[i]));
	}
	if (last != NULL) {
		if (resolved->n > 0)
			buf_append(&b, "/", 1);
		buf_append(&b, last, strlen(last));
	}
	if (b.len == 0)
		buf_append(&b, ".", 1);
	return buf_cstr(&b);
}

int
openat_in_root_emulated(int rootfd, const char *path, int flags)
{
	struct strlist	 queue = { NULL, 0 };	/* a stack: next is last */
	struct strlist	 resolved = { NULL, 0 };
	struct stat	 st;
	char		*c, *p, target[4096];
	ssize_t		 n;
	int		 links = 0, fd = -1, err = 0;

	queue_prepend(&queue, path);
	while (queue.n > 0) {
		c = queue.v[--queue.n];
		if (strcmp(c, ".") == 0) {
			free(c);
			continue;
		}
		if (strcmp(c, "..") == 0) {
			if (resolved.n > 0)
				free(resolved.v[--resolved.n]);
			free(c);
			continue;
		}
		p = joined(&resolved, c);
		if (fstatat(rootfd, p, &st, AT_SYMLINK_NOFOLLOW) == -1) {
			err = errno;
			free(p);
			free(c);
			break;
		}
		if (S_ISLNK(st.st_mode) && (queue.n > 0 ||
		    !(flags & O_NOFOLLOW))) {
			n = readlinkat(rootfd, p, target, sizeof target - 1);
			free(p);
			free(c);
			if (n == -1 || ++links > LINKS_MAX) {
				err = n == -1 ? errno : ELOOP;
				break;
			}
			target[n] = '\0';
			if (target[0] == '/')
				strlist_free(&resolved);
			queue_prepend(&queue, target);
			continue;
		}
		free(p);
		/* More to come ("x/.." too): this must be a directory. */
		if (queue.n > 0 && !S_ISDIR(st.st_mode)) {
			free(c);
			err = ENOTDIR;
			break;
		}
		strlist_add_nocopy(&resolved, c);
	}
	if (err == 0) {
		p = joined(&resolved, NULL);
		fd = openat(rootfd, p, flags | O_NOFOLLOW | O_CLOEXEC);
		err = fd == -1 ? errno : 0;
		free(p);
	}
	strlist_free(&queue);
	strlist_free(&resolved);
	errno = err;
	return fd;
}

int
openat_in_root(int rootfd, const char *path, int flags)
{
	static int	 missing;	/* openat2 said ENOSYS once */
	struct open_how	 how;
	int		 fd;

	if (!missing) {
		memset(&how, 0, sizeof how);
		how.flags = (unsigned long long)(flags | O_CLOEXEC);
		how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
		while (*path == '/')
			path++;
		fd = (int)syscall(SYS_openat2, rootfd, *path == '\0' ? "." :
		    path, &how, sizeof how);
		if (fd != -1 || errno != ENOSYS)
			return fd;
		missing = 1;
	}
	return openat_in_root_emulated(rootfd, path, flags);
}
