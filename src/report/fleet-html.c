/*
 * The fleet report as a page for people, from the fleet document alone,
 * with the host report's look (reports/report.css): a verdict banner that
 * says why, the hosts that need attention (stale, skewed, unreadable),
 * the failing rules worst first, the hosts with their score over time,
 * and a hosts x rules grid. Tag filters are radio buttons and a style
 * sheet of our own indices: they work without a script, and no data is
 * ever put in a style or a script. Built with libxml2's tree API, so
 * every piece of data is escaped text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "report/fleet.h"
#include "report/xml.h"
#include "lib/util.h"

extern const char report_css_text[];
extern const char report_css_tail_text[];

#define WHERE_TARGETS	3	/* failing targets named per host */
#define TREND_W		120	/* the trend chart's box, px */
#define TREND_H		30

/* The tag filter: key i, value j -> "tk-I-J"; j < 0 -> "tk-I-all". */
struct tagset {
	struct strlist	 keys;
	struct strlist	*vals;	/* per key, sorted */
};

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

static char *
score_text(json_t *v)
{
	return json_is_number(v) ? xasprintf("%.1f", json_number_value(v)) :
	    xstrdup("n/a");
}

static long long
count(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static int
is_current(json_t *h)
{
	return !json_is_true(json_object_get(h, "stale"));
}

/* "2026-12-07T11:37:53Z" -> "2026-12-07 11:37". */
static char *
when(const char *iso)
{
	if (iso == NULL || strlen(iso) < 16)
		return xstrdup(iso != NULL ? iso : "");
	return xasprintf("%.10s %.5s", iso, iso + 11);
}

static void
sevtag(xmlNodePtr parent, const char *sev)
{
	char	*cls;

	/* The class comes from the severity table only, never the data. */
	cls = severity_from_name(sev) >= 0 ? xasprintf("sevtag %s", sev) :
	    xstrdup("sevtag");
	text(parent, "span", cls, sev);
	free(cls);
}

static void
badge(xmlNodePtr parent, const char *cls, const char *label)
{
	char	*c = xasprintf("badge %s", cls);

	text(parent, "span", c, label);
	free(c);
}

static void
tagset_init(struct tagset *ts, json_t *hosts)
{
	json_t		*h, *v;
	const char	*k;
	size_t		 i, n;

	memset(ts, 0, sizeof *ts);
	json_array_foreach(hosts, i, h) {
		json_object_foreach(json_object_get(h, "tags"), k, v) {
			if (!strlist_has(&ts->keys, k))
				strlist_add(&ts->keys, k);
		}
	}
	strlist_sort(&ts->keys);
	ts->vals = xcalloc(ts->keys.n + 1, sizeof *ts->vals);
	for (n = 0; n < ts->keys.n; n++) {
		json_array_foreach(hosts, i, h) {
			v = json_object_get(json_object_get(h, "tags"),
			    ts->keys.v[n]);
			if (json_string_value(v) != NULL &&
			    !strlist_has(&ts->vals[n], json_string_value(v)))
				strlist_add(&ts->vals[n], json_string_value(v));
		}
		strlist_sort(&ts->vals[n]);
	}
}

static void
tagset_free(struct tagset *ts)
{
	size_t	n;

	for (n = 0; n < ts->keys.n; n++)
		strlist_free(&ts->vals[n]);
	free(ts->vals);
	strlist_free(&ts->keys);
}

/* "h tk-0-1 tk-1-0": a host row's classes, our indices only. */
static char *
row_classes(const struct tagset *ts, json_t *h)
{
	const char	*v;
	char		*s = xstrdup("h"), *t;
	size_t		 n, j;

	for (n = 0; n < ts->keys.n; n++) {
		v = json_string_value(json_object_get(json_object_get(h,
		    "tags"), ts->keys.v[n]));
		for (j = 0; v != NULL && j < ts->vals[n].n; j++) {
			if (strcmp(ts->vals[n].v[j], v) != 0)
				continue;
			t = xasprintf("%s tk-%zu-%zu", s, n, j);
			free(s);
			s = t;
		}
	}
	return s;
}

/*
 * The radio buttons (before every filtered part: the style sheet picks
 * rows with "~"), their labels, and the rules that hide the other rows.
 */
static void
tag_filters(xmlNodePtr main, xmlNodePtr head, const struct tagset *ts)
{
	xmlNodePtr	 bar, grp, in, lab;
	char		*id, *css = xstrdup(""), *t, *name;
	size_t		 n, j;

	if (ts->keys.n == 0) {
		free(css);
		return;
	}
	for (n = 0; n < ts->keys.n; n++) {
		name = xasprintf("tk-%zu", n);
		for (j = 0; j <= ts->vals[n].n; j++) {
			id = j == 0 ? xasprintf("tk-%zu-all", n) :
			    xasprintf("tk-%zu-%zu", n, j - 1);
			in = el(main, "input", "tagf");
			report_xml_prop(in, "type", "radio");
			report_xml_prop(in, "name", name);
			report_xml_prop(in, "id", id);
			if (j == 0)
				report_xml_prop(in, "checked", "checked");
			t = xasprintf("%s#%s:checked ~ .filters label[for=%s]"
			    "{background:var(--fg);color:var(--bg)}\n", css,
			    id, id);
			free(css);
			css = t;
			if (j > 0) {
				t = xasprintf("%s#%s:checked ~ section "
				    ".h:not(.%s){display:none}\n", css, id, id);
				free(css);
				css = t;
			}
			free(id);
		}
		free(name);
	}
	/* Our indices, never data: the values are in the labels below. */
	report_xml_own_child(head, "style", css);
	free(css);
	bar = el(main, "div", "filters tagfilters");
	for (n = 0; n < ts->keys.n; n++) {
		grp = el(bar, "span", "tagkey");
		text(grp, "strong", NULL, ts->keys.v[n]);
		for (j = 0; j <= ts->vals[n].n; j++) {
			id = j == 0 ? xasprintf("tk-%zu-all", n) :
			    xasprintf("tk-%zu-%zu", n, j - 1);
			lab = text(grp, "label", "chip", j == 0 ? "all" :
			    ts->vals[n].v[j - 1]);
			report_xml_prop(lab, "for", id);
			free(id);
		}
	}
}

/* The hosts the rule table counts: current, of the majority benchmark. */
static size_t
hosts_counted(json_t *doc)
{
	json_t	*h;
	size_t	 i, n = 0;

	json_array_foreach(json_object_get(doc, "hosts"), i, h)
		n += is_current(h) && !json_is_true(json_object_get(h, "skew"));
	return n;
}

/* Hosts of the fleet whose current report has a rule in error. */
static size_t
hosts_in_error(json_t *doc)
{
	json_t	*h;
	size_t	 i, n = 0;

	json_array_foreach(json_object_get(doc, "hosts"), i, h)
		n += is_current(h) && count(json_object_get(h, "counts"),
		    "error") > 0;
	return n;
}

static char *
verdict(json_t *doc, const char **cls)
{
	json_t		*g = json_object_get(doc, "gate"), *v;
	json_t		*sum = json_object_get(doc, "summary");
	char		*s, *t;
	size_t		 i;

	*cls = "banner";
	if (!json_is_object(g))
		return NULL;
	if (!json_is_true(json_object_get(g, "passed"))) {
		*cls = "banner failed";
		s = xstrdup("Gate failed:");
		json_array_foreach(json_object_get(g, "reasons"), i, v) {
			t = xasprintf("%s%s %s", s, i > 0 ? ";" : "",
			    json_string_value(v) != NULL ?
			    json_string_value(v) : "");
			free(s);
			s = t;
		}
		return s;
	}
	if (count(g, "exit_code") == 3) {
		*cls = "banner undecided";
		return xasprintf("Gate not decided for the whole fleet: %lld "
		    "inputs could not be read, %zu current hosts have rules "
		    "that could not be checked", count(sum, "unreadable"),
		    hosts_in_error(doc));
	}
	return xstrdup("Gate passed");
}

/* Why a host is skewed: another benchmark, version or digest. */
static char *
skew_words(xmlNodePtr li, json_t *hb, json_t *b)
{
	badge(li, "error", "skew");
	if (strcmp(report_str(hb, "id"), report_str(b, "id")) == 0 &&
	    strcmp(report_str(hb, "version"), report_str(b, "version")) == 0)
		return xasprintf("runs a %s %s of another digest (sha256 "
		    "%.12s, the fleet's %.12s): a modified benchmark, "
		    "counted apart", report_str(hb, "id"), report_str(hb,
		    "version"), report_str(hb, "sha256"), report_str(b,
		    "sha256"));
	return xasprintf("runs %s %s, the fleet %s %s: counted apart",
	    report_str(hb, "id"), report_str(hb, "version"), report_str(b,
	    "id"), report_str(b, "version"));
}

/* Stale, skewed and unreadable: named at the top, not found by chance. */
static void
attention(xmlNodePtr sec, json_t *doc)
{
	json_t		*h, *u, *b = json_object_get(doc, "benchmark");
	xmlNodePtr	 ul = NULL, li;
	char		*s, *w;
	size_t		 i;

	json_array_foreach(json_object_get(doc, "hosts"), i, h) {
		if (!json_is_true(json_object_get(h, "stale")) &&
		    !json_is_true(json_object_get(h, "skew")))
			continue;
		if (ul == NULL) {
			text(sec, "h2", NULL, "Needs attention");
			ul = el(sec, "ul", "top");
		}
		li = el(ul, "li", NULL);
		w = when(report_str(h, "started"));
		if (json_is_true(json_object_get(h, "stale"))) {
			badge(li, "manual", "stale");
			s = xasprintf("last report %s, older than %lld hours: "
			    "not counted", w, count(doc, "max_age_hours"));
		} else
			s = skew_words(li, json_object_get(h, "benchmark"), b);
		text(li, "strong", NULL, report_str(h, "id"));
		text(li, "span", "targets", s);
		free(s);
		free(w);
	}
	json_array_foreach(json_object_get(doc, "unreadable"), i, u) {
		if (ul == NULL) {
			text(sec, "h2", NULL, "Needs attention");
			ul = el(sec, "ul", "top");
		}
		li = el(ul, "li", NULL);
		badge(li, "fail", "unreadable");
		text(li, "strong", NULL, report_str(u, "path"));
		text(li, "span", "targets", report_str(u, "cause"));
	}
}

/* The rules failing somewhere, worst first, then by hosts failing. */
static int
rule_cmp(const void *a, const void *b)
{
	json_t	*x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int	 sx = severity_from_name(report_str(x, "severity"));
	int	 sy = severity_from_name(report_str(y, "severity"));
	size_t	 nx = json_array_size(json_object_get(x, "failing_hosts"));
	size_t	 ny = json_array_size(json_object_get(y, "failing_hosts"));

	if (sx != sy)
		return sy - sx;
	if (nx != ny)
		return nx < ny ? 1 : -1;
	return strcmp(report_str(x, "id"), report_str(y, "id"));
}

/* The failing rules (borrowed, NULL-terminated), sorted; *n of them. */
static json_t **
failing_rules(json_t *doc, size_t *n)
{
	json_t	**v, *r;
	size_t	  i;

	v = xcalloc(json_array_size(json_object_get(doc, "rules")) + 1,
	    sizeof *v);
	*n = 0;
	json_array_foreach(json_object_get(doc, "rules"), i, r) {
		if (json_array_size(json_object_get(r, "failing_hosts")) > 0)
			v[(*n)++] = r;
	}
	qsort(v, *n, sizeof *v, rule_cmp);
	return v;
}

/* By "host", then "id": failing hosts and host rows in name order. */
static int
host_cmp(const void *a, const void *b)
{
	json_t	*x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int	 c = strcmp(report_str(x, "host"), report_str(y, "host"));

	return c != 0 ? c : strcmp(report_str(x, "id"), report_str(y, "id"));
}

/* The members of arr (borrowed, NULL-terminated) in host_cmp order. */
static json_t **
sorted(json_t *arr)
{
	json_t	**v = xcalloc(json_array_size(arr) + 1, sizeof *v);
	size_t	  i;

	for (i = 0; i < json_array_size(arr); i++)
		v[i] = json_array_get(arr, i);
	qsort(v, json_array_size(arr), sizeof *v, host_cmp);
	return v;
}

static void
headline(xmlNodePtr sec, json_t **v, size_t n)
{
	xmlNodePtr	 ul = NULL, li;
	json_t		**fh;
	char		*s, *t;
	size_t		 i, j;
	int		 sev;

	for (i = 0; i < n; i++) {
		sev = severity_from_name(report_str(v[i], "severity"));
		if (sev < 0 || !severity_table[sev].headline ||
		    !json_is_true(json_object_get(v[i], "scored")))
			continue;
		if (ul == NULL) {
			text(sec, "h2", NULL, "Critical and high failures");
			ul = el(sec, "ul", "top");
		}
		li = el(ul, "li", NULL);
		sevtag(li, report_str(v[i], "severity"));
		text(li, "strong", NULL, report_str(v[i], "id"));
		text(li, "span", "title", report_str(v[i], "title"));
		s = xasprintf("on %zu hosts:", json_array_size(json_object_get(
		    v[i], "failing_hosts")));
		fh = sorted(json_object_get(v[i], "failing_hosts"));
		for (j = 0; fh[j] != NULL; j++) {
			t = xasprintf("%s%s %s", s, j > 0 ? "," : "",
			    report_str(fh[j], "host"));
			free(s);
			s = t;
		}
		free(fh);
		text(li, "span", "targets", s);
		free(s);
	}
}

static void
banner(xmlNodePtr main, json_t *doc, json_t **v, size_t n)
{
	json_t		*sum = json_object_get(doc, "summary");
	json_t		*sc = json_object_get(sum, "score");
	json_t		*bk = json_object_get(sc, "buckets");
	json_t		*d = json_object_get(doc, "drift");
	xmlNodePtr	 sec;
	const char	*cls;
	char		*s, *mn, *md, *mx;

	s = verdict(doc, &cls);
	sec = el(main, "section", cls);
	if (s != NULL)
		text(sec, "p", "verdict", s);
	free(s);
	s = xasprintf("Hosts: %lld (%lld current, %lld stale, %lld skewed); "
	    "%lld unreadable inputs, %lld superseded reports, %lld filtered "
	    "out", count(sum, "hosts"), count(sum, "current"), count(sum,
	    "stale"), count(sum, "skewed"), count(sum, "unreadable"),
	    count(sum, "superseded"), count(sum, "filtered_out"));
	text(sec, "p", "counts", s);
	free(s);
	mn = score_text(json_object_get(sc, "min"));
	md = score_text(json_object_get(sc, "median"));
	mx = score_text(json_object_get(sc, "max"));
	s = xasprintf("Scores of the current hosts: min %s, median %s, max "
	    "%s; 0-49: %lld, 50-69: %lld, 70-89: %lld, 90-100: %lld", mn, md,
	    mx, count(bk, "0-49"), count(bk, "50-69"), count(bk, "70-89"),
	    count(bk, "90-100"));
	text(sec, "p", "severities", s);
	free(s);
	free(mn);
	free(md);
	free(mx);
	if (json_is_object(d)) {
		s = xasprintf("Since %s: %zu new failures on %zu hosts, %zu "
		    "fixed; %zu hosts new, %zu gone", report_str(d,
		    "baseline"), json_array_size(json_object_get(d,
		    "new_failures")), json_array_size(json_object_get(d,
		    "hosts_newly_failing")), json_array_size(json_object_get(d,
		    "fixed")), json_array_size(json_object_get(d,
		    "hosts_new")), json_array_size(json_object_get(d,
		    "hosts_gone")));
		text(sec, "p", "severities", s);
		free(s);
	}
	attention(sec, doc);
	headline(sec, v, n);
}

static xmlNodePtr
grid(xmlNodePtr parent, const char *cls, const char *const *heads)
{
	xmlNodePtr	tbl, tr;
	size_t		i;

	tbl = el(parent, "table", cls);
	tr = el(el(tbl, "thead", NULL), "tr", NULL);
	for (i = 0; heads[i] != NULL; i++)
		text(tr, "th", NULL, heads[i]);
	return el(tbl, "tbody", NULL);
}

/*
 * When the rule started failing, as far as the hosts' trends tell: the
 * earliest "failing since" among the current hosts that have earlier
 * runs (a host seen once tells nothing). *first: that date is the first
 * run read of that host, so it may have failed before.
 */
static const char *
rule_since(json_t *doc, const char *id, int *first)
{
	json_t		*h, *t;
	const char	*s, *best = NULL;
	size_t		 i;

	*first = 0;
	json_array_foreach(json_object_get(doc, "hosts"), i, h) {
		t = json_object_get(h, "trend");
		if (!is_current(h) || json_array_size(t) < 2)
			continue;
		s = json_string_value(json_object_get(json_object_get(h,
		    "failing_since"), id));
		if (s != NULL && (best == NULL || strcmp(s, best) < 0)) {
			best = s;
			*first = strcmp(s, report_str(json_array_get(t, 0),
			    "started")) == 0;
		}
	}
	return best;
}

/* "web-1 (c001, c002, c003 and 4 more)". */
static char *
where_words(json_t *fh)
{
	json_t	*t = json_object_get(fh, "targets");
	char	*s = xstrdup(report_str(fh, "host")), *u;
	size_t	 i, n = json_array_size(t);

	for (i = 0; i < n && i < WHERE_TARGETS; i++) {
		u = xasprintf("%s%s%s", s, i == 0 ? " (" : ", ",
		    json_string_value(json_array_get(t, i)) != NULL ?
		    json_string_value(json_array_get(t, i)) : "?");
		free(s);
		s = u;
	}
	if (n > WHERE_TARGETS)
		u = xasprintf("%s and %zu more)", s, n - WHERE_TARGETS);
	else
		u = xasprintf("%s%s", s, n > 0 ? ")" : "");
	free(s);
	return u;
}

static void
rules_part(xmlNodePtr main, json_t *doc, json_t **v, size_t n)
{
	xmlNodePtr	 sec, tb, tr, td;
	json_t		**fh;
	const char	*since;
	char		*s, *w;
	size_t		 i, j, others;
	int		 first;

	sec = el(main, "section", "part findings");
	text(sec, "h2", NULL, "Rules that fail, worst first");
	if (n == 0) {
		text(sec, "p", "empty", "No rule fails on a current host.");
		return;
	}
	tb = grid(sec, "grid fleetrules", (const char *const[]){ "Severity",
	    "Rule", "Title", "Hosts failing", "Failing since", "Where",
	    NULL });
	for (i = 0; i < n; i++) {
		tr = el(tb, "tr", NULL);
		sevtag(el(tr, "td", "nowrap"), report_str(v[i], "severity"));
		text(tr, "td", "nowrap", report_str(v[i], "id"));
		text(tr, "td", NULL, report_str(v[i], "title"));
		s = xasprintf("%zu of %zu hosts", json_array_size(
		    json_object_get(v[i], "failing_hosts")),
		    hosts_counted(doc));
		text(tr, "td", "nowrap", s);
		free(s);
		since = rule_since(doc, report_str(v[i], "id"), &first);
		w = since != NULL ? when(since) : xstrdup("");
		s = since == NULL ? xstrdup("") : first ? xasprintf("since %s "
		    "or before (the first run read)", w) : xasprintf("since %s",
		    w);
		text(tr, "td", NULL, s);
		free(s);
		free(w);
		td = el(tr, "td", "where");
		fh = sorted(json_object_get(v[i], "failing_hosts"));
		for (j = 0; fh[j] != NULL; j++) {
			if (j > 0)
				report_xml_words(td, "; ");
			s = where_words(fh[j]);
			text(td, "span", "nobr", s);
			free(s);
		}
		free(fh);
	}
	others = json_array_size(json_object_get(doc, "rules")) - n;
	s = xasprintf("%zu other rules fail on no current host of the "
	    "fleet's benchmark. Counts are of all current hosts: the tag "
	    "filters pick rows of the tables below.", others);
	text(sec, "p", "sub", s);
	free(s);
}

/* The score over time, a line in a small SVG; text says it too. */
static void
trend_chart(xmlNodePtr td, json_t *pts)
{
	xmlNodePtr	 svg, n;
	json_t		*p;
	char		*pts_s, *t, *first, *last, *w, buf[64];
	size_t		 i, np = json_array_size(pts);
	double		 x, y;

	if (np < 2)
		return;
	pts_s = xstrdup("");
	svg = el(td, "svg", "trend");
	snprintf(buf, sizeof buf, "0 0 %d %d", TREND_W, TREND_H);
	report_xml_prop(svg, "viewBox", buf);
	snprintf(buf, sizeof buf, "%d", TREND_W);
	report_xml_prop(svg, "width", buf);
	snprintf(buf, sizeof buf, "%d", TREND_H);
	report_xml_prop(svg, "height", buf);
	report_xml_prop(svg, "role", "img");
	json_array_foreach(pts, i, p) {
		if (!json_is_number(json_object_get(p, "score")))
			continue;
		x = 4 + (double)i * (TREND_W - 8) / (double)(np - 1);
		y = TREND_H - 3 - json_number_value(json_object_get(p,
		    "score")) * (TREND_H - 6) / 100.0;
		t = xasprintf("%s%s%.1f,%.1f", pts_s, *pts_s ? " " : "", x, y);
		free(pts_s);
		pts_s = t;
	}
	first = score_text(json_object_get(json_array_get(pts, 0), "score"));
	last = score_text(json_object_get(json_array_get(pts, np - 1),
	    "score"));
	w = when(report_str(json_array_get(pts, 0), "started"));
	t = xasprintf("score %s to %s over %zu runs since %s", first, last,
	    np, w);
	report_xml_prop(svg, "aria-label", t);
	text(svg, "title", NULL, t);
	n = el(svg, "rect", "axis");
	report_xml_prop(n, "x", "0");
	report_xml_prop(n, "y", "0");
	snprintf(buf, sizeof buf, "%d", TREND_W);
	report_xml_prop(n, "width", buf);
	snprintf(buf, sizeof buf, "%d", TREND_H);
	report_xml_prop(n, "height", buf);
	n = el(svg, "polyline", "line");
	report_xml_prop(n, "points", pts_s);
	free(t);
	t = xasprintf("%s to %s, %zu runs since %s", first, last, np, w);
	text(td, "div", "trendtext", t);
	free(t);
	free(w);
	free(first);
	free(last);
	free(pts_s);
}

/* The host's manual rules a person's attestation decided. */
static size_t
attested(json_t *h)
{
	json_t	*res;
	size_t	 i, n = 0;

	json_array_foreach(json_object_get(h, "results"), i, res)
		n += json_is_true(json_object_get(res, "attested"));
	return n;
}

static void
host_row(xmlNodePtr tb, json_t *h, const struct tagset *ts)
{
	xmlNodePtr	 tr, td;
	json_t		*b = json_object_get(h, "benchmark"), *v;
	const char	*k;
	char		*s;

	tr = el(tb, "tr", NULL);
	s = row_classes(ts, h);
	report_xml_prop(tr, "class", s);
	free(s);
	td = el(tr, "td", NULL);
	text(td, "strong", NULL, report_str(h, "id"));
	if (*report_str(h, "hostname") != '\0' && strcmp(report_str(h,
	    "hostname"), report_str(h, "id")) != 0)
		text(td, "div", "sub", report_str(h, "hostname"));
	td = el(tr, "td", NULL);
	json_object_foreach(json_object_get(h, "tags"), k, v) {
		s = xasprintf("%s=%s", k, json_string_value(v) != NULL ?
		    json_string_value(v) : "");
		text(td, "div", NULL, s);
		free(s);
	}
	td = el(tr, "td", "nowrap");
	if (json_is_true(json_object_get(h, "stale")))
		badge(td, "manual", "stale");
	else if (json_is_true(json_object_get(h, "skew")))
		badge(td, "error", "skew");
	else if (json_array_size(json_object_get(h, "failing")) > 0)
		badge(td, "fail", "fails");
	else
		badge(td, "pass", "passes");
	s = xasprintf("%s %s, %s", report_str(b, "id"), report_str(b,
	    "version"), report_str(h, "started"));
	text(tr, "td", NULL, s);
	free(s);
	s = score_text(json_object_get(h, "score"));
	text(tr, "td", "nowrap", s);
	free(s);
	trend_chart(el(tr, "td", NULL), json_object_get(h, "trend"));
	s = xasprintf("%lld fail, %lld error, %zu attested", count(
	    json_object_get(h, "counts"), "fail"), count(json_object_get(h,
	    "counts"), "error"), attested(h));
	text(tr, "td", NULL, s);
	free(s);
}

static void
hosts_part(xmlNodePtr main, json_t *doc, const struct tagset *ts)
{
	xmlNodePtr	 sec, tb;
	json_t		**h;
	size_t		 i;

	sec = el(main, "section", "part hosts");
	text(sec, "h2", NULL, "Hosts");
	tb = grid(sec, "grid fleethosts", (const char *const[]){ "Host",
	    "Tags", "State", "Benchmark and report time", "Score", "Trend",
	    "Rules", NULL });
	h = sorted(json_object_get(doc, "hosts"));
	for (i = 0; h[i] != NULL; i++)
		host_row(tb, h[i], ts);
	free(h);
}

/* A host's status of a rule, or NULL. */
static const char *
status_of(json_t *h, const char *id)
{
	json_t	*res;
	size_t	 i;

	json_array_foreach(json_object_get(h, "results"), i, res) {
		if (strcmp(report_str(res, "id"), id) == 0)
			return json_string_value(json_object_get(res,
			    "status"));
	}
	return NULL;
}

static void
matrix_row(xmlNodePtr tb, json_t *h, json_t **v, size_t n,
    const struct tagset *ts)
{
	xmlNodePtr	 tr, th, td;
	const char	*st;
	char		*s;
	size_t		 j;
	int		 k;

	tr = el(tb, "tr", NULL);
	s = row_classes(ts, h);
	report_xml_prop(tr, "class", s);
	free(s);
	th = text(tr, "th", "name", report_str(h, "id"));
	report_xml_prop(th, "title", report_str(h, "id"));
	for (j = 0; j < n; j++) {
		st = status_of(h, report_str(v[j], "id"));
		k = st != NULL ? status_from_name(st) : -1;
		s = xasprintf("cell %s", k >= 0 ? status_name(k) : "none");
		td = text(tr, "td", s, k >= 0 ? status_table[k].mark : "");
		report_xml_prop(td, "title", k >= 0 ? st : "no result");
		free(s);
	}
}

static void
matrix_part(xmlNodePtr main, json_t *doc, json_t **v, size_t n,
    const struct tagset *ts)
{
	xmlNodePtr	 sec, tbl, tr, th, tb;
	json_t		**h;
	char		*s;
	size_t		 i, nh = json_array_size(json_object_get(doc, "hosts"));

	if (n == 0 || nh == 0)
		return;
	sec = el(main, "section", "part matrix");
	text(sec, "h2", NULL, "Hosts by failing rule");
	s = xasprintf("%zu hosts, %zu rules that fail on at least one "
	    "current host, worst first; each cell the host's status", nh, n);
	text(sec, "p", "sub", s);
	free(s);
	tbl = el(el(sec, "div", "scrollbox"), "table", "matrix");
	tr = el(el(tbl, "thead", NULL), "tr", NULL);
	text(tr, "th", "name", "Host");
	for (i = 0; i < n; i++) {
		th = text(tr, "th", NULL, report_str(v[i], "id"));
		s = xasprintf("%s %s", report_str(v[i], "id"),
		    report_str(v[i], "title"));
		report_xml_prop(th, "title", s);
		free(s);
	}
	tb = el(tbl, "tbody", NULL);
	h = sorted(json_object_get(doc, "hosts"));
	for (i = 0; h[i] != NULL; i++)
		matrix_row(tb, h[i], v, n, ts);
	free(h);
}

static void
list_part(xmlNodePtr main, const char *title, json_t *arr, const char *a,
    const char *b, const char *words)
{
	xmlNodePtr	 sec, ul;
	json_t		*e;
	char		*s;
	size_t		 i;

	if (json_array_size(arr) == 0)
		return;
	sec = el(main, "section", "part lists");
	text(sec, "h2", NULL, title);
	ul = el(sec, "ul", NULL);
	json_array_foreach(arr, i, e) {
		s = xasprintf("%s%s%s", report_str(e, a), words,
		    report_str(e, b));
		text(ul, "li", NULL, s);
		free(s);
	}
}

static void
drift_part(xmlNodePtr main, json_t *d)
{
	static const char *const lists[][2] = {
		{ "hosts_new", "New hosts" }, { "hosts_gone", "Hosts gone" },
		{ "hosts_newly_failing", "Hosts with new failures" },
		{ "rules_newly_failing", "Rules newly failing" },
		{ "hosts_fixed", "Hosts with fixes" },
		{ "rules_fixed", "Rules fixed" },
	};
	xmlNodePtr	 sec, dl;
	json_t		*v;
	char		*s, *t;
	size_t		 i, j;

	if (!json_is_object(d))
		return;
	sec = el(main, "section", "part drift");
	text(sec, "h2", NULL, "Drift since the baseline");
	dl = el(sec, "dl", "meta");
	text(dl, "dt", NULL, "Baseline");
	text(dl, "dd", NULL, report_str(d, "baseline"));
	for (i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		text(dl, "dt", NULL, lists[i][1]);
		s = xstrdup("");
		json_array_foreach(json_object_get(d, lists[i][0]), j, v) {
			t = xasprintf("%s%s%s", s, j > 0 ? ", " : "",
			    json_string_value(v) != NULL ?
			    json_string_value(v) : "");
			free(s);
			s = t;
		}
		text(dl, "dd", NULL, *s != '\0' ? s : "none");
		free(s);
	}
}

int
fleet_html_write(json_t *doc, FILE *fp, const struct render_opts *ro)
{
	xmlDocPtr	 hd;
	xmlNodePtr	 html, head, body, main, n;
	json_t		*b = json_object_get(doc, "benchmark"), **v;
	struct tagset	 ts;
	char		*s;
	size_t		 nv;

	(void)ro;
	hd = report_html_new("en", &html);
	head = el(html, "head", NULL);
	n = el(head, "meta", NULL);
	report_xml_prop(n, "name", "viewport");
	report_xml_prop(n, "content", "width=device-width, initial-scale=1");
	s = xasprintf("dockaudit fleet: %s %s, %lld hosts", report_str(b,
	    "id"), report_str(b, "version"), count(json_object_get(doc,
	    "summary"), "hosts"));
	text(head, "title", NULL, s);
	report_xml_own_child(head, "style", report_css_text);
	report_xml_own_child(head, "style", report_css_tail_text);
	body = el(html, "body", NULL);
	main = el(body, "main", NULL);
	text(main, "h1", NULL, s);
	free(s);
	s = xasprintf("Fleet report generated %s by dockaudit %s",
	    report_str(doc, "generated"), report_str(json_object_get(doc,
	    "tool"), "version"));
	text(main, "p", "sub", s);
	free(s);
	v = failing_rules(doc, &nv);
	banner(main, doc, v, nv);
	tagset_init(&ts, json_object_get(doc, "hosts"));
	tag_filters(main, head, &ts);
	rules_part(main, doc, v, nv);
	hosts_part(main, doc, &ts);
	matrix_part(main, doc, v, nv, &ts);
	drift_part(main, json_object_get(doc, "drift"));
	list_part(main, "Superseded reports", json_object_get(doc,
	    "superseded"), "path", "by", ", superseded by ");
	tagset_free(&ts);
	free(v);
	text(main, "footer", NULL, "Rendered by dockaudit from the fleet "
	    "document (dockaudit-fleet/1); every detail above comes from "
	    "it.");
	return report_html_dump(hd, fp);
}
