/*
 * A TOML reader for the configuration files of Podman and containers-*
 * (containers.conf, storage.conf, registries.conf): the document as a
 * JSON object, so that probes read it by JSON pointer as they read
 * daemon.json. It reads what those files use: [table] and [a.b] headers,
 * [[array of tables]], bare, quoted and dotted keys, basic and literal
 * strings (one line, or multi-line """ and '''), integers, floats,
 * booleans, arrays (over several lines, with comments and a trailing
 * comma) and inline tables. Dates are kept as strings. A key set twice,
 * a malformed line or a document deeper than TOML_DEPTH_MAX is an error
 * at LINE:COLUMN; the input is bounded by the caller (SOURCE_FILE_MAX).
 */
#ifndef DOCKAUDIT_TOML_H
#define DOCKAUDIT_TOML_H

#include <stddef.h>

#include <jansson.h>

#define TOML_DEPTH_MAX	32

/* The document, or NULL and *cause ("LINE:COLUMN: what is wrong"). */
json_t	*toml_load(const char *data, size_t len, char **cause);

#endif
