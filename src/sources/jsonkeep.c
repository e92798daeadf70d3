/*
 * The inspects' parser (see jsonkeep.h). One pass over the text: values
 * nobody reads are checked and skipped without a single allocation; each
 * value a pointer names is handed, as its span of text, to jansson.
 */
#include <stdlib.h>
#include <string.h>

#include "sources/jsonkeep.h"
#include "lib/json.h"

#define KEEP_DEPTH	64	/* deeper: jansson decides */
#define KEEP_KEYS	512	/* keys of one object, for the duplicate check */

/* A node of the pointers' tree: a key, and whether a pointer ends here. */
struct knode {
	char		*key;
	size_t		 len;
	int		 end;
	struct knode	*kids;
	size_t		 nkids;
};

struct json_keep {
	struct knode	 root;
	int		 usable;	/* every pointer could be built */
};

struct span {
	const char	*s;
	size_t		 len;
};

struct scan {
	const char	*p, *end;
	int		 depth;
	struct span	*keys;		/* keys of the open objects */
	size_t		 nkeys, cap;
};

/* The kid of n for this key, or NULL. */
static struct knode *
knode_find(const struct knode *n, const char *key, size_t len)
{
	size_t	i;

	for (i = 0; n != NULL && i < n->nkids; i++) {
		if (n->kids[i].len == len && memcmp(n->kids[i].key, key, len)
		    == 0)
			return &n->kids[i];
	}
	return NULL;
}

/* The same, made when missing. */
static struct knode *
knode_kid(struct knode *n, const char *key, size_t len)
{
	struct knode	*kid;

	if ((kid = knode_find(n, key, len)) != NULL)
		return kid;
	n->kids = xreallocarray(n->kids, n->nkids + 1, sizeof *n->kids);
	memset(&n->kids[n->nkids], 0, sizeof *n->kids);
	n->kids[n->nkids].key = xstrndup(key, len);
	n->kids[n->nkids].len = len;
	return &n->kids[n->nkids++];
}

static void
knode_clear(struct knode *n)
{
	size_t	i;

	for (i = 0; i < n->nkids; i++)
		knode_clear(&n->kids[i]);
	free(n->kids);
	free(n->key);
}

struct json_keep *
json_keep_new(const struct strlist *pointers)
{
	struct json_keep	*k;
	struct knode		*n;
	const char		*p, *seg;
	size_t			 i, len, j;

	k = xcalloc(1, sizeof *k);
	k->usable = 1;
	for (i = 0; i < pointers->n; i++) {
		p = pointers->v[i];
		if (*p != '/' || strchr(p, '~') != NULL || p[strlen(p) - 1] ==
		    '/') {
			k->usable = 0;	/* escapes, the whole doc, "" keys */
			continue;
		}
		n = &k->root;
		for (seg = p + 1; *seg != '\0'; seg += len + (seg[len] == '/')) {
			len = strcspn(seg, "/");
			if (len == 0) {
				k->usable = 0;
				break;
			}
			for (j = 0; j < len; j++) {
				/* A key JSON must escape never matches. */
				if ((unsigned char)seg[j] < 0x20 ||
				    seg[j] == '"' || seg[j] == '\\')
					k->usable = 0;
			}
			n = knode_kid(n, seg, len);
		}
		n->end = 1;
	}
	return k;
}

void
json_keep_free(struct json_keep *k)
{
	if (k == NULL)
		return;
	knode_clear(&k->root);
	free(k);
}

static void
skip_ws(struct scan *sc)
{
	while (sc->p < sc->end && (*sc->p == ' ' || *sc->p == '\t' ||
	    *sc->p == '\n' || *sc->p == '\r'))
		sc->p++;
}

static int
hex4(const char *p, unsigned int *out)
{
	unsigned int	v = 0;
	int		i;

	for (i = 0; i < 4; i++) {
		v <<= 4;
		if (p[i] >= '0' && p[i] <= '9')
			v |= (unsigned int)(p[i] - '0');
		else if (p[i] >= 'a' && p[i] <= 'f')
			v |= (unsigned int)(p[i] - 'a' + 10);
		else if (p[i] >= 'A' && p[i] <= 'F')
			v |= (unsigned int)(p[i] - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* One UTF-8 sequence of 2 to 4 bytes, as RFC 3629 allows; its length. */
static int
utf8_seq(const unsigned char *s, const unsigned char *end)
{
	unsigned int	c = s[0], cp;
	int		n, i;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return -1;
	if (end - s < n)
		return -1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	return n;
}

/*
 * A string, from its opening quote; its content's span. *escaped: it has
 * a backslash. No NUL (\u0000), no lone surrogate, no control byte.
 */
static int
scan_string(struct scan *sc, struct span *out, int *escaped)
{
	const unsigned char	*p = (const unsigned char *)sc->p + 1;
	const unsigned char	*end = (const unsigned char *)sc->end;
	unsigned int		 u, lo;
	int			 n;

	*escaped = 0;
	out->s = (const char *)p;
	while (p < end && *p != '"') {
		if (*p < 0x20)
			return -1;
		if (*p >= 0x80) {
			if ((n = utf8_seq(p, end)) < 0)
				return -1;
			p += n;
			continue;
		}
		if (*p != '\\') {
			p++;
			continue;
		}
		*escaped = 1;
		if (end - p < 2)
			return -1;
		if (strchr("\"\\/bfnrt", p[1]) != NULL && p[1] != '\0') {
			p += 2;
			continue;
		}
		if (p[1] != 'u' || end - p < 6 || hex4((const char *)p + 2,
		    &u) == -1 || u == 0 || (u >= 0xdc00 && u <= 0xdfff))
			return -1;
		p += 6;
		if (u >= 0xd800 && u <= 0xdbff) {
			if (end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
			    hex4((const char *)p + 2, &lo) == -1 ||
			    lo < 0xdc00 || lo > 0xdfff)
				return -1;
			p += 6;
		}
	}
	if (p >= end)
		return -1;
	out->len = (size_t)((const char *)p - out->s);
	sc->p = (const char *)p + 1;
	return 0;
}

/* A number no bigger than jansson reads without overflow. */
static int
scan_number(struct scan *sc)
{
	const char	*p = sc->p;
	size_t		 digits = 0;

	if (p < sc->end && *p == '-')
		p++;
	if (p >= sc->end || *p < '0' || *p > '9')
		return -1;
	if (*p == '0')
		p++, digits++;
	else {
		while (p < sc->end && *p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (p < sc->end && *p == '.') {
		p++;
		if (p >= sc->end || *p < '0' || *p > '9')
			return -1;
		while (p < sc->end && *p >= '0' && *p <= '9')
			p++, digits++;
	}
	/* Exponents and 19 digits or more: jansson checks the range. */
	if (digits > 18 || (p < sc->end && (*p == 'e' || *p == 'E')))
		return -1;
	sc->p = p;
	return 0;
}

static int
scan_word(struct scan *sc, const char *w)
{
	size_t	n = strlen(w);

	if ((size_t)(sc->end - sc->p) < n || memcmp(sc->p, w, n) != 0)
		return -1;
	sc->p += n;
	return 0;
}

static int
span_cmp(const void *a, const void *b)
{
	const struct span	*x = a, *y = b;
	int			 c;

	c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
	if (c != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* jansson (JSON_REJECT_DUPLICATES) refuses an object with a key twice. */
static int
has_duplicate(struct span *keys, size_t n)
{
	size_t	i, j;

	if (n <= 8) {
		for (i = 0; i < n; i++) {
			for (j = i + 1; j < n; j++) {
				if (span_cmp(&keys[i], &keys[j]) == 0)
					return 1;
			}
		}
		return 0;
	}
	qsort(keys, n, sizeof *keys, span_cmp);
	for (i = 1; i < n; i++) {
		if (span_cmp(&keys[i - 1], &keys[i]) == 0)
			return 1;
	}
	return 0;
}

static int scan_value(struct scan *, const struct knode *, json_t **);

/*
 * After a member or an element: 1 past a comma, 0 past the closing
 * bracket, -1 at anything else.
 */
static int
next_item(struct scan *sc, char close)
{
	skip_ws(sc);
	if (sc->p < sc->end && *sc->p == ',') {
		sc->p++;
		skip_ws(sc);
		return 1;
	}
	if (sc->p < sc->end && *sc->p == close) {
		sc->p++;
		return 0;
	}
	return -1;
}

/* Whether a key below could index an array (json_pointer_get's strtoul). */
static int
may_index(const struct knode *n)
{
	size_t	i;

	for (i = 0; i < n->nkids; i++) {
		if (strpbrk(n->kids[i].key, "0123456789") != NULL)
			return 1;
	}
	return 0;
}

/* An object under a node of the tree (NULL: skipped); *out, what it keeps. */
static int
scan_object(struct scan *sc, const struct knode *n, json_t **out)
{
	struct span		 key;
	size_t			 base = sc->nkeys;
	json_t			*v;
	int			 escaped, more, rc = -1;

	*out = NULL;
	sc->p++;
	skip_ws(sc);
	if (sc->p < sc->end && *sc->p == '}') {
		sc->p++;
		return 0;
	}
	for (;;) {
		if (sc->p >= sc->end || *sc->p != '"' ||
		    scan_string(sc, &key, &escaped) == -1 || escaped)
			goto done;
		if (sc->nkeys == sc->cap) {
			if (sc->cap >= KEEP_KEYS * KEEP_DEPTH)
				goto done;
			sc->cap = sc->cap == 0 ? 64 : sc->cap * 2;
			sc->keys = xreallocarray(sc->keys, sc->cap,
			    sizeof *sc->keys);
		}
		sc->keys[sc->nkeys++] = key;
		skip_ws(sc);
		if (sc->p >= sc->end || *sc->p != ':')
			goto done;
		sc->p++;
		skip_ws(sc);
		if (scan_value(sc, knode_find(n, key.s, key.len), &v) == -1)
			goto done;
		if (v != NULL) {
			if (*out == NULL)
				*out = json_object();
			json_object_setn_new_nocheck(*out, key.s, key.len, v);
		}
		if ((more = next_item(sc, '}')) == -1)
			goto done;
		if (more == 0)
			break;
	}
	if (sc->nkeys - base <= KEEP_KEYS &&
	    !has_duplicate(sc->keys + base, sc->nkeys - base))
		rc = 0;
done:
	sc->nkeys = base;
	if (rc == -1) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/*
 * An array, skipped; or, with a list, an array of objects each cut under
 * node and appended to it.
 */
static int
scan_array(struct scan *sc, const struct knode *n, json_t *list)
{
	json_t	*v;
	int	 more;

	sc->p++;
	skip_ws(sc);
	if (sc->p < sc->end && *sc->p == ']') {
		sc->p++;
		return 0;
	}
	do {
		if (list != NULL && (sc->p >= sc->end || *sc->p != '{'))
			return -1;
		if (scan_value(sc, n, &v) == -1)
			return -1;
		if (list != NULL)
			json_array_append_new(list, v != NULL ? v :
			    json_object());
	} while ((more = next_item(sc, ']')) == 1);
	return more;
}

/*
 * A value at a node of the tree: where a pointer ends, jansson builds it
 * from its span; above, only objects are walked; elsewhere it is skipped.
 */
static int
scan_value(struct scan *sc, const struct knode *n, json_t **out)
{
	const char	*start = sc->p;
	struct span	 s;
	json_error_t	 jerr;
	int		 escaped, rc;

	*out = NULL;
	if (sc->p >= sc->end)
		return -1;
	if (++sc->depth > KEEP_DEPTH)
		return -1;
	switch (*sc->p) {
	case '{':
		/* Walked above a pointer's end, checked and skipped elsewhere. */
		rc = scan_object(sc, n != NULL && !n->end ? n : NULL, out);
		break;
	case '[':
		/* A pointer through an array: jansson's walk decides. */
		rc = n != NULL && !n->end && may_index(n) ? -1 :
		    scan_array(sc, NULL, NULL);
		break;
	case '"':
		rc = scan_string(sc, &s, &escaped);
		break;
	case 't':
		rc = scan_word(sc, "true");
		break;
	case 'f':
		rc = scan_word(sc, "false");
		break;
	case 'n':
		rc = scan_word(sc, "null");
		break;
	default:
		rc = scan_number(sc);
		break;
	}
	sc->depth--;
	if (rc == -1 || n == NULL || !n->end)
		return rc;
	*out = json_loadb(start, (size_t)(sc->p - start), JSON_DECODE_ANY |
	    JSON_REJECT_DUPLICATES, &jerr);
	return *out != NULL ? 0 : -1;
}

json_t *
json_keep_parse(const struct json_keep *k, const char *text, size_t len)
{
	struct scan	 sc;
	json_t		*out = NULL;

	if (k == NULL || !k->usable)
		return NULL;
	memset(&sc, 0, sizeof sc);
	sc.p = text;
	sc.end = text + len;
	skip_ws(&sc);
	if (sc.p >= sc.end || *sc.p != '{' ||
	    scan_value(&sc, &k->root, &out) == -1)
		goto fail;
	skip_ws(&sc);
	if (sc.p != sc.end)
		goto fail;
	free(sc.keys);
	return out != NULL ? out : json_object();
fail:
	free(sc.keys);
	json_decref(out);
	return NULL;
}

json_t *
json_keep_parse_list(const struct json_keep *k, const char *text, size_t len)
{
	struct scan	 sc;
	json_t		*out;

	if (k == NULL || !k->usable)
		return NULL;
	memset(&sc, 0, sizeof sc);
	sc.p = text;
	sc.end = text + len;
	sc.depth = 1;
	out = json_array();
	skip_ws(&sc);
	if (sc.p >= sc.end || *sc.p != '[' ||
	    scan_array(&sc, &k->root, out) == -1)
		goto fail;
	skip_ws(&sc);
	if (sc.p != sc.end)
		goto fail;
	free(sc.keys);
	return out;
fail:
	free(sc.keys);
	json_decref(out);
	return NULL;
}

/* Set value at a pointer of object keys, making the objects on the way. */
static void
set_at(json_t *out, const char *ptr, json_t *value)
{
	const char	*seg = ptr + 1, *slash;
	char		*key;

	while ((slash = strchr(seg, '/')) != NULL) {
		json_t *next;

		key = xstrndup(seg, (size_t)(slash - seg));
		if ((next = json_object_get(out, key)) == NULL) {
			next = json_object();
			json_object_set_new(out, key, next);
		}
		free(key);
		out = next;
		seg = slash + 1;
	}
	json_object_set_new(out, seg, value);
}

json_t *
json_keep_parts(json_t *doc, const struct strlist *pointers)
{
	json_t	*out, *v;
	size_t	 i;

	out = json_object();
	for (i = 0; i < pointers->n; i++) {
		if ((v = json_pointer_get(doc, pointers->v[i])) != NULL)
			set_at(out, pointers->v[i], json_deep_copy(v));
	}
	return out;
}

json_t *
json_keep_list_parts(json_t *doc, const struct strlist *pointers)
{
	json_t	*out, *el;
	size_t	 i;

	if (!json_is_array(doc))
		return json_incref(doc);
	out = json_array();
	json_array_foreach(doc, i, el) {
		json_array_append_new(out, json_is_object(el) ?
		    json_keep_parts(el, pointers) : json_incref(el));
	}
	return out;
}
