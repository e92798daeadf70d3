/*
 * HDF, MITRE's Heimdall Data Format: the InSpec "exec JSON" of a profile's
 * results, which Heimdall and the SAF tools import. One profile, the
 * benchmark (its id, title, version and SHA-256); a group per section; a
 * control per rule: the texts as descriptions (default, rationale, fix,
 * check), an impact from our severity, the references, our severity, level,
 * scored and status as tags (and the site's controls, NIST ids as "nist"),
 * and a result per target row ("KIND NAME: REASON"), or one for the rule.
 *
 * Heimdall (inspecjs) derives a control's status from its results, its
 * impact and its waiver: an error result is Profile Error, then a waiver
 * skipped_due_to_waiver or impact 0 Not Applicable, then a failed result
 * Failed, a passed one Passed, else (all skipped) Not Reviewed. Each
 * result's status is chosen so that Heimdall's status of the control is
 * ours: pass Passed, fail Failed, error Profile Error, manual Not Reviewed,
 * info and notapplicable Not Applicable (impact 0), waived Not Applicable
 * (its waiver_data skipped_due_to_waiver). A row that does not decide its
 * rule is a skipped result that says its status (an error row of a failing
 * rule, a passing row of a manual one); a waived row is a skipped result
 * too, so a waived failure never counts as failed. The host name is the
 * platform's target_id; the host and the user the audit ran as are profile
 * attributes and the passthrough. Built from the JSON record alone; no run
 * time per result, since the record holds none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "lib/util.h"

static double
impact(json_t *res)
{
	static const struct {
		const char	*severity;
		double		 impact;
	} impacts[] = {
		{ "critical", 0.9 }, { "high", 0.7 }, { "medium", 0.5 },
		{ "low", 0.3 },
	};
	const char	*st = report_str(res, "status");
	const char	*sev = report_str(res, "severity");
	size_t		 i;

	if (strcmp(st, "notapplicable") == 0 || strcmp(st, "info") == 0)
		return 0;
	for (i = 0; i < sizeof impacts / sizeof impacts[0]; i++)
		if (strcmp(impacts[i].severity, sev) == 0)
			return impacts[i].impact;
	return 0.5;
}

/*
 * The HDF status of a row (or, row NULL, of the rule itself) of a rule of
 * status rst: passed, failed or error only where that is the rule's own
 * verdict in Heimdall's order; anything else is skipped.
 */
static const char *
result_status(const char *rst, const char *st)
{
	if (strcmp(st, "fail") == 0)
		return "failed";
	if (strcmp(st, "error") == 0 && strcmp(rst, "error") == 0)
		return "error";
	if (strcmp(st, "pass") == 0 && strcmp(rst, "manual") != 0)
		return "passed";
	return "skipped";
}

static char *
waiver_words(json_t *w)
{
	return xasprintf("%s (approved by %s, until %s; %s)",
	    report_str(w, "reason"), report_str(w, "approver"),
	    report_str(w, "expires"), report_str(w, "origin"));
}

/* One result: a row of the rule, or (row NULL) the rule as a whole. */
static json_t *
result(json_t *rep, json_t *res, json_t *row)
{
	json_t		*o = row != NULL ? row : res, *r, *w;
	const char	*st = report_str(o, "status");
	const char	*hst = result_status(report_str(res, "status"), st);
	const char	*why = report_str(o, "reason");
	char		*desc, *skip, *ww;

	if (*why == '\0')
		why = st;
	if (row != NULL)
		desc = xasprintf("%s %s: %s", report_str(row, "kind"),
		    report_str(row, "name"), why);
	else
		desc = xasprintf("rule %s: %s", report_str(res, "id"), why);
	r = json_pack("{s:s,s:o,s:o,s:O?}", "status", hst,
	    "code_desc", evidence_string(desc),
	    "message", evidence_string(why),
	    "start_time", json_object_get(rep, "started"));
	free(desc);
	if (json_object_get(r, "start_time") == NULL)
		json_object_set_new(r, "start_time", json_string(""));
	if (row != NULL) {
		json_object_set_new(r, "resource",
		    evidence_string(report_str(row, "kind")));
		json_object_set_new(r, "resource_id",
		    evidence_string(report_str(row, "id")));
	}
	if (strcmp(hst, "skipped") == 0) {
		w = json_object_get(o, "waiver");
		if (w == NULL)
			w = json_object_get(res, "waiver");
		if (strcmp(st, "waived") == 0 && w != NULL) {
			ww = waiver_words(w);
			skip = xasprintf("waived: %s; waiver: %s", why, ww);
			free(ww);
		} else
			skip = xasprintf("%s: %s", st, why);
		json_object_set_new(r, "skip_message", evidence_string(skip));
		free(skip);
	}
	return r;
}

static json_t *
results(json_t *rep, json_t *res)
{
	json_t	*a = json_array(), *t;
	size_t	 i;

	if (json_array_size(json_object_get(res, "targets")) == 0)
		json_array_append_new(a, result(rep, res, NULL));
	json_array_foreach(json_object_get(res, "targets"), i, t)
		json_array_append_new(a, result(rep, res, t));
	return a;
}

/*
 * The waivers of a rule (its own, its rows'; each once) as HDF's
 * waiver_data, or NULL. Skipped (Not Applicable in Heimdall) only when the
 * rule is waived; a failing rule with waived rows stays Failed.
 */
static json_t *
waiver_data(json_t *res)
{
	json_t		*seen = json_object(), *first = NULL, *w, *t, *wd;
	size_t		 i;
	char		*msg = NULL, *s, *ww, *cat;

	for (i = 0; i <= json_array_size(json_object_get(res, "targets")); i++) {
		if (i == 0)
			w = json_object_get(res, "waiver");
		else {
			t = json_array_get(json_object_get(res, "targets"), i - 1);
			w = json_object_get(t, "waiver");
		}
		if (w == NULL)
			continue;
		s = xasprintf("%s|%s", report_str(w, "origin"),
		    report_str(w, "reason"));
		if (json_object_get(seen, s) == NULL) {
			json_object_set_new(seen, s, json_true());
			if (first == NULL)
				first = w;
			ww = waiver_words(w);
			cat = xasprintf("%s%s%s", msg != NULL ? msg : "",
			    msg != NULL ? "; " : "", ww);
			free(msg);
			free(ww);
			msg = cat;
		}
		free(s);
	}
	json_decref(seen);
	if (first == NULL)
		return NULL;
	wd = json_pack("{s:o,s:o,s:o,s:b,s:b}",
	    "justification", evidence_string(report_str(first, "reason")),
	    "expiration_date", evidence_string(report_str(first, "expires")),
	    "message", evidence_string(msg),
	    "run", 1,
	    "skipped_due_to_waiver",
	    strcmp(report_str(res, "status"), "waived") == 0);
	free(msg);
	return wd;
}

/* The texts as InSpec's descriptions; check: the command that runs it. */
static json_t *
descriptions(json_t *rep, json_t *res)
{
	json_t	*b = json_object_get(rep, "benchmark");
	char	*check;
	json_t	*d;

	check = xasprintf("dockaudit -b %s-%s -c %s", report_str(b, "id"),
	    report_str(b, "version"), report_str(res, "id"));
	d = json_pack("[{s:s,s:o},{s:s,s:o},{s:s,s:o},{s:s,s:o}]",
	    "label", "default",
	    "data", evidence_string(report_str(res, "description")),
	    "label", "rationale",
	    "data", evidence_string(report_str(res, "rationale")),
	    "label", "fix",
	    "data", evidence_string(report_str(res, "remediation")),
	    "label", "check", "data", evidence_string(check));
	free(check);
	return d;
}

/* Severity, level, scored, status and reason (of the rule as a whole:
 * its rows' results have their own); the site's controls, NIST's by id. */
static json_t *
tags(json_t *res)
{
	json_t		*t, *nist = json_array(), *cis = json_array(), *c;
	const char	*fw;
	size_t		 i;

	t = json_pack("{s:s,s:O?,s:O?,s:s,s:O?,s:s,s:s}",
	    "severity", report_str(res, "severity"),
	    "cis_level", json_object_get(res, "level"),
	    "scored", json_object_get(res, "scored"),
	    "dockaudit_status", report_str(res, "status"),
	    "dockaudit_reason", json_object_get(res, "reason"),
	    "section", report_str(res, "section"),
	    "cis_rid", report_str(res, "id"));
	json_array_foreach(json_object_get(res, "controls"), i, c) {
		fw = report_str(c, "framework");
		if (strstr(fw, "800-53") != NULL)
			json_array_append_new(nist,
			    evidence_string(report_str(c, "id")));
		else if (strncmp(fw, "CIS", 3) == 0)
			json_array_append_new(cis,
			    evidence_string(report_str(c, "id")));
	}
	if (json_array_size(nist) > 0)
		json_object_set(t, "nist", nist);
	if (json_array_size(cis) > 0)
		json_object_set(t, "cis_controls", cis);
	json_decref(nist);
	json_decref(cis);
	if (json_object_get(res, "controls") != NULL)
		json_object_set(t, "controls", json_object_get(res, "controls"));
	return t;
}

static json_t *
refs(json_t *res)
{
	json_t	*a = json_array(), *v;
	size_t	 i;

	json_array_foreach(json_object_get(res, "references"), i, v)
		json_array_append_new(a, json_pack("{s:o}", "ref",
		    evidence_string(json_string_value(v))));
	return a;
}

/* The rule's record entry without its rows: InSpec's code, for reading. */
static json_t *
code(json_t *res)
{
	json_t	*c = json_copy(res);
	char	*s;
	json_t	*j;

	json_object_del(c, "targets");
	s = json_dumps(c, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(c);
	j = s != NULL ? json_string(s) : json_null();
	free(s);
	return j != NULL ? j : json_null();
}

static json_t *
control(json_t *rep, json_t *res)
{
	json_t	*c, *wd;

	c = json_pack("{s:o,s:o,s:o,s:o,s:f,s:o,s:o,s:{s:O?},s:o,s:o}",
	    "id", evidence_string(report_str(res, "id")),
	    "title", evidence_string(report_str(res, "title")),
	    "desc", evidence_string(report_str(res, "description")),
	    "descriptions", descriptions(rep, res),
	    "impact", impact(res),
	    "refs", refs(res),
	    "tags", tags(res),
	    "source_location",
	    "ref", json_pointer_get(rep, "/benchmark/path"),
	    "code", code(res),
	    "results", results(rep, res));
	if (c != NULL && (wd = waiver_data(res)) != NULL)
		json_object_set_new(c, "waiver_data", wd);
	return c;
}

static json_t *
attribute(const char *name, json_t *value, const char *what)
{
	return json_pack("{s:s,s:{s:O,s:s}}", "name", name, "options",
	    "value", value, "description", what);
}

/* The host and the runner as the profile's inputs (Heimdall shows them). */
static json_t *
attributes(json_t *rep)
{
	static const struct {
		const char	*name, *ptr, *what;
	} attrs[] = {
		{ "hostname", "/host/hostname", "the audited host's name" },
		{ "host_id", "/host/id", "the audited host's id" },
		{ "os", "/host/os", "the audited host's operating system" },
		{ "kernel", "/host/kernel", "the audited host's kernel" },
		{ "root", "/host/root", "the root audited" },
		{ "docker_version", "/host/docker/version",
		    "the Docker daemon's version" },
		{ "user", "/provenance/user/name",
		    "the user the audit ran as" },
		{ "uid", "/provenance/user/uid",
		    "the user id the audit ran as" },
	};
	json_t	*a = json_array(), *v, *x;
	size_t	 i;

	for (i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
		v = json_pointer_get(rep, attrs[i].ptr);
		if (v == NULL || json_is_null(v))
			continue;
		if ((x = attribute(attrs[i].name, v, attrs[i].what)) != NULL)
			json_array_append_new(a, x);
	}
	return a;
}

/* A group per section of the summary, naming its rules. */
static json_t *
groups(json_t *rep)
{
	json_t	*a = json_array(), *s, *ids, *res;
	size_t	 i, k;

	json_array_foreach(json_pointer_get(rep, "/summary/sections"), i, s) {
		ids = json_array();
		json_array_foreach(json_object_get(rep, "results"), k, res) {
			if (strcmp(report_str(res, "section"),
			    report_str(s, "id")) == 0)
				json_array_append(ids, json_object_get(res,
				    "id"));
		}
		json_array_append_new(a, json_pack("{s:o,s:o,s:o}",
		    "id", evidence_string(report_str(s, "id")),
		    "title", evidence_string(report_str(s, "title")),
		    "controls", ids));
	}
	return a;
}

static int
report_hdf_write(json_t *rep, FILE *fp, const struct render_opts *ro)
{
	json_t		*controls = json_array(), *res, *c, *hdf, *b;
	json_t		*ms = json_object_get(rep, "duration_ms");
	size_t		 i;
	int		 rc;

	(void)ro;
	json_array_foreach(json_object_get(rep, "results"), i, res) {
		res = report_result(res);
		c = control(rep, res);
		json_decref(res);
		if (c == NULL) {
			json_decref(controls);
			return -1;
		}
		json_array_append_new(controls, c);
	}
	b = json_object_get(rep, "benchmark");
	hdf = json_pack("{s:{s:s,s:s,s:o},s:s,s:{s:f},"
	    "s:[{s:o,s:o,s:o,s:o,s:o,s:[],s:o,s:o,s:s,s:o}],"
	    "s:{s:{s:O?,s:O?,s:O?,s:O?,s:O?,s:O?,s:O?,s:O?}}}",
	    "platform", "name", "dockaudit",
	    "release", report_str(json_object_get(rep, "tool"), "version"),
	    "target_id", evidence_string(report_str(json_object_get(rep,
	    "host"), "hostname")),
	    "version", report_str(json_object_get(rep, "tool"), "version"),
	    "statistics", "duration",
	    json_is_integer(ms) ? (double)json_integer_value(ms) / 1000 : 0.0,
	    "profiles",
	    "name", evidence_string(report_str(b, "id")),
	    "title", evidence_string(report_str(b, "title")),
	    "version", evidence_string(report_str(b, "version")),
	    "sha256", evidence_string(report_str(b, "sha256")),
	    "summary", evidence_string(report_str(b, "title")),
	    "supports",
	    "attributes", attributes(rep),
	    "groups", groups(rep),
	    "status", "loaded",
	    "controls", controls,
	    "passthrough", "dockaudit",
	    "schema", json_object_get(rep, "schema"),
	    "started", json_object_get(rep, "started"),
	    "finished", json_object_get(rep, "finished"),
	    "host", json_object_get(rep, "host"),
	    "provenance", json_object_get(rep, "provenance"),
	    "selection", json_object_get(rep, "selection"),
	    "summary", json_object_get(rep, "summary"),
	    "gate", json_object_get(rep, "gate"));
	if (hdf == NULL)
		return -1;
	/* Sorted keys: the same bytes from a run and from its saved record. */
	rc = json_dumpf(hdf, fp, JSON_INDENT(2) | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(6));
	json_decref(hdf);
	if (rc == -1)
		return -1;
	return fputc('\n', fp) == EOF ? -1 : 0;
}

const struct report_format report_hdf_entry = {
	.name = "hdf",
	.ext = ".hdf.json",
	.help = "HDF (InSpec exec JSON): Heimdall's controls and results",
	.write = report_hdf_write,
};
