/*
 * Comparing a run with an earlier one: each result and each target row
 * marked new, fixed or unchanged (failing = fail or waived), rows matched
 * by their identity across runs (report_target_key).
 */
#include <stdlib.h>
#include <string.h>

#include "engine/plan.h"
#include "report/report.h"
#include "lib/json.h"
#include "lib/util.h"

int
report_failing(const char *status)
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

json_t *
report_index_targets(json_t *targets)
{
	json_t	*index = json_object(), *t;
	char	*key;
	size_t	 i;

	json_array_foreach(targets, i, t) {
		key = report_target_key(t);
		json_object_set(index, key, t);
		free(key);
	}
	return index;
}

json_t *
report_index_results(json_t *results)
{
	json_t		*index = json_object(), *r;
	const char	*id;
	size_t		 i;

	json_array_foreach(results, i, r) {
		if ((id = json_string_value(json_object_get(r, "id"))) != NULL)
			json_object_set(index, id, r);
	}
	return index;
}

/*
 * The one definition of a new failure (dockaudit(1), BASELINES), used by
 * the marks, their counts, the gate, diff, JUnit and SARIF: a row is new
 * when it fails now and did not fail (fail or waived) in the baseline; a
 * rule is new when it fails now and, if it has rows, one of them is new,
 * else it did not fail in the baseline. Fixed: failing then, not now.
 */
static const char *
mark_of(const char *was, const char *now)
{
	if (now != NULL && strcmp(now, "fail") == 0 && !report_failing(was))
		return "new";
	if (!report_failing(now) && report_failing(was))
		return "fixed";
	return "unchanged";
}

static int
mark_index(const char *mark)
{
	return strcmp(mark, "new") == 0 ? 0 : strcmp(mark, "fixed") == 0 ?
	    1 : 2;
}

/* Mark one result's rows and the result; count them if it is scored. */
static void
mark_result(json_t *res, json_t *o, json_int_t counts[3], json_int_t rowc[3])
{
	json_t		*rows, *t, *ot, *targets = json_object_get(res, "targets");
	const char	*now = json_string_value(json_object_get(res, "status"));
	const char	*m, *rm;
	json_int_t	 here[3] = { 0, 0, 0 };
	char		*key;
	size_t		 j;

	rows = report_index_targets(json_object_get(o, "targets"));
	json_array_foreach(targets, j, t) {
		key = report_target_key(t);
		ot = json_object_get(rows, key);
		free(key);
		m = mark_of(json_string_value(json_object_get(ot, "status")),
		    json_string_value(json_object_get(t, "status")));
		json_object_set_new(t, "baseline", json_string(m));
		here[mark_index(m)]++;
	}
	json_decref(rows);
	rm = mark_of(json_string_value(json_object_get(o, "status")), now);
	if (json_array_size(targets) > 0 && strcmp(rm, "fixed") != 0)
		rm = here[0] > 0 && now != NULL && strcmp(now, "fail") == 0 ?
		    "new" :
		    "unchanged";
	json_object_set_new(res, "baseline", json_string(rm));
	if (!json_is_true(json_object_get(res, "scored")))
		return;
	counts[mark_index(rm)]++;
	for (j = 0; j < 3; j++)
		rowc[j] += here[j];
}

/* A rule new in this benchmark version: it and its rows are "added". */
static void
mark_added(json_t *res)
{
	json_t	*t;
	size_t	 j;

	json_array_foreach(json_object_get(res, "targets"), j, t)
		json_object_set_new(t, "baseline", json_string("added"));
	json_object_set_new(res, "baseline", json_string("added"));
}

/* A name made of printable characters only (one to look a benchmark up
 * by: the loader's messages would echo it). */
static int
printable(const char *s)
{
	char	*clean = text_sanitize(s, strlen(s), 256);
	int	 same = strcmp(clean, s) == 0;

	free(clean);
	return same;
}

int
report_comparable(json_t *old, const char *path, const char *id,
    const char *v, const struct bench *have,
    const struct probe_entry *const *probes, struct bench **loaded,
    char **cause)
{
	const char	*oid = json_string_value(json_pointer_get(old,
			    "/benchmark/id"));
	const char	*ov = json_string_value(json_pointer_get(old,
			    "/benchmark/version"));
	struct bench	*b = NULL;
	char		*name, *soid, *sov, *sid, *sv;
	int		 same_id = id != NULL && oid != NULL &&
			    strcmp(id, oid) == 0;

	if (loaded != NULL)
		*loaded = NULL;
	if (same_id && v != NULL && ov != NULL && strcmp(v, ov) == 0)
		return 0;
	if (same_id && v != NULL && ov != NULL && have == NULL &&
	    probes != NULL && printable(id) && printable(v)) {
		name = xasprintf("%s-%s", id, v);
		b = plan_load_bench(name, NULL, probes);
		free(name);
		have = b;
	}
	if (same_id && v != NULL && ov != NULL && have != NULL &&
	    strcmp(have->id, id) == 0 && strcmp(have->version, v) == 0 &&
	    bench_has_version(have, ov)) {
		if (loaded != NULL)
			*loaded = b;
		else
			bench_free(b);
		return 0;
	}
	bench_free(b);
	/* The old record's words reach a terminal: made safe. */
	soid = text_sanitize(oid != NULL ? oid : "(unknown)", oid != NULL ?
	    strlen(oid) : 9, 64);
	sov = text_sanitize(ov != NULL ? ov : "", ov != NULL ? strlen(ov) : 0,
	    64);
	sid = text_sanitize(id != NULL ? id : "(unknown)", id != NULL ?
	    strlen(id) : 9, 64);
	sv = text_sanitize(v != NULL ? v : "", v != NULL ? strlen(v) : 0, 64);
	*cause = xasprintf("%s is a report of benchmark %s %s, not of %s %s%s",
	    path, soid, sov, sid, sv, same_id ? ", and there is no crosswalk "
	    "between the two versions" : ": there is no crosswalk between "
	    "different benchmarks, so their rule ids are not comparable");
	free(soid);
	free(sov);
	free(sid);
	free(sv);
	return -1;
}

json_t *
report_index_results_as(json_t *old, const struct bench *b)
{
	json_t		*index = json_object(), *r;
	const char	*id, *now, *ov = json_string_value(json_pointer_get(old,
			    "/benchmark/version"));
	size_t		 i;

	json_array_foreach(json_object_get(old, "results"), i, r) {
		if ((id = json_string_value(json_object_get(r, "id"))) == NULL)
			continue;
		now = id;
		if (b != NULL && ov != NULL && strcmp(ov, b->version) != 0 &&
		    bench_map_id(b, ov, id, &now) == -1)
			now = NULL;
		if (now != NULL)
			json_object_set(index, now, r);
	}
	return index;
}

int
report_baseline(json_t *report, json_t *old, const char *path,
    const struct bench *b, char **cause)
{
	json_t		*byid, *res, *results, *moved;
	json_int_t	 counts[3] = { 0, 0, 0 }, rowc[3] = { 0, 0, 0 };
	json_int_t	 added = 0;
	const char	*ov = json_string_value(json_pointer_get(old,
			    "/benchmark/version"));
	const char	*id;
	int		 cross;
	size_t		 i;

	if (!report_is_record(old)) {
		*cause = xasprintf("%s: not a dockaudit report "
		    "(dockaudit-report/1)", path);
		return -1;
	}
	if (report_comparable(old, path, json_string_value(json_pointer_get(
	    report, "/benchmark/id")), json_string_value(json_pointer_get(
	    report, "/benchmark/version")), b, NULL, NULL, cause) == -1)
		return -1;
	cross = b != NULL && strcmp(ov, b->version) != 0;
	byid = report_index_results_as(old, cross ? b : NULL);
	results = json_object_get(report, "results");
	for (i = 0; i < json_array_size(results); i++) {
		res = report_result(json_array_get(results, i));
		id = json_string_value(json_object_get(res, "id"));
		if (cross && id != NULL && !bench_rule_in(b, ov, id)) {
			/* New in this version: not a new failure. */
			mark_added(res);
			added += json_is_true(json_object_get(res, "scored"));
		} else
			mark_result(res, json_object_get(byid, id), counts,
			    rowc);
		json_array_set_new(results, i, report_result_pack(res));
	}
	json_decref(byid);
	moved = report_target_changes(json_object_get(old, "results"),
	    results);
	json_object_set_new(report, "baseline", json_pack("{s:o,s:s*,s:I,s:I,"
	    "s:I,s:{s:I,s:I,s:I},s:{s:I,s:I}}", "file", evidence_string(path),
	    "started", json_string_value(json_object_get(old, "started")),
	    "new", counts[0], "fixed", counts[1], "unchanged", counts[2],
	    "rows", "new", rowc[0], "fixed", rowc[1], "unchanged", rowc[2],
	    "targets", "added", (json_int_t)json_array_size(json_object_get(
	    moved, "added")), "removed", (json_int_t)json_array_size(
	    json_object_get(moved, "removed"))));
	json_decref(moved);
	if (cross) {
		json_object_set_new(json_object_get(report, "baseline"),
		    "version", json_string(ov));
		json_object_set_new(json_object_get(report, "baseline"),
		    "added", json_integer(added));
	}
	return 0;
}

/* Every target of a run's results by its key, with its rows' count and
 * its failing rules; order: the keys in the order first seen. */
static json_t *
targets_of(json_t *results, json_t *order)
{
	json_t		*all = json_object(), *res, *t, *e;
	const char	*id;
	char		*key;
	size_t		 i, j;

	json_array_foreach(results, i, res) {
		res = report_result(res);
		id = json_string_value(json_object_get(res, "id"));
		json_array_foreach(json_object_get(res, "targets"), j, t) {
			key = report_target_key(t);
			if ((e = json_object_get(all, key)) == NULL) {
				e = json_pack("{s:O,s:O,s:O,s:i,s:[]}", "kind",
				    json_object_get(t, "kind"), "name",
				    json_object_get(t, "name"), "id",
				    json_object_get(t, "id"), "rules", 0,
				    "failing");
				json_object_set_new(all, key, e);
				json_array_append_new(order, json_string(key));
			}
			json_object_set_new(e, "rules", json_integer(
			    json_integer_value(json_object_get(e, "rules")) +
			    1));
			if (id != NULL && report_failing(json_string_value(
			    json_object_get(t, "status"))))
				json_array_append_new(json_object_get(e,
				    "failing"), json_string(id));
			free(key);
		}
		json_decref(res);
	}
	return all;
}

/* The targets of one side's order the other side has not. */
static json_t *
targets_only(json_t *side, json_t *order, json_t *other)
{
	json_t		*only = json_array(), *key;
	size_t		 i;

	json_array_foreach(order, i, key) {
		if (json_object_get(other, json_string_value(key)) == NULL)
			json_array_append(only, json_object_get(side,
			    json_string_value(key)));
	}
	return only;
}

json_t *
report_target_changes(json_t *old_results, json_t *new_results)
{
	json_t	*oorder = json_array(), *norder = json_array();
	json_t	*o = targets_of(old_results, oorder);
	json_t	*n = targets_of(new_results, norder);
	json_t	*d;

	d = json_pack("{s:o,s:o}", "added", targets_only(n, norder, o),
	    "removed", targets_only(o, oorder, n));
	json_decref(o);
	json_decref(n);
	json_decref(oorder);
	json_decref(norder);
	return d;
}

char *
report_baseline_words(json_t *b)
{
	json_int_t	 added = json_integer_value(json_pointer_get(b,
			    "/targets/added"));
	json_int_t	 removed = json_integer_value(json_pointer_get(b,
			    "/targets/removed"));
	char		*moved = added + removed > 0 ? xasprintf("; targets "
			    "added %lld, removed %lld", (long long)added,
			    (long long)removed) :
			    xstrdup("");
	char		*words;

	words = xasprintf("new failures %lld scored rule%s (%lld row%s), "
	    "fixed %lld scored rule%s (%lld row%s), unchanged %lld%s",
	    json_integer_value(json_object_get(b, "new")),
	    json_integer_value(json_object_get(b, "new")) == 1 ? "" : "s",
	    json_integer_value(json_pointer_get(b, "/rows/new")),
	    json_integer_value(json_pointer_get(b, "/rows/new")) == 1 ? "" :
	    "s",
	    json_integer_value(json_object_get(b, "fixed")),
	    json_integer_value(json_object_get(b, "fixed")) == 1 ? "" : "s",
	    json_integer_value(json_pointer_get(b, "/rows/fixed")),
	    json_integer_value(json_pointer_get(b, "/rows/fixed")) == 1 ? "" :
	    "s",
	    json_integer_value(json_object_get(b, "unchanged")), moved);
	free(moved);
	return words;
}
