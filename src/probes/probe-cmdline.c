/*
 * cmdline: a kernel command line parameter (/proc/cmdline), or the whole
 * list of parameters, compared. A bare parameter reads "1"; the last
 * occurrence wins, as in the kernel.
 */
#include <stdlib.h>
#include <string.h>

#include "probes/probe.h"
#include "lib/util.h"

static const char *const probe_cmdline_attrs[] = { "param", NULL };

static void
probe_cmdline_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	struct strlist	 tok = { NULL, 0 };
	const char	*param = check_attr(c, "param"), *data;
	char		*cause = NULL, *text, *what;
	json_t		*actual = NULL;
	size_t		 len, i, n;
	int		 err;

	if ((err = source_read(ctx->src, "/proc/cmdline", &data, &len,
	    &cause)) != 0) {
		probe_source_error(v, err, "/proc/cmdline", cause, c);
		free(cause);
		return;
	}
	text = xstrndup(data, len);
	strlist_split(&tok, text, " \t\n");
	free(text);
	json_object_set_new(v->evidence, "cmdline", evidence_string(data));
	if (param == NULL) {
		actual = json_array();
		for (i = 0; i < tok.n; i++)
			json_array_append_new(actual, evidence_string(tok.v[i]));
		what = xstrdup("cmdline");
	} else {
		n = strlen(param);
		for (i = 0; i < tok.n; i++) {
			if (strncmp(tok.v[i], param, n) != 0)
				continue;
			if (tok.v[i][n] == '=') {
				json_decref(actual);
				actual = evidence_string(tok.v[i] + n + 1);
			} else if (tok.v[i][n] == '\0') {
				json_decref(actual);
				actual = json_string("1");
			}
		}
		what = xasprintf("cmdline %s", param);
	}
	probe_compare(c, what, "value", actual, v);
	json_decref(actual);
	free(what);
	strlist_free(&tok);
}

const struct probe_entry probe_cmdline_entry = {
	.name = "cmdline",
	.help = "a kernel command line parameter's value, or all of them, "
	    "compared",
	.attrs = probe_cmdline_attrs,
	.flags = PROBE_COMPARE,
	.prepare = NULL,
	.exec = probe_cmdline_exec,
};
