/*
 * The TOML reader (lib/toml.c): the shapes Podman's files use, each
 * value's JSON, and the errors with their line and column.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "lib/toml.h"

static json_t *
load(const char *text)
{
	char	*cause = NULL;
	json_t	*j = toml_load(text, strlen(text), &cause);

	if (j == NULL)
		fail_msg("%s", cause);
	return j;
}

static void
expect(const char *text, const char *json)
{
	json_t	*j = load(text), *want;
	char	*got;

	want = json_loads(json, 0, NULL);
	assert_non_null(want);
	got = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	if (!json_equal(j, want))
		fail_msg("%s: got %s, want %s", text, got, json);
	free(got);
	json_decref(j);
	json_decref(want);
}

static void
refuse(const char *text, const char *where, const char *what)
{
	char	*cause = NULL;
	json_t	*j = toml_load(text, strlen(text), &cause);

	if (j != NULL) {
		json_decref(j);
		fail_msg("accepted: %s", text);
	}
	if (strncmp(cause, where, strlen(where)) != 0 ||
	    strstr(cause, what) == NULL)
		fail_msg("%s: cause \"%s\", want \"%s ...%s...\"", text, cause,
		    where, what);
	free(cause);
}

static void
test_shapes(void **state)
{
	(void)state;
	expect("", "{}");
	expect("# only a comment\n\n", "{}");
	expect("[containers]\nuserns = \"host\"\npids_limit = 2048\n",
	    "{\"containers\":{\"userns\":\"host\",\"pids_limit\":2048}}");
	expect("[engine]\nno_pivot_root = false  # trailing comment\n"
	    "[engine.runtimes]\nrunc = [\"/usr/bin/runc\",\n  # c\n"
	    "  \"/usr/sbin/runc\",\n]\n",
	    "{\"engine\":{\"no_pivot_root\":false,\"runtimes\":{\"runc\":"
	    "[\"/usr/bin/runc\",\"/usr/sbin/runc\"]}}}");
	expect("[[registry]]\nlocation = \"a\"\ninsecure = true\n"
	    "[[registry]]\nlocation = 'b\\c'\n[[registry.mirror]]\n"
	    "location = \"m\"\n",
	    "{\"registry\":[{\"location\":\"a\",\"insecure\":true},"
	    "{\"location\":\"b\\\\c\",\"mirror\":[{\"location\":\"m\"}]}]}");
	expect("a.b.c = 1\n\"quoted key\" = -2_000\nf = 1.5\nh = 0x1f\n",
	    "{\"a\":{\"b\":{\"c\":1}},\"quoted key\":-2000,\"f\":1.5,"
	    "\"h\":31}");
	expect("t = { x = 1, y = \"z\" }\nd = 1979-05-27 07:32:00Z\n",
	    "{\"t\":{\"x\":1,\"y\":\"z\"},\"d\":\"1979-05-27 07:32:00Z\"}");
	expect("s = \"tab\\there \\u00e9\"\nm = \"\"\"\nline1\nline2\"\"\"\n"
	    "l = '''\nraw \\n'''\n",
	    "{\"s\":\"tab\\there \\u00e9\",\"m\":\"line1\\nline2\","
	    "\"l\":\"raw \\\\n\"}");
	expect("default_ulimits = [\n \"nofile=1024:2048\",\n]\n",
	    "{\"default_ulimits\":[\"nofile=1024:2048\"]}");
}

static void
test_errors(void **state)
{
	(void)state;
	refuse("a = 1\na = 2\n", "2:", "set twice");
	refuse("[t]\nx = \"open\n", "2:", "unterminated string");
	refuse("x = [1, 2\n", "2:", "was expected in the array");
	refuse("x = yes\n", "1:5:", "not a TOML value");
	refuse("x = 1 2\n", "1:7:", "after the value");
	refuse("= 1\n", "1:1:", "a key was expected");
	refuse("[t\nx = 1\n", "1:3:", "was expected after the table name");
	refuse("a = 1\n[a]\n", "2:", "already a value");
	refuse("a = \"\\q\"\n", "1:", "unknown escape");
	refuse("x\n", "1:2:", "\"=\" was expected");
}

static void
test_depth(void **state)
{
	char	text[200];
	size_t	i, n = 0;

	(void)state;
	n += (size_t)snprintf(text, sizeof text, "x = ");
	for (i = 0; i < TOML_DEPTH_MAX + 2; i++)
		text[n++] = '[';
	text[n] = '\0';
	refuse(text, "1:", "nested deeper than");
}

/* Podman's own files on this machine, when the package is there. */
static void
test_real_files(void **state)
{
	static const char *const files[] = {
	    "/usr/share/containers/containers.conf",
	    "/etc/containers/registries.conf",
	    "/etc/containers/libpod.conf",
	};
	char	*data, *cause = NULL;
	json_t	*j;
	size_t	 i, len, seen = 0;
	FILE	*fp;

	(void)state;
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		if ((fp = fopen(files[i], "rb")) == NULL)
			continue;
		data = malloc(1 << 20);
		assert_non_null(data);
		len = fread(data, 1, (1 << 20) - 1, fp);
		fclose(fp);
		if ((j = toml_load(data, len, &cause)) == NULL)
			fail_msg("%s:%s", files[i], cause);
		json_decref(j);
		free(data);
		seen++;
	}
	if (seen == 0)
		skip();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_real_files),
	};

	TAP_RUN(tests);
}
