/*
 * Finding the container engines of a host. Each kind is looked for where
 * it lives: a socket that answers (the rootful dockerd's endpoint,
 * /run/podman/podman.sock, each user's /run/user/UID/docker.sock and
 * /run/user/UID/podman/podman.sock), else its process, else its programs
 * and configuration (an engine installed but not running, or an offline
 * tree: its files are still audited, its containers cannot be).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "facts/accounts.h"
#include "facts/engines.h"
#include "lib/util.h"

#define ENGINE_NAME(e, name) name,
static const char *const engine_names[] = { ENGINE_KINDS(ENGINE_NAME) };
#undef ENGINE_NAME

#define DOCKER_SOCKET	"unix:///var/run/docker.sock"
#define PODMAN_SOCKET	"unix:///run/podman/podman.sock"

const char *
engine_kind_name(enum engine_kind k)
{
	return engine_names[k];
}

int
engine_is_podman(enum engine_kind k)
{
	return k == ENGINE_PODMAN || k == ENGINE_PODMAN_ROOTLESS;
}

int
engine_kinds_parse(const char *s, unsigned int *mask, char **cause)
{
	size_t	n, k;

	*mask = 0;
	if (strcmp(s, "auto") == 0) {
		*mask = ENGINE_ALL;
		return 0;
	}
	while (*s != '\0') {
		if (*s == ' ' || *s == ',') {
			s++;
			continue;
		}
		n = strcspn(s, ", ");
		for (k = 0; k < ENGINE_KIND_COUNT; k++) {
			if (strlen(engine_names[k]) == n &&
			    strncmp(engine_names[k], s, n) == 0)
				break;
		}
		if (k == ENGINE_KIND_COUNT) {
			*cause = xasprintf("unknown engine \"%.*s\" (auto, "
			    "docker, docker-rootless, podman, podman-rootless)",
			    (int)n, s);
			return -1;
		}
		*mask |= ENGINE_MASK(k);
		s += n;
	}
	if (*mask == 0) {
		*cause = xstrdup("no engine named (auto, docker, "
		    "docker-rootless, podman, podman-rootless)");
		return -1;
	}
	return 0;
}

static int
is_file(struct source *src, const char *path)
{
	struct source_stat	 st;
	char			*cause = NULL;
	int			 rc;

	rc = source_stat(src, path, 1, &st, &cause);
	free(cause);
	return rc == 0;
}

/*
 * A process of that program name run by uid (any uid: -1), with arg among
 * its arguments when not NULL; its last argument when that is an
 * endpoint (podman system service unix:///PATH) into *url.
 */
static int
runs(struct source *src, const char *prog, long uid, const char *arg,
    char **url)
{
	const struct proc_info	*p;
	const char		*base;
	char			*cause = NULL;
	size_t			 n, i, k;

	if (source_procs(src, &p, &n, &cause) != 0) {
		free(cause);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (p[i].argv.n == 0 || (uid >= 0 && p[i].euid != uid))
			continue;
		base = strrchr(p[i].argv.v[0], '/');
		base = base != NULL ? base + 1 : p[i].argv.v[0];
		if (strcmp(base, prog) != 0)
			continue;
		for (k = 1; arg != NULL && k < p[i].argv.n; k++) {
			if (strcmp(p[i].argv.v[k], arg) == 0)
				break;
		}
		if (arg != NULL && k == p[i].argv.n)
			continue;
		k = p[i].argv.n - 1;
		if (url != NULL && k > 0 && (strncmp(p[i].argv.v[k], "unix://",
		    7) == 0 || strncmp(p[i].argv.v[k], "tcp://", 6) == 0))
			*url = xstrdup(p[i].argv.v[k]);
		return 1;
	}
	return 0;
}

static void
add(struct engine_list *l, enum engine_kind kind, const char *endpoint,
    const struct account *owner, char *found)
{
	struct engine	*e;

	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	e = &l->v[l->n++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->rootless = kind == ENGINE_DOCKER_ROOTLESS ||
	    kind == ENGINE_PODMAN_ROOTLESS;
	e->endpoint = endpoint != NULL ? xstrdup(endpoint) : NULL;
	e->uid = owner != NULL ? owner->id : 0;
	e->user = xstrdup(owner != NULL ? owner->name : "root");
	e->home = owner != NULL && owner->home != NULL ? xstrdup(owner->home) :
	    NULL;
	e->found = found;
	if (e->rootless) {
		e->id = xasprintf("%s:%s", engine_names[kind], e->user);
		e->label = xasprintf("%s:%s", kind == ENGINE_PODMAN_ROOTLESS ?
		    "podman" : "docker", e->user);
	} else {
		e->id = xstrdup(engine_names[kind]);
		e->label = xstrdup(engine_names[kind]);
	}
}

/* How a rootful engine shows: its socket, its service (podman system
 * service, arg "service", may name another endpoint: *endpoint is
 * replaced), its files. */
static char *
rootful_found(struct source *src, char **endpoint, const char *prog,
    const char *arg, const char *const *files, size_t nfiles)
{
	char	*url = NULL;
	size_t	 i;

	if (source_api_at(src, *endpoint))
		return xasprintf("a socket at %s", *endpoint);
	if (runs(src, prog, 0, arg, arg != NULL ? &url : NULL)) {
		if (url != NULL) {
			free(*endpoint);
			*endpoint = url;
		}
		return xasprintf("a %s process of root", prog);
	}
	for (i = 0; i < nfiles; i++) {
		if (is_file(src, files[i]))
			return xasprintf("%s (not running)", files[i]);
	}
	return NULL;
}

static void
find_rootful(struct source *src, unsigned int mask, struct engine_list *l)
{
	static const char *const docker_files[] = { "/usr/bin/dockerd",
	    "/usr/sbin/dockerd", "/etc/docker/daemon.json" };
	static const char *const podman_files[] = { "/usr/bin/podman",
	    "/etc/containers/containers.conf" };
	char	*found, *host;

	if (mask & ENGINE_MASK(ENGINE_DOCKER)) {
		if ((host = source_env(src, "DOCKER_HOST")) == NULL)
			host = xstrdup(DOCKER_SOCKET);
		/* dockerd's -H is read by the daemon facts, not here. */
		if ((found = rootful_found(src, &host, "dockerd", NULL,
		    docker_files, nitems(docker_files))) != NULL)
			add(l, ENGINE_DOCKER, host, NULL, found);
		free(host);
	}
	if (mask & ENGINE_MASK(ENGINE_PODMAN)) {
		host = xstrdup(PODMAN_SOCKET);
		if ((found = rootful_found(src, &host, "podman", "service",
		    podman_files, nitems(podman_files))) != NULL)
			add(l, ENGINE_PODMAN, host, NULL, found);
		free(host);
	}
}

/* A user's rootless engine: its socket in the user's runtime folder, its
 * process, or (offline) the unit or storage it left in the home. */
static char *
rootless_found(struct source *src, const struct account *u,
    const char *endpoint, const char *prog, const char *const *homefiles,
    size_t n)
{
	char	*path;
	size_t	 i;

	if (source_api_at(src, endpoint))
		return xasprintf("a socket at %s", endpoint);
	if (prog != NULL && runs(src, prog, u->id, NULL, NULL))
		return xasprintf("a %s process of %s", prog, u->name);
	for (i = 0; u->home != NULL && strcmp(u->home, "/") != 0 && i < n;
	    i++) {
		path = xasprintf("%s/%s", u->home, homefiles[i]);
		if (is_file(src, path))
			return xasprintf("%s (not running)", path);
		free(path);
	}
	return NULL;
}

static void
find_rootless(struct source *src, unsigned int mask, unsigned int self_uid,
    struct engine_list *l)
{
	static const char *const docker_files[] = {
	    ".config/systemd/user/docker.service", ".local/share/docker" };
	static const char *const podman_files[] = { ".config/containers",
	    ".local/share/containers/storage" };
	struct account_db	 db;
	const struct accounts	*users;
	const struct account	*u;
	char			*ep, *found;
	size_t			 i;

	memset(&db, 0, sizeof db);
	users = accounts_users(&db, src);
	for (i = 0; users->err == 0 && i < users->n; i++) {
		u = &users->v[i];
		if (u->id == 0 || (self_uid != 0 && u->id != self_uid))
			continue;
		if (mask & ENGINE_MASK(ENGINE_DOCKER_ROOTLESS)) {
			ep = xasprintf("unix:///run/user/%u/docker.sock", u->id);
			if ((found = rootless_found(src, u, ep, "dockerd",
			    docker_files, nitems(docker_files))) != NULL)
				add(l, ENGINE_DOCKER_ROOTLESS, ep, u, found);
			free(ep);
		}
		if (mask & ENGINE_MASK(ENGINE_PODMAN_ROOTLESS)) {
			ep = xasprintf("unix:///run/user/%u/podman/podman.sock",
			    u->id);
			if ((found = rootless_found(src, u, ep, NULL,
			    podman_files, nitems(podman_files))) != NULL)
				add(l, ENGINE_PODMAN_ROOTLESS, ep, u, found);
			free(ep);
		}
	}
	account_db_clear(&db);
}

/* -H: the kind the mask names, else the one the socket's path suggests. */
static void
find_host(struct source *src, unsigned int mask, const char *host,
    struct engine_list *l)
{
	struct account_db	 db;
	const struct accounts	*users;
	const struct account	*owner = NULL;
	enum engine_kind	 kind = ENGINE_DOCKER;
	unsigned int		 uid;
	size_t			 k, n = 0;

	for (k = 0; k < ENGINE_KIND_COUNT; k++) {
		if (mask & ENGINE_MASK(k)) {
			kind = k;
			n++;
		}
	}
	memset(&db, 0, sizeof db);
	if (n != 1) {
		kind = strstr(host, "podman") != NULL ? ENGINE_PODMAN :
		    ENGINE_DOCKER;
		if (sscanf(host, "unix:///run/user/%u/", &uid) == 1)
			kind = kind == ENGINE_PODMAN ? ENGINE_PODMAN_ROOTLESS :
			    ENGINE_DOCKER_ROOTLESS;
	}
	if ((kind == ENGINE_DOCKER_ROOTLESS || kind == ENGINE_PODMAN_ROOTLESS) &&
	    sscanf(host, "unix:///run/user/%u/", &uid) == 1) {
		users = accounts_users(&db, src);
		for (k = 0; users->err == 0 && k < users->n; k++) {
			if (users->v[k].id == uid)
				owner = &users->v[k];
		}
	}
	add(l, kind, host, owner, xasprintf("-H %s", host));
	account_db_clear(&db);
}

void
engines_find(struct source *src, unsigned int mask, const char *host,
    unsigned int self_uid, struct engine_list *l, char **cause)
{
	memset(l, 0, sizeof *l);
	if (host != NULL) {
		find_host(src, mask, host, l);
		return;
	}
	find_rootful(src, mask, l);
	find_rootless(src, mask, self_uid, l);
	if (l->n == 0)
		*cause = xstrdup("no container engine found: no Docker or "
		    "Podman socket answers, no dockerd or podman service "
		    "runs, and neither is installed");
}

void
engines_default(struct engine_list *l)
{
	memset(l, 0, sizeof *l);
	add(l, ENGINE_DOCKER, NULL, NULL, NULL);
}

void
engines_image(struct engine_list *l)
{
	memset(l, 0, sizeof *l);
	add(l, ENGINE_IMAGE, NULL, NULL, xstrdup("the image archives given"));
}

void
engine_list_free(struct engine_list *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].id);
		free(l->v[i].label);
		free(l->v[i].endpoint);
		free(l->v[i].user);
		free(l->v[i].home);
		free(l->v[i].found);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}
