/*
 * The fuzz harnesses: one source, built once per target with
 * -DFUZZ_TARGET="name" (make fuzz: clang, libFuzzer, ASan + UBSan). The
 * normal suite links the same file, without FUZZ_TARGET, with replay.c
 * (tests/fuzz/replay TARGET FILE...) and runs the seed corpus and every
 * input that once broke a harness through it.
 *
 * Each input takes the place of one file of a recorded host
 * (tests/fuzz/fixture, copied to a temporary directory once) or of one
 * input file of the command line, and then an audit of the rules that read
 * it runs, through the same audit call as dockaudit itself (audit/audit.h).
 * It prints the text report and writes the JSON report and one more format, chosen
 * by a hash of the input (so that a run stays reproducible and each run
 * renders three formats, not five). Beyond "no crash, no leak", the
 * outputs are checked (none holds a NUL byte, and):
 *
 *   - the exit code is 0, 1 or 3; 2 only for an invalid benchmark,
 *     values or waivers file, and then no report is written at all;
 *   - the JSON and SARIF reports parse, with no duplicate key;
 *   - the JUnit and XCCDF reports are well-formed XML;
 *   - the HTML report has exactly our one script element;
 *   - the text report holds no control character but newlines, no C1
 *     control and no invalid UTF-8;
 *   - no reason of the JSON report shows the engine's notation (the word
 *     "expected", an operator name, a JSON pointer, a regular expression:
 *     tests/lib/dalib.py NOTATION) unless the input itself holds it.
 *
 * The record target is the other way round: its input is a saved
 * record, read back by render, diff, merge and --baseline through their
 * subcommands' entry points (record_modes[], below).
 *
 * A broken property abort()s, which libFuzzer reports as a crash.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <regex.h>
#include <libxml/parser.h>

#include "audit/audit.h"
#include "cli/cmd.h"
#include "engine/bench.h"
#include "probes/probe.h"
#include "sources/image-archive.h"
#include "sources/jsonkeep.h"
#include "lib/sshsig.h"
#include "lib/util.h"

#ifndef FUZZ_SRCDIR
#error "build with -DFUZZ_SRCDIR=\"top source directory\""
#endif

#define CONTAINER "87afb3f7f383fcdedb67dfaf2838115c1494336dac2cda15ca84c6397aba93e2"
#define CIS	"cis-docker-1.6.0.xml"
#define KERNEL	"container-host-kernel.xml"

enum input { IN_FIXTURE, IN_BENCH, IN_VALUES, IN_WAIVERS, IN_ATTESTATIONS,
    IN_JSONKEEP, IN_SSHSIG, IN_RECORD, IN_IMAGE };

struct fuzz_target {
	const char	*name;
	enum input	 in;
	const char	*bench;		/* benchmark the audit runs */
	const char	*checks;	/* its rules that read the input */
	const char	*files[2];	/* where the input goes, in the fixture */
};

static const struct fuzz_target targets[] = {
	{ "bench", IN_BENCH, NULL, NULL, { NULL, NULL } },
	{ "values", IN_VALUES, CIS, "1.1.2,5", { NULL, NULL } },
	{ "waivers", IN_WAIVERS, CIS, "1.1,2,5", { NULL, NULL } },
	{ "attestations", IN_ATTESTATIONS, CIS, "1.2,4,5", { NULL, NULL } },
	{ "inspect", IN_FIXTURE, CIS, "4,5",
	    { "api/containers/" CONTAINER "/json.json", NULL } },
	{ "info", IN_FIXTURE, CIS, "1.1,2,3,6,7", { "api/info.json", NULL } },
	{ "version", IN_FIXTURE, CIS, "1.1,2,6,7", { "api/version.json",
	    NULL } },
	{ "top", IN_FIXTURE, CIS, "5",
	    { "api/containers/" CONTAINER "/top.json", NULL } },
	{ "networks", IN_FIXTURE, CIS, "6,7", { "api/networks.json", NULL } },
	{ "daemon-json", IN_FIXTURE, CIS, "1.1,2,3",
	    { "root/etc/docker/custom.json", NULL } },
	{ "audit-rules", IN_FIXTURE, CIS, "1.1",
	    { "root/etc/audit/rules.d/docker.rules", "audit-live.rules" } },
	{ "sysctl", IN_FIXTURE, KERNEL, NULL,
	    { "root/etc/sysctl.d/60-net.conf", "root/etc/sysctl.conf" } },
	{ "jsonkeep", IN_JSONKEEP, NULL, NULL, { NULL, NULL } },
	{ "sshsig", IN_SSHSIG, NULL, NULL, { NULL, NULL } },
	{ "record", IN_RECORD, NULL, NULL, { NULL, NULL } },
	{ "image", IN_IMAGE, NULL, NULL, { NULL, NULL } },
	{ NULL, IN_FIXTURE, NULL, NULL, { NULL, NULL } },
};

/* The JSON report, then the one chosen among the others; txt: stdout. */
static const char *const formats[] = { "json", "sarif", "junit", "html",
    "xccdf", "txt" };
#define NFORMATS	(sizeof formats / sizeof formats[0])

static const char		*target_name;
static const struct fuzz_target	*target;
static char			 benchpath[PATH_MAX];
static char			 workdir[PATH_MAX];
static char			 fixture[PATH_MAX + 16];
static char			 input[PATH_MAX + 16];
static char			 outpath[NFORMATS][PATH_MAX + 16];
static struct bench		*preloaded;
static struct audit_request	 base;
static struct strlist		 checks, excludes;
static size_t			 template_len;

static void	record_init(void);

static void
die(const char *what)
{
	fprintf(stderr, "fuzz-%s: %s: %s\n", target_name, what,
	    strerror(errno));
	exit(1);
}

static void
copy_file(const char *from, const char *to)
{
	FILE	*in, *out;
	char	 chunk[8192];
	size_t	 n;

	if ((in = fopen(from, "rb")) == NULL || (out = fopen(to, "wb")) == NULL)
		die(to);
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
		fwrite(chunk, 1, n, out);
	fclose(in);
	if (fclose(out) == EOF)
		die(to);
}

/*
 * One entry of tests/fuzz/fixture into the copy. A link to a file (one of
 * a case's) is copied as that file; the base link stays a link, to the
 * folder it names (it is relative to the tree's fixture, not the copy's).
 */
static int
copy_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	char		 to[PATH_MAX * 2], real[PATH_MAX];
	struct stat	 target;

	(void)ftw;
	snprintf(to, sizeof to, "%s%s", fixture, path + template_len);
	switch (type) {
	case FTW_D:
		if (mkdir(to, st->st_mode & 0777) == -1 && errno != EEXIST)
			die(to);
		return 0;
	case FTW_SL:
		if (stat(path, &target) == 0 && S_ISREG(target.st_mode))
			copy_file(path, to);
		else if (realpath(path, real) == NULL || symlink(real, to) == -1)
			die(to);
		return 0;
	case FTW_F:
		copy_file(path, to);
		return 0;
	default:
		errno = EINVAL;
		die(path);
	}
	return 0;
}

static int
remove_one(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

static void
cleanup(void)
{
	nftw(workdir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	bench_free(preloaded);
	strlist_free(&checks);
}

/* The folders above path, made when the copy lacks them (a base holds them). */
static void
make_parents(char *path)
{
	char	*slash;

	for (slash = strchr(path + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0755) == -1 && errno != EEXIST)
			die(path);
		*slash = '/';
	}
}

static void
write_file(const char *path, const uint8_t *data, size_t len)
{
	int	fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1 ||
	    (len > 0 && write(fd, data, len) != (ssize_t)len) ||
	    close(fd) == -1)
		die(path);
}

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*tmp = getenv("TMPDIR");
	char		 template[PATH_MAX];
	size_t		 i;

	(void)argc;
	(void)argv;
#ifdef FUZZ_TARGET
	target_name = FUZZ_TARGET;
#else
	target_name = getenv("DOCKAUDIT_FUZZ_TARGET");
#endif
	for (target = targets; target_name != NULL && target->name != NULL;
	    target++) {
		if (strcmp(target->name, target_name) == 0)
			break;
	}
	if (target_name == NULL || target->name == NULL) {
		fprintf(stderr, "fuzz: unknown target %s\n",
		    target_name != NULL ? target_name : "(none)");
		exit(1);
	}
	snprintf(workdir, sizeof workdir, "%s/dockaudit-fuzz-XXXXXX",
	    tmp != NULL ? tmp : "/tmp");
	if (mkdtemp(workdir) == NULL)
		die(workdir);
	snprintf(fixture, sizeof fixture, "%s/fixture", workdir);
	snprintf(template, sizeof template, "%s/tests/fuzz/fixture",
	    FUZZ_SRCDIR);
	template_len = strlen(template);
	if (nftw(template, copy_one, 16, FTW_PHYS) == -1)
		die(template);
	for (i = 0; i < 2 && target->files[i] != NULL; i++) {
		char	path[PATH_MAX * 2];

		snprintf(path, sizeof path, "%s/%s", fixture, target->files[i]);
		make_parents(path);
	}
	snprintf(input, sizeof input, "%s/input.xml", workdir);
	for (i = 0; i < NFORMATS; i++)
		snprintf(outpath[i], sizeof outpath[i], "%s/report.%s",
		    workdir, formats[i]);

	log_set_quiet(1);
	if (freopen(outpath[NFORMATS - 1], "w", stdout) == NULL)
		die(outpath[NFORMATS - 1]);
	memset(&base, 0, sizeof base);
	base.sel.level = 2;
	base.sel.checks = &checks;
	base.sel.excludes = &excludes;
	base.docker.connect_ms = 1000;
	base.docker.timeout_ms = 1000;
	base.keep = 30;
	base.fixture = fixture;
	if (target->checks != NULL)
		strlist_split(&checks, target->checks, ",");
	if (target->bench != NULL) {
		snprintf(benchpath, sizeof benchpath, "%s/benchmarks/%s",
		    FUZZ_SRCDIR, target->bench);
		base.benchmark = benchpath;
		if (target->in != IN_VALUES) {
			/* Loaded once: the input is not the benchmark. */
			preloaded = plan_load_bench(benchpath, NULL,
			    probe_table);
			if (preloaded == NULL)
				die(benchpath);
			base.bench = preloaded;
		}
	}
	atexit(cleanup);
	if (target->in == IN_RECORD)
		record_init();
	return 0;
}

static char *
slurp(const char *path, size_t *len)
{
	struct buf	 b;
	char		 chunk[65536];
	size_t		 n;
	FILE		*fp;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	buf_init(&b, 1u << 30);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_append(&b, chunk, n);
	fclose(fp);
	*len = b.len;
	return buf_cstr(&b);
}

static void
broken(const char *what, const char *path)
{
	fprintf(stderr, "fuzz-%s: %s: %s\n", target_name, path, what);
	abort();
}

static size_t
count(const char *hay, const char *needle)
{
	size_t	n = 0;

	while ((hay = strcasestr(hay, needle)) != NULL) {
		n++;
		hay++;
	}
	return n;
}

/* Text: no control but newlines (and, crlf, a CR before one). */
static void
check_text(const char *path, const char *s, size_t len, int crlf)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;

	while (i < len) {
		if (crlf && p[i] == '\r' && i + 1 < len && p[i + 1] == '\n') {
			i++;
			continue;
		}
		if ((p[i] < 0x20 && p[i] != '\n') || p[i] == 0x7f)
			broken("a control character in the text report", path);
		if ((n = utf8_len(p + i, len - i)) == 0)
			broken("invalid UTF-8 in the text report", path);
		if (n == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0)
			broken("a C1 control in the text report", path);
		i += n;
	}
}

/* The notation no reason may show: a pattern and the group that is it. */
static const struct {
	const char	*what;
	const char	*re;
	int		 group;
} notations[] = {
	{ "the word \"expected\"", "(^|[^A-Za-z])([Ee]xpected)([^A-Za-z]|$)",
	    2 },
	{ "an operator name", "(^|[ (])(not-in|not-contains|intersects|"
	    "disjoint|subset-of|not-match|contains-match|not-contains-match|"
	    "not-under|not-empty|eq|ne|lt|le|gt|ge)([ ),;]|$)", 2 },
	{ "a JSON pointer", "(#/|(^|[ (])/[A-Z][A-Za-z]*)", 1 },
	{ "a regular expression", "(\\^|\\\\[.dswb$]|\\(\\?|\\|\\)|"
	    "\\(\\||\\[\\^|\\.\\*|\\$\\))", 1 },
};

static const uint8_t	*input_data;
static size_t		 input_len;

static void
check_reason(const char *path, const char *reason)
{
	static regex_t	 rx[nitems(notations)];
	static int	 compiled;
	regmatch_t	 m[4];
	const char	*at;
	size_t		 i, n;

	if (!compiled) {
		for (i = 0; i < nitems(notations); i++) {
			if (regcomp(&rx[i], notations[i].re, REG_EXTENDED) != 0)
				broken("a notation pattern does not compile",
				    notations[i].re);
		}
		compiled = 1;
	}
	for (i = 0; i < nitems(notations); i++) {
		for (at = reason; regexec(&rx[i], at, 4, m, at == reason ? 0 :
		    REG_NOTBOL) == 0; at += m[0].rm_eo > 0 ? m[0].rm_eo : 1) {
			n = (size_t)(m[notations[i].group].rm_eo -
			    m[notations[i].group].rm_so);
			/* What the input holds, the reason may quote. */
			if (memmem(input_data, input_len, at +
			    m[notations[i].group].rm_so, n) == NULL) {
				fprintf(stderr, "fuzz-%s: %s in: %s\n",
				    target_name, notations[i].what, reason);
				broken("engine notation in a reason", path);
			}
			if (*at == '\0')
				break;
		}
	}
}

static void
check_reasons(const char *path, json_t *report)
{
	json_t	*r, *t;
	size_t	 i, j;

	json_array_foreach(json_object_get(report, "results"), i, r) {
		if (json_is_string(json_object_get(r, "reason")))
			check_reason(path, json_string_value(json_object_get(r,
			    "reason")));
		json_array_foreach(json_object_get(r, "targets"), j, t) {
			if (json_is_string(json_object_get(t, "reason")))
				check_reason(path, json_string_value(
				    json_object_get(t, "reason")));
		}
	}
}

/*
 * One report as its format must be: no NUL byte, and JSON parsing
 * without duplicate keys, well-formed XML, the expected number of
 * script elements in HTML, text without controls (CSV: its lines end
 * in CRLF).
 */
static void
check_report(const char *fmt, const char *path, const char *s, size_t len,
    int scripts)
{
	json_error_t	 jerr;
	json_t		*j;
	xmlDoc		*x;

	if (memchr(s, '\0', len) != NULL)
		broken("a NUL byte in the report", path);
	if (strcmp(fmt, "json") == 0 || strcmp(fmt, "sarif") == 0 ||
	    strcmp(fmt, "hdf") == 0) {
		if ((j = json_loadb(s, len, JSON_REJECT_DUPLICATES,
		    &jerr)) == NULL)
			broken(jerr.text, path);
		if (strcmp(fmt, "json") == 0)
			check_reasons(path, j);
		json_decref(j);
	} else if (strcmp(fmt, "junit") == 0 || strcmp(fmt, "xccdf") == 0) {
		if ((x = xmlReadMemory(s, (int)len, fmt, NULL,
		    XML_PARSE_NONET | XML_PARSE_NOERROR |
		    XML_PARSE_NOWARNING)) == NULL)
			broken("XML report not well-formed", path);
		xmlFreeDoc(x);
	} else if (strcmp(fmt, "html") == 0) {
		if (count(s, "<script") != (size_t)scripts ||
		    count(s, "</script") != (size_t)scripts)
			broken("script elements in the HTML report", path);
	} else if (strcmp(fmt, "text") == 0 || strcmp(fmt, "txt") == 0)
		check_text(path, s, len, 0);
	else if (strcmp(fmt, "csv") == 0)
		check_text(path, s, len, 1);
	else
		broken("a format the harness does not check", fmt);
}

/* The reports of one run, checked and removed. */
static void
check_outputs(int rc, size_t chosen)
{
	char		*s;
	size_t		 i, len;

	if (rc == 2 && target->in == IN_FIXTURE)
		broken("exit 2 from a recorded host's file", "dockaudit");
	for (i = 0; i < NFORMATS; i++) {
		if (i != 0 && i != chosen && i != NFORMATS - 1)
			continue;
		if ((s = slurp(outpath[i], &len)) == NULL) {
			if (rc != 2)
				broken("report missing", outpath[i]);
			continue;
		}
		if (i == NFORMATS - 1) {
			/* Standard output: the text report, or nothing. */
			check_text(outpath[i], s, len, 0);
			free(s);
			continue;
		}
		if (rc == 2)
			broken("a report written although the run failed",
			    outpath[i]);
		check_report(formats[i], outpath[i], s, len, 1);
		free(s);
		unlink(outpath[i]);
	}
}

/*
 * jsonkeep: the inspects' and lists' parser against jansson plus the
 * reference cut. It may step aside (NULL), never accept what jansson
 * refuses, never answer differently.
 */
static void
keep_differ(const uint8_t *data, size_t len)
{
	static const char *const ptrs[] = { "/Id", "/Name", "/Names",
	    "/State/Pid", "/HostConfig/Privileged", "/HostConfig/SecurityOpt",
	    "/Config/Healthcheck", "/Mounts", "/a/b", "/a", "/x1/y", NULL };
	static struct strlist	 pointers;
	static struct json_keep	*keep;
	json_error_t		 jerr;
	json_t			*doc, *got, *want;
	size_t			 i;
	int			 list;

	if (keep == NULL) {
		for (i = 0; ptrs[i] != NULL; i++)
			strlist_add(&pointers, ptrs[i]);
		keep = json_keep_new(&pointers);
	}
	doc = json_loadb((const char *)data, len, JSON_REJECT_DUPLICATES,
	    &jerr);
	for (list = 0; list < 2; list++) {
		got = list ? json_keep_parse_list(keep, (const char *)data,
		    len) : json_keep_parse(keep, (const char *)data, len);
		if (got == NULL)
			continue;
		if (doc == NULL)
			broken("the fast parser accepts what jansson refuses",
			    jerr.text);
		want = list ? json_keep_list_parts(doc, &pointers) :
		    json_keep_parts(doc, &pointers);
		if (!json_equal(want, got))
			broken("the fast parser's cut differs from jansson's",
			    list ? "list" : "object");
		json_decref(want);
		json_decref(got);
	}
	json_decref(doc);
}

/*
 * sshsig: the input is a FILE.sig for a fixed message (dockaudit verify's
 * reader). Beyond no crash and no leak: a verdict with a cause when it
 * fails, a fingerprint when it holds.
 */
static void
sig_check(const uint8_t *data, size_t len)
{
	static const char	 msg[] = "{\"schema\": \"dockaudit-report/1\"}\n";
	struct sshsig_signer	 signer;
	char			 sigpath[PATH_MAX + 16], *cause = NULL;

	snprintf(sigpath, sizeof sigpath, "%s/report.json.sig", workdir);
	write_file(sigpath, data, len);
	memset(&signer, 0, sizeof signer);
	if (sshsig_verify("report.json", msg, sizeof msg - 1, sigpath,
	    SSHSIG_NAMESPACE, &signer, &cause) == 0) {
		if (signer.fingerprint == NULL ||
		    strncmp(signer.fingerprint, "SHA256:", 7) != 0)
			broken("a valid signature without a fingerprint",
			    sigpath);
	} else if (cause == NULL || *cause == '\0' ||
	    strchr(cause, '\n') != NULL)
		broken("a refused signature without a one-line cause", sigpath);
	free(cause);
	sshsig_signer_free(&signer);
}

/*
 * One audit, as dockaudit runs it: 2 when an input is refused (nothing
 * written), else the gate's code, with the JSON report, the chosen format
 * and the full text report (on stdout) written.
 */
static int
audit_once(const struct audit_request *req, size_t chosen)
{
	const size_t		 which[] = { 0, chosen };
	struct render_opts	 ro = { 0, 0, 0 };
	struct audit		*a;
	char			*cause = NULL;
	size_t			 i;
	int			 rc;

	if ((a = audit_new(req)) == NULL)
		return 2;
	if ((rc = audit_run(a)) == -1)
		rc = 2;
	for (i = 0; rc != 2 && i < nitems(which); i++) {
		if (report_output(report_format_find(formats[which[i]]),
		    audit_record(a), outpath[which[i]], &ro, &cause) == -1) {
			free(cause);
			cause = NULL;
			rc = 2;
		}
	}
	if (rc != 2 && report_text_entry.write(audit_record(a), stdout,
	    &ro) == -1)
		rc = 2;
	audit_free(a);
	return rc;
}

/*
 * record: the input is a saved JSON record (the files of -o r.json,
 * reports/report.schema.json), after a first byte that picks its reader,
 * as ASCII ('0' + the row of record_modes[], modulo their number). Each
 * runs through the subcommand's own entry point, with a command line as
 * main() builds it: "@orig" stands for a valid record of
 * tests/gates/host-a made when the harness starts, "@mut" for the input,
 * "@out" for a file of the harness's directory, "@host" and "@bench" for
 * the recorded host and its benchmark. Beyond no crash and no leak: the
 * exit code is 0, 1, 2 or 3; 2 comes with a message and leaves no -o
 * file; every other code leaves all of them; each parses as its format
 * (check_report), standard output and error are clean text, and no
 * temporary file is left behind.
 */
struct record_mode {
	const struct cmd_entry	*cmd;
	const char		*out;	/* standard output: "text", "json" */
	const char		*args[18];
};

#define RECORD_AUDIT	"--fixture", "@host", "-b", "@bench", "-c", \
			"4.1,3.5,3.6"

static const struct record_mode record_modes[] = {
	{ &cmd_render_entry, "text", { "@mut", "-f", "text",
	    "-o", "json:@out.json", "-o", "html:@out.html",
	    "-o", "junit:@out.xml", "-o", "sarif:@out.sarif",
	    "-o", "xccdf:@out.xccdf", "-o", "text:@out.txt",
	    "-o", "hdf:@out.hdf.json", NULL } },
	{ &cmd_diff_entry, "text", { "@orig", "@mut", NULL } },
	{ &cmd_diff_entry, "text", { "@mut", "@orig", NULL } },
	{ &cmd_diff_entry, "json", { "-f", "json", "@orig", "@mut", NULL } },
	{ &cmd_diff_entry, "json", { "-f", "json", "@mut", "@orig", NULL } },
	{ &cmd_merge_entry, "text", { "@orig", "@mut",
	    "-o", "json:@out.json", "-o", "html:@out.html",
	    "-o", "csv:@out.csv", "-o", "junit:@out.xml", NULL } },
	{ &cmd_merge_entry, "text", { "@orig", "@mut", NULL } },
	{ &cmd_audit_entry, "text", { RECORD_AUDIT, "--baseline", "@mut",
	    "-o", "json:@out.json", "-o", "html:@out.html", NULL } },
	{ &cmd_merge_entry, "text", { "@orig", "--baseline", "@mut",
	    "-o", "json:@out.json", "-o", "html:@out.html", NULL } },
};

static char	recdir[PATH_MAX + 16];
static char	recorig[PATH_MAX + 32];
static char	recmut[PATH_MAX + 32];
static char	rechost[PATH_MAX];

/* One argument of a mode, its placeholder replaced (allocated). */
static char *
record_arg(const char *a)
{
	const char	*colon = strchr(a, ':');
	const char	*at = colon != NULL ? colon + 1 : a;
	int		 pre = (int)(at - a);

	if (strcmp(at, "@orig") == 0)
		return xasprintf("%.*s%s", pre, a, recorig);
	if (strcmp(at, "@mut") == 0)
		return xasprintf("%.*s%s", pre, a, recmut);
	if (strcmp(at, "@host") == 0)
		return xstrdup(rechost);
	if (strcmp(at, "@bench") == 0)
		return xstrdup(benchpath);
	if (strncmp(at, "@out", 4) == 0)
		return xasprintf("%.*s%s/out%s", pre, a, recdir, at + 4);
	return xstrdup(a);
}

/*
 * A subcommand as main() runs it: options_parse(), then its exec; the
 * messages it prints (log_error() writes to stderr) go to *err.
 */
static int
record_cmd(const struct record_mode *m, char **err, size_t *errlen)
{
	struct options	 o;
	char		*argv[nitems(m->args) + 1], *own[nitems(m->args) + 1];
	FILE		*saved = stderr, *mem;
	int		 argc, i, first, rc;

	argv[0] = own[0] = xstrdup(m->cmd->name);
	for (argc = 1; m->args[argc - 1] != NULL; argc++)
		argv[argc] = own[argc] = record_arg(m->args[argc - 1]);
	argv[argc] = NULL;
	if ((mem = open_memstream(err, errlen)) == NULL)
		die("open_memstream");
	stderr = mem;
	options_init(&o);
	optind = 0;
	if ((rc = options_parse(m->cmd, &o, argc, argv, &first)) != 0)
		rc = rc == 1 ? 0 : 2;
	else {
		o.color = 0;
		rc = m->cmd->exec(&o, argc - first, argv + first);
	}
	options_free(&o);
	fflush(stdout);
	stderr = saved;
	if (fclose(mem) == EOF)
		die("open_memstream");
	for (i = 0; i < argc; i++)
		free(own[i]);
	return rc;
}

static void
record_init(void)
{
	static const struct record_mode orig = { &cmd_audit_entry, "text",
	    { RECORD_AUDIT, "-o", "json:@orig", NULL } };
	char	*err = NULL;
	size_t	 errlen;
	int	 rc;

	snprintf(recdir, sizeof recdir, "%s/record", workdir);
	if (mkdir(recdir, 0700) == -1)
		die(recdir);
	snprintf(recorig, sizeof recorig, "%s/orig.json", recdir);
	snprintf(recmut, sizeof recmut, "%s/mutated.json", recdir);
	snprintf(rechost, sizeof rechost, "%s/tests/gates/host-a",
	    FUZZ_SRCDIR);
	snprintf(benchpath, sizeof benchpath, "%s/benchmarks/%s",
	    FUZZ_SRCDIR, CIS);
	if ((rc = record_cmd(&orig, &err, &errlen)) != 1 ||
	    access(recorig, R_OK) == -1) {
		fprintf(stderr, "fuzz-record: the audit of %s: exit %d: %s",
		    rechost, rc, err);
		exit(1);
	}
	free(err);
}

/* Each -o file of m: there (checked, removed) unless the exit was 2. */
static void
record_outputs(const struct record_mode *m, int rc)
{
	const char	*colon;
	char		*path, *s, fmt[16];
	size_t		 i, len;

	for (i = 0; m->args[i] != NULL; i++) {
		if (strcmp(m->args[i], "-o") != 0)
			continue;
		colon = strchr(m->args[++i], ':');
		snprintf(fmt, sizeof fmt, "%.*s", (int)(colon - m->args[i]),
		    m->args[i]);
		path = record_arg(m->args[i]);
		memmove(path, path + strlen(fmt) + 1, strlen(path) -
		    strlen(fmt));
		if ((s = slurp(path, &len)) == NULL) {
			if (rc != 2)
				broken("an -o file missing", path);
		} else {
			if (rc == 2)
				broken("an -o file written although the run "
				    "failed", path);
			check_report(fmt, path, s, len,
			    m->cmd == &cmd_merge_entry ? 0 : 1);
			free(s);
			unlink(path);
		}
		free(path);
	}
}

/* Nothing but the two records stays in the harness's directory. */
static void
record_leftovers(void)
{
	struct dirent	*de;
	DIR		*d;

	if ((d = opendir(recdir)) == NULL)
		die(recdir);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0 &&
		    strcmp(de->d_name, "orig.json") != 0 &&
		    strcmp(de->d_name, "mutated.json") != 0)
			broken("a file left behind", de->d_name);
	}
	closedir(d);
}

static void
record_check(const uint8_t *data, size_t len)
{
	const struct record_mode *m;
	json_error_t		 jerr;
	json_t			*j;
	char			*err = NULL, *out;
	size_t			 errlen, outlen;
	int			 rc;

	if (len == 0)
		return;
	m = &record_modes[(uint8_t)(data[0] - '0') % nitems(record_modes)];
	write_file(recmut, data + 1, len - 1);
	input_data = data + 1;
	input_len = len - 1;
	fflush(stdout);
	if (ftruncate(fileno(stdout), 0) == -1)
		die(outpath[NFORMATS - 1]);
	rewind(stdout);
	rc = record_cmd(m, &err, &errlen);
	if (rc != 0 && rc != 1 && rc != 2 && rc != 3)
		broken("exit code not 0, 1, 2 or 3", m->cmd->name);
	if (rc == 2 && strstr(err, "dockaudit: ") == NULL)
		broken("exit 2 without a message", m->cmd->name);
	check_text("standard error", err, errlen, 0);
	free(err);
	record_outputs(m, rc);
	record_leftovers();
	if ((out = slurp(outpath[NFORMATS - 1], &outlen)) == NULL)
		die(outpath[NFORMATS - 1]);
	if (strcmp(m->out, "json") == 0 && rc != 2) {
		if ((j = json_loadb(out, outlen, JSON_REJECT_DUPLICATES,
		    &jerr)) == NULL)
			broken(jerr.text, "standard output");
		json_decref(j);
	} else
		check_text("standard output", out, outlen, 0);
	free(out);
}

/* A layer number of a fact: 1..n added, 0 or above added..n deleted. */
static void
image_layers(const char *path, unsigned added, unsigned deleted, size_t n)
{
	if (path[0] != '/')
		broken("a fact's path is not absolute", path);
	if (added < 1 || added > n || (deleted != 0 &&
	    (deleted <= added || deleted > n)))
		broken("a fact's layers are out of the image", path);
}

/*
 * The input as an image archive (src/sources/image-archive.c), under small
 * limits: facts whose layers are the image's and paths absolute, or a
 * one-line cause without a control character.
 */
static void
image_check(const uint8_t *data, size_t len)
{
	struct image_limits	 lim;
	struct image_facts	*f;
	char			*cause = NULL;
	size_t			 i;

	write_file(input, data, len);
	image_limits_default(&lim);
	lim.bytes = 64 << 20;
	lim.entries = 20000;
	lim.json = 1 << 20;
	lim.json_total = 4 << 20;
	lim.facts = 10000;
	if ((f = image_archive_read(input, &lim, &cause)) == NULL) {
		if (cause == NULL || *cause == '\0')
			broken("refused without a cause", "image");
		check_text("the cause", cause, strlen(cause), 0);
		if (strchr(cause, '\n') != NULL)
			broken("a cause of more than one line", cause);
		free(cause);
		return;
	}
	for (i = 0; i < f->nsetid; i++)
		image_layers(f->setid[i].path, f->setid[i].added,
		    f->setid[i].deleted, f->nlayers);
	for (i = 0; i < f->nsecrets; i++)
		image_layers(f->secrets[i].path, f->secrets[i].added,
		    f->secrets[i].deleted, f->nlayers);
	for (i = 0; i < f->npkglines; i++)
		image_layers(f->pkglines[i].path, f->pkglines[i].added,
		    f->pkglines[i].deleted, f->nlayers);
	for (i = 0; i < f->nhistory; i++)
		if (f->history[i].layer > f->nlayers)
			broken("a history entry's layer is out of the image",
			    "image");
	if (f->passwd.layer > f->nlayers || f->group.layer > f->nlayers)
		broken("/etc/passwd's layer is out of the image", "image");
	image_facts_free(f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct audit_request o = base;
	char		path[PATH_MAX * 2];
	uint32_t	hash = 2166136261u;
	size_t		i, chosen;
	int		rc;

	if (target->in == IN_JSONKEEP) {
		keep_differ(data, len);
		return 0;
	}
	if (target->in == IN_SSHSIG) {
		sig_check(data, len);
		return 0;
	}
	if (target->in == IN_RECORD) {
		record_check(data, len);
		return 0;
	}
	if (target->in == IN_IMAGE) {
		image_check(data, len);
		return 0;
	}
	input_data = data;
	input_len = len;
	for (i = 0; i < len; i++)
		hash = (hash ^ data[i]) * 16777619u;
	chosen = 1 + hash % (NFORMATS - 2);
	fflush(stdout);
	if (ftruncate(fileno(stdout), 0) == -1)
		die(outpath[NFORMATS - 1]);
	rewind(stdout);

	switch (target->in) {
	case IN_FIXTURE:
		for (i = 0; i < 2 && target->files[i] != NULL; i++) {
			snprintf(path, sizeof path, "%s/%s", fixture,
			    target->files[i]);
			write_file(path, data, len);
		}
		break;
	case IN_BENCH:
		write_file(input, data, len);
		o.benchmark = input;
		break;
	case IN_VALUES:
		write_file(input, data, len);
		o.values = input;
		break;
	case IN_WAIVERS:
		write_file(input, data, len);
		o.waivers = input;
		break;
	case IN_ATTESTATIONS:
		write_file(input, data, len);
		o.attestations = input;
		break;
	case IN_JSONKEEP:
	case IN_SSHSIG:
	case IN_RECORD:
	case IN_IMAGE:
		break;
	}
	rc = audit_once(&o, chosen);
	fflush(stdout);
	if (rc != 0 && rc != 1 && rc != 2 && rc != 3)
		broken("exit code not 0, 1, 2 or 3", "dockaudit");
	check_outputs(rc, chosen);
	return 0;
}
