/*
 * Allocation, diagnostics, buffers, string lists, mode strings, hashing:
 * the plumbing shared by every module.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <nettle/sha2.h>

#include "lib/util.h"

static int log_quiet;

void *
xmalloc(size_t size)
{
	void	*p;

	if ((p = malloc(size == 0 ? 1 : size)) == NULL)
		fatal("out of memory");
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size)) == NULL)
		fatal("out of memory");
	return p;
}

void *
xreallocarray(void *old, size_t n, size_t size)
{
	void	*p;

	if (size != 0 && n > SIZE_MAX / size)
		fatal("allocation overflow");
	if ((p = realloc(old, n * size == 0 ? 1 : n * size)) == NULL)
		fatal("out of memory");
	return p;
}

char *
xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s)) == NULL)
		fatal("out of memory");
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	if ((p = strndup(s, n)) == NULL)
		fatal("out of memory");
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	char	*s;

	if (vasprintf(&s, fmt, ap) < 0)
		fatal("out of memory");
	return s;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;

	fputs("dockaudit: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void
log_set_quiet(int quiet)
{
	log_quiet = quiet;
}

static void
log_vprint(const char *tag, const char *fmt, va_list ap)
{
	fputs("dockaudit: ", stderr);
	if (tag != NULL)
		fputs(tag, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
log_error(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vprint(NULL, fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vprint("warning: ", fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	if (log_quiet)
		return;
	va_start(ap, fmt);
	log_vprint(NULL, fmt, ap);
	va_end(ap);
}

static char			guard_path[4096];
static volatile sig_atomic_t	guard_on;

static void
guard_signal(int sig)
{
	if (guard_on)
		unlink(guard_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

void
tmp_guard_hold(int hold)
{
	sigset_t	set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(hold ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

void
tmp_guard(const char *path)
{
	static const int	 sigs[] = { SIGTERM, SIGINT, SIGHUP };
	static int		 installed;
	struct sigaction	 sa, old;
	size_t			 i;

	guard_on = 0;
	if (!installed) {
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = guard_signal;
		sigemptyset(&sa.sa_mask);
		for (i = 0; i < nitems(sigs); i++) {
			/* An ignored signal (nohup) stays ignored. */
			if (sigaction(sigs[i], NULL, &old) == 0 &&
			    old.sa_handler != SIG_IGN)
				sigaction(sigs[i], &sa, NULL);
		}
		installed = 1;
	}
	if (path == NULL || strlen(path) >= sizeof guard_path)
		return;
	memcpy(guard_path, path, strlen(path) + 1);
	guard_on = 1;
}

/* "a FIFO", "a directory" ...: what a file is that is not a regular one. */
static const char *
file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	return "not a regular file";
}

/* "64 MiB" of a limit, in the unit it is a whole number of. */
static char *
size_words(size_t n)
{
	if (n % (1u << 20) == 0)
		return xasprintf("%zu MiB", n >> 20);
	if (n % 1024 == 0)
		return xasprintf("%zu KiB", n >> 10);
	return xasprintf("%zu bytes", n);
}

int
input_open(const char *path, struct stat *st)
{
	int	fd, err;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, st) == -1)
		err = errno;
	else if (!S_ISREG(st->st_mode))
		err = S_ISDIR(st->st_mode) ? EISDIR : ENOSTR;
	else
		return fd;
	close(fd);
	errno = err;
	return -1;
}

int
input_read(const char *path, size_t max, const char *what, struct buf *b,
    char **cause)
{
	struct stat	 st;
	char		 chunk[65536], *limit;
	ssize_t		 n;
	int		 fd, err;

	buf_init(b, max);
	if ((fd = input_open(path, &st)) == -1) {
		*cause = errno == EISDIR || errno == ENOSTR ? xasprintf("%s, "
		    "not a regular file: refused as an input",
		    file_kind(st.st_mode)) : xasprintf("cannot open: %s",
		    errno_cause(errno));
		return -1;
	}
	while ((n = read(fd, chunk, sizeof chunk)) > 0 &&
	    buf_append(b, chunk, (size_t)n) == 0)
		;
	err = n < 0 ? errno : 0;
	close(fd);
	if (b->toobig || (st.st_size > 0 && (size_t)st.st_size > max)) {
		limit = size_words(max);
		*cause = xasprintf("larger than %s, the limit of %s", limit,
		    what);
		free(limit);
		buf_free(b);
		return -1;
	}
	if (err != 0) {
		*cause = xstrdup(errno_cause(err));
		buf_free(b);
		return -1;
	}
	buf_cstr(b);
	return 0;
}

void
buf_init(struct buf *b, size_t max)
{
	memset(b, 0, sizeof *b);
	b->max = max;
}

int
buf_append(struct buf *b, const void *data, size_t len)
{
	if (b->toobig || len > b->max - b->len) {
		b->toobig = 1;
		return -1;
	}
	if (b->len + len + 1 > b->cap) {
		size_t	cap = b->cap == 0 ? 256 : b->cap;

		while (cap < b->len + len + 1)
			cap *= 2;
		b->data = xreallocarray(b->data, cap, 1);
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

char *
buf_cstr(struct buf *b)
{
	if (b->data == NULL) {
		b->data = xcalloc(1, 1);
		b->cap = 1;
	}
	return b->data;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

void
strlist_add_nocopy(struct strlist *l, char *s)
{
	l->v = xreallocarray(l->v, l->n + 2, sizeof *l->v);
	l->v[l->n++] = s;
	l->v[l->n] = NULL;
}

void
strlist_add(struct strlist *l, const char *s)
{
	strlist_add_nocopy(l, xstrdup(s));
}

int
strlist_has(const struct strlist *l, const char *s)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i], s) == 0)
			return 1;
	}
	return 0;
}

void
strlist_split(struct strlist *l, const char *s, const char *seps)
{
	size_t	n;

	for (;;) {
		s += strspn(s, seps);
		if (*s == '\0')
			break;
		n = strcspn(s, seps);
		strlist_add_nocopy(l, xstrndup(s, n));
		s += n;
	}
}

void
strlist_free(struct strlist *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* qsort comparator for an array of char *. */
int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
strlist_sort(struct strlist *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, str_cmp);
}

int
str_ends_with(const char *s, const char *suffix)
{
	size_t	n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The optimal string alignment distance of a[0..n) and b[0..m). */
static size_t
str_distance(const char *a, size_t n, const char *b, size_t m)
{
	size_t	*d = xcalloc((n + 1) * (m + 1), sizeof *d), i, j, v, w;

#define D(i, j)	d[(i) * (m + 1) + (j)]
	for (i = 0; i <= n; i++)
		D(i, 0) = i;
	for (j = 0; j <= m; j++)
		D(0, j) = j;
	for (i = 1; i <= n; i++) {
		for (j = 1; j <= m; j++) {
			v = D(i - 1, j - 1) + (a[i - 1] != b[j - 1]);
			if ((w = D(i - 1, j) + 1) < v)
				v = w;
			if ((w = D(i, j - 1) + 1) < v)
				v = w;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && (w = D(i - 2, j - 2) + 1) < v)
				v = w;
			D(i, j) = v;
		}
	}
	v = D(n, m);
#undef D
	free(d);
	return v;
}

int
str_typo(const char *typed, const char *name, int prefix)
{
	size_t	n = strlen(typed), m = strlen(name), max = n / 3, d, p;

	if (max < 1)
		max = 1;
	if (max > 3)
		max = 3;
	/* Nothing typed, or far longer or shorter: no edits make it. */
	if (n == 0 || n > 64 || m > 64)
		return -1;
	d = str_distance(typed, n, name, m);
	if (prefix && n >= 4 && m > n &&
	    (p = str_distance(typed, n, name, n)) < d)
		d = p;
	return d <= max ? (int)d : -1;
}

/* Split a text into lines in place; calls fn for each with its number. */
void
text_each_line(const char *data, size_t len, void (*fn)(void *, char *, int),
    void *arg)
{
	char	*copy, *p, *nl;
	int	 lineno = 0;

	copy = xstrndup(data, len);
	for (p = copy; p != NULL && *p != '\0'; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		lineno++;
		fn(arg, p, lineno);
	}
	free(copy);
}


long
mode_parse(const char *s)
{
	long	v = 0;

	if (s == NULL || *s == '\0' || strlen(s) > 5)
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '7')
			return -1;
		v = v * 8 + (*s - '0');
	}
	return v > 07777 ? -1 : v;
}

void
mode_format(unsigned int mode, char out[8])
{
	snprintf(out, 8, "%04o", mode & 07777);
}

size_t
utf8_len(const unsigned char *s, size_t left)
{
	size_t	n, i;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = s[0] & 0x07;
	} else
		return 0;
	if (n > left)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

size_t
text_control(const unsigned char *p, size_t left, unsigned int *cp)
{
	unsigned int	c;

	if (left >= 2 && p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0) {
		*cp = p[1];
		return 2;
	}
	if (left >= 2 && p[0] == 0xd8 && p[1] == 0x9c) {
		*cp = 0x061c;
		return 2;
	}
	if (left < 3 || p[0] != 0xe2 || (p[1] != 0x80 && p[1] != 0x81) ||
	    (p[2] & 0xc0) != 0x80)
		return 0;
	c = 0x2000 | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);
	if (c == 0x200e || c == 0x200f || (c >= 0x2028 && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069)) {
		*cp = c;
		return 3;
	}
	return 0;
}

char *
text_sanitize(const char *s, size_t len, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	struct buf	b;
	char		esc[8];
	size_t		i = 0, n;
	unsigned int	cp;

	/* The common case: short printable ASCII, copied as it is. */
	if (len <= max) {
		for (i = 0; i < len && p[i] >= 0x20 && p[i] < 0x7f; i++)
			;
		if (i == len)
			return xstrndup(s, len);
		i = 0;
	}
	buf_init(&b, max + 32);
	while (i < len) {
		if (b.len >= max) {
			buf_append(&b, "...[truncated]", 14);
			break;
		}
		if (p[i] < 0x20 || p[i] == 0x7f) {
			if (p[i] == '\t' || p[i] == '\n')
				buf_append(&b, p[i] == '\t' ? "\\t" : "\\n", 2);
			else {
				snprintf(esc, sizeof esc, "\\x%02x", p[i]);
				buf_append(&b, esc, 4);
			}
			i++;
			continue;
		}
		if ((n = utf8_len(p + i, len - i)) == 0) {
			snprintf(esc, sizeof esc, "\\x%02x", p[i]);
			buf_append(&b, esc, 4);
			i++;
			continue;
		}
		/* C1 controls act as escapes on some terminals; bidi controls
		 * reorder what follows them (a name that reads backwards). */
		if (text_control(p + i, len - i, &cp) > 0) {
			snprintf(esc, sizeof esc, "\\u%04x", cp);
			buf_append(&b, esc, 6);
		} else
			buf_append(&b, p + i, n);
		i += n;
	}
	return buf_cstr(&b);
}

const char *
errno_cause(int err)
{
	switch (err) {
	case ENOENT:
		return "no such file or directory";
	case EACCES:
		return "permission denied";
	case EPERM:
		return "operation not permitted";
	case ENOTDIR:
		return "not a directory";
	case ELOOP:
		return "too many levels of symbolic links";
	case EISDIR:
		return "is a directory";
	case ENOSTR:
		return "not a regular file (a FIFO, socket or device): refused "
		    "as an input";
	case EFBIG:
		return "file too large";
	case EXDEV:
		return "path escapes the audited root";
	default:
		break;
	}
	/* strerror's text, lower case like every other cause. */
	{
		static char	 buf[128];
		const char	*s = strerror(err);

		snprintf(buf, sizeof buf, "%s", s);
		if (buf[0] >= 'A' && buf[0] <= 'Z' && (buf[1] < 'A' ||
		    buf[1] > 'Z'))
			buf[0] = (char)(buf[0] - 'A' + 'a');
		return buf;
	}
}

/* SHA-256 (nettle's), for the benchmark digest in every report. */
void
sha256_hex(const void *data, size_t len, char out[65])
{
	struct sha256_ctx	ctx;
	uint8_t			digest[SHA256_DIGEST_SIZE];
	size_t			i;

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof digest, digest);
	for (i = 0; i < sizeof digest; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

int
day_utc(const char *s, time_t *out)
{
	struct tm	tm;
	int		y, m, d;
	size_t		i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return -1;
	}
	if (s[10] != '\0' || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	if ((*out = timegm(&tm)) == (time_t)-1 || tm.tm_mday != d ||
	    tm.tm_mon != m - 1)
		return -1;
	return 0;
}

int
tmp_create(const char *path, char **tmp)
{
	int	fd, err;

	*tmp = xasprintf("%s.tmp.XXXXXX", path);
	tmp_guard_hold(1);
	if ((fd = mkstemp(*tmp)) == -1) {
		err = errno;
		tmp_guard_hold(0);
		free(*tmp);
		*tmp = NULL;
		errno = err;
		return -1;
	}
	tmp_guard(*tmp);
	tmp_guard_hold(0);
	return fd;
}

void
tmp_discard(char *tmp)
{
	unlink(tmp);
	tmp_guard(NULL);
	free(tmp);
}

int
tmp_commit(char *tmp, const char *path)
{
	int	err;

	if (rename(tmp, path) == -1) {
		err = errno;
		tmp_discard(tmp);
		errno = err;
		return -1;
	}
	tmp_guard(NULL);
	free(tmp);
	return 0;
}
