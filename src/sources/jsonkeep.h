/*
 * Parse a JSON document building only the parts a set of JSON pointers
 * names: a container's inspect is 4 KB of which the rules read a tenth,
 * and building all of it was the biggest single cost of an audit.
 *
 * json_keep_parse() returns what keep_parts() would return for the whole
 * parsed document: an object holding, at each pointer, a copy of the value
 * there (and the objects leading to it). It checks the rest of the text as
 * strictly as jansson's json_loadb(JSON_REJECT_DUPLICATES), and returns
 * NULL for anything it does not plainly accept (invalid JSON, but also
 * escapes in keys, large numbers, pointers into arrays, deep nesting): the
 * caller then parses the text with jansson, which decides and explains.
 */
#ifndef DOCKAUDIT_JSONKEEP_H
#define DOCKAUDIT_JSONKEEP_H

#include <jansson.h>

#include "lib/util.h"

struct json_keep;

/* The pointers to keep ("/HostConfig/Privileged"); copied. */
struct json_keep	*json_keep_new(const struct strlist *pointers);
void			 json_keep_free(struct json_keep *);
/* A new object, or NULL: parse text with jansson instead. */
json_t			*json_keep_parse(const struct json_keep *,
			    const char *text, size_t len);
/* The same result from a parsed document (a new object). */
json_t			*json_keep_parts(json_t *doc,
			    const struct strlist *pointers);
/*
 * For a list (/containers/json): an array of objects, each cut as above.
 * NULL as json_keep_parse(), and also when an element is no object.
 */
json_t			*json_keep_parse_list(const struct json_keep *,
			    const char *text, size_t len);
/* The same from a parsed list: objects cut, anything else as it is. */
json_t			*json_keep_list_parts(json_t *doc,
			    const struct strlist *pointers);

#endif
