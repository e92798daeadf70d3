/*
 * process: running processes by name (argv[0]'s or the executable's
 * basename: the kernel's comm is cut at 15 characters), one row each:
 * whether it runs, its user, its argv, or the values of one flag in all
 * its forms. The daemon rules build on it: of the dockerd processes, only
 * those that serve the audited endpoint are rows (a rootless or test
 * daemon beside it is another daemon, not the one audited).
 */
#include <stdlib.h>
#include <string.h>

#include "facts/dockerd-argv.h"
#include "probes/probe.h"
#include "lib/util.h"

static const char *const probe_process_attrs[] = {
	"name", "field", "flag", "alias", "takes-value", "missing", NULL
};

static int
probe_process_prepare(struct check *c, char **cause)
{
	const char	*f = check_attr(c, "field");

	if (f != NULL && strcmp(f, "flag") == 0 && check_attr(c, "flag") ==
	    NULL && check_attr(c, "alias") == NULL) {
		*cause = xstrdup("field=\"flag\" needs flag= or alias=");
		return -1;
	}
	if (check_attr(c, "flag") != NULL && strncmp(check_attr(c, "flag"),
	    "-", 1) != 0) {
		*cause = xasprintf("flag \"%s\" must start with -",
		    check_attr(c, "flag"));
		return -1;
	}
	return 0;
}

static int
is_named(const struct proc_info *p, const char *name)
{
	if (p->argv.n > 0 && strcmp(path_base(p->argv.v[0]), name) == 0)
		return 1;
	return p->exe != NULL && strcmp(path_base(p->exe), name) == 0;
}

static void
probe_process_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	const struct proc_info	*procs;
	const struct daemon	*d = NULL;
	const char		*name = check_attr(c, "name");
	const char		*field = check_attr(c, "field");
	const char		*tv = check_attr(c, "takes-value");
	const char		*uname;
	char			*cause = NULL, id[32], label[300], *what;
	size_t			 n, i, other = 0;
	int			 err;

	if (field == NULL)
		field = "running";
	v->rows = 1;
	if ((err = source_procs(ctx->src, &procs, &n, &cause)) != 0) {
		if (err == SOURCE_OFFLINE)
			probe_source_error(v, err, NULL, cause, c);
		else
			probe_error(v, err, NULL, cause);
		free(cause);
		return;
	}
	probe_compare_test(c, "value", v->evidence);
	for (i = 0; i < n; i++) {
		const struct proc_info *p = &procs[i];
		struct target *t;
		struct strlist vals = { NULL, 0 };
		json_t *actual;

		if (!is_named(p, name))
			continue;
		if (strcmp(name, "dockerd") == 0) {
			if (d == NULL)
				d = facts_daemon(ctx->facts);
			if (!daemon_serves(p, d->endpoint)) {
				other++;
				continue;
			}
		}
		snprintf(id, sizeof id, "%d", p->pid);
		snprintf(label, sizeof label, "%s (pid %d)", name, p->pid);
		t = verdict_add_target(v, "process", id, label);
		json_object_set_new(t->evidence, "pid", json_integer(p->pid));
		json_object_set_new(t->evidence, "exe", p->exe != NULL ?
		    evidence_string(p->exe) : json_null());
		json_object_set_new(t->evidence, "argv", strlist_json(&p->argv));
		uname = facts_user_name(ctx->facts, p->euid);
		if (strcmp(field, "running") == 0)
			actual = json_true();
		else if (strcmp(field, "user") == 0)
			actual = uname != NULL ? json_string(uname) :
			    json_sprintf("%u", p->euid);
		else if (strcmp(field, "uid") == 0)
			actual = json_integer(p->euid);
		else if (strcmp(field, "argv") == 0)
			actual = strlist_json(&p->argv);
		else {
			argv_flag_values(&p->argv, check_attr(c, "flag"),
			    check_attr(c, "alias"), tv == NULL ||
			    strcmp(tv, "false") != 0, &vals);
			actual = vals.n > 0 ? strlist_json(&vals) : NULL;
			strlist_free(&vals);
		}
		what = xasprintf("%s %s", name, strcmp(field, "flag") == 0 ?
		    (check_attr(c, "flag") != NULL ? check_attr(c, "flag") :
		    check_attr(c, "alias")) : field);
		probe_compare_row(c, what, "value", actual, t);
		json_decref(actual);
		free(what);
	}
	if (v->ntargets == 0 && other > 0)
		verdict_set(v, probe_missing(c), "%s", d->proc_note);
	else if (v->ntargets == 0)
		verdict_set(v, probe_missing(c), "no process named %s is "
		    "running", name);
	else
		verdict_from_rows(v);
}

const struct probe_entry probe_process_entry = {
	.name = "process",
	.help = "running processes by name: running, user, uid, argv or one "
	    "flag's values, compared; one row per process",
	.attrs = probe_process_attrs,
	.flags = PROBE_COMPARE | PROBE_TARGETS,
	.prepare = probe_process_prepare,
	.exec = probe_process_exec,
};
