/*
 * dockaudit [audit]: load, select, gather facts, evaluate, score, render,
 * and exit with the gate's code. Output paths are checked before anything
 * runs (exit 2, nothing audited) and written atomically after.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "engine/bench.h"
#include "engine/controls.h"
#include "engine/eval.h"
#include "engine/plan.h"
#include "engine/waivers.h"
#include "facts/facts.h"
#include "facts/host.h"
#include "report/history.h"
#include "report/report.h"
#include "sources/docker.h"
#include "lib/json.h"
#include "lib/sshsig.h"
#include "lib/util.h"

#define DOCKER_MAX_BYTES	(32u << 20)	/* one API answer */
#define DOCKER_MAX_CONNS	8

/*
 * "inspected 40 of 100" on a terminal, once the audit has run for a
 * second: short audits stay silent, and so do -q and redirected stderr.
 */
struct progress {
	struct timespec	 started;
	int		 shown;
};

static void
progress_show(size_t done, size_t total, void *arg)
{
	struct progress	*p = arg;
	struct timespec	 now;

	if (total == 0) {
		if (p->shown)
			fputs("\r\033[K", stderr);
		p->shown = 0;
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec - p->started.tv_sec < 1 ||
	    (now.tv_sec - p->started.tv_sec == 1 &&
	    now.tv_nsec < p->started.tv_nsec))
		return;
	fprintf(stderr, "\rdockaudit: %zu of %zu answers from the Docker "
	    "daemon (container inspects and facts)", done, total);
	p->shown = 1;
}

/*
 * A baseline of another benchmark compares nothing, nor one of another
 * version with no crosswalk to this one: refuse it (exit 2).
 */
static int
baseline_of(const struct bench *b, json_t *baseline, const char *path)
{
	const char	*id = json_string_value(json_pointer_get(baseline,
			    "/benchmark/id"));
	const char	*v = json_string_value(json_pointer_get(baseline,
			    "/benchmark/version"));

	if (id != NULL && v != NULL && strcmp(id, b->id) == 0 &&
	    bench_has_version(b, v))
		return 0;
	log_error("--baseline %s is a report of benchmark %s %s, not of %s "
	    "%s%s", path, id != NULL ? id : "(unknown)", v != NULL ? v : "",
	    b->id, b->version, id != NULL && strcmp(id, b->id) == 0 ?
	    ", and there is no crosswalk between the two versions" :
	    ": rule ids of different benchmarks are not comparable");
	return -1;
}

/* --host-id over the derived id; --tag KEY=VALUE as host.tags. */
static void
host_identity(json_t *host, const struct options *o)
{
	json_t	*tags = json_object();
	size_t	 i, k;

	if (o->host_id != NULL)
		json_object_set_new(host, "id", json_string(o->host_id));
	for (i = 0; i < o->tags.n; i++) {
		k = strcspn(o->tags.v[i], "=");
		json_object_setn_new(tags, o->tags.v[i], k,
		    evidence_string(o->tags.v[i] + k + 1));
	}
	json_object_set_new(host, "tags", tags);
}

/* The inputs with their digests, and who ran the audit. */
static json_t *
provenance(const struct bench *b, const struct waivers *ws,
    const struct controls *ctl)
{
	json_t	*p = runner_json();

	json_object_set_new(p, "values", b->values_path != NULL ? json_pack(
	    "{s:o,s:s}", "path", evidence_string(b->values_path), "sha256",
	    b->values_sha256) : json_null());
	json_object_set_new(p, "waivers", waivers_file_json(ws));
	json_object_set_new(p, "controls", controls_file_json(ctl));
	return p;
}

static int
cmd_audit_exec(struct options *o, int argc, char **argv)
{
	struct bench		*b = NULL;
	struct source		*src = NULL;
	struct facts		*facts = NULL;
	json_t			*results = NULL;
	struct output_file	*outs = NULL;
	struct waivers		*ws = NULL;
	struct controls		*ctl = NULL;
	struct history		*hist = NULL;
	struct sshsig_key	*key = NULL;
	struct progress		 prog;
	struct fact_needs	 needs;
	json_t			*baseline = NULL;
	json_error_t		 jerr;
	struct probe_ctx	 ctx;
	struct docker_opts	 dopts;
	struct run_info		 ri;
	struct render_opts	 ro = { o->color, o->quiet, o->all };
	json_t			*report = NULL;
	size_t			*idx = NULL, n = 0, i;
	char			*cause = NULL;
	int			 rc = 2;

	memset(&needs, 0, sizeof needs);
	if (argc > 0) {
		log_error("unexpected argument \"%s\" (try --help)", argv[0]);
		return 2;
	}
	if (outputs_parse(o, &outs) == -1 ||
	    outputs_sign_key(o, outs, &key) == -1)
		goto out;
	if (o->waivers != NULL && (ws = waivers_load(o->waivers)) == NULL)
		goto out;
	if (o->controls != NULL && (ctl = controls_load(o->controls)) == NULL)
		goto out;
	b = o->bench != NULL ? o->bench : cmd_load_bench(o);
	if (b == NULL || cmd_plan(o, b, &idx, &n) == -1)
		goto out;
	{
		const char *const in[] = { b->path, b->values_path, o->waivers,
		    o->baseline, o->controls };
		const char *const what[] = { "benchmark", "--values",
		    "--waivers", "--baseline", "--controls" };

		if (outputs_distinct(o, outs, in, what, nitems(in)) == -1)
			goto out;
	}
	if (o->baseline != NULL && (baseline = json_load_file(o->baseline,
	    JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
		log_error("--baseline %s:%d:%d: %s", o->baseline, jerr.line,
		    jerr.column, jerr.text);
		goto out;
	}
	if (baseline != NULL && !report_is_record(baseline)) {
		log_error("--baseline %s: not a dockaudit report "
		    "(dockaudit-report/1)", o->baseline);
		goto out;
	}
	if (baseline != NULL && baseline_of(b, baseline, o->baseline) == -1)
		goto out;
	if (waivers_for(ws, b) == -1 || controls_for(ctl, b) == -1)
		goto out;
	if (o->history != NULL) {
		if ((hist = history_open(o->history, o->keep, b, time(NULL),
		    &cause)) == NULL) {
			log_error("%s", cause);
			free(cause);
			goto out;
		}
		/* The previous run is the baseline, unless one is given. */
		if (baseline == NULL && history_baseline(hist) != NULL) {
			o->baseline = history_previous(hist);
			baseline = json_incref(history_baseline(hist));
		}
	}
	dopts.host = o->host;
	dopts.connect_ms = o->connect_ms;
	dopts.timeout_ms = o->timeout_ms;
	dopts.max_bytes = DOCKER_MAX_BYTES;
	dopts.max_conns = DOCKER_MAX_CONNS;
	src = o->fixture != NULL ? source_fixture_new(o->fixture, &dopts,
	    &cause) : source_live_new(o->root, &dopts, &cause);
	if (src == NULL) {
		log_error("%s", cause);
		free(cause);
		goto out;
	}
	if (!o->quiet && isatty(STDERR_FILENO)) {
		memset(&prog, 0, sizeof prog);
		clock_gettime(CLOCK_MONOTONIC, &prog.started);
		src->progress = progress_show;
		src->progress_arg = &prog;
	}
	facts = facts_new(src);
	facts->docker.filter = &o->filter;
	ctx.src = src;
	ctx.facts = facts;
	ctx.bench = b;
	memset(&ri, 0, sizeof ri);
	clock_gettime(CLOCK_REALTIME, &ri.started);
	/* The host block reads /version; the rules what they declare. */
	fact_needs_add(&needs.api, "/version");
	plan_needs(b, idx, n, &needs);
	facts_prefetch(facts, &needs);
	/* Each rule becomes its record at once: rows are not held twice. */
	results = json_array();
	for (i = 0; i < n; i++) {
		struct result	 res;
		json_t		*record, *mapped;

		eval_rule(&ctx, &b->rules[idx[i]], &res);
		waivers_apply(ws, b->rules[idx[i]].id, facts, ri.started.tv_sec,
		    &res.v);
		record = report_result_json(&res);
		if ((mapped = controls_of(ctl, b->rules[idx[i]].id)) != NULL)
			json_object_set_new(record, "controls", mapped);
		json_array_append_new(results, report_result_pack(record));
		verdict_free(&res.v);
	}
	clock_gettime(CLOCK_REALTIME, &ri.finished);
	ri.bench = b;
	ri.level = o->level;
	ri.checks = &o->checks;
	ri.excluded = &o->excludes;
	ri.host = host_json(src);
	host_identity(ri.host, o);
	facts_release_objects(facts);
	source_api_forget(src);
	report = report_build(&ri, results);
	results = NULL;
	json_object_set_new(report, "provenance", provenance(b, ws, ctl));
	if (ws != NULL)
		json_object_set_new(report, "waivers", waivers_report(ws,
		    ri.started.tv_sec));
	if (baseline != NULL && report_baseline(report, baseline, o->baseline,
	    b, &cause) == -1) {
		log_error("--baseline %s", cause);
		free(cause);
		cause = NULL;
		rc = 2;
		goto out;
	}
	rc = report_gate(report, &o->gate);
	if (outputs_write_signed(o, outs, report, key) == -1)
		rc = 2;
	if (hist != NULL) {
		if (history_write(hist, report, ri.started.tv_sec, key,
		    &cause) ==
		    -1) {
			log_error("--history: cannot write %s", cause);
			free(cause);
			cause = NULL;
			rc = 2;
		}
		/* One line for the journal, instead of the text report. */
		if (history_summary(stdout, report) == -1) {
			log_error("cannot write to standard output: %s",
			    errno_cause(errno != 0 ? errno : EIO));
			rc = 2;
		}
	} else if (report_format_find(o->format)->write(report, stdout,
	    &ro) == -1) {
		log_error("cannot write to standard output");
		rc = 2;
	}
	if (rc != 2 && (ferror(stdout) || fflush(stdout) == EOF)) {
		log_error("cannot write to standard output");
		rc = 2;
	}
out:
	fact_needs_free(&needs);
	history_free(hist);
	waivers_free(ws);
	controls_free(ctl);
	json_decref(baseline);
	json_decref(results);
	json_decref(report);
	report_intern_clear();
	facts_free(facts);
	source_free(src);
	free(idx);
	if (b != o->bench)
		bench_free(b);
	outputs_free(outs, o->outputs.n);
	sshsig_key_free(key);
	return rc;
}

const struct cmd_entry cmd_audit_entry = {
	.name = "audit",
	.id = CMD_AUDIT,
	.usage = "[audit] [OPTIONS]",
	.help = "audit this host (the default command)",
	.exec = cmd_audit_exec,
};
