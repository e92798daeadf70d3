/*
 * Why a verdict is what it is, as data: a kind, what the cause is about (a
 * path, an endpoint, a locator's name, a process), the words a person
 * reads, and the cause under it. Whatever decides (the offline outcome of
 * a rule, the sysctl "next boot" case, "one cause once" in the reports)
 * reads the kind and the subject, never the words: rewording a sentence
 * (cause_set_wording) changes no status, grouping or exit code.
 *
 * Adding a kind: a row of CAUSE_KINDS (its name in the record, the words
 * wrapped around the cause under it), the probe or fact that gives it,
 * its name in reports/report.schema.json (docs/HACKING.md).
 */
#ifndef DOCKAUDIT_CAUSE_H
#define DOCKAUDIT_CAUSE_H

#include <jansson.h>

/*
 * X(enum, name in the record, words): the words may name {subject} and
 * {cause} (the words of the cause under it); NULL: the words are given
 * where the cause arises (a source's own error, a benchmark's sentence).
 */
#define CAUSE_KINDS(X)							\
	X(CAUSE_OTHER, "other", NULL)					\
	/* a fact only a running host has, in an offline audit */	\
	X(CAUSE_OFFLINE, "offline", "offline: {cause}")			\
	/* the rule's applies-when does not hold here */		\
	X(CAUSE_NOT_APPLICABLE, "not-applicable", NULL)			\
	/* the file, key or object is not there */			\
	X(CAUSE_ABSENT, "absent", "{subject}: not present")		\
	/* the rule's applies-when could not be decided */		\
	X(CAUSE_APPLICABILITY, "applicability-unknown",			\
	    "cannot tell whether the rule applies: {cause}")		\
	/* a locate= name could not be resolved to paths */		\
	X(CAUSE_CANNOT_LOCATE, "cannot-locate",				\
	    "cannot locate {subject}: {cause}")				\
	/* read, but not understood (bad JSON, too big, I/O error) */	\
	X(CAUSE_UNREADABLE, "unreadable", NULL)				\
	X(CAUSE_PERMISSION, "permission-denied", NULL)			\
	/* the container engine's API did not answer */		\
	X(CAUSE_DAEMON, "daemon-unreachable", NULL)			\
	/* the process whose flags or state decide is not running */	\
	X(CAUSE_NO_PROCESS, "no-process", NULL)				\
	/* right now, and wrong once the host boots again */		\
	X(CAUSE_NEXT_BOOT, "wrong-after-boot",				\
	    "{cause}: wrong after the next boot")				\
	/* the engine decides it by its design (<engine status=>) */	\
	X(CAUSE_BY_ENGINE, "by-engine", NULL)

#define CAUSE_ENUM(e, name, words) e,
enum cause_kind {
	CAUSE_KINDS(CAUSE_ENUM)
	CAUSE_KIND_COUNT
};
#undef CAUSE_ENUM

struct cause {
	enum cause_kind	 kind;
	char		*subject;	/* what it is about, or NULL */
	char		*words;		/* the sentence, whole */
	struct cause	*inner;		/* the cause under it, or NULL */
};

const char	*cause_kind_name(enum cause_kind);
int		 cause_kind_from_name(const char *);	/* -1: unknown */
/* A cause whose words are given (subject may be NULL); copies both. */
struct cause	*cause_new(enum cause_kind, const char *subject,
		    const char *words);
struct cause	*cause_newf(enum cause_kind, const char *subject,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A cause around inner (stolen; may be NULL), worded by its kind's row. */
struct cause	*cause_wrap(enum cause_kind, const char *subject,
		    struct cause *inner);
struct cause	*cause_copy(const struct cause *);
void		 cause_free(struct cause *);
/* The innermost cause: what several rules can share. */
const struct cause *cause_root(const struct cause *);
/* The record's form: {"kind", "words", "subject", "cause"} (new). */
json_t		*cause_json(const struct cause *);

/*
 * The words of the kinds that have them, for tests that reword every
 * sentence: a table indexed by kind (NULL entries keep the row's words),
 * or NULL for the rows' own. Not for the program itself.
 */
void		 cause_set_wording(const char *const *words);

#endif
