/*
 * What the subcommands share: the table of subcommands, loading the
 * selected benchmark with the probe table, the plan of the options, and
 * the -o files (checked before any work, written atomically after).
 */
#include <stdlib.h>

#include "cli/cmd.h"
#include "engine/plan.h"
#include "probes/probe.h"
#include "lib/util.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_audit_entry,
	&cmd_diff_entry,
	&cmd_list_entry,
	&cmd_render_entry,
	&cmd_validate_entry,
	NULL
};

struct bench *
cmd_load_bench(const struct options *o)
{
	return plan_load_bench(o->benchmark, o->values, probe_table);
}

int
cmd_plan(const struct options *o, const struct bench *b, size_t **idx,
    size_t *n)
{
	struct plan_sel	sel = { o->level, &o->checks, &o->excludes };

	return plan_select(b, &sel, idx, n);
}

int
outputs_parse(const struct options *o, struct output_file **outs)
{
	char	*cause = NULL;
	size_t	 i;

	*outs = xcalloc(o->outputs.n + 1, sizeof **outs);
	for (i = 0; i < o->outputs.n; i++) {
		struct output_file *ou = &(*outs)[i];

		if ((ou->fmt = report_format_for(o->outputs.v[i], &ou->path,
		    &cause)) == NULL ||
		    report_output_check(ou->path, &cause) == -1) {
			log_error("-o %s", cause);
			free(cause);
			return -1;
		}
	}
	return 0;
}

void
outputs_free(struct output_file *outs, size_t n)
{
	size_t	i;

	for (i = 0; outs != NULL && i < n; i++)
		free(outs[i].path);
	free(outs);
}

int
outputs_write(const struct options *o, struct output_file *outs,
    json_t *report)
{
	struct render_opts	 fro = { 0, 0 };
	char			*cause = NULL;
	size_t			 i;
	int			 rc = 0;

	for (i = 0; i < o->outputs.n; i++) {
		if (report_output(outs[i].fmt, report, outs[i].path, &fro,
		    &cause) == -1) {
			log_error("cannot write report %s", cause);
			free(cause);
			cause = NULL;
			rc = -1;
		} else
			log_info("wrote %s report %s", outs[i].fmt->name,
			    outs[i].path);
	}
	return rc;
}
