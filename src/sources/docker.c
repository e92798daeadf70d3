/*
 * Talking to dockerd. Follows the docker CLI for where the daemon is
 * (-H, $DOCKER_HOST, the local socket, a rootless daemon's socket) and for
 * TLS ($DOCKER_TLS_VERIFY, $DOCKER_TLS, $DOCKER_CERT_PATH, $DOCKER_CONFIG).
 *
 * Every request is bounded: a connect timeout, a total timeout, and a size
 * cap enforced in the write callback (CURLOPT_MAXFILESIZE does not stop a
 * chunked body). Requests share one multi handle, so connections to the
 * socket are reused and inspects of many containers run concurrently.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "sources/docker.h"
#include "lib/util.h"

#define DOCKER_DEFAULT_HOST	"unix:///var/run/docker.sock"
#define DOCKER_BATCH		16	/* easy handles at once: 2 x the connections */

struct docker {
	char		*endpoint;	/* as shown: unix:///..., tcp://... */
	char		*socket;	/* unix socket path, or NULL */
	char		*base;		/* http://localhost, https://h:p */
	int		 tls;
	int		 verify;
	char		*ca, *cert, *key;
	struct docker_opts opts;
	char		 version[16];
	CURLM		*multi;
};

int
docker_version_cmp(const char *a, const char *b)
{
	long	amaj = strtol(a, (char **)&a, 10), bmaj = strtol(b, (char **)&b,
	    10), amin = 0, bmin = 0;

	if (*a == '.')
		amin = strtol(a + 1, NULL, 10);
	if (*b == '.')
		bmin = strtol(b + 1, NULL, 10);
	if (amaj != bmaj)
		return amaj < bmaj ? -1 : 1;
	return amin < bmin ? -1 : amin > bmin;
}

static char *
env(const char *name)
{
	const char	*v = getenv(name);

	return v != NULL && *v != '\0' ? (char *)v : NULL;
}

/* The folder of ca.pem, cert.pem, key.pem, as the docker CLI finds it. */
static char *
cert_dir(void)
{
	const char	*home = env("HOME");

	if (env("DOCKER_CERT_PATH") != NULL)
		return xstrdup(env("DOCKER_CERT_PATH"));
	if (env("DOCKER_CONFIG") != NULL)
		return xstrdup(env("DOCKER_CONFIG"));
	return xasprintf("%s/.docker", home != NULL ? home : "/root");
}

/*
 * One of the TLS files. Verifying, each is needed (tls_files() names a
 * missing one); unverified, the docker CLI leaves out those it lacks.
 */
static char *
tls_file(const char *dir, const char *name, int verify)
{
	char	*path = xasprintf("%s/%s", dir, name);

	if (!verify && access(path, F_OK) == -1) {
		free(path);
		return NULL;
	}
	return path;
}

/* -H, $DOCKER_HOST, the system socket, else a rootless daemon's socket. */
static char *
pick_host(const char *opt)
{
	struct stat	 st;
	char		*rootless;

	if (opt != NULL)
		return xstrdup(opt);
	if (env("DOCKER_HOST") != NULL)
		return xstrdup(env("DOCKER_HOST"));
	if (stat("/var/run/docker.sock", &st) == -1 &&
	    env("XDG_RUNTIME_DIR") != NULL) {
		rootless = xasprintf("%s/docker.sock", env("XDG_RUNTIME_DIR"));
		if (stat(rootless, &st) == 0) {
			char *host = xasprintf("unix://%s", rootless);

			free(rootless);
			return host;
		}
		free(rootless);
	}
	return xstrdup(DOCKER_DEFAULT_HOST);
}

struct docker *
docker_new(const struct docker_opts *o, char **cause)
{
	struct docker	*d;
	char		*host, *dir;

	host = pick_host(o->host);
	d = xcalloc(1, sizeof *d);
	d->opts = *o;
	d->endpoint = host;
	strcpy(d->version, DOCKER_API_MAX);
	if (strncmp(host, "unix://", 7) == 0 && host[7] == '/') {
		d->socket = xstrdup(host + 7);
		d->base = xstrdup("http://localhost");
	} else if (strncmp(host, "tcp://", 6) == 0 && host[6] != '\0' &&
	    strchr(host + 6, '/') == NULL) {
		/* DOCKER_TLS_VERIFY set at all (even "0") means verify. */
		d->verify = getenv("DOCKER_TLS_VERIFY") != NULL &&
		    *getenv("DOCKER_TLS_VERIFY") != '\0';
		d->tls = d->verify || (env("DOCKER_TLS") != NULL &&
		    strcmp(env("DOCKER_TLS"), "1") == 0);
		d->base = xasprintf("%s://%s", d->tls ? "https" : "http",
		    host + 6);
		if (d->tls) {
			dir = cert_dir();
			d->ca = tls_file(dir, "ca.pem", d->verify);
			d->cert = tls_file(dir, "cert.pem", d->verify);
			d->key = tls_file(dir, "key.pem", d->verify);
			free(dir);
		}
	} else {
		*cause = xasprintf("%s: unsupported Docker endpoint (use "
		    "unix:///PATH or tcp://HOST:PORT)", host);
		docker_free(d);
		return NULL;
	}
	return d;
}

void
docker_free(struct docker *d)
{
	if (d == NULL)
		return;
	if (d->multi != NULL)
		curl_multi_cleanup(d->multi);
	free(d->endpoint);
	free(d->socket);
	free(d->base);
	free(d->ca);
	free(d->cert);
	free(d->key);
	free(d);
}

const char *
docker_endpoint(const struct docker *d)
{
	return d->endpoint;
}

const char *
docker_api_version(const struct docker *d)
{
	return d->version;
}

void
docker_req_clear(struct docker_req *r)
{
	buf_free(&r->body);
	free(r->cause);
	r->cause = NULL;
	r->status = 0;
	r->err = 0;
}

static size_t
write_capped(char *data, size_t size, size_t n, void *arg)
{
	struct buf	*b = arg;

	if (buf_append(b, data, size * n) == -1)
		return 0;	/* CURLE_WRITE_ERROR: over the cap */
	return size * n;
}

char *
docker_error_message(const char *body, size_t len)
{
	json_t		*j;
	const char	*m;
	char		*out;

	if ((j = json_loadb(body, len, 0, NULL)) != NULL) {
		m = json_string_value(json_object_get(j, "message"));
		out = m != NULL ? text_sanitize(m, strlen(m), 300) : NULL;
		json_decref(j);
		if (out != NULL)
			return out;
	}
	while (len > 0 && (body[len - 1] == '\n' || body[len - 1] == '\r' ||
	    body[len - 1] == ' ' || body[len - 1] == '\t'))
		len--;
	return text_sanitize(body, len, 300);
}

/* Why connect(2) to the socket fails: curl only says "Couldn't connect". */
static const char *
socket_cause(const char *path)
{
	struct sockaddr_un	sun;
	int			fd, err = 0;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun.sun_path)
		return "socket path too long";
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return errno_cause(errno);
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1)
		err = errno;
	close(fd);
	return err != 0 ? errno_cause(err) : "connection failed";
}

static CURL *
easy_new(struct docker *d, struct docker_req *r, char **url, char *errbuf)
{
	CURL	*e;

	if ((e = curl_easy_init()) == NULL)
		fatal("out of memory");
	if (strcmp(r->path, "/_ping") == 0)
		*url = xasprintf("%s%s", d->base, r->path);
	else
		*url = xasprintf("%s/v%s%s", d->base, d->version, r->path);
	curl_easy_setopt(e, CURLOPT_URL, *url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, d->opts.connect_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, d->opts.timeout_ms);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "dockaudit/" PACKAGE_VERSION);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_capped);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
	if (d->socket != NULL)
		curl_easy_setopt(e, CURLOPT_UNIX_SOCKET_PATH, d->socket);
	if (d->tls) {
		if (d->ca != NULL)
			curl_easy_setopt(e, CURLOPT_CAINFO, d->ca);
		if (d->cert != NULL)
			curl_easy_setopt(e, CURLOPT_SSLCERT, d->cert);
		if (d->key != NULL)
			curl_easy_setopt(e, CURLOPT_SSLKEY, d->key);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, d->verify ? 1L : 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, d->verify ? 2L : 0L);
	}
	buf_init(&r->body, d->opts.max_bytes);
	return e;
}

/*
 * Whether the transfer had a connection (and its TLS session): one it
 * reused, or a new one that got through.
 */
static int
connected(CURL *e, const struct docker *d)
{
	curl_off_t	t = 0;
	long		fresh = 0;

	curl_easy_getinfo(e, CURLINFO_NUM_CONNECTS, &fresh);
	curl_easy_getinfo(e, d->tls ? CURLINFO_APPCONNECT_TIME_T :
	    CURLINFO_CONNECT_TIME_T, &t);
	return fresh == 0 || t > 0;
}

/* Turn a finished transfer into the request's outcome. */
static void
finish(struct docker *d, CURL *e, CURLcode rc, const char *url,
    const char *errbuf)
{
	struct docker_req	*r;
	char			*msg;

	curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&r);
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r->status);
	if (strcmp(r->path, "/_ping") == 0 && rc == CURLE_OK) {
		struct curl_header *h;

		if (curl_easy_header(e, "Api-Version", 0, CURLH_HEADER, -1, &h)
		    == CURLHE_OK && strlen(h->value) < sizeof d->version) {
			if (docker_version_cmp(h->value, DOCKER_API_MAX) < 0)
				strcpy(d->version, h->value);
		} else
			strcpy(d->version, DOCKER_API_MIN);
	}
	/* A redirect or any other answer but 2xx is not the document. */
	if (rc == CURLE_OK && r->status >= 200 && r->status < 300)
		return;
	r->status = rc == CURLE_OK ? r->status : 0;
	/* Past the cap we stopped reading: whatever curl says next (a write
	 * error, or the daemon's side closed first) follows from that. */
	if (rc != CURLE_OK && r->body.toobig) {
		r->err = EFBIG;
		r->cause = xasprintf("GET %s on %s: response larger than %zu "
		    "bytes", r->path, d->endpoint, d->opts.max_bytes);
	} else if (rc == CURLE_OPERATION_TIMEDOUT && !connected(e, d)) {
		/* The connect timeout covers a TLS handshake too. */
		r->err = ETIMEDOUT;
		r->cause = xasprintf("GET %s on %s: not connected within %ld ms",
		    r->path, d->endpoint, d->opts.connect_ms);
	} else if (rc == CURLE_OPERATION_TIMEDOUT) {
		r->err = ETIMEDOUT;
		r->cause = xasprintf("GET %s on %s: no answer within %ld ms",
		    r->path, d->endpoint, d->opts.timeout_ms);
	} else if (rc == CURLE_COULDNT_CONNECT && d->socket != NULL) {
		r->err = ECONNREFUSED;
		r->cause = xasprintf("cannot connect to %s: %s", d->endpoint,
		    socket_cause(d->socket));
	} else if (rc != CURLE_OK) {
		/* curl's own words name the TLS failure; its codes do not. */
		msg = *errbuf != '\0' ? text_sanitize(errbuf, strnlen(errbuf,
		    CURL_ERROR_SIZE), 300) : xstrdup(curl_easy_strerror(rc));
		r->err = EIO;
		r->cause = xasprintf("GET %s on %s: %s", r->path, d->endpoint,
		    msg);
		free(msg);
	} else {
		msg = docker_error_message(buf_cstr(&r->body), r->body.len);
		r->cause = xasprintf("GET %s on %s: HTTP %ld: %s", url +
		    strlen(d->base), d->endpoint, r->status, msg);
		free(msg);
	}
}

void
docker_get_many(struct docker *d, struct docker_req *reqs, size_t n)
{
	CURL		*e;
	CURLMsg		*m;
	char		**urls, (*errbufs)[CURL_ERROR_SIZE];
	size_t		 next = 0, active = 0, i;
	int		 running, left;

	if (d->multi == NULL) {
		if ((d->multi = curl_multi_init()) == NULL)
			fatal("out of memory");
		curl_multi_setopt(d->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
		    d->opts.max_conns);
		curl_multi_setopt(d->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
		    d->opts.max_conns);
	}
	urls = xcalloc(n, sizeof *urls);
	errbufs = xcalloc(n, sizeof *errbufs);
	while (next < n || active > 0) {
		while (next < n && active < DOCKER_BATCH) {
			e = easy_new(d, &reqs[next], &urls[next],
			    errbufs[next]);
			curl_multi_add_handle(d->multi, e);
			next++;
			active++;
		}
		curl_multi_perform(d->multi, &running);
		while ((m = curl_multi_info_read(d->multi, &left)) != NULL) {
			struct docker_req *r;

			if (m->msg != CURLMSG_DONE)
				continue;
			e = m->easy_handle;
			curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&r);
			finish(d, e, m->data.result, urls[r - reqs],
			    errbufs[r - reqs]);
			curl_multi_remove_handle(d->multi, e);
			curl_easy_cleanup(e);
			active--;
			if (r->done != NULL)
				r->done(r, r->arg);
		}
		if (active > 0)
			curl_multi_poll(d->multi, NULL, 0, 1000, NULL);
	}
	for (i = 0; i < n; i++)
		free(urls[i]);
	free(urls);
	free(errbufs);
}

/* A streamed answer: a 2xx body goes to the socket, anything else into
 * the request's body (the daemon's error). */
struct stream {
	struct docker_req	*r;
	CURL			*e;
	int			 fd;
	int			 broken;	/* the reader went away */
};

static size_t
write_stream(char *data, size_t size, size_t n, void *arg)
{
	struct stream	*s = arg;
	long		 code = 0;
	size_t		 done = 0;
	ssize_t		 w;

	curl_easy_getinfo(s->e, CURLINFO_RESPONSE_CODE, &code);
	if (code < 200 || code >= 300)
		return write_capped(data, size, n, &s->r->body);
	while (done < size * n) {
		w = send(s->fd, data + done, size * n - done, MSG_NOSIGNAL);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1) {
			s->broken = 1;
			return 0;	/* the reader is done: stop */
		}
		done += (size_t)w;
	}
	return size * n;
}

int
docker_get_stream(struct docker *d, const char *path, int fd, char **cause)
{
	struct docker_req	 r;
	struct stream		 s;
	char			*url, errbuf[CURL_ERROR_SIZE] = "";
	CURLcode		 rc;

	memset(&r, 0, sizeof r);
	r.path = path;
	s.r = &r;
	s.fd = fd;
	s.broken = 0;
	s.e = easy_new(d, &r, &url, errbuf);
	curl_easy_setopt(s.e, CURLOPT_WRITEFUNCTION, write_stream);
	curl_easy_setopt(s.e, CURLOPT_WRITEDATA, &s);
	/* An export takes as long as the image is big: no overall limit,
	 * but an answer that stalls for the timeout is given up. */
	curl_easy_setopt(s.e, CURLOPT_TIMEOUT_MS, 0L);
	curl_easy_setopt(s.e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(s.e, CURLOPT_LOW_SPEED_TIME, (d->opts.timeout_ms +
	    999) / 1000);
	rc = curl_easy_perform(s.e);
	finish(d, s.e, s.broken ? CURLE_OK : rc, url, errbuf);
	curl_easy_cleanup(s.e);
	free(url);
	if (r.cause != NULL && !s.broken) {
		*cause = r.cause;
		r.cause = NULL;
		docker_req_clear(&r);
		return -1;
	}
	docker_req_clear(&r);
	return 0;
}

/* Verifying, the docker CLI wants all three files: so do we, by name. */
static int
tls_files(struct docker *d, char **cause)
{
	const char	*files[3] = { d->ca, d->cert, d->key };
	size_t		 i;

	for (i = 0; d->verify && i < nitems(files); i++) {
		if (access(files[i], R_OK) == -1) {
			*cause = xasprintf("cannot connect to %s: %s "
			    "(DOCKER_TLS_VERIFY): %s", d->endpoint, files[i],
			    errno_cause(errno));
			return -1;
		}
	}
	return 0;
}

int
docker_connect(struct docker *d, char **cause)
{
	struct docker_req	r;

	if (tls_files(d, cause) == -1)
		return -1;
	memset(&r, 0, sizeof r);
	r.path = "/_ping";
	docker_get_many(d, &r, 1);
	if (r.cause != NULL) {
		*cause = r.cause;
		r.cause = NULL;
		docker_req_clear(&r);
		return -1;
	}
	docker_req_clear(&r);
	return 0;
}
