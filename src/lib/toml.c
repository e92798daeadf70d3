/*
 * TOML to JSON (toml.h): a recursive-descent reader over a bounded
 * buffer. Each error names the line and column where reading stopped.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/toml.h"
#include "lib/util.h"

struct toml {
	const char	*s, *end;
	const char	*line_start;
	int		 line;
	int		 depth;
	char		*err;
};

static int
fail(struct toml *t, const char *fmt, ...)
{
	va_list	 ap;
	char	*what;

	if (t->err != NULL)
		return -1;
	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	t->err = xasprintf("%d:%d: %s", t->line, (int)(t->s - t->line_start) +
	    1, what);
	free(what);
	return -1;
}

static int
at_end(const struct toml *t)
{
	return t->s >= t->end;
}

static int
peek(const struct toml *t, const char *lit)
{
	size_t	n = strlen(lit);

	return (size_t)(t->end - t->s) >= n && memcmp(t->s, lit, n) == 0;
}

static void
newline(struct toml *t)
{
	t->line++;
	t->line_start = t->s;
}

static void
skip_blank(struct toml *t)
{
	while (!at_end(t) && (*t->s == ' ' || *t->s == '\t'))
		t->s++;
}

static void
skip_comment(struct toml *t)
{
	if (!at_end(t) && *t->s == '#') {
		while (!at_end(t) && *t->s != '\n')
			t->s++;
	}
}

/* Blanks, comments and newlines (inside arrays). */
static void
skip_space(struct toml *t)
{
	for (;;) {
		skip_blank(t);
		skip_comment(t);
		if (!at_end(t) && *t->s == '\r')
			t->s++;
		if (at_end(t) || *t->s != '\n')
			return;
		t->s++;
		newline(t);
	}
}

/* The end of a line: blanks, a comment, then a newline or the end. */
static int
line_end(struct toml *t)
{
	skip_blank(t);
	skip_comment(t);
	if (!at_end(t) && *t->s == '\r')
		t->s++;
	if (at_end(t))
		return 0;
	if (*t->s != '\n')
		return fail(t, "unexpected \"%c\" after the value", *t->s);
	t->s++;
	newline(t);
	return 0;
}

static void
utf8_put(struct buf *b, unsigned long cp)
{
	char	out[4];
	size_t	n;

	if (cp < 0x80) {
		out[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		out[0] = (char)(0xf0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_append(b, out, n);
}

static int
escape(struct toml *t, struct buf *b)
{
	static const char	from[] = "btnfr\"\\", to[] = "\b\t\n\f\r\"\\";
	const char		*p;
	unsigned long		 cp = 0;
	int			 i, n;

	if (at_end(t))
		return fail(t, "unfinished escape");
	if ((p = strchr(from, *t->s)) != NULL && *t->s != '\0') {
		buf_append(b, &to[p - from], 1);
		t->s++;
		return 0;
	}
	if (*t->s != 'u' && *t->s != 'U')
		return fail(t, "unknown escape \"\\%c\"", *t->s);
	n = *t->s++ == 'u' ? 4 : 8;
	for (i = 0; i < n; i++, t->s++) {
		if (at_end(t) || !isxdigit((unsigned char)*t->s))
			return fail(t, "bad \\u escape");
		cp = cp * 16 + (unsigned long)(isdigit((unsigned char)*t->s) ?
		    *t->s - '0' : (tolower((unsigned char)*t->s) - 'a' + 10));
	}
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return fail(t, "bad \\u escape");
	utf8_put(b, cp);
	return 0;
}

/* "...", '...', """...""" or '''...''' at t->s. */
static char *
string(struct toml *t)
{
	char		 q = *t->s;
	int		 multi;
	struct buf	 b;

	buf_init(&b, (size_t)(t->end - t->s) + 1);
	multi = peek(t, q == '"' ? "\"\"\"" : "'''");
	t->s += multi ? 3 : 1;
	/* A newline right after the opening quotes is not part of it. */
	if (multi && peek(t, "\n")) {
		t->s++;
		newline(t);
	}
	for (;;) {
		if (at_end(t) || (!multi && *t->s == '\n')) {
			fail(t, "unterminated string");
			free(b.data);
			return NULL;
		}
		if (*t->s == q && (!multi || peek(t, q == '"' ? "\"\"\"" :
		    "'''"))) {
			t->s += multi ? 3 : 1;
			break;
		}
		if (q == '"' && *t->s == '\\') {
			t->s++;
			if (multi && !at_end(t) && (*t->s == '\n' ||
			    *t->s == ' ' || *t->s == '\t')) {
				/* A line-ending backslash trims what follows. */
				while (!at_end(t) && isspace((unsigned char)*t->s))
					if (*t->s++ == '\n')
						newline(t);
				continue;
			}
			if (escape(t, &b) == -1) {
				free(b.data);
				return NULL;
			}
			continue;
		}
		if (*t->s == '\n')
			newline(t);
		buf_append(&b, t->s++, 1);
	}
	return b.data != NULL ? b.data : xstrdup("");
}

static int
is_bare(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* A dotted key, its parts into keys. */
static int
key(struct toml *t, struct strlist *keys)
{
	const char	*start;
	char		*part;

	for (;;) {
		skip_blank(t);
		if (!at_end(t) && (*t->s == '"' || *t->s == '\'')) {
			if (peek(t, "\"\"\"") || peek(t, "'''"))
				return fail(t, "a key cannot be a multi-line "
				    "string");
			if ((part = string(t)) == NULL)
				return -1;
			strlist_add_nocopy(keys, part);
		} else {
			for (start = t->s; !at_end(t) && is_bare(*t->s); t->s++)
				;
			if (t->s == start)
				return fail(t, "a key was expected");
			strlist_add_nocopy(keys, xstrndup(start, (size_t)(t->s -
			    start)));
		}
		skip_blank(t);
		if (at_end(t) || *t->s != '.')
			return 0;
		t->s++;
	}
}

static json_t	*value(struct toml *);

/* A number, or a date or time kept as its text. */
static json_t *
scalar(struct toml *t)
{
	const char	*start = t->s;
	char		*text, *e, *q;
	json_t		*j;
	int		 flt = 0;

	while (!at_end(t) && (isalnum((unsigned char)*t->s) || strchr("+-._:",
	    *t->s) != NULL))
		t->s++;
	/* A date and time may hold one space: 1979-05-27 07:32:00. */
	if (t->s - start == 10 && start[4] == '-' && peek(t, " ") &&
	    t->end - t->s > 1 && isdigit((unsigned char)t->s[1]))
		for (t->s++; !at_end(t) && (isalnum((unsigned char)*t->s) ||
		    strchr("+-.:", *t->s) != NULL); t->s++)
			;
	if (t->s == start) {
		fail(t, "a value was expected");
		return NULL;
	}
	text = xstrndup(start, (size_t)(t->s - start));
	if (strcmp(text, "true") == 0 || strcmp(text, "false") == 0) {
		j = json_boolean(text[0] == 't');
		free(text);
		return j;
	}
	if (strchr(text, ':') != NULL || (strlen(text) >= 10 && text[4] == '-'
	    && isdigit((unsigned char)text[0]))) {
		j = json_string(text);
		free(text);
		return j;
	}
	for (q = e = text; *e != '\0'; e++) {
		if (*e != '_')
			*q++ = *e;
		if (*e == '.' || *e == 'e' || *e == 'E')
			flt = 1;
	}
	*q = '\0';
	if (strncmp(text, "0x", 2) == 0 || strncmp(text, "0o", 2) == 0 ||
	    strncmp(text, "0b", 2) == 0)
		j = json_integer(strtoll(text + 2, &e, text[1] == 'x' ? 16 :
		    text[1] == 'o' ? 8 : 2));
	else if (flt && strchr(text, 'x') == NULL)
		j = json_real(strtod(text, &e));
	else
		j = json_integer(strtoll(text, &e, 10));
	if (*e != '\0' || e == text) {
		json_decref(j);
		t->s = start;
		fail(t, "\"%s\" is not a TOML value", text);
		free(text);
		return NULL;
	}
	free(text);
	return j;
}

static json_t *
array(struct toml *t)
{
	json_t	*a = json_array(), *v;

	t->s++;
	for (;;) {
		skip_space(t);
		if (!at_end(t) && *t->s == ']') {
			t->s++;
			return a;
		}
		if ((v = value(t)) == NULL) {
			json_decref(a);
			return NULL;
		}
		json_array_append_new(a, v);
		skip_space(t);
		if (!at_end(t) && *t->s == ',') {
			t->s++;
			continue;
		}
		if (at_end(t) || *t->s != ']') {
			fail(t, "\",\" or \"]\" was expected in the array");
			json_decref(a);
			return NULL;
		}
	}
}

static int	assign(struct toml *, json_t *);

static json_t *
inline_table(struct toml *t)
{
	json_t	*o = json_object();

	t->s++;
	skip_blank(t);
	if (!at_end(t) && *t->s == '}') {
		t->s++;
		return o;
	}
	for (;;) {
		if (assign(t, o) == -1) {
			json_decref(o);
			return NULL;
		}
		skip_blank(t);
		if (!at_end(t) && *t->s == ',') {
			t->s++;
			continue;
		}
		if (!at_end(t) && *t->s == '}') {
			t->s++;
			return o;
		}
		fail(t, "\",\" or \"}\" was expected in the inline table");
		json_decref(o);
		return NULL;
	}
}

static json_t *
value(struct toml *t)
{
	json_t	*v;
	char	*s;

	if (++t->depth > TOML_DEPTH_MAX) {
		fail(t, "nested deeper than %d", TOML_DEPTH_MAX);
		return NULL;
	}
	skip_blank(t);
	if (at_end(t))
		v = (fail(t, "a value was expected"), NULL);
	else if (*t->s == '"' || *t->s == '\'') {
		if ((s = string(t)) == NULL)
			v = NULL;
		else if ((v = json_string(s)) == NULL)
			fail(t, "a string that is not UTF-8");
		free(s);
	} else if (*t->s == '[')
		v = array(t);
	else if (*t->s == '{')
		v = inline_table(t);
	else
		v = scalar(t);
	t->depth--;
	return v;
}

/* The object at keys under o, made as needed; the last element of an
 * array of tables; NULL when a key holds another value. */
static json_t *
descend(struct toml *t, json_t *o, const struct strlist *keys, size_t n)
{
	json_t	*next;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if ((next = json_object_get(o, keys->v[i])) == NULL) {
			next = json_object();
			json_object_set_new(o, keys->v[i], next);
		}
		if (json_is_array(next))
			next = json_array_get(next, json_array_size(next) - 1);
		if (!json_is_object(next)) {
			fail(t, "key \"%s\" is already a value", keys->v[i]);
			return NULL;
		}
		o = next;
	}
	return o;
}

/* key = value, into o. */
static int
assign(struct toml *t, json_t *o)
{
	struct strlist	 keys;
	json_t		*v, *at;
	int		 rc = -1;

	memset(&keys, 0, sizeof keys);
	if (key(t, &keys) == -1)
		goto out;
	if (at_end(t) || *t->s != '=') {
		fail(t, "\"=\" was expected after the key");
		goto out;
	}
	t->s++;
	if ((at = descend(t, o, &keys, keys.n - 1)) == NULL ||
	    (v = value(t)) == NULL)
		goto out;
	if (json_object_get(at, keys.v[keys.n - 1]) != NULL) {
		json_decref(v);
		fail(t, "key \"%s\" is set twice", keys.v[keys.n - 1]);
		goto out;
	}
	json_object_set_new(at, keys.v[keys.n - 1], v);
	rc = 0;
out:
	strlist_free(&keys);
	return rc;
}

/* [a.b] or [[a.b]]: the table that the next keys go to. */
static json_t *
header(struct toml *t, json_t *root)
{
	struct strlist	 keys;
	json_t		*parent, *arr, *tab = NULL;
	int		 aot = peek(t, "[[");

	memset(&keys, 0, sizeof keys);
	t->s += aot ? 2 : 1;
	if (key(t, &keys) == -1)
		goto out;
	if (!peek(t, aot ? "]]" : "]")) {
		fail(t, "\"%s\" was expected after the table name", aot ?
		    "]]" : "]");
		goto out;
	}
	t->s += aot ? 2 : 1;
	if (!aot) {
		if ((tab = descend(t, root, &keys, keys.n)) != NULL &&
		    line_end(t) == -1)
			tab = NULL;
		goto out;
	}
	if ((parent = descend(t, root, &keys, keys.n - 1)) == NULL)
		goto out;
	if ((arr = json_object_get(parent, keys.v[keys.n - 1])) == NULL) {
		arr = json_array();
		json_object_set_new(parent, keys.v[keys.n - 1], arr);
	}
	if (!json_is_array(arr)) {
		fail(t, "\"%s\" is not an array of tables", keys.v[keys.n - 1]);
		goto out;
	}
	tab = json_object();
	json_array_append_new(arr, tab);
	if (line_end(t) == -1)
		tab = NULL;
out:
	strlist_free(&keys);
	return tab;
}

json_t *
toml_load(const char *data, size_t len, char **cause)
{
	struct toml	 t = { data, data + len, data, 1, 0, NULL };
	json_t		*root = json_object(), *cur = root;

	if (memchr(data, '\0', len) != NULL) {
		*cause = xstrdup("1:1: a NUL byte: not a text file");
		json_decref(root);
		return NULL;
	}
	while (t.err == NULL) {
		skip_space(&t);
		if (at_end(&t))
			break;
		if (*t.s == '[')
			cur = header(&t, root);
		else if (assign(&t, cur) == 0)
			line_end(&t);
		else if (t.err == NULL)
			fail(&t, "cannot read this line");
		if (cur == NULL)
			break;
	}
	if (t.err != NULL) {
		*cause = t.err;
		json_decref(root);
		return NULL;
	}
	return root;
}
