/*
 * The periodic audit's history directory (--history DIR, --keep N): dated
 * reports per benchmark, latest.json, the previous run of the same
 * benchmark as the baseline, one summary line.
 */
#ifndef DOCKAUDIT_HISTORY_H
#define DOCKAUDIT_HISTORY_H

#include <stdio.h>
#include <time.h>

#include <jansson.h>

struct bench;
struct history;

/*
 * Check DIR (created 0700 when missing; writable), remove what an
 * interrupted run left, and list its runs; NULL and *cause. The bench
 * must outlive the history.
 */
struct history	*history_open(const char *dir, long keep,
		    const struct bench *, time_t now, char **cause);
/*
 * The previous run of the benchmark (of its version or one it has a
 * crosswalk from) and of this host (its id; NULL: any), dated no later
 * than now: the report (borrowed) and its *path, or NULL on a first run.
 * Another host's runs are skipped with a warning.
 */
json_t		*history_baseline(struct history *, const char *host,
		    const char **path);
/*
 * Write this run's reports (each signed into FILE.sig when key is not
 * NULL, latest.json.sig beside latest.json), point latest.json at it,
 * keep the newest.
 */
struct sshsig_key;
int		 history_write(struct history *, json_t *report,
		    time_t started, const struct sshsig_key *key,
		    char **cause);
/* The journal's line; -1 when it could not be written. */
int		 history_summary(FILE *, json_t *report);
void		 history_free(struct history *);

#endif
