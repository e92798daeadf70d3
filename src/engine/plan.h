/*
 * From a selection to a plan: the benchmark and values files, the rules
 * selected, and what they will read.
 */
#ifndef DOCKAUDIT_PLAN_H
#define DOCKAUDIT_PLAN_H

#include <stddef.h>

#include "engine/bench.h"
#include "lib/util.h"

struct fact_needs;

/* Which rules: the level (1 or 2) and the -c and -x ids. */
struct plan_sel {
	int			 level;
	const struct strlist	*checks;
	const struct strlist	*excludes;
};

/*
 * Load a benchmark by name ($DOCKAUDIT_BENCHDIR, then the installed
 * directory) or path, with a values file (or NULL); NULL after printing.
 */
struct bench	*plan_load_bench(const char *name, const char *values,
		    const struct probe_entry *const *probes);
/* The names (and paths) of the .xml files in the benchmark directories. */
void		 plan_benchmarks(struct strlist *names, struct strlist *paths);
/* The rules selected, in benchmark order; -1 (printed) on a bad id. */
int		 plan_select(const struct bench *, const struct plan_sel *,
		    size_t **idx, size_t *n);
/* What the selected rules read, from each probe's needs hook. */
void		 plan_needs(const struct bench *, const size_t *idx, size_t n,
		    struct fact_needs *);

#endif
