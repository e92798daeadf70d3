/*
 * Every comparison operator, on present and absent facts, numbers and
 * strings, lists and named values.
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
	};

	TAP_RUN(tests);
}
