/*
 * dockaudit fix REPORT.json -o DIR [--root DIR] [-c IDS] [-x IDS]
 * [--skip-disruptive]: a remediation plan for the failures of a saved
 * record (fix/fix.c), written into DIR. The benchmark is the one the
 * record names (its path, else its id and version among the installed
 * ones), with the record's values file when it can still be read. The
 * host is only read (its daemon.json, under --root); nothing is changed
 * and nothing is run.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "engine/plan.h"
#include "fix/fix.h"
#include "probes/probe.h"
#include "report/report.h"
#include "lib/util.h"

/* The record's benchmark: its path, else its id-version by name. */
static struct bench *
fix_bench(const char *record, json_t *rep)
{
	json_t		*bj = json_object_get(rep, "benchmark");
	const char	*path = report_str(bj, "path");
	const char	*values = report_str(bj, "values");
	const char	*id = report_str(bj, "id");
	const char	*ver = report_str(bj, "version");
	struct bench	*b;
	char		*name;

	if (values[0] == '\0' || access(values, R_OK) != 0) {
		if (values[0] != '\0')
			log_warn("fix: %s: the values file %s the audit used "
			    "cannot be read: the benchmark's own values apply",
			    record, values);
		values = NULL;
	}
	if (path[0] != '\0' && access(path, R_OK) == 0)
		b = plan_load_bench(path, values, probe_table);
	else {
		name = xasprintf("%s-%s", id, ver);
		b = plan_load_bench(name, values, probe_table);
		free(name);
	}
	if (b != NULL && (strcmp(b->id, id) != 0 || strcmp(b->version, ver) !=
	    0)) {
		log_error("fix: %s: the record is of %s %s, and %s is %s %s",
		    record, id, ver, b->path, b->id, b->version);
		bench_free(b);
		return NULL;
	}
	if (b != NULL && strcmp(b->sha256, report_str(bj, "sha256")) != 0)
		log_warn("fix: %s: %s is not the file the audit ran (another "
		    "SHA-256): the plan follows its checks", record, b->path);
	return b;
}

static int
cmd_fix_exec(struct options *o, int argc, char **argv)
{
	struct fix_request	 req;
	struct bench		*b;
	json_t			*rep, *plan, *r;
	size_t			*idx = NULL, n, i, planned = 0, skipped = 0;
	int			 rc = 2;

	if (argc != 1) {
		log_error("fix: give one JSON record (fix REPORT.json -o DIR)");
		return 2;
	}
	if (o->fix_dir == NULL) {
		log_error("fix: give the directory of the plan: -o DIR");
		return 2;
	}
	if (fix_dir_check(o->fix_dir) == -1 ||
	    (rep = report_load(argv[0])) == NULL)
		return 2;
	if ((b = fix_bench(argv[0], rep)) == NULL) {
		json_decref(rep);
		return 2;
	}
	if (cmd_plan(o, b, &idx, &n) == -1)
		goto out;
	memset(&req, 0, sizeof req);
	req.record_path = argv[0];
	req.record = rep;
	req.bench = b;
	req.idx = idx;
	req.n = n;
	req.root = o->root;
	req.skip_disruptive = o->skip_disruptive;
	if ((plan = fix_plan(&req)) == NULL)
		goto out;
	if (fix_write(plan, o->fix_dir) == 0) {
		json_array_foreach(json_object_get(plan, "rules"), i, r) {
			if (strcmp(report_str(r, "status"), "planned") == 0)
				planned++;
			else
				skipped++;
		}
		printf("%s: %zu rules planned, %zu left out as disruptive, "
		    "%zu left to a person (PLAN.md)\n", o->fix_dir, planned,
		    skipped, json_array_size(json_object_get(plan, "left")));
		rc = 0;
	}
	json_decref(plan);
out:
	free(idx);
	bench_free(b);
	json_decref(rep);
	return rc;
}

const struct cmd_entry cmd_fix_entry = {
	.name = "fix",
	.id = CMD_FIX,
	.usage = "fix REPORT.json -o DIR",
	.help = "write a remediation plan for a record's failures (changes "
	    "nothing)",
	.exec = cmd_fix_exec,
};
