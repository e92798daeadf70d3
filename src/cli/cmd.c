/*
 * What the subcommands share: the table of subcommands, loading the
 * selected benchmark with the probe table, the plan of the options, and
 * the -o files (checked before any work, written atomically after).
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit.h"
#include "cli/cmd.h"
#include "engine/plan.h"
#include "probes/probe.h"
#include "lib/sshsig.h"
#include "lib/util.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_audit_entry,
	&cmd_attest_entry,
	&cmd_diff_entry,
	&cmd_fix_entry,
	&cmd_image_entry,
	&cmd_list_entry,
	&cmd_merge_entry,
	&cmd_render_entry,
	&cmd_validate_entry,
	&cmd_verify_entry,
	NULL
};

const struct cmd_entry *
cmd_find(const char *name)
{
	const struct cmd_entry	*near = NULL;
	char			*clean;
	size_t			 i;
	int			 d, bd = -1;

	for (i = 0; cmd_table[i] != NULL; i++) {
		if (strcmp(name, cmd_table[i]->name) == 0)
			return cmd_table[i];
		if ((d = str_typo(name, cmd_table[i]->name, 0)) != -1 &&
		    (bd == -1 || d < bd)) {
			near = cmd_table[i];
			bd = d;
		}
	}
	clean = text_sanitize(name, strlen(name), 64);
	if (near != NULL)
		log_error("unknown command %s (did you mean %s?)", clean,
		    near->name);
	else
		log_error("unknown command %s ('dockaudit --help' lists the "
		    "commands)", clean);
	free(clean);
	return NULL;
}

struct bench *
cmd_load_bench(const struct options *o)
{
	return plan_load_bench(o->benchmark, o->values, probe_table);
}

int
cmd_plan(const struct options *o, const struct bench *b, size_t **idx,
    size_t *n)
{
	struct plan_sel	sel = { o->level, &o->checks, &o->excludes };

	return plan_select(b, &sel, idx, n);
}

int
outputs_parse(const struct options *o, struct output_file **outs)
{
	return outputs_parse_with(o, outs, report_format_for);
}

int
outputs_parse_with(const struct options *o, struct output_file **outs,
    const struct report_format *(*format_for)(const char *, char **,
    char **))
{
	char	*cause = NULL;
	size_t	 i;

	*outs = xcalloc(o->outputs.n + 1, sizeof **outs);
	for (i = 0; i < o->outputs.n; i++) {
		struct output_file *ou = &(*outs)[i];

		if ((ou->fmt = format_for(o->outputs.v[i], &ou->path,
		    &cause)) == NULL ||
		    report_output_check(ou->path, &cause) == -1) {
			log_error("-o %s", cause);
			free(cause);
			return -1;
		}
	}
	return 0;
}

void
outputs_free(struct output_file *outs, size_t n)
{
	size_t	i;

	for (i = 0; outs != NULL && i < n; i++)
		free(outs[i].path);
	free(outs);
}

int
outputs_write(const struct options *o, struct output_file *outs,
    json_t *report)
{
	struct render_opts	 fro = { 0, 0, o->all };
	char			*cause = NULL;
	size_t			 i;
	int			 rc = 0;

	for (i = 0; i < o->outputs.n; i++) {
		if (report_output(outs[i].fmt, report, outs[i].path, &fro,
		    &cause) == -1) {
			log_error("cannot write report %s", cause);
			free(cause);
			cause = NULL;
			rc = -1;
		} else
			log_info("wrote %s report %s", outs[i].fmt->name,
			    outs[i].path);
	}
	return rc;
}

/* What names a file: its inode when it exists, else its resolved path. */
struct file_id {
	int	 exists;
	dev_t	 dev;
	ino_t	 ino;
	char	*canon;
};

static void
file_id_of(const char *path, struct file_id *id)
{
	struct stat	 st;
	char		*d = xstrdup(path), *b = xstrdup(path), *rd;

	memset(id, 0, sizeof *id);
	if (stat(path, &st) == 0) {
		id->exists = 1;
		id->dev = st.st_dev;
		id->ino = st.st_ino;
	}
	if ((rd = realpath(dirname(d), NULL)) != NULL)
		id->canon = xasprintf("%s/%s", rd, basename(b));
	else
		id->canon = xstrdup(path);
	free(rd);
	free(d);
	free(b);
}

static int
file_id_same(const struct file_id *a, const struct file_id *b)
{
	if (a->exists && b->exists)
		return a->dev == b->dev && a->ino == b->ino;
	return strcmp(a->canon, b->canon) == 0;
}

/* Is the file of id inside directory dir (one not made yet too)? */
static int
file_id_inside(const struct file_id *id, const char *dir)
{
	struct file_id	 d;
	char		*real;
	size_t		 n;
	int		 in;

	file_id_of(dir, &d);
	if (d.exists && (real = realpath(dir, NULL)) != NULL) {
		free(d.canon);
		d.canon = real;
	}
	n = strlen(d.canon);
	in = strncmp(id->canon, d.canon, n) == 0 && (id->canon[n] == '/' ||
	    strcmp(d.canon, "/") == 0);
	free(d.canon);
	return in;
}

/*
 * Whether what an output writes (its file, and its .sig with --sign) is
 * an input: the same file, or, for a directory input (merge's, the
 * history's), a file inside it. Said, and 1.
 */
static int
output_is_input(const char *out, const struct file_id *id,
    const char *input, const char *what, int dir)
{
	struct file_id	 in;
	struct stat	 st;
	int		 same;

	if (dir || (stat(input, &st) == 0 && S_ISDIR(st.st_mode))) {
		if (file_id_inside(id, input)) {
			log_error("-o %s: that is inside %s, the %s directory; "
			    "a report never goes where dockaudit reads or "
			    "manages files", out, input, what);
			return 1;
		}
		return 0;
	}
	file_id_of(input, &in);
	same = file_id_same(id, &in);
	free(in.canon);
	if (same)
		log_error("-o %s: that is the %s file; a report never "
		    "overwrites an input", out, what);
	return same;
}

int
outputs_distinct(const struct options *o, struct output_file *outs,
    const char *const *inputs, const char *const *what, size_t ninputs)
{
	struct file_id	*ids;
	char		*sig;
	size_t		 i, j, k, n = o->outputs.n, nf = o->sign != NULL ? 2 : 1;
	int		 rc = 0;

	/* Each output's file, then (with --sign) its signature's. */
	ids = xcalloc(n * nf + 1, sizeof *ids);
	for (i = 0; i < n; i++) {
		file_id_of(outs[i].path, &ids[i * nf]);
		if (nf == 2) {
			sig = xasprintf("%s.sig", outs[i].path);
			file_id_of(sig, &ids[i * nf + 1]);
			free(sig);
		}
	}
	for (i = 0; i < n * nf && rc == 0; i++) {
		const char *out = o->outputs.v[i / nf];

		for (j = 0; j < ninputs && rc == 0; j++) {
			if (inputs[j] != NULL)
				rc = -output_is_input(out, &ids[i], inputs[j],
				    what[j], 0);
		}
		if (rc == 0 && o->sign != NULL)
			rc = -output_is_input(out, &ids[i], o->sign,
			    "--sign key", 0);
		if (rc == 0 && o->history != NULL)
			rc = -output_is_input(out, &ids[i], o->history,
			    "--history", 1);
		for (k = 0; k < i - i % nf && rc == 0; k++) {
			if (file_id_same(&ids[i], &ids[k])) {
				log_error("-o %s: the same file as -o %s%s; "
				    "each report needs a file of its own", out,
				    o->outputs.v[k / nf], k % nf == 1 ?
				    "'s signature" : "");
				rc = -1;
			}
		}
	}
	for (i = 0; i < n * nf; i++)
		free(ids[i].canon);
	free(ids);
	return rc;
}

int
outputs_sign_key(const struct options *o, struct output_file *outs,
    int history, struct sshsig_key **key)
{
	char	*cause = NULL, *sig;
	size_t	 i;
	int	 rc = 0;

	*key = NULL;
	if (o->sign == NULL)
		return 0;
	if (o->outputs.n == 0 && o->history == NULL) {
		log_error("--sign %s: no report to sign: give -o FILE%s",
		    o->sign, history ? " or --history DIR" : "");
		return -1;
	}
	for (i = 0; i < o->outputs.n && rc == 0; i++) {
		sig = xasprintf("%s.sig", outs[i].path);
		if (report_output_check(sig, &cause) == -1) {
			log_error("--sign %s", cause);
			free(cause);
			rc = -1;
		}
		free(sig);
	}
	if (rc == 0 && (*key = sshsig_key_load(o->sign, &cause)) == NULL) {
		log_error("--sign %s", cause);
		free(cause);
		rc = -1;
	}
	return rc;
}

/* A report never stands beside a signature of what it replaced. */
int
outputs_write_signed(const struct options *o, struct output_file *outs,
    json_t *report, const struct sshsig_key *key)
{
	struct render_opts	 fro = { 0, 0, o->all };
	char			*cause = NULL, *sig;
	size_t			 i;
	int			 rc = 0;

	if (key == NULL)
		return outputs_write(o, outs, report);
	for (i = 0; i < o->outputs.n; i++) {
		if (report_output(outs[i].fmt, report, outs[i].path, &fro,
		    &cause) == -1) {
			log_error("cannot write report %s", cause);
			rc = -1;
		} else if (sshsig_sign_file(key, outs[i].path, &cause) == -1) {
			log_error("cannot sign report %s", cause);
			sig = xasprintf("%s.sig", outs[i].path);
			unlink(sig);
			free(sig);
			rc = -1;
		} else
			log_info("wrote %s report %s, signed in %s.sig",
			    outs[i].fmt->name, outs[i].path, outs[i].path);
		free(cause);
		cause = NULL;
	}
	return rc;
}

void
cmd_progress_show(size_t done, size_t total, void *arg)
{
	struct cmd_progress	*p = arg;
	struct timespec		 now;

	if (total == 0) {
		cmd_progress_note(NULL, arg);
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

void
cmd_progress_note(const char *what, void *arg)
{
	struct cmd_progress	*p = arg;

	if (what == NULL) {
		if (p->shown)
			fputs("\r\033[K", stderr);
		p->shown = 0;
		return;
	}
	fprintf(stderr, "\r\033[Kdockaudit: %s", what);
	p->shown = 1;
}

void
cmd_progress_attach(const struct options *o, struct audit_request *req,
    struct cmd_progress *prog)
{
	if (o->quiet || !isatty(STDERR_FILENO))
		return;
	memset(prog, 0, sizeof *prog);
	clock_gettime(CLOCK_MONOTONIC, &prog->started);
	req->progress = cmd_progress_show;
	req->progress_note = cmd_progress_note;
	req->progress_arg = prog;
}

int
report_to_stdout(const struct options *o, json_t *report)
{
	struct render_opts	 ro = { o->color, o->quiet, o->all };

	if (report_format_find(o->format)->write(report, stdout, &ro) == -1 ||
	    ferror(stdout) || fflush(stdout) == EOF) {
		log_error("cannot write to standard output");
		return -1;
	}
	return 0;
}
