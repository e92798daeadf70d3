/*
 * image: one row per local image, deciding a field of its inspect
 * document (pointer=) or a fact derived from it or from its history
 * (fact=, table below). Rules 4.6, 4.7, 4.9 and 4.10. The evidence names
 * the image's tags. History comes from GET /images/{id}/history, fetched
 * for every image at once and only when a rule needs it.
 */
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "probes/probe.h"
#include "lib/util.h"

static const char *const probe_image_attrs[] = { "pointer", "fact", NULL };

typedef json_t *(*image_fn)(const struct dobject *, json_t *history);

struct image_fact {
	const char	*name;
	const char	*help;
	image_fn	 fn;
	int		 history;	/* reads GET /images/{id}/history */
};

/* Extended, case-insensitive match; the patterns are ours and valid. */
static int
matches(const char *s, const char *pattern)
{
	regex_t	re;
	int	ok;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_ICASE | REG_NOSUB) != 0)
		fatal("bad built-in pattern %s", pattern);
	ok = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

static json_t *
f_healthcheck(const struct dobject *o, json_t *h)
{
	json_t		*test = json_pointer_get(o->inspect,
			    "/Config/Healthcheck/Test");
	json_t		*w;
	const char	*first = json_string_value(json_array_get(test, 0));
	char		*text = NULL, *t;
	size_t		 i;

	(void)h;
	if (first == NULL || strcmp(first, "NONE") == 0)
		return NULL;
	json_array_foreach(test, i, w) {
		if (json_string_value(w) == NULL)
			continue;
		t = xasprintf("%s%s%s", text != NULL ? text : "", text != NULL ?
		    " " : "", json_string_value(w));
		free(text);
		text = t;
	}
	w = evidence_string(text);
	free(text);
	return w;
}

/* Steps of the history, newest first, as Docker lists them. */
static json_t *
steps_where(json_t *h, int skip_base, int (*pick)(const char *))
{
	json_t		*out = json_array(), *e;
	const char	*by;
	size_t		 i, n = json_array_size(h);

	json_array_foreach(h, i, e) {
		if (skip_base && i == n - 1)
			break;
		by = json_string_value(json_object_get(e, "CreatedBy"));
		if (by != NULL && pick(by))
			json_array_append_new(out, evidence_string(by));
	}
	return out;
}

static int
update_alone(const char *by)
{
	return matches(by, "(apt-get|apt|yum|dnf|microdnf|zypper|apk)"
	    "[[:space:]]+(-[^[:space:]]+[[:space:]]+)*(update|makecache|"
	    "refresh)([^[:alnum:]_-]|$)") &&
	    !matches(by, "(install|apk[[:space:]]+(-[^[:space:]]+[[:space:]]+)*"
	    "add)([^[:alnum:]_-]|$)");
}

static json_t *
f_update_alone(const struct dobject *o, json_t *h)
{
	(void)o;
	return steps_where(h, 0, update_alone);
}

static int
add_step(const char *by)
{
	return matches(by, "^((/bin/sh -c )?#\\(nop\\)[[:space:]]*)?"
	    "ADD[[:space:]]");
}

static json_t *
f_add_steps(const struct dobject *o, json_t *h)
{
	(void)o;
	return steps_where(h, 1, add_step);
}

/* Names only: a value must never reach the report. */
static json_t *
f_secret_env_names(const struct dobject *o, json_t *h)
{
	json_t		*out = json_array(), *e;
	const char	*s, *eq;
	char		*name;
	size_t		 i;

	(void)h;
	json_array_foreach(json_pointer_get(o->inspect, "/Config/Env"), i, e) {
		if ((s = json_string_value(e)) == NULL)
			continue;
		eq = strchr(s, '=');
		name = xstrndup(s, eq != NULL ? (size_t)(eq - s) : strlen(s));
		if (matches(name, "passw|passwd|secret|token|credential|"
		    "private|(^|_)(api_?)?key($|_)|(^|_)pass($|_)|auth"))
			json_array_append_new(out, evidence_string(name));
		free(name);
	}
	return out;
}

static const struct image_fact image_facts[] = {
	{ "add-steps", "history steps that use ADD, the base layer excluded",
	    f_add_steps, 1 },
	{ "healthcheck", "the health check command; absent when none is "
	    "defined or it is NONE", f_healthcheck, 0 },
	{ "secret-env-names", "names (never values) of environment "
	    "variables that look like secrets", f_secret_env_names, 0 },
	{ "update-alone", "history steps that update a package index "
	    "without installing in the same layer", f_update_alone, 1 },
};

static const struct image_fact *
image_fact_find(const char *name)
{
	size_t	i;

	for (i = 0; i < nitems(image_facts); i++) {
		if (strcmp(image_facts[i].name, name) == 0)
			return &image_facts[i];
	}
	return NULL;
}

static int
probe_image_prepare(struct check *c, char **cause)
{
	const char	*fact = check_attr(c, "fact");

	if ((fact == NULL) == (check_attr(c, "pointer") == NULL)) {
		*cause = xstrdup("give exactly one of pointer= and fact=");
		return -1;
	}
	if (fact != NULL && image_fact_find(fact) == NULL) {
		*cause = xasprintf("unknown image fact \"%s\"", fact);
		return -1;
	}
	return 0;
}

static void
image_row(struct probe_ctx *ctx, const struct check *c,
    const struct image_fact *f, const struct dobject *o, struct target *t)
{
	const char	*ptr = check_attr(c, "pointer");
	json_t		*tags, *history = NULL, *actual;
	char		*path, *cause = NULL, *words;
	int		 err;

	tags = json_pointer_get(o->inspect, "/RepoTags");
	json_object_set(t->evidence, "RepoTags", tags != NULL ? tags :
	    json_null());
	if (f == NULL) {
		words = json_pointer_words(ptr);
		probe_compare_row(c, words, ptr, json_pointer_get(o->inspect,
		    ptr), t);
		free(words);
		return;
	}
	if (f->history) {
		path = xasprintf("/images/%s/history", o->id);
		err = source_api(ctx->src, path, &history, &cause);
		free(path);
		if (err != 0 || !json_is_array(history)) {
			probe_target_error(t, err != 0 ? err : EIO, NULL,
			    cause != NULL ? cause :
			    "image history: not a JSON array");
			free(cause);
			return;
		}
	}
	actual = f->fn(o, history);
	probe_compare_row(c, f->name, f->name, actual, t);
	json_decref(actual);
}

static void
probe_image_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	const struct dobjects	*im;
	const struct image_fact	*f = NULL;
	size_t			 i;

	if (check_attr(c, "fact") != NULL)
		f = image_fact_find(check_attr(c, "fact"));
	/* Histories come in the images' batch, unless already fetched. */
	if (f != NULL && f->history)
		ctx->facts->docker.image_history = 1;
	im = facts_images(ctx->facts);
	v->rows = 1;
	if (im->err != 0) {
		if (im->err == SOURCE_OFFLINE)
			probe_source_error(v, im->err, NULL, im->cause, c);
		else
			probe_error(v, im->err, NULL, im->cause);
		return;
	}
	probe_compare_test(c, f != NULL ? f->name : check_attr(c, "pointer"),
	    v->evidence);
	for (i = 0; i < im->n; i++) {
		const struct dobject *o = &im->v[i];
		struct target *t;

		t = verdict_add_target(v, "image", o->id, o->name);
		if (o->inspect == NULL) {
			probe_target_error(t, o->err, NULL, o->cause);
			continue;
		}
		image_row(ctx, c, f, o, t);
	}
	if (v->ntargets == 0)
		verdict_set(v, STATUS_NA, "no local image");
	else
		verdict_from_rows(v);
}

static void
probe_image_needs(const struct check *c, struct fact_needs *n)
{
	const char	*fact = check_attr(c, "fact");

	fact_needs_add(&n->api, "/images/json");
	if (fact != NULL && (strcmp(fact, "add-steps") == 0 ||
	    strcmp(fact, "update-alone") == 0))
		n->image_history = 1;
	n->images = 1;
}

const struct probe_entry probe_image_entry = {
	.name = "image",
	.help = "a field (pointer=) or derived fact (fact=) of every local "
	    "image, compared; one row per image",
	.attrs = probe_image_attrs,
	.flags = PROBE_COMPARE | PROBE_TARGETS,
	.prepare = probe_image_prepare,
	.needs = probe_image_needs,
	.exec = probe_image_exec,
};
