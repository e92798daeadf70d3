/* What the report says about the audited host. */
#ifndef DOCKAUDIT_HOST_H
#define DOCKAUDIT_HOST_H

#include <jansson.h>

#include "sources/source.h"

/* The "host" object of the report (docker: endpoint and reachability). */
json_t	*host_json(struct source *, int podman);
/* The engine's API as the source reached it: endpoint, reachable,
 * version, api_version, error, other_sockets. */
json_t	*host_docker_json(struct source *, int podman);
/* Who runs the audit: {"user": {"uid", "name"}, "capabilities": [...]}. */
json_t	*runner_json(void);

#endif
