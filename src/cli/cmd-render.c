/*
 * dockaudit render REPORT.json -o FILE...: the formats of a saved report.
 * Every format is rendered from the JSON record alone, so the files are
 * byte for byte those the original run wrote (the terminal text too,
 * with -f). A report from another tool or schema is refused.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "report/report.h"
#include "lib/sshsig.h"
#include "lib/util.h"

static int
cmd_render_exec(struct options *o, int argc, char **argv)
{
	struct output_file	*outs = NULL;
	struct sshsig_key	*key = NULL;
	json_t			*report;
	int			 rc = 0;

	if (argc != 1) {
		log_error("render: give one JSON report (render REPORT.json "
		    "-o FILE...)");
		return 2;
	}
	if (outputs_parse(o, &outs) == -1 ||
	    outputs_distinct(o, outs, (const char *const *)argv,
	    (const char *const[]){ "saved report" }, 1) == -1 ||
	    outputs_sign_key(o, outs, 0, &key) == -1 ||
	    (report = report_load(argv[0])) == NULL) {
		outputs_free(outs, o->outputs.n);
		sshsig_key_free(key);
		return 2;
	}
	if (outputs_write_signed(o, outs, report, key) == -1)
		rc = 2;
	/* Without -o, or with -f, the terminal gets a rendering too. */
	if ((o->outputs.n == 0 || o->format_given) &&
	    report_to_stdout(o, report) == -1)
		rc = 2;
	json_decref(report);
	outputs_free(outs, o->outputs.n);
	sshsig_key_free(key);
	return rc;
}

const struct cmd_entry cmd_render_entry = {
	.name = "render",
	.id = CMD_RENDER,
	.usage = "render REPORT.json -o FILE...",
	.help = "re-render a saved JSON report in any format",
	.exec = cmd_render_exec,
};
