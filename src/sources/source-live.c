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
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sources/docker.h"
#include "sources/image-archive.h"
#include "sources/openroot.h"
#include "sources/procs.h"
#include "sources/source.h"
#include "lib/util.h"

/* An image's layers, read once (--image-layers), or why not. */
struct live_image {
	char			*id;
	struct image_facts	*f;
	char			*cause;
};

struct live {
	int		 rootfd;	/* -1: the host's own / */
	struct docker	*docker;	/* NULL offline */
	int		 image_layers;	/* --image-layers */
	struct live_image *images;
	size_t		 nimages;
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
	size_t		 i;

	if (l->rootfd != -1)
		close(l->rootfd);
	docker_free(l->docker);
	for (i = 0; i < l->nimages; i++) {
		free(l->images[i].id);
		image_facts_free(l->images[i].f);
		free(l->images[i].cause);
	}
	free(l->images);
	free(l);
}

static char *
live_env(struct source *src, const char *name)
{
	const char	*v = getenv(name);

	(void)src;
	return v != NULL ? xstrdup(v) : NULL;
}

/* The daemon's export of an image, streamed into a socket. */
struct export {
	struct docker	*docker;
	char		*path;
	int		 fd;
	int		 rc;
	char		*cause;
};

static void *
export_thread(void *arg)
{
	struct export	*x = arg;

	x->rc = docker_get_stream(x->docker, x->path, x->fd, &x->cause);
	close(x->fd);	/* the reader sees the end */
	return NULL;
}

/*
 * The progress line while an export is read, which can take a while: the
 * image by its first tag, else by its id.
 */
static void
export_note(struct source *src, const char *id, const char *name, size_t nth)
{
	const char	*hex = strncmp(id, "sha256:", 7) == 0 ? id + 7 : id;
	char		*label, *what;

	if (src->progress_note == NULL)
		return;
	label = name != NULL && *name != '\0' ? text_sanitize(name,
	    strlen(name), 200) : xasprintf("image %.12s", hex);
	what = xasprintf("reading the layers of %s through the daemon's "
	    "export (image %zu)", label, nth);
	src->progress_note(what, src->progress_arg);
	free(label);
	free(what);
}

/*
 * --image-layers: GET /images/{id}/get, a docker-save tar of the image,
 * read as it arrives (image-archive.c), nothing written to disk. Each
 * image once; its failure is kept as its cause.
 */
static int
live_image_content(struct source *src, const char *id, const char *name,
    const struct image_facts **f, char **cause)
{
	struct live		*l = src->priv;
	struct live_image	*im;
	struct export		 x;
	pthread_t		 tid;
	char			*why = NULL;
	size_t			 i;
	int			 sv[2];

	if (!l->image_layers || l->docker == NULL) {
		*cause = xstrdup("the image's layers are not read on a host: "
		    "--image-layers reads them through the daemon's export of "
		    "the image (or audit its archive with dockaudit image)");
		return ENOTSUP;
	}
	if (id == NULL)
		return 0;	/* it can */
	for (i = 0; i < l->nimages && strcmp(l->images[i].id, id) != 0; i++)
		;
	if (i == l->nimages) {
		l->images = xreallocarray(l->images, l->nimages + 1,
		    sizeof *l->images);
		im = &l->images[l->nimages++];
		memset(im, 0, sizeof *im);
		im->id = xstrdup(id);
		memset(&x, 0, sizeof x);
		x.docker = l->docker;
		x.path = xasprintf("/images/%s/get", id);
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) ==
		    -1)
			im->cause = xasprintf("GET %s: %s", x.path,
			    errno_cause(errno));
		else {
			x.fd = sv[1];
			if (pthread_create(&tid, NULL, export_thread, &x) != 0)
				fatal("cannot start a thread");
			export_note(src, id, name, l->nimages);
			im->f = image_archive_read_fd(sv[0], NULL, &why);
			if (src->progress_note != NULL)
				src->progress_note(NULL, src->progress_arg);
			close(sv[0]);	/* a writer still at it stops */
			pthread_join(tid, NULL);
			if (x.rc == -1)
				im->cause = xstrdup(x.cause);
			else if (im->f == NULL)
				im->cause = xasprintf("GET %s: %s", x.path, why);
			if (im->cause != NULL) {
				image_facts_free(im->f);
				im->f = NULL;
			}
		}
		free(why);
		free(x.cause);
		free(x.path);
	}
	im = &l->images[i];
	if (im->f == NULL) {
		*cause = xstrdup(im->cause);
		return EIO;
	}
	*f = im->f;
	return 0;
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
	.image_content = live_image_content,
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
	l->image_layers = dopts != NULL && dopts->image_layers;
	if (docker != NULL)
		src->api.endpoint = xstrdup(docker_endpoint(docker));
	src->ops = &source_live_ops;
	src->priv = l;
	src->root = xstrdup(root != NULL ? root : "/");
	src->offline = fd != -1;
	return src;
}
