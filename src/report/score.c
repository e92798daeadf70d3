/*
 * The score and the gate. Score (docs/DESIGN.md): 100 x pass / (pass + fail +
 * error) over scored rules, one decimal, overall and per top-level
 * section, with and without waivers. The gate (dockaudit(1), EXIT STATUS)
 * turns the record into the exit code and records why.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "lib/json.h"
#include "lib/util.h"

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

/*
 * Each engine's own summary when several were audited: its status of
 * every rule (the results' "engines" member), tallied as the whole is.
 */
static json_t *
engines_summary(json_t *results)
{
	struct tally	*t = NULL;
	struct strlist	 ids = { NULL, 0 };
	json_t		*res, *per, *st, *out;
	const char	*id;
	size_t		 i, k;

	json_array_foreach(results, i, res) {
		per = json_object_get(res, "engines");
		json_object_foreach(per, id, st) {
			for (k = 0; k < ids.n && strcmp(ids.v[k], id) != 0; k++)
				;
			if (k == ids.n) {
				strlist_add(&ids, id);
				t = xreallocarray(t, ids.n, sizeof *t);
				memset(&t[k], 0, sizeof *t);
			}
			tally_add(&t[k], json_string_value(st), json_is_true(
			    json_object_get(res, "scored")));
		}
	}
	if (ids.n == 0)
		return NULL;
	out = json_array();
	for (k = 0; k < ids.n; k++) {
		json_t *obj = json_pack("{s:s}", "id", ids.v[k]);

		tally_fill(obj, &t[k]);
		json_array_append_new(out, obj);
	}
	free(t);
	strlist_free(&ids);
	return out;
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
	if ((obj = engines_summary(results)) != NULL)
		json_object_set_new(summary, "engines", obj);
	free(sec);
	return summary;
}

/* One failure that counts against the gate, for its reason. */
struct gate_fail {
	const char	*id;
	int		 rank;	/* severity; unknown ones first */
	size_t		 at;	/* order in the record */
};

static int
gate_fail_cmp(const void *a, const void *b)
{
	const struct gate_fail	*x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank > y->rank ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* "5.5, 3.6, 4.1, 5.22, 1.1.6 and 7 more": the failures that fail the gate,
 * the most severe first, so that a one-line summary names what to fix. */
static char *
gate_fail_ids(struct gate_fail *f, size_t n)
{
	enum { SHOWN = 5 };
	char	*s = xstrdup(""), *t;
	size_t	 i;

	qsort(f, n, sizeof(*f), gate_fail_cmp);
	for (i = 0; i < n && i < SHOWN; i++) {
		t = xasprintf("%s%s%s", s, i == 0 ? "" : i + 1 == n ? " and " :
		    ", ", f[i].id);
		free(s);
		s = t;
	}
	if (n > SHOWN) {
		t = xasprintf("%s and %zu more", s, n - SHOWN);
		free(s);
		s = t;
	}
	return s;
}

const char *
gate_fail_on(const struct gate *g)
{
	if (g->fail_on != NULL)
		return g->fail_on;
	return g->has_fail_under ? "none" : "low";
}

int
report_gate(json_t *report, const struct gate *g)
{
	json_t		*res, *reasons = json_array(), *score;
	json_t		*all = json_object_get(report, "results");
	const char	*st, *b, *id;
	size_t		 i, nfail = 0;
	int		 error = 0, failed, min = 0, rank;
	const char	*fo = gate_fail_on(g);
	int		 on_new = strcmp(fo, "new") == 0;
	int		 on_none = strcmp(fo, "none") == 0;
	int		 has_baseline = json_is_object(json_object_get(report,
			    "baseline"));
	struct gate_fail *fails;
	char		*ids, scope[64] = "";

	if (!on_new && !on_none)
		min = severity_from_name(fo);
	if (min > 0)
		snprintf(scope, sizeof(scope), " of severity %s%s", fo,
		    min < SEVERITY_CRITICAL ? " or above" : "");
	fails = xcalloc(json_array_size(all) + 1, sizeof(*fails));
	json_array_foreach(all, i, res) {
		st = json_string_value(json_object_get(res, "status"));
		if (st == NULL)
			continue;
		if (strcmp(st, "error") == 0)
			error = 1;
		if (on_none || strcmp(st, "fail") != 0 ||
		    !json_is_true(json_object_get(res, "scored")))
			continue;
		rank = severity_from_name(report_str(res, "severity"));
		if (on_new) {
			/* Without a baseline every failure is new. */
			b = json_string_value(json_object_get(res, "baseline"));
			if (has_baseline && (b == NULL || strcmp(b, "new") != 0))
				continue;
		} else if (rank >= 0 && rank < min)
			continue;	/* an unknown severity never hides one */
		id = json_string_value(json_object_get(res, "id"));
		fails[nfail].id = id != NULL ? id : "?";
		fails[nfail].rank = rank < 0 ? INT_MAX : rank;
		fails[nfail].at = i;
		nfail++;
	}
	if (nfail > 0) {
		ids = gate_fail_ids(fails, nfail);
		if (on_new && has_baseline)
			json_array_append_new(reasons, json_sprintf("%zu new "
			    "failure%s of scored rules since the baseline: %s",
			    nfail, nfail == 1 ? "" : "s", ids));
		else
			json_array_append_new(reasons, json_sprintf("%zu scored "
			    "rule%s%s failed: %s%s", nfail, nfail == 1 ? "" : "s",
			    scope, ids, on_new ? " (no earlier run to compare "
			    "with: every failure is new)" : ""));
		free(ids);
	}
	free(fails);
	score = json_pointer_get(report, "/summary/score_with_waivers");
	if (g->has_fail_under && json_is_number(score) &&
	    json_number_value(score) < g->fail_under)
		json_array_append_new(reasons, json_sprintf("score %.1f is "
		    "under %.1f", json_number_value(score), g->fail_under));
	failed = json_array_size(reasons) > 0;
	json_object_set_new(report, "gate", json_pack("{s:s,s:o,s:b,s:o,s:i}",
	    "fail_on", fo, "fail_under", g->has_fail_under ? json_real(g->fail_under) :
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
