/*
 * The probe table and what probes share: turning source errors into
 * verdicts, the missing= outcome and comparisons. Adding a probe kind
 * ("Add a probe" in docs/HACKING.md): a probe-KIND.c exporting
 * probe_KIND_entry (with a needs hook if it reads Docker API documents,
 * containers or images), a line in probes.def (the table below comes from
 * it), a line in Makefile.am and an element in benchmark.rng; then its
 * paragraph in dockaudit-benchmark(5) (tests/unit/test-probe-table.c
 * checks the schema and the page against this table) and a data case.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine/message.h"
#include "facts/locate.h"
#include "probes/probe.h"
#include "lib/util.h"

const struct probe_entry *const probe_table[] = {
#define PROBE(name)	&probe_##name##_entry,
#include "probes/probes.def"
#undef PROBE
	NULL
};

int
probe_paths(struct probe_ctx *ctx, const struct check *c, struct strlist *out,
    struct verdict *v)
{
	const char	*name;
	struct cause	*cause = NULL;

	if ((name = check_attr(c, "locate")) == NULL) {
		if (check_attr(c, "path") != NULL)
			strlist_add(out, check_attr(c, "path"));
		else
			strlist_split(out, check_attr(c, "paths"), " \t\n");
		return 0;
	}
	if (locate(ctx->facts, name, out, v->evidence, &cause) == -1) {
		verdict_because(v, STATUS_ERROR, cause_wrap(CAUSE_CANNOT_LOCATE,
		    name, cause));
		return -1;
	}
	if (out->n == 0) {
		verdict_because(v, probe_missing(c), cause);
		return -1;
	}
	cause_free(cause);
	return 0;
}

enum status
probe_missing(const struct check *c)
{
	const char	*m = check_attr(c, "missing");

	if (m == NULL || strcmp(m, "notapplicable") == 0)
		return STATUS_NA;
	return strcmp(m, "fail") == 0 ? STATUS_FAIL : STATUS_PASS;
}

void
probe_source_error(struct verdict *v, int err, const char *subject,
    const char *cause, const struct check *c)
{
	if (err == ENOENT || err == ENOTDIR) {
		verdict_because(v, probe_missing(c), subject != NULL ?
		    cause_wrap(CAUSE_ABSENT, subject, NULL) :
		    cause_new(CAUSE_ABSENT, NULL, cause));
		return;
	}
	if (err == SOURCE_OFFLINE) {
		verdict_because(v, STATUS_NA, cause_wrap(CAUSE_OFFLINE, NULL,
		    cause_new(CAUSE_OTHER, subject, cause)));
		return;
	}
	probe_error(v, err, subject, cause);
}

/*
 * A source's error as a cause. A daemon that cannot be reached is one
 * cause whatever document was asked of it: its words name the endpoint.
 */
static struct cause *
source_cause(int err, const char *subject, const char *cause)
{
	return cause_new(source_cause_kind(err), err == SOURCE_NOAPI ? NULL :
	    subject, cause);
}

void
probe_error(struct verdict *v, int err, const char *subject,
    const char *cause)
{
	verdict_because(v, STATUS_ERROR, source_cause(err, subject, cause));
}

void
probe_target_error(struct target *t, int err, const char *subject,
    const char *cause)
{
	target_because(t, STATUS_ERROR, source_cause(err, subject, cause));
}

/* The pass= or fail= sentence for a status, or NULL. */
static const char *
template_of(const struct check *c, enum status st)
{
	return st == STATUS_PASS ? check_attr(c, "pass") :
	    st == STATUS_FAIL ? check_attr(c, "fail") : NULL;
}

static void compare(const struct check *, const struct compare_say *,
    const char *, const json_t *, struct verdict *, int);

void
probe_compare_row(const struct check *c, const char *what, const char *key,
    const json_t *actual, struct target *t)
{
	struct compare_say	say = { what, t->name, NULL, NULL };
	struct verdict		pv;

	verdict_init(&pv);
	compare(c, &say, key, actual, &pv, 0);
	evidence_merge(t->evidence, pv.evidence);
	/* Without a pass= sentence, a passing row's value is its evidence. */
	if (pv.status == STATUS_PASS && check_attr(c, "pass") == NULL)
		target_set(t, pv.status, NULL);
	else {
		target_set(t, pv.status, "%s", pv.reason);
		t->named = msg_leads_with_target(template_of(c, pv.status)) &&
		    *t->name != '\0';
	}
	verdict_free(&pv);
}

void
probe_compare(const struct check *c, const char *what, const char *key,
    const json_t *actual, struct verdict *v)
{
	struct compare_say	say = { what, NULL, NULL, NULL };

	probe_compare_said(c, &say, key, actual, v);
}

void
probe_compare_test(const struct check *c, const char *key, json_t *evidence)
{
	char	*test, *words;

	test = xasprintf("%s test", key);
	json_object_set_new(evidence, test, json_string_nocheck(
	    (words = cond_describe(&c->cond))));
	free(test);
	free(words);
}

void
probe_compare_said(const struct check *c, const struct compare_say *say,
    const char *key, const json_t *actual, struct verdict *v)
{
	compare(c, say, key, actual, v, 1);
}

/* The comparison itself goes to the evidence with test; rows leave it to
 * their probe's verdict, once (probe_compare_test). */
static void
compare(const struct check *c, const struct compare_say *say,
    const char *key, const json_t *actual, struct verdict *v, int test)
{
	struct cond_words	 w;
	struct msg_fields	 f;
	enum status		 st;
	const char		*tmpl;
	char			*why;

	st = cond_eval_words(&c->cond, actual, &why, &w);
	tmpl = template_of(c, st);
	if (tmpl != NULL) {
		f.target = say->target != NULL ? say->target : say->what;
		f.value = say->value != NULL ? say->value : w.value;
		f.bad = say->value != NULL && strcmp(w.bad, w.value) == 0 ?
		    say->value : w.bad;
		f.expected = w.expected;
		f.source = say->source;
		free(why);
		why = msg_expand(tmpl, &f);
		verdict_set(v, st, "%s", why);
	} else if (st == STATUS_MANUAL && c->cond.ref != NULL)
		verdict_set(v, st, "%s: %s; the value %s is not set, so a "
		    "person must judge", say->what, w.value, c->cond.ref->name);
	else if (say->value != NULL)
		verdict_set(v, st, "%s is %s%s", say->what, say->value, w.tail);
	else
		verdict_set(v, st, "%s %s", say->what, why);
	cond_words_free(&w);
	free(why);
	json_object_set_new(v->evidence, key, actual != NULL ?
	    json_deep_copy(actual) : json_null());
	if (test)
		probe_compare_test(c, key, v->evidence);
}
