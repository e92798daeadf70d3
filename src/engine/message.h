/*
 * Reason templates: a comparing probe's pass= and fail= attributes
 * (dockaudit-benchmark(5), "Messages"). A template holds text and fields
 * in braces; the fields are what the check compared and nothing else, so
 * a benchmark file cannot make a reason read another fact.
 */
#ifndef DOCKAUDIT_MESSAGE_H
#define DOCKAUDIT_MESSAGE_H

#define MSG_TEMPLATE_MAX	1024	/* bytes of a pass= or fail= */
#define MSG_SENTENCE_MAX	4096	/* bytes of a sentence made of one */

/* The values a template may name; NULL fields expand to "". */
struct msg_fields {
	const char	*target;	/* the row's name, or the subject */
	const char	*value;		/* the value seen, in words */
	const char	*bad;		/* the items that broke the test */
	const char	*expected;	/* the comparison's value, in words */
	const char	*source;	/* where a daemon option came from */
};

/* 0, or -1 and *cause naming the bad field or brace. */
int	 msg_check(const char *tmpl, char **cause);
/* Whether the sentence begins with the target's name ("{target} ..."). */
int	 msg_leads_with_target(const char *tmpl);
/* The sentence; the template was checked at load. */
char	*msg_expand(const char *tmpl, const struct msg_fields *);

#endif
