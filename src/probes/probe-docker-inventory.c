/*
 * docker-inventory: facts about the daemon's objects taken together, each
 * from as few API calls as the fact needs: the engine's version and age
 * (1.2.2), images no container uses (6.1), stopped containers (6.2),
 * overlay networks without encryption (7.3) and swarm secrets (7.4).
 * Lists hold names, never contents.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "facts/engines.h"
#include "probes/probe.h"
#include "lib/util.h"

static const char *const probe_docker_inventory_attrs[] = { "fact", NULL };

/*
 * Stopped containers too: an image one of them uses is still in use. Of
 * each container of this list only what facts/containers.c's list_read[] names
 * is kept: a field read here must be named there.
 */
#define ALL_CONTAINERS	"/containers/json?all=1"

typedef json_t *(*inventory_fn)(struct probe_ctx *, json_t *ev, int *err,
    char **);

struct inventory_fact {
	const char	*name;
	const char	*help;
	inventory_fn	 fn;
};

/* A document; NULL with *cause (prefixed with the source's error). */
static json_t *
doc(struct probe_ctx *ctx, const char *path, int *err, char **cause)
{
	json_t	*d;

	if ((*err = source_api(ctx->src, path, &d, cause)) != 0)
		return NULL;
	return d;
}

static json_t *
array_doc(struct probe_ctx *ctx, const char *path, int *err, char **cause)
{
	json_t	*d;

	if ((d = doc(ctx, path, err, cause)) == NULL)
		return NULL;
	if (!json_is_array(d)) {
		*err = EIO;
		*cause = xasprintf("GET %s: not a JSON array", path);
		return NULL;
	}
	return d;
}

static const char *
short_id(const char *id)
{
	const char	*c = strchr(id, ':');

	return c != NULL ? c + 1 : id;
}

static json_t *
i_engine(struct probe_ctx *ctx, json_t *ev, int *err,
    char **cause)
{
	json_t		*v;
	const char	*version, *built;
	struct tm	 tm;
	time_t		 t;
	long		 days = -1;

	/* Podman's /version takes a second (rootless); its /info says the
	 * version, not the build date. */
	if (ctx->engine != NULL && engine_is_podman(ctx->engine->kind)) {
		if ((v = doc(ctx, "/info", err, cause)) == NULL)
			return NULL;
		version = json_string_value(json_object_get(v,
		    "ServerVersion"));
		built = NULL;
	} else if ((v = doc(ctx, "/version", err, cause)) == NULL)
		return NULL;
	else {
		version = json_string_value(json_object_get(v, "Version"));
		built = json_string_value(json_object_get(v, "BuildTime"));
	}
	json_object_set_new(ev, "version", evidence_string(version));
	json_object_set_new(ev, "api_version", evidence_string(
	    json_string_value(json_object_get(v, "ApiVersion"))));
	json_object_set_new(ev, "build_time", evidence_string(built));
	memset(&tm, 0, sizeof tm);
	if (built != NULL && strptime(built, "%Y-%m-%dT%H:%M:%S", &tm) !=
	    NULL && (t = timegm(&tm)) != (time_t)-1 && time(NULL) >= t)
		days = (long)((time(NULL) - t) / 86400);
	json_object_set_new(ev, "age_days", days >= 0 ? json_integer(days) :
	    json_null());
	if (version == NULL)
		return NULL;
	if (days < 0)
		return json_sprintf("%s (build date unknown)", version);
	return json_sprintf("%s, built %.10s, %ld days ago", version, built,
	    days);
}

static json_t *
i_images_unused(struct probe_ctx *ctx, json_t *ev, int *err,
    char **cause)
{
	json_t		*images, *all, *used, *out, *o;
	const char	*id, *tag;
	size_t		 i;

	if ((images = array_doc(ctx, "/images/json", err, cause)) == NULL ||
	    (all = array_doc(ctx, ALL_CONTAINERS, err, cause)) == NULL)
		return NULL;
	used = json_object();
	json_array_foreach(all, i, o) {
		if ((id = json_string_value(json_object_get(o, "ImageID")))
		    != NULL)
			json_object_set_new(used, id, json_true());
	}
	out = json_array();
	json_array_foreach(images, i, o) {
		id = json_string_value(json_object_get(o, "Id"));
		if (id == NULL || json_object_get(used, id) != NULL)
			continue;
		tag = json_string_value(json_array_get(json_object_get(o,
		    "RepoTags"), 0));
		json_array_append_new(out, evidence_string(tag != NULL &&
		    strcmp(tag, "<none>:<none>") != 0 ? tag : short_id(id)));
	}
	json_object_set_new(ev, "images", json_integer(
	    (json_int_t)json_array_size(images)));
	json_object_set_new(ev, "images_in_use", json_integer(
	    (json_int_t)(json_array_size(images) - json_array_size(out))));
	json_object_set_new(ev, "containers", json_integer(
	    (json_int_t)json_array_size(all)));
	json_decref(used);
	return out;
}

static json_t *
i_containers_stopped(struct probe_ctx *ctx, json_t *ev, int *err,
    char **cause)
{
	json_t		*all, *out, *o;
	const char	*state, *name;
	size_t		 i, running = 0;

	if ((all = array_doc(ctx, ALL_CONTAINERS, err, cause)) == NULL)
		return NULL;
	out = json_array();
	json_array_foreach(all, i, o) {
		state = json_string_value(json_object_get(o, "State"));
		if (state != NULL && strcmp(state, "running") == 0) {
			running++;
			continue;
		}
		name = json_string_value(json_array_get(json_object_get(o,
		    "Names"), 0));
		if (name == NULL)
			name = json_string_value(json_object_get(o, "Id"));
		if (name != NULL && *name == '/')
			name++;
		json_array_append_new(out, evidence_string(name));
	}
	json_object_set_new(ev, "containers", json_integer(
	    (json_int_t)json_array_size(all)));
	json_object_set_new(ev, "running", json_integer((json_int_t)running));
	return out;
}

static json_t *
i_overlay_unencrypted(struct probe_ctx *ctx, json_t *ev, int *err,
    char **cause)
{
	json_t		*nets, *out, *o, *enc;
	const char	*driver, *name;
	size_t		 i, overlays = 0;

	if ((nets = array_doc(ctx, "/networks", err, cause)) == NULL)
		return NULL;
	out = json_array();
	json_array_foreach(nets, i, o) {
		driver = json_string_value(json_object_get(o, "Driver"));
		if (driver == NULL || strcmp(driver, "overlay") != 0)
			continue;
		overlays++;
		name = json_string_value(json_object_get(o, "Name"));
		enc = json_object_get(json_object_get(o, "Options"),
		    "encrypted");
		/* Docker sets "encrypted": "" for --opt encrypted. */
		if (enc == NULL || (json_is_string(enc) && strcmp(
		    json_string_value(enc), "false") == 0))
			json_array_append_new(out, evidence_string(name));
	}
	json_object_set_new(ev, "overlay_networks", json_integer(
	    (json_int_t)overlays));
	return out;
}

static json_t *
i_secrets(struct probe_ctx *ctx, json_t *ev, int *err,
    char **cause)
{
	json_t		*list, *out, *o;
	size_t		 i;

	if ((list = array_doc(ctx, "/secrets", err, cause)) == NULL)
		return NULL;
	out = json_array();
	json_array_foreach(list, i, o)
		json_array_append_new(out, evidence_string(json_string_value(
		    json_pointer_get(o, "/Spec/Name"))));
	json_object_set_new(ev, "secrets", json_integer(
	    (json_int_t)json_array_size(out)));
	return out;
}

static const struct inventory_fact inventory_facts[] = {
	{ "containers-stopped", "names of the containers that are not "
	    "running", i_containers_stopped },
	{ "engine", "the engine's version, build date and age",
	    i_engine },
	{ "images-unused", "images that no container (running or not) "
	    "uses", i_images_unused },
	{ "overlay-unencrypted", "overlay networks without the encrypted "
	    "option", i_overlay_unencrypted },
	{ "secrets", "names of the swarm's secrets", i_secrets },
};

static const struct inventory_fact *
inventory_find(const char *name)
{
	size_t	i;

	for (i = 0; i < nitems(inventory_facts); i++) {
		if (strcmp(inventory_facts[i].name, name) == 0)
			return &inventory_facts[i];
	}
	return NULL;
}

static int
probe_docker_inventory_prepare(struct check *c, char **cause)
{
	if (inventory_find(check_attr(c, "fact")) == NULL) {
		*cause = xasprintf("unknown inventory fact \"%s\"",
		    check_attr(c, "fact"));
		return -1;
	}
	return 0;
}

static void
probe_docker_inventory_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	const struct inventory_fact *f = inventory_find(check_attr(c, "fact"));
	json_t			*actual, *ev = json_object();
	char			*cause = NULL;
	int			 err = 0;

	actual = f->fn(ctx, ev, &err, &cause);
	json_object_set_new(v->evidence, "details", ev);
	if (err != 0) {
		if (err == SOURCE_OFFLINE)
			probe_source_error(v, err, NULL, cause, c);
		else
			probe_error(v, err, NULL, cause);
		free(cause);
		return;
	}
	probe_compare(c, f->name, f->name, actual, v);
	json_decref(actual);
}

/* Unused images and stopped containers need the lists of all. */
static void
probe_docker_inventory_needs(const struct check *c, struct fact_needs *n)
{
	const char	*fact = check_attr(c, "fact");

	if (strcmp(fact, "images-unused") == 0 ||
	    strcmp(fact, "containers-stopped") == 0) {
		fact_needs_add(&n->api, "/images/json");
		fact_needs_add(&n->api, "/containers/json?all=1");
	}
}

const struct probe_entry probe_docker_inventory_entry = {
	.name = "docker-inventory",
	.help = "a fact about the daemon's objects together (engine age, "
	    "unused images, stopped containers, networks, secrets), compared",
	.attrs = probe_docker_inventory_attrs,
	.flags = PROBE_COMPARE,
	.prepare = probe_docker_inventory_prepare,
	.needs = probe_docker_inventory_needs,
	.exec = probe_docker_inventory_exec,
};
