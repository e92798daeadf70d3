/*
 * The comparison operators of dockaudit-benchmark(5). Every value probe
 * (json-file, sysctl, lsm, cmdline, listen, group, process) decides through
 * cond_eval(), so the operators behave the same everywhere.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/cond.h"
#include "engine/value.h"
#include "lib/util.h"

static const char *op_names[] = {
	"eq", "ne", "lt", "le", "gt", "ge",
	"in", "not-in", "contains", "not-contains",
	"intersects", "disjoint", "subset-of",
	"match", "not-match", "exists", "absent",
	"true", "false", "empty", "not-empty",
	"contains-match", "not-contains-match", "under", "not-under",
};

const char *
cond_op_name(enum cond_op op)
{
	return op_names[op];
}

int
cond_init(struct cond *c, const char *op, const char *value,
    const struct value *ref, char **cause)
{
	size_t	i;
	int	found = -1, rc;

	memset(c, 0, sizeof *c);
	if (op == NULL)
		found = (value != NULL || ref != NULL) ? OP_EQ : OP_EXISTS;
	else {
		for (i = 0; i < nitems(op_names); i++) {
			if (strcmp(op_names[i], op) == 0)
				found = (int)i;
		}
		if (found < 0) {
			*cause = xasprintf("unknown op \"%s\"", op);
			return -1;
		}
	}
	c->op = found;
	c->ref = ref;
	if (value != NULL) {
		c->literal = xstrdup(value);
		strlist_split(&c->list, value, " \t\n");
	}
	switch (c->op) {
	case OP_EXISTS: case OP_ABSENT: case OP_TRUE: case OP_FALSE:
	case OP_EMPTY: case OP_NOT_EMPTY:
		if (value != NULL || ref != NULL) {
			*cause = xasprintf("op \"%s\" takes no value",
			    op_names[c->op]);
			return -1;
		}
		break;
	default:
		if (value == NULL && ref == NULL) {
			*cause = xasprintf("op \"%s\" needs value or "
			    "value-ref", op_names[c->op]);
			return -1;
		}
		break;
	}
	if (c->op == OP_LT || c->op == OP_LE || c->op == OP_GT ||
	    c->op == OP_GE) {
		char	*end;

		if (ref != NULL) {
			*cause = xasprintf("op \"%s\" needs a literal number",
			    op_names[c->op]);
			return -1;
		}
		(void)strtod(value, &end);
		if (*value == '\0' || *end != '\0') {
			*cause = xasprintf("op \"%s\": \"%s\" is not a number",
			    op_names[c->op], value);
			return -1;
		}
	}
	if (c->op == OP_MATCH || c->op == OP_NOT_MATCH ||
	    c->op == OP_CONTAINS_MATCH || c->op == OP_NOT_CONTAINS_MATCH) {
		if (ref != NULL) {
			*cause = xstrdup("match ops need a literal pattern");
			return -1;
		}
		c->regex = xmalloc(sizeof(regex_t));
		if ((rc = regcomp(c->regex, value, REG_EXTENDED | REG_NOSUB))
		    != 0) {
			char	msg[128];

			regerror(rc, c->regex, msg, sizeof msg);
			free(c->regex);
			c->regex = NULL;
			*cause = xasprintf("bad pattern \"%s\": %s", value, msg);
			return -1;
		}
	}
	return 0;
}

void
cond_free(struct cond *c)
{
	free(c->literal);
	strlist_free(&c->list);
	if (c->regex != NULL) {
		regfree(c->regex);
		free(c->regex);
	}
	memset(c, 0, sizeof *c);
}

/* The expected list: value-ref items or the literal's words. */
static const struct strlist *
expected_list(const struct cond *c)
{
	return c->ref != NULL ? &c->ref->items : &c->list;
}

/* A scalar as text ("1", "true", "x"), or NULL for arrays and objects. */
static char *
scalar_text(const json_t *j)
{
	if (json_is_string(j))
		return xstrdup(json_string_value(j));
	if (json_is_integer(j))
		return xasprintf("%lld", (long long)json_integer_value(j));
	if (json_is_real(j))
		return xasprintf("%.17g", json_real_value(j));
	if (json_is_true(j))
		return xstrdup("true");
	if (json_is_false(j))
		return xstrdup("false");
	return NULL;
}

static int
text_number(const char *s, double *out)
{
	char	*end;

	if (s == NULL || *s == '\0')
		return 0;
	*out = strtod(s, &end);
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	return *end == '\0';
}

static int
json_number(const json_t *j, double *out)
{
	char	*s;
	int	 ok;

	if (json_is_number(j)) {
		*out = json_number_value(j);
		return 1;
	}
	if (!json_is_string(j))
		return 0;
	s = scalar_text(j);
	ok = text_number(s, out);
	free(s);
	return ok;
}

/* 1 true, 0 false, -1 neither. */
static int
json_truth(const json_t *j)
{
	const char	*s;

	if (json_is_boolean(j))
		return json_is_true(j);
	if (json_is_integer(j))
		return json_integer_value(j) != 0;
	if (!json_is_string(j))
		return -1;
	s = json_string_value(j);
	if (strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0 ||
	    strcasecmp(s, "yes") == 0 || strcasecmp(s, "on") == 0)
		return 1;
	if (strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0 ||
	    strcasecmp(s, "no") == 0 || strcasecmp(s, "off") == 0)
		return 0;
	return -1;
}

/* The actual value as a list of strings (a scalar is a list of one). */
static void
actual_list(const json_t *j, struct strlist *out)
{
	size_t	 i;
	json_t	*el;
	char	*s;

	if (json_is_array(j)) {
		json_array_foreach(j, i, el) {
			if ((s = scalar_text(el)) != NULL)
				strlist_add_nocopy(out, s);
		}
	} else if (j != NULL && (s = scalar_text(j)) != NULL)
		strlist_add_nocopy(out, s);
}

static int
scalar_eq(const json_t *actual, const char *want)
{
	double	a, b;
	char	*s;
	int	eq;

	if (json_number(actual, &a) && text_number(want, &b))
		return a == b;
	if (json_is_boolean(actual)) {
		int	t = json_is_true(actual);

		return (t && strcmp(want, "true") == 0) ||
		    (!t && strcmp(want, "false") == 0);
	}
	if ((s = scalar_text(actual)) == NULL)
		return 0;
	eq = strcmp(s, want) == 0;
	free(s);
	return eq;
}

static int
list_is_empty(const json_t *j)
{
	if (j == NULL || json_is_null(j))
		return 1;
	if (json_is_array(j))
		return json_array_size(j) == 0;
	if (json_is_object(j))
		return json_object_size(j) == 0;
	if (json_is_string(j))
		return json_string_length(j) == 0;
	return 0;
}

char *
cond_describe(const struct cond *c)
{
	if (c->ref != NULL)
		return xasprintf("%s %s", op_names[c->op], c->ref->name);
	if (c->literal != NULL)
		return xasprintf("%s %s", op_names[c->op], c->literal);
	return xstrdup(op_names[c->op]);
}

static int decide(const struct cond *, const json_t *);

/*
 * Is path the directory dir or beneath it? "/" covers only itself: a
 * bind of / is the whole host, one of /srv/data is not.
 */
static int
path_under(const char *path, const char *dir)
{
	size_t	n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 1 && dir[0] == '/')
		return strcmp(path, "/") == 0;
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' ||
	    path[n] == '/');
}

/* The positive form of a negated scalar op. */
static enum cond_op
positive_op(enum cond_op op)
{
	switch (op) {
	case OP_NE:
		return OP_EQ;
	case OP_NOT_IN:
		return OP_IN;
	case OP_NOT_MATCH:
		return OP_MATCH;
	default:
		return op;
	}
}

/*
 * A scalar op on a list (a repeated flag, the ports of a container): a
 * positive op passes when every element passes, a negated op when no
 * element satisfies its positive form. Both hold for an empty list.
 */
static int
decide_each(const struct cond *c, const json_t *list)
{
	struct cond	 pos = *c;
	size_t		 i;
	json_t		*el;
	int		 negated;

	pos.op = positive_op(c->op);
	negated = pos.op != c->op;
	json_array_foreach(list, i, el) {
		if (decide(&pos, el) == negated)
			return 0;
	}
	return 1;
}

/* 1 pass, 0 fail. */
static int
decide(const struct cond *c, const json_t *actual)
{
	const struct strlist	*want = expected_list(c);
	struct strlist		 have = { NULL, 0 };
	double			 a, b;
	size_t			 i;
	int			 absent, ok = 0;
	char			*s;

	absent = actual == NULL || json_is_null(actual);
	switch (c->op) {
	case OP_EXISTS:
		return !absent;
	case OP_ABSENT:
		return absent;
	case OP_EMPTY:
		return list_is_empty(actual);
	case OP_NOT_EMPTY:
		return !list_is_empty(actual);
	default:
		break;
	}
	if (absent)
		return c->op == OP_NE || c->op == OP_NOT_IN ||
		    c->op == OP_NOT_CONTAINS || c->op == OP_DISJOINT ||
		    c->op == OP_NOT_MATCH || c->op == OP_SUBSET_OF ||
		    c->op == OP_NOT_CONTAINS_MATCH || c->op == OP_NOT_UNDER;
	if (json_is_array(actual)) {
		switch (c->op) {
		case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT:
		case OP_GE: case OP_IN: case OP_NOT_IN: case OP_MATCH:
		case OP_NOT_MATCH: case OP_TRUE: case OP_FALSE:
			return decide_each(c, actual);
		default:
			break;
		}
	}
	switch (c->op) {
	case OP_EQ:
	case OP_NE:
		ok = json_is_object(actual) ? 0 : scalar_eq(actual,
		    c->literal != NULL ? c->literal :
		    (want->n > 0 ? want->v[0] : ""));
		return c->op == OP_EQ ? ok : !ok;
	case OP_LT: case OP_LE: case OP_GT: case OP_GE:
		if (!json_number(actual, &a) || !text_number(c->literal, &b))
			return 0;
		return (c->op == OP_LT && a < b) || (c->op == OP_LE && a <= b) ||
		    (c->op == OP_GT && a > b) || (c->op == OP_GE && a >= b);
	case OP_IN:
	case OP_NOT_IN:
		for (i = 0; i < want->n && !ok; i++)
			ok = scalar_eq(actual, want->v[i]);
		return c->op == OP_IN ? ok : !ok;
	case OP_TRUE:
		return json_truth(actual) == 1;
	case OP_FALSE:
		return json_truth(actual) == 0;
	case OP_MATCH:
	case OP_NOT_MATCH:
		if ((s = scalar_text(actual)) == NULL)
			return c->op == OP_NOT_MATCH;
		ok = regexec(c->regex, s, 0, NULL, 0) == 0;
		free(s);
		return c->op == OP_MATCH ? ok : !ok;
	default:
		break;
	}
	actual_list(actual, &have);
	switch (c->op) {
	case OP_CONTAINS:
		ok = 1;
		for (i = 0; i < want->n; i++)
			ok = ok && strlist_has(&have, want->v[i]);
		break;
	case OP_NOT_CONTAINS:
	case OP_DISJOINT:
	case OP_INTERSECTS:
		for (i = 0; i < want->n && !ok; i++)
			ok = strlist_has(&have, want->v[i]);
		if (c->op != OP_INTERSECTS)
			ok = !ok;
		break;
	case OP_SUBSET_OF:
		ok = 1;
		for (i = 0; i < have.n; i++)
			ok = ok && strlist_has(want, have.v[i]);
		break;
	case OP_CONTAINS_MATCH:
	case OP_NOT_CONTAINS_MATCH:
		for (i = 0; i < have.n && !ok; i++)
			ok = regexec(c->regex, have.v[i], 0, NULL, 0) == 0;
		if (c->op == OP_NOT_CONTAINS_MATCH)
			ok = !ok;
		break;
	case OP_UNDER:
	case OP_NOT_UNDER:
		for (i = 0; i < have.n && !ok; i++) {
			size_t j;

			for (j = 0; j < want->n && !ok; j++)
				ok = path_under(have.v[i], want->v[j]);
		}
		if (c->op == OP_NOT_UNDER)
			ok = !ok;
		break;
	default:
		break;
	}
	strlist_free(&have);
	return ok;
}

/* An evidence string: one value in words, bounded. */
static char *
value_words(const json_t *j)
{
	char	*raw, *clean;

	if (j == NULL || json_is_null(j))
		return xstrdup("not set");
	if (json_is_string(j) && json_string_length(j) == 0)
		return xstrdup("empty");
	if ((raw = scalar_text(j)) == NULL &&
	    (raw = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT)) == NULL)
		return xstrdup("(unprintable)");
	clean = text_sanitize(raw, strlen(raw), 200);
	free(raw);
	return clean;
}

/* Items joined by ", ", "none" for no items, bounded. */
static char *
join_words(const struct strlist *l)
{
	struct buf	b;
	size_t		i;

	if (l->n == 0)
		return xstrdup("none");
	buf_init(&b, 600);
	for (i = 0; i < l->n; i++) {
		if (b.len > 400) {
			(void)buf_append(&b, ", ...", 5);
			break;
		}
		if (i > 0)
			(void)buf_append(&b, ", ", 2);
		(void)buf_append(&b, l->v[i], strlen(l->v[i]));
	}
	return buf_cstr(&b);	/* the caller owns the data */
}

static char *
actual_words(const json_t *actual)
{
	struct strlist	 l = { NULL, 0 };
	size_t		 i;
	json_t		*el;
	char		*s;

	if (!json_is_array(actual))
		return value_words(actual);
	json_array_foreach(actual, i, el)
		strlist_add_nocopy(&l, value_words(el));
	s = join_words(&l);
	strlist_free(&l);
	return s;
}

static int
list_op(enum cond_op op)
{
	return op == OP_CONTAINS || op == OP_NOT_CONTAINS ||
	    op == OP_INTERSECTS || op == OP_DISJOINT || op == OP_SUBSET_OF ||
	    op == OP_CONTAINS_MATCH || op == OP_NOT_CONTAINS_MATCH ||
	    op == OP_UNDER || op == OP_NOT_UNDER;
}

/* The items of a list that break the test (none for a scalar). */
static void
bad_items(const struct cond *c, const json_t *actual, struct strlist *out)
{
	const struct strlist	*want = expected_list(c);
	struct strlist		 have = { NULL, 0 };
	struct cond		 pos = *c;
	size_t			 i, j;
	json_t			*el;
	int			 hit;

	if (!json_is_array(actual))
		return;
	if (!list_op(c->op)) {
		pos.op = positive_op(c->op);
		json_array_foreach(actual, i, el) {
			if (decide(&pos, el) == (pos.op != c->op))
				strlist_add_nocopy(out, value_words(el));
		}
		return;
	}
	actual_list(actual, &have);
	if (c->op == OP_CONTAINS) {
		for (i = 0; i < want->n; i++) {
			if (!strlist_has(&have, want->v[i]))
				strlist_add(out, want->v[i]);
		}
	}
	for (i = 0; i < have.n; i++) {
		switch (c->op) {
		case OP_NOT_CONTAINS:
		case OP_DISJOINT:
			hit = strlist_has(want, have.v[i]);
			break;
		case OP_SUBSET_OF:
			hit = !strlist_has(want, have.v[i]);
			break;
		case OP_NOT_CONTAINS_MATCH:
			hit = regexec(c->regex, have.v[i], 0, NULL, 0) == 0;
			break;
		case OP_NOT_UNDER:
			for (j = 0, hit = 0; j < want->n && !hit; j++)
				hit = path_under(have.v[i], want->v[j]);
			break;
		default:
			hit = 0;
			break;
		}
		if (hit)
			strlist_add_nocopy(out, text_sanitize(have.v[i],
			    strlen(have.v[i]), 200));
	}
	strlist_free(&have);
}

void
cond_words(const struct cond *c, const json_t *actual, struct cond_words *w)
{
	struct strlist	bad = { NULL, 0 };

	w->value = actual_words(actual);
	bad_items(c, actual, &bad);
	w->bad = bad.n > 0 ? join_words(&bad) : xstrdup(w->value);
	strlist_free(&bad);
	if (c->ref != NULL)
		w->expected = c->ref->items.n > 0 ? join_words(&c->ref->items) :
		    xstrdup(c->ref->name);
	else if (c->literal != NULL && list_op(c->op))
		w->expected = join_words(&c->list);
	else if (c->literal != NULL && (c->op == OP_IN || c->op == OP_NOT_IN))
		w->expected = join_words(&c->list);
	else
		w->expected = xstrdup(c->literal != NULL ? c->literal : "");
}

void
cond_words_free(struct cond_words *w)
{
	free(w->value);
	free(w->bad);
	free(w->expected);
	memset(w, 0, sizeof *w);
}

/*
 * What a failing value should have been, in words: the generic reason of
 * a probe without a fail= template. The pattern of a match op is not
 * words: the evidence holds it.
 */
static const char *const op_should[] = {
	[OP_EQ] = "be %s",			[OP_NE] = "not be %s",
	[OP_LT] = "be below %s",		[OP_LE] = "be at most %s",
	[OP_GT] = "be above %s",		[OP_GE] = "be at least %s",
	[OP_IN] = "be one of %s",		[OP_NOT_IN] = "be none of %s",
	[OP_CONTAINS] = "include %s",		[OP_NOT_CONTAINS] = "not include %s",
	[OP_INTERSECTS] = "include one of %s",	[OP_DISJOINT] = "include none of %s",
	[OP_SUBSET_OF] = "hold nothing outside %s",
	[OP_MATCH] = "have the form the benchmark requires",
	[OP_NOT_MATCH] = "not have the form the benchmark forbids",
	[OP_EXISTS] = "be set",			[OP_ABSENT] = "not be set",
	[OP_TRUE] = "be true",			[OP_FALSE] = "be false",
	[OP_EMPTY] = "be empty",		[OP_NOT_EMPTY] = "not be empty",
	[OP_CONTAINS_MATCH] = "include an entry of the form the benchmark "
	    "requires",
	[OP_NOT_CONTAINS_MATCH] = "include no entry of the form the "
	    "benchmark forbids",
	[OP_UNDER] = "be under %s",		[OP_NOT_UNDER] = "not be under %s",
};

enum status
cond_eval(const struct cond *c, const json_t *actual, char **why)
{
	struct cond_words	w;
	enum status		st;

	st = cond_eval_words(c, actual, why, &w);
	cond_words_free(&w);
	return st;
}

enum status
cond_eval_words(const struct cond *c, const json_t *actual, char **why,
    struct cond_words *out)
{
	struct cond_words	 w;
	char			*should;
	int			 ok;

	cond_words(c, actual, &w);
	if (c->ref != NULL && c->ref->items.n == 0) {
		*why = xasprintf("is %s; the value %s is not set, so a person "
		    "must judge", w.value, c->ref->name);
		*out = w;
		return STATUS_MANUAL;
	}
	ok = decide(c, actual);
	if (ok)
		*why = xasprintf("is %s", w.value);
	else {
		should = strchr(op_should[c->op], '%') != NULL ?
		    xasprintf(op_should[c->op], c->ref != NULL ?
		    c->ref->name : w.expected) : xstrdup(op_should[c->op]);
		if (strcmp(w.bad, w.value) != 0)
			*why = xasprintf("is %s; it should %s (failing: %s)",
			    w.value, should, w.bad);
		else
			*why = xasprintf("is %s; it should %s", w.value,
			    should);
		free(should);
	}
	*out = w;
	return ok ? STATUS_PASS : STATUS_FAIL;
}
