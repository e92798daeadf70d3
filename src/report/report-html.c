/*
 * The HTML report: one self-contained file (CSS and script inline, no
 * external resource) for a person to read or print as evidence. Built
 * with libxml2's tree API from the JSON record alone: every piece of data
 * goes in through xmlNewTextChild() or xmlNewProp(), which escape it, so
 * a container named "<img src=x onerror=...>" is text. The script reads
 * data- attributes; no data is ever written into script text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "report/report.h"
#include "report/xml.h"
#include "lib/util.h"

extern const char report_css_text[];	/* report-assets.c */
extern const char report_js_text[];

static const char *const statuses[] = {
	"fail", "error", "waived", "manual", "info", "pass", "notapplicable",
	NULL
};

/* Structure only: no content is ever parsed. */
static xmlNodePtr
el(xmlNodePtr parent, const char *name, const char *cls)
{
	xmlNodePtr	n = xmlNewChild(parent, NULL, (const xmlChar *)name,
			    NULL);

	if (cls != NULL)
		xmlNewProp(n, (const xmlChar *)"class", (const xmlChar *)cls);
	return n;
}

static xmlNodePtr
text(xmlNodePtr parent, const char *name, const char *cls, const char *s)
{
	xmlChar		*c = report_xml_text(s);
	xmlNodePtr	 n;

	n = xmlNewTextChild(parent, NULL, (const xmlChar *)name, c);
	free(c);
	if (cls != NULL)
		xmlNewProp(n, (const xmlChar *)"class", (const xmlChar *)cls);
	return n;
}

static void
attr(xmlNodePtr n, const char *name, const char *value)
{
	xmlChar	*c = report_xml_text(value);

	xmlNewProp(n, (const xmlChar *)name, c);
	free(c);
}

/* A bare text node (inside a paragraph, after other nodes). */
static void
words(xmlNodePtr parent, const char *s)
{
	xmlChar	*c = report_xml_text(s);

	xmlAddChild(parent, xmlNewText(c));
	free(c);
}

static char *
number_text(json_t *v)
{
	if (json_is_integer(v))
		return xasprintf("%lld", (long long)json_integer_value(v));
	if (json_is_number(v))
		return xasprintf("%.1f", json_number_value(v));
	return xstrdup("n/a");
}

static char *
percent(json_t *v)
{
	return json_is_number(v) ? xasprintf("%.1f%%", json_number_value(v)) :
	    xstrdup("n/a");
}

static void
badge(xmlNodePtr parent, const char *status)
{
	const char	*cls = "badge info";
	size_t		 i;
	char		*c = NULL;

	/* The class comes from our list, never from the data. */
	for (i = 0; statuses[i] != NULL; i++) {
		if (strcmp(status, statuses[i]) == 0)
			cls = c = xasprintf("badge %s", statuses[i]);
	}
	text(parent, "span", cls, status);
	free(c);
}

static void
meta_row(xmlNodePtr dl, const char *term, const char *value)
{
	text(dl, "dt", NULL, term);
	text(dl, "dd", NULL, value);
}

static void
marks(xmlNodePtr parent, json_t *o)
{
	const char	*b = json_string_value(json_object_get(o, "baseline"));
	char		*cls;

	if (b == NULL || strcmp(b, "unchanged") == 0)
		return;
	cls = xasprintf("mark %s", strcmp(b, "new") == 0 ? "new" : "fixed");
	text(parent, "span", cls, b);
	free(cls);
}

static void
waiver_box(xmlNodePtr parent, json_t *w)
{
	xmlNodePtr	d;
	char		*s;

	if (!json_is_object(w))
		return;
	d = el(parent, "div", "waiver");
	text(d, "strong", NULL, "Waived: ");
	words(d, report_str(w, "reason"));
	s = xasprintf(" (approved by %s, until %s; %s)", report_str(w, "approver"),
	    report_str(w, "expires"), report_str(w, "origin"));
	words(d, s);
	free(s);
}

/*
 * The summary a reader needs first: the gate's verdict and why, the
 * failing scored rules by severity, then the critical and high ones with
 * their failing targets (the first five of each).
 */
static void
banner(xmlNodePtr main, json_t *r)
{
	static const char *const sevs[] = { "critical", "high", "medium",
	    "low" };
	json_t		*res, *t;
	xmlNodePtr	 sec, ul, li;
	size_t		 i, j, n, counts[4] = { 0, 0, 0, 0 };
	char		*s, *why;
	const char	*st, *sev;
	long long	 nerr;
	int		 k;

	why = report_gate_words(r);
	sec = el(main, "section", why != NULL ? "banner failed" : "banner");
	if (json_is_object(json_object_get(r, "gate"))) {
		nerr = json_integer_value(json_pointer_get(r,
		    "/summary/error"));
		s = why != NULL ? xasprintf("Gate failed: %s", why) :
		    nerr > 0 ? xasprintf("Gate passed, but %lld rule%s could "
		    "not be checked", nerr, nerr == 1 ? "" : "s") :
		    xstrdup("Gate passed");
		text(sec, "p", "verdict", s);
		free(s);
	}
	free(why);
	json_array_foreach(json_object_get(r, "results"), i, res) {
		st = report_str(res, "status");
		sev = report_str(res, "severity");
		if (strcmp(st, "fail") != 0 ||
		    !json_is_true(json_object_get(res, "scored")))
			continue;
		for (k = 0; k < 4; k++) {
			if (strcmp(sev, sevs[k]) == 0)
				counts[k]++;
		}
	}
	s = xasprintf("Failing scored rules by severity: critical %zu, high "
	    "%zu, medium %zu, low %zu", counts[0], counts[1], counts[2],
	    counts[3]);
	text(sec, "p", "severities", s);
	free(s);
	if (counts[0] + counts[1] == 0)
		return;
	text(sec, "h2", NULL, "Critical and high failures");
	ul = el(sec, "ul", "top");
	for (k = 0; k < 2; k++) {
		json_array_foreach(json_object_get(r, "results"), i, res) {
			if (strcmp(report_str(res, "status"), "fail") != 0 ||
			    strcmp(report_str(res, "severity"), sevs[k]) != 0 ||
			    !json_is_true(json_object_get(res, "scored")))
				continue;
			res = report_result(res);
			li = el(ul, "li", NULL);
			text(li, "span", k == 0 ? "sevtag critical" :
			    "sevtag high", sevs[k]);
			text(li, "strong", NULL, report_str(res, "id"));
			text(li, "span", "title", report_str(res, "title"));
			s = NULL;
			n = 0;
			json_array_foreach(json_object_get(res, "targets"), j,
			    t) {
				if (strcmp(report_str(t, "status"), "fail") != 0)
					continue;
				if (++n > 5)
					continue;
				why = xasprintf("%s%s%s", s != NULL ? s : "",
				    s != NULL ? ", " : "", report_str(t, "name"));
				free(s);
				s = why;
			}
			if (s != NULL) {
				why = n > 5 ? xasprintf("%s (+%zu more)", s,
				    n - 5) : xstrdup(s);
				text(li, "span", "targets", why);
				free(why);
				free(s);
			}
			json_decref(res);
		}
	}
}

static void
header(xmlNodePtr main, json_t *r)
{
	json_t		*host = json_object_get(r, "host");
	json_t		*docker = json_object_get(host, "docker");
	json_t		*bench = json_object_get(r, "benchmark");
	json_t		*gate = json_object_get(r, "gate"), *g;
	xmlNodePtr	 dl;
	char		*s;
	size_t		 i;

	text(main, "h1", NULL, report_str(bench, "title"));
	s = xasprintf("%s %s on %s, %s", report_str(bench, "id"), report_str(bench,
	    "version"), report_str(host, "hostname"), report_str(r, "started"));
	text(main, "p", "sub", s);
	free(s);
	banner(main, r);
	dl = el(main, "dl", "meta");
	meta_row(dl, "Host", report_str(host, "hostname"));
	meta_row(dl, "Operating system", report_str(host, "os"));
	meta_row(dl, "Kernel", report_str(host, "kernel"));
	meta_row(dl, "Audited root", report_str(host, "root"));
	meta_row(dl, "Docker endpoint", report_str(docker, "endpoint"));
	if (json_is_true(json_object_get(docker, "reachable")))
		s = xasprintf("%s (API %s)", report_str(docker, "version"),
		    report_str(docker, "api_version"));
	else
		s = xasprintf("not reachable: %s", report_str(docker, "error"));
	meta_row(dl, "Docker engine", s);
	free(s);
	s = xasprintf("%s to %s (%lld ms)", report_str(r, "started"), report_str(r,
	    "finished"), (long long)json_integer_value(json_object_get(r,
	    "duration_ms")));
	meta_row(dl, "Time", s);
	free(s);
	s = xasprintf("%s %s", report_str(json_object_get(r, "tool"), "name"),
	    report_str(json_object_get(r, "tool"), "version"));
	meta_row(dl, "Tool", s);
	free(s);
	s = xasprintf("%s %s, sha256 %s", report_str(bench, "id"), report_str(bench,
	    "version"), report_str(bench, "sha256"));
	meta_row(dl, "Benchmark", s);
	free(s);
	if (json_is_string(json_object_get(bench, "values")))
		meta_row(dl, "Values file", report_str(bench, "values"));
	if ((s = report_inputs_words(json_object_get(r, "provenance"))) !=
	    NULL) {
		meta_row(dl, "Inputs", s);
		free(s);
	}
	if ((s = report_runner_words(json_object_get(r, "provenance"))) !=
	    NULL) {
		meta_row(dl, "Ran as", s);
		free(s);
	}
	if (json_is_string(json_pointer_get(r, "/host/id")))
		meta_row(dl, "Host id", json_string_value(json_pointer_get(r,
		    "/host/id")));
	if ((s = report_tags_words(host)) != NULL) {
		meta_row(dl, "Tags", s);
		free(s);
	}
	if (json_is_object(json_object_get(r, "baseline"))) {
		json_t *b = json_object_get(r, "baseline");

		char *words = report_baseline_words(b);

		s = xasprintf("%s: %s", report_str(b, "file"), words);
		free(words);
		meta_row(dl, "Baseline", s);
		free(s);
	}
	if (json_is_object(gate)) {
		s = xstrdup(json_is_true(json_object_get(gate, "passed")) ?
		    "passed" : "failed");
		json_array_foreach(json_object_get(gate, "reasons"), i, g) {
			char *t = xasprintf("%s%s %s", s, i == 0 ? ":" : ";",
			    json_string_value(g) != NULL ?
			    json_string_value(g) : "");

			free(s);
			s = t;
		}
		meta_row(dl, "Gate", s);
		free(s);
	}
}

static void
cards(xmlNodePtr main, json_t *r)
{
	json_t		*s = json_object_get(r, "summary");
	xmlNodePtr	 box, c, ul, li;
	char		*v;
	size_t		 i;

	box = el(main, "div", "cards");
	c = el(box, "div", "card");
	v = percent(json_object_get(s, "score"));
	text(c, "div", "big", v);
	text(c, "div", "label", "score");
	free(v);
	c = el(box, "div", "card");
	v = percent(json_object_get(s, "score_with_waivers"));
	text(c, "div", "big", v);
	text(c, "div", "label", "score with waivers");
	free(v);
	c = el(box, "div", "card");
	ul = el(c, "ul", "counts");
	for (i = 0; statuses[i] != NULL; i++) {
		li = el(ul, "li", NULL);
		badge(li, statuses[i]);
		v = number_text(json_object_get(s, statuses[i]));
		words(li, " ");
		words(li, v);
		free(v);
	}
	text(c, "div", "label", "results by status");
}

/* Per-section scores as an inline SVG bar chart. */
static void
chart(xmlNodePtr main, json_t *r)
{
	json_t		*secs = json_pointer_get(r, "/summary/sections"), *sec;
	xmlNodePtr	 svg, n;
	size_t		 i, nsec = json_array_size(secs);
	char		 buf[64], *label;
	double		 score;

	text(main, "h2", NULL, "Score by section");
	svg = el(main, "svg", "chart");
	snprintf(buf, sizeof buf, "0 0 760 %zu", nsec * 28 + 8);
	attr(svg, "viewBox", buf);
	attr(svg, "role", "img");
	attr(svg, "aria-label", "score by section");
	json_array_foreach(secs, i, sec) {
		score = json_is_number(json_object_get(sec, "score")) ?
		    json_number_value(json_object_get(sec, "score")) : -1;
		label = xasprintf("%s %s", report_str(sec, "id"), report_str(sec, "title"));
		n = text(svg, "text", NULL, label);
		free(label);
		snprintf(buf, sizeof buf, "%zu", i * 28 + 20);
		attr(n, "x", "0");
		attr(n, "y", buf);
		n = el(svg, "rect", NULL);
		attr(n, "x", "330");
		snprintf(buf, sizeof buf, "%zu", i * 28 + 6);
		attr(n, "y", buf);
		attr(n, "width", "340");
		attr(n, "height", "18");
		attr(n, "fill", "#eaeef2");
		if (score >= 0) {
			n = el(svg, "rect", NULL);
			attr(n, "x", "330");
			snprintf(buf, sizeof buf, "%zu", i * 28 + 6);
			attr(n, "y", buf);
			snprintf(buf, sizeof buf, "%.1f", 3.4 * score);
			attr(n, "width", buf);
			attr(n, "height", "18");
			attr(n, "fill", score >= 80 ? "#1a7f37" : score >= 50 ?
			    "#bf8700" : "#cf222e");
		}
		if (score >= 0)
			snprintf(buf, sizeof buf, "%.1f%%", score);
		else
			snprintf(buf, sizeof buf, "n/a");
		n = text(svg, "text", NULL, buf);
		attr(n, "x", "680");
		snprintf(buf, sizeof buf, "%zu", i * 28 + 20);
		attr(n, "y", buf);
	}
}

static void
filters(xmlNodePtr main, json_t *r)
{
	xmlNodePtr	 f, l, in, sel, o, n;
	json_t		*sec;
	size_t		 i;

	f = el(main, "div", "filters");
	for (i = 0; statuses[i] != NULL; i++) {
		l = el(f, "label", NULL);
		in = el(l, "input", NULL);
		attr(in, "type", "checkbox");
		attr(in, "checked", "checked");
		attr(in, "data-filter-status", statuses[i]);
		words(l, " ");
		badge(l, statuses[i]);
	}
	l = el(f, "label", NULL);
	words(l, "Level ");
	sel = el(l, "select", NULL);
	attr(sel, "id", "f-level");
	o = text(sel, "option", NULL, "all");
	attr(o, "value", "");
	o = text(sel, "option", NULL, "1");
	attr(o, "value", "1");
	o = text(sel, "option", NULL, "2");
	attr(o, "value", "2");
	l = el(f, "label", NULL);
	words(l, "Section ");
	sel = el(l, "select", NULL);
	attr(sel, "id", "f-section");
	o = text(sel, "option", NULL, "all");
	attr(o, "value", "");
	json_array_foreach(json_pointer_get(r, "/summary/sections"), i, sec) {
		char *t = xasprintf("%s %s", report_str(sec, "id"), report_str(sec, "title"));

		o = text(sel, "option", NULL, t);
		attr(o, "value", report_str(sec, "id"));
		free(t);
	}
	in = el(f, "input", NULL);
	attr(in, "type", "search");
	attr(in, "id", "f-search");
	attr(in, "placeholder", "Search id, title, reason");
	n = text(f, "span", NULL, "");
	attr(n, "id", "f-shown");
}

static char *
lower(const char *s)
{
	char	*o = xstrdup(s), *p;

	for (p = o; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	}
	return o;
}

static void
evidence(xmlNodePtr parent, const char *tag, const char *cls, json_t *ev,
    size_t flags)
{
	char	*dump = json_dumps(ev, flags | JSON_SORT_KEYS);

	text(parent, tag, cls, dump != NULL ? dump : "");
	free(dump);
}

static void
targets(xmlNodePtr body, json_t *res)
{
	json_t		*ts = json_object_get(res, "targets"), *t;
	xmlNodePtr	 d, tbl, tr, td;
	size_t		 i, k, n[8] = { 0 };
	char		*s, *t2;

	if (json_array_size(ts) == 0)
		return;
	json_array_foreach(ts, i, t) {
		for (k = 0; statuses[k] != NULL; k++) {
			if (strcmp(report_str(t, "status"), statuses[k]) == 0)
				n[k]++;
		}
	}
	s = xasprintf("%zu targets:", json_array_size(ts));
	for (k = 0; statuses[k] != NULL; k++) {
		if (n[k] == 0)
			continue;
		t2 = xasprintf("%s %zu %s", s, n[k], statuses[k]);
		free(s);
		s = t2;
	}
	d = el(body, "details", "rows");
	text(d, "summary", NULL, s);
	free(s);
	tbl = el(d, "table", "rows");
	tr = el(tbl, "tr", NULL);
	text(tr, "th", NULL, "Status");
	text(tr, "th", NULL, "Target");
	text(tr, "th", NULL, "Reason");
	text(tr, "th", NULL, "Evidence");
	json_array_foreach(ts, i, t) {
		tr = el(tbl, "tr", NULL);
		td = el(tr, "td", NULL);
		badge(td, report_str(t, "status"));
		marks(td, t);
		td = el(tr, "td", NULL);
		s = xasprintf("%s %s", report_str(t, "kind"), report_str(t, "name"));
		text(td, "div", NULL, s);
		free(s);
		if (json_is_string(json_object_get(t, "image"))) {
			s = xasprintf("image %s", report_str(t, "image"));
			text(td, "div", NULL, s);
			free(s);
		}
		td = el(tr, "td", NULL);
		words(td, report_str(t, "reason"));
		waiver_box(td, json_object_get(t, "waiver"));
		td = el(tr, "td", NULL);
		evidence(td, "code", NULL, json_object_get(t, "evidence"),
		    JSON_COMPACT);
	}
}

static void
rule(xmlNodePtr parent, json_t *res)
{
	xmlNodePtr	 d, sum, body, ul;
	json_t		*ref;
	char		*s, *search;
	size_t		 i;

	d = el(parent, "details", "rule");
	attr(d, "data-status", report_str(res, "status"));
	s = number_text(json_object_get(res, "level"));
	attr(d, "data-level", s);
	free(s);
	attr(d, "data-section", report_str(res, "section"));
	s = xasprintf("%s %s %s", report_str(res, "id"), report_str(res, "title"),
	    report_str(res, "reason"));
	search = lower(s);
	attr(d, "data-search", search);
	free(search);
	free(s);
	sum = el(d, "summary", NULL);
	badge(sum, report_str(res, "status"));
	text(sum, "strong", NULL, report_str(res, "id"));
	body = text(sum, "span", "title", report_str(res, "title"));
	marks(body, res);
	s = xasprintf("%s, L%lld%s", report_str(res, "severity"),
	    (long long)json_integer_value(json_object_get(res, "level")),
	    json_is_true(json_object_get(res, "scored")) ? "" : ", not scored");
	text(sum, "span", "sev", s);
	free(s);
	text(sum, "span", "reason", report_str(res, "reason"));

	body = el(d, "div", "body");
	waiver_box(body, json_object_get(res, "waiver"));
	text(body, "h3", NULL, "Description");
	text(body, "p", NULL, report_str(res, "description"));
	text(body, "h3", NULL, "Rationale");
	text(body, "p", NULL, report_str(res, "rationale"));
	text(body, "h3", NULL, "Remediation");
	text(body, "p", NULL, report_str(res, "remediation"));
	text(body, "h3", NULL, "Evidence");
	evidence(body, "pre", "evidence", json_object_get(res, "evidence"),
	    JSON_INDENT(2));
	targets(body, res);
	if ((s = report_controls_words(res)) != NULL) {
		text(body, "h3", NULL, "Controls");
		text(body, "p", "controls", s);
		free(s);
	}
	text(body, "h3", NULL, "References");
	ul = el(body, "ul", NULL);
	json_array_foreach(json_object_get(res, "references"), i, ref)
		text(ul, "li", NULL, json_string_value(ref));
}

static void
waivers_left(xmlNodePtr main, json_t *r)
{
	json_t		*w;
	xmlNodePtr	 ul = NULL;
	size_t		 i;
	char		*s;

	json_array_foreach(json_object_get(r, "waivers"), i, w) {
		if (strcmp(report_str(w, "state"), "applied") == 0)
			continue;
		if (ul == NULL) {
			text(main, "h2", NULL, "Waivers not applied");
			ul = el(main, "ul", NULL);
		}
		s = xasprintf("%s: rule %s, %s (%s): %s", report_str(w, "origin"),
		    report_str(w, "rule"), report_str(w, "state"), report_str(w, "expires"),
		    report_str(w, "reason"));
		text(ul, "li", NULL, s);
		free(s);
	}
}

/*
 * Findings by control (when the record maps rules to controls): one row
 * per framework and control with its rules and their statuses, in a
 * section the reader opens on request.
 */
static void
by_control(xmlNodePtr main, json_t *r)
{
	json_t		*index = json_object(), *res, *c, *rows, *row;
	xmlNodePtr	 d, table, tr;
	const char	*key;
	char		*k;
	size_t		 i, j;

	json_array_foreach(json_object_get(r, "results"), i, res) {
		res = report_result(res);
		json_array_foreach(json_object_get(res, "controls"), j, c) {
			k = xasprintf("%s\t%s", report_str(c, "framework"),
			    report_str(c, "id"));
			if ((rows = json_object_get(index, k)) == NULL) {
				rows = json_array();
				json_object_set_new(index, k, rows);
			}
			json_array_append_new(rows, json_pack("{s:s,s:s,s:s}",
			    "id", report_str(res, "id"), "status", report_str(res,
			    "status"), "title", report_str(c, "title")));
			free(k);
		}
		json_decref(res);
	}
	if (json_object_size(index) > 0) {
		d = el(main, "details", "controls");
		text(el(d, "summary", NULL), "h2", NULL, "Findings by control");
		table = el(d, "table", "controls");
		tr = el(el(table, "thead", NULL), "tr", NULL);
		text(tr, "th", NULL, "Framework");
		text(tr, "th", NULL, "Control");
		text(tr, "th", NULL, "Rules");
		table = el(table, "tbody", NULL);
		json_object_foreach(index, key, rows) {
			tr = el(table, "tr", NULL);
			k = xstrndup(key, strcspn(key, "\t"));
			text(tr, "td", NULL, k);
			free(k);
			k = xasprintf("%s%s%s", strchr(key, '\t') + 1,
			    report_str(json_array_get(rows, 0), "title")[0] != '\0' ?
			    " " : "", report_str(json_array_get(rows, 0), "title"));
			text(tr, "td", NULL, k);
			free(k);
			tr = el(tr, "td", NULL);
			json_array_foreach(rows, j, row) {
				badge(tr, report_str(row, "status"));
				text(tr, "span", "ctl-rule", report_str(row, "id"));
			}
		}
	}
	json_decref(index);
}

static int
report_html_write(json_t *r, FILE *fp, const struct render_opts *ro)
{
	htmlDocPtr	 doc;
	xmlNodePtr	 html, head, body, main, n;
	xmlChar		*mem = NULL;
	json_t		*res;
	char		*title;
	size_t		 i;
	int		 len = 0, rc = 0;

	(void)ro;
	doc = htmlNewDocNoDtD(NULL, NULL);
	xmlCreateIntSubset(doc, (const xmlChar *)"html", NULL, NULL);
	html = xmlNewDocNode(doc, NULL, (const xmlChar *)"html", NULL);
	xmlDocSetRootElement(doc, html);
	attr(html, "lang", "en");
	attr(html, "class", "nojs");
	head = el(html, "head", NULL);
	n = el(head, "meta", NULL);
	attr(n, "name", "viewport");
	attr(n, "content", "width=device-width, initial-scale=1");
	title = xasprintf("dockaudit: %s on %s",
	    report_str(json_object_get(r, "benchmark"), "title"),
	    report_str(json_object_get(r, "host"), "hostname"));
	text(head, "title", NULL, title);
	free(title);
	/* Our constants, not data: style and script keep their text raw. */
	xmlNewTextChild(head, NULL, (const xmlChar *)"style",
	    (const xmlChar *)report_css_text);
	body = el(html, "body", NULL);
	main = el(body, "main", NULL);
	header(main, r);
	cards(main, r);
	chart(main, r);
	text(main, "h2", NULL, "Rules");
	filters(main, r);
	json_array_foreach(json_object_get(r, "results"), i, res) {
		res = report_result(res);
		rule(main, res);
		json_decref(res);
	}
	if (json_array_size(json_object_get(r, "results")) == 0)
		text(main, "p", "empty", "No rule was selected.");
	waivers_left(main, r);
	by_control(main, r);
	text(main, "footer", NULL, "Rendered by dockaudit from the JSON "
	    "record of the run; every detail above comes from it.");
	xmlNewTextChild(body, NULL, (const xmlChar *)"script",
	    (const xmlChar *)report_js_text);
	htmlSetMetaEncoding(doc, (const xmlChar *)"UTF-8");
	htmlDocDumpMemoryFormat(doc, &mem, &len, 1);
	if (mem == NULL || fwrite(mem, 1, (size_t)len, fp) != (size_t)len)
		rc = -1;
	xmlFree(mem);
	xmlFreeDoc(doc);
	return rc;
}

const struct report_format report_html_entry = {
	.name = "html",
	.ext = ".html",
	.help = "a self-contained HTML report (inline CSS, SVG and script)",
	.write = report_html_write,
};
