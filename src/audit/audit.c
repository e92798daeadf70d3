/*
 * An audit as a call (audit.h): load the inputs, gather the facts once,
 * decide each selected rule, attest its manual results, waive, map controls, build the record,
 * compare it with the baseline and decide the gate.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "engine/attestations.h"
#include "engine/bench.h"
#include "engine/controls.h"
#include "engine/eval.h"
#include "engine/waivers.h"
#include "facts/engines.h"
#include "facts/facts.h"
#include "facts/host.h"
#include "fix/fix.h"
#include "probes/probe.h"
#include "report/history.h"
#include "lib/json.h"
#include "lib/util.h"

#define AUDIT_MAX_BYTES	(32u << 20)	/* one Docker API answer */
#define AUDIT_MAX_CONNS	8

struct audit {
	struct audit_request	 req;
	const struct bench	*bench;
	struct bench		*own_bench;	/* loaded here, freed here */
	size_t			*idx;		/* the rules selected */
	size_t			 n;
	struct waivers		*waivers;
	struct attestations	*attestations;
	struct controls		*controls;
	json_t			*baseline;
	const char		*baseline_path;
	struct history		*history;
	struct timespec		 started;
	json_t			*record;
	pthread_mutex_t		 mu;		/* the progress of engines side by side */
	struct engine_run	*run;		/* the engines of audit_run */
	size_t			 nrun;
	struct source		*host_src;	/* what found them */
};

static void
audit_clock(const struct audit *a, struct timespec *ts)
{
	if (a->req.clock != NULL)
		a->req.clock(ts);
	else
		clock_gettime(CLOCK_REALTIME, ts);
}

/* The --baseline file: a record of this benchmark, or of a version its
 * crosswalk maps from. */
static json_t *
baseline_load(const char *path, const struct bench *b)
{
	json_t		*doc;
	char		*cause = NULL;

	if ((doc = json_input(path, REPORT_MAX, REPORT_WHAT, 0, &cause)) ==
	    NULL) {
		log_error("--baseline %s", cause);
		free(cause);
		return NULL;
	}
	if (report_check(doc, &cause) == -1) {
		log_error("--baseline %s: %s", path, cause);
		free(cause);
		json_decref(doc);
		return NULL;
	}
	if (report_comparable(doc, path, b->id, b->version, b, NULL, NULL,
	    &cause) == -1) {
		log_error("--baseline %s", cause);
		free(cause);
		json_decref(doc);
		return NULL;
	}
	return doc;
}

/* The history directory, checked before the host is read. */
static int
history_load(struct audit *a)
{
	char	*cause = NULL;

	if ((a->history = history_open(a->req.history, a->req.keep, a->bench,
	    a->started.tv_sec, &cause)) == NULL) {
		log_error("%s", cause);
		free(cause);
		return -1;
	}
	return 0;
}

/* Unless one is given, the baseline is the history's previous run of
 * this host (known once its record is built). */
static void
history_pick(struct audit *a)
{
	json_t	*prev;

	if (a->history == NULL || a->baseline != NULL)
		return;
	if ((prev = history_baseline(a->history, json_string_value(
	    json_pointer_get(a->record, "/host/id")), &a->baseline_path)) !=
	    NULL)
		a->baseline = json_incref(prev);
}

struct audit *
audit_new(const struct audit_request *req)
{
	struct audit	*a = xcalloc(1, sizeof *a);

	a->req = *req;
	pthread_mutex_init(&a->mu, NULL);
	audit_clock(a, &a->started);
	if ((req->waivers != NULL &&
	    (a->waivers = waivers_load(req->waivers)) == NULL) ||
	    (req->attestations != NULL && (a->attestations =
	    attestations_load(req->attestations)) == NULL) ||
	    (req->controls != NULL &&
	    (a->controls = controls_load(req->controls)) == NULL))
		goto fail;
	if ((a->bench = req->bench) == NULL)
		a->bench = a->own_bench = plan_load_bench(req->benchmark,
		    req->values, probe_table);
	if (a->bench == NULL || plan_select(a->bench, &req->sel, &a->idx,
	    &a->n) == -1)
		goto fail;
	if (req->baseline != NULL) {
		if ((a->baseline = baseline_load(req->baseline,
		    a->bench)) == NULL)
			goto fail;
		a->baseline_path = req->baseline;
	}
	if (waivers_for(a->waivers, a->bench) == -1 ||
	    attestations_for(a->attestations, a->bench) == -1 ||
	    controls_for(a->controls, a->bench) == -1)
		goto fail;
	return a;
fail:
	audit_free(a);
	return NULL;
}

size_t
audit_inputs(const struct audit *a, const char **paths, const char **what,
    size_t max)
{
	const char *const in[] = { a->bench->path, a->bench->values_path,
	    a->req.waivers, a->req.attestations, a->req.baseline,
	    a->req.controls };
	const char *const names[] = { "benchmark", "--values", "--waivers",
	    "--attestations", "--baseline", "--controls" };
	size_t		i, k;

	for (i = 0; i < nitems(in) && i < max; i++) {
		paths[i] = in[i];
		what[i] = names[i];
	}
	for (k = 0; k < a->bench->bases.n && i < max; k++, i++) {
		paths[i] = a->bench->bases.v[k];
		what[i] = "base benchmark";
	}
	return i;
}

static struct source *
audit_source(const struct audit *a, const char *endpoint)
{
	struct docker_opts	 d = a->req.docker;
	struct source		*src;
	char			*cause = NULL;

	if (d.max_bytes == 0)
		d.max_bytes = AUDIT_MAX_BYTES;
	if (d.max_conns == 0)
		d.max_conns = AUDIT_MAX_CONNS;
	if (a->req.archives != NULL) {
		if ((src = source_image_new(a->req.archives, NULL,
		    a->req.progress_note, a->req.progress_arg, &cause)) ==
		    NULL) {
			log_error("%s", cause);
			free(cause);
		}
		return src;
	}
	/* A recorded host reaches a live daemon only through -H. */
	if (a->req.fixture != NULL && d.host == NULL)
		d.recorded = endpoint;
	else
		d.host = endpoint;
	src = a->req.fixture != NULL ? source_fixture_new(a->req.fixture, &d,
	    &cause) : source_live_new(a->req.root, &d, &cause);
	if (src == NULL) {
		log_error("%s", cause);
		free(cause);
		return NULL;
	}
	src->progress = a->req.progress;
	src->progress_note = a->req.progress_note;
	src->progress_arg = a->req.progress_arg;
	return src;
}

/* One engine's audit: its facts, and each rule decided, attested and
 * waived there. */
struct engine_run {
	struct audit		*audit;
	size_t			 done, total;	/* its answers, for the progress */
	int			 rc;		/* of engine_open */
	const struct engine	*engine;
	struct source		*src;
	struct facts		*facts;
	json_t			*block;		/* host.engines[i] */
	char			*unmatched;	/* the filter named nothing */
};

/*
 * Several engines fetch side by side: their answers are counted together,
 * so that the caller sees one progress (and 0 of 0 once all are done).
 */
static void
engines_progress(size_t done, size_t total, void *arg)
{
	struct engine_run	*er = arg;
	struct audit		*a = er->audit;
	size_t			 k, d = 0, t = 0;

	pthread_mutex_lock(&a->mu);
	er->done = done;
	er->total = total;
	for (k = 0; k < a->nrun; k++) {
		d += a->run[k].done;
		t += a->run[k].total;
	}
	a->req.progress(d, t, a->req.progress_arg);
	pthread_mutex_unlock(&a->mu);
}

static void
engines_note(const char *what, void *arg)
{
	struct engine_run	*er = arg;
	struct audit		*a = er->audit;

	if (a->req.progress_note == NULL)
		return;
	pthread_mutex_lock(&a->mu);
	a->req.progress_note(what, a->req.progress_arg);
	pthread_mutex_unlock(&a->mu);
}

/* The engine's source and facts, its answers fetched (er->audit and
 * er->engine set by engines_open). */
static int
engine_open(struct engine_run *er)
{
	struct audit		*a = er->audit;
	const struct engine	*e = er->engine;
	struct fact_needs	 needs;

	if ((er->src = audit_source(a, e->endpoint)) == NULL)
		return -1;
	if (a->nrun > 1 && a->req.progress != NULL) {
		er->src->progress = engines_progress;
		er->src->progress_note = engines_note;
		er->src->progress_arg = er;
	}
	er->facts = facts_new(er->src);
	er->facts->engine = e;
	er->facts->docker.filter = a->req.filter;
	memset(&needs, 0, sizeof needs);
	/* The host block reads /version (Podman's /info); the rules what
	 * they declare. */
	fact_needs_add(&needs.api, engine_is_podman(e->kind) ? "/info" :
	    "/version");
	plan_needs(a->bench, a->idx, a->n, &needs);
	facts_prefetch(er->facts, &needs);
	fact_needs_free(&needs);
	return 0;
}

static void
engine_decide(struct audit *a, struct engine_run *er, size_t i,
    struct result *res)
{
	struct probe_ctx	 ctx = { er->src, er->facts, a->bench,
	    er->engine };
	const struct rule	*r = &a->bench->rules[a->idx[i]];

	eval_rule(&ctx, r, res);
	attestations_apply(a->attestations, r->id, a->started.tv_sec, &res->v);
	waivers_apply(a->waivers, r->id, er->facts, a->started.tv_sec,
	    &res->v);
}

/* The engine as host.engines lists it; its facts are let go. */
static void
engine_close(struct engine_run *er)
{
	const struct engine	*e = er->engine;

	if (er->src == NULL)
		return;
	if (er->facts->docker.containers.unmatched != NULL)
		er->unmatched = xstrdup(er->facts->docker.containers.unmatched);
	er->block = host_docker_json(er->src, engine_is_podman(e->kind));
	json_object_update_new(er->block, json_pack("{s:s,s:s,s:s,s:b,s:o,"
	    "s:I,s:o}", "kind", engine_kind_name(e->kind), "id", e->id,
	    "label", e->label, "rootless", e->rootless, "user",
	    evidence_string(e->user), "uid", (json_int_t)e->uid, "found",
	    e->found != NULL ? evidence_string(e->found) : json_null()));
	facts_release_objects(er->facts);
	facts_free(er->facts);
	er->facts = NULL;
}

/* The host's process list, read once: from what found the engines, or
 * from an engine audited before. */
static void
share_procs(struct audit *a, struct engine_run *er, size_t k)
{
	size_t	j;

	if (a->host_src != NULL)
		source_share_procs(er[k].src, a->host_src);
	for (j = 0; j < k; j++)
		source_share_procs(er[k].src, er[j].src);
}

static json_t *
rule_record(struct audit *a, size_t i, struct result *res)
{
	json_t	*record, *mapped;

	record = report_result_json(res);
	if ((mapped = controls_of(a->controls, a->bench->rules[a->idx[i]].id)) !=
	    NULL)
		json_object_set_new(record, "controls", mapped);
	verdict_free(&res->v);
	return report_result_pack(record);
}

/* One engine: each rule becomes its record at once (rows are not held
 * twice). */
static json_t *
decide_one(struct audit *a, struct engine_run *er)
{
	json_t		*results = json_array();
	struct result	 res;
	size_t		 i;

	for (i = 0; i < a->n; i++) {
		engine_decide(a, er, i, &res);
		json_array_append_new(results, rule_record(a, i, &res));
	}
	return results;
}

/* Several engines: every engine's verdicts are kept, then each rule's
 * are joined into one record with a row per engine or target. */
static json_t *
decide_joined(struct audit *a, struct engine_run *er, size_t n)
{
	json_t		*results = json_array();
	struct result	*res, joined;
	const char	**ids, **labels;
	struct verdict	*vs;
	size_t		 i, k;

	res = xreallocarray(NULL, a->n * n, sizeof *res);
	for (k = 0; k < n; k++) {
		share_procs(a, er, k);
		for (i = 0; i < a->n; i++)
			engine_decide(a, &er[k], i, &res[k * a->n + i]);
		engine_close(&er[k]);
	}
	ids = xreallocarray(NULL, n, sizeof *ids);
	labels = xreallocarray(NULL, n, sizeof *labels);
	vs = xreallocarray(NULL, n, sizeof *vs);
	for (k = 0; k < n; k++) {
		ids[k] = er[k].engine->id;
		labels[k] = er[k].engine->label;
	}
	for (i = 0; i < a->n; i++) {
		json_t	*per = json_object(), *record;

		for (k = 0; k < n; k++) {
			vs[k] = res[k * a->n + i].v;
			json_object_set_new(per, ids[k], json_string(
			    status_name(vs[k].status)));
		}
		joined.rule = res[i].rule;
		verdict_join(&joined.v, vs, ids, labels, n);
		record = rule_record(a, i, &joined);
		json_object_set_new(record, "engines", per);
		json_array_append_new(results, record);
	}
	free(vs);
	free(ids);
	free(labels);
	free(res);
	return results;
}

/*
 * Whether the benchmark is about container engines: a rule says what it
 * means on some engine, or reads an engine's API. A benchmark of the host
 * alone (container-host-kernel) is audited once, whatever runs there.
 */
static int
about_engines(const struct bench *b)
{
	struct fact_needs	 needs;
	size_t			*all, i;
	int			 yes = 0;

	for (i = 0; i < b->nrules && !yes; i++)
		yes = b->rules[i].nengines > 0;
	if (yes || b->nrules == 0)
		return yes;
	all = xreallocarray(NULL, b->nrules, sizeof *all);
	for (i = 0; i < b->nrules; i++)
		all[i] = i;
	memset(&needs, 0, sizeof needs);
	plan_needs(b, all, b->nrules, &needs);
	yes = needs.api.n > 0 || needs.containers || needs.images;
	fact_needs_free(&needs);
	free(all);
	return yes;
}

/*
 * The engines to audit: those the request names that the host shows.
 * None found: the rootful Docker engine's configuration, said once.
 */
static struct source *
engines_pick(struct audit *a, struct engine_list *l)
{
	struct source	*src;
	char		*cause = NULL;
	unsigned int	 mask = a->req.engines != 0 ? a->req.engines :
	    ENGINE_ALL;

	if (a->req.archives != NULL) {
		engines_image(l);
		return NULL;
	}
	if (!about_engines(a->bench)) {
		engines_default(l);
		return NULL;
	}
	if ((src = audit_source(a, NULL)) == NULL) {
		memset(l, 0, sizeof *l);
		return NULL;
	}
	engines_find(src, mask, a->req.docker.host, a->req.self_uid, l,
	    &cause);
	if (l->n > 0)
		return src;
	log_warn("%s (auditing the host's Docker configuration alone)", cause);
	free(cause);
	engines_default(l);
	return src;
}

/* The record's host of dockaudit image: the images, and an id of the
 * first one's name ("image-app_1"), so that its history and baseline
 * follow the tag. */
static json_t *
images_host(struct source *src)
{
	const char	*name = source_image_name(src);
	char		*id = xasprintf("image-%.58s", name != NULL ? name : "none");
	json_t		*j;
	size_t		 i;

	/* A host id's characters (report.schema.json): "app:1" is app_1. */
	for (i = 0; id[i] != '\0'; i++) {
		if (!isalnum((unsigned char)id[i]) && strchr("._-", id[i]) ==
		    NULL)
			id[i] = '_';
	}
	j = json_pack("{s:o,s:s,s:s,s:s,s:o,s:o,s:o}",
	    "hostname", evidence_string(name != NULL ? name : "none"),
	    "os", "container image", "kernel", "none (a container image)",
	    "root", "/", "docker", host_docker_json(src, 0),
	    "id", evidence_string(id), "images", source_image_list(src));
	free(id);
	return j;
}

/*
 * Mark the failures dockaudit fix can fix (results[].fix "change"), and
 * those it gives advice for ("advice": a container to re-create), from
 * the plan it would write of this record: the same code, so that the
 * report and the plan agree. The host's files it reads are the audit's
 * root (a recorded host's folder). Image audits have no plan.
 */
static void
mark_fixable(struct audit *a)
{
	struct fix_request	 fr;
	json_t			*plan, *item, *res, *whole, *all;
	const char		*apply;
	size_t			 i, k;

	if (a->req.archives != NULL)
		return;
	/* The plan reads the rows and evidence, packed in the record. */
	whole = json_copy(a->record);
	all = json_array();
	json_array_foreach(json_object_get(a->record, "results"), i, res)
		json_array_append_new(all, report_result(res));
	json_object_set_new(whole, "results", all);
	memset(&fr, 0, sizeof fr);
	fr.record = whole;
	fr.record_path = "(the audit's own record)";
	fr.bench = a->bench;
	fr.idx = a->idx;
	fr.n = a->n;
	fr.root = a->req.fixture != NULL ? a->req.fixture : a->req.root;
	plan = fix_plan(&fr);
	json_decref(whole);
	if (plan == NULL)
		return;
	json_array_foreach(json_object_get(plan, "rules"), i, item) {
		apply = json_string_value(json_object_get(item, "apply"));
		json_array_foreach(json_object_get(a->record, "results"), k,
		    res) {
			if (strcmp(report_str(res, "id"), report_str(item,
			    "id")) == 0)
				json_object_set_new(res, "fix", json_string(
				    apply != NULL && strcmp(apply, "re-create")
				    == 0 ? "advice" : "change"));
		}
	}
	json_decref(plan);
}

/* --host-id over the derived id; --tag KEY=VALUE as host.tags. */
static void
host_identity(json_t *host, const struct audit_request *req)
{
	json_t	*tags = json_object();
	size_t	 i, k;

	if (req->host_id != NULL)
		json_object_set_new(host, "id", json_string(req->host_id));
	for (i = 0; req->tags != NULL && i < req->tags->n; i++) {
		k = strcspn(req->tags->v[i], "=");
		json_object_setn_new(tags, req->tags->v[i], k,
		    evidence_string(req->tags->v[i] + k + 1));
	}
	json_object_set_new(host, "tags", tags);
}

/* The inputs with their digests, and who ran the audit. */
static json_t *
provenance(const struct audit *a)
{
	json_t	*p = runner_json();

	json_object_set_new(p, "values", a->bench->values_path != NULL ?
	    json_pack("{s:o,s:s}", "path", evidence_string(
	    a->bench->values_path), "sha256", a->bench->values_sha256) :
	    json_null());
	json_object_set_new(p, "waivers", waivers_file_json(a->waivers));
	/* Only when given: records without it stay as they were. */
	if (a->attestations != NULL)
		json_object_set_new(p, "attestations",
		    attestations_file_json(a->attestations));
	json_object_set_new(p, "controls", controls_file_json(a->controls));
	return p;
}

static void *
engine_open_thread(void *arg)
{
	struct engine_run	*er = arg;

	er->rc = engine_open(er);
	return NULL;
}

/*
 * Open every engine: its source, its facts, its API answers. Several
 * engines fetch side by side, one thread each, since a slow one (a
 * rootless Podman takes most of a second for /info) would otherwise add
 * up. Only the fetching runs in threads; the rules are decided after, in
 * this one.
 */
static int
engines_open(struct audit *a, struct engine_run *er,
    const struct engine_list *l)
{
	pthread_t	*tid;
	size_t		 k;
	int		 rc = 0, *started;

	a->run = er;
	a->nrun = l->n;
	for (k = 0; k < l->n; k++) {
		er[k].audit = a;
		er[k].engine = &l->v[k];
	}
	if (l->n == 1)
		return engine_open(&er[0]);
	/* jansson's hash seed, before any thread makes an object */
	json_object_seed(0);
	tid = xcalloc(l->n, sizeof *tid);
	started = xcalloc(l->n, sizeof *started);
	for (k = 0; k < l->n; k++)
		started[k] = pthread_create(&tid[k], NULL, engine_open_thread,
		    &er[k]) == 0;
	for (k = 0; k < l->n; k++) {
		if (started[k])
			pthread_join(tid[k], NULL);
		else
			engine_open_thread(&er[k]);
		if (er[k].rc == -1)
			rc = -1;
	}
	free(started);
	free(tid);
	return rc;
}

/* host.engines, the engines' blocks taken; none for a host benchmark. */
static void
record_engines(json_t *host, struct engine_run *er, size_t n, int about)
{
	json_t	*list;
	size_t	 k;

	if (!about)
		return;
	list = json_array();
	for (k = 0; k < n; k++) {
		json_array_append_new(list, er[k].block);
		er[k].block = NULL;
	}
	json_object_set_new(host, "engines", list);
}

static void
engines_close(struct engine_run *er, size_t n)
{
	struct audit	*a = n > 0 ? er[0].audit : NULL;
	size_t		 k;

	for (k = 0; k < n; k++) {
		if (er[k].facts != NULL)
			facts_free(er[k].facts);
		source_free(er[k].src);
		free(er[k].unmatched);
		json_decref(er[k].block);
	}
	free(er);
	if (a != NULL) {
		/* Last: the engines' sources may have borrowed its processes. */
		source_free(a->host_src);
		a->host_src = NULL;
		a->run = NULL;
		a->nrun = 0;
	}
}


/* The filter named nothing on any engine: nothing was audited. */
static const char *
nothing_matched(struct engine_run *er, size_t n)
{
	size_t	k;

	for (k = 0; k < n; k++) {
		if (er[k].unmatched == NULL)
			return NULL;
	}
	return er[0].unmatched;
}

int
audit_run(struct audit *a)
{
	struct engine_list	 engines;
	struct engine_run	*er;
	struct run_info		 ri;
	json_t			*results;
	char			*cause = NULL;
	size_t			 n;

	if (a->req.history != NULL && a->history == NULL &&
	    history_load(a) == -1)
		return -1;
	a->host_src = engines_pick(a, &engines);
	if ((n = engines.n) == 0) {
		source_free(a->host_src);
		a->host_src = NULL;
		return -1;
	}
	er = xcalloc(n, sizeof *er);
	if (engines_open(a, er, &engines) == -1) {
		engines_close(er, n);
		engine_list_free(&engines);
		return -1;
	}
	memset(&ri, 0, sizeof ri);
	ri.started = a->started;
	/* The host block is read through the first engine's source. */
	ri.host = a->req.archives != NULL ? images_host(er[0].src) :
	    host_json(er[0].src, engine_is_podman(er[0].engine->kind));
	if (n == 1) {
		share_procs(a, er, 0);
		results = decide_one(a, &er[0]);
		engine_close(&er[0]);
	} else
		results = decide_joined(a, er, n);
	if (nothing_matched(er, n) != NULL) {
		log_error("%s: nothing was audited", nothing_matched(er, n));
		json_decref(results);
		json_decref(ri.host);
		engines_close(er, n);
		engine_list_free(&engines);
		return -1;
	}
	audit_clock(a, &ri.finished);
	ri.bench = a->bench;
	ri.level = a->req.sel.level;
	ri.checks = a->req.sel.checks;
	ri.excluded = a->req.sel.excludes;
	record_engines(ri.host, er, n, about_engines(a->bench));
	host_identity(ri.host, &a->req);
	engines_close(er, n);
	engine_list_free(&engines);
	json_decref(a->record);
	a->record = report_build(&ri, results);
	report_intern_clear();
	json_object_set_new(a->record, "provenance", provenance(a));
	mark_fixable(a);
	if (a->waivers != NULL)
		json_object_set_new(a->record, "waivers", waivers_report(
		    a->waivers, a->started.tv_sec));
	if (a->attestations != NULL)
		json_object_set_new(a->record, "attestations",
		    attestations_report(a->attestations, a->started.tv_sec));
	history_pick(a);
	if (a->baseline != NULL && report_baseline(a->record, a->baseline,
	    a->baseline_path, a->bench, &cause) == -1) {
		log_error("--baseline %s", cause);
		free(cause);
		return -1;
	}
	return report_gate(a->record, &a->req.gate);
}

json_t *
audit_record(const struct audit *a)
{
	return a->record;
}

time_t
audit_started(const struct audit *a)
{
	return a->started.tv_sec;
}

struct history *
audit_history(const struct audit *a)
{
	return a->history;
}

const char *
audit_baseline_path(const struct audit *a)
{
	return a->baseline_path;
}

void
audit_free(struct audit *a)
{
	if (a == NULL)
		return;
	history_free(a->history);
	waivers_free(a->waivers);
	attestations_free(a->attestations);
	controls_free(a->controls);
	json_decref(a->baseline);
	json_decref(a->record);
	free(a->idx);
	bench_free(a->own_bench);
	pthread_mutex_destroy(&a->mu);
	free(a);
}
