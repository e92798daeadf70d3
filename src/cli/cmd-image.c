/*
 * dockaudit image ARCHIVE...: container images audited from their
 * archives (docker save, podman save, an OCI image layout), without a
 * daemon, against section 4 of the benchmark: an audit whose one engine
 * is the archives (audit/audit.h, sources/source-image.c), reported,
 * gated, waived, compared and kept in a history as a host's.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "lib/util.h"

/* dockaudit image audits section 4 (images): the rules -c names must be
 * in it, and without -c it is the whole section. */
static int
image_checks(const struct options *o, struct strlist *checks)
{
	size_t	i;

	for (i = 0; i < o->checks.n; i++) {
		if (strcmp(o->checks.v[i], "4") != 0 &&
		    strncmp(o->checks.v[i], "4.", 2) != 0) {
			log_error("-c %s: dockaudit image audits section 4 "
			    "(container images and build files) only",
			    o->checks.v[i]);
			return -1;
		}
		strlist_add(checks, o->checks.v[i]);
	}
	if (checks->n == 0)
		strlist_add(checks, "4");
	return 0;
}

static int
cmd_image_exec(struct options *o, int argc, char **argv)
{
	struct strlist	archives = { NULL, 0 }, checks = { NULL, 0 };
	int		i, rc = 2;

	if (argc == 0) {
		log_error("give the image archives to audit: dockaudit image "
		    "ARCHIVE... (a docker save or podman save tar, or an OCI "
		    "image layout)");
		return 2;
	}
	for (i = 0; i < argc; i++)
		strlist_add(&archives, argv[i]);
	if (image_checks(o, &checks) == 0)
		rc = cmd_audit_run(o, &archives, &checks);
	strlist_free(&archives);
	strlist_free(&checks);
	return rc;
}

const struct cmd_entry cmd_image_entry = {
	.name = "image",
	.id = CMD_IMAGE,
	.usage = "image ARCHIVE... [OPTIONS]",
	.help = "audit container images from their archives (section 4), "
	    "without a daemon",
	.exec = cmd_image_exec,
};
