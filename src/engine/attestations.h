/*
 * Attestations (dockaudit-attestations(5)): a person's verdict, pass or
 * fail, on a manual rule, or on some of its rows, with an explanation,
 * who gave it, when, and when it lapses. A valid attestation turns a
 * manual result or row into its status, with a reason that says who
 * attested it; an expired or unmatched one is reported, never applied.
 * Automated rules are never attested: a check decides them.
 */
#ifndef DOCKAUDIT_ATTESTATIONS_H
#define DOCKAUDIT_ATTESTATIONS_H

#include <time.h>

#include <jansson.h>

#include "engine/result.h"

struct attestations;
struct bench;
struct rule;

/* Load and check an attestations file; NULL after printing FILE:LINE
 * errors. */
struct attestations *attestations_load(const char *path);
void		 attestations_free(struct attestations *);
/*
 * Check the file against the run's benchmark: its rule ids through the
 * crosswalk when it was written for an earlier version. -1 (printed,
 * FILE:LINE) for another benchmark, a rule the benchmark lacks, or a rule
 * that is not manual in it.
 */
int		 attestations_for(struct attestations *, const struct bench *);
size_t		 attestations_count(const struct attestations *);
/* How many have expired at now. */
size_t		 attestations_expired(const struct attestations *, time_t now);
/* {"path", "sha256"} of the file read, or null (no attestations). */
json_t		*attestations_file_json(const struct attestations *);
/*
 * Apply to one decided rule: a manual result (or its manual rows named by
 * <target>) that an attestation valid at now covers becomes pass or fail,
 * its reason the attestation's sentence.
 */
void		 attestations_apply(struct attestations *, const char *rule,
		    time_t now, struct verdict *);
/* Every attestation with its state (applied, expired, unmatched), for the
 * record; warns on stderr about those not applied. */
json_t		*attestations_report(struct attestations *, time_t now);

/* The days of a period, "90d" (1 to 9999); -1 when it is not one. */
long		 attestations_every(const char *);

/* Is the rule manual in its benchmark: a manual probe in its check, or an
 * outcome (on-pass=, on-fail=) that is manual? */
int		 rule_is_manual(const struct rule *);

/* What `dockaudit attest` adds to a file. */
struct attestation_new {
	const char		*rule;
	const char		*status;	/* "pass" or "fail" */
	const char		*by;
	const char		*explanation;
	const char		*expires;	/* YYYY-MM-DD, or NULL */
	const char		*every;		/* "90d", or NULL */
	const struct strlist	*targets;
	time_t			 today;
};

/*
 * Add one attestation to the file at path (created, naming the bench's id
 * and version, when missing): the result is checked with the loader and
 * against the bench before it replaces the file (a temporary file, then
 * rename). 0, or -1 after printing why.
 */
int		 attestations_add(const char *path, const struct bench *,
		    const struct attestation_new *);

#endif
