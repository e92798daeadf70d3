/*
 * Evaluating checks: probes by their table entry, all / any / none by the
 * rules of dockaudit-benchmark(5). When children yield target rows the
 * combinators work row by row (same kind and id), a child without rows
 * counting for every row; the rule's status is then the worst of its rows.
 */
#include <stdint.h>
#include <sys/types.h>
#include <stdlib.h>
#include <string.h>

#include "engine/eval.h"
#include "facts/engines.h"
#include "lib/util.h"

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

/* What a child said of a row or of the whole: its status and why. */
struct said {
	enum status		 st;
	const char		*reason;
	const struct cause	*cause;
	int			 named;
};

/*
 * The child whose status decided the combination (its reason and cause
 * become the combination's), or -1: the first, except for an any that
 * fails, where it is the last: its alternatives run from the plainest to
 * the most particular, and the last one's failure says most
 * (dockaudit-benchmark(5), "Messages").
 */
static ssize_t
deciding(enum check_type type, enum status result, const struct said *kid,
    size_t n)
{
	size_t	k, i;

	for (k = 0; k < n; k++) {
		enum status s;

		i = type == CHECK_ANY && result == STATUS_FAIL ? n - 1 - k : k;
		s = kid[i].st;

		if (type == CHECK_NONE && (s == STATUS_PASS ||
		    s == STATUS_FAIL))
			s = s == STATUS_PASS ? STATUS_FAIL : STATUS_PASS;
		if (s == result && kid[i].reason != NULL)
			return (ssize_t)i;
	}
	return -1;
}

/* The combination's status, and the deciding child's reason and cause. */
static void
combine_said(enum check_type type, const struct said *kid, size_t n,
    enum status *st, char **reason, struct cause **cause, int *named)
{
	enum status	*sts = xcalloc(n, sizeof *sts);
	ssize_t		 d;
	size_t		 i;

	for (i = 0; i < n; i++)
		sts[i] = kid[i].st;
	*st = combine(type, sts, n);
	free(sts);
	if ((d = deciding(type, *st, kid, n)) != -1) {
		*reason = xstrdup(kid[d].reason);
		*cause = cause_copy(kid[d].cause);
		if (named != NULL)
			*named = kid[d].named;
	}
}

static int
same_row(const struct target *t, const char *kind, const char *id)
{
	return strcmp(t->id, id) == 0 && strcmp(t->kind, kind) == 0;
}

/*
 * A kid's row for a container (or image). The kids of a combinator give
 * their rows in the same order, so the one at hint nearly always is it:
 * combining stays linear in the number of containers.
 */
static const struct target *
find_row(const struct verdict *v, const char *kind, const char *id,
    size_t hint)
{
	size_t	i;

	if (hint < v->ntargets && same_row(&v->targets[hint], kind, id))
		return &v->targets[hint];
	for (i = 0; i < v->ntargets; i++) {
		if (same_row(&v->targets[i], kind, id))
			return &v->targets[i];
	}
	return NULL;
}

/* The combined rows by kind and id: open addressing, index + 1 per slot. */
struct rowset {
	size_t	*slot;
	size_t	 mask;
};

static size_t
row_hash(const char *kind, const char *id)
{
	uint64_t	h = 14695981039346656037ULL;

	for (; *kind != '\0'; kind++)
		h = (h ^ (unsigned char)*kind) * 1099511628211ULL;
	h = (h ^ '/') * 1099511628211ULL;
	for (; *id != '\0'; id++)
		h = (h ^ (unsigned char)*id) * 1099511628211ULL;
	return (size_t)h;
}

/* Whether out has the row; if not, *at is the free slot for it. */
static int
rowset_has(const struct rowset *rs, const struct verdict *out,
    const char *kind, const char *id, size_t *at)
{
	size_t	i;

	for (i = row_hash(kind, id) & rs->mask; rs->slot[i] != 0;
	    i = (i + 1) & rs->mask) {
		if (same_row(&out->targets[rs->slot[i] - 1], kind, id))
			return 1;
	}
	*at = i;
	return 0;
}

static void
combine_rows(const struct check *c, struct verdict *kids, size_t n,
    struct verdict *out)
{
	struct rowset	 rs;
	struct said	*kid;
	size_t		 i, j, k, rows = 0, cap = 16, at;

	kid = xcalloc(n, sizeof *kid);
	for (i = 0; i < n; i++)
		rows += kids[i].ntargets;
	rows += out->ntargets;
	while (cap < 2 * rows)
		cap *= 2;
	rs.slot = xcalloc(cap, sizeof *rs.slot);
	rs.mask = cap - 1;
	for (j = 0; j < out->ntargets; j++) {
		if (!rowset_has(&rs, out, out->targets[j].kind,
		    out->targets[j].id, &at))
			rs.slot[at] = j + 1;
	}
	out->rows = 1;
	/* Every kid's own evidence (what a kid with rows says of all of them,
	 * such as the comparison it made) is the rule's; its rows' are the
	 * rows'. */
	for (i = 0; i < n; i++) {
		evidence_merge(out->evidence, kids[i].evidence);
		for (j = 0; j < kids[i].ntargets; j++) {
			const struct target *t = &kids[i].targets[j];
			struct target *row;

			if (rowset_has(&rs, out, t->kind, t->id, &at))
				continue;
			row = verdict_add_target(out, t->kind, t->id, t->name);
			rs.slot[at] = out->ntargets;
			if (t->image != NULL)
				row->image = xstrdup(t->image);
			for (k = 0; k < n; k++) {
				const struct target *kt;
				struct said none = { STATUS_NA, NULL, NULL, 0 };

				if (!kids[k].rows || kids[k].ntargets == 0) {
					struct said whole = { kids[k].status,
					    kids[k].reason, kids[k].cause, 0 };

					kid[k] = whole;
				} else if ((kt = find_row(&kids[k], t->kind,
				    t->id, j)) != NULL) {
					struct said own = { kt->status,
					    kt->reason, kt->cause, kt->named };

					kid[k] = own;
					evidence_merge(row->evidence,
					    kt->evidence);
				} else
					kid[k] = none;
			}
			combine_said(c->type, kid, n, &row->status,
			    &row->reason, &row->cause, &row->named);
		}
	}
	free(kid);
	free(rs.slot);
	verdict_from_rows(out);
}

void
eval_check(struct probe_ctx *ctx, const struct check *c, struct verdict *out)
{
	struct verdict	*kids;
	struct said	*said;
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
		said = xcalloc(c->nkids, sizeof *said);
		for (i = 0; i < c->nkids; i++) {
			said[i].st = kids[i].status;
			said[i].reason = kids[i].reason;
			said[i].cause = kids[i].cause;
			evidence_merge(out->evidence, kids[i].evidence);
		}
		combine_said(c->type, said, c->nkids, &out->status,
		    &out->reason, &out->cause, NULL);
		if (out->reason == NULL && c->type == CHECK_NONE &&
		    out->status == STATUS_FAIL)
			out->reason = xstrdup("a condition that must not hold "
			    "holds");
		free(said);
	}
	for (i = 0; i < c->nkids; i++)
		verdict_free(&kids[i]);
	free(kids);
}

/* A verdict's cause, or one of kind other made of its reason's words. */
static struct cause *
said_cause(const struct verdict *v)
{
	if (v->cause != NULL)
		return cause_copy(v->cause);
	return cause_new(CAUSE_OTHER, NULL, v->reason != NULL ? v->reason :
	    status_name(v->status));
}

/* A check's pass and fail as its on-pass= and on-fail= say. */
static enum status
map_outcome(enum status on_pass, enum status on_fail, enum status st)
{
	if (st == STATUS_PASS)
		return on_pass;
	if (st == STATUS_FAIL)
		return on_fail;
	return st;
}

/* Decide check c and map its outcomes, row by row when it has rows. */
static void
eval_mapped(struct probe_ctx *ctx, const struct check *c, enum status on_pass,
    enum status on_fail, struct verdict *v)
{
	size_t	i;

	eval_check(ctx, c, v);
	if (v->rows && v->ntargets > 0) {
		for (i = 0; i < v->ntargets; i++)
			v->targets[i].status = map_outcome(on_pass, on_fail,
			    v->targets[i].status);
		verdict_from_rows(v);
	} else
		v->status = map_outcome(on_pass, on_fail, v->status);
}

/* A rule that an <engine> element decides for the audited engine. */
static void
eval_engine_rule(struct probe_ctx *ctx, const struct rule_engine *re,
    struct result *res)
{
	if (re->own) {
		eval_mapped(ctx, res->rule->check, re->on_pass, re->on_fail,
		    &res->v);
		res->v.scored = re->scored == 1;
		return;
	}
	if (re->check == NULL) {
		verdict_init(&res->v);
		verdict_because(&res->v, re->status, cause_new(re->status ==
		    STATUS_NA ? CAUSE_NOT_APPLICABLE : CAUSE_BY_ENGINE,
		    ctx->engine->label, re->reason));
		return;
	}
	eval_mapped(ctx, re->check, re->on_pass, re->on_fail, &res->v);
	res->v.scored = re->scored == 1;
}

/* The rule as the audited engine means it: by construction, or a check. */
static const struct rule_engine *
engine_meaning(const struct probe_ctx *ctx, const struct rule *r)
{
	return ctx->engine != NULL ? rule_engine_for(r, ctx->engine->kind) :
	    NULL;
}

void
eval_rule(struct probe_ctx *ctx, const struct rule *r, struct result *res)
{
	const struct rule_engine *re = engine_meaning(ctx, r);
	struct verdict	app;

	res->rule = r;
	if (re != NULL) {
		eval_engine_rule(ctx, re, res);
		return;
	}
	if (r->applicable != NULL) {
		eval_check(ctx, r->applicable, &app);
		if (app.status != STATUS_PASS) {
			verdict_init(&res->v);
			evidence_merge(res->v.evidence, app.evidence);
			if (app.status == STATUS_ERROR ||
			    app.status == STATUS_MANUAL)
				verdict_because(&res->v, app.status,
				    cause_wrap(CAUSE_APPLICABILITY, NULL,
				    said_cause(&app)));
			else if (app.cause != NULL &&
			    app.cause->kind == CAUSE_OFFLINE)
				/* An image cannot say: not "the rule does not
				 * apply here" but "not decidable offline". */
				verdict_because(&res->v, STATUS_NA,
				    cause_copy(app.cause));
			else
				verdict_because(&res->v, STATUS_NA, cause_new(
				    CAUSE_NOT_APPLICABLE, NULL, r->na_reason));
			verdict_free(&app);
			return;
		}
		verdict_free(&app);
	}
	eval_mapped(ctx, r->check, r->on_pass, r->on_fail, &res->v);
	/* A passing row or rule needs no reason; keep what explains others. */
}
