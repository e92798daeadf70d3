/*
 * Building the JSON record of a run, scoring it (DESIGN: score = 100 x
 * pass / (pass + fail + error) over scored rules, one decimal, overall and
 * per top-level section, with and without waivers), the gate's exit code,
 * and writing any format atomically.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"
#include "util.h"

const struct report_format *const report_formats[] = {
	&report_json_entry,
	&report_text_entry,
	NULL
};

static json_t *
time_json(const struct timespec *ts)
{
	struct tm	tm;
	char		buf[32];

	gmtime_r(&ts->tv_sec, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}

static json_t *
strlist_array(const struct strlist *l)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; l != NULL && i < l->n; i++)
		json_array_append_new(a, evidence_string(l->v[i]));
	return a;
}

static json_t *
opt_string(const char *s)
{
	return s != NULL ? evidence_string(s) : json_null();
}

/*
 * The same container id, name, image and kind stand in a row of every
 * per-container rule: one shared JSON string each, not thousands.
 */
#define INTERN_SIZE	8192

static json_t	*intern_v[INTERN_SIZE];

static json_t *
intern(const char *s)
{
	unsigned long	 h = 5381;
	const char	*p;
	size_t		 i, k;

	for (p = s; *p != '\0'; p++)
		h = h * 33 + (unsigned char)*p;
	for (k = 0; k < INTERN_SIZE; k++) {
		i = (h + k) % INTERN_SIZE;
		if (intern_v[i] == NULL) {
			intern_v[i] = evidence_string(s);
			return json_incref(intern_v[i]);
		}
		if (strcmp(json_string_value(intern_v[i]), s) == 0)
			return json_incref(intern_v[i]);
	}
	return evidence_string(s);	/* full: no sharing */
}

void
report_intern_clear(void)
{
	size_t	i;

	for (i = 0; i < INTERN_SIZE; i++) {
		json_decref(intern_v[i]);
		intern_v[i] = NULL;
	}
}

static json_t *
target_json(const struct target *t)
{
	json_t	*j;

	j = json_pack("{s:o,s:o,s:o,s:s,s:o,s:O}",
	    "kind", intern(t->kind),
	    "id", intern(t->id),
	    "name", intern(t->name),
	    "status", status_name(t->status),
	    "reason", opt_string(t->reason),
	    "evidence", t->evidence);
	if (t->image != NULL)
		json_object_set_new(j, "image", intern(t->image));
	return j;
}

json_t *
report_result_json(const struct result *res)
{
	const struct rule	*r = res->rule;
	json_t			*targets;
	size_t			 i;

	targets = json_array();
	for (i = 0; i < res->v.ntargets; i++)
		json_array_append_new(targets, target_json(&res->v.targets[i]));
	return json_pack("{s:s,s:s,s:s,s:i,s:b,s:s,s:s,s:o,s:s,s:s,s:s,"
	    "s:o,s:O,s:o}",
	    "id", r->id,
	    "section", r->section,
	    "title", r->title,
	    "level", r->level,
	    "scored", r->scored,
	    "severity", severity_name(r->severity),
	    "status", status_name(res->v.status),
	    "reason", opt_string(res->v.reason),
	    "description", r->description,
	    "rationale", r->rationale,
	    "remediation", r->remediation,
	    "references", strlist_array(&r->refs),
	    "evidence", res->v.evidence,
	    "targets", targets);
}

struct tally {
	json_int_t	n[STATUS_COUNT];
	json_int_t	spass, sfail, serror, swaived;
};

static void
tally_add(struct tally *t, const char *status, int scored)
{
	int	st = status_from_name(status);

	if (st < 0)
		return;
	t->n[st]++;
	if (!scored)
		return;
	if (st == STATUS_PASS)
		t->spass++;
	else if (st == STATUS_FAIL)
		t->sfail++;
	else if (st == STATUS_ERROR)
		t->serror++;
	else if (st == STATUS_WAIVED)
		t->swaived++;
}

/* One decimal, or null when nothing scored could be decided. */
static json_t *
score_json(json_int_t pass, json_int_t bad)
{
	if (pass + bad == 0)
		return json_null();
	return json_real(round(1000.0 * (double)pass / (double)(pass + bad))
	    / 10.0);
}

static void
tally_fill(json_t *obj, const struct tally *t)
{
	int	i;

	/* Without waivers a waived failure is a failure; with, a pass. */
	json_object_set_new(obj, "score", score_json(t->spass,
	    t->sfail + t->serror + t->swaived));
	json_object_set_new(obj, "score_with_waivers", score_json(t->spass +
	    t->swaived, t->sfail + t->serror));
	for (i = 0; i < STATUS_COUNT; i++)
		json_object_set_new(obj, status_name(i), json_integer(t->n[i]));
}

json_t *
report_summary(json_t *results, const struct bench *b)
{
	struct tally	 all, *sec;
	json_t		*summary, *sections, *res, *obj;
	size_t		 i, j;

	memset(&all, 0, sizeof all);
	sec = xcalloc(b->nsections, sizeof *sec);
	json_array_foreach(results, i, res) {
		const char *status = json_string_value(json_object_get(res,
		    "status"));
		const char *section = json_string_value(json_object_get(res,
		    "section"));
		int scored = json_is_true(json_object_get(res, "scored"));

		tally_add(&all, status, scored);
		for (j = 0; j < b->nsections; j++) {
			if (strcmp(b->sections[j].id, section) == 0)
				tally_add(&sec[j], status, scored);
		}
	}
	summary = json_object();
	tally_fill(summary, &all);
	json_object_set_new(summary, "total", json_integer(
	    (json_int_t)json_array_size(results)));
	sections = json_array();
	for (j = 0; j < b->nsections; j++) {
		json_int_t n = 0;
		int k;

		for (k = 0; k < STATUS_COUNT; k++)
			n += sec[j].n[k];
		if (n == 0)
			continue;	/* not selected */
		obj = json_pack("{s:s,s:s}", "id", b->sections[j].id, "title",
		    b->sections[j].title);
		tally_fill(obj, &sec[j]);
		json_array_append_new(sections, obj);
	}
	json_object_set_new(summary, "sections", sections);
	free(sec);
	return summary;
}

json_t *
report_build(const struct run_info *ri, json_t *results)
{
	const struct bench	*b = ri->bench;
	json_t			*report;
	long long		 ms;

	ms = (long long)(ri->finished.tv_sec - ri->started.tv_sec) * 1000 +
	    (ri->finished.tv_nsec - ri->started.tv_nsec) / 1000000;
	report = json_pack("{s:s,s:{s:s,s:s},s:{s:s,s:s,s:s,s:s,s:o,s:o},"
	    "s:o,s:o,s:o,s:I,s:{s:i,s:o,s:o},s:o,s:o}",
	    "schema", "dockaudit-report/1",
	    "tool", "name", PACKAGE_NAME, "version", PACKAGE_VERSION,
	    "benchmark", "id", b->id, "version", b->version, "title", b->title,
	    "sha256", b->sha256, "path", evidence_string(b->path),
	    "values", opt_string(b->values_path),
	    "host", ri->host,
	    "started", time_json(&ri->started),
	    "finished", time_json(&ri->finished),
	    "duration_ms", (json_int_t)(ms < 0 ? 0 : ms),
	    "selection", "level", ri->level,
	    "checks", strlist_array(ri->checks),
	    "excluded", strlist_array(ri->excluded),
	    "summary", report_summary(results, b),
	    "results", results);
	if (report == NULL)
		fatal("cannot build the JSON report");
	return report;
}

int
report_exit_code(json_t *report)
{
	json_t	*res;
	size_t	 i;
	int	 error = 0;

	json_array_foreach(json_object_get(report, "results"), i, res) {
		const char *st = json_string_value(json_object_get(res,
		    "status"));

		if (strcmp(st, "fail") == 0 &&
		    json_is_true(json_object_get(res, "scored")))
			return 1;
		if (strcmp(st, "error") == 0)
			error = 1;
	}
	return error ? 3 : 0;
}

const struct report_format *
report_format_find(const char *name)
{
	size_t	i;

	for (i = 0; report_formats[i] != NULL; i++) {
		if (strcmp(report_formats[i]->name, name) == 0)
			return report_formats[i];
	}
	return NULL;
}

const struct report_format *
report_format_for(const char *spec, char **path, char **cause)
{
	const char	*colon, *dot;
	char		*name;
	size_t		 i;
	const struct report_format *f;

	/* FORMAT:FILE when the part before the first colon names a format. */
	colon = strchr(spec, ':');
	if (colon != NULL && colon != spec && memchr(spec, '/',
	    (size_t)(colon - spec)) == NULL) {
		name = xstrndup(spec, (size_t)(colon - spec));
		f = report_format_find(name);
		free(name);
		if (f != NULL) {
			if (colon[1] == '\0') {
				*cause = xasprintf("%s: no file name after the "
				    "format", spec);
				return NULL;
			}
			*path = xstrdup(colon + 1);
			return f;
		}
	}
	if ((dot = strrchr(spec, '.')) != NULL && strchr(dot, '/') == NULL) {
		for (i = 0; report_formats[i] != NULL; i++) {
			if (strcmp(report_formats[i]->ext, dot) == 0) {
				*path = xstrdup(spec);
				return report_formats[i];
			}
		}
	}
	*cause = xasprintf("%s: cannot tell the format from the extension "
	    "(known: .json, .txt; or FORMAT:FILE with json, text)", spec);
	return NULL;
}

int
report_output_check(const char *path, char **cause)
{
	struct stat	 st;
	char		*copy, *dir;
	int		 rc = 0;

	/* rename(2) would replace whatever is there: a device, a FIFO. */
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		*cause = xasprintf("%s: exists and is not a regular file", path);
		return -1;
	}
	copy = xstrdup(path);
	dir = dirname(copy);
	if (stat(dir, &st) == -1) {
		*cause = xasprintf("%s: cannot write in %s: %s", path, dir,
		    errno_cause(errno));
		rc = -1;
	} else if (!S_ISDIR(st.st_mode)) {
		*cause = xasprintf("%s: %s is not a directory", path, dir);
		rc = -1;
	} else if (access(dir, W_OK) == -1) {
		*cause = xasprintf("%s: cannot write in %s: %s", path, dir,
		    errno_cause(errno));
		rc = -1;
	}
	free(copy);
	return rc;
}

int
report_output(const struct report_format *f, json_t *report,
    const char *path, const struct render_opts *ro, char **cause)
{
	char	*tmp;
	FILE	*fp;
	mode_t	 mask;
	int	 fd, err = 0;

	tmp = xasprintf("%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		*cause = xasprintf("%s: %s", path, errno_cause(errno));
		free(tmp);
		return -1;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) == -1 || (fp = fdopen(fd, "w")) == NULL) {
		err = errno;
		close(fd);
		goto fail;
	}
	if (f->write(report, fp, ro) == -1 || fflush(fp) == EOF ||
	    ferror(fp) || fsync(fileno(fp)) == -1)
		err = errno != 0 ? errno : EIO;
	if (fclose(fp) == EOF && err == 0)
		err = errno;
	if (err == 0 && rename(tmp, path) == -1)
		err = errno;
	if (err != 0)
		goto fail;
	free(tmp);
	return 0;
fail:
	unlink(tmp);
	*cause = xasprintf("%s: %s", path, errno_cause(err));
	free(tmp);
	return -1;
}
