/*
 * Where the things rules 1.1.x and 3.x check really are on this host (or
 * in this image), rather than where a default install would put them: the
 * binary of the dockerd that serves the endpoint, the data root the daemon
 * reports, the unit files in whichever systemd directory holds them, the
 * containerd socket dockerd is told to use, the TLS files and unix sockets
 * of the effective daemon configuration.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "facts/facts.h"
#include "facts/engines.h"
#include "facts/locate.h"
#include "lib/json.h"
#include "lib/util.h"

/* root's PATH on Debian, in its order. */
static const char *const bin_dirs[] = {
	"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
	"/sbin", "/bin", NULL
};

static const char *const unit_dirs[] = {
	"/etc/systemd/system", "/run/systemd/system", "/lib/systemd/system",
	"/usr/lib/systemd/system", NULL
};

static int
present(struct facts *f, const char *path, unsigned int type)
{
	struct source_stat	 st;
	char			*cause = NULL;
	int			 err;

	err = source_stat(f->src, path, 1, &st, &cause);
	free(cause);
	return err == 0 && (type == 0 || (st.mode & S_IFMT) == type);
}

static const char *
base_name(const char *path)
{
	const char	*s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

/* The executable of a running process called name, or NULL. */
static const struct proc_info *
running(struct facts *f, const char *name)
{
	const struct daemon	*d;
	const struct proc_info	*p;
	char			*cause = NULL;
	size_t			 i, n;

	if (strcmp(name, "dockerd") == 0) {
		d = facts_daemon(f);
		return d->proc != NULL && d->proc->exe != NULL ? d->proc : NULL;
	}
	if (source_procs(f->src, &p, &n, &cause) != 0) {
		free(cause);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (p[i].exe == NULL || p[i].container != NULL)
			continue;
		if (strcmp(base_name(p[i].exe), name) == 0)
			return &p[i];
	}
	return NULL;
}

static int
loc_binary(struct facts *f, const struct locator *l, struct strlist *out,
    json_t *ev, struct cause **cause)
{
	const struct proc_info	*p;
	char			*path;
	size_t			 i;

	if ((p = running(f, l->arg)) != NULL) {
		strlist_add(out, p->exe);
		json_object_set_new(ev, "found", json_sprintf("the executable "
		    "of the running %s (pid %d)", l->arg, p->pid));
		return 0;
	}
	for (i = 0; bin_dirs[i] != NULL; i++) {
		path = xasprintf("%s/%s", bin_dirs[i], l->arg);
		if (present(f, path, S_IFREG)) {
			strlist_add_nocopy(out, path);
			json_object_set_new(ev, "found", json_sprintf(
			    "first in PATH (%s is not running)", l->arg));
			return 0;
		}
		free(path);
	}
	*cause = cause_newf(CAUSE_ABSENT, l->arg, "%s is neither running nor "
	    "installed in %s ... %s",
	    l->arg, bin_dirs[0], bin_dirs[i - 1]);
	return 0;
}

static int
loc_unit(struct facts *f, const struct locator *l, struct strlist *out,
    json_t *ev, struct cause **cause)
{
	char	*path;
	size_t	 i;

	for (i = 0; unit_dirs[i] != NULL; i++) {
		path = xasprintf("%s/%s", unit_dirs[i], l->arg);
		if (present(f, path, 0)) {
			strlist_add_nocopy(out, path);
			json_object_set_new(ev, "found", json_string(
			    "the first systemd unit directory that holds it"));
			return 0;
		}
		free(path);
	}
	*cause = cause_newf(CAUSE_ABSENT, l->arg, "no %s unit in "
	    "/etc/systemd/system, "
	    "/run/systemd/system, /lib/systemd/system or "
	    "/usr/lib/systemd/system", l->arg);
	return 0;
}

/* An effective daemon option, its evidence as ev's evkey; -1 if unknown. */
static int
option(struct facts *f, const char *key, const char *evkey, json_t **val,
    json_t *ev, struct cause **cause)
{
	const char	*from;
	json_t		*dev = json_object();

	if (facts_daemon_value(f, daemon_option_find(key), val, &from, dev,
	    cause) == -1) {
		json_decref(dev);
		return -1;
	}
	json_object_set_new(dev, "from", json_string(from));
	json_object_set_new(ev, evkey, dev);
	return 0;
}

/* Podman's storage root: /info (its graphroot), else storage.conf's
 * graphroot, else Podman's default for the engine. */
static int
podman_data_root(struct facts *f, struct strlist *out, json_t *ev,
    struct cause **cause)
{
	const struct engine	*e = f->engine;
	json_t			*info, *val = NULL, *pev = json_object();
	const char		*root;
	char			*why = NULL;

	if (source_api(f->src, "/info", &info, &why) == 0 &&
	    (root = json_string_value(json_object_get(info,
	    "DockerRootDir"))) != NULL && *root != '\0') {
		strlist_add(out, root);
		json_object_set_new(ev, "found", json_string("/info "
		    "DockerRootDir (Podman's graphroot)"));
		json_decref(pev);
		return 0;
	}
	free(why);
	if (facts_podman_value(f, PODMAN_STORAGE_CONF, "/storage/graphroot", &val,
	    pev, cause) == -1) {
		json_decref(pev);
		return -1;
	}
	json_object_set_new(ev, "podman", pev);
	if (json_string_value(val) != NULL) {
		strlist_add(out, json_string_value(val));
		json_object_set_new(ev, "found", json_string("storage.conf's "
		    "graphroot"));
	} else if (e->rootless && e->home != NULL) {
		strlist_add_nocopy(out, xasprintf("%s/.local/share/containers/"
		    "storage", e->home));
		json_object_set_new(ev, "found", json_string("Podman's default "
		    "for a rootless engine"));
	} else {
		strlist_add(out, "/var/lib/containers/storage");
		json_object_set_new(ev, "found", json_string("Podman's "
		    "default"));
	}
	json_decref(val);
	return 0;
}

static int
loc_option(struct facts *f, const struct locator *l, struct strlist *out,
    json_t *ev, struct cause **cause)
{
	json_t	*val;

	if (f->engine != NULL && engine_is_podman(f->engine->kind) &&
	    strcmp(l->arg, "data-root") == 0)
		return podman_data_root(f, out, ev, cause);
	if (option(f, l->arg, "daemon", &val, ev, cause) == -1)
		return -1;
	if (json_string_value(val) != NULL && *json_string_value(val) != '\0')
		strlist_add(out, json_string_value(val));
	else
		*cause = cause_newf(CAUSE_ABSENT, l->arg, "%s is not "
		    "configured", l->arg);
	json_decref(val);
	return 0;
}

static int
loc_daemon_json(struct facts *f, const struct locator *l, struct strlist *out,
    json_t *ev, struct cause **cause)
{
	const struct daemon	*d = facts_daemon(f);

	(void)l;
	(void)cause;
	strlist_add(out, d->config_path);
	json_object_set_new(ev, "found", json_string(d->proc != NULL ?
	    "the --config-file of the running dockerd, or its default" :
	    "the default location"));
	return 0;
}

/*
 * The socket of the containerd dockerd starts itself when it finds no
 * system one: containerd/containerd.sock under its exec root.
 */
static char *
own_containerd_socket(const char *exec_root)
{
	size_t	len = strlen(exec_root);

	while (len > 1 && exec_root[len - 1] == '/')
		len--;
	/* /var/run is /run on every current distribution. */
	if (len > 8 && strncmp(exec_root, "/var/run/", 9) == 0)
		return xasprintf("/run/%.*s/containerd/containerd.sock",
		    (int)(len - 9), exec_root + 9);
	return xasprintf("%.*s/containerd/containerd.sock", (int)len,
	    exec_root);
}

static int
loc_containerd_socket(struct facts *f, const struct locator *l,
    struct strlist *out, json_t *ev, struct cause **cause)
{
	static const char *const system_sock =
	    "/run/containerd/containerd.sock";
	const char	*root;
	char		*own;
	json_t		*val;
	int		 rootless;

	(void)l;
	if (option(f, "containerd", "daemon", &val, ev, cause) == -1)
		return -1;
	if (json_string_value(val) != NULL && *json_string_value(val) != '\0') {
		strlist_add(out, json_string_value(val));
		json_decref(val);
		return 0;
	}
	json_decref(val);
	if (f->src->offline) {
		/* An image has no sockets yet: the system containerd's. */
		strlist_add(out, system_sock);
		json_object_set_new(ev, "found", json_string("containerd's "
		    "default socket (offline: which one dockerd will use is "
		    "not known)"));
		return 0;
	}
	/*
	 * Without --containerd, dockerd uses the system containerd when its
	 * socket is there, else starts its own under its exec root. A
	 * rootless dockerd always starts its own, under its user's runtime
	 * folder (exec root $XDG_RUNTIME_DIR/docker).
	 */
	rootless = f->engine != NULL && f->engine->kind ==
	    ENGINE_DOCKER_ROOTLESS;
	if (!rootless && present(f, system_sock, 0)) {
		strlist_add(out, system_sock);
		json_object_set_new(ev, "found", json_string("the first "
		    "containerd socket present"));
		return 0;
	}
	if (option(f, "exec-root", "exec_root", &val, ev, cause) == -1)
		return -1;
	root = json_string_value(val);
	/* (dockerd's default exec root is the rootful one's; a rootless
	 * dockerd's default is its user's.) */
	if (rootless && (root == NULL || *root == '\0' || strcmp(root,
	    "/var/run/docker") == 0))
		own = xasprintf("/run/user/%u/docker/containerd/"
		    "containerd.sock", f->engine->uid);
	else
		own = own_containerd_socket(root != NULL && *root != '\0' ?
		    root : "/var/run/docker");
	json_decref(val);
	if (present(f, own, 0)) {
		strlist_add_nocopy(out, own);
		json_object_set_new(ev, "found", json_string("the socket of "
		    "dockerd's own containerd, under its exec root"));
		return 0;
	}
	*cause = cause_newf(CAUSE_ABSENT, "containerd-socket", "no "
	    "containerd socket: dockerd has no "
	    "--containerd, and neither %s nor %s (under its exec root) "
	    "exists", system_sock, own);
	free(own);
	return 0;
}

/* ListenStream= of docker.socket, for a daemon started with -H fd://. */
static void
socket_unit_paths(struct facts *f, struct strlist *out)
{
	struct strlist	 unit = { NULL, 0 };
	const char	*data, *p, *e;
	char		*cause = NULL, *v;
	struct cause	*none = NULL;
	size_t		 len, i, before = out->n;
	json_t		*ev = json_object();

	loc_unit(f, &(struct locator){ .arg = "docker.socket" }, &unit, ev,
	    &none);
	json_decref(ev);
	cause_free(none);
	for (i = 0; i < unit.n; i++) {
		if (source_read(f->src, unit.v[i], &data, &len, &cause) != 0)
			break;
		for (p = data; p < data + len; p = e + 1) {
			if ((e = memchr(p, '\n', data + len - p)) == NULL)
				e = data + len;
			if ((size_t)(e - p) > 13 && p[13] == '/' &&
			    strncmp(p, "ListenStream=", 13) == 0) {
				v = xstrndup(p + 13, e - p - 13);
				v[strcspn(v, " \t\r")] = '\0';
				if (!strlist_has(out, v))
					strlist_add(out, v);
				free(v);
			}
		}
	}
	free(cause);
	strlist_free(&unit);
	if (out->n == before && !strlist_has(out, "/run/docker.sock"))
		strlist_add(out, "/run/docker.sock");
}

static int
loc_sockets(struct facts *f, const struct locator *l, struct strlist *out,
    json_t *ev, struct cause **cause)
{
	json_t		*val, *h;
	const char	*s;
	size_t		 i;

	(void)l;
	if (option(f, "hosts", "daemon", &val, ev, cause) == -1)
		return -1;
	json_array_foreach(val, i, h) {
		if ((s = json_string_value(h)) == NULL)
			continue;
		if (strncmp(s, "unix://", 7) == 0) {
			s = s[7] != '\0' ? s + 7 : "/var/run/docker.sock";
			if (!strlist_has(out, s))
				strlist_add(out, s);
		} else if (strncmp(s, "fd://", 5) == 0)
			socket_unit_paths(f, out);
	}
	if (json_array_size(val) == 0)
		strlist_add(out, "/var/run/docker.sock");
	json_decref(val);
	if (out->n == 0)
		*cause = cause_new(CAUSE_ABSENT, NULL, "the daemon listens "
		    "on no unix socket");
	return 0;
}

/* dockerd-rootless.sh, which starts a rootless dockerd under rootlesskit:
 * in PATH (Docker's packages), else where Debian's docker.io keeps it. */
static int
loc_rootless_script(struct facts *f, const struct locator *l,
    struct strlist *out, json_t *ev, struct cause **cause)
{
	static const char *const contrib =
	    "/usr/share/docker.io/contrib/dockerd-rootless.sh";

	if (loc_binary(f, l, out, ev, cause) == 0 && out->n > 0)
		return 0;
	cause_free(*cause);
	*cause = NULL;
	if (present(f, contrib, S_IFREG)) {
		strlist_add(out, contrib);
		json_object_set_new(ev, "found", json_string("docker.io's "
		    "contrib folder"));
		return 0;
	}
	*cause = cause_newf(CAUSE_ABSENT, l->arg, "%s is in neither PATH nor "
	    "%s", l->arg, contrib);
	return 0;
}

/* The audited engine's socket (its endpoint's path). */
static int
loc_engine_socket(struct facts *f, const struct locator *l,
    struct strlist *out, json_t *ev, struct cause **cause)
{
	const char	*ep = f->engine != NULL && f->engine->endpoint != NULL ?
	    f->engine->endpoint : f->src->api.endpoint;

	(void)l;
	if (ep == NULL || strncmp(ep, "unix://", 7) != 0) {
		*cause = cause_newf(CAUSE_ABSENT, NULL, "the engine's endpoint "
		    "%s is not a unix socket", ep != NULL ? ep : "(none)");
		return 0;
	}
	strlist_add(out, ep + 7);
	json_object_set_new(ev, "found", json_string("the engine's endpoint"));
	return 0;
}

/* The engine's own configuration folder: /etc/docker, /etc/containers,
 * or its user's ~/.config/docker or ~/.config/containers. */
static int
loc_engine_config_dir(struct facts *f, const struct locator *l,
    struct strlist *out, json_t *ev, struct cause **cause)
{
	const struct engine	*e = f->engine;
	int			 podman = e != NULL && engine_is_podman(e->kind);

	(void)l;
	(void)cause;
	if (e != NULL && e->rootless && e->home != NULL)
		strlist_add_nocopy(out, xasprintf("%s/.config/%s", e->home,
		    podman ? "containers" : "docker"));
	else
		strlist_add(out, podman ? "/etc/containers" : "/etc/docker");
	json_object_set_new(ev, "found", json_string(e != NULL && e->rootless ?
	    "the engine's user's configuration folder" :
	    "the engine's configuration folder"));
	return 0;
}

/* Where systemd keeps the engine's units: the system's, or (rootless)
 * the user's, their own first. */
static int
loc_engine_unit(struct facts *f, const struct locator *l, struct strlist *out,
    json_t *ev, struct cause **cause)
{
	const struct engine	*e = f->engine;
	const char		*unit, *dirs[4];
	struct locator		 sys;
	char			*own = NULL, *path;
	size_t			 i;

	if (e != NULL && engine_is_podman(e->kind))
		unit = strcmp(l->arg, "service") == 0 ? "podman.service" :
		    "podman.socket";
	else
		unit = strcmp(l->arg, "service") == 0 ? "docker.service" :
		    "docker.socket";
	if (e == NULL || !e->rootless) {
		sys = *l;
		sys.arg = unit;
		return loc_unit(f, &sys, out, ev, cause);
	}
	if (e->home != NULL)
		own = xasprintf("%s/.config/systemd/user", e->home);
	dirs[0] = own != NULL ? own : "/etc/systemd/user";
	dirs[1] = "/etc/systemd/user";
	dirs[2] = "/usr/lib/systemd/user";
	dirs[3] = "/lib/systemd/user";
	for (i = 0; i < nitems(dirs); i++) {
		path = xasprintf("%s/%s", dirs[i], unit);
		if (present(f, path, 0)) {
			strlist_add_nocopy(out, path);
			json_object_set_new(ev, "found", json_string("the first "
			    "systemd user unit directory that holds it"));
			free(own);
			return 0;
		}
		free(path);
	}
	free(own);
	*cause = cause_newf(CAUSE_ABSENT, unit, "no %s user unit in "
	    "~/.config/systemd/user, /etc/systemd/user or "
	    "/usr/lib/systemd/user", unit);
	return 0;
}

const struct locator locators[] = {
	{ "conmon", "the conmon executable (running, else in PATH)",
	    loc_binary, "conmon" },
	{ "containerd", "the running containerd's executable, else the first "
	    "in PATH", loc_binary, "containerd" },
	{ "containerd-shim", "the containerd-shim executable (running, else "
	    "in PATH)", loc_binary, "containerd-shim" },
	{ "containerd-shim-runc-v1", "the containerd-shim-runc-v1 executable",
	    loc_binary, "containerd-shim-runc-v1" },
	{ "containerd-shim-runc-v2", "the containerd-shim-runc-v2 executable",
	    loc_binary, "containerd-shim-runc-v2" },
	{ "containerd-socket", "dockerd's --containerd socket, else "
	    "/run/containerd/containerd.sock, else dockerd's own under "
	    "EXEC-ROOT/containerd (--exec-root, default /var/run/docker)",
	    loc_containerd_socket, NULL },
	{ "daemon-json", "the daemon.json that dockerd's --config-file names "
	    "(default /etc/docker/daemon.json)", loc_daemon_json, NULL },
	{ "data-root", "the daemon's data root (/info DockerRootDir, else "
	    "data-root, default /var/lib/docker)", loc_option, "data-root" },
	{ "docker-service-unit", "docker.service in the first systemd unit "
	    "directory that has it", loc_unit, "docker.service" },
	{ "docker-socket-unit", "docker.socket in the first systemd unit "
	    "directory that has it", loc_unit, "docker.socket" },
	{ "docker-sockets", "every unix socket dockerd listens on (-H unix://, "
	    "fd:// as docker.socket's ListenStream; default "
	    "/var/run/docker.sock)", loc_sockets, NULL },
	{ "dockerd", "the executable of the dockerd that serves the endpoint, "
	    "else the first in PATH", loc_binary, "dockerd" },
	{ "dockerd-rootless", "dockerd-rootless.sh (in PATH, else Debian's "
	    "/usr/share/docker.io/contrib)", loc_rootless_script,
	    "dockerd-rootless.sh" },
	{ "engine-config-dir", "the engine's configuration folder: "
	    "/etc/docker or /etc/containers, or a rootless engine's user's "
	    "~/.config/docker or ~/.config/containers", loc_engine_config_dir,
	    NULL },
	{ "engine-service-unit", "the engine's service unit: docker.service or "
	    "podman.service, for a rootless engine in the user's unit "
	    "directories", loc_engine_unit, "service" },
	{ "engine-socket", "the audited engine's socket (its endpoint's path)",
	    loc_engine_socket, NULL },
	{ "engine-socket-unit", "the engine's socket unit: docker.socket or "
	    "podman.socket, for a rootless engine in the user's unit "
	    "directories", loc_engine_unit, "socket" },
	{ "podman", "the podman executable (running, else in PATH)",
	    loc_binary, "podman" },
	{ "rootlesskit", "the rootlesskit executable (running, else in PATH)",
	    loc_binary, "rootlesskit" },
	{ "runc", "the runc executable (running, else in PATH)", loc_binary,
	    "runc" },
	{ "tlscacert", "the daemon's tlscacert", loc_option, "tlscacert" },
	{ "tlscert", "the daemon's tlscert", loc_option, "tlscert" },
	{ "tlskey", "the daemon's tlskey", loc_option, "tlskey" },
	{ NULL, NULL, NULL, NULL },
};

const struct locator *
locate_find(const char *name)
{
	size_t	i;

	for (i = 0; locators[i].name != NULL; i++) {
		if (strcmp(locators[i].name, name) == 0)
			return &locators[i];
	}
	return NULL;
}

int
locate(struct facts *f, const char *name, struct strlist *out, json_t *ev,
    struct cause **cause)
{
	const struct locator	*l = locate_find(name);
	json_t			*lev = json_object();
	int			 rc;

	if (l == NULL)
		fatal("unknown locator %s", name);
	rc = l->fn(f, l, out, lev, cause);
	json_object_set_new(lev, "name", json_string(name));
	json_object_set_new(lev, "paths", strlist_json(out));
	json_object_set_new(ev, "located", lev);
	return rc;
}
