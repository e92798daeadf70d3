/*
 * dockaudit list: the rules a selection would run, one per line.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "cmd.h"
#include "util.h"

static int
cmd_list_exec(struct options *o, int argc, char **argv)
{
	struct bench	*b;
	size_t		*idx, n, i;

	(void)argv;
	if (argc > 0) {
		log_error("list takes no arguments (try --help)");
		return 2;
	}
	if ((b = cmd_load_bench(o)) == NULL)
		return 2;
	if (cmd_plan(o, b, &idx, &n) == -1) {
		bench_free(b);
		return 2;
	}
	for (i = 0; i < n; i++) {
		const struct rule *r = &b->rules[idx[i]];

		printf("%-8s L%d %-6s %-8s %s\n", r->id, r->level,
		    r->scored ? "scored" : "manual", severity_name(r->severity),
		    r->title);
	}
	printf("%zu rules (%s %s, level %d)\n", n, b->id, b->version,
	    o->level);
	free(idx);
	bench_free(b);
	return 0;
}

const struct cmd_entry cmd_list_entry = {
	.name = "list",
	.usage = "list [OPTIONS]",
	.help = "list the rules a selection would run",
	.exec = cmd_list_exec,
};
