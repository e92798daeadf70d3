/*
 * Comparing a run with an earlier one: each result and each target row
 * marked new, fixed or unchanged (failing = fail or waived), rows matched
 * by their identity across runs (report_target_key).
 */
#include <stdlib.h>
#include <string.h>

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

static const char *
mark(const char *was, const char *now, json_int_t counts[3])
{
	if (report_failing(now) && !report_failing(was)) {
		counts[0]++;
		return "new";
	}
	if (!report_failing(now) && report_failing(was)) {
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
	char		*key;
	size_t		 i, j;

	if (!report_is_record(old)) {
		*cause = xasprintf("%s: not a dockaudit report "
		    "(dockaudit-report/1)", path);
		return -1;
	}
	byid = report_index_results(json_object_get(old, "results"));
	results = json_object_get(report, "results");
	for (i = 0; i < json_array_size(results); i++) {
		res = report_result(json_array_get(results, i));
		o = json_object_get(byid, json_string_value(
		    json_object_get(res, "id")));
		json_object_set_new(res, "baseline", json_string(mark(
		    json_string_value(json_object_get(o, "status")),
		    json_string_value(json_object_get(res, "status")),
		    counts)));
		rows = report_index_targets(json_object_get(o, "targets"));
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
