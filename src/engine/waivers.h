/*
 * Waivers (dockaudit-waivers(5)): accepted exceptions with a reason, an
 * approver and an expiry date, for a rule or for some of its targets. A
 * valid waiver turns a failing result or row into "waived"; an expired or
 * unmatched one is reported, never applied.
 */
#ifndef DOCKAUDIT_WAIVERS_H
#define DOCKAUDIT_WAIVERS_H

#include <time.h>

#include <jansson.h>

#include "engine/result.h"

struct facts;
struct waivers;

/* Load and check a waivers file; NULL after printing FILE:LINE errors. */
struct waivers	*waivers_load(const char *path);
void		 waivers_free(struct waivers *);
struct bench;
/*
 * A file written for another version of the run's benchmark (<waivers
 * benchmark= version=>): its rule ids through the crosswalk. -1 (printed)
 * for another benchmark, a version with no crosswalk to this one, or a
 * rule the file's benchmark does not have. Warns about a file that names
 * no version (its ids are taken as the run's).
 */
int		 waivers_for(struct waivers *, const struct bench *);
size_t		 waivers_count(const struct waivers *);
/*
 * How many have expired at now; *list gets "2.14, expired 2026-01-31"
 * for each ("; " between), to free, or NULL when none has.
 */
size_t		 waivers_expired(const struct waivers *, time_t now,
		    char **list);
/* {"path", "sha256"} of the file read, or null (no waivers). */
json_t		*waivers_file_json(const struct waivers *);
/*
 * Apply to one decided rule: failing rows (and the rule, for a waiver
 * without <match>) that a waiver valid at now covers become waived.
 */
void		 waivers_apply(struct waivers *, const char *rule, struct facts *,
		    time_t now, struct verdict *);
/* Every waiver with its state (applied, expired, unmatched), for the
 * report; warns on stderr about those not applied. */
json_t		*waivers_report(struct waivers *, time_t now);

#endif
