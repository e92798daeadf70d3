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
