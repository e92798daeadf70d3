/*
 * The flat score of docs/DESIGN.md and the gate's exit code, computed from a
 * report's results: 100 x pass / (pass + fail + error) over scored rules,
 * one decimal, per top-level section, with and without waivers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/bench.h"
#include "report/report.h"
#include "tap.h"

static struct bench *
two_sections(void)
{
	struct bench	*b = calloc(1, sizeof *b);

	b->nsections = 2;
	b->sections = calloc(2, sizeof *b->sections);
	b->sections[0].id = "1";
	b->sections[0].title = "One";
	b->sections[1].id = "2";
	b->sections[1].title = "Two";
	return b;
}

static void
add(json_t *results, const char *section, const char *status, int scored)
{
	json_array_append_new(results, json_pack("{s:s,s:s,s:b}", "section",
	    section, "status", status, "scored", scored));
}

static double
num(json_t *o, const char *k)
{
	return json_number_value(json_object_get(o, k));
}

static void
test_flat_score(void **state)
{
	struct bench	*b = two_sections();
	json_t		*r = json_array(), *s, *sec;

	(void)state;
	add(r, "1", "pass", 1);
	add(r, "1", "pass", 1);
	add(r, "1", "fail", 1);
	add(r, "2", "error", 1);	/* errors count against */
	add(r, "2", "pass", 1);
	add(r, "2", "manual", 0);	/* not scored: ignored */
	add(r, "2", "pass", 0);		/* not scored: ignored */
	add(r, "2", "notapplicable", 1);
	add(r, "2", "info", 0);
	s = report_summary(r, b);
	assert_true(fabs(num(s, "score") - 60.0) < 1e-9);	/* 3 / 5 */
	assert_int_equal(json_integer_value(json_object_get(s, "pass")), 4);
	assert_int_equal(json_integer_value(json_object_get(s, "fail")), 1);
	assert_int_equal(json_integer_value(json_object_get(s, "error")), 1);
	assert_int_equal(json_integer_value(json_object_get(s, "manual")), 1);
	assert_int_equal(json_integer_value(json_object_get(s,
	    "notapplicable")), 1);
	assert_int_equal(json_integer_value(json_object_get(s, "total")), 9);
	sec = json_array_get(json_object_get(s, "sections"), 0);
	assert_string_equal(json_string_value(json_object_get(sec, "id")), "1");
	assert_true(fabs(num(sec, "score") - 66.7) < 1e-9);	/* 2 / 3 */
	sec = json_array_get(json_object_get(s, "sections"), 1);
	assert_true(fabs(num(sec, "score") - 50.0) < 1e-9);	/* 1 / 2 */
	json_decref(s);
	json_decref(r);
	free(b->sections);
	free(b);
}

static void
test_waivers_and_empty(void **state)
{
	struct bench	*b = two_sections();
	json_t		*r = json_array(), *s, *sec;

	(void)state;
	add(r, "1", "pass", 1);
	add(r, "1", "waived", 1);
	add(r, "1", "fail", 1);
	add(r, "2", "notapplicable", 1);
	s = report_summary(r, b);
	assert_true(fabs(num(s, "score") - 33.3) < 1e-9);
	assert_true(fabs(num(s, "score_with_waivers") - 66.7) < 1e-9);
	sec = json_array_get(json_object_get(s, "sections"), 1);
	/* Nothing scored decided: no score, not 100 and not 0. */
	assert_true(json_is_null(json_object_get(sec, "score")));
	json_decref(s);
	json_decref(r);
	free(b->sections);
	free(b);
}

static int
exit_of(const char *const *statuses, const int *scored, size_t n)
{
	json_t	*rep = json_object(), *r = json_array();
	size_t	 i;
	int	 rc;

	for (i = 0; i < n; i++)
		add(r, "1", statuses[i], scored[i]);
	json_object_set_new(rep, "results", r);
	rc = report_exit_code(rep);
	json_decref(rep);
	return rc;
}

static void
test_exit_codes(void **state)
{
	const char	*a[] = { "pass", "manual", "notapplicable" };
	const char	*b[] = { "pass", "error" };
	const char	*c[] = { "error", "fail" };
	const char	*d[] = { "pass", "waived" };
	const char	*e[] = { "pass", "fail" };
	int		 s1[] = { 1, 0, 1 }, s2[] = { 1, 1 }, s3[] = { 1, 0 };

	(void)state;
	assert_int_equal(exit_of(a, s1, 3), 0);
	assert_int_equal(exit_of(b, s2, 2), 3);
	assert_int_equal(exit_of(c, s2, 2), 1);
	assert_int_equal(exit_of(d, s2, 2), 0);
	assert_int_equal(exit_of(e, s3, 2), 0);	/* unscored fail: no gate */
}

/* One scored result of a severity, with an optional baseline mark. */
static void
add_sev(json_t *r, const char *status, const char *sev, const char *mark)
{
	json_t	*o = json_pack("{s:s,s:s,s:b,s:s}", "section", "1", "status",
	    status, "scored", 1, "severity", sev);

	if (mark != NULL)
		json_object_set_new(o, "baseline", json_string(mark));
	json_array_append_new(r, o);
}

static int
gate_of(json_t *r, const char *fail_on, double under, int has_under,
    json_t **gate)
{
	json_t		*rep = json_pack("{s:o,s:{s:f}}", "results", r,
			    "summary", "score_with_waivers", 40.0);
	struct gate	 g = { fail_on, under, has_under };
	int		 rc;

	/* The results carry baseline marks: the report has a baseline. */
	if (json_array_size(r) > 0 && json_object_get(json_array_get(r, 0),
	    "baseline") != NULL)
		json_object_set_new(rep, "baseline", json_object());
	rc = report_gate(rep, &g);
	*gate = json_incref(json_object_get(rep, "gate"));
	json_decref(rep);
	return rc;
}

static void
test_gate_severity(void **state)
{
	json_t	*r = json_array(), *g;

	(void)state;
	add_sev(r, "fail", "medium", NULL);
	add_sev(r, "error", "low", NULL);
	/* A medium failure does not fail --fail-on high: the errors give 3. */
	assert_int_equal(gate_of(json_incref(r), "high", 0, 0, &g), 3);
	assert_true(json_is_true(json_object_get(g, "passed")));
	json_decref(g);
	assert_int_equal(gate_of(json_incref(r), "medium", 0, 0, &g), 1);
	assert_false(json_is_true(json_object_get(g, "passed")));
	assert_int_equal(json_array_size(json_object_get(g, "reasons")), 1);
	json_decref(g);
	/* The default gate is low: any scored failure. */
	assert_int_equal(gate_of(json_incref(r), NULL, 0, 0, &g), 1);
	json_decref(g);
	/* An unknown severity never hides a failure. */
	add_sev(r, "fail", "bogus", NULL);
	assert_int_equal(gate_of(r, "critical", 0, 0, &g), 1);
	json_decref(g);
}

static void
test_gate_score(void **state)
{
	json_t	*r = json_array(), *g;

	(void)state;
	add_sev(r, "pass", "high", NULL);
	/* Score (with waivers) 40.0 in gate_of. */
	assert_int_equal(gate_of(json_incref(r), NULL, 40.0, 1, &g), 0);
	json_decref(g);
	assert_int_equal(gate_of(r, NULL, 40.1, 1, &g), 1);
	assert_true(fabs(json_real_value(json_object_get(g, "fail_under")) -
	    40.1) < 1e-9);
	json_decref(g);
}

static void
test_gate_new(void **state)
{
	json_t	*r = json_array(), *g;

	(void)state;
	add_sev(r, "fail", "critical", "unchanged");
	assert_int_equal(gate_of(json_incref(r), "new", 0, 0, &g), 0);
	json_decref(g);
	add_sev(r, "fail", "low", "new");
	json_object_set_new(json_array_get(r, 1), "id", json_string("2.1"));
	assert_int_equal(gate_of(r, "new", 0, 0, &g), 1);
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(g, "reasons"), 0)), "1 new failure of scored "
	    "rules since the baseline: 2.1");
	json_decref(g);
	/* No baseline at all (a first --history run): every failure is new. */
	r = json_array();
	add_sev(r, "fail", "critical", NULL);
	assert_int_equal(gate_of(r, "new", 0, 0, &g), 1);
	assert_non_null(strstr(json_string_value(json_array_get(
	    json_object_get(g, "reasons"), 0)), "every failure is new"));
	json_decref(g);
}

/* The gate's reason names what failed it, the most severe first. */
static void
test_gate_reason(void **state)
{
	static const char *const sev[] = { "low", "critical", "medium",
	    "low", "high", "critical", "low" };
	json_t		*r = json_array(), *g;
	size_t		 i;
	char		 id[8];

	(void)state;
	for (i = 0; i < nitems(sev); i++) {
		add_sev(r, "fail", sev[i], NULL);
		snprintf(id, sizeof(id), "1.%zu", i + 1);
		json_object_set_new(json_array_get(r, i), "id",
		    json_string(id));
	}
	assert_int_equal(gate_of(json_incref(r), NULL, 0, 0, &g), 1);
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(g, "reasons"), 0)), "7 scored rules failed: "
	    "1.2, 1.6, 1.5, 1.3, 1.1 and 2 more");
	json_decref(g);
	assert_int_equal(gate_of(json_incref(r), "high", 0, 0, &g), 1);
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(g, "reasons"), 0)), "3 scored rules of severity "
	    "high or above failed: 1.2, 1.6 and 1.5");
	json_decref(g);
	assert_int_equal(gate_of(r, "critical", 0, 0, &g), 1);
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(g, "reasons"), 0)), "2 scored rules of severity "
	    "critical failed: 1.2 and 1.6");
	json_decref(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flat_score),
		cmocka_unit_test(test_waivers_and_empty),
		cmocka_unit_test(test_exit_codes),
		cmocka_unit_test(test_gate_severity),
		cmocka_unit_test(test_gate_score),
		cmocka_unit_test(test_gate_new),
		cmocka_unit_test(test_gate_reason),
	};

	TAP_RUN(tests);
}
