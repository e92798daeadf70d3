/*
 * The host block of the report: name, OS, kernel and audited root, read
 * through the source so that an image audit (--root) describes the image,
 * not the machine running dockaudit.
 */
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "result.h"
#include "util.h"

const char *
host_docker_endpoint(const char *opt)
{
	const char	*env = getenv("DOCKER_HOST");

	if (opt != NULL)
		return opt;
	if (env != NULL && *env != '\0')
		return env;
	return "unix:///var/run/docker.sock";
}

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

json_t *
host_json(struct source *src, const char *endpoint)
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
	json_object_set_new(j, "docker", json_pack("{s:o,s:b,s:n,s:n,s:s}",
	    "endpoint", evidence_string(endpoint), "reachable", 0,
	    "version", "api_version", "error",
	    "not queried: no selected rule reads the Docker API"));
	free(hn);
	free(kernel);
	free(os);
	return j;
}
