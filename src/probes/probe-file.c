/*
 * file: existence, type, owner, group and mode of a path, of the first of
 * several candidate paths, or of every file under a directory (one row per
 * file). Rules 3.x of the CIS Docker benchmark; seccomp availability in
 * the kernel benchmark.
 *
 * mode-max is a bit mask: pass when (mode & ~max) == 0, so 0600 passes
 * mode-max 0644 and 0507 does not (the reference tool compares decimals).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "facts/engines.h"
#include "probes/probe.h"
#include "lib/util.h"

#define FILE_UNDER_MAX	10000	/* rows from one under= */
#define FILE_DEPTH_MAX	32

static const char *const probe_file_attrs[] = {
	"path", "paths", "locate", "under", "type", "owner", "group", "mode-max",
	"missing", NULL
};

static int
probe_file_prepare(struct check *c, char **cause)
{
	const char	*m = check_attr(c, "mode-max");

	if (m != NULL && mode_parse(m) < 0) {
		*cause = xasprintf("bad mode-max \"%s\": expected an octal "
		    "mode such as 0644", m);
		return -1;
	}
	return 0;
}

static const char *
type_name(unsigned int mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return "file";
	case S_IFDIR:
		return "directory";
	case S_IFSOCK:
		return "socket";
	case S_IFLNK:
		return "symlink";
	case S_IFIFO:
		return "fifo";
	case S_IFCHR:
		return "character device";
	case S_IFBLK:
		return "block device";
	}
	return "unknown";
}

static json_t *
id_json(const char *name, unsigned int id)
{
	return name != NULL ? json_string(name) : json_integer(id);
}

/*
 * owner="{engine-user}" and group="{engine-group}": the audited engine's
 * owner and that user's primary group (root and root for a rootful
 * engine), so that one check says "owned by whoever runs the engine".
 */
static const char *
engine_id(struct probe_ctx *ctx, const char *want, int group)
{
	const struct accounts	*users;
	size_t			 i;

	if (strcmp(want, group ? "{engine-group}" : "{engine-user}") != 0)
		return want;
	if (ctx->engine == NULL || ctx->engine->uid == 0)
		return "root";
	if (!group)
		return ctx->engine->user;
	users = facts_users(ctx->facts);
	for (i = 0; users->err == 0 && i < users->n; i++) {
		if (users->v[i].id == ctx->engine->uid &&
		    facts_group_name(ctx->facts, users->v[i].gid) != NULL)
			return facts_group_name(ctx->facts, users->v[i].gid);
	}
	return ctx->engine->user;
}

/*
 * Judge one stat'ed path against the attributes. Returns the status and
 * sets *why for a failure; fills ev with what was seen.
 */
static enum status
judge(struct probe_ctx *ctx, const struct check *c,
    const struct source_stat *st, json_t *ev, char **why)
{
	const char	*want, *uname, *gname;
	char		 mode[8], bad[8];
	long		 id, max;
	unsigned int	 extra;

	uname = facts_user_name(ctx->facts, st->uid);
	gname = facts_group_name(ctx->facts, st->gid);
	mode_format(st->mode, mode);
	json_object_set_new(ev, "type", json_string(type_name(st->mode)));
	json_object_set_new(ev, "owner", id_json(uname, st->uid));
	json_object_set_new(ev, "group", id_json(gname, st->gid));
	json_object_set_new(ev, "mode", json_string(mode));

	if ((want = check_attr(c, "type")) != NULL &&
	    strcmp(want, type_name(st->mode)) != 0) {
		*why = xasprintf("is a %s, not a %s", type_name(st->mode),
		    want);
		return STATUS_FAIL;
	}
	if ((want = check_attr(c, "owner")) != NULL) {
		want = engine_id(ctx, want, 0);
		if ((id = facts_uid(ctx->facts, want)) < 0) {
			*why = xasprintf("cannot resolve user \"%s\" in the "
			    "audited /etc/passwd", want);
			return STATUS_ERROR;
		}
		if ((unsigned int)id != st->uid) {
			*why = uname != NULL ? xasprintf("owner is %s (%u), "
			    "should be %s", uname, st->uid, want) :
			    xasprintf("owner is %u, should be %s", st->uid, want);
			return STATUS_FAIL;
		}
	}
	if ((want = check_attr(c, "group")) != NULL) {
		want = engine_id(ctx, want, 1);
		if ((id = facts_gid(ctx->facts, want)) < 0) {
			*why = xasprintf("cannot resolve group \"%s\" in the "
			    "audited /etc/group", want);
			return STATUS_ERROR;
		}
		if ((unsigned int)id != st->gid) {
			*why = gname != NULL ? xasprintf("group is %s (%u), "
			    "should be %s", gname, st->gid, want) :
			    xasprintf("group is %u, should be %s", st->gid, want);
			return STATUS_FAIL;
		}
	}
	if ((want = check_attr(c, "mode-max")) != NULL) {
		max = mode_parse(want);
		extra = st->mode & 07777 & ~(unsigned int)max;
		if (extra != 0) {
			mode_format(extra, bad);
			*why = xasprintf("mode %s has bits outside %s (%s)",
			    mode, want, bad);
			return STATUS_FAIL;
		}
	}
	return STATUS_PASS;
}

static int
follow_links(const struct check *c)
{
	const char	*t = check_attr(c, "type");

	return t == NULL || strcmp(t, "symlink") != 0;
}

static void
check_one(struct probe_ctx *ctx, const struct check *c, const char *path,
    struct verdict *v)
{
	struct source_stat	 st;
	enum status		 s;
	char			*cause = NULL, *why = NULL;
	json_t			*ev;
	int			 err;

	ev = json_object();
	json_object_set_new(ev, "path", evidence_string(path));
	if ((err = source_stat(ctx->src, path, follow_links(c), &st, &cause))
	    != 0) {
		probe_source_error(v, err, path, cause, c);
		json_object_set_new(ev, "error", evidence_string(cause));
		free(cause);
	} else {
		s = judge(ctx, c, &st, ev, &why);
		verdict_set(v, s, why != NULL ? "%s: %s" : NULL, path, why);
		free(why);
	}
	json_object_set_new(v->evidence, "file", ev);
}

struct walk {
	struct probe_ctx	*ctx;
	const struct check	*c;
	struct verdict		*v;
	size_t			 rows;
};

static void
walk_dir(struct walk *w, const char *dir, int depth)
{
	struct strlist		 names = { NULL, 0 };
	struct source_stat	 st;
	struct target		*t;
	char			*cause = NULL, *path, *why;
	size_t			 i;
	int			 err;

	if ((err = source_list(w->ctx->src, dir, &names, &cause)) != 0) {
		t = verdict_add_target(w->v, "file", dir, dir);
		probe_target_error(t, err, dir, cause);
		free(cause);
		return;
	}
	for (i = 0; i < names.n; i++) {
		path = xasprintf("%s/%s", dir, names.v[i]);
		if (w->rows >= FILE_UNDER_MAX) {
			t = verdict_add_target(w->v, "file", path, path);
			target_because(t, STATUS_ERROR, cause_newf(CAUSE_OTHER,
			    NULL, "not checked: more than %d files under %s",
			    FILE_UNDER_MAX, check_attr(w->c, "under")));
			free(path);
			break;
		}
		if ((err = source_stat(w->ctx->src, path, 0, &st, &cause)) ==
		    0 && S_ISDIR(st.mode)) {
			if (depth < FILE_DEPTH_MAX)
				walk_dir(w, path, depth + 1);
			else {
				t = verdict_add_target(w->v, "file", path,
				    path);
				target_because(t, STATUS_ERROR, cause_newf(
				    CAUSE_OTHER, NULL, "not checked: deeper "
				    "than %d directories", FILE_DEPTH_MAX));
			}
			free(path);
			continue;
		}
		free(cause);
		cause = NULL;
		w->rows++;
		t = verdict_add_target(w->v, "file", path, path);
		json_object_set_new(t->evidence, "path", evidence_string(path));
		if (err == 0 && (err = source_stat(w->ctx->src, path, 1, &st,
		    &cause)) == ENOENT) {
			target_set(t, STATUS_FAIL, "broken symbolic link");
			free(cause);
			cause = NULL;
		} else if (err != 0) {
			probe_target_error(t, err, path, cause);
			free(cause);
			cause = NULL;
		} else {
			why = NULL;
			t->status = judge(w->ctx, w->c, &st, t->evidence,
			    &why);
			t->reason = why;
		}
		free(path);
	}
	strlist_free(&names);
}

/* One located path as a target row; a missing one is not applicable. */
static void
check_row(struct probe_ctx *ctx, const struct check *c, const char *path,
    struct verdict *v)
{
	struct source_stat	 st;
	struct target		*t;
	char			*cause = NULL, *why = NULL;
	int			 err;

	t = verdict_add_target(v, "file", path, path);
	json_object_set_new(t->evidence, "path", evidence_string(path));
	if ((err = source_stat(ctx->src, path, follow_links(c), &st, &cause))
	    == 0) {
		t->status = judge(ctx, c, &st, t->evidence, &why);
		t->reason = why;
		return;
	}
	target_because(t, err == ENOENT ? probe_missing(c) : err ==
	    SOURCE_OFFLINE ? STATUS_NA : STATUS_ERROR, cause_new(
	    source_cause_kind(err), path, cause));
	free(cause);
}

static void
probe_file_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	struct strlist		 paths = { NULL, 0 };
	struct source_stat	 st;
	struct walk		 w = { ctx, c, v, 0 };
	const char		*under, *list;
	char			*cause = NULL;
	size_t			 i;
	int			 err;

	if ((under = check_attr(c, "under")) != NULL) {
		v->rows = 1;
		if ((err = source_stat(ctx->src, under, 1, &st, &cause)) != 0) {
			probe_source_error(v, err, under, cause, c);
			free(cause);
			return;
		}
		walk_dir(&w, under, 0);
		if (v->ntargets == 0)
			verdict_set(v, STATUS_NA, "no files under %s", under);
		else
			verdict_from_rows(v);
		return;
	}
	if (check_attr(c, "path") != NULL) {
		check_one(ctx, c, check_attr(c, "path"), v);
		return;
	}
	if (probe_paths(ctx, c, &paths, v) == -1)
		goto out;
	if (check_attr(c, "locate") != NULL && paths.n > 1) {
		/* Several located paths (sockets): one row each. */
		v->rows = 1;
		for (i = 0; i < paths.n; i++)
			check_row(ctx, c, paths.v[i], v);
		verdict_from_rows(v);
		goto out;
	}
	list = check_attr(c, "paths") != NULL ? check_attr(c, "paths") :
	    paths.v[0];
	for (i = 0; i < paths.n; i++) {
		err = source_stat(ctx->src, paths.v[i], follow_links(c), &st,
		    &cause);
		free(cause);
		cause = NULL;
		if (err != ENOENT && err != ENOTDIR)
			break;
	}
	if (i == paths.n) {
		verdict_set(v, probe_missing(c), "none of %s is present", list);
		json_object_set_new(v->evidence, "file",
		    json_pack("{s:o}", "candidates", evidence_string(list)));
	} else
		check_one(ctx, c, paths.v[i], v);
out:
	strlist_free(&paths);
}

const struct probe_entry probe_file_entry = {
	.name = "file",
	.help = "a path's existence, type, owner, group and mode-max bit "
	    "mask; paths= takes the first present; under= every file beneath",
	.attrs = probe_file_attrs,
	.flags = PROBE_TARGETS,
	.prepare = probe_file_prepare,
	.exec = probe_file_exec,
};
