/*
 * The plan of dockaudit fix, derived from each failed rule's check in the
 * benchmark and the record's evidence, never from a table of rule ids:
 *   - daemon-option (and docker-api of /info at a pointer that a daemon
 *     option reports): the option's wanted value from its comparison
 *     (true, false, eq, empty, a literal match, items filtered out of a
 *     list); into daemon.json, merged with RFC 7396 semantics, unless
 *     dockerd gets the option as a flag: then the flag changes in a
 *     docker.service drop-in (dockerd refuses a setting given both ways);
 *   - file: chown and chmod of the failing paths to the owner, group and
 *     mode-max it names; dockerd's socket through a docker.socket drop-in
 *     (a chmod of the socket lasts until the next start);
 *   - audit-watch: a watch of the path the host uses;
 *   - container: docker update of what changes live, and the flags to
 *     re-create the failing containers with, as advice.
 * A rule whose check gives no change is left to a person, with its
 * remediation. Rules 1.1.x, 2.x, 3.x, 5.x of the CIS Docker benchmarks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fix/fix.h"
#include "engine/check.h"
#include "engine/cond.h"
#include "facts/daemon.h"
#include "facts/dockerd-argv.h"
#include "engine/probe-kind.h"
#include "report/report.h"
#include "sources/source.h"
#include "lib/json.h"
#include "lib/util.h"

/*
 * What applying a daemon option takes and what it disrupts: whether
 * SIGHUP (systemctl reload docker) applies it (dockerd's reloadable
 * options), what it breaks beyond the restart, a note, and the value to
 * give when a check only says "not empty".
 */
struct fix_option {
	const char	*key;
	int		 reload;
	const char	*disrupts;
	const char	*note;
	const char	*suggest;	/* JSON text, or NULL */
	const char	*needs;		/* set false, dockerd refuses it unless
					 * this boolean option is true */
};

static const struct fix_option fix_options[] = {
	{ "authorization-plugins", 1, NULL, NULL, NULL, NULL },
	{ "debug", 1, NULL, NULL, NULL, NULL },
	/* "You specified --iptables=false with --icc=false": dockerd does
	 * not start. */
	{ "icc", 0, "containers on the default bridge can no longer reach "
	    "each other (give them a user-defined network)", NULL, NULL,
	    "iptables" },
	{ "insecure-registries", 1, NULL, NULL, NULL, NULL },
	{ "live-restore", 1, NULL, "dockerd refuses live-restore in swarm "
	    "mode", NULL, NULL },
	{ "userns-remap", 0, "existing images, containers and volumes are "
	    "hidden (the daemon uses a new tree under its data root), and "
	    "containers run with --pid=host, --network=host or "
	    "--userns=host no longer start as they did", NULL,
	    "\"default\"", NULL },
};

static const struct fix_option *
fix_option_find(const char *key)
{
	size_t	i;

	for (i = 0; i < nitems(fix_options); i++) {
		if (strcmp(fix_options[i].key, key) == 0)
			return &fix_options[i];
	}
	return NULL;
}

/* A container setting a check reads at a pointer, and how it changes. */
struct fix_ctr {
	const char	*pointer;
	const char	*flag;		/* docker update / run flag */
	int		 live;		/* docker update changes it */
	const char	*var;		/* containers.sh variable, or NULL */
	const char	*example;
	const char	*advice;	/* for a re-created container */
	const char	*also;		/* the pointer of a flag it needs */
};

static const struct fix_ctr fix_ctrs[] = {
	/* dockerd refuses docker update --memory alone on a container
	 * without a limit ("Memory limit should be smaller than already set
	 * memoryswap limit"): --memory-swap goes with it (docker run's
	 * default is twice the memory; -1: swap unlimited). */
	{ "/HostConfig/Memory", "--memory", 1, "MEMORY", "512m", NULL,
	    "/HostConfig/MemorySwap" },
	{ "/HostConfig/MemorySwap", "--memory-swap", 1, "MEMORY_SWAP", "1g",
	    NULL, NULL },
	{ "/HostConfig/NanoCpus", "--cpus", 1, "CPUS", "1.5", NULL, NULL },
	{ "/HostConfig/CpuShares", "--cpu-shares", 1, "CPU_SHARES", "512",
	    NULL, NULL },
	{ "/HostConfig/CpuQuota", "--cpu-quota", 1, "CPU_QUOTA", "50000",
	    NULL, NULL },
	{ "/HostConfig/PidsLimit", "--pids-limit", 1, "PIDS_LIMIT", "200",
	    NULL, NULL },
	{ "/HostConfig/Privileged", NULL, 0, NULL, NULL,
	    "without --privileged", NULL },
	{ "/HostConfig/ReadonlyRootfs", "--read-only", 0, NULL, NULL, NULL,
	    NULL },
	{ "/HostConfig/NetworkMode", NULL, 0, NULL, NULL,
	    "without --network=host", NULL },
	{ "/HostConfig/PidMode", NULL, 0, NULL, NULL, "without --pid=host",
	    NULL },
	{ "/HostConfig/IpcMode", NULL, 0, NULL, NULL, "without --ipc=host",
	    NULL },
	{ "/HostConfig/UTSMode", NULL, 0, NULL, NULL, "without --uts=host",
	    NULL },
	{ "/HostConfig/UsernsMode", NULL, 0, NULL, NULL,
	    "without --userns=host", NULL },
};

#define RESTART_PTR	"/HostConfig/RestartPolicy/"

/* The changes one check asks for. */
struct rulefix {
	json_t		*daemon;	/* key -> wanted value; null: unset */
	json_t		*files;		/* [{path, chown?, chmod?, socket?}] */
	json_t		*watches;	/* [path] */
	json_t		*accounts;	/* [{group, user, listed}] */
	json_t		*ctr;		/* [{flag, value, live} | {advice}] */
	char		*restart;	/* RestartPolicy/Name wanted */
	long		 restart_max;	/* -1: none */
	int		 natoms;
	char		*why;		/* why not, for a person */
};

struct fix_ctx {
	const struct fix_request *req;
	struct strlist		 argv;		/* dockerd's; n 0: unknown */
	json_t			*argv_json;
	char			*exe;
	char			*config_path;	/* daemon.json */
	json_t			*config;	/* the host's, or NULL */
	int			 config_absent;
	char			*config_err;	/* why it cannot be merged */
	char			*unit;		/* docker.service, for argv */
	char			*argv_from;	/* where argv came from */
	char			*flags_refused;	/* why no drop-in can be made */
	struct strlist		 group_lines;	/* the tree's /etc/group */
};

static void
rulefix_init(struct rulefix *rf)
{
	rf->daemon = json_object();
	rf->files = json_array();
	rf->watches = json_array();
	rf->accounts = json_array();
	rf->ctr = json_array();
	rf->restart = NULL;
	rf->restart_max = -1;
	rf->natoms = 0;
	rf->why = NULL;
}

static void
rulefix_clear(struct rulefix *rf)
{
	json_decref(rf->daemon);
	json_decref(rf->files);
	json_decref(rf->watches);
	json_decref(rf->accounts);
	json_decref(rf->ctr);
	free(rf->restart);
	free(rf->why);
	memset(rf, 0, sizeof *rf);
}

/* Move what src asks for into dst (src is cleared). */
static void
rulefix_take(struct rulefix *dst, struct rulefix *src)
{
	json_object_update(dst->daemon, src->daemon);
	json_array_extend(dst->files, src->files);
	json_array_extend(dst->watches, src->watches);
	json_array_extend(dst->accounts, src->accounts);
	json_array_extend(dst->ctr, src->ctr);
	if (src->restart != NULL) {
		free(dst->restart);
		dst->restart = src->restart;
		src->restart = NULL;
	}
	if (src->restart_max != -1)
		dst->restart_max = src->restart_max;
	dst->natoms += src->natoms;
	rulefix_clear(src);
}

static void
rulefix_why(struct rulefix *rf, const char *fmt, const char *a,
    const char *b)
{
	if (rf->why == NULL)
		rf->why = xasprintf(fmt, a, b);
}

/* ^[Ii][Nn][Ff][Oo]$ -> "info": the one text an anchored pattern of
 * letters (either case) and plain characters matches, or NULL. */
static char *
pattern_literal(const char *p)
{
	struct buf	 b;
	size_t		 n = strlen(p);
	char		 c;

	if (n < 2 || p[0] != '^' || p[n - 1] != '$')
		return NULL;
	buf_init(&b, 256);
	for (p++; *p != '$'; ) {
		if (p[0] == '[' && p[1] != '\0' && p[2] != '\0' &&
		    p[3] == ']' && (p[1] ^ 0x20) == p[2] &&
		    ((p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z')) {
			c = (char)(p[1] | 0x20);
			p += 4;
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
		    *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		    *p == '_' || *p == '/' || *p == ':' || *p == ',')
			c = *p++;
		else {
			buf_free(&b);
			return NULL;
		}
		buf_append(&b, &c, 1);
	}
	return buf_cstr(&b);
}

static enum status
eval(const struct cond *c, const json_t *v)
{
	enum status	 st;
	char		*why = NULL;

	st = cond_eval(c, v, &why);
	free(why);
	return st;
}

static int
is_false_word(const char *s)
{
	static const char *const no[] = { "0", "f", "F", "FALSE", "false",
	    "False" };
	size_t	i;

	for (i = 0; i < nitems(no); i++) {
		if (strcmp(s, no[i]) == 0)
			return 1;
	}
	return 0;
}

/* Does dockerd get the option as a flag? Its values into vals. */
static size_t
argv_has(const struct fix_ctx *ctx, const struct daemon_option *o,
    struct strlist *vals)
{
	if (ctx->argv.n == 0)
		return 0;
	return argv_flag_values(&ctx->argv, o->flag, o->alias,
	    o->kind != DAEMON_BOOL, vals);
}

/* The option's value now (a new reference, NULL when unset): the flag,
 * else daemon.json, else dockerd's default. */
static json_t *
current_value(const struct fix_ctx *ctx, const struct daemon_option *o)
{
	struct strlist	 vals = { NULL, 0 };
	json_t		*v = NULL, *a;
	size_t		 i;

	if (argv_has(ctx, o, &vals) > 0 && vals.n > 0) {
		if (o->kind == DAEMON_BOOL)
			v = json_boolean(!is_false_word(vals.v[vals.n - 1]));
		else if (o->kind == DAEMON_STRING)
			v = json_string(vals.v[vals.n - 1]);
		else {
			v = a = json_array();
			for (i = 0; i < vals.n; i++)
				json_array_append_new(a, json_string(vals.v[i]));
		}
	} else if (ctx->config != NULL &&
	    (v = json_object_get(ctx->config, o->key)) != NULL)
		json_incref(v);
	else if (o->dflt != NULL)
		v = json_loads(o->dflt, JSON_DECODE_ANY, NULL);
	strlist_free(&vals);
	return v;
}

/* The value the comparison wants, or NULL when it names none; a JSON
 * null means: not set at all. */
static json_t *
wanted_value(const struct daemon_option *o, const struct cond *cond,
    json_t *cur)
{
	const struct fix_option	*fo = fix_option_find(o->key);
	json_t			*out, *one, *item;
	char			*lit;
	size_t			 i;

	switch (cond->op) {
	case OP_TRUE:
	case OP_FALSE:
		return o->kind == DAEMON_BOOL ? json_boolean(cond->op ==
		    OP_TRUE) : NULL;
	case OP_EQ:
		if (o->kind == DAEMON_BOOL && cond->literal != NULL)
			return json_boolean(strcmp(cond->literal, "true") == 0);
		return o->kind == DAEMON_STRING && cond->literal != NULL ?
		    json_string(cond->literal) : NULL;
	case OP_EMPTY:
		return json_null();
	case OP_MATCH:
		if (o->kind != DAEMON_STRING || cond->literal == NULL ||
		    (lit = pattern_literal(cond->literal)) == NULL)
			return NULL;
		out = json_string(lit);
		free(lit);
		return out;
	case OP_NOT_EMPTY:
		return fo != NULL && fo->suggest != NULL ? json_loads(
		    fo->suggest, JSON_DECODE_ANY, NULL) : NULL;
	case OP_NOT_CONTAINS_MATCH:
	case OP_NOT_CONTAINS:
	case OP_SUBSET_OF:
	case OP_DISJOINT:
		/* Keep the items that pass alone. */
		if (o->kind != DAEMON_LIST || !json_is_array(cur))
			return NULL;
		out = json_array();
		json_array_foreach(cur, i, item) {
			one = json_pack("[O]", item);
			if (eval(cond, one) == STATUS_PASS)
				json_array_append(out, item);
			json_decref(one);
		}
		if (json_array_size(out) == 0) {
			json_decref(out);
			return json_null();
		}
		return out;
	default:
		return NULL;
	}
}

/* seen: the value the record shows (the daemon's /info), or NULL. */
static int
leaf_daemon(struct fix_ctx *ctx, const struct daemon_option *o,
    const struct check *c, json_t *seen, struct rulefix *rf)
{
	json_t	*cur, *want;
	char	*desc;

	cur = seen != NULL && !json_is_null(seen) ? json_incref(seen) :
	    current_value(ctx, o);

	if (eval(&c->cond, cur) == STATUS_PASS) {
		json_decref(cur);
		return 1;
	}
	if ((want = wanted_value(o, &c->cond, cur)) == NULL) {
		desc = cond_describe(&c->cond);
		rulefix_why(rf, "its check names no value to set: daemon "
		    "option %s, %s", o->key, desc);
		free(desc);
		json_decref(cur);
		return 0;
	}
	json_object_set_new(rf->daemon, o->key, want);
	rf->natoms++;
	json_decref(cur);
	return 1;
}

static unsigned long
mode_of(json_t *ev)
{
	const char	*m = json_string_value(json_object_get(ev, "mode"));

	return m != NULL ? strtoul(m, NULL, 8) : 07777;
}

static const char *
id_text(json_t *v, char *buf, size_t len)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	return NULL;
}

/* dockerd's own socket, which docker.socket creates at each start. */
static int
is_docker_socket(const char *path)
{
	return strcmp(path, "/run/docker.sock") == 0 ||
	    strcmp(path, "/var/run/docker.sock") == 0;
}

/* One failing path of a file check: its chown and chmod. */
static void
file_change(const struct check *c, json_t *ev, struct rulefix *rf)
{
	const char	*path = json_string_value(json_object_get(ev, "path"));
	const char	*owner = check_attr(c, "owner");
	const char	*group = check_attr(c, "group");
	const char	*mmax = check_attr(c, "mode-max");
	const char	*type = json_string_value(json_object_get(ev, "type"));
	const char	*co, *cg;
	char		 b1[32], b2[32], mode[8];
	unsigned long	 max, cur;
	json_t		*f;

	if (path == NULL)
		return;
	f = json_pack("{s:s}", "path", path);
	co = id_text(json_object_get(ev, "owner"), b1, sizeof b1);
	cg = id_text(json_object_get(ev, "group"), b2, sizeof b2);
	if ((owner != NULL && (co == NULL || strcmp(co, owner) != 0)) ||
	    (group != NULL && (cg == NULL || strcmp(cg, group) != 0)))
		json_object_set_new(f, "chown", json_sprintf("%s%s%s",
		    owner != NULL ? owner : "", group != NULL ? ":" : "",
		    group != NULL ? group : ""));
	if (mmax != NULL) {
		max = strtoul(mmax, NULL, 8);
		cur = mode_of(ev);
		if ((cur & ~max & 07777) != 0) {
			mode_format((unsigned int)(cur & max), mode);
			json_object_set_new(f, "chmod", json_string(mode));
		}
	}
	if (type != NULL && strcmp(type, "socket") == 0)
		json_object_set_new(f, "socket", json_true());
	if (json_object_size(f) > 1) {
		json_array_append(rf->files, f);
		rf->natoms++;
	}
	json_decref(f);
}

static int
leaf_file(const struct check *c, json_t *result, struct rulefix *rf)
{
	json_t	*ev = json_pointer_get(result, "/evidence/file"), *t;
	size_t	 i, before = json_array_size(rf->files);

	if (check_attr(c, "owner") == NULL && check_attr(c, "group") ==
	    NULL && check_attr(c, "mode-max") == NULL) {
		rulefix_why(rf, "its file check names no owner, group or "
		    "mode%s%s", "", "");
		return 0;
	}
	if (json_is_object(ev))
		file_change(c, ev, rf);
	json_array_foreach(json_object_get(result, "targets"), i, t) {
		if (strcmp(report_str(t, "status"), "fail") == 0)
			file_change(c, json_object_get(t, "evidence"), rf);
	}
	if (json_array_size(rf->files) == before &&
	    json_array_size(json_object_get(result, "targets")) == 0 &&
	    !json_is_object(ev)) {
		rulefix_why(rf, "the record names no file it found%s%s", "",
		    "");
		return 0;
	}
	return 1;
}

/* Is user listed as a member of group in the tree's /etc/group (not
 * only through its primary group)? */
static int
group_lists(const struct fix_ctx *ctx, const char *group, const char *user)
{
	struct strlist	 f = { NULL, 0 }, m = { NULL, 0 };
	size_t		 i;
	int		 yes = 0;

	for (i = 0; i < ctx->group_lines.n && !yes; i++) {
		strlist_split(&f, ctx->group_lines.v[i], ":");
		if (f.n == 4 && strcmp(f.v[0], group) == 0) {
			strlist_split(&m, f.v[3], ",");
			yes = strlist_has(&m, user);
			strlist_free(&m);
		}
		strlist_free(&f);
	}
	return yes;
}

/* group name=G op=subset-of (a value such as trusted-docker-users): the
 * members the value does not list leave the group. */
static int
leaf_group(const struct fix_ctx *ctx, const struct check *c,
    json_t *result, struct rulefix *rf)
{
	const char	*group = check_attr(c, "name");
	json_t		*members = json_pointer_get(result, "/evidence/members");
	json_t		*m, *one;
	enum status	 st;
	size_t		 i;

	if (c->cond.op != OP_SUBSET_OF || !json_is_array(members)) {
		rulefix_why(rf, "its group check names no members to "
		    "remove%s%s", "", "");
		return 0;
	}
	json_array_foreach(members, i, m) {
		one = json_pack("[O]", m);
		st = eval(&c->cond, one);
		json_decref(one);
		if (st == STATUS_MANUAL) {
			rulefix_why(rf, "the value %s is not set: give a values "
			    "file that lists the trusted users%s",
			    c->cond.ref != NULL ? c->cond.ref->name : "", "");
			return 0;
		}
		if (st == STATUS_PASS || !json_is_string(m))
			continue;
		json_array_append_new(rf->accounts, json_pack("{s:s,s:O,s:b}",
		    "group", group, "user", m, "listed", group_lists(ctx,
		    group, json_string_value(m))));
		rf->natoms++;
	}
	return 1;
}

/* The unwatched path of a watch's evidence, or NULL. */
static const char *
unwatched(json_t *evidence)
{
	if (json_object_get(evidence, "matched") != NULL)
		return NULL;
	return json_string_value(json_object_get(evidence, "path"));
}

/* The path a rule watches, or, in a record of several engines, each
 * failing engine's own (its row of kind "engine"). */
static int
leaf_watch(json_t *result, struct rulefix *rf)
{
	const char	*path = unwatched(json_object_get(result, "evidence"));
	json_t		*t;
	size_t		 i, n = 0;

	if (path != NULL) {
		json_array_append_new(rf->watches, json_string(path));
		n++;
	} else {
		json_array_foreach(json_object_get(result, "targets"), i, t) {
			if (strcmp(report_str(t, "kind"), "engine") != 0 ||
			    strcmp(report_str(t, "status"), "fail") != 0 ||
			    (path = unwatched(json_object_get(t, "evidence"))) ==
			    NULL)
				continue;
			json_array_append_new(rf->watches, json_string(path));
			n++;
		}
	}
	if (n == 0) {
		rulefix_why(rf, "the record names no unwatched path%s%s", "",
		    "");
		return 0;
	}
	rf->natoms += n;
	return 1;
}

/* Does the check hold for every failing container of the record (its
 * rows' evidence)? Then it is not what fails. */
static int
rows_hold(const struct check *c, json_t *result)
{
	const char	*key = check_attr(c, "pointer") != NULL ?
			    check_attr(c, "pointer") : check_attr(c, "fact");
	json_t		*t, *ev, *v;
	size_t		 i, n = 0;

	json_array_foreach(json_object_get(result, "targets"), i, t) {
		if (strcmp(report_str(t, "kind"), "container") != 0 ||
		    strcmp(report_str(t, "status"), "fail") != 0)
			continue;
		ev = json_object_get(t, "evidence");
		if (key == NULL || !json_is_object(ev) ||
		    (v = json_object_get(ev, key)) == NULL)
			return 0;
		if (eval(&c->cond, json_is_null(v) ? NULL : v) != STATUS_PASS)
			return 0;
		n++;
	}
	return n > 0;
}

static int
leaf_container(const struct check *c, json_t *result, struct rulefix *rf)
{
	const char		*ptr = check_attr(c, "pointer");
	const struct fix_ctr	*t = NULL;
	size_t			 i;

	/* A restart policy is one flag: its name and bounds are taken even
	 * where the failing rows meet a part (policy always, retry count 0
	 * meets "le 5": on-failure:5, not on-failure:1). */
	if (ptr != NULL && strncmp(ptr, RESTART_PTR, strlen(RESTART_PTR)) ==
	    0) {
		ptr += strlen(RESTART_PTR);
		if (strcmp(ptr, "Name") == 0 && c->cond.op == OP_EQ &&
		    c->cond.literal != NULL) {
			free(rf->restart);
			rf->restart = xstrdup(c->cond.literal);
		} else if (strcmp(ptr, "MaximumRetryCount") == 0 &&
		    c->cond.literal != NULL && (c->cond.op == OP_LE ||
		    (c->cond.op == OP_GE && rf->restart_max == -1)))
			rf->restart_max = strtol(c->cond.literal, NULL, 10);
		else if (strcmp(ptr, "Name") != 0) {
			rulefix_why(rf, "no restart policy follows from "
			    "%s%s", ptr, "");
			return 0;
		}
		rf->natoms++;
		return 1;
	}
	if (rows_hold(c, result))
		return 1;
	for (i = 0; ptr != NULL && i < nitems(fix_ctrs); i++) {
		if (strcmp(fix_ctrs[i].pointer, ptr) == 0)
			t = &fix_ctrs[i];
	}
	if (t == NULL) {
		rulefix_why(rf, "no container flag is known for %s%s",
		    ptr != NULL ? ptr : check_attr(c, "fact") != NULL ?
		    check_attr(c, "fact") : "its check", "");
		return 0;
	}
	if (t->advice != NULL)
		json_array_append_new(rf->ctr, json_pack("{s:s}", "advice",
		    t->advice));
	else
		json_array_append_new(rf->ctr, json_pack("{s:s,s:s*,s:b}",
		    "flag", t->flag, "var", t->var, "live", t->live));
	for (i = 0; t->also != NULL && i < nitems(fix_ctrs); i++) {
		if (strcmp(fix_ctrs[i].pointer, t->also) == 0)
			json_array_append_new(rf->ctr, json_pack(
			    "{s:s,s:s*,s:b}", "flag", fix_ctrs[i].flag, "var",
			    fix_ctrs[i].var, "live", fix_ctrs[i].live));
	}
	rf->natoms++;
	return 1;
}

/* 1: the check's changes are in rf; 0: none follows (rf->why says
 * why); -1: the check reads a consequence of the others (the daemon's
 * report of itself), neither a change nor a reason to give up. */
static int
walk(struct fix_ctx *ctx, const struct check *c, json_t *result,
    struct rulefix *rf)
{
	const struct daemon_option	*o;
	struct rulefix			 kid, best;
	char				*key;
	size_t				 i;
	int				 r, any = 0, found = 0;

	switch (c->type) {
	case CHECK_ALL:
		for (i = 0; i < c->nkids; i++) {
			if ((r = walk(ctx, c->kids[i], result, rf)) == 0)
				return 0;
			any |= r == 1;
		}
		return any ? 1 : -1;
	case CHECK_ANY:
		/* The alternative that says the most (on-failure:5 over an
		 * empty restart policy); the first among equals. */
		rulefix_init(&best);
		for (i = 0; i < c->nkids; i++) {
			rulefix_init(&kid);
			if (walk(ctx, c->kids[i], result, &kid) == 1 &&
			    (!found || kid.natoms > best.natoms)) {
				rulefix_clear(&best);
				best = kid;
				found = 1;
				continue;
			}
			if (kid.why != NULL && rf->why == NULL) {
				rf->why = kid.why;
				kid.why = NULL;
			}
			rulefix_clear(&kid);
		}
		if (found)
			rulefix_take(rf, &best);
		else
			rulefix_clear(&best);
		return found;
	case CHECK_NONE:
		rulefix_why(rf, "its check (none of ...) names nothing to "
		    "set%s%s", "", "");
		return 0;
	case CHECK_PROBE:
		break;
	}
	if (strcmp(c->probe->name, "daemon-option") == 0)
		return leaf_daemon(ctx, daemon_option_find(check_attr(c,
		    "name")), c, NULL, rf);
	if (strcmp(c->probe->name, "docker-api") == 0) {
		if (strcmp(check_attr(c, "path"), "/info") == 0 &&
		    (o = daemon_option_by_info(check_attr(c, "pointer"))) !=
		    NULL) {
			key = xasprintf("/info#%s", check_attr(c, "pointer"));
			r = leaf_daemon(ctx, o, c, json_object_get(
			    json_object_get(result, "evidence"), key), rf);
			free(key);
			return r;
		}
		rulefix_why(rf, "its check reads the Docker API (%s %s), "
		    "which no setting of the plan decides",
		    check_attr(c, "path"), check_attr(c, "pointer") != NULL ?
		    check_attr(c, "pointer") : "");
		return -1;
	}
	if (strcmp(c->probe->name, "file") == 0)
		return leaf_file(c, result, rf);
	if (strcmp(c->probe->name, "audit-watch") == 0)
		return leaf_watch(result, rf);
	if (strcmp(c->probe->name, "group") == 0)
		return leaf_group(ctx, c, result, rf);
	if (strcmp(c->probe->name, "container") == 0)
		return leaf_container(c, result, rf);
	rulefix_why(rf, "no change follows from its %s check%s",
	    c->probe->name, "");
	return 0;
}

/* dockerd's argv and daemon.json path from the record's evidence. */
static void
find_dockerd(struct fix_ctx *ctx, json_t *results)
{
	json_t		*r, *a, *v, *t;
	const char	*cf;
	size_t		 i, j, k;

	json_array_foreach(results, i, r) {
		a = json_pointer_get(r, "/evidence/daemon/dockerd/argv");
		cf = json_string_value(json_pointer_get(r,
		    "/evidence/daemon/config_file"));
		if (cf != NULL && ctx->config_path == NULL)
			ctx->config_path = xstrdup(cf);
		if (ctx->unit == NULL && strcmp(report_str(json_pointer_get(r,
		    "/evidence/located"), "name"), "docker-service-unit") == 0 &&
		    json_is_string(json_pointer_get(r,
		    "/evidence/located/paths/0")))
			ctx->unit = xstrdup(json_string_value(json_pointer_get(r,
			    "/evidence/located/paths/0")));
		json_array_foreach(json_object_get(r, "targets"), k, t) {
			if (a == NULL && strcmp(report_str(t, "kind"),
			    "process") == 0 && strcmp(path_base(report_str(
			    json_object_get(t, "evidence"), "exe")),
			    "dockerd") == 0) {
				a = json_pointer_get(t, "/evidence/argv");
				if (ctx->exe == NULL)
					ctx->exe = xstrdup(report_str(
					    json_object_get(t, "evidence"),
					    "exe"));
			}
		}
		if (json_is_array(a) && ctx->argv.n == 0) {
			json_array_foreach(a, j, v) {
				if (json_is_string(v))
					strlist_add(&ctx->argv,
					    json_string_value(v));
			}
			ctx->argv_json = json_incref(a);
			ctx->argv_from = xstrdup("the running dockerd, in the "
			    "record");
		}
	}
	if (ctx->config_path == NULL)
		ctx->config_path = xstrdup("/etc/docker/daemon.json");
}

/*
 * dockerd's argv from the last ExecStart= of docker.service, for a record
 * without a running dockerd (an image): words split on blanks, quotes
 * removed, a line ending in a backslash continued.
 */
static void
unit_argv(struct fix_ctx *ctx, const char *data, size_t len)
{
	struct strlist	 lines = { NULL, 0 }, words = { NULL, 0 };
	struct buf	 w;
	char		*text = xstrndup(data, len), *last = NULL, *p;
	size_t		 i;
	char		 q;

	for (p = text; (p = strstr(p, "\\\n")) != NULL; )
		memmove(p, p + 2, strlen(p + 2) + 1);
	strlist_split(&lines, text, "\n");
	for (i = 0; i < lines.n; i++) {
		p = lines.v[i] + strspn(lines.v[i], " \t");
		if (strncmp(p, "ExecStart=", 10) == 0) {
			free(last);
			last = xstrdup(p + 10 + strspn(p + 10, "-@:+! \t"));
		}
	}
	for (p = last; p != NULL && *p != '\0'; ) {
		p += strspn(p, " \t");
		if (*p == '\0')
			break;
		buf_init(&w, 1 << 16);
		for (q = 0; *p != '\0' && (q != 0 || (*p != ' ' &&
		    *p != '\t')); p++) {
			if (q == 0 && (*p == '"' || *p == '\''))
				q = *p;
			else if (q != 0 && *p == q)
				q = 0;
			else
				buf_append(&w, p, 1);
		}
		strlist_add_nocopy(&words, buf_cstr(&w));
	}
	if (words.n > 0 && words.v[0][0] == '/') {
		strlist_free(&ctx->argv);
		ctx->argv = words;
		ctx->argv_json = strlist_json(&words);
		ctx->argv_from = xasprintf("ExecStart= of %s", ctx->unit);
	} else
		strlist_free(&words);
	strlist_free(&lines);
	free(last);
	free(text);
}

/* The host's daemon.json, read under the root. 0, or -1 (printed). */
static int
read_config(struct fix_ctx *ctx)
{
	struct source	*src;
	const char	*data;
	size_t		 len;
	json_error_t	 jerr;
	char		*cause = NULL;
	int		 err;

	if ((src = source_live_new(ctx->req->root, NULL, &cause)) == NULL) {
		log_error("fix: %s", cause);
		free(cause);
		return -1;
	}
	err = source_read(src, ctx->config_path, &data, &len, &cause);
	if (err == ENOENT) {
		ctx->config_absent = 1;
		ctx->config = json_object();
	} else if (err != 0)
		ctx->config_err = xasprintf("%s cannot be read: %s",
		    ctx->config_path, cause);
	else if ((ctx->config = json_loadb(data, len, JSON_REJECT_DUPLICATES,
	    &jerr)) == NULL)
		ctx->config_err = xasprintf("%s:%d: %s", ctx->config_path,
		    jerr.line, jerr.text);
	else if (!json_is_object(ctx->config)) {
		ctx->config_err = xasprintf("%s is not a JSON object",
		    ctx->config_path);
		json_decref(ctx->config);
		ctx->config = NULL;
	}
	free(cause);
	cause = NULL;
	if (source_read(src, "/etc/group", &data, &len, &cause) == 0) {
		char *g = xstrndup(data, len);

		strlist_split(&ctx->group_lines, g, "\n");
		free(g);
	}
	free(cause);
	cause = NULL;
	if (ctx->argv.n == 0 && ctx->unit != NULL && source_read(src,
	    ctx->unit, &data, &len, &cause) == 0)
		unit_argv(ctx, data, len);
	free(cause);
	source_free(src);
	return 0;
}

/* RFC 7396: target merged with patch (a new reference). */
static json_t *
merge_patch(json_t *target, json_t *patch)
{
	json_t		*out, *v, *m;
	const char	*k;

	if (!json_is_object(patch))
		return json_deep_copy(patch);
	out = json_is_object(target) ? json_deep_copy(target) : json_object();
	json_object_foreach(patch, k, v) {
		if (json_is_null(v))
			json_object_del(out, k);
		else {
			m = merge_patch(json_object_get(out, k), v);
			json_object_set_new(out, k, m);
		}
	}
	return out;
}

/* The flag's new form in argv: dropped, then given the wanted value
 * unless that is dockerd's default for a boolean. */
static void
flag_change(struct strlist *argv, const struct daemon_option *o,
    json_t *want)
{
	struct strlist	 out = { NULL, 0 };
	json_t		*dflt, *v;
	size_t		 i;

	argv_flag_remove(argv, o->flag, o->alias, o->kind != DAEMON_BOOL,
	    &out);
	if (json_is_boolean(want)) {
		dflt = o->dflt != NULL ? json_loads(o->dflt, JSON_DECODE_ANY,
		    NULL) : NULL;
		if (!json_equal(dflt, want))
			strlist_add_nocopy(&out, xasprintf("%s=%s", o->flag,
			    json_is_true(want) ? "true" : "false"));
		json_decref(dflt);
	} else if (json_is_string(want))
		strlist_add_nocopy(&out, xasprintf("%s=%s", o->flag,
		    json_string_value(want)));
	else if (json_is_array(want)) {
		json_array_foreach(want, i, v)
			strlist_add_nocopy(&out, xasprintf("%s=%s", o->flag,
			    json_string_value(v)));
	}
	strlist_free(argv);
	*argv = out;
}

static char *
value_text(json_t *v)
{
	return json_is_null(v) ? xstrdup("unset") : json_dumps(v,
	    JSON_ENCODE_ANY | JSON_COMPACT);
}

/* Does dockerd get one of these options as a flag? */
static int
daemon_flagged(const struct fix_ctx *ctx, json_t *daemon)
{
	struct strlist	 vals = { NULL, 0 };
	const char	*key;
	json_t		*v;
	int		 any = 0;

	json_object_foreach(daemon, key, v) {
		if (argv_has(ctx, daemon_option_find(key), &vals) > 0)
			any = 1;
		strlist_free(&vals);
	}
	return any;
}

/* The rule's daemon changes: into the patch, or the flags. */
static void
plan_daemon(struct fix_ctx *ctx, json_t *daemon, json_t *item,
    json_t *patch, struct strlist *argv, int *restart, int *flags)
{
	const struct daemon_option	*o;
	const struct fix_option		*fo;
	struct strlist			 vals = { NULL, 0 };
	json_t				*want, *ch = json_object_get(item,
					    "changes");
	const char			*key;
	char				*txt;

	json_object_foreach(daemon, key, want) {
		o = daemon_option_find(key);
		fo = fix_option_find(key);
		txt = value_text(want);
		if (argv_has(ctx, o, &vals) > 0) {
			json_array_append_new(ch, json_is_null(want) ?
			    json_sprintf("docker.service: dockerd's flag %s "
			    "dropped", o->flag) : json_sprintf("docker.service: "
			    "dockerd's flag %s becomes %s (it is given as a "
			    "flag, so it cannot go into daemon.json)", o->flag,
			    txt));
			flag_change(argv, o, want);
			*flags = 1;
			*restart = 1;
			/* A key in both places stops dockerd: drop the key. */
			if (json_object_get(ctx->config, key) != NULL)
				json_object_set_new(patch, key, json_null());
		} else {
			json_array_append_new(ch, json_sprintf("daemon.json: "
			    "\"%s\" %s", key, json_is_null(want) ? "removed" :
			    txt));
			json_object_set(patch, key, want);
			if (fo == NULL || !fo->reload)
				*restart = 1;
		}
		if (fo != NULL && fo->disrupts != NULL)
			json_array_append_new(json_object_get(item, "disrupts"),
			    json_string(fo->disrupts));
		if (fo != NULL && fo->note != NULL)
			json_array_append_new(json_object_get(item, "notes"),
			    json_string(fo->note));
		free(txt);
		strlist_free(&vals);
	}
}

static void
plan_files(json_t *files, json_t *item, json_t *perms, json_t *sock,
    const char *rid, int *restart)
{
	json_t		*f, *ch = json_object_get(item, "changes");
	const char	*path, *own, *mode, *grp;
	char		*txt;
	size_t		 i;

	json_array_foreach(files, i, f) {
		path = report_str(f, "path");
		own = json_string_value(json_object_get(f, "chown"));
		mode = json_string_value(json_object_get(f, "chmod"));
		if (json_is_true(json_object_get(f, "socket")) &&
		    is_docker_socket(path)) {
			if (mode != NULL)
				json_object_set_new(sock, "SocketMode",
				    json_string(mode));
			if (own != NULL && (grp = strchr(own, ':')) != NULL) {
				json_object_set_new(sock, "SocketGroup",
				    json_string(grp + 1));
				if (grp != own)
					json_object_set_new(sock, "SocketUser",
					    json_stringn(own, (size_t)(grp -
					    own)));
			}
			txt = xasprintf("%s%s%s%s%s", mode != NULL ?
			    "SocketMode=" : "", mode != NULL ? mode : "",
			    mode != NULL && json_object_get(sock,
			    "SocketGroup") != NULL ? ", " : "",
			    json_object_get(sock, "SocketGroup") != NULL ?
			    "SocketGroup=" : "", json_object_get(sock,
			    "SocketGroup") != NULL ? report_str(sock,
			    "SocketGroup") : "");
			json_array_append_new(ch, json_sprintf("docker.socket: "
			    "%s (systemd makes %s at each start: a chmod or "
			    "chown would not last)", txt, path));
			free(txt);
			*restart = 1;
			continue;
		}
		if (own != NULL) {
			json_array_append_new(perms, json_pack("{s:s,s:s,s:s}",
			    "rule", rid, "path", path, "chown", own));
			json_array_append_new(ch, json_sprintf("permissions.sh: "
			    "chown %s %s", own, path));
		}
		if (mode != NULL) {
			json_array_append_new(perms, json_pack("{s:s,s:s,s:s}",
			    "rule", rid, "path", path, "chmod", mode));
			json_array_append_new(ch, json_sprintf("permissions.sh: "
			    "chmod %s %s", mode, path));
		}
		if (json_is_true(json_object_get(f, "socket")))
			json_array_append_new(json_object_get(item, "notes"),
			    json_sprintf("%s is a socket that its daemon "
			    "creates again when it starts: set its owner and "
			    "mode in that daemon's configuration too", path));
	}
}

static void
plan_containers(struct rulefix *rf, json_t *result, json_t *item,
    json_t *ctrs, const char *rid)
{
	json_t		*t, *c, *flags, *ch = json_object_get(item, "changes");
	const char	*var;
	size_t		 i, j;
	int		 live = 0, recreate = 0;

	flags = json_array();
	if (rf->restart != NULL) {
		if (rf->restart_max > 0)
			json_array_append_new(flags, json_pack("{s:s,s:o,s:b}",
			    "flag", "--restart", "value", json_sprintf("%s:%ld",
			    rf->restart, rf->restart_max), "live", 1));
		else
			json_array_append_new(flags, json_pack("{s:s,s:s,s:b}",
			    "flag", "--restart", "value", rf->restart, "live",
			    1));
	}
	json_array_foreach(rf->ctr, i, c) {
		if ((var = json_string_value(json_object_get(c, "var"))) !=
		    NULL)
			json_object_set_new(c, "value", json_sprintf("${%s}",
			    var));
		json_array_append(flags, c);
	}
	json_array_foreach(flags, i, c) {
		if (json_is_true(json_object_get(c, "live")))
			live = 1;
		else
			recreate = 1;
	}
	json_array_foreach(json_object_get(result, "targets"), i, t) {
		if (strcmp(report_str(t, "kind"), "container") != 0 ||
		    strcmp(report_str(t, "status"), "fail") != 0)
			continue;
		json_array_append_new(ctrs, json_pack("{s:s,s:s,s:s,s:O}",
		    "rule", rid, "id", report_str(t, "id"), "name",
		    report_str(t, "name"), "flags", flags));
		json_array_foreach(flags, j, c) {
			if (json_object_get(c, "advice") != NULL)
				json_array_append_new(ch, json_sprintf(
				    "containers.sh: re-create %s %s (advice)",
				    report_str(t, "name"), json_string_value(
				    json_object_get(c, "advice"))));
			else
				json_array_append_new(ch, json_sprintf(
				    "containers.sh: %s %s %s %s%s",
				    json_is_true(json_object_get(c, "live")) ?
				    "docker update" : "re-create",
				    report_str(t, "name"), report_str(c, "flag"),
				    report_str(c, "value"), json_is_true(
				    json_object_get(c, "live")) ? "" :
				    " (advice)"));
		}
	}
	json_object_set_new(item, "apply", json_string(live ? "docker-update" :
	    recreate ? "re-create" : "none"));
	json_decref(flags);
}

static void
plan_accounts(json_t *accounts, json_t *item, json_t *accts,
    const char *rid)
{
	json_t	*a, *ch = json_object_get(item, "changes");
	size_t	 i;

	json_array_foreach(accounts, i, a) {
		json_object_set_new(a, "rule", json_string(rid));
		json_array_append(accts, a);
		if (json_is_true(json_object_get(a, "listed")))
			json_array_append_new(ch, json_sprintf("accounts.sh: "
			    "gpasswd -d %s %s", report_str(a, "user"),
			    report_str(a, "group")));
		else
			json_array_append_new(ch, json_sprintf("accounts.sh "
			    "(advice): %s is in %s through its primary group: "
			    "usermod -g GROUP %s, a group a person chooses",
			    report_str(a, "user"), report_str(a, "group"),
			    report_str(a, "user")));
	}
}

static json_t *
results_index(json_t *results)
{
	json_t	*ix = json_object(), *r;
	size_t	 i;

	json_array_foreach(results, i, r)
		json_object_set(ix, report_str(r, "id"), r);
	return ix;
}

/* The first sentence-long part of a text, its spaces folded. */
static json_t *
folded(const char *s)
{
	struct strlist	 w = { NULL, 0 };
	struct buf	 b;
	size_t		 i;
	json_t		*out;

	strlist_split(&w, s != NULL ? s : "", " \t\n");
	buf_init(&b, 1 << 16);
	for (i = 0; i < w.n; i++) {
		if (i > 0)
			buf_append(&b, " ", 1);
		buf_append(&b, w.v[i], strlen(w.v[i]));
	}
	out = json_string(buf_cstr(&b));
	buf_free(&b);
	strlist_free(&w);
	return out != NULL ? out : json_string("");
}

/* Is the boolean option true once the plan is applied: the value a
 * failing rule of the selection sets, else its value now? */
static int
plan_bool(struct fix_ctx *ctx, json_t *ix, const char *key)
{
	const struct rule	*r;
	struct rulefix		 rf;
	json_t			*res, *v;
	size_t			 i;
	int			 val = -1;

	for (i = 0; i < ctx->req->n && val == -1; i++) {
		r = &ctx->req->bench->rules[ctx->req->idx[i]];
		res = json_object_get(ix, r->id);
		if (res == NULL || strcmp(report_str(res, "status"), "fail") !=
		    0)
			continue;
		rulefix_init(&rf);
		if (walk(ctx, r->check, res, &rf) == 1 &&
		    (v = json_object_get(rf.daemon, key)) != NULL)
			val = json_is_true(v);
		rulefix_clear(&rf);
	}
	if (val == -1) {
		v = current_value(ctx, daemon_option_find(key));
		val = json_is_true(v);
		json_decref(v);
	}
	return val;
}

/* Why dockerd would refuse one of these settings once the plan is
 * applied (an option set false that needs another one true), or NULL. */
static char *
needs_unmet(struct fix_ctx *ctx, json_t *ix, json_t *daemon)
{
	const struct fix_option	*fo;
	const char		*key;
	json_t			*want;

	json_object_foreach(daemon, key, want) {
		fo = fix_option_find(key);
		if (fo != NULL && fo->needs != NULL && json_is_false(want) &&
		    !plan_bool(ctx, ix, fo->needs))
			return xasprintf("dockerd refuses %s false while %s is "
			    "false, and the plan leaves %s false (no rule of "
			    "the plan sets it): set %s true first, or keep %s",
			    key, fo->needs, fo->needs, fo->needs, key);
	}
	return NULL;
}

json_t *
fix_plan(const struct fix_request *req)
{
	struct fix_ctx	 ctx;
	struct rulefix	 rf;
	struct strlist	 argv = { NULL, 0 };
	const struct rule *r;
	json_t		*results = json_object_get(req->record, "results");
	json_t		*ix, *res, *plan, *rules, *left, *item, *patch, *perms;
	json_t		*sock, *watches, *ctrs, *w, *lr, *cur, *scratch, *accts;
	size_t		 i, j;
	int		 restart, flags, any_flags = 0, rc, live_restore;
	char		*why;

	memset(&ctx, 0, sizeof ctx);
	ctx.req = req;
	find_dockerd(&ctx, results);
	if (read_config(&ctx) == -1) {
		free(ctx.config_path);
		free(ctx.exe);
		free(ctx.unit);
		free(ctx.argv_from);
		strlist_free(&ctx.group_lines);
		strlist_free(&ctx.argv);
		json_decref(ctx.argv_json);
		return NULL;
	}
	if (ctx.argv.n > 0 && ctx.argv.v[0][0] != '/') {
		if (ctx.exe != NULL && ctx.exe[0] == '/') {
			free(ctx.argv.v[0]);
			ctx.argv.v[0] = xstrdup(ctx.exe);
		} else
			ctx.flags_refused = xasprintf("dockerd gets it as a "
			    "flag, and its argv[0] \"%s\" is no absolute path "
			    "to write a docker.service ExecStart= with (nor is "
			    "its executable known): change the flag where "
			    "dockerd is started", ctx.argv.v[0]);
	}
	for (i = 0; i < ctx.argv.n; i++)
		strlist_add(&argv, ctx.argv.v[i]);
	ix = results_index(results);
	rules = json_array();
	left = json_array();
	patch = json_object();
	perms = json_array();
	sock = json_object();
	watches = json_array();
	accts = json_array();
	ctrs = json_array();
	for (i = 0; i < req->n; i++) {
		r = &req->bench->rules[req->idx[i]];
		res = json_object_get(ix, r->id);
		if (res == NULL || strcmp(report_str(res, "status"), "fail") !=
		    0)
			continue;
		rulefix_init(&rf);
		rc = walk(&ctx, r->check, res, &rf);
		if (rc == 1 && rf.natoms == 0)
			rulefix_why(&rf, "what its check names already holds "
			    "in dockerd's flags and configuration: the failure "
			    "comes from what the daemon reports of itself%s%s",
			    "", "");
		if (rc == 1 && json_object_size(rf.daemon) > 0 &&
		    ctx.config_err != NULL)
			rulefix_why(&rf, "%s: a merge would lose the host's "
			    "settings%s", ctx.config_err, "");
		if (rc == 1 && (why = needs_unmet(&ctx, ix, rf.daemon)) !=
		    NULL) {
			free(rf.why);
			rf.why = why;
			rc = 0;
		}
		if (rc == 1 && ctx.flags_refused != NULL &&
		    daemon_flagged(&ctx, rf.daemon)) {
			rulefix_why(&rf, "%s%s", ctx.flags_refused, "");
			rc = 0;
		}
		if (rc != 1 || rf.natoms == 0 || (json_object_size(rf.daemon) >
		    0 && ctx.config_err != NULL)) {
			json_array_append_new(left, json_pack("{s:s,s:o,s:s,"
			    "s:o}", "id", r->id, "title", folded(r->title),
			    "why", rf.why != NULL ? rf.why : "its check gives "
			    "no change", "remediation", folded(r->remediation)));
			rulefix_clear(&rf);
			continue;
		}
		item = json_pack("{s:s,s:o,s:s,s:[],s:[],s:[]}", "id", r->id,
		    "title", folded(r->title), "status", "planned", "changes",
		    "disrupts", "notes");
		restart = flags = 0;
		if (json_object_size(rf.daemon) > 0) {
			plan_daemon(&ctx, rf.daemon, item, patch, &argv,
			    &restart, &flags);
			json_object_set_new(item, "apply", json_string(restart ?
			    "restart" : "reload"));
			json_object_set(item, "daemon", rf.daemon);
		}
		if (json_array_size(rf.files) > 0) {
			restart = 0;
			plan_files(rf.files, item, perms, sock, r->id, &restart);
			if (json_object_get(item, "apply") == NULL ||
			    restart)
				json_object_set_new(item, "apply", json_string(
				    restart ? "restart" : "none"));
			if (restart)
				json_object_set_new(item, "socket", json_true());
		}
		json_array_foreach(rf.watches, j, w) {
			json_array_append_new(watches, json_pack("{s:s,s:O}",
			    "rule", r->id, "path", w));
			json_array_append_new(json_object_get(item, "changes"),
			    json_sprintf("audit.rules: -w %s -k docker",
			    json_string_value(w)));
			json_object_set_new(item, "apply", json_string(
			    "audit-reload"));
		}
		if (json_array_size(rf.accounts) > 0) {
			plan_accounts(rf.accounts, item, accts, r->id);
			json_object_set_new(item, "apply", json_string("none"));
		}
		if (json_array_size(rf.ctr) > 0 || rf.restart != NULL)
			plan_containers(&rf, res, item, ctrs, r->id);
		if (flags)
			json_object_set_new(item, "flags", json_true());
		any_flags |= flags;
		json_array_append_new(rules, item);
		rulefix_clear(&rf);
	}
	/* A restart stops every container unless live-restore is on by
	 * then (reloaded first). */
	cur = current_value(&ctx, daemon_option_find("live-restore"));
	live_restore = json_is_true(cur) || json_is_true(json_object_get(patch,
	    "live-restore"));
	json_decref(cur);
	json_array_foreach(rules, i, item) {
		if (strcmp(report_str(item, "apply"), "restart") == 0 &&
		    !live_restore)
			json_array_append_new(json_object_get(item, "disrupts"),
			    json_string("restarting dockerd stops every running "
			    "container (live-restore is off)"));
		if (req->skip_disruptive &&
		    json_array_size(json_object_get(item, "disrupts")) > 0)
			json_object_set_new(item, "status", json_string(
			    "skipped"));
	}
	if (req->skip_disruptive) {
		/* Derive the files again from the rules kept. */
		json_decref(patch);
		patch = json_object();
		strlist_free(&argv);
		for (i = 0; i < ctx.argv.n; i++)
			strlist_add(&argv, ctx.argv.v[i]);
		json_array_clear(perms);
		json_object_clear(sock);
		json_array_clear(watches);
		json_array_clear(accts);
		json_array_clear(ctrs);
		any_flags = 0;
		json_array_foreach(rules, i, item) {
			if (strcmp(report_str(item, "status"), "planned") != 0)
				continue;
			res = json_object_get(ix, report_str(item, "id"));
			r = bench_rule(req->bench, report_str(item, "id"));
			rulefix_init(&rf);
			walk(&ctx, r->check, res, &rf);
			scratch = json_pack("{s:[],s:[],s:[]}", "changes",
			    "disrupts", "notes");
			restart = flags = 0;
			if (json_object_size(rf.daemon) > 0)
				plan_daemon(&ctx, rf.daemon, scratch, patch,
				    &argv, &restart, &flags);
			any_flags |= flags;
			if (json_array_size(rf.files) > 0)
				plan_files(rf.files, scratch, perms, sock,
				    r->id, &restart);
			json_array_foreach(rf.watches, j, w)
				json_array_append_new(watches, json_pack(
				    "{s:s,s:O}", "rule", r->id, "path", w));
			if (json_array_size(rf.accounts) > 0)
				plan_accounts(rf.accounts, scratch, accts, r->id);
			if (json_array_size(rf.ctr) > 0 || rf.restart != NULL)
				plan_containers(&rf, res, scratch, ctrs, r->id);
			json_decref(scratch);
			rulefix_clear(&rf);
		}
	}
	plan = json_pack("{s:s,s:s,s:s,s:{s:s,s:s,s:s},s:s,s:s,s:b,s:O,s:o,"
	    "s:o,s:o,s:o,s:o}", "schema", FIX_SCHEMA, "tool", PACKAGE_VERSION,
	    "record", req->record_path, "benchmark", "id", req->bench->id,
	    "version", req->bench->version, "path", req->bench->path, "host",
	    report_str(json_object_get(req->record, "host"), "hostname"),
	    "root", req->root != NULL ? req->root : "/", "skip_disruptive",
	    req->skip_disruptive, "dockerd_argv", ctx.argv_json != NULL ?
	    ctx.argv_json : json_null(), "rules", rules, "left", left,
	    "permissions", perms, "audit_watches", watches, "containers", ctrs);
	json_object_set_new(plan, "accounts", accts);
	if (json_object_size(patch) > 0)
		json_object_set_new(plan, "daemon_json", json_pack("{s:s,s:b,"
		    "s:O,s:o}", "path", ctx.config_path, "existed",
		    !ctx.config_absent, "patch", patch, "merged",
		    merge_patch(ctx.config, patch)));
	if (any_flags) {
		lr = strlist_json(&argv);
		if (ctx.exe != NULL && argv.n > 0 && argv.v[0][0] != '/')
			json_array_set_new(lr, 0, json_string(ctx.exe));
		json_object_set_new(plan, "service_dropin", json_pack(
		    "{s:o,s:O}", "exec_start", lr, "was", ctx.argv_json));
	}
	if (json_object_size(sock) > 0)
		json_object_set(plan, "socket_dropin", sock);
	if (ctx.argv.n == 0)
		json_object_set_new(plan, "note", json_string("the record "
		    "shows no running dockerd and no docker.service could be "
		    "read, so its flags are unknown: check that the command "
		    "that starts dockerd gives none of the keys of "
		    "daemon.json"));
	json_object_set_new(plan, "dockerd_argv_from", ctx.argv_from != NULL ?
	    json_string(ctx.argv_from) : json_null());
	json_decref(patch);
	json_decref(sock);
	json_decref(ix);
	strlist_free(&argv);
	strlist_free(&ctx.argv);
	json_decref(ctx.argv_json);
	json_decref(ctx.config);
	free(ctx.config_path);
	free(ctx.config_err);
	free(ctx.exe);
	free(ctx.unit);
	free(ctx.argv_from);
	free(ctx.flags_refused);
	strlist_free(&ctx.group_lines);
	return plan;
}
