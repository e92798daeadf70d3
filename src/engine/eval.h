/*
 * Evaluation: a rule's applicability and check, combinators row by row,
 * and the mapping of outcomes (on-pass / on-fail) to the rule's status.
 */
#ifndef DOCKAUDIT_EVAL_H
#define DOCKAUDIT_EVAL_H

#include "engine/bench.h"
#include "engine/probe-kind.h"
#include "engine/result.h"

void	eval_check(struct probe_ctx *, const struct check *, struct verdict *);
void	eval_rule(struct probe_ctx *, const struct rule *, struct result *);

#endif
