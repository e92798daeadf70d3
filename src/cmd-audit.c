/*
 * dockaudit [audit]: load, select, gather facts, evaluate, score, render,
 * and exit with the gate's code. Output paths are checked before anything
 * runs (exit 2, nothing audited) and written atomically after.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "cmd.h"
#include "facts.h"
#include "probe.h"
#include "docker.h"
#include "eval.h"
#include "host.h"
#include "report.h"
#include "util.h"
#include "history.h"
#include "waivers.h"

#define DOCKER_MAX_BYTES	(32u << 20)	/* one API answer */
#define DOCKER_MAX_CONNS	8

/* The first two segments of a pointer ("/State/Health/Status"). */
static void
keep_add(struct strlist *keep, const char *ptr, int *all)
{
	const char	*p;
	char		*two;

	if (*ptr != '/' || ptr[1] == '\0') {
		*all = 1;
		return;
	}
	p = strchr(ptr + 1, '/');
	if (p != NULL)
		p = strchr(p + 1, '/');
	two = p != NULL ? xstrndup(ptr, (size_t)(p - ptr)) : xstrdup(ptr);
	if (strlist_has(keep, two))
		free(two);
	else
		strlist_add_nocopy(keep, two);
}

/* The parts of an inspect a container check reads. */
static void
keep_needs(const struct check *c, struct strlist *keep, int *all)
{
	struct strlist	 ev = { NULL, 0 };
	size_t		 i;

	for (i = 0; i < c->nkids; i++)
		keep_needs(c->kids[i], keep, all);
	if (c->type != CHECK_PROBE || strcmp(c->probe->name, "container") != 0)
		return;
	if (check_attr(c, "pointer") != NULL)
		keep_add(keep, check_attr(c, "pointer"), all);
	if (check_attr(c, "fact") != NULL)
		container_fact_needs(check_attr(c, "fact"), keep);
	if (check_attr(c, "evidence") != NULL) {
		strlist_split(&ev, check_attr(c, "evidence"), " \t\n");
		for (i = 0; i < ev.n; i++)
			keep_add(keep, ev.v[i], all);
		strlist_free(&ev);
	}
}

#define NEED_CONTAINERS	0x1
#define NEED_IMAGES	0x2

static void
need_path(struct strlist *paths, const char *path)
{
	if (!strlist_has(paths, path))
		strlist_add(paths, path);
}

/* The API documents a check needs, and whether containers or images. */
static int
api_needs(const struct check *c, struct facts *f)
{
	const char	*name, *fact;
	size_t		 i;
	int		 needs = 0;

	for (i = 0; i < c->nkids; i++)
		needs |= api_needs(c->kids[i], f);
	if (c->type != CHECK_PROBE)
		return needs;
	name = c->probe->name;
	fact = check_attr(c, "fact");
	if (strcmp(name, "docker-api") == 0) {
		need_path(&f->api_extra, check_attr(c, "path"));
		need_path(&f->api_whole, check_attr(c, "path"));
	} else if (strcmp(name, "daemon-option") == 0)
		need_path(&f->api_extra, "/info");
	else if (strcmp(name, "container") == 0)
		needs |= NEED_CONTAINERS;
	else if (strcmp(name, "image") == 0) {
		need_path(&f->api_extra, "/images/json");
		if (fact != NULL && (strcmp(fact, "add-steps") == 0 ||
		    strcmp(fact, "update-alone") == 0))
			f->image_history = 1;
		needs |= NEED_IMAGES;
	} else if (strcmp(name, "docker-inventory") == 0 &&
	    (strcmp(fact, "images-unused") == 0 ||
	    strcmp(fact, "containers-stopped") == 0)) {
		need_path(&f->api_extra, "/images/json");
		need_path(&f->api_extra, "/containers/json?all=1");
	}
	return needs;
}

/*
 * Gather the containers first when any rule reads them, so that /info,
 * /version and the rest travel in the same concurrent batch as the
 * inspects instead of one round trip each.
 */
static void
prefetch(struct facts *facts, const struct bench *b, const size_t *idx,
    size_t n)
{
	size_t	i;
	int	needs = 0, all = 0;

	strlist_add(&facts->api_extra, "/version");
	for (i = 0; i < n; i++) {
		const struct rule *r = &b->rules[idx[i]];

		if (r->applicable != NULL)
			keep_needs(r->applicable, &facts->container_keep, &all);
		keep_needs(r->check, &facts->container_keep, &all);
	}
	if (all)
		strlist_free(&facts->container_keep);
	else {
		keep_add(&facts->container_keep, "/Id", &all);
		keep_add(&facts->container_keep, "/Name", &all);
	}
	for (i = 0; i < n; i++) {
		const struct rule *r = &b->rules[idx[i]];

		if (r->applicable != NULL)
			needs |= api_needs(r->applicable, facts);
		needs |= api_needs(r->check, facts);
	}
	if (needs & NEED_CONTAINERS)
		facts_containers(facts);
	if (needs & NEED_IMAGES)
		facts_images(facts);
}

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

static int
cmd_audit_exec(struct options *o, int argc, char **argv)
{
	struct bench		*b = NULL;
	struct source		*src = NULL;
	struct facts		*facts = NULL;
	json_t			*results = NULL;
	struct output_file	*outs = NULL;
	struct waivers		*ws = NULL;
	struct history		*hist = NULL;
	struct progress		 prog;
	json_t			*baseline = NULL;
	json_error_t		 jerr;
	struct probe_ctx	 ctx;
	struct docker_opts	 dopts;
	struct run_info		 ri;
	struct render_opts	 ro = { o->color, o->quiet };
	json_t			*report = NULL;
	size_t			*idx = NULL, n = 0, i;
	char			*cause = NULL;
	int			 rc = 2;

	if (argc > 0) {
		log_error("unexpected argument \"%s\" (try --help)", argv[0]);
		return 2;
	}
	if (outputs_parse(o, &outs) == -1)
		goto out;
	if (o->waivers != NULL && (ws = waivers_load(o->waivers)) == NULL)
		goto out;
	if (o->history != NULL) {
		if ((hist = history_open(o->history, o->keep, &cause)) == NULL) {
			log_error("%s", cause);
			free(cause);
			goto out;
		}
		/* The previous run is the baseline, unless one is given. */
		if (o->baseline == NULL && history_previous(hist) != NULL)
			o->baseline = history_previous(hist);
	}
	if (o->baseline != NULL && (baseline = json_load_file(o->baseline,
	    JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
		log_error("--baseline %s:%d:%d: %s", o->baseline, jerr.line,
		    jerr.column, jerr.text);
		goto out;
	}
	if (baseline != NULL && (!json_is_string(json_object_get(baseline,
	    "schema")) || strcmp(json_string_value(json_object_get(baseline,
	    "schema")), "dockaudit-report/1") != 0)) {
		log_error("--baseline %s: not a dockaudit report "
		    "(dockaudit-report/1)", o->baseline);
		goto out;
	}
	b = o->bench != NULL ? o->bench : cmd_load_bench(o);
	if (b == NULL || cmd_plan(o, b, &idx, &n) == -1)
		goto out;
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
	facts->filter = &o->filter;
	ctx.src = src;
	ctx.facts = facts;
	ctx.bench = b;
	memset(&ri, 0, sizeof ri);
	clock_gettime(CLOCK_REALTIME, &ri.started);
	prefetch(facts, b, idx, n);
	/* Each rule becomes its record at once: rows are not held twice. */
	results = json_array();
	for (i = 0; i < n; i++) {
		struct result res;

		eval_rule(&ctx, &b->rules[idx[i]], &res);
		waivers_apply(ws, b->rules[idx[i]].id, facts, ri.started.tv_sec,
		    &res.v);
		json_array_append_new(results, report_result_pack(
		    report_result_json(&res)));
		verdict_free(&res.v);
	}
	clock_gettime(CLOCK_REALTIME, &ri.finished);
	ri.bench = b;
	ri.level = o->level;
	ri.checks = &o->checks;
	ri.excluded = &o->excludes;
	ri.host = host_json(src);
	dobjects_clear(&facts->containers);
	dobjects_clear(&facts->images);
	source_api_forget(src);
	report = report_build(&ri, results);
	results = NULL;
	if (ws != NULL)
		json_object_set_new(report, "waivers", waivers_report(ws,
		    ri.started.tv_sec));
	if (baseline != NULL && report_baseline(report, baseline, o->baseline,
	    &cause) == -1) {
		log_error("--baseline %s", cause);
		free(cause);
		cause = NULL;
		rc = 2;
		goto out;
	}
	rc = report_gate(report, &o->gate);
	if (outputs_write(o, outs, report) == -1)
		rc = 2;
	if (hist != NULL) {
		if (history_write(hist, report, ri.started.tv_sec, &cause) ==
		    -1) {
			log_error("--history: cannot write %s", cause);
			free(cause);
			cause = NULL;
			rc = 2;
		}
		/* One line for the journal, instead of the text report. */
		history_summary(stdout, report);
	} else if (report_format_find(o->format)->write(report, stdout,
	    &ro) == -1) {
		log_error("cannot write to standard output");
		rc = 2;
	}
	if (fflush(stdout) == EOF) {
		log_error("cannot write to standard output");
		rc = 2;
	}
out:
	history_free(hist);
	waivers_free(ws);
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
	return rc;
}

const struct cmd_entry cmd_audit_entry = {
	.name = "audit",
	.usage = "[audit] [OPTIONS]",
	.help = "audit this host (the default command)",
	.exec = cmd_audit_exec,
};
