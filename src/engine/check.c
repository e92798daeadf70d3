/*
 * A check of a rule (check.h): a probe element with its attributes, or a
 * combinator of checks. Built by the loader (bench.c), evaluated by
 * eval.c, asked what it reads by plan.c.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/check.h"
#include "engine/probe-kind.h"
#include "lib/util.h"

const char *
check_attr(const struct check *c, const char *name)
{
	size_t	i;

	for (i = 0; i < c->attr_names.n; i++) {
		if (strcmp(c->attr_names.v[i], name) == 0)
			return c->attr_values.v[i];
	}
	return NULL;
}

void
check_free(struct check *c)
{
	size_t	i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nkids; i++)
		check_free(c->kids[i]);
	free(c->kids);
	strlist_free(&c->attr_names);
	strlist_free(&c->attr_values);
	cond_free(&c->cond);
	free(c->data);
	free(c);
}

void
check_needs(const struct check *c, struct fact_needs *needs)
{
	size_t	i;

	for (i = 0; i < c->nkids; i++)
		check_needs(c->kids[i], needs);
	if (c->type == CHECK_PROBE && c->probe->needs != NULL)
		c->probe->needs(c, needs);
}
