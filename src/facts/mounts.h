/* The mount table of the audited host (/proc/self/mountinfo). */
#ifndef DOCKAUDIT_MOUNTS_H
#define DOCKAUDIT_MOUNTS_H

#include "sources/source.h"

struct mountpoint {
	unsigned long	 dev;		/* major:minor as makedev */
	char		*root;		/* path within the filesystem */
	char		*target;
	char		*fstype;
	char		*source;
};

struct mount_db {
	int			 mounts_done;
	int			 mounts_err;
	char			*mounts_cause;
	struct mountpoint	*mounts;
	size_t			 nmounts;
};

/* The table; -1 with err and cause (borrowed) when unreadable. */
int	mounts_read(struct mount_db *, struct source *,
	    const struct mountpoint **, size_t *, int *err,
	    const char **cause);
void	mount_db_clear(struct mount_db *);

#endif
