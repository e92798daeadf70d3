/*
 * The command line: one table of options, each row carrying the option's
 * argument type, its field in struct options, its default, the
 * subcommands that accept it and its line of help, so that the defaults,
 * --help, the short and long options getopt is given and the "not an
 * option of" error all come from one place; then a table of the rules
 * between options. An option given to a subcommand that does not take
 * it is a usage error (exit 2), never silently ignored.
 */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "engine/attestations.h"
#include "probes/probe.h"
#include "report/fleet.h"
#include "lib/util.h"

#ifndef BENCHDIR
#define BENCHDIR "/usr/share/dockaudit/benchmarks"
#endif

enum {
	OPT_ALL = 256,
	OPT_ATTESTATIONS,
	OPT_BECAUSE,
	OPT_BY,
	OPT_DATE,
	OPT_EVERY,
	OPT_EXPIRES,
	OPT_FAIL,
	OPT_PASS,
	OPT_TARGET,
	OPT_BASELINE,
	OPT_BENCHMARKS,
	OPT_CONNECT_TIMEOUT,
	OPT_CONTAINER,
	OPT_CONTROLS,
	OPT_ENGINE,
	OPT_EXCLUDE_CONTAINER,
	OPT_FAIL_ON,
	OPT_FAIL_UNDER,
	OPT_FIXTURE,
	OPT_HISTORY,
	OPT_HOST_ID,
	OPT_IMAGE_LAYERS,
	OPT_KEEP,
	OPT_LABEL,
	OPT_LIST_PROBES,
	OPT_MAX_AGE,
	OPT_NO_COLOR,
	OPT_ROOT,
	OPT_TAG,
	OPT_SIGN,
	OPT_SIGNERS,
	OPT_SKIP_DISRUPTIVE,
	OPT_TIMEOUT,
	OPT_VALUES,
	OPT_WAIVERS,
};

/* What an option's argument is, and so how it lands in its field. */
enum arg_type {
	ARG_FLAG,	/* no argument: the int becomes 1 */
	ARG_UNSET,	/* no argument: the int, 1 until then, becomes 0 */
	ARG_ACTION,	/* no argument: its action runs; the command is done */
	ARG_STRING,	/* the const char * */
	ARG_LIST,	/* a comma list, added to the strlist */
	ARG_EACH,	/* repeatable: each one added to the strlist */
	ARG_LEVEL,	/* 1 or 2, in the int */
	ARG_SECONDS,	/* seconds, a plain decimal: the long in milliseconds */
	ARG_COUNT,	/* 1 to 100000, in the long */
	ARG_SCORE,	/* 0 to 100 as a plain decimal, in the double */
};

struct option_row {
	const char	*name;
	int		 val;		/* its letter, or OPT_* */
	enum arg_type	 type;
	size_t		 field;		/* offsetof in struct options */
	/* The default, as it would be given; set by options_init() and
	 * shown in the help as {default}. NULL: none. */
	const char	*def;
	int		 cmds;		/* CMD_* that accept it */
	const char	*arg;		/* the help's name for its argument */
	const char	*help;		/* lines after the first indented */
	const char	*bad;		/* what to give, when not of type */
	/* What the type does not say; -1 after printing why. May be NULL. */
	int		(*check)(const struct options *, const char *);
	/* An int set to 1 when the option is given; 0: none (offset 0 is
	 * benchmark, a string). */
	size_t		 given;
	void		(*action)(const struct cmd_entry *);
};

#define FIELD(m)	offsetof(struct options, m)
_Static_assert(FIELD(benchmark) == 0, "given: 0 names no field");

static int	format_check(const struct options *, const char *);
static int	text_json_check(const struct options *, const char *);
static int	host_id_check(const struct options *, const char *);
static int	tag_check(const struct options *, const char *);
static int	gate_check(const struct options *, const char *);
static int	date_check(const struct options *, const char *);
static int	expires_check(const struct options *, const char *);
static int	every_check(const struct options *, const char *);
static int	fleet_gate_check(const struct options *, const char *);
static void	help_action(const struct cmd_entry *);
static void	version_action(const struct cmd_entry *);
static void	list_probes_action(const struct cmd_entry *);

#define SECONDS_BAD	"give seconds as a plain decimal, from 0.001 to 3600"

/*
 * In the order --help shows them. An option that means something else
 * for one command has a row of its own for it, with that command's help
 * (merge's --tag, --signers, --baseline, --fail-on and --fail-under; list
 * and diff's -f), so that no row's help speaks of another command.
 */
static const struct option_row option_rows[] = {
	{ .name = "benchmark", .val = 'b', .type = ARG_STRING,
	    .field = FIELD(benchmark), .def = "cis-docker-1.8.0",
	    .cmds = CMD_AUDIT | CMD_IMAGE | CMD_LIST | CMD_VALIDATE | CMD_ATTEST,
	    .arg = "NAME|FILE",
	    .help = "benchmark to run (default {default},\n"
	    "looked up in $DOCKAUDIT_BENCHDIR, then " BENCHDIR ")" },
	{ .name = "benchmarks", .val = OPT_BENCHMARKS, .type = ARG_FLAG,
	    .field = FIELD(benchmarks), .cmds = CMD_LIST,
	    .help = "the benchmarks shipped (name, id, version,\n"
	    "title), not the rules" },
	{ .name = "level", .val = 'l', .type = ARG_LEVEL, .field = FIELD(level),
	    .def = "2", .cmds = CMD_AUDIT | CMD_IMAGE | CMD_LIST, .arg = "1|2",
	    .help = "1: level 1 rules only; 2: all (default {default})",
	    .bad = "the level is 1 or 2" },
	{ .name = "check", .val = 'c', .type = ARG_LIST, .field = FIELD(checks),
	    .cmds = CMD_AUDIT | CMD_IMAGE | CMD_LIST | CMD_FIX, .arg = "IDS",
	    .help = "only these rules or sections (comma list)" },
	{ .name = "exclude", .val = 'x', .type = ARG_LIST,
	    .field = FIELD(excludes), .cmds = CMD_AUDIT | CMD_IMAGE | CMD_LIST | CMD_FIX,
	    .arg = "IDS", .help = "leave out these rules or sections" },
	{ .name = "values", .val = OPT_VALUES, .type = ARG_STRING,
	    .field = FIELD(values), .cmds = CMD_AUDIT | CMD_IMAGE | CMD_LIST,
	    .arg = "FILE", .help = "tailor the benchmark's values" },
	{ .name = "root", .val = OPT_ROOT, .type = ARG_STRING,
	    .field = FIELD(root), .cmds = CMD_AUDIT, .arg = "DIR",
	    .help = "audit the filesystem tree at DIR (a mounted\n"
	    "image); /proc, /sys, processes and live audit\n"
	    "rules are not read: rules that need them are\n"
	    "notapplicable (\"offline\")" },
	{ .name = "root", .val = OPT_ROOT, .type = ARG_STRING,
	    .field = FIELD(root), .cmds = CMD_FIX, .arg = "DIR",
	    .help = "read the host's files (daemon.json) in the tree\n"
	    "at DIR, not in /; the plan's paths are in it" },
	{ .name = "output", .val = 'o', .type = ARG_STRING,
	    .field = FIELD(fix_dir), .cmds = CMD_FIX, .arg = "DIR",
	    .help = "the directory of the plan (made when missing;\n"
	    "empty, or holding an earlier plan)" },
	{ .name = "skip-disruptive", .val = OPT_SKIP_DISRUPTIVE,
	    .type = ARG_FLAG, .field = FIELD(skip_disruptive), .cmds = CMD_FIX,
	    .help = "leave out the changes that disrupt what runs\n"
	    "(PLAN.md lists them)" },
	{ .name = "host", .val = 'H', .type = ARG_STRING, .field = FIELD(host),
	    .cmds = CMD_AUDIT, .arg = "URL",
	    .help = "audit the one engine at this endpoint:\n"
	    "unix:///PATH or tcp://HOST:PORT (TLS as the\n"
	    "docker CLI; its kind from --engine when that\n"
	    "names one, else from the socket's name)" },
	{ .name = "engine", .val = OPT_ENGINE, .type = ARG_STRING,
	    .field = FIELD(engine), .def = "auto", .cmds = CMD_AUDIT,
	    .arg = "LIST",
	    .help = "the engines to audit: auto (every one found),\n"
	    "or docker, docker-rootless, podman,\n"
	    "podman-rootless, comma-separated (default\n"
	    "{default})" },
	{ .name = "image-layers", .val = OPT_IMAGE_LAYERS, .type = ARG_FLAG,
	    .field = FIELD(image_layers), .cmds = CMD_AUDIT,
	    .help = "also read each image's layers, through the\n"
	    "daemon's export of it (GET /images/ID/get,\n"
	    "streamed), to decide rules 4.8, 4.10 and 4.11" },
	{ .name = "connect-timeout", .val = OPT_CONNECT_TIMEOUT,
	    .type = ARG_SECONDS, .field = FIELD(connect_ms), .def = "3",
	    .cmds = CMD_AUDIT, .arg = "SEC",
	    .help = "to reach the daemon (default {default})",
	    .bad = SECONDS_BAD },
	{ .name = "container", .val = OPT_CONTAINER, .type = ARG_EACH,
	    .field = FIELD(filter.include), .cmds = CMD_AUDIT,
	    .arg = "NAME|ID", .help = "only these running containers "
	    "(repeatable; an\nid prefix of 4 or more characters)" },
	{ .name = "exclude-container", .val = OPT_EXCLUDE_CONTAINER,
	    .type = ARG_EACH, .field = FIELD(filter.exclude), .cmds = CMD_AUDIT,
	    .arg = "NAME|ID",
	    .help = "leave these containers out (repeatable)" },
	{ .name = "label", .val = OPT_LABEL, .type = ARG_EACH,
	    .field = FIELD(filter.labels), .cmds = CMD_AUDIT,
	    .arg = "KEY[=VALUE]", .help = "only containers with this label "
	    "(repeatable:\nall must match)" },
	{ .name = "host-id", .val = OPT_HOST_ID, .type = ARG_STRING,
	    .field = FIELD(host_id), .cmds = CMD_AUDIT | CMD_IMAGE, .arg = "ID",
	    .help = "this host's id in the record (default: one\n"
	    "derived from the audited root's machine-id)",
	    .check = host_id_check },
	{ .name = "tag", .val = OPT_TAG, .type = ARG_EACH, .field = FIELD(tags),
	    .cmds = CMD_AUDIT | CMD_IMAGE, .arg = "KEY=VALUE",
	    .help = "a site tag in the record (repeatable), for\n"
	    "fleet reports", .check = tag_check },
	{ .name = "tag", .val = OPT_TAG, .type = ARG_EACH, .field = FIELD(tags),
	    .cmds = CMD_MERGE, .arg = "KEY=VALUE",
	    .help = "only hosts with this tag (repeatable: all\n"
	    "must match)", .check = tag_check },
	{ .name = "timeout", .val = OPT_TIMEOUT, .type = ARG_SECONDS,
	    .field = FIELD(timeout_ms), .def = "20", .cmds = CMD_AUDIT,
	    .arg = "SEC", .help = "for one API request (default {default})",
	    .bad = SECONDS_BAD },
	{ .name = "output", .val = 'o', .type = ARG_EACH,
	    .field = FIELD(outputs), .cmds = CMD_AUDIT | CMD_IMAGE | CMD_RENDER | CMD_MERGE,
	    .arg = "FILE",
	    .help = "write a report; repeatable; format from the\n"
	    "extension or FORMAT:FILE (formats below)" },
	{ .name = "format", .val = 'f', .type = ARG_STRING,
	    .field = FIELD(format), .def = "text",
	    .cmds = CMD_AUDIT | CMD_IMAGE | CMD_RENDER, .arg = "FMT",
	    .help = "format on standard output (default {default};\n"
	    "formats below)",
	    .check = format_check, .given = FIELD(format_given) },
	{ .name = "format", .val = 'f', .type = ARG_STRING,
	    .field = FIELD(format), .def = "text", .cmds = CMD_DIFF | CMD_LIST,
	    .arg = "FMT", .help = "on standard output: text or json (default\n"
	    "{default})", .check = text_json_check,
	    .given = FIELD(format_given) },
	{ .name = "sign", .val = OPT_SIGN, .type = ARG_STRING,
	    .field = FIELD(sign), .cmds = CMD_AUDIT | CMD_IMAGE | CMD_RENDER | CMD_MERGE,
	    .arg = "KEY",
	    .help = "sign each -o file into FILE.sig (an OpenSSH\n"
	    "Ed25519 private key; encrypted: through\n"
	    "ssh-agent); check with dockaudit verify or\n"
	    "ssh-keygen -Y verify -n dockaudit" },
	{ .name = "signers", .val = OPT_SIGNERS, .type = ARG_STRING,
	    .field = FIELD(signers), .cmds = CMD_VERIFY, .arg = "FILE",
	    .help = "the keys you trust, by name (ssh-keygen's\n"
	    "allowed_signers format)" },
	{ .name = "signers", .val = OPT_SIGNERS, .type = ARG_STRING,
	    .field = FIELD(signers), .cmds = CMD_MERGE, .arg = "FILE",
	    .help = "merge only the reports signed by a key that\n"
	    "FILE names (ssh-keygen's allowed_signers\n"
	    "format; FILE.sig beside each report)" },
	{ .name = "waivers", .val = OPT_WAIVERS, .type = ARG_STRING,
	    .field = FIELD(waivers), .cmds = CMD_AUDIT | CMD_IMAGE, .arg = "FILE",
	    .help = "accepted exceptions (dockaudit-waivers(5))" },
	{ .name = "attestations", .val = OPT_ATTESTATIONS, .type = ARG_STRING,
	    .field = FIELD(attestations), .cmds = CMD_AUDIT | CMD_IMAGE, .arg = "FILE",
	    .help = "a person's pass or fail for manual rules\n"
	    "(dockaudit-attestations(5))" },
	{ .name = "pass", .val = OPT_PASS, .type = ARG_FLAG,
	    .field = FIELD(attest_pass), .cmds = CMD_ATTEST,
	    .help = "the rule passes (the person's verdict)" },
	{ .name = "fail", .val = OPT_FAIL, .type = ARG_FLAG,
	    .field = FIELD(attest_fail), .cmds = CMD_ATTEST,
	    .help = "the rule fails (the person's verdict)" },
	{ .name = "by", .val = OPT_BY, .type = ARG_STRING,
	    .field = FIELD(attest_by), .cmds = CMD_ATTEST, .arg = "NAME",
	    .help = "who attests it" },
	{ .name = "because", .val = OPT_BECAUSE, .type = ARG_STRING,
	    .field = FIELD(attest_because), .cmds = CMD_ATTEST, .arg = "TEXT",
	    .help = "the explanation, shown in every report" },
	{ .name = "date", .val = OPT_DATE, .type = ARG_STRING,
	    .field = FIELD(attest_date), .cmds = CMD_ATTEST,
	    .arg = "YYYY-MM-DD", .help = "the day the person checked it\n"
	    "(default today, UTC; not later)",
	    .check = date_check },
	{ .name = "expires", .val = OPT_EXPIRES, .type = ARG_STRING,
	    .field = FIELD(attest_expires), .cmds = CMD_ATTEST,
	    .arg = "YYYY-MM-DD", .help = "the day it lapses (UTC)",
	    .check = expires_check },
	{ .name = "every", .val = OPT_EVERY, .type = ARG_STRING,
	    .field = FIELD(attest_every), .cmds = CMD_ATTEST, .arg = "Nd",
	    .help = "it lapses N days after the day it was\n"
	    "checked (e.g. 90d)",
	    .check = every_check },
	{ .name = "target", .val = OPT_TARGET, .type = ARG_EACH,
	    .field = FIELD(attest_targets), .cmds = CMD_ATTEST, .arg = "NAME",
	    .help = "only the rule's rows of this name (a glob;\n"
	    "repeatable)" },
	{ .name = "output", .val = 'o', .type = ARG_STRING,
	    .field = FIELD(attest_file), .cmds = CMD_ATTEST, .arg = "FILE",
	    .help = "the attestations file to add to (created\n"
	    "when missing)" },
	{ .name = "controls", .val = OPT_CONTROLS, .type = ARG_STRING,
	    .field = FIELD(controls), .cmds = CMD_AUDIT | CMD_IMAGE, .arg = "FILE",
	    .help = "map rules to your controls (dockaudit-controls(5))" },
	{ .name = "baseline", .val = OPT_BASELINE, .type = ARG_STRING,
	    .field = FIELD(baseline), .cmds = CMD_AUDIT | CMD_IMAGE, .arg = "FILE",
	    .help = "an earlier JSON report: mark each result\n"
	    "new, unchanged or fixed" },
	{ .name = "baseline", .val = OPT_BASELINE, .type = ARG_STRING,
	    .field = FIELD(baseline), .cmds = CMD_MERGE, .arg = "FILE",
	    .help = "an earlier JSON fleet report: the drift\n"
	    "since, host by host and rule by rule" },
	{ .name = "fail-on", .val = OPT_FAIL_ON, .type = ARG_STRING,
	    .field = FIELD(gate.fail_on), .cmds = CMD_AUDIT | CMD_IMAGE,
	    .arg = "SEVERITY|new|none", .help = "the gate: fail on a scored "
	    "failure of this\nseverity or above (low, medium, high,\n"
	    "critical; default low), on new failures\n"
	    "only (needs --baseline or --history), or\n"
	    "none (the score only, as --fail-under alone)",
	    .check = gate_check },
	{ .name = "fail-on", .val = OPT_FAIL_ON, .type = ARG_STRING,
	    .field = FIELD(gate.fail_on), .cmds = CMD_MERGE,
	    .arg = "SEVERITY|new|none|stale", .help = "the gate: fail when a "
	    "current host fails a\nscored rule of this severity or above (low,\n"
	    "medium, high, critical; default low), on new\n"
	    "failures since --baseline only, on a stale\nhost only, or none "
	    "(the score only, as\n--fail-under alone)",
	    .check = fleet_gate_check },
	{ .name = "fail-under", .val = OPT_FAIL_UNDER, .type = ARG_SCORE,
	    .field = FIELD(gate.fail_under), .cmds = CMD_AUDIT | CMD_IMAGE,
	    .arg = "SCORE", .help = "the gate fails when the score with\n"
	    "waivers is under SCORE (0-100); alone, only\n"
	    "then: add --fail-on to fail on failures too",
	    .bad = "give a score from 0 to 100 as a plain decimal (80, 72.5)",
	    .given = FIELD(gate.has_fail_under) },
	{ .name = "fail-under", .val = OPT_FAIL_UNDER, .type = ARG_SCORE,
	    .field = FIELD(gate.fail_under), .cmds = CMD_MERGE,
	    .arg = "SCORE", .help = "the gate fails when the lowest score with\n"
	    "waivers of a current host is under SCORE\n"
	    "(0-100); alone, only then: add --fail-on to\nfail on failures too",
	    .bad = "give a score from 0 to 100 as a plain decimal (80, 72.5)",
	    .given = FIELD(gate.has_fail_under) },
	{ .name = "max-age", .val = OPT_MAX_AGE, .type = ARG_COUNT,
	    .field = FIELD(max_age_h), .def = "48", .cmds = CMD_MERGE,
	    .arg = "HOURS", .help = "a host whose report is older is stale\n"
	    "(default {default})",
	    .bad = "give hours, from 1 to 100000" },
	{ .name = "history", .val = OPT_HISTORY, .type = ARG_STRING,
	    .field = FIELD(history), .cmds = CMD_AUDIT | CMD_IMAGE, .arg = "DIR",
	    .help = "periodic runs: dated reports in DIR, the\n"
	    "previous one as baseline, latest.json, one\n"
	    "summary line on standard output" },
	{ .name = "keep", .val = OPT_KEEP, .type = ARG_COUNT,
	    .field = FIELD(keep), .def = "30", .cmds = CMD_AUDIT | CMD_IMAGE, .arg = "N",
	    .help = "with --history: keep the newest N runs\n"
	    "(default {default})", .bad = "give a number from 1 to 100000" },
	{ .name = "all", .val = OPT_ALL, .type = ARG_FLAG, .field = FIELD(all),
	    .cmds = CMD_AUDIT | CMD_IMAGE | CMD_RENDER,
	    .help = "text: every target row of each rule listed, not\n"
	    "the first 10 failing ones" },
	{ .name = "quiet", .val = 'q', .type = ARG_FLAG, .field = FIELD(quiet),
	    .cmds = CMD_AUDIT | CMD_IMAGE | CMD_RENDER,
	    .help = "print only the summary line" },
	{ .name = "no-color", .val = OPT_NO_COLOR, .type = ARG_UNSET,
	    .field = FIELD(color), .cmds = CMD_AUDIT | CMD_IMAGE | CMD_RENDER,
	    .help = "no colour (also: NO_COLOR set)" },
	{ .name = "list-probes", .val = OPT_LIST_PROBES, .type = ARG_ACTION,
	    .cmds = CMD_ALL, .help = "list the probe kinds benchmarks can use",
	    .action = list_probes_action },
	{ .name = "fixture", .val = OPT_FIXTURE, .type = ARG_STRING,
	    .field = FIELD(fixture), .cmds = CMD_AUDIT, .arg = "DIR",
	    .help = "audit a recorded host (tests; see dockaudit(1))" },
	{ .name = "version", .val = 'V', .type = ARG_ACTION, .cmds = CMD_ALL,
	    .help = "print the version", .action = version_action },
	{ .name = "help", .val = 'h', .type = ARG_ACTION, .cmds = CMD_ALL,
	    .help = "this help", .action = help_action },
};

/*
 * Rules between options, checked in this order once the command line is
 * read: OPT given (with the argument ARG, when not NULL) needs NEEDS or
 * NEEDS_OR, or cannot go with EXCLUDES.
 */
struct option_rule {
	int		 cmds;		/* CMD_* where it holds */
	int		 opt;
	const char	*arg;
	int		 needs, needs_or;	/* OPT_*; 0: none */
	int		 excludes;		/* OPT_*; 0: none */
	const char	*error;
};

static const struct option_rule option_rules[] = {
	{ CMD_AUDIT | CMD_IMAGE, OPT_FAIL_ON, "new", OPT_BASELINE, OPT_HISTORY, 0,
	    "--fail-on new needs --baseline FILE (or --history)" },
	{ CMD_MERGE, OPT_FAIL_ON, "new", OPT_BASELINE, 0, 0,
	    "--fail-on new needs --baseline FILE" },
	{ CMD_AUDIT | CMD_IMAGE, OPT_KEEP, NULL, OPT_HISTORY, 0, 0,
	    "--keep needs --history DIR (it says how many runs the history "
	    "keeps)" },
	{ CMD_AUDIT, OPT_ROOT, NULL, 0, 0, OPT_FIXTURE,
	    "--root and --fixture cannot be used together" },
	{ CMD_ATTEST, OPT_PASS, NULL, 0, 0, OPT_FAIL,
	    "--pass and --fail cannot be used together: give one verdict" },
	{ CMD_ATTEST, OPT_EXPIRES, NULL, 0, 0, OPT_EVERY,
	    "--expires and --every cannot be used together: give one expiry" },
};

static int
takes_arg(const struct option_row *r)
{
	return r->type != ARG_FLAG && r->type != ARG_UNSET &&
	    r->type != ARG_ACTION;
}

/* "-l" or "--timeout": how errors name an option. */
static const char *
option_name(const struct option_row *r, char *buf, size_t len)
{
	if (r->val < 256)
		snprintf(buf, len, "-%c", r->val);
	else
		snprintf(buf, len, "--%s", r->name);
	return buf;
}

/* The help's first column: "-b, --benchmark NAME|FILE", "    --all". */
static void
row_left(const struct option_row *r, char *buf, size_t len)
{
	char	letter[5] = "    ";

	if (r->val < 256)
		snprintf(letter, sizeof letter, "-%c, ", r->val);
	snprintf(buf, len, "%s--%s%s%s", letter, r->name, r->arg != NULL ?
	    " " : "", r->arg != NULL ? r->arg : "");
}

/* The row's help, {default} replaced by its default. */
static char *
row_help(const struct option_row *r)
{
	const char	*at = strstr(r->help, "{default}");

	if (at == NULL)
		return xstrdup(r->help);
	return xasprintf("%.*s%s%s", (int)(at - r->help), r->help, r->def,
	    at + strlen("{default}"));
}

static void
usage(const struct cmd_entry *cmd, FILE *fp)
{
	const struct option_row	*r;
	const char		*p, *nl;
	char			 left[64], *help;
	size_t			 i;

	if (cmd->id == CMD_AUDIT) {
		fprintf(fp, "usage: dockaudit [COMMAND] [OPTIONS]\n\n"
		    "Commands:\n");
		for (i = 0; cmd_table[i] != NULL; i++)
			fprintf(fp, "  %-32s %s\n", cmd_table[i]->usage,
			    cmd_table[i]->help);
		fputs("\nOptions (of audit; 'dockaudit COMMAND --help' for "
		    "another command's):\n", fp);
	} else
		fprintf(fp, "usage: dockaudit %s\n%s\n\nOptions:\n",
		    cmd->usage, cmd->help);
	for (i = 0; i < nitems(option_rows); i++) {
		r = &option_rows[i];
		if (!(r->cmds & cmd->id))
			continue;
		row_left(r, left, sizeof left);
		if (strlen(left) > 26)
			fprintf(fp, "  %s  ", left);
		else
			fprintf(fp, "  %-26s ", left);
		help = row_help(r);
		for (p = help; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
			fprintf(fp, "%.*s\n%29s", (int)(nl - p), p, "");
		fprintf(fp, "%s\n", p);
		free(help);
	}
	if (cmd->id & (CMD_AUDIT | CMD_IMAGE))
		fputs("\nExit status: 0 the gate passed; 1 the gate failed (by "
		    "default: a scored\nrule failed, after waivers); 2 bad "
		    "usage, an invalid input file or a\nreport that could not "
		    "be written; 3 some rules could not be evaluated\nand the "
		    "gate passed.\n", fp);
	if (cmd->id == CMD_MERGE) {
		fputs("\nFormats (of the fleet report):\n", fp);
		for (i = 0; fleet_formats[i] != NULL; i++)
			fprintf(fp, "  %-8s %-7s %s\n", fleet_formats[i]->name,
			    fleet_formats[i]->ext, fleet_formats[i]->help);
	}
	if (cmd->id & (CMD_AUDIT | CMD_RENDER | CMD_IMAGE)) {
		fputs("\nFormats:\n", fp);
		for (i = 0; report_formats[i] != NULL; i++) {
			fprintf(fp, "  %-8s %-9s %s\n", report_formats[i]->name,
			    report_formats[i]->ext, report_formats[i]->help);
			if (report_formats[i]->ext2 != NULL)
				fprintf(fp, "%21s(also %s)\n", "",
				    report_formats[i]->ext2);
		}
	}
}

static void
help_action(const struct cmd_entry *cmd)
{
	usage(cmd, stdout);
}

static void
version_action(const struct cmd_entry *cmd)
{
	(void)cmd;
	printf("dockaudit %s\n", PACKAGE_VERSION);
}

static void
list_probes_action(const struct cmd_entry *cmd)
{
	size_t	i;

	(void)cmd;
	for (i = 0; probe_table[i] != NULL; i++)
		printf("%-17s %s\n", probe_table[i]->name,
		    probe_table[i]->help);
}

/* A plain decimal: digits, at most one point and digits after it. */
static int
is_decimal(const char *s)
{
	size_t	digits = strspn(s, "0123456789"), frac = 0;

	if (s[digits] == '.')
		frac = strspn(s + digits + 1, "0123456789");
	return (digits > 0 || frac > 0) && s[digits + (s[digits] == '.' ?
	    1 + frac : 0)] == '\0' && !(s[digits] == '.' && frac == 0);
}

/* Seconds (a plain decimal) to milliseconds, at least 1; -1 otherwise. */
static long
parse_seconds(const char *s)
{
	double	 v;

	if (!is_decimal(s))
		return -1;
	v = strtod(s, NULL);
	if (v < 0.001 || v > 3600)
		return -1;
	return (long)(v * 1000 + 0.5);
}

static long
parse_count(const char *s)
{
	long	v;

	if (*s == '\0' || strspn(s, "0123456789") != strlen(s) ||
	    strlen(s) > 6)
		return -1;
	v = strtol(s, NULL, 10);
	return v < 1 || v > 100000 ? -1 : v;
}

static int
parse_score(const char *s, double *out)
{
	if (!is_decimal(s))
		return -1;
	*out = strtod(s, NULL);
	return *out > 100 ? -1 : 0;
}

static int
parse_level(const char *s)
{
	if (strcmp(s, "1") == 0)
		return 1;
	if (strcmp(s, "2") == 0)
		return 2;
	return -1;
}

#define ID_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" \
	"0123456789._-"

static int
format_check(const struct options *o, const char *arg)
{
	char	*names;

	(void)o;
	if (report_format_find(arg) != NULL)
		return 0;
	names = report_format_list(0);
	log_error("-f %s: unknown format (%s)", arg, names);
	free(names);
	return -1;
}

/* list and diff write text or json only. */
static int
text_json_check(const struct options *o, const char *arg)
{
	(void)o;
	if (strcmp(arg, "text") == 0 || strcmp(arg, "json") == 0)
		return 0;
	log_error("-f %s: give text or json", arg);
	return -1;
}

static int
host_id_check(const struct options *o, const char *arg)
{
	(void)o;
	if (*arg == '\0' || strlen(arg) > 64 ||
	    strspn(arg, ID_CHARS) != strlen(arg)) {
		log_error("--host-id %s: give 1 to 64 letters, digits, '.', "
		    "'_' or '-'", arg);
		return -1;
	}
	return 0;
}

/* KEY=VALUE: a key of ID_CHARS, given once; a printable value. */
static int
tag_check(const struct options *o, const char *arg)
{
	const char	*eq = strchr(arg, '=');
	size_t		 klen = eq != NULL ? (size_t)(eq - arg) : 0, i;

	if (eq == NULL || klen == 0 || klen > 64 || strlen(eq + 1) > 256 ||
	    strspn(arg, ID_CHARS) != klen) {
		log_error("--tag %s: give KEY=VALUE (a key of letters, digits, "
		    "'.', '_' or '-'; a value of at most 256 bytes)", arg);
		return -1;
	}
	for (i = 0; eq[1 + i] != '\0'; i++) {
		if ((unsigned char)eq[1 + i] < 0x20 || eq[1 + i] == 0x7f) {
			log_error("--tag %.*s: the value has a control "
			    "character", (int)klen, arg);
			return -1;
		}
	}
	for (i = 0; i < o->tags.n; i++) {
		if (strncmp(o->tags.v[i], arg, klen + 1) == 0) {
			log_error("--tag %.*s: given twice", (int)klen, arg);
			return -1;
		}
	}
	return 0;
}

static int
date_check(const struct options *o, const char *arg)
{
	time_t	t;

	(void)o;
	if (day_utc(arg, &t) == -1) {
		log_error("--date %s: give the day the check was done alone, "
		    "YYYY-MM-DD", arg);
		return -1;
	}
	return 0;
}

static int
expires_check(const struct options *o, const char *arg)
{
	time_t	t;

	(void)o;
	if (day_utc(arg, &t) == -1) {
		log_error("--expires %s: give a date alone, YYYY-MM-DD", arg);
		return -1;
	}
	return 0;
}

static int
every_check(const struct options *o, const char *arg)
{
	(void)o;
	if (attestations_every(arg) == -1) {
		log_error("--every %s: give a number of days, 1 to 9999, then "
		    "d (e.g. 90d)", arg);
		return -1;
	}
	return 0;
}

/* The gate of one host (report/score.c): a severity, or new. */
static int
gate_check(const struct options *o, const char *arg)
{
	(void)o;
	if (strcmp(arg, "new") == 0 || strcmp(arg, "none") == 0 ||
	    severity_from_name(arg) >= 0)
		return 0;
	log_error("--fail-on %s: give low, medium, high, critical, new or "
	    "none", arg);
	return -1;
}

/* A fleet's gate (report/fleet.c) also fails on stale hosts. */
static int
fleet_gate_check(const struct options *o, const char *arg)
{
	return strcmp(arg, "stale") == 0 ? 0 : gate_check(o, arg);
}

/* The row cmd has for an option getopt returned; NULL: none. */
static const struct option_row *
option_row(const struct cmd_entry *cmd, int val)
{
	size_t	i;

	for (i = 0; i < nitems(option_rows); i++) {
		if (option_rows[i].val == val && (option_rows[i].cmds &
		    cmd->id))
			return &option_rows[i];
	}
	return NULL;
}

/* The commands that take an option, from all its rows. */
static int
option_cmds(int val)
{
	size_t	i;
	int	cmds = 0;

	for (i = 0; i < nitems(option_rows); i++) {
		if (option_rows[i].val == val)
			cmds |= option_rows[i].cmds;
	}
	return cmds;
}

/* "audit, list" for the error naming who takes an option. */
static char *
cmds_of(int cmds)
{
	char	*s = NULL, *t;
	size_t	 i;

	for (i = 0; cmd_table[i] != NULL; i++) {
		if (!(cmds & cmd_table[i]->id))
			continue;
		t = xasprintf("%s%s%s", s != NULL ? s : "", s != NULL ? ", " :
		    "", cmd_table[i]->name);
		free(s);
		s = t;
	}
	return s;
}

/* Store arg in r's field by r's type; -1 when it is not of the type. */
static int
option_store(const struct option_row *r, struct options *o, const char *arg)
{
	void	*f = (char *)o + r->field;
	long	 v;

	switch (r->type) {
	case ARG_FLAG:
		*(int *)f = 1;
		break;
	case ARG_UNSET:
		*(int *)f = 0;
		break;
	case ARG_ACTION:
		break;
	case ARG_STRING:
		*(const char **)f = arg;
		break;
	case ARG_LIST:
		strlist_split(f, arg, ", ");
		break;
	case ARG_EACH:
		strlist_add(f, arg);
		break;
	case ARG_LEVEL:
		if ((v = parse_level(arg)) == -1)
			return -1;
		*(int *)f = (int)v;
		break;
	case ARG_SECONDS:
		if ((v = parse_seconds(arg)) == -1)
			return -1;
		*(long *)f = v;
		break;
	case ARG_COUNT:
		if ((v = parse_count(arg)) == -1)
			return -1;
		*(long *)f = v;
		break;
	case ARG_SCORE:
		if (parse_score(arg, f) == -1)
			return -1;
		break;
	}
	return 0;
}

void
options_init(struct options *o)
{
	const struct option_row	*r;
	size_t			 i;

	memset(o, 0, sizeof *o);
	for (i = 0; i < nitems(option_rows); i++) {
		r = &option_rows[i];
		/* The help names an argument and shows a default only when
		 * the row has them. */
		if ((r->arg != NULL) != takes_arg(r) || (r->def != NULL) !=
		    (strstr(r->help, "{default}") != NULL))
			fatal("--%s: its row's argument or default is not the "
			    "help's", r->name);
		if (r->type == ARG_UNSET)
			*(int *)((char *)o + r->field) = 1;
		else if (r->def != NULL && option_store(r, o, r->def) == -1)
			fatal("--%s: its default %s is not one", r->name,
			    r->def);
	}
}

/* One command line option of cmd; 1 when done, 2 on bad usage. */
static int
option_set(const struct cmd_entry *cmd, const struct option_row *r,
    struct options *o, const char *arg)
{
	char	name[32];

	if (r->type == ARG_ACTION) {
		r->action(cmd);
		return 1;
	}
	if (r->check != NULL && r->check(o, arg) == -1)
		return 2;
	if (option_store(r, o, arg) == -1) {
		log_error("%s %s: %s", option_name(r, name, sizeof name), arg,
		    r->bad);
		return 2;
	}
	if (r->given != 0)
		*(int *)((char *)o + r->given) = 1;
	return 0;
}

/* The argument the option val was last given with ("" for a flag). */
static const char *
given_arg(const char *const *given, int val)
{
	size_t	i;

	for (i = 0; val != 0 && i < nitems(option_rows); i++) {
		if (option_rows[i].val == val && given[i] != NULL)
			return given[i];
	}
	return NULL;
}

/* The first rule between options cmd's command line breaks; 2 if one. */
static int
options_rules(const struct cmd_entry *cmd, const char *const *given)
{
	const struct option_rule	*u;
	const char			*arg;
	size_t				 i;

	for (i = 0; i < nitems(option_rules); i++) {
		u = &option_rules[i];
		if (!(u->cmds & cmd->id) ||
		    (arg = given_arg(given, u->opt)) == NULL ||
		    (u->arg != NULL && strcmp(arg, u->arg) != 0))
			continue;
		if ((u->needs != 0 && given_arg(given, u->needs) == NULL &&
		    given_arg(given, u->needs_or) == NULL) ||
		    given_arg(given, u->excludes) != NULL) {
			log_error("%s", u->error);
			return 2;
		}
	}
	return 0;
}

/*
 * The row named by what was typed, a close match, for "did you mean": of
 * cmd's options first, then (*other set) of another command's; NULL.
 */
static const struct option_row *
option_near(const struct cmd_entry *cmd, const char *typed, int *other)
{
	const struct option_row	*best = NULL;
	size_t			 i;
	int			 d, bd = -1, pass;

	for (pass = 0; pass < 2 && best == NULL; pass++) {
		for (i = 0; i < nitems(option_rows); i++) {
			if (((option_rows[i].cmds & cmd->id) != 0) == pass ||
			    (d = str_typo(typed, option_rows[i].name, 0)) == -1)
				continue;
			if (bd == -1 || d < bd) {
				best = &option_rows[i];
				bd = d;
			}
		}
		*other = pass;
	}
	return best;
}

/*
 * What getopt refused (it prints nothing: opterr is 0), said once: an
 * unknown option with a close match or where cmd's options are listed,
 * an abbreviation of several, a missing or an unwanted argument.
 */
static void
option_refused(const struct cmd_entry *cmd, int ch, const char *word)
{
	const struct option_row	*r = NULL, *near;
	char			*typed, *who, name[32], *list = NULL, *t;
	size_t			 i, j, n = 0;
	int			 other;

	for (i = 0; optopt != 0 && i < nitems(option_rows); i++) {
		if (option_rows[i].val == optopt)
			r = &option_rows[i];
	}
	if (ch == ':' && r != NULL) {
		log_error("option %s needs an argument (%s)", option_name(r,
		    name, sizeof name), r->arg);
		return;
	}
	if (r != NULL) {
		log_error("option --%s takes no argument", r->name);
		return;
	}
	if (optopt != 0 || word == NULL || strncmp(word, "--", 2) != 0) {
		log_error("unknown option -%c ('dockaudit %s --help' lists its "
		    "options)", optopt != 0 ? optopt : '?', cmd->name);
		return;
	}
	typed = xstrdup(word + 2);
	typed[strcspn(typed, "=")] = '\0';
	/* getopt takes a unique abbreviation; this one has several. */
	for (i = 0; i < nitems(option_rows); i++) {
		for (j = 0; j < i && strcmp(option_rows[j].name,
		    option_rows[i].name) != 0; j++)
			;
		if (j < i || strncmp(option_rows[i].name, typed,
		    strlen(typed)) != 0)
			continue;
		t = xasprintf("%s%s--%s", list != NULL ? list : "", list !=
		    NULL ? " or " : "", option_rows[i].name);
		free(list);
		list = t;
		n++;
	}
	if (n > 1 && *typed != '\0')
		log_error("ambiguous option --%s (%s?)", typed, list);
	else if ((near = option_near(cmd, typed, &other)) != NULL && !other)
		log_error("unknown option --%s (did you mean --%s?)", typed,
		    near->name);
	else if (near != NULL) {
		who = cmds_of(option_cmds(near->val));
		log_error("unknown option --%s (did you mean --%s? an option "
		    "of %s)", typed, near->name, who);
		free(who);
	} else
		log_error("unknown option --%s ('dockaudit %s --help' lists "
		    "its options)", typed, cmd->name);
	free(list);
	free(typed);
}

int
options_parse(const struct cmd_entry *cmd, struct options *o, int argc,
    char **argv, int *first)
{
	/* Every option, not only cmd's: another command's gets its error. */
	struct option		 longs[nitems(option_rows) + 1];
	char			 shorts[2 * nitems(option_rows) + 2];
	const char		*given[nitems(option_rows)];
	const struct option_row	*r;
	char			*who, name[32];
	size_t			 i, j, nl = 0, ns = 0;
	int			 ch, rc;

	memset(longs, 0, sizeof longs);
	memset(given, 0, sizeof given);
	/* ':' first: a missing argument is told from an unknown option. */
	shorts[ns++] = ':';
	for (i = 0; i < nitems(option_rows); i++) {
		r = &option_rows[i];
		for (j = 0; j < i && strcmp(option_rows[j].name, r->name); j++)
			;
		if (j < i)
			continue;
		longs[nl].name = r->name;
		longs[nl].has_arg = takes_arg(r) ? required_argument :
		    no_argument;
		longs[nl++].val = r->val;
		if (r->val < 256) {
			shorts[ns++] = (char)r->val;
			if (takes_arg(r))
				shorts[ns++] = ':';
		}
	}
	shorts[ns] = '\0';
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (ch == '?' || ch == ':') {
			option_refused(cmd, ch, optind > 0 && optind <= argc ?
			    argv[optind - 1] : NULL);
			return 2;
		}
		if ((r = option_row(cmd, ch)) == NULL) {
			who = cmds_of(option_cmds(ch));
			for (i = 0; option_rows[i].val != ch; i++)
				;
			log_error("%s: %s is not an option of %s (it is "
			    "for: %s)", cmd->name, option_name(&option_rows[i],
			    name, sizeof name), cmd->name, who);
			free(who);
			return 2;
		}
		if ((rc = option_set(cmd, r, o, optarg)) != 0)
			return rc;
		given[r - option_rows] = optarg != NULL ? optarg : "";
	}
	*first = optind;
	return options_rules(cmd, given);
}

void
options_free(struct options *o)
{
	strlist_free(&o->checks);
	strlist_free(&o->excludes);
	strlist_free(&o->outputs);
	strlist_free(&o->filter.include);
	strlist_free(&o->filter.exclude);
	strlist_free(&o->filter.labels);
	strlist_free(&o->tags);
	strlist_free(&o->attest_targets);
}
