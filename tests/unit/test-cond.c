/*
 * Every comparison operator, on present and absent facts, numbers and
 * strings, lists and named values; the operator table against itself,
 * benchmark.rng and dockaudit-benchmark(5).
 */
#include <stdlib.h>
#include <string.h>

#include "engine/bench.h"
#include "engine/cond.h"
#include "engine/message.h"
#include "lib/util.h"
#include "tap.h"

/* Evaluate op/value on a JSON text ("null" = absent). */
static enum status
eval(const char *op, const char *value, const char *actual_json)
{
	struct cond	 c;
	json_t		*actual;
	char		*cause = NULL, *why = NULL;
	enum status	 st;

	if (cond_init(&c, op, value, NULL, &cause) != 0)
		fail_msg("cond_init %s %s: %s", op, value, cause);
	actual = json_loads(actual_json, JSON_DECODE_ANY, NULL);
	st = cond_eval(&c, json_is_null(actual) ? NULL : actual, &why);
	assert_non_null(why);
	free(why);
	json_decref(actual);
	cond_free(&c);
	return st;
}

#define PASS(op, v, a)	assert_int_equal(eval(op, v, a), STATUS_PASS)
#define FAIL(op, v, a)	assert_int_equal(eval(op, v, a), STATUS_FAIL)

static void
test_eq_ne(void **state)
{
	(void)state;
	PASS("eq", "2", "\"2\"");
	PASS("eq", "2", "2");
	PASS("eq", "2", "\"2.0\"");		/* numbers compare as numbers */
	FAIL("eq", "2", "\"1\"");
	FAIL("eq", "2", "null");
	PASS("eq", "info", "\"info\"");
	FAIL("eq", "info", "\"INFO\"");
	PASS("eq", "true", "true");
	FAIL("eq", "true", "false");
	PASS("ne", "2", "\"1\"");
	FAIL("ne", "2", "2");
	PASS("ne", "2", "null");		/* absent is not 2 */
}

static void
test_order(void **state)
{
	(void)state;
	PASS("ge", "1", "\"1\"");
	PASS("ge", "1", "\"2\"");
	FAIL("ge", "1", "\"0\"");
	FAIL("ge", "1", "null");
	FAIL("ge", "1", "\"abc\"");		/* not a number: fails */
	PASS("gt", "1", "2");
	FAIL("gt", "1", "1");
	PASS("le", "5", "5");
	FAIL("le", "5", "6");
	PASS("lt", "1024", "\"80\"");
	FAIL("lt", "1024", "\"8080\"");
	PASS("gt", "9", "\"10\"");		/* numeric, not text order */
	FAIL("lt", "9", "\"10\"");
}

static void
test_membership(void **state)
{
	(void)state;
	PASS("in", "info warn", "\"warn\"");
	FAIL("in", "info warn", "\"debug\"");
	FAIL("in", "info warn", "null");
	PASS("not-in", "aufs", "\"overlay2\"");
	FAIL("not-in", "aufs", "\"aufs\"");
	PASS("not-in", "aufs", "null");
	PASS("contains", "yama", "[\"capability\",\"yama\"]");
	FAIL("contains", "yama", "[\"capability\"]");
	PASS("contains", "a b", "[\"a\",\"b\",\"c\"]");
	FAIL("contains", "a b", "[\"a\",\"c\"]");	/* all of them */
	PASS("not-contains", "ALL", "[\"NET_ADMIN\"]");
	FAIL("not-contains", "ALL", "[\"ALL\"]");
	PASS("not-contains", "ALL", "null");
	PASS("intersects", "apparmor selinux", "[\"lockdown\",\"apparmor\"]");
	FAIL("intersects", "apparmor selinux", "[\"lockdown\"]");
	FAIL("intersects", "apparmor selinux", "[]");
	PASS("disjoint", "0.0.0.0 ::", "[\"127.0.0.1\"]");
	FAIL("disjoint", "0.0.0.0 ::", "[\"127.0.0.1\",\"::\"]");
	PASS("disjoint", "0.0.0.0 ::", "null");
	PASS("subset-of", "alice bob", "[\"bob\"]");
	PASS("subset-of", "alice bob", "[]");
	FAIL("subset-of", "alice bob", "[\"bob\",\"mallory\"]");
	PASS("subset-of", "alice", "null");		/* nothing added */
	PASS("contains-match", "^label[=:]", "[\"seccomp=x\",\"label=type:t\"]");
	FAIL("contains-match", "^label[=:]", "[\"seccomp=x\"]");
	FAIL("contains-match", "^label[=:]", "[]");
	FAIL("contains-match", "x", "null");
	PASS("not-contains-match", "^seccomp[=:]unconfined$", "[\"label=x\"]");
	FAIL("not-contains-match", "^seccomp[=:]unconfined$",
	    "[\"seccomp:unconfined\"]");
	PASS("not-contains-match", "x", "null");
	PASS("under", "/etc /usr", "[\"/srv\",\"/etc/ssl\"]");
	FAIL("under", "/etc", "[\"/etcetera\"]");	/* a sibling */
	PASS("not-under", "/ /etc /usr", "[\"/srv/data\",\"/home/x\"]");
	FAIL("not-under", "/ /etc", "[\"/\"]");
	FAIL("not-under", "/ /etc", "[\"/etc\"]");
	FAIL("not-under", "/etc/", "[\"/etc/docker/certs.d\"]");
	PASS("not-under", "/etc", "null");
}

static void
test_match(void **state)
{
	(void)state;
	PASS("match", "^unix://", "\"unix:///run/docker.sock\"");
	FAIL("match", "^unix://", "\"tcp://0.0.0.0:2375\"");
	FAIL("match", "x", "null");
	PASS("not-match", "^tcp://", "\"unix:///run/docker.sock\"");
	PASS("not-match", "^tcp://", "null");
}

static void
test_unary(void **state)
{
	(void)state;
	PASS("exists", NULL, "\"\"");
	FAIL("exists", NULL, "null");
	PASS("absent", NULL, "null");
	FAIL("absent", NULL, "0");
	PASS("true", NULL, "true");
	PASS("true", NULL, "\"yes\"");
	PASS("true", NULL, "\"1\"");
	FAIL("true", NULL, "\"maybe\"");
	FAIL("true", NULL, "null");
	PASS("false", NULL, "false");
	PASS("false", NULL, "\"false\"");
	FAIL("false", NULL, "true");
	FAIL("false", NULL, "null");		/* unset is not false */
	PASS("empty", NULL, "[]");
	PASS("empty", NULL, "null");
	PASS("empty", NULL, "\"\"");
	FAIL("empty", NULL, "[1]");
	PASS("not-empty", NULL, "[1]");
	FAIL("not-empty", NULL, "null");
}

/* Scalar ops on a list (a flag given several times). */
static void
test_lists(void **state)
{
	(void)state;
	PASS("eq", "info", "[\"info\"]");
	PASS("eq", "info", "[\"info\",\"info\"]");
	FAIL("eq", "info", "[\"info\",\"debug\"]");	/* every element */
	PASS("eq", "info", "[]");			/* vacuously */
	PASS("ge", "1024", "[]");
	PASS("ne", "debug", "[\"info\"]");
	FAIL("ne", "debug", "[\"info\",\"debug\"]");	/* no element */
	PASS("ne", "debug", "[]");
	PASS("in", "info warn", "[\"warn\",\"info\"]");
	FAIL("in", "info warn", "[\"warn\",\"debug\"]");
	PASS("not-in", "debug", "[\"warn\",\"info\"]");
	FAIL("not-in", "debug", "[\"warn\",\"debug\"]");
	PASS("true", NULL, "[\"true\"]");
	FAIL("true", NULL, "[\"true\",\"false\"]");
	PASS("false", NULL, "[\"false\"]");
	PASS("ge", "1", "[\"1\",\"2\"]");
	FAIL("ge", "1", "[\"1\",\"0\"]");
	PASS("match", "^unix://", "[\"unix:///a\",\"unix:///b\"]");
	FAIL("match", "^unix://", "[\"unix:///a\",\"tcp://h:2375\"]");
	PASS("not-match", "^tcp://", "[\"unix:///a\"]");
	FAIL("not-match", "^tcp://", "[\"unix:///a\",\"tcp://h:2375\"]");
	FAIL("eq", "x", "{\"a\":1}");
}

static void
test_defaults_and_errors(void **state)
{
	struct cond	 c;
	char		*cause = NULL;

	(void)state;
	assert_int_equal(cond_init(&c, NULL, "2", NULL, &cause), 0);
	assert_int_equal(c.op, OP_EQ);
	cond_free(&c);
	assert_int_equal(cond_init(&c, NULL, NULL, NULL, &cause), 0);
	assert_int_equal(c.op, OP_EXISTS);
	cond_free(&c);
	assert_int_equal(cond_init(&c, "nearly", "2", NULL, &cause), -1);
	assert_string_equal(cause, "unknown op \"nearly\"");
	free(cause);
	cond_free(&c);
	assert_int_equal(cond_init(&c, "ge", "two", NULL, &cause), -1);
	assert_non_null(strstr(cause, "not a number"));
	free(cause);
	cond_free(&c);
	assert_int_equal(cond_init(&c, "exists", "x", NULL, &cause), -1);
	free(cause);
	cond_free(&c);
	assert_int_equal(cond_init(&c, "match", "(", NULL, &cause), -1);
	assert_non_null(strstr(cause, "bad pattern"));
	free(cause);
	cond_free(&c);
}

static void
test_value_ref(void **state)
{
	struct value	 v;
	struct cond	 c;
	json_t		*members;
	char		*cause = NULL, *why = NULL;

	(void)state;
	memset(&v, 0, sizeof v);
	v.name = "trusted";
	members = json_pack("[s,s]", "alice", "bob");
	assert_int_equal(cond_init(&c, "subset-of", NULL, &v, &cause), 0);
	/* Unset value: a person must judge, and the reason says so. */
	assert_int_equal(cond_eval(&c, members, &why), STATUS_MANUAL);
	assert_non_null(strstr(why, "trusted is not set"));
	free(why);
	strlist_add(&v.items, "alice");
	assert_int_equal(cond_eval(&c, members, &why), STATUS_FAIL);
	assert_non_null(strstr(why, "is alice, bob; it should hold nothing "
	    "outside trusted (failing: bob)"));
	free(why);
	strlist_add(&v.items, "bob");
	assert_int_equal(cond_eval(&c, members, &why), STATUS_PASS);
	free(why);
	cond_free(&c);
	strlist_free(&v.items);
	json_decref(members);
}

/* {value}, {bad} and {expected} of a comparison. */
static void
words(const char *op, const char *value, const char *actual_json,
    const char *want_value, const char *want_bad, const char *want_expected)
{
	struct cond		 c;
	struct cond_words	 w;
	json_t			*actual;
	char			*cause = NULL;

	if (cond_init(&c, op, value, NULL, &cause) != 0)
		fail_msg("cond_init %s %s: %s", op, value, cause);
	actual = json_loads(actual_json, JSON_DECODE_ANY, NULL);
	cond_words(&c, json_is_null(actual) ? NULL : actual, &w);
	assert_string_equal(w.value, want_value);
	assert_string_equal(w.bad, want_bad);
	assert_string_equal(w.expected, want_expected);
	cond_words_free(&w);
	json_decref(actual);
	cond_free(&c);
}

static void
test_words(void **state)
{
	(void)state;
	/* Only the port below 1024 breaks "ge 1024". */
	words("ge", "1024", "[2222, 80]", "2222, 80", "80", "1024");
	words("not-contains-match", "docker\\.sock$",
	    "[\"/srv\", \"/run/docker.sock\"]", "/srv, /run/docker.sock",
	    "/run/docker.sock", "docker\\.sock$");
	words("not-in", "shared rshared", "[\"private\", \"rshared\"]",
	    "private, rshared", "rshared", "shared, rshared");
	words("disjoint", "0.0.0.0 ::", "[\"::\", \"127.0.0.1\"]",
	    "::, 127.0.0.1", "::", "0.0.0.0, ::");
	words("eq", "on-failure", "\"always\"", "always", "always",
	    "on-failure");
	words("not-empty", NULL, "\"\"", "empty", "empty", "");
	words("exists", NULL, "null", "not set", "not set", "");
	words("empty", NULL, "[]", "none", "none", "");
}

static void
test_messages(void **state)
{
	struct msg_fields	 f = { "web", "2222, 80", "80", "1024", NULL };
	char			*s, *cause = NULL;

	(void)state;
	s = msg_expand("{target} publishes host ports below {expected}: {bad}",
	    &f);
	assert_string_equal(s, "web publishes host ports below 1024: 80");
	free(s);
	s = msg_expand("{source}{value}", &f);
	assert_string_equal(s, "2222, 80");
	free(s);
	assert_int_equal(msg_check("{target} runs as {value}", &cause), 0);
	assert_int_equal(msg_check("{target} reads {inspect}", &cause), -1);
	assert_non_null(strstr(cause, "unknown field \"{inspect}\""));
	free(cause);
	assert_int_equal(msg_check("a } alone", &cause), -1);
	free(cause);
	assert_int_equal(msg_check("", &cause), -1);
	free(cause);
}

/* The schema's message pattern names the fields msg_expand knows. */
static void
test_schema_fields(void **state)
{
	const char	*fields[] = { "target", "value", "bad", "expected",
			    "source" };
	char		*rng, *pat, *tmpl, *cause = NULL;
	size_t		 i;
	FILE		*fp;
	long		 n;

	(void)state;
	fp = fopen(TOP_SRCDIR "/benchmarks/benchmark.rng", "r");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	rng = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(rng, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	pat = strstr(rng, "\\{(target|value|bad|expected|source)\\}");
	assert_non_null(pat);
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		tmpl = xasprintf("x {%s}", fields[i]);
		assert_int_equal(msg_check(tmpl, &cause), 0);
		free(tmpl);
	}
	free(rng);
}

/* Every row of engine/cond-ops.h is whole, and its name finds it. */
static void
test_table_rows(void **state)
{
	const struct cond_op_entry	*e, *pos;
	size_t				 i, j;

	(void)state;
	assert_int_equal(nitems(cond_op_table), COND_NOPS);
	for (i = 0; i < COND_NOPS; i++) {
		e = &cond_op_table[i];
		if (e->name == NULL || *e->name == '\0' || e->should == NULL)
			fail_msg("row %zu has no name or no words", i);
		assert_int_equal(cond_op_find(e->name), (int)i);
		assert_string_equal(cond_op_name((enum cond_op)i), e->name);
		for (j = 0; j < i; j++) {
			if (strcmp(cond_op_table[j].name, e->name) == 0)
				fail_msg("op \"%s\" twice", e->name);
		}
		if (e->absent != STATUS_PASS && e->absent != STATUS_FAIL)
			fail_msg("%s: absent must pass or fail", e->name);
		if (strchr(e->should, '%') != NULL && e->value == COND_NONE)
			fail_msg("%s: words name a value it does not take",
			    e->name);
		if (e->bad != NULL && e->kind != COND_LIST)
			fail_msg("%s: bad items of a non-list op", e->name);
		if (e->negates == i) {
			if (e->decide == NULL)
				fail_msg("%s: no decide function", e->name);
			continue;
		}
		/* A negation: of a positive op, of its kind, opposite. */
		pos = &cond_op_table[e->negates];
		if (e->decide != NULL || pos->negates != e->negates ||
		    pos->decide == NULL || pos->kind != e->kind ||
		    pos->value != e->value || pos->absent == e->absent)
			fail_msg("%s: not a negation of %s", e->name,
			    pos->name);
	}
}

/* Each op takes a value or none, as its row says; unknown ops refused. */
static void
test_table_init(void **state)
{
	const char	*unknown[] = { "nearly", "", "EQ", "not_in", "eq ",
			    "not", "-" };
	struct cond	 c;
	const char	*good;
	char		*cause = NULL;
	size_t		 i;

	(void)state;
	for (i = 0; i < COND_NOPS; i++) {
		const struct cond_op_entry *e = &cond_op_table[i];

		good = e->value == COND_NONE ? NULL :
		    e->value == COND_NUMBER ? "1" : "x";
		if (cond_init(&c, e->name, good, NULL, &cause) != 0)
			fail_msg("%s %s: %s", e->name, good, cause);
		assert_int_equal(c.op, (int)i);
		cond_free(&c);
		assert_int_equal(cond_init(&c, e->name,
		    good == NULL ? "x" : NULL, NULL, &cause), -1);
		assert_non_null(strstr(cause, e->value == COND_NONE ?
		    "takes no value" : "needs value or value-ref"));
		free(cause);
		cond_free(&c);
	}
	for (i = 0; i < nitems(unknown); i++) {
		assert_int_equal(cond_op_find(unknown[i]), -1);
		assert_int_equal(cond_init(&c, unknown[i], "x", NULL, &cause),
		    -1);
		assert_non_null(strstr(cause, "unknown op"));
		free(cause);
		cond_free(&c);
	}
}

static char *
slurp(const char *rel)
{
	char	*path = xasprintf("%s/%s", TOP_SRCDIR, rel), *text;
	FILE	*fp = fopen(path, "r");
	long	 n;

	if (fp == NULL)
		fail_msg("cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	text = xmalloc((size_t)n + 1);
	assert_int_equal(fread(text, 1, (size_t)n, fp), (size_t)n);
	text[n] = '\0';
	fclose(fp);
	free(path);
	return text;
}

/* names holds the rows for which want() is true, and nothing else. */
static void
same_ops(const struct strlist *names, int (*want)(size_t), const char *where)
{
	size_t	i;
	int	n;

	for (i = 0; i < names->n; i++) {
		if ((n = cond_op_find(names->v[i])) < 0 || !want((size_t)n))
			fail_msg("%s names op \"%s\", the table disagrees",
			    where, names->v[i]);
	}
	for (i = 0; i < COND_NOPS; i++) {
		if (want(i) && !strlist_has(names, cond_op_table[i].name))
			fail_msg("op \"%s\" is missing from %s",
			    cond_op_table[i].name, where);
	}
}

static int
any_op(size_t i)
{
	(void)i;
	return 1;
}

static int
absent_passes(size_t i)
{
	return cond_op_table[i].absent == STATUS_PASS;
}

static int
takes_none(size_t i)
{
	return cond_op_table[i].value == COND_NONE;
}

static int
takes_literal(size_t i)
{
	return cond_op_table[i].value == COND_NUMBER ||
	    cond_op_table[i].value == COND_PATTERN;
}

/* The schema's choice of op (<attribute name="op">) is the table's. */
static void
test_table_schema(void **state)
{
	struct strlist	 names = { NULL, 0 };
	char		*rng, *p, *end, *v;

	(void)state;
	rng = slurp("benchmarks/benchmark.rng");
	p = strstr(rng, "<attribute name=\"op\">");
	assert_non_null(p);
	end = strstr(p, "</attribute>");
	assert_non_null(end);
	*end = '\0';
	while ((p = strstr(p, "<value>")) != NULL) {
		p += strlen("<value>");
		v = xstrndup(p, strcspn(p, "<"));
		strlist_add_nocopy(&names, v);
	}
	same_ops(&names, any_op, "benchmark.rng");
	strlist_free(&names);
	free(rng);
}

/*
 * The words of a man line (".B not\-in", ".BR lt \", \" le"); with
 * ops_only, only those that name an operator.
 */
static void
man_words(const char *line, int ops_only, struct strlist *out)
{
	char	*copy = xstrdup(line), *tok, *save = NULL, *r, *w;

	for (tok = strtok_r(copy + strcspn(copy, " "), " \",;", &save);
	    tok != NULL; tok = strtok_r(NULL, " \",;", &save)) {
		for (r = w = tok; *r != '\0'; r++) {
			if (r[0] == '\\' && r[1] == '-')
				r++;
			*w++ = *r;
		}
		*w = '\0';
		if (*tok == '\0' || tok[strspn(tok,
		    "abcdefghijklmnopqrstuvwxyz-")] != '\0')
			continue;
		if (!ops_only || cond_op_find(tok) >= 0)
			strlist_add(out, tok);
	}
	free(copy);
}

/*
 * dockaudit-benchmark(5), COMPARISONS: the operators it describes (the
 * .TP terms), and the lists of those that take no value, need a literal,
 * and pass an absent fact, are the table's. A list is the operators of
 * the .B lines just before the line of text that says what they are
 * ("and" and "or" join its last two).
 */
static void
test_table_man(void **state)
{
	struct {
		const char	*marker;
		int		(*want)(size_t);
		struct strlist	 found;
		int		 seen;
	} lists[] = {
		{ "take no value", takes_none, { NULL, 0 }, 0 },
		{ "need a literal", takes_literal, { NULL, 0 }, 0 },
		{ "(nothing is a subset", absent_passes, { NULL, 0 }, 0 },
	};
	struct strlist	 terms = { NULL, 0 }, run = { NULL, 0 };
	char		*man, *line, *save = NULL;
	int		 in = 0, term = 0;
	size_t		 i, j;

	(void)state;
	man = slurp("man/dockaudit-benchmark.5");
	for (line = strtok_r(man, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, ".SH", 3) == 0) {
			in = strcmp(line, ".SH COMPARISONS") == 0;
			continue;
		}
		if (!in)
			continue;
		if (term)
			man_words(line, 0, &terms);
		term = strcmp(line, ".TP") == 0;
		if (strncmp(line, ".B ", 3) == 0 ||
		    strncmp(line, ".BR ", 4) == 0) {
			man_words(line, 1, &run);
			continue;
		}
		if (strcmp(line, "and") == 0 || strcmp(line, "or") == 0)
			continue;
		for (i = 0; i < nitems(lists); i++) {
			if (strstr(line, lists[i].marker) == NULL)
				continue;
			for (j = 0; j < run.n; j++)
				strlist_add(&lists[i].found, run.v[j]);
			lists[i].seen = 1;
		}
		strlist_free(&run);
	}
	same_ops(&terms, any_op, "COMPARISONS' terms");
	for (i = 0; i < nitems(lists); i++) {
		if (!lists[i].seen)
			fail_msg("no \"%s\" in COMPARISONS", lists[i].marker);
		same_ops(&lists[i].found, lists[i].want, lists[i].marker);
		strlist_free(&lists[i].found);
	}
	strlist_free(&terms);
	strlist_free(&run);
	free(man);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eq_ne),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_membership),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_unary),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_defaults_and_errors),
		cmocka_unit_test(test_value_ref),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_schema_fields),
		cmocka_unit_test(test_table_rows),
		cmocka_unit_test(test_table_init),
		cmocka_unit_test(test_table_schema),
		cmocka_unit_test(test_table_man),
	};

	TAP_RUN(tests);
}
