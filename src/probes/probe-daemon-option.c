/*
 * daemon-option: one setting of the effective dockerd configuration
 * (facts/daemon.c: argv of the dockerd serving the endpoint, its daemon.json,
 * /info), compared. Section 2 of the CIS Docker benchmark. The evidence is
 * the merged view: every place the setting could come from, and which won.
 */
#include <stdlib.h>
#include <string.h>

#include "facts/daemon.h"
#include "probes/probe.h"
#include "lib/util.h"

static const char *const probe_daemon_option_attrs[] = { "name", NULL };

static int
probe_daemon_option_prepare(struct check *c, char **cause)
{
	const char	*name = check_attr(c, "name");

	if (daemon_option_find(name) == NULL) {
		*cause = xasprintf("unknown daemon option \"%s\"", name);
		return -1;
	}
	return 0;
}

/* {source}: where the effective value came from (facts/daemon.c). */
static const char *
source_words(const char *from)
{
	if (strcmp(from, "argv") == 0)
		return "set on dockerd's command line";
	if (strcmp(from, "daemon.json") == 0)
		return "set in daemon.json";
	if (strcmp(from, "default") == 0)
		return "dockerd's default";
	if (strcmp(from, "unset") == 0)
		return "not set";
	return "as the daemon reports it";
}

static void
probe_daemon_option_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	const struct daemon_option *o = daemon_option_find(check_attr(c, "name"));
	struct compare_say	 say = { NULL, NULL, NULL, NULL };
	const char		*from;
	json_t			*val, *ev;
	struct cause		*cause = NULL;
	char			*what;

	ev = json_object();
	if (facts_daemon_value(ctx->facts, o, &val, &from, ev, &cause) == -1) {
		verdict_because(v, STATUS_ERROR, cause);
		json_object_set_new(v->evidence, "daemon", ev);
		return;
	}
	json_object_set_new(ev, "from", json_string(from));
	say.source = source_words(from);
	say.target = o->key;
	say.what = what = xasprintf("daemon option %s (%s)", o->key,
	    say.source);
	probe_compare_said(c, &say, "value", val, v);
	json_object_set_new(ev, "value", val != NULL ? json_incref(val) :
	    json_null());
	json_object_set_new(v->evidence, "daemon", ev);
	json_decref(val);
	free(what);
}

static void
probe_daemon_option_needs(const struct check *c, struct fact_needs *n)
{
	(void)c;
	fact_needs_add(&n->api, "/info");
}

const struct probe_entry probe_daemon_option_entry = {
	.name = "daemon-option",
	.help = "a setting of the effective dockerd configuration (argv, "
	    "daemon.json, /info), compared",
	.attrs = probe_daemon_option_attrs,
	.flags = PROBE_COMPARE,
	.prepare = probe_daemon_option_prepare,
	.needs = probe_daemon_option_needs,
	.exec = probe_daemon_option_exec,
};
