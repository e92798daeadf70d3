/*
 * Building the JSON record of a run, scoring it (DESIGN: score = 100 x
 * pass / (pass + fail + error) over scored rules, one decimal, overall and
 * per top-level section, with and without waivers), the gate's exit code,
 * and writing any format atomically.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"
#include "util.h"

const struct report_format *const report_formats[] = {
	&report_html_entry,
	&report_json_entry,
	&report_junit_entry,
	&report_sarif_entry,
	&report_text_entry,
	NULL
};

static json_t *
time_json(const struct timespec *ts)
{
	struct tm	tm;
	char		buf[32];

	gmtime_r(&ts->tv_sec, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}

static json_t *
strlist_array(const struct strlist *l)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; l != NULL && i < l->n; i++)
		json_array_append_new(a, evidence_string(l->v[i]));
	return a;
}

static json_t *
opt_string(const char *s)
{
	return s != NULL ? evidence_string(s) : json_null();
}

/*
 * The same container id, name, image and kind stand in a row of every
 * per-container rule: one shared JSON string each, not thousands.
 */
#define INTERN_SIZE	8192

static json_t	*intern_v[INTERN_SIZE];

static json_t *
intern(const char *s)
{
	unsigned long	 h = 5381;
	const char	*p;
	size_t		 i, k;

	for (p = s; *p != '\0'; p++)
		h = h * 33 + (unsigned char)*p;
	for (k = 0; k < INTERN_SIZE; k++) {
		i = (h + k) % INTERN_SIZE;
		if (intern_v[i] == NULL) {
			intern_v[i] = evidence_string(s);
			return json_incref(intern_v[i]);
		}
		if (strcmp(json_string_value(intern_v[i]), s) == 0)
			return json_incref(intern_v[i]);
	}
	return evidence_string(s);	/* full: no sharing */
}

static struct buf	packbuf;	/* report_result_pack()'s text */

void
report_intern_clear(void)
{
	size_t	i;

	buf_free(&packbuf);
	memset(&packbuf, 0, sizeof packbuf);
	for (i = 0; i < INTERN_SIZE; i++) {
		json_decref(intern_v[i]);
		intern_v[i] = NULL;
	}
}

/* Deeper than n levels? (jansson's parser stops at 2048.) */
static int
deeper_than(json_t *j, int n)
{
	const char	*k;
	json_t		*v;
	size_t		 i;

	if (!json_is_object(j) && !json_is_array(j))
		return 0;
	if (n <= 0)
		return 1;
	if (json_is_object(j)) {
		json_object_foreach(j, k, v) {
			if (deeper_than(v, n - 1))
				return 1;
		}
	} else {
		json_array_foreach(j, i, v) {
			if (deeper_than(v, n - 1))
				return 1;
		}
	}
	return 0;
}

/*
 * Evidence holds values as the daemon gave them, and whoever creates a
 * container chooses how deeply its fields nest. A report must stay
 * readable by the parser that reads it back (render, diff, --baseline,
 * the next run of --history): below EVIDENCE_DEPTH levels a value is
 * replaced by a note.
 */
#define EVIDENCE_DEPTH	32

static json_t *
clip(json_t *v, int n)
{
	json_t		*c, *x;
	const char	*k;
	size_t		 i;

	if (!json_is_object(v) && !json_is_array(v))
		return json_incref(v);
	if (n <= 0)
		return json_string("(nested too deeply: left out)");
	if (json_is_object(v)) {
		c = json_object();
		json_object_foreach(v, k, x)
			json_object_set_new(c, k, clip(x, n - 1));
	} else {
		c = json_array();
		json_array_foreach(v, i, x)
			json_array_append_new(c, clip(x, n - 1));
	}
	return c;
}

/* The evidence as the report holds it: a new reference. */
static json_t *
evidence_json(json_t *ev)
{
	return deeper_than(ev, EVIDENCE_DEPTH) ? clip(ev, EVIDENCE_DEPTH) :
	    json_incref(ev);
}

static json_t *
target_json(const struct target *t)
{
	json_t	*j;

	j = json_pack("{s:o,s:o,s:o,s:s,s:o,s:o}",
	    "kind", intern(t->kind),
	    "id", intern(t->id),
	    "name", intern(t->name),
	    "status", status_name(t->status),
	    "reason", opt_string(t->reason),
	    "evidence", evidence_json(t->evidence));
	if (t->image != NULL)
		json_object_set_new(j, "image", intern(t->image));
	if (t->waiver != NULL)
		json_object_set(j, "waiver", t->waiver);
	return j;
}

json_t *
report_result_json(const struct result *res)
{
	const struct rule	*r = res->rule;
	json_t			*targets, *j;
	size_t			 i;

	targets = json_array();
	for (i = 0; i < res->v.ntargets; i++)
		json_array_append_new(targets, target_json(&res->v.targets[i]));
	j = json_pack("{s:s,s:s,s:s,s:i,s:b,s:s,s:s,s:o,s:s,s:s,s:s,"
	    "s:o,s:o,s:o}",
	    "id", r->id,
	    "section", r->section,
	    "title", r->title,
	    "level", r->level,
	    "scored", r->scored,
	    "severity", severity_name(r->severity),
	    "status", status_name(res->v.status),
	    "reason", opt_string(res->v.reason),
	    "description", r->description,
	    "rationale", r->rationale,
	    "remediation", r->remediation,
	    "references", strlist_array(&r->refs),
	    "evidence", evidence_json(res->v.evidence),
	    "targets", targets);
	if (res->v.waiver != NULL)
		json_object_set(j, "waiver", res->v.waiver);
	return j;
}

struct tally {
	json_int_t	n[STATUS_COUNT];
	json_int_t	spass, sfail, serror, swaived;
};

static void
tally_add(struct tally *t, const char *status, int scored)
{
	int	st = status_from_name(status);

	if (st < 0)
		return;
	t->n[st]++;
	if (!scored)
		return;
	if (st == STATUS_PASS)
		t->spass++;
	else if (st == STATUS_FAIL)
		t->sfail++;
	else if (st == STATUS_ERROR)
		t->serror++;
	else if (st == STATUS_WAIVED)
		t->swaived++;
}

/* One decimal, or null when nothing scored could be decided. */
static json_t *
score_json(json_int_t pass, json_int_t bad)
{
	if (pass + bad == 0)
		return json_null();
	return json_real(round(1000.0 * (double)pass / (double)(pass + bad))
	    / 10.0);
}

static void
tally_fill(json_t *obj, const struct tally *t)
{
	int	i;

	/* Without waivers a waived failure is a failure; with, a pass. */
	json_object_set_new(obj, "score", score_json(t->spass,
	    t->sfail + t->serror + t->swaived));
	json_object_set_new(obj, "score_with_waivers", score_json(t->spass +
	    t->swaived, t->sfail + t->serror));
	for (i = 0; i < STATUS_COUNT; i++)
		json_object_set_new(obj, status_name(i), json_integer(t->n[i]));
}

json_t *
report_summary(json_t *results, const struct bench *b)
{
	struct tally	 all, *sec;
	json_t		*summary, *sections, *res, *obj;
	size_t		 i, j;

	memset(&all, 0, sizeof all);
	sec = xcalloc(b->nsections, sizeof *sec);
	json_array_foreach(results, i, res) {
		const char *status = json_string_value(json_object_get(res,
		    "status"));
		const char *section = json_string_value(json_object_get(res,
		    "section"));
		int scored = json_is_true(json_object_get(res, "scored"));

		tally_add(&all, status, scored);
		for (j = 0; j < b->nsections; j++) {
			if (strcmp(b->sections[j].id, section) == 0)
				tally_add(&sec[j], status, scored);
		}
	}
	summary = json_object();
	tally_fill(summary, &all);
	json_object_set_new(summary, "total", json_integer(
	    (json_int_t)json_array_size(results)));
	sections = json_array();
	for (j = 0; j < b->nsections; j++) {
		json_int_t n = 0;
		int k;

		for (k = 0; k < STATUS_COUNT; k++)
			n += sec[j].n[k];
		if (n == 0)
			continue;	/* not selected */
		obj = json_pack("{s:s,s:s}", "id", b->sections[j].id, "title",
		    b->sections[j].title);
		tally_fill(obj, &sec[j]);
		json_array_append_new(sections, obj);
	}
	json_object_set_new(summary, "sections", sections);
	free(sec);
	return summary;
}

/*
 * Rows and evidence are most of a report's memory, and as jansson trees
 * they take about ten times the room of their JSON text. While an audit
 * runs, each result keeps its scalar members (what the summary and the
 * gate read) and holds its evidence and rows as compact JSON text under a
 * key no report has. report_result() gives the whole result back, one at
 * a time, to whoever reads rows; a report read from a file has whole
 * results already, and reads the same way.
 */
#define PACKED	"\x01packed"

/*
 * Compact JSON text that json_loadb() reads back to the same values:
 * jansson's own json_dumps() spends more on its loop check (a formatted
 * key per object) than on the text. -1 for a string that is not UTF-8
 * (then the result stays a tree). No depth check: evidence is clipped
 * (evidence_json), so a record nests a few dozen levels at most.
 */
static int
pack_string(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t		 i = 0, run, n;
	unsigned char	 c;
	char		 esc[6] = { '\\', 'u', '0', '0', 0, 0 };

	buf_append(b, "\"", 1);
	while (i < len) {
		for (run = i; run < len; run++) {
			c = (unsigned char)s[run];
			if (c < 0x20 || c == '"' || c == '\\')
				break;
			if (c >= 0x80) {
				if ((n = utf8_len((const unsigned char *)s +
				    run, len - run)) == 0)
					return -1;
				run += n - 1;
			}
		}
		buf_append(b, s + i, run - i);
		if (run == len)
			break;
		c = (unsigned char)s[run];
		if (c == '"' || c == '\\') {
			esc[1] = (char)c;
			buf_append(b, esc, 2);
			esc[1] = 'u';
		} else {
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			buf_append(b, esc, 6);
		}
		i = run + 1;
	}
	return buf_append(b, "\"", 1);
}

static int
pack_value(struct buf *b, json_t *v)
{
	const char	*k;
	json_t		*x;
	size_t		 i;
	char		 num[64], *p;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		buf_append(b, "{", 1);
		i = 0;
		json_object_foreach(v, k, x) {
			if ((i++ > 0 && buf_append(b, ",", 1) == -1) ||
			    pack_string(b, k, strlen(k)) == -1 ||
			    buf_append(b, ":", 1) == -1 ||
			    pack_value(b, x) == -1)
				return -1;
		}
		return buf_append(b, "}", 1);
	case JSON_ARRAY:
		buf_append(b, "[", 1);
		json_array_foreach(v, i, x) {
			if ((i > 0 && buf_append(b, ",", 1) == -1) ||
			    pack_value(b, x) == -1)
				return -1;
		}
		return buf_append(b, "]", 1);
	case JSON_STRING:
		return pack_string(b, json_string_value(v),
		    json_string_length(v));
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return buf_append(b, num, strlen(num));
	case JSON_REAL:
		/* As jansson writes it: 17 digits, always a real. */
		snprintf(num, sizeof num, "%.17g", json_real_value(v));
		if ((p = strchr(num, ',')) != NULL)
			*p = '.';
		if (strpbrk(num, ".eE") == NULL)
			strcat(num, ".0");
		return buf_append(b, num, strlen(num));
	case JSON_TRUE:
		return buf_append(b, "true", 4);
	case JSON_FALSE:
		return buf_append(b, "false", 5);
	case JSON_NULL:
		return buf_append(b, "null", 4);
	}
	return -1;
}

json_t *
report_result_pack(json_t *res)
{
	json_t	*ev = json_object_get(res, "evidence");
	json_t	*rows = json_object_get(res, "targets");

	if (packbuf.max == 0)
		buf_init(&packbuf, SIZE_MAX / 2);
	packbuf.len = 0;
	buf_append(&packbuf, "{", 1);
	if ((ev != NULL && (buf_append(&packbuf, "\"evidence\":", 11) == -1 ||
	    pack_value(&packbuf, ev) == -1 ||
	    (rows != NULL && buf_append(&packbuf, ",", 1) == -1))) ||
	    (rows != NULL && (buf_append(&packbuf, "\"targets\":", 10) ==
	    -1 || pack_value(&packbuf, rows) == -1)) ||
	    buf_append(&packbuf, "}", 1) == -1)
		return res;	/* kept whole: it reads the same */
	json_object_del(res, "evidence");
	json_object_del(res, "targets");
	json_object_set_new(res, PACKED, json_stringn_nocheck(packbuf.data,
	    packbuf.len));
	return res;
}

json_t *
report_result(json_t *res)
{
	json_t	*packed = json_object_get(res, PACKED), *whole, *heavy;

	if (!json_is_string(packed))
		return json_incref(res);
	whole = json_copy(res);
	json_object_del(whole, PACKED);
	heavy = json_loadb(json_string_value(packed),
	    json_string_length(packed), JSON_ALLOW_NUL, NULL);
	if (heavy == NULL || json_object_update(whole, heavy) == -1)
		fatal("cannot unpack the result of rule %s",
		    json_string_value(json_object_get(res, "id")));
	json_decref(heavy);
	return whole;
}

json_t *
report_build(const struct run_info *ri, json_t *results)
{
	const struct bench	*b = ri->bench;
	json_t			*report;
	long long		 ms;

	ms = (long long)(ri->finished.tv_sec - ri->started.tv_sec) * 1000 +
	    (ri->finished.tv_nsec - ri->started.tv_nsec) / 1000000;
	report = json_pack("{s:s,s:{s:s,s:s},s:{s:s,s:s,s:s,s:s,s:o,s:o},"
	    "s:o,s:o,s:o,s:I,s:{s:i,s:o,s:o},s:o,s:o}",
	    "schema", "dockaudit-report/1",
	    "tool", "name", PACKAGE_NAME, "version", PACKAGE_VERSION,
	    "benchmark", "id", b->id, "version", b->version, "title", b->title,
	    "sha256", b->sha256, "path", evidence_string(b->path),
	    "values", opt_string(b->values_path),
	    "host", ri->host,
	    "started", time_json(&ri->started),
	    "finished", time_json(&ri->finished),
	    "duration_ms", (json_int_t)(ms < 0 ? 0 : ms),
	    "selection", "level", ri->level,
	    "checks", strlist_array(ri->checks),
	    "excluded", strlist_array(ri->excluded),
	    "summary", report_summary(results, b),
	    "results", results);
	if (report == NULL)
		fatal("cannot build the JSON report");
	return report;
}

static int
failing(const char *status)
{
	return status != NULL && (strcmp(status, "fail") == 0 ||
	    strcmp(status, "waived") == 0);
}

/* What identifies a row from one run to the next: a container's name
 * (its id changes when it is recreated), a path, an image's tag. */
char *
report_target_key(json_t *t)
{
	const char	*kind = json_string_value(json_object_get(t, "kind"));
	const char	*name = json_string_value(json_object_get(t, "name"));
	const char	*id = json_string_value(json_object_get(t, "id"));

	if (kind != NULL && (strcmp(kind, "container") == 0 ||
	    strcmp(kind, "image") == 0) && name != NULL)
		return xasprintf("%s:%s", kind, name);
	return xasprintf("%s:%s", kind != NULL ? kind : "?",
	    id != NULL ? id : "");
}

static const char *
mark(const char *was, const char *now, json_int_t counts[3])
{
	if (failing(now) && !failing(was)) {
		counts[0]++;
		return "new";
	}
	if (!failing(now) && failing(was)) {
		counts[1]++;
		return "fixed";
	}
	counts[2]++;
	return "unchanged";
}

int
report_baseline(json_t *report, json_t *old, const char *path, char **cause)
{
	json_t		*byid, *res, *o, *t, *ot, *rows, *results;
	json_int_t	 counts[3] = { 0, 0, 0 }, rowc[3] = { 0, 0, 0 };
	const char	*schema = json_string_value(json_object_get(old,
			    "schema"));
	char		*key;
	size_t		 i, j;

	if (schema == NULL || strcmp(schema, "dockaudit-report/1") != 0 ||
	    !json_is_array(json_object_get(old, "results"))) {
		*cause = xasprintf("%s: not a dockaudit report "
		    "(dockaudit-report/1)", path);
		return -1;
	}
	byid = json_object();
	json_array_foreach(json_object_get(old, "results"), i, o) {
		if (json_string_value(json_object_get(o, "id")) != NULL)
			json_object_set(byid, json_string_value(
			    json_object_get(o, "id")), o);
	}
	results = json_object_get(report, "results");
	for (i = 0; i < json_array_size(results); i++) {
		res = report_result(json_array_get(results, i));
		o = json_object_get(byid, json_string_value(
		    json_object_get(res, "id")));
		json_object_set_new(res, "baseline", json_string(mark(
		    json_string_value(json_object_get(o, "status")),
		    json_string_value(json_object_get(res, "status")),
		    counts)));
		rows = json_object();
		json_array_foreach(json_object_get(o, "targets"), j, ot) {
			key = report_target_key(ot);
			json_object_set(rows, key, ot);
			free(key);
		}
		json_array_foreach(json_object_get(res, "targets"), j, t) {
			key = report_target_key(t);
			ot = json_object_get(rows, key);
			free(key);
			json_object_set_new(t, "baseline", json_string(mark(
			    json_string_value(json_object_get(ot, "status")),
			    json_string_value(json_object_get(t, "status")),
			    rowc)));
		}
		json_decref(rows);
		json_array_set_new(results, i, report_result_pack(res));
	}
	json_decref(byid);
	json_object_set_new(report, "baseline", json_pack("{s:o,s:s*,s:I,s:I,"
	    "s:I,s:{s:I,s:I,s:I}}", "file", evidence_string(path), "started",
	    json_string_value(json_object_get(old, "started")), "new",
	    counts[0], "fixed", counts[1], "unchanged", counts[2], "rows",
	    "new", rowc[0], "fixed", rowc[1], "unchanged", rowc[2]));
	return 0;
}

static int
new_failure(json_t *packed)
{
	json_t		*t, *res = report_result(packed);
	const char	*b = json_string_value(json_object_get(res, "baseline"));
	const char	*st;
	size_t		 i;
	int		 found = 0;

	if (json_object_get(res, "targets") != NULL &&
	    json_array_size(json_object_get(res, "targets")) > 0) {
		json_array_foreach(json_object_get(res, "targets"), i, t) {
			b = json_string_value(json_object_get(t, "baseline"));
			st = json_string_value(json_object_get(t, "status"));
			if (st != NULL && strcmp(st, "fail") == 0 &&
			    b != NULL && strcmp(b, "new") == 0)
				found = 1;
		}
	} else
		found = b != NULL && strcmp(b, "new") == 0;
	json_decref(res);
	return found;
}

int
report_gate(json_t *report, const struct gate *g)
{
	json_t		*res, *reasons = json_array(), *score;
	const char	*st, *sev;
	size_t		 i;
	int		 error = 0, failed, min = 0;
	json_int_t	 nfail = 0;

	if (g->fail_on != NULL && strcmp(g->fail_on, "new") != 0)
		min = severity_from_name(g->fail_on);
	json_array_foreach(json_object_get(report, "results"), i, res) {
		st = json_string_value(json_object_get(res, "status"));
		sev = json_string_value(json_object_get(res, "severity"));
		if (st == NULL)
			continue;
		if (strcmp(st, "error") == 0)
			error = 1;
		if (strcmp(st, "fail") != 0 ||
		    !json_is_true(json_object_get(res, "scored")))
			continue;
		if (g->fail_on != NULL && strcmp(g->fail_on, "new") == 0) {
			if (new_failure(res))
				nfail++;
		} else if (sev == NULL || severity_from_name(sev) < 0 ||
		    severity_from_name(sev) >= min)
			nfail++;	/* an unknown severity never hides one */
	}
	if (nfail > 0)
		json_array_append_new(reasons, json_sprintf("%lld scored "
		    "rule%s failed%s%s", (long long)nfail, nfail == 1 ? "" :
		    "s", g->fail_on == NULL ? "" : strcmp(g->fail_on, "new") ==
		    0 ? " that the baseline did not fail" : " at severity ",
		    g->fail_on == NULL || strcmp(g->fail_on, "new") == 0 ? "" :
		    g->fail_on));
	score = json_pointer_get(report, "/summary/score_with_waivers");
	if (g->has_fail_under && json_is_number(score) &&
	    json_number_value(score) < g->fail_under)
		json_array_append_new(reasons, json_sprintf("score %.1f is "
		    "under %.1f", json_number_value(score), g->fail_under));
	failed = json_array_size(reasons) > 0;
	json_object_set_new(report, "gate", json_pack("{s:s,s:o,s:b,s:o,s:i}",
	    "fail_on", g->fail_on != NULL ? g->fail_on : "low",
	    "fail_under", g->has_fail_under ? json_real(g->fail_under) :
	    json_null(), "passed", !failed, "reasons", reasons,
	    "exit_code", failed ? 1 : error ? 3 : 0));
	return failed ? 1 : error ? 3 : 0;
}

int
report_exit_code(json_t *report)
{
	struct gate	g = { NULL, 0.0, 0 };

	return report_gate(report, &g);
}

const struct report_format *
report_format_find(const char *name)
{
	size_t	i;

	for (i = 0; report_formats[i] != NULL; i++) {
		if (strcmp(report_formats[i]->name, name) == 0)
			return report_formats[i];
	}
	return NULL;
}

const struct report_format *
report_format_for(const char *spec, char **path, char **cause)
{
	const char	*colon, *dot;
	char		*name;
	size_t		 i;
	const struct report_format *f;

	/* FORMAT:FILE when the part before the first colon names a format. */
	colon = strchr(spec, ':');
	if (colon != NULL && colon != spec && memchr(spec, '/',
	    (size_t)(colon - spec)) == NULL) {
		name = xstrndup(spec, (size_t)(colon - spec));
		f = report_format_find(name);
		free(name);
		if (f != NULL) {
			if (colon[1] == '\0') {
				*cause = xasprintf("%s: no file name after the "
				    "format", spec);
				return NULL;
			}
			*path = xstrdup(colon + 1);
			return f;
		}
	}
	if ((dot = strrchr(spec, '.')) != NULL && strchr(dot, '/') == NULL) {
		for (i = 0; report_formats[i] != NULL; i++) {
			if (strcmp(report_formats[i]->ext, dot) == 0) {
				*path = xstrdup(spec);
				return report_formats[i];
			}
		}
	}
	*cause = xasprintf("%s: cannot tell the format from the extension "
	    "(known: .json, .txt; or FORMAT:FILE with json, text)", spec);
	return NULL;
}

int
report_output_check(const char *path, char **cause)
{
	struct stat	 st;
	char		*copy, *dir;
	int		 rc = 0;

	/* rename(2) would replace whatever is there: a device, a FIFO. */
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		*cause = xasprintf("%s: exists and is not a regular file", path);
		return -1;
	}
	copy = xstrdup(path);
	dir = dirname(copy);
	if (stat(dir, &st) == -1) {
		*cause = xasprintf("%s: cannot write in %s: %s", path, dir,
		    errno_cause(errno));
		rc = -1;
	} else if (!S_ISDIR(st.st_mode)) {
		*cause = xasprintf("%s: %s is not a directory", path, dir);
		rc = -1;
	} else if (access(dir, W_OK) == -1) {
		*cause = xasprintf("%s: cannot write in %s: %s", path, dir,
		    errno_cause(errno));
		rc = -1;
	}
	free(copy);
	return rc;
}

int
report_output(const struct report_format *f, json_t *report,
    const char *path, const struct render_opts *ro, char **cause)
{
	char	*tmp;
	FILE	*fp;
	mode_t	 mask;
	int	 fd, err = 0;

	tmp = xasprintf("%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		*cause = xasprintf("%s: %s", path, errno_cause(errno));
		free(tmp);
		return -1;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) == -1 || (fp = fdopen(fd, "w")) == NULL) {
		err = errno;
		close(fd);
		goto fail;
	}
	if (f->write(report, fp, ro) == -1 || fflush(fp) == EOF ||
	    ferror(fp) || fsync(fileno(fp)) == -1)
		err = errno != 0 ? errno : EIO;
	if (fclose(fp) == EOF && err == 0)
		err = errno;
	if (err == 0 && rename(tmp, path) == -1)
		err = errno;
	if (err != 0)
		goto fail;
	free(tmp);
	return 0;
fail:
	unlink(tmp);
	*cause = xasprintf("%s: %s", path, errno_cause(err));
	free(tmp);
	return -1;
}
