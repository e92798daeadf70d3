/*
 * The host block of the report: name, OS, kernel, audited root and a
 * stable host id, read through the source so that an image audit (--root)
 * describes the image, not the machine running dockaudit; and who runs
 * the audit (the provenance's user and capabilities).
 */
#include <pwd.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/*
 * Unix sockets named like a Docker daemon's (docker*.sock) that something
 * listens on, other than the endpoint: when the endpoint cannot be
 * reached, the report names them with the -H to audit them instead.
 * /proc/net/unix: "Num RefCount Protocol Flags Type St Inode Path";
 * flag 00010000 is a listening socket.
 */
/* /var/run is /run: the same socket under either name. */
static int
same_socket(const char *url, const char *endpoint)
{
	const char	*var = "unix:///var/run/";

	if (endpoint == NULL)
		return 0;
	if (strncmp(endpoint, var, strlen(var)) == 0)
		return strncmp(url, "unix:///run/", 12) == 0 &&
		    strcmp(url + 12, endpoint + strlen(var)) == 0;
	return strcmp(url, endpoint) == 0;
}

static json_t *
other_sockets(struct source *src, const char *endpoint)
{
	const char	*data, *line, *end, *base;
	char		*cause = NULL, *one;
	json_t		*out = json_array(), *url;
	unsigned long	 flags;
	size_t		 len, n;
	int		 at;

	if (source_read(src, "/proc/net/unix", &data, &len, &cause) != 0) {
		free(cause);
		return out;
	}
	for (line = data; line < data + len && json_array_size(out) < 8;
	    line = end + 1) {
		if ((end = memchr(line, '\n', (size_t)(data + len - line))) ==
		    NULL)
			end = data + len;
		one = xstrndup(line, (size_t)(end - line));
		at = -1;
		if (sscanf(one, "%*s %*x %*x %lx %*x %*x %*u %n", &flags,
		    &at) == 1 && at > 0 && (flags & 0x10000) != 0 &&
		    one[at] == '/') {
			base = strrchr(one + at, '/') + 1;
			n = strlen(base);
			url = json_sprintf("unix://%s", one + at);
			if (strncmp(base, "docker", 6) == 0 && n > 5 &&
			    strcmp(base + n - 5, ".sock") == 0 &&
			    !same_socket(json_string_value(url), endpoint))
				json_array_append(out, url);
			json_decref(url);
		}
		free(one);
	}
	return out;
}

/* Reachability of the daemon as the audit found it. Podman's /version is
 * slow (a second, rootless): its /info, which the rules read anyway, says
 * the version too. */
json_t *
host_docker_json(struct source *src, int podman)
{
	json_t		*version = NULL, *others, *info, *ver = NULL;
	char		*cause = NULL;
	const char	*error = NULL;

	if (src->offline)
		error = "offline: the Docker API of an image is not read";
	else if (src->api.state == 0)
		error = "not queried: no selected rule reads the Docker API";
	else if (src->api.state < 0)
		error = src->api.cause;
	else if (podman && source_api(src, "/info", &info, &cause) == 0)
		ver = json_object_get(info, "ServerVersion");
	else if (!podman && source_api(src, "/version", &version,
	    &cause) == 0)
		ver = json_object_get(version, "Version");
	free(cause);
	others = !src->offline && src->api.state < 0 ? other_sockets(src,
	    src->api.endpoint) : NULL;
	if (others != NULL && json_array_size(others) == 0) {
		json_decref(others);
		others = NULL;
	}
	return json_pack("{s:o,s:b,s:o,s:o,s:o,s:o*}",
	    "endpoint", evidence_string(src->api.endpoint != NULL ?
	    src->api.endpoint : "none"),
	    "reachable", src->api.state > 0,
	    "version", json_is_string(ver) ?
	    evidence_string(json_string_value(ver)) : json_null(),
	    "api_version", src->api.state > 0 && src->api.api_version != NULL ?
	    json_string(src->api.api_version) : json_null(),
	    "error", error != NULL ? evidence_string(error) : json_null(),
	    "other_sockets", others);
}

/*
 * A stable id of the audited host that does not disclose its machine id
 * (machine-id(5) asks that it not be exposed): SHA-256 of a fixed prefix
 * and the id, cut to 32 hex digits; null when the root has none.
 */
static json_t *
host_id(struct source *src)
{
	char	*mid, *salted, hex[65];

	if ((mid = first_line(src, "/etc/machine-id")) == NULL ||
	    strlen(mid) < 16) {
		free(mid);
		return json_null();
	}
	salted = xasprintf("dockaudit host id:%s", mid);
	sha256_hex(salted, strlen(salted), hex);
	hex[32] = '\0';
	free(salted);
	free(mid);
	return json_string(hex);
}

static const char *const cap_names[] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid",
	"kill", "setgid", "setuid", "setpcap", "linux_immutable",
	"net_bind_service", "net_broadcast", "net_admin", "net_raw",
	"ipc_lock", "ipc_owner", "sys_module", "sys_rawio", "sys_chroot",
	"sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
	"sys_resource", "sys_time", "sys_tty_config", "mknod", "lease",
	"audit_write", "audit_control", "setfcap", "mac_override",
	"mac_admin", "syslog", "wake_alarm", "block_suspend", "audit_read",
	"perfmon", "bpf", "checkpoint_restore",
};

json_t *
runner_json(void)
{
	struct passwd		*pw = getpwuid(getuid());
	unsigned long long	 eff = 0;
	json_t			*caps = json_array();
	char			 line[256];
	size_t			 i, all = 1;
	FILE			*fp;

	/* The audit's own process: what it could read (not the host's). */
	if ((fp = fopen("/proc/self/status", "re")) != NULL) {
		while (fgets(line, sizeof line, fp) != NULL) {
			if (strncmp(line, "CapEff:", 7) == 0)
				eff = strtoull(line + 7, NULL, 16);
		}
		fclose(fp);
	}
	for (i = 0; i < nitems(cap_names); i++) {
		if (eff & (1ULL << i))
			json_array_append_new(caps, json_sprintf("cap_%s",
			    cap_names[i]));
		else
			all = 0;
	}
	if (all) {
		json_array_clear(caps);
		json_array_append_new(caps, json_string("all"));
	}
	return json_pack("{s:{s:I,s:o},s:o}", "user", "uid",
	    (json_int_t)getuid(), "name", pw != NULL ?
	    evidence_string(pw->pw_name) : json_null(), "capabilities", caps);
}

json_t *
host_json(struct source *src, int podman)
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
	json_object_set_new(j, "docker", host_docker_json(src, podman));
	json_object_set_new(j, "id", host_id(src));
	free(hn);
	free(kernel);
	free(os);
	return j;
}
