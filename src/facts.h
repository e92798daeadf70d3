/*
 * Parsed facts shared by several probes and built once per run: users and
 * groups of the audited root, audit rules (live and persistent), persistent
 * sysctl settings and the mount table.
 */
#ifndef DOCKAUDIT_FACTS_H
#define DOCKAUDIT_FACTS_H

#include "containers.h"
#include "daemon.h"
#include "jsonkeep.h"
#include "source.h"
#include "util.h"

struct account {
	char		*name;
	char		*home;		/* users */
	unsigned int	 id;
	unsigned int	 gid;		/* users: primary group */
	struct strlist	 members;	/* groups: listed members */
};

struct accounts {
	int		 err;		/* 0 when read */
	char		*cause;
	struct account	*v;
	size_t		 n;
};

/* One audit watch, from "-w PATH" or "-F path=/-F dir=". */
struct audit_watch {
	char	*path;
	char	*perms;		/* -p / perm= letters, or NULL */
	int	 dir;		/* covers everything beneath path */
	char	*origin;	/* "live" or "FILE:LINE" */
	char	*line;		/* the rule as written */
};

struct audit_set {
	int			 err;
	char			*cause;
	struct audit_watch	*v;
	size_t			 n;
};

struct sysctl_setting {
	char	*key;
	char	*value;
	char	*origin;	/* FILE:LINE */
};

struct mountpoint {
	unsigned long	 dev;		/* major:minor as makedev */
	char		*root;		/* path within the filesystem */
	char		*target;
	char		*fstype;
	char		*source;
};

struct facts {
	struct source		*src;
	int			 users_done, groups_done;
	struct accounts		 users, groups;
	int			 audit_done;
	struct audit_set	 audit_files, audit_live;
	int			 sysctl_done;
	struct sysctl_setting	*sysctl;
	size_t			 nsysctl;
	struct strlist		 sysctl_files;
	const struct container_filter *filter;
	struct strlist		 api_extra;	/* fetched with the inspects */
	int			 image_history;	/* with the images' inspects */
	/* The parts of an inspect the plan reads (two-segment pointers);
	 * empty: keep it all. */
	struct strlist		 container_keep;
	struct json_keep	*container_keep_tree;	/* the same, to parse */
	/* What of the container lists is read, unless a docker-api check
	 * reads them (api_whole: those documents are kept whole). */
	struct strlist		 list_keep;
	struct json_keep	*list_keep_tree;
	struct strlist		 api_whole;
	struct dobjects		 containers;
	struct dobjects		 images;
	int			 daemon_done;
	struct daemon		 daemon;
	int			 mounts_done;
	int			 mounts_err;
	char			*mounts_cause;
	struct mountpoint	*mounts;
	size_t			 nmounts;
};

struct facts	*facts_new(struct source *);
void		 facts_free(struct facts *);

const struct accounts	*facts_users(struct facts *);
const struct accounts	*facts_groups(struct facts *);
/* Resolve "root" or "0" to an id; -1 if unknown or unreadable. */
long		 facts_uid(struct facts *, const char *);
long		 facts_gid(struct facts *, const char *);
/* Name of an id, or NULL. */
const char	*facts_user_name(struct facts *, unsigned int);
const char	*facts_group_name(struct facts *, unsigned int);

const struct audit_set	*facts_audit_files(struct facts *);
const struct audit_set	*facts_audit_live(struct facts *);
/* Parse one audit rule line; 0 and a filled watch, or -1 (not a watch). */
int		 audit_parse_line(const char *, struct audit_watch *);
void		 audit_watch_clear(struct audit_watch *);

/* The persistent setting of a sysctl key, or NULL. */
const struct sysctl_setting *facts_sysctl(struct facts *, const char *);
const struct strlist	*facts_sysctl_files(struct facts *);

/* The dockerd serving the endpoint and its daemon.json. */
const struct daemon	*facts_daemon(struct facts *);

/* Mount table of the host; -1 with err/cause when unreadable. */
int		 facts_mounts(struct facts *, const struct mountpoint **,
		    size_t *, int *err, const char **cause);

#endif
