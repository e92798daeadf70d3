/*
 * json-file: one key of a JSON file (RFC 6901 pointer), compared. Used for
 * daemon.json until the daemon-option probe merges it with dockerd's argv.
 * A missing file means the key is absent; invalid JSON is an error naming
 * file:line:column, never a silent default.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probes/probe.h"
#include "lib/util.h"

static const char *const probe_json_file_attrs[] = {
	"path", "pointer", "missing", NULL
};

static int
probe_json_file_prepare(struct check *c, char **cause)
{
	const char	*p = check_attr(c, "pointer");

	if (*p != '\0' && *p != '/') {
		*cause = xasprintf("pointer \"%s\" must be empty or start "
		    "with /", p);
		return -1;
	}
	return 0;
}

static void
probe_json_file_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	const char	*path = check_attr(c, "path");
	const char	*ptr = check_attr(c, "pointer");
	const char	*data;
	char		*cause = NULL, *what;
	size_t		 len;
	json_error_t	 jerr;
	char		*words;
	json_t		*doc;
	int		 err;

	words = json_pointer_words(ptr);
	what = xasprintf("%s in %s", words, path);
	free(words);
	json_object_set_new(v->evidence, "path", evidence_string(path));
	json_object_set_new(v->evidence, "pointer", evidence_string(ptr));
	err = source_read(ctx->src, path, &data, &len, &cause);
	if (err == ENOENT && check_attr(c, "missing") == NULL) {
		probe_compare(c, what, "value", NULL, v);
		json_object_set_new(v->evidence, "present", json_false());
	} else if (err != 0)
		probe_source_error(v, err, path, cause, c);
	else if ((doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr))
	    == NULL) {
		words = json_error_words(jerr.text);
		verdict_because(v, STATUS_ERROR, cause_newf(CAUSE_UNREADABLE,
		    path, "%s:%d:%d: invalid JSON: %s", path, jerr.line,
		    jerr.column, words));
		free(words);
	}
	else {
		probe_compare(c, what, "value", json_pointer_get(doc, ptr), v);
		json_decref(doc);
	}
	free(cause);
	free(what);
}

const struct probe_entry probe_json_file_entry = {
	.name = "json-file",
	.help = "a key of a JSON file such as daemon.json, by JSON pointer, "
	    "compared",
	.attrs = probe_json_file_attrs,
	.flags = PROBE_COMPARE,
	.prepare = probe_json_file_prepare,
	.exec = probe_json_file_exec,
};
