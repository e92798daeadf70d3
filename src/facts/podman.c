/*
 * Podman's effective configuration (podman.h), read once per engine
 * through the source: TOML files with lib/toml.c, policy.json as JSON.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "facts/engines.h"
#include "facts/podman.h"
#include "lib/json.h"
#include "lib/toml.h"
#include "lib/util.h"

#define PODMAN_NAME(e, name) name,
static const char *const podman_names[] = { PODMAN_FILES(PODMAN_NAME) };
#undef PODMAN_NAME

int
podman_file_find(const char *name)
{
	size_t	i;

	for (i = 0; i < PODMAN_FILE_COUNT; i++) {
		if (strcmp(podman_names[i], name) == 0)
			return (int)i;
	}
	return -1;
}

/* Objects merge key by key; anything else is replaced, but arrays of
 * tables (registries' [[registry]]) add up when add is set. */
static void
merge(json_t *dst, json_t *src, int add)
{
	const char	*k;
	json_t		*v, *d;

	json_object_foreach(src, k, v) {
		d = json_object_get(dst, k);
		if (json_is_object(d) && json_is_object(v))
			merge(d, v, add);
		else if (add && json_is_array(d) && json_is_array(v) &&
		    json_is_object(json_array_get(v, 0)))
			json_array_extend(d, v);
		else
			json_object_set(dst, k, v);
	}
}

/* One file into pd: 0 read (or absent: *found 0), -1 with pd->cause. */
static int
read_one(struct source *src, struct podman_doc *pd, const char *path,
    int toml, int add, int *found)
{
	const char	*data;
	char		*cause = NULL, *why = NULL;
	size_t		 len;
	json_error_t	 jerr;
	json_t		*doc;
	int		 err;

	*found = 0;
	if ((err = source_read(src, path, &data, &len, &cause)) == ENOENT) {
		free(cause);
		return 0;
	}
	if (err != 0) {
		pd->cause = cause_new(source_cause_kind(err), path, cause);
		free(cause);
		return -1;
	}
	*found = 1;
	if (toml)
		doc = toml_load(data, len, &why);
	else if ((doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr)) ==
	    NULL)
		why = xasprintf("%d:%d: invalid JSON: %s", jerr.line,
		    jerr.column, jerr.text);
	if (doc == NULL || !json_is_object(doc)) {
		pd->cause = cause_newf(CAUSE_UNREADABLE, path, "%s:%s", path,
		    why != NULL ? why : " not a JSON object");
		free(why);
		json_decref(doc);
		return -1;
	}
	strlist_add(&pd->files, path);
	if (pd->doc == NULL)
		pd->doc = doc;
	else {
		merge(pd->doc, doc, add);
		json_decref(doc);
	}
	return 0;
}

/* The DIR/NAME.conf files in name order. */
static int
read_dropins(struct source *src, struct podman_doc *pd, const char *dir,
    int add)
{
	struct strlist	 names;
	char		*cause = NULL, *path;
	size_t		 i, n;
	int		 found, rc = 0;

	memset(&names, 0, sizeof names);
	if (source_list(src, dir, &names, &cause) != 0) {
		free(cause);
		return 0;
	}
	strlist_sort(&names);
	for (i = 0; i < names.n && rc == 0; i++) {
		n = strlen(names.v[i]);
		if (n < 6 || strcmp(names.v[i] + n - 5, ".conf") != 0)
			continue;
		path = xasprintf("%s/%s", dir, names.v[i]);
		rc = read_one(src, pd, path, 1, add, &found);
		free(path);
	}
	strlist_free(&names);
	return rc;
}

static void
load_containers_conf(struct source *src, const struct engine *e,
    struct podman_doc *pd)
{
	char	*home = NULL, *d;
	int	 found;

	if (read_one(src, pd, "/usr/share/containers/containers.conf", 1, 0,
	    &found) == -1 || read_one(src, pd,
	    "/etc/containers/containers.conf", 1, 0, &found) == -1 ||
	    read_dropins(src, pd, "/etc/containers/containers.conf.d", 0) == -1)
		return;
	if (!e->rootless || e->home == NULL)
		return;
	home = xasprintf("%s/.config/containers/containers.conf", e->home);
	d = xasprintf("%s.d", home);
	if (read_one(src, pd, home, 1, 0, &found) == 0)
		read_dropins(src, pd, d, 0);
	free(home);
	free(d);
}

/* The first of the user's file (rootless) and the system's. */
static void
load_first(struct source *src, const struct engine *e, struct podman_doc *pd,
    const char *name, int toml, int dropins)
{
	static const char *const sys[] = { "/etc/containers",
	    "/usr/share/containers" };
	char	*path, *d;
	size_t	 i;
	int	 found = 0;

	if (e->rootless && e->home != NULL) {
		path = xasprintf("%s/.config/containers/%s", e->home, name);
		if (read_one(src, pd, path, toml, dropins, &found) == -1)
			found = -1;
		if (found == 1 && dropins) {
			d = xasprintf("%s.d", path);
			read_dropins(src, pd, d, 1);
			free(d);
		}
		free(path);
	}
	for (i = 0; found == 0 && i < nitems(sys); i++) {
		/* policy.json and registries.conf live in /etc only. */
		if (i == 1 && strcmp(name, "storage.conf") != 0)
			break;
		path = xasprintf("%s/%s", sys[i], name);
		if (read_one(src, pd, path, toml, dropins, &found) == 0 &&
		    found && dropins) {
			d = xasprintf("%s.d", path);
			read_dropins(src, pd, d, 1);
			free(d);
		}
		free(path);
	}
}

static struct podman_doc *
podman_doc(struct podman_conf *pc, struct source *src,
    const struct engine *e, enum podman_file which)
{
	struct podman_doc	*pd = &pc->docs[which];
	static const struct engine rootful = { ENGINE_PODMAN, NULL, NULL,
	    NULL, 0, 0, NULL, NULL, NULL };

	if (e == NULL)
		e = &rootful;
	if (pd->done)
		return pd;
	pd->done = 1;
	switch (which) {
	case PODMAN_CONTAINERS_CONF:
		load_containers_conf(src, e, pd);
		break;
	case PODMAN_STORAGE_CONF:
		load_first(src, e, pd, "storage.conf", 1, 0);
		break;
	case PODMAN_REGISTRIES_CONF:
		load_first(src, e, pd, "registries.conf", 1, 1);
		break;
	default:
		load_first(src, e, pd, "policy.json", 0, 0);
		break;
	}
	return pd;
}

int
podman_value(struct podman_conf *pc, struct source *src,
    const struct engine *e, enum podman_file which, const char *pointer,
    json_t **val, json_t *ev, struct cause **cause)
{
	struct podman_doc	*pd = podman_doc(pc, src, e, which);
	json_t			*files = json_array(), *v;
	size_t			 i;

	*val = NULL;
	for (i = 0; i < pd->files.n; i++)
		json_array_append_new(files, evidence_string(pd->files.v[i]));
	json_object_set_new(ev, "files", files);
	if (pd->cause != NULL) {
		*cause = cause_copy(pd->cause);
		return -1;
	}
	if (pd->doc != NULL && (v = json_pointer_get(pd->doc, pointer)) != NULL)
		*val = json_incref(v);
	return 0;
}

void
podman_conf_clear(struct podman_conf *pc)
{
	size_t	i;

	for (i = 0; i < PODMAN_FILE_COUNT; i++) {
		json_decref(pc->docs[i].doc);
		strlist_free(&pc->docs[i].files);
		cause_free(pc->docs[i].cause);
	}
	memset(pc, 0, sizeof *pc);
}
