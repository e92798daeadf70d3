/*
 * Loading benchmark and values files (dockaudit-benchmark(5)).
 *
 * Files are untrusted: parsed from memory with network access and entity
 * substitution off, any DOCTYPE refused (no DTD, no entities, no XXE, no
 * entity bomb), validated against the embedded benchmark.rng, then checked
 * for what a schema cannot say: duplicate ids, rules outside their section,
 * unknown value names, probe parameters (a bad mode string).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>

#include "engine/bench.h"
#include "engine/message.h"
#include "engine/probe-kind.h"
#include "lib/util.h"

#define BENCH_FILE_MAX	(4u << 20)

#ifndef BENCHDIR
#define BENCHDIR "/usr/share/dockaudit/benchmarks"
#endif
#define BENCH_NS	"urn:dockaudit:benchmark:1"

extern const char bench_rng_text[];	/* bench-rng.c, from benchmark.rng */
extern const char waivers_rng_text[];	/* waivers-rng.c, from waivers.rng */
extern const char controls_rng_text[];	/* controls-rng.c, from controls.rng */

struct load {
	const char	*path;
	int		 errors;
	struct bench	*bench;
	int		 doctype;	/* line of a refused DOCTYPE */
	struct strlist	 section_ids;	/* every level, for duplicates */
	int		 trust_shipped;	/* skip the schema for shipped files */
	const struct probe_entry *const *probes;	/* the kinds known */
	int		 quiet;		/* count errors, print none */
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
	char	*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (ld->quiet)
		;
	else if (line > 0)
		log_error("%s:%d: %s", ld->path, line, msg);
	else
		log_error("%s: %s", ld->path, msg);
	free(msg);
	ld->errors++;
}

/* libxml2's structured errors: one line each, file:line first. */
static void
xml_error(void *arg, xmlErrorPtr err)
{
	struct load	*ld = arg;
	char		*msg;
	size_t		 n;

	if (err == NULL || err->level == XML_ERR_WARNING || ld->doctype > 0)
		return;
	msg = xstrdup(err->message != NULL ? err->message : "XML error");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	load_error(ld, err->line, "%s", msg);
	free(msg);
}

static int
read_file(struct load *ld, char **data, size_t *len)
{
	struct buf	b;
	char		chunk[65536];
	ssize_t		n;
	int		fd;
	struct stat	st;

	if ((fd = open(ld->path, O_RDONLY | O_CLOEXEC)) == -1) {
		load_error(ld, 0, "cannot open: %s", errno_cause(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		load_error(ld, 0, "cannot read: is a directory");
		return -1;
	}
	buf_init(&b, BENCH_FILE_MAX);
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		if (buf_append(&b, chunk, (size_t)n) == -1) {
			close(fd);
			buf_free(&b);
			load_error(ld, 0, "file is larger than %u bytes",
			    BENCH_FILE_MAX);
			return -1;
		}
	}
	close(fd);
	if (n < 0) {
		buf_free(&b);
		load_error(ld, 0, "cannot read: %s", errno_cause(errno));
		return -1;
	}
	*data = buf_cstr(&b);
	*len = b.len;
	return 0;
}

/*
 * SAX hook for <!DOCTYPE: stop the parser there, before any entity
 * declaration of the internal subset is read.
 */
static void
refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *public_id,
    const xmlChar *system_id)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct load		*ld = ctxt->_private;

	(void)name;
	(void)public_id;
	(void)system_id;
	ld->doctype = xmlSAX2GetLineNumber(ctx);
	xmlStopParser(ctxt);
}

extern const char *const bench_shipped_sha256[];

/* Compiled once each, released after loading. */
static xmlRelaxNGPtr	schemas[3];
static const char *const schema_names[3] = { "benchmark", "waivers",
    "controls" };

void
bench_release_schema(void)
{
	size_t	i;

	for (i = 0; i < nitems(schemas); i++) {
		if (schemas[i] != NULL)
			xmlRelaxNGFree(schemas[i]);
		schemas[i] = NULL;
	}
}

static xmlRelaxNGPtr
schema_get(int kind)
{
	xmlRelaxNGParserCtxtPtr	pctxt;
	const char		*text;

	if (schemas[kind] != NULL)
		return schemas[kind];
	text = kind == XML_SCHEMA_WAIVERS ? waivers_rng_text :
	    kind == XML_SCHEMA_CONTROLS ? controls_rng_text : bench_rng_text;
	pctxt = xmlRelaxNGNewMemParserCtxt(text, (int)strlen(text));
	if (pctxt == NULL)
		fatal("cannot load the embedded %s schema", schema_names[kind]);
	schemas[kind] = xmlRelaxNGParse(pctxt);
	xmlRelaxNGFreeParserCtxt(pctxt);
	if (schemas[kind] == NULL)
		fatal("the embedded %s schema is invalid", schema_names[kind]);
	return schemas[kind];
}

/*
 * Read, parse and validate a file of ours. Returns the document, or NULL
 * after printing every error. *sha256 gets the digest of the bytes.
 */
/* A byte-for-byte copy of a benchmark dockaudit ships (and its suite validates). */
static int
shipped(const char *sha256)
{
	size_t	i;

	for (i = 0; bench_shipped_sha256[i] != NULL; i++) {
		if (strcmp(bench_shipped_sha256[i], sha256) == 0)
			return 1;
	}
	return 0;
}

/*
 * The pass= and fail= templates, before the schema: its pattern refuses a
 * bad one too, but only as "Invalid attribute fail"; this names the field.
 * Returns the number of bad templates.
 */
static int
messages_check(struct load *ld, xmlNodePtr n)
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
				load_error(ld, xmlGetLineNo(n), "<%s> %s=: %s",
				    n->name, a->name, cause);
				free(cause);
				cause = NULL;
				bad++;
			}
			xmlFree(v);
		}
		bad += messages_check(ld, n->children);
	}
	return bad;
}

static xmlDocPtr
xml_load(struct load *ld, char sha256[65], int kind)
{
	xmlDocPtr		doc;
	xmlParserCtxtPtr	ctxt;
	xmlRelaxNGValidCtxtPtr	vctxt;
	char			*data;
	size_t			 len;
	int			 rc;

	if (read_file(ld, &data, &len) == -1)
		return NULL;
	sha256_hex(data, len, sha256);
	if ((ctxt = xmlNewParserCtxt()) == NULL)
		fatal("out of memory");
	ctxt->_private = ld;
	ctxt->sax->internalSubset = refuse_doctype;
	xmlSetStructuredErrorFunc(ld, xml_error);
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, ld->path, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_NOCDATA);
	xmlFreeParserCtxt(ctxt);
	if (ld->doctype > 0) {
		load_error(ld, ld->doctype, "DOCTYPE is not allowed (no DTDs "
		    "or entities)");
		goto fail;
	}
	if (doc == NULL) {
		if (ld->errors == 0)
			load_error(ld, 0, "not a well-formed XML document");
		goto fail;
	}
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		load_error(ld, 1, "DOCTYPE is not allowed (no DTDs or "
		    "entities)");
		goto fail;
	}
	if (ld->errors > 0)
		goto fail;
	if (ld->trust_shipped && kind == XML_SCHEMA_BENCH && shipped(sha256))
		goto valid;
	if (kind == XML_SCHEMA_BENCH && messages_check(ld,
	    xmlDocGetRootElement(doc)) > 0)
		goto fail;
	if ((vctxt = xmlRelaxNGNewValidCtxt(schema_get(kind))) == NULL)
		fatal("out of memory");
	xmlRelaxNGSetValidStructuredErrors(vctxt, xml_error, ld);
	rc = xmlRelaxNGValidateDoc(vctxt, doc);
	xmlRelaxNGFreeValidCtxt(vctxt);
	if (rc != 0) {
		if (ld->errors == 0)
			load_error(ld, 0, "does not match the %s schema",
			    schema_names[kind]);
		goto fail;
	}
valid:
	xmlSetStructuredErrorFunc(NULL, NULL);
	free(data);
	return doc;

fail:
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (doc != NULL)
		xmlFreeDoc(doc);
	free(data);
	return NULL;
}

int
bench_xml_is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

char *
bench_xml_attr(xmlNodePtr n, const char *name)
{
	xmlChar	*v;
	char	*s;

	if ((v = xmlGetProp(n, (const xmlChar *)name)) == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/* Element text with runs of white space folded to one space. */
static char *
text_dup(xmlNodePtr n)
{
	xmlChar	*v;
	char	*s, *p, *q;
	int	 space = 0;

	v = xmlNodeGetContent(n);
	s = xstrdup(v != NULL ? (const char *)v : "");
	xmlFree(v);
	for (p = q = s; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = q != s;
			continue;
		}
		if (space)
			*q++ = ' ';
		space = 0;
		*q++ = *p;
	}
	*q = '\0';
	return s;
}

static xmlNodePtr
child(xmlNodePtr n, const char *name)
{
	for (n = n->children; n != NULL; n = n->next) {
		if (bench_xml_is(n, name))
			return n;
	}
	return NULL;
}

/* The text of a child the schema requires; blank text is an error too. */
static char *
required_text(struct load *ld, xmlNodePtr n, const char *name)
{
	xmlNodePtr	 k = child(n, name);
	char		*s = text_dup(k);

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
	if (bench_xml_is(n, "all") || bench_xml_is(n, "any") || bench_xml_is(n, "none")) {
		c->type = bench_xml_is(n, "all") ? CHECK_ALL :
		    bench_xml_is(n, "any") ? CHECK_ANY : CHECK_NONE;
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
		char *v = bench_xml_attr(n, (const char *)a->name);

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
	r->id = bench_xml_attr(n, "id");
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
	s = bench_xml_attr(n, "level");
	r->level = atoi(s);
	free(s);
	s = bench_xml_attr(n, "scored");
	r->scored = strcmp(s, "true") == 0 || strcmp(s, "1") == 0;
	free(s);
	s = bench_xml_attr(n, "severity");
	r->severity = severity_from_name(s);
	free(s);
	r->title = required_text(ld, n, "title");
	r->description = required_text(ld, n, "description");
	r->rationale = required_text(ld, n, "rationale");
	r->remediation = required_text(ld, n, "remediation");
	for (k = child(n, "references")->children; k != NULL; k = k->next) {
		if (bench_xml_is(k, "ref"))
			strlist_add_nocopy(&r->refs, text_dup(k));
	}
	if ((k = child(n, "applicable")) != NULL) {
		r->na_reason = bench_xml_attr(k, "reason");
		r->applicable = condition_parse(ld, k);
	}
	k = child(n, "check");
	s = bench_xml_attr(k, "on-pass");
	r->on_pass = outcome(s, STATUS_PASS);
	free(s);
	s = bench_xml_attr(k, "on-fail");
	r->on_fail = outcome(s, STATUS_FAIL);
	free(s);
	r->check = condition_parse(ld, k);
}

static void
section_parse(struct load *ld, xmlNodePtr n, const char *parent,
    const char *top)
{
	struct bench	*b = ld->bench;
	char		*id, *title;
	xmlNodePtr	 k;

	id = bench_xml_attr(n, "id");
	if (strlist_has(&ld->section_ids, id))
		load_error(ld, xmlGetLineNo(n), "duplicate section id %s", id);
	else
		strlist_add(&ld->section_ids, id);
	if (parent != NULL && (strncmp(id, parent, strlen(parent)) != 0 ||
	    id[strlen(parent)] != '.'))
		load_error(ld, xmlGetLineNo(n), "section %s is not numbered "
		    "within section %s", id, parent);
	if (top == NULL) {
		title = bench_xml_attr(n, "title");
		b->sections = xreallocarray(b->sections, b->nsections + 1,
		    sizeof *b->sections);
		b->sections[b->nsections].id = xstrdup(id);
		b->sections[b->nsections++].title = title;
		top = b->sections[b->nsections - 1].id;
	}
	for (k = n->children; k != NULL; k = k->next) {
		if (bench_xml_is(k, "section"))
			section_parse(ld, k, id, top);
		else if (bench_xml_is(k, "rule"))
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
		if (!bench_xml_is(k, "value"))
			continue;
		name = bench_xml_attr(k, "name");
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
			v->description = bench_xml_attr(k, "description");
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
		v->origin = xstrdup(ld->path);
		for (it = k->children; it != NULL; it = it->next) {
			if (bench_xml_is(it, "item"))
				strlist_add_nocopy(&v->items, text_dup(it));
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
bench_find(const char *name)
{
	char	*path, *dirs;

	if (strchr(name, '/') != NULL || (strlen(name) > 4 &&
	    strcmp(name + strlen(name) - 4, ".xml") == 0))
		return xstrdup(name);
	if ((path = bench_by_name(name)) != NULL)
		return path;
	dirs = bench_dirs();
	log_error("benchmark \"%s\" not found in %s (give a file path with "
	    "-b)", name, dirs);
	free(dirs);
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

static struct rule *
rule_by_id(struct bench *b, const char *id)
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
		if (!bench_xml_is(k, "map"))
			continue;
		from = bench_xml_attr(k, "from");
		to = bench_xml_attr(k, "to");
		if (strlist_has(&st->map_from, from))
			load_error(ld, xmlGetLineNo(k), "rule %s is mapped "
			    "twice", from);
		else if (strlist_has(&st->map_to, to))
			load_error(ld, xmlGetLineNo(k), "two rules are mapped "
			    "to %s", to);
		else if (rule_by_id(b, from) == NULL)
			load_error(ld, xmlGetLineNo(k), "crosswalk: %s %s has "
			    "no rule %s", b->id, st->from_version, from);
		strlist_add_nocopy(&st->map_from, from);
		strlist_add_nocopy(&st->map_to, to);
	}
	nmaps = st->map_from.n;
	at = xcalloc(nmaps + 1, sizeof *at);
	for (i = 0; i < nmaps; i++)
		at[i] = rule_by_id(b, st->map_from.v[i]);
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
	char		*id = bench_xml_attr(k, "rule");

	if ((r = rule_by_id(b, id)) == NULL) {
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
	char		*id = bench_xml_attr(n, "rule"), *s, **field;

	if ((r = rule_by_id(b, id)) == NULL) {
		load_error(ld, xmlGetLineNo(n), "override: no rule %s", id);
		free(id);
		return;
	}
	free(id);
	if ((s = bench_xml_attr(n, "severity")) != NULL)
		r->severity = severity_from_name(s);
	free(s);
	if ((s = bench_xml_attr(n, "level")) != NULL)
		r->level = atoi(s);
	free(s);
	for (k = n->children; k != NULL; k = k->next) {
		field = bench_xml_is(k, "title") ? &r->title :
		    bench_xml_is(k, "description") ? &r->description :
		    bench_xml_is(k, "rationale") ? &r->rationale :
		    bench_xml_is(k, "remediation") ? &r->remediation : NULL;
		if (field != NULL) {
			free(*field);
			*field = text_dup(k);
		} else if (bench_xml_is(k, "references")) {
			strlist_free(&r->refs);
			for (k = k->children; k != NULL; k = k->next) {
				if (bench_xml_is(k, "ref"))
					strlist_add_nocopy(&r->refs,
					    text_dup(k));
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
	char		*sec = bench_xml_attr(n, "section");
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
			if (!bench_xml_is(k, "rule"))
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
static struct bench *
derive(struct load *ld, xmlNodePtr root, const char *sha)
{
	struct bench		*b;
	struct bench_step	*st;
	xmlNodePtr		 k;
	char			*base, *path, *from, cat[140];

	base = bench_xml_attr(root, "extends");
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
	b = bench_load_depth(path, ld->probes, ld->depth + 1, ld->quiet);
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
	st->to_version = bench_xml_attr(root, "version");
	from = bench_xml_attr(root, "id");
	if (strcmp(from, b->id) != 0)
		load_error(ld, xmlGetLineNo(root), "%s extends %s: a benchmark "
		    "extends an earlier version of its own id", from, b->id);
	free(from);
	if ((k = child(root, "crosswalk")) != NULL) {
		from = bench_xml_attr(k, "from-version");
		if (strcmp(from, b->version) != 0)
			load_error(ld, xmlGetLineNo(k), "crosswalk from %s, but "
			    "the base is %s %s", from, b->id, b->version);
		free(from);
		apply_crosswalk(ld, k, st);
		if ((from = bench_xml_attr(k, "ref-prefix")) != NULL)
			rewrite_refs(b, from, st);
		free(from);
	}
	for (k = root->children; k != NULL; k = k->next) {
		if (bench_xml_is(k, "drop"))
			apply_drop(ld, k, st);
		else if (bench_xml_is(k, "override"))
			apply_override(ld, k);
	}
	for (k = root->children; k != NULL; k = k->next) {
		if (bench_xml_is(k, "add"))
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
	b->title = bench_xml_attr(root, "title");
	b->path = xstrdup(ld->path);
	return b;
}

static struct bench *
bench_load_depth(const char *path, const struct probe_entry *const *probes,
    int depth, int quiet)
{
	struct load	 ld = { .path = path, .trust_shipped = 1,
	    .probes = probes, .depth = depth, .quiet = quiet };
	struct bench	*b;
	xmlDocPtr	 doc;
	xmlNodePtr	 root, k;
	char		 sha[65];

	if ((doc = xml_load(&ld, sha, XML_SCHEMA_BENCH)) == NULL)
		return NULL;
	root = xmlDocGetRootElement(doc);
	if (!bench_xml_is(root, "benchmark")) {
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
		b->version = bench_xml_attr(root, "version");
		b->title = bench_xml_attr(root, "title");
	}
	if (b != NULL) {
		free(b->id);
		b->id = bench_xml_attr(root, "id");
		if ((k = child(root, "values")) != NULL)
			values_parse(&ld, k, 1);
		for (k = root->children; k != NULL; k = k->next) {
			if (bench_xml_is(k, "section"))
				section_parse(&ld, k, NULL, NULL);
		}
	}
	xmlFreeDoc(doc);
	strlist_free(&ld.section_ids);
	if (ld.errors > 0) {
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
	struct load	ld = { .path = path, .bench = b };
	xmlDocPtr	doc;
	xmlNodePtr	root;
	char		sha[65];

	if ((doc = xml_load(&ld, sha, XML_SCHEMA_BENCH)) == NULL)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (!bench_xml_is(root, "values"))
		load_error(&ld, xmlGetLineNo(root), "this is a benchmark, not "
		    "a values file");
	else
		values_parse(&ld, root, 0);
	xmlFreeDoc(doc);
	free(b->values_path);
	b->values_path = xstrdup(path);
	memcpy(b->values_sha256, sha, sizeof b->values_sha256);
	return ld.errors > 0 ? -1 : 0;
}

/* 1 benchmark, 2 values file, 0 neither (errors printed), for validate. */
int
bench_file_kind(const char *path)
{
	struct load	ld = { .path = path };
	xmlDocPtr	doc;
	char		sha[65];
	int		kind;

	if ((doc = xml_load(&ld, sha, XML_SCHEMA_BENCH)) == NULL)
		return 0;
	kind = bench_xml_is(xmlDocGetRootElement(doc), "benchmark") ? 1 : 2;
	xmlFreeDoc(doc);
	return kind;
}

int
bench_peek(const char *path, char **id, char **version, char **title)
{
	struct load	ld = { .path = path, .trust_shipped = 1, .quiet = 1 };
	xmlDocPtr	doc;
	xmlNodePtr	root;
	char		sha[65];

	if ((doc = xml_load(&ld, sha, XML_SCHEMA_BENCH)) == NULL)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (!bench_xml_is(root, "benchmark")) {
		xmlFreeDoc(doc);
		return -1;
	}
	*id = bench_xml_attr(root, "id");
	*version = bench_xml_attr(root, "version");
	*title = bench_xml_attr(root, "title");
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

struct _xmlDoc *
bench_xml_load(const char *path, int kind, char sha256[65])
{
	struct load	ld = { .path = path };

	return xml_load(&ld, sha256, kind);
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
	return 0;
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
