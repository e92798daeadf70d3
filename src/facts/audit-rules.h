/*
 * Audit rules read as watches on paths: the persistent files and the
 * kernel's live rules, each watch with where it was written.
 */
#ifndef DOCKAUDIT_AUDIT_RULES_H
#define DOCKAUDIT_AUDIT_RULES_H

#include "sources/source.h"

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

struct audit_db {
	int			 audit_done;
	struct audit_set	 audit_files, audit_live;
};

const struct audit_set	*audit_rules_files(struct audit_db *, struct source *);
const struct audit_set	*audit_rules_live(struct audit_db *, struct source *);
/* Parse one audit rule line; 0 and a filled watch, or -1 (not a watch). */
int			 audit_parse_line(const char *, struct audit_watch *);
void			 audit_watch_clear(struct audit_watch *);
void			 audit_db_clear(struct audit_db *);

#endif
