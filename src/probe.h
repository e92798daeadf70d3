/*
 * Probe kinds: one file per kind (probe-file.c exports probe_file_entry),
 * listed in probe_table[] in probe.c. A row carries the element name, the
 * attributes it accepts and a line of help: the loader, --list-probes, the
 * man page test and the schema test all read it.
 */
#ifndef DOCKAUDIT_PROBE_H
#define DOCKAUDIT_PROBE_H

#include "bench.h"
#include "facts.h"
#include "result.h"
#include "source.h"

struct probe_ctx {
	struct source		*src;
	struct facts		*facts;
	const struct bench	*bench;
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
	void		(*exec)(struct probe_ctx *, const struct check *,
			    struct verdict *);
};

extern const struct probe_entry *const probe_table[];

const struct probe_entry *probe_find(const char *);

/*
 * Shared by probes: record a source error on a verdict. ENOENT gives
 * notapplicable ("not present") or the missing= outcome, SOURCE_OFFLINE
 * notapplicable ("offline"), anything else error with the cause.
 */
void	probe_source_error(struct verdict *, int err, const char *cause,
	    const struct check *);
/*
 * The candidate paths of a check: path=, the words of paths=, or what
 * locate= finds on the host (evidence in v). -1 when the verdict is
 * already decided: error (cannot be known) or the missing= outcome.
 */
int	probe_paths(struct probe_ctx *, const struct check *, struct strlist *,
	    struct verdict *);
/* Outcome of missing="..." (default notapplicable). */
enum status probe_missing(const struct check *);
/* The same for one target row; a passing row keeps no reason text. */
void	probe_compare_row(const struct check *, const char *what,
	    const char *key, const json_t *actual, struct target *);
/* Compare a fact and set the verdict: pass / fail / manual with reason. */
/* what: words for the reason; key: the evidence key for the value. */
void	probe_compare(const struct check *, const char *what,
	    const char *key, const json_t *actual, struct verdict *);

/* RFC 6901 lookup in a document; borrowed, NULL when absent. */
json_t	*json_pointer_get(json_t *, const char *);

/* Add the inspect pointers a derived container fact reads. */
void	container_fact_needs(const char *fact, struct strlist *);

extern const struct probe_entry probe_container_entry;
extern const struct probe_entry probe_daemon_option_entry;
extern const struct probe_entry probe_docker_api_entry;
extern const struct probe_entry probe_docker_inventory_entry;
extern const struct probe_entry probe_environment_entry;
extern const struct probe_entry probe_file_entry;
extern const struct probe_entry probe_json_file_entry;
extern const struct probe_entry probe_audit_watch_entry;
extern const struct probe_entry probe_sysctl_entry;
extern const struct probe_entry probe_lsm_entry;
extern const struct probe_entry probe_cmdline_entry;
extern const struct probe_entry probe_mount_entry;
extern const struct probe_entry probe_listen_entry;
extern const struct probe_entry probe_group_entry;
extern const struct probe_entry probe_image_entry;
extern const struct probe_entry probe_process_entry;
extern const struct probe_entry probe_manual_entry;

#endif
