/*
 * The audit as a call (src/audit/audit.h): two audits alive in one
 * process decide as each does alone, and causes are data: with every
 * cause sentence and every pass=/fail= template of the benchmark reworded,
 * no status, cause kind, grouping ("one cause once"), gate or exit code
 * changes, while the reasons do.
 */
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "engine/bench.h"
#include "engine/check.h"
#include "probes/probe.h"
#include "report/report.h"
#include "lib/cause.h"
#include "tap.h"

static const struct strlist	no_ids = { NULL, 0 };

static void
fixed_clock(struct timespec *ts)
{
	ts->tv_sec = 1796256000;	/* 2026-12-03 */
	ts->tv_nsec = 0;
}

static struct bench *
load(const char *name)
{
	char		*path;
	struct bench	*b;

	path = xasprintf("%s/benchmarks/%s.xml", TOP_SRCDIR, name);
	b = plan_load_bench(path, NULL, probe_table);
	assert_non_null(b);
	free(path);
	return b;
}

/* An audit of a recorded host, loaded, not yet run (free dir after). */
static struct audit *
audit_for(const struct bench *b, const char *fixture, char **dir)
{
	struct audit_request	 req;
	struct audit		*a;

	memset(&req, 0, sizeof req);
	*dir = xasprintf("%s/tests/%s", TOP_SRCDIR, fixture);
	req.bench = b;
	req.sel.level = 2;
	req.sel.checks = &no_ids;
	req.sel.excludes = &no_ids;
	req.fixture = *dir;
	req.docker.connect_ms = 1000;
	req.docker.timeout_ms = 1000;
	req.clock = fixed_clock;
	a = audit_new(&req);
	assert_non_null(a);
	return a;
}

/* An audit of a recorded host; the record (new reference) and *rc. */
static json_t *
audit_of(const struct bench *b, const char *fixture, int *rc)
{
	struct audit	*a;
	json_t		*rec;
	char		*dir;

	a = audit_for(b, fixture, &dir);
	*rc = audit_run(a);
	rec = json_incref(audit_record(a));
	audit_free(a);
	free(dir);
	return rec;
}

/* The kinds of a cause, outermost first: "cannot-locate/no-process". */
static json_t *
kinds(json_t *o)
{
	json_t	*c = json_object_get(o, "cause");
	char	*s = xstrdup(""), *t;

	for (; json_is_object(c); c = json_object_get(c, "cause")) {
		t = xasprintf("%s%s%s", s, *s != '\0' ? "/" : "",
		    report_str(c, "kind"));
		free(s);
		s = t;
	}
	return json_string(s);
}

/*
 * What decides, of a record: each result's and row's status and cause
 * kinds, the groups of errors by cause, the gate and the exit code.
 */
static json_t *
decided(json_t *rec, int rc)
{
	json_t	*out = json_object(), *rows, *res, *whole, *t, *r, *ids;
	json_t	*groups = json_object();
	char	*words, *key;
	size_t	 i, j;

	json_array_foreach(json_object_get(rec, "results"), i, res) {
		whole = report_result(res);
		r = json_pack("{s:O,s:o}", "status", json_object_get(whole,
		    "status"), "cause", kinds(whole));
		rows = json_array();
		json_array_foreach(json_object_get(whole, "targets"), j, t)
			json_array_append_new(rows, json_pack("[O,O,O,o]",
			    json_object_get(t, "kind"), json_object_get(t,
			    "id"), json_object_get(t, "status"), kinds(t)));
		json_object_set_new(r, "rows", rows);
		json_object_set_new(out, report_str(whole, "id"), r);
		if (strcmp(report_str(whole, "status"), "error") == 0) {
			words = report_rule_cause(whole, &key);
			if ((ids = json_object_get(groups, key)) == NULL) {
				ids = json_array();
				json_object_set_new(groups, key, ids);
			}
			json_array_append(ids, json_object_get(whole, "id"));
			free(words);
			free(key);
		}
		json_decref(whole);
	}
	json_object_set_new(out, "(groups)", groups);
	json_object_set(out, "(gate)", json_object_get(rec, "gate"));
	json_object_set_new(out, "(rc)", json_integer(rc));
	return out;
}

/* Every template of the benchmark and every rule's n/a sentence, in
 * other words (the fields still there, in another order). */
static void
reword_check(struct check *c)
{
	size_t	i;

	for (i = 0; i < c->attr_names.n; i++) {
		if (strcmp(c->attr_names.v[i], "pass") == 0 ||
		    strcmp(c->attr_names.v[i], "fail") == 0) {
			free(c->attr_values.v[i]);
			c->attr_values.v[i] = xstrdup("reworded: {expected} / "
			    "{bad} / {value} / {target} / {source}");
		}
	}
	for (i = 0; i < c->nkids; i++)
		reword_check(c->kids[i]);
}

static void
reword(struct bench *b)
{
	size_t	i;

	for (i = 0; i < b->nrules; i++) {
		free(b->rules[i].na_reason);
		b->rules[i].na_reason = xstrdup("reworded: not here");
		reword_check(b->rules[i].check);
		if (b->rules[i].applicable != NULL)
			reword_check(b->rules[i].applicable);
	}
}

static const char *const other_words[CAUSE_KIND_COUNT] = {
	[CAUSE_OFFLINE] = "not decidable without a running host ({cause})",
	[CAUSE_ABSENT] = "there is no {subject}",
	[CAUSE_APPLICABILITY] = "whether it applies is unknown, {cause}",
	[CAUSE_CANNOT_LOCATE] = "{cause}, so {subject} was not found",
	[CAUSE_NEXT_BOOT] = "after a reboot it is wrong: {cause}",
};

/* How many results (or rows) have another reason in a and in b. */
static size_t
reasons_changed(json_t *a, json_t *b)
{
	json_t	*ra, *rb, *wa, *wb;
	size_t	 i, n = 0;

	for (i = 0; i < json_array_size(json_object_get(a, "results")); i++) {
		ra = json_array_get(json_object_get(a, "results"), i);
		rb = json_array_get(json_object_get(b, "results"), i);
		wa = report_result(ra);
		wb = report_result(rb);
		n += !json_equal(json_object_get(wa, "reason"),
		    json_object_get(wb, "reason"));
		json_decref(wa);
		json_decref(wb);
	}
	return n;
}

static const struct {
	const char	*bench;
	const char	*fixture;
} hosts[] = {
	{ "cis-docker-1.8.0", "gates/host-a" },
	{ "cis-docker-1.6.0", "cases/cis-1.1-located-none/fixture" },
	{ "cis-docker-1.6.0", "cases/cis-2-offline-image/fixture" },
	{ "cis-docker-1.6.0", "cases/cis-2-daemon-unreachable/fixture" },
	{ "cis-docker-1.6.0", "cases/cis-2-daemon-json-malformed/fixture" },
	{ "cis-docker-1.6.0", "cases/cis-3.5-error-denied/fixture" },
	{ "container-host-kernel", "cases/kernel-persistent/fixture" },
	{ "container-host-kernel", "cases/kernel-offline/fixture" },
};

static void
test_reworded(void **state)
{
	struct bench	*b;
	json_t		*before, *after, *da, *db;
	size_t		 i, changed = 0;
	int		 rca, rcb;

	(void)state;
	for (i = 0; i < nitems(hosts); i++) {
		b = load(hosts[i].bench);
		before = audit_of(b, hosts[i].fixture, &rca);
		reword(b);
		cause_set_wording(other_words);
		after = audit_of(b, hosts[i].fixture, &rcb);
		cause_set_wording(NULL);
		da = decided(before, rca);
		db = decided(after, rcb);
		if (!json_equal(da, db)) {
			char *x = json_dumps(da, JSON_SORT_KEYS);
			char *y = json_dumps(db, JSON_SORT_KEYS);

			print_error("%s: decided differently when reworded:\n"
			    "%s\n%s\n", hosts[i].fixture, x, y);
			free(x);
			free(y);
		}
		assert_true(json_equal(da, db));
		changed += reasons_changed(before, after);
		json_decref(da);
		json_decref(db);
		json_decref(before);
		json_decref(after);
		bench_free(b);
	}
	/* The rewording took: most results read differently. */
	assert_true(changed > 100);
}

/* The groups of host-a's errors hold many rules: grouping is tested. */
static void
test_grouped(void **state)
{
	struct bench	*b = load("cis-docker-1.8.0");
	json_t		*rec, *d, *ids;
	const char	*key;
	size_t		 most = 0;
	int		 rc;

	(void)state;
	rec = audit_of(b, "gates/host-a", &rc);
	d = decided(rec, rc);
	json_object_foreach(json_object_get(d, "(groups)"), key, ids) {
		if (json_array_size(ids) > most)
			most = json_array_size(ids);
	}
	assert_true(most >= 20);
	json_decref(d);
	json_decref(rec);
	bench_free(b);
}

/* Two audits alive at once, run one after the other and read after
 * both ran, decide as each does alone. */
static void
test_side_by_side(void **state)
{
	struct bench	*b = load("cis-docker-1.8.0");
	struct audit	*x, *y;
	json_t		*alone_a, *alone_b, *da, *db, *dx, *dy;
	char		*dir_x, *dir_y;
	int		 ra, rb, rx, ry;

	(void)state;
	alone_a = audit_of(b, "gates/host-a", &ra);
	alone_b = audit_of(b, "gates/host-b", &rb);
	x = audit_for(b, "gates/host-a", &dir_x);
	y = audit_for(b, "gates/host-b", &dir_y);
	rx = audit_run(x);
	ry = audit_run(y);
	da = decided(alone_a, ra);
	db = decided(alone_b, rb);
	dx = decided(audit_record(x), rx);
	dy = decided(audit_record(y), ry);
	assert_true(json_equal(da, dx));
	assert_true(json_equal(db, dy));
	assert_false(json_equal(da, db));
	assert_true(json_equal(alone_a, audit_record(x)));
	assert_true(json_equal(alone_b, audit_record(y)));
	json_decref(da);
	json_decref(db);
	json_decref(dx);
	json_decref(dy);
	json_decref(alone_a);
	json_decref(alone_b);
	audit_free(x);
	audit_free(y);
	free(dir_x);
	free(dir_y);
	bench_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reworded),
		cmocka_unit_test(test_grouped),
		cmocka_unit_test(test_side_by_side),
	};

	log_set_quiet(1);
	TAP_RUN(tests);
}
