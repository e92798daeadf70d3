/*
 * mount: is a path a mount point (of a given filesystem type; of a
 * filesystem separate from /)? Read from /proc/self/mountinfo. Rule 1.1.1
 * (separate="true": dockerd bind-mounts its data root onto itself, and
 * such a bind of a directory of / is not a separate filesystem, though the
 * reference tool counts it) and cgroup v2 in the kernel benchmark.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "probe.h"
#include "util.h"

static const char *const probe_mount_attrs[] = {
	"path", "fstype", "separate", "missing", NULL
};

static const struct mountpoint *
mount_at(const struct mountpoint *m, size_t n, const char *path)
{
	const struct mountpoint	*found = NULL;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (strcmp(m[i].target, path) == 0)
			found = &m[i];	/* the last one is on top */
	}
	return found;
}

static void
probe_mount_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	const struct mountpoint	*mounts, *m, *root;
	const char		*path = check_attr(c, "path");
	const char		*fstype = check_attr(c, "fstype");
	const char		*sep = check_attr(c, "separate");
	const char		*cause;
	char			*scause = NULL;
	struct source_stat	 st;
	size_t			 n;
	int			 err;

	if ((err = source_stat(ctx->src, path, 1, &st, &scause)) != 0) {
		probe_source_error(v, err, scause, c);
		free(scause);
		return;
	}
	if (facts_mounts(ctx->facts, &mounts, &n, &err, &cause) == -1) {
		probe_source_error(v, err, cause, c);
		return;
	}
	json_object_set_new(v->evidence, "path", evidence_string(path));
	if ((m = mount_at(mounts, n, path)) == NULL) {
		verdict_set(v, STATUS_FAIL, "%s is not a mount point", path);
		return;
	}
	json_object_set_new(v->evidence, "mount", json_pack("{s:o,s:o,s:o,s:o}",
	    "fstype", evidence_string(m->fstype), "source",
	    evidence_string(m->source), "root", evidence_string(m->root),
	    "device", json_sprintf("%u:%u", major(m->dev), minor(m->dev))));
	if (fstype != NULL && strcmp(fstype, m->fstype) != 0) {
		verdict_set(v, STATUS_FAIL, "%s is a %s mount, expected %s",
		    path, m->fstype, fstype);
		return;
	}
	if (sep != NULL && (strcmp(sep, "true") == 0 || strcmp(sep, "1") == 0)) {
		root = mount_at(mounts, n, "/");
		if (root != NULL && root->dev == m->dev) {
			verdict_set(v, STATUS_FAIL, "%s is a bind mount of %s "
			    "on the root filesystem, not a separate "
			    "filesystem", path, m->root);
			return;
		}
	}
	verdict_set(v, STATUS_PASS, "%s is a %s mount point", path, m->fstype);
}

const struct probe_entry probe_mount_entry = {
	.name = "mount",
	.help = "a path is a mount point (of fstype=; separate= from /)",
	.attrs = probe_mount_attrs,
	.flags = 0,
	.prepare = NULL,
	.exec = probe_mount_exec,
};
