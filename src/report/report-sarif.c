/*
 * SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning,
 * Heimdall): one run; a reporting descriptor per rule (a friendly name,
 * help = rationale and remediation, level from our severity, and GitHub's
 * "security-severity"); a result per failing target row, or per failing
 * rule without rows, and nothing else: a consumer such as Heimdall's
 * SarifMapper counts every result as a failure. A waived failure is a
 * result with an accepted external suppression. A rule or row that could
 * not be evaluated is a tool execution notification of the invocation.
 * Every result has a physical location, as code scanning requires: a file
 * is its path relative to the uriBaseId ROOT (the audited host's "/");
 * anything else a stable relative URI under dockaudit/ (dockaudit/daemon,
 * dockaudit/containers/NAME ...), with the row kept as a logical location.
 * A container image's row that names files (dockaudit image: a setuid
 * file, a secret file) is a result per file, at its path under IMAGE
 * (the image's "/"), the image and its layer the logical location.
 * The record holds no line numbers and the writer reads nothing but the
 * record, so the region is the first line. Built from the JSON record
 * alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "lib/util.h"

/* Where the tool and its rules are documented (no web site exists). */
#define SARIF_INFO_URI	"man:dockaudit(1)"
#define SARIF_ROOT	"ROOT"
#define SARIF_IMAGE	"IMAGE"		/* / of a container image */
#define SARIF_TEXT_MAX	4096

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

/* Text as a relative URI reference (RFC 3986): reserved bytes escaped. */
static char *
uri_escape(const char *prefix, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	char			*out, *o;
	size_t			 n = strlen(prefix);

	o = out = xmalloc(n + strlen(s) * 3 + 1);
	memcpy(o, prefix, n);
	o += n;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
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

static int
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/*
 * The title as one Pascal-case identifier, never two capitals in a row
 * (what sarif-multitool's SARIF2012 accepts): each word capitalised and
 * the rest lower case ("TLS" is "Tls"), "'s" kept in its word, the
 * article "a" left out, and a word after a one-letter word joined to it
 * ("I/O" is "Io"). "The daemon's TLS key file is owned by root:root" is
 * "TheDaemonsTlsKeyFileIsOwnedByRootRoot".
 */
static char *
friendly_name(const char *title)
{
	char		*out = xmalloc(strlen(title) + 5), *o = out;
	const char	*p = title, *w;
	size_t		 n, last = 0;

	while (*p != '\0') {
		if (!is_alnum(*p)) {
			p++;
			continue;
		}
		for (w = p, n = 0; is_alnum(*p) || (*p == '\'' &&
		    is_alnum(p[1])); p++)
			n++;
		if (n == 1 && (*w == 'a' || *w == 'A') && *p != '\0')
			continue;
		if (o == out && *w >= '0' && *w <= '9') {
			memcpy(o, "Rule", 4);
			o += 4;
		}
		for (; w < p; w++) {
			if (*w == '\'')
				continue;
			if (o == out || (w == p - n && last != 1))
				*o++ = *w >= 'a' && *w <= 'z' ?
				    (char)(*w - 'a' + 'A') : *w;
			else
				*o++ = lower(*w);
		}
		last = n;
	}
	if (o == out) {
		memcpy(o, "Rule", 4);
		o += 4;
	}
	*o = '\0';
	return out;
}

/* Text as Markdown that shows it as written: punctuation escaped. */
static char *
md_escape(const char *s)
{
	char	*out = xmalloc(strlen(s) * 2 + 1), *o = out;

	for (; *s != '\0'; s++) {
		if (strchr("\\`*_{}[]()<>#+-!|~&", *s) != NULL)
			*o++ = '\\';
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

/* Rationale and remediation, each made printable, apart by a blank line. */
static json_t *
help(json_t *res)
{
	const char	*rw = report_str(res, "rationale");
	const char	*rf = report_str(res, "remediation");
	char		*why, *fix, *txt, *md, *mwhy, *mfix;
	json_t		*h;

	why = text_sanitize(rw, strlen(rw), SARIF_TEXT_MAX);
	fix = text_sanitize(rf, strlen(rf), SARIF_TEXT_MAX);
	mwhy = md_escape(why);
	mfix = md_escape(fix);
	txt = xasprintf("Rationale: %s\n\nRemediation: %s", why, fix);
	md = xasprintf("**Rationale**\n\n%s\n\n**Remediation**\n\n%s", mwhy,
	    mfix);
	h = json_pack("{s:s,s:s}", "text", txt, "markdown", md);
	free(why);
	free(fix);
	free(mwhy);
	free(mfix);
	free(txt);
	free(md);
	return h;
}

static json_t *
descriptor(json_t *res)
{
	const char	*sev = report_str(res, "severity");
	char		*tag = xasprintf("section-%s", report_str(res, "section"));
	char		*name = friendly_name(report_str(res, "title"));
	json_t		*d;

	d = json_pack("{s:s,s:s,s:o,s:o,s:o,s:s,s:{s:s},s:{s:s,s:o,s:O?,s:s,"
	    "s:[s,s]}}",
	    "id", report_str(res, "id"),
	    "name", name,
	    "shortDescription", text(report_str(res, "title")),
	    "fullDescription", text(report_str(res, "description")),
	    "help", help(res),
	    "helpUri", SARIF_INFO_URI,
	    "defaultConfiguration", "level", level_of(sev),
	    "properties", "severity", sev,
	    "security-severity", json_string(security_severity(sev)),
	    "scored", json_object_get(res, "scored"),
	    "section", report_str(res, "section"),
	    "tags", "security", tag);
	free(tag);
	free(name);
	json_object_set(json_object_get(d, "properties"), "level",
	    json_object_get(res, "level"));
	if (json_object_get(res, "controls") != NULL)
		json_object_set(json_object_get(d, "properties"), "controls",
		    json_object_get(res, "controls"));
	return d;
}

/* The URI path under dockaudit/ of a row that is not a file of the host
 * (a file row's id is an absolute path; "files/" is for any other). */
static const char *
kind_dir(const char *kind)
{
	static const char *const dirs[][2] = {
		{ "container", "containers/" }, { "image", "images/" },
		{ "process", "processes/" }, { "network", "networks/" },
		{ "file", "files/" }, { "socket", "sockets/" },
	};
	size_t	i;

	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		if (strcmp(kind, dirs[i][0]) == 0)
			return dirs[i][1];
	return NULL;
}

/*
 * A rule without rows that reads no file is about the daemon when its
 * evidence is a Docker API document ("/info#/LiveRestoreEnabled"), else
 * about the host.
 */
static const char *
rule_uri(json_t *res)
{
	const char	*key;
	json_t		*v;

	json_object_foreach(json_object_get(res, "evidence"), key, v) {
		if (*key == '/' && strstr(key, "#/") != NULL)
			return "dockaudit/daemon";
	}
	return "dockaudit/host";
}

static json_t *
location(json_t *res, json_t *row)
{
	const char	*kind = report_str(row, "kind"), *path = NULL, *dir;
	char		*uri, *fq, *name;
	json_t		*loc;

	if (row == NULL)
		path = json_string_value(json_pointer_get(res,
		    "/evidence/file/path"));
	else if (strcmp(kind, "file") == 0 || strcmp(kind, "socket") == 0)
		path = report_str(row, "id");
	if (path != NULL && *path == '/' && path[1] != '\0') {
		uri = uri_escape("", path + 1);
		loc = json_pack("{s:{s:{s:s,s:s},s:{s:i}}}", "physicalLocation",
		    "artifactLocation", "uri", uri, "uriBaseId", SARIF_ROOT,
		    "region", "startLine", 1);
		free(uri);
		return loc;
	}
	if (row == NULL)
		return json_pack("{s:{s:{s:s},s:{s:i}}}", "physicalLocation",
		    "artifactLocation", "uri", rule_uri(res),
		    "region", "startLine", 1);
	name = xstrdup(report_str(row, "name"));
	if ((dir = kind_dir(kind)) != NULL) {
		fq = xasprintf("dockaudit/%s", dir);
		uri = uri_escape(fq, name);
		free(fq);
	} else
		uri = uri_escape("dockaudit/", kind);
	fq = xasprintf("%s:%s", kind, name);
	loc = json_pack("{s:{s:{s:s},s:{s:i}},s:[{s:o,s:o,s:s}]}",
	    "physicalLocation", "artifactLocation", "uri", uri,
	    "region", "startLine", 1,
	    "logicalLocations",
	    "name", evidence_string(name),
	    "fullyQualifiedName", evidence_string(fq), "kind", "resource");
	free(fq);
	free(uri);
	free(name);
	return loc;
}

/* "TITLE: REASON (KIND NAME)": Heimdall takes its control's title from
 * before the first ": ". */
static char *
message(json_t *res, json_t *row)
{
	const char	*why = report_str(row != NULL ? row : res, "reason");

	if (*why == '\0')
		why = row != NULL ? report_str(row, "status") :
		    report_str(res, "status");
	if (row != NULL)
		return xasprintf("%s: %s (%s %s)", report_str(res, "title"), why,
		    report_str(row, "kind"), report_str(row, "name"));
	return xasprintf("%s: %s", report_str(res, "title"), why);
}

/*
 * A file of a container image that a row names (its evidence's files:
 * path, what, layer, digest): the file as a path under IMAGE, the image
 * and the layer as its logical location, so that code scanning shows
 * "usr/bin/passwd (setuid)" on the image.
 */
static json_t *
file_location(json_t *row, json_t *file)
{
	const char	*path = report_str(file, "path");
	char		*uri, *fq;
	json_t		*loc;

	uri = uri_escape("", *path == '/' ? path + 1 : path);
	fq = xasprintf("image:%s/layer %lld (%s)%s", report_str(row, "name"),
	    json_integer_value(json_object_get(file, "layer")),
	    report_str(file, "digest"), path);
	loc = json_pack("{s:{s:{s:s,s:s},s:{s:i}},s:{s:o},s:[{s:o,s:o,s:s}]}",
	    "physicalLocation", "artifactLocation", "uri", uri,
	    "uriBaseId", SARIF_IMAGE, "region", "startLine", 1,
	    "message", "text", evidence_string(report_str(file, "what")),
	    "logicalLocations", "name", evidence_string(report_str(row,
	    "name")), "fullyQualifiedName", evidence_string(fq), "kind",
	    "resource");
	free(fq);
	free(uri);
	return loc;
}

/* One result for a failure, waived or not; NULL for any other status.
 * file: one file of a container image's row, a result of its own. */
static json_t *
result(json_t *res, json_t *row, json_t *file, size_t index)
{
	json_t		*o = row != NULL ? row : res, *r, *w;
	const char	*st = report_str(o, "status");
	char		*msg, *msg2, *key;

	if (strcmp(st, "fail") != 0 && strcmp(st, "waived") != 0)
		return NULL;
	msg = message(res, row);
	msg2 = row != NULL ? report_target_key(row) : xstrdup("rule");
	key = xasprintf("%s|%s", report_str(res, "id"), msg2);
	free(msg2);
	if (file != NULL) {
		free(msg);
		msg = xasprintf("%s: %s %s in image %s, layer %lld",
		    report_str(res, "title"), report_str(file, "path") + (*report_str(
		    file, "path") == '/'), report_str(file, "what"),
		    report_str(row, "name"), json_integer_value(json_object_get(
		    file, "layer")));
		msg2 = key;
		key = xasprintf("%s|%s", msg2, report_str(file, "path"));
		free(msg2);
	}
	r = json_pack("{s:s,s:I,s:s,s:s,s:o,s:[o],s:{s:o},s:{s:s}}",
	    "ruleId", report_str(res, "id"), "ruleIndex", (json_int_t)index,
	    "kind", "fail",
	    "level", level_of(report_str(res, "severity")),
	    "message", text(msg),
	    "locations", file != NULL ? file_location(row, file) :
	    location(res, row),
	    "partialFingerprints", "dockaudit/v1", evidence_string(key),
	    "properties", "status", st);
	free(msg);
	free(key);
	if (json_object_get(o, "baseline") != NULL)
		json_object_set_new(r, "baselineState", json_string(
		    strcmp(report_str(o, "baseline"), "new") == 0 ? "new" :
		    strcmp(report_str(o, "baseline"), "fixed") == 0 ? "absent" :
		    "unchanged"));
	if ((w = json_object_get(o, "waiver")) != NULL) {
		msg = xasprintf("%s (approved by %s, until %s)",
		    report_str(w, "reason"), report_str(w, "approver"),
		    report_str(w, "expires"));
		json_object_set_new(r, "suppressions", json_pack("[{s:s,s:s,"
		    "s:o,s:{s:o,s:o,s:o,s:o}}]", "kind", "external",
		    "status", "accepted", "justification", evidence_string(msg),
		    "properties",
		    "reason", evidence_string(report_str(w, "reason")),
		    "approver", evidence_string(report_str(w, "approver")),
		    "expires", evidence_string(report_str(w, "expires")),
		    "origin", evidence_string(report_str(w, "origin"))));
		free(msg);
	}
	return r;
}

/* A rule or row that could not be evaluated: a notification, not a result. */
static json_t *
notification(json_t *res, json_t *row, size_t index)
{
	json_t	*n;
	char	*msg;

	if (strcmp(report_str(row != NULL ? row : res, "status"), "error") != 0)
		return NULL;
	msg = message(res, row);
	n = json_pack("{s:s,s:o,s:{s:s,s:I}}", "level", "error",
	    "message", text(msg),
	    "associatedRule", "id", report_str(res, "id"),
	    "index", (json_int_t)index);
	free(msg);
	return n;
}

/* The results and notifications of one rule (its rows, or itself). */
static void
add_rule(json_t *res, size_t i, json_t *results, json_t *notes)
{
	json_t	*t, *r, *files, *file;
	size_t	 k, f;

	if (json_array_size(json_object_get(res, "targets")) == 0) {
		if ((r = result(res, NULL, NULL, i)) != NULL)
			json_array_append_new(results, r);
		if ((r = notification(res, NULL, i)) != NULL)
			json_array_append_new(notes, r);
	}
	json_array_foreach(json_object_get(res, "targets"), k, t) {
		files = json_pointer_get(t, "/evidence/files");
		/* A container image's files: a finding each. */
		json_array_foreach(files, f, file) {
			if ((r = result(res, t, file, i)) != NULL)
				json_array_append_new(results, r);
		}
		if (json_array_size(files) == 0 &&
		    (r = result(res, t, NULL, i)) != NULL)
			json_array_append_new(results, r);
		if ((r = notification(res, t, i)) != NULL)
			json_array_append_new(notes, r);
	}
}

static int
report_sarif_write(json_t *rep, FILE *fp, const struct render_opts *ro)
{
	json_t		*rules = json_array(), *results = json_array();
	json_t		*notes = json_array(), *res, *sarif, *gate;
	size_t		 i;
	int		 rc;

	(void)ro;
	json_array_foreach(json_object_get(rep, "results"), i, res) {
		res = report_result(res);
		json_array_append_new(rules, descriptor(res));
		add_rule(res, i, results, notes);
		json_decref(res);
	}
	gate = json_object_get(rep, "gate");
	sarif = json_pack("{s:s,s:s,s:[{s:{s:{s:s,s:O?,s:o,s:s,s:o}},"
	    "s:[{s:b,s:O?,s:O?,s:o}],s:{s:{s:s,s:{s:s}}},s:o,"
	    "s:{s:O?,s:O?,s:O?}}]}",
	    "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
	    "version", "2.1.0",
	    "runs",
	    "tool", "driver", "name", "dockaudit",
	    "version", json_pointer_get(rep, "/tool/version"),
	    "fullName", evidence_string(report_str(json_object_get(rep, "benchmark"),
	    "title")),
	    "informationUri", SARIF_INFO_URI,
	    "rules", rules,
	    "invocations",
	    "executionSuccessful", 1,
	    "startTimeUtc", json_object_get(rep, "started"),
	    "endTimeUtc", json_object_get(rep, "finished"),
	    "toolExecutionNotifications", notes,
	    "originalUriBaseIds", SARIF_ROOT, "uri", "file:///",
	    "description", "text", "/ of the audited host (of the image "
	    "with --root)",
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
	if (json_pointer_get(rep, "/host/images") != NULL)
		json_object_set_new(json_pointer_get(sarif,
		    "/runs/0/originalUriBaseIds"), SARIF_IMAGE, json_pack(
		    "{s:s,s:{s:s}}", "uri", "file:///", "description", "text",
		    "/ of the container image a location names"));
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
	.ext2 = ".sarif.json",
	.help = "SARIF 2.1.0: a result per failing target (code scanning)",
	.write = report_sarif_write,
};
