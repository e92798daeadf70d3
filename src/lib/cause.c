/*
 * Causes as data (cause.h): the table of kinds, their words, and their
 * form in the record.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cause.h"
#include "lib/json.h"
#include "lib/util.h"

#define CAUSE_ROW(e, name, words) { name, words },
static const struct {
	const char	*name;
	const char	*words;
} cause_rows[CAUSE_KIND_COUNT] = {
	CAUSE_KINDS(CAUSE_ROW)
};
#undef CAUSE_ROW

static const char *const *cause_wording;

const char *
cause_kind_name(enum cause_kind k)
{
	return cause_rows[k].name;
}

int
cause_kind_from_name(const char *name)
{
	int	k;

	for (k = 0; k < CAUSE_KIND_COUNT; k++) {
		if (strcmp(cause_rows[k].name, name) == 0)
			return k;
	}
	return -1;
}

void
cause_set_wording(const char *const *words)
{
	cause_wording = words;
}

struct cause *
cause_new(enum cause_kind kind, const char *subject, const char *words)
{
	struct cause	*c = xcalloc(1, sizeof *c);

	c->kind = kind;
	c->subject = subject != NULL ? xstrdup(subject) : NULL;
	c->words = xstrdup(words != NULL ? words : "");
	return c;
}

struct cause *
cause_newf(enum cause_kind kind, const char *subject, const char *fmt, ...)
{
	struct cause	*c = cause_new(kind, subject, NULL);
	va_list		 ap;

	free(c->words);
	va_start(ap, fmt);
	c->words = xvasprintf(fmt, ap);
	va_end(ap);
	return c;
}

/* The row's words with {subject} and {cause} filled in. */
static char *
cause_expand(const char *tmpl, const char *subject, const char *inner)
{
	struct buf	 b;
	const char	*p = tmpl;
	size_t		 n;

	buf_init(&b, SIZE_MAX);
	while (*p != '\0') {
		if (strncmp(p, "{subject}", 9) == 0) {
			buf_append(&b, subject != NULL ? subject : "",
			    subject != NULL ? strlen(subject) : 0);
			p += 9;
		} else if (strncmp(p, "{cause}", 7) == 0) {
			buf_append(&b, inner, strlen(inner));
			p += 7;
		} else {
			n = strcspn(p + 1, "{") + 1;
			buf_append(&b, p, n);
			p += n;
		}
	}
	return buf_cstr(&b);
}

struct cause *
cause_wrap(enum cause_kind kind, const char *subject, struct cause *inner)
{
	struct cause	*c = xcalloc(1, sizeof *c);
	const char	*tmpl = cause_wording != NULL &&
			    cause_wording[kind] != NULL ?
			    cause_wording[kind] : cause_rows[kind].words;

	c->kind = kind;
	c->subject = subject != NULL ? xstrdup(subject) : NULL;
	c->inner = inner;
	c->words = cause_expand(tmpl != NULL ? tmpl : "{cause}", subject,
	    inner != NULL ? inner->words : "");
	return c;
}

struct cause *
cause_copy(const struct cause *c)
{
	struct cause	*n;

	if (c == NULL)
		return NULL;
	n = cause_new(c->kind, c->subject, c->words);
	n->inner = cause_copy(c->inner);
	return n;
}

void
cause_free(struct cause *c)
{
	struct cause	*inner;

	while (c != NULL) {
		inner = c->inner;
		free(c->subject);
		free(c->words);
		free(c);
		c = inner;
	}
}

const struct cause *
cause_root(const struct cause *c)
{
	while (c != NULL && c->inner != NULL)
		c = c->inner;
	return c;
}

json_t *
cause_json(const struct cause *c)
{
	json_t	*j = json_pack("{s:s,s:o}", "kind", cause_rows[c->kind].name,
		    "words", evidence_string(c->words));

	if (c->subject != NULL)
		json_object_set_new(j, "subject", evidence_string(c->subject));
	if (c->inner != NULL)
		json_object_set_new(j, "cause", cause_json(c->inner));
	return j;
}
