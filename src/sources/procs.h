/*
 * The live host's processes (libproc2) and kernel audit rules (the audit
 * netlink socket): the two facts source-live.c cannot read as files.
 */
#ifndef DOCKAUDIT_PROCS_H
#define DOCKAUDIT_PROCS_H

#include "sources/source.h"

int	procs_list(struct proc_info **, size_t *, char **cause);
int	audit_netlink_rules(struct strlist *, char **cause);

#endif
