/*
 * The fleet report's formats, each rendered from the fleet document
 * alone: JSON (reports/fleet.schema.json), one self-contained HTML page
 * (fleet-html.c), JUnit (a testsuite per host, a testcase per rule, named
 * and classed as the host's own JUnit, report-junit.c) and CSV (a row per
 * host and rule with the host's tags, RFC 4180, formula-safe). JUnit is
 * built with libxml2's text writer, so every piece of data is escaped
 * text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include "report/fleet.h"
#include "report/xml.h"
#include "lib/util.h"

#define TEXT_HOSTS	20		/* listed whole up to this many */
#define TEXT_RULES	5

static char *
num(json_t *v)
{
	if (json_is_integer(v))
		return xasprintf("%lld", (long long)json_integer_value(v));
	if (json_is_number(v))
		return xasprintf("%.1f", json_number_value(v));
	return xstrdup("n/a");
}

/* Strings joined by sep. */
static char *
joined(json_t *arr, const char *sep)
{
	json_t	*v;
	char	*s = xstrdup(""), *t;
	size_t	 i;

	json_array_foreach(arr, i, v) {
		t = xasprintf("%s%s%s", s, i > 0 ? sep : "",
		    json_string_value(v) != NULL ? json_string_value(v) : "");
		free(s);
		s = t;
	}
	return s;
}

static int
wcount(xmlTextWriterPtr w, const char *name, size_t n)
{
	char	v[32];

	snprintf(v, sizeof v, "%zu", n);
	return report_xml_write_attr(w, name, v);
}

struct junit_counts {
	size_t	tests, failures, errors, skipped;
};

static void
junit_count(json_t *h, struct junit_counts *c)
{
	json_t		*res;
	const char	*s;
	size_t		 j;

	memset(c, 0, sizeof *c);
	json_array_foreach(json_object_get(h, "results"), j, res) {
		s = report_str(res, "status");
		c->tests++;
		c->failures += strcmp(s, "fail") == 0;
		c->errors += strcmp(s, "error") == 0;
		c->skipped += strcmp(s, "fail") != 0 && strcmp(s, "error") !=
		    0 && strcmp(s, "pass") != 0;
	}
}

static int
junit_counts_attrs(xmlTextWriterPtr w, const struct junit_counts *c,
    json_int_t ms)
{
	char	secs[32];
	int	rc = 0;

	snprintf(secs, sizeof secs, "%.3f", (double)ms / 1000.0);
	rc |= wcount(w, "tests", c->tests);
	rc |= wcount(w, "failures", c->failures);
	rc |= wcount(w, "errors", c->errors);
	rc |= wcount(w, "skipped", c->skipped);
	rc |= report_xml_write_attr(w, "time", secs);
	return rc;
}

/* One outcome element: its message, and a body that starts with it. */
static int
junit_outcome(xmlTextWriterPtr w, const char *el, const char *type,
    const char *msg, const char *more)
{
	char	*body = more != NULL ? report_junit_body(msg, more) : NULL;
	int	 rc = 0;

	rc |= xmlTextWriterStartElement(w, (const xmlChar *)el) < 0;
	rc |= report_xml_write_attr(w, "message", msg);
	if (type != NULL)
		rc |= report_xml_write_attr(w, "type", type);
	if (body != NULL)
		rc |= report_xml_write_text(w, body);
	rc |= xmlTextWriterEndElement(w) < 0;
	free(body);
	return rc;
}

/* A host's result as a testcase: named and classed as the host's JUnit. */
static int
junit_case(xmlTextWriterPtr w, json_t *h, json_t *res)
{
	const char	*s = report_str(res, "status");
	const char	*why = report_str(res, "reason");
	char		*name, *sec, *cls, *t, *m;
	int		 rc = 0;

	name = json_is_string(json_object_get(res, "title")) ? xasprintf(
	    "%s %s", report_str(res, "id"), report_str(res, "title")) :
	    xstrdup(report_str(res, "id"));
	/* A fleet document of before the section: the id's first part. */
	sec = json_is_string(json_object_get(res, "section")) ? xstrdup(
	    report_str(res, "section")) : xstrndup(report_str(res, "id"),
	    strcspn(report_str(res, "id"), "."));
	cls = report_junit_classname(report_str(h, "id"), sec);
	rc |= xmlTextWriterStartElement(w, (const xmlChar *)"testcase") < 0;
	rc |= report_xml_write_attr(w, "name", name);
	rc |= report_xml_write_attr(w, "classname", cls);
	rc |= report_xml_write_attr(w, "time", "0");
	if (strcmp(s, "fail") == 0) {
		t = joined(json_object_get(res, "targets"), ", ");
		m = *t != '\0' ? xasprintf("failing: %s", t) : xstrdup("");
		rc |= junit_outcome(w, "failure", "fail", *why != '\0' ? why :
		    "failed", m);
		free(m);
		free(t);
	} else if (strcmp(s, "error") == 0)
		rc |= junit_outcome(w, "error", "error", *why != '\0' ? why :
		    "could not be evaluated", "");
	else if (strcmp(s, "pass") != 0) {
		m = *why != '\0' ? xasprintf("%s: %s", s, why) : xstrdup(s);
		rc |= junit_outcome(w, "skipped", NULL, m, NULL);
		free(m);
	}
	rc |= xmlTextWriterEndElement(w) < 0;
	free(name);
	free(sec);
	free(cls);
	return rc;
}

/* One testsuite: streamed, so a thousand hosts need no tree. */
static int
junit_suite(xmlTextWriterPtr w, json_t *h)
{
	struct junit_counts	 c;
	json_t			*res;
	size_t			 j;
	int			 rc = 0;

	junit_count(h, &c);
	rc |= xmlTextWriterStartElement(w, (const xmlChar *)"testsuite") < 0;
	rc |= report_xml_write_attr(w, "name", report_str(h, "id"));
	if (json_is_string(json_object_get(h, "hostname")))
		rc |= report_xml_write_attr(w, "hostname", report_str(h,
		    "hostname"));
	rc |= report_xml_write_attr(w, "timestamp", report_str(h, "started"));
	rc |= junit_counts_attrs(w, &c, json_integer_value(json_object_get(h,
	    "duration_ms")));
	json_array_foreach(json_object_get(h, "results"), j, res) {
		if (rc != 0)
			break;
		rc |= junit_case(w, h, res);
	}
	rc |= xmlTextWriterEndElement(w) < 0;
	return rc ? -1 : 0;
}

static int
fleet_junit_write(json_t *doc, FILE *fp, const struct render_opts *ro)
{
	xmlOutputBufferPtr	 out;
	xmlTextWriterPtr	 w;
	struct junit_counts	 all, c;
	json_t			*h;
	json_int_t		 ms = 0;
	size_t			 i;
	int			 rc = 0;

	(void)ro;
	/* The totals open the document: a first pass counts them. */
	memset(&all, 0, sizeof all);
	json_array_foreach(json_object_get(doc, "hosts"), i, h) {
		junit_count(h, &c);
		all.tests += c.tests;
		all.failures += c.failures;
		all.errors += c.errors;
		all.skipped += c.skipped;
		ms += json_integer_value(json_object_get(h, "duration_ms"));
	}
	if ((out = xmlOutputBufferCreateFile(fp, NULL)) == NULL)
		return -1;
	if ((w = xmlNewTextWriter(out)) == NULL) {
		xmlOutputBufferClose(out);
		return -1;
	}
	xmlTextWriterSetIndent(w, 1);
	rc |= xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0;
	rc |= xmlTextWriterStartElement(w, (const xmlChar *)"testsuites") < 0;
	rc |= report_xml_write_attr(w, "name", "dockaudit fleet");
	rc |= junit_counts_attrs(w, &all, ms);
	json_array_foreach(json_object_get(doc, "hosts"), i, h) {
		if (rc != 0)
			break;
		rc |= junit_suite(w, h);
	}
	rc |= xmlTextWriterEndDocument(w) < 0;
	rc |= xmlTextWriterFlush(w) < 0;
	xmlFreeTextWriter(w);		/* closes out, not fp */
	return rc ? -1 : 0;
}

/*
 * One CSV field: its controls made visible as in the text report (a
 * record from another host may hold any string; the escapes never grow
 * a byte to more than four, so nothing is cut), formula-safe
 * ('-prefixed) and quoted per RFC 4180.
 */
static int
csv_field(FILE *fp, const char *s, int last)
{
	const char	*p;
	char		*clean;
	int		 rc = 0;

	if (s == NULL)
		s = "";
	clean = text_sanitize(s, strlen(s), 4 * strlen(s) + 16);
	if (fputc('"', fp) == EOF) {
		free(clean);
		return -1;
	}
	if (strchr("=+-@\t\r", *clean) != NULL && *clean != '\0')
		rc |= fputc('\'', fp) == EOF;
	for (p = clean; *p != '\0'; p++) {
		if (*p == '"')
			rc |= fputc('"', fp) == EOF;
		rc |= fputc(*p, fp) == EOF;
	}
	free(clean);
	rc |= fputc('"', fp) == EOF;
	rc |= fputs(last ? "\r\n" : ",", fp) == EOF;
	return rc ? -1 : 0;
}

static int
key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* s at p with '\' and ';' escaped by a '\'; the end. */
static char *
tag_escaped(char *p, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == ';')
			*p++ = '\\';
		*p++ = *s;
	}
	return p;
}

/* "key=value;key=value" of a tags object, by key; ';' and '\' escaped. */
static char *
tags_csv(json_t *tags)
{
	const char	**keys, *k, *v;
	json_t		*jv;
	char		*s, *p;
	size_t		 i, n = 0, len = 1;

	keys = xcalloc(json_object_size(tags) + 1, sizeof *keys);
	json_object_foreach(tags, k, jv) {
		keys[n++] = k;
		v = json_string_value(jv) != NULL ? json_string_value(jv) : "";
		len += 2 * (strlen(k) + strlen(v)) + 2;
	}
	qsort(keys, n, sizeof *keys, key_cmp);
	p = s = xmalloc(len);
	for (i = 0; i < n; i++) {
		jv = json_object_get(tags, keys[i]);
		if (i > 0)
			*p++ = ';';
		p = tag_escaped(p, keys[i]);
		*p++ = '=';
		p = tag_escaped(p, json_string_value(jv) != NULL ?
		    json_string_value(jv) : "");
	}
	*p = '\0';
	free(keys);
	return s;
}

static int
fleet_csv_write(json_t *doc, FILE *fp, const struct render_opts *ro)
{
	json_t	*h, *res, *b;
	char	*t, *tags;
	size_t	 i, j;
	int	 rc = 0;

	(void)ro;
	if (fputs("host_id,hostname,benchmark,version,rule,status,severity,"
	    "failing_targets,tags\r\n", fp) == EOF)
		return -1;
	json_array_foreach(json_object_get(doc, "hosts"), i, h) {
		b = json_object_get(h, "benchmark");
		tags = tags_csv(json_object_get(h, "tags"));
		json_array_foreach(json_object_get(h, "results"), j, res) {
			t = joined(json_object_get(res, "targets"), ";");
			rc |= csv_field(fp, report_str(h, "id"), 0);
			rc |= csv_field(fp, report_str(h, "hostname"), 0);
			rc |= csv_field(fp, report_str(b, "id"), 0);
			rc |= csv_field(fp, report_str(b, "version"), 0);
			rc |= csv_field(fp, report_str(res, "id"), 0);
			rc |= csv_field(fp, report_str(res, "status"), 0);
			rc |= csv_field(fp, report_str(res, "severity"), 0);
			rc |= csv_field(fp, t, 0);
			rc |= csv_field(fp, tags, 1);
			free(t);
			if (rc)
				break;
		}
		free(tags);
		if (rc)
			return -1;
	}
	return 0;
}

static int
fleet_json_write(json_t *doc, FILE *fp, const struct render_opts *ro)
{
	(void)ro;
	if (json_dumpf(doc, fp, JSON_INDENT(2) | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(10)) == -1)
		return -1;
	return fputc('\n', fp) == EOF ? -1 : 0;
}

static const struct report_format fleet_json_entry = {
	.name = "json",
	.ext = ".json",
	.help = "the fleet document (reports/fleet.schema.json)",
	.write = fleet_json_write,
};

static const struct report_format fleet_html_entry = {
	.name = "html",
	.ext = ".html",
	.help = "one self-contained page: summary, hosts, rules",
	.write = fleet_html_write,
};

static const struct report_format fleet_junit_entry = {
	.name = "junit",
	.ext = ".xml",
	.help = "JUnit XML: a testsuite per host, a testcase per rule",
	.write = fleet_junit_write,
};

static const struct report_format fleet_csv_entry = {
	.name = "csv",
	.ext = ".csv",
	.help = "a row per host and rule (RFC 4180, formula-safe)",
	.write = fleet_csv_write,
};

const struct report_format *const fleet_formats[] = {
	&fleet_csv_entry,
	&fleet_html_entry,
	&fleet_json_entry,
	&fleet_junit_entry,
	NULL
};

const struct report_format *
fleet_format_for(const char *spec, char **path, char **cause)
{
	const char	*colon, *dot;
	size_t		 i, n;

	colon = strchr(spec, ':');
	if (colon != NULL && colon != spec && memchr(spec, '/',
	    (size_t)(colon - spec)) == NULL) {
		n = (size_t)(colon - spec);
		for (i = 0; fleet_formats[i] != NULL; i++) {
			if (strlen(fleet_formats[i]->name) != n ||
			    strncmp(fleet_formats[i]->name, spec, n) != 0)
				continue;
			if (colon[1] == '\0') {
				*cause = xasprintf("%s: no file name after the "
				    "format", spec);
				return NULL;
			}
			*path = xstrdup(colon + 1);
			return fleet_formats[i];
		}
	}
	if ((dot = strrchr(spec, '.')) != NULL && strchr(dot, '/') == NULL) {
		for (i = 0; fleet_formats[i] != NULL; i++) {
			if (strcmp(fleet_formats[i]->ext, dot) == 0) {
				*path = xstrdup(spec);
				return fleet_formats[i];
			}
		}
	}
	*cause = xasprintf("%s: cannot tell the fleet format from the "
	    "extension (known: .csv, .html, .json, .xml; or FORMAT:FILE with "
	    "csv, html, json, junit)", spec);
	return NULL;
}

/* The rules failing on the most current hosts, a line each. */
/* A string of the records, made safe for a terminal (a copy). */
static char *
tty(json_t *o, const char *key, size_t max)
{
	const char	*v = report_str(o, key);

	return text_sanitize(v, strlen(v), max);
}

static void
top_rules(json_t *doc, FILE *fp)
{
	json_t	*rules = json_object_get(doc, "rules"), *r;
	char	*id, *sev, *title;
	size_t	 i, k, best, n, shown[TEXT_RULES];
	size_t	 nshown = 0;

	while (nshown < TEXT_RULES) {
		best = (size_t)-1;
		n = 0;
		json_array_foreach(rules, i, r) {
			size_t c = json_array_size(json_object_get(r,
			    "failing_hosts"));

			for (k = 0; k < nshown && shown[k] != i; k++)
				;
			if (k == nshown && c > n) {
				n = c;
				best = i;
			}
		}
		if (best == (size_t)-1)
			break;
		if (nshown == 0)
			fputs("Rules failing on the most current hosts:\n", fp);
		shown[nshown++] = best;
		r = json_array_get(rules, best);
		id = tty(r, "id", 32);
		sev = tty(r, "severity", 16);
		title = tty(r, "title", 200);
		fprintf(fp, "  %-8s %-8s %zu hosts  %s\n", id, sev, n, title);
		free(id);
		free(sev);
		free(title);
	}
}

int
fleet_text_write(json_t *doc, FILE *fp)
{
	json_t	*sum = json_object_get(doc, "summary"), *h, *e, *g, *sc;
	json_t	*d = json_object_get(doc, "drift");
	char	*s, *mn, *md, *mx, *bid, *bv;
	size_t	 i;

	sc = json_object_get(sum, "score");
	mn = num(json_object_get(sc, "min"));
	md = num(json_object_get(sc, "median"));
	mx = num(json_object_get(sc, "max"));
	fprintf(fp, "Fleet: %lld hosts (%lld current, %lld stale, %lld "
	    "skewed), %lld unreadable, %lld superseded, %lld filtered out\n",
	    (long long)json_integer_value(json_object_get(sum, "hosts")),
	    (long long)json_integer_value(json_object_get(sum, "current")),
	    (long long)json_integer_value(json_object_get(sum, "stale")),
	    (long long)json_integer_value(json_object_get(sum, "skewed")),
	    (long long)json_integer_value(json_object_get(sum, "unreadable")),
	    (long long)json_integer_value(json_object_get(sum, "superseded")),
	    (long long)json_integer_value(json_object_get(sum,
	    "filtered_out")));
	bid = tty(json_object_get(doc, "benchmark"), "id", 64);
	bv = tty(json_object_get(doc, "benchmark"), "version", 64);
	if (*bid == '\0')
		fputs("Benchmark: none (no record was read)\n", fp);
	else
		fprintf(fp, "Benchmark: %s %s; scores: min %s, median %s, "
		    "max %s\n", bid, bv, mn, md, mx);
	free(bid);
	free(bv);
	free(mn);
	free(md);
	free(mx);
	/* Ids and paths come from the records: no control reaches a tty. */
	json_array_foreach(json_object_get(doc, "hosts"), i, h) {
		if (json_array_size(json_object_get(doc, "hosts")) >
		    TEXT_HOSTS && !json_is_true(json_object_get(h, "stale")) &&
		    !json_is_true(json_object_get(h, "skew")))
			continue;
		s = num(json_object_get(h, "score"));
		e = json_object_get(h, "benchmark");
		mn = tty(h, "id", 64);
		bid = tty(e, "id", 64);
		bv = tty(e, "version", 64);
		fprintf(fp, "  %-24s %6s  %s %s%s%s\n", mn, s, bid, bv,
		    json_is_true(json_object_get(h, "stale")) ? "  STALE" : "",
		    json_is_true(json_object_get(h, "skew")) ? "  SKEW" : "");
		free(mn);
		free(bid);
		free(bv);
		free(s);
	}
	if (json_array_size(json_object_get(doc, "hosts")) > TEXT_HOSTS)
		fprintf(fp, "  (stale and skewed hosts only; -o FILE.html for "
		    "all %zu)\n", json_array_size(json_object_get(doc,
		    "hosts")));
	top_rules(doc, fp);
	json_array_foreach(json_object_get(doc, "unreadable"), i, e) {
		mn = tty(e, "path", 256);
		bid = tty(e, "cause", 512);
		fprintf(fp, "  unreadable: %s: %s\n", mn, bid);
		free(mn);
		free(bid);
	}
	if (json_is_object(d))
		fprintf(fp, "Drift: %zu new failures, %zu fixed, %zu hosts "
		    "new, %zu gone\n", json_array_size(json_object_get(d,
		    "new_failures")), json_array_size(json_object_get(d,
		    "fixed")), json_array_size(json_object_get(d,
		    "hosts_new")), json_array_size(json_object_get(d,
		    "hosts_gone")));
	g = json_object_get(doc, "gate");
	s = joined(json_object_get(g, "reasons"), "; ");
	bid = text_sanitize(s, strlen(s), 2000);
	fprintf(fp, "Gate %s%s%s\n", json_is_true(json_object_get(g,
	    "passed")) ? "passed" : "failed", *s != '\0' ? ": " : "", bid);
	free(bid);
	free(s);
	return ferror(fp) ? -1 : 0;
}
