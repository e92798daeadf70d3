/*
 * dockaudit image ARCHIVE...: container images audited from their
 * archives (docker save, podman save, an OCI image layout), without a
 * daemon, against section 4 of the benchmark: an audit whose one engine
 * is the archives (audit/audit.h, sources/source-image.c), reported,
 * gated, waived, compared and kept in a history as a host's.
 */
#include <stdlib.h>

#include "cli/cmd.h"
#include "lib/util.h"

static int
cmd_image_exec(struct options *o, int argc, char **argv)
{
	struct strlist	archives = { NULL, 0 };
	int		i, rc;

	if (argc == 0) {
		log_error("give the image archives to audit: dockaudit image "
		    "ARCHIVE... (a docker save or podman save tar, or an OCI "
		    "image layout)");
		return 2;
	}
	for (i = 0; i < argc; i++)
		strlist_add(&archives, argv[i]);
	rc = cmd_audit_run(o, &archives);
	strlist_free(&archives);
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
