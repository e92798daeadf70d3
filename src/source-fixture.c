/*
 * The fixture source: a recorded host for tests (dockaudit --fixture DIR).
 *
 *   DIR/root/          the host's files (read as if at /)
 *   DIR/meta           "PATH key=value..." overrides: uid=, gid=, mode=
 *                      (octal permissions), type=socket|fifo, deny=1
 *                      (permission denied on any access)
 *   DIR/procs.json     [{"pid":1,"euid":0,"exe":"...","argv":[...]}]
 *   DIR/audit-live.rules   the kernel's loaded rules, auditctl -l style;
 *                      absent: live rules unavailable
 *   DIR/offline        present: behave as --root (an image, not a host)
 *
 * A file named .keep only keeps an otherwise empty directory in git: it is
 * not there as far as the audit can see.
 * Files without a meta line are owned by 0:0 whoever checked them out.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "source.h"
#include "util.h"

struct meta {
	char		*path;
	long		 uid, gid, mode;
	unsigned int	 type;		/* S_IF* or 0 */
	int		 deny;
};

struct fixture {
	char		*dir;
	struct source	*live;		/* reads DIR/root through --root */
	struct meta	*meta;
	size_t		 nmeta;
};

static const struct meta *
meta_find(struct fixture *f, const char *path)
{
	size_t	i;

	for (i = 0; i < f->nmeta; i++) {
		if (strcmp(f->meta[i].path, path) == 0)
			return &f->meta[i];
	}
	return NULL;
}

static int
is_keep(const char *path)
{
	const char	*base = strrchr(path, '/');

	return base != NULL && strcmp(base, "/.keep") == 0;
}

static int
denied(struct fixture *f, const char *path, char **cause)
{
	const struct meta *m = meta_find(f, path);

	if (is_keep(path)) {
		*cause = xasprintf("%s: %s", path, errno_cause(ENOENT));
		return ENOENT;
	}
	if (m != NULL && m->deny) {
		*cause = xasprintf("%s: %s", path, errno_cause(EACCES));
		return EACCES;
	}
	return 0;
}

static int
fixture_stat(struct source *src, const char *path, int follow,
    struct source_stat *st, char **cause)
{
	struct fixture		*f = src->priv;
	const struct meta	*m;
	int			 err;

	if ((err = denied(f, path, cause)) != 0)
		return err;
	if ((err = f->live->ops->stat(f->live, path, follow, st, cause)) != 0)
		return err;
	st->uid = 0;
	st->gid = 0;
	if ((m = meta_find(f, path)) != NULL) {
		if (m->uid >= 0)
			st->uid = (unsigned int)m->uid;
		if (m->gid >= 0)
			st->gid = (unsigned int)m->gid;
		if (m->mode >= 0)
			st->mode = (st->mode & ~07777u) | (unsigned int)m->mode;
		if (m->type != 0)
			st->mode = (st->mode & 07777u) | m->type;
	}
	return 0;
}

static int
fixture_read(struct source *src, const char *path, struct buf *b,
    char **cause)
{
	struct fixture	*f = src->priv;
	int		 err;

	if ((err = denied(f, path, cause)) != 0)
		return err;
	return f->live->ops->read(f->live, path, b, cause);
}

static int
fixture_list(struct source *src, const char *path, struct strlist *out,
    char **cause)
{
	struct fixture	*f = src->priv;
	int		 err;

	struct strlist	 all = { NULL, 0 };
	size_t		 i;

	if ((err = denied(f, path, cause)) != 0)
		return err;
	if ((err = f->live->ops->list(f->live, path, &all, cause)) != 0)
		return err;
	for (i = 0; i < all.n; i++) {
		if (strcmp(all.v[i], ".keep") != 0)
			strlist_add(out, all.v[i]);
	}
	strlist_free(&all);
	return 0;
}

static char *
fixture_file(struct fixture *f, const char *name)
{
	return xasprintf("%s/%s", f->dir, name);
}

static int
fixture_procs(struct source *src, struct proc_info **procs, size_t *n,
    char **cause)
{
	struct fixture	*f = src->priv;
	json_error_t	 jerr;
	json_t		*doc, *el, *arg;
	char		*path;
	size_t		 i, j;
	struct proc_info *v;

	*procs = NULL;
	*n = 0;
	path = fixture_file(f, "procs.json");
	if (access(path, F_OK) == -1) {
		free(path);
		return 0;
	}
	doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_array(doc)) {
		*cause = xasprintf("%s:%d: %s", path, jerr.line, doc == NULL ?
		    jerr.text : "not an array");
		free(path);
		json_decref(doc);
		return EINVAL;
	}
	free(path);
	v = xcalloc(json_array_size(doc), sizeof *v);
	json_array_foreach(doc, i, el) {
		v[i].pid = (int)json_integer_value(json_object_get(el, "pid"));
		v[i].euid = (unsigned int)json_integer_value(
		    json_object_get(el, "euid"));
		if (json_is_string(json_object_get(el, "exe")))
			v[i].exe = xstrdup(json_string_value(
			    json_object_get(el, "exe")));
		json_array_foreach(json_object_get(el, "argv"), j, arg) {
			if (json_is_string(arg))
				strlist_add(&v[i].argv, json_string_value(arg));
		}
	}
	*procs = v;
	*n = json_array_size(doc);
	json_decref(doc);
	return 0;
}

static int
fixture_audit_rules(struct source *src, struct strlist *out, char **cause)
{
	struct fixture	*f = src->priv;
	FILE		*fp;
	char		*path, *line = NULL;
	size_t		 cap = 0;
	ssize_t		 n;

	path = fixture_file(f, "audit-live.rules");
	if ((fp = fopen(path, "r")) == NULL) {
		free(path);
		*cause = xstrdup("live audit rules: audit is not available");
		return EPROTONOSUPPORT;
	}
	free(path);
	while ((n = getline(&line, &cap, fp)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n > 0)
			strlist_add(out, line);
	}
	free(line);
	fclose(fp);
	return 0;
}

static void
fixture_free(struct source *src)
{
	struct fixture	*f = src->priv;
	size_t		 i;

	for (i = 0; i < f->nmeta; i++)
		free(f->meta[i].path);
	free(f->meta);
	source_free(f->live);
	free(f->dir);
	free(f);
}

static const struct source_ops source_fixture_ops = {
	.name = "fixture",
	.stat = fixture_stat,
	.read = fixture_read,
	.list = fixture_list,
	.procs = fixture_procs,
	.audit_rules = fixture_audit_rules,
	.free = fixture_free,
};

static int
meta_load(struct fixture *f, char **cause)
{
	FILE		*fp;
	char		*path, *line = NULL, *tok, *save;
	size_t		 cap = 0;
	int		 lineno = 0;

	path = fixture_file(f, "meta");
	if ((fp = fopen(path, "r")) == NULL) {
		free(path);
		return 0;
	}
	while (getline(&line, &cap, fp) > 0) {
		struct meta *m;

		lineno++;
		if ((tok = strtok_r(line, " \t\n", &save)) == NULL ||
		    *tok == '#')
			continue;
		f->meta = xreallocarray(f->meta, f->nmeta + 1, sizeof *f->meta);
		m = &f->meta[f->nmeta++];
		memset(m, 0, sizeof *m);
		m->path = xstrdup(tok);
		m->uid = m->gid = m->mode = -1;
		while ((tok = strtok_r(NULL, " \t\n", &save)) != NULL) {
			if (strncmp(tok, "uid=", 4) == 0)
				m->uid = atol(tok + 4);
			else if (strncmp(tok, "gid=", 4) == 0)
				m->gid = atol(tok + 4);
			else if (strncmp(tok, "mode=", 5) == 0 &&
			    (m->mode = mode_parse(tok + 5)) >= 0)
				;
			else if (strcmp(tok, "type=socket") == 0)
				m->type = S_IFSOCK;
			else if (strcmp(tok, "type=fifo") == 0)
				m->type = S_IFIFO;
			else if (strcmp(tok, "deny=1") == 0)
				m->deny = 1;
			else {
				*cause = xasprintf("%s:%d: bad field \"%s\"",
				    path, lineno, tok);
				free(line);
				free(path);
				fclose(fp);
				return -1;
			}
		}
	}
	free(line);
	free(path);
	fclose(fp);
	return 0;
}

struct source *
source_fixture_new(const char *dir, char **cause)
{
	struct source	*src;
	struct fixture	*f;
	char		*root, *off;

	f = xcalloc(1, sizeof *f);
	f->dir = xstrdup(dir);
	root = fixture_file(f, "root");
	f->live = source_live_new(root, cause);
	if (f->live == NULL) {
		free(*cause);
		*cause = xasprintf("--fixture %s: no readable root/ folder", dir);
	}
	free(root);
	if (f->live == NULL || meta_load(f, cause) == -1) {
		src = xcalloc(1, sizeof *src);
		src->priv = f;
		fixture_free(src);
		free(src);
		return NULL;
	}
	src = xcalloc(1, sizeof *src);
	src->ops = &source_fixture_ops;
	src->priv = f;
	src->root = xstrdup(dir);
	off = fixture_file(f, "offline");
	src->offline = access(off, F_OK) == 0;
	free(off);
	return src;
}
