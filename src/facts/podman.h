/*
 * The effective configuration of a Podman engine, as Podman reads it
 * (containers.conf(5), containers-storage.conf(5),
 * containers-registries.conf(5), containers-policy.json(5)):
 *
 *   containers.conf  /usr/share/containers/containers.conf, then
 *                    /etc/containers/containers.conf, then
 *                    /etc/containers/containers.conf.d/NAME.conf in name
 *                    order; rootless, then HOME/.config/containers/
 *                    containers.conf and its containers.conf.d: each file
 *                    overrides the keys it sets, table by table
 *   storage.conf     rootless HOME/.config/containers/storage.conf, else
 *                    /etc/containers/storage.conf, else
 *                    /usr/share/containers/storage.conf: the first found
 *   registries.conf  rootless HOME/.config/containers/registries.conf,
 *                    else /etc/containers/registries.conf; then the
 *                    drop-ins of registries.conf.d beside it (arrays of
 *                    tables such as [[registry]] add up)
 *   policy.json      rootless HOME/.config/containers/policy.json, else
 *                    /etc/containers/policy.json
 *
 * CONTAINERS_CONF and the like, set in the service's environment, are not
 * read: dockaudit does not read other processes' environments.
 */
#ifndef DOCKAUDIT_PODMAN_H
#define DOCKAUDIT_PODMAN_H

#include <jansson.h>

#include "lib/cause.h"
#include "lib/util.h"

#define PODMAN_FILES(X)							\
	X(PODMAN_CONTAINERS_CONF, "containers.conf")			\
	X(PODMAN_STORAGE_CONF, "storage.conf")				\
	X(PODMAN_REGISTRIES_CONF, "registries.conf")			\
	X(PODMAN_POLICY_JSON, "policy.json")

#define PODMAN_ENUM(e, name) e,
enum podman_file {
	PODMAN_FILES(PODMAN_ENUM)
	PODMAN_FILE_COUNT
};
#undef PODMAN_ENUM

struct podman_doc {
	int		 done;
	json_t		*doc;		/* merged; NULL: no file */
	struct strlist	 files;		/* read, in order */
	struct cause	*cause;		/* a file unreadable or malformed */
};

struct podman_conf {
	struct podman_doc	 docs[PODMAN_FILE_COUNT];
};

struct engine;
struct source;

/* "containers.conf" to its enum; -1 if none. */
int	podman_file_find(const char *);
/*
 * The member at pointer of the engine's effective file (a new reference,
 * or NULL when no file sets it); ev gets the files read. -1 and *cause
 * when a file cannot be read or parsed.
 */
int	podman_value(struct podman_conf *, struct source *,
	    const struct engine *, enum podman_file, const char *pointer,
	    json_t **, json_t *ev, struct cause **);
void	podman_conf_clear(struct podman_conf *);

#endif
