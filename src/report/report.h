/*
 * The report: a JSON document (reports/report.schema.json) built from the
 * results, the one record every format is rendered from (record.c), its
 * score and gate (score.c), the comparison with an earlier run
 * (baseline.c), and the table of output formats with atomic writing
 * (output.c; one report-FORMAT.c each).
 */
#ifndef DOCKAUDIT_REPORT_H
#define DOCKAUDIT_REPORT_H

#include <stdio.h>
#include <time.h>

#include <jansson.h>

#include "engine/bench.h"
#include "engine/result.h"

#define REPORT_SCHEMA	"dockaudit-report/1"
/* The largest record read back (render, diff, merge, --baseline, the
 * history): about 12,000 containers' worth. */
#define REPORT_MAX	(128u << 20)
#define REPORT_WHAT	"a report"

struct run_info {
	const struct bench	*bench;
	const char		*root;
	const char		*fixture;	/* or NULL */
	struct timespec		 started;
	struct timespec		 finished;
	int			 level;
	const struct strlist	*checks;
	const struct strlist	*excluded;
	json_t			*host;		/* host object, stolen */
};

/* The JSON record of one decided rule (new reference). */
json_t	*report_result_json(const struct result *);
json_t	*report_result_pack(json_t *);
json_t	*report_result(json_t *);
/* Release the strings shared between result records. */
void	 report_intern_clear(void);
/* A string member of a record's object, or "" (absent, not a string). */
const char *report_str(json_t *, const char *key);
/* Is this a dockaudit report (schema and results)? */
int	 report_is_record(json_t *);
/*
 * A saved record as every reader needs it: its schema, and the types and
 * enums of what the gates and writers read (statuses, severities, marks,
 * booleans, the gate's reasons). 0, or -1 and *cause ("not a valid
 * dockaudit report: results[3] (5.4): status \"FAIL\" is not a status").
 */
int	 report_check(json_t *, char **cause);
/* A saved report; NULL after printing why (FILE:LINE:COLUMN). */
json_t	*report_load(const char *path);
/* The provenance in words for the headers; NULL for an older record. */
char	*report_inputs_words(json_t *provenance);
char	*report_runner_words(json_t *provenance);
/* Why a gate that passed decided nothing: rules in error, in words with
 * their main cause; NULL when none is in error (or the gate failed). */
char	*report_undecided_words(json_t *report);
/* Why the gate failed, in words, or NULL when it passed. */
char	*report_gate_words(json_t *report);
/* The failing scored rules of each severity, worst first. */
void	 report_severity_counts(json_t *report,
	    size_t counts[SEVERITY_COUNT]);
/*
 * The cause under an error's wrappers ("cannot tell whether the rule
 * applies: ", "cannot locate data-root: "): what several rules share.
 */
const char *report_root_cause(const char *reason);
/*
 * A whole result's reason as the text report prints it: without the
 * "; first: ..." that its rows then show (two rows or more). A copy, or
 * NULL when the result has no reason.
 */
char	*report_reason_words(json_t *res);
/*
 * JUnit's names, shared by the host's and the fleet's: the classname
 * "dockaudit.HOST.SECTION" (a dot in SECTION made '_', so that Jenkins'
 * split at the last dot gives package dockaudit.HOST, class SECTION), and
 * a failure's body: the message, then more after a blank line (copies).
 */
char	*report_junit_classname(const char *host, const char *section);
char	*report_junit_body(const char *message, const char *more);
char *report_rule_cause(json_t *res, char **key);
/* Other Docker sockets found listening, in words with their -H, or NULL. */
char	*report_other_sockets_words(json_t *docker);
const char *report_docker_hint(json_t *docker);
/* The host's site tags in words (--tag), or NULL. */
char	*report_tags_words(json_t *host);
/* The engine of host.engines with that id, or NULL. */
json_t	*report_engine(json_t *report, const char *id);
/* An engine in words: "rootless Podman 4.3.1 of alice at unix://...",
 * "(not reached; found by ...)" when its API did not answer. */
char	*report_engine_words(json_t *engine);
/* A container image of host.images (dockaudit image) in words: "app:1
 * (app.tar: docker-archive, 3 layers, 12.5 MiB unpacked)". */
char	*report_image_words(json_t *image);
/* A result's mapped controls in words (--controls), or NULL. */
char	*report_controls_words(json_t *result);
/* The whole report around an array of result records (stolen). */
json_t	*report_build(const struct run_info *, json_t *results);
/* Fill summary (counts, scores, per-section) from results. */
json_t	*report_summary(json_t *results, const struct bench *);
/* The gate (dockaudit(1), EXIT STATUS): --fail-on, --fail-under. */
struct gate {
	const char	*fail_on;	/* a severity, "new", "none" or NULL */
	double		 fail_under;
	int		 has_fail_under;
};
/*
 * What --fail-on means when it was not given: "low" (any scored failure),
 * or "none" when --fail-under was given alone (a score-only gate).
 */
const char *gate_fail_on(const struct gate *);
/*
 * Decide the gate and record it in the report ("gate"): 1 it failed, else
 * 3 when a rule could not be evaluated, else 0.
 */
int	 report_gate(json_t *report, const struct gate *);
/* The default gate: any scored failure after waivers. */
int	 report_exit_code(json_t *report);
/* A row's identity across runs: "container:NAME", "file:PATH" ... */
char	*report_target_key(json_t *target);
/* Target rows by their key, results by their id (new objects). */
json_t	*report_index_targets(json_t *targets);
json_t	*report_index_results(json_t *results);
/* Failing for a comparison of runs: fail or waived. */
int	 report_failing(const char *status);
/*
 * Mark every result and row new, fixed or unchanged against an earlier
 * report (baseline.c has the one definition of a new failure), its rule
 * ids through the crosswalk of the bench when it is of an earlier
 * version (rules new since are "added"); -1 and *cause when old is not a
 * report, or is one of another benchmark or of a version with no
 * crosswalk.
 */
int	 report_baseline(json_t *report, json_t *old, const char *path,
	    const struct bench *, char **cause);
/*
 * The one test of whether an old record (or fleet report, read from path)
 * can be compared with a run of benchmark id version: the same benchmark,
 * of that version or of an earlier one the crosswalk of id-version maps
 * from. have: that benchmark when the caller holds it; else, with probes,
 * it is loaded by its name ID-VERSION when the versions differ, into
 * *loaded (the caller frees it; NULL when none was needed). -1 and *cause
 * ("PATH is a report of benchmark ...") when they cannot be compared.
 */
struct probe_entry;
int	 report_comparable(json_t *old, const char *path, const char *id,
	    const char *version, const struct bench *have,
	    const struct probe_entry *const *probes, struct bench **loaded,
	    char **cause);
/* Old's results by their ids in the bench's version (renamed through
 * the crosswalk, dropped ones left out); b NULL: by their own ids. */
json_t	*report_index_results_as(json_t *old, const struct bench *b);
/*
 * The targets (containers, images, files...) one run has and the other
 * has not, by their key: {"added": [...], "removed": [...]}, each
 * {"kind", "name", "id", "rules": rows it has, "failing": [rule ids]},
 * in the order they first appear. Their rows are not changes of status:
 * a target gone is not fixed (a failing row of an added one is new).
 */
json_t	*report_target_changes(json_t *old_results, json_t *new_results);
/* "new failures 2 scored rules (5 rows), fixed 1 (1 row), ..." */
char	*report_baseline_words(json_t *baseline);

struct render_opts {
	int	color;
	int	quiet;
	int	all;		/* text: every target row, not the first 10 */
};

struct report_format {
	const char	*name;
	const char	*ext;		/* ".json" */
	const char	*ext2;		/* another name's ending, or NULL */
	const char	*help;
	int	(*write)(json_t *, FILE *, const struct render_opts *);
};

extern const struct report_format report_hdf_entry;
extern const struct report_format report_html_entry;
extern const struct report_format report_json_entry;
extern const struct report_format report_junit_entry;
extern const struct report_format report_sarif_entry;
extern const struct report_format report_text_entry;
extern const struct report_format report_xccdf_entry;
extern const struct report_format *const report_formats[];

const struct report_format *report_format_find(const char *name);
/* "json, html, ..." or (ext) ".json, .html, ..." of the table; free it. */
char	*report_format_list(int ext);
/* "x.json" or "json:x" -> format and path (borrowed from spec or copied). */
const struct report_format *report_format_for(const char *spec,
	    char **path, char **cause);
/* Atomically write; -1 and *cause ("PATH: reason") on failure. */
int	 report_output(const struct report_format *, json_t *, const char *,
	    const struct render_opts *, char **cause);
/* Can a report be written there? Checked before the audit runs. */
int	 report_output_check(const char *path, char **cause);

#endif
