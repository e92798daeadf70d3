/*
 * SARIF 2.1.0, for code-scanning dashboards: one run; a reporting
 * descriptor per rule (help = remediation, level from our severity, and
 * GitHub's "security-severity"); a result per failing target row, or per
 * failing rule without rows. A waived failure is a result with an
 * accepted external suppression. A rule or row that could not be
 * evaluated is a result of kind "open" (SARIF's "not enough information
 * to decide"), and a manual one of kind "review", both of level "none" as
 * SARIF requires for kinds other than "fail": a dashboard that shows only
 * failures still has them. Files are artifact locations (file: URIs);
 * containers and images are logical locations. Built from the JSON record
 * alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "lib/util.h"

static const char *
level_of(const char *severity)
{
	if (strcmp(severity, "critical") == 0 || strcmp(severity, "high") == 0)
		return "error";
	if (strcmp(severity, "medium") == 0)
		return "warning";
	return "note";
}

/* GitHub code scanning ranks security results by this number. */
static const char *
security_severity(const char *severity)
{
	if (strcmp(severity, "critical") == 0)
		return "9.5";
	if (strcmp(severity, "high") == 0)
		return "8.0";
	if (strcmp(severity, "medium") == 0)
		return "5.5";
	return "3.0";
}

/* An absolute path as a file: URI (RFC 8089), reserved bytes escaped. */
static char *
file_uri(const char *path)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	char			*out, *o;

	o = out = xmalloc(strlen(path) * 3 + 8);
	memcpy(o, "file://", 7);
	o += 7;
	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p) != NULL)
			*o++ = (char)*p;
		else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

static json_t *
text(const char *s)
{
	return json_pack("{s:o}", "text", evidence_string(s));
}

static json_t *
descriptor(json_t *res)
{
	const char	*sev = report_str(res, "severity");
	char		*tag = xasprintf("section-%s", report_str(res, "section"));
	json_t		*d;

	d = json_pack("{s:s,s:o,s:o,s:o,s:{s:s},s:{s:s,s:o,s:O?,s:s,s:[s,s]}}",
	    "id", report_str(res, "id"),
	    "shortDescription", text(report_str(res, "title")),
	    "fullDescription", text(report_str(res, "description")),
	    "help", text(report_str(res, "remediation")),
	    "defaultConfiguration", "level", level_of(sev),
	    "properties", "severity", sev,
	    "security-severity", json_string(security_severity(sev)),
	    "scored", json_object_get(res, "scored"),
	    "section", report_str(res, "section"),
	    "tags", "security", tag);
	free(tag);
	json_object_set(json_object_get(d, "properties"), "level",
	    json_object_get(res, "level"));
	if (json_object_get(res, "controls") != NULL)
		json_object_set(json_object_get(d, "properties"), "controls",
		    json_object_get(res, "controls"));
	return d;
}

static json_t *
location(json_t *res, json_t *row)
{
	const char	*kind = report_str(row, "kind"), *path = NULL;
	char		*uri, *fq;
	json_t		*loc;

	if (row == NULL)
		path = json_string_value(json_pointer_get(res,
		    "/evidence/file/path"));
	else if (strcmp(kind, "file") == 0 || strcmp(kind, "socket") == 0)
		path = report_str(row, "id");
	if (path != NULL && *path == '/') {
		uri = file_uri(path);
		loc = json_pack("{s:{s:{s:s}}}", "physicalLocation",
		    "artifactLocation", "uri", uri);
		free(uri);
		return loc;
	}
	if (row == NULL)
		return NULL;
	fq = xasprintf("%s:%s", kind, report_str(row, "name"));
	loc = json_pack("{s:[{s:o,s:o,s:s}]}", "logicalLocations",
	    "name", evidence_string(report_str(row, "name")),
	    "fullyQualifiedName", evidence_string(fq), "kind", "resource");
	free(fq);
	return loc;
}

/* One result, or nothing for a status SARIF does not need to carry. */
static json_t *
result(json_t *res, json_t *row, size_t index)
{
	json_t		*o = row != NULL ? row : res, *r, *loc, *w;
	const char	*st = report_str(o, "status"), *kind;
	char		*msg, *msg2, *key;

	if (strcmp(st, "fail") == 0 || strcmp(st, "waived") == 0)
		kind = "fail";
	else if (strcmp(st, "error") == 0)
		kind = "open";
	else if (strcmp(st, "manual") == 0)
		kind = "review";
	else
		return NULL;
	if (row != NULL)
		msg = xasprintf("%s %s: %s", report_str(row, "kind"), report_str(row, "name"),
		    report_str(row, "reason"));
	else
		msg = xstrdup(report_str(res, "reason"));
	msg2 = row != NULL ? report_target_key(row) : xstrdup("rule");
	key = xasprintf("%s|%s", report_str(res, "id"), msg2);
	free(msg2);
	r = json_pack("{s:s,s:I,s:s,s:s,s:o,s:{s:o},s:{s:s}}",
	    "ruleId", report_str(res, "id"), "ruleIndex", (json_int_t)index,
	    "kind", kind,
	    "level", strcmp(kind, "fail") == 0 ? level_of(report_str(res,
	    "severity")) : "none",
	    "message", text(*msg != '\0' ? msg : report_str(res, "title")),
	    "partialFingerprints", "dockaudit/v1", evidence_string(key),
	    "properties", "status", st);
	free(msg);
	free(key);
	if ((loc = location(res, row)) != NULL)
		json_object_set_new(r, "locations", json_pack("[o]", loc));
	if (json_object_get(o, "baseline") != NULL)
		json_object_set_new(r, "baselineState", json_string(
		    strcmp(report_str(o, "baseline"), "new") == 0 ? "new" :
		    strcmp(report_str(o, "baseline"), "fixed") == 0 ? "absent" :
		    "unchanged"));
	if ((w = json_object_get(o, "waiver")) != NULL) {
		msg = xasprintf("%s (approved by %s, until %s; %s)",
		    report_str(w, "reason"), report_str(w, "approver"), report_str(w, "expires"),
		    report_str(w, "origin"));
		json_object_set_new(r, "suppressions", json_pack("[{s:s,s:s,"
		    "s:o}]", "kind", "external", "status", "accepted",
		    "justification", evidence_string(msg)));
		free(msg);
	}
	return r;
}

static int
report_sarif_write(json_t *rep, FILE *fp, const struct render_opts *ro)
{
	json_t		*rules = json_array(), *results = json_array();
	json_t		*res, *t, *r, *sarif, *gate;
	size_t		 i, k;
	int		 rc;

	(void)ro;
	json_array_foreach(json_object_get(rep, "results"), i, res) {
		res = report_result(res);
		json_array_append_new(rules, descriptor(res));
		if (json_array_size(json_object_get(res, "targets")) == 0 &&
		    (r = result(res, NULL, i)) != NULL)
			json_array_append_new(results, r);
		json_array_foreach(json_object_get(res, "targets"), k, t) {
			if ((r = result(res, t, i)) != NULL)
				json_array_append_new(results, r);
		}
		json_decref(res);
	}
	gate = json_object_get(rep, "gate");
	sarif = json_pack("{s:s,s:s,s:[{s:{s:{s:s,s:O?,s:o,s:o}},s:[{s:b,s:O?,"
	    "s:O?}],s:o,s:{s:O?,s:O?,s:O?}}]}",
	    "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
	    "version", "2.1.0",
	    "runs",
	    "tool", "driver", "name", "dockaudit",
	    "version", json_pointer_get(rep, "/tool/version"),
	    "fullName", evidence_string(report_str(json_object_get(rep, "benchmark"),
	    "title")),
	    "rules", rules,
	    "invocations",
	    "executionSuccessful", 1,
	    "startTimeUtc", json_object_get(rep, "started"),
	    "endTimeUtc", json_object_get(rep, "finished"),
	    "results", results,
	    "properties",
	    "benchmark", json_object_get(rep, "benchmark"),
	    "host", json_object_get(rep, "host"),
	    "summary", json_object_get(rep, "summary"));
	if (sarif == NULL)
		return -1;
	if (gate != NULL)
		json_object_set(json_pointer_get(sarif, "/runs/0/properties"),
		    "gate", gate);
	/* Sorted keys: the same bytes from a run and from its saved record. */
	rc = json_dumpf(sarif, fp, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(sarif);
	if (rc == -1)
		return -1;
	return fputc('\n', fp) == EOF ? -1 : 0;
}

const struct report_format report_sarif_entry = {
	.name = "sarif",
	.ext = ".sarif",
	.help = "SARIF 2.1.0: a result per failing target (code scanning)",
	.write = report_sarif_write,
};
