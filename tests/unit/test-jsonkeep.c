/*
 * The inspects' parser (jsonkeep.c) against its reference, jansson's whole
 * parse cut by json_keep_parts(): whenever the fast parser answers, it
 * answers the same, and it never accepts a text jansson refuses. A real
 * inspect, then hand-made traps, then thousands of mutations of it.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "sources/jsonkeep.h"

#define INSPECT TOP_SRCDIR "/tests/cases/cis-5-containers/fixture/api/" \
	"containers/8b51ac5ca03b0a599e3951a7825c5e6028b62a6c82c9565b3d6a3660d2c7fd00" \
	"/json.json"

/* The parts the CIS benchmark keeps (two segments, as cmd-audit.c cuts). */
static const char *const cis_keep[] = {
	"/AppArmorProfile", "/Config/Healthcheck", "/Config/User",
	"/HostConfig/CapAdd", "/HostConfig/CgroupParent", "/HostConfig/Devices",
	"/HostConfig/Privileged", "/HostConfig/RestartPolicy",
	"/HostConfig/SecurityOpt", "/HostConfig/Ulimits", "/Mounts",
	"/NetworkSettings/Ports", "/State/Pid", "/Id", "/Name", "/Image",
	NULL
};

static struct strlist	 pointers;
static struct json_keep	*keep;

static char *
slurp(const char *path, size_t *len)
{
	FILE	*fp = fopen(path, "rb");
	char	*data;
	long	 n;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	rewind(fp);
	data = malloc((size_t)n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	data[n] = '\0';
	*len = (size_t)n;
	return data;
}

static void
use(const char *const *ptrs)
{
	size_t	i;

	json_keep_free(keep);
	strlist_free(&pointers);
	for (i = 0; ptrs[i] != NULL; i++)
		strlist_add(&pointers, ptrs[i]);
	keep = json_keep_new(&pointers);
}

/*
 * Both parsers on one text, as an object or as a list: the fast one may
 * step aside (NULL), never disagree. Returns 1 when it answered.
 */
static int
agree_as(const char *text, size_t len, int list)
{
	json_error_t	 jerr;
	json_t		*doc, *want, *got;
	int		 answered;

	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	got = list ? json_keep_parse_list(keep, text, len) :
	    json_keep_parse(keep, text, len);
	answered = got != NULL;
	if (doc == NULL && got != NULL) {
		char *s = json_dumps(got, JSON_COMPACT);

		fail_msg("accepted what jansson refuses (%s): %.*s -> %s",
		    jerr.text, (int)(len < 200 ? len : 200), text, s);
	}
	if (got != NULL) {
		want = list ? json_keep_list_parts(doc, &pointers) :
		    json_keep_parts(doc, &pointers);
		if (!json_equal(want, got)) {
			char *a = json_dumps(want, JSON_COMPACT);
			char *b = json_dumps(got, JSON_COMPACT);

			fail_msg("differs: want %s, got %s", a, b);
		}
		json_decref(want);
	}
	json_decref(doc);
	json_decref(got);
	return answered;
}

static int
agree(const char *text, size_t len)
{
	return agree_as(text, len, 0);
}

static int
agree_str(const char *text)
{
	return agree(text, strlen(text));
}

static void
test_real_inspect(void **state)
{
	json_t	*got;
	char	*text;
	size_t	 len;

	(void)state;
	use(cis_keep);
	text = slurp(INSPECT, &len);
	assert_int_equal(agree(text, len), 1);
	got = json_keep_parse(keep, text, len);
	assert_true(json_is_boolean(json_object_get(json_object_get(got,
	    "HostConfig"), "Privileged")));
	assert_string_equal(json_string_value(json_object_get(got, "Id")),
	    "8b51ac5ca03b0a599e3951a7825c5e6028b62a6c82c9565b3d6a3660d2c7fd00");
	assert_null(json_object_get(got, "GraphDriver"));
	assert_null(json_object_get(json_object_get(got, "HostConfig"),
	    "Memory"));
	json_decref(got);
	free(text);
}

static void
test_shapes(void **state)
{
	static const char *const ptrs[] = { "/a/b", "/a", "/c/d", "/e/f/g",
	    "/h", NULL };

	(void)state;
	use(ptrs);
	/* A pointer and its parent: the whole parent, as the reference. */
	assert_int_equal(agree_str("{\"a\":{\"b\":1,\"x\":[1,2]},\"z\":0}"), 1);
	/* Objects on the way exist only when something is under them. */
	assert_int_equal(agree_str("{\"c\":{\"x\":1},\"e\":{\"f\":{}}}"), 1);
	assert_int_equal(agree_str("{\"c\":5,\"e\":[1],\"h\":null}"), 1);
	assert_int_equal(agree_str("{\"e\":{\"f\":{\"g\":\"\\u00e9\\n\"}}}"),
	    1);
	assert_int_equal(agree_str(" {}\n"), 1);
	assert_int_equal(agree_str("{\"h\":{\"x\":{\"y\":[{\"k\":-0.5}]}}}"),
	    1);
	assert_int_equal(agree_str("{\"x\":\"caf\xc3\xa9 \xf0\x9f\x90\xb3\"}"),
	    1);
	assert_int_equal(agree_str("{\"x\":\"\\ud83d\\udc33\"}"), 1);
}

/* Each is refused by jansson or steps aside: never answered wrongly. */
static void
test_traps(void **state)
{
	static const char *const ptrs[] = { "/a/b", "/h", NULL };
	static const char *const bad[] = {
		"{\"a\":1,\"a\":2}",			/* duplicate, read */
		"{\"q\":{\"k\":1,\"k\":2}}",		/* duplicate, skipped */
		"{\"q\":{\"k1\":1,\"k2\":1,\"k3\":1,\"k4\":1,\"k5\":1,"
		    "\"k6\":1,\"k7\":1,\"k8\":1,\"k9\":1,\"k5\":1}}",
		"{\"q\":\"\xff\"}",			/* invalid UTF-8 */
		"{\"q\":\"\xc0\xaf\"}",			/* overlong */
		"{\"q\":\"\xed\xa0\x80\"}",		/* surrogate in UTF-8 */
		"{\"q\":\"\xf4\x90\x80\x80\"}",		/* above U+10FFFF */
		"{\"q\":\"\xe2\x82\"}",			/* cut sequence */
		"{\"q\":\"a\tb\"}",			/* control byte */
		"{\"q\":\"\\ud800\"}",			/* lone surrogate */
		"{\"q\":\"\\udc00\\ud800\"}",
		"{\"q\":\"\\u0000\"}",			/* NUL */
		"{\"q\":\"\\x\"}",
		"{\"q\":\"\\u12g4\"}",
		"{\"q\":1} x",				/* trailing */
		"{\"q\":1",				/* truncated */
		"{\"q\":\"abc",
		"[{\"h\":1}]",				/* not an object */
		"{\"q\":99999999999999999999}",		/* too big */
		"{\"q\":1e999}",
		"{\"q\":01}", "{\"q\":1.}", "{\"q\":.5}", "{\"q\":-}",
		"{\"q\":+1}", "{\"q\":tru}", "{\"q\":nul}", "{\"q\":truex}",
		"{\"q\":[1,]}", "{\"q\":1,}", "{,}", "{\"q\" 1}", "{q:1}",
		"{\"\\u0061\":1,\"a\":2}",		/* escaped key */
		"{\"h\":\"x\",\"h\":\"y\"}",
		"", "   ", "{\"q\":\"\0\"}",
	};
	size_t	i;
	char	deep[4300];

	(void)state;
	use(ptrs);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(agree_str(bad[i]), 0);
	assert_int_equal(agree("{\"q\":\"\0\"}", 9), 0);
	/* Deeper than the fast parser goes: jansson decides. */
	memset(deep, 0, sizeof deep);
	strcpy(deep, "{\"h\":");
	for (i = 0; i < 2100; i++)
		strcat(deep, "[");
	for (i = 0; i < 2100; i++)
		strcat(deep, "]");
	strcat(deep, "}");
	assert_int_equal(agree_str(deep), 0);
}

/* Pointers it cannot build by itself: it always steps aside. */
static void
test_unusable(void **state)
{
	static const char *const tilde[] = { "/a~1b", NULL };
	static const char *const whole[] = { "", NULL };
	static const char *const arr[] = { "/a/0", NULL };

	(void)state;
	use(tilde);
	assert_int_equal(agree_str("{\"a/b\":1}"), 0);
	use(whole);
	assert_int_equal(agree_str("{\"a\":1}"), 0);
	use(arr);
	assert_int_equal(agree_str("{\"a\":[1]}"), 0);
	assert_int_equal(agree_str("{\"a\":{\"0\":1}}"), 1);
}

#define LIST TOP_SRCDIR "/tests/cases/cis-5-containers/fixture/api/" \
	"containers/json.json"

static int
agree_list(const char *text, size_t len)
{
	return agree_as(text, len, 1);
}

static int
agree_list_str(const char *text)
{
	return agree_list(text, strlen(text));
}

static void
test_lists(void **state)
{
	static const char *const ptrs[] = { "/Id", "/Names", "/State",
	    "/Labels", NULL };
	json_t	*got;
	char	*text;
	size_t	 len, i;

	(void)state;
	use(ptrs);
	text = slurp(LIST, &len);
	assert_int_equal(agree_list(text, len), 1);
	got = json_keep_parse_list(keep, text, len);
	assert_true(json_array_size(got) > 3);
	for (i = 0; i < json_array_size(got); i++) {
		json_t *el = json_array_get(got, i);

		assert_non_null(json_string_value(json_object_get(el, "Id")));
		assert_null(json_object_get(el, "Ports"));
		assert_null(json_object_get(el, "Command"));
	}
	json_decref(got);
	free(text);
	assert_int_equal(agree_list_str("[]"), 1);
	assert_int_equal(agree_list_str(" [ {} , {\"Id\":\"x\",\"Q\":1} ] "),
	    1);
	assert_int_equal(agree_list_str("[{\"Id\":1},2]"), 0);
	assert_int_equal(agree_list_str("{\"Id\":1}"), 0);
	assert_int_equal(agree_list_str("[{\"Id\":1},]"), 0);
	assert_int_equal(agree_list_str("[{\"Id\":1,\"Id\":2}]"), 0);
	assert_int_equal(agree_list_str("[{\"Id\":1}] ["), 0);
	assert_int_equal(agree_list_str("[{\"Q\":\"\xff\"}]"), 0);
}

/* Thousands of damaged inspects: same answers, or a step aside. */
static void
test_mutations(void **state)
{
	static const char	 bytes[] = "\"\\{}[],:0-.eEu \xff\xc3\x80\n\t";
	unsigned int		 seed = 12345;
	char			*text, *m;
	size_t			 len, mlen, i, pos, answered = 0;
	int			 j, edits;

	(void)state;
	use(cis_keep);
	text = slurp(INSPECT, &len);
	m = malloc(len + 16);
	assert_non_null(m);
	for (i = 0; i < 3000; i++) {
		memcpy(m, text, len);
		mlen = len;
		edits = 1 + (int)(rand_r(&seed) % 3);
		for (j = 0; j < edits; j++) {
			pos = (size_t)rand_r(&seed) % mlen;
			switch (rand_r(&seed) % 3) {
			case 0:
				m[pos] = bytes[rand_r(&seed) % (sizeof bytes - 1)];
				break;
			case 1:
				memmove(m + pos, m + pos + 1, mlen - pos - 1);
				mlen--;
				break;
			default:
				memmove(m + pos + 1, m + pos, mlen - pos);
				m[pos] = bytes[rand_r(&seed) % (sizeof bytes - 1)];
				mlen++;
				break;
			}
		}
		answered += (size_t)agree(m, mlen);
	}
	/* Most damage lands in parts nobody reads, and is still found. */
	print_message("# %zu of 3000 answered by the fast parser\n", answered);
	assert_true(answered > 100);
	free(m);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_inspect),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_traps),
		cmocka_unit_test(test_unusable),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_mutations),
	};
	int	rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	cmocka_set_message_output(CM_OUTPUT_TAP);
	rc = cmocka_run_group_tests(tests, NULL, NULL) != 0;
	json_keep_free(keep);
	strlist_free(&pointers);
	return rc;
}
