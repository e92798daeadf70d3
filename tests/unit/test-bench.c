/*
 * The benchmark loader: a valid file in memory, and each thing it must
 * refuse with FILE:LINE (DOCTYPE, XXE, entity bomb, schema errors,
 * duplicate ids, unknown values and probes, bad modes, misplaced rules).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/bench.h"
#include "probes/probe.h"
#include "tap.h"

static char	 path[64];
static char	 errors[8192];

#define HEAD "<benchmark xmlns=\"urn:dockaudit:benchmark:1\" id=\"t\" " \
	"version=\"1\" title=\"T\">\n"
#define RULE(id, check) "<rule id=\"" id "\" level=\"1\" scored=\"true\" " \
	"severity=\"high\"><title>t</title><description>d</description>" \
	"<rationale>r</rationale><remediation>m</remediation><references>" \
	"<ref>x</ref></references><check>" check "</check></rule>\n"

/* Load text as a benchmark; errors printed go to the errors buffer. */
static struct bench *
load(const char *text)
{
	struct bench	*b;
	FILE		*fp, *saved = stderr;
	size_t		 n;
	int		 fd;

	strcpy(path, "/tmp/dockaudit-test-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	fp = tmpfile();
	stderr = fp;
	b = bench_load(path, probe_table);
	stderr = saved;
	rewind(fp);
	n = fread(errors, 1, sizeof errors - 1, fp);
	errors[n] = '\0';
	fclose(fp);
	unlink(path);
	return b;
}

/* The load fails and the first error is "PATH:LINE: ...msg...". */
static void
refused(const char *text, int line, const char *msg)
{
	char	prefix[96];

	assert_null(load(text));
	snprintf(prefix, sizeof prefix, "dockaudit: %s:%d: ", path, line);
	if (strncmp(errors, prefix, strlen(prefix)) != 0 ||
	    strstr(errors, msg) == NULL)
		fail_msg("want \"%s...%s\", got \"%s\"", prefix, msg, errors);
}

static void
test_valid(void **state)
{
	struct bench	*b;

	(void)state;
	b = load("<?xml version=\"1.0\"?>\n" HEAD
	    "<values><value name=\"users\"><item>alice</item></value>"
	    "<value name=\"unset\"/></values>\n"
	    "<section id=\"1\" title=\"One\"><section id=\"1.1\" title=\"Sub\">"
	    RULE("1.1.1", "<all><file path=\"/etc/docker\" owner=\"root\" "
	    "mode-max=\"0755\"/><any><sysctl key=\"kernel.x\" op=\"ge\" "
	    "value=\"1\"/><group name=\"docker\" op=\"subset-of\" "
	    "value-ref=\"users\"/></any></all>")
	    "</section>" RULE("1.2", "<manual note=\"look\"/>") "</section>\n"
	    "<section id=\"2\" title=\"Two\">"
	    RULE("2.1", "<none><lsm op=\"contains\" value=\"x\"/></none>")
	    "</section></benchmark>\n");
	assert_non_null(b);
	assert_string_equal(b->id, "t");
	assert_int_equal(b->nrules, 3);
	assert_int_equal(b->nsections, 2);
	assert_string_equal(b->rules[0].id, "1.1.1");
	assert_string_equal(b->rules[0].section, "1");
	assert_int_equal(b->rules[0].check->type, CHECK_ALL);
	assert_int_equal(b->rules[0].check->nkids, 2);
	assert_int_equal(b->rules[0].check->kids[1]->nkids, 2);
	assert_ptr_equal(b->rules[0].check->kids[1]->kids[1]->cond.ref,
	    bench_value(b, "users"));
	assert_string_equal(b->rules[2].section, "2");
	assert_int_equal(b->rules[2].check->type, CHECK_NONE);
	assert_int_equal(bench_value(b, "unset")->items.n, 0);
	assert_int_equal(strlen(b->sha256), 64);
	bench_free(b);
}

static void
test_refuses_doctype(void **state)
{
	(void)state;
	refused("<?xml version=\"1.0\"?>\n<!DOCTYPE benchmark>\n" HEAD
	    "</benchmark>\n", 2, "DOCTYPE is not allowed");
	/* XXE: the file must never be read, the entity never expanded. */
	refused("<?xml version=\"1.0\"?>\n\n<!DOCTYPE b [<!ENTITY x SYSTEM "
	    "\"file:///etc/passwd\">]>\n" HEAD "<section id=\"1\" title=\"&x;"
	    "\"/></benchmark>\n", 3, "DOCTYPE is not allowed");
}

static void
test_refuses_entity_bomb(void **state)
{
	(void)state;
	refused("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
	    "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
	    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
	    "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
	    "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
	    "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
	    "]>\n<benchmark id=\"&f;\"/>\n", 2, "DOCTYPE is not allowed");
}

static void
test_schema_errors(void **state)
{
	(void)state;
	refused("<?xml version=\"1.0\"?>\n" HEAD "<section id=\"1\" title=\"x\">"
	    "\n<rule id=\"1.1\" level=\"3\" scored=\"true\" severity=\"high\"/>"
	    "</section></benchmark>\n", 4, "rule failed to validate attributes");
	refused("<?xml version=\"1.0\"?>\n" HEAD
	    "<section id=\"1\" title=\"One\">\n"
	    RULE("1.1", "<teleport path=\"/\"/>") "</section></benchmark>\n",
	    4, "teleport");
	refused("<benchmark xmlns=\"urn:dockaudit:benchmark:1\"", 1, "");
	refused("<?xml version=\"1.0\"?>\n<other/>\n", 2, "");
}

static void
test_semantic_errors(void **state)
{
	(void)state;
	refused("<?xml version=\"1.0\"?>\n" HEAD "<section id=\"1\" title=\"x\">"
	    "\n" RULE("1.1", "<manual/>") RULE("1.1", "<manual/>")
	    "</section></benchmark>\n", 5, "duplicate rule id 1.1 (first at "
	    "line 4)");
	refused("<?xml version=\"1.0\"?>\n" HEAD "<section id=\"1\" title=\"x\">"
	    "\n\n" RULE("1.1", "<file path=\"/etc\" mode-max=\"0855\"/>")
	    "</section></benchmark>\n", 5, "bad mode-max \"0855\"");
	refused("<?xml version=\"1.0\"?>\n" HEAD "<section id=\"1\" title=\"x\">"
	    "\n" RULE("1.1", "<group name=\"docker\" op=\"subset-of\" "
	    "value-ref=\"nobody-declared-me\"/>") "</section></benchmark>\n", 4,
	    "unknown value \"nobody-declared-me\"");
	refused("<?xml version=\"1.0\"?>\n" HEAD "<section id=\"1\" title=\"x\">"
	    "<section id=\"1.1\" title=\"a\">" RULE("1.1.1", "<manual/>")
	    "</section>\n<section id=\"1.1\" title=\"b\">" RULE("1.1.2",
	    "<manual/>") "</section></section></benchmark>\n", 5,
	    "duplicate section id 1.1");
	refused("<?xml version=\"1.0\"?>\n" HEAD "<section id=\"1\" title=\"x\">"
	    "\n<rule id=\"1.1\" level=\"1\" scored=\"true\" severity=\"low\">"
	    "<title>  </title><description>d</description><rationale>r"
	    "</rationale><remediation>m</remediation><references><ref>x</ref>"
	    "</references><check><manual/></check></rule></section>"
	    "</benchmark>\n", 4, "<title> is empty");
	refused("<?xml version=\"1.0\"?>\n" HEAD "<section id=\"1\" title=\"x\">"
	    "\n" RULE("2.1", "<manual/>") "</section></benchmark>\n", 4,
	    "rule 2.1 is not numbered within section 1");
	refused("<?xml version=\"1.0\"?>\n" HEAD "<section id=\"1\" title=\"x\">"
	    "\n" RULE("1.1", "<sysctl key=\"k\" op=\"ge\" value=\"high\"/>")
	    "</section></benchmark>\n", 4, "\"high\" is not a number");
	refused("<?xml version=\"1.0\"?>\n" HEAD "<section id=\"1\" title=\"x\">"
	    "\n" RULE("1.1", "<process name=\"dockerd\" field=\"flag\"/>")
	    "</section></benchmark>\n", 4, "needs flag= or alias=");
}

static void
test_missing_file(void **state)
{
	FILE	*fp, *saved = stderr;
	size_t	 n;

	(void)state;
	fp = tmpfile();
	stderr = fp;
	assert_null(bench_load("/nonexistent/bench.xml", probe_table));
	stderr = saved;
	rewind(fp);
	n = fread(errors, 1, sizeof errors - 1, fp);
	errors[n] = '\0';
	fclose(fp);
	assert_string_equal(errors, "dockaudit: /nonexistent/bench.xml: "
	    "cannot open: no such file or directory\n");
}

/*
 * A byte-for-byte copy of a shipped benchmark skips the schema (the suite
 * validated it); one changed byte and the schema decides again.
 */
static void
test_shipped_copy(void **state)
{
	struct bench	*b;
	FILE		*fp;
	char		*text, *at, *changed;
	long		 n;

	(void)state;
	fp = fopen(TOP_SRCDIR "/benchmarks/cis-docker-1.6.0.xml", "rb");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	rewind(fp);
	text = calloc(1, (size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	b = load(text);
	assert_non_null(b);
	assert_int_equal(b->nrules, 117);
	bench_free(b);
	/* An element the schema does not know, which the loader would skip. */
	at = strstr(text, "<check>");
	assert_non_null(at);
	changed = calloc(1, (size_t)n + 16);
	assert_non_null(changed);
	memcpy(changed, text, (size_t)(at - text) + 7);
	strcat(changed, "<bogus/>");
	strcat(changed, at + 7);
	assert_null(load(changed));
	assert_non_null(strstr(errors, "bogus"));
	free(changed);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_refuses_doctype),
		cmocka_unit_test(test_refuses_entity_bomb),
		cmocka_unit_test(test_schema_errors),
		cmocka_unit_test(test_semantic_errors),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_shipped_copy),
	};

	TAP_RUN(tests);
}
