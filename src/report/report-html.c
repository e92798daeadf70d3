/*
 * The HTML report: one self-contained file (CSS and script inline, no
 * external resource) for a person to read or print as evidence. Built
 * with libxml2's tree API from the JSON record alone: every piece of data
 * goes in through report/xml.c's helpers, cleaned and escaped, so
 * a container named "<img src=x onerror=...>" is text. The script reads
 * data- attributes; no data is ever written into script text.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "report/report.h"
#include "report/xml.h"
#include "lib/util.h"

/* report-assets.c, from reports/report.css (its two parts) and report.js */
extern const char report_css_text[];
extern const char report_css_tail_text[];
extern const char report_js_text[];

/* Written in place of each repeat of dockerd's argv in the evidence. */
#define ARGV_NOTE "dockerd's command line: see Host"

/* Structure only (no content is ever parsed), with a class or none. */
static xmlNodePtr
el(xmlNodePtr parent, const char *name, const char *cls)
{
	return report_xml_class(report_xml_child(parent, name), cls);
}

static xmlNodePtr
text(xmlNodePtr parent, const char *name, const char *cls, const char *s)
{
	return report_xml_class(report_xml_text_child(parent, name, s), cls);
}

/*
 * A paragraph of prose (a description, a remediation) in which a word
 * with a hyphen inside, such as "--load" or "no-new-privileges", is never
 * broken at its hyphen: browsers may break after any "-", and a command
 * printed as "augenrules -" / "-load" is a wrong command. Words over 40
 * bytes (URLs) may still break, so that a narrow screen never scrolls.
 */
static xmlNodePtr
prose(xmlNodePtr parent, const char *cls, const char *s)
{
	xmlNodePtr	 p = report_xml_class(report_xml_child(parent, "p"), cls);
	const char	*run = s, *w, *e;
	char		*part;

	for (w = s; *w != '\0'; w = e) {
		while (*w == ' ')
			w++;
		for (e = w; *e != '\0' && *e != ' '; e++)
			;
		if (e - w > 40 || memchr(w, '-', (size_t)(e - w)) == NULL ||
		    (e - w == 1))
			continue;
		part = xstrndup(run, (size_t)(w - run));
		report_xml_words(p, part);
		free(part);
		part = xstrndup(w, (size_t)(e - w));
		text(p, "span", "nobr", part);
		free(part);
		run = e;
	}
	report_xml_words(p, run);
	return p;
}

/* A table of class cls with these column heads; its tbody is returned. */
static xmlNodePtr
grid(xmlNodePtr parent, const char *cls, const char *const *heads)
{
	xmlNodePtr	tbl, tr;

	tbl = el(parent, "table", cls);
	tr = el(el(tbl, "thead", NULL), "tr", NULL);
	for (; *heads != NULL; heads++)
		text(tr, "th", NULL, *heads);
	return el(tbl, "tbody", NULL);
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

/* A severity's place worst first, SEVERITY_COUNT for an unknown one. */
static size_t
severity_place(const char *name)
{
	int	sev = severity_from_name(name);

	return sev < 0 ? SEVERITY_COUNT : SEVERITY_CRITICAL - (size_t)sev;
}

/* Rule ids compare as dotted numbers: 2.9 before 2.10. */
static int
id_cmp(const char *a, const char *b)
{
	unsigned long	 x, y;
	char		*ea, *eb;

	while (*a != '\0' && *b != '\0') {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			x = strtoul(a, &ea, 10);
			y = strtoul(b, &eb, 10);
			if (x != y)
				return x < y ? -1 : 1;
			a = ea;
			b = eb;
		} else if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		else {
			a++;
			b++;
		}
	}
	return (unsigned char)*a - (unsigned char)*b;
}

/* A box for nothing ({}, [], null or absent) would say nothing. */
static int
evidence_empty(json_t *ev)
{
	return ev == NULL || json_is_null(ev) ||
	    (json_is_object(ev) && json_object_size(ev) == 0) ||
	    (json_is_array(ev) && json_array_size(ev) == 0);
}

/*
 * dockerd's whole argv, as daemon-option rules record it inside their
 * evidence ({"dockerd": {"argv": [...], "pid": N}}); the first copy in
 * the record, or NULL. The record's host object has no place for it.
 */
static json_t *
find_argv(json_t *v)
{
	json_t		*a, *x;
	const char	*k;
	size_t		 i;

	if (json_is_object(v)) {
		a = json_object_get(json_object_get(v, "dockerd"), "argv");
		if (json_is_array(a) && json_array_size(a) > 0)
			return a;
		json_object_foreach(v, k, x) {
			if ((a = find_argv(x)) != NULL)
				return a;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) {
			if ((a = find_argv(x)) != NULL)
				return a;
		}
	}
	return NULL;
}

/* Replaces, in v, every "argv" equal to the one shown with the host. */
static void
strip_argv(json_t *v, json_t *argv)
{
	json_t		*x;
	const char	*k;
	size_t		 i;

	if (json_is_object(v)) {
		json_object_foreach(v, k, x) {
			if (strcmp(k, "argv") == 0 && json_equal(x, argv))
				json_object_set_new(v, k,
				    json_string(ARGV_NOTE));
			else
				strip_argv(x, argv);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			strip_argv(x, argv);
	}
}

/*
 * A list of names cut at five: add one after sep (", " once there is a
 * first), then end it with "and N more".
 */
static void
names_add(char **s, size_t *n, const char *first_sep, const char *name)
{
	char	*o;

	if (++*n > 5)
		return;
	o = xasprintf("%s%s%s", *s != NULL ? *s : "", *n == 1 ? first_sep :
	    ", ", name);
	free(*s);
	*s = o;
}

static char *
names_end(char *s, size_t n)
{
	char	*o;

	if (n <= 5)
		return s;
	o = xasprintf("%s and %zu more", s, n - 5);
	free(s);
	return o;
}

/*
 * The names of res's rows whose status is st1 or st2: the first five,
 * then "and N more"; NULL when there is none.
 */
static char *
row_names(json_t *res, const char *st1, const char *st2)
{
	json_t		*t;
	const char	*st;
	char		*s = NULL;
	size_t		 i, n = 0;

	json_array_foreach(json_object_get(res, "targets"), i, t) {
		st = report_str(t, "status");
		if (strcmp(st, st1) == 0 || (st2 != NULL && strcmp(st, st2) ==
		    0))
			names_add(&s, &n, "", report_str(t, "name"));
	}
	return names_end(s, n);
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
	int	 st = status_from_name(status);
	char	*cls;

	/* The class comes from the status table, never from the data. */
	cls = xasprintf("badge %s", st >= 0 ? status_name(st) : "info");
	text(parent, "span", cls, status);
	free(cls);
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
	report_xml_words(d, report_str(w, "reason"));
	s = xasprintf(" (approved by %s, until %s; %s)", report_str(w, "approver"),
	    report_str(w, "expires"), report_str(w, "origin"));
	report_xml_words(d, s);
	free(s);
}

/* Who decided a manual rule or row, when, until when, and why. */
static void
attestation_box(xmlNodePtr parent, json_t *a)
{
	xmlNodePtr	d;
	char		*s;

	if (!json_is_object(a))
		return;
	d = el(parent, "div", "attestation");
	s = xasprintf("Attested %s: ", report_str(a, "status"));
	text(d, "strong", NULL, s);
	free(s);
	report_xml_words(d, report_str(a, "explanation"));
	s = xasprintf(" (by %s on %s, expires %s; %s)", report_str(a, "by"),
	    report_str(a, "date"), report_str(a, "expires"),
	    report_str(a, "origin"));
	report_xml_words(d, s);
	free(s);
}

/*
 * A daemon that cannot be reached is said once, at the top, with any
 * other daemon socket found listening and the -H that reaches it; the
 * rules it stopped are counted under that one cause (findings()).
 */
static void
docker_cause(xmlNodePtr sec, json_t *r)
{
	json_t		*docker = json_pointer_get(r, "/host/docker");
	const char	*hint;
	char		*s, *others;

	if (json_is_true(json_object_get(docker, "reachable")) ||
	    !json_is_string(json_object_get(docker, "error")) ||
	    strncmp(report_str(docker, "error"), "not queried", 11) == 0)
		return;
	s = xasprintf("Docker daemon not reached: %s", report_str(docker,
	    "error"));
	text(sec, "p", "docker", s);
	free(s);
	if ((others = report_other_sockets_words(docker)) != NULL) {
		s = xasprintf("Other Docker sockets are listening: %s.", others);
		text(sec, "p", "docker hint", s);
		free(s);
		free(others);
	} else if ((hint = report_docker_hint(docker)) != NULL) {
		s = xasprintf("%s.", hint);
		s[0] = (char)toupper((unsigned char)s[0]);
		text(sec, "p", "docker hint", s);
		free(s);
	}
}

/*
 * The summary a reader needs first: the gate's verdict and why, the
 * failing scored rules by severity, then the critical and high ones with
 * their failing targets (the first five of each).
 */
static void
banner(xmlNodePtr main, json_t *r)
{
	json_t		*res, *sum = json_object_get(r, "summary");
	xmlNodePtr	 sec, ul, li;
	size_t		 i, k, counts[SEVERITY_COUNT], headline = 0;
	enum severity	 sev;
	char		*s, *t, *why, *undecided;

	why = report_gate_words(r);
	undecided = report_undecided_words(r);
	sec = el(main, "section", why != NULL ? "banner failed" :
	    undecided != NULL ? "banner undecided" : "banner");
	if (json_is_object(json_object_get(r, "gate"))) {
		s = why != NULL ? xasprintf("Gate failed: %s", why) :
		    undecided != NULL ? xasprintf("Gate not decided: %s",
		    undecided) : xstrdup("Gate passed");
		text(sec, "p", "verdict", s);
		free(s);
	}
	free(why);
	free(undecided);
	docker_cause(sec, r);
	s = xstrdup("By status:");
	for (k = 0; k < STATUS_COUNT; k++) {
		const struct status_entry *e = &status_table[status_nth(
		    STATUS_BY_RECORD, k)];

		t = xasprintf("%s%s %lld %s", s, k == 0 ? "" : ",",
		    json_integer_value(json_object_get(sum, e->name)),
		    e->words);
		free(s);
		s = t;
	}
	text(sec, "p", "counts", s);
	free(s);
	/* counts[] is worst first, as the severities are listed. */
	report_severity_counts(r, counts);
	s = xstrdup("Failing scored rules by severity:");
	for (k = 0; k < SEVERITY_COUNT; k++) {
		sev = severity_nth_worst(k);
		t = xasprintf("%s%s %s %zu", s, k == 0 ? "" : ",",
		    severity_name(sev), counts[k]);
		free(s);
		s = t;
		if (severity_table[sev].headline)
			headline += counts[k];
	}
	text(sec, "p", "severities", s);
	free(s);
	if (headline == 0)
		return;
	text(sec, "h2", NULL, "Critical and high failures");
	ul = el(sec, "ul", "top");
	for (k = 0; k < SEVERITY_COUNT; k++) {
		sev = severity_nth_worst(k);
		if (!severity_table[sev].headline)
			continue;
		json_array_foreach(json_object_get(r, "results"), i, res) {
			if (strcmp(report_str(res, "status"), "fail") != 0 ||
			    strcmp(report_str(res, "severity"),
			    severity_name(sev)) != 0 ||
			    !json_is_true(json_object_get(res, "scored")))
				continue;
			res = report_result(res);
			li = el(ul, "li", NULL);
			s = xasprintf("sevtag %s", severity_name(sev));
			text(li, "span", s, severity_name(sev));
			free(s);
			text(li, "strong", NULL, report_str(res, "id"));
			text(li, "span", "title", report_str(res, "title"));
			if ((s = row_names(res, "fail", NULL)) != NULL) {
				text(li, "span", "targets", s);
				free(s);
			} else	/* a rule of the host as a whole */
				text(li, "span", "targets", report_str(res,
				    "reason"));
			json_decref(res);
		}
	}
}

static void
header(xmlNodePtr main, json_t *r)
{
	json_t	*bench = json_object_get(r, "benchmark");
	char	*s;

	text(main, "h1", NULL, report_str(bench, "title"));
	s = xasprintf("%s %s on %s, %s", report_str(bench, "id"),
	    report_str(bench, "version"), report_str(json_object_get(r, "host"),
	    "hostname"), report_str(r, "started"));
	text(main, "p", "sub", s);
	free(s);
	banner(main, r);
}

/* dockerd's argv as one line, each word with a space in quotes. */
static char *
argv_words(json_t *argv)
{
	json_t		*a;
	const char	*w;
	char		*s = xstrdup(""), *o;
	size_t		 i;

	json_array_foreach(argv, i, a) {
		w = json_is_string(a) ? json_string_value(a) : "";
		o = xasprintf(strpbrk(w, " \t") != NULL ? "%s%s'%s'" :
		    "%s%s%s", s, i == 0 ? "" : " ", w);
		free(s);
		s = o;
	}
	return s;
}

/* The host, the run and its inputs: the context of every finding. */
static void
host(xmlNodePtr main, json_t *r, json_t *argv)
{
	json_t		*host = json_object_get(r, "host");
	json_t		*docker = json_object_get(host, "docker");
	json_t		*bench = json_object_get(r, "benchmark");
	json_t		*gate = json_object_get(r, "gate"), *g, *images;
	xmlNodePtr	 dl;
	char		*s;
	size_t		 i;

	main = el(main, "section", "part host");
	images = json_object_get(host, "images");
	text(main, "h2", NULL, images != NULL ? "Images and run" :
	    "Host and run");
	dl = el(main, "dl", "meta");
	json_array_foreach(images, i, g) {
		s = report_image_words(g);
		meta_row(dl, "Image", s);
		free(s);
		meta_row(dl, "Image id", report_str(g, "id"));
	}
	if (images != NULL)
		goto run;
	meta_row(dl, "Host", report_str(host, "hostname"));
	meta_row(dl, "Operating system", report_str(host, "os"));
	meta_row(dl, "Kernel", report_str(host, "kernel"));
	meta_row(dl, "Audited root", report_str(host, "root"));
	if (json_array_size(json_object_get(host, "engines")) > 1) {
		s = xstrdup("");
		json_array_foreach(json_object_get(host, "engines"), i, g) {
			char *t = xasprintf("%s%s%s", s, i == 0 ? "" : ", ",
			    report_str(g, "label"));

			free(s);
			s = t;
		}
		meta_row(dl, "Engines", s);
		free(s);
	} else {
		meta_row(dl, "Docker endpoint", report_str(docker, "endpoint"));
		if (json_is_true(json_object_get(docker, "reachable")))
			s = xasprintf("%s (API %s)", report_str(docker,
			    "version"), report_str(docker, "api_version"));
		else
			s = xasprintf("not reachable: %s", report_str(docker,
			    "error"));
		meta_row(dl, "Docker engine", s);
		free(s);
	}
run:
	if (argv != NULL) {
		/* Shown once here; the evidence below points back to it. */
		text(dl, "dt", NULL, "dockerd's command line");
		s = argv_words(argv);
		text(el(dl, "dd", NULL), "code", "argv", s);
		free(s);
	}
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

/*
 * Several engines: a part with one row each (what it is, its score and
 * counts, the rules that fail on it), after the findings of them all.
 */
static void
engines_part(xmlNodePtr main, json_t *r, json_t *all)
{
	static const char *const heads[] = { "Engine", "What", "Score",
	    "Pass", "Fail", "Error", "Failing rules", NULL };
	json_t		*sums = json_pointer_get(r, "/summary/engines"), *sum;
	json_t		*e, *res;
	xmlNodePtr	 sec, tb, tr;
	const char	*id;
	char		*v, *list;
	size_t		 i, j, k;

	if (json_array_size(sums) == 0)
		return;
	sec = el(main, "section", "part engines");
	text(sec, "h2", NULL, "Engines");
	tb = grid(sec, "engines", heads);
	json_array_foreach(sums, i, sum) {
		id = report_str(sum, "id");
		e = report_engine(r, id);
		tr = el(tb, "tr", NULL);
		text(tr, "td", "name", e != NULL ? report_str(e, "label") : id);
		v = e != NULL ? report_engine_words(e) : xstrdup(id);
		text(tr, "td", NULL, v);
		free(v);
		v = percent(json_object_get(sum, "score"));
		text(tr, "td", "num", v);
		free(v);
		for (k = 0; k < 3; k++) {
			v = number_text(json_object_get(sum, k == 0 ? "pass" :
			    k == 1 ? "fail" : "error"));
			text(tr, "td", "num", v);
			free(v);
		}
		list = xstrdup("");
		json_array_foreach(all, j, res) {
			if (strcmp(report_str(json_object_get(res, "engines"),
			    id), "fail") == 0) {
				v = xasprintf("%s%s%s", list, *list != '\0' ?
				    ", " : "", report_str(res, "id"));
				free(list);
				list = v;
			}
		}
		text(tr, "td", NULL, *list != '\0' ? list : "none");
		free(list);
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
	for (i = 0; i < STATUS_COUNT; i++) {
		const char *name = status_name(status_nth(STATUS_BY_WORST, i));

		li = el(ul, "li", NULL);
		badge(li, name);
		v = number_text(json_object_get(s, name));
		report_xml_words(li, " ");
		report_xml_words(li, v);
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
	size_t		 i, k, nsec = json_array_size(secs);
	char		 buf[64], *label;
	double		 score;
	int		 na = 0;

	text(main, "h2", NULL, "Score by section");
	svg = el(main, "svg", "chart");
	snprintf(buf, sizeof buf, "0 0 800 %zu", nsec * 28 + 8);
	report_xml_prop(svg, "viewBox", buf);
	report_xml_prop(svg, "role", "img");
	report_xml_prop(svg, "aria-label", "score by section");
	json_array_foreach(secs, i, sec) {
		score = json_is_number(json_object_get(sec, "score")) ?
		    json_number_value(json_object_get(sec, "score")) : -1;
		/* No scored rule applied: that is not a score of 0. */
		if (score < 0) {
			na = 1;
			for (k = 0; k < STATUS_COUNT; k++) {
				if (k != STATUS_NA && json_integer_value(
				    json_object_get(sec, status_name(k))) > 0)
					na = 0;
			}
		}
		label = xasprintf("%s %s", report_str(sec, "id"), report_str(sec, "title"));
		n = text(svg, "text", NULL, label);
		free(label);
		snprintf(buf, sizeof buf, "%zu", i * 28 + 20);
		report_xml_prop(n, "x", "0");
		report_xml_prop(n, "y", buf);
		n = el(svg, "rect", NULL);
		report_xml_prop(n, "x", "330");
		snprintf(buf, sizeof buf, "%zu", i * 28 + 6);
		report_xml_prop(n, "y", buf);
		report_xml_prop(n, "width", "340");
		report_xml_prop(n, "height", "18");
		report_xml_prop(n, "fill", score >= 0 ? "#eaeef2" : "#ffffff");
		if (score < 0) {
			report_xml_prop(n, "class", "na");
			report_xml_prop(n, "stroke", "#8c959f");
			report_xml_prop(n, "stroke-dasharray", "4 3");
		}
		if (score >= 0) {
			n = el(svg, "rect", NULL);
			report_xml_prop(n, "x", "330");
			snprintf(buf, sizeof buf, "%zu", i * 28 + 6);
			report_xml_prop(n, "y", buf);
			snprintf(buf, sizeof buf, "%.1f", 3.4 * score);
			report_xml_prop(n, "width", buf);
			report_xml_prop(n, "height", "18");
			report_xml_prop(n, "fill", score >= 80 ? "#1a7f37" :
			    score >= 50 ? "#bf8700" : "#cf222e");
		}
		if (score >= 0)
			snprintf(buf, sizeof buf, "%.1f%%", score);
		else
			snprintf(buf, sizeof buf, "%s", na ? "not applicable" :
			    "nothing scored");
		n = text(svg, "text", score >= 0 ? "score" : "score na", buf);
		report_xml_prop(n, "x", "680");
		snprintf(buf, sizeof buf, "%zu", i * 28 + 20);
		report_xml_prop(n, "y", buf);
	}
}

static void
filters(xmlNodePtr main, json_t *r)
{
	xmlNodePtr	 f, l, in, sel, o, n;
	json_t		*sec;
	size_t		 i;

	f = el(main, "div", "filters");
	for (i = 0; i < STATUS_COUNT; i++) {
		const char *name = status_name(status_nth(STATUS_BY_WORST, i));

		l = el(f, "label", NULL);
		in = el(l, "input", NULL);
		report_xml_prop(in, "type", "checkbox");
		report_xml_prop(in, "checked", "checked");
		report_xml_prop(in, "data-filter-status", name);
		report_xml_words(l, " ");
		badge(l, name);
	}
	l = el(f, "label", NULL);
	report_xml_words(l, "Level ");
	sel = el(l, "select", NULL);
	report_xml_prop(sel, "id", "f-level");
	o = text(sel, "option", NULL, "all");
	report_xml_prop(o, "value", "");
	o = text(sel, "option", NULL, "1");
	report_xml_prop(o, "value", "1");
	o = text(sel, "option", NULL, "2");
	report_xml_prop(o, "value", "2");
	l = el(f, "label", NULL);
	report_xml_words(l, "Section ");
	sel = el(l, "select", NULL);
	report_xml_prop(sel, "id", "f-section");
	o = text(sel, "option", NULL, "all");
	report_xml_prop(o, "value", "");
	json_array_foreach(json_pointer_get(r, "/summary/sections"), i, sec) {
		char *t = xasprintf("%s %s", report_str(sec, "id"), report_str(sec, "title"));

		o = text(sel, "option", NULL, t);
		report_xml_prop(o, "value", report_str(sec, "id"));
		free(t);
	}
	in = el(f, "input", NULL);
	report_xml_prop(in, "type", "search");
	report_xml_prop(in, "id", "f-search");
	report_xml_prop(in, "placeholder", "Search id, title, reason");
	n = text(f, "span", NULL, "");
	report_xml_prop(n, "id", "f-shown");
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
    json_t *argv, size_t flags)
{
	json_t	*shown;
	char	*dump;

	if (argv != NULL) {
		shown = json_deep_copy(ev);
		strip_argv(shown, argv);
	} else
		shown = json_incref(ev);
	dump = json_dumps(shown, flags | JSON_SORT_KEYS);
	text(parent, tag, cls, dump != NULL ? dump : "");
	free(dump);
	json_decref(shown);
}

static void
target_row(xmlNodePtr tbl, json_t *t, json_t *argv, int with_evidence)
{
	xmlNodePtr	 tr, td;
	char		*s;

	tr = el(tbl, "tr", NULL);
	report_xml_prop(tr, "data-status", report_str(t, "status"));
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
	report_xml_words(td, report_str(t, "reason"));
	waiver_box(td, json_object_get(t, "waiver"));
	attestation_box(td, json_object_get(t, "attestation"));
	if (!with_evidence)
		return;
	td = el(tr, "td", NULL);
	if (!evidence_empty(json_object_get(t, "evidence")))
		evidence(td, "code", NULL, json_object_get(t, "evidence"), argv,
		    JSON_COMPACT);
}

/*
 * A row's place in the triage order; STATUS_COUNT, after every known
 * one, for a status the record should not hold.
 */
static size_t
triage_place(json_t *t)
{
	int	st = status_from_name(report_str(t, "status"));

	return st < 0 ? STATUS_COUNT : status_table[st].place[STATUS_BY_TRIAGE];
}

/* The rows in triage order, counted worst first. */
static void
targets(xmlNodePtr body, json_t *res, json_t *argv)
{
	json_t		*ts = json_object_get(res, "targets"), *t;
	xmlNodePtr	 d, tbl, tr;
	size_t		 i, k, n[STATUS_COUNT] = { 0 };
	char		*s, *t2;
	int		 with_evidence = 0, st;

	if (json_array_size(ts) == 0)
		return;
	json_array_foreach(ts, i, t) {
		if ((st = status_from_name(report_str(t, "status"))) >= 0)
			n[st]++;
		if (!evidence_empty(json_object_get(t, "evidence")))
			with_evidence = 1;
	}
	s = xasprintf("%zu targets:", json_array_size(ts));
	for (k = 0; k < STATUS_COUNT; k++) {
		st = status_nth(STATUS_BY_WORST, k);
		if (n[st] == 0)
			continue;
		t2 = xasprintf("%s %zu %s", s, n[st], status_name(st));
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
	if (with_evidence)
		text(tr, "th", NULL, "Evidence");
	for (k = 0; k <= STATUS_COUNT; k++) {
		json_array_foreach(ts, i, t) {
			if (triage_place(t) == k)
				target_row(tbl, t, argv, with_evidence);
		}
	}
}

static void
rule(xmlNodePtr parent, json_t *res, json_t *argv)
{
	xmlNodePtr	 d, sum, body, ul;
	json_t		*ref;
	char		*s, *search;
	size_t		 i;

	d = el(parent, "details", "rule");
	report_xml_prop(d, "data-status", report_str(res, "status"));
	s = number_text(json_object_get(res, "level"));
	report_xml_prop(d, "data-level", s);
	free(s);
	report_xml_prop(d, "data-section", report_str(res, "section"));
	s = xasprintf("%s %s %s", report_str(res, "id"), report_str(res, "title"),
	    report_str(res, "reason"));
	search = lower(s);
	report_xml_prop(d, "data-search", search);
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
	attestation_box(body, json_object_get(res, "attestation"));
	text(body, "h3", NULL, "Description");
	prose(body, NULL, report_str(res, "description"));
	/* Background a printed record of failures can leave out. */
	text(body, "h3", "rationale", "Rationale");
	prose(body, "rationale", report_str(res, "rationale"));
	text(body, "h3", NULL, "Remediation");
	prose(body, NULL, report_str(res, "remediation"));
	if (!evidence_empty(json_object_get(res, "evidence"))) {
		text(body, "h3", NULL, "Evidence");
		evidence(body, "pre", "evidence", json_object_get(res,
		    "evidence"), argv, JSON_INDENT(2));
	}
	targets(body, res, argv);
	if ((s = report_controls_words(res)) != NULL) {
		text(body, "h3", NULL, "Controls");
		text(body, "p", "controls", s);
		free(s);
	}
	text(body, "h3", "refs", "References");
	ul = el(body, "ul", "refs");
	json_array_foreach(json_object_get(res, "references"), i, ref)
		text(ul, "li", NULL, json_string_value(ref));
}

static int
finding_cmp(const void *a, const void *b)
{
	json_t	*x = *(json_t *const *)a, *y = *(json_t *const *)b;
	size_t	 sx = severity_place(report_str(x, "severity"));
	size_t	 sy = severity_place(report_str(y, "severity"));

	if (sx != sy)
		return sx < sy ? -1 : 1;
	return id_cmp(report_str(x, "id"), report_str(y, "id"));
}

static void
sevtag(xmlNodePtr parent, const char *sev)
{
	char	*cls;

	/* As with badges, the class comes from the severity table only. */
	cls = severity_place(sev) < SEVERITY_COUNT ? xasprintf("sevtag %s",
	    sev) : xstrdup("sevtag");
	text(parent, "span", cls, sev);
	free(cls);
}

/*
 * The rules that could not be checked, by cause: a cause shared by many
 * rules (a daemon that cannot be reached, a permission denied) is said
 * once, with the rules it stopped.
 */
static void
causes(xmlNodePtr sec, json_t *all)
{
	json_t		*res, *by = json_object(), *ids, *id;
	json_t		*said = json_object();		/* cause -> words */
	xmlNodePtr	 tbl, tr, td;
	const char	*why;
	size_t		 i, j;
	char		*s, *cause, *key;

	json_array_foreach(all, i, res) {
		if (strcmp(report_str(res, "status"), "error") != 0)
			continue;
		cause = report_rule_cause(res, &key);
		if ((ids = json_object_get(by, key)) == NULL) {
			ids = json_array();
			json_object_set_new(by, key, ids);
			json_object_set_new(said, key, json_string(cause));
		}
		json_array_append(ids, json_object_get(res, "id"));
		free(cause);
		free(key);
	}
	if (json_object_size(by) == 0) {
		json_decref(by);
		json_decref(said);
		return;
	}
	text(sec, "h3", NULL, "Could not be checked");
	tbl = grid(sec, "grid causes", (const char *const[]){ "Cause",
	    "Rules", NULL });
	json_object_foreach(by, why, ids) {
		tr = el(tbl, "tr", NULL);
		text(tr, "td", "cause", report_str(said, why));
		td = el(tr, "td", "ids");
		s = xasprintf("%zu rule%s: ", json_array_size(ids),
		    json_array_size(ids) == 1 ? "" : "s");
		text(td, "strong", NULL, s);
		free(s);
		json_array_foreach(ids, j, id) {
			if (j > 0)
				report_xml_words(td, " ");
			text(td, "a", NULL, json_string_value(id));
		}
	}
	json_decref(by);
	json_decref(said);
}

/*
 * Every failing rule in one table, the most severe first: the list to
 * act on, before the detail of each rule; then what could not be
 * checked, by cause.
 */
static void
findings(xmlNodePtr main, json_t *all)
{
	json_t		**v, *res;
	xmlNodePtr	 sec, tbl, tr, td;
	size_t		 i, n = 0;
	char		*s;

	v = xcalloc(json_array_size(all) + 1, sizeof *v);
	json_array_foreach(all, i, res) {
		if (strcmp(report_str(res, "status"), "fail") == 0)
			v[n++] = res;
	}
	qsort(v, n, sizeof *v, finding_cmp);
	sec = el(main, "section", "part findings");
	text(sec, "h2", NULL, "Findings");
	if (n == 0)
		text(sec, "p", "empty", "No rule failed.");
	else {
		tbl = grid(sec, "grid findings", (const char *const[]){
		    "Rule", "Severity", "Title", "What fails", NULL });
	}
	for (i = 0; i < n; i++) {
		tr = el(tbl, "tr", NULL);
		report_xml_prop(tr, "data-status", report_str(v[i], "status"));
		td = el(tr, "td", "nowrap");
		badge(td, report_str(v[i], "status"));
		report_xml_words(td, " ");
		text(td, "strong", "id", report_str(v[i], "id"));
		sevtag(el(tr, "td", "nowrap"), report_str(v[i], "severity"));
		td = text(tr, "td", "title", report_str(v[i], "title"));
		if (strcmp(report_str(v[i], "fix"), "change") == 0) {
			report_xml_words(td, " ");
			text(td, "span", "fixable", "fixable");
		}
		/* The failing rows, or for a rule of the host as a whole
		 * (a file's mode, a daemon option) its reason. */
		s = row_names(v[i], "fail", NULL);
		text(tr, "td", "targets", s != NULL ? s : report_str(v[i],
		    "reason"));
		free(s);
	}
	free(v);
	causes(sec, all);
}

/* What a waiver covers: the whole rule, or its match and the rows. */
static char *
waiver_scope(json_t *w, json_t *all)
{
	json_t		*m = json_object_get(w, "match"), *v, *res, *t;
	const char	*k, *origin = report_str(w, "origin");
	char		*s = NULL, *o;
	size_t		 i, j, n = 0;

	if (json_object_size(m) == 0)
		return xstrdup("whole rule");
	json_object_foreach(m, k, v) {
		o = xasprintf("%s%s%s %s", s != NULL ? s : "",
		    s != NULL ? ", " : "", k,
		    json_is_string(v) ? json_string_value(v) : "");
		free(s);
		s = o;
	}
	json_array_foreach(all, i, res) {
		if (strcmp(report_str(res, "id"), report_str(w, "rule")) != 0)
			continue;
		json_array_foreach(json_object_get(res, "targets"), j, t) {
			if (strcmp(report_str(json_object_get(t, "waiver"),
			    "origin"), origin) == 0)
				names_add(&s, &n, ": ", report_str(t, "name"));
		}
	}
	return names_end(s, n);
}

static void
waiver_table(xmlNodePtr sec, json_t *list, json_t *all, int applied)
{
	xmlNodePtr	 tbl, tr;
	json_t		*w;
	size_t		 i;
	char		*s;

	tbl = el(sec, "table", applied ? "grid waivers applied" :
	    "grid waivers unused");
	tr = el(el(tbl, "thead", NULL), "tr", NULL);
	text(tr, "th", NULL, "Rule");
	text(tr, "th", NULL, "Scope");
	text(tr, "th", NULL, "Reason");
	text(tr, "th", NULL, "Approver");
	text(tr, "th", NULL, "Expires");
	text(tr, "th", NULL, applied ? "Applied to" : "State");
	text(tr, "th", NULL, "Source");
	tbl = el(tbl, "tbody", NULL);
	json_array_foreach(list, i, w) {
		if ((strcmp(report_str(w, "state"), "applied") == 0) != applied)
			continue;
		tr = el(tbl, "tr", NULL);
		text(tr, "td", "nowrap", report_str(w, "rule"));
		s = waiver_scope(w, all);
		text(tr, "td", NULL, s);
		free(s);
		text(tr, "td", NULL, report_str(w, "reason"));
		text(tr, "td", NULL, report_str(w, "approver"));
		text(tr, "td", "nowrap", report_str(w, "expires"));
		if (applied) {
			s = xasprintf("%lld", (long long)json_integer_value(
			    json_object_get(w, "applied")));
			text(tr, "td", NULL, s);
			free(s);
		} else
			text(tr, "td", NULL, report_str(w, "state"));
		text(tr, "td", NULL, report_str(w, "origin"));
	}
}

/*
 * The waivers register: those applied (who accepted which risk, until
 * when), then those expired or matching nothing, which a reviewer must
 * renew or remove. The record's top-level list carries their state.
 */
static void
waivers(xmlNodePtr main, json_t *r, json_t *all)
{
	json_t		*list = json_object_get(r, "waivers"), *w;
	xmlNodePtr	 sec;
	size_t		 i, n[2] = { 0, 0 };

	json_array_foreach(list, i, w)
		n[strcmp(report_str(w, "state"), "applied") == 0]++;
	if (n[0] + n[1] == 0)
		return;
	sec = el(main, "section", "part waivers");
	text(sec, "h2", NULL, "Waivers");
	if (n[1] > 0) {
		text(sec, "h3", NULL, "Applied waivers");
		waiver_table(sec, list, all, 1);
	} else
		text(sec, "p", "empty", "No waiver was applied.");
	if (n[0] > 0) {
		text(sec, "h3", NULL, "Waivers not applied (expired or "
		    "unmatched)");
		waiver_table(sec, list, all, 0);
	}
}

/* A status as one character for the per-container grid. */
static const char *
cell_mark(const char *st)
{
	int	k = status_from_name(st);

	return k >= 0 ? status_table[k].mark : "*";
}

/*
 * One row per container, one column per rule that judged containers:
 * where a container fails, at a glance. Wide by nature, so it scrolls
 * inside its own box. Screen only: print has the rows under each rule.
 */
static void
containers(xmlNodePtr main, json_t *all)
{
	json_t		*names = json_array(), *seen = json_object();
	json_t		*cols = json_array(), *byname, *res, *t, *name, *rows;
	xmlNodePtr	 sec, tbl, tr, th, td;
	size_t		 i, j;
	const char	*st;
	char		*s;
	int		 has;

	json_array_foreach(all, i, res) {
		has = 0;
		byname = json_object();
		json_array_foreach(json_object_get(res, "targets"), j, t) {
			if (strcmp(report_str(t, "kind"), "container") != 0)
				continue;
			has = 1;
			if (json_object_get(seen, report_str(t, "name")) ==
			    NULL) {
				json_object_set_new(seen, report_str(t, "name"),
				    json_true());
				json_array_append_new(names, json_string(
				    report_str(t, "name")));
			}
			if (json_object_get(byname, report_str(t, "name")) ==
			    NULL)
				json_object_set_new(byname, report_str(t,
				    "name"), json_string(report_str(t,
				    "status")));
		}
		if (has)
			json_array_append_new(cols, json_pack("{s:O,s:o}",
			    "result", res, "rows", byname));
		else
			json_decref(byname);
	}
	if (json_array_size(cols) == 0)
		goto out;
	sec = el(main, "section", "part containers screenonly");
	text(sec, "h2", NULL, "Containers by rule");
	/* A big fleet's grid costs the browser seconds: laid out on request. */
	sec = el(sec, "details", "matrix");
	if (json_array_size(names) <= 50)
		report_xml_prop(sec, "open", "open");
	s = xasprintf("%zu containers, %zu rules", json_array_size(names),
	    json_array_size(cols));
	text(sec, "summary", NULL, s);
	free(s);
	tbl = el(el(sec, "div", "scrollbox"), "table", "matrix");
	tr = el(el(tbl, "thead", NULL), "tr", NULL);
	text(tr, "th", "name", "Container");
	json_array_foreach(cols, j, t) {
		res = json_object_get(t, "result");
		th = text(tr, "th", NULL, report_str(res, "id"));
		s = xasprintf("%s %s", report_str(res, "id"), report_str(res,
		    "title"));
		report_xml_prop(th, "title", s);
		free(s);
	}
	tbl = el(tbl, "tbody", NULL);
	json_array_foreach(names, i, name) {
		tr = el(tbl, "tr", NULL);
		th = text(tr, "th", "name", json_string_value(name));
		report_xml_prop(th, "title", json_string_value(name));
		json_array_foreach(cols, j, t) {
			rows = json_object_get(t, "rows");
			st = json_string_value(json_object_get(rows,
			    json_string_value(name)));
			if (st == NULL) {
				s = xstrdup("cell none");
				td = text(tr, "td", s, "");
				st = "no row";
			} else {
				s = xasprintf("cell %s", status_from_name(st) >=
				    0 ? st : "info");
				td = text(tr, "td", s, cell_mark(st));
			}
			report_xml_prop(td, "title", st);
			free(s);
		}
	}
out:
	json_decref(names);
	json_decref(seen);
	json_decref(cols);
}

/* For print: every rule on a line, after the failures in full. */
static void
all_rules(xmlNodePtr main, json_t *all)
{
	xmlNodePtr	 sec, tbl, tr, td;
	json_t		*res;
	size_t		 i;

	if (json_array_size(all) == 0)
		return;
	sec = el(main, "section", "part allrules printonly");
	text(sec, "h2", NULL, "All rules");
	tbl = grid(sec, "grid allrules", (const char *const[]){ "Rule",
	    "Status", "Severity", "Title", NULL });
	json_array_foreach(all, i, res) {
		tr = el(tbl, "tr", NULL);
		text(tr, "td", "nowrap", report_str(res, "id"));
		td = el(tr, "td", "nowrap");
		badge(td, report_str(res, "status"));
		text(tr, "td", "nowrap", report_str(res, "severity"));
		text(tr, "td", NULL, report_str(res, "title"));
	}
}

/*
 * Findings by control (when the record maps rules to controls): one row
 * per framework and control with its rules and their statuses, in a
 * section the reader opens on request.
 */
static void
by_control(xmlNodePtr main, json_t *all)
{
	json_t		*index = json_object(), *res, *c, *rows, *row;
	xmlNodePtr	 d, table, tr;
	const char	*key;
	char		*k;
	size_t		 i, j;

	json_array_foreach(all, i, res) {
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
	}
	if (json_object_size(index) > 0) {
		d = el(el(main, "section", "part controls"), "details",
		    "controls");
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
	xmlDocPtr	 doc;
	xmlNodePtr	 html, head, body, main, sec, n;
	json_t		*res, *all, *argv;
	char		*title;
	size_t		 i;

	(void)ro;
	doc = report_html_new("en", &html);
	report_xml_prop(html, "class", "nojs");
	head = el(html, "head", NULL);
	n = el(head, "meta", NULL);
	report_xml_prop(n, "name", "viewport");
	report_xml_prop(n, "content", "width=device-width, initial-scale=1");
	title = xasprintf("dockaudit: %s on %s",
	    report_str(json_object_get(r, "benchmark"), "title"),
	    report_str(json_object_get(r, "host"), "hostname"));
	text(head, "title", NULL, title);
	free(title);
	/* Our constants, not data: style and script keep their text raw. */
	report_xml_own_child(head, "style", report_css_text);
	/* Ours too: the second part of reports/report.css, which wins. */
	report_xml_own_child(head, "style", report_css_tail_text);
	body = el(html, "body", NULL);
	main = el(body, "main", NULL);
	/* Unpacked once: most parts below walk every result. */
	all = json_array();
	json_array_foreach(json_object_get(r, "results"), i, res)
		json_array_append_new(all, report_result(res));
	/* One daemon's command line, shown once with the host; with several
	 * engines each row's evidence keeps its own. */
	argv = json_array_size(json_pointer_get(r, "/host/engines")) > 1 ?
	    NULL : find_argv(all);
	header(main, r);
	findings(main, all);
	engines_part(main, r, all);
	waivers(main, r, all);
	host(main, r, argv);
	containers(main, all);
	sec = el(main, "section", "part scores");
	text(sec, "h2", NULL, "Scores");
	cards(sec, r);
	chart(sec, r);
	sec = el(main, "section", "part rules");
	n = text(sec, "h2", NULL, "Rules");
	text(n, "span", "printonly", ": the failing ones, with their "
	    "evidence; those that could not be checked are listed by cause "
	    "under Findings, and every rule in the table that follows");
	filters(sec, r);
	json_array_foreach(all, i, res)
		rule(sec, res, argv);
	if (json_array_size(all) == 0)
		text(sec, "p", "empty", "No rule was selected.");
	all_rules(main, all);
	by_control(main, all);
	json_decref(all);
	text(main, "footer", NULL, "Rendered by dockaudit from the JSON "
	    "record of the run; every detail above comes from it.");
	report_xml_own_child(body, "script", report_js_text);
	return report_html_dump(doc, fp);
}

const struct report_format report_html_entry = {
	.name = "html",
	.ext = ".html",
	.help = "a self-contained HTML report (inline CSS, SVG and script)",
	.write = report_html_write,
};
