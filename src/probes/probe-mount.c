/*
 * mount: is a path a mount point (of a given filesystem type; of a
 * filesystem separate from /)? Read from /proc/self/mountinfo. Rule 1.1.1
 * (separate="true": dockerd bind-mounts its data root onto itself, and
 * such a bind of a directory of / is not a separate filesystem, though the
 * reference tool counts it) and cgroup v2 in the kernel benchmark.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "probes/probe.h"
#include "lib/util.h"

static const char *const probe_mount_attrs[] = {
	"path", "locate", "fstype", "separate", "missing", NULL
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

static int
yes(const char *s)
{
	return s != NULL && (strcmp(s, "true") == 0 || strcmp(s, "1") == 0);
}

/* fstab escapes blanks in fields as \040. */
static void
fstab_unescape(char *s)
{
	char	*o = s;

	for (; *s != '\0'; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
			    (s[3] - '0'));
			s += 3;
		} else
			*o++ = *s;
	}
	*o = '\0';
}

/*
 * An image is not running: what will be mounted is what /etc/fstab says.
 * A bind entry (or fstype none) is not a separate filesystem.
 */
static void
mount_offline(struct probe_ctx *ctx, const struct check *c, const char *path,
    struct verdict *v)
{
	const char	*data, *fstype = check_attr(c, "fstype");
	char		*cause = NULL, *text, *line, *save = NULL;
	char		*f[4];
	size_t		 len, lineno = 0, i;
	int		 err;

	json_object_set_new(v->evidence, "path", evidence_string(path));
	if ((err = source_read(ctx->src, "/etc/fstab", &data, &len, &cause))
	    != 0) {
		if (err == ENOENT)
			verdict_set(v, STATUS_FAIL, "%s is not mounted: the "
			    "image has no /etc/fstab", path);
		else
			probe_error(v, err, "/etc/fstab", cause);
		free(cause);
		return;
	}
	text = xstrndup(data, len);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		for (i = 0; i < 4; i++)
			f[i] = strtok_r(i == 0 ? line : NULL, " \t", &line);
		if (f[0] == NULL || f[0][0] == '#' || f[3] == NULL)
			continue;
		fstab_unescape(f[1]);
		if (strcmp(f[1], path) != 0)
			continue;
		json_object_set_new(v->evidence, "fstab", json_pack(
		    "{s:o,s:o,s:o,s:o,s:o}", "source", evidence_string(f[0]),
		    "fstype", evidence_string(f[2]), "options",
		    evidence_string(f[3]), "line", json_integer(lineno),
		    "file", json_string("/etc/fstab")));
		if (fstype != NULL && strcmp(fstype, f[2]) != 0)
			verdict_set(v, STATUS_FAIL, "/etc/fstab:%zu mounts %s "
			    "as %s, not %s", lineno, path, f[2], fstype);
		else if (yes(check_attr(c, "separate")) && (strcmp(f[2],
		    "none") == 0 || strstr(f[3], "bind") != NULL))
			verdict_set(v, STATUS_FAIL, "/etc/fstab:%zu "
			    "bind-mounts %s: not a separate filesystem",
			    lineno, path);
		else
			verdict_set(v, STATUS_PASS, "/etc/fstab:%zu mounts %s "
			    "from %s (%s)", lineno, path, f[0], f[2]);
		free(text);
		return;
	}
	free(text);
	verdict_set(v, STATUS_FAIL, "no /etc/fstab entry mounts %s", path);
}

static void
mount_decide(struct probe_ctx *ctx, const char *path, const char *fstype,
    const char *sep, struct verdict *v)
{
	const struct mountpoint	*mounts, *m, *root;
	const char		*cause;
	size_t			 n;
	int			 err;

	if (facts_mounts(ctx->facts, &mounts, &n, &err, &cause) == -1) {
		probe_error(v, err, NULL, cause);
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
		verdict_set(v, STATUS_FAIL, "%s is a %s mount, not %s",
		    path, m->fstype, fstype);
		return;
	}
	if (yes(sep)) {
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

static void
probe_mount_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	struct strlist		 paths = { NULL, 0 };
	const char		*path;
	char			*scause = NULL;
	struct source_stat	 st;
	int			 err;

	if (probe_paths(ctx, c, &paths, v) == -1) {
		strlist_free(&paths);
		return;
	}
	/* The located path outlives the list: the verdict copies it. */
	path = paths.v[0];
	if ((err = source_stat(ctx->src, path, 1, &st, &scause)) != 0) {
		probe_source_error(v, err, path, scause, c);
		free(scause);
		strlist_free(&paths);
		return;
	}
	if (ctx->src->offline) {
		mount_offline(ctx, c, path, v);
		strlist_free(&paths);
		return;
	}
	mount_decide(ctx, path, check_attr(c, "fstype"), check_attr(c,
	    "separate"), v);
	strlist_free(&paths);
}

const struct probe_entry probe_mount_entry = {
	.name = "mount",
	.help = "a path is a mount point (of fstype=; separate= from /)",
	.attrs = probe_mount_attrs,
	.flags = 0,
	.prepare = NULL,
	.exec = probe_mount_exec,
};
