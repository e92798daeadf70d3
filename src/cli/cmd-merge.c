/*
 * dockaudit merge REPORT-OR-DIR... [-o FILE]...: single-host JSON records
 * (files, or directories of them such as --history directories) into one
 * fleet report (report/fleet.c): hosts, stale and skewed ones, the rules
 * across the fleet, the score distribution, the drift against an earlier
 * fleet report (--baseline) and the gate. The fleet formats (json, html,
 * junit, csv) are their own table (fleet_formats[]): the audit's formats
 * take a single-host record. An input that cannot be read is named and
 * skipped; the merge goes on and exits 3 at least. The outputs are
 * written, and with --sign signed, by the audit's code (cli/cmd.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "engine/plan.h"
#include "probes/probe.h"
#include "report/fleet.h"
#include "lib/json.h"
#include "lib/sshsig.h"
#include "lib/util.h"

/*
 * A baseline fleet report of an earlier version of the fleet's benchmark
 * is compared through the crosswalk of the fleet's; one of another
 * benchmark, or of a version with no crosswalk, is refused (-1, printed).
 * A fleet of mixed or no benchmarks names none: nothing to refuse.
 */
static int
drift_comparable(json_t *doc, json_t *old, const char *path,
    struct bench **b)
{
	const char	*id = json_string_value(json_pointer_get(doc,
			    "/benchmark/id"));
	const char	*v = json_string_value(json_pointer_get(doc,
			    "/benchmark/version"));
	char		*cause = NULL;

	*b = NULL;
	if (id == NULL || v == NULL || json_string_value(json_pointer_get(old,
	    "/benchmark/id")) == NULL || json_string_value(json_pointer_get(
	    old, "/benchmark/version")) == NULL)
		return 0;
	if (report_comparable(old, path, id, v, NULL, probe_table, b,
	    &cause) == -1) {
		log_error("--baseline %s", cause);
		free(cause);
		return -1;
	}
	return 0;
}

static int
cmd_merge_exec(struct options *o, int argc, char **argv)
{
	struct output_file	*outs = NULL;
	struct sshsig_key	*key = NULL;
	struct fleet_opts	 fo;
	struct fleet		*f;
	const char		**inputs, **what;
	json_t			*doc, *old = NULL;
	struct bench		*b = NULL;
	char			*cause = NULL;
	size_t			 i;
	int			 rc, wrc = 0;

	if (argc < 1) {
		log_error("merge: give JSON reports or directories of them "
		    "(merge REPORT-OR-DIR... [-o FILE]...)");
		return 2;
	}
	/* An input that is not there is a typo, not an unreadable host. */
	for (i = 0; i < (size_t)argc; i++) {
		if (access(argv[i], F_OK) == -1) {
			log_error("%s: cannot open: %s", argv[i],
			    errno_cause(errno));
			return 2;
		}
	}
	inputs = xcalloc((size_t)argc + 1, sizeof *inputs);
	what = xcalloc((size_t)argc + 1, sizeof *what);
	for (i = 0; i < (size_t)argc; i++) {
		inputs[i] = argv[i];
		what[i] = "input report";
	}
	inputs[argc] = o->baseline;
	what[argc] = "baseline";
	rc = outputs_parse_with(o, &outs, fleet_format_for) == -1 ||
	    outputs_distinct(o, outs,
	    inputs, what, (size_t)argc + 1) == -1 ||
	    outputs_sign_key(o, outs, 0, &key) == -1;
	free(inputs);
	free(what);
	if (rc == 0 && o->baseline != NULL &&
	    (old = fleet_load(o->baseline, &cause)) == NULL) {
		log_error("--baseline %s", cause);
		free(cause);
		rc = 1;
	}
	if (rc != 0) {
		outputs_free(outs, o->outputs.n);
		sshsig_key_free(key);
		return 2;
	}
	memset(&fo, 0, sizeof fo);
	fo.now = time(NULL);
	fo.max_age_h = o->max_age_h;
	fo.tags = &o->tags;
	fo.signers = o->signers;
	f = fleet_new(&fo);
	for (i = 0; i < (size_t)argc; i++)
		fleet_add_path(f, argv[i]);
	doc = fleet_build(f);
	fleet_free(f);
	if (o->tags.n > 0 && json_integer_value(json_pointer_get(doc,
	    "/summary/hosts")) == 0 && json_integer_value(json_pointer_get(
	    doc, "/summary/filtered_out")) > 0) {
		log_error("--tag %s%s: none of the %lld hosts read has %s",
		    o->tags.v[0], o->tags.n > 1 ? " (and the other --tag)" : "",
		    (long long)json_integer_value(json_pointer_get(doc,
		    "/summary/filtered_out")), o->tags.n > 1 ? "them all" :
		    "that tag");
		json_decref(doc);
		json_decref(old);
		outputs_free(outs, o->outputs.n);
		sshsig_key_free(key);
		return 2;
	}
	if (old != NULL && drift_comparable(doc, old, o->baseline, &b) == -1) {
		json_decref(old);
		json_decref(doc);
		outputs_free(outs, o->outputs.n);
		sshsig_key_free(key);
		return 2;
	}
	if (old != NULL)
		fleet_drift(doc, old, o->baseline, b);
	json_decref(old);
	bench_free(b);
	rc = fleet_gate(doc, &o->gate);
	/* As the audit's: atomic, and with --sign each file signed. */
	if (outputs_write_signed(o, outs, doc, key) == -1)
		wrc = 2;
	if (o->outputs.n == 0 && (fleet_text_write(doc, stdout) == -1 ||
	    fflush(stdout) == EOF)) {
		log_error("cannot write to standard output");
		wrc = 2;
	}
	json_decref(doc);
	outputs_free(outs, o->outputs.n);
	sshsig_key_free(key);
	return wrc != 0 ? wrc : rc;
}

const struct cmd_entry cmd_merge_entry = {
	.name = "merge",
	.id = CMD_MERGE,
	.usage = "merge REPORT-OR-DIR... [-o FILE]...",
	.help = "merge single-host JSON reports into a fleet report",
	.exec = cmd_merge_exec,
};
