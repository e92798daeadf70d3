/*
 * XCCDF 1.2 (NIST IR 7275r4), for SCAP tools such as OpenSCAP: a
 * <Benchmark> with a <Group> per top-level section and a <Rule> per result
 * (severity, texts, references, the site's controls as <ident>), and one
 * <TestResult> with the host as target and facts, a <rule-result> per
 * rule and the flat score. dockaudit's statuses map onto XCCDF results
 * (dockaudit(1), REPORT FORMATS): pass, fail, error, manual notchecked,
 * info informational, notapplicable, and waived notchecked with the
 * waiver in a <message> (see xresult()). critical, which XCCDF
 * lacks, is high with the real severity in a <reference>. Target rows are
 * <message>s, and end the Rule's description (Heimdall reads a result's
 * code_desc there). Each Rule and rule-result has a <check> of
 * urn:dockaudit:check; the TestResult names its <benchmark> and the
 * <identity> of the record. Built with libxml2's tree API from the JSON
 * record alone; characters XML cannot carry become U+FFFD.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "report/report.h"
#include "report/xml.h"
#include "lib/util.h"

#define XCCDF_NS	"http://checklists.nist.gov/xccdf/1.2"
#define XCCDF_PREFIX	"xccdf_org.dockaudit_"
#define DC_NS		"http://purl.org/dc/elements/1.1/"
#define FACT_PREFIX	"urn:xccdf:fact:dockaudit:"
#define CHECK_SYSTEM	"urn:dockaudit:check"
/*
 * The platform, a CPE 2.2 URI: XCCDF 1.2 prefers the 2.3 formatted string
 * (OpenSCAP warns of the URI), but OpenSCAP 1.3.7's validate exits 2 on a
 * document its schematron finds nothing in (it takes the empty output for
 * a failure), so the formatted string would make the file "invalid".
 */
#define PLATFORM	"cpe:/o:linux:linux_kernel"

/* An XCCDF id: PREFIX KIND _ s, characters other than [A-Za-z0-9_.-]
 * (dots too when nodot) as _. */
static char *
xid(const char *kind, const char *s, int nodot)
{
	char		*id, *p;
	size_t		 off;
	unsigned char	 c;

	id = xasprintf(XCCDF_PREFIX "%s_%s", kind, *s != '\0' ? s : "none");
	off = strlen(XCCDF_PREFIX) + strlen(kind) + 1;
	for (p = id + off; *p != '\0'; p++) {
		c = (unsigned char)*p;
		if (!(isascii(c) && (isalnum(c) || c == '_' || c == '-' ||
		    (c == '.' && !nodot))))
			*p = '_';
	}
	return id;
}

/* A URI reference (xsd:anyURI) from any text: all but unreserved
 * characters and ":/" percent-encoded. */
static char *
uri(const char *s)
{
	const unsigned char	*p;
	char			*out, *o;

	o = out = xmalloc(strlen(s) * 3 + 1);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (isascii(*p) && (isalnum(*p) || strchr("-._~:/", *p) !=
		    NULL))
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	}
	*o = '\0';
	return out;
}

/* An xsd:dateTime the record's "YYYY-MM-DDTHH:MM:SS[.f]Z" can be, or
 * NULL (a forged record). */
static const char *
when(const char *s)
{
	const char	*fmt = "dddd-dd-ddTdd:dd:dd";
	size_t		 i;

	for (i = 0; fmt[i] != '\0'; i++) {
		if (fmt[i] == 'd' ? !isdigit((unsigned char)s[i]) :
		    s[i] != fmt[i])
			return NULL;
	}
	if (atoi(s + 5) < 1 || atoi(s + 5) > 12 || atoi(s + 8) < 1 ||
	    atoi(s + 8) > 31 || atoi(s + 11) > 23 || s[14] > '5' ||
	    s[17] > '5')
		return NULL;
	if (s[i] == '.') {
		if (!isdigit((unsigned char)s[++i]))
			return NULL;
		while (isdigit((unsigned char)s[i]))
			i++;
	}
	return strcmp(s + i, "Z") == 0 ? s : NULL;
}

static const char *
severity(const char *s)
{
	if (strcmp(s, "low") == 0 || strcmp(s, "medium") == 0 ||
	    strcmp(s, "high") == 0)
		return s;
	if (strcmp(s, "critical") == 0)
		return "high";
	return "unknown";
}

/*
 * dockaudit's status -> XCCDF's result. waived is notchecked, with the
 * waiver in a <message>: not a pass (no check established it), not a
 * failure (a person accepted it), and not a pass with an <override>,
 * which OpenSCAP's schematron rejects (1.3.x: once one rule-result of a
 * TestResult has an override, it asserts that every rule-result's result
 * equals its override's new-result, so every other one fails).
 */
static const char *
xresult(const char *st)
{
	static const char *const map[][2] = {
		{ "pass", "pass" },
		{ "fail", "fail" },
		{ "error", "error" },
		{ "manual", "notchecked" },
		{ "info", "informational" },
		{ "notapplicable", "notapplicable" },
		{ "waived", "notchecked" },
	};
	size_t	i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (strcmp(st, map[i][0]) == 0)
			return map[i][1];
	}
	return "unknown";
}

/*
 * What dockaudit says of a result, a line each: the waiver of a waived
 * rule, the status with the rule's reason, and a line per target row
 * (name: status: reason, with its waiver). They are the <message>s of its
 * <rule-result> and end its <Rule>'s description (result_text()).
 */
static void
result_lines(struct strlist *l, json_t *res)
{
	const char	*st = report_str(res, "status");
	json_t		*w = json_object_get(res, "waiver"), *t;
	size_t		 i;

	if (strcmp(st, "waived") == 0) {
		if (json_is_object(w))
			strlist_add_nocopy(l, xasprintf("waived: a failure accepted "
			    "by %s until %s: %s (%s)", report_str(w, "approver"),
			    report_str(w, "expires"), report_str(w, "reason"),
			    report_str(w, "origin")));
		else
			strlist_add(l, "waived: every failing row is covered "
			    "by a waiver (below)");
	}
	if (*report_str(res, "reason") != '\0')
		strlist_add_nocopy(l, xasprintf("%s: %s", st, report_str(res,
		    "reason")));
	json_array_foreach(json_object_get(res, "targets"), i, t) {
		w = json_object_get(t, "waiver");
		if (json_is_object(w))
			strlist_add_nocopy(l, xasprintf("%s: %s: %s (waived by "
			    "%s until %s: %s)", report_str(t, "name"), report_str(t,
			    "status"), report_str(t, "reason"), report_str(w,
			    "approver"), report_str(w, "expires"), report_str(w,
			    "reason")));
		else if (*report_str(t, "reason") != '\0')
			strlist_add_nocopy(l, xasprintf("%s: %s: %s", report_str(t,
			    "name"), report_str(t, "status"), report_str(t,
			    "reason")));
		else
			strlist_add_nocopy(l, xasprintf("%s: %s", report_str(t,
			    "name"), report_str(t, "status")));
	}
}

/*
 * The <Rule>'s description: the rule's, then a paragraph "Result on
 * HOST: STATUS" and the result's lines. Heimdall's XCCDF mapper takes a
 * result's code_desc from the Rule's description alone, so that is where
 * our reason has to be for it; the Benchmark is this record's own.
 */
static char *
result_text(json_t *res, const char *host, const struct strlist *l)
{
	struct buf	 b;
	char		*s;
	size_t		 i;

	buf_init(&b, (size_t)-1);
	s = xasprintf("%s\n\nResult on %s: %s", report_str(res, "description"),
	    host, report_str(res, "status"));
	buf_append(&b, s, strlen(s));
	free(s);
	for (i = 0; i < l->n; i++) {
		buf_append(&b, "\n", 1);
		buf_append(&b, l->v[i], strlen(l->v[i]));
	}
	return buf_cstr(&b);
}

/* The <check> of a Rule and of its rule-result: dockaudit's own check
 * system, the content the rule's <check> in the benchmark file. */
static void
check(xmlNodePtr parent, json_t *res, const char *href)
{
	xmlNodePtr	n = report_xml_child(parent, "check");

	report_xml_prop(n, "system", CHECK_SYSTEM);
	n = report_xml_child(n, "check-content-ref");
	report_xml_prop(n, "href", href);
	report_xml_prop(n, "name", report_str(res, "id"));
}

/* The <rule-result> of a result in the <TestResult>. */
static void
rule_result(xmlNodePtr tr, json_t *res, const char *time,
    const struct strlist *l, const char *href)
{
	xmlNodePtr	 rr;
	char		*id;
	size_t		 i;

	rr = report_xml_child(tr, "rule-result");
	id = xid("rule", report_str(res, "id"), 1);
	report_xml_prop(rr, "idref", id);
	free(id);
	report_xml_prop(rr, "severity", severity(report_str(res, "severity")));
	if (time != NULL)
		report_xml_prop(rr, "time", time);
	report_xml_text_child(rr, "result", xresult(report_str(res, "status")));
	for (i = 0; i < l->n; i++)
		report_xml_prop(report_xml_text_child(rr, "message", l->v[i]),
		    "severity", "info");
	check(rr, res, href);
}

/*
 * The href of a <reference> (Heimdall's mapper reads the text of
 * references with an attribute only): the CIS benchmark's or the CIS
 * Controls' page, the kernel's documentation page of an .rst file it
 * names, else the benchmark it comes from (bref, a URN).
 */
static char *
ref_href(const char *text, const char *bref)
{
	const char	*p, *kdoc = "Linux kernel documentation, ";
	char		*s, *u;
	size_t		 n;

	if (strncmp(text, "CIS Docker Benchmark", 20) == 0)
		return xstrdup("https://www.cisecurity.org/benchmark/docker");
	if (strncmp(text, "CIS Controls", 12) == 0)
		return xstrdup("https://www.cisecurity.org/controls");
	if (strncmp(text, kdoc, strlen(kdoc)) == 0) {
		p = text + strlen(kdoc);
		n = strlen(p);
		if (n > 4 && strcmp(p + n - 4, ".rst") == 0 &&
		    strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-_./") == n &&
		    strstr(p, "..") == NULL && *p != '/') {
			s = xasprintf("%.*s", (int)(n - 4), p);
			u = xasprintf("https://docs.kernel.org/%s.html", s);
			free(s);
			return u;
		}
	}
	return xstrdup(bref);
}

/* A text child with xml:lang (Heimdall's mapper reads rationale and
 * fixtext only from elements with an attribute). */
static xmlNodePtr
lang_child(xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr	n = report_xml_text_child(parent, name, text);

	xmlNodeSetLang(n, (const xmlChar *)"en");
	return n;
}

/* The <Rule> of a result, in its section's <Group>. */
static void
rule(xmlNodePtr group, json_t *res, const char *desc, const char *bref,
    const char *href)
{
	const char	*sev = report_str(res, "severity");
	json_t		*v;
	xmlNodePtr	 r, n;
	char		*id, *s;
	size_t		 i;

	r = report_xml_child(group, "Rule");
	id = xid("rule", report_str(res, "id"), 1);
	report_xml_prop(r, "id", id);
	free(id);
	report_xml_prop(r, "selected", "true");
	report_xml_prop(r, "severity", severity(sev));
	/* A rule the benchmark does not score weighs nothing in its score. */
	if (json_is_false(json_object_get(res, "scored")))
		report_xml_prop(r, "weight", "0");
	s = xasprintf("%s %s", report_str(res, "id"), report_str(res, "title"));
	lang_child(r, "title", s);
	free(s);
	lang_child(r, "description", desc);
	/* Empty ones left out: an element of no text is one Heimdall's mapper
	 * cannot read (it parses every reference's and ident's text). */
	json_array_foreach(json_object_get(res, "references"), i, v) {
		if (!json_is_string(v) || *json_string_value(v) == '\0')
			continue;
		n = report_xml_text_child(r, "reference", json_string_value(v));
		s = ref_href(json_string_value(v), bref);
		report_xml_prop(n, "href", s);
		free(s);
	}
	if (strcmp(sev, "critical") == 0) {
		n = report_xml_text_child(r, "reference", "dockaudit severity: critical");
		report_xml_prop(n, "href", bref);
	}
	lang_child(r, "rationale", report_str(res, "rationale"));
	json_array_foreach(json_object_get(res, "controls"), i, v) {
		if (*report_str(v, "id") == '\0')
			continue;
		s = uri(report_str(v, "framework"));
		n = report_xml_text_child(r, "ident", report_str(v, "id"));
		report_xml_prop(n, "system", s);
		free(s);
	}
	lang_child(r, "fixtext", report_str(res, "remediation"));
	check(r, res, href);
}

static void
fact(xmlNodePtr facts, const char *name, const char *value)
{
	xmlNodePtr	n = report_xml_text_child(facts, "fact", value);

	report_xml_prop(n, "name", name);
	report_xml_prop(n, "type", "string");
}

/*
 * The <identity> of the TestResult: the user the record says ran the
 * audit (provenance.user), privileged when root or holding a capability;
 * authenticated, as the system's own account. Older records have none.
 */
static void
identity(xmlNodePtr tr, json_t *prov)
{
	json_t		*u = json_object_get(prov, "user");
	json_t		*uid = json_object_get(u, "uid");
	json_t		*caps = json_object_get(prov, "capabilities");
	xmlNodePtr	 n;
	char		*s;
	int		 priv;

	if (*report_str(u, "name") != '\0')
		s = xstrdup(report_str(u, "name"));
	else if (json_is_integer(uid))
		s = xasprintf("uid %lld", (long long)json_integer_value(uid));
	else
		return;
	priv = (json_is_integer(uid) && json_integer_value(uid) == 0) ||
	    (json_is_array(caps) && json_array_size(caps) > 0);
	n = report_xml_text_child(tr, "identity", s);
	free(s);
	report_xml_prop(n, "authenticated", "true");
	report_xml_prop(n, "privileged", priv ? "true" : "false");
}

/* The href of a rule's check content: the benchmark file it was read
 * from (its name), else a URN of its id and version. */
static char *
bench_href(json_t *bench)
{
	const char	*path = report_str(bench, "path"), *base;
	char		*s, *u;

	base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	if (*base != '\0')
		return uri(base);
	s = xasprintf("urn:dockaudit:benchmark:%s:%s", report_str(bench, "id"),
	    report_str(bench, "version"));
	u = uri(s);
	free(s);
	return u;
}

static int
report_xccdf_write(json_t *r, FILE *fp, const struct render_opts *ro)
{
	json_t		*bench = json_object_get(r, "benchmark");
	json_t		*host = json_object_get(r, "host");
	json_t		*docker = json_object_get(host, "docker");
	json_t		*sec, *res, *score;
	const char	*start = when(report_str(r, "started"));
	const char	*end = when(report_str(r, "finished"));
	const char	*hostname = report_str(host, "hostname");
	struct strlist	 lines;
	xmlDocPtr	 doc;
	xmlNodePtr	 root, group, tr, n;
	xmlNsPtr	 ns, dc;
	xmlChar		*c;
	char		*s, *id, *bid, *bref, *href, buf[32];
	size_t		 i, j;
	double		 v;

	(void)ro;
	doc = xmlNewDoc((const xmlChar *)"1.0");
	root = xmlNewDocNode(doc, NULL, (const xmlChar *)"Benchmark", NULL);
	xmlDocSetRootElement(doc, root);
	ns = xmlNewNs(root, (const xmlChar *)XCCDF_NS, NULL);
	xmlSetNs(root, ns);
	bid = xid("benchmark", report_str(bench, "id"), 0);
	report_xml_prop(root, "id", bid);
	report_xml_prop(root, "resolved", "1");
	xmlNodeSetLang(root, (const xmlChar *)"en");
	report_xml_text_child(root, "status", "accepted");
	lang_child(root, "title", report_str(bench, "title"));
	s = xasprintf("Benchmark %s %s (%s), SHA-256 %s", report_str(bench, "id"),
	    report_str(bench, "version"), report_str(bench, "title"), report_str(bench, "sha256"));
	lang_child(root, "description", s);
	free(s);
	report_xml_prop(report_xml_child(root, "platform"), "idref", PLATFORM);
	report_xml_text_child(root, "version", report_str(bench, "version"));
	n = report_xml_child(root, "metadata");
	dc = xmlNewNs(n, (const xmlChar *)DC_NS, (const xmlChar *)"dc");
	s = xasprintf("%s %s", report_str(json_object_get(r, "tool"), "name"),
	    report_str(json_object_get(r, "tool"), "version"));
	c = report_xml_text(s);
	xmlNewTextChild(n, dc, (const xmlChar *)"creator", c);
	free(c);
	free(s);

	/* Built beside the Benchmark, added after its Groups. Its
	 * <benchmark> is the one of this document. */
	tr = xmlNewDocNode(doc, ns, (const xmlChar *)"TestResult", NULL);
	s = xasprintf("%s_%s", report_str(bench, "id"), start != NULL ? start : "");
	for (i = j = 0; s[i] != '\0'; i++) {
		if (s[i] != ':')
			s[j++] = s[i];
	}
	s[j] = '\0';
	id = xid("testresult", s, 0);
	free(s);
	report_xml_prop(tr, "id", id);
	free(id);
	if (start != NULL)
		report_xml_prop(tr, "start-time", start);
	report_xml_prop(tr, "end-time", end != NULL ? end : "1970-01-01T00:00:00Z");
	s = xasprintf("%s %s", report_str(json_object_get(r, "tool"), "name"),
	    report_str(json_object_get(r, "tool"), "version"));
	report_xml_prop(tr, "test-system", s);
	free(s);
	report_xml_prop(tr, "version", report_str(bench, "version"));
	n = report_xml_child(tr, "benchmark");
	s = xasprintf("#%s", bid);
	report_xml_prop(n, "href", s);
	free(s);
	report_xml_prop(n, "id", bid);
	s = xasprintf("dockaudit %s %s on %s", report_str(bench, "id"), report_str(bench,
	    "version"), hostname);
	report_xml_text_child(tr, "title", s);
	free(s);
	score = json_pointer_get(r, "/summary/score_with_waivers");
	if (!json_is_number(score))
		report_xml_text_child(tr, "remark", "No scored rule could be decided (no "
		    "pass, fail or error): dockaudit's score is n/a, written "
		    "as 0.");
	identity(tr, json_object_get(r, "provenance"));
	report_xml_text_child(tr, "target", hostname);
	n = report_xml_child(tr, "target-facts");
	fact(n, "urn:xccdf:fact:asset:identifier:host_name", hostname);
	fact(n, FACT_PREFIX "kernel", report_str(host, "kernel"));
	fact(n, FACT_PREFIX "os", report_str(host, "os"));
	fact(n, FACT_PREFIX "root", report_str(host, "root"));
	fact(n, FACT_PREFIX "docker:endpoint", report_str(docker, "endpoint"));
	fact(n, FACT_PREFIX "docker:version", report_str(docker, "version"));
	fact(n, FACT_PREFIX "docker:api_version", report_str(docker,
	    "api_version"));

	s = xasprintf("urn:dockaudit:benchmark:%s:%s", report_str(bench, "id"),
	    report_str(bench, "version"));
	bref = uri(s);
	free(s);
	href = bench_href(bench);
	json_array_foreach(json_pointer_get(r, "/summary/sections"), i, sec) {
		group = report_xml_child(root, "Group");
		id = xid("group", report_str(sec, "id"), 1);
		report_xml_prop(group, "id", id);
		free(id);
		report_xml_prop(group, "selected", "true");
		s = xasprintf("%s %s", report_str(sec, "id"), report_str(sec, "title"));
		lang_child(group, "title", s);
		free(s);
		json_array_foreach(json_object_get(r, "results"), j, res) {
			if (strcmp(report_str(res, "section"), report_str(sec, "id")) != 0)
				continue;
			res = report_result(res);
			memset(&lines, 0, sizeof lines);
			result_lines(&lines, res);
			s = result_text(res, hostname, &lines);
			rule(group, res, s, bref, href);
			free(s);
			rule_result(tr, res, end, &lines, href);
			strlist_free(&lines);
			json_decref(res);
		}
	}
	free(bref);
	free(href);
	free(bid);

	v = json_is_number(score) ? json_number_value(score) : 0.0;
	snprintf(buf, sizeof buf, "%.1f", v < 0.0 ? 0.0 : v > 100.0 ? 100.0 :
	    v);
	n = report_xml_text_child(tr, "score", buf);
	report_xml_prop(n, "system", "urn:xccdf:scoring:flat");
	report_xml_prop(n, "maximum", "100");
	xmlAddChild(root, tr);

	return report_xml_dump(doc, fp);
}

const struct report_format report_xccdf_entry = {
	.name = "xccdf",
	.ext = ".xccdf",
	.ext2 = ".xccdf.xml",
	.help = "XCCDF 1.2 for SCAP tools: a Benchmark with a TestResult",
	.write = report_xccdf_write,
};
