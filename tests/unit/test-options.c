/*
 * The option table (src/cli/options.c) as the command line sees it: the
 * defaults options_init() sets, each argument type landing in its field,
 * the refusals with exit 2, an option of another command, attest's
 * options, --fail-on's meaning for merge, and each rule between options, broken and kept.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "tap.h"

/* Parse the words of line as cmd's command line: options_parse's answer. */
static int
parse_line(const struct cmd_entry *cmd, struct options *o, const char *line)
{
	char	*copy = strdup(line), *argv[32], *w, *save = NULL;
	int	 argc = 0, first, rc;

	assert_non_null(copy);
	argv[argc++] = (char *)cmd->name;
	for (w = strtok_r(copy, " ", &save); w != NULL && argc < 31;
	    w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	options_init(o);
	optind = 0;
	rc = options_parse(cmd, o, argc, argv, &first);
	if (rc == 0)
		assert_true(first <= argc);
	options_free(o);
	free(copy);
	return rc;
}

static int
rc_of(const struct cmd_entry *cmd, const char *line)
{
	struct options	o;

	return parse_line(cmd, &o, line);
}

static void
test_defaults(void **state)
{
	struct options	o;

	(void)state;
	options_init(&o);
	assert_string_equal(o.benchmark, "cis-docker-1.8.0");
	assert_int_equal(o.level, 2);
	assert_string_equal(o.format, "text");
	assert_int_equal(o.format_given, 0);
	assert_int_equal(o.connect_ms, 3000);
	assert_int_equal(o.timeout_ms, 20000);
	assert_int_equal(o.keep, 30);
	assert_int_equal(o.max_age_h, 48);
	assert_int_equal(o.color, 1);
	assert_null(o.gate.fail_on);
	assert_int_equal(o.gate.has_fail_under, 0);
	assert_null(o.host);
	assert_int_equal(o.outputs.n, 0);
	options_free(&o);
}

static void
test_types(void **state)
{
	struct options	o;
	char		*argv[] = { "audit", "-b", "x.xml", "-l1", "-c",
			    "1.1,2", "-x", "3", "--container", "a", "--container", "b",
			    "--timeout", "0.5", "--connect-timeout", "2",
			    "--fail-under", "72.5", "-fjson", "-q", "--all",
			    "--no-color", "--keep", "5", "--history", "d",
			    "--tag", "k=v", "-o", "r.json", "OPERAND", NULL };
	int		 first;

	(void)state;
	options_init(&o);
	optind = 0;
	assert_int_equal(options_parse(&cmd_audit_entry, &o,
	    (int)(sizeof argv / sizeof argv[0]) - 1, argv, &first), 0);
	assert_string_equal(argv[first], "OPERAND");
	assert_string_equal(o.benchmark, "x.xml");
	assert_int_equal(o.level, 1);
	assert_int_equal(o.checks.n, 2);
	assert_string_equal(o.checks.v[1], "2");
	assert_int_equal(o.excludes.n, 1);
	assert_int_equal(o.filter.include.n, 2);
	assert_int_equal(o.timeout_ms, 500);
	assert_int_equal(o.connect_ms, 2000);
	assert_true(o.gate.fail_under == 72.5);
	assert_int_equal(o.gate.has_fail_under, 1);
	assert_string_equal(o.format, "json");
	assert_int_equal(o.format_given, 1);
	assert_int_equal(o.quiet, 1);
	assert_int_equal(o.all, 1);
	assert_int_equal(o.color, 0);
	assert_int_equal(o.keep, 5);
	assert_string_equal(o.history, "d");
	assert_int_equal(o.tags.n, 1);
	assert_int_equal(o.outputs.n, 1);
	options_free(&o);
}

static void
test_refused(void **state)
{
	static const char *const bad[] = {
		"-l 3", "--timeout 0", "--connect-timeout 1x", "--keep 0",
		"--keep 100001", "--fail-under 101", "--tag x", "--tag k=1 "
		"--tag k=2", "--host-id a/b", "-f bogus", "--fail-on bogus",
		"--fail-on stale", "--max-age 3", "--signers f", "--bogus",
		"-z", "-b",
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (rc_of(&cmd_audit_entry, bad[i]) != 2)
			fail_msg("audit %s: not refused", bad[i]);
	}
	assert_int_equal(rc_of(&cmd_list_entry, "--keep 3"), 2);
	assert_int_equal(rc_of(&cmd_verify_entry, "-b x"), 2);
	assert_int_equal(rc_of(&cmd_merge_entry, "--fail-on bogus"), 2);
	assert_int_equal(rc_of(&cmd_merge_entry, "--max-age 0"), 2);
}

/* attest: its options land in their fields; -o is one file there. */
static void
test_attest(void **state)
{
	struct options	o;
	char		*argv[] = { "attest", "4.2", "--pass", "--by", "alice",
			    "--because", "why", "--every", "90d", "--target", "web-*",
			    "--target", "db", "-o", "a.xml", "-b", "x.xml", NULL };
	int		 first;

	(void)state;
	options_init(&o);
	optind = 0;
	assert_int_equal(options_parse(&cmd_attest_entry, &o,
	    (int)(sizeof argv / sizeof argv[0]) - 1, argv, &first), 0);
	assert_string_equal(argv[first], "4.2");
	assert_int_equal(o.attest_pass, 1);
	assert_int_equal(o.attest_fail, 0);
	assert_string_equal(o.attest_by, "alice");
	assert_string_equal(o.attest_because, "why");
	assert_string_equal(o.attest_every, "90d");
	assert_null(o.attest_expires);
	assert_int_equal(o.attest_targets.n, 2);
	assert_string_equal(o.attest_file, "a.xml");
	assert_int_equal(o.outputs.n, 0);
	assert_string_equal(o.benchmark, "x.xml");
	options_free(&o);
	assert_int_equal(rc_of(&cmd_attest_entry, "--every 0d"), 2);
	assert_int_equal(rc_of(&cmd_attest_entry, "--every 90"), 2);
	assert_int_equal(rc_of(&cmd_attest_entry, "--expires 2027-02-30"), 2);
	assert_int_equal(rc_of(&cmd_attest_entry, "--expires 2027-02-28"), 0);
	assert_int_equal(rc_of(&cmd_attest_entry, "--waivers w"), 2);
	assert_int_equal(rc_of(&cmd_audit_entry, "--pass"), 2);
	assert_int_equal(rc_of(&cmd_audit_entry, "--attestations a.xml"), 0);
	assert_int_equal(rc_of(&cmd_list_entry, "--attestations a.xml"), 2);
}

static void
test_merge(void **state)
{
	struct options	o;

	(void)state;
	assert_int_equal(parse_line(&cmd_merge_entry, &o,
	    "--fail-on stale --max-age 3 --tag k=v"), 0);
	assert_int_equal(rc_of(&cmd_merge_entry, "--fail-on high"), 0);
}

static void
test_rules(void **state)
{
	static const struct {
		const struct cmd_entry	*cmd;
		const char		*line;
		int			 rc;
	} cases[] = {
		{ &cmd_audit_entry, "--keep 3", 2 },
		{ &cmd_audit_entry, "--keep 3 --history d", 0 },
		{ &cmd_audit_entry, "--fail-on new", 2 },
		{ &cmd_audit_entry, "--fail-on new --baseline b", 0 },
		{ &cmd_audit_entry, "--fail-on new --history d", 0 },
		{ &cmd_audit_entry, "--fail-on new --fail-on low", 0 },
		{ &cmd_audit_entry, "--fail-on low --fail-on new", 2 },
		{ &cmd_merge_entry, "--fail-on new", 2 },
		{ &cmd_merge_entry, "--fail-on new --baseline b", 0 },
		{ &cmd_audit_entry, "--root / --fixture f", 2 },
		{ &cmd_audit_entry, "--fixture f --root /", 2 },
		{ &cmd_audit_entry, "--fixture f", 0 },
		{ &cmd_audit_entry, "--root /", 0 },
		{ &cmd_attest_entry, "--pass --fail", 2 },
		{ &cmd_attest_entry, "--fail --pass", 2 },
		{ &cmd_attest_entry, "--expires 2099-01-01 --every 9d", 2 },
		{ &cmd_attest_entry, "--every 9d --expires 2099-01-01", 2 },
		{ &cmd_attest_entry, "--pass --every 9d", 0 },
	};
	size_t	i;
	int	rc;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rc = rc_of(cases[i].cmd, cases[i].line);
		if (rc != cases[i].rc)
			fail_msg("%s %s: %d, not %d", cases[i].cmd->name,
			    cases[i].line, rc, cases[i].rc);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_attest),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_rules),
	};

	TAP_RUN(tests);
}
