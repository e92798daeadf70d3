/*
 * Parsers of other programs' text: audit rule lines (as written in rules
 * files and as the kernel reports them) and dockerd's flags in every form.
 */
#include <stdlib.h>
#include <string.h>

#include "facts/dockerd-argv.h"
#include "facts/facts.h"
#include "tap.h"

static void
watch_ok(const char *line, const char *path, int dir, const char *perms)
{
	struct audit_watch	w;

	assert_int_equal(audit_parse_line(line, &w), 0);
	assert_string_equal(w.path, path);
	assert_int_equal(w.dir, dir);
	if (perms == NULL)
		assert_null(w.perms);
	else
		assert_string_equal(w.perms, perms);
	assert_string_equal(w.line, line);
	audit_watch_clear(&w);
}

static void
watch_none(const char *line)
{
	struct audit_watch	w;

	assert_int_equal(audit_parse_line(line, &w), -1);
	assert_null(w.path);
}

static void
test_audit_lines(void **state)
{
	(void)state;
	watch_ok("-w /usr/bin/dockerd -k docker", "/usr/bin/dockerd", 1, NULL);
	watch_ok("-w /etc/docker -p wa", "/etc/docker", 1, "wa");
	watch_ok("  -w   /run/containerd   -p rwxa -k c", "/run/containerd", 1,
	    "rwxa");
	watch_ok("-a always,exit -F path=/usr/bin/runc -F perm=x -k r",
	    "/usr/bin/runc", 0, "x");
	watch_ok("-a exit,always -F dir=/etc/docker -F perm=wa",
	    "/etc/docker", 1, "wa");
	watch_ok("-A always,exit -F arch=b64 -F path=/etc/default/docker",
	    "/etc/default/docker", 0, NULL);
	watch_none("-a never,exit -F path=/usr/bin/dockerd");
	watch_none("# -w /etc/docker -p wa");
	watch_none("-W /etc/docker");
	watch_none("-D");
	watch_none("-b 8192");
	watch_none("-a always,exit -S mount -F auid>=1000");
	watch_none("-w relative/path");
	watch_none("");
}

static void
flags(const char *const *args, size_t n, const char *flag,
    const char *alias, int takes, const char *want)
{
	struct strlist	argv = { NULL, 0 }, out = { NULL, 0 };
	char		got[512] = "";
	size_t		i;

	for (i = 0; i < n; i++)
		strlist_add(&argv, args[i]);
	argv_flag_values(&argv, flag, alias, takes, &out);
	for (i = 0; i < out.n; i++) {
		strcat(got, i > 0 ? "|" : "");
		strcat(got, out.v[i]);
	}
	assert_string_equal(got, want);
	strlist_free(&argv);
	strlist_free(&out);
}

#define FLAGS(want, flag, alias, takes, ...) do {			\
	const char *const a_[] = { "dockerd", __VA_ARGS__ };		\
	flags(a_, nitems(a_), flag, alias, takes, want);		\
} while (0)

static void
test_dockerd_flags(void **state)
{
	(void)state;
	FLAGS("debug", "--log-level", "-l", 1, "--log-level=debug");
	FLAGS("debug", "--log-level", "-l", 1, "--log-level", "debug");
	FLAGS("warn", "--log-level", "-l", 1, "-l", "warn");
	FLAGS("warn", "--log-level", "-l", 1, "-l=warn");
	FLAGS("warn", "--log-level", "-l", 1, "-lwarn");
	FLAGS("error", "--log-level", "-l", 1, "-log-level=error");
	FLAGS("", "--log-level", "-l", 1, "--log-driver=syslog");
	FLAGS("", "--log-level", "-l", 1, "--log-levelx=1");
	FLAGS("unix:///run/a.sock|tcp://0.0.0.0:2376", "--host", "-H", 1,
	    "-H", "unix:///run/a.sock", "--host=tcp://0.0.0.0:2376");
	FLAGS("true", "--debug", "-D", 0, "-D", "--tlsverify");
	FLAGS("true", "--debug", "-D", 0, "--debug");
	FLAGS("false", "--icc", NULL, 0, "--icc=false");
	FLAGS("", "--icc", NULL, 0, "--iptables=false");
	FLAGS("", "--debug", "-D", 0, "--", "-D");
	FLAGS("/etc/d.json", "--config-file", NULL, 1, "-D", "--config-file",
	    "/etc/d.json", "--icc=false");
}

/* argv without the flag, as one space-separated string. */
static void
removed(const char *const *args, size_t n, const char *flag,
    const char *alias, int takes, const char *want)
{
	struct strlist	 argv = { NULL, 0 }, out = { NULL, 0 };
	char		 got[512] = "";
	size_t		 i;

	for (i = 0; i < n; i++)
		strlist_add(&argv, args[i]);
	argv_flag_remove(&argv, flag, alias, takes, &out);
	for (i = 0; i < out.n; i++) {
		strcat(got, i > 0 ? " " : "");
		strcat(got, out.v[i]);
	}
	assert_string_equal(got, want);
	strlist_free(&argv);
	strlist_free(&out);
}

#define REMOVED(want, flag, alias, takes, ...) do {			\
	const char *const a_[] = { "dockerd", __VA_ARGS__ };		\
	removed(a_, nitems(a_), flag, alias, takes, want);		\
} while (0)

/* Every form argv_flag_values() reads is dropped, its value with it. */
static void
test_dockerd_flag_remove(void **state)
{
	(void)state;
	REMOVED("dockerd -H fd://", "--log-level", "-l", 1, "-H", "fd://",
	    "--log-level=debug");
	REMOVED("dockerd -H fd://", "--log-level", "-l", 1, "--log-level",
	    "debug", "-H", "fd://");
	REMOVED("dockerd -D", "--log-level", "-l", 1, "-l", "warn", "-D",
	    "-lwarn", "-l=error", "-log-level=info");
	REMOVED("dockerd --log-driver=syslog", "--log-level", "-l", 1,
	    "--log-driver=syslog");
	REMOVED("dockerd -H a", "--insecure-registry", NULL, 1,
	    "--insecure-registry", "10.0.0.0/8", "-H", "a",
	    "--insecure-registry=10.1.0.0/16");
	REMOVED("dockerd --iptables=false", "--icc", NULL, 0, "--icc",
	    "--iptables=false", "--icc=false");
	REMOVED("dockerd -- -D", "--debug", "-D", 0, "-D", "--", "-D");
	REMOVED("dockerd", "--log-level", "-l", 1, "--log-level");
}

static void
test_path_base(void **state)
{
	(void)state;
	assert_string_equal(path_base("/usr/bin/dockerd"), "dockerd");
	assert_string_equal(path_base("dockerd"), "dockerd");
	assert_string_equal(path_base("/x/"), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audit_lines),
		cmocka_unit_test(test_dockerd_flags),
		cmocka_unit_test(test_dockerd_flag_remove),
		cmocka_unit_test(test_path_base),
	};

	TAP_RUN(tests);
}
