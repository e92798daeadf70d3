/*
 * Expanding reason templates. The field names are a fixed table: the
 * schema (benchmark.rng, "message") lists the same ones, and
 * tests/unit/test-message.c checks both agree.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "engine/message.h"
#include "lib/util.h"

static const char *const msg_field_names[] = {
	"target", "value", "bad", "expected", "source", NULL
};

static const char *
field_value(const struct msg_fields *f, size_t i)
{
	const char	*v[] = { f->target, f->value, f->bad, f->expected,
			    f->source };

	return v[i] != NULL ? v[i] : "";
}

/* The index of the field at s (just past "{"), or -1. */
static int
field_at(const char *s, size_t *len)
{
	size_t	i, n;

	for (i = 0; msg_field_names[i] != NULL; i++) {
		n = strlen(msg_field_names[i]);
		if (strncmp(s, msg_field_names[i], n) == 0 && s[n] == '}') {
			*len = n + 1;
			return (int)i;
		}
	}
	return -1;
}

/* As much of s as the sentence still has room for. */
static void
append_cut(struct buf *b, const char *s, size_t n)
{
	if (b->len >= MSG_SENTENCE_MAX)
		return;
	if (n > MSG_SENTENCE_MAX - b->len)
		n = MSG_SENTENCE_MAX - b->len;
	(void)buf_append(b, s, n);
}

int
msg_check(const char *tmpl, char **cause)
{
	const char	*p;
	size_t		 len;

	if (*tmpl == '\0') {
		*cause = xstrdup("an empty message");
		return -1;
	}
	if (strlen(tmpl) > MSG_TEMPLATE_MAX) {
		*cause = xasprintf("a message of %zu bytes; a template holds at "
		    "most %d", strlen(tmpl), MSG_TEMPLATE_MAX);
		return -1;
	}
	for (p = tmpl; *p != '\0'; p++) {
		if (*p == '}') {
			*cause = xasprintf("a \"}\" outside a field in \"%s\"",
			    tmpl);
			return -1;
		}
		if (*p != '{')
			continue;
		if (field_at(p + 1, &len) == -1) {
			*cause = xasprintf("unknown field \"%.*s\" in \"%s\" "
			    "(fields: {target} {value} {bad} {expected} "
			    "{source})", (int)(strcspn(p, "}") + 1), p, tmpl);
			return -1;
		}
		p += len;
	}
	return 0;
}

char *
msg_expand(const char *tmpl, const struct msg_fields *f)
{
	struct buf	 b;
	const char	*p, *v;
	size_t		 len, run;
	int		 i;

	/* Fields are bounded (cond_words); so is the sentence: what passes
	 * MSG_SENTENCE_MAX is cut, with a mark, never lost whole. */
	buf_init(&b, MSG_SENTENCE_MAX + 16);
	for (p = tmpl; *p != '\0'; ) {
		run = strcspn(p, "{");
		append_cut(&b, p, run);
		p += run;
		if (*p == '\0')
			break;
		if ((i = field_at(p + 1, &len)) != -1) {
			v = field_value(f, (size_t)i);
			append_cut(&b, v, strlen(v));
			p += len + 1;
		} else
			append_cut(&b, p++, 1);
	}
	if (b.len >= MSG_SENTENCE_MAX)
		(void)buf_append(&b, "...[cut]", 8);
	return buf_cstr(&b);	/* the caller owns the data */
}

int
msg_leads_with_target(const char *tmpl)
{
	return tmpl != NULL && strncmp(tmpl, "{target} ", 9) == 0;
}
