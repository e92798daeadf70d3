/*
 * dockaudit diff OLD.json NEW.json: what changed between two runs, per
 * rule and per target row (containers by name, since their ids change
 * when they are recreated; files by path; images by tag). New failures,
 * fixed failures, and other changes of status, in text or (-f json) as a
 * "dockaudit-diff/1" document. Exit 1 when there are new failures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "engine/plan.h"
#include "probes/probe.h"
#include "report/report.h"
#include "lib/json.h"
#include "lib/util.h"

static const char *
status_of(json_t *o)
{
	return json_string_value(json_object_get(o, "status"));
}

/*
 * A new failure as report/baseline.c defines it, read from the marks the
 * new report got against the old one: a new row of a scored rule marked
 * new, or such a rule itself when it has no rows.
 */
static int
is_new_failure(json_t *res, json_t *target)
{
	const char	*rm = json_string_value(json_object_get(res,
			    "baseline"));
	const char	*tm = json_string_value(json_object_get(target,
			    "baseline"));

	if (!json_is_true(json_object_get(res, "scored")) || rm == NULL ||
	    strcmp(rm, "new") != 0)
		return 0;
	if (target == NULL)
		return json_array_size(json_object_get(res, "targets")) == 0;
	return tm != NULL && strcmp(tm, "new") == 0;
}

/*
 * Fixed as report/baseline.c defines it, from the same marks: a scored
 * rule marked fixed, or a row of a scored rule marked fixed (its target
 * in both runs, failing then, not now).
 */
static int
is_fixed(json_t *res, json_t *target)
{
	json_t		*m = json_object_get(target != NULL ? target : res,
			    "baseline");

	return json_is_true(json_object_get(res, "scored")) &&
	    json_is_string(m) && strcmp(json_string_value(m), "fixed") == 0;
}

struct diff {
	json_t	*fresh;		/* new failures */
	json_t	*fixed;
	json_t	*changed;
	json_t	*moved;		/* report_target_changes: added, removed */
	json_t	*skip;		/* their keys: rows not listed as changes */
};

/* A row of a target only one run has: not a change of its status. */
static int
skipped(struct diff *d, json_t *target)
{
	char	*key = report_target_key(target);
	int	 in = json_object_get(d->skip, key) != NULL;

	free(key);
	return in;
}

static void
entry(struct diff *d, json_t *res, json_t *target, const char *was,
    const char *now)
{
	json_t	*e;

	if (was != NULL && now != NULL && strcmp(was, now) == 0)
		return;
	e = json_pack("{s:O,s:O}", "rule", json_object_get(res, "id"),
	    "title", json_object_get(res, "title"));
	json_object_set_new(e, "was", was != NULL ? json_string(was) :
	    json_null());
	json_object_set_new(e, "now", now != NULL ? json_string(now) :
	    json_null());
	json_object_set_new(e, "target", target == NULL ? json_null() :
	    json_pack("{s:O,s:O,s:O}", "kind", json_object_get(target, "kind"),
	    "name", json_object_get(target, "name"), "id",
	    json_object_get(target, "id")));
	if (now != NULL && is_new_failure(res, target))
		json_array_append_new(d->fresh, e);
	else if (now != NULL && is_fixed(res, target))
		json_array_append_new(d->fixed, e);
	else if (target != NULL && skipped(d, target))
		json_decref(e);		/* listed with its target */
	else
		json_array_append_new(d->changed, e);
}

/* Rows of one rule in both runs, matched by their key. */
static void
rows(struct diff *d, json_t *oldr, json_t *newr)
{
	json_t	*index, *t, *o, *res;
	char	*key;
	size_t	 i;

	res = newr != NULL ? newr : oldr;
	index = report_index_targets(json_object_get(oldr, "targets"));
	json_array_foreach(json_object_get(newr, "targets"), i, t) {
		key = report_target_key(t);
		o = json_object_get(index, key);
		entry(d, res, t, status_of(o), status_of(t));
		json_object_del(index, key);
		free(key);
	}
	/* What is left was there before and is gone now. */
	json_array_foreach(json_object_get(oldr, "targets"), i, t) {
		key = report_target_key(t);
		if (json_object_get(index, key) != NULL)
			entry(d, res, t, status_of(t), NULL);
		free(key);
	}
	json_decref(index);
}

/* The changes from old to new (marked against old); b: new's benchmark,
 * for an old report of an earlier version, else NULL. */
static json_t *
diff_build(json_t *old, json_t *new, const struct bench *b, const char *oldp,
    const char *newp)
{
	struct diff	 d = { json_array(), json_array(), json_array(),
			    NULL, json_object() };
	json_t		*byid, *r, *o, *t, *doc;
	const char	*id;
	char		*key;
	size_t		 i;

	d.moved = report_target_changes(json_object_get(old, "results"),
	    json_object_get(new, "results"));
	json_array_foreach(json_object_get(d.moved, "added"), i, t) {
		key = report_target_key(t);
		json_object_set_new(d.skip, key, json_true());
		free(key);
	}
	json_array_foreach(json_object_get(d.moved, "removed"), i, t) {
		key = report_target_key(t);
		json_object_set_new(d.skip, key, json_true());
		free(key);
	}
	byid = report_index_results_as(old, b);
	json_array_foreach(json_object_get(new, "results"), i, r) {
		/* The marked results are packed: one unpacked at a time. */
		r = report_result(r);
		if ((id = json_string_value(json_object_get(r, "id"))) != NULL) {
			o = json_object_get(byid, id);
			entry(&d, r, NULL, status_of(o), status_of(r));
			rows(&d, o, r);
			json_object_del(byid, id);
		}
		json_decref(r);
	}
	/* What is left was there before and is gone now. */
	json_object_foreach(byid, id, r) {
		entry(&d, r, NULL, status_of(r), NULL);
		rows(&d, r, NULL);
	}
	json_decref(byid);
	json_decref(d.skip);
	doc = json_pack("{s:s,s:{s:o,s:O,s:O},s:{s:o,s:O,s:O},s:o,s:o,s:o,"
	    "s:O,s:O}",
	    "schema", "dockaudit-diff/1",
	    "old", "file", evidence_string(oldp), "started",
	    json_object_get(old, "started") != NULL ? json_object_get(old,
	    "started") : json_null(), "score", json_pointer_get(old,
	    "/summary/score") != NULL ? json_pointer_get(old,
	    "/summary/score") : json_null(),
	    "new", "file", evidence_string(newp), "started",
	    json_object_get(new, "started") != NULL ? json_object_get(new,
	    "started") : json_null(), "score", json_pointer_get(new,
	    "/summary/score") != NULL ? json_pointer_get(new,
	    "/summary/score") : json_null(),
	    "new_failures", d.fresh, "fixed", d.fixed, "changed", d.changed,
	    "added_targets", json_object_get(d.moved, "added"),
	    "removed_targets", json_object_get(d.moved, "removed"));
	json_decref(d.moved);
	return doc;
}

static int
diff_comparable(json_t *old, json_t *new, const char *oldp, struct bench **b,
    char **cause)
{
	return report_comparable(old, oldp, json_string_value(
	    json_pointer_get(new, "/benchmark/id")), json_string_value(
	    json_pointer_get(new, "/benchmark/version")), NULL, probe_table, b,
	    cause);
}

/*
 * The new report marked against the old one (the audit's own marks and
 * counts); for an old report of an earlier version, through the crosswalk
 * of the new one's benchmark (a shipped one, by its name ID-VERSION). Two
 * versions given newest first are refused with the order to give them in.
 */
static json_t *
diff_mark(json_t *old, json_t *new, const char *oldp, const char *newp,
    struct bench **b)
{
	json_t		*marked;
	struct bench	*back;
	char		*cause = NULL, *why = NULL, *so, *sn;

	if (diff_comparable(old, new, oldp, b, &cause) == -1) {
		if (diff_comparable(new, old, newp, &back, &why) == 0) {
			so = text_sanitize(oldp, strlen(oldp), 1024);
			sn = text_sanitize(newp, strlen(newp), 1024);
			log_error("diff: %s; give the older record first: "
			    "dockaudit diff %s %s", cause, sn, so);
			free(so);
			free(sn);
		} else
			log_error("diff: %s", cause);
		bench_free(back);
		free(why);
		free(cause);
		return NULL;
	}
	marked = json_deep_copy(new);
	json_object_del(marked, "baseline");
	if (report_baseline(marked, old, oldp, *b, &cause) == -1) {
		log_error("diff: %s", cause);
		free(cause);
		json_decref(marked);
		bench_free(*b);
		*b = NULL;
		return NULL;
	}
	return marked;
}

/* Text from the report's strings: controls made visible (hostile data). */
static void
put(FILE *fp, const char *s)
{
	char	*clean;

	if (s == NULL)
		return;
	clean = text_sanitize(s, strlen(s), 2000);
	fputs(clean, fp);
	free(clean);
}

static void
text_block(FILE *fp, const char *heading, json_t *list)
{
	json_t	*e, *t;
	size_t	 i;

	if (heading != NULL)
		fprintf(fp, "\n%s: %zu\n", heading, json_array_size(list));
	json_array_foreach(list, i, e) {
		const char *was = json_string_value(json_object_get(e, "was"));
		const char *now = json_string_value(json_object_get(e, "now"));

		fputs("  ", fp);
		put(fp, json_string_value(json_object_get(e, "rule")));
		t = json_object_get(e, "target");
		if (json_is_object(t)) {
			fputs(" [", fp);
			put(fp, json_string_value(json_object_get(t, "kind")));
			fputc(' ', fp);
			put(fp, json_string_value(json_object_get(t, "name")));
			fputc(']', fp);
		}
		fprintf(fp, ": %s -> %s  ", was != NULL ? was : "(absent)",
		    now != NULL ? now : "(absent)");
		put(fp, json_string_value(json_object_get(e, "title")));
		fputc('\n', fp);
	}
}

/* One line per target only one run has: its rows and failing rules. */
static void
text_targets(FILE *fp, const char *heading, json_t *list, const char *verb)
{
	json_t	*t, *id;
	size_t	 i, j, n;

	if (json_array_size(list) == 0)
		return;
	fprintf(fp, "\n%s: %zu\n", heading, json_array_size(list));
	json_array_foreach(list, i, t) {
		fputs("  ", fp);
		put(fp, json_string_value(json_object_get(t, "kind")));
		fputc(' ', fp);
		put(fp, json_string_value(json_object_get(t, "name")) != NULL ?
		    json_string_value(json_object_get(t, "name")) :
		    json_string_value(json_object_get(t, "id")));
		n = json_array_size(json_object_get(t, "failing"));
		fprintf(fp, ": %lld rules checked, %s %zu", (long long)
		    json_integer_value(json_object_get(t, "rules")), verb, n);
		json_array_foreach(json_object_get(t, "failing"), j, id) {
			fputs(j == 0 ? ": " : ", ", fp);
			put(fp, json_string_value(id));
		}
		fputc('\n', fp);
	}
}

static void
score(FILE *fp, json_t *s)
{
	if (json_is_number(s))
		fprintf(fp, "%.1f%%", json_number_value(s));
	else
		fputs("n/a", fp);
}

static void
diff_text(FILE *fp, json_t *d)
{
	json_t	*o = json_object_get(d, "old"), *n = json_object_get(d, "new");

	fputs("Old: ", fp);
	put(fp, json_string_value(json_object_get(o, "file")));
	fputs(" (", fp);
	put(fp, json_string_value(json_object_get(o, "started")));
	fputs(", score ", fp);
	score(fp, json_object_get(o, "score"));
	fputs(")\nNew: ", fp);
	put(fp, json_string_value(json_object_get(n, "file")));
	fputs(" (", fp);
	put(fp, json_string_value(json_object_get(n, "started")));
	fputs(", score ", fp);
	score(fp, json_object_get(n, "score"));
	fputs(")\n", fp);
	fprintf(fp, "\nNew failures: %lld scored rule%s (%lld row%s)\n",
	    json_integer_value(json_pointer_get(d, "/counts/new")),
	    json_integer_value(json_pointer_get(d, "/counts/new")) == 1 ? "" :
	    "s", json_integer_value(json_pointer_get(d, "/counts/rows/new")),
	    json_integer_value(json_pointer_get(d, "/counts/rows/new")) == 1 ?
	    "" : "s");
	text_block(fp, NULL, json_object_get(d, "new_failures"));
	fprintf(fp, "\nFixed: %lld scored rule%s (%lld row%s)\n",
	    json_integer_value(json_pointer_get(d, "/counts/fixed")),
	    json_integer_value(json_pointer_get(d, "/counts/fixed")) == 1 ?
	    "" : "s", json_integer_value(json_pointer_get(d,
	    "/counts/rows/fixed")), json_integer_value(json_pointer_get(d,
	    "/counts/rows/fixed")) == 1 ? "" : "s");
	text_block(fp, NULL, json_object_get(d, "fixed"));
	text_targets(fp, "Targets added", json_object_get(d, "added_targets"),
	    "fails");
	text_targets(fp, "Targets removed", json_object_get(d,
	    "removed_targets"), "failed");
	text_block(fp, "Other changes", json_object_get(d, "changed"));
}

static int
cmd_diff_exec(struct options *o, int argc, char **argv)
{
	json_t		*old = NULL, *new = NULL, *d, *marked, *counts;
	struct bench	*b;
	int		 rc;

	if (argc != 2) {
		log_error("diff: give two JSON reports (diff OLD.json "
		    "NEW.json)");
		return 2;
	}
	if ((old = report_load(argv[0])) == NULL ||
	    (new = report_load(argv[1])) == NULL) {
		json_decref(old);
		return 2;
	}
	if ((marked = diff_mark(old, new, argv[0], argv[1], &b)) == NULL) {
		json_decref(old);
		json_decref(new);
		return 2;
	}
	d = diff_build(old, marked, b, argv[0], argv[1]);
	counts = json_deep_copy(json_object_get(marked, "baseline"));
	json_object_del(counts, "file");
	json_object_del(counts, "started");
	json_object_set_new(d, "counts", counts);
	json_decref(marked);
	bench_free(b);
	rc = json_integer_value(json_pointer_get(d, "/counts/new")) > 0;
	if (strcmp(o->format, "json") == 0) {
		if (json_dumpf(d, stdout, JSON_INDENT(2)) == -1)
			rc = 2;
		fputc('\n', stdout);
	} else
		diff_text(stdout, d);
	if (fflush(stdout) == EOF) {
		log_error("cannot write to standard output");
		rc = 2;
	}
	json_decref(d);
	json_decref(old);
	json_decref(new);
	return rc;
}

const struct cmd_entry cmd_diff_entry = {
	.name = "diff",
	.id = CMD_DIFF,
	.usage = "diff OLD.json NEW.json",
	.help = "new failures, fixes and changes between two reports",
	.exec = cmd_diff_exec,
};
