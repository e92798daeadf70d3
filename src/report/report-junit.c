/*
 * JUnit XML, for CI systems that show test results: one testsuite per
 * top-level section, one testcase per rule ("ID title"), or per target
 * row when the rule has rows ("ID title [kind name]"). fail is a
 * <failure>, error an <error> (message: the text report's sentence; body:
 * it, then the evidence), and manual, info, notapplicable and waived are
 * <skipped> with the reason. The classname is "dockaudit.HOST.SECTION",
 * as in the fleet's JUnit. Valid against tests/formats/junit.xsd (a
 * case's properties come first). Built with libxml2's tree API from the
 * JSON record alone; characters XML 1.0 cannot carry become U+FFFD.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "report/report.h"
#include "report/xml.h"
#include "lib/util.h"

static void
prop_n(xmlNodePtr n, const char *name, long long v)
{
	char	buf[32];

	snprintf(buf, sizeof buf, "%lld", v);
	xmlNewProp(n, (const xmlChar *)name, (const xmlChar *)buf);
}

struct counts {
	long long	tests, failures, errors, skipped;
};

/*
 * Jenkins parts a classname at its last dot into package and class:
 * "dockaudit.HOST" and "N Section title" (a dot in the section becomes
 * '_', one in the host stays in the package). The fleet's JUnit uses the
 * same names, so a host reads alike in both.
 */
char *
report_junit_classname(const char *host, const char *section)
{
	char	*s = xasprintf("dockaudit.%s.%s", *host != '\0' ? host :
		    "unknown", section), *p;

	for (p = s + strlen(s) - strlen(section); *p != '\0'; p++) {
		if (*p == '.')
			*p = '_';
	}
	return s;
}

/* The body of a failure or an error: the message, then the evidence. */
char *
report_junit_body(const char *message, const char *more)
{
	if (more == NULL || *more == '\0')
		return xstrdup(message);
	return xasprintf("%s\n\n%s", message, more);
}

static void	property(xmlNodePtr, const char *, const char *);

/* One testcase: the outcome of a rule, or of one of its rows. */
static void
testcase(xmlNodePtr suite, struct counts *c, json_t *res, json_t *row,
    const char *cls)
{
	json_t		*o = row != NULL ? row : res, *w;
	const char	*st = report_str(o, "status");
	xmlNodePtr	 tc, n;
	char		*name, *msg, *ev, *body;

	if (row != NULL)
		name = xasprintf("%s %s [%s %s]", report_str(res, "id"),
		    report_str(res, "title"), report_str(row, "kind"),
		    report_str(row, "name"));
	else
		name = xasprintf("%s %s", report_str(res, "id"), report_str(res, "title"));
	tc = xmlNewChild(suite, NULL, (const xmlChar *)"testcase", NULL);
	report_xml_prop(tc, "name", name);
	report_xml_prop(tc, "classname", cls);
	xmlNewProp(tc, (const xmlChar *)"time", (const xmlChar *)"0");
	free(name);
	c->tests++;
	/* The site's controls, where a CI page lists a case's properties
	 * (before the outcome, as the schema has it). */
	if (json_array_size(json_object_get(res, "controls")) > 0) {
		json_t *ctl;
		size_t	i;

		n = xmlNewChild(tc, NULL, (const xmlChar *)"properties", NULL);
		json_array_foreach(json_object_get(res, "controls"), i, ctl) {
			msg = xasprintf("%s %s", report_str(ctl, "framework"),
			    report_str(ctl, "id"));
			property(n, "control", msg);
			free(msg);
		}
	}
	if (strcmp(st, "fail") == 0 || strcmp(st, "error") == 0) {
		/* The text report's sentence, then the evidence. */
		if (row != NULL || (msg = report_reason_words(res)) == NULL)
			msg = xstrdup(report_str(o, "reason"));
		ev = json_is_null(json_object_get(o, "evidence")) ? NULL :
		    json_dumps(json_object_get(o, "evidence"), JSON_INDENT(2) |
		    JSON_SORT_KEYS);
		body = report_junit_body(msg, ev);
		n = report_xml_text_child(tc, strcmp(st, "fail") == 0 ?
		    "failure" : "error", body);
		report_xml_prop(n, "message", msg);
		report_xml_prop(n, "type", st);
		if (strcmp(st, "fail") == 0)
			c->failures++;
		else
			c->errors++;
		free(body);
		free(ev);
		free(msg);
	} else if (strcmp(st, "pass") != 0) {
		w = json_object_get(o, "waiver");
		if (w != NULL)
			msg = xasprintf("waived: %s (approved by %s, until %s)",
			    report_str(w, "reason"), report_str(w, "approver"),
			    report_str(w, "expires"));
		else
			msg = xasprintf("%s: %s", st, report_str(o, "reason"));
		n = xmlNewChild(tc, NULL, (const xmlChar *)"skipped", NULL);
		report_xml_prop(n, "message", msg);
		free(msg);
		c->skipped++;
	}
	/* The baseline's verdict, and who attested a pass, where a CI page
	 * shows a case's output (a failure's message says the latter). */
	msg = NULL;
	if (strcmp(st, "pass") == 0 && json_object_get(o, "attestation") !=
	    NULL)
		msg = xstrdup(report_str(o, "reason"));
	if (json_is_string(json_object_get(o, "baseline")) &&
	    strcmp(report_str(o, "baseline"), "unchanged") != 0) {
		name = xasprintf("%s%sbaseline: %s", msg != NULL ? msg : "",
		    msg != NULL ? "\n" : "", report_str(o, "baseline"));
		free(msg);
		msg = name;
	}
	if (msg != NULL)
		report_xml_text_child(tc, "system-out", msg);
	free(msg);
}

static void
counts_props(xmlNodePtr n, const struct counts *c)
{
	prop_n(n, "tests", c->tests);
	prop_n(n, "failures", c->failures);
	prop_n(n, "errors", c->errors);
	prop_n(n, "skipped", c->skipped);
}

static void
property(xmlNodePtr props, const char *name, const char *value)
{
	xmlNodePtr	p = xmlNewChild(props, NULL, (const xmlChar *)"property",
			    NULL);

	report_xml_prop(p, "name", name);
	report_xml_prop(p, "value", value);
}

static int
report_junit_write(json_t *r, FILE *fp, const struct render_opts *ro)
{
	json_t		*bench = json_object_get(r, "benchmark");
	json_t		*host = json_object_get(r, "host");
	json_t		*sec, *res, *t;
	struct counts	 all = { 0, 0, 0, 0 }, c;
	xmlDocPtr	 doc;
	xmlNodePtr	 root, suite, props;
	const char	*hid = report_str(host, "id");
	char		*s, *cls, secs[32];
	size_t		 i, j, k;

	(void)ro;
	/* The host as the fleet names it: its id, else its hostname. */
	if (*hid == '\0')
		hid = report_str(host, "hostname");
	doc = xmlNewDoc((const xmlChar *)"1.0");
	root = xmlNewDocNode(doc, NULL, (const xmlChar *)"testsuites", NULL);
	xmlDocSetRootElement(doc, root);
	s = xasprintf("dockaudit %s %s", report_str(bench, "id"), report_str(bench,
	    "version"));
	report_xml_prop(root, "name", s);
	free(s);
	snprintf(secs, sizeof secs, "%.3f", (double)json_integer_value(
	    json_object_get(r, "duration_ms")) / 1000.0);
	report_xml_prop(root, "time", secs);
	json_array_foreach(json_pointer_get(r, "/summary/sections"), i, sec) {
		memset(&c, 0, sizeof c);
		suite = xmlNewChild(root, NULL, (const xmlChar *)"testsuite",
		    NULL);
		s = xasprintf("%s %s", report_str(sec, "id"), report_str(sec, "title"));
		report_xml_prop(suite, "name", s);
		free(s);
		report_xml_prop(suite, "id", report_str(sec, "id"));
		report_xml_prop(suite, "package", report_str(bench, "id"));
		report_xml_prop(suite, "hostname", report_str(host, "hostname"));
		report_xml_prop(suite, "timestamp", report_str(r, "started"));
		report_xml_prop(suite, "time", "0");
		s = xasprintf("%s %s", report_str(sec, "id"), report_str(sec,
		    "title"));
		cls = report_junit_classname(hid, s);
		free(s);
		props = xmlNewChild(suite, NULL, (const xmlChar *)"properties",
		    NULL);
		property(props, "benchmark", report_str(bench, "title"));
		property(props, "benchmark.sha256", report_str(bench, "sha256"));
		property(props, "root", report_str(host, "root"));
		property(props, "docker.endpoint", report_str(json_object_get(host,
		    "docker"), "endpoint"));
		json_array_foreach(json_object_get(r, "results"), j, res) {
			if (strcmp(report_str(res, "section"), report_str(sec, "id")) != 0)
				continue;
			res = report_result(res);
			if (json_array_size(json_object_get(res, "targets")) ==
			    0)
				testcase(suite, &c, res, NULL, cls);
			json_array_foreach(json_object_get(res, "targets"), k, t)
				testcase(suite, &c, res, t, cls);
			json_decref(res);
		}
		free(cls);
		counts_props(suite, &c);
		all.tests += c.tests;
		all.failures += c.failures;
		all.errors += c.errors;
		all.skipped += c.skipped;
	}
	counts_props(root, &all);
	return report_xml_dump(doc, fp);
}

const struct report_format report_junit_entry = {
	.name = "junit",
	.ext = ".xml",
	.help = "JUnit XML: a test case per rule, or per target row",
	.write = report_junit_write,
};
