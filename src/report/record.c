/*
 * The JSON record of a run (reports/report.schema.json): each decided rule
 * as its record, held packed (compact JSON text) while the audit runs and
 * unpacked one at a time by the writers; the record around them; loading
 * a saved record back.
 */
#include <stddef.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "report/report.h"
#include "lib/json.h"
#include "lib/util.h"

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
	if (t->engine != NULL)
		json_object_set_new(j, "engine", intern(t->engine));
	if (t->cause != NULL)
		json_object_set_new(j, "cause", cause_json(t->cause));
	if (t->waiver != NULL)
		json_object_set(j, "waiver", t->waiver);
	if (t->attestation != NULL)
		json_object_set(j, "attestation", t->attestation);
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
	    "scored", r->scored || res->v.scored,
	    "severity", severity_name(r->severity),
	    "status", status_name(res->v.status),
	    "reason", opt_string(res->v.reason),
	    "description", r->description,
	    "rationale", r->rationale,
	    "remediation", r->remediation,
	    "references", strlist_array(&r->refs),
	    "evidence", evidence_json(res->v.evidence),
	    "targets", targets);
	if (res->v.cause != NULL)
		json_object_set_new(j, "cause", cause_json(res->v.cause));
	if (res->v.waiver != NULL)
		json_object_set(j, "waiver", res->v.waiver);
	if (res->v.attestation != NULL)
		json_object_set(j, "attestation", res->v.attestation);
	return j;
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
	    "schema", REPORT_SCHEMA,
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

int
report_is_record(json_t *r)
{
	const char	*schema = json_string_value(json_object_get(r, "schema"));

	return schema != NULL && strcmp(schema, REPORT_SCHEMA) == 0 &&
	    json_is_array(json_object_get(r, "results"));
}

/*
 * What every reader of a saved record relies on, checked against the
 * schema's types and enums (reports/report.schema.json): a status, a
 * severity or a mark it does not know, a string where a boolean goes, a
 * result or row without its members, never reach a gate or a writer.
 */
static char *
member_wrong(json_t *o, const char *key, int type, int optional)
{
	json_t	*v = json_object_get(o, key);

	if (v == NULL)
		return optional ? NULL : xasprintf("%s is missing", key);
	if (type == JSON_TRUE ? !json_is_boolean(v) : type == JSON_NULL ?
	    !json_is_string(v) && !json_is_null(v) : json_typeof(v) !=
	    (json_type)type)
		return xasprintf("%s is not %s", key, type == JSON_TRUE ?
		    "true or false" : type == JSON_NULL ? "a string or null" :
		    type == JSON_STRING ? "a string" : type == JSON_INTEGER ?
		    "an integer" : type == JSON_ARRAY ? "an array" :
		    "an object");
	return NULL;
}

static char *
enum_wrong(json_t *o, const char *key, int (*from_name)(const char *),
    const char *what, int optional)
{
	char	*w, *v;

	if ((w = member_wrong(o, key, JSON_STRING, optional)) != NULL ||
	    json_object_get(o, key) == NULL)
		return w;
	if (from_name(report_str(o, key)) == -1) {
		v = text_sanitize(report_str(o, key), strlen(report_str(o,
		    key)), 40);
		w = xasprintf("%s \"%s\" is not a %s", key, v, what);
		free(v);
		return w;
	}
	return NULL;
}

static int
mark_from_name(const char *s)
{
	static const char *const marks[] = { "new", "fixed", "unchanged",
	    "added" };
	size_t	i;

	for (i = 0; i < nitems(marks); i++) {
		if (strcmp(s, marks[i]) == 0)
			return (int)i;
	}
	return -1;
}

/* A row's members, or what is wrong with them (allocated). */
static char *
target_wrong(json_t *t)
{
	char	*w = NULL;

	if (!json_is_object(t))
		return xstrdup("is not an object");
	if ((w = member_wrong(t, "kind", JSON_STRING, 0)) != NULL ||
	    (w = member_wrong(t, "id", JSON_STRING, 0)) != NULL ||
	    (w = member_wrong(t, "name", JSON_STRING, 0)) != NULL ||
	    (w = enum_wrong(t, "status", status_from_name, "status", 0)) !=
	    NULL || (w = member_wrong(t, "reason", JSON_NULL, 0)) != NULL ||
	    (w = member_wrong(t, "evidence", JSON_OBJECT, 0)) != NULL ||
	    (w = enum_wrong(t, "baseline", mark_from_name, "baseline mark",
	    1)) != NULL)
		return w;
	return NULL;
}

static char *
result_wrong(json_t *r)
{
	json_t	*t, *lv;
	char	*w = NULL, *s;
	size_t	 i;

	if (!json_is_object(r))
		return xstrdup("is not an object");
	if ((w = member_wrong(r, "id", JSON_STRING, 0)) != NULL ||
	    (w = member_wrong(r, "section", JSON_STRING, 0)) != NULL ||
	    (w = member_wrong(r, "title", JSON_STRING, 0)) != NULL ||
	    (w = member_wrong(r, "level", JSON_INTEGER, 0)) != NULL ||
	    (w = member_wrong(r, "scored", JSON_TRUE, 0)) != NULL ||
	    (w = enum_wrong(r, "severity", severity_from_name, "severity",
	    0)) != NULL ||
	    (w = enum_wrong(r, "status", status_from_name, "status", 0)) !=
	    NULL || (w = member_wrong(r, "reason", JSON_NULL, 0)) != NULL ||
	    (w = member_wrong(r, "targets", JSON_ARRAY, 0)) != NULL ||
	    (w = enum_wrong(r, "baseline", mark_from_name, "baseline mark",
	    1)) != NULL)
		return w;
	lv = json_object_get(r, "level");
	if (json_integer_value(lv) != 1 && json_integer_value(lv) != 2)
		return xstrdup("level is not 1 or 2");
	json_array_foreach(json_object_get(r, "targets"), i, t) {
		if ((w = target_wrong(t)) != NULL) {
			s = xasprintf("targets[%zu]: %s", i, w);
			free(w);
			return s;
		}
	}
	return NULL;
}

/* The gate, when there is one: what --fail-on and the exit code read. */
static char *
gate_wrong(json_t *g)
{
	json_t	*why;
	char	*w;
	size_t	 i;

	if (g == NULL)
		return NULL;
	if (!json_is_object(g))
		return xstrdup("gate is not an object");
	if ((w = member_wrong(g, "passed", JSON_TRUE, 0)) != NULL ||
	    (w = member_wrong(g, "reasons", JSON_ARRAY, 0)) != NULL ||
	    (w = member_wrong(g, "exit_code", JSON_INTEGER, 0)) != NULL) {
		char *s = xasprintf("gate: %s", w);

		free(w);
		return s;
	}
	json_array_foreach(json_object_get(g, "reasons"), i, why) {
		if (!json_is_string(why))
			return xasprintf("gate: reasons[%zu] is not a string",
			    i);
	}
	return NULL;
}

int
report_check(json_t *r, char **cause)
{
	json_t	*res;
	char	*w = NULL;
	size_t	 i;

	if (!report_is_record(r)) {
		*cause = xstrdup("not a dockaudit report (schema "
		    REPORT_SCHEMA ")");
		return -1;
	}
	if ((w = member_wrong(r, "summary", JSON_OBJECT, 0)) == NULL &&
	    (w = member_wrong(r, "started", JSON_STRING, 0)) == NULL &&
	    (w = member_wrong(r, "benchmark", JSON_OBJECT, 0)) == NULL &&
	    (w = member_wrong(json_object_get(r, "benchmark"), "id",
	    JSON_STRING, 0)) == NULL && (w = member_wrong(json_object_get(r,
	    "benchmark"), "version", JSON_STRING, 0)) == NULL &&
	    (w = member_wrong(r, "host", JSON_OBJECT, 0)) == NULL)
		w = gate_wrong(json_object_get(r, "gate"));
	if (w != NULL) {
		*cause = xasprintf("not a valid dockaudit report: %s", w);
		free(w);
		return -1;
	}
	if (json_array_size(json_object_get(r, "results")) == 0) {
		*cause = xstrdup("not a valid dockaudit report: it has no "
		    "results (an audit decides one rule at least)");
		return -1;
	}
	json_array_foreach(json_object_get(r, "results"), i, res) {
		if ((w = result_wrong(res)) != NULL) {
			char *id = text_sanitize(report_str(res, "id"),
			    strlen(report_str(res, "id")), 20);

			*cause = xasprintf("not a valid dockaudit report: "
			    "results[%zu] (%s): %s", i, id, w);
			free(id);
			free(w);
			return -1;
		}
	}
	return 0;
}

/* A saved report: NULL after printing why (FILE:LINE:COLUMN). */
json_t *
report_load(const char *path)
{
	json_t		*r;
	char		*cause = NULL;

	if ((r = json_input(path, REPORT_MAX, REPORT_WHAT, 0, &cause)) ==
	    NULL) {
		log_error("%s", cause);
		free(cause);
		return NULL;
	}
	if (report_check(r, &cause) == -1) {
		log_error("%s: %s", path, cause);
		free(cause);
		json_decref(r);
		return NULL;
	}
	return r;
}

/* "values PATH (sha256 HEX), waivers ..." of the provenance, or NULL. */
char *
report_inputs_words(json_t *prov)
{
	static const char *const kinds[] = { "values", "waivers",
	    "attestations", "controls" };
	json_t	*f;
	char	*s = NULL, *t;
	size_t	 i;

	if (!json_is_object(prov))
		return NULL;
	for (i = 0; i < nitems(kinds); i++) {
		if (!json_is_object(f = json_object_get(prov, kinds[i])))
			continue;
		t = xasprintf("%s%s%s %s (sha256 %s)", s != NULL ? s : "",
		    s != NULL ? ", " : "", kinds[i], json_string_value(
		    json_object_get(f, "path")), json_string_value(
		    json_object_get(f, "sha256")));
		free(s);
		s = t;
	}
	return s != NULL ? s : xstrdup("the benchmark alone");
}

/* "root (uid 0), capabilities: all" of the provenance, or NULL. */
char *
report_runner_words(json_t *prov)
{
	json_t		*caps = json_object_get(prov, "capabilities"), *c;
	const char	*name;
	char		*s, *t;
	size_t		 i;

	if (!json_is_object(prov))
		return NULL;
	name = json_string_value(json_pointer_get(prov, "/user/name"));
	s = xasprintf("%s (uid %lld), capabilities: ", name != NULL ? name :
	    "?", json_integer_value(json_pointer_get(prov, "/user/uid")));
	if (json_array_size(caps) == 0 || json_array_size(caps) > 8) {
		t = xasprintf("%s%s", s, json_array_size(caps) == 0 ? "none" :
		    "");
		free(s);
		if (json_array_size(caps) > 8) {
			s = xasprintf("%s%zu (listed in the JSON record)", t,
			    json_array_size(caps));
			free(t);
			return s;
		}
		return t;
	}
	json_array_foreach(caps, i, c) {
		t = xasprintf("%s%s%s", s, i > 0 ? ", " : "",
		    json_string_value(c) != NULL ? json_string_value(c) : "?");
		free(s);
		s = t;
	}
	return s;
}

/* "NIST SP 800-53 Rev. 5 AC-6, ISO/IEC 27001:2022 A.8.2", or NULL. */
char *
report_controls_words(json_t *res)
{
	json_t	*c;
	char	*s = NULL, *t;
	size_t	 i;

	json_array_foreach(json_object_get(res, "controls"), i, c) {
		t = xasprintf("%s%s%s %s", s != NULL ? s : "", s != NULL ?
		    ", " : "", json_string_value(json_object_get(c,
		    "framework")), json_string_value(json_object_get(c, "id")));
		free(s);
		s = t;
	}
	return s;
}

/* "env=prod, site=ams" of the host's tags, or NULL when there are none. */
json_t *
report_engine(json_t *report, const char *id)
{
	json_t	*e;
	size_t	 i;

	json_array_foreach(json_pointer_get(report, "/host/engines"), i, e) {
		if (strcmp(report_str(e, "id"), id) == 0)
			return e;
	}
	return NULL;
}

char *
report_image_words(json_t *im)
{
	json_t		*layers = json_object_get(im, "layers");
	json_t		*tags = json_object_get(im, "tags");
	long long	 bytes = 0;
	size_t		 k;

	for (k = 0; k < json_array_size(layers); k++)
		bytes += json_integer_value(json_object_get(json_array_get(layers,
		    k), "size"));
	return xasprintf("%s (%s: %s, %zu layer%s, %.1f MiB unpacked)",
	    json_array_size(tags) > 0 ? json_string_value(json_array_get(tags,
	    0)) : report_str(im, "id"), report_str(im, "archive"),
	    report_str(im, "format"), json_array_size(layers),
	    json_array_size(layers) == 1 ? "" : "s",
	    (double)bytes / (1024.0 * 1024.0));
}

char *
report_engine_words(json_t *e)
{
	int	 rootless = json_is_true(json_object_get(e, "rootless"));
	int	 version = json_is_string(json_object_get(e, "version"));
	char	*what, *out;

	what = xasprintf("%s %s%s%s%s%s at %s", rootless ? "rootless" :
	    "rootful", strncmp(report_str(e, "kind"), "podman", 6) == 0 ?
	    "Podman" : "Docker", version ? " " : "", version ?
	    report_str(e, "version") : "", rootless ? " of " : "", rootless ?
	    report_str(e, "user") : "", report_str(e, "endpoint"));
	if (json_is_true(json_object_get(e, "reachable")))
		return what;
	if (json_is_string(json_object_get(e, "found")))
		out = xasprintf("%s (not reached; found by %s)", what,
		    report_str(e, "found"));
	else
		out = xasprintf("%s (not reached)", what);
	free(what);
	return out;
}

char *
report_tags_words(json_t *host)
{
	const char	*k;
	json_t		*v;
	char		*s = NULL, *t;

	json_object_foreach(json_object_get(host, "tags"), k, v) {
		t = xasprintf("%s%s%s=%s", s != NULL ? s : "", s != NULL ?
		    ", " : "", k, json_string_value(v) != NULL ?
		    json_string_value(v) : "");
		free(s);
		s = t;
	}
	return s;
}

void
report_severity_counts(json_t *report, size_t counts[SEVERITY_COUNT])
{
	json_t	*res;
	size_t	 i, k;

	memset(counts, 0, SEVERITY_COUNT * sizeof *counts);
	json_array_foreach(json_object_get(report, "results"), i, res) {
		if (strcmp(report_str(res, "status"), "fail") != 0 ||
		    !json_is_true(json_object_get(res, "scored")))
			continue;
		for (k = 0; k < SEVERITY_COUNT; k++) {
			if (strcmp(report_str(res, "severity"), severity_name(
			    severity_nth_worst(k))) == 0)
				counts[k]++;
		}
	}
}

char *
report_reason_words(json_t *res)
{
	const char	*r = json_string_value(json_object_get(res, "reason"));
	const char	*first;

	if (r == NULL)
		return NULL;
	first = json_array_size(json_object_get(res, "targets")) >= 2 ?
	    strstr(r, "; first: ") : NULL;
	return first != NULL ? xstrndup(r, (size_t)(first - r)) : xstrdup(r);
}

const char *
report_root_cause(const char *reason)
{
	static const char *const wrappers[] = {
		"cannot tell whether the rule applies: ", "cannot locate ",
	};
	const char	*colon;
	size_t		 i, n;
	int		 again = 1;

	while (again) {
		again = 0;
		for (i = 0; i < nitems(wrappers); i++) {
			n = strlen(wrappers[i]);
			if (strncmp(reason, wrappers[i], n) != 0)
				continue;
			if (i == 1) {
				/* "cannot locate NAME: cause", NAME one word */
				colon = strchr(reason + n, ':');
				if (colon == NULL || colon[1] != ' ' ||
				    memchr(reason + n, ' ', (size_t)(colon -
				    reason - (ptrdiff_t)n)) != NULL)
					continue;
				reason = colon + 2;
			} else
				reason += n;
			again = 1;
		}
	}
	return reason;
}

/*
 * What one error, a row's or a rule's, comes down to: the innermost level
 * of its cause (kind and subject, or kind and words for a cause about no
 * one thing), else, in a record kept before causes were, the words under
 * its reason's wrappers. 0 when there is one; *key allocated.
 */
static int
error_root(json_t *o, char **key, const char **words)
{
	json_t		*c = json_object_get(o, "cause"), *in;
	const char	*subject;

	if (json_is_object(c)) {
		while (json_is_object(in = json_object_get(c, "cause")))
			c = in;
		subject = json_string_value(json_object_get(c, "subject"));
		*words = report_str(c, "words");
		*key = subject != NULL ? xasprintf("%s\n%s",
		    report_str(c, "kind"), subject) : xasprintf("%s\n\n%s",
		    report_str(c, "kind"), *words);
		return 0;
	}
	*words = report_root_cause(report_str(o, "reason"));
	*key = xstrdup(*words);
	return **words != '\0' ? 0 : -1;
}

/* The cause that kept a rule in error from being checked: the one cause
 * all its rows in error share (a rule whose every container hit "no dockerd
 * process is running" is grouped with the rules that hit it whole), else
 * its own. Allocated, and *key: what identifies it among the others. */
char *
report_rule_cause(json_t *res, char **key)
{
	json_t		*whole = report_result(res), *t;
	const char	*one = NULL, *why;
	char		*k = NULL, *cause;
	size_t		 i;
	int		 shared = 0;

	*key = NULL;
	json_array_foreach(json_object_get(whole, "targets"), i, t) {
		if (strcmp(report_str(t, "status"), "error") != 0)
			continue;
		if (error_root(t, &k, &why) == -1 || (*key != NULL &&
		    strcmp(*key, k) != 0)) {
			free(k);
			shared = 0;
			break;
		}
		free(*key);
		*key = k;
		one = why;
		shared = 1;
	}
	if (!shared) {
		free(*key);
		error_root(res, key, &one);
	}
	cause = xstrdup(one);
	json_decref(whole);
	return cause;
}

/* What to do about a daemon that could not be reached, when no other
 * socket is listening to point at: "start it, or give -H", or "run as
 * root". NULL when the cause suggests nothing. */
const char *
report_docker_hint(json_t *docker)
{
	const char	*why = report_str(docker, "error");

	if (strstr(why, "permission denied") != NULL)
		return "run dockaudit as root, or as a member of the "
		    "socket's group, to read the daemon";
	if (strstr(why, "no such file or directory") != NULL ||
	    strstr(why, "connection refused") != NULL)
		return "no daemon answers there: start it (systemctl start "
		    "docker), or audit another with -H URL";
	return NULL;
}

char *
report_other_sockets_words(json_t *docker)
{
	json_t	*socks = json_object_get(docker, "other_sockets"), *s;
	size_t	 i;
	char	*out = NULL, *next;

	json_array_foreach(socks, i, s) {
		if (!json_is_string(s))
			continue;
		next = xasprintf("%s%sa daemon may listen on %s: audit it "
		    "with -H %s", out != NULL ? out : "", out != NULL ? "; " :
		    "", json_string_value(s), json_string_value(s));
		free(out);
		out = next;
	}
	return out;
}

/*
 * "29 rules could not be checked (cannot connect to unix:///...: ...)" of
 * a gate that passed while rules are in error: not a pass, the gate could
 * not decide. The cause is the one that stopped the most rules ("and
 * others" when there are more). NULL when no rule is in error, or the
 * gate failed, or there is none.
 */
char *
report_undecided_words(json_t *report)
{
	json_t		*g = json_object_get(report, "gate"), *res;
	json_t		*count, *n, *said;
	const char	*k, *best = NULL;
	json_int_t	 nerr = 0, most = 0;
	char		*words, *key, *out;
	size_t		 i;

	if (!json_is_object(g) || !json_is_true(json_object_get(g, "passed")))
		return NULL;
	count = json_object();
	said = json_object();
	json_array_foreach(json_object_get(report, "results"), i, res) {
		if (strcmp(report_str(res, "status"), "error") != 0)
			continue;
		nerr++;
		words = report_rule_cause(res, &key);
		n = json_object_get(count, key);
		json_object_set_new(count, key, json_integer(n != NULL ?
		    json_integer_value(n) + 1 : 1));
		if (n == NULL)
			json_object_set_new(said, key, json_string(words));
		free(words);
		free(key);
	}
	json_object_foreach(count, k, n) {
		if (json_integer_value(n) > most) {
			most = json_integer_value(n);
			best = k;
		}
	}
	out = nerr == 0 ? NULL : xasprintf("%lld rule%s could not be checked "
	    "(%s%s)", (long long)nerr, nerr == 1 ? "" : "s",
	    report_str(said, best), json_object_size(count) > 1 ?
	    ", and other causes" : "");
	json_decref(count);
	json_decref(said);
	return out;
}

/* "8 scored rules failed; score 50.0 is under 80.0" of a failed gate, or
 * NULL when it passed or the record has none. */
char *
report_gate_words(json_t *report)
{
	json_t	*g = json_object_get(report, "gate"), *why;
	char	*s = NULL, *t;
	size_t	 i;

	if (!json_is_object(g) || json_is_true(json_object_get(g, "passed")))
		return NULL;
	json_array_foreach(json_object_get(g, "reasons"), i, why) {
		t = xasprintf("%s%s%s", s != NULL ? s : "", s != NULL ? "; " :
		    "", json_string_value(why) != NULL ?
		    json_string_value(why) : "");
		free(s);
		s = t;
	}
	return s != NULL ? s : xstrdup("failed");
}

const char *
report_str(json_t *o, const char *key)
{
	const char	*s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}
