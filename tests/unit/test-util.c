/*
 * Mode strings, text sanitising (what keeps escapes off a terminal and
 * invalid UTF-8 out of JSON) and the SHA-256 of the benchmark digest.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "lib/util.h"

static void
test_mode_parse(void **state)
{
	(void)state;
	assert_int_equal(mode_parse("0644"), 0644);
	assert_int_equal(mode_parse("644"), 0644);
	assert_int_equal(mode_parse("0"), 0);
	assert_int_equal(mode_parse("7777"), 07777);
	assert_int_equal(mode_parse("04755"), 04755);
	assert_int_equal(mode_parse("0844"), -1);
	assert_int_equal(mode_parse("rw-r--r--"), -1);
	assert_int_equal(mode_parse(""), -1);
	assert_int_equal(mode_parse("017777"), -1);
	assert_int_equal(mode_parse("0x1ff"), -1);
	assert_int_equal(mode_parse("-644"), -1);
	assert_int_equal(mode_parse(NULL), -1);
}

static void
test_mode_format(void **state)
{
	char	buf[8];

	(void)state;
	mode_format(0100644, buf);
	assert_string_equal(buf, "0644");
	mode_format(04755, buf);
	assert_string_equal(buf, "4755");
	mode_format(0, buf);
	assert_string_equal(buf, "0000");
}

static void
check_sanitize(const char *in, size_t len, size_t max, const char *want)
{
	char	*out = text_sanitize(in, len, max);

	assert_string_equal(out, want);
	free(out);
}

static void
test_sanitize(void **state)
{
	(void)state;
	check_sanitize("web", 3, 100, "web");
	check_sanitize("a\033[2Jb", 6, 100, "a\\x1b[2Jb");
	check_sanitize("tab\there", 8, 100, "tab\\there");
	check_sanitize("bad\xff", 4, 100, "bad\\xff");
	check_sanitize("caf\xc3\xa9", 5, 100, "caf\xc3\xa9");
	check_sanitize("\xc2\x9b" "31m", 5, 100, "\\u009b31m");	/* C1 CSI */
	check_sanitize("\xed\xa0\x80", 3, 100, "\\xed\\xa0\\x80"); /* surrogate */
	check_sanitize("\xc0\xaf", 2, 100, "\\xc0\\xaf");	/* overlong */
	check_sanitize("abcdef", 6, 3, "abc...[truncated]");
	check_sanitize("a\0b", 3, 100, "a\\x00b");
}

static void
test_sha256(void **state)
{
	char	hex[65];
	char	*big;

	(void)state;
	sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	/* 56 bytes: the padding spills into a second block. */
	sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1");
	big = malloc(1000000);
	memset(big, 'a', 1000000);
	sha256_hex(big, 1000000, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
	free(big);
}

static void
test_strlist(void **state)
{
	struct strlist	l = { NULL, 0 };

	(void)state;
	strlist_split(&l, "  a,b ,, c ", ", ");
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0], "a");
	assert_string_equal(l.v[2], "c");
	assert_null(l.v[3]);
	assert_true(strlist_has(&l, "b"));
	assert_false(strlist_has(&l, "d"));
	strlist_free(&l);
}

static void
test_buf_cap(void **state)
{
	struct buf	b;

	(void)state;
	buf_init(&b, 5);
	assert_int_equal(buf_append(&b, "abc", 3), 0);
	assert_int_equal(buf_append(&b, "def", 3), -1);
	assert_true(b.toobig);
	assert_int_equal(buf_append(&b, "d", 1), -1);	/* stays failed */
	assert_string_equal(buf_cstr(&b), "abc");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mode_parse),
		cmocka_unit_test(test_mode_format),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_strlist),
		cmocka_unit_test(test_buf_cap),
	};

	TAP_RUN(tests);
}
