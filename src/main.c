/*
 * dockaudit: audit a container host against a security benchmark.
 * Finds the subcommand (audit by default), parses its options and
 * checks the rules between them (cli/options.c), and runs it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "cli/cmd.h"
#include "lib/util.h"

int
main(int argc, char **argv)
{
	const struct cmd_entry	*cmd = &cmd_audit_entry;
	struct options		 o;
	const char		*nc = getenv("NO_COLOR");
	int			 rc, first;

	setvbuf(stdout, NULL, _IOLBF, 0);
	options_init(&o);
	if (argc > 1 && argv[1][0] != '-') {
		if ((cmd = cmd_find(argv[1])) == NULL)
			return 2;
		argv++;
		argc--;
	}
	if ((rc = options_parse(cmd, &o, argc, argv, &first)) != 0) {
		rc = rc == 1 ? 0 : 2;
		goto done;
	}
	o.color = o.color != 0 && (nc == NULL || *nc == '\0') &&
	    isatty(STDOUT_FILENO) && strcmp(o.format, "text") == 0;
	log_set_quiet(o.quiet);
	/* Also the TLS library's: GnuTLS did it on loading, OpenSSL would here. */
	if (curl_global_init(CURL_GLOBAL_NOTHING) != 0)
		fatal("cannot initialise libcurl");
	rc = cmd->exec(&o, argc - first, argv + first);
	curl_global_cleanup();
done:
	options_free(&o);
	return rc;
}
