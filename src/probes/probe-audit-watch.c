/*
 * audit-watch: is a path watched by the Linux audit system? Rules 1.1.3 to
 * 1.1.18. Reads the kernel's loaded rules (netlink, no auditctl) and the
 * persistent rules files. A watch on a parent directory covers the path
 * (the reference tool's substring match is not used: /etc/dockerfoo does
 * not watch /etc/docker). The evidence names the rule line, where it came
 * from, and its permission filter.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probes/probe.h"
#include "lib/util.h"

static const char *const probe_audit_watch_attrs[] = {
	"path", "paths", "locate", "missing", NULL
};

static int
covers(const struct audit_watch *w, const char *path)
{
	size_t	n = strlen(w->path);

	while (n > 1 && w->path[n - 1] == '/')
		n--;
	if (strncmp(w->path, path, n) != 0)
		return 0;
	if (path[n] == '\0')
		return 1;
	return w->dir && (path[n] == '/' || (n == 1 && w->path[0] == '/'));
}

static const struct audit_watch *
find_watch(const struct audit_set *s, const char *path)
{
	size_t	i;

	for (i = 0; i < s->n; i++) {
		if (covers(&s->v[i], path))
			return &s->v[i];
	}
	return NULL;
}

static json_t *
set_summary(const struct audit_set *s)
{
	if (s->err != 0)
		return json_pack("{s:o}", "unavailable",
		    evidence_string(s->cause));
	return json_pack("{s:I}", "watches", (json_int_t)s->n);
}

static void
probe_audit_watch_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	const struct audit_set	 *live, *files;
	const struct audit_watch *w;
	struct strlist		  paths = { NULL, 0 };
	struct source_stat	  st;
	const char		 *path = NULL;
	char			 *cause = NULL;
	size_t			  i;
	int			  err = ENOENT;

	if (probe_paths(ctx, c, &paths, v) == -1)
		goto out;
	for (i = 0; i < paths.n; i++) {
		free(cause);
		cause = NULL;
		err = source_stat(ctx->src, paths.v[i], 1, &st, &cause);
		if (err != ENOENT && err != ENOTDIR) {
			path = paths.v[i];
			break;
		}
	}
	if (path == NULL) {
		verdict_set(v, probe_missing(c), "%s: not present",
		    paths.n == 1 ? paths.v[0] : check_attr(c, "paths") != NULL ?
		    check_attr(c, "paths") : "every located path");
		goto out;
	}
	live = facts_audit_live(ctx->facts);
	files = facts_audit_files(ctx->facts);
	json_object_set_new(v->evidence, "path", evidence_string(path));
	json_object_set_new(v->evidence, "live_rules", set_summary(live));
	json_object_set_new(v->evidence, "rules_files", set_summary(files));
	if ((w = find_watch(live, path)) == NULL)
		w = find_watch(files, path);
	if (w != NULL) {
		json_object_set_new(v->evidence, "matched", json_pack(
		    "{s:o,s:o,s:o,s:o}", "rule", evidence_string(w->line),
		    "from", evidence_string(w->origin), "watch",
		    evidence_string(w->path), "perms", w->perms != NULL ?
		    evidence_string(w->perms) : json_null()));
		verdict_set(v, STATUS_PASS, "%s is watched by \"%s\" (%s)",
		    path, w->line, w->origin);
	} else if (live->err == EPERM || live->err == EACCES)
		verdict_because(v, STATUS_ERROR, cause_newf(source_cause_kind(
		    live->err), "live audit rules", "no rules file watches %s "
		    "and the live rules cannot be read: %s", path,
		    live->cause));
	else if (files->err != 0)
		verdict_because(v, STATUS_ERROR, cause_newf(source_cause_kind(
		    files->err), "audit rules files", "no live rule watches %s "
		    "and the rules files cannot be read: %s", path,
		    files->cause));
	else
		verdict_set(v, STATUS_FAIL, "no audit rule watches %s", path);
	if (err != 0 && v->status != STATUS_PASS)
		json_object_set_new(v->evidence, "stat", evidence_string(cause));
out:
	free(cause);
	strlist_free(&paths);
}

const struct probe_entry probe_audit_watch_entry = {
	.name = "audit-watch",
	.help = "an audit rule (live or in the rules files) watches the path "
	    "or a directory above it",
	.attrs = probe_audit_watch_attrs,
	.flags = 0,
	.prepare = NULL,
	.exec = probe_audit_watch_exec,
};
