/*
 * manual: a rule a person must judge (1.2.1, 4.2 ...). The verdict is
 * manual with the note; the rule's other evidence is still shown.
 */
#include "probe.h"
#include "util.h"

static const char *const probe_manual_attrs[] = { "note", NULL };

static void
probe_manual_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	const char	*note = check_attr(c, "note");

	(void)ctx;
	verdict_set(v, STATUS_MANUAL, "%s", note != NULL ? note :
	    "a person must check this");
}

const struct probe_entry probe_manual_entry = {
	.name = "manual",
	.help = "a person must judge; note= says what to check",
	.attrs = probe_manual_attrs,
	.flags = 0,
	.prepare = NULL,
	.exec = probe_manual_exec,
};
