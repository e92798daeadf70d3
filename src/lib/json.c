/*
 * JSON helpers shared by every layer (see json.h): the RFC 6901 pointer
 * lookup that rules, waivers, the fast parser and diff use, and the one
 * way hostile text becomes a string in the record.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"

#define EVIDENCE_MAX 4096

/* RFC 6901: "/a/b~1c" -> ["a"]["b/c"]; borrowed result or NULL. */
json_t *
json_pointer_get(json_t *doc, const char *ptr)
{
	char	*tok, *p, *q, *end;
	size_t	 n, idx;

	while (doc != NULL && *ptr == '/') {
		ptr++;
		n = strcspn(ptr, "/");
		tok = xstrndup(ptr, n);
		for (p = q = tok; *p != '\0'; p++) {
			if (p[0] == '~' && p[1] == '0') {
				*q++ = '~';
				p++;
			} else if (p[0] == '~' && p[1] == '1') {
				*q++ = '/';
				p++;
			} else
				*q++ = *p;
		}
		*q = '\0';
		if (json_is_object(doc))
			doc = json_object_get(doc, tok);
		else if (json_is_array(doc)) {
			idx = strtoul(tok, &end, 10);
			doc = *tok != '\0' && *end == '\0' ?
			    json_array_get(doc, idx) : NULL;
		} else
			doc = NULL;
		free(tok);
		ptr += n;
	}
	return doc;
}

json_t *
evidence_string(const char *s)
{
	char	*clean;
	json_t	*j;

	if (s == NULL)
		return json_null();
	clean = text_sanitize(s, strlen(s), EVIDENCE_MAX);
	j = json_string(clean);
	free(clean);
	return j != NULL ? j : json_string("(unprintable)");
}

json_t *
strlist_json(const struct strlist *l)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < l->n; i++)
		json_array_append_new(a, evidence_string(l->v[i]));
	return a;
}

char *
json_error_words(const char *text)
{
	const char	*at = strstr(text, " expected near ");
	const char	*end = " expected";
	size_t		 n = strlen(text), m = strlen(end);

	if (at != NULL)
		return xasprintf("%.*s is missing near %s", (int)(at - text),
		    text, at + strlen(" expected near "));
	if (n > m && strcmp(text + n - m, end) == 0)
		return xasprintf("%.*s is missing", (int)(n - m), text);
	return xstrdup(text);
}

char *
json_pointer_words(const char *ptr)
{
	struct buf	 b;
	const char	*seg, *end;
	size_t		 n, i;
	int		 index;

	if (*ptr == '\0')
		return xstrdup("the whole document");
	buf_init(&b, 4096);
	for (seg = ptr + 1; ; seg = end + 1) {
		end = strchr(seg, '/');
		n = end != NULL ? (size_t)(end - seg) : strlen(seg);
		index = n > 0 && strspn(seg, "0123456789") >= n;
		if (index)
			(void)buf_append(&b, "[", 1);
		else if (b.len > 0)
			(void)buf_append(&b, ".", 1);
		for (i = 0; i < n; i++) {
			if (seg[i] == '~' && i + 1 < n && (seg[i + 1] == '0' ||
			    seg[i + 1] == '1')) {
				(void)buf_append(&b, seg[i + 1] == '0' ? "~" :
				    "/", 1);
				i++;
			} else
				(void)buf_append(&b, seg + i, 1);
		}
		if (index)
			(void)buf_append(&b, "]", 1);
		if (end == NULL)
			break;
	}
	return buf_cstr(&b);	/* the caller owns the data */
}

/* What jansson found wrong, in words of our own: no content quoted. */
static const char *
json_error_kind(const json_error_t *err)
{
	switch (json_error_code(err)) {
	case json_error_invalid_utf8:
		return "not valid UTF-8";
	case json_error_duplicate_key:
		return "a duplicate object key";
	case json_error_premature_end_of_input:
		return "cut short";
	case json_error_end_of_input_expected:
		return "more text after the document";
	case json_error_null_character:
		return "a NUL character";
	case json_error_numeric_overflow:
		return "a number too large";
	default:
		return "not valid JSON";
	}
}

json_t *
json_input(const char *path, size_t max, const char *what, int quiet,
    char **cause)
{
	json_error_t	 err;
	struct buf	 b;
	json_t		*doc;
	char		*why = NULL, *text;

	if (input_read(path, max, what, &b, &why) == -1) {
		*cause = quiet ? why : xasprintf("%s: %s", path, why);
		if (!quiet)
			free(why);
		return NULL;
	}
	if ((doc = json_loadb(b.data, b.len, JSON_REJECT_DUPLICATES,
	    &err)) == NULL && quiet)
		*cause = xasprintf("line %d, column %d: %s", err.line,
		    err.column, json_error_kind(&err));
	else if (doc == NULL) {
		/* jansson's words quote the input near the error. */
		text = text_sanitize(err.text, strlen(err.text),
		    sizeof err.text);
		*cause = xasprintf("%s:%d:%d: %s", path, err.line, err.column,
		    text);
		free(text);
	}
	buf_free(&b);
	return doc;
}
