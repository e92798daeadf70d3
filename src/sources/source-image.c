/*
 * Container image archives as the source of `dockaudit image`: the
 * Docker API answers that a daemon holding just these images would give
 * (GET /_ping, /version, /images/json, /images/{id}/json,
 * /images/{id}/history; /containers/json: none), made from each archive's
 * config, and each image's layer facts for the rules that read its files
 * (source_image_content). Every archive is read once, when the source is
 * made, and not kept: only its facts (image-archive.h). A host's files,
 * processes and audit rules are not there: SOURCE_OFFLINE.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sources/image-archive.h"
#include "sources/docker.h"
#include "sources/source.h"
#include "lib/json.h"
#include "lib/util.h"

#define NOT_A_HOST	"an image archive has no host"

struct archive_image {
	char			*path;		/* as given */
	char			*file;		/* its last component */
	struct image_facts	*f;
};

struct image_src {
	struct archive_image	*v;
	size_t			 n;
};

static int
image_offline(char **cause)
{
	*cause = xstrdup(NOT_A_HOST);
	return SOURCE_OFFLINE;
}

static int
image_stat(struct source *src, const char *path, int follow,
    struct source_stat *st, char **cause)
{
	(void)src;
	(void)path;
	(void)follow;
	(void)st;
	return image_offline(cause);
}

static int
image_read(struct source *src, const char *path, struct buf *b,
    char **cause)
{
	(void)src;
	(void)path;
	(void)b;
	return image_offline(cause);
}

static int
image_list(struct source *src, const char *path, struct strlist *l,
    char **cause)
{
	(void)src;
	(void)path;
	(void)l;
	return image_offline(cause);
}

static int
image_procs(struct source *src, struct proc_info **p, size_t *n,
    char **cause)
{
	(void)src;
	*p = NULL;
	*n = 0;
	return image_offline(cause);
}

static int
image_audit_rules(struct source *src, struct strlist *l, char **cause)
{
	(void)src;
	(void)l;
	return image_offline(cause);
}

static char *
image_env(struct source *src, const char *name)
{
	(void)src;
	(void)name;
	return NULL;
}

static int
image_api_at(struct source *src, const char *endpoint)
{
	(void)src;
	(void)endpoint;
	return 1;
}

static int
image_api_connect(struct source *src, char **cause)
{
	(void)cause;
	src->api.api_version = xstrdup("archive");
	return 0;
}

/* The image an API path names by its id (with or without "sha256:"). */
static const struct archive_image *
image_by_id(const struct image_src *s, const char *id, size_t len)
{
	const char	*d;
	size_t		 i;

	for (i = 0; i < s->n; i++) {
		d = s->v[i].f->config_digest;
		if ((strlen(d) == len && strncmp(d, id, len) == 0) ||
		    (strlen(d) == len + 7 && strncmp(d + 7, id, len) == 0))
			return &s->v[i];
	}
	return NULL;
}

static json_t *
tags_json(const struct image_facts *f)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < f->tags.n; i++)
		json_array_append_new(a, json_string(f->tags.v[i]));
	return a;
}

static long long
image_size(const struct image_facts *f)
{
	long long	n = 0;
	size_t		i;

	for (i = 0; i < f->nlayers; i++)
		n += (long long)f->layers[i].size;
	return n;
}

/* What GET /images/json lists of an image, and the archive it is in. */
static json_t *
image_summary(const struct archive_image *im)
{
	return json_pack("{s:s,s:o,s:o,s:I,s:s}", "Id", im->f->config_digest,
	    "RepoTags", tags_json(im->f), "RepoDigests", json_array(),
	    "Size", (json_int_t)image_size(im->f), "Archive", im->file);
}

/* The inspect document: the config's own members, as Docker shows them. */
static json_t *
image_inspect(const struct archive_image *im)
{
	const struct image_facts *f = im->f;
	json_t		*c = f->config, *layers = json_array(), *doc;
	size_t		 i;

	for (i = 0; i < f->nlayers; i++)
		json_array_append_new(layers, json_string(f->layers[i].diff_id));
	doc = json_pack("{s:s,s:o,s:o,s:o?,s:o?,s:o?,s:o,s:I,s:{s:s,s:o},"
	    "s:{s:s,s:s,s:s}}",
	    "Id", f->config_digest, "RepoTags", tags_json(f),
	    "RepoDigests", json_array(),
	    "Created", json_deep_copy(json_object_get(c, "created")),
	    "Architecture", json_deep_copy(json_object_get(c, "architecture")),
	    "Os", json_deep_copy(json_object_get(c, "os")),
	    "Config", json_object_get(c, "config") != NULL ?
	    json_deep_copy(json_object_get(c, "config")) : json_object(),
	    "Size", (json_int_t)image_size(f),
	    "RootFS", "Type", "layers", "Layers", layers,
	    "Archive", "Path", im->path, "File", im->file, "Format",
	    f->format);
	if (doc == NULL)
		fatal("image inspect: cannot build the document");
	for (i = 0; i < 3; i++) {
		static const char *const opt[] = { "Created", "Architecture",
		    "Os" };

		if (json_is_null(json_object_get(doc, opt[i])))
			json_object_del(doc, opt[i]);
	}
	return doc;
}

/* GET /images/{id}/history: newest first, each step with its layer's
 * size (0 for an empty layer), as Docker lists them. */
static json_t *
image_history_json(const struct archive_image *im)
{
	const struct image_facts *f = im->f;
	json_t		*a = json_array();
	size_t		 i;

	for (i = f->nhistory; i-- > 0;) {
		const struct image_history *h = &f->history[i];
		unsigned	l = h->layer;

		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s,s:I}",
		    "Id", i + 1 == f->nhistory ? f->config_digest : "<missing>",
		    "Created", h->created != NULL ? h->created : "",
		    "CreatedBy", h->created_by != NULL ? h->created_by : "",
		    "Comment", h->comment != NULL ? h->comment : "",
		    "Size", (json_int_t)(l > 0 && l <= f->nlayers ?
		    f->layers[l - 1].size : 0)));
	}
	return a;
}

/* The document a path names, or NULL: 404. */
static json_t *
image_answer(const struct image_src *s, const char *path)
{
	const struct archive_image *im;
	const char	*id, *end;
	json_t		*a;
	size_t		 i, len;

	if (strcmp(path, "/_ping") == 0)
		return json_string("OK");
	if (strcmp(path, "/version") == 0)
		return json_pack("{s:s,s:s}", "Version", "image archive",
		    "ApiVersion", "archive");
	if (strncmp(path, "/containers/json", 16) == 0)
		return json_array();
	if (strncmp(path, "/images/json", 12) == 0) {
		a = json_array();
		for (i = 0; i < s->n; i++)
			json_array_append_new(a, image_summary(&s->v[i]));
		return a;
	}
	if (strncmp(path, "/images/", 8) != 0)
		return NULL;
	id = path + 8;
	end = strchr(id, '/');
	if (end == NULL)
		return NULL;
	len = (size_t)(end - id);
	if ((im = image_by_id(s, id, len)) == NULL)
		return NULL;
	if (strcmp(end, "/json") == 0)
		return image_inspect(im);
	if (strcmp(end, "/history") == 0)
		return image_history_json(im);
	return NULL;
}

static void
image_api_get(struct source *src, struct docker_req *reqs, size_t n)
{
	const struct image_src	*s = src->priv;
	json_t			*doc;
	char			*text, *q, *path;
	size_t			 i;

	for (i = 0; i < n; i++) {
		struct docker_req *r = &reqs[i];

		path = xstrdup(r->path);
		if ((q = strchr(path, '?')) != NULL)
			*q = '\0';
		buf_init(&r->body, SOURCE_FILE_MAX);
		if ((doc = image_answer(s, path)) == NULL) {
			r->status = 404;
			r->cause = xasprintf("GET %s: HTTP 404: an image archive "
			    "does not answer this", path);
		} else {
			r->status = 200;
			text = json_dumps(doc, JSON_COMPACT | JSON_ENCODE_ANY);
			buf_append(&r->body, text, strlen(text));
			free(text);
			json_decref(doc);
		}
		free(path);
		if (r->done != NULL)
			r->done(r, r->arg);
	}
}

static void
image_free(struct source *src)
{
	struct image_src	*s = src->priv;
	size_t			 i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].path);
		free(s->v[i].file);
		image_facts_free(s->v[i].f);
	}
	free(s->v);
	free(s);
}

static int
image_content(struct source *src, const char *id, const char *name,
    const struct image_facts **f, char **cause)
{
	const struct image_src		*s = src->priv;
	const struct archive_image	*im;

	(void)name;	/* read when the source was made */
	if (id == NULL)
		return 0;	/* it can */
	if ((im = image_by_id(s, id, strlen(id))) == NULL) {
		*cause = xasprintf("image %s: not in the archives", id);
		return ENOENT;
	}
	*f = im->f;
	return 0;
}

static const struct source_ops source_image_ops = {
	.name = "image",
	.stat = image_stat,
	.read = image_read,
	.list = image_list,
	.procs = image_procs,
	.audit_rules = image_audit_rules,
	.env = image_env,
	.api_at = image_api_at,
	.api_connect = image_api_connect,
	.api_get = image_api_get,
	.image_content = image_content,
	.free = image_free,
};

/* The archive's last path component ("app.tar", "oci-dir"), sanitised. */
static char *
file_name(const char *path)
{
	size_t		 len = strlen(path);
	const char	*p;

	while (len > 1 && path[len - 1] == '/')
		len--;
	for (p = path + len; p > path && p[-1] != '/'; p--)
		;
	return text_sanitize(p, len - (size_t)(p - path), 256);
}

struct source *
source_image_new(const struct strlist *archives,
    const struct image_limits *limits, void (*note)(const char *, void *),
    void *note_arg, char **cause)
{
	struct image_src	*s = xcalloc(1, sizeof *s);
	struct source		*src;
	struct image_facts	*f;
	char			*why = NULL;
	size_t			 i, k, t;

	for (i = 0; i < archives->n; i++) {
		if (note != NULL) {
			why = xasprintf("reading %s (archive %zu of %zu)",
			    archives->v[i], i + 1, archives->n);
			note(why, note_arg);
			free(why);
			why = NULL;
		}
		f = image_archive_read(archives->v[i], limits, &why);
		if (note != NULL)
			note(NULL, note_arg);
		if (f == NULL) {
			*cause = xasprintf("%s: %s", archives->v[i], why);
			free(why);
			src = xcalloc(1, sizeof *src);
			src->priv = s;
			image_free(src);
			free(src);
			return NULL;
		}
		/* The same image twice (two archives of it): its names once. */
		for (k = 0; k < s->n; k++) {
			if (strcmp(s->v[k].f->config_digest,
			    f->config_digest) == 0)
				break;
		}
		if (k < s->n) {
			for (t = 0; t < f->tags.n; t++) {
				if (!strlist_has(&s->v[k].f->tags, f->tags.v[t]))
					strlist_add(&s->v[k].f->tags,
					    f->tags.v[t]);
			}
			image_facts_free(f);
			continue;
		}
		s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
		s->v[s->n].path = xstrdup(archives->v[i]);
		s->v[s->n].file = file_name(archives->v[i]);
		s->v[s->n++].f = f;
	}
	src = xcalloc(1, sizeof *src);
	src->ops = &source_image_ops;
	src->priv = s;
	src->root = xstrdup("/");
	src->api.endpoint = xstrdup("image archives");
	return src;
}

int
source_image_content(struct source *src, const char *id, const char *name,
    const struct image_facts **f, char **cause)
{
	if (src->ops->image_content == NULL) {
		*cause = xstrdup("the image's layers are not read on a host "
		    "(dockaudit image reads them from its archive)");
		return ENOTSUP;
	}
	return src->ops->image_content(src, id, name, f, cause);
}

json_t *
source_image_list(struct source *src)
{
	const struct image_src	*s = src->priv;
	json_t			*a = json_array(), *layers;
	size_t			 i, k;

	for (i = 0; src->ops == &source_image_ops && i < s->n; i++) {
		const struct image_facts *f = s->v[i].f;

		layers = json_array();
		for (k = 0; k < f->nlayers; k++)
			json_array_append_new(layers, json_pack("{s:s,s:s,s:I}",
			    "digest", f->layers[k].digest, "diff_id",
			    f->layers[k].diff_id, "size",
			    (json_int_t)f->layers[k].size));
		json_array_append_new(a, json_pack("{s:s,s:o,s:o,s:s,s:o}",
		    "id", f->config_digest, "tags", tags_json(f), "archive",
		    evidence_string(s->v[i].path), "format", f->format,
		    "layers", layers));
	}
	return a;
}

const char *
source_image_name(struct source *src)
{
	const struct image_src	*s = src->priv;

	if (src->ops != &source_image_ops || s->n == 0)
		return NULL;
	return s->v[0].f->tags.n > 0 ? s->v[0].f->tags.v[0] : s->v[0].file;
}
