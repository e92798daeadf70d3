/*
 * Verdicts and their rows: the common currency of probes, combinators and
 * rules (see result.h); and the status and severity tables every report
 * reads its names, words and orders from.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "engine/result.h"
#include "lib/util.h"

/*
 * Each status once: its words for the reports and its place in each
 * order of enum status_order (record, worst, triage, fleet). Worst first,
 * info (something to read) outranks a plain pass.
 */
const struct status_entry status_table[STATUS_COUNT] = {
	[STATUS_PASS] = { "pass", "Pass", "pass", NULL,
	    "\xe2\x9c\x93", { 0, 5, 5, 0 } },
	[STATUS_FAIL] = { "fail", "Fail", "fail", "Other failures",
	    "\xe2\x9c\x97", { 1, 0, 0, 1 } },
	[STATUS_ERROR] = { "error", "Error", "could not be checked",
	    "Could not be checked", "!", { 2, 1, 1, 2 } },
	[STATUS_MANUAL] = { "manual", "Manual", "for a person to review",
	    "For a person to review", "?", { 3, 3, 2, 5 } },
	[STATUS_INFO] = { "info", "Info", "for information",
	    "For information", "i", { 4, 4, 3, 6 } },
	[STATUS_NA] = { "notapplicable", "N/A", "not applicable", NULL,
	    "-", { 5, 6, 6, 4 } },
	[STATUS_WAIVED] = { "waived", "Waived", "waived", "Waived",
	    "w", { 6, 2, 4, 3 } },
};

const struct severity_entry severity_table[SEVERITY_COUNT] = {
	[SEVERITY_LOW] = { "low", 0 },
	[SEVERITY_MEDIUM] = { "medium", 0 },
	[SEVERITY_HIGH] = { "high", 1 },
	[SEVERITY_CRITICAL] = { "critical", 1 },
};

const char *
status_name(enum status st)
{
	return status_table[st].name;
}

int
status_from_name(const char *name)
{
	int	i;

	for (i = 0; i < STATUS_COUNT; i++) {
		if (strcmp(status_table[i].name, name) == 0)
			return i;
	}
	return -1;
}

enum status
status_nth(enum status_order order, size_t i)
{
	int	st;

	for (st = 0; st < STATUS_COUNT; st++) {
		if (status_table[st].place[order] == i)
			return (enum status)st;
	}
	fatal("no status at place %zu of order %d", i, (int)order);
}

int
status_rank(enum status st)
{
	return STATUS_COUNT - 1 - status_table[st].place[STATUS_BY_WORST];
}

const char *
severity_name(enum severity s)
{
	return severity_table[s].name;
}

int
severity_from_name(const char *name)
{
	int	i;

	for (i = 0; i < SEVERITY_COUNT; i++) {
		if (strcmp(severity_table[i].name, name) == 0)
			return i;
	}
	return -1;
}

enum severity
severity_nth_worst(size_t i)
{
	return (enum severity)(SEVERITY_COUNT - 1 - i);
}

void
verdict_init(struct verdict *v)
{
	memset(v, 0, sizeof *v);
	v->status = STATUS_NA;
	v->evidence = json_object();
}

void
verdict_free(struct verdict *v)
{
	size_t	i;

	for (i = 0; i < v->ntargets; i++) {
		struct target *t = &v->targets[i];

		free(t->kind);
		free(t->id);
		free(t->name);
		free(t->image);
		free(t->engine);
		free(t->reason);
		cause_free(t->cause);
		json_decref(t->evidence);
		json_decref(t->waiver);
		json_decref(t->attestation);
	}
	free(v->targets);
	free(v->reason);
	cause_free(v->cause);
	json_decref(v->evidence);
	json_decref(v->waiver);
	json_decref(v->attestation);
	memset(v, 0, sizeof *v);
}

void
verdict_set(struct verdict *v, enum status st, const char *fmt, ...)
{
	va_list	ap;

	v->status = st;
	free(v->reason);
	v->reason = NULL;
	cause_free(v->cause);
	v->cause = NULL;
	if (fmt != NULL) {
		va_start(ap, fmt);
		v->reason = xvasprintf(fmt, ap);
		va_end(ap);
	}
}

struct target *
verdict_add_target(struct verdict *v, const char *kind, const char *id,
    const char *name)
{
	struct target	*t;

	v->rows = 1;
	v->targets = xreallocarray(v->targets, v->ntargets + 1,
	    sizeof *v->targets);
	t = &v->targets[v->ntargets++];
	memset(t, 0, sizeof *t);
	t->kind = xstrdup(kind);
	t->id = xstrdup(id);
	t->name = xstrdup(name != NULL ? name : id);
	t->status = STATUS_NA;
	t->evidence = json_object();
	return t;
}

void
target_set(struct target *t, enum status st, const char *fmt, ...)
{
	va_list	ap;

	t->status = st;
	free(t->reason);
	t->reason = NULL;
	cause_free(t->cause);
	t->cause = NULL;
	t->named = 0;
	if (fmt != NULL) {
		va_start(ap, fmt);
		t->reason = xvasprintf(fmt, ap);
		va_end(ap);
	}
}

void
verdict_because(struct verdict *v, enum status st, struct cause *c)
{
	verdict_set(v, st, "%s", c->words);
	v->cause = c;
}

void
target_because(struct target *t, enum status st, struct cause *c)
{
	target_set(t, st, "%s", c->words);
	t->cause = c;
}

/* How many engines the rows are of, and of those how many have a row
 * of status st. */
static void
count_engines(const struct verdict *v, enum status st, size_t *with,
    size_t *all)
{
	size_t	i, j;
	int	seen, hit;

	*with = *all = 0;
	for (i = 0; i < v->ntargets; i++) {
		for (j = 0, seen = 0; j < i && !seen; j++)
			seen = v->targets[j].engine != NULL &&
			    v->targets[i].engine != NULL &&
			    strcmp(v->targets[j].engine,
			    v->targets[i].engine) == 0;
		if (seen)
			continue;
		(*all)++;
		for (j = i, hit = 0; j < v->ntargets && !hit; j++)
			hit = v->targets[j].status == st &&
			    v->targets[j].engine != NULL &&
			    v->targets[i].engine != NULL &&
			    strcmp(v->targets[j].engine,
			    v->targets[i].engine) == 0;
		*with += hit;
	}
}

void
verdict_from_rows(struct verdict *v)
{
	struct target	*worst = NULL;
	size_t		 i, nworst = 0, nkind;
	const char	*kind;
	int		 named;

	if (v->ntargets == 0) {
		/* A probe that found nothing to check has said why. */
		if (v->reason == NULL)
			verdict_set(v, STATUS_NA, "no targets to check");
		return;
	}
	for (i = 0; i < v->ntargets; i++) {
		struct target *t = &v->targets[i];

		if (worst == NULL || status_rank(t->status) >
		    status_rank(worst->status)) {
			worst = t;
			nworst = 1;
		} else if (t->status == worst->status)
			nworst++;
	}
	kind = worst->kind;
	nkind = v->ntargets;
	/* Rows of several kinds (engines joined: a process of one, another
	 * engine as a whole): what counts is the engines. */
	for (i = 0; i < v->ntargets; i++) {
		if (strcmp(v->targets[i].kind, kind) != 0 &&
		    v->targets[i].engine != NULL) {
			count_engines(v, worst->status, &nworst, &nkind);
			kind = "engine";
			break;
		}
	}
	switch (worst->status) {
	case STATUS_FAIL:
	case STATUS_ERROR:
	case STATUS_MANUAL:
		named = worst->reason != NULL && worst->named;
		if (v->ntargets == 1)
			verdict_set(v, worst->status, "%s%s%s",
			    named ? "" : worst->name, named ? "" : ": ",
			    worst->reason != NULL ? worst->reason :
			    status_name(worst->status));
		else
			verdict_set(v, worst->status, "%zu of %zu %s%s %s; "
			    "first: %s%s%s", nworst, nkind, kind,
			    kind[strlen(kind) - 1] == 's' ? "es" : "s",
			    worst->status == STATUS_FAIL ? "fail" :
			    worst->status == STATUS_ERROR ?
			    "could not be checked" : "need review",
			    named ? "" : worst->name, named ? "" : ": ",
			    worst->reason != NULL ?
			    worst->reason : status_name(worst->status));
		break;
	case STATUS_NA:
		verdict_set(v, STATUS_NA, "%s", worst->reason != NULL ?
		    worst->reason : "no applicable targets");
		v->cause = cause_copy(worst->cause);
		break;
	case STATUS_WAIVED:
		verdict_set(v, STATUS_WAIVED, "%zu of %zu %s%s waived; first: "
		    "%s: %s", nworst, nkind, kind,
		    kind[strlen(kind) - 1] == 's' ? "es" : "s", worst->name,
		    worst->reason != NULL ? worst->reason : "waived");
		break;
	default:
		verdict_set(v, worst->status, NULL);
		break;
	}
}

/* A row of out made of an engine's rule-wide verdict (emptied). */
static void
join_engine_row(struct verdict *out, struct verdict *v, const char *id,
    const char *label)
{
	struct target	*t = verdict_add_target(out, "engine", id, label);

	t->engine = xstrdup(id);
	t->status = v->status;
	t->reason = v->reason;
	t->cause = v->cause;
	json_decref(t->evidence);
	t->evidence = v->evidence;
	t->waiver = v->waiver;
	t->attestation = v->attestation;
	v->reason = NULL;
	v->cause = NULL;
	v->evidence = NULL;
	v->waiver = NULL;
	v->attestation = NULL;
}

/* An engine's rows moved into out, named by the engine. */
static void
join_rows(struct verdict *out, struct verdict *v, const char *id,
    const char *label)
{
	struct target	*t;
	char		*s;
	size_t		 i;

	out->targets = xreallocarray(out->targets, out->ntargets +
	    v->ntargets, sizeof *out->targets);
	for (i = 0; i < v->ntargets; i++) {
		t = &out->targets[out->ntargets++];
		*t = v->targets[i];
		t->engine = xstrdup(id);
		s = xasprintf("%s %s", label, t->name);
		free(t->name);
		t->name = s;
		if (t->named && t->reason != NULL) {
			s = xasprintf("%s %s", label, t->reason);
			free(t->reason);
			t->reason = s;
		}
	}
	free(v->targets);
	v->targets = NULL;
	v->ntargets = 0;
	evidence_merge(out->evidence, v->evidence);
}

void
verdict_join(struct verdict *out, struct verdict *in, const char *const *ids,
    const char *const *labels, size_t n)
{
	size_t	i;

	verdict_init(out);
	out->rows = 1;
	for (i = 0; i < n; i++) {
		out->scored |= in[i].scored;
		if (in[i].rows && in[i].ntargets > 0)
			join_rows(out, &in[i], ids[i], labels[i]);
		else
			join_engine_row(out, &in[i], ids[i], labels[i]);
		verdict_free(&in[i]);
	}
	verdict_from_rows(out);
}

void
evidence_merge(json_t *dst, json_t *src)
{
	const char	*key;
	json_t		*val;

	if (!json_is_object(dst) || !json_is_object(src))
		return;
	json_object_foreach(src, key, val) {
		if (json_object_get(dst, key) == NULL)
			json_object_set(dst, key, val);
	}
}
