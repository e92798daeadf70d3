/*
 * Attestations: loaded from an XML file (benchmarks/attestations.rng,
 * compiled in), applied to each manual rule as it is decided, and
 * reported with their state; `dockaudit attest` adds to a file through
 * attestations_add(). Only manual results are attested: a check that
 * decided a rule is not overruled by a person's word, and a rule the
 * benchmark decides by its check is refused at load.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "engine/attestations.h"
#include "engine/bench.h"
#include "engine/probe-kind.h"
#include "lib/json.h"
#include "lib/util.h"
#include "lib/xmlin.h"

extern const char attestations_rng_text[];	/* attestations-rng.c */

static const struct xmlin_schema attestations_schema = { "attestations",
    attestations_rng_text };

#define ATTESTATIONS_NS	"urn:dockaudit:attestations:1"
#define DAY		86400

struct attestation {
	char		*rule;
	enum status	 status;	/* pass or fail */
	char		*by;
	char		*date;		/* YYYY-MM-DD */
	char		*expires;	/* YYYY-MM-DD: given, or date + every */
	char		*every;		/* "90d", or NULL */
	time_t		 until;		/* 00:00 UTC of expires */
	char		*explanation;
	char		*origin;	/* FILE:LINE */
	char		*sentence;	/* the reason it gives */
	struct strlist	 targets;	/* row names (globs); none: the rule */
	size_t		 applied;
	char		*written;	/* the rule id as written, when mapped */
	const char	*written_version;
	int		 gone;		/* its rule is not in the version run */
};

struct attestations {
	char			*path;
	char			*benchmark;
	char			*version;
	char			 sha256[65];
	struct attestation	*v;
	size_t			 n;
};

static void
attestation_clear(struct attestation *a)
{
	free(a->rule);
	free(a->by);
	free(a->date);
	free(a->expires);
	free(a->every);
	free(a->explanation);
	free(a->origin);
	free(a->sentence);
	free(a->written);
	strlist_free(&a->targets);
}

void
attestations_free(struct attestations *as)
{
	size_t	i;

	if (as == NULL)
		return;
	for (i = 0; i < as->n; i++)
		attestation_clear(&as->v[i]);
	free(as->v);
	free(as->path);
	free(as->benchmark);
	free(as->version);
	free(as);
}

long
attestations_every(const char *s)
{
	size_t	n = strspn(s, "0123456789");

	if (n == 0 || n > 4 || *s == '0' || strcmp(s + n, "d") != 0)
		return -1;
	return strtol(s, NULL, 10);
}

static char *
day_text(time_t t)
{
	struct tm	tm;
	char		buf[16];

	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
	return xstrdup(buf);
}

/* The files an attestations file is mistaken for, and where they go. */
static const struct {
	const char	*root;
	const char	*what;
} attestations_others[] = {
	{ "values", "a values file: give it with --values" },
	{ "benchmark", "a benchmark: give it with -b" },
	{ "controls", "a controls file: give it with --controls" },
	{ "waivers", "a waivers file: give it with --waivers" },
};

static const struct {
	const char	*name;
	const char	*what;
} attestation_attrs[] = {
	{ "rule", "the manual rule's id, e.g. 4.2" },
	{ "status", "pass or fail, the person's verdict" },
	{ "by", "who attests it" },
	{ "date", "the day it was attested, YYYY-MM-DD" },
};

static int
has_attr(xmlNodePtr n, const char *name)
{
	return xmlHasProp(n, (const xmlChar *)name) != NULL;
}

/* One <attestation>'s attributes, each mistake said as what to write. */
static void
precheck_one(struct xmlin *in, xmlNodePtr n)
{
	char	*v, *date;
	time_t	 on = 0, until;
	size_t	 i;
	int	 line = (int)xmlGetLineNo(n), dated = 0;

	for (i = 0; i < nitems(attestation_attrs); i++) {
		if (!has_attr(n, attestation_attrs[i].name))
			xmlin_error(in, line, "<attestation> has no %s=: %s is "
			    "required (%s)", attestation_attrs[i].name,
			    attestation_attrs[i].name,
			    attestation_attrs[i].what);
	}
	if ((v = xmlin_attr(n, "rule")) != NULL && !bench_rule_id_ok(v))
		xmlin_error(in, line, "rule=\"%s\": give a rule id, numbers "
		    "and dots (e.g. 4.2)", v);
	free(v);
	if ((v = xmlin_attr(n, "status")) != NULL && strcmp(v, "pass") != 0 &&
	    strcmp(v, "fail") != 0)
		xmlin_error(in, line, "status=\"%s\": give pass or fail", v);
	free(v);
	if ((date = xmlin_attr(n, "date")) != NULL) {
		if (day_utc(date, &on) == -1)
			xmlin_error(in, line, "date=\"%s\": give the day it was "
			    "attested alone, YYYY-MM-DD", date);
		else
			dated = 1;
	}
	if (has_attr(n, "expires") == has_attr(n, "every"))
		xmlin_error(in, line, "<attestation> needs exactly one of "
		    "expires=\"YYYY-MM-DD\" or every=\"90d\" (%s)",
		    has_attr(n, "expires") ? "both are given" :
		    "neither is given");
	else if ((v = xmlin_attr(n, "expires")) != NULL) {
		if (day_utc(v, &until) == -1)
			xmlin_error(in, line, "expires=\"%s\": give a date "
			    "alone, YYYY-MM-DD (the attestation lapses at the "
			    "start of that day, UTC)", v);
		else if (dated && until <= on)
			xmlin_error(in, line, "expires=\"%s\" is not after "
			    "date=\"%s\": give a later date", v, date);
		free(v);
	} else if ((v = xmlin_attr(n, "every")) != NULL) {
		if (attestations_every(v) == -1)
			xmlin_error(in, line, "every=\"%s\": give a number of "
			    "days, 1 to 9999, then d (e.g. every=\"90d\")", v);
		free(v);
	}
	free(date);
}

/*
 * Before the schema: the mistakes people make, each said as what to
 * write (libxml2 would say "failed to validate attributes").
 */
static int
attestations_precheck(struct xmlin *in, xmlNodePtr root)
{
	xmlNodePtr	 n;
	size_t		 i;
	int		 line, before = in->errors;

	line = (int)xmlGetLineNo(root);
	for (i = 0; i < nitems(attestations_others); i++) {
		if (xmlin_is(root, attestations_others[i].root)) {
			xmlin_error(in, line, "this is %s; --attestations takes "
			    "an attestations file (<attestations xmlns=\""
			    ATTESTATIONS_NS "\">)", attestations_others[i].what);
			return in->errors - before;
		}
	}
	if (!xmlin_is(root, "attestations"))
		return 0;
	if (root->ns == NULL ||
	    strcmp((const char *)root->ns->href, ATTESTATIONS_NS) != 0) {
		xmlin_error(in, line, "<attestations> %s%s: give it xmlns=\""
		    ATTESTATIONS_NS "\"", root->ns == NULL ? "has no namespace" :
		    "is in the namespace ", root->ns == NULL ? "" :
		    (const char *)root->ns->href);
		return in->errors - before;
	}
	if (!has_attr(root, "benchmark") || !has_attr(root, "version"))
		xmlin_error(in, line, "<attestations> names the benchmark its "
		    "rule ids are of: give benchmark= and version= (e.g. "
		    "benchmark=\"cis-docker\" version=\"1.8.0\")");
	for (n = root->children; n != NULL; n = n->next) {
		if (xmlin_is(n, "attestation"))
			precheck_one(in, n);
	}
	return in->errors - before;
}

static void
attestation_read(struct attestation *a, xmlNodePtr n, const char *path)
{
	xmlNodePtr	 k;
	time_t		 on;
	char		*s;

	memset(a, 0, sizeof *a);
	a->rule = xmlin_attr(n, "rule");
	s = xmlin_attr(n, "status");
	a->status = strcmp(s, "pass") == 0 ? STATUS_PASS : STATUS_FAIL;
	free(s);
	a->by = xmlin_attr(n, "by");
	a->date = xmlin_attr(n, "date");
	a->origin = xasprintf("%s:%ld", path, xmlGetLineNo(n));
	(void)day_utc(a->date, &on);	/* the precheck has checked both */
	if ((a->every = xmlin_attr(n, "every")) != NULL) {
		a->until = on + (time_t)attestations_every(a->every) * DAY;
		a->expires = day_text(a->until);
	} else {
		a->expires = xmlin_attr(n, "expires");
		(void)day_utc(a->expires, &a->until);
	}
	for (k = n->children; k != NULL; k = k->next) {
		if (xmlin_is(k, "explanation"))
			a->explanation = xmlin_text(k);
		else if (xmlin_is(k, "target"))
			strlist_add_nocopy(&a->targets, xmlin_attr(k, "name"));
	}
	a->sentence = xasprintf("attested %s by %s on %s, expires %s: %s",
	    status_name(a->status), a->by, a->date, a->expires,
	    a->explanation);
}

/* The file's document too, when keep is given (attestations_add). */
static struct attestations *
attestations_read(const char *path, xmlDocPtr *keep)
{
	struct attestations	*as;
	xmlDocPtr		 doc;
	xmlNodePtr		 root, n;
	char			 sha[65];
	struct xmlin		 in = { .path = path,
	    .precheck = attestations_precheck };

	if ((doc = xmlin_load(&in, &attestations_schema, sha)) == NULL)
		return NULL;
	as = xcalloc(1, sizeof *as);
	as->path = xstrdup(path);
	memcpy(as->sha256, sha, sizeof as->sha256);
	root = xmlDocGetRootElement(doc);
	as->benchmark = xmlin_attr(root, "benchmark");
	as->version = xmlin_attr(root, "version");
	for (n = root->children; n != NULL; n = n->next) {
		if (!xmlin_is(n, "attestation"))
			continue;
		as->v = xreallocarray(as->v, as->n + 1, sizeof *as->v);
		attestation_read(&as->v[as->n++], n, path);
	}
	if (keep != NULL)
		*keep = doc;
	else
		xmlFreeDoc(doc);
	return as;
}

struct attestations *
attestations_load(const char *path)
{
	return attestations_read(path, NULL);
}

static void
check_manual(const struct check *c, int *found)
{
	size_t	i;

	if (c == NULL)
		return;
	if (c->type == CHECK_PROBE && strcmp(c->probe->name, "manual") == 0)
		*found = 1;
	for (i = 0; i < c->nkids; i++)
		check_manual(c->kids[i], found);
}

int
rule_is_manual(const struct rule *r)
{
	int	found = 0;

	if (r->on_pass == STATUS_MANUAL || r->on_fail == STATUS_MANUAL)
		return 1;
	check_manual(r->check, &found);
	return found;
}

/*
 * A typo (a rule the benchmark lacks) or an automated rule: refused, so
 * that no attestation names nothing, and none overrules a check.
 */
static int
attestation_known(struct attestations *as, struct attestation *a,
    const struct bench *b)
{
	const struct rule	*r;
	const char		*now;

	if (strcmp(as->version, b->version) != 0) {
		if (bench_map_id(b, as->version, a->rule, &now) == 1) {
			log_error("%s: rule %s is not a rule of %s %s: there "
			    "is nothing to attest (a typo?)", a->origin,
			    a->rule, as->benchmark, as->version);
			return -1;
		}
		if (now == NULL) {
			log_warn("%s: rule %s of %s %s is not in %s: the "
			    "attestation applies to nothing", a->origin,
			    a->rule, as->benchmark, as->version, b->version);
			a->gone = 1;
			return 0;
		}
		if (strcmp(now, a->rule) != 0) {
			a->written = a->rule;
			a->written_version = as->version;
			a->rule = xstrdup(now);
		}
	}
	if ((r = bench_rule(b, a->rule)) == NULL) {
		log_error("%s: rule %s is not a rule of %s %s: there is "
		    "nothing to attest (a typo?)", a->origin, a->rule, b->id,
		    b->version);
		return -1;
	}
	if (!rule_is_manual(r)) {
		log_error("%s: rule %s%s%s%s is automated in %s %s (its check "
		    "decides it): only a manual rule can be attested", a->origin,
		    a->rule, a->written != NULL ? " (" : "", a->written != NULL ?
		    a->written : "", a->written != NULL ? " as written)" : "",
		    b->id, b->version);
		return -1;
	}
	return 0;
}

int
attestations_for(struct attestations *as, const struct bench *b)
{
	size_t	i;
	int	errors = 0;

	if (as == NULL)
		return 0;
	if (strcmp(as->benchmark, b->id) != 0 ||
	    !bench_has_version(b, as->version)) {
		log_error("--attestations %s: written for %s %s, and %s %s has "
		    "no crosswalk from it: its rule ids mean other rules here",
		    as->path, as->benchmark, as->version, b->id, b->version);
		return -1;
	}
	for (i = 0; i < as->n; i++) {
		if (attestation_known(as, &as->v[i], b) == -1)
			errors++;
	}
	return errors > 0 ? -1 : 0;
}

size_t
attestations_count(const struct attestations *as)
{
	return as != NULL ? as->n : 0;
}

size_t
attestations_expired(const struct attestations *as, time_t now)
{
	size_t	i, n = 0;

	for (i = 0; as != NULL && i < as->n; i++) {
		if (now >= as->v[i].until)
			n++;
	}
	return n;
}

json_t *
attestations_file_json(const struct attestations *as)
{
	if (as == NULL)
		return json_null();
	return json_pack("{s:o,s:s}", "path", evidence_string(as->path),
	    "sha256", as->sha256);
}

/* What a result or row records of the attestation that decided it. */
static json_t *
attestation_json(const struct attestation *a)
{
	json_t	*j;

	j = json_pack("{s:s,s:o,s:s,s:s,s:o,s:o}", "status",
	    status_name(a->status), "by", evidence_string(a->by), "date",
	    a->date, "expires", a->expires, "explanation",
	    evidence_string(a->explanation), "origin",
	    evidence_string(a->origin));
	if (a->every != NULL)
		json_object_set_new(j, "every", json_string(a->every));
	return j;
}

static int
names_row(const struct attestation *a, const struct target *t)
{
	size_t	i;

	if (a->targets.n == 0)
		return 1;
	for (i = 0; i < a->targets.n; i++) {
		if (t->name != NULL && fnmatch(a->targets.v[i], t->name, 0) == 0)
			return 1;
	}
	return 0;
}

void
attestations_apply(struct attestations *as, const char *rule, time_t now,
    struct verdict *v)
{
	struct attestation	*a, *first = NULL;
	struct target		*t, *named = NULL;
	size_t			 i, j, nrows = 0, wide = 0;

	if (as == NULL || v->status != STATUS_MANUAL)
		return;
	for (i = 0; i < as->n; i++) {
		a = &as->v[i];
		if (a->gone || strcmp(a->rule, rule) != 0 || now >= a->until)
			continue;
		if (v->ntargets == 0) {
			if (a->targets.n > 0 || v->status != STATUS_MANUAL)
				continue;
			verdict_set(v, a->status, "%s", a->sentence);
			v->attestation = attestation_json(a);
			a->applied++;
			continue;
		}
		for (j = 0; j < v->ntargets; j++) {
			t = &v->targets[j];
			if (t->status != STATUS_MANUAL || !names_row(a, t))
				continue;
			target_set(t, a->status, "%s", a->sentence);
			t->attestation = attestation_json(a);
			a->applied++;
			nrows++;
			if (named == NULL)
				named = t;
			if (a->targets.n == 0)
				wide++;
			if (first == NULL)
				first = a;
		}
	}
	if (nrows == 0)
		return;
	/* The rule was manual through its rows: it is now what they are. */
	verdict_from_rows(v);
	if (v->reason == NULL)
		verdict_set(v, v->status, "%zu of %zu %s%s attested; first: "
		    "%s: %s", nrows, v->ntargets, named->kind,
		    named->kind[strlen(named->kind) - 1] == 's' ? "es" : "s",
		    named->name, named->reason);
	/* One attestation for the whole rule decided every row it had. */
	if (wide == nrows && first->targets.n == 0 &&
	    v->status != STATUS_MANUAL)
		v->attestation = attestation_json(first);
}

json_t *
attestations_report(struct attestations *as, time_t now)
{
	struct attestation	*a;
	json_t			*out = json_array(), *j, *t;
	const char		*state;
	size_t			 i, k;

	for (i = 0; as != NULL && i < as->n; i++) {
		a = &as->v[i];
		if (now >= a->until) {
			state = "expired";
			log_warn("%s: attestation of rule %s expired on %s: not "
			    "applied, the rule is manual again", a->origin,
			    a->rule, a->expires);
		} else if (a->applied == 0) {
			state = "unmatched";
			log_warn("%s: attestation of rule %s matched no manual "
			    "result", a->origin, a->rule);
		} else
			state = "applied";
		j = attestation_json(a);
		json_object_set_new(j, "rule", json_string(a->rule));
		if (a->written != NULL)
			json_object_set_new(j, "written_for", json_pack(
			    "{s:s,s:s}", "version", a->written_version, "rule",
			    a->written));
		if (a->targets.n > 0) {
			t = json_array();
			for (k = 0; k < a->targets.n; k++)
				json_array_append_new(t, evidence_string(
				    a->targets.v[k]));
			json_object_set_new(j, "targets", t);
		}
		json_object_set_new(j, "state", json_string(state));
		json_object_set_new(j, "applied", json_integer(
		    (json_int_t)a->applied));
		json_array_append_new(out, j);
	}
	return out;
}

/* Two <attestation>s for the same rule and the same targets: the new one
 * replaces the old (a renewal), in its place. */
static int
same_scope(xmlNodePtr n, const struct attestation_new *e)
{
	struct strlist	 names;
	xmlNodePtr	 k;
	char		*rule;
	size_t		 i;
	int		 same;

	if ((rule = xmlin_attr(n, "rule")) == NULL)
		return 0;
	same = strcmp(rule, e->rule) == 0;
	free(rule);
	memset(&names, 0, sizeof names);
	for (k = n->children; same && k != NULL; k = k->next) {
		if (xmlin_is(k, "target"))
			strlist_add_nocopy(&names, xmlin_attr(k, "name"));
	}
	if (same && names.n != (e->targets != NULL ? e->targets->n : 0))
		same = 0;
	for (i = 0; same && i < names.n; i++) {
		if (!strlist_has(e->targets, names.v[i]))
			same = 0;
	}
	strlist_free(&names);
	return same;
}

static xmlNodePtr
new_entry(xmlNsPtr ns, const struct attestation_new *e)
{
	xmlNodePtr	 n, k;
	char		*date;
	size_t		 i;

	n = xmlNewNode(ns, (const xmlChar *)"attestation");
	date = day_text(e->today);
	xmlNewProp(n, (const xmlChar *)"rule", (const xmlChar *)e->rule);
	xmlNewProp(n, (const xmlChar *)"status", (const xmlChar *)e->status);
	xmlNewProp(n, (const xmlChar *)"by", (const xmlChar *)e->by);
	xmlNewProp(n, (const xmlChar *)"date", (const xmlChar *)date);
	if (e->expires != NULL)
		xmlNewProp(n, (const xmlChar *)"expires",
		    (const xmlChar *)e->expires);
	else
		xmlNewProp(n, (const xmlChar *)"every",
		    (const xmlChar *)e->every);
	free(date);
	for (i = 0; e->targets != NULL && i < e->targets->n; i++) {
		xmlAddChild(n, xmlNewText((const xmlChar *)"\n    "));
		k = xmlNewChild(n, ns, (const xmlChar *)"target", NULL);
		xmlNewProp(k, (const xmlChar *)"name",
		    (const xmlChar *)e->targets->v[i]);
	}
	xmlAddChild(n, xmlNewText((const xmlChar *)"\n    "));
	xmlNewTextChild(n, ns, (const xmlChar *)"explanation",
	    (const xmlChar *)e->explanation);
	xmlAddChild(n, xmlNewText((const xmlChar *)"\n  "));
	return n;
}

/* The file's document with e in it: a new one when there is no file. */
static xmlDocPtr
add_to(const char *path, const struct bench *b,
    const struct attestation_new *e)
{
	struct attestations	*as;
	struct stat		 st;
	xmlDocPtr		 doc;
	xmlNodePtr		 root, n, entry, last = NULL;
	xmlNsPtr		 ns;

	if (stat(path, &st) == -1 && errno == ENOENT) {
		doc = xmlNewDoc((const xmlChar *)"1.0");
		root = xmlNewNode(NULL, (const xmlChar *)"attestations");
		ns = xmlNewNs(root, (const xmlChar *)ATTESTATIONS_NS, NULL);
		xmlSetNs(root, ns);
		xmlNewProp(root, (const xmlChar *)"benchmark",
		    (const xmlChar *)b->id);
		xmlNewProp(root, (const xmlChar *)"version",
		    (const xmlChar *)b->version);
		xmlDocSetRootElement(doc, root);
	} else {
		if ((as = attestations_read(path, &doc)) == NULL)
			return NULL;
		if (attestations_for(as, b) == -1 ||
		    strcmp(as->version, b->version) != 0) {
			if (strcmp(as->version, b->version) != 0)
				log_error("%s is written for %s %s: give -b "
				    "for that version, or start a file for "
				    "%s %s", path, as->benchmark, as->version,
				    b->id, b->version);
			attestations_free(as);
			xmlFreeDoc(doc);
			return NULL;
		}
		attestations_free(as);
		root = xmlDocGetRootElement(doc);
		ns = root->ns;
	}
	entry = new_entry(ns, e);
	for (n = root->children; n != NULL; n = n->next) {
		if (xmlin_is(n, "attestation") && same_scope(n, e))
			break;
		if (n->type == XML_ELEMENT_NODE)
			last = n;
	}
	if (n != NULL) {
		xmlReplaceNode(n, entry);
		xmlFreeNode(n);
	} else if (last != NULL) {
		xmlAddNextSibling(last, entry);
		xmlAddPrevSibling(entry, xmlNewText((const xmlChar *)"\n  "));
	} else {
		xmlAddChild(root, xmlNewText((const xmlChar *)"\n  "));
		xmlAddChild(root, entry);
		xmlAddChild(root, xmlNewText((const xmlChar *)"\n"));
	}
	return doc;
}

int
attestations_add(const char *path, const struct bench *b,
    const struct attestation_new *e)
{
	struct attestations	*check;
	struct stat		 st;
	mode_t			 mode;
	xmlDocPtr		 doc;
	xmlChar			*mem;
	char			*tmp;
	FILE			*fp;
	int			 fd, len, err = 0;

	if ((doc = add_to(path, b, e)) == NULL)
		return -1;
	xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
	xmlFreeDoc(doc);
	if (mem == NULL)
		fatal("out of memory");
	if ((fd = tmp_create(path, &tmp)) == -1) {
		log_error("%s: %s", path, errno_cause(errno));
		xmlFree(mem);
		return -1;
	}
	/* A file rewritten keeps its mode; a new one is 0644 (no secrets). */
	mode = stat(path, &st) == 0 && S_ISREG(st.st_mode) ? st.st_mode & 0777 :
	    0644;
	if (fchmod(fd, mode) == -1 || (fp = fdopen(fd, "w")) == NULL) {
		err = errno;
		close(fd);
	} else {
		if (fwrite(mem, 1, (size_t)len, fp) != (size_t)len ||
		    fflush(fp) == EOF || fsync(fileno(fp)) == -1)
			err = errno != 0 ? errno : EIO;
		if (fclose(fp) == EOF && err == 0)
			err = errno;
	}
	xmlFree(mem);
	if (err != 0) {
		log_error("%s: %s", path, errno_cause(err));
		goto fail;
	}
	/* What replaces the file is what an audit will read. */
	if ((check = attestations_load(tmp)) == NULL ||
	    attestations_for(check, b) == -1) {
		attestations_free(check);
		log_error("%s: the result would not be a valid attestations "
		    "file: left unchanged", path);
		goto fail;
	}
	attestations_free(check);
	if (tmp_commit(tmp, path) == 0)
		return 0;
	log_error("%s: %s", path, errno_cause(errno));
	return -1;
fail:
	tmp_discard(tmp);
	return -1;
}
