/*
 * The terminal report: a header, every failing and erroring rule with its
 * reason (and failing rows), the rules a person must review, and one
 * summary line. Colour only when asked (a terminal, no NO_COLOR). Every
 * string from the report is sanitised: no raw escape reaches a terminal.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "lib/util.h"

#define ROWS_SHOWN	10

#define C_RED	"\033[31m"
#define C_GREEN	"\033[32m"
#define C_YEL	"\033[33m"
#define C_MAG	"\033[35m"
#define C_BOLD	"\033[1m"
#define C_DIM	"\033[2m"
#define C_OFF	"\033[0m"

static void
put(FILE *fp, const char *s)
{
	char	*clean = text_sanitize(s, strlen(s), 2000);

	fputs(clean, fp);
	free(clean);
}

static const char *
status_colour(int st)
{
	switch (st) {
	case STATUS_FAIL:
		return C_RED;
	case STATUS_ERROR:
		return C_MAG;
	case STATUS_MANUAL:
		return C_YEL;
	case STATUS_PASS:
		return C_GREEN;
	}
	return C_DIM;
}

/* s in one case (ASCII), cut to fit buf. */
static char *
status_case(char *buf, size_t size, const char *s, int upper)
{
	size_t	i;

	for (i = 0; s[i] != '\0' && i < size - 1; i++) {
		if (upper && s[i] >= 'a' && s[i] <= 'z')
			buf[i] = (char)(s[i] - 'a' + 'A');
		else if (!upper && s[i] >= 'A' && s[i] <= 'Z')
			buf[i] = (char)(s[i] - 'A' + 'a');
		else
			buf[i] = s[i];
	}
	buf[i] = '\0';
	return buf;
}

/* A status's label in capitals ("FAIL", "N/A"); one the record should
 * not hold, as it stands there. */
static void
label(FILE *fp, const struct render_opts *ro, const char *name)
{
	int	st = status_from_name(name);
	char	up[16];

	status_case(up, sizeof up, st >= 0 ? status_table[st].label : name, 1);
	if (ro->color)
		fprintf(fp, "%s%s%-6s%s", C_BOLD, status_colour(st), up, C_OFF);
	else
		fprintf(fp, "%-6s", up);
}

static void
score_text(FILE *fp, json_t *score)
{
	if (json_is_number(score))
		fprintf(fp, "%.1f%%", json_number_value(score));
	else
		fputs("n/a", fp);
}

/* The one-line summary: what -q prints and a journal keeps. */
/* The one line of -q (with gate: why the gate failed, on the same line). */
static void
summary_line(FILE *fp, json_t *report, const struct render_opts *ro,
    int gate)
{
	json_t	*s = json_object_get(report, "summary");
	json_t	*b = json_object_get(report, "benchmark");
	char	*why, low[16];
	size_t	 i;
	enum status st;

	fputs(ro->color ? C_BOLD "Score " C_OFF : "Score ", fp);
	score_text(fp, json_object_get(s, "score"));
	fputs(" (", fp);
	score_text(fp, json_object_get(s, "score_with_waivers"));
	fputs(" with waivers) ", fp);
	put(fp, report_str(b, "id"));
	fputc(' ', fp);
	put(fp, report_str(b, "version"));
	for (i = 0; i < STATUS_COUNT; i++) {
		st = status_nth(STATUS_BY_RECORD, i);
		fprintf(fp, "%s %lld %s", i == 0 ? ":" : ",",
		    json_integer_value(json_object_get(s, status_name(st))),
		    status_case(low, sizeof low, status_table[st].label, 0));
	}
	if (gate && (why = report_gate_words(report)) != NULL) {
		fputs("; gate failed: ", fp);
		put(fp, why);
		free(why);
	} else if (gate && (why = report_undecided_words(report)) != NULL) {
		fputs("; gate not decided: ", fp);
		put(fp, why);
		free(why);
	}
	fputc('\n', fp);
}

/*
 * Whether a row's reason is a sentence that begins with the row's name
 * ("web runs privileged"): then it is printed alone, not "web: ...".
 */
static int
reason_named(const char *name, const char *reason)
{
	size_t	n = strlen(name);

	return n > 0 && strncmp(reason, name, n) == 0 && reason[n] == ' ';
}

/* " [new]" and a waiver's reason, approver and expiry, when there are. */
static void
marks(FILE *fp, json_t *o)
{
	json_t	*w = json_object_get(o, "waiver");

	if (json_is_string(json_object_get(o, "baseline")) &&
	    strcmp(report_str(o, "baseline"), "unchanged") != 0) {
		fputs(" [", fp);
		put(fp, report_str(o, "baseline"));
		fputc(']', fp);
	}
	if (strcmp(report_str(o, "fix"), "change") == 0)
		fputs(" [fixable]", fp);
	else if (strcmp(report_str(o, "fix"), "advice") == 0)
		fputs(" [fix: advice]", fp);
	if (w != NULL) {
		fputs(" [waived: ", fp);
		put(fp, report_str(w, "reason"));
		fputs(" (", fp);
		put(fp, report_str(w, "approver"));
		fputs(", until ", fp);
		put(fp, report_str(w, "expires"));
		fputs(")]", fp);
	}
}

static void
rule_line(FILE *fp, json_t *res, const struct render_opts *ro, int reason)
{
	json_t	*targets, *t;
	size_t	 i, shown = 0, bad = 0;
	const char *st = report_str(res, "status");
	int	 named;
	char	*controls, *cut;

	fputs("  ", fp);
	label(fp, ro, st);
	fputc(' ', fp);
	put(fp, report_str(res, "id"));
	fprintf(fp, "%*s", (int)(8 - (strlen(report_str(res, "id")) < 8 ?
	    strlen(report_str(res, "id")) : 8)), "");
	fprintf(fp, "%-8s ", report_str(res, "severity"));
	put(fp, report_str(res, "title"));
	marks(fp, res);
	fputc('\n', fp);
	if (reason && (controls = report_controls_words(res)) != NULL) {
		fputs("         controls: ", fp);
		put(fp, controls);
		fputc('\n', fp);
		free(controls);
	}
	targets = json_object_get(res, "targets");
	/* The rows follow: "N of M ...; first: ..." needs no first. */
	if (reason && (cut = report_reason_words(res)) != NULL) {
		fputs("         ", fp);
		put(fp, cut);
		fputc('\n', fp);
		free(cut);
	}
	if (json_array_size(targets) < 2)
		return;		/* the reason already names the one row */
	json_array_foreach(targets, i, t) {
		/* The rows that make the status, and the waived ones; with
		 * --all, every row. */
		if (!reason || (!ro->all && strcmp(report_str(t, "status"), st) != 0 &&
		    strcmp(report_str(t, "status"), "waived") != 0))
			continue;
		if (++bad > ROWS_SHOWN && !ro->all)
			continue;
		shown++;
		fputs("           - ", fp);
		named = json_is_string(json_object_get(t, "reason")) &&
		    reason_named(report_str(t, "name"),
		    report_str(t, "reason"));
		if (!named)
			put(fp, report_str(t, "name"));
		if (ro->all && strcmp(report_str(t, "status"), st) != 0) {
			fputs(named ? "[" : " [", fp);
			put(fp, report_str(t, "status"));
			fputs(named ? "] " : "]", fp);
		}
		if (json_is_string(json_object_get(t, "reason"))) {
			if (!named)
				fputs(": ", fp);
			put(fp, report_str(t, "reason"));
		}
		marks(fp, t);
		fputc('\n', fp);
	}
	if (bad > shown)
		fprintf(fp, "           ... and %zu more (--all lists them)\n",
		    bad - shown);
}

static const char *
str_of(json_t *s)
{
	return json_string_value(s) != NULL ? json_string_value(s) : "";
}

/* A failure the summary shows: of a headline severity, and scored. */
static int
in_summary(json_t *res)
{
	int	sev = severity_from_name(report_str(res, "severity"));

	return strcmp(report_str(res, "status"), "fail") == 0 &&
	    json_is_true(json_object_get(res, "scored")) &&
	    sev >= 0 && severity_table[sev].headline;
}

static void gate_line(FILE *, json_t *);

static void
engine_words(FILE *fp, json_t *e)
{
	char	*w = report_engine_words(e);

	put(fp, w);
	free(w);
}

/* Several engines: a line each in the header. */
static int
engines_header(FILE *fp, json_t *host)
{
	json_t	*engines = json_object_get(host, "engines"), *e;
	size_t	 i;

	if (json_array_size(engines) < 2)
		return 0;
	json_array_foreach(engines, i, e) {
		fputs(i == 0 ? "Engines: " : "         ", fp);
		put(fp, report_str(e, "label"));
		fputs(": ", fp);
		engine_words(fp, e);
		fputc('\n', fp);
	}
	return 1;
}

/* The summary's score of each engine, after the whole's. */
static void
engines_scores(FILE *fp, json_t *report)
{
	json_t	*sum, *e;
	size_t	 i;

	json_array_foreach(json_object_get(json_object_get(report, "summary"),
	    "engines"), i, sum) {
		e = report_engine(report, report_str(sum, "id"));
		fprintf(fp, "  %-22s ", e != NULL ? report_str(e, "label") :
		    report_str(sum, "id"));
		score_text(fp, json_object_get(sum, "score"));
		fprintf(fp, " (%lld pass, %lld fail, %lld error)\n",
		    json_integer_value(json_object_get(sum, "pass")),
		    json_integer_value(json_object_get(sum, "fail")),
		    json_integer_value(json_object_get(sum, "error")));
	}
}

/*
 * A part per engine: what fails there, rule by rule, with that engine's
 * failing targets (their names without the engine's label).
 */
static void
engines_block(FILE *fp, json_t *report, const struct render_opts *ro)
{
	json_t		*sum, *res, *whole, *t, *e;
	const char	*id, *label, *name;
	size_t		 i, j, k, n, shown;

	json_array_foreach(json_object_get(json_object_get(report, "summary"),
	    "engines"), i, sum) {
		id = report_str(sum, "id");
		e = report_engine(report, id);
		label = e != NULL ? report_str(e, "label") : id;
		fprintf(fp, "\n%sEngine ", ro->color ? C_BOLD : "");
		put(fp, label);
		fprintf(fp, "%s: ", ro->color ? C_OFF : "");
		if (e != NULL)
			engine_words(fp, e);
		fputs(", score ", fp);
		score_text(fp, json_object_get(sum, "score"));
		fputc('\n', fp);
		n = 0;
		json_array_foreach(json_object_get(report, "results"), j, res) {
			if (strcmp(report_str(json_object_get(res, "engines"),
			    id), "fail") != 0)
				continue;
			n++;
			/* Rule ids are checked on load: plain words. */
			fprintf(fp, "  FAIL   %-8s", report_str(res, "id"));
			put(fp, report_str(res, "title"));
			whole = report_result(res);
			shown = 0;
			json_array_foreach(json_object_get(whole, "targets"), k,
			    t) {
				if (strcmp(report_str(t, "engine"), id) != 0 ||
				    strcmp(report_str(t, "status"), "fail") != 0 ||
				    strcmp(report_str(t, "kind"), "engine") == 0)
					continue;
				name = report_str(t, "name");
				if (strncmp(name, label, strlen(label)) == 0 &&
				    name[strlen(label)] == ' ')
					name += strlen(label) + 1;
				fputs(shown == 0 ? ": " : ", ", fp);
				if (shown++ == 5 && !ro->all) {
					fputs("...", fp);
					break;
				}
				put(fp, name);
			}
			json_decref(whole);
			fputc('\n', fp);
		}
		if (n == 0)
			fputs("  no rule fails on this engine\n", fp);
	}
}

/*
 * What a reader needs first: the gate's verdict and why, the counts by
 * status and by severity, then the critical and high failures with their
 * failing targets. The rest follows.
 */
static void
summary_block(FILE *fp, json_t *report, const struct render_opts *ro)
{
	json_t	*res, *g = json_object_get(report, "gate");
	size_t	 counts[SEVERITY_COUNT], i, k;
	int	 any = 0;

	fprintf(fp, "\n%sSummary%s\n", ro->color ? C_BOLD : "",
	    ro->color ? C_OFF : "");
	if (g != NULL && json_is_true(json_object_get(g, "passed"))) {
		char *undecided = report_undecided_words(report);

		if (undecided != NULL) {
			fputs("  Gate not decided: ", fp);
			put(fp, undecided);
			fputc('\n', fp);
		} else
			fputs("  Gate passed\n", fp);
		free(undecided);
	}
	if (g != NULL && !json_is_true(json_object_get(g, "passed")))
		fputs("  ", fp);
	gate_line(fp, report);
	fputs("  ", fp);
	summary_line(fp, report, ro, 0);
	engines_scores(fp, report);
	/* counts[] is worst first, as the severities are listed. */
	report_severity_counts(report, counts);
	fputs("  Failing scored rules by severity:", fp);
	for (k = 0; k < SEVERITY_COUNT; k++)
		fprintf(fp, "%s %zu %s", k == 0 ? "" : ",", counts[k],
		    severity_name(severity_nth_worst(k)));
	fputc('\n', fp);
	for (k = 0; k < SEVERITY_COUNT; k++) {
		json_array_foreach(json_object_get(report, "results"), i, res) {
			if (!in_summary(res) || strcmp(report_str(res,
			    "severity"), severity_name(severity_nth_worst(k))) !=
			    0)
				continue;
			if (!any)
				fprintf(fp, "\n%sCritical and high failures%s\n",
				    ro->color ? C_BOLD : "", ro->color ?
				    C_OFF : "");
			any = 1;
			res = report_result(res);
			rule_line(fp, res, ro, 1);
			json_decref(res);
		}
	}
}

/* A cause shared by this many rules or more is said once (errors). */
#define SHARED_CAUSE	3

/*
 * The rules of one status. Errors that share one cause (a daemon that
 * cannot be reached, a permission denied) are said once with the ids of
 * the rules it stopped, not repeated on every rule.
 */
static void
section_block(FILE *fp, json_t *report, const struct render_opts *ro,
    const char *status, const char *heading, int reason)
{
	json_t		*res, *causes = json_object(), *ids, *id;
	json_t		*cause_of = json_object();	/* rule id -> cause */
	json_t		*words = json_object();		/* cause -> words */
	const char	*why;
	char		*cause, *key;
	size_t		 i, j, col;
	int		 any = 0;

	if (strcmp(status, "error") == 0) {
		json_array_foreach(json_object_get(report, "results"), i, res) {
			if (strcmp(report_str(res, "status"), status) != 0 ||
			    json_string_value(json_object_get(res,
			    "reason")) == NULL)
				continue;
			cause = report_rule_cause(res, &key);
			if ((ids = json_object_get(causes, key)) == NULL) {
				ids = json_array();
				json_object_set_new(causes, key, ids);
				json_object_set_new(words, key,
				    json_string(cause));
			}
			json_array_append(ids, json_object_get(res, "id"));
			json_object_set_new(cause_of, report_str(res, "id"),
			    json_string(key));
			free(cause);
			free(key);
		}
	}
	json_object_foreach(causes, why, ids) {
		if (json_array_size(ids) < SHARED_CAUSE)
			continue;
		if (!any)
			fprintf(fp, "\n%s%s%s\n", ro->color ? C_BOLD : "",
			    heading, ro->color ? C_OFF : "");
		any = 1;
		fprintf(fp, "  %zu rules: ", json_array_size(ids));
		put(fp, report_str(words, why));
		col = 76;
		json_array_foreach(ids, j, id) {
			if (col + strlen(str_of(id)) >= 76) {
				fputs("\n   ", fp);
				col = 3;
			}
			fputc(' ', fp);
			put(fp, str_of(id));
			col += 1 + strlen(str_of(id));
		}
		fputc('\n', fp);
	}
	json_array_foreach(json_object_get(report, "results"), i, res) {
		if (strcmp(report_str(res, "status"), status) != 0 ||
		    (strcmp(status, "fail") == 0 && in_summary(res)))
			continue;
		why = json_string_value(json_object_get(cause_of,
		    report_str(res, "id")));
		if (why != NULL && json_array_size(json_object_get(causes,
		    why)) >= SHARED_CAUSE)
			continue;
		if (!any)
			fprintf(fp, "\n%s%s%s\n", ro->color ? C_BOLD : "",
			    heading, ro->color ? C_OFF : "");
		any = 1;
		res = report_result(res);
		/* A rule a person reviews because of what was found (rows,
		 * evidence) says what; one that is review by nature does not
		 * repeat its instructions. */
		rule_line(fp, res, ro, reason || json_array_size(
		    json_object_get(res, "targets")) > 0 || json_object_size(
		    json_object_get(res, "evidence")) > 0);
		json_decref(res);
	}
	json_decref(causes);
	json_decref(cause_of);
	json_decref(words);
}

/* Waivers that were not applied: a person should renew or remove them. */
static void
waivers_block(FILE *fp, json_t *report)
{
	json_t	*w;
	size_t	 i;
	int	 any = 0;

	json_array_foreach(json_object_get(report, "waivers"), i, w) {
		if (strcmp(report_str(w, "state"), "applied") == 0)
			continue;
		if (!any)
			fputs("\nWaivers not applied\n", fp);
		any = 1;
		fputs("  ", fp);
		put(fp, report_str(w, "origin"));
		fputs(": rule ", fp);
		put(fp, report_str(w, "rule"));
		fputs(strcmp(report_str(w, "state"), "expired") == 0 ? ": expired on " :
		    ": matched no failure; expires ", fp);
		put(fp, report_str(w, "expires"));
		fputc('\n', fp);
	}
}

/* Did an attestation decide the rule or one of its rows? */
static int
attested(json_t *report, json_t *res)
{
	json_t	*a;
	size_t	 i;

	if (json_object_get(res, "attestation") != NULL)
		return 1;
	json_array_foreach(json_object_get(report, "attestations"), i, a) {
		if (strcmp(report_str(a, "state"), "applied") == 0 &&
		    strcmp(report_str(a, "rule"), report_str(res, "id")) == 0)
			return 1;
	}
	return 0;
}

/*
 * The manual rules a person decided (their reasons say who, when and
 * why), then the attestations that were not applied: to renew or remove.
 */
static void
attestations_block(FILE *fp, json_t *report, const struct render_opts *ro)
{
	json_t	*res, *a;
	size_t	 i;
	int	 any = 0;

	json_array_foreach(json_object_get(report, "results"), i, res) {
		if (!attested(report, res))
			continue;
		if (!any)
			fprintf(fp, "\n%sAttested by a person%s\n", ro->color ?
			    C_BOLD : "", ro->color ? C_OFF : "");
		any = 1;
		res = report_result(res);
		rule_line(fp, res, ro, 1);
		json_decref(res);
	}
	any = 0;
	json_array_foreach(json_object_get(report, "attestations"), i, a) {
		if (strcmp(report_str(a, "state"), "applied") == 0)
			continue;
		if (!any)
			fputs("\nAttestations not applied\n", fp);
		any = 1;
		fputs("  ", fp);
		put(fp, report_str(a, "origin"));
		fputs(": rule ", fp);
		put(fp, report_str(a, "rule"));
		fputs(strcmp(report_str(a, "state"), "expired") == 0 ?
		    ": expired on " : ": matched no manual result; expires ",
		    fp);
		put(fp, report_str(a, "expires"));
		fputc('\n', fp);
	}
}

static void
gate_line(FILE *fp, json_t *report)
{
	json_t	*g = json_object_get(report, "gate"), *r;
	json_t	*b = json_object_get(report, "baseline");
	size_t	 i;

	if (b != NULL) {
		char *words = report_baseline_words(b);

		fputs("Against ", fp);
		put(fp, report_str(b, "file"));
		fprintf(fp, ": %s\n", words);
		free(words);
	}
	if (g == NULL || json_is_true(json_object_get(g, "passed")))
		return;
	json_array_foreach(json_object_get(g, "reasons"), i, r) {
		fputs(i == 0 ? "Gate failed: " : "; ", fp);
		put(fp, json_string_value(r));
	}
	fputc('\n', fp);
}

/* Inputs and runner, from records that carry them (not older ones). */
static void
provenance_lines(FILE *fp, json_t *report)
{
	json_t	*prov = json_object_get(report, "provenance");
	char	*s;

	if ((s = report_inputs_words(prov)) != NULL) {
		fputs("Inputs: ", fp);
		put(fp, s);
		fputc('\n', fp);
		free(s);
	}
	if ((s = report_runner_words(prov)) != NULL) {
		fputs("Ran as: ", fp);
		put(fp, s);
		fputc('\n', fp);
		free(s);
	}
	if (json_is_string(json_pointer_get(report, "/host/id"))) {
		fputs("Host id: ", fp);
		put(fp, json_string_value(json_pointer_get(report,
		    "/host/id")));
		fputc('\n', fp);
	}
	if ((s = report_tags_words(json_object_get(report, "host"))) != NULL) {
		fputs("Tags:   ", fp);
		put(fp, s);
		fputc('\n', fp);
		free(s);
	}
}

/* What dockaudit fix would do for the failures marked above. */
static void
fix_hint(FILE *fp, json_t *report)
{
	json_t	*res;
	size_t	 i, change = 0, advice = 0;

	json_array_foreach(json_object_get(report, "results"), i, res) {
		if (strcmp(report_str(res, "status"), "fail") != 0)
			continue;
		change += strcmp(report_str(res, "fix"), "change") == 0;
		advice += strcmp(report_str(res, "fix"), "advice") == 0;
	}
	if (change + advice == 0)
		return;
	fprintf(fp, "\nFixes: dockaudit fix REPORT.json -o DIR writes a plan "
	    "with the changes for the %zu failure%s marked [fixable]", change,
	    change == 1 ? "" : "s");
	if (advice > 0)
		fprintf(fp, ", and advice for %zu more", advice);
	fputs(" (this record saved with -o REPORT.json).\n", fp);
}

/* dockaudit image: a line per image in place of the host's and the
 * engine's; 0 for a host's record. */
static int
images_header(FILE *fp, json_t *host)
{
	json_t	*images = json_object_get(host, "images"), *im;
	char	*s;
	size_t	 i;

	if (!json_is_array(images))
		return 0;
	json_array_foreach(images, i, im) {
		fputs(i == 0 ? "Image:  " : "        ", fp);
		s = report_image_words(im);
		put(fp, s);
		free(s);
		fputc('\n', fp);
	}
	return 1;
}

static int
report_text_write(json_t *report, FILE *fp, const struct render_opts *ro)
{
	json_t	*host = json_object_get(report, "host");
	json_t	*bench = json_object_get(report, "benchmark");
	json_t	*docker = json_object_get(host, "docker");
	json_t	*sec;
	size_t	 i;
	enum status st;
	const char *hint;
	char	*others;

	if (ro->quiet) {
		summary_line(fp, report, ro, 1);
		return ferror(fp) ? -1 : 0;
	}
	fprintf(fp, "%sdockaudit ", ro->color ? C_BOLD : "");
	put(fp, report_str(json_object_get(report, "tool"), "version"));
	fprintf(fp, "%s: ", ro->color ? C_OFF : "");
	put(fp, report_str(bench, "title"));
	fputs(" (", fp);
	put(fp, report_str(bench, "id"));
	fputc(' ', fp);
	put(fp, report_str(bench, "version"));
	fputs(")\n", fp);
	if (images_header(fp, host))
		goto time;
	fputs("Host:   ", fp);
	put(fp, report_str(host, "hostname"));
	fputs(", ", fp);
	put(fp, report_str(host, "os"));
	fputs(", kernel ", fp);
	put(fp, report_str(host, "kernel"));
	fputs(", root ", fp);
	put(fp, report_str(host, "root"));
	fputc('\n', fp);
	if (engines_header(fp, host))
		;
	else if (fputs("Docker: ", fp), json_is_true(json_object_get(docker,
	    "reachable"))) {
		put(fp, report_str(docker, "endpoint"));
		fputs(", engine ", fp);
		put(fp, report_str(docker, "version"));
	} else if (json_is_string(json_object_get(docker, "error"))) {
		/* The cause names the endpoint when it is a connection's. */
		if (strstr(report_str(docker, "error"), report_str(docker,
		    "endpoint")) == NULL) {
			put(fp, report_str(docker, "endpoint"));
			fputs(": ", fp);
		} else
			fputs("not reached: ", fp);
		put(fp, report_str(docker, "error"));
		if ((others = report_other_sockets_words(docker)) != NULL) {
			fputs("\n        ", fp);
			put(fp, others);
			free(others);
		} else if ((hint = report_docker_hint(docker)) != NULL) {
			fputs("\n        ", fp);
			put(fp, hint);
		}
	}
	fputc('\n', fp);
time:
	fputs("Time:   ", fp);
	put(fp, report_str(report, "started"));
	fprintf(fp, " (%lld ms)\n", json_integer_value(json_object_get(report,
	    "duration_ms")));
	provenance_lines(fp, report);

	summary_block(fp, report, ro);
	/* Worst first; a rule for review by nature is not read out. */
	for (i = 0; i < STATUS_COUNT; i++) {
		st = status_nth(STATUS_BY_WORST, i);
		if (status_table[st].heading != NULL)
			section_block(fp, report, ro, status_name(st),
			    status_table[st].heading, st != STATUS_MANUAL);
	}
	fix_hint(fp, report);
	engines_block(fp, report, ro);
	waivers_block(fp, report);
	attestations_block(fp, report, ro);

	fputs("\nSections:\n", fp);
	json_array_foreach(json_object_get(json_object_get(report, "summary"),
	    "sections"), i, sec) {
		fputs("  ", fp);
		put(fp, report_str(sec, "id"));
		fputc(' ', fp);
		put(fp, report_str(sec, "title"));
		fputs(": ", fp);
		score_text(fp, json_object_get(sec, "score"));
		fprintf(fp, " (%lld pass, %lld fail, %lld error)\n",
		    json_integer_value(json_object_get(sec, "pass")),
		    json_integer_value(json_object_get(sec, "fail")),
		    json_integer_value(json_object_get(sec, "error")));
	}
	fputc('\n', fp);
	/* The score line stays last: "tail -1" of a report is its summary. */
	gate_line(fp, report);
	summary_line(fp, report, ro, 0);
	return ferror(fp) ? -1 : 0;
}

const struct report_format report_text_entry = {
	.name = "text",
	.ext = ".txt",
	.help = "the terminal summary, as plain text",
	.write = report_text_write,
};
