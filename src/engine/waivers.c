/*
 * Waivers: loaded from an XML file (benchmarks/waivers.rng, compiled in),
 * applied to each rule as it is decided, and reported with their state.
 * Only failures are waived: an error means a fact could not be read, and
 * no waiver makes an unknown into an accepted risk.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "engine/bench.h"
#include "facts/engines.h"
#include "facts/facts.h"
#include "lib/json.h"
#include "lib/util.h"
#include "lib/xmlin.h"
#include "engine/waivers.h"

extern const char waivers_rng_text[];	/* waivers-rng.c, from waivers.rng */

static const struct xmlin_schema waivers_schema = { "waivers",
    waivers_rng_text };

struct waiver {
	char	*rule;
	char	*approver;
	char	*expires;	/* YYYY-MM-DD */
	time_t	 until;		/* end of that day, UTC */
	char	*reason;
	char	*origin;	/* FILE:LINE */
	int	 has_match;
	char	*container;	/* match: name glob */
	char	*label;		/* KEY or KEY=VALUE */
	char	*image;		/* glob */
	char	*path;		/* glob */
	char	*engine;	/* glob on the engine's id or label */
	size_t	 applied;
	char	*written;	/* the rule id as written, when mapped */
	const char *written_version;	/* of that id (the file's) */
	int	 gone;		/* its rule is not in the version run */
};

struct waivers {
	char		*path;
	char		*benchmark;	/* <waivers benchmark= version=> */
	char		*version;
	char		 sha256[65];	/* of the file read */
	struct waiver	*v;
	size_t		 n;
};

static void
waiver_clear(struct waiver *w)
{
	free(w->rule);
	free(w->written);
	free(w->approver);
	free(w->expires);
	free(w->reason);
	free(w->origin);
	free(w->container);
	free(w->engine);
	free(w->label);
	free(w->image);
	free(w->path);
}

void
waivers_free(struct waivers *ws)
{
	size_t	i;

	if (ws == NULL)
		return;
	for (i = 0; i < ws->n; i++)
		waiver_clear(&ws->v[i]);
	free(ws->v);
	free(ws->path);
	free(ws->benchmark);
	free(ws->version);
	free(ws);
}

/*
 * A waiver for a rule its benchmark does not have is a typo, not an
 * exception: refused, so that a CI job never goes green by a waiver that
 * names nothing.
 */
static int
waivers_known(const struct waivers *ws, const struct bench *b)
{
	const struct waiver	*w;
	const char		*id, *version, *now;
	size_t			 i;
	int			 errors = 0;

	id = ws->benchmark != NULL ? ws->benchmark : b->id;
	version = ws->version != NULL ? ws->version : b->version;
	for (i = 0; i < ws->n; i++) {
		w = &ws->v[i];
		if (strcmp(version, b->version) == 0 ?
		    bench_rule(b, w->rule) != NULL :
		    bench_map_id(b, version, w->rule, &now) != 1)
			continue;
		log_error("%s: rule %s is not a rule of %s %s: there is "
		    "nothing to waive (a typo?)", w->origin, w->rule, id,
		    version);
		errors++;
	}
	return errors > 0 ? -1 : 0;
}

int
waivers_for(struct waivers *ws, const struct bench *b)
{
	struct waiver	*w;
	const char	*now;
	size_t		 i;

	if (ws == NULL)
		return 0;
	if (ws->benchmark != NULL && (strcmp(ws->benchmark, b->id) != 0 ||
	    !bench_has_version(b, ws->version))) {
		log_error("--waivers %s: written for %s %s, and %s %s has no "
		    "crosswalk from it: its rule ids mean other rules here",
		    ws->path, ws->benchmark, ws->version, b->id, b->version);
		return -1;
	}
	if (waivers_known(ws, b) == -1)
		return -1;
	if (ws->benchmark == NULL) {
		log_warn("%s names no benchmark version: its rule "
		    "ids are taken as %s %s's; if it was written for that, "
		    "say so: <waivers benchmark=\"%s\" version=\"%s\">",
		    ws->path, b->id, b->version, b->id, b->version);
		return 0;
	}
	if (strcmp(ws->version, b->version) == 0)
		return 0;
	for (i = 0; i < ws->n; i++) {
		w = &ws->v[i];
		if (bench_map_id(b, ws->version, w->rule, &now) == -1)
			return -1;
		if (now == NULL) {
			log_warn("%s: rule %s of %s %s is not in %s: the waiver "
			    "applies to nothing", w->origin, w->rule,
			    ws->benchmark, ws->version, b->version);
			w->gone = 1;
			continue;
		}
		if (strcmp(now, w->rule) == 0)
			continue;
		w->written = w->rule;
		w->written_version = ws->version;
		w->rule = xstrdup(now);
	}
	return 0;
}

json_t *
waivers_file_json(const struct waivers *ws)
{
	if (ws == NULL)
		return json_null();
	return json_pack("{s:o,s:s}", "path", evidence_string(ws->path),
	    "sha256", ws->sha256);
}

size_t
waivers_count(const struct waivers *ws)
{
	return ws != NULL ? ws->n : 0;
}

size_t
waivers_expired(const struct waivers *ws, time_t now, char **list)
{
	const struct waiver	*w;
	char			*s;
	size_t			 i, n = 0;

	*list = NULL;
	for (i = 0; ws != NULL && i < ws->n; i++) {
		w = &ws->v[i];
		if (now < w->until)
			continue;
		s = xasprintf("%s%s%s, expired %s", *list != NULL ? *list : "",
		    *list != NULL ? "; " : "", w->rule, w->expires);
		free(*list);
		*list = s;
		n++;
	}
	return n;
}

/*
 * The schema has checked the form (xsd:date); the calendar is ours. A
 * waiver holds through the whole of its day, UTC.
 */
static int
parse_expiry(const char *s, time_t *until)
{
	if (day_utc(s, until) == -1)
		return -1;
	*until += 24 * 60 * 60;
	return 0;
}

#define WAIVERS_NS	"urn:dockaudit:waivers:1"

/* The files a waivers file is mistaken for, and where they go. */
static const struct {
	const char	*root;
	const char	*what;
} waivers_others[] = {
	{ "values", "a values file: give it with --values" },
	{ "benchmark", "a benchmark: give it with -b" },
	{ "controls", "a controls file: give it with --controls" },
	{ "attestations", "an attestations file: give it with "
	    "--attestations" },
};

static const struct {
	const char	*name;
	const char	*what;
} waiver_attrs[] = {
	{ "rule", "the rule id, e.g. 5.10" },
	{ "approver", "who accepted the risk" },
	{ "expires", "the last day it holds, YYYY-MM-DD" },
};

/*
 * Before the schema: the mistakes people make, each said as what to
 * write (libxml2 would say "failed to validate attributes").
 */
static int
waivers_precheck(struct xmlin *in, xmlNodePtr root)
{
	xmlNodePtr	 n;
	char		*v;
	time_t		 until;
	size_t		 i;
	int		 line, before = in->errors;

	line = (int)xmlGetLineNo(root);
	for (i = 0; i < nitems(waivers_others); i++) {
		if (xmlin_is(root, waivers_others[i].root)) {
			xmlin_error(in, line, "this is %s; --waivers takes a "
			    "waivers file (<waivers xmlns=\"" WAIVERS_NS
			    "\">)", waivers_others[i].what);
			return in->errors - before;
		}
	}
	if (!xmlin_is(root, "waivers"))
		return 0;
	if (root->ns == NULL) {
		xmlin_error(in, line, "<waivers> has no namespace: give it "
		    "xmlns=\"" WAIVERS_NS "\"");
		return in->errors - before;
	}
	if (strcmp((const char *)root->ns->href, WAIVERS_NS) != 0) {
		xmlin_error(in, line, "<waivers> is in the namespace %s: give "
		    "it xmlns=\"" WAIVERS_NS "\"",
		    (const char *)root->ns->href);
		return in->errors - before;
	}
	if ((xmlHasProp(root, (const xmlChar *)"benchmark") == NULL) !=
	    (xmlHasProp(root, (const xmlChar *)"version") == NULL))
		xmlin_error(in, line, "<waivers> names a benchmark and its "
		    "version together or neither: give both benchmark= "
		    "and version= (e.g. benchmark=\"cis-docker\" "
		    "version=\"1.8.0\")");
	for (n = root->children; n != NULL; n = n->next) {
		if (!xmlin_is(n, "waiver"))
			continue;
		line = (int)xmlGetLineNo(n);
		for (i = 0; i < nitems(waiver_attrs); i++) {
			if ((v = xmlin_attr(n, waiver_attrs[i].name)) != NULL) {
				free(v);
				continue;
			}
			xmlin_error(in, line, "<waiver> has no %s=: %s is "
			    "required (%s)", waiver_attrs[i].name,
			    waiver_attrs[i].name, waiver_attrs[i].what);
		}
		if ((v = xmlin_attr(n, "rule")) != NULL && !bench_rule_id_ok(v))
			xmlin_error(in, line, "rule=\"%s\": give a rule id, "
			    "numbers and dots (e.g. 5.10)", v);
		free(v);
		if ((v = xmlin_attr(n, "expires")) != NULL &&
		    parse_expiry(v, &until) == -1)
			xmlin_error(in, line, "expires=\"%s\": give a date "
			    "alone, YYYY-MM-DD (the waiver holds through that "
			    "day, UTC)", v);
		free(v);
	}
	return in->errors - before;
}

struct waivers *
waivers_load(const char *path)
{
	struct waivers	*ws;
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n, k;
	struct waiver	*w;
	char		 sha[65];
	int		 errors = 0;
	struct xmlin	 in = { .path = path, .precheck = waivers_precheck };

	if ((doc = xmlin_load(&in, &waivers_schema, sha)) == NULL)
		return NULL;
	ws = xcalloc(1, sizeof *ws);
	ws->path = xstrdup(path);
	memcpy(ws->sha256, sha, sizeof ws->sha256);
	root = xmlDocGetRootElement(doc);
	ws->benchmark = xmlin_attr(root, "benchmark");
	ws->version = xmlin_attr(root, "version");
	for (n = root->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		ws->v = xreallocarray(ws->v, ws->n + 1, sizeof *ws->v);
		w = &ws->v[ws->n++];
		memset(w, 0, sizeof *w);
		w->rule = xmlin_attr(n, "rule");
		w->approver = xmlin_attr(n, "approver");
		w->expires = xmlin_attr(n, "expires");
		w->origin = xasprintf("%s:%ld", path, xmlGetLineNo(n));
		if (parse_expiry(w->expires, &w->until) == -1) {
			log_error("%s: expires=\"%s\": give a date alone, "
			    "YYYY-MM-DD (the waiver holds through that day, "
			    "UTC)", w->origin, w->expires);
			errors++;
		}
		for (k = n->children; k != NULL; k = k->next) {
			if (k->type != XML_ELEMENT_NODE)
				continue;
			if (strcmp((const char *)k->name, "reason") == 0)
				w->reason = xmlin_text(k);
			else if (strcmp((const char *)k->name, "match") == 0) {
				w->has_match = 1;
				w->container = xmlin_attr(k, "container");
				w->label = xmlin_attr(k, "label");
				w->image = xmlin_attr(k, "image");
				w->path = xmlin_attr(k, "path");
				w->engine = xmlin_attr(k, "engine");
			}
		}
		if (w->has_match && w->container == NULL && w->label == NULL &&
		    w->image == NULL && w->path == NULL && w->engine == NULL) {
			log_error("%s: <match> needs container, label, image, "
			    "path or engine", w->origin);
			errors++;
		}
	}
	xmlFreeDoc(doc);
	if (errors > 0) {
		waivers_free(ws);
		return NULL;
	}
	return ws;
}

static json_t *
waiver_json(const struct waiver *w)
{
	json_t	*j, *m;

	j = json_pack("{s:s,s:o,s:o,s:s,s:o}", "rule", w->rule, "reason",
	    evidence_string(w->reason), "approver",
	    evidence_string(w->approver), "expires", w->expires, "origin",
	    evidence_string(w->origin));
	if (w->written != NULL)
		json_object_set_new(j, "written_for", json_pack("{s:s,s:s}",
		    "version", w->written_version, "rule", w->written));
	if (w->has_match) {
		m = json_object();
		if (w->container != NULL)
			json_object_set_new(m, "container",
			    evidence_string(w->container));
		if (w->engine != NULL)
			json_object_set_new(m, "engine",
			    evidence_string(w->engine));
		if (w->label != NULL)
			json_object_set_new(m, "label",
			    evidence_string(w->label));
		if (w->image != NULL)
			json_object_set_new(m, "image",
			    evidence_string(w->image));
		if (w->path != NULL)
			json_object_set_new(m, "path", evidence_string(w->path));
		json_object_set_new(j, "match", m);
	}
	return j;
}

static int
glob_ok(const char *pattern, const char *s)
{
	return pattern == NULL || (s != NULL && fnmatch(pattern, s, 0) == 0);
}

/* engine="podman-rootless:*" or "podman:alice": the audited engine's id
 * or label (the one rootful Docker engine when none is named). */
static int
engine_ok(const struct waiver *w, struct facts *f)
{
	const char	*id = f != NULL && f->engine != NULL ? f->engine->id :
	    "docker";
	const char	*label = f != NULL && f->engine != NULL ?
	    f->engine->label : "docker";

	return w->engine == NULL || glob_ok(w->engine, id) ||
	    glob_ok(w->engine, label);
}

static int
label_ok(const struct waiver *w, struct facts *f, const char *id)
{
	const struct dobjects	*cs;
	const char		*eq, *v;
	char			*key;
	size_t			 i;
	int			 ok = 0;

	if (w->label == NULL)
		return 1;
	cs = facts_containers(f);
	for (i = 0; i < cs->n; i++) {
		if (strcmp(cs->v[i].id, id) != 0)
			continue;
		eq = strchr(w->label, '=');
		key = eq != NULL ? xstrndup(w->label, (size_t)(eq - w->label)) :
		    xstrdup(w->label);
		v = json_string_value(json_object_get(cs->v[i].labels, key));
		ok = json_object_get(cs->v[i].labels, key) != NULL &&
		    (eq == NULL || (v != NULL && strcmp(v, eq + 1) == 0));
		free(key);
		break;
	}
	return ok;
}

/* Does a waiver's <match> cover this row? Every attribute must hold. */
static int
covers_row(const struct waiver *w, struct facts *f, const struct target *t)
{
	if (!w->has_match)
		return 1;
	if (!engine_ok(w, f))
		return 0;
	if (strcmp(t->kind, "container") == 0)
		return w->path == NULL && glob_ok(w->container, t->name) &&
		    glob_ok(w->image, t->image) && label_ok(w, f, t->id);
	if (strcmp(t->kind, "image") == 0)
		return w->path == NULL && w->container == NULL &&
		    w->label == NULL && (glob_ok(w->image, t->name) ||
		    glob_ok(w->image, t->id));	/* a tag, or the digest */
	if (strcmp(t->kind, "file") == 0 || strcmp(t->kind, "socket") == 0)
		return w->container == NULL && w->label == NULL &&
		    w->image == NULL && glob_ok(w->path, t->id);
	return 0;
}

/* A rule without rows: only a path can narrow it (the file it checked),
 * and the engine. */
static int
covers_rule(const struct waiver *w, struct facts *f, const struct verdict *v)
{
	const char	*p;

	if (!w->has_match)
		return 1;
	if (!engine_ok(w, f))
		return 0;
	if (w->container != NULL || w->label != NULL || w->image != NULL)
		return 0;
	p = json_string_value(json_pointer_get(v->evidence, "/file/path"));
	return glob_ok(w->path, p);
}

void
waivers_apply(struct waivers *ws, const char *rule, struct facts *f,
    time_t now, struct verdict *v)
{
	struct waiver	*w;
	size_t		 i, j;
	int		 rows = 0;

	if (ws == NULL || (v->status != STATUS_FAIL && v->ntargets == 0))
		return;
	for (i = 0; i < ws->n; i++) {
		w = &ws->v[i];
		if (w->gone || strcmp(w->rule, rule) != 0 || now >= w->until)
			continue;
		for (j = 0; j < v->ntargets; j++) {
			struct target *t = &v->targets[j];

			if (t->status != STATUS_FAIL || !covers_row(w, f, t))
				continue;
			t->status = STATUS_WAIVED;
			t->waiver = waiver_json(w);
			w->applied++;
			rows = 1;
		}
		if (v->ntargets == 0 && v->status == STATUS_FAIL &&
		    covers_rule(w, f, v)) {
			v->status = STATUS_WAIVED;
			v->waiver = waiver_json(w);
			w->applied++;
		}
	}
	/* The rule failed through its rows: it is now what they are, and
	 * its reason counts what still fails. */
	if (rows && v->status == STATUS_FAIL)
		verdict_from_rows(v);
}

json_t *
waivers_report(struct waivers *ws, time_t now)
{
	json_t		*out = json_array(), *j;
	const char	*state;
	size_t		 i;

	for (i = 0; ws != NULL && i < ws->n; i++) {
		struct waiver *w = &ws->v[i];

		if (now >= w->until) {
			state = "expired";
			log_warn("%s: waiver for rule %s expired on %s: not "
			    "applied", w->origin, w->rule, w->expires);
		} else if (w->applied == 0) {
			state = "unmatched";
			log_warn("%s: waiver for rule %s matched no failing "
			    "result", w->origin, w->rule);
		} else
			state = "applied";
		j = waiver_json(w);
		json_object_set_new(j, "state", json_string(state));
		json_object_set_new(j, "applied", json_integer(
		    (json_int_t)w->applied));
		json_array_append_new(out, j);
	}
	return out;
}
