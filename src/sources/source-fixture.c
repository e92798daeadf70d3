/*
 * The fixture source: a recorded host for tests (dockaudit --fixture DIR).
 *
 *   DIR/root/          the host's files (read as if at /)
 *   DIR/meta           "PATH key=value..." overrides: uid=, gid=, mode=
 *                      (octal permissions), type=socket|fifo, deny=1
 *                      (permission denied on any access)
 *   DIR/procs.json     [{"pid":1,"euid":0,"exe":"...","argv":[...],
 *                      "container":"<64-hex id, from its cgroup>"}]
 *   DIR/audit-live.rules   the kernel's loaded rules, auditctl -l style;
 *                      absent: live rules unavailable
 *   DIR/offline        present: behave as --root (an image, not a host)
 *   DIR/environ        dockaudit's own environment, NAME=VALUE lines
 *   DIR/api/           recorded Docker API answers: GET PATH (no version
 *                      prefix) is DIR/api/PATH.json (PATH?Q is first
 *                      looked for as DIR/api/PATH@Q.json), its status
 *                      DIR/api/PATH.status (default 200), a missing file a
 *                      404; without api/, the daemon at -H when given, else
 *                      an unreachable daemon
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

#include "sources/docker.h"
#include "sources/source.h"
#include "lib/util.h"

struct meta {
	char		*path;
	long		 uid, gid, mode;
	unsigned int	 type;		/* S_IF* or 0 */
	int		 deny;
};

struct fixture {
	char		*dir;
	struct source	*live;		/* reads DIR/root through --root */
	struct source	*api;		/* reads DIR/api, when there is one */
	struct docker	*docker;	/* without DIR/api: -H, or NULL */
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
		if (json_is_string(json_object_get(el, "container")))
			v[i].container = xstrdup(json_string_value(
			    json_object_get(el, "container")));
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

static int
fixture_api_connect(struct source *src, char **cause)
{
	struct fixture	*f = src->priv;

	if (f->api != NULL) {
		free(src->api.api_version);
		src->api.api_version = xstrdup(DOCKER_API_MAX);
		return 0;
	}
	if (f->docker == NULL) {
		*cause = xasprintf("cannot connect to %s: no such file or "
		    "directory", src->api.endpoint);
		return -1;
	}
	if (docker_connect(f->docker, cause) == -1)
		return -1;
	free(src->api.api_version);
	src->api.api_version = xstrdup(docker_api_version(f->docker));
	return 0;
}

/* One recorded answer: DIR/api/PATH.json and DIR/api/PATH.status. */
static void
fixture_api_one(struct fixture *f, struct docker_req *r)
{
	struct buf	 sb;
	char		*path, *file, *q, *err = NULL;
	int		 rc;

	/* A query first as PATH@QUERY.json, then as PATH.json. */
	path = xstrdup(r->path);
	rc = ENOENT;
	buf_init(&r->body, SOURCE_FILE_MAX);
	if ((q = strchr(path, '?')) != NULL && strstr(path, "..") == NULL &&
	    strchr(q, '/') == NULL) {
		file = xasprintf("%.*s@%s.json", (int)(q - path), path, q + 1);
		rc = f->api->ops->read(f->api, file, &r->body, &err);
		free(err);
		err = NULL;
		free(file);
	}
	if (q != NULL)
		*q = '\0';
	file = xasprintf("%s.json", path);
	if (rc != 0)
		rc = strstr(path, "..") != NULL ? ENOENT :
		    f->api->ops->read(f->api, file, &r->body, &err);
	free(err);
	err = NULL;
	free(file);
	r->status = rc == 0 ? 200 : 404;
	file = xasprintf("%s.status", path);
	buf_init(&sb, 64);
	if (rc == 0 && f->api->ops->read(f->api, file, &sb, &err) == 0)
		r->status = atol(buf_cstr(&sb));
	buf_free(&sb);
	free(err);
	free(file);
	if (r->status >= 400) {
		char *msg = rc == 0 ? docker_error_message(buf_cstr(&r->body),
		    r->body.len) : xstrdup("page not found");

		r->cause = xasprintf("GET %s: HTTP %ld: %s", path, r->status,
		    msg);
		free(msg);
	}
	free(path);
}

static void
fixture_api_get(struct source *src, struct docker_req *reqs, size_t n)
{
	struct fixture	*f = src->priv;
	size_t		 i;

	if (f->api == NULL) {
		docker_get_many(f->docker, reqs, n);
		return;
	}
	for (i = 0; i < n; i++) {
		fixture_api_one(f, &reqs[i]);
		if (reqs[i].done != NULL)
			reqs[i].done(&reqs[i], reqs[i].arg);
	}
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
	source_free(f->api);
	docker_free(f->docker);
	free(f->dir);
	free(f);
}

/* The recorded environment: DIR/environ, NAME=VALUE lines. */
static char *
fixture_env(struct source *src, const char *name)
{
	struct fixture	*f = src->priv;
	char		*path, *line = NULL, *v = NULL;
	size_t		 cap = 0, n = strlen(name);
	ssize_t		 len;
	FILE		*fp;

	path = fixture_file(f, "environ");
	fp = fopen(path, "r");
	free(path);
	if (fp == NULL)
		return NULL;
	while ((len = getline(&line, &cap, fp)) != -1) {
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (strncmp(line, name, n) == 0 && line[n] == '=') {
			free(v);
			v = xstrdup(line + n + 1);
		}
	}
	free(line);
	fclose(fp);
	return v;
}

static const struct source_ops source_fixture_ops = {
	.name = "fixture",
	.stat = fixture_stat,
	.read = fixture_read,
	.list = fixture_list,
	.procs = fixture_procs,
	.audit_rules = fixture_audit_rules,
	.env = fixture_env,
	.api_connect = fixture_api_connect,
	.api_get = fixture_api_get,
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
source_fixture_new(const char *dir, const struct docker_opts *dopts,
    char **cause)
{
	struct source	*src;
	struct fixture	*f;
	struct stat	 st;
	char		*root, *off, *api;

	f = xcalloc(1, sizeof *f);
	f->dir = xstrdup(dir);
	root = fixture_file(f, "root");
	f->live = source_live_new(root, NULL, cause);
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
	/* The recorded API is read like files, from DIR/api as a root. */
	api = fixture_file(f, "api");
	if (stat(api, &st) == 0 && S_ISDIR(st.st_mode))
		f->api = source_live_new(api, NULL, cause);
	free(api);
	src = xcalloc(1, sizeof *src);
	src->ops = &source_fixture_ops;
	src->priv = f;
	src->root = xstrdup(dir);
	if (f->api == NULL && dopts != NULL && dopts->host != NULL &&
	    (f->docker = docker_new(dopts, cause)) == NULL) {
		fixture_free(src);
		free(src);
		return NULL;
	}
	src->api.endpoint = xstrdup(f->docker != NULL ?
	    docker_endpoint(f->docker) : dopts != NULL && dopts->host != NULL ?
	    dopts->host : "unix:///var/run/docker.sock");
	off = fixture_file(f, "offline");
	src->offline = access(off, F_OK) == 0;
	free(off);
	return src;
}
