/*
 * group: the members of a group of the audited root: those listed in
 * /etc/group and the users whose primary group it is (/etc/passwd), which
 * the reference tool misses. Rule 1.1.2 compares them with the tailorable
 * trusted-docker-users.
 */
#include <stdlib.h>
#include <string.h>

#include "probes/probe.h"
#include "lib/util.h"

static const char *const probe_group_attrs[] = { "name", NULL };

static void
probe_group_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	const struct accounts	*groups, *users;
	const struct account	*g = NULL;
	const char		*name = check_attr(c, "name");
	struct strlist		 members = { NULL, 0 };
	json_t			*list;
	char			*what;
	size_t			 i;

	groups = facts_groups(ctx->facts);
	if (groups->err != 0) {
		if (groups->err == SOURCE_OFFLINE)
			probe_source_error(v, groups->err, NULL, groups->cause, c);
		else
			probe_error(v, groups->err, NULL, groups->cause);
		return;
	}
	for (i = 0; i < groups->n; i++) {
		if (strcmp(groups->v[i].name, name) == 0)
			g = &groups->v[i];
	}
	if (g == NULL) {
		verdict_set(v, STATUS_NA, "group %s does not exist", name);
		return;
	}
	for (i = 0; i < g->members.n; i++) {
		if (!strlist_has(&members, g->members.v[i]))
			strlist_add(&members, g->members.v[i]);
	}
	users = facts_users(ctx->facts);
	for (i = 0; i < users->n; i++) {
		if (users->v[i].gid == g->id &&
		    !strlist_has(&members, users->v[i].name))
			strlist_add(&members, users->v[i].name);
	}
	list = json_array();
	for (i = 0; i < members.n; i++)
		json_array_append_new(list, evidence_string(members.v[i]));
	what = xasprintf("members of group %s", name);
	json_object_set_new(v->evidence, "group", evidence_string(name));
	probe_compare(c, what, "members", list, v);
	json_object_set_new(v->evidence, "gid", json_integer(g->id));
	if (users->err != 0)
		json_object_set_new(v->evidence, "passwd_error",
		    evidence_string(users->cause));
	free(what);
	json_decref(list);
	strlist_free(&members);
}

const struct probe_entry probe_group_entry = {
	.name = "group",
	.help = "the members of a group (listed, or by primary group), "
	    "compared",
	.attrs = probe_group_attrs,
	.flags = PROBE_COMPARE,
	.prepare = NULL,
	.exec = probe_group_exec,
};
