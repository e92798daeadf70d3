/*
 * lsm: the active Linux security modules, from securityfs
 * (/sys/kernel/security/lsm) or, where securityfs is not mounted, from
 * /sys/module/apparmor and selinuxfs. Kernel benchmark; AppArmor and
 * SELinux applicability of rules 5.2 and 5.3.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probes/probe.h"
#include "lib/util.h"

static const char *const probe_lsm_attrs[] = { NULL };

static void
probe_lsm_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	struct source_stat	 st;
	struct strlist		 names = { NULL, 0 };
	const char		*data, *from;
	char			*cause = NULL, *text;
	json_t			*list;
	size_t			 len, i;
	int			 err;

	err = source_read(ctx->src, "/sys/kernel/security/lsm", &data, &len,
	    &cause);
	if (err == 0) {
		text = xstrndup(data, len);
		strlist_split(&names, text, ",\n");
		free(text);
		from = "/sys/kernel/security/lsm";
	} else if (err == ENOENT) {
		free(cause);
		cause = NULL;
		from = "/sys/module/apparmor/parameters/enabled, /sys/fs/selinux";
		if (source_read(ctx->src, "/sys/module/apparmor/parameters/"
		    "enabled", &data, &len, &cause) == 0 && len > 0 &&
		    data[0] == 'Y')
			strlist_add(&names, "apparmor");
		free(cause);
		cause = NULL;
		if (source_stat(ctx->src, "/sys/fs/selinux/enforce", 1, &st,
		    &cause) == 0)
			strlist_add(&names, "selinux");
	} else {
		probe_source_error(v, err, "/sys/kernel/security/lsm", cause, c);
		free(cause);
		return;
	}
	free(cause);
	list = json_array();
	for (i = 0; i < names.n; i++)
		json_array_append_new(list, evidence_string(names.v[i]));
	probe_compare(c, "active LSMs", "lsm", list, v);
	json_object_set_new(v->evidence, "lsm_source", json_string(from));
	json_decref(list);
	strlist_free(&names);
}

const struct probe_entry probe_lsm_entry = {
	.name = "lsm",
	.help = "the list of active Linux security modules, compared",
	.attrs = probe_lsm_attrs,
	.flags = PROBE_COMPARE,
	.prepare = NULL,
	.exec = probe_lsm_exec,
};
