/*
 * Where facts come from. Probes never touch the system: they ask a source
 * through these ops. source-live.c reads this host (under --root DIR when
 * given), source-fixture.c a recorded host for tests. source.c adds the
 * cache so that every file is read once per run.
 *
 * Errors are returned as errno values (ENOENT, EACCES, ...) with an
 * allocated *cause that names the path; SOURCE_OFFLINE means the fact only
 * exists on a running host and the audit is of a mounted image.
 */
#ifndef DOCKAUDIT_SOURCE_H
#define DOCKAUDIT_SOURCE_H

#include <sys/types.h>

#include <jansson.h>

#include "lib/cause.h"
#include "lib/util.h"

#define SOURCE_OFFLINE	10000
#define SOURCE_NOAPI	10001		/* the Docker daemon cannot be reached */
#define SOURCE_FILE_MAX	(8u << 20)	/* biggest file a probe reads */

struct source_stat {
	unsigned int	mode;		/* st_mode: type and permissions */
	unsigned int	uid;
	unsigned int	gid;
	unsigned long	dev;
	unsigned long	ino;
	long long	size;
};

struct proc_info {
	int		 pid;
	int		 ppid;		/* 0 when unknown (a recorded host) */
	unsigned int	 euid;
	char		*exe;		/* may be NULL when unreadable */
	struct strlist	 argv;
	char		*container;	/* Docker container id from its cgroup */
};

struct source;
struct docker_req;
struct image_facts;
struct image_limits;

struct source_ops {
	const char	*name;
	/* follow: stat the target of a symlink rather than the link. */
	int	(*stat)(struct source *, const char *, int follow,
		    struct source_stat *, char **);
	int	(*read)(struct source *, const char *, struct buf *, char **);
	/* Entry names of a directory, without . and .. */
	int	(*list)(struct source *, const char *, struct strlist *,
		    char **);
	int	(*procs)(struct source *, struct proc_info **, size_t *,
		    char **);
	/* The kernel's loaded audit rules, as auditctl -l lines. */
	int	(*audit_rules)(struct source *, struct strlist *, char **);
	/* dockaudit's own environment: a new string, or NULL when unset. */
	char	*(*env)(struct source *, const char *);
	/* 1 when an engine's API may answer at endpoint (its socket is
	 * there, or its answers are recorded), without connecting. */
	int	(*api_at)(struct source *, const char *endpoint);
	/* Reach the Docker daemon (GET /_ping); 0, or -1 and *cause. */
	int	(*api_connect)(struct source *, char **);
	/* GETs of the Docker API, concurrently where the source can. */
	void	(*api_get)(struct source *, struct docker_req *, size_t);
	/* An image's layer facts by its id (image archives only). */
	int	(*image_content)(struct source *, const char *id,
		    const char *name, const struct image_facts **, char **);
	void	(*free)(struct source *);
};

/* How the Docker daemon was reached, for the report's host block. */
struct source_api {
	int	 state;		/* 0 not tried, 1 reachable, -1 not */
	char	*endpoint;
	char	*cause;		/* why not reachable */
	char	*api_version;	/* negotiated */
};

struct source_cache;

struct source {
	const struct source_ops	*ops;
	char			*root;		/* "/" or the --root DIR */
	int			 offline;
	void			*priv;
	struct source_cache	*cache;
	struct source_api	 api;
	struct proc_info	*procs;		/* cached process list */
	size_t			 nprocs;
	int			 procs_err;
	char			*procs_cause;
	int			 procs_done;
	int			 procs_borrowed;	/* another source's (shared) */
	/* Told of each API answer of a batch (done of total), and 0 of 0
	 * when the batch is over; NULL: nobody listens. */
	void			(*progress)(size_t, size_t, void *);
	/* Told of a long step ("reading the layers of ..."), NULL when it
	 * is over; with progress_arg. NULL: nobody listens. */
	void			(*progress_note)(const char *, void *);
	void			*progress_arg;
};

struct docker_opts;

struct source	*source_live_new(const char *root, const struct docker_opts *,
		    char **);
/* Files from DIR; the API from DIR/api, else from opts->host if set. */
struct source	*source_fixture_new(const char *dir, const struct docker_opts *,
		    char **);
/* Image archives (dockaudit image), each read now, note (if not NULL)
 * told of each with note_arg; NULL and *cause ("PATH: what is wrong,
 * naming the blob") on the first bad one. limits NULL: image-archive.h's. */
struct source	*source_image_new(const struct strlist *archives,
		    const struct image_limits *,
		    void (*note)(const char *, void *), void *note_arg,
		    char **);
void		 source_free(struct source *);
/*
 * The layer facts of the image of this id (borrowed until
 * source_free()): 0, or ENOTSUP when the source does not read layers (a
 * host without --image-layers), ENOENT for an unknown id, EIO when they
 * could not be read, with *cause. id NULL: only whether it can (0 or
 * ENOTSUP). name (its first tag, or NULL) is what the progress line says
 * while a daemon exports the image.
 */
int		 source_image_content(struct source *, const char *id,
		    const char *name, const struct image_facts **, char **cause);
/* The images of an image source, as the record's host.images lists them. */
json_t		*source_image_list(struct source *);
/* The first image's first name (else its archive's file name), or NULL
 * for another source. */
const char	*source_image_name(struct source *);

/* Cached reads: data is borrowed until source_free(). */
int	source_read(struct source *, const char *, const char **data,
	    size_t *len, char **cause);
int	source_stat(struct source *, const char *, int follow,
	    struct source_stat *, char **cause);
int	source_list(struct source *, const char *, struct strlist *,
	    char **cause);
int	source_procs(struct source *, const struct proc_info **, size_t *,
	    char **cause);
int	source_audit_rules(struct source *, struct strlist *, char **cause);
/* A variable of dockaudit's environment (allocated), NULL when unset. */
char	*source_env(struct source *, const char *);
/*
 * A Docker API document (borrowed until source_free()), fetched once.
 * SOURCE_NOAPI when the daemon cannot be reached, ENOENT for a 404, EIO
 * for any other failure (HTTP error, invalid JSON, too big, timeout).
 */
int	source_api(struct source *, const char *path, json_t **doc,
	    char **cause);
/*
 * Release every API document (after the rules are decided: the evidence
 * holds copies), so that building the report reuses that memory.
 */
void	source_api_forget(struct source *);
/* Fetch these documents now, concurrently (errors wait for source_api). */
void	source_api_prefetch(struct source *, const char *const *paths,
	    size_t n);
/*
 * The same, keeping of each document only what shape() returns (a new
 * reference) as soon as it arrives. parse(), when not NULL, is tried
 * first on the answer's text: a document, or NULL to parse it whole and
 * pass it through shape().
 */
struct source_shape {
	json_t	*(*shape)(json_t *, const char *path, void *);
	json_t	*(*parse)(const char *, size_t, const char *path, void *);
	void	 *arg;
};
void	source_api_prefetch_shaped(struct source *, const char *const *paths,
	    size_t n, const struct source_shape *);

/* Use from's process list, read once for the host, if read (from must
 * outlive dst): the engines of one host share it. */
void	source_share_procs(struct source *dst, struct source *from);
/* 1 when an engine's API may answer at endpoint (source_ops.api_at). */
int	source_api_at(struct source *, const char *endpoint);
/* What kind of cause an error of a source is (lib/cause.h). */
enum cause_kind source_cause_kind(int err);
/* 1 for paths under /proc, /sys, /run and /var/run: facts of a running host. */
int	source_path_is_runtime(const char *);
void	proc_info_free(struct proc_info *, size_t);

#endif
