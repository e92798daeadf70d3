/*
 * The Docker Engine API client (libcurl): the endpoint as the docker CLI
 * finds it, version negotiation, timeouts, a response size cap, and GETs
 * run concurrently over a bounded number of connections. Only
 * source-live.c uses it: probes ask the source.
 */
#ifndef DOCKAUDIT_DOCKER_H
#define DOCKAUDIT_DOCKER_H

#include <stddef.h>

#include "lib/util.h"

#define DOCKER_API_MAX		"1.41"	/* the newest API we speak */
#define DOCKER_API_MIN		"1.24"	/* a daemon with no Api-Version */

struct docker_opts {
	const char	*host;		/* -H, or NULL */
	long		 connect_ms;
	long		 timeout_ms;
	size_t		 max_bytes;	/* per response */
	long		 max_conns;
	/* A fixture without -H: the endpoint whose recorded answers it
	 * serves (NULL: the default socket's); never a live connection. */
	const char	*recorded;
	/* --image-layers: images' layers are read through GET
	 * /images/{id}/get (rules 4.8, 4.10, 4.11 on a host). */
	int		 image_layers;
};

/* One GET; the caller owns path; body and cause are filled. */
struct docker_req {
	const char	*path;		/* "/info", without the version */
	struct buf	 body;
	long		 status;	/* HTTP status, 0 on transport error */
	int		 err;		/* 0, or errno-style on transport error */
	char		*cause;		/* transport or HTTP error, or NULL */
	/* Called as soon as this request is over, while others still run. */
	void		(*done)(struct docker_req *, void *);
	void		*arg;
};

struct docker;

/* Resolve the endpoint (no I/O yet); NULL and *cause on a bad URL. */
struct docker	*docker_new(const struct docker_opts *, char **cause);
void		 docker_free(struct docker *);
const char	*docker_endpoint(const struct docker *);
/* GET /_ping and pick the API version; 0, or -1 and *cause. */
int		 docker_connect(struct docker *, char **cause);
const char	*docker_api_version(const struct docker *);
/* Run n GETs concurrently; each request records its own outcome. */
void		 docker_get_many(struct docker *, struct docker_req *, size_t n);
void		 docker_req_clear(struct docker_req *);
/*
 * GET path, its 2xx body written to the socket fd as it arrives (send,
 * no SIGPIPE; a reader that closes its end stops the transfer, which is
 * no error). 0, or -1 and *cause (transport, HTTP status and the
 * daemon's message). Blocks: run it in a thread of its own.
 */
int		 docker_get_stream(struct docker *, const char *path, int fd,
		    char **cause);
/* "message" of a JSON error body, or the plain text body, trimmed. */
char		*docker_error_message(const char *body, size_t len);
/* Compare API versions as numbers: 1.41 > 1.9. */
int		 docker_version_cmp(const char *, const char *);

#endif
