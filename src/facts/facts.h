/*
 * The facts of one run: each kind (accounts, audit rules, sysctl, mounts,
 * the daemon's configuration, containers and images) read once through
 * the source when a probe first asks, and kept here. Probes ask through
 * the facts_* functions; the kinds know nothing of each other but what
 * they are handed.
 */
#ifndef DOCKAUDIT_FACTS_H
#define DOCKAUDIT_FACTS_H

#include "facts/accounts.h"
#include "facts/audit-rules.h"
#include "facts/containers.h"
#include "facts/daemon.h"
#include "facts/mounts.h"
#include "facts/podman.h"
#include "facts/sysctl.h"
#include "sources/source.h"
#include "lib/util.h"

struct engine;

struct facts {
	struct source		*src;
	const struct engine	*engine;	/* audited; NULL: the one docker */
	struct account_db	 accounts;
	struct audit_db		 audit;
	struct sysctl_db	 sysctl;
	struct mount_db		 mounts;
	int			 daemon_done;
	struct daemon		 daemon;
	struct container_db	 docker;
	struct podman_conf	 podman;
};

/*
 * What the selected rules will read, as each probe's needs hook declares
 * it (engine/probe-kind.h), so that the Docker API answers travel in one
 * concurrent batch and inspects are kept only in the parts read.
 */
struct fact_needs {
	struct strlist	 api;		/* API documents, fetched with the rest */
	struct strlist	 api_whole;	/* of those, kept whole */
	struct strlist	 inspect;	/* pointers read in container inspects */
	int		 inspect_whole;	/* an inspect is read whole */
	int		 containers;	/* the running containers are read */
	int		 images;	/* the local images are read */
	int		 image_history;	/* with each image's history */
};

/* Add a path once. */
void		 fact_needs_add(struct strlist *, const char *);
void		 fact_needs_free(struct fact_needs *);

struct facts	*facts_new(struct source *);
/* Fetch what the needs name, all at once (before the first probe). */
void		 facts_prefetch(struct facts *, const struct fact_needs *);
/* Drop the containers' and images' documents once every rule is decided. */
void		 facts_release_objects(struct facts *);
void		 facts_free(struct facts *);

/* A setting of the audited Podman engine's configuration (podman.h). */
int		 facts_podman_value(struct facts *, enum podman_file,
		    const char *pointer, json_t **, json_t *ev,
		    struct cause **);
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

/* The persistent setting of a sysctl key, or NULL. */
const struct sysctl_setting *facts_sysctl(struct facts *, const char *);
const struct strlist	*facts_sysctl_files(struct facts *);

/* The dockerd serving the endpoint and its daemon.json. */
const struct daemon	*facts_daemon(struct facts *);
/* An option's effective value (daemon.h, daemon_value). */
int		 facts_daemon_value(struct facts *, const struct daemon_option *,
		    json_t **, const char **from, json_t *ev, struct cause **cause);

/* Mount table of the host; -1 with err/cause when unreadable. */
int		 facts_mounts(struct facts *, const struct mountpoint **,
		    size_t *, int *err, const char **cause);

/* The running containers (as filtered) and the local images. */
const struct dobjects	*facts_containers(struct facts *);
const struct dobjects	*facts_images(struct facts *);

#endif
