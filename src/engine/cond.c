/*
 * The comparison operators of dockaudit-benchmark(5). Every value probe
 * (json-file, sysctl, lsm, cmdline, listen, group, process) decides through
 * cond_eval(), so the operators behave the same everywhere. What each
 * operator is and does is its row in engine/cond-ops.h; this file holds
 * the rows' functions and what all operators share.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/cond.h"
#include "engine/value.h"
#include "lib/util.h"

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

/* An item of the fact matches the literal pattern. */
static int
item_matches(const struct cond *c, const char *item)
{
	return regexec(c->regex, item, 0, NULL, 0) == 0;
}

/* An item of the fact is one of the listed paths or beneath one. */
static int
item_under(const struct cond *c, const char *item)
{
	const struct strlist	*want = expected_list(c);
	size_t			 j;

	for (j = 0; j < want->n; j++) {
		if (path_under(item, want->v[j]))
			return 1;
	}
	return 0;
}

/* The decide functions of the rows of engine/cond-ops.h. */

static int
decide_eq(const struct cond *c, const json_t *actual,
    const struct strlist *have)
{
	const struct strlist	*want = expected_list(c);

	(void)have;
	return json_is_object(actual) ? 0 : scalar_eq(actual,
	    c->literal != NULL ? c->literal :
	    (want->n > 0 ? want->v[0] : ""));
}

/* The fact and the literal as numbers; 0 when either is not one. */
static int
numbers(const struct cond *c, const json_t *actual, double *a, double *b)
{
	return json_number(actual, a) && text_number(c->literal, b);
}

static int
decide_lt(const struct cond *c, const json_t *actual,
    const struct strlist *have)
{
	double	a, b;

	(void)have;
	return numbers(c, actual, &a, &b) && a < b;
}

static int
decide_le(const struct cond *c, const json_t *actual,
    const struct strlist *have)
{
	double	a, b;

	(void)have;
	return numbers(c, actual, &a, &b) && a <= b;
}

static int
decide_gt(const struct cond *c, const json_t *actual,
    const struct strlist *have)
{
	double	a, b;

	(void)have;
	return numbers(c, actual, &a, &b) && a > b;
}

static int
decide_ge(const struct cond *c, const json_t *actual,
    const struct strlist *have)
{
	double	a, b;

	(void)have;
	return numbers(c, actual, &a, &b) && a >= b;
}

static int
decide_in(const struct cond *c, const json_t *actual,
    const struct strlist *have)
{
	const struct strlist	*want = expected_list(c);
	size_t			 i;

	(void)have;
	for (i = 0; i < want->n; i++) {
		if (scalar_eq(actual, want->v[i]))
			return 1;
	}
	return 0;
}

static int
decide_match(const struct cond *c, const json_t *actual,
    const struct strlist *have)
{
	char	*s;
	int	 ok;

	(void)have;
	if ((s = scalar_text(actual)) == NULL)
		return 0;
	ok = item_matches(c, s);
	free(s);
	return ok;
}

static int
decide_exists(const struct cond *c, const json_t *actual,
    const struct strlist *have)
{
	(void)c;
	(void)actual;
	(void)have;
	return 1;
}

static int
decide_true(const struct cond *c, const json_t *actual,
    const struct strlist *have)
{
	(void)c;
	(void)have;
	return json_truth(actual) == 1;
}

static int
decide_false(const struct cond *c, const json_t *actual,
    const struct strlist *have)
{
	(void)c;
	(void)have;
	return json_truth(actual) == 0;
}

static int
decide_empty(const struct cond *c, const json_t *actual,
    const struct strlist *have)
{
	(void)c;
	(void)have;
	return list_is_empty(actual);
}

static int
decide_contains(const struct cond *c, const json_t *actual,
    const struct strlist *have)
{
	const struct strlist	*want = expected_list(c);
	size_t			 i;

	(void)actual;
	for (i = 0; i < want->n; i++) {
		if (!strlist_has(have, want->v[i]))
			return 0;
	}
	return 1;
}

static int
decide_intersects(const struct cond *c, const json_t *actual,
    const struct strlist *have)
{
	const struct strlist	*want = expected_list(c);
	size_t			 i;

	(void)actual;
	for (i = 0; i < want->n; i++) {
		if (strlist_has(have, want->v[i]))
			return 1;
	}
	return 0;
}

static int
decide_subset_of(const struct cond *c, const json_t *actual,
    const struct strlist *have)
{
	const struct strlist	*want = expected_list(c);
	size_t			 i;

	(void)actual;
	for (i = 0; i < have->n; i++) {
		if (!strlist_has(want, have->v[i]))
			return 0;
	}
	return 1;
}

static int
decide_contains_match(const struct cond *c, const json_t *actual,
    const struct strlist *have)
{
	size_t	i;

	(void)actual;
	for (i = 0; i < have->n; i++) {
		if (item_matches(c, have->v[i]))
			return 1;
	}
	return 0;
}

static int
decide_under(const struct cond *c, const json_t *actual,
    const struct strlist *have)
{
	size_t	i;

	(void)actual;
	for (i = 0; i < have->n; i++) {
		if (item_under(c, have->v[i]))
			return 1;
	}
	return 0;
}

/* The bad functions of the rows: the items that break a list op. */

static void
add_clean(struct strlist *out, const char *item)
{
	strlist_add_nocopy(out, text_sanitize(item, strlen(item), 200));
}

/* The listed items the fact lacks. */
static void
bad_missing(const struct cond *c, const struct strlist *have,
    struct strlist *out)
{
	const struct strlist	*want = expected_list(c);
	size_t			 i;

	for (i = 0; i < want->n; i++) {
		if (!strlist_has(have, want->v[i]))
			strlist_add(out, want->v[i]);
	}
}

/* The fact's items that are listed. */
static void
bad_listed(const struct cond *c, const struct strlist *have,
    struct strlist *out)
{
	size_t	i;

	for (i = 0; i < have->n; i++) {
		if (strlist_has(expected_list(c), have->v[i]))
			add_clean(out, have->v[i]);
	}
}

/* The fact's items that are not listed. */
static void
bad_unlisted(const struct cond *c, const struct strlist *have,
    struct strlist *out)
{
	size_t	i;

	for (i = 0; i < have->n; i++) {
		if (!strlist_has(expected_list(c), have->v[i]))
			add_clean(out, have->v[i]);
	}
}

static void
bad_matching(const struct cond *c, const struct strlist *have,
    struct strlist *out)
{
	size_t	i;

	for (i = 0; i < have->n; i++) {
		if (item_matches(c, have->v[i]))
			add_clean(out, have->v[i]);
	}
}

static void
bad_under(const struct cond *c, const struct strlist *have,
    struct strlist *out)
{
	size_t	i;

	for (i = 0; i < have->n; i++) {
		if (item_under(c, have->v[i]))
			add_clean(out, have->v[i]);
	}
}

const struct cond_op_entry cond_op_table[COND_NOPS] = {
#define COND_ROW(id, nm, val, knd, abs, neg, dec, bd, shd)		\
	[OP_##id] = { .name = nm, .value = COND_##val, .kind = COND_##knd, \
	    .absent = STATUS_##abs, .negates = OP_##neg, .decide = dec,	\
	    .bad = bd, .should = shd },
	COND_OPS(COND_ROW)
#undef COND_ROW
};

const char *
cond_op_name(enum cond_op op)
{
	return cond_op_table[op].name;
}

int
cond_op_find(const char *name)
{
	size_t	i;

	for (i = 0; i < nitems(cond_op_table); i++) {
		if (strcmp(cond_op_table[i].name, name) == 0)
			return (int)i;
	}
	return -1;
}

/* The positive form of a negation, or op itself. */
static enum cond_op
positive_op(enum cond_op op)
{
	return cond_op_table[op].negates;
}

static int
list_op(enum cond_op op)
{
	return cond_op_table[op].kind == COND_LIST;
}

/* A NUMBER operator's value: a literal number. */
static int
init_number(struct cond *c, const char *value, char **cause)
{
	char	*end;

	if (c->ref != NULL) {
		*cause = xasprintf("op \"%s\" needs a literal number",
		    cond_op_name(c->op));
		return -1;
	}
	(void)strtod(value, &end);
	if (*value == '\0' || *end != '\0') {
		*cause = xasprintf("op \"%s\": \"%s\" is not a number",
		    cond_op_name(c->op), value);
		return -1;
	}
	return 0;
}

/* A PATTERN operator's value: a literal pattern, compiled. */
static int
init_pattern(struct cond *c, const char *value, char **cause)
{
	char	msg[128];
	int	rc;

	if (c->ref != NULL) {
		*cause = xstrdup("match ops need a literal pattern");
		return -1;
	}
	c->regex = xmalloc(sizeof(regex_t));
	if ((rc = regcomp(c->regex, value, REG_EXTENDED | REG_NOSUB)) != 0) {
		regerror(rc, c->regex, msg, sizeof msg);
		free(c->regex);
		c->regex = NULL;
		*cause = xasprintf("bad pattern \"%s\": %s", value, msg);
		return -1;
	}
	return 0;
}

int
cond_init(struct cond *c, const char *op, const char *value,
    const struct value *ref, char **cause)
{
	const struct cond_op_entry	*e;
	int				 found;

	memset(c, 0, sizeof *c);
	if (op == NULL)
		found = (value != NULL || ref != NULL) ? OP_EQ : OP_EXISTS;
	else if ((found = cond_op_find(op)) < 0) {
		*cause = xasprintf("unknown op \"%s\"", op);
		return -1;
	}
	c->op = found;
	c->ref = ref;
	if (value != NULL) {
		c->literal = xstrdup(value);
		strlist_split(&c->list, value, " \t\n");
	}
	e = &cond_op_table[c->op];
	if (e->value == COND_NONE && (value != NULL || ref != NULL)) {
		*cause = xasprintf("op \"%s\" takes no value", e->name);
		return -1;
	}
	if (e->value != COND_NONE && value == NULL && ref == NULL) {
		*cause = xasprintf("op \"%s\" needs value or value-ref",
		    e->name);
		return -1;
	}
	if (e->value == COND_NUMBER)
		return init_number(c, value, cause);
	if (e->value == COND_PATTERN)
		return init_pattern(c, value, cause);
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

char *
cond_describe(const struct cond *c)
{
	const char	*name = cond_op_name(c->op);

	if (c->ref != NULL)
		return xasprintf("%s %s", name, c->ref->name);
	if (c->literal != NULL)
		return xasprintf("%s %s", name, c->literal);
	return xstrdup(name);
}

static int decide(const struct cond *, const json_t *);

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

/* 1 pass, 0 fail: the absent rule, each element, or the row's function. */
static int
decide(const struct cond *c, const json_t *actual)
{
	const struct cond_op_entry	*e = &cond_op_table[c->op];
	struct strlist			 have = { NULL, 0 };
	int				 ok;

	if (actual == NULL || json_is_null(actual))
		return e->absent == STATUS_PASS;
	if (e->kind == COND_SCALAR && json_is_array(actual))
		return decide_each(c, actual);
	if (e->kind == COND_LIST)
		actual_list(actual, &have);
	if (e->negates != c->op)
		ok = !cond_op_table[e->negates].decide(c, actual, &have);
	else
		ok = e->decide(c, actual, &have);
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

/* The items of a list that break the test (none for a scalar). */
static void
bad_items(const struct cond *c, const json_t *actual, struct strlist *out)
{
	const struct cond_op_entry	*e = &cond_op_table[c->op];
	struct strlist			 have = { NULL, 0 };
	struct cond			 pos = *c;
	size_t				 i;
	json_t				*el;

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
	if (e->bad == NULL)
		return;
	actual_list(actual, &have);
	e->bad(c, &have, out);
	strlist_free(&have);
}

void
cond_words(const struct cond *c, const json_t *actual, struct cond_words *w)
{
	struct strlist	bad = { NULL, 0 };

	w->value = actual_words(actual);
	w->tail = NULL;
	bad_items(c, actual, &bad);
	w->bad = bad.n > 0 ? join_words(&bad) : xstrdup(w->value);
	strlist_free(&bad);
	if (c->ref != NULL)
		w->expected = c->ref->items.n > 0 ? join_words(&c->ref->items) :
		    xstrdup(c->ref->name);
	else if (c->literal != NULL && (list_op(c->op) ||
	    cond_op_table[c->op].value == COND_WORDS))
		w->expected = join_words(&c->list);
	else
		w->expected = xstrdup(c->literal != NULL ? c->literal : "");
}

void
cond_words_free(struct cond_words *w)
{
	free(w->value);
	free(w->bad);
	free(w->tail);
	free(w->expected);
	memset(w, 0, sizeof *w);
}

enum status
cond_eval(const struct cond *c, const json_t *actual, char **why)
{
	struct cond_words	w;
	enum status		st;

	st = cond_eval_words(c, actual, why, &w);
	cond_words_free(&w);
	return st;
}

/*
 * What a failing value should have been, in words, is the row's should:
 * the generic reason of a probe without a fail= template. The pattern of
 * a match op is not words: the evidence holds it.
 */
enum status
cond_eval_words(const struct cond *c, const json_t *actual, char **why,
    struct cond_words *out)
{
	const char		*fmt = cond_op_table[c->op].should;
	struct cond_words	 w;
	char			*should;
	int			 ok;

	cond_words(c, actual, &w);
	if (c->ref != NULL && c->ref->items.n == 0) {
		w.tail = xasprintf("; the value %s is not set, so a person "
		    "must judge", c->ref->name);
		*why = xasprintf("is %s%s", w.value, w.tail);
		*out = w;
		return STATUS_MANUAL;
	}
	ok = decide(c, actual);
	if (ok)
		w.tail = xstrdup("");
	else {
		should = strchr(fmt, '%') != NULL ? xasprintf(fmt,
		    c->ref != NULL ? c->ref->name : w.expected) : xstrdup(fmt);
		if (strcmp(w.bad, w.value) != 0)
			w.tail = xasprintf("; it should %s (failing: %s)",
			    should, w.bad);
		else
			w.tail = xasprintf("; it should %s", should);
		free(should);
	}
	*why = xasprintf("is %s%s", w.value, w.tail);
	*out = w;
	return ok ? STATUS_PASS : STATUS_FAIL;
}
