/*
 * The fixture source: a recorded host for tests (dockaudit --fixture DIR).
 *
 *   DIR/root/          the host's files (read as if at /)
 *   DIR/meta           "PATH key=value..." overrides: uid=, gid=, mode=
 *                      (octal permissions), type=socket|fifo, deny=1
 *                      (permission denied on any access), absent=1 (not
 *                      in the base: below)
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
 *                      A/ID/C without its own answer is given
 *                      A/_any/C's, when recorded (the same answer for
 *                      every ID: containers/_any/top.json)
 *   DIR/base           a folder (a symlink to a shared one) laid out the
 *                      same way: what DIR does not hold is read from it
 *
 * A fixture with a base is an overlay, so that many cases share one host
 * and hold only what they change. Each path is looked up in DIR first, then
 * in DIR/base, then in DIR/base/base (FIXTURE_DEPTH_MAX folders at most,
 * and never one twice): a file, its API answer (PATH.json with its
 * .status), procs.json, environ, audit-live.rules and offline are taken
 * whole from the first folder that has them, and a directory lists the
 * entries of all. A meta line applies whichever folder holds the file, the
 * first folder's line for a path winning; a line with no key ("PATH")
 * undoes the base's. "PATH absent=1" removes PATH, and all under it, from
 * the bases (not from DIR itself); a PATH without a leading / names a
 * file of the fixture itself (api, api/info.json, procs.json, offline,
 * environ, audit-live.rules), for which absent=1 is the only key. Every
 * root/ is read through --root (openroot.c), so that a symlink in it
 * resolves inside that folder's root/; the base link itself is part of
 * the fixture, followed as DIR is.
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

#define FIXTURE_DEPTH_MAX	8	/* DIR and its bases */

struct meta {
	char		*path;
	long		 uid, gid, mode;
	unsigned int	 type;		/* S_IF* or 0 */
	int		 deny;
	int		 absent;	/* not in the bases */
};

/* DIR, or one of its bases. */
struct layer {
	char		*dir;
	dev_t		 dev;		/* of dir: a base is never read twice */
	ino_t		 ino;
	struct source	*files;		/* reads dir/root through --root */
	struct source	*api;		/* reads dir/api, when there is one */
	struct meta	*meta;
	size_t		 nmeta;
};

struct fixture {
	char		*dir;
	char		*apidir;	/* "api", or "apis/PATH" for -H unix://PATH */
	struct layer	 layers[FIXTURE_DEPTH_MAX];
	size_t		 nlayers;
	int		 recorded;	/* some folder holds api/ */
	struct docker	*docker;	/* without api/: -H, or NULL */
};

static int	 is_dir(const char *, const char *, struct stat *);
static char	*fixture_api_dir(const char *, const char *, int);

static const struct meta *
meta_find(struct fixture *f, const char *path)
{
	size_t	i, j;

	for (i = 0; i < f->nlayers; i++) {
		for (j = 0; j < f->layers[i].nmeta; j++) {
			if (strcmp(f->layers[i].meta[j].path, path) == 0)
				return &f->layers[i].meta[j];
		}
	}
	return NULL;
}

/* 1 when a folder above layer i says path, or a folder holding it, is absent. */
static int
hidden(struct fixture *f, size_t i, const char *path)
{
	const struct meta	*m;
	size_t			 j, k, n;

	for (j = 0; j < i; j++) {
		for (k = 0; k < f->layers[j].nmeta; k++) {
			m = &f->layers[j].meta[k];
			n = strlen(m->path);
			if (m->absent && strncmp(m->path, path, n) == 0 &&
			    (path[n] == '\0' || path[n] == '/'))
				return 1;
		}
	}
	return 0;
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

/* The first folder from *i on with a root/ that may hold path; 0 when none. */
static struct source *
layer_next(struct fixture *f, size_t *i, const char *path)
{
	for (; *i < f->nlayers && !hidden(f, *i, path); (*i)++) {
		if (f->layers[*i].files != NULL)
			return f->layers[*i].files;
	}
	return NULL;
}

static int
not_found(const char *path, char **cause)
{
	*cause = xasprintf("%s: %s", path, errno_cause(ENOENT));
	return ENOENT;
}

static int
fixture_stat(struct source *src, const char *path, int follow,
    struct source_stat *st, char **cause)
{
	struct fixture		*f = src->priv;
	const struct meta	*m;
	struct source		*s;
	size_t			 i;
	int			 err = ENOENT;

	if ((err = denied(f, path, cause)) != 0)
		return err;
	for (i = 0; (s = layer_next(f, &i, path)) != NULL; i++) {
		if ((err = s->ops->stat(s, path, follow, st, cause)) != ENOENT)
			break;
		free(*cause);
		*cause = NULL;
	}
	if (s == NULL)
		return not_found(path, cause);
	if (err != 0)
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
	struct source	*s;
	size_t		 i;
	int		 err;

	if ((err = denied(f, path, cause)) != 0)
		return err;
	for (i = 0; (s = layer_next(f, &i, path)) != NULL; i++) {
		if ((err = s->ops->read(s, path, b, cause)) != ENOENT)
			return err;
		free(*cause);
		*cause = NULL;
	}
	return not_found(path, cause);
}

/* The entries of every folder's directory, in name order, .keep left out. */
static int
fixture_list(struct source *src, const char *path, struct strlist *out,
    char **cause)
{
	struct fixture	*f = src->priv;
	struct strlist	 all = { NULL, 0 }, here;
	struct source	*s;
	char		*full, *why = NULL;
	size_t		 i, j, len = strlen(path);
	int		 err, found = 0;

	if ((err = denied(f, path, cause)) != 0)
		return err;
	for (i = 0; (s = layer_next(f, &i, path)) != NULL; i++) {
		here.v = NULL;
		here.n = 0;
		if ((err = s->ops->list(s, path, &here, &why)) != 0) {
			strlist_free(&here);
			if (err == ENOENT) {
				free(why);
				why = NULL;
				continue;
			}
			if (found) {
				free(why);
				break;
			}
			*cause = why;
			return err;
		}
		found = 1;
		for (j = 0; j < here.n; j++) {
			full = xasprintf("%.*s/%s", (int)(len > 0 &&
			    path[len - 1] == '/' ? len - 1 : len), path,
			    here.v[j]);
			if (strcmp(here.v[j], ".keep") != 0 &&
			    !strlist_has(&all, here.v[j]) &&
			    !hidden(f, i, full))
				strlist_add(&all, here.v[j]);
			free(full);
		}
		strlist_free(&here);
	}
	if (!found)
		return not_found(path, cause);
	strlist_sort(&all);
	for (i = 0; i < all.n; i++)
		strlist_add(out, all.v[i]);
	strlist_free(&all);
	return 0;
}

/* The first folder's DIR/name, or NULL when none holds it. */
static char *
fixture_file(struct fixture *f, const char *name)
{
	char	*path;
	size_t	 i;

	for (i = 0; i < f->nlayers && !hidden(f, i, name); i++) {
		path = xasprintf("%s/%s", f->layers[i].dir, name);
		if (access(path, F_OK) == 0)
			return path;
		free(path);
	}
	return NULL;
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
	if ((path = fixture_file(f, "procs.json")) == NULL)
		return 0;
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
	if (path == NULL || (fp = fopen(path, "r")) == NULL) {
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

	if (f->recorded) {
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

/* Recorded answers for endpoint, or a socket at its path in the tree. */
static int
fixture_api_at(struct source *src, const char *endpoint)
{
	struct fixture		*f = src->priv;
	struct source_stat	 st;
	struct stat		 dst;
	char			*name, *cause = NULL;
	size_t			 i;
	int			 found = 0;

	name = fixture_api_dir(f->dir, endpoint, 1);
	for (i = 0; i < f->nlayers && !found && !hidden(f, i, name); i++)
		found = is_dir(f->layers[i].dir, name, &dst);
	free(name);
	if (!found && strncmp(endpoint, "unix://", 7) == 0 &&
	    fixture_stat(src, endpoint + 7, 1, &st, &cause) == 0)
		found = S_ISSOCK(st.mode);
	free(cause);
	return found;
}

/* DIR/api/file from the first folder that records it: its index, or -1. */
static int
api_read(struct fixture *f, const char *file, struct buf *b)
{
	struct layer	*l;
	char		*name, *err = NULL;
	size_t		 i;
	int		 rc = ENOENT;

	name = xasprintf("%s/%s", f->apidir, file);
	for (i = 0; i < f->nlayers && rc == ENOENT; i++) {
		l = &f->layers[i];
		if (hidden(f, i, name))
			break;
		if (l->api != NULL)
			rc = l->api->ops->read(l->api, file, b, &err);
		free(err);
		err = NULL;
	}
	free(name);
	return rc == 0 ? (int)i - 1 : -1;
}

static int
api_read_json(struct fixture *f, const char *path, struct buf *b)
{
	char	*file = xasprintf("%s.json", path);
	int	 at = api_read(f, file, b);

	free(file);
	return at;
}

/*
 * A/ID/C becomes A/_any/C: the answer recorded once for every ID without
 * its own (containers/_any/top.json, when they all run the same process).
 * 0 when the path has no such form.
 */
static int
any_path(char **path)
{
	char	*last = strrchr(*path, '/'), *prev, *any;

	if (last == NULL || last == *path)
		return 0;
	for (prev = last - 1; prev > *path && prev[-1] != '/'; prev--)
		;
	/* A must not be empty: /containers/json has no such form. */
	if (prev - *path < 2 || strncmp(prev, "_any/", 5) == 0)
		return 0;
	any = xasprintf("%.*s_any%s", (int)(prev - *path), *path, last);
	free(*path);
	*path = any;
	return 1;
}

/*
 * One recorded answer: DIR/api/PATH.json and DIR/api/PATH.status, else
 * those of A/_any/C for a PATH A/ID/C.
 */
static void
fixture_api_one(struct fixture *f, struct docker_req *r)
{
	struct buf	 sb;
	struct source	*api;
	char		*path, *answer, *file, *q, *err = NULL;
	int		 at = -1;

	/* A query first as PATH@QUERY.json, then as PATH.json. */
	path = xstrdup(r->path);
	buf_init(&r->body, SOURCE_FILE_MAX);
	if ((q = strchr(path, '?')) != NULL && strstr(path, "..") == NULL &&
	    strchr(q, '/') == NULL) {
		file = xasprintf("%.*s@%s.json", (int)(q - path), path, q + 1);
		at = api_read(f, file, &r->body);
		free(file);
	}
	if (q != NULL)
		*q = '\0';
	file = xasprintf("%s.json", path);
	if (at == -1 && strstr(path, "..") == NULL)
		at = api_read(f, file, &r->body);
	free(file);
	answer = xstrdup(path);
	if (at == -1 && strstr(path, "..") == NULL && any_path(&answer))
		at = api_read_json(f, answer, &r->body);
	r->status = at != -1 ? 200 : 404;
	/* The status is the answer's own, from the folder that holds it. */
	file = xasprintf("%s.status", answer);
	free(answer);
	buf_init(&sb, 64);
	api = at != -1 ? f->layers[at].api : NULL;
	if (api != NULL && api->ops->read(api, file, &sb, &err) == 0)
		r->status = atol(buf_cstr(&sb));
	buf_free(&sb);
	free(err);
	free(file);
	if (r->status >= 400) {
		char *msg = at != -1 ? docker_error_message(buf_cstr(&r->body),
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

	if (!f->recorded) {
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
	struct layer	*l;
	size_t		 i, j;

	for (i = 0; i < f->nlayers; i++) {
		l = &f->layers[i];
		for (j = 0; j < l->nmeta; j++)
			free(l->meta[j].path);
		free(l->meta);
		source_free(l->files);
		source_free(l->api);
		free(l->dir);
	}
	docker_free(f->docker);
	free(f->dir);
	free(f->apidir);
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

	if ((path = fixture_file(f, "environ")) == NULL)
		return NULL;
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
	.api_at = fixture_api_at,
	.api_connect = fixture_api_connect,
	.api_get = fixture_api_get,
	.free = fixture_free,
};

static int
meta_load(struct layer *l, char **cause)
{
	FILE		*fp;
	char		*path, *line = NULL, *tok, *save;
	size_t		 cap = 0;
	int		 lineno = 0, rc = 0;

	path = xasprintf("%s/meta", l->dir);
	if ((fp = fopen(path, "r")) == NULL) {
		free(path);
		return 0;
	}
	while (rc == 0 && getline(&line, &cap, fp) > 0) {
		struct meta *m;

		lineno++;
		if ((tok = strtok_r(line, " \t\n", &save)) == NULL ||
		    *tok == '#')
			continue;
		l->meta = xreallocarray(l->meta, l->nmeta + 1, sizeof *l->meta);
		m = &l->meta[l->nmeta++];
		memset(m, 0, sizeof *m);
		m->path = xstrdup(tok);
		m->uid = m->gid = m->mode = -1;
		while (rc == 0 && (tok = strtok_r(NULL, " \t\n", &save)) !=
		    NULL) {
			if (strcmp(tok, "absent=1") == 0)
				m->absent = 1;
			else if (*m->path != '/') {
				*cause = xasprintf("%s:%d: \"%s\": a file of "
				    "the fixture takes absent=1 only", path,
				    lineno, tok);
				rc = -1;
			} else if (strncmp(tok, "uid=", 4) == 0)
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
				rc = -1;
			}
		}
	}
	free(line);
	free(path);
	fclose(fp);
	return rc;
}

/* 1 when dir/name is a directory (a symlink to one is followed). */
static int
is_dir(const char *dir, const char *name, struct stat *st)
{
	char	*path = xasprintf("%s/%s", dir, name);
	int	 rc;

	rc = stat(path, st) == 0 && S_ISDIR(st->st_mode);
	free(path);
	return rc;
}

/*
 * Where the API of an endpoint is recorded: api/ for the default socket,
 * else apis/PATH for unix://PATH. For -H (host) in a fixture with no
 * apis/ folder, api/ still (as before engines); for an engine's recorded
 * answers (exact), never another endpoint's.
 */
static char *
fixture_api_dir(const char *dir, const char *host, int exact)
{
	struct stat	 st;

	if (host == NULL || strcmp(host, "unix:///var/run/docker.sock") == 0 ||
	    strcmp(host, "unix:///run/docker.sock") == 0)
		return xstrdup("api");
	if (strncmp(host, "unix:///", 8) != 0)
		return xstrdup(exact ? "apis/-" : "api");
	if (!exact && !is_dir(dir, "apis", &st))
		return xstrdup("api");
	return xasprintf("apis%s", host + 7);
}

/* DIR and the chain of its bases, each once, root/, meta and api/ opened. */
static int
layers_load(struct fixture *f, const char *dir, char **cause)
{
	struct layer	*l;
	struct stat	 st;
	char		*path, *next;
	size_t		 i;

	next = xstrdup(dir);
	while (next != NULL) {
		if (stat(next, &st) == -1 || !S_ISDIR(st.st_mode)) {
			*cause = xasprintf("--fixture %s: no readable root/ "
			    "folder", dir);
			free(next);
			return -1;
		}
		for (i = 0; i < f->nlayers; i++) {
			if (f->layers[i].dev == st.st_dev &&
			    f->layers[i].ino == st.st_ino) {
				*cause = xasprintf("--fixture %s: %s: a base "
				    "of itself", dir, next);
				free(next);
				return -1;
			}
		}
		if (f->nlayers == FIXTURE_DEPTH_MAX) {
			*cause = xasprintf("--fixture %s: more than %d bases",
			    dir, FIXTURE_DEPTH_MAX - 1);
			free(next);
			return -1;
		}
		l = &f->layers[f->nlayers++];
		l->dir = next;
		l->dev = st.st_dev;
		l->ino = st.st_ino;
		path = xasprintf("%s/root", l->dir);
		if (access(path, F_OK) == 0 &&
		    (l->files = source_live_new(path, NULL, cause)) == NULL) {
			free(*cause);
			*cause = xasprintf("--fixture %s: no readable root/ "
			    "folder", l->dir);
			free(path);
			return -1;
		}
		free(path);
		if (meta_load(l, cause) == -1)
			return -1;
		/* The recorded API is read like files, from api/ as a root. */
		if (is_dir(l->dir, f->apidir, &st) && (path = xasprintf(
		    "%s/%s", l->dir, f->apidir)) != NULL) {
			l->api = source_live_new(path, NULL, cause);
			free(path);
		}
		next = is_dir(l->dir, "base", &st) ? xasprintf("%s/base",
		    l->dir) : NULL;
	}
	for (i = 0; i < f->nlayers; i++) {
		if (f->layers[i].files != NULL)
			break;
	}
	if (i == f->nlayers) {
		*cause = xasprintf("--fixture %s: no readable root/ folder",
		    dir);
		return -1;
	}
	for (i = 0; i < f->nlayers && !hidden(f, i, f->apidir); i++) {
		if (f->layers[i].api != NULL)
			f->recorded = 1;
	}
	return 0;
}

struct source *
source_fixture_new(const char *dir, const struct docker_opts *dopts,
    char **cause)
{
	struct source	*src;
	struct fixture	*f;
	char		*off;

	f = xcalloc(1, sizeof *f);
	f->dir = xstrdup(dir);
	f->apidir = dopts == NULL ? xstrdup("api") : dopts->host != NULL ?
	    fixture_api_dir(dir, dopts->host, 0) :
	    fixture_api_dir(dir, dopts->recorded, 1);
	src = xcalloc(1, sizeof *src);
	src->ops = &source_fixture_ops;
	src->priv = f;
	if (layers_load(f, dir, cause) == -1 || (!f->recorded &&
	    dopts != NULL && dopts->host != NULL &&
	    (f->docker = docker_new(dopts, cause)) == NULL)) {
		fixture_free(src);
		free(src);
		return NULL;
	}
	src->root = xstrdup(dir);
	src->api.endpoint = xstrdup(f->docker != NULL ?
	    docker_endpoint(f->docker) : dopts != NULL && dopts->host != NULL ?
	    dopts->host : dopts != NULL && dopts->recorded != NULL ?
	    dopts->recorded : "unix:///var/run/docker.sock");
	off = fixture_file(f, "offline");
	src->offline = off != NULL;
	free(off);
	return src;
}
