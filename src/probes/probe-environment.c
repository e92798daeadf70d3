/*
 * environment: a variable of the system-wide login environment
 * (/etc/environment, which pam_env gives every session) or, on a running
 * host where that file does not set it, of dockaudit's own environment.
 * Rule 4.5 (DOCKER_CONTENT_TRUST). The file comes first: it is what every
 * docker client on the host starts with, while dockaudit's environment is
 * only that of whoever runs the audit (cron has almost none).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probes/probe.h"
#include "lib/util.h"

static const char *const probe_environment_attrs[] = { "name", NULL };

#define ENV_FILE	"/etc/environment"

/* The last NAME=VALUE line of the file; quotes removed. */
static char *
file_value(const char *data, size_t len, const char *name, size_t *lineno)
{
	const char	*p, *e, *q;
	char		*v = NULL;
	size_t		 n = strlen(name), no = 0, vl;

	for (p = data; p < data + len; p = e + 1) {
		if ((e = memchr(p, '\n', data + len - p)) == NULL)
			e = data + len;
		no++;
		while (p < e && isblank((unsigned char)*p))
			p++;
		if ((size_t)(e - p) > 7 && strncmp(p, "export", 6) == 0 &&
		    isblank((unsigned char)p[6]))
			for (p += 7; p < e && isblank((unsigned char)*p); p++)
				;
		if ((size_t)(e - p) <= n || strncmp(p, name, n) != 0 ||
		    p[n] != '=')
			continue;
		q = p + n + 1;
		vl = e - q;
		while (vl > 0 && isspace((unsigned char)q[vl - 1]))
			vl--;
		if (vl >= 2 && (q[0] == '"' || q[0] == '\'') && q[vl - 1] ==
		    q[0]) {
			q++;
			vl -= 2;
		}
		free(v);
		v = xstrndup(q, vl);
		*lineno = no;
	}
	return v;
}

static void
probe_environment_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	const char	*name = check_attr(c, "name"), *data;
	char		*cause = NULL, *fv = NULL, *pv, *what;
	size_t		 len, lineno = 0;
	json_t		*actual = NULL;
	struct compare_say say = { NULL, NULL, NULL, NULL };
	int		 err;

	err = source_read(ctx->src, ENV_FILE, &data, &len, &cause);
	if (err == 0)
		fv = file_value(data, len, name, &lineno);
	else if (err != ENOENT) {
		probe_error(v, err, ENV_FILE, cause);
		free(cause);
		return;
	}
	free(cause);
	pv = source_env(ctx->src, name);
	json_object_set_new(v->evidence, "name", json_string(name));
	json_object_set_new(v->evidence, ENV_FILE, fv != NULL ?
	    json_pack("{s:o,s:I}", "value", evidence_string(fv), "line",
	    (json_int_t)lineno) : json_null());
	json_object_set_new(v->evidence, "dockaudit", ctx->src->offline ?
	    json_string("offline: not read") : pv != NULL ?
	    evidence_string(pv) : json_null());
	if (fv != NULL) {
		actual = evidence_string(fv);
		say.source = "set in " ENV_FILE;
	} else if (pv != NULL) {
		actual = evidence_string(pv);
		say.source = "set in dockaudit's environment";
	} else
		say.source = "in neither " ENV_FILE " nor dockaudit's "
		    "environment";
	say.what = what = xasprintf("%s (%s)", name, say.source);
	say.target = name;
	probe_compare_said(c, &say, "value", actual, v);
	json_decref(actual);
	free(what);
	free(fv);
	free(pv);
}

const struct probe_entry probe_environment_entry = {
	.name = "environment",
	.help = "a variable of /etc/environment, else of dockaudit's own "
	    "environment, compared",
	.attrs = probe_environment_attrs,
	.flags = PROBE_COMPARE,
	.prepare = NULL,
	.exec = probe_environment_exec,
};
