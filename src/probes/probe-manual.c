/*
 * manual: a rule a person must judge (1.2.1, 4.2 ...). The verdict is
 * manual with the note; the rule's other evidence is still shown.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "probes/probe.h"
#include "lib/util.h"

static const char *const probe_manual_attrs[] = { "note", NULL };

static void
probe_manual_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	const char	*note = check_attr(c, "note"), *p;
	char		*text, *o;

	(void)ctx;
	if (note == NULL) {
		verdict_set(v, STATUS_MANUAL, "a person must check this");
		return;
	}
	/* A note wrapped over lines in the file reads as one line. */
	o = text = xmalloc(strlen(note) + 1);
	for (p = note; *p != '\0'; p++) {
		if (!isspace((unsigned char)*p))
			*o++ = *p;
		else if (o > text && !isspace((unsigned char)p[1]) &&
		    p[1] != '\0')
			*o++ = ' ';
	}
	*o = '\0';
	verdict_set(v, STATUS_MANUAL, "%s", text);
	free(text);
}

const struct probe_entry probe_manual_entry = {
	.name = "manual",
	.help = "a person must judge; note= says what to check",
	.attrs = probe_manual_attrs,
	.flags = 0,
	.prepare = NULL,
	.exec = probe_manual_exec,
};
