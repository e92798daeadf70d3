/*
 * Statuses, verdicts and target rows: what a probe, a combinator and a rule
 * produce. A verdict owns its reason, evidence and targets.
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

const char	*status_name(enum status);
int		 status_from_name(const char *);	/* -1 if unknown */
/* Rank for "worst of rows": fail > error > manual > info > pass > n/a. */
int		 status_rank(enum status);

/* One row of a per-target rule: a file, a container, an image, a process. */
struct target {
	char		*kind;
	char		*id;
	char		*name;
	char		*image;		/* may be NULL */
	enum status	 status;
	char		*reason;	/* may be NULL */
	struct cause	*cause;		/* the reason as data, or NULL */
	int		 named;		/* the reason begins with the name */
	json_t		*evidence;	/* object, owned */
	json_t		*waiver;	/* the waiver that covers it, or NULL */
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
/* Copy keys of src into dst where dst has none (evidence merging). */
void	 evidence_merge(json_t *dst, json_t *src);

#endif
