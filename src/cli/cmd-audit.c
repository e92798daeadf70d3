/*
 * dockaudit [audit]: the options as an audit request (audit/audit.h), the
 * outputs checked before anything runs (exit 2, nothing audited) and
 * written atomically after, and the gate's code as the exit status.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "cli/cmd.h"
#include "facts/engines.h"
#include "report/history.h"
#include "lib/sshsig.h"
#include "lib/util.h"

static int
request_of(const struct options *o, const struct strlist *archives,
    const struct strlist *checks, struct audit_request *req,
    struct cmd_progress *prog)
{
	char	*cause = NULL;

	memset(req, 0, sizeof *req);
	if (o->engine != NULL && engine_kinds_parse(o->engine, &req->engines,
	    &cause) == -1) {
		log_error("--engine %s: %s", o->engine, cause);
		free(cause);
		return -1;
	}
	if (req->engines & ENGINE_MASK(ENGINE_IMAGE)) {
		log_error("--engine image: image archives are audited with "
		    "dockaudit image ARCHIVE...");
		return -1;
	}
	req->archives = archives;
	req->sel.checks = checks != NULL ? checks : &o->checks;
	/* Live, an unprivileged user audits its own rootless engines. */
	if (o->fixture == NULL && o->root == NULL)
		req->self_uid = geteuid();
	req->benchmark = o->benchmark;
	req->values = o->values;
	req->sel.level = o->level;
	req->sel.excludes = &o->excludes;
	req->fixture = o->fixture;
	req->root = o->root;
	req->docker.host = o->host;
	req->docker.image_layers = o->image_layers;
	req->docker.connect_ms = o->connect_ms;
	req->docker.timeout_ms = o->timeout_ms;
	req->filter = &o->filter;
	req->waivers = o->waivers;
	req->attestations = o->attestations;
	req->controls = o->controls;
	req->baseline = o->baseline;
	req->history = o->history;
	req->keep = o->keep;
	req->host_id = o->host_id;
	req->tags = &o->tags;
	req->gate = o->gate;
	cmd_progress_attach(o, req, prog);
	return 0;
}

/* The -o files and the history; then the text report, or the journal's
 * one line when there is a history. 2 when one could not be written. */
static int
write_all(const struct options *o, struct output_file *outs,
    struct audit *a, const struct sshsig_key *key, int rc)
{
	json_t			*report = audit_record(a);
	struct history		*hist = audit_history(a);
	char			*cause = NULL;

	if (outputs_write_signed(o, outs, report, key) == -1)
		rc = 2;
	if (hist != NULL) {
		if (history_write(hist, report, audit_started(a), key,
		    &cause) == -1) {
			log_error("--history: cannot write %s", cause);
			free(cause);
			rc = 2;
		}
		if (history_summary(stdout, report) == -1) {
			log_error("cannot write to standard output: %s",
			    errno_cause(errno != 0 ? errno : EIO));
			rc = 2;
		}
	} else if (report_to_stdout(o, report) == -1)
		rc = 2;
	return rc;
}

int
cmd_audit_run(struct options *o, const struct strlist *archives,
    const struct strlist *checks)
{
	struct audit_request	 req;
	struct cmd_progress	 prog;
	struct output_file	*outs = NULL;
	struct sshsig_key	*key = NULL;
	struct audit		*a = NULL;
	const char		*in[8], *what[8];
	int			 rc = 2;

	if (request_of(o, archives, checks, &req, &prog) == -1)
		return 2;
	if (outputs_parse(o, &outs) == -1 ||
	    outputs_sign_key(o, outs, 1, &key) == -1 ||
	    (a = audit_new(&req)) == NULL ||
	    outputs_distinct(o, outs, in, what, audit_inputs(a, in, what,
	    nitems(in))) == -1)
		goto out;
	if ((rc = audit_run(a)) == -1)
		rc = 2;
	else
		rc = write_all(o, outs, a, key, rc);
out:
	audit_free(a);
	outputs_free(outs, o->outputs.n);
	sshsig_key_free(key);
	return rc;
}

static int
cmd_audit_exec(struct options *o, int argc, char **argv)
{
	if (argc > 0) {
		log_error("unexpected argument \"%s\" (try --help)", argv[0]);
		return 2;
	}
	return cmd_audit_run(o, NULL, NULL);
}

const struct cmd_entry cmd_audit_entry = {
	.name = "audit",
	.id = CMD_AUDIT,
	.usage = "[audit] [OPTIONS]",
	.help = "audit this host (the default command)",
	.exec = cmd_audit_exec,
};
