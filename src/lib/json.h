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
/*
 * jansson's error text in a reader's words: "':' expected near '}'"
 * becomes "':' is missing near '}'" (reasons say "expected" nowhere).
 */
char	*json_error_words(const char *text);
/*
 * A JSON pointer as docker inspect --format spells a field:
 * "/HostConfig/Privileged" is "HostConfig.Privileged", "/Test/0" is
 * "Test[0]". For reasons; the evidence keeps the pointer.
 */
char	*json_pointer_words(const char *ptr);
/*
 * An input JSON document (lib/util.h, input_read: regular files only, at
 * most max bytes), duplicate keys refused: NULL and *cause, which names
 * the path: "PATH:3:1: what is wrong", "PATH: a FIFO ...". With quiet, it
 * never quotes the file's content (a fleet report shows it to others) and
 * leaves the path to the caller: "line 3, column 1: not valid JSON".
 */
json_t	*json_input(const char *path, size_t max, const char *what,
	    int quiet, char **cause);

#endif
