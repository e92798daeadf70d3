/*
 * A benchmark in memory: sections, rules and their checks, loaded from the
 * XML format of dockaudit-benchmark(5), plus the tailorable values.
 *
 * bench_load() prints every problem as "FILE:LINE: message" through
 * log_error() and returns NULL; callers exit 2. The bench owns everything
 * reachable from it; bench_free() releases it all.
 */
#ifndef DOCKAUDIT_BENCH_H
#define DOCKAUDIT_BENCH_H

#include <stddef.h>

#include "engine/check.h"
#include "engine/cond.h"
#include "engine/result.h"
#include "engine/value.h"
#include "lib/util.h"

struct probe_entry;

/*
 * What a rule means on some engines (<engine kind=...>): decided by
 * construction (status and reason), or another check. Rules without one
 * for an engine run their own check there.
 */
struct rule_engine {
	unsigned int	 kinds;		/* ENGINE_MASK bits (facts/engines.h) */
	enum status	 status;	/* with reason; unused with check */
	char		*reason;
	struct check	*check;		/* or NULL */
	enum status	 on_pass;
	enum status	 on_fail;
	int		 scored;	/* -1: the rule's; 0 or 1 (scored=) */
	int		 own;		/* the rule's own check, with these
					 * outcomes (no check, no status) */
	int		 line;
};

struct rule {
	char		*id;
	char		*section;	/* top-level section id */
	char		*title;
	char		*description;
	char		*rationale;
	char		*remediation;
	struct strlist	 refs;
	int		 level;
	int		 scored;
	enum severity	 severity;
	struct check	*applicable;	/* may be NULL */
	char		*na_reason;
	struct check	*check;
	enum status	 on_pass;
	enum status	 on_fail;
	struct rule_engine *engines;
	size_t		 nengines;
	int		 line;
};

/* The rule's meaning on engine kind k, or NULL: its own check. */
const struct rule_engine *rule_engine_for(const struct rule *, int k);

struct section {
	char	*id;
	char	*title;
};

/*
 * One step of a derived benchmark's chain (extends=): from the base's
 * version to this one. The crosswalk renames map_from[i] to map_to[i]
 * (all at once); then dropped rules are gone and added ones are new.
 */
struct bench_step {
	char		*from_version;
	char		*to_version;
	struct strlist	 map_from, map_to;
	struct strlist	 dropped;	/* ids of to_version's numbering */
	struct strlist	 added;
};

struct bench {
	char		*id;
	char		*version;
	char		*title;
	char		*path;
	char		 sha256[65];
	struct value	*values;
	size_t		 nvalues;
	struct rule	*rules;
	size_t		 nrules;
	struct section	*sections;	/* top level only */
	size_t		 nsections;
	char		*values_path;	/* --values file, or NULL */
	char		 values_sha256[65];	/* of the bytes read */
	struct bench_step *steps;	/* the chain, oldest first */
	size_t		 nsteps;
	struct strlist	 bases;		/* the files of the chain it extends */
};

/*
 * The file of benchmark NAME: NAME itself when it holds a / or ends in
 * .xml, else NAME.xml in $DOCKAUDIT_BENCHDIR, then in the installed
 * directory; NULL and *dirs, where it was looked for, when not found.
 */
char		*bench_find(const char *name, char **dirs);
/* Is VERSION this benchmark's, or one of the chain it derives from? */
int		 bench_has_version(const struct bench *, const char *version);
/*
 * The id now of rule ID of VERSION (*out: borrowed from the bench, NULL
 * when the rule was dropped since or is unknown); -1 when VERSION is not
 * in the chain (no crosswalk), 1 when ID is unknown (neither dropped nor
 * a rule now).
 */
int		 bench_map_id(const struct bench *, const char *version,
		    const char *id, const char **out);
/* Was rule ID (an id of this version) in VERSION? 0: added since. */
int		 bench_rule_in(const struct bench *, const char *version,
		    const char *id);
/* Checks are elements named after a probe kind of the table given. */
struct bench	*bench_load(const char *path,
		    const struct probe_entry *const *probes);
/* The row of a table (NULL-terminated) with that name, or NULL. */
const struct probe_entry *probe_kind_find(const struct probe_entry *const *,
		    const char *name);
void		 bench_free(struct bench *);
/* The rule of that id, or NULL. */
struct rule	*bench_rule(const struct bench *, const char *id);
/* Is s a rule id as written: numbers and dots ("5.10")? */
int		 bench_rule_id_ok(const char *s);
struct value	*bench_value(const struct bench *, const char *);
/* Apply a --values file; 0 or -1 after printing FILE:LINE errors. */
int		 bench_load_values(struct bench *, const char *path);
/* Check a file of either kind (benchmark or values): 0 valid, -1 not. */
/* 1 benchmark, 2 values file, 0 invalid (errors printed). */
int		 bench_file_kind(const char *path);
/* A valid benchmark's id, version and title, or -1 (nothing printed). */
int		 bench_peek(const char *path, char **id, char **version,
		    char **title);
const char	*section_title(const struct bench *, const char *id);

#endif
