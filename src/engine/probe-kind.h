/*
 * The interface a probe kind implements (src/probes has the kinds and
 * their table). The engine loads checks against a table of these rows and
 * evaluates a check by calling its row's exec; before a run, each row's
 * needs hook says what the check will read, so that the facts are fetched
 * in one batch and the audit command never names a probe.
 */
#ifndef DOCKAUDIT_PROBE_KIND_H
#define DOCKAUDIT_PROBE_KIND_H

struct bench;
struct check;
struct facts;
struct fact_needs;
struct source;
struct verdict;

struct engine;

struct probe_ctx {
	struct source		*src;
	struct facts		*facts;
	const struct bench	*bench;
	const struct engine	*engine;	/* audited; NULL: the one docker */
};

struct probe_entry {
	const char	 *name;
	const char	 *help;
	const char *const *attrs;	/* accepted, NULL-terminated */
	int		  flags;
#define PROBE_COMPARE	0x1		/* takes op, value, value-ref */
#define PROBE_TARGETS	0x2		/* yields one row per target */
	/* Check attributes the schema cannot; -1 and *cause. May be NULL. */
	int		(*prepare)(struct check *, char **);
	/* Add what this check will read to the run's needs. May be NULL. */
	void		(*needs)(const struct check *, struct fact_needs *);
	void		(*exec)(struct probe_ctx *, const struct check *,
			    struct verdict *);
};

#endif
