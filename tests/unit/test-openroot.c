/*
 * openat_in_root: the emulation used where openat2 is missing must resolve
 * every path exactly as openat2(RESOLVE_IN_ROOT) does (same file, or same
 * errno), on a tree of absolute, relative, climbing, looping and dangling
 * symlinks; and an absolute symlink must never lead out of the root.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "sources/openroot.h"
#include "lib/util.h"

static char	root[] = "/tmp/dockaudit-openroot-XXXXXX";
static int	rootfd = -1;

static void
put(const char *rel, const char *text)
{
	char	*p = xasprintf("%s/%s", root, rel);
	FILE	*fp = fopen(p, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(p);
}

static void
link_(const char *target, const char *rel)
{
	char	*p = xasprintf("%s/%s", root, rel);

	assert_int_equal(symlink(target, p), 0);
	free(p);
}

static void
dir(const char *rel)
{
	char	*p = xasprintf("%s/%s", root, rel);

	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static int
setup(void **state)
{
	(void)state;
	if (mkdtemp(root) == NULL)
		return -1;
	dir("etc");
	dir("etc/docker");
	put("etc/docker/daemon.json", "inside");
	put("file", "a file");
	link_("/etc/docker", "abs");
	link_("etc/../etc/docker", "rel");
	link_("../../../../etc", "up");
	link_("loop2", "loop1");
	link_("loop1", "loop2");
	link_("/nonexistent", "dangling");
	link_("etc", "dirlink");
	link_("/", "slash");
	link_("../etc/docker/daemon.json", "etc/json");
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return rootfd == -1 ? -1 : 0;
}

static int
teardown(void **state)
{
	const char *const rm[] = { "etc/json", "slash", "dirlink", "dangling",
	    "loop2", "loop1", "up", "rel", "abs", "file",
	    "etc/docker/daemon.json" };
	size_t	i;
	char	*p;

	(void)state;
	for (i = 0; i < sizeof rm / sizeof rm[0]; i++) {
		p = xasprintf("%s/%s", root, rm[i]);
		unlink(p);
		free(p);
	}
	p = xasprintf("%s/etc/docker", root);
	rmdir(p);
	free(p);
	p = xasprintf("%s/etc", root);
	rmdir(p);
	free(p);
	rmdir(root);
	close(rootfd);
	return 0;
}

static const char *const paths[] = {
	"/abs/daemon.json", "abs/daemon.json", "/rel/daemon.json",
	"/up/docker/daemon.json", "/../../etc/docker/daemon.json",
	"/loop1", "/dangling", "/file/x", "/", "", "/dirlink/../file",
	"/abs", "/slash/slash/etc/json", "/etc/json", "/etc/./docker//",
	"/missing/x", "/etc/docker/daemon.json/..", "/file/", "/abs/",
	"/etc/json/", "/dirlink/", "/loop1/x", "/dangling/",
};

/* The same file (device and inode), or the same errno. */
static void
same_as_openat2(int flags)
{
	struct stat	a, b;
	size_t		i;
	int		fa, fb, ea, eb;

	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		errno = 0;
		fa = openat_in_root(rootfd, paths[i], flags);
		ea = errno;
		errno = 0;
		fb = openat_in_root_emulated(rootfd, paths[i], flags);
		eb = errno;
		if ((fa == -1) != (fb == -1) || (fa == -1 && ea != eb))
			fail_msg("%s (flags %#x): openat2 %d/%s, emulation "
			    "%d/%s", paths[i], flags, fa, strerror(ea), fb,
			    strerror(eb));
		if (fa != -1) {
			assert_int_equal(fstat(fa, &a), 0);
			assert_int_equal(fstat(fb, &b), 0);
			if (a.st_dev != b.st_dev || a.st_ino != b.st_ino)
				fail_msg("%s: not the same file", paths[i]);
			close(fa);
			close(fb);
		}
	}
}

static void
test_same_read(void **state)
{
	(void)state;
	same_as_openat2(O_RDONLY);
}

static void
test_same_path_nofollow(void **state)
{
	(void)state;
	same_as_openat2(O_PATH | O_NOFOLLOW);
}

static void
test_stays_inside(void **state)
{
	char	buf[16];
	ssize_t	n;
	int	fd;

	(void)state;
	fd = openat_in_root_emulated(rootfd, "/abs/daemon.json", O_RDONLY);
	assert_true(fd != -1);
	n = read(fd, buf, sizeof buf - 1);
	assert_int_equal(n, 6);
	buf[n] = '\0';
	assert_string_equal(buf, "inside");
	close(fd);
	fd = openat_in_root_emulated(rootfd, "/up/docker/daemon.json",
	    O_RDONLY);
	assert_true(fd != -1);
	close(fd);
	errno = 0;
	assert_int_equal(openat_in_root_emulated(rootfd, "/loop1", O_RDONLY),
	    -1);
	assert_int_equal(errno, ELOOP);
	assert_int_equal(openat_in_root_emulated(rootfd, "/dangling",
	    O_RDONLY), -1);
	assert_int_equal(errno, ENOENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_read),
		cmocka_unit_test(test_same_path_nofollow),
		cmocka_unit_test(test_stays_inside),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown) != 0;
}
