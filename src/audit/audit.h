/*
 * An audit as a call: a request (benchmark, selection, where the facts
 * come from, values, waivers, attestations, controls, baseline, history,
 * clock) in, the
 * decided record out. Nothing here prints a report or exits; what goes
 * wrong is said once through the diagnostics path (lib/util.h, log_*),
 * which a caller may send elsewhere (log_set_sink), and the call returns
 * -1 or NULL. The command line (cli/cmd-audit.c) turns options into a
 * request and writes the outputs; the fuzz harness and the unit tests
 * call the same functions. Several audits may run in one process, one
 * after the other or side by side: an audit keeps its state in its own
 * struct audit.
 */
#ifndef DOCKAUDIT_AUDIT_H
#define DOCKAUDIT_AUDIT_H

#include <time.h>

#include <jansson.h>

#include "engine/plan.h"
#include "facts/containers.h"
#include "report/report.h"
#include "sources/docker.h"
#include "lib/util.h"

struct bench;
struct history;

struct audit_request {
	/* The benchmark, already loaded (borrowed, not freed), or by name or
	 * file with a values file. */
	const struct bench	*bench;
	const char		*benchmark;
	const char		*values;
	struct plan_sel		 sel;
	/* The facts: container image archives (dockaudit image), else a
	 * recorded host, else this host (under root, or /). */
	const struct strlist	*archives;
	const char		*fixture;
	const char		*root;
	struct docker_opts	 docker;	/* 0 sizes take the defaults */
	/* The engines (facts/engines.h ENGINE_MASK bits; 0: every one
	 * found), and whose rootless engines: 0 every user's, else only
	 * this uid's (an unprivileged user audits its own). */
	unsigned int		 engines;
	unsigned int		 self_uid;
	const struct container_filter *filter;
	/* Inputs by path, or NULL. */
	const char		*waivers;
	const char		*attestations;
	const char		*controls;
	const char		*baseline;
	/* A history directory: its previous run is the baseline unless one
	 * is given, and the caller writes the run into it. */
	const char		*history;
	long			 keep;
	/* The host's identity in the record: --host-id, --tag KEY=VALUE. */
	const char		*host_id;
	const struct strlist	*tags;
	struct gate		 gate;
	/* The audit's clock (its start, the waivers' "today", the history's
	 * "now"); NULL: the real time. */
	void			(*clock)(struct timespec *);
	/* Told of each Docker API answer (done of total), 0 of 0 at the end. */
	void			(*progress)(size_t, size_t, void *);
	/* Told of a long step in words, NULL when it is over; called from
	 * the engines' threads side by side. */
	void			(*progress_note)(const char *, void *);
	void			*progress_arg;
};

struct audit;

/* Load and check every input of the request; NULL after saying why. */
struct audit	*audit_new(const struct audit_request *);
/*
 * The files the audit reads (benchmark and the bases it extends, values,
 * waivers, attestations, baseline, controls), with what each is, for the caller's check
 * that no output overwrites one. Up to max; returns how many.
 */
size_t		 audit_inputs(const struct audit *, const char **paths,
		    const char **what, size_t max);
/*
 * Gather the facts, decide the rules, attest, waive, compare with the baseline
 * and decide the gate. Returns the gate's code (0, 1 failed, 3 a rule
 * could not be evaluated), or -1 after saying why (an input that turned
 * out not to be comparable).
 */
int		 audit_run(struct audit *);
/* The record (borrowed; valid until audit_free). NULL before the run. */
json_t		*audit_record(const struct audit *);
/* When the audit started (the clock's seconds). */
time_t		 audit_started(const struct audit *);
/* The history directory opened for the request, or NULL. */
struct history	*audit_history(const struct audit *);
/* The baseline's path: the request's, or the history's previous run. */
const char	*audit_baseline_path(const struct audit *);
void		 audit_free(struct audit *);

#endif
