/*
 * Statuses, severities, verdicts and target rows: what a probe, a
 * combinator and a rule produce. A verdict owns its reason, evidence and
 * targets. The status and severity tables (result.c) are the one place
 * their names, words and orders are written; every writer iterates them.
 */
#ifndef DOCKAUDIT_RESULT_H
#define DOCKAUDIT_RESULT_H

#include <jansson.h>
#include <stddef.h>

#include "lib/cause.h"
#include "lib/json.h"
#include "lib/util.h"

enum status {
	STATUS_PASS,
	STATUS_FAIL,
	STATUS_ERROR,
	STATUS_MANUAL,
	STATUS_INFO,
	STATUS_NA,
	STATUS_WAIVED,
};
#define STATUS_COUNT 7

/*
 * The orders statuses are listed in. They differ on purpose: a summary
 * counts in the record's order, a reader triages worst first (and a
 * rule's rows put the waived ones after what still needs a look), the
 * fleet's table keeps the columns it has always had.
 */
enum status_order {
	STATUS_BY_RECORD,	/* pass fail error manual info n/a waived */
	STATUS_BY_WORST,	/* fail error waived manual info pass n/a */
	STATUS_BY_TRIAGE,	/* fail error manual info waived pass n/a */
	STATUS_BY_FLEET,	/* pass fail error waived n/a manual info */
};
#define STATUS_ORDERS 4

struct status_entry {
	const char	*name;		/* in the record; also its CSS class */
	const char	*label;		/* a column head: "Pass", "N/A" */
	const char	*words;		/* in a sentence: "could not be checked" */
	const char	*heading;	/* the text report's part for these
					   rules, or NULL: counted, not listed */
	const char	*mark;		/* one character in a grid (UTF-8) */
	unsigned char	 place[STATUS_ORDERS];	/* 0 first */
};

/* By enum status. */
extern const struct status_entry status_table[STATUS_COUNT];

const char	*status_name(enum status);
int		 status_from_name(const char *);	/* -1 if unknown */
/* The status at place i (< STATUS_COUNT) of an order. */
enum status	 status_nth(enum status_order, size_t i);
/*
 * Rank for "worst of rows" (STATUS_BY_WORST, highest worst):
 * fail > error > waived > manual > info > pass > n/a.
 */
int		 status_rank(enum status);

/* Ascending, so that "high or above" is a comparison. */
enum severity {
	SEVERITY_LOW,
	SEVERITY_MEDIUM,
	SEVERITY_HIGH,
	SEVERITY_CRITICAL,
};
#define SEVERITY_COUNT 4

struct severity_entry {
	const char	*name;
	int		 headline;	/* the summaries name its failures */
};

/* By enum severity; reports list them the other way, worst first. */
extern const struct severity_entry severity_table[SEVERITY_COUNT];

const char	*severity_name(enum severity);
int		 severity_from_name(const char *);	/* -1 if unknown */
/* The severity at place i (< SEVERITY_COUNT), worst first. */
enum severity	 severity_nth_worst(size_t i);

/* One row of a per-target rule: a file, a container, an image, a process. */
struct target {
	char		*kind;
	char		*id;
	char		*name;
	char		*image;		/* may be NULL */
	char		*engine;	/* the engine's id, engines joined; NULL */
	enum status	 status;
	char		*reason;	/* may be NULL */
	struct cause	*cause;		/* the reason as data, or NULL */
	int		 named;		/* the reason begins with the name */
	json_t		*evidence;	/* object, owned */
	json_t		*waiver;	/* the waiver that covers it, or NULL */
	json_t		*attestation;	/* the attestation that decided it */
};

struct verdict {
	enum status	 status;
	char		*reason;	/* may be NULL */
	struct cause	*cause;		/* the reason as data, or NULL */
	json_t		*evidence;	/* object, owned */
	struct target	*targets;
	size_t		 ntargets;
	int		 rows;		/* the verdict is per target (even if none) */
	json_t		*waiver;	/* a rule-wide waiver applied, or NULL */
	json_t		*attestation;	/* a rule-wide attestation, or NULL */
	int		 scored;	/* scored here though the rule is not
					 * (<engine scored="true">) */
};

/* A decided rule: what the report records of it. */
struct rule;
struct result {
	const struct rule	*rule;
	struct verdict		 v;
};

void	 verdict_init(struct verdict *);
void	 verdict_free(struct verdict *);
/* Set status and (printf) reason, with no cause; a NULL fmt clears the
 * reason. */
void	 verdict_set(struct verdict *, enum status, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
/* Set status and cause (stolen); the reason is the cause's words. */
void	 verdict_because(struct verdict *, enum status, struct cause *);
/* Add a row; kind and id are copied; the row is returned for filling. */
struct target *verdict_add_target(struct verdict *, const char *kind,
	    const char *id, const char *name);
void	 target_set(struct target *, enum status, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	 target_because(struct target *, enum status, struct cause *);
/* Status of a per-target verdict from its rows, with a summary reason. */
void	 verdict_from_rows(struct verdict *);
/*
 * One rule's verdicts on n engines as one verdict: each engine's rows,
 * named "LABEL NAME", and a row of kind "engine" for each verdict with
 * none. The inputs are emptied (freed).
 */
void	 verdict_join(struct verdict *out, struct verdict *in,
	    const char *const *ids, const char *const *labels, size_t n);
/* Copy keys of src into dst where dst has none (evidence merging). */
void	 evidence_merge(json_t *dst, json_t *src);

#endif
