/*
 * The cache in front of every source: each file is read, each path stat'ed
 * and the process list taken once per run, whatever number of rules ask.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sources/docker.h"
#include "lib/json.h"
#include "sources/source.h"
#include "lib/util.h"

struct source_cache {
	struct source_cache	*next;
	char			*key;	/* "r:PATH", "s:PATH", "l:PATH" */
	int			 err;
	char			*cause;
	struct buf		 data;
	struct source_stat	 st;
	struct strlist		 names;
	json_t			*doc;		/* API documents */
};

/*
 * The cache entry for (kind, path): found, or added with *fresh set for
 * the caller to fill. Returns NULL with err and *cause when the fact is
 * one of a running host and the audit is offline.
 */
static struct source_cache *
cache_entry(struct source *src, char kind, const char *path, int *fresh,
    int *err, char **cause)
{
	struct source_cache	*c;
	char			*key;

	*fresh = 0;
	if (src->offline && source_path_is_runtime(path)) {
		*cause = xasprintf("%s needs a running host", path);
		*err = SOURCE_OFFLINE;
		return NULL;
	}
	key = xasprintf("%c:%s", kind, path);
	for (c = src->cache; c != NULL; c = c->next) {
		if (strcmp(c->key, key) == 0) {
			free(key);
			return c;
		}
	}
	c = xcalloc(1, sizeof *c);
	c->key = key;
	c->next = src->cache;
	src->cache = c;
	*fresh = 1;
	return c;
}

/* The cached outcome: 0, or the error with a copy of its cause. */
static int
cache_result(const struct source_cache *c, const char *path, char **cause)
{
	if (c->err != 0)
		*cause = xstrdup(c->cause != NULL ? c->cause : path);
	return c->err;
}

int
source_path_is_runtime(const char *path)
{
	static const char *const runtime[] = {
		"/proc", "/sys", "/run", "/var/run", NULL
	};
	size_t	i, n;

	/* Also /run: sockets and state exist only while the host runs. */
	for (i = 0; runtime[i] != NULL; i++) {
		n = strlen(runtime[i]);
		if (strncmp(path, runtime[i], n) == 0 && (path[n] == '\0' ||
		    path[n] == '/'))
			return 1;
	}
	return 0;
}

int
source_read(struct source *src, const char *path, const char **data,
    size_t *len, char **cause)
{
	struct source_cache	*c;
	int			 fresh, err;

	if ((c = cache_entry(src, 'r', path, &fresh, &err, cause)) == NULL)
		return err;
	if (fresh) {
		buf_init(&c->data, SOURCE_FILE_MAX);
		c->err = src->ops->read(src, path, &c->data, &c->cause);
	}
	if ((err = cache_result(c, path, cause)) != 0)
		return err;
	*data = buf_cstr(&c->data);
	*len = c->data.len;
	return 0;
}

int
source_stat(struct source *src, const char *path, int follow,
    struct source_stat *st, char **cause)
{
	struct source_cache	*c;
	int			 fresh, err;

	if ((c = cache_entry(src, follow ? 'S' : 's', path, &fresh, &err,
	    cause)) == NULL)
		return err;
	if (fresh)
		c->err = src->ops->stat(src, path, follow, &c->st, &c->cause);
	if ((err = cache_result(c, path, cause)) != 0)
		return err;
	*st = c->st;
	return 0;
}

int
source_list(struct source *src, const char *path, struct strlist *out,
    char **cause)
{
	struct source_cache	*c;
	size_t			 i;
	int			 fresh, err;

	if ((c = cache_entry(src, 'l', path, &fresh, &err, cause)) == NULL)
		return err;
	if (fresh) {
		c->err = src->ops->list(src, path, &c->names, &c->cause);
		/* Sorted: reports must not depend on directory order. */
		if (c->err == 0 && c->names.n > 1)
			qsort(c->names.v, c->names.n, sizeof *c->names.v,
			    str_cmp);
	}
	if ((err = cache_result(c, path, cause)) != 0)
		return err;
	for (i = 0; i < c->names.n; i++)
		strlist_add(out, c->names.v[i]);
	return 0;
}

/* One GET /_ping per run: a daemon that is down fails every rule once. */
static int
api_ready(struct source *src, char **cause)
{
	if (src->offline) {
		*cause = xstrdup("the Docker API needs a running host");
		return SOURCE_OFFLINE;
	}
	if (src->api.state == 0)
		src->api.state = src->ops->api_connect(src, &src->api.cause) ==
		    0 ? 1 : -1;
	if (src->api.state < 0) {
		*cause = xstrdup(src->api.cause);
		return SOURCE_NOAPI;
	}
	return 0;
}

/* Record a finished request as the cache entry's document or error. */
static void
api_store(struct source_cache *c, struct docker_req *r)
{
	json_error_t	jerr;
	char		*words;

	if (r->cause != NULL) {
		c->err = r->status == 404 ? ENOENT : EIO;
		c->cause = r->cause;
		r->cause = NULL;
	} else if ((c->doc = json_loadb(buf_cstr(&r->body), r->body.len,
	    JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
		c->err = EIO;
		words = json_error_words(jerr.text);
		c->cause = xasprintf("GET %s: invalid JSON at %d:%d: %s",
		    r->path, jerr.line, jerr.column, words);
		free(words);
	}
	docker_req_clear(r);
}

int
source_api(struct source *src, const char *path, json_t **doc, char **cause)
{
	struct source_cache	*c;
	struct docker_req	 r;
	int			 fresh, err;

	if ((err = api_ready(src, cause)) != 0)
		return err;
	c = cache_entry(src, 'a', path, &fresh, &err, cause);
	if (fresh) {
		memset(&r, 0, sizeof r);
		r.path = path;
		src->ops->api_get(src, &r, 1);
		api_store(c, &r);
	}
	if ((err = cache_result(c, path, cause)) != 0)
		return err;
	*doc = c->doc;
	return 0;
}

struct shaping {
	struct source_cache	 *c;
	const struct source_shape *how;
	struct source		 *src;
	size_t			 *done;		/* answers of the batch so far */
	size_t			  total;
};

/* Parse an answer as soon as it arrives: the CPU works while the daemon does. */
static void
api_done(struct docker_req *r, void *arg)
{
	struct shaping	*sh = arg;
	json_t		*kept;

	if (sh->src->progress != NULL)
		sh->src->progress(++*sh->done, sh->total, sh->src->progress_arg);
	if (sh->how != NULL && sh->how->parse != NULL && r->cause == NULL &&
	    (kept = sh->how->parse(buf_cstr(&r->body), r->body.len,
	    sh->c->key + 2, sh->how->arg)) != NULL) {
		sh->c->doc = kept;
		docker_req_clear(r);
		return;
	}
	api_store(sh->c, r);
	if (sh->how != NULL && sh->c->doc != NULL) {
		kept = sh->how->shape(sh->c->doc, sh->c->key + 2, sh->how->arg);
		json_decref(sh->c->doc);
		sh->c->doc = kept;
	}
}

void
source_api_prefetch(struct source *src, const char *const *paths, size_t n)
{
	source_api_prefetch_shaped(src, paths, n, NULL);
}

void
source_api_prefetch_shaped(struct source *src, const char *const *paths,
    size_t n, const struct source_shape *how)
{
	struct shaping		 *shapes;
	struct docker_req	 *reqs;
	char			 *cause = NULL;
	size_t			  i, m = 0, done = 0;
	int			  fresh, err;

	if (api_ready(src, &cause) != 0) {
		free(cause);
		return;
	}
	shapes = xcalloc(n, sizeof *shapes);
	reqs = xcalloc(n, sizeof *reqs);
	for (i = 0; i < n; i++) {
		struct source_cache *c = cache_entry(src, 'a', paths[i], &fresh,
		    &err, &cause);

		if (fresh) {
			shapes[m].c = c;
			shapes[m].how = how;
			shapes[m].src = src;
			shapes[m].done = &done;
			reqs[m].done = api_done;
			reqs[m].arg = &shapes[m];
			reqs[m++].path = paths[i];
		}
	}
	for (i = 0; i < m; i++)
		shapes[i].total = m;
	if (m > 0)
		src->ops->api_get(src, reqs, m);
	if (m > 0 && src->progress != NULL)
		src->progress(0, 0, src->progress_arg);	/* batch over */
	free(shapes);
	free(reqs);
}

void
source_api_forget(struct source *src)
{
	struct source_cache	*c;

	for (c = src->cache; c != NULL; c = c->next) {
		if (c->doc != NULL && c->key[0] == 'a') {
			json_decref(c->doc);
			c->doc = NULL;
			c->err = EIO;
			free(c->cause);
			c->cause = xstrdup("released after the evaluation");
		}
	}
}

int
source_procs(struct source *src, const struct proc_info **procs, size_t *n,
    char **cause)
{
	if (src->offline) {
		*cause = xstrdup("the process list needs a running host");
		return SOURCE_OFFLINE;
	}
	if (!src->procs_done) {
		src->procs_done = 1;
		src->procs_err = src->ops->procs(src, &src->procs,
		    &src->nprocs, &src->procs_cause);
	}
	if (src->procs_err != 0) {
		*cause = xstrdup(src->procs_cause);
		return src->procs_err;
	}
	*procs = src->procs;
	*n = src->nprocs;
	return 0;
}

int
source_audit_rules(struct source *src, struct strlist *out, char **cause)
{
	if (src->offline) {
		*cause = xstrdup("live audit rules: offline (not a running "
		    "host)");
		return SOURCE_OFFLINE;
	}
	return src->ops->audit_rules(src, out, cause);
}

void
proc_info_free(struct proc_info *p, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(p[i].exe);
		free(p[i].container);
		strlist_free(&p[i].argv);
	}
	free(p);
}

void
source_free(struct source *src)
{
	struct source_cache	*c, *next;

	if (src == NULL)
		return;
	for (c = src->cache; c != NULL; c = next) {
		next = c->next;
		free(c->key);
		free(c->cause);
		buf_free(&c->data);
		strlist_free(&c->names);
		json_decref(c->doc);
		free(c);
	}
	if (!src->procs_borrowed)
		proc_info_free(src->procs, src->nprocs);
	free(src->api.endpoint);
	free(src->api.cause);
	free(src->api.api_version);
	free(src->procs_cause);
	src->ops->free(src);
	free(src->root);
	free(src);
}

char *
source_env(struct source *src, const char *name)
{
	if (src->offline || src->ops->env == NULL)
		return NULL;
	return src->ops->env(src, name);
}

void
source_share_procs(struct source *dst, struct source *from)
{
	if (dst->procs_done || !from->procs_done || from->procs_err != 0 ||
	    from->offline != dst->offline)
		return;
	dst->procs = from->procs;
	dst->nprocs = from->nprocs;
	dst->procs_done = 1;
	dst->procs_borrowed = 1;
}

int
source_api_at(struct source *src, const char *endpoint)
{
	return src->ops->api_at(src, endpoint);
}

enum cause_kind
source_cause_kind(int err)
{
	switch (err) {
	case EACCES:
	case EPERM:
		return CAUSE_PERMISSION;
	case ENOENT:
	case ENOTDIR:
		return CAUSE_ABSENT;
	case SOURCE_OFFLINE:
		return CAUSE_OFFLINE;
	case SOURCE_NOAPI:
		return CAUSE_DAEMON;
	default:
		return CAUSE_UNREADABLE;
	}
}
