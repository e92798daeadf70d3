/*
 * Comparisons of a fact with an expected value: the op/value/value-ref
 * attributes of a probe (dockaudit-benchmark(5), "Comparisons").
 */
#ifndef DOCKAUDIT_COND_H
#define DOCKAUDIT_COND_H

#include <jansson.h>

#include "engine/cond-ops.h"
#include "engine/result.h"
#include "lib/util.h"

/* OP_EQ, OP_NE, ...: the rows of engine/cond-ops.h. */
enum cond_op {
#define COND_ENUM(id, ...)	OP_##id,
	COND_OPS(COND_ENUM)
#undef COND_ENUM
	COND_NOPS
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

/* What an operator takes (the value column of engine/cond-ops.h). */
enum cond_value {
	COND_NONE, COND_TEXT, COND_WORDS, COND_NUMBER, COND_PATTERN,
};

/* How it reads the fact (the kind column). */
enum cond_kind {
	COND_SCALAR, COND_LIST, COND_WHOLE,
};

/*
 * One operator: a row of engine/cond-ops.h. decide sees a present fact
 * (of a SCALAR operator, not a list); have is the fact as texts for a
 * LIST operator, empty for the others.
 */
struct cond_op_entry {
	const char	*name;
	enum cond_value	 value;
	enum cond_kind	 kind;
	enum status	 absent;	/* STATUS_PASS or STATUS_FAIL */
	enum cond_op	 negates;	/* itself when not a negation */
	int		(*decide)(const struct cond *, const json_t *,
			    const struct strlist *have);
	void		(*bad)(const struct cond *, const struct strlist *have,
			    struct strlist *out);
	const char	*should;
};

extern const struct cond_op_entry cond_op_table[COND_NOPS];

const char	*cond_op_name(enum cond_op);
/* The operator of that name, or -1. */
int		 cond_op_find(const char *);
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
	/* What follows "is VALUE" in the generic reason: "; it should be
	 * 2", or "" (cond_eval_words only; NULL from cond_words). */
	char	*tail;
};
void		 cond_words(const struct cond *, const json_t *actual,
		    struct cond_words *);
void		 cond_words_free(struct cond_words *);
/* Text form of the expectation, for evidence: "ge 2". */
char		*cond_describe(const struct cond *);

#endif
