/*
 * The host block of the report: name, OS, kernel and audited root, read
 * through the source so that an image audit (--root) describes the image,
 * not the machine running dockaudit.
 */
#include <stdlib.h>
#include <string.h>

#include "facts/host.h"
#include "lib/json.h"
#include "lib/util.h"

/* PRETTY_NAME="..." from os-release, unquoted; NULL if absent. */
static char *
os_name(struct source *src)
{
	static const char *files[] = { "/etc/os-release", "/usr/lib/os-release" };
	const char	*data, *p;
	char		*cause = NULL, *line, *out;
	size_t		 len, i, n;

	for (i = 0; i < nitems(files); i++) {
		if (source_read(src, files[i], &data, &len, &cause) != 0) {
			free(cause);
			cause = NULL;
			continue;
		}
		for (p = data; p != NULL && p < data + len; p = strchr(p, '\n'),
		    p = p != NULL ? p + 1 : NULL) {
			if (strncmp(p, "PRETTY_NAME=", 12) != 0)
				continue;
			p += 12;
			n = strcspn(p, "\n");
			line = xstrndup(p, n);
			n = strlen(line);
			if (n >= 2 && (line[0] == '"' || line[0] == '\'') &&
			    line[n - 1] == line[0]) {
				out = xstrndup(line + 1, n - 2);
				free(line);
				return out;
			}
			return line;
		}
	}
	return NULL;
}

/* First line of a file through the source, or NULL. */
static char *
first_line(struct source *src, const char *path)
{
	const char	*data;
	char		*cause = NULL;
	size_t		 len;

	if (source_read(src, path, &data, &len, &cause) != 0) {
		free(cause);
		return NULL;
	}
	return xstrndup(data, strcspn(data, "\n"));
}

/* Reachability of the daemon as the audit found it. */
static json_t *
docker_json(struct source *src)
{
	json_t		*version = NULL;
	char		*cause = NULL;
	const char	*error = NULL;

	if (src->offline)
		error = "offline: the Docker API of an image is not read";
	else if (src->api.state == 0)
		error = "not queried: no selected rule reads the Docker API";
	else if (src->api.state < 0)
		error = src->api.cause;
	else if (source_api(src, "/version", &version, &cause) != 0)
		version = NULL;
	free(cause);
	return json_pack("{s:o,s:b,s:o,s:o,s:o}",
	    "endpoint", evidence_string(src->api.endpoint != NULL ?
	    src->api.endpoint : "none"),
	    "reachable", src->api.state > 0,
	    "version", json_is_string(json_object_get(version, "Version")) ?
	    evidence_string(json_string_value(json_object_get(version,
	    "Version"))) : json_null(),
	    "api_version", src->api.state > 0 && src->api.api_version != NULL ?
	    json_string(src->api.api_version) : json_null(),
	    "error", error != NULL ? evidence_string(error) : json_null());
}

json_t *
host_json(struct source *src)
{
	char	*os, *hn, *kernel;
	json_t	*j;

	hn = first_line(src, "/proc/sys/kernel/hostname");
	if (hn == NULL)
		hn = first_line(src, "/etc/hostname");
	kernel = first_line(src, "/proc/sys/kernel/osrelease");
	os = os_name(src);
	j = json_pack("{s:o,s:o,s:o,s:o}",
	    "hostname", evidence_string(hn != NULL ? hn : "unknown"),
	    "os", evidence_string(os != NULL ? os : "unknown"),
	    "kernel", evidence_string(kernel != NULL ? kernel :
	    (src->offline ? "unknown (offline image)" : "unknown")),
	    "root", evidence_string(src->root));
	json_object_set_new(j, "docker", docker_json(src));
	free(hn);
	free(kernel);
	free(os);
	return j;
}
