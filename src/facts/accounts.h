/*
 * Users and groups of the audited root (its /etc/passwd and /etc/group),
 * read once per run through the source.
 */
#ifndef DOCKAUDIT_ACCOUNTS_H
#define DOCKAUDIT_ACCOUNTS_H

#include "sources/source.h"
#include "lib/util.h"

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

/* What was read of both files; zeroed: nothing yet. */
struct account_db {
	int		 users_done, groups_done;
	struct accounts	 users, groups;
};

const struct accounts	*accounts_users(struct account_db *, struct source *);
const struct accounts	*accounts_groups(struct account_db *, struct source *);
/* "root" or "0" to an id; -1 if unknown. */
long			 account_id(const struct accounts *, const char *);
/* The name of an id, or NULL. */
const char		*account_name(const struct accounts *, unsigned int);
void			 account_db_clear(struct account_db *);

#endif
