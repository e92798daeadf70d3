/*
 * The effective dockerd configuration: the argv of the dockerd that serves
 * the audited endpoint, merged with the daemon.json its --config-file
 * names, cross-checked with GET /info. Built once per run (facts/facts.c).
 */
#ifndef DOCKAUDIT_DAEMON_H
#define DOCKAUDIT_DAEMON_H

#include <jansson.h>

#include "sources/source.h"

enum daemon_kind {
	DAEMON_BOOL,
	DAEMON_STRING,
	DAEMON_LIST,
};

/* One dockerd setting: daemon.json key, flags, type, default, /info. */
struct daemon_option {
	const char		*key;
	const char		*flag;
	const char		*alias;		/* one letter, or NULL */
	enum daemon_kind	 kind;
	const char		*dflt;		/* JSON text, or NULL: unset */
	const char		*info;		/* pointer in /info, or NULL */
};

const struct daemon_option *daemon_option_find(const char *key);
/* The option /info reports at that pointer ("/LiveRestoreEnabled"), or NULL. */
const struct daemon_option *daemon_option_by_info(const char *pointer);

struct daemon {
	char			*endpoint;	/* the audited endpoint */
	const struct proc_info	*proc;		/* NULL: none found */
	char			*proc_note;	/* how it was chosen, or why not */
	enum cause_kind		 proc_kind;	/* why not, without proc */
	char			*home;		/* a rootless engine's owner's */
	char			*config_path;
	json_t			*config;	/* NULL: no file */
	int			 err;		/* daemon.json unreadable/invalid */
	char			*cause;
};

struct account_db;

/* The dockerd serving the endpoint and its daemon.json, into d. */
void	daemon_build(struct daemon *d, struct source *,
	    struct account_db *, const char *rootless_home);
void	daemon_clear(struct daemon *);
/* Does a dockerd process listen on the endpoint (-H, or the default)? */
int	daemon_serves(const struct proc_info *, const char *endpoint);
/*
 * The effective value of an option (a new reference, or NULL when unset)
 * and where it came from: "argv", "daemon.json", "/info", "default".
 * Fills ev with the merged view. -1 and *cause when it cannot be known.
 */
int	daemon_value(const struct daemon *, struct source *,
	    const struct daemon_option *, json_t **, const char **from,
	    json_t *ev, struct cause **cause);

#endif
