/*
 * The periodic audit's history directory (--history DIR, --keep N): dated
 * reports, latest.json, the previous run as the baseline, one summary line.
 */
#ifndef DOCKAUDIT_HISTORY_H
#define DOCKAUDIT_HISTORY_H

#include <stdio.h>
#include <time.h>

#include <jansson.h>

struct history;

/* Check DIR (exists, writable) and find the previous run; NULL, *cause. */
struct history	*history_open(const char *dir, long keep, char **cause);
/* The newest earlier JSON report, or NULL on a first run. */
const char	*history_previous(const struct history *);
/* Write this run's reports, point latest.json at it, keep the newest. */
int		 history_write(struct history *, json_t *report,
		    time_t started, char **cause);
void		 history_summary(FILE *, json_t *report);
void		 history_free(struct history *);

#endif
