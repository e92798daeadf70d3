/*
 * dockaudit validate FILE...: the loader's checks, and nothing else, on
 * benchmark and values files. A values file is checked against the
 * benchmark -b names (every value it sets must be declared there).
 */
#include <stdio.h>

#include "bench.h"
#include "cmd.h"
#include "util.h"

static int
cmd_validate_exec(struct options *o, int argc, char **argv)
{
	struct bench	*b;
	struct options	 vo = *o;
	int		 i, rc = 0, kind;

	if (argc == 0) {
		log_error("validate: name at least one file");
		return 2;
	}
	for (i = 0; i < argc; i++) {
		if ((kind = bench_file_kind(argv[i])) == 0) {
			rc = 2;
			continue;
		}
		if (kind == 1) {
			vo.benchmark = argv[i];
			vo.values = NULL;
		} else {
			vo.benchmark = o->benchmark;
			vo.values = argv[i];
		}
		if ((b = cmd_load_bench(&vo)) == NULL) {
			rc = 2;
			continue;
		}
		if (kind == 1)
			printf("%s: valid benchmark %s %s, %zu rules\n",
			    argv[i], b->id, b->version, b->nrules);
		else
			printf("%s: valid values for %s %s\n", argv[i], b->id,
			    b->version);
		bench_free(b);
	}
	return rc;
}

const struct cmd_entry cmd_validate_entry = {
	.name = "validate",
	.usage = "validate FILE...",
	.help = "check benchmark and values files",
	.exec = cmd_validate_exec,
};
