/*
 * A rule's check: one probe element (the kind, its attributes, its
 * comparison) or all / any / none of checks.
 */
#ifndef DOCKAUDIT_CHECK_H
#define DOCKAUDIT_CHECK_H

#include <stddef.h>

#include "engine/cond.h"
#include "lib/util.h"

struct fact_needs;
struct probe_entry;

enum check_type {
	CHECK_PROBE,
	CHECK_ALL,
	CHECK_ANY,
	CHECK_NONE,
};

struct check {
	enum check_type		  type;
	const struct probe_entry *probe;	/* CHECK_PROBE */
	struct strlist		  attr_names;
	struct strlist		  attr_values;
	struct cond		  cond;		/* probes with PROBE_COMPARE */
	struct check		**kids;
	size_t			  nkids;
	const char		 *file;		/* the bench's path */
	int			  line;
	void			 *data;		/* the probe's parsed form */
};

/* The value of an attribute of a probe element, or NULL. */
const char	*check_attr(const struct check *, const char *);
void		 check_free(struct check *);
/* Add what the check and its kids will read (each probe's needs hook). */
void		 check_needs(const struct check *, struct fact_needs *);

#endif
