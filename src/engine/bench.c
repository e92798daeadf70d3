/*
 * Loading benchmark and values files (dockaudit-benchmark(5)), and the
 * lookups on a loaded benchmark, derived ones (extends=) included.
 *
 * Files are untrusted: lib/xmlin.c reads, parses and validates them
 * against the embedded benchmark.rng; this file then checks what a schema
 * cannot say: pass= and fail= templates (before the schema, to name the
 * field), duplicate ids, rules outside their section, unknown value
 * names, probe parameters (a bad mode string).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "engine/bench.h"
#include "engine/message.h"
#include "engine/probe-kind.h"
#include "facts/engines.h"
#include "lib/util.h"
#include "lib/xmlin.h"

#ifndef BENCHDIR
#define BENCHDIR "/usr/share/dockaudit/benchmarks"
#endif
#define BENCH_NS	"urn:dockaudit:benchmark:1"

extern const char bench_rng_text[];	/* bench-rng.c, from benchmark.rng */
/* bench-digests.c: the shipped benchmarks, which the suite validates. */
extern const char *const bench_shipped_sha256[];

static const struct xmlin_schema bench_schema = { "benchmark",
    bench_rng_text };

struct load {
	struct xmlin	 in;		/* path, quiet, errors */
	struct bench	*bench;
	struct strlist	 section_ids;	/* every level, for duplicates */
	const struct probe_entry *const *probes;	/* the kinds known */
	int		 depth;		/* of extends= */
};

#define BENCH_DEPTH_MAX	4	/* a benchmark, its base, and so on */

static void
load_error(struct load *ld, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
load_error(struct load *ld, int line, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	xmlin_verror(&ld->in, line, fmt, ap);
	va_end(ap);
}

/*
 * The pass= and fail= templates, before the schema: its pattern refuses a
 * bad one too, but only as "Invalid attribute fail"; this names the field.
 * Returns the number of bad templates.
 */
static int
messages_check(struct xmlin *in, xmlNodePtr n)
{
	xmlAttrPtr	 a;
	xmlChar		*v;
	char		*cause = NULL;
	int		 bad = 0;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (a = n->properties; a != NULL; a = a->next) {
			if (a->ns != NULL || (!xmlStrEqual(a->name, BAD_CAST
			    "pass") && !xmlStrEqual(a->name, BAD_CAST "fail")))
				continue;
			v = xmlNodeGetContent((xmlNodePtr)a);
			if (msg_check(v != NULL ? (const char *)v : "",
			    &cause) == -1) {
				xmlin_error(in, xmlGetLineNo(n), "<%s> %s=: %s",
				    n->name, a->name, cause);
				free(cause);
				cause = NULL;
				bad++;
			}
			xmlFree(v);
		}
		bad += messages_check(in, n->children);
	}
	return bad;
}

/* The text of a child the schema requires; blank text is an error too. */
static char *
required_text(struct load *ld, xmlNodePtr n, const char *name)
{
	xmlNodePtr	 k = xmlin_child(n, name);
	char		*s = xmlin_text(k);

	if (*s == '\0')
		load_error(ld, xmlGetLineNo(k), "<%s> is empty", name);
	return s;
}

struct value *
bench_value(const struct bench *b, const char *name)
{
	size_t	i;

	for (i = 0; i < b->nvalues; i++) {
		if (strcmp(b->values[i].name, name) == 0)
			return &b->values[i];
	}
	return NULL;
}

static int
attr_accepted(const struct probe_entry *pe, const char *name)
{
	size_t	i;

	if ((pe->flags & PROBE_COMPARE) && (strcmp(name, "op") == 0 ||
	    strcmp(name, "value") == 0 || strcmp(name, "value-ref") == 0 ||
	    strcmp(name, "pass") == 0 || strcmp(name, "fail") == 0))
		return 1;
	for (i = 0; pe->attrs[i] != NULL; i++) {
		if (strcmp(pe->attrs[i], name) == 0)
			return 1;
	}
	return 0;
}

static struct check *
check_parse(struct load *ld, xmlNodePtr n)
{
	struct check	*c;
	xmlNodePtr	 k;
	xmlAttrPtr	 a;
	char		*cause = NULL;
	const char	*ref, *tmpl;
	struct value	*val = NULL;
	static const char *const messages[] = { "pass", "fail" };
	size_t		 m;

	c = xcalloc(1, sizeof *c);
	c->file = ld->bench->path;
	c->line = xmlGetLineNo(n);
	if (xmlin_is(n, "all") || xmlin_is(n, "any") || xmlin_is(n, "none")) {
		c->type = xmlin_is(n, "all") ? CHECK_ALL :
		    xmlin_is(n, "any") ? CHECK_ANY : CHECK_NONE;
		for (k = n->children; k != NULL; k = k->next) {
			if (k->type != XML_ELEMENT_NODE)
				continue;
			c->kids = xreallocarray(c->kids, c->nkids + 1,
			    sizeof *c->kids);
			c->kids[c->nkids++] = check_parse(ld, k);
		}
		return c;
	}
	c->type = CHECK_PROBE;
	if ((c->probe = probe_kind_find(ld->probes, (const char *)n->name)) ==
	    NULL) {
		load_error(ld, c->line, "unknown probe kind <%s>", n->name);
		return c;
	}
	for (a = n->properties; a != NULL; a = a->next) {
		char *v = xmlin_attr(n, (const char *)a->name);

		if (!attr_accepted(c->probe, (const char *)a->name))
			load_error(ld, c->line, "<%s> has no attribute \"%s\"",
			    c->probe->name, a->name);
		strlist_add(&c->attr_names, (const char *)a->name);
		strlist_add_nocopy(&c->attr_values, v);
	}
	if (c->probe->flags & PROBE_COMPARE) {
		if ((ref = check_attr(c, "value-ref")) != NULL &&
		    (val = bench_value(ld->bench, ref)) == NULL)
			load_error(ld, c->line, "unknown value \"%s\"", ref);
		else if (cond_init(&c->cond, check_attr(c, "op"),
		    check_attr(c, "value"), val, &cause) == -1) {
			load_error(ld, c->line, "<%s>: %s", c->probe->name,
			    cause);
			free(cause);
			cause = NULL;
		}
	}
	for (m = 0; m < nitems(messages); m++) {
		if ((tmpl = check_attr(c, messages[m])) != NULL &&
		    msg_check(tmpl, &cause) == -1) {
			load_error(ld, c->line, "<%s> %s=: %s", c->probe->name,
			    messages[m], cause);
			free(cause);
			cause = NULL;
		}
	}
	if (c->probe->prepare != NULL && c->probe->prepare(c, &cause) == -1) {
		load_error(ld, c->line, "<%s>: %s", c->probe->name, cause);
		free(cause);
	}
	return c;
}

/* The single condition element inside <check> or <applicable>. */
static struct check *
condition_parse(struct load *ld, xmlNodePtr n)
{
	for (n = n->children; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE)
			return check_parse(ld, n);
	}
	return NULL;
}

static int
outcome(const char *s, enum status dflt)
{
	int	st;

	if (s == NULL)
		return dflt;
	st = status_from_name(s);
	return st < 0 ? (int)dflt : st;
}

/* A <check>'s on-pass= and on-fail= (default: what it says). */
static void
outcomes(xmlNodePtr check, enum status *on_pass, enum status *on_fail)
{
	char	*s;

	s = xmlin_attr(check, "on-pass");
	*on_pass = outcome(s, STATUS_PASS);
	free(s);
	s = xmlin_attr(check, "on-fail");
	*on_fail = outcome(s, STATUS_FAIL);
	free(s);
}

/* <engine kind="podman podman-rootless" status= reason=>, or with a
 * <check>, or neither (the rule's own check, with the element's on-pass,
 * on-fail and scored): the schema has checked the words. */
static void
rule_engine_parse(struct load *ld, struct rule *r, xmlNodePtr n)
{
	struct rule_engine	*e;
	xmlNodePtr		 k;
	char			*s, *cause = NULL;
	size_t			 i;

	r->engines = xreallocarray(r->engines, r->nengines + 1,
	    sizeof *r->engines);
	e = &r->engines[r->nengines++];
	memset(e, 0, sizeof *e);
	e->line = xmlGetLineNo(n);
	s = xmlin_attr(n, "kind");
	if (engine_kinds_parse(s, &e->kinds, &cause) == -1) {
		load_error(ld, e->line, "rule %s: <engine kind=\"%s\">: %s",
		    r->id, s, cause);
		free(cause);
	}
	free(s);
	e->scored = -1;
	if ((s = xmlin_attr(n, "scored")) != NULL)
		e->scored = strcmp(s, "true") == 0;
	free(s);
	for (i = 0; i + 1 < r->nengines; i++) {
		if (r->engines[i].kinds & e->kinds)
			load_error(ld, e->line, "rule %s: an engine named by "
			    "two <engine> elements (the other at line %d)",
			    r->id, r->engines[i].line);
	}
	if ((k = xmlin_child(n, "check")) != NULL) {
		outcomes(k, &e->on_pass, &e->on_fail);
		e->check = condition_parse(ld, k);
		return;
	}
	if ((s = xmlin_attr(n, "status")) == NULL) {
		/* The rule's check, decided or scored otherwise here. */
		e->own = 1;
		outcomes(n, &e->on_pass, &e->on_fail);
		return;
	}
	e->status = status_from_name(s);
	free(s);
	e->reason = xmlin_attr(n, "reason");
}

const struct rule_engine *
rule_engine_for(const struct rule *r, int k)
{
	size_t	i;

	for (i = 0; i < r->nengines; i++) {
		if (r->engines[i].kinds & ENGINE_MASK(k))
			return &r->engines[i];
	}
	return NULL;
}

static void
rule_parse(struct load *ld, xmlNodePtr n, const char *section,
    const char *top)
{
	struct bench	*b = ld->bench;
	struct rule	*r;
	xmlNodePtr	 k;
	char		*s;
	size_t		 i;

	b->rules = xreallocarray(b->rules, b->nrules + 1, sizeof *b->rules);
	r = &b->rules[b->nrules++];
	memset(r, 0, sizeof *r);
	r->line = xmlGetLineNo(n);
	r->id = xmlin_attr(n, "id");
	r->section = xstrdup(top);
	for (i = 0; i + 1 < b->nrules; i++) {
		if (strcmp(b->rules[i].id, r->id) == 0)
			load_error(ld, r->line, "duplicate rule id %s (first at "
			    "line %d)", r->id, b->rules[i].line);
	}
	if (strncmp(r->id, section, strlen(section)) != 0 ||
	    r->id[strlen(section)] != '.')
		load_error(ld, r->line, "rule %s is not numbered within "
		    "section %s", r->id, section);
	s = xmlin_attr(n, "level");
	r->level = atoi(s);
	free(s);
	s = xmlin_attr(n, "scored");
	r->scored = strcmp(s, "true") == 0 || strcmp(s, "1") == 0;
	free(s);
	s = xmlin_attr(n, "severity");
	r->severity = severity_from_name(s);
	free(s);
	r->title = required_text(ld, n, "title");
	r->description = required_text(ld, n, "description");
	r->rationale = required_text(ld, n, "rationale");
	r->remediation = required_text(ld, n, "remediation");
	for (k = xmlin_child(n, "references")->children; k != NULL; k = k->next) {
		if (xmlin_is(k, "ref"))
			strlist_add_nocopy(&r->refs, xmlin_text(k));
	}
	if ((k = xmlin_child(n, "applicable")) != NULL) {
		r->na_reason = xmlin_attr(k, "reason");
		r->applicable = condition_parse(ld, k);
	}
	k = xmlin_child(n, "check");
	outcomes(k, &r->on_pass, &r->on_fail);
	r->check = condition_parse(ld, k);
	for (k = n->children; k != NULL; k = k->next) {
		if (xmlin_is(k, "engine"))
			rule_engine_parse(ld, r, k);
	}
}

static void
section_parse(struct load *ld, xmlNodePtr n, const char *parent,
    const char *top)
{
	struct bench	*b = ld->bench;
	char		*id, *title;
	xmlNodePtr	 k;

	id = xmlin_attr(n, "id");
	if (strlist_has(&ld->section_ids, id))
		load_error(ld, xmlGetLineNo(n), "duplicate section id %s", id);
	else
		strlist_add(&ld->section_ids, id);
	if (parent != NULL && (strncmp(id, parent, strlen(parent)) != 0 ||
	    id[strlen(parent)] != '.'))
		load_error(ld, xmlGetLineNo(n), "section %s is not numbered "
		    "within section %s", id, parent);
	if (top == NULL) {
		title = xmlin_attr(n, "title");
		b->sections = xreallocarray(b->sections, b->nsections + 1,
		    sizeof *b->sections);
		b->sections[b->nsections].id = xstrdup(id);
		b->sections[b->nsections++].title = title;
		top = b->sections[b->nsections - 1].id;
	}
	for (k = n->children; k != NULL; k = k->next) {
		if (xmlin_is(k, "section"))
			section_parse(ld, k, id, top);
		else if (xmlin_is(k, "rule"))
			rule_parse(ld, k, id, top);
	}
	free(id);
}

/* <value> elements into b->values, or over existing ones (values files). */
static void
values_parse(struct load *ld, xmlNodePtr n, int declare)
{
	struct bench	*b = ld->bench;
	struct value	*v;
	xmlNodePtr	 k, it;
	char		*name;

	for (k = n->children; k != NULL; k = k->next) {
		if (!xmlin_is(k, "value"))
			continue;
		name = xmlin_attr(k, "name");
		v = bench_value(b, name);
		if (declare) {
			if (v != NULL) {
				load_error(ld, xmlGetLineNo(k), "duplicate "
				    "value \"%s\" (first at line %d)", name,
				    v->line);
				free(name);
				continue;
			}
			b->values = xreallocarray(b->values, b->nvalues + 1,
			    sizeof *b->values);
			v = &b->values[b->nvalues++];
			memset(v, 0, sizeof *v);
			v->name = name;
			v->description = xmlin_attr(k, "description");
		} else {
			free(name);
			if (v == NULL) {
				xmlChar *nm = xmlGetProp(k,
				    (const xmlChar *)"name");

				load_error(ld, xmlGetLineNo(k), "unknown value "
				    "\"%s\": benchmark %s declares no such "
				    "value", nm, b->id);
				xmlFree(nm);
				continue;
			}
			strlist_free(&v->items);
		}
		v->line = xmlGetLineNo(k);
		free(v->origin);
		v->origin = xstrdup(ld->in.path);
		for (it = k->children; it != NULL; it = it->next) {
			if (xmlin_is(it, "item"))
				strlist_add_nocopy(&v->items, xmlin_text(it));
		}
	}
}

const struct probe_entry *
probe_kind_find(const struct probe_entry *const *table, const char *name)
{
	size_t	i;

	for (i = 0; table != NULL && table[i] != NULL; i++) {
		if (strcmp(table[i]->name, name) == 0)
			return table[i];
	}
	return NULL;
}

/* NAME.xml in the benchmark directories, or NULL; never a path. */
static char *
bench_by_name(const char *name)
{
	const char	*env = getenv("DOCKAUDIT_BENCHDIR");
	char		*path;

	if (env != NULL && *env != '\0') {
		path = xasprintf("%s/%s.xml", env, name);
		if (access(path, F_OK) == 0)
			return path;
		free(path);
	}
	path = xasprintf("%s/%s.xml", BENCHDIR, name);
	if (access(path, F_OK) == 0)
		return path;
	free(path);
	return NULL;
}

/* "$DOCKAUDIT_BENCHDIR or DIR", for errors. */
static char *
bench_dirs(void)
{
	const char	*env = getenv("DOCKAUDIT_BENCHDIR");

	return xasprintf("%s%s%s", env != NULL && *env != '\0' ? env : "",
	    env != NULL && *env != '\0' ? " or " : "", BENCHDIR);
}

char *
bench_find(const char *name, char **dirs)
{
	char	*path;

	if (strchr(name, '/') != NULL || (strlen(name) > 4 &&
	    strcmp(name + strlen(name) - 4, ".xml") == 0))
		return xstrdup(name);
	if ((path = bench_by_name(name)) != NULL)
		return path;
	*dirs = bench_dirs();
	return NULL;
}

static struct bench *bench_load_depth(const char *,
    const struct probe_entry *const *, int, int);

/* The crosswalk steps of a chain, oldest first: each from one version to the next. */
static void
step_free(struct bench_step *s)
{
	free(s->from_version);
	free(s->to_version);
	strlist_free(&s->map_from);
	strlist_free(&s->map_to);
	strlist_free(&s->dropped);
	strlist_free(&s->added);
}

struct rule *
bench_rule(const struct bench *b, const char *id)
{
	size_t	i;

	for (i = 0; i < b->nrules; i++) {
		if (strcmp(b->rules[i].id, id) == 0)
			return &b->rules[i];
	}
	return NULL;
}

static void
rule_clear(struct rule *r)
{
	size_t	i;

	free(r->id);
	free(r->section);
	free(r->title);
	free(r->description);
	free(r->rationale);
	free(r->remediation);
	strlist_free(&r->refs);
	check_free(r->applicable);
	check_free(r->check);
	free(r->na_reason);
	for (i = 0; i < r->nengines; i++) {
		check_free(r->engines[i].check);
		free(r->engines[i].reason);
	}
	free(r->engines);
}

/* "2.10" after "2.9": ids compared number by number. */
static int
id_cmp(const char *a, const char *b)
{
	char	*ea, *eb;
	long	 x, y;

	while (*a != '\0' && *b != '\0') {
		x = strtol(a, &ea, 10);
		y = strtol(b, &eb, 10);
		if (x != y)
			return x < y ? -1 : 1;
		a = *ea == '.' ? ea + 1 : ea;
		b = *eb == '.' ? eb + 1 : eb;
	}
	return *a != '\0' ? 1 : *b != '\0' ? -1 : 0;
}

static int
rule_order(const void *a, const void *b)
{
	return id_cmp(((const struct rule *)a)->id,
	    ((const struct rule *)b)->id);
}

/* <crosswalk from-version="V"><map from="2.7" to="2.8"/>: renames at once. */
static void
apply_crosswalk(struct load *ld, xmlNodePtr n, struct bench_step *st)
{
	struct bench	*b = ld->bench;
	struct rule	**at;
	xmlNodePtr	 k;
	char		*from, *to;
	size_t		 i, nmaps;

	for (k = n->children; k != NULL; k = k->next) {
		if (!xmlin_is(k, "map"))
			continue;
		from = xmlin_attr(k, "from");
		to = xmlin_attr(k, "to");
		if (strlist_has(&st->map_from, from))
			load_error(ld, xmlGetLineNo(k), "rule %s is mapped "
			    "twice", from);
		else if (strlist_has(&st->map_to, to))
			load_error(ld, xmlGetLineNo(k), "two rules are mapped "
			    "to %s", to);
		else if (bench_rule(b, from) == NULL)
			load_error(ld, xmlGetLineNo(k), "crosswalk: %s %s has "
			    "no rule %s", b->id, st->from_version, from);
		strlist_add_nocopy(&st->map_from, from);
		strlist_add_nocopy(&st->map_to, to);
	}
	nmaps = st->map_from.n;
	at = xcalloc(nmaps + 1, sizeof *at);
	for (i = 0; i < nmaps; i++)
		at[i] = bench_rule(b, st->map_from.v[i]);
	for (i = 0; i < nmaps; i++) {
		if (at[i] == NULL)
			continue;
		free(at[i]->id);
		at[i]->id = xstrdup(st->map_to.v[i]);
	}
	free(at);
}

/*
 * ref-prefix="CIS Docker Benchmark": a reference "PREFIX OLD-VERSION ID"
 * now reads "PREFIX NEW-VERSION NEW-ID" (the rule's id after the renames).
 */
static void
rewrite_refs(struct bench *b, const char *prefix, struct bench_step *st)
{
	char	*old;
	size_t	 i, j, n;

	old = xasprintf("%s %s ", prefix, st->from_version);
	n = strlen(old);
	for (i = 0; i < b->nrules; i++) {
		for (j = 0; j < b->rules[i].refs.n; j++) {
			if (strncmp(b->rules[i].refs.v[j], old, n) != 0)
				continue;
			free(b->rules[i].refs.v[j]);
			b->rules[i].refs.v[j] = xasprintf("%s %s %s", prefix,
			    st->to_version, b->rules[i].id);
		}
	}
	free(old);
}

/* <drop rule="X"/>: X is not in this version. */
static void
apply_drop(struct load *ld, xmlNodePtr k, struct bench_step *st)
{
	struct bench	*b = ld->bench;
	struct rule	*r;
	char		*id = xmlin_attr(k, "rule");

	if ((r = bench_rule(b, id)) == NULL) {
		load_error(ld, xmlGetLineNo(k), "drop: no rule %s", id);
		free(id);
		return;
	}
	rule_clear(r);
	memmove(r, r + 1, (size_t)(&b->rules[b->nrules] - (r + 1)) *
	    sizeof *r);
	b->nrules--;
	strlist_add_nocopy(&st->dropped, id);
}

/* <override rule="X" severity= level=>: new texts or attributes. */
static void
apply_override(struct load *ld, xmlNodePtr n)
{
	struct bench	*b = ld->bench;
	struct rule	*r;
	xmlNodePtr	 k;
	char		*id = xmlin_attr(n, "rule"), *s, **field;

	if ((r = bench_rule(b, id)) == NULL) {
		load_error(ld, xmlGetLineNo(n), "override: no rule %s", id);
		free(id);
		return;
	}
	free(id);
	if ((s = xmlin_attr(n, "severity")) != NULL)
		r->severity = severity_from_name(s);
	free(s);
	if ((s = xmlin_attr(n, "level")) != NULL)
		r->level = atoi(s);
	free(s);
	for (k = n->children; k != NULL; k = k->next) {
		field = xmlin_is(k, "title") ? &r->title :
		    xmlin_is(k, "description") ? &r->description :
		    xmlin_is(k, "rationale") ? &r->rationale :
		    xmlin_is(k, "remediation") ? &r->remediation : NULL;
		if (field != NULL) {
			free(*field);
			*field = xmlin_text(k);
		} else if (xmlin_is(k, "references")) {
			strlist_free(&r->refs);
			for (k = k->children; k != NULL; k = k->next) {
				if (xmlin_is(k, "ref"))
					strlist_add_nocopy(&r->refs,
					    xmlin_text(k));
			}
			break;
		}
	}
}

/* <add section="2"> rules: new in this version, placed by their ids. */
static void
apply_add(struct load *ld, xmlNodePtr n, struct bench_step *st)
{
	struct bench	*b = ld->bench;
	xmlNodePtr	 k;
	char		*sec = xmlin_attr(n, "section");
	const char	*top = NULL;
	size_t		 i;

	for (i = 0; i < b->nsections; i++) {
		if (strncmp(sec, b->sections[i].id,
		    strlen(b->sections[i].id)) == 0 &&
		    (sec[strlen(b->sections[i].id)] == '\0' ||
		    sec[strlen(b->sections[i].id)] == '.'))
			top = b->sections[i].id;
	}
	if (top == NULL)
		load_error(ld, xmlGetLineNo(n), "add: %s %s has no section %s",
		    b->id, st->from_version, sec);
	else {
		for (k = n->children; k != NULL; k = k->next) {
			if (!xmlin_is(k, "rule"))
				continue;
			rule_parse(ld, k, sec, top);
			strlist_add(&st->added, b->rules[b->nrules - 1].id);
		}
	}
	free(sec);
}

/*
 * extends="NAME": the base is loaded first (by name only, from the
 * benchmark directories: never a path, so no file is read that the user
 * did not name or dockaudit did not ship), then this file's crosswalk,
 * drops, overrides and additions are applied in that order.
 */
/*
 * Versions in order: dotted parts compared as numbers when both are
 * (1.10.0 after 1.9.0), else as text. <0, 0 or >0.
 */
static int
version_cmp(const char *a, const char *b)
{
	char		*ea, *eb;
	unsigned long	 na, nb;
	size_t		 la, lb;
	int		 c;

	while (*a != '\0' || *b != '\0') {
		la = strcspn(a, ".");
		lb = strcspn(b, ".");
		na = strtoul(a, &ea, 10);
		nb = strtoul(b, &eb, 10);
		if (ea == a + la && eb == b + lb && la > 0 && lb > 0) {
			if (na != nb)
				return na < nb ? -1 : 1;
		} else if ((c = strncmp(a, b, la < lb ? la : lb)) != 0 ||
		    la != lb)
			return c != 0 ? c : la < lb ? -1 : 1;
		a += la + (a[la] == '.');
		b += lb + (b[lb] == '.');
	}
	return 0;
}

static struct bench *
derive(struct load *ld, xmlNodePtr root, const char *sha)
{
	struct bench		*b;
	struct bench_step	*st;
	xmlNodePtr		 k;
	char			*base, *path, *from, cat[140];

	base = xmlin_attr(root, "extends");
	if (ld->depth >= BENCH_DEPTH_MAX) {
		load_error(ld, xmlGetLineNo(root), "extends=\"%s\": more than "
		    "%d benchmarks deep (a loop?)", base, BENCH_DEPTH_MAX);
		free(base);
		return NULL;
	}
	if ((path = bench_by_name(base)) == NULL) {
		from = bench_dirs();
		load_error(ld, xmlGetLineNo(root), "extends=\"%s\": no "
		    "benchmark of that name in %s (a base is found by name "
		    "only)", base, from);
		free(from);
		free(base);
		return NULL;
	}
	b = bench_load_depth(path, ld->probes, ld->depth + 1, ld->in.quiet);
	free(path);
	if (b == NULL) {
		load_error(ld, xmlGetLineNo(root), "extends=\"%s\": the base "
		    "benchmark is not valid", base);
		free(base);
		return NULL;
	}
	free(base);
	ld->bench = b;
	b->steps = xreallocarray(b->steps, b->nsteps + 1, sizeof *b->steps);
	st = &b->steps[b->nsteps++];
	memset(st, 0, sizeof *st);
	st->from_version = xstrdup(b->version);
	st->to_version = xmlin_attr(root, "version");
	from = xmlin_attr(root, "id");
	if (strcmp(from, b->id) != 0)
		load_error(ld, xmlGetLineNo(root), "%s extends %s: a benchmark "
		    "extends an earlier version of its own id", from, b->id);
	else if (st->to_version != NULL && version_cmp(st->to_version,
	    b->version) <= 0)
		load_error(ld, xmlGetLineNo(root), "version %s extends %s %s: "
		    "a benchmark extends an earlier version of its own id",
		    st->to_version, b->id, b->version);
	free(from);
	if ((k = xmlin_child(root, "crosswalk")) != NULL) {
		from = xmlin_attr(k, "from-version");
		if (strcmp(from, b->version) != 0)
			load_error(ld, xmlGetLineNo(k), "crosswalk from %s, but "
			    "the base is %s %s", from, b->id, b->version);
		free(from);
		apply_crosswalk(ld, k, st);
		if ((from = xmlin_attr(k, "ref-prefix")) != NULL)
			rewrite_refs(b, from, st);
		free(from);
	}
	for (k = root->children; k != NULL; k = k->next) {
		if (xmlin_is(k, "drop"))
			apply_drop(ld, k, st);
		else if (xmlin_is(k, "override"))
			apply_override(ld, k);
	}
	for (k = root->children; k != NULL; k = k->next) {
		if (xmlin_is(k, "add"))
			apply_add(ld, k, st);
	}
	qsort(b->rules, b->nrules, sizeof *b->rules, rule_order);
	/* The digest covers this file and, through it, the base's. */
	snprintf(cat, sizeof cat, "%s %s", sha, b->sha256);
	sha256_hex(cat, strlen(cat), b->sha256);
	free(b->version);
	free(b->title);
	/* The base's file is read too: an input no report may overwrite. */
	strlist_add_nocopy(&b->bases, b->path);
	b->version = st->to_version != NULL ? xstrdup(st->to_version) : NULL;
	b->title = xmlin_attr(root, "title");
	b->path = xstrdup(ld->in.path);
	return b;
}

/* A waivers or attestations file given as a benchmark or values file: say which it is,
 * not the schema's "Did not expect element waivers". */
static int
bench_precheck(struct xmlin *in, xmlNodePtr root)
{
	if (xmlin_is(root, "waivers")) {
		xmlin_error(in, xmlGetLineNo(root), "this is a waivers file: "
		    "give it with --waivers");
		return 1;
	}
	if (xmlin_is(root, "attestations")) {
		xmlin_error(in, xmlGetLineNo(root), "this is an attestations "
		    "file: give it with --attestations");
		return 1;
	}
	return messages_check(in, root);
}

static struct bench *
bench_load_depth(const char *path, const struct probe_entry *const *probes,
    int depth, int quiet)
{
	struct load	 ld = { .in = { .path = path, .quiet = quiet,
	    .trusted = bench_shipped_sha256, .precheck = bench_precheck },
	    .probes = probes, .depth = depth };
	struct bench	*b;
	xmlDocPtr	 doc;
	xmlNodePtr	 root, k;
	char		 sha[65];

	if ((doc = xmlin_load(&ld.in, &bench_schema, sha)) == NULL)
		return NULL;
	root = xmlDocGetRootElement(doc);
	if (!xmlin_is(root, "benchmark")) {
		load_error(&ld, xmlGetLineNo(root), "this is a values file, "
		    "not a benchmark");
		xmlFreeDoc(doc);
		return NULL;
	}
	if (xmlHasProp(root, (const xmlChar *)"extends")) {
		b = derive(&ld, root, sha);
	} else {
		b = xcalloc(1, sizeof *b);
		ld.bench = b;
		b->path = xstrdup(path);
		memcpy(b->sha256, sha, sizeof b->sha256);
		b->version = xmlin_attr(root, "version");
		b->title = xmlin_attr(root, "title");
	}
	if (b != NULL) {
		free(b->id);
		b->id = xmlin_attr(root, "id");
		if ((k = xmlin_child(root, "values")) != NULL)
			values_parse(&ld, k, 1);
		for (k = root->children; k != NULL; k = k->next) {
			if (xmlin_is(k, "section"))
				section_parse(&ld, k, NULL, NULL);
		}
	}
	xmlFreeDoc(doc);
	strlist_free(&ld.section_ids);
	if (ld.in.errors > 0) {
		bench_free(b);
		return NULL;
	}
	return b;
}

struct bench *
bench_load(const char *path, const struct probe_entry *const *probes)
{
	return bench_load_depth(path, probes, 0, 0);
}

int
bench_load_values(struct bench *b, const char *path)
{
	struct load	ld = { .in = { .path = path,
	    .precheck = bench_precheck }, .bench = b };
	xmlDocPtr	doc;
	xmlNodePtr	root;
	char		sha[65];

	if ((doc = xmlin_load(&ld.in, &bench_schema, sha)) == NULL)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (!xmlin_is(root, "values"))
		load_error(&ld, xmlGetLineNo(root), "this is a benchmark, not "
		    "a values file");
	else
		values_parse(&ld, root, 0);
	xmlFreeDoc(doc);
	free(b->values_path);
	b->values_path = xstrdup(path);
	memcpy(b->values_sha256, sha, sizeof b->values_sha256);
	return ld.in.errors > 0 ? -1 : 0;
}

/* 1 benchmark, 2 values file, 0 neither (errors printed), for validate. */
int
bench_file_kind(const char *path)
{
	struct xmlin	in = { .path = path, .precheck = messages_check };
	xmlDocPtr	doc;
	char		sha[65];
	int		kind;

	if ((doc = xmlin_load(&in, &bench_schema, sha)) == NULL)
		return 0;
	kind = xmlin_is(xmlDocGetRootElement(doc), "benchmark") ? 1 : 2;
	xmlFreeDoc(doc);
	return kind;
}

int
bench_peek(const char *path, char **id, char **version, char **title)
{
	struct xmlin	in = { .path = path, .quiet = 1,
	    .trusted = bench_shipped_sha256, .precheck = messages_check };
	xmlDocPtr	doc;
	xmlNodePtr	root;
	char		sha[65];

	if ((doc = xmlin_load(&in, &bench_schema, sha)) == NULL)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (!xmlin_is(root, "benchmark")) {
		xmlFreeDoc(doc);
		return -1;
	}
	*id = xmlin_attr(root, "id");
	*version = xmlin_attr(root, "version");
	*title = xmlin_attr(root, "title");
	xmlFreeDoc(doc);
	return 0;
}

const char *
section_title(const struct bench *b, const char *id)
{
	size_t	i;

	for (i = 0; i < b->nsections; i++) {
		if (strcmp(b->sections[i].id, id) == 0)
			return b->sections[i].title;
	}
	return "";
}

void
bench_free(struct bench *b)
{
	size_t	i;

	if (b == NULL)
		return;
	for (i = 0; i < b->nrules; i++)
		rule_clear(&b->rules[i]);
	free(b->rules);
	for (i = 0; i < b->nvalues; i++) {
		free(b->values[i].name);
		free(b->values[i].description);
		free(b->values[i].origin);
		strlist_free(&b->values[i].items);
	}
	free(b->values);
	for (i = 0; i < b->nsections; i++) {
		free(b->sections[i].id);
		free(b->sections[i].title);
	}
	free(b->sections);
	for (i = 0; i < b->nsteps; i++)
		step_free(&b->steps[i]);
	free(b->steps);
	free(b->id);
	free(b->version);
	free(b->title);
	free(b->path);
	strlist_free(&b->bases);
	free(b->values_path);
	free(b);
}

/* The step that starts at VERSION, or -1. */
static int
step_from(const struct bench *b, const char *version)
{
	size_t	i;

	for (i = 0; i < b->nsteps; i++) {
		if (strcmp(b->steps[i].from_version, version) == 0)
			return (int)i;
	}
	return -1;
}

static const char *
list_lookup(const struct strlist *keys, const struct strlist *vals,
    const char *key)
{
	size_t	i;

	for (i = 0; i < keys->n; i++) {
		if (strcmp(keys->v[i], key) == 0)
			return vals->v[i];
	}
	return NULL;
}

int
bench_has_version(const struct bench *b, const char *version)
{
	return strcmp(version, b->version) == 0 || step_from(b, version) >= 0;
}

int
bench_map_id(const struct bench *b, const char *version, const char *id,
    const char **out)
{
	const char	*to;
	int		 s;
	size_t		 i;

	*out = NULL;
	if (strcmp(version, b->version) == 0)
		s = (int)b->nsteps;
	else if ((s = step_from(b, version)) < 0)
		return -1;
	for (i = (size_t)s; i < b->nsteps; i++) {
		if ((to = list_lookup(&b->steps[i].map_from,
		    &b->steps[i].map_to, id)) != NULL)
			id = to;
		if (strlist_has(&b->steps[i].dropped, id))
			return 0;
	}
	for (i = 0; i < b->nrules; i++) {
		if (strcmp(b->rules[i].id, id) == 0)
			*out = b->rules[i].id;
	}
	return *out != NULL ? 0 : 1;
}

int
bench_rule_in(const struct bench *b, const char *version, const char *id)
{
	const char	*from;
	int		 s;
	size_t		 i;

	if (strcmp(version, b->version) == 0)
		return 1;
	if ((s = step_from(b, version)) < 0)
		return 0;
	for (i = b->nsteps; i-- > (size_t)s;) {
		if (strlist_has(&b->steps[i].added, id))
			return 0;
		if ((from = list_lookup(&b->steps[i].map_to,
		    &b->steps[i].map_from, id)) != NULL)
			id = from;
	}
	return 1;
}

int
bench_rule_id_ok(const char *s)
{
	int	digits = 0;

	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s != '.' || digits == 0)
			return 0;
		else
			digits = 0;
	}
	return digits > 0;
}
