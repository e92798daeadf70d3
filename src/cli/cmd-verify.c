/*
 * dockaudit verify FILE [--signers FILE]: is FILE what its FILE.sig (an
 * OpenSSH signature in the dockaudit namespace, written by --sign)
 * signed, and by whom? Then, for a JSON record, what the record claims.
 * The same check as `ssh-keygen -Y verify -n dockaudit`, for an auditor
 * who has neither the key's name nor ssh-keygen at hand.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cmd.h"
#include "report/report.h"
#include "lib/sshsig.h"
#include "lib/util.h"

/* A string of the record, made safe for a terminal (a copy). */
static char *
claim(json_t *report, const char *ptr)
{
	const char	*s = json_string_value(json_pointer_get(report, ptr));

	if (s == NULL)
		return xstrdup("(not given)");
	return text_sanitize(s, strlen(s), 200);
}

static void
print_claims(json_t *report)
{
	json_t	*score = json_pointer_get(report, "/summary/score");
	json_t	*sw = json_pointer_get(report, "/summary/score_with_waivers");
	json_t	*gate = json_object_get(report, "gate");
	json_t	*passed = json_object_get(gate, "passed");
	json_t	*reasons = json_object_get(gate, "reasons"), *r;
	char	*id = claim(report, "/benchmark/id");
	char	*version = claim(report, "/benchmark/version");
	char	*host = claim(report, "/host/hostname");
	char	*started = claim(report, "/started"), *t;
	size_t	 i;

	printf("The signed report claims:\n");
	printf("  benchmark  %s %s\n", id, version);
	printf("  host       %s\n", host);
	printf("  started    %s\n", started);
	if (json_is_number(score))
		printf("  score      %.1f%% (%.1f%% with waivers)\n",
		    json_number_value(score), json_is_number(sw) ?
		    json_number_value(sw) : json_number_value(score));
	else
		printf("  score      none (no scored rule was evaluated)\n");
	if (!json_is_boolean(passed))
		printf("  gate       not recorded\n");
	else {
		printf("  gate       %s", json_is_true(passed) ? "passed" :
		    "failed");
		json_array_foreach(reasons, i, r) {
			if (!json_is_string(r))
				continue;
			t = text_sanitize(json_string_value(r),
			    strlen(json_string_value(r)), 200);
			printf("%s%s", i == 0 ? ": " : "; ", t);
			free(t);
		}
		printf("\n");
	}
	free(id);
	free(version);
	free(host);
	free(started);
}

static int
cmd_verify_exec(struct options *o, int argc, char **argv)
{
	struct sshsig_signer	 signer;
	struct buf		 data;
	json_t			*report;
	char			*sigpath, *cause = NULL;
	int			 rc = 2, found;

	if (argc != 1) {
		log_error("verify: give one file (verify FILE [--signers "
		    "allowed_signers])");
		return 2;
	}
	/* Read whole, so that what is verified is what is shown. */
	if (input_read(argv[0], REPORT_MAX, REPORT_WHAT, &data, &cause) ==
	    -1) {
		log_error("%s: %s", argv[0], cause);
		free(cause);
		return 2;
	}
	sigpath = xasprintf("%s.sig", argv[0]);
	if (sshsig_verify(argv[0], data.data, data.len, sigpath,
	    SSHSIG_NAMESPACE, &signer, &cause) == -1) {
		log_error("%s", cause);
		goto out;
	}
	if (o->signers != NULL) {
		found = sshsig_find_principals(o->signers, SSHSIG_NAMESPACE,
		    &signer, &cause);
		if (found == -1) {
			log_error("--signers %s", cause);
			goto out;
		}
		if (found == 1) {
			log_error("%s: signed by key %s, which %s does not "
			    "name for namespace %s", argv[0],
			    signer.fingerprint, o->signers, SSHSIG_NAMESPACE);
			goto out;
		}
		printf("%s: good signature by %s (ED25519 key %s)\n", argv[0],
		    signer.principals, signer.fingerprint);
	} else
		printf("%s: good signature by ED25519 key %s; the signer was "
		    "not checked: any key verifies without --signers "
		    "allowed_signers\n", argv[0], signer.fingerprint);
	rc = 0;
	report = json_loadb(data.data, data.len, JSON_REJECT_DUPLICATES,
	    NULL);
	if (report != NULL && report_is_record(report))
		print_claims(report);
	json_decref(report);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		log_error("cannot write to standard output");
		rc = 2;
	}
out:
	sshsig_signer_free(&signer);
	free(cause);
	free(sigpath);
	buf_free(&data);
	return rc;
}

const struct cmd_entry cmd_verify_entry = {
	.name = "verify",
	.id = CMD_VERIFY,
	.usage = "verify FILE [--signers FILE]",
	.help = "check a report's signature (FILE.sig, from --sign)",
	.exec = cmd_verify_exec,
};
