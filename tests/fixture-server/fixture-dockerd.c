/*
 * fixture-dockerd: a fake Docker Engine API on a unix socket, for the
 * client tests (tests/client/run-client). It replays recorded answers
 * from DIR (GET /v1.41/PATH?Q -> DIR/PATH.json, status in DIR/PATH.status;
 * /A/ID/C without its own from DIR/A/_any/C.json) and injects faults, so that every failure of a daemon can be shown to
 * give its defined outcome.
 *
 *   fixture-dockerd --socket PATH --dir DIR [--pidfile FILE]
 *       [--api-version V | --no-api-version] [--delay-ms N] [--stats]
 *       [--fault PATH=KIND]...
 *   KIND: hang, close, truncate, invalid, gone, status:NNN,
 *         plain:TEXT, big:BYTES
 *
 * One poll() loop serves every connection with keep-alive; /containers/json
 * is sent chunked, as dockerd does. Each request is logged to stderr as
 * "GET /v1.41/info -> 200". With --stats, the most connections open at
 * once is logged at exit as "stats: peak connections N" (the load test
 * reads it: the client's connection limit, seen from the server).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS	128
#define HEAD_MAX	16384
#define MAX_FAULTS	32

struct fault {
	char	*path;
	char	*kind;
};

struct conn {
	int	 fd;
	char	 in[HEAD_MAX];
	size_t	 inlen;
	char	*out;		/* pending bytes to send */
	size_t	 outlen, outoff;
	long	 big_left;	/* big: bytes of body still to generate */
	int	 big_first;
	int	 close_after;
	int	 hung;
	long long due;		/* delayed answer: when, in ms; 0 none */
	char	*delayed;	/* the answer waiting for due */
	size_t	 delayedlen;
};

static const char	*dir, *api_version = "1.41";
static int		 no_api_version;
static long		 delay_ms;
static int		 stats;
static struct fault	 faults[MAX_FAULTS];
static int		 nfaults;
static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static long long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
append(struct conn *c, const char *data, size_t len)
{
	c->out = realloc(c->out, c->outlen + len);
	if (c->out == NULL)
		abort();
	memcpy(c->out + c->outlen, data, len);
	c->outlen += len;
}

static void
appendf(struct conn *c, const char *fmt, ...)
{
	char	buf[1024];
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	append(c, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static char *
read_file(const char *path, size_t *len)
{
	FILE	*fp;
	char	*data;
	long	 n;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	if (n < 0 || (data = malloc((size_t)n + 1)) == NULL) {
		fclose(fp);
		return NULL;
	}
	*len = fread(data, 1, (size_t)n, fp);
	data[*len] = '\0';
	fclose(fp);
	return data;
}

static const char *
fault_for(const char *path)
{
	int	i;

	for (i = 0; i < nfaults; i++) {
		if (strcmp(faults[i].path, path) == 0)
			return faults[i].kind;
	}
	return NULL;
}

/* Queue an answer; with --delay-ms it waits (except /_ping). */
static void
respond(struct conn *c, const char *path, int status, const char *ctype,
    const char *body, size_t len, int chunked)
{
	struct conn	tmp;
	size_t		off;

	memset(&tmp, 0, sizeof tmp);
	appendf(&tmp, "HTTP/1.1 %d X\r\nContent-Type: %s\r\n", status, ctype);
	if (!no_api_version)
		appendf(&tmp, "Api-Version: %s\r\n", api_version);
	if (chunked) {
		appendf(&tmp, "Transfer-Encoding: chunked\r\n\r\n");
		for (off = 0; off < len; off += 4096) {
			size_t n = len - off < 4096 ? len - off : 4096;

			appendf(&tmp, "%zx\r\n", n);
			append(&tmp, body + off, n);
			appendf(&tmp, "\r\n");
		}
		appendf(&tmp, "0\r\n\r\n");
	} else {
		appendf(&tmp, "Content-Length: %zu\r\n\r\n", len);
		append(&tmp, body, len);
	}
	if (delay_ms > 0 && strcmp(path, "/_ping") != 0) {
		c->delayed = tmp.out;
		c->delayedlen = tmp.outlen;
		c->due = now_ms() + delay_ms;
	} else {
		append(c, tmp.out, tmp.outlen);
		free(tmp.out);
	}
	fprintf(stderr, "GET %s -> %d\n", c->in, status);
}

/* The path without "/vX.Y" and without the query string. */
static void
plain_path(const char *target, char *out, size_t max)
{
	const char	*p = target;
	size_t		 n;

	if (p[0] == '/' && p[1] == 'v' && p[2] >= '0' && p[2] <= '9') {
		p = strchr(p + 1, '/');
		if (p == NULL)
			p = "/";
	}
	n = strcspn(p, "?");
	if (n >= max)
		n = max - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

/* The id in /containers/ID/json, for a "No such container" message. */
static void
container_id(const char *path, char *out, size_t max)
{
	const char	*p;
	size_t		 n = 0;

	/* Only a path under /containers/ has one (a shorter one, /info, must
	 * not be read past its end). */
	if (strncmp(path, "/containers/", 12) == 0) {
		p = path + 12;
		n = strcspn(p, "/");
	} else
		p = "";
	snprintf(out, max, "%.*s", (int)n, p);
}

/*
 * /A/ID/C becomes /A/_any/C, the answer recorded once for every ID
 * without its own (as dockaudit --fixture reads it); 0 when path has no
 * such form.
 */
static int
any_path(char *path, size_t size)
{
	char	*last = strrchr(path, '/'), *prev;
	size_t	 tail;

	if (last == NULL || last == path)
		return 0;
	for (prev = last - 1; prev > path && prev[-1] != '/'; prev--)
		;
	tail = strlen(last) + 1;
	if (prev - path < 2 || strncmp(prev, "_any/", 5) == 0 ||
	    (size_t)(prev - path) + 4 + tail > size)
		return 0;
	memmove(prev + 4, last, tail);
	memcpy(prev, "_any", 4);
	return 1;
}

static void
serve(struct conn *c, const char *target)
{
	char		 path[1024], file[2048], msg[2048], id[128];
	const char	*kind;
	char		*body, *st;
	size_t		 len, slen;
	int		 status = 200;

	plain_path(target, path, sizeof path);
	container_id(path, id, sizeof id);
	kind = fault_for(path);
	if (kind != NULL && strcmp(kind, "hang") == 0) {
		c->hung = 1;
		fprintf(stderr, "GET %s -> hang\n", target);
		return;
	}
	if (kind != NULL && strcmp(kind, "close") == 0) {
		c->close_after = 1;
		fprintf(stderr, "GET %s -> close\n", target);
		return;
	}
	if (strcmp(path, "/_ping") == 0) {
		respond(c, path, 200, "text/plain", "OK", 2, 0);
		return;
	}
	if (strstr(path, "..") != NULL) {
		respond(c, path, 400, "application/json",
		    "{\"message\":\"bad path\"}", 22, 0);
		return;
	}
	if (kind != NULL && strncmp(kind, "plain:", 6) == 0) {
		respond(c, path, 400, "text/plain", kind + 6, strlen(kind + 6),
		    0);
		return;
	}
	if (kind != NULL && strcmp(kind, "invalid") == 0) {
		respond(c, path, 200, "application/json",
		    "{\"Id\": \"x\", \"broken\": ", 23, 0);
		return;
	}
	if (kind != NULL && strcmp(kind, "gone") == 0) {
		len = (size_t)snprintf(msg, sizeof msg,
		    "{\"message\":\"No such container: %s\"}", id);
		respond(c, path, 404, "application/json", msg, len, 0);
		return;
	}
	if (kind != NULL && strncmp(kind, "big:", 4) == 0) {
		appendf(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
		    "Api-Version: %s\r\nTransfer-Encoding: chunked\r\n\r\n",
		    api_version);
		c->big_left = atol(kind + 4);
		c->big_first = 1;
		fprintf(stderr, "GET %s -> 200 big\n", target);
		return;
	}
	snprintf(file, sizeof file, "%s%s.json", dir, path);
	if ((body = read_file(file, &len)) == NULL && any_path(path, sizeof path)) {
		snprintf(file, sizeof file, "%s%s.json", dir, path);
		body = read_file(file, &len);
	}
	if (body == NULL) {
		len = (size_t)(id[0] != '\0' ? snprintf(msg, sizeof msg,
		    "{\"message\":\"No such container: %s\"}", id) :
		    snprintf(msg, sizeof msg, "{\"message\":\"page not found\"}"));
		respond(c, path, 404, "application/json", msg, len, 0);
		return;
	}
	snprintf(file, sizeof file, "%s%s.status", dir, path);
	if ((st = read_file(file, &slen)) != NULL) {
		status = atoi(st);
		free(st);
	}
	if (kind != NULL && strncmp(kind, "status:", 7) == 0)
		status = atoi(kind + 7);
	if (kind != NULL && strcmp(kind, "truncate") == 0) {
		appendf(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
		    "Api-Version: %s\r\nContent-Length: %zu\r\n\r\n",
		    api_version, len);
		append(c, body, len / 2);
		c->close_after = 1;
		fprintf(stderr, "GET %s -> 200 truncated\n", target);
	} else
		respond(c, path, status, "application/json", body, len,
		    strcmp(path, "/containers/json") == 0);
	free(body);
}

/* Handle every complete request head in the input buffer. */
static void
parse(struct conn *c)
{
	char	*end, target[2048];
	size_t	 used;

	while (!c->hung && c->due == 0 &&
	    (end = memmem(c->in, c->inlen, "\r\n\r\n", 4)) != NULL) {
		used = (size_t)(end - c->in) + 4;
		*end = '\0';
		if (sscanf(c->in, "%*s %2047s", target) != 1)
			strcpy(target, "/");
		if (strncmp(c->in, "GET ", 4) != 0 &&
		    strncmp(c->in, "HEAD ", 5) != 0) {
			respond(c, "/", 405, "application/json",
			    "{\"message\":\"GET only\"}", 22, 0);
		} else {
			if (strcasestr(c->in, "\r\nConnection: close") != NULL)
				c->close_after = 1;
			memmove(c->in, target, strlen(target) + 1);
			serve(c, c->in);
		}
		memmove(c->in, c->in + used, c->inlen - used);
		c->inlen -= used;
	}
}

/* Fill the output with more of a big body, a chunk at a time. */
static void
generate_big(struct conn *c)
{
	char	chunk[65536];
	size_t	n = 0;

	if (c->big_left <= 0 || c->outlen - c->outoff > 0)
		return;
	if (c->big_first) {
		chunk[n++] = '[';
		c->big_first = 0;
	}
	while (n < sizeof chunk - 2 && c->big_left > 2) {
		chunk[n++] = '0';
		chunk[n++] = ',';
		c->big_left -= 2;
	}
	if (c->big_left <= 2) {
		chunk[n++] = '0';
		chunk[n++] = ']';
		c->big_left = 0;
	}
	appendf(c, "%zx\r\n", n);
	append(c, chunk, n);
	appendf(c, "\r\n");
	if (c->big_left == 0)
		appendf(c, "0\r\n\r\n");
}

static void
drop(struct conn *c)
{
	close(c->fd);
	free(c->out);
	free(c->delayed);
	memset(c, 0, sizeof *c);
	c->fd = -1;
}

/* Whether the peer of fd has closed its end (no byte is left to read). */
static int
peer_closed(int fd)
{
	char	b;

	return recv(fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: fixture-dockerd --socket PATH --dir DIR "
	    "[--pidfile F] [--api-version V|--no-api-version] [--delay-ms N] "
	    "[--stats] [--fault PATH=KIND]...\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	static struct conn	 conns[MAX_CONNS];
	struct pollfd		 pfd[MAX_CONNS + 1];
	struct sockaddr_un	 sun;
	const char		*sock = NULL, *pidfile = NULL;
	int			 lfd, i, n, k, open_conns, peak = 0;
	FILE			*fp;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc)
			sock = argv[++i];
		else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (strcmp(argv[i], "--pidfile") == 0 && i + 1 < argc)
			pidfile = argv[++i];
		else if (strcmp(argv[i], "--api-version") == 0 && i + 1 < argc)
			api_version = argv[++i];
		else if (strcmp(argv[i], "--no-api-version") == 0)
			no_api_version = 1;
		else if (strcmp(argv[i], "--delay-ms") == 0 && i + 1 < argc)
			delay_ms = atol(argv[++i]);
		else if (strcmp(argv[i], "--stats") == 0)
			stats = 1;
		else if (strcmp(argv[i], "--fault") == 0 && i + 1 < argc &&
		    nfaults < MAX_FAULTS && strchr(argv[i + 1], '=') != NULL) {
			faults[nfaults].path = strdup(argv[++i]);
			faults[nfaults].kind = strchr(faults[nfaults].path, '=');
			*faults[nfaults].kind++ = '\0';
			nfaults++;
		} else
			usage();
	}
	if (sock == NULL || dir == NULL || strlen(sock) >= sizeof sun.sun_path)
		usage();
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	unlink(sock);
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, sock);
	if ((lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1 ||
	    bind(lfd, (struct sockaddr *)&sun, sizeof sun) == -1 ||
	    listen(lfd, 64) == -1) {
		perror(sock);
		return 1;
	}
	if (pidfile != NULL && (fp = fopen(pidfile, "w")) != NULL) {
		fprintf(fp, "%d\n", (int)getpid());
		fclose(fp);
	}
	for (i = 0; i < MAX_CONNS; i++)
		conns[i].fd = -1;
	while (!stop) {
		long long	next = -1, t = now_ms();

		pfd[0].fd = lfd;
		pfd[0].events = POLLIN;
		for (i = 0; i < MAX_CONNS; i++) {
			struct conn *c = &conns[i];

			if (c->fd != -1 && c->due != 0 && c->due <= t) {
				append(c, c->delayed, c->delayedlen);
				free(c->delayed);
				c->delayed = NULL;
				c->due = 0;
				parse(c);
			}
			if (c->fd != -1)
				generate_big(c);
			pfd[i + 1].fd = c->fd;
			pfd[i + 1].events = POLLIN | (c->outoff < c->outlen ?
			    POLLOUT : 0);
			if (c->due != 0 && (next == -1 || c->due - t < next))
				next = c->due - t;
		}
		if (poll(pfd, MAX_CONNS + 1, (int)(next < 0 ? 1000 : next + 1))
		    == -1)
			continue;
		if (pfd[0].revents & POLLIN) {
			while ((n = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) != -1) {
				for (k = 0; k < MAX_CONNS && conns[k].fd != -1; k++)
					;
				if (k == MAX_CONNS) {
					close(n);
					continue;
				}
				conns[k].fd = n;
			}
			/* A peer that closed before this accept is not open: its
			 * hang-up may not have been read yet (a close, then a
			 * connect, between two polls). */
			for (open_conns = 0, k = 0; k < MAX_CONNS; k++) {
				if (conns[k].fd != -1 && peer_closed(conns[k].fd))
					drop(&conns[k]);
				open_conns += conns[k].fd != -1;
			}
			if (open_conns > peak)
				peak = open_conns;
		}
		for (i = 0; i < MAX_CONNS; i++) {
			struct conn *c = &conns[i];
			ssize_t r;

			if (c->fd == -1)
				continue;
			if (pfd[i + 1].revents & (POLLIN | POLLHUP)) {
				r = read(c->fd, c->in + c->inlen,
				    sizeof c->in - 1 - c->inlen);
				if (r <= 0) {
					if (r == 0 || errno != EAGAIN)
						drop(c);
					continue;
				}
				c->inlen += (size_t)r;
				if (c->inlen == sizeof c->in - 1) {
					drop(c);	/* head too large */
					continue;
				}
				parse(c);
			}
			if (c->fd != -1 && c->outoff < c->outlen) {
				r = send(c->fd, c->out + c->outoff,
				    c->outlen - c->outoff, MSG_NOSIGNAL);
				if (r > 0)
					c->outoff += (size_t)r;
				else if (r == -1 && errno != EAGAIN) {
					drop(c);
					continue;
				}
				if (c->outoff == c->outlen) {
					c->outoff = c->outlen = 0;
					if (c->close_after && c->big_left == 0)
						drop(c);
				}
			} else if (c->fd != -1 && c->close_after &&
			    c->outlen == 0 && c->big_left == 0 && !c->hung)
				drop(c);
		}
	}
	for (i = 0; i < MAX_CONNS; i++) {
		if (conns[i].fd != -1)
			drop(&conns[i]);
	}
	close(lfd);
	unlink(sock);
	if (stats)
		fprintf(stderr, "stats: peak connections %d\n", peak);
	return 0;
}
