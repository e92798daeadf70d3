/*
 * Comparisons of a fact with an expected value: the op/value/value-ref
 * attributes of a probe (dockaudit-benchmark(5), "Comparisons").
 */
#ifndef DOCKAUDIT_COND_H
#define DOCKAUDIT_COND_H

#include <jansson.h>

#include "engine/result.h"
#include "lib/util.h"

enum cond_op {
	OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
	OP_IN, OP_NOT_IN, OP_CONTAINS, OP_NOT_CONTAINS,
	OP_INTERSECTS, OP_DISJOINT, OP_SUBSET_OF,
	OP_MATCH, OP_NOT_MATCH, OP_EXISTS, OP_ABSENT,
	OP_TRUE, OP_FALSE, OP_EMPTY, OP_NOT_EMPTY,
	OP_CONTAINS_MATCH, OP_NOT_CONTAINS_MATCH, OP_UNDER, OP_NOT_UNDER,
};

struct value;
struct cond_words;

struct cond {
	enum cond_op		 op;
	char			*literal;	/* value="..." or NULL */
	struct strlist		 list;		/* literal split on spaces */
	const struct value	*ref;		/* value-ref, or NULL */
	void			*regex;		/* compiled for match ops */
};

const char	*cond_op_name(enum cond_op);
/* Fill from attributes; -1 and *cause on a bad op, value or regex. */
int		 cond_init(struct cond *, const char *op, const char *value,
		    const struct value *ref, char **cause);
void		 cond_free(struct cond *);
/*
 * Compare; actual NULL means the fact is absent. Returns pass, fail, or
 * manual when a value-ref is not set; *why (allocated) says in words what
 * was seen and, failing, what it should be: "is 0; it should be 2".
 */
enum status	 cond_eval(const struct cond *, const json_t *actual,
		    char **why);
/* The same, and the comparison in words (for a template) in *w. */
enum status	 cond_eval_words(const struct cond *, const json_t *actual,
		    char **why, struct cond_words *w);
/* A comparison in words, for reason templates (engine/message.h). */
struct cond_words {
	char	*value;		/* the value seen */
	char	*bad;		/* the items that break the test, or value */
	char	*expected;	/* the comparison's value */
};
void		 cond_words(const struct cond *, const json_t *actual,
		    struct cond_words *);
void		 cond_words_free(struct cond_words *);
/* Text form of the expectation, for evidence: "ge 2". */
char		*cond_describe(const struct cond *);

#endif
