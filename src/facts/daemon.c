/*
 * The effective daemon configuration (section 2 of the CIS Docker
 * benchmark; the sockets and certificates of section 3). A setting may be
 * a dockerd flag in any of its forms or a daemon.json key; /info reports
 * some of them as the running daemon sees them, and then it decides.
 *
 * When several dockerd run (rootful and rootless, or a test daemon beside
 * the system's), the one audited is the one whose sockets include the
 * endpoint, never simply the newest.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "facts/dockerd-argv.h"
#include "facts/daemon.h"
#include "facts/accounts.h"
#include "lib/json.h"
#include "lib/util.h"

/* Sorted by key. */
static const struct daemon_option daemon_options[] = {
	{ "authorization-plugins", "--authorization-plugin", NULL,
	    DAEMON_LIST, NULL, NULL },
	{ "bridge", "--bridge", "-b", DAEMON_STRING, NULL, NULL },
	{ "cgroup-parent", "--cgroup-parent", NULL, DAEMON_STRING, NULL, NULL },
	{ "containerd", "--containerd", NULL, DAEMON_STRING, NULL, NULL },
	{ "data-root", "--data-root", NULL, DAEMON_STRING,
	    "\"/var/lib/docker\"", "/DockerRootDir" },
	{ "debug", "--debug", "-D", DAEMON_BOOL, "false", "/Debug" },
	{ "default-ulimits", "--default-ulimit", NULL, DAEMON_LIST, NULL,
	    NULL },
	{ "exec-root", "--exec-root", NULL, DAEMON_STRING,
	    "\"/var/run/docker\"", NULL },
	{ "experimental", "--experimental", NULL, DAEMON_BOOL, "false",
	    "/ExperimentalBuild" },
	{ "hosts", "--host", "-H", DAEMON_LIST, NULL, NULL },
	{ "icc", "--icc", NULL, DAEMON_BOOL, "true", NULL },
	{ "insecure-registries", "--insecure-registry", NULL, DAEMON_LIST,
	    NULL, NULL },
	{ "ip-forward", "--ip-forward", NULL, DAEMON_BOOL, "true", NULL },
	{ "iptables", "--iptables", NULL, DAEMON_BOOL, "true", NULL },
	{ "live-restore", "--live-restore", NULL, DAEMON_BOOL, "false",
	    "/LiveRestoreEnabled" },
	{ "log-driver", "--log-driver", NULL, DAEMON_STRING, "\"json-file\"",
	    "/LoggingDriver" },
	{ "log-level", "--log-level", "-l", DAEMON_STRING, "\"info\"", NULL },
	{ "log-opts", "--log-opt", NULL, DAEMON_LIST, NULL, NULL },
	{ "no-new-privileges", "--no-new-privileges", NULL, DAEMON_BOOL,
	    "false", NULL },
	{ "seccomp-profile", "--seccomp-profile", NULL, DAEMON_STRING, NULL,
	    NULL },
	{ "selinux-enabled", "--selinux-enabled", NULL, DAEMON_BOOL, "false",
	    NULL },
	{ "storage-driver", "--storage-driver", "-s", DAEMON_STRING, NULL,
	    "/Driver" },
	{ "storage-opts", "--storage-opt", NULL, DAEMON_LIST, NULL, NULL },
	{ "tls", "--tls", NULL, DAEMON_BOOL, "false", NULL },
	{ "tlscacert", "--tlscacert", NULL, DAEMON_STRING, NULL, NULL },
	{ "tlscert", "--tlscert", NULL, DAEMON_STRING, NULL, NULL },
	{ "tlskey", "--tlskey", NULL, DAEMON_STRING, NULL, NULL },
	{ "tlsverify", "--tlsverify", NULL, DAEMON_BOOL, "false", NULL },
	{ "userland-proxy", "--userland-proxy", NULL, DAEMON_BOOL, "true",
	    NULL },
	{ "userns-remap", "--userns-remap", NULL, DAEMON_STRING, NULL, NULL },
};

const struct daemon_option *
daemon_option_find(const char *key)
{
	size_t	i;

	for (i = 0; i < nitems(daemon_options); i++) {
		if (strcmp(daemon_options[i].key, key) == 0)
			return &daemon_options[i];
	}
	return NULL;
}

const struct daemon_option *
daemon_option_by_info(const char *pointer)
{
	size_t	i;

	for (i = 0; pointer != NULL && i < nitems(daemon_options); i++) {
		if (daemon_options[i].info != NULL &&
		    strcmp(daemon_options[i].info, pointer) == 0)
			return &daemon_options[i];
	}
	return NULL;
}

/* /var/run is /run on every current distribution. */
static char *
socket_norm(const char *host)
{
	const char	*p = host;

	if (strncmp(p, "unix://", 7) == 0)
		p += 7;
	if (strncmp(p, "/var/run/", 9) == 0)
		return xasprintf("/run/%s", p + 9);
	return xstrdup(p);
}

/* Does a -H value of dockerd serve the endpoint? */
static int
host_serves(const char *h, const char *endpoint)
{
	char	*a, *b;
	int	 same;

	/* fd:// is systemd's docker.socket: the default socket. */
	if (strncmp(h, "fd://", 5) == 0)
		h = "unix:///run/docker.sock";
	if (strncmp(h, "tcp://", 6) == 0 && strncmp(endpoint, "tcp://", 6) == 0) {
		const char *hp = strrchr(h, ':'), *ep = strrchr(endpoint, ':');

		if (hp != NULL && ep != NULL && strcmp(hp, ep) == 0 &&
		    (strncmp(h + 6, "0.0.0.0:", 8) == 0 ||
		    strcmp(h + 6, endpoint + 6) == 0))
			return 1;
		return 0;
	}
	if (strncmp(h, "unix://", 7) != 0 || strncmp(endpoint, "unix://", 7)
	    != 0)
		return 0;
	a = socket_norm(h);
	b = socket_norm(endpoint);
	same = strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

static int
is_dockerd(const struct proc_info *p)
{
	if (p->argv.n > 0 && strcmp(path_base(p->argv.v[0]), "dockerd") == 0)
		return 1;
	return p->exe != NULL && strcmp(path_base(p->exe), "dockerd") == 0;
}

/* The daemon.json a process reads: --config-file, else the default (a
 * rootless engine's in its user's home, with or without its process). */
static char *
config_path_of(struct source *src, struct account_db *acc,
    const struct proc_info *p, const char *home)
{
	struct strlist	 v = { NULL, 0 };
	const struct accounts *users;
	char		*path = NULL;
	size_t		 i;

	if (p != NULL) {
		argv_flag_values(&p->argv, "--config-file", NULL, 1, &v);
		if (v.n > 0)
			path = xstrdup(v.v[v.n - 1]);
		strlist_free(&v);
		if (path == NULL && p->euid != 0) {
			/* Rootless: the user's own configuration. */
			users = accounts_users(acc, src);
			for (i = 0; i < users->n && path == NULL; i++) {
				if (users->v[i].id == p->euid &&
				    users->v[i].home != NULL)
					path = xasprintf("%s/.config/docker/"
					    "daemon.json", users->v[i].home);
			}
		}
	}
	if (path == NULL && home != NULL)
		path = xasprintf("%s/.config/docker/daemon.json", home);
	return path != NULL ? path : xstrdup("/etc/docker/daemon.json");
}

static void
load_config(struct source *src, struct account_db *acc, struct daemon *d)
{
	const char	*data;
	size_t		 len;
	json_error_t	 jerr;
	char		*words;
	char		*cause = NULL;
	int		 err;

	d->config_path = config_path_of(src, acc, d->proc, d->home);
	err = source_read(src, d->config_path, &data, &len, &cause);
	if (err == ENOENT) {
		free(cause);
		return;
	}
	if (err != 0) {
		d->err = err;
		d->cause = cause;
		return;
	}
	if ((d->config = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr))
	    == NULL || !json_is_object(d->config)) {
		d->err = EINVAL;
		words = json_error_words(jerr.text);
		d->cause = d->config == NULL ? xasprintf("%s:%d:%d: invalid "
		    "JSON: %s", d->config_path, jerr.line, jerr.column,
		    words) : xasprintf("%s: not a JSON object",
		    d->config_path);
		free(words);
		json_decref(d->config);
		d->config = NULL;
	}
}

/* The -H values of a dockerd process, or its default socket: a rootless
 * dockerd's is in its user's runtime folder. */
static void
hosts_of(const struct proc_info *p, struct strlist *hosts)
{
	argv_flag_values(&p->argv, "--host", "-H", 1, hosts);
	if (hosts->n == 0 && p->euid != 0)
		strlist_add_nocopy(hosts, xasprintf("unix:///run/user/%u/"
		    "docker.sock", p->euid));
	else if (hosts->n == 0)
		strlist_add(hosts, "unix:///var/run/docker.sock");
}

int
daemon_serves(const struct proc_info *p, const char *endpoint)
{
	struct strlist	 hosts = { NULL, 0 };
	size_t		 i;
	int		 serves = 0;

	hosts_of(p, &hosts);
	for (i = 0; i < hosts.n && !serves; i++)
		serves = host_serves(hosts.v[i], endpoint);
	strlist_free(&hosts);
	return serves;
}

void
daemon_build(struct daemon *d, struct source *src, struct account_db *acc,
    const char *rootless_home)
{
	const struct proc_info	*procs, *p;
	const char		*endpoint;
	struct strlist		 hosts = { NULL, 0 }, seen = { NULL, 0 };
	char			*cause = NULL;
	size_t			 n, i, j, ndockerd = 0;
	int			 err;

	memset(d, 0, sizeof *d);
	d->home = rootless_home != NULL ? xstrdup(rootless_home) : NULL;
	d->endpoint = xstrdup(src->api.endpoint != NULL ? src->api.endpoint :
	    "unix:///var/run/docker.sock");
	endpoint = d->endpoint;
	if ((err = source_procs(src, &procs, &n, &cause)) != 0) {
		d->proc_note = cause;
		d->proc_kind = source_cause_kind(err);
		load_config(src, acc, d);
		return;
	}
	for (i = 0; i < n && d->proc == NULL; i++) {
		p = &procs[i];
		if (!is_dockerd(p))
			continue;
		ndockerd++;
		hosts_of(p, &hosts);
		for (j = 0; j < hosts.n && d->proc == NULL; j++) {
			if (host_serves(hosts.v[j], endpoint))
				d->proc = p;
			strlist_add_nocopy(&seen, xasprintf("pid %d: %s",
			    p->pid, hosts.v[j]));
		}
		strlist_free(&hosts);
	}
	if (d->proc != NULL)
		d->proc_note = xasprintf("dockerd pid %d serves %s",
		    d->proc->pid, endpoint);
	else if (ndockerd == 0) {
		d->proc_note = xstrdup("no dockerd process is running");
		d->proc_kind = CAUSE_NO_PROCESS;
	} else {
		char *list = xstrdup("");

		for (i = 0; i < seen.n; i++) {
			char *next = xasprintf("%s%s%s", list, i > 0 ? ", " : "",
			    seen.v[i]);

			free(list);
			list = next;
		}
		d->proc_note = xasprintf("no dockerd serves %s (%s)", endpoint,
		    list);
		d->proc_kind = CAUSE_NO_PROCESS;
		free(list);
	}
	strlist_free(&seen);
	load_config(src, acc, d);
}

void
daemon_clear(struct daemon *d)
{
	free(d->endpoint);
	free(d->proc_note);
	free(d->config_path);
	free(d->home);
	json_decref(d->config);
	free(d->cause);
	memset(d, 0, sizeof *d);
}

/*
 * A boolean flag as dockerd (Go's strconv.ParseBool) reads it: 1 t T TRUE
 * true True, or 0 f F FALSE false False. Anything else dockerd refuses to
 * start with: keep the text, which no boolean comparison passes.
 */
static json_t *
go_bool(const char *v)
{
	static const char *yes[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *no[] = { "0", "f", "F", "FALSE", "false", "False" };
	size_t	i;

	for (i = 0; i < nitems(yes); i++) {
		if (strcmp(v, yes[i]) == 0)
			return json_true();
		if (strcmp(v, no[i]) == 0)
			return json_false();
	}
	return evidence_string(v);
}

/* Flag values as the option's JSON type. */
static json_t *
from_flags(const struct daemon_option *o, const struct strlist *vals)
{
	json_t	*a;
	size_t	 i;

	switch (o->kind) {
	case DAEMON_BOOL:
		return go_bool(vals->v[vals->n - 1]);
	case DAEMON_STRING:
		return evidence_string(vals->v[vals->n - 1]);
	case DAEMON_LIST:
		break;
	}
	a = json_array();
	for (i = 0; i < vals->n; i++)
		json_array_append_new(a, evidence_string(vals->v[i]));
	return a;
}

int
daemon_value(const struct daemon *d, struct source *src,
    const struct daemon_option *o, json_t **out, const char **from,
    json_t *ev, struct cause **cause)
{
	struct strlist		 vals = { NULL, 0 };
	json_t			*argv_v = NULL, *file_v = NULL, *info_v = NULL;
	json_t			*info;
	char			*icause = NULL;

	*out = NULL;
	*from = "unset";
	json_object_set_new(ev, "option", json_string(o->key));
	json_object_set_new(ev, "dockerd", d->proc != NULL ? json_pack(
	    "{s:i,s:o}", "pid", d->proc->pid, "argv",
	    strlist_json(&d->proc->argv)) : json_null());
	json_object_set_new(ev, "dockerd_note", evidence_string(
	    d->proc_note));
	json_object_set_new(ev, "config_file", evidence_string(
	    d->config_path));
	if (d->err != 0) {
		*cause = cause_new(source_cause_kind(d->err), d->config_path,
		    d->cause);
		return -1;
	}
	/*
	 * On a running host the flags of the daemon decide as much as
	 * daemon.json: without its process they are unknown, and a value
	 * from the file or a default could be a false pass. Offline (an
	 * image) the files are all there is, and they decide.
	 */
	if (d->proc == NULL && !src->offline) {
		*cause = cause_newf(d->proc_kind, "dockerd", "cannot read the "
		    "daemon's flags: %s", d->proc_note);
		return -1;
	}
	if (d->proc != NULL && argv_flag_values(&d->proc->argv, o->flag,
	    o->alias, o->kind != DAEMON_BOOL, &vals) > 0)
		argv_v = from_flags(o, &vals);
	strlist_free(&vals);
	if (d->config != NULL && (file_v = json_object_get(d->config, o->key))
	    != NULL)
		json_incref(file_v);
	if (o->info != NULL && source_api(src, "/info", &info, &icause) ==
	    0 && (info_v = json_pointer_get(info, o->info)) != NULL)
		json_incref(info_v);
	json_object_set_new(ev, "argv", argv_v != NULL ? json_incref(argv_v),
	    argv_v : json_null());
	json_object_set_new(ev, "daemon.json", file_v != NULL ?
	    json_incref(file_v), file_v : json_null());
	if (o->info != NULL)
		json_object_set_new(ev, "info", info_v != NULL ?
		    json_incref(info_v), info_v : icause != NULL ?
		    json_pack("{s:o}", "unavailable", evidence_string(
		    icause)) : json_null());
	free(icause);
	if (info_v != NULL) {
		*out = info_v;
		*from = "/info";
	} else if (argv_v != NULL) {
		*out = argv_v;
		argv_v = NULL;
		*from = "argv";
	} else if (file_v != NULL) {
		*out = file_v;
		file_v = NULL;
		*from = "daemon.json";
	} else if (o->dflt != NULL) {
		*out = json_loads(o->dflt, JSON_DECODE_ANY, NULL);
		*from = "default";
	}
	json_decref(argv_v);
	json_decref(file_v);
	if (*out == info_v)
		info_v = NULL;
	json_decref(info_v);
	return 0;
}
