/*
 * dockaudit fix: a plan of changes for the failures of a saved record,
 * derived from the failed rules' checks in the benchmark (the shape of
 * each probe element: a daemon option and its wanted value, a file's
 * owner, group and mode, a path to watch, a container's setting) and
 * the record's evidence (dockerd's argv, the paths found, the failing
 * containers). Nothing on the host is changed and nothing is run: the
 * plan is files for a person (or a playbook) to apply.
 *
 * The plan is one JSON document (schema dockaudit-fix/1, plan.json);
 * every other file of the plan is rendered from it alone (fix-write.c).
 * fix_plan() returns a new reference; the request's members are
 * borrowed.
 */
#ifndef DOCKAUDIT_FIX_H
#define DOCKAUDIT_FIX_H

#include <stddef.h>

#include <jansson.h>

#include "engine/bench.h"

#define FIX_SCHEMA	"dockaudit-fix/1"

struct fix_request {
	const char		*record_path;
	json_t			*record;
	const struct bench	*bench;
	const size_t		*idx;		/* the selected rules */
	size_t			 n;
	const char		*root;		/* NULL: / */
	int			 skip_disruptive;
};

/* The plan; NULL after printing why (a host file that cannot be read). */
json_t	*fix_plan(const struct fix_request *);
/*
 * Can the plan go into dir? It is made when missing (its parent must
 * exist); an existing one must be empty or hold a previous plan (its
 * plan.json of schema dockaudit-fix/1). 0, or -1 after printing why.
 */
int	 fix_dir_check(const char *dir);
/*
 * Write the plan's files into dir, each to a temporary file renamed into
 * place, and remove the files of a previous plan that this one does not
 * have. 0, or -1 after printing why.
 */
int	 fix_write(json_t *plan, const char *dir);

#endif
