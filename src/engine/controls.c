/*
 * Site control mappings (controls.h): one row per (control, rule) as the
 * file writes it, checked against the benchmark run, then asked per rule
 * as each result becomes its record.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "engine/bench.h"
#include "engine/controls.h"
#include "lib/json.h"
#include "lib/util.h"
#include "lib/xmlin.h"

extern const char controls_rng_text[];	/* controls-rng.c, from controls.rng */

static const struct xmlin_schema controls_schema = { "controls",
    controls_rng_text };

struct mapping {
	char	*framework;
	char	*control;
	char	*title;		/* or NULL */
	char	*rule;		/* in the version run, once checked */
	char	*origin;	/* FILE:LINE of the <rule> */
};

struct controls {
	char		*path;
	char		 sha256[65];
	char		*benchmark;	/* <controls benchmark= version=> */
	char		*version;
	struct mapping	*v;
	size_t		 n;
};

struct controls *
controls_load(const char *path)
{
	struct controls	*c;
	struct mapping	*m;
	xmlDocPtr	 doc;
	xmlNodePtr	 root, fw, ctl, r;
	char		 sha[65], *fname, *cid, *title;

	if ((doc = xmlin_load_file(path, &controls_schema, sha)) == NULL)
		return NULL;
	c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	memcpy(c->sha256, sha, sizeof c->sha256);
	root = xmlDocGetRootElement(doc);
	c->benchmark = xmlin_attr(root, "benchmark");
	c->version = xmlin_attr(root, "version");
	for (fw = root->children; fw != NULL; fw = fw->next) {
		if (!xmlin_is(fw, "framework"))
			continue;
		fname = xmlin_attr(fw, "name");
		for (ctl = fw->children; ctl != NULL; ctl = ctl->next) {
			if (!xmlin_is(ctl, "control"))
				continue;
			cid = xmlin_attr(ctl, "id");
			title = xmlin_attr(ctl, "title");
			for (r = ctl->children; r != NULL; r = r->next) {
				if (!xmlin_is(r, "rule"))
					continue;
				c->v = xreallocarray(c->v, c->n + 1,
				    sizeof *c->v);
				m = &c->v[c->n++];
				m->framework = xstrdup(fname);
				m->control = xstrdup(cid);
				m->title = title != NULL ? xstrdup(title) :
				    NULL;
				m->rule = xmlin_attr(r, "id");
				m->origin = xasprintf("%s:%ld", path,
				    xmlGetLineNo(r));
			}
			free(cid);
			free(title);
		}
		free(fname);
	}
	xmlFreeDoc(doc);
	return c;
}

int
controls_for(struct controls *c, const struct bench *b)
{
	const char	*version, *now;
	size_t		 i, j;
	int		 errors = 0;

	if (c == NULL)
		return 0;
	if (c->benchmark != NULL && (strcmp(c->benchmark, b->id) != 0 ||
	    !bench_has_version(b, c->version))) {
		log_error("--controls %s: written for %s %s, and %s %s has no "
		    "crosswalk from it", c->path, c->benchmark, c->version,
		    b->id, b->version);
		return -1;
	}
	version = c->version != NULL ? c->version : b->version;
	for (i = 0; i < c->n; i++) {
		if (bench_map_id(b, version, c->v[i].rule, &now) == -1 ||
		    now == NULL) {
			log_error("%s: %s %s has no rule %s", c->v[i].origin,
			    b->id, version, c->v[i].rule);
			errors++;
			continue;
		}
		free(c->v[i].rule);
		c->v[i].rule = xstrdup(now);
	}
	for (i = 0; i < c->n && errors == 0; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(c->v[i].rule, c->v[j].rule) == 0 &&
			    strcmp(c->v[i].framework, c->v[j].framework) == 0 &&
			    strcmp(c->v[i].control, c->v[j].control) == 0)
				log_warn("%s: rule %s is mapped to %s %s again "
				    "(first at %s)", c->v[i].origin,
				    c->v[i].rule, c->v[i].framework,
				    c->v[i].control, c->v[j].origin);
		}
	}
	return errors > 0 ? -1 : 0;
}

json_t *
controls_of(const struct controls *c, const char *rule)
{
	json_t	*a = NULL, *e;
	size_t	 i;

	for (i = 0; c != NULL && i < c->n; i++) {
		if (strcmp(c->v[i].rule, rule) != 0)
			continue;
		e = json_pack("{s:o,s:o}", "framework", evidence_string(
		    c->v[i].framework), "id", evidence_string(c->v[i].control));
		if (c->v[i].title != NULL)
			json_object_set_new(e, "title",
			    evidence_string(c->v[i].title));
		if (a == NULL)
			a = json_array();
		json_array_append_new(a, e);
	}
	return a;
}

json_t *
controls_file_json(const struct controls *c)
{
	if (c == NULL)
		return json_null();
	return json_pack("{s:o,s:s}", "path", evidence_string(c->path),
	    "sha256", c->sha256);
}

void
controls_free(struct controls *c)
{
	size_t	i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->v[i].framework);
		free(c->v[i].control);
		free(c->v[i].title);
		free(c->v[i].rule);
		free(c->v[i].origin);
	}
	free(c->v);
	free(c->path);
	free(c->benchmark);
	free(c->version);
	free(c);
}
