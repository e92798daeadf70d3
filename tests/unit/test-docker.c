/*
 * The Docker client's decisions that need no daemon: API versions as
 * numbers, error bodies in JSON or plain text, and the endpoint and TLS
 * settings the docker CLI would pick from -H and the environment.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sources/docker.h"
#include "tap.h"

static void
test_version_cmp(void **state)
{
	(void)state;
	assert_true(docker_version_cmp("1.41", "1.9") > 0);
	assert_true(docker_version_cmp("1.9", "1.41") < 0);
	assert_int_equal(docker_version_cmp("1.41", "1.41"), 0);
	assert_true(docker_version_cmp("2.0", "1.99") > 0);
	assert_true(docker_version_cmp("1.24", "1.41") < 0);
}

static void
test_error_message(void **state)
{
	char	*m;
	const char *plain = "client version 1.12 is too old. Minimum "
	    "supported API version is 1.24, please upgrade your client\n";

	(void)state;
	m = docker_error_message("{\"message\":\"No such container: x\"}", 34);
	assert_string_equal(m, "No such container: x");
	free(m);
	m = docker_error_message(plain, strlen(plain));
	assert_string_equal(m, "client version 1.12 is too old. Minimum "
	    "supported API version is 1.24, please upgrade your client");
	free(m);
	m = docker_error_message("\033[31mred\n", 9);
	assert_string_equal(m, "\\x1b[31mred");
	free(m);
}

static struct docker *
open_with(const char *host)
{
	struct docker_opts	o = { host, 1000, 1000, 1 << 20, 4, NULL, 0 };
	char			*cause = NULL;
	struct docker		*d = docker_new(&o, &cause);

	if (d == NULL)
		fail_msg("docker_new(%s): %s", host, cause);
	return d;
}

static void
test_endpoints(void **state)
{
	struct docker_opts	 o = { NULL, 1000, 1000, 1 << 20, 4, NULL, 0 };
	struct docker		*d;
	char			*cause = NULL;

	(void)state;
	unsetenv("DOCKER_HOST");
	unsetenv("XDG_RUNTIME_DIR");
	d = open_with(NULL);
	/* Either the system socket or, where it is absent, nothing else. */
	assert_string_equal(docker_endpoint(d), "unix:///var/run/docker.sock");
	docker_free(d);
	setenv("DOCKER_HOST", "unix:///tmp/from-env.sock", 1);
	d = open_with(NULL);
	assert_string_equal(docker_endpoint(d), "unix:///tmp/from-env.sock");
	docker_free(d);
	d = open_with("unix:///tmp/from-option.sock");	/* -H wins */
	assert_string_equal(docker_endpoint(d), "unix:///tmp/from-option.sock");
	docker_free(d);
	unsetenv("DOCKER_HOST");
	o.host = "ssh://user@host";
	assert_null(docker_new(&o, &cause));
	assert_non_null(strstr(cause, "unsupported Docker endpoint"));
	free(cause);
	cause = NULL;
	o.host = "unix://relative.sock";
	assert_null(docker_new(&o, &cause));
	free(cause);
}

static void
test_rootless_socket(void **state)
{
	char	 dir[] = "/tmp/dockaudit-xdg-XXXXXX", *sock;
	FILE	*fp;
	struct docker *d;

	(void)state;
	assert_non_null(mkdtemp(dir));
	sock = malloc(strlen(dir) + 16);
	sprintf(sock, "%s/docker.sock", dir);
	fp = fopen(sock, "w");
	fclose(fp);
	setenv("XDG_RUNTIME_DIR", dir, 1);
	unsetenv("DOCKER_HOST");
	d = open_with(NULL);
	/* On a Docker host the system socket is there, and it wins; else the
	 * user's rootless one: either way the rule, never a skip. */
	if (access("/var/run/docker.sock", F_OK) == 0)
		assert_string_equal(docker_endpoint(d),
		    "unix:///var/run/docker.sock");
	else
		assert_non_null(strstr(docker_endpoint(d), dir));
	docker_free(d);
	unsetenv("XDG_RUNTIME_DIR");
	unlink(sock);
	rmdir(dir);
	free(sock);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_cmp),
		cmocka_unit_test(test_error_message),
		cmocka_unit_test(test_endpoints),
		cmocka_unit_test(test_rootless_socket),
	};

	TAP_RUN(tests);
}
