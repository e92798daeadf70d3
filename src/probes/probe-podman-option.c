/*
 * podman-option: a setting of a Podman engine's effective configuration
 * (facts/podman.h: containers.conf merged in Podman's order,
 * storage.conf, registries.conf, policy.json), by JSON pointer, compared.
 * The Podman counterpart of daemon-option (section 2 on Podman engines,
 * 4.5's signature policy). A key no file sets is absent: Podman's
 * built-in default then applies, and the rule's comparison says what
 * that means (missing= or op="absent").
 */
#include <stdlib.h>
#include <string.h>

#include "facts/facts.h"
#include "facts/podman.h"
#include "probes/probe.h"
#include "lib/json.h"
#include "lib/util.h"

static const char *const probe_podman_option_attrs[] = {
	"file", "pointer", "when", "missing", NULL
};

/*
 * A pointer with a segment "*" (/registry/[*]/location, brackets ours):
 * the list of what "/location" designates in each element of the array
 * at "/registry" (those with when= true when given, e.g.
 * when="/insecure"); NULL when there is no such array.
 */
static json_t *
each_of(json_t *doc, const char *ptr, const char *when)
{
	const char	*star = strstr(ptr, "/*/");
	json_t		*arr, *el, *v, *out;
	char		*head;
	size_t		 i;

	head = xstrndup(ptr, (size_t)(star - ptr));
	arr = json_pointer_get(doc, head);
	free(head);
	if (!json_is_array(arr))
		return NULL;
	out = json_array();
	json_array_foreach(arr, i, el) {
		if (when != NULL && !json_is_true(json_pointer_get(el, when)))
			continue;
		if ((v = json_pointer_get(el, star + 2)) != NULL)
			json_array_append(out, v);
	}
	return out;
}

static int
probe_podman_option_prepare(struct check *c, char **cause)
{
	const char	*p = check_attr(c, "pointer");

	if (podman_file_find(check_attr(c, "file")) == -1) {
		*cause = xasprintf("file \"%s\" is not one of containers.conf, "
		    "storage.conf, registries.conf, policy.json",
		    check_attr(c, "file"));
		return -1;
	}
	if (*p != '\0' && *p != '/') {
		*cause = xasprintf("pointer \"%s\" must be empty or start "
		    "with /", p);
		return -1;
	}
	if (check_attr(c, "when") != NULL && strstr(p, "/*/") == NULL) {
		*cause = xasprintf("when= needs a pointer with /*/ (\"%s\")",
		    p);
		return -1;
	}
	return 0;
}

static void
probe_podman_option_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	const char		*file = check_attr(c, "file");
	const char		*ptr = check_attr(c, "pointer");
	struct compare_say	 say = { NULL, NULL, NULL, NULL };
	struct cause		*cause = NULL;
	json_t			*val, *ev = json_object();
	char			*words, *what;

	if (facts_podman_value(ctx->facts, podman_file_find(file), strstr(ptr,
	    "/*/") != NULL ? "" : ptr, &val, ev, &cause) == -1) {
		verdict_because(v, STATUS_ERROR, cause);
		json_object_set_new(v->evidence, "podman", ev);
		return;
	}
	if (strstr(ptr, "/*/") != NULL) {
		json_t *doc = val;

		val = doc != NULL ? each_of(doc, ptr, check_attr(c, "when")) :
		    NULL;
		json_decref(doc);
	}
	words = json_pointer_words(ptr);
	say.what = what = xasprintf("%s in Podman's %s", words, file);
	say.target = words;
	say.source = json_array_size(json_object_get(ev, "files")) > 0 ?
	    json_string_value(json_array_get(json_object_get(ev, "files"),
	    json_array_size(json_object_get(ev, "files")) - 1)) : "no file read";
	json_object_set_new(ev, "file", json_string(file));
	json_object_set_new(ev, "pointer", evidence_string(ptr));
	json_object_set_new(ev, "value", val != NULL ? json_incref(val) :
	    json_null());
	if (val == NULL && check_attr(c, "missing") != NULL)
		verdict_set(v, probe_missing(c), "%s is not set (Podman's "
		    "default applies)", what);
	else
		probe_compare_said(c, &say, "value", val, v);
	json_object_set_new(v->evidence, "podman", ev);
	json_decref(val);
	free(words);
	free(what);
}

const struct probe_entry probe_podman_option_entry = {
	.name = "podman-option",
	.help = "a setting of a Podman engine's effective configuration "
	    "(containers.conf in Podman's order, storage.conf, "
	    "registries.conf, policy.json), by JSON pointer, compared",
	.attrs = probe_podman_option_attrs,
	.flags = PROBE_COMPARE,
	.prepare = probe_podman_option_prepare,
	.exec = probe_podman_option_exec,
};
