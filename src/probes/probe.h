/*
 * Probe kinds: one file per kind (probe-file.c exports probe_file_entry),
 * named once in probes.def, from which this header declares the entries
 * and probe.c builds probe_table[]. A row (engine/probe-kind.h) carries
 * the element name, the attributes it accepts, a line of help and what the
 * check will read: the loader, the audit's prefetch, --list-probes, the
 * man page test and the schema test all read it.
 */
#ifndef DOCKAUDIT_PROBE_H
#define DOCKAUDIT_PROBE_H

#include "engine/bench.h"
#include "engine/probe-kind.h"
#include "engine/result.h"
#include "facts/facts.h"
#include "sources/source.h"

extern const struct probe_entry *const probe_table[];

/*
 * Shared by probes: record a source error (sources/source.h) on a
 * verdict, with its cause as data (engine/cause.h). ENOENT gives
 * notapplicable ("PATH: not present", of the path read: subject) or the
 * missing= outcome, SOURCE_OFFLINE notapplicable ("offline: ..."),
 * anything else error with the cause. subject: the path or API document
 * read, or NULL when the error is not about one.
 */
void	probe_source_error(struct verdict *, int err, const char *subject,
	    const char *cause, const struct check *);
/* An error verdict, or row, for a source's error, whatever err is. */
void	probe_error(struct verdict *, int err, const char *subject,
	    const char *cause);
void	probe_target_error(struct target *, int err, const char *subject,
	    const char *cause);
/*
 * The candidate paths of a check: path=, the words of paths=, or what
 * locate= finds on the host (evidence in v). -1 when the verdict is
 * already decided: error (cannot be known) or the missing= outcome.
 */
int	probe_paths(struct probe_ctx *, const struct check *, struct strlist *,
	    struct verdict *);
/* Outcome of missing="..." (default notapplicable). */
enum status probe_missing(const struct check *);
/*
 * What a comparison's reason may name (engine/message.h): what is the
 * subject of the generic reason ("kernel.kptr_restrict is 0; it should
 * be at least 1"); the rest fill a pass= or fail= template's fields.
 */
struct compare_say {
	const char	*what;
	const char	*target;	/* {target}; NULL: what */
	const char	*source;	/* {source}; NULL: empty */
	const char	*value;		/* {value} in other words; NULL: the value */
};
/* Compare a fact and set the verdict: pass / fail / manual with reason. */
/* key: the evidence key for the value ("KEY test" holds the comparison). */
void	probe_compare_said(const struct check *, const struct compare_say *,
	    const char *key, const json_t *actual, struct verdict *);
/* The same with only what. */
void	probe_compare(const struct check *, const char *what,
	    const char *key, const json_t *actual, struct verdict *);
/*
 * The same for one target row, {target} its name, without the "KEY test"
 * evidence: a probe with rows puts that once on its own verdict with
 * probe_compare_test. A passing row keeps a reason only when the check
 * has a pass= template.
 */
void	probe_compare_test(const struct check *, const char *key, json_t *);
void	probe_compare_row(const struct check *, const char *what,
	    const char *key, const json_t *actual, struct target *);

/* Each kind's entry, from the one list of kinds. */
#define PROBE(name)	extern const struct probe_entry probe_##name##_entry;
#include "probes/probes.def"
#undef PROBE

#endif
