/*
 * Allocation, diagnostics, buffers, string lists, mode strings, hashing:
 * the plumbing shared by every module.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* SHA-256 (FIPS 180-4), for the benchmark digest in every report. */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void
sha256_block(uint32_t h[8], const unsigned char *p)
{
	uint32_t	w[64], a, b, c, d, e, f, g, hh, t1, t2;
	int		i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = w[i - 16] + (ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^
		    (w[i - 15] >> 3)) + w[i - 7] + (ROR(w[i - 2], 17) ^
		    ROR(w[i - 2], 19) ^ (w[i - 2] >> 10));
	a = h[0]; b = h[1]; c = h[2]; d = h[3];
	e = h[4]; f = h[5]; g = h[6]; hh = h[7];
	for (i = 0; i < 64; i++) {
		t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) +
		    ((e & f) ^ (~e & g)) + sha256_k[i] + w[i];
		t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) +
		    ((a & b) ^ (a & c) ^ (b & c));
		hh = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

void
sha256_hex(const void *data, size_t len, char out[65])
{
	uint32_t	 h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	const unsigned char *p = data;
	unsigned char	 tail[128];
	size_t		 i, rest, tlen;
	uint64_t	 bits = (uint64_t)len * 8;

	for (i = 0; i + 64 <= len; i += 64)
		sha256_block(h, p + i);
	rest = len - i;
	memset(tail, 0, sizeof tail);
	memcpy(tail, p + i, rest);
	tail[rest] = 0x80;
	tlen = rest + 1 + 8 <= 64 ? 64 : 128;
	for (i = 0; i < 8; i++)
		tail[tlen - 1 - i] = (unsigned char)(bits >> (8 * i));
	sha256_block(h, tail);
	if (tlen == 128)
		sha256_block(h, tail + 64);
	for (i = 0; i < 8; i++)
		snprintf(out + 8 * i, 9, "%08x", h[i]);
}
