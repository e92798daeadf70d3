/*
 * Containers and images of the audited daemon: one GET /containers/json
 * (running containers only, as the CIS rules ask) and one inspect per
 * container, all at once over the client's bounded connections. A
 * container that stops between the list and its inspect (404) is left
 * out with a note, not reported as an error; dockaudit's own container
 * is left out too when it runs in one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "facts/containers.h"
#include "lib/json.h"
#include "lib/util.h"

void
dobjects_clear(struct dobjects *d)
{
	size_t	i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].id);
		free(d->v[i].name);
		free(d->v[i].image);
		free(d->v[i].cause);
		json_decref(d->v[i].labels);
	}
	free(d->v);
	free(d->cause);
	json_decref(d->left_out);
	free(d->unmatched);
	memset(d, 0, sizeof *d);
}

static void
left_out(struct dobjects *d, const char *id, const char *name,
    const char *reason)
{
	if (d->left_out == NULL)
		d->left_out = json_array();
	json_array_append_new(d->left_out, json_pack("{s:o,s:o,s:o}", "id",
	    evidence_string(id), "name", evidence_string(name), "reason",
	    evidence_string(reason)));
}

/* The 64-hex id of the container dockaudit itself runs in, or NULL. */
static char *
own_container(struct container_db *f)
{
	const char	*data, *p;
	char		*cause = NULL;
	size_t		 len, n;

	if (source_read(f->src, "/proc/self/cgroup", &data, &len, &cause) !=
	    0) {
		free(cause);
		return NULL;
	}
	for (p = data; (p = strstr(p, "docker")) != NULL; p++) {
		p += strcspn(p, "/-");
		if (*p == '\0')
			break;
		p++;
		n = strspn(p, "0123456789abcdef");
		if (n == 64)
			return xstrndup(p, 64);
	}
	return NULL;
}

static int
label_matches(json_t *labels, const char *want)
{
	const char	*eq = strchr(want, '='), *have;
	char		*key;
	int		 ok;

	key = eq != NULL ? xstrndup(want, (size_t)(eq - want)) : xstrdup(want);
	have = json_string_value(json_object_get(labels, key));
	ok = have != NULL && (eq == NULL || strcmp(have, eq + 1) == 0);
	free(key);
	return ok;
}

static int
named(const struct strlist *l, const char *id, const char *name)
{
	size_t	i, n;

	for (i = 0; i < l->n; i++) {
		n = strlen(l->v[i]);
		if (strcmp(l->v[i], name) == 0 ||
		    (n >= 4 && strncmp(l->v[i], id, n) == 0))
			return 1;
	}
	return 0;
}

/* Mark the names of l that name this container. */
static void
mark_named(const struct strlist *l, const char *id, const char *name,
    unsigned char *hit)
{
	struct strlist	one;
	size_t		i;

	for (i = 0; i < l->n; i++) {
		one.v = &l->v[i];
		one.n = 1;
		hit[i] |= named(&one, id, name);
	}
}

/*
 * A filter that names a container no running one is, or labels none has,
 * is a typo to report, not an audit of nothing: the first such, in words.
 */
static char *
unmatched_words(const struct container_filter *cf, const unsigned char *inc,
    const unsigned char *exc, size_t nselected, const struct strlist *names)
{
	char	*what = NULL, *running, *s;
	size_t	 i;

	for (i = 0; i < cf->include.n && what == NULL; i++) {
		if (!inc[i])
			what = xasprintf("--container %s matches no running "
			    "container", cf->include.v[i]);
	}
	for (i = 0; i < cf->exclude.n && what == NULL; i++) {
		if (!exc[i])
			what = xasprintf("--exclude-container %s matches no "
			    "running container", cf->exclude.v[i]);
	}
	if (what == NULL && cf->labels.n > 0 && nselected == 0)
		what = xasprintf("--label %s%s: no running container has %s",
		    cf->labels.v[0], cf->labels.n > 1 ? " (and the other "
		    "--label)" : "", cf->labels.n > 1 ? "them all" :
		    "that label");
	if (what == NULL)
		return NULL;
	running = xstrdup("");
	for (i = 0; i < names->n && i < 5; i++) {
		s = xasprintf("%s%s%s", running, i > 0 ? ", " : "",
		    names->v[i]);
		free(running);
		running = s;
	}
	s = names->n == 0 ? xasprintf("%s (none is running)", what) :
	    xasprintf("%s (running: %s%s)", what, running, names->n > 5 ?
	    ", ..." : "");
	free(running);
	free(what);
	return s;
}

static int
selected(const struct container_filter *cf, const char *id, const char *name,
    json_t *labels)
{
	size_t	i;

	if (cf == NULL)
		return 1;
	if (cf->include.n > 0 && !named(&cf->include, id, name))
		return 0;
	if (named(&cf->exclude, id, name))
		return 0;
	for (i = 0; i < cf->labels.n; i++) {
		if (!label_matches(labels, cf->labels.v[i]))
			return 0;
	}
	return 1;
}

/*
 * Keep of a container's inspect only what the selected rules read (jansson
 * needs about seven times a document's size: a hundred whole inspects are
 * megabytes, most of them HostConfig keys no rule reads).
 */
/* What this file and probe-docker-inventory.c read of the lists. */
static const char *const list_read[] = { "/Id", "/Names", "/Image",
    "/Labels", "/State", "/ImageID", NULL };

/* /containers/ID/json, not the list /containers/json. */
static int
is_inspect(const char *path)
{
	const char	*slash;

	if (strncmp(path, "/containers/", 12) != 0)
		return 0;
	slash = strchr(path + 12, '/');
	return slash != NULL && slash != path + 12 &&
	    strcmp(slash, "/json") == 0;
}

static int
is_cut_list(const struct container_db *f, const char *path)
{
	return (strcmp(path, "/containers/json") == 0 ||
	    strcmp(path, "/containers/json?all=1") == 0) &&
	    !strlist_has(&f->api_whole, path);
}

static json_t *
keep_read_parts(json_t *doc, const char *path, void *arg)
{
	const struct container_db	*f = arg;

	if (is_inspect(path) && f->container_keep.n > 0)
		return json_keep_parts(doc, &f->container_keep);
	if (is_cut_list(f, path))
		return json_keep_list_parts(doc, &f->list_keep);
	return json_incref(doc);
}

/* The same, without building the rest (NULL: jansson parses it all). */
static json_t *
keep_read_text(const char *text, size_t len, const char *path, void *arg)
{
	const struct container_db	*f = arg;

	if (is_inspect(path) && f->container_keep.n > 0)
		return json_keep_parse(f->container_keep_tree, text, len);
	if (is_cut_list(f, path))
		return json_keep_parse_list(f->list_keep_tree, text, len);
	return NULL;
}

/* How answers are cut as they arrive (see keep_read_parts()). */
static struct source_shape
shaping(struct container_db *f)
{
	struct source_shape	how = { keep_read_parts, keep_read_text, f };
	size_t			i;

	if (f->container_keep.n > 0 && f->container_keep_tree == NULL)
		f->container_keep_tree = json_keep_new(&f->container_keep);
	if (f->list_keep_tree == NULL) {
		for (i = 0; list_read[i] != NULL; i++)
			strlist_add(&f->list_keep, list_read[i]);
		f->list_keep_tree = json_keep_new(&f->list_keep);
	}
	return how;
}

/* Inspect every listed object at once; 404s are left out. */
static void
inspect_all(struct container_db *f, struct dobjects *d, const char *fmt,
    const char *what, const struct strlist *extra)
{
	struct source_shape	  how = shaping(f);
	char			**paths;
	size_t			  i, keep = 0;

	/* The other documents the plan needs ride in the same batch. */
	paths = xcalloc(d->n + extra->n + 1, sizeof *paths);
	for (i = 0; i < d->n; i++)
		paths[i] = xasprintf(fmt, d->v[i].id);
	for (i = 0; i < extra->n; i++)
		paths[d->n + i] = extra->v[i];
	source_api_prefetch_shaped(f->src, (const char *const *)paths, d->n +
	    extra->n, &how);
	for (i = 0; i < d->n; i++) {
		struct dobject *o = &d->v[i];

		o->err = source_api(f->src, paths[i], &o->inspect, &o->cause);
		free(paths[i]);
		if (o->err == ENOENT) {
			left_out(d, o->id, o->name, what);
			free(o->id);
			free(o->name);
			free(o->image);
			free(o->cause);
			json_decref(o->labels);
			continue;
		}
		d->v[keep++] = *o;
	}
	d->n = keep;
	free(paths);
}

/*
 * The running containers from the list of all, when the plan reads that
 * one anyway: the daemon lists as running those whose State is running,
 * paused or restarting. One list instead of two (each costs the daemon
 * about as much as ten inspects). NULL: ask for /containers/json.
 */
/*
 * The first batch: the list, with the image list when the image inspects
 * ride with the containers', and every other document the plan reads
 * (/info and the like): a slow one (a rootless Podman's /info) then
 * overlaps the list and the inspects rather than holding up their batch.
 */
static void
first_batch(struct container_db *f, const char *list,
    const struct source_shape *how)
{
	const char	**paths;
	size_t		  i, n = 0;

	paths = xcalloc(f->api_extra.n + 2, sizeof *paths);
	paths[n++] = list;
	if (f->images_early)
		paths[n++] = "/images/json";
	for (i = 0; i < f->api_extra.n; i++) {
		if (strcmp(f->api_extra.v[i], list) != 0)
			paths[n++] = f->api_extra.v[i];
	}
	source_api_prefetch_shaped(f->src, paths, n, how);
	free(paths);
}

static json_t *
running_of_all(struct container_db *f, const struct source_shape *how)
{
	static const char *const	 all[] = { "/containers/json?all=1" };
	json_t				*list, *out, *c;
	const char			*state;
	char				*cause = NULL;
	size_t				 i;

	if (!strlist_has(&f->api_extra, all[0]) ||
	    strlist_has(&f->api_whole, "/containers/json"))
		return NULL;
	first_batch(f, all[0], how);
	if (source_api(f->src, all[0], &list, &cause) != 0 ||
	    !json_is_array(list)) {
		free(cause);
		return NULL;
	}
	out = json_array();
	json_array_foreach(list, i, c) {
		if ((state = json_string_value(json_object_get(c, "State"))) ==
		    NULL) {
			json_decref(out);
			return NULL;	/* an old daemon: ask for the list */
		}
		if (strcmp(state, "running") == 0 ||
		    strcmp(state, "paused") == 0 ||
		    strcmp(state, "restarting") == 0)
			json_array_append(out, c);
	}
	return out;
}

/* The other documents of the containers' batch: the plan's, and (images
 * wanted too) each image's inspect and history from the list in hand. */
static void
early_images(struct container_db *f, struct strlist *extra)
{
	json_t		*list, *im;
	const char	*id;
	char		*cause = NULL;
	size_t		 i;

	for (i = 0; i < f->api_extra.n; i++)
		strlist_add(extra, f->api_extra.v[i]);
	if (!f->images_early || source_api(f->src, "/images/json", &list,
	    &cause) != 0) {
		free(cause);
		return;
	}
	json_array_foreach(list, i, im) {
		if ((id = json_string_value(json_object_get(im, "Id"))) == NULL)
			continue;
		strlist_add_nocopy(extra, xasprintf("/images/%s/json", id));
		if (f->image_history)
			strlist_add_nocopy(extra, xasprintf(
			    "/images/%s/history", id));
	}
}

const struct dobjects *
containers_get(struct container_db *f)
{
	static const char *const	 path[] = { "/containers/json" };
	struct dobjects			*d = &f->containers;
	struct source_shape		 how = shaping(f);
	json_t				*list, *c;
	char				*self;
	unsigned char			*inc = NULL, *exc = NULL;
	struct strlist			 names = { NULL, 0 };
	struct strlist			 extra = { NULL, 0 };
	size_t				 i;

	if (d->done)
		return d;
	d->done = 1;
	if ((list = running_of_all(f, &how)) == NULL) {
		first_batch(f, path[0], &how);
		if ((d->err = source_api(f->src, "/containers/json", &list,
		    &d->cause)) != 0)
			return d;
		json_incref(list);
	}
	if (!json_is_array(list)) {
		d->err = EIO;
		d->cause = xstrdup("GET /containers/json: not a JSON array");
		json_decref(list);
		return d;
	}
	self = own_container(f);
	if (f->filter != NULL) {
		inc = xcalloc(f->filter->include.n + 1, 1);
		exc = xcalloc(f->filter->exclude.n + 1, 1);
	}
	json_array_foreach(list, i, c) {
		const char *id = json_string_value(json_object_get(c, "Id"));
		const char *name = json_string_value(json_array_get(
		    json_object_get(c, "Names"), 0));
		const char *image = json_string_value(json_object_get(c,
		    "Image"));

		if (id == NULL)
			continue;
		if (name == NULL)
			name = id;
		if (*name == '/')
			name++;
		if (self != NULL && strcmp(self, id) == 0) {
			left_out(d, id, name, "dockaudit's own container");
			continue;
		}
		if (f->filter != NULL) {
			mark_named(&f->filter->include, id, name, inc);
			mark_named(&f->filter->exclude, id, name, exc);
			strlist_add(&names, name);
		}
		if (!selected(f->filter, id, name, json_object_get(c,
		    "Labels")))
			continue;
		d->v = xreallocarray(d->v, d->n + 1, sizeof *d->v);
		memset(&d->v[d->n], 0, sizeof *d->v);
		d->v[d->n].id = xstrdup(id);
		d->v[d->n].name = xstrdup(name);
		d->v[d->n].image = xstrdup(image != NULL ? image : "");
		if (json_is_object(json_object_get(c, "Labels")))
			d->v[d->n].labels = json_deep_copy(json_object_get(c,
			    "Labels"));
		d->n++;
	}
	free(self);
	json_decref(list);
	if (f->filter != NULL)
		d->unmatched = unmatched_words(f->filter, inc, exc, d->n,
		    &names);
	strlist_free(&names);
	free(inc);
	free(exc);
	early_images(f, &extra);
	inspect_all(f, d, "/containers/%s/json", "stopped or removed between "
	    "the list and its inspect", &extra);
	strlist_free(&extra);
	return d;
}

const struct dobjects *
images_get(struct container_db *f)
{
	struct dobjects	*d = &f->images;
	struct strlist	 history = { NULL, 0 };
	json_t		*list, *im;
	size_t		 i;

	if (d->done)
		return d;
	d->done = 1;
	if ((d->err = source_api(f->src, "/images/json", &list, &d->cause))
	    != 0)
		return d;
	json_array_foreach(list, i, im) {
		const char *id = json_string_value(json_object_get(im, "Id"));
		const char *tag = json_string_value(json_array_get(
		    json_object_get(im, "RepoTags"), 0));

		if (id == NULL)
			continue;
		d->v = xreallocarray(d->v, d->n + 1, sizeof *d->v);
		memset(&d->v[d->n], 0, sizeof *d->v);
		d->v[d->n].id = xstrdup(id);
		/* An untagged image of an archive (dockaudit image) goes by
		 * the archive's name. */
		if (tag == NULL)
			tag = json_string_value(json_object_get(im, "Archive"));
		d->v[d->n].name = xstrdup(tag != NULL ? tag : id);
		d->n++;
	}
	/* Histories (rules 4.7, 4.9) in the same batch as the inspects. */
	for (i = 0; f->image_history && i < d->n; i++)
		strlist_add_nocopy(&history, xasprintf("/images/%s/history",
		    d->v[i].id));
	inspect_all(f, d, "/images/%s/json", "removed between the list and "
	    "its inspect", &history);
	strlist_free(&history);
	return d;
}

void
container_db_clear(struct container_db *f)
{
	strlist_free(&f->api_extra);
	strlist_free(&f->container_keep);
	json_keep_free(f->container_keep_tree);
	strlist_free(&f->list_keep);
	json_keep_free(f->list_keep_tree);
	strlist_free(&f->api_whole);
	dobjects_clear(&f->containers);
	dobjects_clear(&f->images);
}
