/*
 * Named host paths that rules check but that are not fixed: the running
 * dockerd's binary, the real data root, the unit files where systemd keeps
 * them, the containerd socket the daemon uses, the TLS files and sockets of
 * the effective daemon configuration. Probes take locate="NAME" in place of
 * path= (audit-watch, file, mount).
 */
#ifndef DOCKAUDIT_LOCATE_H
#define DOCKAUDIT_LOCATE_H

#include <jansson.h>

#include "lib/cause.h"
#include "lib/util.h"

struct facts;

struct locator {
	const char	*name;
	const char	*help;
	/*
	 * Fill paths (absolute, inside the audited tree) and return 0; an
	 * empty list with *cause saying why ("tlscert is not configured").
	 * -1 and *cause when it cannot be known (an error result). ev gets
	 * how each path was found.
	 */
	int		(*fn)(struct facts *, const struct locator *,
			    struct strlist *, json_t *ev, struct cause **cause);
	const char	*arg;		/* what fn looks for */
};

extern const struct locator locators[];

const struct locator	*locate_find(const char *);
int			 locate(struct facts *, const char *name,
			    struct strlist *, json_t *ev, struct cause **cause);

#endif
