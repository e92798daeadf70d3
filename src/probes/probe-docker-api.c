/*
 * docker-api: one field of a Docker Engine API document (/info, /version,
 * /swarm ...) by JSON pointer, compared. Sections 2, 5 and 7 of the CIS
 * Docker benchmark. The daemon unreachable: error with the cause; offline:
 * notapplicable.
 */
#include <stdlib.h>
#include <string.h>

#include "probes/probe.h"
#include "lib/util.h"

static const char *const probe_docker_api_attrs[] = {
	"path", "pointer", NULL
};

static int
probe_docker_api_prepare(struct check *c, char **cause)
{
	const char	*p = check_attr(c, "path"), *ptr = check_attr(c, "pointer");

	if (*p != '/' || strstr(p, "..") != NULL) {
		*cause = xasprintf("path \"%s\" must be an API path such as "
		    "/info", p);
		return -1;
	}
	if (*ptr != '\0' && *ptr != '/') {
		*cause = xasprintf("pointer \"%s\" must be empty or start "
		    "with /", ptr);
		return -1;
	}
	return 0;
}

static void
probe_docker_api_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	const char	*path = check_attr(c, "path");
	const char	*ptr = check_attr(c, "pointer");
	json_t		*doc;
	char		*cause = NULL, *what;
	int		 err;

	if ((err = source_api(ctx->src, path, &doc, &cause)) != 0) {
		probe_source_error(v, err, cause, c);
		if (v->status == STATUS_NA && err != SOURCE_OFFLINE)
			verdict_set(v, STATUS_ERROR, "%s", cause);
		free(cause);
		return;
	}
	what = xasprintf("%s#%s", path, ptr);
	probe_compare(c, what, what, json_pointer_get(doc, ptr), v);
	free(what);
}

/* The document, fetched with the rest and kept whole. */
static void
probe_docker_api_needs(const struct check *c, struct fact_needs *n)
{
	fact_needs_add(&n->api, check_attr(c, "path"));
	fact_needs_add(&n->api_whole, check_attr(c, "path"));
}

const struct probe_entry probe_docker_api_entry = {
	.name = "docker-api",
	.help = "a field of a Docker API document (/info, /version ...) by "
	    "JSON pointer, compared",
	.attrs = probe_docker_api_attrs,
	.flags = PROBE_COMPARE,
	.prepare = probe_docker_api_prepare,
	.needs = probe_docker_api_needs,
	.exec = probe_docker_api_exec,
};
