/*
 * --history DIR: the periodic audit's record (dockaudit.service). Each run
 * writes DIR/dockaudit-ID-YYYYMMDDTHHMMSSZ.json (ID: the benchmark's id;
 * and .html when dockaudit has the HTML format), points DIR/latest.json
 * and DIR/latest-ID.json at it, keeps the newest N runs of its benchmark,
 * compares the run with the previous readable run of the same benchmark,
 * of this version or an earlier one it has a crosswalk from (its
 * baseline), and prints one line for the journal. Only files named
 * exactly like ours are ever read or removed; runs of earlier versions
 * (dockaudit-YYYYMMDDTHHMMSSZ.json) count for the benchmark they hold.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "report/history.h"
#include "report/report.h"
#include "lib/json.h"
#include "lib/sshsig.h"
#include "lib/util.h"

#define HISTORY_PREFIX	"dockaudit-"
#define HISTORY_LATEST	"latest"
#define STAMP_LEN	16		/* 20261122T020000Z */
#define STALE_TMP	3600		/* an interrupted run's files, s */

struct history {
	char		*dir;
	long		 keep;
	char		*id;		/* the benchmark's id */
	char		*version;
	const struct bench *bench;	/* its crosswalk to earlier versions */
	char		 now[STAMP_LEN + 1];	/* this run's stamp */
	struct run	*runs;		/* the runs found, oldest first */
	size_t		 nruns;
	int		 picked;	/* the baseline was looked for */
	char		*previous;	/* the baseline's path, or NULL */
	json_t		*baseline;	/* and the report, or NULL */
};

/* A run's name: its stamp and benchmark id (NULL: an older name). */
struct run {
	char	*name;
	char	 stamp[STAMP_LEN + 1];
	char	*id;
};

static int
is_stamp(const char *s)
{
	size_t	i;

	for (i = 0; i < STAMP_LEN; i++) {
		if (i == 8 ? s[i] != 'T' : i == 15 ? s[i] != 'Z' :
		    (s[i] < '0' || s[i] > '9'))
			return 0;
	}
	return 1;
}

static int
id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* The benchmark id as it stands in a file name ([A-Za-z0-9._-]). */
static char *
id_in_name(const char *id)
{
	char	*s = xstrdup(id), *p;

	for (p = s; *p != '\0'; p++) {
		if (!id_char(*p))
			*p = '_';
	}
	return s;
}

/* dockaudit-[ID-]STAMP.EXT exactly; 0 and r filled, or -1. */
static int
parse_run(const char *name, const char *ext, struct run *r)
{
	size_t	n = strlen(name), p = strlen(HISTORY_PREFIX), e = strlen(ext);
	size_t	i, idlen;

	if (n < p + STAMP_LEN + e || strncmp(name, HISTORY_PREFIX, p) != 0 ||
	    strcmp(name + n - e, ext) != 0 ||
	    !is_stamp(name + n - e - STAMP_LEN))
		return -1;
	idlen = n - e - STAMP_LEN - p;
	if (idlen == 1 || (idlen > 1 && name[p + idlen - 1] != '-'))
		return -1;
	for (i = p; idlen > 0 && i < p + idlen - 1; i++) {
		if (!id_char(name[i]))
			return -1;
	}
	r->name = xstrdup(name);
	memcpy(r->stamp, name + n - e - STAMP_LEN, STAMP_LEN);
	r->stamp[STAMP_LEN] = '\0';
	r->id = idlen > 0 ? xstrndup(name + p, idlen - 1) : NULL;
	return 0;
}

static void
runs_free(struct run *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].id);
	}
	free(v);
}

static int
by_stamp(const void *a, const void *b)
{
	const struct run *x = a, *y = b;
	int	c = strcmp(x->stamp, y->stamp);

	return c != 0 ? c : strcmp(x->name, y->name);
}

/* Our runs with this extension, oldest first. */
static int
list_runs(const char *dir, const char *ext, struct run **out, size_t *n,
    char **cause)
{
	DIR		*d;
	struct dirent	*de;
	struct run	 r;

	*out = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		*cause = xasprintf("--history %s: %s", dir, errno_cause(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (parse_run(de->d_name, ext, &r) == -1)
			continue;
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[(*n)++] = r;
	}
	closedir(d);
	if (*n > 1)
		qsort(*out, *n, sizeof **out, by_stamp);
	return 0;
}

/* Remove what interrupted runs left: our temporary files, an hour old. */
static void
remove_stale(const char *dir, time_t now)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		*path;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (!((strncmp(de->d_name, HISTORY_PREFIX,
		    strlen(HISTORY_PREFIX)) == 0 &&
		    strstr(de->d_name, ".tmp.") != NULL) ||
		    strncmp(de->d_name, "." HISTORY_LATEST,
		    strlen("." HISTORY_LATEST)) == 0))
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (lstat(path, &st) == 0 && (S_ISREG(st.st_mode) ||
		    S_ISLNK(st.st_mode)) && now - st.st_mtime > STALE_TMP &&
		    unlink(path) == 0)
			log_info("removed %s, left by an interrupted run", path);
		free(path);
	}
	closedir(d);
}

/* The benchmark a run is of: its name's, or (older names) its report's. */
static int
run_is_ours(const struct history *h, const struct run *r, json_t *report)
{
	const char	*id;
	char		*mine;
	int		 same;

	if (r->id != NULL) {
		mine = id_in_name(h->id);
		same = strcmp(r->id, mine) == 0;
		free(mine);
		return same;
	}
	id = json_string_value(json_pointer_get(report, "/benchmark/id"));
	return id != NULL && strcmp(id, h->id) == 0;
}

/*
 * The baseline: the newest run of this benchmark and of this host that is
 * not dated after this one and that reads as a report of the same
 * benchmark version. A run that cannot be read, and another host's, is
 * skipped with a warning, never fatal.
 */
static void
find_previous(struct history *h, const char *host)
{
	struct run	*runs = h->runs;
	char		*cause = NULL;
	json_t		*r;
	const char	*v, *rh;
	char		*path;
	size_t		 i;

	for (i = h->nruns; i-- > 0;) {
		path = xasprintf("%s/%s", h->dir, runs[i].name);
		if (strcmp(runs[i].stamp, h->now) > 0) {
			if (runs[i].id == NULL || run_is_ours(h, &runs[i],
			    NULL))
				log_warn("--history: %s is dated in the future "
				    "(a wrong clock?): not a baseline, not "
				    "counted by --keep", path);
			free(path);
			continue;
		}
		if (runs[i].id != NULL && !run_is_ours(h, &runs[i], NULL)) {
			free(path);
			continue;
		}
		if ((r = json_input(path, REPORT_MAX, REPORT_WHAT, 1,
		    &cause)) == NULL || report_check(r, &cause) == -1) {
			if (r == NULL)
				log_warn("--history: skipping %s: %s", path,
				    cause);
			else
				log_warn("--history: skipping %s: %s", path,
				    cause);
			free(cause);
			cause = NULL;
			json_decref(r);
			free(path);
			continue;
		}
		if (!run_is_ours(h, &runs[i], r)) {
			json_decref(r);
			free(path);
			continue;
		}
		rh = json_string_value(json_pointer_get(r, "/host/id"));
		if (host != NULL && rh != NULL && strcmp(rh, host) != 0) {
			cause = text_sanitize(rh, strlen(rh), 64);
			log_warn("--history: skipping %s: a run of host %s, "
			    "not of this one (%s)", path, cause, host);
			free(cause);
			cause = NULL;
			json_decref(r);
			free(path);
			continue;
		}
		v = json_string_value(json_pointer_get(r,
		    "/benchmark/version"));
		if (v == NULL || !bench_has_version(h->bench, v)) {
			cause = text_sanitize(v != NULL ? v : "?", v != NULL ?
			    strlen(v) : 1, 64);
			log_warn("--history: skipping %s: a report of %s %s, "
			    "and %s has no crosswalk from it", path, h->id,
			    cause, h->version);
			free(cause);
			cause = NULL;
			json_decref(r);
			free(path);
			continue;
		}
		h->previous = path;
		h->baseline = r;
		return;
	}
}

struct history *
history_open(const char *dir, long keep, const struct bench *b, time_t now,
    char **cause)
{
	struct history	*h;
	struct run	*runs;
	struct stat	 st;
	struct tm	 tm;
	size_t		 n;

	if (stat(dir, &st) == -1 && errno == ENOENT) {
		/* A first run: the directory holds host evidence, 0700. */
		if (mkdir(dir, 0700) == -1) {
			*cause = xasprintf("--history %s: cannot create it: %s",
			    dir, errno_cause(errno));
			return NULL;
		}
		log_info("created %s", dir);
	}
	if (stat(dir, &st) == -1 || (S_ISDIR(st.st_mode) &&
	    access(dir, W_OK | X_OK) == -1)) {
		*cause = xasprintf("--history %s: %s", dir,
		    errno_cause(errno));
		return NULL;
	}
	if (!S_ISDIR(st.st_mode)) {
		*cause = xasprintf("--history %s: not a directory", dir);
		return NULL;
	}
	if (list_runs(dir, ".json", &runs, &n, cause) == -1)
		return NULL;
	h = xcalloc(1, sizeof *h);
	h->dir = xstrdup(dir);
	h->keep = keep;
	h->id = xstrdup(b->id);
	h->version = xstrdup(b->version);
	h->bench = b;
	gmtime_r(&now, &tm);
	strftime(h->now, sizeof h->now, "%Y%m%dT%H%M%SZ", &tm);
	remove_stale(dir, now);
	h->runs = runs;
	h->nruns = n;
	return h;
}

json_t *
history_baseline(struct history *h, const char *host, const char **path)
{
	if (!h->picked)
		find_previous(h, host);
	h->picked = 1;
	*path = h->previous;
	return h->baseline;
}

void
history_free(struct history *h)
{
	if (h == NULL)
		return;
	free(h->dir);
	free(h->id);
	free(h->version);
	free(h->previous);
	json_decref(h->baseline);
	runs_free(h->runs, h->nruns);
	free(h);
}

/* Keep the newest N runs of this benchmark (runs dated later: left). */
static void
prune(struct history *h, const char *ext)
{
	struct run	*runs;
	json_t		*r;
	char		*cause = NULL, *path, *json;
	size_t		 n, i, kept = 0;
	int		 mine;

	if (list_runs(h->dir, ext, &runs, &n, &cause) == -1) {
		log_warn("%s", cause);
		free(cause);
		return;
	}
	for (i = n; i-- > 0;) {
		if (strcmp(runs[i].stamp, h->now) > 0)
			continue;
		if (runs[i].id != NULL)
			mine = run_is_ours(h, &runs[i], NULL);
		else {
			/* An older name: the benchmark its JSON holds. */
			json = xasprintf("%s/" HISTORY_PREFIX "%s.json", h->dir,
			    runs[i].stamp);
			r = json_input(json, REPORT_MAX, REPORT_WHAT, 1,
			    &cause);
			free(cause);
			cause = NULL;
			mine = r != NULL && run_is_ours(h, &runs[i], r);
			json_decref(r);
			free(json);
		}
		if (!mine || ++kept <= (size_t)h->keep)
			continue;
		path = xasprintf("%s/%s", h->dir, runs[i].name);
		if (unlink(path) == -1 && errno != ENOENT)
			log_warn("cannot remove %s: %s", path,
			    errno_cause(errno));
		free(path);
		/* Its signature goes with it. */
		path = xasprintf("%s/%s.sig", h->dir, runs[i].name);
		if (unlink(path) == -1 && errno != ENOENT)
			log_warn("cannot remove %s: %s", path,
			    errno_cause(errno));
		free(path);
	}
	runs_free(runs, n);
}

/* NAME -> the new file, replaced atomically. */
static int
point(struct history *h, const char *link, const char *name, char **cause)
{
	char	*tmp, *path;
	int	 rc = 0;

	tmp = xasprintf("%s/.%s.%ld", h->dir, link, (long)getpid());
	path = xasprintf("%s/%s", h->dir, link);
	unlink(tmp);
	tmp_guard(tmp);
	if (symlink(name, tmp) == -1 || rename(tmp, path) == -1) {
		*cause = xasprintf("%s: %s", path, errno_cause(errno));
		unlink(tmp);
		rc = -1;
	}
	tmp_guard(NULL);
	free(tmp);
	free(path);
	return rc;
}

/* latest.json.sig and latest-ID.json.sig beside their links. */
static int
sign_links(struct history *h, const char *name, const char *link,
    char **cause)
{
	char	*sig = xasprintf("%s.sig", name);
	char	*l1 = xasprintf(HISTORY_LATEST ".json.sig");
	char	*l2 = xasprintf("%s.sig", link);
	int	 rc;

	rc = point(h, l1, sig, cause) == -1 || point(h, l2, sig, cause) == -1 ?
	    -1 : 0;
	free(sig);
	free(l1);
	free(l2);
	return rc;
}

/* An unsigned run: the links' signatures of an earlier signed run go. */
static int
unsign_links(struct history *h, const char *link, char **cause)
{
	const char	*links[] = { HISTORY_LATEST ".json.sig", NULL };
	char		*l2 = xasprintf("%s.sig", link), *path;
	size_t		 i;
	int		 rc = 0;

	links[1] = l2;
	for (i = 0; i < nitems(links) && rc == 0; i++) {
		path = xasprintf("%s/%s", h->dir, links[i]);
		if (unlink(path) == -1 && errno != ENOENT) {
			*cause = xasprintf("%s: %s", path, errno_cause(errno));
			rc = -1;
		}
		free(path);
	}
	free(l2);
	return rc;
}

int
history_write(struct history *h, json_t *report, time_t started,
    const struct sshsig_key *key, char **cause)
{
	static const char *const formats[] = { "json", "html", NULL };
	const struct report_format	*f;
	struct render_opts		 ro = { 0, 0, 0 };
	struct tm			 tm;
	char				 stamp[32], *name, *path, *id, *link;
	size_t				 i;
	int				 rc = 0;

	gmtime_r(&started, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	/* This run is not "dated in the future" for its own pruning, even
	 * when its start fell in the second after history_open(). */
	if (strcmp(stamp, h->now) > 0)
		memcpy(h->now, stamp, sizeof h->now);
	id = id_in_name(h->id);
	for (i = 0; formats[i] != NULL && rc == 0; i++) {
		if ((f = report_format_find(formats[i])) == NULL)
			continue;	/* a build without that format */
		name = xasprintf(HISTORY_PREFIX "%s-%s%s", id, stamp, f->ext);
		path = xasprintf("%s/%s", h->dir, name);
		link = xasprintf(HISTORY_LATEST "-%s.json", id);
		if (report_output(f, report, path, &ro, cause) == -1 ||
		    (key != NULL && sshsig_sign_file(key, path, cause) == -1) ||
		    (strcmp(formats[i], "json") == 0 &&
		    (point(h, HISTORY_LATEST ".json", name, cause) == -1 ||
		    point(h, link, name, cause) == -1 ||
		    (key != NULL ? sign_links(h, name, link, cause) :
		    unsign_links(h, link, cause)) == -1)))
			rc = -1;
		else
			prune(h, f->ext);
		free(link);
		free(name);
		free(path);
	}
	free(id);
	return rc;
}

/* One line for the journal: score, counts, what changed. */
int
history_summary(FILE *fp, json_t *report)
{
	json_t	*s = json_object_get(report, "summary");
	json_t	*b = json_object_get(report, "baseline");
	json_t	*score = json_object_get(s, "score");
	json_t	*sw = json_object_get(s, "score_with_waivers");
	char	*words, *id, *v;

	id = text_sanitize(report_str(json_object_get(report, "benchmark"),
	    "id"), strlen(report_str(json_object_get(report, "benchmark"),
	    "id")), 64);
	v = text_sanitize(report_str(json_object_get(report, "benchmark"),
	    "version"), strlen(report_str(json_object_get(report,
	    "benchmark"), "version")), 64);
	fprintf(fp, "dockaudit %s %s: score ", id, v);
	free(id);
	free(v);
	if (json_is_number(score))
		fprintf(fp, "%.1f%% (%.1f%% with waivers)",
		    json_number_value(score), json_is_number(sw) ?
		    json_number_value(sw) : 0.0);
	else
		fputs("n/a", fp);
	fprintf(fp, ", %lld pass, %lld fail, %lld error, %lld waived",
	    json_integer_value(json_object_get(s, "pass")),
	    json_integer_value(json_object_get(s, "fail")),
	    json_integer_value(json_object_get(s, "error")),
	    json_integer_value(json_object_get(s, "waived")));
	if (b != NULL) {
		words = report_baseline_words(b);
		fprintf(fp, "; since the last run: %s", words);
		free(words);
	} else
		fputs("; first run", fp);
	if ((words = report_gate_words(report)) != NULL) {
		fprintf(fp, "; gate failed: %s", words);
		free(words);
	} else if ((words = report_undecided_words(report)) != NULL) {
		fprintf(fp, "; gate not decided: %s", words);
		free(words);
	}
	fputc('\n', fp);
	return ferror(fp) || fflush(fp) == EOF ? -1 : 0;
}
