/*
 * image: one row per image, deciding a field of its inspect document
 * (pointer=) or a fact derived from it, from its history or from its
 * layers (fact=, table below). Rules 4.1 (of an image), 4.6 to 4.11. The
 * evidence names the image's tags. History comes from GET
 * /images/{id}/history, fetched for every image at once and only when a
 * rule needs it; layers only from an image archive (dockaudit image): on
 * a host, a fact of the layers leaves the rule manual.
 *
 * Values found in an image (an environment variable's, a build step's)
 * never reach the report: a fact names the variable, the step or the
 * file, and what kind of secret it holds.
 */
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "probes/probe.h"
#include "sources/image-archive.h"
#include "lib/util.h"

static const char *const probe_image_attrs[] = { "pointer", "fact", NULL };

/* What a fact is derived from. */
struct image_in {
	const struct dobject	 *o;
	json_t			 *history;	/* when the fact reads it */
	const struct image_facts *layers;	/* when the fact reads them */
	const struct bench	 *bench;
	json_t			 *files;	/* the files a fact names: path,
						 * what, layer, digest */
};

typedef json_t *(*image_fn)(const struct image_in *);

/* A file of the image in the row's evidence, for SARIF's locations. */
static void
file_named(const struct image_in *in, const char *path, const char *what,
    unsigned layer)
{
	const struct image_facts *l = in->layers;

	json_array_append_new(in->files, json_pack("{s:o,s:s,s:I,s:s}",
	    "path", evidence_string(path), "what", what, "layer",
	    (json_int_t)layer, "digest", layer > 0 && layer <= l->nlayers ?
	    l->layers[layer - 1].digest : ""));
}

struct image_fact {
	const char	*name;
	const char	*help;
	image_fn	 fn;
	int		 history;	/* reads GET /images/{id}/history */
	int		 layers;	/* reads the image's layers: 1 needs
					 * them, 2 uses them when read */
	int		 steps;		/* needs the history's commands */
};

/* An extended match, with flags (REG_ICASE); the patterns are ours. */
static int
matches_with(const char *s, const char *pattern, int flags)
{
	regex_t	re;
	int	ok;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB | flags) != 0)
		fatal("bad built-in pattern %s", pattern);
	ok = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

static int
matches(const char *s, const char *pattern)
{
	return matches_with(s, pattern, REG_ICASE);
}

/* Case-sensitive (token shapes). */
static int
matches_case(const char *s, const char *pattern)
{
	return matches_with(s, pattern, 0);
}

static json_t *
f_healthcheck(const struct image_in *in)
{
	json_t		*test = json_pointer_get(in->o->inspect,
			    "/Config/Healthcheck/Test");
	json_t		*w;
	const char	*first = json_string_value(json_array_get(test, 0));
	char		*text = NULL, *t;
	size_t		 i;

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

/* Does the history record any step's command? A squashed or imported
 * image keeps none. */
static int
history_has_steps(json_t *h)
{
	json_t		*e;
	const char	*by;
	size_t		 i;

	json_array_foreach(h, i, e) {
		by = json_string_value(json_object_get(e, "CreatedBy"));
		if (by != NULL && *by != '\0')
			return 1;
	}
	return 0;
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
f_update_alone(const struct image_in *in)
{
	return steps_where(in->history, 0, update_alone);
}

static int
add_step(const char *by)
{
	return matches(by, "^((/bin/sh -c )?#\\(nop\\)[[:space:]]*)?"
	    "ADD[[:space:]]");
}

static json_t *
f_add_steps(const struct image_in *in)
{
	return steps_where(in->history, 1, add_step);
}

static int
secret_name(const char *name)
{
	return matches(name, "passw|passwd|secret|token|credential|"
	    "private|(^|_)(api_?)?key($|_)|(^|_)pass($|_)|auth");
}

/* Names only: a value must never reach the report. */
static json_t *
f_secret_env_names(const struct image_in *in)
{
	json_t		*out = json_array(), *e;
	const char	*s, *eq;
	char		*name;
	size_t		 i;

	json_array_foreach(json_pointer_get(in->o->inspect, "/Config/Env"), i,
	    e) {
		if ((s = json_string_value(e)) == NULL)
			continue;
		eq = strchr(s, '=');
		name = xstrndup(s, eq != NULL ? (size_t)(eq - s) : strlen(s));
		if (secret_name(name))
			json_array_append_new(out, evidence_string(name));
		free(name);
	}
	return out;
}

/* The shapes of secrets in text, by what they are: never the text. */
static const struct {
	const char	*kind;
	const char	*pattern;	/* case-sensitive, extended */
} secret_shapes[] = {
	{ "a private key", "-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----" },
	{ "an AWS access key", "(^|[^A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}"
	    "([^A-Z0-9]|$)" },
	{ "a GitHub token", "(gh[pousr]_[A-Za-z0-9]{36}|github_pat_"
	    "[A-Za-z0-9_]{40,})" },
	{ "a GitLab token", "glpat-[A-Za-z0-9_-]{20}" },
	{ "a Slack token", "xox[abposr]-[A-Za-z0-9-]{10,}" },
	{ "a Google API key", "AIza[0-9A-Za-z_-]{35}" },
	{ "an npm token", "npm_[A-Za-z0-9]{36}" },
	{ "a password in a URL", "[A-Za-z][A-Za-z0-9+.-]*://[^/:@[:space:]]+"
	    ":[^/@[:space:]]+@" },
};

/* What kind of secret text holds, or NULL. */
static const char *
secret_shape(const char *text)
{
	size_t	i;

	for (i = 0; i < nitems(secret_shapes); i++) {
		if (matches_case(text, secret_shapes[i].pattern))
			return secret_shapes[i].kind;
	}
	return NULL;
}

/* Build arguments a RUN step recorded: "|2 A=x B=y /bin/sh -c ...". */
static void
step_args(const char *by, size_t step, json_t *out)
{
	const char	*p = by, *eq, *end;
	char		*name;
	long		 n;

	if (*p != '|')
		return;
	n = strtol(p + 1, (char **)&p, 10);
	while (n-- > 0 && *p == ' ') {
		p++;
		eq = strchr(p, '=');
		end = strchr(p, ' ');
		if (eq == NULL || (end != NULL && end < eq))
			return;
		name = xstrndup(p, (size_t)(eq - p));
		if (secret_name(name))
			json_array_append_new(out, json_sprintf("build step %zu: "
			    "the build argument %s is recorded in the history",
			    step, name));
		free(name);
		if (end == NULL)
			return;
		p = end;
	}
}

/* A secret file's kind (image-archive.h) in words. */
static const char *
secret_file_words(const char *kind)
{
	static const char *const words[][2] = {
		{ "private-key", "a private key" },
		{ "ssh-private-key", "an SSH private key" },
		{ "aws-credentials", "AWS credentials" },
		{ "npm-token", "an npm token" },
		{ "git-credentials", "git credentials" },
		{ "dotenv", "an environment file" },
	};
	size_t	i;

	for (i = 0; i < nitems(words); i++) {
		if (strcmp(words[i][0], kind) == 0)
			return words[i][1];
	}
	return kind;
}

/* Secrets of the config and the history; of the layers when read. */
static json_t *
f_secrets(const struct image_in *in)
{
	json_t		*out = json_array(), *e;
	const struct image_facts *l = in->layers;
	const char	*s, *eq, *kind;
	char		*name, *path;
	size_t		 i, n = json_array_size(in->history);

	json_array_foreach(json_pointer_get(in->o->inspect, "/Config/Env"), i,
	    e) {
		if ((s = json_string_value(e)) == NULL)
			continue;
		eq = strchr(s, '=');
		name = text_sanitize(s, eq != NULL ? (size_t)(eq - s) :
		    strlen(s), 128);
		if ((kind = eq != NULL ? secret_shape(eq + 1) : NULL) != NULL)
			json_array_append_new(out, json_sprintf("ENV %s holds %s",
			    name, kind));
		else if (secret_name(name) && eq != NULL && eq[1] != '\0')
			json_array_append_new(out, json_sprintf("ENV %s: a "
			    "variable named like a secret, with a value", name));
		free(name);
	}
	/* Oldest step first: step 1 lays down the base. */
	for (i = n; i-- > 0;) {
		s = json_string_value(json_object_get(json_array_get(
		    in->history, i), "CreatedBy"));
		if (s == NULL)
			continue;
		step_args(s, n - i, out);
		if ((kind = secret_shape(s)) != NULL)
			json_array_append_new(out, json_sprintf("build step %zu "
			    "holds %s in its command", n - i, kind));
	}
	for (i = 0; l != NULL && i < l->nsecrets; i++) {
		path = text_sanitize(l->secrets[i].path,
		    strlen(l->secrets[i].path), 512);
		file_named(in, l->secrets[i].path, secret_file_words(
		    l->secrets[i].kind), l->secrets[i].added);
		if (l->secrets[i].deleted != 0)
			json_array_append_new(out, json_sprintf("%s (%s), added "
			    "in layer %u, deleted in layer %u: still in the "
			    "archive", path, secret_file_words(l->secrets[i].kind),
			    l->secrets[i].added, l->secrets[i].deleted));
		else
			json_array_append_new(out, json_sprintf("%s (%s), added "
			    "in layer %u", path, secret_file_words(l->secrets[i].kind),
			    l->secrets[i].added));
		free(path);
	}
	return out;
}

static int
unverified_step(const char *by)
{
	return matches(by, "--allow-unauthenticated|"
	    "--allow-insecure-repositories|AllowUnauthenticated[= ]+"
	    "\"?(1|true|yes)|trusted=yes|--nogpgcheck|gpgcheck=(0|false|no)|"
	    "--no-gpg-checks|--allow-untrusted|--nosignature");
}

/* Build steps and package manager settings that skip verification. */
static json_t *
f_unverified(const struct image_in *in)
{
	const struct image_facts *l = in->layers;
	json_t		*out = steps_where(in->history, 0, unverified_step);
	char		*path, *text;
	size_t		 i;

	for (i = 0; l != NULL && i < l->npkglines; i++) {
		const struct image_pkgline *p = &l->pkglines[i];

		if (p->deleted != 0)
			continue;	/* not in the image's files any more */
		path = text_sanitize(p->path, strlen(p->path), 512);
		text = text_sanitize(p->text, strlen(p->text), 200);
		json_array_append_new(out, json_sprintf("%s line %u (layer %u):"
		    " %s", path, p->line, p->added, text));
		free(path);
		free(text);
	}
	return out;
}

/* The uid /etc/passwd gives a user name; -1 when it is not there. */
static long
passwd_uid(const struct image_text *pw, const char *name)
{
	const char	*line, *end, *f2, *f3;
	size_t		 len = strlen(name);

	for (line = pw->data; line != NULL && *line != '\0'; line = end) {
		end = strchr(line, '\n');
		end = end != NULL ? end + 1 : line + strlen(line);
		if (strncmp(line, name, len) != 0 || line[len] != ':')
			continue;
		if ((f2 = memchr(line + len + 1, ':', (size_t)(end - line) -
		    len - 1)) == NULL)
			return -1;
		f3 = f2 + 1;
		if (!isdigit((unsigned char)*f3))
			return -1;
		return strtol(f3, NULL, 10);
	}
	return -1;
}

/* Why the image runs as root (empty: it does not). */
static json_t *
f_root_user(const struct image_in *in)
{
	const char	*user = json_string_value(json_pointer_get(
			    in->o->inspect, "/Config/User"));
	json_t		*out = json_array();
	char		*name, *shown, *end;
	long		 uid;

	if (user == NULL || *user == '\0') {
		json_array_append_new(out, json_string("sets no USER: it runs "
		    "as root"));
		return out;
	}
	name = xstrndup(user, strcspn(user, ":"));
	shown = text_sanitize(name, strlen(name), 64);
	uid = strtol(name, &end, 10);
	if (*name == '\0') {
		free(shown);
		shown = text_sanitize(user, strlen(user), 64);
		json_array_append_new(out, json_sprintf("sets USER %s, which "
		    "names no user: it runs as root", shown));
	} else if (*end == '\0' && end != name) {
		if (uid == 0)
			json_array_append_new(out, json_sprintf("sets USER "
			    "%s: it runs as root", shown));
	} else if (in->layers->passwd.layer == 0)
		json_array_append_new(out, json_sprintf("sets USER %s but has "
		    "no /etc/passwd to name its uid", shown));
	else if ((uid = passwd_uid(&in->layers->passwd, name)) == -1)
		json_array_append_new(out, json_sprintf("sets USER %s, which "
		    "is not in the image's /etc/passwd: a container of it cannot "
		    "start", shown));
	else if (uid == 0)
		json_array_append_new(out, json_sprintf("sets USER %s, uid 0 in "
		    "the image's /etc/passwd (layer %u): it runs as root", shown,
		    in->layers->passwd.layer));
	free(shown);
	free(name);
	return out;
}

/* The setuid and setgid files of the image (not those a later layer
 * deleted) that the allowed-setid-files value does not list. */
static json_t *
f_setid_files(const struct image_in *in)
{
	const struct image_facts *l = in->layers;
	const struct value *allowed = bench_value(in->bench,
			    "allowed-setid-files");
	json_t		*out = json_array();
	char		*path, mode[8];
	size_t		 i;

	for (i = 0; i < l->nsetid; i++) {
		const struct image_setid *s = &l->setid[i];

		if (s->deleted != 0 || (allowed != NULL &&
		    strlist_has(&allowed->items, s->path)))
			continue;
		mode_format(s->mode & 07777, mode);
		path = text_sanitize(s->path, strlen(s->path), 512);
		file_named(in, s->path, (s->mode & 06000) == 06000 ?
		    "setuid and setgid" : s->mode & 04000 ? "setuid" :
		    "setgid", s->added);
		json_array_append_new(out, json_sprintf("%s (%s%s%s, mode %s, "
		    "owner %lu:%lu, layer %u)", path, s->mode & 04000 ?
		    "setuid" : "", (s->mode & 06000) == 06000 ? " and " : "",
		    s->mode & 02000 ? "setgid" : "", mode, s->uid, s->gid,
		    s->added));
		free(path);
	}
	return out;
}

static const struct image_fact image_facts[] = {
	{ "add-steps", "history steps that use ADD, the base layer excluded",
	    f_add_steps, 1, 0, 1 },
	{ "healthcheck", "the health check command; absent when none is "
	    "defined or it is NONE", f_healthcheck, 0, 0, 0 },
	{ "root-user", "why the image runs as root: no USER, USER 0, or a "
	    "name of uid 0 in its /etc/passwd (layers)", f_root_user, 0, 1,
	    0 },
	{ "secret-env-names", "names (never values) of environment "
	    "variables that look like secrets", f_secret_env_names, 0, 0, 0 },
	{ "secrets", "secrets by kind and place (never their values): "
	    "ENV names and values, build steps and arguments, files of the "
	    "layers, deleted ones too (layers; unread, the names of variables "
	    "for a person)", f_secrets, 1, 2, 0 },
	{ "setid-files", "setuid and setgid files, with mode, owner and "
	    "layer, that the value allowed-setid-files does not list "
	    "(layers)", f_setid_files, 0, 1, 0 },
	{ "unverified-installs", "build steps and package manager settings "
	    "that skip package verification (layers)", f_unverified, 1, 1,
	    0 },
	{ "update-alone", "history steps that update a package index "
	    "without installing in the same layer", f_update_alone, 1, 0, 1 },
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

/*
 * A fact that uses the layers when read (secrets), on a host that does
 * not read them: the variables named like secrets, for a person, since
 * the files could hold what the variables do not show.
 */
static void
layers_unread_row(const struct image_in *in, const char *why,
    struct target *t)
{
	json_t	*names = f_secret_env_names(in), *v;
	char	*list = NULL, *s;
	size_t	 i;

	json_object_set(t->evidence, "secret-env-names", names);
	json_array_foreach(names, i, v) {
		s = xasprintf("%s%s%s", list != NULL ? list : "", list != NULL ?
		    ", " : "", json_string_value(v));
		free(list);
		list = s;
	}
	(void)why;	/* the rule's evidence says it once */
	if (list != NULL)
		target_set(t, STATUS_MANUAL, "%s has variables whose names look "
		    "like secrets: %s; check that they hold none, and its "
		    "files (not read here)", in->o->name, list);
	else
		target_set(t, STATUS_MANUAL, "%s has no variable whose name "
		    "looks like a secret; check its files by hand (not read "
		    "here)", in->o->name);
	free(list);
	json_decref(names);
}

static void
image_row(struct probe_ctx *ctx, const struct check *c,
    const struct image_fact *f, const struct dobject *o, struct target *t)
{
	const char	*ptr = check_attr(c, "pointer");
	struct image_in	 in = { o, NULL, NULL, ctx->bench, NULL };
	json_t		*tags, *actual;
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
	if (f->layers && (err = source_image_content(ctx->src, o->id,
	    o->name, &in.layers, &cause)) != 0) {
		if (err == ENOTSUP && f->layers == 2)
			layers_unread_row(&in, cause, t);
		else
			probe_target_error(t, EIO, NULL, cause);
		free(cause);
		return;
	}
	if (f->history) {
		path = xasprintf("/images/%s/history", o->id);
		err = source_api(ctx->src, path, &in.history, &cause);
		free(path);
		if (err != 0 || !json_is_array(in.history)) {
			probe_target_error(t, err != 0 ? err : EIO, NULL,
			    cause != NULL ? cause :
			    "image history: not a JSON array");
			free(cause);
			return;
		}
	}
	if (f->steps && !history_has_steps(in.history)) {
		target_set(t, STATUS_MANUAL, "%s records no build step (a "
		    "squashed or imported image): cannot tell", o->name);
		return;
	}
	in.files = json_array();
	actual = f->fn(&in);
	probe_compare_row(c, f->name, f->name, actual, t);
	if (json_array_size(in.files) > 0)
		json_object_set(t->evidence, "files", in.files);
	json_decref(in.files);
	json_decref(actual);
}

/* A fact of the layers, on a source that does not read them (a host):
 * manual, said once. */
static int
layers_unread(struct probe_ctx *ctx, const struct image_fact *f,
    struct verdict *v)
{
	const struct image_facts *l;
	char	*cause = NULL;

	if (f == NULL || f->layers != 1 ||
	    source_image_content(ctx->src, NULL, NULL, &l, &cause) != ENOTSUP) {
		free(cause);
		return 0;
	}
	verdict_set(v, STATUS_MANUAL, "%s", cause);
	free(cause);
	return 1;
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
	if (layers_unread(ctx, f, v))
		return;
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
	const struct image_fact	*f = NULL;

	if (check_attr(c, "fact") != NULL)
		f = image_fact_find(check_attr(c, "fact"));
	fact_needs_add(&n->api, "/images/json");
	if (f != NULL && f->history)
		n->image_history = 1;
	n->images = 1;
}

const struct probe_entry probe_image_entry = {
	.name = "image",
	.help = "a field (pointer=) or derived fact (fact=) of every "
	    "image, compared; one row per image",
	.attrs = probe_image_attrs,
	.flags = PROBE_COMPARE | PROBE_TARGETS,
	.prepare = probe_image_prepare,
	.needs = probe_image_needs,
	.exec = probe_image_exec,
};
