/*
 * The live source: this host, or the tree at --root DIR (a mounted image).
 *
 * Under --root every path is resolved inside DIR with openat2's
 * RESOLVE_IN_ROOT (or its emulation where openat2 is missing: openroot.c),
 * so an absolute symlink in the image (etc/docker -> /etc/docker) cannot
 * make us read the host's file. /proc, /sys, the
 * process list and the kernel's audit rules exist only on a running host:
 * offline they are SOURCE_OFFLINE (source.c).
 *
 * Files are opened O_NONBLOCK and must be regular (a FIFO or a device in an
 * image must not hang or feed us), and reads are capped.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sources/docker.h"
#include "sources/openroot.h"
#include "sources/procs.h"
#include "sources/source.h"
#include "lib/util.h"

struct live {
	int		 rootfd;	/* -1: the host's own / */
	struct docker	*docker;	/* NULL offline */
};

static int
live_open(struct source *src, const char *path, int flags, char **cause)
{
	struct live	*l = src->priv;
	int		 fd;

	if (l->rootfd == -1)
		fd = open(path, flags | O_CLOEXEC);
	else
		fd = openat_in_root(l->rootfd, path, flags);
	if (fd == -1)
		*cause = xasprintf("%s: %s", path, errno_cause(errno));
	return fd == -1 ? -1 : fd;
}

static int
live_stat(struct source *src, const char *path, int follow,
    struct source_stat *out, char **cause)
{
	struct stat	st;
	int		fd, err;

	if ((fd = live_open(src, path, O_PATH | (follow ? 0 : O_NOFOLLOW),
	    cause)) == -1)
		return errno;
	if (fstat(fd, &st) == -1) {
		err = errno;
		close(fd);
		*cause = xasprintf("%s: %s", path, errno_cause(err));
		return err;
	}
	close(fd);
	out->mode = st.st_mode;
	out->uid = st.st_uid;
	out->gid = st.st_gid;
	out->dev = st.st_dev;
	out->ino = st.st_ino;
	out->size = st.st_size;
	return 0;
}

static int
live_read(struct source *src, const char *path, struct buf *b, char **cause)
{
	struct stat	st;
	char		chunk[65536];
	ssize_t		n;
	int		fd, err = 0;

	if ((fd = live_open(src, path, O_RDONLY | O_NONBLOCK | O_NOCTTY,
	    cause)) == -1)
		return errno;
	if (fstat(fd, &st) == -1)
		err = errno;
	else if (S_ISDIR(st.st_mode))
		err = EISDIR;
	else if (!S_ISREG(st.st_mode))
		err = EINVAL;
	while (err == 0 && (n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
		} else if (buf_append(b, chunk, (size_t)n) == -1)
			err = EFBIG;
	}
	close(fd);
	if (err == EINVAL)
		*cause = xasprintf("%s: not a regular file", path);
	else if (err == EFBIG)
		*cause = xasprintf("%s: larger than %u bytes", path,
		    SOURCE_FILE_MAX);
	else if (err != 0)
		*cause = xasprintf("%s: %s", path, errno_cause(err));
	return err;
}

static int
live_list(struct source *src, const char *path, struct strlist *out,
    char **cause)
{
	DIR		*d;
	struct dirent	*de;
	int		 fd, err;

	if ((fd = live_open(src, path, O_RDONLY | O_DIRECTORY, cause)) == -1)
		return errno;
	if ((d = fdopendir(fd)) == NULL) {
		err = errno;
		close(fd);
		*cause = xasprintf("%s: %s", path, errno_cause(err));
		return err;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..")
		    != 0)
			strlist_add(out, de->d_name);
	}
	closedir(d);
	return 0;
}

static int
live_procs(struct source *src, struct proc_info **procs, size_t *n,
    char **cause)
{
	(void)src;
	return procs_list(procs, n, cause);
}

static int
live_audit_rules(struct source *src, struct strlist *out, char **cause)
{
	(void)src;
	return audit_netlink_rules(out, cause);
}

static int
live_api_connect(struct source *src, char **cause)
{
	struct live	*l = src->priv;

	if (docker_connect(l->docker, cause) == -1)
		return -1;
	free(src->api.api_version);
	src->api.api_version = xstrdup(docker_api_version(l->docker));
	return 0;
}

/* A socket that is there; any other scheme may answer (TCP, TLS). */
static int
live_api_at(struct source *src, const char *endpoint)
{
	struct stat	st;

	if (src->offline)
		return 0;
	if (strncmp(endpoint, "unix://", 7) != 0)
		return 1;
	return stat(endpoint + 7, &st) == 0 && S_ISSOCK(st.st_mode);
}

static void
live_api_get(struct source *src, struct docker_req *reqs, size_t n)
{
	struct live	*l = src->priv;

	docker_get_many(l->docker, reqs, n);
}

static void
live_free(struct source *src)
{
	struct live	*l = src->priv;

	if (l->rootfd != -1)
		close(l->rootfd);
	docker_free(l->docker);
	free(l);
}

static char *
live_env(struct source *src, const char *name)
{
	const char	*v = getenv(name);

	(void)src;
	return v != NULL ? xstrdup(v) : NULL;
}

static const struct source_ops source_live_ops = {
	.name = "live",
	.stat = live_stat,
	.read = live_read,
	.list = live_list,
	.procs = live_procs,
	.audit_rules = live_audit_rules,
	.env = live_env,
	.api_at = live_api_at,
	.api_connect = live_api_connect,
	.api_get = live_api_get,
	.free = live_free,
};

struct source *
source_live_new(const char *root, const struct docker_opts *dopts,
    char **cause)
{
	struct docker	*docker = NULL;

	struct source	*src;
	struct live	*l;
	struct stat	 st;
	int		 fd = -1;

	if (root != NULL && strcmp(root, "/") != 0) {
		if ((fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1) {
			*cause = xasprintf("--root %s: %s", root,
			    errno_cause(errno));
			return NULL;
		}
		if (fstat(fd, &st) == -1 || !S_ISDIR(st.st_mode)) {
			close(fd);
			*cause = xasprintf("--root %s: not a directory", root);
			return NULL;
		}
	}
	if (fd == -1 && dopts != NULL &&
	    (docker = docker_new(dopts, cause)) == NULL)
		return NULL;
	src = xcalloc(1, sizeof *src);
	l = xcalloc(1, sizeof *l);
	l->rootfd = fd;
	l->docker = docker;
	if (docker != NULL)
		src->api.endpoint = xstrdup(docker_endpoint(docker));
	src->ops = &source_live_ops;
	src->priv = l;
	src->root = xstrdup(root != NULL ? root : "/");
	src->offline = fd != -1;
	return src;
}
