/*
 * The command line: one sorted table of options, each row naming the
 * subcommands that accept it and its line of help, so that --help, the
 * parser and the "not an option of" error all come from one place. An
 * option given to a subcommand that does not take it is a usage error
 * (exit 2), never silently ignored.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "probes/probe.h"
#include "report/fleet.h"
#include "lib/util.h"

#ifndef BENCHDIR
#define BENCHDIR "/usr/share/dockaudit/benchmarks"
#endif

enum {
	OPT_ALL = 256,
	OPT_BASELINE,
	OPT_BENCHMARKS,
	OPT_CONNECT_TIMEOUT,
	OPT_CONTAINER,
	OPT_CONTROLS,
	OPT_EXCLUDE_CONTAINER,
	OPT_FAIL_ON,
	OPT_FAIL_UNDER,
	OPT_FIXTURE,
	OPT_HISTORY,
	OPT_HOST_ID,
	OPT_KEEP,
	OPT_LABEL,
	OPT_LIST_PROBES,
	OPT_MAX_AGE,
	OPT_NO_COLOR,
	OPT_ROOT,
	OPT_TAG,
	OPT_SIGN,
	OPT_SIGNERS,
	OPT_TIMEOUT,
	OPT_VALUES,
	OPT_WAIVERS,
};

struct option_row {
	const char	*name;
	int		 has_arg;
	int		 val;
	int		 cmds;		/* CMD_* that accept it */
	const char	*left;		/* the help's first column */
	const char	*help;		/* lines after the first indented */
};

/* In the order --help shows them. */
static const struct option_row option_rows[] = {
	{ "benchmark", required_argument, 'b', CMD_AUDIT | CMD_LIST |
	    CMD_VALIDATE, "-b, --benchmark NAME|FILE",
	    "benchmark to run (default cis-docker-1.8.0,\n"
	    "looked up in $DOCKAUDIT_BENCHDIR, then " BENCHDIR ")" },
	{ "benchmarks", no_argument, OPT_BENCHMARKS, CMD_LIST,
	    "    --benchmarks", "list: the benchmarks shipped (id, version, "
	    "title)" },
	{ "level", required_argument, 'l', CMD_AUDIT | CMD_LIST,
	    "-l, --level 1|2", "1: level 1 rules only; 2: all (default 2)" },
	{ "check", required_argument, 'c', CMD_AUDIT | CMD_LIST,
	    "-c, --check IDS", "only these rules or sections (comma list)" },
	{ "exclude", required_argument, 'x', CMD_AUDIT | CMD_LIST,
	    "-x, --exclude IDS", "leave out these rules or sections" },
	{ "values", required_argument, OPT_VALUES, CMD_AUDIT | CMD_LIST,
	    "    --values FILE", "tailor the benchmark's values" },
	{ "root", required_argument, OPT_ROOT, CMD_AUDIT,
	    "    --root DIR", "audit the filesystem tree at DIR (a mounted\n"
	    "image); /proc, /sys, processes and live audit\n"
	    "rules are not read: rules that need them are\n"
	    "notapplicable (\"offline\")" },
	{ "host", required_argument, 'H', CMD_AUDIT,
	    "-H, --host URL", "Docker endpoint: unix:///PATH or tcp://HOST:PORT\n"
	    "(default $DOCKER_HOST, else the local socket,\n"
	    "else a rootless daemon's; TLS as the docker CLI)" },
	{ "connect-timeout", required_argument, OPT_CONNECT_TIMEOUT, CMD_AUDIT,
	    "    --connect-timeout SEC", "to reach the daemon (default 3)" },
	{ "container", required_argument, OPT_CONTAINER, CMD_AUDIT,
	    "    --container NAME|ID", "only these running containers "
	    "(repeatable; an\nid prefix of 4 or more characters)" },
	{ "exclude-container", required_argument, OPT_EXCLUDE_CONTAINER,
	    CMD_AUDIT, "    --exclude-container NAME|ID",
	    "leave these containers out (repeatable)" },
	{ "label", required_argument, OPT_LABEL, CMD_AUDIT,
	    "    --label KEY[=VALUE]", "only containers with this label "
	    "(repeatable:\nall must match)" },
	{ "host-id", required_argument, OPT_HOST_ID, CMD_AUDIT,
	    "    --host-id ID", "this host's id in the record (default: one\n"
	    "derived from the audited root's machine-id)" },
	{ "tag", required_argument, OPT_TAG, CMD_AUDIT | CMD_MERGE,
	    "    --tag KEY=VALUE", "a site tag in the record (repeatable), for\n"
	    "fleet reports; merge: only hosts with this tag" },
	{ "timeout", required_argument, OPT_TIMEOUT, CMD_AUDIT,
	    "    --timeout SEC", "for one API request (default 20)" },
	{ "output", required_argument, 'o', CMD_AUDIT | CMD_RENDER |
	    CMD_MERGE,
	    "-o, --output FILE", "write a report; repeatable; format from the\n"
	    "extension or FORMAT:FILE (formats below)" },
	{ "format", required_argument, 'f', CMD_AUDIT | CMD_RENDER |
	    CMD_DIFF | CMD_LIST, "-f, --format FMT",
	    "format on standard output (default text;\n"
	    "list and diff: text or json)" },
	{ "sign", required_argument, OPT_SIGN, CMD_AUDIT | CMD_RENDER,
	    "    --sign KEY", "sign each -o file into FILE.sig (an OpenSSH\n"
	    "Ed25519 private key; encrypted: through\n"
	    "ssh-agent); check with dockaudit verify or\n"
	    "ssh-keygen -Y verify -n dockaudit" },
	{ "signers", required_argument, OPT_SIGNERS, CMD_VERIFY,
	    "    --signers FILE", "the keys you trust, by name (ssh-keygen's\n"
	    "allowed_signers format)" },
	{ "waivers", required_argument, OPT_WAIVERS, CMD_AUDIT,
	    "    --waivers FILE", "accepted exceptions (dockaudit-waivers(5))" },
	{ "controls", required_argument, OPT_CONTROLS, CMD_AUDIT,
	    "    --controls FILE", "map rules to your controls "
	    "(dockaudit-controls(5))" },
	{ "baseline", required_argument, OPT_BASELINE, CMD_AUDIT |
	    CMD_MERGE,
	    "    --baseline FILE", "an earlier JSON report: mark each result\n"
	    "new, unchanged or fixed (merge: an earlier\n"
	    "fleet report: the drift since)" },
	{ "fail-on", required_argument, OPT_FAIL_ON, CMD_AUDIT | CMD_MERGE,
	    "    --fail-on SEVERITY|new", "the gate: fail on a scored failure "
	    "of this\nseverity or above (low, medium, high,\n"
	    "critical; default low), or on new failures\n"
	    "only (needs --baseline); merge: also stale" },
	{ "fail-under", required_argument, OPT_FAIL_UNDER, CMD_AUDIT |
	    CMD_MERGE, "    --fail-under SCORE", "the gate also fails when "
	    "the score with\nwaivers is under SCORE (0-100; merge: the\n"
	    "lowest current host's)" },
	{ "max-age", required_argument, OPT_MAX_AGE, CMD_MERGE,
	    "    --max-age HOURS", "merge: a host whose report is older is\n"
	    "stale (default 48)" },
	{ "history", required_argument, OPT_HISTORY, CMD_AUDIT,
	    "    --history DIR", "periodic runs: dated reports in DIR, the\n"
	    "previous one as baseline, latest.json, one\n"
	    "summary line on standard output" },
	{ "keep", required_argument, OPT_KEEP, CMD_AUDIT,
	    "    --keep N", "with --history: keep the newest N runs\n"
	    "(default 30)" },
	{ "all", no_argument, OPT_ALL, CMD_AUDIT | CMD_RENDER,
	    "    --all", "text: every target row of each rule listed, not\n"
	    "the first 10 failing ones" },
	{ "quiet", no_argument, 'q', CMD_AUDIT | CMD_RENDER,
	    "-q, --quiet", "print only the summary line" },
	{ "no-color", no_argument, OPT_NO_COLOR, CMD_AUDIT | CMD_RENDER,
	    "    --no-color", "no colour (also: NO_COLOR set)" },
	{ "list-probes", no_argument, OPT_LIST_PROBES, CMD_ALL,
	    "    --list-probes", "list the probe kinds benchmarks can use" },
	{ "fixture", required_argument, OPT_FIXTURE, CMD_AUDIT,
	    "    --fixture DIR", "audit a recorded host (tests; see "
	    "dockaudit(1))" },
	{ "version", no_argument, 'V', CMD_ALL,
	    "-V, --version", "print the version" },
	{ "help", no_argument, 'h', CMD_ALL,
	    "-h, --help", "this help" },
};

static void
usage(const struct cmd_entry *cmd, FILE *fp)
{
	const struct option_row	*r;
	const char		*p, *nl;
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
		if (strlen(r->left) > 26)
			fprintf(fp, "  %s  ", r->left);
		else
			fprintf(fp, "  %-26s ", r->left);
		for (p = r->help; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
			fprintf(fp, "%.*s\n%29s", (int)(nl - p), p, "");
		fprintf(fp, "%s\n", p);
	}
	if (cmd->id == CMD_AUDIT)
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
	if (cmd->id & (CMD_AUDIT | CMD_RENDER)) {
		fputs("\nFormats:\n", fp);
		for (i = 0; report_formats[i] != NULL; i++)
			fprintf(fp, "  %-8s %-7s %s\n", report_formats[i]->name,
			    report_formats[i]->ext, report_formats[i]->help);
	}
}

static void
list_probes(void)
{
	size_t	i;

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

/* KEY=VALUE: a key of ID_CHARS, given once; a printable value. */
static int
tag_check(const struct strlist *tags, const char *arg)
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
	for (i = 0; i < tags->n; i++) {
		if (strncmp(tags->v[i], arg, klen + 1) == 0) {
			log_error("--tag %.*s: given twice", (int)klen, arg);
			return -1;
		}
	}
	return 0;
}

/* The row of an option getopt returned, by its value. */
static const struct option_row *
option_row(int val)
{
	size_t	i;

	for (i = 0; i < nitems(option_rows); i++) {
		if (option_rows[i].val == val)
			return &option_rows[i];
	}
	return NULL;
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

static int
option_set(const struct cmd_entry *cmd, struct options *o, int ch,
    const char *arg)
{
	switch (ch) {
	case 'b':
		o->benchmark = arg;
		break;
	case 'c':
		strlist_split(&o->checks, arg, ", ");
		break;
	case 'x':
		strlist_split(&o->excludes, arg, ", ");
		break;
	case 'f':
		if (report_format_find(arg) == NULL) {
			char *names = report_format_list(0);

			log_error("-f %s: unknown format (%s)", arg, names);
			free(names);
			return 2;
		}
		o->format = arg;
		o->format_given = 1;
		break;
	case 'h':
		usage(cmd, stdout);
		return 1;
	case 'H':
		o->host = arg;
		break;
	case 'l':
		if ((o->level = parse_level(arg)) == -1) {
			log_error("-l %s: the level is 1 or 2", arg);
			return 2;
		}
		break;
	case 'o':
		strlist_add(&o->outputs, arg);
		break;
	case 'q':
		o->quiet = 1;
		break;
	case 'V':
		printf("dockaudit %s\n", PACKAGE_VERSION);
		return 1;
	case OPT_ALL:
		o->all = 1;
		break;
	case OPT_BENCHMARKS:
		o->benchmarks = 1;
		break;
	case OPT_CONNECT_TIMEOUT:
	case OPT_TIMEOUT:
		if (parse_seconds(arg) == -1) {
			log_error("%s %s: give seconds as a plain decimal, "
			    "from 0.001 to 3600", ch == OPT_TIMEOUT ?
			    "--timeout" : "--connect-timeout", arg);
			return 2;
		}
		if (ch == OPT_TIMEOUT)
			o->timeout_ms = parse_seconds(arg);
		else
			o->connect_ms = parse_seconds(arg);
		break;
	case OPT_FIXTURE:
		o->fixture = arg;
		break;
	case OPT_CONTAINER:
		strlist_add(&o->filter.include, arg);
		break;
	case OPT_EXCLUDE_CONTAINER:
		strlist_add(&o->filter.exclude, arg);
		break;
	case OPT_LABEL:
		strlist_add(&o->filter.labels, arg);
		break;
	case OPT_LIST_PROBES:
		list_probes();
		return 1;
	case OPT_NO_COLOR:
		o->color = 0;
		break;
	case OPT_ROOT:
		o->root = arg;
		break;
	case OPT_SIGN:
		o->sign = arg;
		break;
	case OPT_SIGNERS:
		o->signers = arg;
		break;
	case OPT_VALUES:
		o->values = arg;
		break;
	case OPT_WAIVERS:
		o->waivers = arg;
		break;
	case OPT_CONTROLS:
		o->controls = arg;
		break;
	case OPT_HOST_ID:
		if (*arg == '\0' || strlen(arg) > 64 ||
		    strspn(arg, ID_CHARS) != strlen(arg)) {
			log_error("--host-id %s: give 1 to 64 letters, digits, "
			    "'.', '_' or '-'", arg);
			return 2;
		}
		o->host_id = arg;
		break;
	case OPT_TAG:
		if (tag_check(&o->tags, arg) == -1)
			return 2;
		strlist_add(&o->tags, arg);
		break;
	case OPT_BASELINE:
		o->baseline = arg;
		break;
	case OPT_HISTORY:
		o->history = arg;
		break;
	case OPT_KEEP:
		o->keep_given = 1;
		if ((o->keep = parse_count(arg)) == -1) {
			log_error("--keep %s: give a number from 1 to 100000",
			    arg);
			return 2;
		}
		break;
	case OPT_FAIL_ON:
		if (strcmp(arg, "new") != 0 && severity_from_name(arg) < 0 &&
		    !(cmd->id == CMD_MERGE && strcmp(arg, "stale") == 0)) {
			log_error("--fail-on %s: give low, medium, high, "
			    "critical or new", arg);
			return 2;
		}
		o->gate.fail_on = arg;
		break;
	case OPT_MAX_AGE:
		if ((o->max_age_h = parse_count(arg)) == -1) {
			log_error("--max-age %s: give hours, from 1 to 100000",
			    arg);
			return 2;
		}
		break;
	case OPT_FAIL_UNDER:
		if (parse_score(arg, &o->gate.fail_under) == -1) {
			log_error("--fail-under %s: give a score from 0 to 100 "
			    "as a plain decimal (80, 72.5)", arg);
			return 2;
		}
		o->gate.has_fail_under = 1;
		break;
	default:
		fputs("Try 'dockaudit --help'.\n", stderr);
		return 2;
	}
	return 0;
}

int
options_parse(const struct cmd_entry *cmd, struct options *o, int argc,
    char **argv, int *first)
{
	struct option		 longs[nitems(option_rows) + 1];
	const struct option_row	*r;
	char			*who;
	size_t			 i;
	int			 ch, rc;

	memset(longs, 0, sizeof longs);
	for (i = 0; i < nitems(option_rows); i++) {
		longs[i].name = option_rows[i].name;
		longs[i].has_arg = option_rows[i].has_arg;
		longs[i].val = option_rows[i].val;
	}
	o->color = -1;
	while ((ch = getopt_long(argc, argv, "b:c:f:hH:l:o:qVx:", longs,
	    NULL)) != -1) {
		if ((r = option_row(ch)) != NULL && !(r->cmds & cmd->id)) {
			who = cmds_of(r->cmds);
			log_error("%s: %s%s is not an option of %s (it is "
			    "for: %s)", cmd->name, r->val < 256 ? "-" : "--",
			    r->val < 256 ? (char[2]){ (char)r->val, '\0' } :
			    r->name, cmd->name, who);
			free(who);
			return 2;
		}
		if ((rc = option_set(cmd, o, ch, optarg)) != 0)
			return rc;
	}
	*first = optind;
	return 0;
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
}
