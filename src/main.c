/*
 * dockaudit: audit a container host against a security benchmark.
 * Options are parsed once from a sorted table, then the subcommand runs.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "bench.h"
#include "cmd.h"
#include "probe.h"
#include "report.h"
#include "util.h"

static const struct cmd_entry *const cmd_table[] = {
	&cmd_audit_entry,
	&cmd_diff_entry,
	&cmd_list_entry,
	&cmd_render_entry,
	&cmd_validate_entry,
	NULL
};

enum {
	OPT_BASELINE = 256,
	OPT_CONNECT_TIMEOUT,
	OPT_CONTAINER,
	OPT_EXCLUDE_CONTAINER,
	OPT_FAIL_ON,
	OPT_FAIL_UNDER,
	OPT_FIXTURE,
	OPT_HISTORY,
	OPT_KEEP,
	OPT_LABEL,
	OPT_LIST_PROBES,
	OPT_NO_COLOR,
	OPT_ROOT,
	OPT_TIMEOUT,
	OPT_VALUES,
	OPT_WAIVERS,
};

static const struct option long_options[] = {
	{ "baseline",	 required_argument, NULL, OPT_BASELINE },
	{ "benchmark",	 required_argument, NULL, 'b' },
	{ "check",	 required_argument, NULL, 'c' },
	{ "connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT },
	{ "container",	 required_argument, NULL, OPT_CONTAINER },
	{ "exclude",	 required_argument, NULL, 'x' },
	{ "exclude-container", required_argument, NULL, OPT_EXCLUDE_CONTAINER },
	{ "fail-on",	 required_argument, NULL, OPT_FAIL_ON },
	{ "fail-under",	 required_argument, NULL, OPT_FAIL_UNDER },
	{ "fixture",	 required_argument, NULL, OPT_FIXTURE },
	{ "format",	 required_argument, NULL, 'f' },
	{ "help",	 no_argument,	    NULL, 'h' },
	{ "history",	 required_argument, NULL, OPT_HISTORY },
	{ "host",	 required_argument, NULL, 'H' },
	{ "keep",	 required_argument, NULL, OPT_KEEP },
	{ "label",	 required_argument, NULL, OPT_LABEL },
	{ "level",	 required_argument, NULL, 'l' },
	{ "list-probes", no_argument,	    NULL, OPT_LIST_PROBES },
	{ "no-color",	 no_argument,	    NULL, OPT_NO_COLOR },
	{ "output",	 required_argument, NULL, 'o' },
	{ "quiet",	 no_argument,	    NULL, 'q' },
	{ "root",	 required_argument, NULL, OPT_ROOT },
	{ "timeout",	 required_argument, NULL, OPT_TIMEOUT },
	{ "values",	 required_argument, NULL, OPT_VALUES },
	{ "version",	 no_argument,	    NULL, 'V' },
	{ "waivers",	 required_argument, NULL, OPT_WAIVERS },
	{ NULL,		 0,		    NULL, 0 }
};

static void
usage(FILE *fp)
{
	size_t	i;

	fprintf(fp, "usage: dockaudit [COMMAND] [OPTIONS]\n\nCommands:\n");
	for (i = 0; cmd_table[i] != NULL; i++)
		fprintf(fp, "  %-32s %s\n", cmd_table[i]->usage,
		    cmd_table[i]->help);
	fputs("\nOptions:\n"
"  -b, --benchmark NAME|FILE  benchmark to run (default cis-docker-1.6.0,\n"
"                             looked up in $DOCKAUDIT_BENCHDIR, then " BENCHDIR ")\n"
"  -l, --level 1|2            1: level 1 rules only; 2: all (default 2)\n"
"  -c, --check IDS            only these rules or sections (comma list)\n"
"  -x, --exclude IDS          leave out these rules or sections\n"
"      --values FILE          tailor the benchmark's values\n"
"      --root DIR             audit the filesystem tree at DIR (a mounted\n"
"                             image); /proc, /sys, processes and live audit\n"
"                             rules are not read: rules that need them are\n"
"                             notapplicable (\"offline\")\n"
"  -H, --host URL             Docker endpoint: unix:///PATH or tcp://HOST:PORT\n"
"                             (default $DOCKER_HOST, else the local socket,\n"
"                             else a rootless daemon's; TLS as the docker CLI)\n"
"      --connect-timeout SEC  to reach the daemon (default 3)\n"
"      --container NAME|ID    only these running containers (repeatable; an\n"
"                             id prefix of 4 or more characters)\n"
"      --exclude-container NAME|ID  leave these containers out (repeatable)\n"
"      --label KEY[=VALUE]    only containers with this label (repeatable:\n"
"                             all must match)\n"
"      --timeout SEC          for one API request (default 20)\n"
"  -o, --output FILE          write a report; repeatable; format from the\n"
"                             extension or FORMAT:FILE (formats below)\n"
"  -f, --format FMT           format on standard output (default text)\n"
"      --waivers FILE         accepted exceptions (dockaudit-waivers(5))\n"
"      --baseline FILE        an earlier JSON report: mark each result\n"
"                             new, unchanged or fixed\n"
"      --fail-on SEVERITY|new the gate: fail on a scored failure of this\n"
"                             severity or above (low, medium, high,\n"
"                             critical; default low), or on new failures\n"
"                             only (needs --baseline)\n"
"      --fail-under SCORE     the gate also fails when the score with\n"
"                             waivers is under SCORE (0-100)\n"
"      --history DIR          periodic runs: dated reports in DIR, the\n"
"                             previous one as baseline, latest.json, one\n"
"                             summary line on standard output\n"
"      --keep N               with --history: keep the newest N runs\n"
"                             (default 30)\n"
"  -q, --quiet                print only the summary line\n"
"      --no-color             no colour (also: NO_COLOR set)\n"
"      --list-probes          list the probe kinds benchmarks can use\n"
"      --fixture DIR          audit a recorded host (tests; see dockaudit(1))\n"
"  -V, --version              print the version\n"
"  -h, --help                 this help\n"
"\nExit status: 0 the gate passed; 1 the gate failed (by default: a scored\n"
"rule failed, after waivers); 2 bad usage, an invalid input file or a\n"
"report that could not be written; 3 some rules could not be evaluated\n"
"and the gate passed.\n", fp);
	fputs("\nFormats:\n", fp);
	for (i = 0; report_formats[i] != NULL; i++)
		fprintf(fp, "  %-8s %-7s %s\n", report_formats[i]->name,
		    report_formats[i]->ext, report_formats[i]->help);
}

/* "json, text, ..." for error messages. */
static char *
format_names(void)
{
	char	*s = NULL, *t;
	size_t	 i;

	for (i = 0; report_formats[i] != NULL; i++) {
		t = xasprintf("%s%s%s", s != NULL ? s : "", s != NULL ? ", " :
		    "", report_formats[i]->name);
		free(s);
		s = t;
	}
	return s;
}

static void
list_probes(void)
{
	size_t	i;

	for (i = 0; probe_table[i] != NULL; i++)
		printf("%-17s %s\n", probe_table[i]->name,
		    probe_table[i]->help);
}

/* Seconds (decimals allowed) to milliseconds; -1 when malformed. */
static long
parse_seconds(const char *s)
{
	char	*end;
	double	 v = strtod(s, &end);

	if (*s == '\0' || *end != '\0' || !(v > 0) || v > 3600)
		return -1;
	return (long)(v * 1000 + 0.5);
}

static long
parse_count(const char *s)
{
	char	*end;
	long	 v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 1 || v > 100000)
		return -1;
	return v;
}

static int
parse_score(const char *s, double *out)
{
	char	*end;

	*out = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || !(*out >= 0) || *out > 100)
		return -1;
	return 0;
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

int
main(int argc, char **argv)
{
	const struct cmd_entry	*cmd = &cmd_audit_entry;
	struct options		 o;
	const char		*nc = getenv("NO_COLOR");
	size_t			 i;
	int			 ch, rc, want_color = -1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	memset(&o, 0, sizeof o);
	o.benchmark = "cis-docker-1.6.0";
	o.level = 2;
	o.format = "text";
	o.connect_ms = 3000;
	o.timeout_ms = 20000;
	o.keep = 30;
	if (argc > 1 && argv[1][0] != '-') {
		for (i = 0; cmd_table[i] != NULL; i++) {
			if (strcmp(argv[1], cmd_table[i]->name) == 0)
				break;
		}
		if (cmd_table[i] == NULL) {
			log_error("unknown command \"%s\" (try --help)",
			    argv[1]);
			return 2;
		}
		cmd = cmd_table[i];
		argv++;
		argc--;
	}
	while ((ch = getopt_long(argc, argv, "b:c:f:hH:l:o:qVx:", long_options,
	    NULL)) != -1) {
		switch (ch) {
		case 'b':
			o.benchmark = optarg;
			break;
		case 'c':
			strlist_split(&o.checks, optarg, ", ");
			break;
		case 'x':
			strlist_split(&o.excludes, optarg, ", ");
			break;
		case 'f':
			if (report_format_find(optarg) == NULL) {
				char *names = format_names();

				log_error("-f %s: unknown format (%s)", optarg,
				    names);
				free(names);
				rc = 2;
				goto done;
			}
			o.format = optarg;
			o.format_given = 1;
			break;
		case 'h':
			usage(stdout);
			rc = 0;
			goto done;
		case 'H':
			o.host = optarg;
			break;
		case 'l':
			if ((o.level = parse_level(optarg)) == -1) {
				log_error("-l %s: the level is 1 or 2", optarg);
				rc = 2;
				goto done;
			}
			break;
		case 'o':
			strlist_add(&o.outputs, optarg);
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'V':
			printf("dockaudit %s\n", PACKAGE_VERSION);
			rc = 0;
			goto done;
		case OPT_CONNECT_TIMEOUT:
		case OPT_TIMEOUT:
			if (parse_seconds(optarg) == -1) {
				log_error("%s %s: give seconds, above 0 and at "
				    "most 3600", ch == OPT_TIMEOUT ?
				    "--timeout" : "--connect-timeout", optarg);
				rc = 2;
				goto done;
			}
			if (ch == OPT_TIMEOUT)
				o.timeout_ms = parse_seconds(optarg);
			else
				o.connect_ms = parse_seconds(optarg);
			break;
		case OPT_FIXTURE:
			o.fixture = optarg;
			break;
		case OPT_CONTAINER:
			strlist_add(&o.filter.include, optarg);
			break;
		case OPT_EXCLUDE_CONTAINER:
			strlist_add(&o.filter.exclude, optarg);
			break;
		case OPT_LABEL:
			strlist_add(&o.filter.labels, optarg);
			break;
		case OPT_LIST_PROBES:
			list_probes();
			rc = 0;
			goto done;
		case OPT_NO_COLOR:
			want_color = 0;
			break;
		case OPT_ROOT:
			o.root = optarg;
			break;
		case OPT_VALUES:
			o.values = optarg;
			break;
		case OPT_WAIVERS:
			o.waivers = optarg;
			break;
		case OPT_BASELINE:
			o.baseline = optarg;
			break;
		case OPT_HISTORY:
			o.history = optarg;
			break;
		case OPT_KEEP:
			if ((o.keep = parse_count(optarg)) == -1) {
				log_error("--keep %s: give a number from 1 to "
				    "100000", optarg);
				rc = 2;
				goto done;
			}
			break;
		case OPT_FAIL_ON:
			if (strcmp(optarg, "new") != 0 &&
			    severity_from_name(optarg) < 0) {
				log_error("--fail-on %s: give low, medium, "
				    "high, critical or new", optarg);
				rc = 2;
				goto done;
			}
			o.gate.fail_on = optarg;
			break;
		case OPT_FAIL_UNDER:
			if (parse_score(optarg, &o.gate.fail_under) == -1) {
				log_error("--fail-under %s: give a score from "
				    "0 to 100", optarg);
				rc = 2;
				goto done;
			}
			o.gate.has_fail_under = 1;
			break;
		default:
			fputs("Try 'dockaudit --help'.\n", stderr);
			rc = 2;
			goto done;
		}
	}
	if (o.gate.fail_on != NULL && strcmp(o.gate.fail_on, "new") == 0 &&
	    o.baseline == NULL && o.history == NULL) {
		log_error("--fail-on new needs --baseline FILE (or --history)");
		rc = 2;
		goto done;
	}
	if (o.root != NULL && o.fixture != NULL) {
		log_error("--root and --fixture cannot be used together");
		rc = 2;
		goto done;
	}
	o.color = want_color != 0 && (nc == NULL || *nc == '\0') &&
	    isatty(STDOUT_FILENO) && strcmp(o.format, "text") == 0;
	log_set_quiet(o.quiet);
	/* Also the TLS library's: GnuTLS did it on loading, OpenSSL would here. */
	if (curl_global_init(CURL_GLOBAL_NOTHING) != 0)
		fatal("cannot initialise libcurl");
	rc = cmd->exec(&o, argc - optind, argv + optind);
	curl_global_cleanup();
done:
	strlist_free(&o.checks);
	strlist_free(&o.excludes);
	strlist_free(&o.outputs);
	strlist_free(&o.filter.include);
	strlist_free(&o.filter.exclude);
	strlist_free(&o.filter.labels);
	return rc;
}
