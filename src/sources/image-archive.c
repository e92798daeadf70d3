/*
 * A container image read from its archive (docker-archive, or an OCI
 * layout as a directory or a tar) in one pass, without unpacking: the
 * facts the image rules of `dockaudit image` read. See image-archive.h
 * for what is returned and the limits.
 *
 * Each entry of the archive is a blob. A blob that opens with "{" or "[" is a
 * JSON document (kept, up to the limit: a config, a manifest, an index);
 * any other is read as a layer as it goes by, through three libarchive
 * readers fed by callbacks: the archive's entry (archive_read_data), a raw
 * reader that undoes the layer's compression, and a tar reader on that.
 * Both the blob and its uncompressed tar are hashed on the way, by a
 * second thread (struct hasher: SHA-256 was two fifths of the CPU). A layer
 * leaves a list of small items (setuid files, secrets, package lines,
 * /etc/passwd and /etc/group, whiteouts, and markers of the paths whose
 * names make them facts); once the archive is read, the manifest says
 * which blobs are the config and the layers, in which order, and the
 * whiteouts are applied to the items of the layers below.
 *
 * A blob that cannot be a layer (not a tar, a path out of the root) keeps
 * its error, which fails the read only if the manifest names the blob as a
 * layer: docker-archive also holds VERSION and v1 json files. Limits,
 * digests and a truncated archive fail at once.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <nettle/sha2.h>

#include "sources/image-archive.h"

#define CHUNK		262144
#define NSLOT		4	/* buffers of a stream in turn (hasher) */
#define HQ		16	/* chunks queued for the hasher */
#define PEM_BEGIN	"-----BEGIN "
#define PEM_BEGIN_LEN	11
#define PEM_CARRY	256
#define FNV_OFFSET	14695981039346656037ULL
#define FNV_PRIME	1099511628211ULL

enum item_type {
	IT_SETID,
	IT_SECRET,
	IT_PKG,
	IT_PASSWD,
	IT_GROUP,
	IT_SEEN,		/* a path whose name makes it a fact */
	IT_WHITEOUT,		/* path and what is below it */
	IT_OPAQUE		/* what is below path */
};

struct item {
	enum item_type	 type;
	char		*path;		/* normalised: no leading "/"; "" root */
	const char	*kind;
	unsigned	 mode;
	unsigned long	 uid;
	unsigned long	 gid;
	unsigned	 line;
	char		*text;
	size_t		 len;
	int		 toobig;
	int		 notfile;
};

struct scan {
	struct item	*v;
	size_t		 n;
	size_t		 cap;
	uint64_t	 entries;
	uint64_t	 size;
	size_t		 passwd;	/* 1 + index of its item; 0 none */
	size_t		 group;
	const char	*compression;
	char		 diff_id[65];
};

enum blob_kind { BLOB_JSON, BLOB_LAYER, BLOB_ALIAS };

/*
 * The SHA-256 of the blobs and of their uncompressed tars, taken by a
 * second thread: the chunks it hashes are the readers' own buffers, NSLOT
 * of each in turn, a slot read into again only once its hash is done.
 * Without the thread (it could not start) they are hashed at once.
 */
struct hjob {
	struct sha256_ctx	*ctx;
	const uint8_t		*p;
	size_t			 n;
};

struct hasher {
	pthread_t		 th;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	struct hjob		 q[HQ];
	uint64_t		 queued;	/* chunks given */
	uint64_t		 done;		/* chunks hashed */
	int			 stop;
	int			 running;
	int			 idle;		/* the thread waits for a chunk */
	int			 waiting;	/* the reader waits for a hash */
};

struct slots {
	char		 buf[NSLOT][CHUNK];
	uint64_t	 seq[NSLOT];	/* hashed once done reaches it */
	unsigned	 cur;
};

struct blob {
	char		*name;
	enum blob_kind	 kind;
	char		 digest[65];
	char		*json;
	size_t		 len;
	int		 toobig;
	char		*error;		/* why it is no layer */
	struct scan	*scan;
	char		*target;	/* BLOB_ALIAS: the name it stands for */
};

/* One read. error: the first error that fails it. */
struct ia {
	struct image_limits	 lim;
	struct blob		*blobs;
	size_t			 nblobs;
	size_t			 cblobs;
	uint64_t		 bytes;
	uint64_t		 entries;
	size_t			 json_total;
	unsigned		 nkept;
	size_t			 kept;
	char			*error;
	struct hasher		 h;
};

struct src {
	struct ia		*ia;
	const char		*name;
	struct archive		*outer;		/* or NULL: fd */
	int			 fd;
	struct sha256_ctx	 sha;
	const char		*pend;
	size_t			 npend;
	struct slots		 sl;
};

/* A path's layers (or a number) by path: see rm_build(). */
struct rm_slot {
	uint64_t	 h;
	const char	*path;
	size_t		 len;
	unsigned	*layers;
	size_t		 n;
};

struct rm_table {
	struct rm_slot	*v;
	size_t		 cap;
	size_t		 n;
	int		 first;		/* keep a path's first number only */
};

struct layer_rd {
	struct rm_table		*setids;	/* path -> 1 + item index */
	struct ia		*ia;
	struct src		*s;
	struct blob		*b;
	struct scan		*scan;
	struct archive		*mid;
	struct archive		*tar;
	struct sha256_ctx	 diff;
	int			 compressed;
	char			*err;
	struct slots		 sl;
	char			 win[PEM_CARRY + CHUNK];
};

static void	 rm_add(struct rm_table *, const char *, unsigned);
static unsigned	 rm_first(struct rm_table *, uint64_t, const char *, size_t,
		    unsigned);
static uint64_t	 fnv(uint64_t, const char *, size_t);
static void	 rm_free(struct rm_table *);
static void ia_fail(struct ia *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
static void layer_err(struct layer_rd *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

void
image_limits_default(struct image_limits *l)
{
	l->bytes = IMAGE_MAX_BYTES;
	l->entries = IMAGE_MAX_ENTRIES;
	l->json = IMAGE_MAX_JSON;
	l->json_total = IMAGE_MAX_JSON_TOTAL;
	l->path = IMAGE_MAX_PATH;
	l->layers = IMAGE_MAX_LAYERS;
	l->blobs = IMAGE_MAX_BLOBS;
	l->facts = IMAGE_MAX_FACTS;
	l->kept = IMAGE_MAX_KEPT;
}

/* A cause: names from the archive and libarchive's words made inert. */
static char *
cause_text(const char *fmt, va_list ap)
{
	char	*raw = xvasprintf(fmt, ap), *s;

	s = text_sanitize(raw, strlen(raw), 1024);
	free(raw);
	return s;
}

static void
ia_fail(struct ia *ia, const char *fmt, ...)
{
	va_list	ap;

	if (ia->error != NULL)
		return;
	va_start(ap, fmt);
	ia->error = cause_text(fmt, ap);
	va_end(ap);
}

static void
layer_err(struct layer_rd *L, const char *fmt, ...)
{
	va_list	ap;

	if (L->err != NULL || L->ia->error != NULL)
		return;
	va_start(ap, fmt);
	L->err = cause_text(fmt, ap);
	va_end(ap);
}

/* A name from an archive, fit for a one-line message. */
static char *
shown(const char *s)
{
	return text_sanitize(s, strlen(s), 200);
}

static void
hex_digest(struct sha256_ctx *ctx, char out[65])
{
	uint8_t	d[SHA256_DIGEST_SIZE];
	size_t	i;

	sha256_digest(ctx, sizeof d, d);
	for (i = 0; i < sizeof d; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static int
is_hex64(const char *s, size_t n)
{
	size_t	i;

	if (n != 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/*
 * A path of an archive or a layer without ".", "./" and doubled slashes,
 * and without its leading "/"; NULL when it is absolute or has a ".."
 * component (it would leave the root).
 */
static char *
path_norm(const char *raw)
{
	struct buf	 b;
	const char	*p = raw, *e;
	size_t		 n;

	while (p[0] == '.' && p[1] == '/')
		p += 2;
	if (*p == '/')
		return NULL;
	buf_init(&b, (size_t)-1);
	while (*p != '\0') {
		e = strchr(p, '/');
		n = e == NULL ? strlen(p) : (size_t)(e - p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			buf_free(&b);
			return NULL;
		}
		if (n != 0 && !(n == 1 && p[0] == '.')) {
			if (b.len != 0)
				buf_append(&b, "/", 1);
			buf_append(&b, p, n);
		}
		p += n;
		if (*p == '/')
			p++;
	}
	buf_cstr(&b);
	return b.data;
}

/*
 * A link's target in the archive, relative to the folder dir ("" the
 * top), with ".." taken back; NULL when it leads out of the archive.
 */
static char *
path_resolve(const char *dir, const char *target)
{
	struct strlist	 parts = { NULL, 0 };
	struct buf	 b;
	char		*all, *p, *tok, *save;
	size_t		 i;

	if (*target == '/')
		return NULL;
	all = *dir == '\0' ? xstrdup(target) : xasprintf("%s/%s", dir, target);
	for (p = all; (tok = strtok_r(p, "/", &save)) != NULL; p = NULL) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0) {
			if (parts.n == 0) {
				free(all);
				strlist_free(&parts);
				return NULL;
			}
			free(parts.v[--parts.n]);
			parts.v[parts.n] = NULL;
			continue;
		}
		strlist_add(&parts, tok);
	}
	buf_init(&b, (size_t)-1);
	for (i = 0; i < parts.n; i++) {
		if (i != 0)
			buf_append(&b, "/", 1);
		buf_append(&b, parts.v[i], strlen(parts.v[i]));
	}
	free(all);
	strlist_free(&parts);
	buf_cstr(&b);
	return b.data;
}

/* Does a relative symbolic link at path lead above the root? */
static int
link_escapes(const char *path, const char *target)
{
	const char	*p, *e;
	long		 depth = 0;
	size_t		 n;

	if (*target == '/')
		return 0;
	for (p = path; (p = strchr(p, '/')) != NULL; p++)
		depth++;
	for (p = target; *p != '\0'; p += n + (p[n] == '/')) {
		e = strchr(p, '/');
		n = e == NULL ? strlen(p) : (size_t)(e - p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (--depth < 0)
				return 1;
		} else if (n != 0 && !(n == 1 && p[0] == '.'))
			depth++;
	}
	return 0;
}

static const char *
base_name(const char *path)
{
	const char	*s = strrchr(path, '/');

	return s == NULL ? path : s + 1;
}

static char *
dir_name(const char *path)
{
	const char	*s = strrchr(path, '/');

	return s == NULL ? xstrdup("") : xstrndup(path, (size_t)(s - path));
}

/* What a layer's path is, by its name. */
enum role {
	ROLE_NONE,
	ROLE_PASSWD,
	ROLE_GROUP,
	ROLE_APT,
	ROLE_YUM,
	ROLE_NPMRC,
	ROLE_SECRET
};

static int
in_dir(const char *path, const char *dir, const char *suffix)
{
	size_t	n = strlen(dir);

	return strncmp(path, dir, n) == 0 && path[n] == '/' &&
	    strchr(path + n + 1, '/') == NULL && path[n + 1] != '\0' &&
	    (suffix == NULL || str_ends_with(path + n + 1, suffix));
}

static enum role
path_role(const char *path, const char **kind)
{
	const char	*b = base_name(path);

	*kind = NULL;
	if (strcmp(path, "etc/passwd") == 0)
		return ROLE_PASSWD;
	if (strcmp(path, "etc/group") == 0)
		return ROLE_GROUP;
	if (strcmp(path, "etc/apt/sources.list") == 0 ||
	    strcmp(path, "etc/apt/apt.conf") == 0 ||
	    in_dir(path, "etc/apt/sources.list.d", ".list") ||
	    in_dir(path, "etc/apt/sources.list.d", ".sources") ||
	    in_dir(path, "etc/apt/apt.conf.d", NULL))
		return ROLE_APT;
	if (strcmp(path, "etc/yum.conf") == 0 ||
	    strcmp(path, "etc/dnf/dnf.conf") == 0 ||
	    in_dir(path, "etc/yum.repos.d", ".repo"))
		return ROLE_YUM;
	if (strcmp(b, ".npmrc") == 0)
		return ROLE_NPMRC;
	if (strcmp(b, "id_rsa") == 0 || strcmp(b, "id_dsa") == 0 ||
	    strcmp(b, "id_ecdsa") == 0 || strcmp(b, "id_ed25519") == 0)
		*kind = "ssh-private-key";
	else if (strcmp(path, ".aws/credentials") == 0 ||
	    str_ends_with(path, "/.aws/credentials"))
		*kind = "aws-credentials";
	else if (strcmp(b, ".git-credentials") == 0)
		*kind = "git-credentials";
	else if (strcmp(b, ".env") == 0 || (strncmp(b, ".env.", 5) == 0 &&
	    strcmp(b, ".env.example") != 0 && strcmp(b, ".env.sample") != 0 &&
	    strcmp(b, ".env.template") != 0))
		*kind = "dotenv";
	return *kind != NULL ? ROLE_SECRET : ROLE_NONE;
}

/* Count n bytes more kept of the layers against the limit. */
static int
kept_add(struct layer_rd *L, size_t n)
{
	L->ia->kept += n;
	if (L->ia->kept > L->ia->lim.kept) {
		ia_fail(L->ia, "%s: more than %zu bytes of facts kept of the "
		    "layers", L->b->name, L->ia->lim.kept);
		return -1;
	}
	return 0;
}

static struct item *
item_add(struct layer_rd *L, enum item_type type, const char *path)
{
	struct scan	*s = L->scan;
	struct item	*it;

	if (++L->ia->nkept > L->ia->lim.facts) {
		ia_fail(L->ia, "%s: more than %u setuid files, secrets, package "
		    "lines and whiteouts in the image", L->b->name,
		    L->ia->lim.facts);
		return NULL;
	}
	if (kept_add(L, sizeof *it + strlen(path) + 1) == -1)
		return NULL;
	if (s->n == s->cap) {
		s->cap = s->cap == 0 ? 16 : s->cap * 2;
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	it = &s->v[s->n++];
	memset(it, 0, sizeof *it);
	it->type = type;
	it->path = xstrdup(path);
	return it;
}

static void
scan_free(struct scan *s)
{
	size_t	i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->v[i].path);
		free(s->v[i].text);
	}
	free(s->v);
	free(s);
}

static void *
hasher_main(void *v)
{
	struct hasher	*h = v;
	struct hjob	 j;

	pthread_mutex_lock(&h->mu);
	for (;;) {
		while (h->done == h->queued && !h->stop) {
			h->idle = 1;
			pthread_cond_wait(&h->cv, &h->mu);
			h->idle = 0;
		}
		if (h->done == h->queued)
			break;
		j = h->q[h->done % HQ];
		pthread_mutex_unlock(&h->mu);
		sha256_update(j.ctx, j.n, j.p);
		pthread_mutex_lock(&h->mu);
		h->done++;
		if (h->waiting)
			pthread_cond_broadcast(&h->cv);
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

static void
hasher_start(struct hasher *h)
{
	sigset_t	all, old;

	memset(h, 0, sizeof *h);
	if (pthread_mutex_init(&h->mu, NULL) != 0)
		return;
	if (pthread_cond_init(&h->cv, NULL) != 0) {
		pthread_mutex_destroy(&h->mu);
		return;
	}
	/* Signals are the main thread's. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	h->running = pthread_create(&h->th, NULL, hasher_main, h) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!h->running) {
		pthread_cond_destroy(&h->cv);
		pthread_mutex_destroy(&h->mu);
	}
}

/* Wait until chunk number seq (all chunks: h->queued) is hashed. */
static void
hasher_wait(struct hasher *h, uint64_t seq)
{
	if (!h->running)
		return;
	pthread_mutex_lock(&h->mu);
	while (h->done < seq) {
		h->waiting = 1;
		pthread_cond_wait(&h->cv, &h->mu);
		h->waiting = 0;
	}
	pthread_mutex_unlock(&h->mu);
}

static void
hasher_drain(struct hasher *h)
{
	if (h->running)
		hasher_wait(h, h->queued);
}

static void
hasher_stop(struct hasher *h)
{
	if (!h->running)
		return;
	pthread_mutex_lock(&h->mu);
	h->stop = 1;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
	pthread_join(h->th, NULL);
	pthread_cond_destroy(&h->cv);
	pthread_mutex_destroy(&h->mu);
	h->running = 0;
}

/* Hash n bytes at p into ctx, now or by the thread; the chunk's number. */
static uint64_t
hasher_add(struct hasher *h, struct sha256_ctx *ctx, const void *p, size_t n)
{
	uint64_t	seq;

	if (!h->running) {
		sha256_update(ctx, n, p);
		return 0;
	}
	pthread_mutex_lock(&h->mu);
	while (h->queued - h->done == HQ) {
		h->waiting = 1;
		pthread_cond_wait(&h->cv, &h->mu);
		h->waiting = 0;
	}
	h->q[h->queued % HQ] = (struct hjob){ ctx, p, n };
	seq = ++h->queued;
	if (h->idle)
		pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
	return seq;
}

/* The next slot of a stream to read into, once its hash is done. */
static char *
slot_next(struct hasher *h, struct slots *sl)
{
	sl->cur = (sl->cur + 1) % NSLOT;
	hasher_wait(h, sl->seq[sl->cur]);
	return sl->buf[sl->cur];
}

/* The next bytes of a blob, hashed: n, 0 at its end, -1 (ia->error). */
static ssize_t
src_read(struct src *s, const void **p)
{
	ssize_t	 n;
	char	*buf;

	if (s->npend != 0) {
		*p = s->pend;
		n = (ssize_t)s->npend;
		s->npend = 0;
		return n;
	}
	buf = slot_next(&s->ia->h, &s->sl);
	if (s->outer != NULL) {
		n = archive_read_data(s->outer, buf, CHUNK);
		if (n < 0) {
			ia_fail(s->ia, "%s: %s", s->name,
			    archive_error_string(s->outer) != NULL ?
			    archive_error_string(s->outer) : "read error");
			return -1;
		}
	} else {
		do
			n = read(s->fd, buf, CHUNK);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			ia_fail(s->ia, "%s: %s", s->name, errno_cause(errno));
			return -1;
		}
	}
	s->sl.seq[s->sl.cur] = hasher_add(&s->ia->h, &s->sha, buf, (size_t)n);
	s->ia->bytes += (uint64_t)n;
	if (s->ia->bytes > s->ia->lim.bytes) {
		ia_fail(s->ia, "%s: more than %llu bytes in the image, "
		    "uncompressed", s->name,
		    (unsigned long long)s->ia->lim.bytes);
		return -1;
	}
	*p = buf;
	return n;
}

static la_ssize_t
mid_read(struct archive *a, void *v, const void **p)
{
	struct layer_rd	*L = v;
	ssize_t		 n = src_read(L->s, p);

	if (n < 0) {
		archive_set_error(a, EIO, "the archive could not be read");
		return ARCHIVE_FATAL;
	}
	return n;
}

/* The next bytes of the layer's tar, uncompressed and hashed, at *p. */
static la_ssize_t
mid_pull(struct layer_rd *L, const void **p)
{
	char		*buf = slot_next(&L->ia->h, &L->sl);
	la_ssize_t	 n = archive_read_data(L->mid, buf, CHUNK);

	if (n < 0) {
		layer_err(L, "%s: %s", L->b->name,
		    archive_error_string(L->mid) != NULL ?
		    archive_error_string(L->mid) : "cannot uncompress");
		return -1;
	}
	L->sl.seq[L->sl.cur] = hasher_add(&L->ia->h, &L->diff, buf, (size_t)n);
	*p = buf;
	L->scan->size += (uint64_t)n;
	if (L->compressed) {
		L->ia->bytes += (uint64_t)n;
		if (L->ia->bytes > L->ia->lim.bytes) {
			ia_fail(L->ia, "%s: more than %llu bytes in the image, "
			    "uncompressed", L->b->name,
			    (unsigned long long)L->ia->lim.bytes);
			return -1;
		}
	}
	return n;
}

static la_ssize_t
tar_read(struct archive *a, void *v, const void **p)
{
	struct layer_rd	*L = v;
	la_ssize_t	 n = mid_pull(L, p);

	if (n < 0) {
		archive_set_error(a, EIO, "the layer could not be read");
		return ARCHIVE_FATAL;
	}
	return n;
}

static int
b64char(char c)
{
	return isalnum((unsigned char)c) || c == '+' || c == '/';
}

/*
 * Does a PEM private key block start at w[p] (which holds "-----BEGIN ")?
 * 1 yes, 0 no, -1 cannot tell before more bytes. A block is the header
 * line naming a PRIVATE KEY, then base64 or "Proc-Type:": the header
 * alone is in ssh-keygen and libcrypto.
 */
static int
pem_at(const char *w, size_t len, size_t p, int eof)
{
	size_t		 end = len - p < 100 ? len : p + 100, i, k;
	const char	*nl = memchr(w + p, '\n', end - p);

	if (nl == NULL)
		return !eof && len - p < 100 ? -1 : 0;
	if (memmem(w + p, (size_t)(nl - (w + p)), "PRIVATE KEY-----", 16) == NULL)
		return 0;
	i = (size_t)(nl - w) + 1;
	if (len - i < 16)
		return eof ? 0 : -1;
	if (memcmp(w + i, "Proc-Type:", 10) == 0)
		return 1;
	for (k = 0; k < 16; k++)
		if (!b64char(w[i + k]))
			return 0;
	return 1;
}

/* Append what fits of data to a text capped at its max; toobig: cut. */
static void
text_add(struct buf *t, const char *data, size_t n)
{
	size_t	room = t->max - t->len;
	int	cut = n > room || t->toobig;

	if (n > room)
		n = room;
	if (n != 0) {
		t->toobig = 0;
		buf_append(t, data, n);
	}
	t->toobig = cut;
}

/*
 * Read the current regular file of a layer: its text into t (when not
 * NULL) and whether it holds a private key block (*pem, when not NULL).
 * 0, or -1 (the layer's error or ia->error).
 */
static int
file_read(struct layer_rd *L, struct buf *t, int *pem)
{
	char		*w = L->win;
	size_t		 carry = 0, len, start, pos, from;
	int		 at_start = 1, eof, r;
	la_ssize_t	 n;
	char		*q;

	for (;;) {
		n = archive_read_data(L->tar, w + carry, CHUNK);
		if (n < 0) {
			layer_err(L, "%s: %s", L->b->name,
			    archive_error_string(L->tar) != NULL ?
			    archive_error_string(L->tar) : "read error");
			return -1;
		}
		eof = n == 0;
		len = carry + (size_t)n;
		if (t != NULL)
			text_add(t, w + carry, (size_t)n);
		if (pem != NULL && !*pem) {
			from = 0;
			start = len > PEM_BEGIN_LEN ? len - PEM_BEGIN_LEN : 0;
			while ((q = memmem(w + from, len - from, PEM_BEGIN,
			    PEM_BEGIN_LEN)) != NULL) {
				pos = (size_t)(q - w);
				from = pos + 1;
				if (pos == 0 ? !at_start : w[pos - 1] != '\n')
					continue;
				r = pem_at(w, len, pos, eof);
				if (r == 1) {
					*pem = 1;
					break;
				}
				if (r == -1) {
					start = pos > 0 ? pos - 1 : 0;
					break;
				}
			}
			if (*pem)
				carry = 0;
			else {
				memmove(w, w + start, len - start);
				carry = len - start;
				if (start != 0)
					at_start = 0;
			}
		}
		if (eof)
			return 0;
	}
}

static int
is_false(const char *v)
{
	return strncasecmp(v, "0", 1) == 0 || strncasecmp(v, "false", 5) == 0 ||
	    strncasecmp(v, "no", 2) == 0 || strncasecmp(v, "\"0\"", 3) == 0 ||
	    strncasecmp(v, "\"false\"", 7) == 0 || strncasecmp(v, "off", 3) == 0;
}

/* The kind of a package manager's line that turns verification off. */
static const char *
pkg_line_kind(enum role role, const char *line)
{
	const char	*p = line, *v;
	size_t		 n;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '#' || *p == ';' || (p[0] == '/' && p[1] == '/'))
		return NULL;
	if (role == ROLE_APT) {
		if (strcasestr(p, "trusted=yes") != NULL)
			return "apt-trusted";
		if (strncasecmp(p, "Trusted:", 8) == 0) {
			for (v = p + 8; *v == ' ' || *v == '\t'; v++)
				;
			if (strncasecmp(v, "yes", 3) == 0)
				return "apt-trusted";
		}
		if ((v = strcasestr(p, "AllowUnauthenticated")) != NULL ||
		    (v = strcasestr(p, "AllowInsecureRepositories")) != NULL ||
		    (v = strcasestr(p, "AllowDowngradeToInsecureRepositories"))
		    != NULL) {
			v += strcspn(v, " \t=\"");
			v += strspn(v, " \t=");
			return *v == '\0' || is_false(v) ? NULL :
			    "apt-unauthenticated";
		}
		return NULL;
	}
	n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_");
	if (n != 8 || strncasecmp(p, "gpgcheck", 8) != 0)
		return NULL;
	v = p + n + strspn(p + n, " \t");
	if (*v != '=')
		return NULL;
	v += 1 + strspn(v + 1, " \t");
	return is_false(v) ? "yum-nogpgcheck" : NULL;
}

static int
pkg_lines(struct layer_rd *L, enum role role, const char *path,
    const struct buf *t)
{
	const char	*p = t->data, *end, *e, *kind;
	struct item	*it;
	unsigned	 line = 0;
	char		*text;

	if (p == NULL)
		return 0;
	end = p + t->len;
	for (; p < end; p = e + 1) {
		line++;
		e = memchr(p, '\n', (size_t)(end - p));
		if (e == NULL)
			e = end;
		text = xstrndup(p, (size_t)(e - p) < IMAGE_MAX_LINE ?
		    (size_t)(e - p) : IMAGE_MAX_LINE);
		text[strcspn(text, "\r")] = '\0';
		if ((kind = pkg_line_kind(role, text)) == NULL) {
			free(text);
			continue;
		}
		if ((it = item_add(L, IT_PKG, path)) == NULL ||
		    kept_add(L, strlen(text)) == -1) {
			free(text);
			return -1;
		}
		it->kind = kind;
		it->line = line;
		it->text = text;
	}
	return 0;
}

/*
 * The item of /etc/passwd or /etc/group of this layer, emptied: a layer
 * that holds the file twice keeps the last (as tar extracts it), and a
 * hostile one cannot make it keep thousands.
 */
static struct item *
account_item(struct layer_rd *L, enum role role)
{
	size_t		*at = role == ROLE_PASSWD ? &L->scan->passwd :
			    &L->scan->group;
	struct item	*it;

	if (*at != 0) {
		it = &L->scan->v[*at - 1];
		free(it->text);
		it->text = NULL;
		it->len = 0;
		it->toobig = it->notfile = 0;
		return it;
	}
	if ((it = item_add(L, role == ROLE_PASSWD ? IT_PASSWD : IT_GROUP,
	    role == ROLE_PASSWD ? "etc/passwd" : "etc/group")) != NULL)
		*at = L->scan->n;
	return it;
}

static int
entry_take(struct layer_rd *L, struct archive_entry *e)
{
	const char	*raw, *hl, *sl, *kind, *b;
	char		*path, *dir, *target, *wh;
	enum role	 role;
	struct item	*it;
	struct buf	 t;
	unsigned	 mode;
	int		 pem = 0, rc = -1, ok = 1;
	size_t		 i, n;

	if (++L->ia->entries > L->ia->lim.entries) {
		ia_fail(L->ia, "%s: more than %llu entries in the image",
		    L->b->name, (unsigned long long)L->ia->lim.entries);
		return -1;
	}
	L->scan->entries++;
	if ((raw = archive_entry_pathname(e)) == NULL) {
		layer_err(L, "%s: an entry without a name", L->b->name);
		return -1;
	}
	if (strlen(raw) > L->ia->lim.path) {
		layer_err(L, "%s: a path longer than %zu bytes", L->b->name,
		    L->ia->lim.path);
		return -1;
	}
	if ((path = path_norm(raw)) == NULL) {
		char	*s = shown(raw);

		layer_err(L, "%s: %s leaves the root", L->b->name, s);
		free(s);
		return -1;
	}
	hl = archive_entry_hardlink(e);
	sl = archive_entry_symlink(e);
	target = NULL;
	if (hl != NULL && (strlen(hl) > L->ia->lim.path ||
	    (target = path_norm(hl)) == NULL)) {
		char	*s = shown(path), *d = shown(hl);

		layer_err(L, "%s: %s is a hard link to %s, out of the root",
		    L->b->name, s, d);
		free(s);
		free(d);
		goto out;
	}
	if (hl == NULL && archive_entry_filetype(e) == AE_IFLNK && sl != NULL &&
	    link_escapes(path, sl)) {
		char	*s = shown(path), *d = shown(sl);

		layer_err(L, "%s: %s is a symbolic link to %s, out of the root",
		    L->b->name, s, d);
		free(s);
		free(d);
		goto out;
	}
	b = base_name(path);
	if (strncmp(b, ".wh.", 4) == 0) {
		dir = dir_name(path);
		if (strcmp(b, ".wh..wh..opq") == 0)
			ok = item_add(L, IT_OPAQUE, dir) != NULL;
		else if (strncmp(b, ".wh..wh.", 8) == 0)
			ok = 1;		/* aufs' own files: nothing */
		else if (b[4] == '\0' || strcmp(b + 4, ".") == 0 ||
		    strcmp(b + 4, "..") == 0) {
			char	*s = shown(path);

			layer_err(L, "%s: %s is not a whiteout of a name",
			    L->b->name, s);
			free(s);
			ok = 0;
		} else {
			wh = *dir == '\0' ? xstrdup(b + 4) :
			    xasprintf("%s/%s", dir, b + 4);
			ok = item_add(L, IT_WHITEOUT, wh) != NULL;
			free(wh);
		}
		free(dir);
		rc = ok ? 0 : -1;
		goto out;
	}
	role = path_role(path, &kind);
	n = hl == NULL ? 0 : strlen(target);
	if (hl != NULL && (i = rm_first(L->setids, fnv(FNV_OFFSET, target, n),
	    target, n, 0)) != 0) {
		if ((it = item_add(L, IT_SETID, path)) == NULL)
			goto out;
		it->mode = L->scan->v[i - 1].mode;
		it->uid = L->scan->v[i - 1].uid;
		it->gid = L->scan->v[i - 1].gid;
		rm_add(L->setids, it->path, (unsigned)L->scan->n);
	}
	if (hl != NULL || archive_entry_filetype(e) != AE_IFREG) {
		if (role == ROLE_PASSWD || role == ROLE_GROUP) {
			if ((it = account_item(L, role)) == NULL)
				goto out;
			it->notfile = 1;
		} else if (role != ROLE_NONE &&
		    item_add(L, IT_SEEN, path) == NULL)
			goto out;
		rc = 0;
		goto out;
	}
	mode = archive_entry_mode(e);
	if ((mode & 06000) != 0) {
		if ((it = item_add(L, IT_SETID, path)) == NULL)
			goto out;
		it->mode = mode;
		it->uid = (unsigned long)archive_entry_uid(e);
		it->gid = (unsigned long)archive_entry_gid(e);
		rm_add(L->setids, it->path, (unsigned)L->scan->n);
	}
	buf_init(&t, IMAGE_MAX_TEXT);
	if (file_read(L, role != ROLE_NONE && role != ROLE_SECRET ? &t : NULL,
	    role == ROLE_SECRET ? NULL : &pem) == -1) {
		buf_free(&t);
		goto out;
	}
	if (role == ROLE_NPMRC && t.data != NULL &&
	    memmem(t.data, t.len, "_authToken", 10) != NULL)
		kind = "npm-token";
	else if (kind == NULL && pem)
		kind = "private-key";
	if (kind != NULL) {
		if ((it = item_add(L, IT_SECRET, path)) == NULL)
			ok = 0;
		else
			it->kind = kind;
	}
	if (ok && (role == ROLE_PASSWD || role == ROLE_GROUP)) {
		if ((it = account_item(L, role)) == NULL ||
		    kept_add(L, t.len) == -1)
			ok = 0;
		else {
			it->text = xstrdup(buf_cstr(&t));
			it->len = t.len;
			it->toobig = t.toobig;
		}
	} else if (ok && (role == ROLE_APT || role == ROLE_YUM))
		ok = pkg_lines(L, role, path, &t) == 0 &&
		    item_add(L, IT_SEEN, path) != NULL;
	else if (ok && role == ROLE_NPMRC && kind == NULL)
		ok = item_add(L, IT_SEEN, path) != NULL;
	buf_free(&t);
	rc = ok ? 0 : -1;
out:
	free(target);
	free(path);
	return rc;
}

static int
filters_add(struct archive *a)
{
	/*
	 * Only libarchive's own decoders: a filter it lacks would run an
	 * external program (it returns ARCHIVE_WARN then).
	 */
	return archive_read_support_filter_none(a) == ARCHIVE_OK &&
	    archive_read_support_filter_gzip(a) == ARCHIVE_OK &&
	    archive_read_support_filter_zstd(a) == ARCHIVE_OK &&
	    archive_read_support_filter_xz(a) == ARCHIVE_OK &&
	    archive_read_support_filter_bzip2(a) == ARCHIVE_OK ? 0 : -1;
}

static const char *
filter_name(int code)
{
	switch (code) {
	case ARCHIVE_FILTER_NONE:
		return "none";
	case ARCHIVE_FILTER_GZIP:
		return "gzip";
	case ARCHIVE_FILTER_ZSTD:
		return "zstd";
	case ARCHIVE_FILTER_XZ:
		return "xz";
	case ARCHIVE_FILTER_BZIP2:
		return "bzip2";
	default:
		return "other";
	}
}

/* Read a blob as a layer, its facts into b->scan or its error b->error. */
static void
layer_scan(struct ia *ia, struct blob *b, struct src *s)
{
	struct layer_rd		*L = xcalloc(1, sizeof *L);
	struct archive_entry	*e;
	const void		*p;
	int			 r;

	L->ia = ia;
	L->s = s;
	L->b = b;
	L->scan = xcalloc(1, sizeof *L->scan);
	L->setids = xcalloc(1, sizeof *L->setids);
	L->setids->first = 1;
	sha256_init(&L->diff);
	L->mid = archive_read_new();
	if (filters_add(L->mid) == -1 ||
	    archive_read_support_format_raw(L->mid) != ARCHIVE_OK) {
		ia_fail(ia, "this libarchive lacks its own gzip, zstd, xz or "
		    "bzip2 decoder");
		goto done;
	}
	if (archive_read_open2(L->mid, L, NULL, mid_read, NULL, NULL) !=
	    ARCHIVE_OK || (r = archive_read_next_header(L->mid, &e)) ==
	    ARCHIVE_FATAL || r == ARCHIVE_WARN) {
		layer_err(L, "%s: %s", b->name,
		    archive_error_string(L->mid) != NULL ?
		    archive_error_string(L->mid) : "not a layer");
		goto done;
	}
	if (r == ARCHIVE_EOF) {
		layer_err(L, "%s: empty, not a tar", b->name);
		goto done;
	}
	L->scan->compression = filter_name(archive_filter_code(L->mid, 0));
	L->compressed = archive_filter_code(L->mid, 0) != ARCHIVE_FILTER_NONE;
	L->tar = archive_read_new();
	archive_read_support_format_tar(L->tar);
	if (archive_read_open2(L->tar, L, NULL, tar_read, NULL, NULL) !=
	    ARCHIVE_OK) {
		layer_err(L, "%s: not a tar (%s)", b->name,
		    archive_error_string(L->tar) != NULL ?
		    archive_error_string(L->tar) : "unreadable");
		goto done;
	}
	while ((r = archive_read_next_header(L->tar, &e)) == ARCHIVE_OK ||
	    r == ARCHIVE_WARN)
		if (entry_take(L, e) == -1)
			goto done;
	if (r != ARCHIVE_EOF) {
		layer_err(L, "%s: not a tar, or a damaged one (%s)", b->name,
		    archive_error_string(L->tar) != NULL ?
		    archive_error_string(L->tar) : "unreadable");
		goto done;
	}
	while ((r = (int)mid_pull(L, &p)) > 0)
		;
	hasher_drain(&ia->h);
	if (r == 0)
		hex_digest(&L->diff, L->scan->diff_id);
done:
	hasher_drain(&ia->h);	/* before L's buffers and hash go */
	if (L->tar != NULL)
		archive_read_free(L->tar);
	archive_read_free(L->mid);
	rm_free(L->setids);
	free(L->setids);
	if (L->err != NULL || ia->error != NULL) {
		b->error = L->err != NULL ? L->err : xstrdup(ia->error);
		scan_free(L->scan);
	} else
		b->scan = L->scan;
	free(L);
}

/* The blob a name of the archive stands for, through its links. */
static struct blob *
blob_find(struct ia *ia, const char *raw)
{
	struct blob	*b = NULL;
	size_t		 i, hops;
	char		*name = path_norm(raw);
	const char	*n = name;

	for (hops = 0; n != NULL && hops < 16; hops++) {
		for (i = 0; i < ia->nblobs; i++)
			if (strcmp(ia->blobs[i].name, n) == 0)
				break;
		if (i == ia->nblobs)
			break;
		if (ia->blobs[i].kind != BLOB_ALIAS) {
			b = &ia->blobs[i];
			break;
		}
		n = ia->blobs[i].target;
	}
	free(name);
	return b;
}

static struct blob *
blob_new(struct ia *ia, const char *name)
{
	size_t	i;
	char	*s;

	for (i = 0; i < ia->nblobs; i++)
		if (strcmp(ia->blobs[i].name, name) == 0) {
			s = shown(name);
			ia_fail(ia, "%s: twice in the archive", s);
			free(s);
			return NULL;
		}
	if (ia->nblobs == ia->lim.blobs) {
		ia_fail(ia, "more than %u files in the archive", ia->lim.blobs);
		return NULL;
	}
	if (ia->nblobs == ia->cblobs) {
		ia->cblobs = ia->cblobs == 0 ? 16 : ia->cblobs * 2;
		ia->blobs = xreallocarray(ia->blobs, ia->cblobs,
		    sizeof *ia->blobs);
	}
	memset(&ia->blobs[ia->nblobs], 0, sizeof *ia->blobs);
	ia->blobs[ia->nblobs].name = xstrdup(name);
	return &ia->blobs[ia->nblobs++];
}

/* One blob from s: kept as JSON or read as a layer, its digest checked. */
static int
blob_take(struct ia *ia, const char *name, struct src *s)
{
	struct blob	*b;
	struct buf	 j;
	const void	*p;
	const char	*base, *c;
	ssize_t		 n, i;
	size_t		 blen;

	if ((b = blob_new(ia, name)) == NULL)
		return -1;
	s->name = b->name;
	hasher_drain(&ia->h);
	sha256_init(&s->sha);
	if ((n = src_read(s, &p)) < 0)
		return -1;
	c = p;
	for (i = 0; i < n && isspace((unsigned char)c[i]); i++)
		;
	if (i < n && (c[i] == '{' || c[i] == '[')) {
		b->kind = BLOB_JSON;
		buf_init(&j, ia->lim.json);
		do {
			if (!j.toobig && buf_append(&j, p, (size_t)n) == 0 &&
			    ia->json_total + j.len > ia->lim.json_total) {
				ia_fail(ia, "%s: more than %zu bytes of JSON "
				    "documents in the archive", b->name,
				    ia->lim.json_total);
				buf_free(&j);
				return -1;
			}
		} while ((n = src_read(s, &p)) > 0);
		b->toobig = j.toobig;
		if (j.toobig)
			buf_free(&j);
		else {
			b->json = buf_cstr(&j);
			b->len = j.len;
			ia->json_total += j.len;
		}
	} else {
		b->kind = BLOB_LAYER;
		s->pend = p;
		s->npend = (size_t)n;
		layer_scan(ia, b, s);
		if (ia->error != NULL)
			return -1;
		while ((n = src_read(s, &p)) > 0)
			;
	}
	if (n < 0)
		return -1;
	hasher_drain(&ia->h);
	hex_digest(&s->sha, b->digest);
	base = base_name(name);
	blen = strlen(base);
	if (str_ends_with(base, ".json") || str_ends_with(base, ".tar"))
		blen = (size_t)(strrchr(base, '.') - base);
	if (is_hex64(base, blen) && strncmp(base, b->digest, 64) != 0) {
		ia_fail(ia, "%s: its SHA-256 is %s, not the digest its name "
		    "gives", b->name, b->digest);
		return -1;
	}
	return 0;
}

/* The entries of a tar (docker-archive, OCI layout), one pass. */
static int
read_tar(struct ia *ia, int fd)
{
	struct archive		*a = archive_read_new();
	struct archive_entry	*e;
	struct src		*s = xcalloc(1, sizeof *s);
	struct blob		*b;
	const char		*raw, *ln;
	char			*name = NULL, *last = NULL, *dir, *t;
	int			 r, rc = -1;

	s->ia = ia;
	s->outer = a;
	if (filters_add(a) == -1 ||
	    archive_read_support_format_tar(a) != ARCHIVE_OK) {
		ia_fail(ia, "this libarchive lacks its own gzip, zstd, xz or "
		    "bzip2 decoder");
		goto out;
	}
	if (archive_read_open_fd(a, fd, CHUNK) != ARCHIVE_OK) {
		ia_fail(ia, "not a tar archive (%s)", archive_error_string(a));
		goto out;
	}
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK ||
	    r == ARCHIVE_WARN) {
		free(last);
		last = name;
		name = NULL;
		if (++ia->entries > ia->lim.entries) {
			ia_fail(ia, "more than %llu entries in the image",
			    (unsigned long long)ia->lim.entries);
			goto out;
		}
		raw = archive_entry_pathname(e);
		if (raw == NULL || strlen(raw) > ia->lim.path ||
		    (name = path_norm(raw)) == NULL) {
			t = shown(raw != NULL ? raw : "");
			ia_fail(ia, "%s: an entry whose name is empty, too long "
			    "or out of the archive", t);
			free(t);
			goto out;
		}
		ln = archive_entry_hardlink(e);
		if (ln == NULL && archive_entry_filetype(e) == AE_IFLNK)
			ln = archive_entry_symlink(e);
		if (ln != NULL) {
			dir = archive_entry_hardlink(e) != NULL ? xstrdup("") :
			    dir_name(name);
			t = strlen(ln) > ia->lim.path ? NULL :
			    path_resolve(dir, ln);
			free(dir);
			if (t == NULL) {
				dir = shown(name);
				ia_fail(ia, "%s: a link out of the archive", dir);
				free(dir);
				goto out;
			}
			if ((b = blob_new(ia, name)) == NULL) {
				free(t);
				goto out;
			}
			b->kind = BLOB_ALIAS;
			b->target = t;
			continue;
		}
		if (archive_entry_filetype(e) != AE_IFREG)
			continue;
		if (blob_take(ia, name, s) == -1)
			goto out;
	}
	if (r != ARCHIVE_EOF) {
		t = name != NULL ? shown(name) : last != NULL ? shown(last) :
		    NULL;
		if (t != NULL)
			ia_fail(ia, "after %s: %s", t, archive_error_string(a) !=
			    NULL ? archive_error_string(a) : "damaged");
		else
			ia_fail(ia, "%s", archive_error_string(a) != NULL ?
			    archive_error_string(a) : "damaged");
		free(t);
		goto out;
	}
	rc = 0;
out:
	free(last);
	free(name);
	hasher_drain(&ia->h);	/* before the buffers go */
	archive_read_free(a);
	free(s);
	return rc;
}

static int
read_file_blob(struct ia *ia, int dirfd, const char *rel, const char *name,
    struct src *s)
{
	struct stat	st;
	int		fd, rc;

	if ((fd = openat(dirfd, rel, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return 0;
		ia_fail(ia, "%s: %s", name, errno_cause(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		ia_fail(ia, "%s: not a regular file", name);
		return -1;
	}
	if (++ia->entries > ia->lim.entries) {
		close(fd);
		ia_fail(ia, "more than %llu entries in the image",
		    (unsigned long long)ia->lim.entries);
		return -1;
	}
	s->fd = fd;
	rc = blob_take(ia, name, s);
	close(fd);
	return rc;
}

/* An OCI layout directory: its files, then every blob, as from a tar. */
static int
read_dir(struct ia *ia, const char *path)
{
	struct src	*s = xcalloc(1, sizeof *s);
	struct dirent	*de;
	struct strlist	 names = { NULL, 0 };
	DIR		*d = NULL;
	int		 dfd, bfd = -1, rc = -1;
	size_t		 i;
	char		*name;

	s->ia = ia;
	if ((dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		ia_fail(ia, "%s", errno_cause(errno));
		goto out;
	}
	if (read_file_blob(ia, dfd, "oci-layout", "oci-layout", s) == -1 ||
	    read_file_blob(ia, dfd, "index.json", "index.json", s) == -1)
		goto out;
	if ((bfd = openat(dfd, "blobs/sha256", O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC)) == -1) {
		ia_fail(ia, "blobs/sha256: %s", errno_cause(errno));
		goto out;
	}
	if ((d = fdopendir(dup(bfd))) == NULL) {
		ia_fail(ia, "blobs/sha256: %s", errno_cause(errno));
		goto out;
	}
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			strlist_add(&names, de->d_name);
	strlist_sort(&names);
	for (i = 0; i < names.n; i++) {
		name = xasprintf("blobs/sha256/%s", names.v[i]);
		rc = read_file_blob(ia, bfd, names.v[i], name, s);
		free(name);
		if (rc == -1)
			goto out;
	}
	rc = 0;
out:
	if (d != NULL)
		closedir(d);
	if (bfd != -1)
		close(bfd);
	if (dfd != -1)
		close(dfd);
	strlist_free(&names);
	hasher_drain(&ia->h);
	free(s);
	return rc;
}

static json_t *
blob_json(struct ia *ia, struct blob *b, const char *what)
{
	json_error_t	 err;
	json_t		*j;

	if (b->kind == BLOB_LAYER) {
		ia_fail(ia, "%s %s: not JSON", what, b->name);
		return NULL;
	}
	if (b->toobig) {
		ia_fail(ia, "%s %s: larger than %zu bytes", what, b->name,
		    ia->lim.json);
		return NULL;
	}
	if ((j = json_loadb(b->json, b->len, JSON_REJECT_DUPLICATES, &err)) ==
	    NULL) {
		ia_fail(ia, "%s %s: line %d: %s", what, b->name, err.line,
		    err.text);
		return NULL;
	}
	if (!json_is_object(j) && !json_is_array(j)) {
		json_decref(j);
		ia_fail(ia, "%s %s: not a JSON object", what, b->name);
		return NULL;
	}
	return j;
}

/* The blob of an OCI descriptor ("sha256:HEX"). */
static struct blob *
descriptor_blob(struct ia *ia, json_t *desc, const char *what,
    const char *in)
{
	const char	*dg = json_string_value(json_object_get(desc, "digest"));
	struct blob	*b;
	char		*name, *s;

	if (dg == NULL || strncmp(dg, "sha256:", 7) != 0 ||
	    !is_hex64(dg + 7, strlen(dg + 7))) {
		s = shown(dg != NULL ? dg : "(none)");
		ia_fail(ia, "%s: a %s whose digest is %s, not sha256:HEX", in,
		    what, s);
		free(s);
		return NULL;
	}
	name = xasprintf("blobs/sha256/%s", dg + 7);
	if ((b = blob_find(ia, name)) == NULL)
		ia_fail(ia, "%s: its %s %s is not in the archive", in, what,
		    name);
	free(name);
	return b;
}

static int
layer_blob(struct ia *ia, struct blob *b, struct blob **out)
{
	if (b->kind != BLOB_LAYER || b->error != NULL) {
		if (b->error != NULL)
			ia_fail(ia, "layer %s", b->error);
		else
			ia_fail(ia, "layer %s: not a tar (JSON)", b->name);
		return -1;
	}
	*out = b;
	return 0;
}

/* The config and the layers, in order, as the manifest names them. */
/* Names of a JSON array of strings (RepoTags), sanitised. */
static void
tags_take(json_t *a, struct strlist *tags)
{
	json_t	*v;
	size_t	 i;
	char	*s;

	json_array_foreach(a, i, v) {
		if (json_string_value(v) == NULL || i >= 64)
			continue;
		s = text_sanitize(json_string_value(v), strlen(
		    json_string_value(v)), 256);
		strlist_add(tags, s);
		free(s);
	}
}

/* The config and the layers, in order, as the manifest names them; the
 * image's names (RepoTags; an OCI reference name) into tags. */
static int
resolve(struct ia *ia, struct blob **config, struct blob ***layers,
    size_t *nlayers, const char **format, struct strlist *tags)
{
	struct blob	*mb, *b, *ib;
	json_t		*m = NULL, *idx = NULL, *list, *v;
	const char	*name;
	size_t		 i;
	int		 rc = -1, depth;

	*layers = NULL;
	*nlayers = 0;
	if ((mb = blob_find(ia, "manifest.json")) != NULL) {
		*format = "docker-archive";
		if ((m = blob_json(ia, mb, "manifest")) == NULL)
			return -1;
		v = json_array_get(m, 0);
		tags_take(json_object_get(v, "RepoTags"), tags);
		name = json_string_value(json_object_get(v, "Config"));
		list = json_object_get(v, "Layers");
		if (name == NULL || !json_is_array(list)) {
			ia_fail(ia, "manifest.json: no image with a Config and "
			    "Layers");
			goto out;
		}
		if ((*config = blob_find(ia, name)) == NULL) {
			ia_fail(ia, "manifest.json: its config %s is not in the "
			    "archive", name);
			goto out;
		}
		if (json_array_size(list) > ia->lim.layers) {
			ia_fail(ia, "manifest.json: more than %u layers",
			    ia->lim.layers);
			goto out;
		}
		*layers = xcalloc(json_array_size(list) + 1, sizeof **layers);
		json_array_foreach(list, i, v) {
			if ((name = json_string_value(v)) == NULL ||
			    (b = blob_find(ia, name)) == NULL) {
				ia_fail(ia, "manifest.json: layer %zu is not in "
				    "the archive", i + 1);
				goto out;
			}
			if (layer_blob(ia, b, &(*layers)[i]) == -1)
				goto out;
			(*nlayers)++;
		}
		rc = 0;
		goto out;
	}
	if ((ib = blob_find(ia, "index.json")) == NULL) {
		ia_fail(ia, "neither manifest.json (docker-archive) nor "
		    "index.json (OCI layout): not an image archive");
		return -1;
	}
	*format = "oci";
	if (blob_find(ia, "oci-layout") == NULL) {
		ia_fail(ia, "index.json without oci-layout: not an OCI layout");
		return -1;
	}
	if ((idx = blob_json(ia, ib, "index")) == NULL)
		return -1;
	name = "index.json";
	m = json_incref(idx);
	for (depth = 0;; depth++) {
		v = json_object_get(m, "manifests");
		if (v == NULL)
			break;
		if (depth == 2 || json_array_size(v) == 0) {
			ia_fail(ia, "%s: no image manifest", name);
			goto out;
		}
		if ((b = descriptor_blob(ia, json_array_get(v, 0), "manifest",
		    name)) == NULL)
			goto out;
		if (tags->n == 0 && json_is_string(list = json_object_get(
		    json_object_get(json_array_get(v, 0), "annotations"),
		    "org.opencontainers.image.ref.name"))) {
			json_t *one = json_pack("[O]", list);

			tags_take(one, tags);
			json_decref(one);
		}
		json_decref(m);
		name = b->name;
		if ((m = blob_json(ia, b, "manifest")) == NULL)
			goto out;
	}
	if ((*config = descriptor_blob(ia, json_object_get(m, "config"),
	    "config", name)) == NULL)
		goto out;
	list = json_object_get(m, "layers");
	if (!json_is_array(list)) {
		ia_fail(ia, "%s: a manifest without layers", name);
		goto out;
	}
	if (json_array_size(list) > ia->lim.layers) {
		ia_fail(ia, "%s: more than %u layers", name, ia->lim.layers);
		goto out;
	}
	*layers = xcalloc(json_array_size(list) + 1, sizeof **layers);
	json_array_foreach(list, i, v) {
		if ((b = descriptor_blob(ia, v, "layer", name)) == NULL ||
		    layer_blob(ia, b, &(*layers)[i]) == -1)
			goto out;
		(*nlayers)++;
	}
	rc = 0;
out:
	json_decref(idx);
	json_decref(m);
	return rc;
}

static char *
json_str(json_t *o, const char *key)
{
	const char	*s = json_string_value(json_object_get(o, key));

	return s == NULL ? NULL : xstrdup(s);
}

static int
config_take(struct ia *ia, struct image_facts *f, struct blob *cb)
{
	json_t		*c, *h, *v, *ids;
	size_t		 i, n;
	unsigned	 layer = 0;

	if ((f->config = blob_json(ia, cb, "config")) == NULL)
		return -1;
	if (!json_is_object(f->config)) {
		ia_fail(ia, "config %s: not a JSON object", cb->name);
		return -1;
	}
	snprintf(f->config_digest, sizeof f->config_digest, "sha256:%s",
	    cb->digest);
	c = json_object_get(f->config, "config");
	f->user = json_str(c, "User");
	json_array_foreach(json_object_get(c, "Env"), i, v)
		if (json_is_string(v))
			strlist_add(&f->env, json_string_value(v));
	h = json_object_get(c, "Healthcheck");
	if (json_is_object(h)) {
		f->healthcheck = 1;
		json_array_foreach(json_object_get(h, "Test"), i, v)
			if (json_is_string(v))
				strlist_add(&f->healthcheck_test,
				    json_string_value(v));
	}
	h = json_object_get(f->config, "history");
	n = json_array_size(h);
	f->history = xcalloc(n + 1, sizeof *f->history);
	json_array_foreach(h, i, v) {
		struct image_history	*e = &f->history[f->nhistory++];

		e->created = json_str(v, "created");
		e->created_by = json_str(v, "created_by");
		e->comment = json_str(v, "comment");
		e->empty_layer = json_is_true(json_object_get(v, "empty_layer"));
		if (!e->empty_layer)
			e->layer = ++layer;
	}
	if (layer != f->nlayers)
		for (i = 0; i < f->nhistory; i++)
			f->history[i].layer = 0;
	ids = json_object_get(json_object_get(f->config, "rootfs"),
	    "diff_ids");
	if (json_array_size(ids) != f->nlayers) {
		ia_fail(ia, "config %s: %zu diff_ids for %zu layers", cb->name,
		    json_array_size(ids), f->nlayers);
		return -1;
	}
	for (i = 0; i < f->nlayers; i++) {
		const char	*id = json_string_value(json_array_get(ids, i));

		if (id == NULL || strcmp(id, f->layers[i].diff_id) != 0) {
			ia_fail(ia, "layer %s: its uncompressed SHA-256 is %s, "
			    "not the config's diff_id %s", f->layers[i].blob,
			    f->layers[i].diff_id, id != NULL ? id : "(none)");
			return -1;
		}
	}
	return 0;
}

/*
 * What removes a fact, by path: EXACT holds the paths that whiteouts and
 * later entries of the same path remove, BELOW the folders whose contents
 * whiteouts and opaque folders remove; each path with the layers that do
 * it, in order. A fact is looked up once at its path and once at each of
 * its folders, whose hashes are taken on the way along the path: the work
 * is the total length of the facts' paths, not facts times whiteouts.
 */

static uint64_t
fnv(uint64_t h, const char *p, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * FNV_PRIME;
	return h;
}

static struct rm_slot *
rm_slot(struct rm_table *t, uint64_t h, const char *path, size_t len,
    int add)
{
	size_t		 i, j;
	struct rm_slot	*old;

	if (add && (t->n + 1) * 2 > t->cap) {
		old = t->v;
		j = t->cap;
		t->cap = t->cap == 0 ? 64 : t->cap * 2;
		t->v = xcalloc(t->cap, sizeof *t->v);
		for (i = 0; i < j; i++) {
			struct rm_slot	*s;

			if (old[i].path == NULL)
				continue;
			s = rm_slot(t, old[i].h, old[i].path, old[i].len, 0);
			*s = old[i];
		}
		free(old);
	}
	if (t->cap == 0)
		return NULL;
	for (i = h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		if (t->v[i].path == NULL)
			break;
		if (t->v[i].h == h && t->v[i].len == len &&
		    memcmp(t->v[i].path, path, len) == 0)
			return &t->v[i];
	}
	if (!add)
		return &t->v[i];	/* an empty slot */
	t->v[i].h = h;
	t->v[i].path = path;
	t->v[i].len = len;
	t->n++;
	return &t->v[i];
}

static void
rm_add(struct rm_table *t, const char *path, unsigned layer)
{
	size_t		 len = strlen(path);
	struct rm_slot	*s = rm_slot(t, fnv(FNV_OFFSET, path, len), path, len,
			    1);

	/* Layers come in order (a path's own are <= 256); numbers: the first. */
	if (s->n != 0 && (s->layers[s->n - 1] >= layer || t->first))
		return;
	s->layers = xreallocarray(s->layers, s->n + 1, sizeof *s->layers);
	s->layers[s->n++] = layer;
}

/* The first layer above `layer` that the table names for path; 0 none. */
static unsigned
rm_first(struct rm_table *t, uint64_t h, const char *path, size_t len,
    unsigned layer)
{
	struct rm_slot	*s;
	size_t		 lo, hi, mid;

	if (t->cap == 0 || (s = rm_slot(t, h, path, len, 0))->path == NULL)
		return 0;
	for (lo = 0, hi = s->n; lo < hi;) {
		mid = lo + (hi - lo) / 2;
		if (s->layers[mid] <= layer)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n ? s->layers[lo] : 0;
}

static void
rm_free(struct rm_table *t)
{
	size_t	i;

	for (i = 0; i < t->cap; i++)
		free(t->v[i].layers);
	free(t->v);
}

static void
rm_build(struct rm_table *exact, struct rm_table *below, struct blob **layers,
    size_t nlayers)
{
	size_t		 j, k;
	struct item	*it;

	for (j = 0; j < nlayers; j++) {
		for (k = 0; k < layers[j]->scan->n; k++) {
			it = &layers[j]->scan->v[k];
			if (it->type == IT_WHITEOUT || it->type == IT_OPAQUE)
				rm_add(below, it->path, (unsigned)j + 1);
			if (it->type != IT_OPAQUE)
				rm_add(exact, it->path, (unsigned)j + 1);
		}
	}
}

static unsigned
first_of(unsigned a, unsigned b)
{
	return a == 0 ? b : b == 0 ? a : a < b ? a : b;
}

/* The first layer above `layer` that removes or replaces path. */
static unsigned
deleted_at(struct rm_table *exact, struct rm_table *below, unsigned layer,
    const char *path)
{
	size_t		 i, len = strlen(path);
	uint64_t	 h = FNV_OFFSET;
	unsigned	 del;

	del = rm_first(exact, fnv(FNV_OFFSET, path, len), path, len, layer);
	if (len != 0)
		del = first_of(del, rm_first(below, FNV_OFFSET, "", 0, layer));
	for (i = 0; i < len; i++) {
		if (path[i] == '/')
			del = first_of(del, rm_first(below, h, path, i, layer));
		h = (h ^ (unsigned char)path[i]) * FNV_PRIME;
	}
	return del;
}

static void
text_take(struct image_text *t, struct item *it, unsigned layer)
{
	t->layer = layer;
	t->notfile = it->notfile;
	t->toobig = it->toobig;
	if (!it->notfile) {
		t->data = xstrdup(it->text != NULL ? it->text : "");
		t->len = it->len;
	}
}

static void
facts_take(struct image_facts *f, struct blob **layers, size_t nlayers)
{
	struct rm_table	 exact = { NULL, 0, 0, 0 }, below = { NULL, 0, 0, 0 };
	size_t		 j, k, n[3] = { 0, 0, 0 };
	unsigned	 del;
	struct item	*it;
	char		*p;

	rm_build(&exact, &below, layers, nlayers);
	for (j = 0; j < nlayers; j++)
		for (k = 0; k < layers[j]->scan->n; k++)
			if (layers[j]->scan->v[k].type <= IT_PKG)
				n[layers[j]->scan->v[k].type]++;
	f->setid = xcalloc(n[IT_SETID] + 1, sizeof *f->setid);
	f->secrets = xcalloc(n[IT_SECRET] + 1, sizeof *f->secrets);
	f->pkglines = xcalloc(n[IT_PKG] + 1, sizeof *f->pkglines);
	for (j = 0; j < nlayers; j++) {
		for (k = 0; k < layers[j]->scan->n; k++) {
			it = &layers[j]->scan->v[k];
			if (it->type == IT_SEEN || it->type == IT_WHITEOUT ||
			    it->type == IT_OPAQUE)
				continue;
			del = deleted_at(&exact, &below, (unsigned)j + 1,
			    it->path);
			if (it->type == IT_PASSWD || it->type == IT_GROUP) {
				if (del == 0)
					text_take(it->type == IT_PASSWD ?
					    &f->passwd : &f->group, it,
					    (unsigned)j + 1);
				continue;
			}
			p = xasprintf("/%s", it->path);
			if (it->type == IT_SETID) {
				struct image_setid	*s;

				s = &f->setid[f->nsetid++];
				s->path = p;
				s->mode = it->mode;
				s->uid = it->uid;
				s->gid = it->gid;
				s->added = (unsigned)j + 1;
				s->deleted = del;
			} else if (it->type == IT_SECRET) {
				struct image_secret	*s;

				s = &f->secrets[f->nsecrets++];
				s->kind = it->kind;
				s->path = p;
				s->added = (unsigned)j + 1;
				s->deleted = del;
			} else {
				struct image_pkgline	*s;

				s = &f->pkglines[f->npkglines++];
				s->kind = it->kind;
				s->path = p;
				s->line = it->line;
				s->text = xstrdup(it->text);
				s->added = (unsigned)j + 1;
				s->deleted = del;
			}
		}
	}
	rm_free(&exact);
	rm_free(&below);
}

static void
ia_free(struct ia *ia)
{
	size_t	i;

	for (i = 0; i < ia->nblobs; i++) {
		free(ia->blobs[i].name);
		free(ia->blobs[i].json);
		free(ia->blobs[i].error);
		free(ia->blobs[i].target);
		scan_free(ia->blobs[i].scan);
	}
	free(ia->blobs);
	free(ia->error);
}

/* An archive from path (fd -1), or a stream of one from fd. */
static struct image_facts *
archive_read(const char *path, int in, const struct image_limits *limits,
    char **cause)
{
	struct ia		 ia;
	struct image_facts	*f = NULL;
	struct blob		*config = NULL, **layers = NULL;
	struct stat		 st;
	struct strlist		 tags;
	size_t			 nlayers = 0, i;
	const char		*format = NULL;
	int			 fd, rc;

	memset(&ia, 0, sizeof ia);
	if (limits != NULL)
		ia.lim = *limits;
	else
		image_limits_default(&ia.lim);
	hasher_start(&ia.h);
	if (in != -1)
		rc = read_tar(&ia, in);
	else if ((fd = input_open(path, &st)) == -1) {
		if (errno == EISDIR)
			rc = read_dir(&ia, path);
		else {
			ia_fail(&ia, "%s", errno_cause(errno));
			rc = -1;
		}
	} else {
		rc = read_tar(&ia, fd);
		close(fd);
	}
	hasher_stop(&ia.h);
	memset(&tags, 0, sizeof tags);
	if (rc == 0 && ia.error == NULL &&
	    resolve(&ia, &config, &layers, &nlayers, &format, &tags) == 0) {
		f = xcalloc(1, sizeof *f);
		f->format = format;
		f->tags = tags;
		memset(&tags, 0, sizeof tags);
		f->layers = xcalloc(nlayers + 1, sizeof *f->layers);
		for (i = 0; i < nlayers; i++) {
			struct image_layer	*l = &f->layers[f->nlayers++];

			l->blob = xstrdup(layers[i]->name);
			snprintf(l->digest, sizeof l->digest, "sha256:%s",
			    layers[i]->digest);
			snprintf(l->diff_id, sizeof l->diff_id, "sha256:%s",
			    layers[i]->scan->diff_id);
			l->compression = layers[i]->scan->compression;
			l->size = layers[i]->scan->size;
			l->entries = layers[i]->scan->entries;
		}
		if (config_take(&ia, f, config) == 0)
			facts_take(f, layers, nlayers);
	}
	free(layers);
	strlist_free(&tags);
	if (ia.error != NULL) {
		image_facts_free(f);
		f = NULL;
		*cause = ia.error;
		ia.error = NULL;
	}
	ia_free(&ia);
	return f;
}

struct image_facts *
image_archive_read(const char *path, const struct image_limits *limits,
    char **cause)
{
	return archive_read(path, -1, limits, cause);
}

struct image_facts *
image_archive_read_fd(int fd, const struct image_limits *limits,
    char **cause)
{
	return archive_read(NULL, fd, limits, cause);
}

void
image_facts_free(struct image_facts *f)
{
	size_t	i;

	if (f == NULL)
		return;
	json_decref(f->config);
	strlist_free(&f->tags);
	free(f->user);
	strlist_free(&f->env);
	strlist_free(&f->healthcheck_test);
	for (i = 0; i < f->nhistory; i++) {
		free(f->history[i].created);
		free(f->history[i].created_by);
		free(f->history[i].comment);
	}
	free(f->history);
	for (i = 0; i < f->nlayers; i++)
		free(f->layers[i].blob);
	free(f->layers);
	for (i = 0; i < f->nsetid; i++)
		free(f->setid[i].path);
	free(f->setid);
	for (i = 0; i < f->nsecrets; i++)
		free(f->secrets[i].path);
	free(f->secrets);
	for (i = 0; i < f->npkglines; i++) {
		free(f->pkglines[i].path);
		free(f->pkglines[i].text);
	}
	free(f->pkglines);
	free(f->passwd.data);
	free(f->group.data);
	free(f);
}
