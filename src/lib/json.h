/*
 * JSON helpers every layer uses: RFC 6901 pointer lookup, and evidence
 * strings (hostile data made printable and bounded) for the record.
 */
#ifndef DOCKAUDIT_JSON_H
#define DOCKAUDIT_JSON_H

#include <jansson.h>

#include "lib/util.h"

/* RFC 6901 lookup in a document; borrowed, NULL when absent. */
json_t	*json_pointer_get(json_t *, const char *);
/* Evidence strings are hostile data: made printable and cut at 4 KiB. */
json_t	*evidence_string(const char *);
/* A JSON array of evidence strings. */
json_t	*strlist_json(const struct strlist *);

#endif
