/*
 * Evaluating checks: probes by their table entry, all / any / none by the
 * rules of dockaudit-benchmark(5). When children yield target rows the
 * combinators work row by row (same kind and id), a child without rows
 * counting for every row; the rule's status is then the worst of its rows.
 */
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "util.h"

/* Combine child statuses by the combinator's rule. */
static enum status
combine(enum check_type type, const enum status *st, size_t n)
{
	size_t	i;
	int	pass = 0, fail = 0, error = 0, manual = 0, na = 0;

	for (i = 0; i < n; i++) {
		enum status s = st[i];

		if (type == CHECK_NONE && (s == STATUS_PASS ||
		    s == STATUS_FAIL))
			s = s == STATUS_PASS ? STATUS_FAIL : STATUS_PASS;
		switch (s) {
		case STATUS_PASS:
		case STATUS_INFO:
		case STATUS_WAIVED:
			pass++;
			break;
		case STATUS_FAIL:
			fail++;
			break;
		case STATUS_ERROR:
			error++;
			break;
		case STATUS_MANUAL:
			manual++;
			break;
		case STATUS_NA:
			na++;
			break;
		}
	}
	if (type == CHECK_ANY) {
		if (pass > 0)
			return STATUS_PASS;
		if (error > 0)
			return STATUS_ERROR;
		if (manual > 0)
			return STATUS_MANUAL;
		return fail > 0 ? STATUS_FAIL : STATUS_NA;
	}
	if (fail > 0)
		return STATUS_FAIL;
	if (error > 0)
		return STATUS_ERROR;
	if (manual > 0)
		return STATUS_MANUAL;
	return pass > 0 ? STATUS_PASS : STATUS_NA;
}

/* The reason of the first child whose status decided the combination. */
static const char *
deciding_reason(enum check_type type, enum status result,
    const enum status *st, char *const *reasons, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		enum status s = st[i];

		if (type == CHECK_NONE && (s == STATUS_PASS ||
		    s == STATUS_FAIL))
			s = s == STATUS_PASS ? STATUS_FAIL : STATUS_PASS;
		if (s == result && reasons[i] != NULL)
			return reasons[i];
	}
	return NULL;
}

static const struct target *
find_row(const struct verdict *v, const char *kind, const char *id)
{
	size_t	i;

	for (i = 0; i < v->ntargets; i++) {
		if (strcmp(v->targets[i].kind, kind) == 0 &&
		    strcmp(v->targets[i].id, id) == 0)
			return &v->targets[i];
	}
	return NULL;
}

static void
combine_rows(const struct check *c, struct verdict *kids, size_t n,
    struct verdict *out)
{
	enum status	*st;
	char		**why;
	size_t		 i, j, k;

	st = xcalloc(n, sizeof *st);
	why = xcalloc(n, sizeof *why);
	out->rows = 1;
	for (i = 0; i < n; i++) {
		if (!kids[i].rows || kids[i].ntargets == 0)
			evidence_merge(out->evidence, kids[i].evidence);
		for (j = 0; j < kids[i].ntargets; j++) {
			const struct target *t = &kids[i].targets[j];
			struct target *row;
			const char *r;

			if (find_row(out, t->kind, t->id) != NULL)
				continue;
			row = verdict_add_target(out, t->kind, t->id, t->name);
			if (t->image != NULL)
				row->image = xstrdup(t->image);
			for (k = 0; k < n; k++) {
				const struct target *kt;

				if (!kids[k].rows || kids[k].ntargets == 0) {
					st[k] = kids[k].status;
					why[k] = kids[k].reason;
				} else if ((kt = find_row(&kids[k], t->kind,
				    t->id)) != NULL) {
					st[k] = kt->status;
					why[k] = kt->reason;
					evidence_merge(row->evidence,
					    kt->evidence);
				} else {
					st[k] = STATUS_NA;
					why[k] = NULL;
				}
			}
			row->status = combine(c->type, st, n);
			if ((r = deciding_reason(c->type, row->status, st, why,
			    n)) != NULL)
				row->reason = xstrdup(r);
		}
	}
	free(st);
	free(why);
	verdict_from_rows(out);
}

void
eval_check(struct probe_ctx *ctx, const struct check *c, struct verdict *out)
{
	struct verdict	*kids;
	enum status	*st;
	char		**why;
	const char	*r;
	size_t		 i;
	int		 rows = 0;

	verdict_init(out);
	if (c->type == CHECK_PROBE) {
		c->probe->exec(ctx, c, out);
		return;
	}
	kids = xcalloc(c->nkids, sizeof *kids);
	for (i = 0; i < c->nkids; i++) {
		eval_check(ctx, c->kids[i], &kids[i]);
		rows |= kids[i].rows && kids[i].ntargets > 0;
	}
	if (rows)
		combine_rows(c, kids, c->nkids, out);
	else {
		st = xcalloc(c->nkids, sizeof *st);
		why = xcalloc(c->nkids, sizeof *why);
		for (i = 0; i < c->nkids; i++) {
			st[i] = kids[i].status;
			why[i] = kids[i].reason;
			evidence_merge(out->evidence, kids[i].evidence);
		}
		out->status = combine(c->type, st, c->nkids);
		if ((r = deciding_reason(c->type, out->status, st, why,
		    c->nkids)) != NULL)
			out->reason = xstrdup(r);
		else if (c->type == CHECK_NONE && out->status == STATUS_FAIL)
			out->reason = xstrdup("a condition that must not hold "
			    "holds");
		free(st);
		free(why);
	}
	for (i = 0; i < c->nkids; i++)
		verdict_free(&kids[i]);
	free(kids);
}

static enum status
map_outcome(const struct rule *r, enum status st)
{
	if (st == STATUS_PASS)
		return r->on_pass;
	if (st == STATUS_FAIL)
		return r->on_fail;
	return st;
}

void
eval_rule(struct probe_ctx *ctx, const struct rule *r, struct result *res)
{
	struct verdict	app;
	size_t		i;

	res->rule = r;
	if (r->applicable != NULL) {
		eval_check(ctx, r->applicable, &app);
		if (app.status != STATUS_PASS) {
			verdict_init(&res->v);
			evidence_merge(res->v.evidence, app.evidence);
			if (app.status == STATUS_ERROR ||
			    app.status == STATUS_MANUAL)
				verdict_set(&res->v, app.status,
				    "cannot tell whether the rule applies: %s",
				    app.reason != NULL ? app.reason :
				    status_name(app.status));
			else if (app.reason != NULL && strncmp(app.reason,
			    "offline", 7) == 0)
				/* An image cannot say: not "the rule does not
				 * apply here" but "not decidable offline". */
				verdict_set(&res->v, STATUS_NA, "%s",
				    app.reason);
			else
				verdict_set(&res->v, STATUS_NA, "%s",
				    r->na_reason);
			verdict_free(&app);
			return;
		}
		verdict_free(&app);
	}
	eval_check(ctx, r->check, &res->v);
	if (res->v.rows && res->v.ntargets > 0) {
		for (i = 0; i < res->v.ntargets; i++)
			res->v.targets[i].status = map_outcome(r,
			    res->v.targets[i].status);
		verdict_from_rows(&res->v);
	} else
		res->v.status = map_outcome(r, res->v.status);
	/* A passing row or rule needs no reason; keep what explains others. */
}
