/*
 * docker-api: one field of a Docker Engine API document (/info, /version,
 * /swarm ...) by JSON pointer, compared. Sections 2, 5 and 7 of the CIS
 * Docker benchmark. The daemon unreachable: error with the cause; offline:
 * notapplicable. A field the API gives as a Go duration (nanoseconds) is
 * said in words (7.7: "90 days"), its number kept in the evidence.
 */
#include <stdlib.h>
#include <string.h>

#include "probes/probe.h"
#include "lib/util.h"

static const char *const probe_docker_api_attrs[] = {
	"path", "pointer", NULL
};

/* Fields that are durations in nanoseconds, by the end of their pointer. */
static const char *const duration_fields[] = {
	"/CAConfig/NodeCertExpiry",
	"/Dispatcher/HeartbeatPeriod",
	NULL
};

static int
is_duration(const char *ptr)
{
	size_t	i, len = strlen(ptr), flen;

	for (i = 0; duration_fields[i] != NULL; i++) {
		flen = strlen(duration_fields[i]);
		if (len >= flen && strcmp(ptr + len - flen,
		    duration_fields[i]) == 0)
			return 1;
	}
	return 0;
}

/* In days when whole days, else hours, else minutes, else seconds. */
static char *
duration_words(json_int_t ns)
{
	static const struct {
		const char	*unit;
		json_int_t	 ns;
	} units[] = {
		{ "day", 86400LL * 1000000000 },
		{ "hour", 3600LL * 1000000000 },
		{ "minute", 60LL * 1000000000 },
		{ "second", 1000000000 },
	};
	json_int_t	n;
	size_t		i;

	if (ns == 0)
		return xstrdup("0 seconds");
	for (i = 0; i < nitems(units); i++) {
		if (ns % units[i].ns != 0)
			continue;
		n = ns / units[i].ns;
		return xasprintf("%lld %s%s", (long long)n, units[i].unit,
		    n == 1 || n == -1 ? "" : "s");
	}
	return xasprintf("%.9g seconds", (double)ns / 1e9);
}

/*
 * Compare the number, but say it in words: the reason's "is N" becomes
 * "is 90 days", the evidence holds the words and, as "nanoseconds", N.
 */
static void
compare_duration(const struct check *c, const char *what, const char *key,
    const json_t *actual, struct verdict *v)
{
	struct compare_say	 say = { NULL, NULL, NULL, NULL };
	char			*words;

	words = duration_words(json_integer_value(actual));
	say.what = what;
	say.value = words;
	probe_compare_said(c, &say, key, actual, v);
	json_object_set_new(v->evidence, key, json_string(words));
	json_object_set_new(v->evidence, "nanoseconds", json_deep_copy(
	    actual));
	free(words);
}

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
	json_t		*doc, *actual;
	char		*cause = NULL, *what, *words, *key;
	int		 err;

	if ((err = source_api(ctx->src, path, &doc, &cause)) != 0) {
		if (err == SOURCE_OFFLINE)
			probe_source_error(v, err, path, cause, c);
		else
			probe_error(v, err, path, cause);
		free(cause);
		return;
	}
	key = xasprintf("%s#%s", path, ptr);
	words = json_pointer_words(ptr);
	what = xasprintf("%s in %s", words, path);
	actual = json_pointer_get(doc, ptr);
	if (json_is_integer(actual) && is_duration(ptr))
		compare_duration(c, what, key, actual, v);
	else
		probe_compare(c, what, key, actual, v);
	free(what);
	free(words);
	free(key);
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
