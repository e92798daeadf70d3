/*
 * The container engines of a host (docs/ENGINES.md): the rootful dockerd,
 * each user's rootless dockerd, rootful Podman and each user's rootless
 * Podman, found through the source (their sockets, processes, programs and
 * configuration), so that one run audits every engine, each as an audit
 * of its own whose results are joined (audit/audit.c).
 */
#ifndef DOCKAUDIT_ENGINES_H
#define DOCKAUDIT_ENGINES_H

#include <stddef.h>

#include "sources/source.h"

/* X(enum, name in --engine, in the record and in <engine kind=>) */
#define ENGINE_KINDS(X)							\
	X(ENGINE_DOCKER, "docker")					\
	X(ENGINE_DOCKER_ROOTLESS, "docker-rootless")			\
	X(ENGINE_PODMAN, "podman")					\
	X(ENGINE_PODMAN_ROOTLESS, "podman-rootless")			\
	X(ENGINE_IMAGE, "image")

#define ENGINE_ENUM(e, name) e,
enum engine_kind {
	ENGINE_KINDS(ENGINE_ENUM)
	ENGINE_KIND_COUNT
};
#undef ENGINE_ENUM

#define ENGINE_MASK(k)	(1u << (k))
/* The engines of a host; ENGINE_IMAGE is the image archives of
 * `dockaudit image`, which no host shows. */
#define ENGINE_ALL	(ENGINE_MASK(ENGINE_IMAGE) - 1)

struct engine {
	enum engine_kind kind;
	char		*id;		/* "docker", "podman-rootless:alice" */
	char		*label;		/* "docker", "podman:alice": in target names */
	char		*endpoint;	/* unix://..., or NULL: no service found */
	int		 rootless;
	unsigned int	 uid;		/* the owner: 0 for rootful engines */
	char		*user;		/* the owner's name */
	char		*home;		/* rootless: the owner's home */
	char		*found;		/* what showed it: "socket /run/...", ... */
};

struct engine_list {
	struct engine	*v;
	size_t		 n;
};

const char	*engine_kind_name(enum engine_kind);
/* "docker,podman-rootless" to a mask; -1 and *cause naming the bad word.
 * "image" is accepted (a benchmark's <engine kind=>): --engine refuses it. */
int		 engine_kinds_parse(const char *, unsigned int *mask,
		    char **cause);
/* Is this the Podman family (its compatible API, containers.conf)? */
int		 engine_is_podman(enum engine_kind);

/*
 * The engines of the kinds in mask that the host shows. With host (-H),
 * the one engine at that endpoint (its kind from the mask when it names
 * one kind, else from the socket's name). A host that shows none gives
 * an empty list; *cause then says where the search looked.
 */
void		 engines_find(struct source *, unsigned int mask,
		    const char *host, unsigned int self_uid,
		    struct engine_list *, char **cause);
/* The rootful Docker engine at the default endpoint, found by nothing. */
void		 engines_default(struct engine_list *);
/* The one engine of dockaudit image: the archives it was given. */
void		 engines_image(struct engine_list *);
void		 engine_list_free(struct engine_list *);

#endif
