/*
 * Fleet reports (dockaudit merge): many single-host JSON records read one
 * at a time into a compact summary per host (never their evidence), then
 * one "dockaudit-fleet/1" document (reports/fleet.schema.json) with the
 * hosts, the rules of the majority benchmark across the current hosts,
 * the score distribution, the drift against an earlier fleet report and
 * the gate. Every fleet format is rendered from that document alone
 * (fleet-out.c), like the single-host formats from the record.
 *
 * Ownership: fleet_build() returns a new reference; fleet_gate() and
 * fleet_drift() only add members to the document they are given.
 */
#ifndef DOCKAUDIT_FLEET_H
#define DOCKAUDIT_FLEET_H

#include <time.h>

#include <jansson.h>

#include "report/report.h"
#include "lib/util.h"

#define FLEET_SCHEMA	"dockaudit-fleet/1"

struct fleet;

struct fleet_opts {
	time_t			 now;
	long			 max_age_h;	/* older: stale */
	const struct strlist	*tags;		/* KEY=VALUE, all */
	/* An allowed_signers file: a record is read only when FILE.sig is a
	 * good signature by a key it names; NULL: signatures not checked. */
	const char		*signers;
};

struct fleet	*fleet_new(const struct fleet_opts *);
void		 fleet_free(struct fleet *);
/*
 * A record file, or a directory of them (a --history directory: its
 * newest run per benchmark). A file that cannot be read or is not a
 * record is kept as unreadable (and logged); never fails.
 */
void		 fleet_add_path(struct fleet *, const char *path);
/* The fleet document (new reference), without drift and gate. */
json_t		*fleet_build(struct fleet *);
/* An earlier fleet report; NULL and *cause when it is not one. */
json_t		*fleet_load(const char *path, char **cause);
/* Add "drift" against an earlier fleet document (borrowed). */
/* b: the benchmark of the fleet's majority, for a baseline of an
 * earlier version (its rule ids through the crosswalk), or NULL. */
struct bench;
void		 fleet_drift(json_t *doc, json_t *old, const char *path,
		    const struct bench *b);
/*
 * Decide and record the gate ("gate"): 1 it failed, else 3 when an input
 * was unreadable, else 0. fail_on: a severity, "new", "stale", "none" or
 * NULL (gate_fail_on(): low, or none with --fail-under alone).
 */
int		 fleet_gate(json_t *doc, const struct gate *);

/* The fleet formats: json, html, junit, csv (fleet-out.c). */
extern const struct report_format *const fleet_formats[];
/* "x.csv" or "csv:x" -> format and path (copied). */
const struct report_format *fleet_format_for(const char *spec, char **path,
		    char **cause);
/* The fleet page (fleet-html.c). */
int		 fleet_html_write(json_t *doc, FILE *fp,
		    const struct render_opts *);
/* The short summary printed without -o. */
int		 fleet_text_write(json_t *doc, FILE *fp);

#endif
