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

#include "util.h"

#define SOURCE_OFFLINE	10000
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
	unsigned int	 euid;
	char		*exe;		/* may be NULL when unreadable */
	struct strlist	 argv;
};

struct source;

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
	void	(*free)(struct source *);
};

struct source_cache;

struct source {
	const struct source_ops	*ops;
	char			*root;		/* "/" or the --root DIR */
	int			 offline;
	void			*priv;
	struct source_cache	*cache;
	struct proc_info	*procs;		/* cached process list */
	size_t			 nprocs;
	int			 procs_err;
	char			*procs_cause;
	int			 procs_done;
};

struct source	*source_live_new(const char *root, char **);
struct source	*source_fixture_new(const char *dir, char **);
void		 source_free(struct source *);

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

/* 1 for paths under /proc and /sys: facts of a running kernel. */
int	source_path_is_runtime(const char *);
void	proc_info_free(struct proc_info *, size_t);

#endif
