/*
 * container: one row per running container (id, name, image), deciding a
 * field of its inspect document (pointer=) or a fact derived from it
 * (fact=, table below) such as the sources of read-write bind mounts or
 * the host ports it publishes. Section 5 of the CIS Docker benchmark.
 * fact="processes" reads GET /containers/{id}/top: the daemon runs ps on
 * the host, nothing is executed in the container.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probes/probe.h"
#include "lib/util.h"

static const char *const probe_container_attrs[] = {
	"pointer", "fact", "evidence", NULL
};

typedef json_t *(*derive_fn)(struct probe_ctx *, const struct dobject *,
    char **);

struct derived {
	const char	*name;
	const char	*help;
	derive_fn	 fn;
	const char	*needs;		/* inspect pointers it reads */
};

static json_t *
mounts_where(const struct dobject *c, const char *type, int rw_only,
    const char *field)
{
	json_t	*out = json_array(), *m;
	size_t	 i;

	json_array_foreach(json_object_get(c->inspect, "Mounts"), i, m) {
		const char *v = json_string_value(json_object_get(m, field));

		if (type != NULL && (json_string_value(json_object_get(m,
		    "Type")) == NULL || strcmp(json_string_value(
		    json_object_get(m, "Type")), type) != 0))
			continue;
		if (rw_only && !json_is_true(json_object_get(m, "RW")))
			continue;
		if (v != NULL && *v != '\0')
			json_array_append_new(out, evidence_string(v));
	}
	return out;
}

static json_t *
d_rw_bind_sources(struct probe_ctx *ctx, const struct dobject *c, char **e)
{
	(void)ctx;
	(void)e;
	return mounts_where(c, "bind", 1, "Source");
}

static json_t *
d_mount_sources(struct probe_ctx *ctx, const struct dobject *c, char **e)
{
	(void)ctx;
	(void)e;
	return mounts_where(c, NULL, 0, "Source");
}

static json_t *
d_mount_propagations(struct probe_ctx *ctx, const struct dobject *c,
    char **e)
{
	(void)ctx;
	(void)e;
	return mounts_where(c, NULL, 0, "Propagation");
}

/*
 * Every host binding, from the running state (NetworkSettings.Ports) and
 * the configuration (HostConfig.PortBindings): "IP:PORT->CPORT/proto".
 */
static void
each_binding(const struct dobject *c, void (*fn)(void *, const char *,
    const char *, const char *), void *arg)
{
	static const char *where[] = { "/NetworkSettings/Ports",
	    "/HostConfig/PortBindings" };
	const char	*cport;
	json_t		*ports, *list, *b;
	size_t		 i, k;

	for (k = 0; k < nitems(where); k++) {
		ports = json_pointer_get(c->inspect, where[k]);
		json_object_foreach(ports, cport, list) {
			json_array_foreach(list, i, b) {
				const char *ip = json_string_value(
				    json_object_get(b, "HostIp"));
				const char *hp = json_string_value(
				    json_object_get(b, "HostPort"));

				fn(arg, ip != NULL ? ip : "", hp != NULL ? hp :
				    "", cport);
			}
		}
	}
}

static void
add_unique(json_t *a, json_t *v)
{
	size_t	 i;
	json_t	*x;

	json_array_foreach(a, i, x) {
		if (json_equal(x, v)) {
			json_decref(v);
			return;
		}
	}
	json_array_append_new(a, v);
}

static void
collect_port(void *arg, const char *ip, const char *hp, const char *cport)
{
	(void)ip;
	(void)cport;
	if (*hp != '\0')
		add_unique(arg, json_integer(atol(hp)));
}

static void
collect_published(void *arg, const char *ip, const char *hp,
    const char *cport)
{
	char	*s = xasprintf("%s:%s->%s", *ip != '\0' ? ip : "*", hp, cport);

	add_unique(arg, evidence_string(s));
	free(s);
}

static void
collect_wildcard(void *arg, const char *ip, const char *hp,
    const char *cport)
{
	if (*ip == '\0' || strcmp(ip, "0.0.0.0") == 0 || strcmp(ip, "::") == 0)
		collect_published(arg, ip, hp, cport);
}

static json_t *
d_host_ports(struct probe_ctx *ctx, const struct dobject *c, char **e)
{
	json_t	*a = json_array();

	(void)ctx;
	(void)e;
	each_binding(c, collect_port, a);
	return a;
}

static json_t *
d_published_ports(struct probe_ctx *ctx, const struct dobject *c, char **e)
{
	json_t	*a = json_array();

	(void)ctx;
	(void)e;
	each_binding(c, collect_published, a);
	return a;
}

static json_t *
d_wildcard_bindings(struct probe_ctx *ctx, const struct dobject *c, char **e)
{
	json_t	*a = json_array();

	(void)ctx;
	(void)e;
	each_binding(c, collect_wildcard, a);
	return a;
}

static json_t *
d_network_names(struct probe_ctx *ctx, const struct dobject *c, char **e)
{
	const char	*name;
	json_t		*a = json_array(), *n;

	(void)ctx;
	(void)e;
	json_object_foreach(json_pointer_get(c->inspect,
	    "/NetworkSettings/Networks"), name, n)
		json_array_append_new(a, evidence_string(name));
	return a;
}

/* CapAdd as Docker reads it: any case, with or without "CAP_". */
static json_t *
d_cap_add(struct probe_ctx *ctx, const struct dobject *c, char **e)
{
	json_t	*a = json_array(), *cap;
	size_t	 i, j;
	char	*up;

	(void)ctx;
	(void)e;
	json_array_foreach(json_pointer_get(c->inspect, "/HostConfig/CapAdd"),
	    i, cap) {
		if (!json_is_string(cap))
			continue;
		up = xstrdup(json_string_value(cap));
		for (j = 0; up[j] != '\0'; j++)
			up[j] = (char)toupper((unsigned char)up[j]);
		add_unique(a, evidence_string(strncmp(up, "CAP_", 4) == 0 ?
		    up + 4 : up));
		free(up);
	}
	return a;
}

static json_t *
d_security_opt(struct probe_ctx *ctx, const struct dobject *c, char **e)
{
	json_t	*so = json_pointer_get(c->inspect, "/HostConfig/SecurityOpt");

	(void)ctx;
	(void)e;
	return json_is_array(so) ? json_deep_copy(so) : json_array();
}

/* The user part of Config.User ("1000" of "1000:1000"); "" if none. */
static json_t *
d_user_name(struct probe_ctx *ctx, const struct dobject *c, char **e)
{
	const char	*u = json_string_value(json_pointer_get(c->inspect,
	    "/Config/User"));
	char		*name;
	json_t		*j;

	(void)ctx;
	(void)e;
	name = xstrndup(u != NULL ? u : "", strcspn(u != NULL ? u : "", ":"));
	j = evidence_string(name);
	free(name);
	return j;
}

/*
 * The commands running in a container, from the host's process table
 * (read once, libproc2) when the container's first process is there with
 * the container's id in its cgroups; else NULL.
 */
/* The process of that pid: the table is in pid order (/proc's), else
 * searched through. */
static const struct proc_info *
proc_of(const struct proc_info *procs, size_t n, int pid)
{
	size_t	lo = 0, hi = n, mid, i;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (procs[mid].pid == pid)
			return &procs[mid];
		if (procs[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = 0; i < n; i++) {
		if (procs[i].pid == pid)
			return &procs[i];
	}
	return NULL;
}

/* Is pid the container's first process or one of its descendants? */
static int
descends(const struct proc_info *procs, size_t n, int pid, int init)
{
	const struct proc_info	*p;
	size_t			 depth;

	for (depth = 0; pid > 1 && depth < 64; depth++) {
		if (pid == init)
			return 1;
		if ((p = proc_of(procs, n, pid)) == NULL)
			return 0;
		pid = p->ppid;
	}
	return 0;
}

static json_t *
host_processes(struct probe_ctx *ctx, const struct dobject *c)
{
	const struct proc_info	*procs;
	json_t			*a;
	json_int_t		 pid;
	char			*cause = NULL, *cmd;
	size_t			 n, i, j;
	int			 seen = 0, tree = 0;

	pid = json_integer_value(json_pointer_get(c->inspect, "/State/Pid"));
	if (pid <= 0 || source_procs(ctx->src, &procs, &n, &cause) != 0) {
		free(cause);
		return NULL;
	}
	for (i = 0; i < n && !seen; i++) {
		seen = procs[i].pid == pid && procs[i].container != NULL &&
		    strcmp(procs[i].container, c->id) == 0;
		/* No container cgroup (a rootless engine without cgroups):
		 * the processes descending from the container's first one. */
		tree = procs[i].pid == pid && procs[i].container == NULL &&
		    procs[i].ppid > 0;
		if (tree)
			break;
	}
	if (!seen && !tree)
		return NULL;
	a = json_array();
	for (i = 0; i < n; i++) {
		if (procs[i].argv.n == 0 || (tree ? !descends(procs, n,
		    procs[i].pid, (int)pid) : (procs[i].container == NULL ||
		    strcmp(procs[i].container, c->id) != 0)))
			continue;
		cmd = xstrdup(procs[i].argv.v[0]);
		for (j = 1; j < procs[i].argv.n; j++) {
			char *next = xasprintf("%s %s", cmd, procs[i].argv.v[j]);

			free(cmd);
			cmd = next;
		}
		json_array_append_new(a, evidence_string(cmd));
		free(cmd);
	}
	return a;
}

/*
 * Podman's compatible /top, which runs ps in its own way, can answer one
 * title "PID   USER     COMMAND" and rows "1 root     sleep 3600": the
 * command is what follows the fields before the COMMAND (or CMD) word.
 */
static json_t *
top_one_column(json_t *top)
{
	const char	*t, *p;
	json_t		*titles = json_object_get(top, "Titles"), *row, *a;
	size_t		 i, k, nwords = 0;

	if (json_array_size(titles) != 1 || (t = json_string_value(
	    json_array_get(titles, 0))) == NULL)
		return NULL;
	for (p = t; *p != '\0';) {
		p += strspn(p, " \t");
		if (*p == '\0')
			break;
		k = strcspn(p, " \t");
		nwords++;
		if ((k == 3 && strncmp(p, "CMD", 3) == 0) || (k == 7 &&
		    strncmp(p, "COMMAND", 7) == 0))
			break;
		p += k;
	}
	if (*p == '\0' || nwords < 2)
		return NULL;
	a = json_array();
	json_array_foreach(json_object_get(top, "Processes"), i, row) {
		if ((p = json_string_value(json_array_get(row, 0))) == NULL)
			continue;
		for (k = 1; k < nwords && *p != '\0'; k++) {
			p += strspn(p, " \t");
			p += strcspn(p, " \t");
		}
		p += strspn(p, " \t");
		json_array_append_new(a, evidence_string(p));
	}
	return a;
}

/*
 * The commands running in the container: from the host's process table,
 * else from GET /top (the daemon runs ps; nothing runs in the container).
 */
static json_t *
d_processes(struct probe_ctx *ctx, const struct dobject *c, char **cause)
{
	json_t		*top, *titles, *row, *a;
	size_t		 i, col = (size_t)-1;
	char		*path;
	int		 err;

	if ((a = host_processes(ctx, c)) != NULL)
		return a;
	path = xasprintf("/containers/%s/top", c->id);
	err = source_api(ctx->src, path, &top, cause);
	free(path);
	if (err != 0)
		return NULL;
	titles = json_object_get(top, "Titles");
	for (i = 0; i < json_array_size(titles); i++) {
		const char *t = json_string_value(json_array_get(titles, i));

		if (t != NULL && (strcmp(t, "CMD") == 0 ||
		    strcmp(t, "COMMAND") == 0))
			col = i;
	}
	if (col == (size_t)-1 && (a = top_one_column(top)) != NULL)
		return a;
	if (col == (size_t)-1) {
		*cause = xasprintf("GET /containers/%.12s/top: no CMD column",
		    c->id);
		return NULL;
	}
	a = json_array();
	json_array_foreach(json_object_get(top, "Processes"), i, row) {
		const char *cmd = json_string_value(json_array_get(row, col));

		if (cmd != NULL)
			json_array_append_new(a, evidence_string(cmd));
	}
	return a;
}

static const struct derived derived_facts[] = {
	{ "cap-add", "capabilities added, upper case without CAP_",
	    d_cap_add,
	    "/HostConfig/CapAdd" },
	{ "host-ports", "host ports it publishes (numbers)", d_host_ports,
	    "/NetworkSettings/Ports /HostConfig/PortBindings" },
	{ "mount-propagations", "propagation of every mount",
	    d_mount_propagations,
	    "/Mounts" },
	{ "mount-sources", "host source of every mount", d_mount_sources,
	    "/Mounts" },
	{ "network-names", "networks it is attached to", d_network_names,
	    "/NetworkSettings/Networks" },
	{ "processes", "commands running in it (GET /top)", d_processes,
	    "/State/Pid" },
	{ "published-ports", "IP:PORT->PORT/proto of every binding",
	    d_published_ports,
	    "/NetworkSettings/Ports /HostConfig/PortBindings" },
	{ "rw-bind-sources", "host paths bind-mounted read-write",
	    d_rw_bind_sources,
	    "/Mounts" },
	{ "security-opt", "HostConfig.SecurityOpt, [] when null",
	    d_security_opt,
	    "/HostConfig/SecurityOpt" },
	{ "user-name", "the user part of Config.User", d_user_name,
	    "/Config/User" },
	{ "wildcard-bindings", "bindings on all addresses (empty, 0.0.0.0, ::)",
	    d_wildcard_bindings,
	    "/NetworkSettings/Ports /HostConfig/PortBindings" },
};

static const struct derived *
derived_find(const char *name)
{
	size_t	i;

	for (i = 0; i < nitems(derived_facts); i++) {
		if (strcmp(derived_facts[i].name, name) == 0)
			return &derived_facts[i];
	}
	return NULL;
}

/*
 * /top of every container whose processes the host table does not show,
 * all at once, as the inspects were.
 */
static void
prefetch_top(struct probe_ctx *ctx, const struct dobjects *cs)
{
	char	**paths;
	json_t	 *seen;
	size_t	  i, n = 0;

	paths = xcalloc(cs->n + 1, sizeof *paths);
	for (i = 0; i < cs->n; i++) {
		if (cs->v[i].inspect == NULL)
			continue;
		if ((seen = host_processes(ctx, &cs->v[i])) != NULL) {
			json_decref(seen);
			continue;
		}
		paths[n++] = xasprintf("/containers/%s/top", cs->v[i].id);
	}
	source_api_prefetch(ctx->src, (const char *const *)paths, n);
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

static int
probe_container_prepare(struct check *c, char **cause)
{
	const char	*fact = check_attr(c, "fact"), *ptr = check_attr(c,
	    "pointer");

	if ((fact == NULL) == (ptr == NULL)) {
		*cause = xstrdup("give exactly one of pointer= and fact=");
		return -1;
	}
	if (fact != NULL && derived_find(fact) == NULL) {
		*cause = xasprintf("unknown container fact \"%s\"", fact);
		return -1;
	}
	if (ptr != NULL && *ptr != '/' && *ptr != '\0') {
		*cause = xasprintf("pointer \"%s\" must start with /", ptr);
		return -1;
	}
	return 0;
}

/* Extra fields for the evidence: evidence="/State/Health/Status ...". */
static void
extra_evidence(const struct check *c, json_t *inspect, json_t *ev)
{
	struct strlist	 ptrs = { NULL, 0 };
	json_t		*v;
	size_t		 i;

	if (check_attr(c, "evidence") == NULL)
		return;
	strlist_split(&ptrs, check_attr(c, "evidence"), " \t\n");
	for (i = 0; i < ptrs.n; i++) {
		v = json_pointer_get(inspect, ptrs.v[i]);
		json_object_set_new(ev, ptrs.v[i], v != NULL ?
		    json_deep_copy(v) : json_null());
	}
	strlist_free(&ptrs);
}

static void
probe_container_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	const struct dobjects	*cs = facts_containers(ctx->facts);
	const char		*fact = check_attr(c, "fact");
	const char		*key = fact != NULL ? fact : check_attr(c,
	    "pointer");
	char			*words;
	size_t			 i;

	v->rows = 1;
	if (cs->err != 0) {
		if (cs->err == SOURCE_OFFLINE)
			probe_source_error(v, cs->err, NULL, cs->cause, c);
		else
			probe_error(v, cs->err, NULL, cs->cause);
		return;
	}
	if (cs->left_out != NULL)
		json_object_set(v->evidence, "containers_left_out",
		    cs->left_out);
	if (fact != NULL && strcmp(fact, "processes") == 0)
		prefetch_top(ctx, cs);
	words = fact != NULL ? xstrdup(fact) : json_pointer_words(key);
	probe_compare_test(c, key, v->evidence);
	for (i = 0; i < cs->n; i++) {
		const struct dobject *o = &cs->v[i];
		struct target *t;
		json_t *actual;
		char *cause = NULL;

		t = verdict_add_target(v, "container", o->id, o->name);
		t->image = xstrdup(o->image);
		if (o->inspect == NULL) {
			probe_target_error(t, o->err, NULL, o->cause);
			continue;
		}
		if (fact != NULL) {
			actual = derived_find(fact)->fn(ctx, o, &cause);
			if (actual == NULL) {
				target_because(t, STATUS_ERROR, cause_new(
				    CAUSE_OTHER, NULL, cause));
				free(cause);
				continue;
			}
		} else {
			actual = json_pointer_get(o->inspect, key);
			json_incref(actual);
		}
		probe_compare_row(c, words, key, actual, t);
		extra_evidence(c, o->inspect, t->evidence);
		json_decref(actual);
	}
	free(words);
	if (v->ntargets == 0)
		verdict_set(v, STATUS_NA, "no running container%s",
		    cs->left_out != NULL ? " (some were left out: see the "
		    "evidence)" : "");
	else
		verdict_from_rows(v);
}

/* The inspect pointers the check reads: pointer=, a fact's, evidence=. */
static void
probe_container_needs(const struct check *c, struct fact_needs *n)
{
	const struct derived	*d;
	struct strlist		 ptrs = { NULL, 0 };
	size_t			 i;

	n->containers = 1;
	if (check_attr(c, "pointer") != NULL)
		fact_needs_add(&n->inspect, check_attr(c, "pointer"));
	if (check_attr(c, "fact") != NULL &&
	    (d = derived_find(check_attr(c, "fact"))) != NULL)
		strlist_split(&ptrs, d->needs, " ");
	if (check_attr(c, "evidence") != NULL)
		strlist_split(&ptrs, check_attr(c, "evidence"), " \t\n");
	for (i = 0; i < ptrs.n; i++)
		fact_needs_add(&n->inspect, ptrs.v[i]);
	strlist_free(&ptrs);
}

const struct probe_entry probe_container_entry = {
	.name = "container",
	.help = "a field (pointer=) or derived fact (fact=) of every running "
	    "container, compared; one row per container",
	.attrs = probe_container_attrs,
	.flags = PROBE_COMPARE | PROBE_TARGETS,
	.prepare = probe_container_prepare,
	.needs = probe_container_needs,
	.exec = probe_container_exec,
};
