/*
 * listen: the local addresses listening on a TCP port, from /proc/net/tcp
 * and tcp6 (no ss, no netstat), compared. Rule 7.2 (swarm port 2377 on a
 * wildcard address) and whether the daemon listens on TCP.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/probe.h"
#include "lib/util.h"

#define TCP_LISTEN	0x0a

static const char *const probe_listen_attrs[] = { "port", NULL };

static int
probe_listen_prepare(struct check *c, char **cause)
{
	long	port = atol(check_attr(c, "port"));

	if (port < 1 || port > 65535) {
		*cause = xasprintf("bad port \"%s\"", check_attr(c, "port"));
		return -1;
	}
	return 0;
}

/* Parse one /proc/net/tcp{,6} table; append "addr" strings for port. */
static void
scan(const char *data, size_t len, int v6, unsigned int port, json_t *out)
{
	char		*text, *line, *save, hex[33], addr[INET6_ADDRSTRLEN];
	unsigned int	 lport, state;
	uint32_t	 w[4];
	size_t		 i;

	text = xstrndup(data, len);
	line = strtok_r(text, "\n", &save);	/* header */
	while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
		if (sscanf(line, " %*u: %32[0-9A-Fa-f]:%x %*[0-9A-Fa-f]:%*x %x",
		    hex, &lport, &state) != 3 || lport != port ||
		    state != TCP_LISTEN || strlen(hex) != (v6 ? 32u : 8u))
			continue;
		for (i = 0; i < (v6 ? 4u : 1u); i++) {
			char part[9];

			memcpy(part, hex + 8 * i, 8);
			part[8] = '\0';
			/* The kernel prints each 32-bit word in host order. */
			w[i] = (uint32_t)strtoul(part, NULL, 16);
		}
		inet_ntop(v6 ? AF_INET6 : AF_INET, w, addr, sizeof addr);
		json_array_append_new(out, json_string(addr));
	}
	free(text);
}

static void
probe_listen_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	static const char *tables[] = { "/proc/net/tcp", "/proc/net/tcp6" };
	unsigned int	 port = (unsigned int)atol(check_attr(c, "port"));
	const char	*data;
	char		*cause = NULL, *what;
	json_t		*addrs;
	size_t		 len, i;
	int		 err;

	addrs = json_array();
	for (i = 0; i < nitems(tables); i++) {
		err = source_read(ctx->src, tables[i], &data, &len, &cause);
		if (err == 0) {
			scan(data, len, i == 1, port, addrs);
		} else if (err != ENOENT || i == 0) {
			if (err == ENOENT)
				probe_error(v, err, tables[i], cause);
			else
				probe_source_error(v, err, tables[i], cause,
				    c);
			free(cause);
			json_decref(addrs);
			return;
		}
		free(cause);
		cause = NULL;
	}
	what = xasprintf("tcp port %u listeners", port);
	probe_compare(c, what, "listeners", addrs, v);
	free(what);
	json_decref(addrs);
}

const struct probe_entry probe_listen_entry = {
	.name = "listen",
	.help = "the local addresses listening on a TCP port, compared",
	.attrs = probe_listen_attrs,
	.flags = PROBE_COMPARE,
	.prepare = probe_listen_prepare,
	.exec = probe_listen_exec,
};
