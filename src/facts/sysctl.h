/*
 * Persistent sysctl settings of the audited root, as systemd-sysctl
 * applies them.
 */
#ifndef DOCKAUDIT_SYSCTL_H
#define DOCKAUDIT_SYSCTL_H

#include "sources/source.h"
#include "lib/util.h"

struct sysctl_setting {
	char	*key;
	char	*value;
	char	*origin;	/* FILE:LINE */
};

struct sysctl_db {
	int			 sysctl_done;
	struct sysctl_setting	*sysctl;
	size_t			 nsysctl;
	struct strlist		 sysctl_files;
};

/* The persistent setting of a key, or NULL. */
const struct sysctl_setting *sysctl_persistent(struct sysctl_db *,
	    struct source *, const char *key);
/* The files read, in the order applied. */
const struct strlist	*sysctl_files(struct sysctl_db *, struct source *);
void			 sysctl_db_clear(struct sysctl_db *);

#endif
