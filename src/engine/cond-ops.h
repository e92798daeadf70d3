/*
 * The comparison operators of dockaudit-benchmark(5), COMPARISONS: one
 * row each. The enum (engine/cond.h), the name lookup, the checks of the
 * value at load time, the rule for an absent fact, the list semantics,
 * the negations, the words of reasons and the dispatch of cond.c all come
 * from these rows; docs/HACKING.md, "A new comparison operator".
 *
 * X(ID, name, value, kind, absent, negates, decide, bad, should)
 *   ID       the enum is OP_ID
 *   name     the op attribute's value in benchmark files
 *   value    what it takes: NONE (no value); TEXT (a text, or a named
 *            value's first item); WORDS (a list: the literal's words or a
 *            named value's items); NUMBER (a literal number); PATTERN (a
 *            literal POSIX extended regular expression)
 *   kind     SCALAR: compares one value, and each element of a list fact;
 *            LIST: compares the fact, as a list of texts, with the value;
 *            WHOLE: looks at the fact as a whole
 *   absent   what an absent fact yields: PASS or FAIL
 *   negates  the ID of the operator this one negates, or its own ID. A
 *            negation has no decide function: it passes when its positive
 *            form fails, and on a list fact of a SCALAR kind when no
 *            element satisfies its positive form
 *   decide   1 pass, 0 fail on a present fact (NULL for a negation)
 *   bad      a LIST operator's items that break it, for {bad}; NULL: none
 *   should   what a failing fact should do, for reasons ("%s": the value)
 */
#ifndef DOCKAUDIT_COND_OPS_H
#define DOCKAUDIT_COND_OPS_H

#define COND_OPS(X)							\
	X(EQ, "eq", TEXT, SCALAR, FAIL, EQ,				\
	    decide_eq, NULL, "be %s")					\
	X(NE, "ne", TEXT, SCALAR, PASS, EQ,				\
	    NULL, NULL, "not be %s")					\
	X(LT, "lt", NUMBER, SCALAR, FAIL, LT,				\
	    decide_lt, NULL, "be below %s")				\
	X(LE, "le", NUMBER, SCALAR, FAIL, LE,				\
	    decide_le, NULL, "be at most %s")				\
	X(GT, "gt", NUMBER, SCALAR, FAIL, GT,				\
	    decide_gt, NULL, "be above %s")				\
	X(GE, "ge", NUMBER, SCALAR, FAIL, GE,				\
	    decide_ge, NULL, "be at least %s")				\
	X(IN, "in", WORDS, SCALAR, FAIL, IN,				\
	    decide_in, NULL, "be one of %s")				\
	X(NOT_IN, "not-in", WORDS, SCALAR, PASS, IN,			\
	    NULL, NULL, "be none of %s")				\
	X(CONTAINS, "contains", WORDS, LIST, FAIL, CONTAINS,		\
	    decide_contains, bad_missing, "include %s")			\
	X(NOT_CONTAINS, "not-contains", WORDS, LIST, PASS, INTERSECTS,	\
	    NULL, bad_listed, "not include %s")				\
	X(INTERSECTS, "intersects", WORDS, LIST, FAIL, INTERSECTS,	\
	    decide_intersects, NULL, "include one of %s")		\
	X(DISJOINT, "disjoint", WORDS, LIST, PASS, INTERSECTS,		\
	    NULL, bad_listed, "include none of %s")			\
	X(SUBSET_OF, "subset-of", WORDS, LIST, PASS, SUBSET_OF,	\
	    decide_subset_of, bad_unlisted, "hold nothing outside %s")	\
	X(MATCH, "match", PATTERN, SCALAR, FAIL, MATCH,			\
	    decide_match, NULL, "have the form the benchmark requires")	\
	X(NOT_MATCH, "not-match", PATTERN, SCALAR, PASS, MATCH,		\
	    NULL, NULL, "not have the form the benchmark forbids")	\
	X(EXISTS, "exists", NONE, WHOLE, FAIL, EXISTS,			\
	    decide_exists, NULL, "be set")				\
	X(ABSENT, "absent", NONE, WHOLE, PASS, EXISTS,			\
	    NULL, NULL, "not be set")					\
	X(TRUE, "true", NONE, SCALAR, FAIL, TRUE,			\
	    decide_true, NULL, "be true")				\
	X(FALSE, "false", NONE, SCALAR, FAIL, FALSE,			\
	    decide_false, NULL, "be false")				\
	X(EMPTY, "empty", NONE, WHOLE, PASS, EMPTY,			\
	    decide_empty, NULL, "be empty")				\
	X(NOT_EMPTY, "not-empty", NONE, WHOLE, FAIL, EMPTY,		\
	    NULL, NULL, "not be empty")					\
	X(CONTAINS_MATCH, "contains-match", PATTERN, LIST, FAIL,	\
	    CONTAINS_MATCH, decide_contains_match, NULL,		\
	    "include an entry of the form the benchmark requires")	\
	X(NOT_CONTAINS_MATCH, "not-contains-match", PATTERN, LIST, PASS, \
	    CONTAINS_MATCH, NULL, bad_matching,				\
	    "include no entry of the form the benchmark forbids")	\
	X(UNDER, "under", WORDS, LIST, FAIL, UNDER,			\
	    decide_under, NULL, "be under %s")				\
	X(NOT_UNDER, "not-under", WORDS, LIST, PASS, UNDER,		\
	    NULL, bad_under, "not be under %s")

#endif
