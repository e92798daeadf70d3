/*
 * --history DIR: the periodic audit's record (dockaudit.service). Each run
 * writes DIR/dockaudit-YYYYMMDDTHHMMSSZ.json (and .html when dockaudit has
 * the HTML format), points DIR/latest.json at it, keeps the newest N runs,
 * compares the run with the previous one (its baseline) and prints one
 * line for the journal. Only files named like ours are ever removed.
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
#include "lib/util.h"

#define HISTORY_PREFIX	"dockaudit-"
#define HISTORY_LATEST	"latest.json"

struct history {
	char	*dir;
	long	 keep;
	char	*previous;	/* the newest earlier JSON, or NULL */
};

static int
ours(const char *name, const char *ext)
{
	size_t	n = strlen(name), e = strlen(ext);

	/* dockaudit-20261122T020000Z.json */
	return n == strlen(HISTORY_PREFIX) + 16 + e &&
	    strncmp(name, HISTORY_PREFIX, strlen(HISTORY_PREFIX)) == 0 &&
	    strcmp(name + n - e, ext) == 0 &&
	    name[strlen(HISTORY_PREFIX) + 8] == 'T' &&
	    name[strlen(HISTORY_PREFIX) + 15] == 'Z';
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Our files with this extension, oldest first (the names sort by time). */
static int
list_runs(const char *dir, const char *ext, struct strlist *out, char **cause)
{
	DIR		*d;
	struct dirent	*de;

	if ((d = opendir(dir)) == NULL) {
		*cause = xasprintf("--history %s: %s", dir, errno_cause(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (ours(de->d_name, ext))
			strlist_add(out, de->d_name);
	}
	closedir(d);
	if (out->n > 0)
		qsort(out->v, out->n, sizeof *out->v, by_name);
	return 0;
}

struct history *
history_open(const char *dir, long keep, char **cause)
{
	struct history	*h;
	struct strlist	 runs = { NULL, 0 };
	struct stat	 st;

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
	if (list_runs(dir, ".json", &runs, cause) == -1)
		return NULL;
	h = xcalloc(1, sizeof *h);
	h->dir = xstrdup(dir);
	h->keep = keep;
	if (runs.n > 0)
		h->previous = xasprintf("%s/%s", dir, runs.v[runs.n - 1]);
	strlist_free(&runs);
	return h;
}

const char *
history_previous(const struct history *h)
{
	return h->previous;
}

void
history_free(struct history *h)
{
	if (h == NULL)
		return;
	free(h->dir);
	free(h->previous);
	free(h);
}

static void
prune(struct history *h, const char *ext)
{
	struct strlist	 runs = { NULL, 0 };
	char		*cause = NULL, *path;
	size_t		 i;

	if (list_runs(h->dir, ext, &runs, &cause) == -1) {
		log_warn("%s", cause);
		free(cause);
		return;
	}
	for (i = 0; runs.n > (size_t)h->keep && i < runs.n - (size_t)h->keep;
	    i++) {
		path = xasprintf("%s/%s", h->dir, runs.v[i]);
		if (unlink(path) == -1 && errno != ENOENT)
			log_warn("cannot remove %s: %s", path,
			    errno_cause(errno));
		free(path);
	}
	strlist_free(&runs);
}

/* latest.json -> the new file, replaced atomically. */
static int
point_latest(struct history *h, const char *name, char **cause)
{
	char	*tmp, *latest;
	int	 rc = 0;

	tmp = xasprintf("%s/.%s.%ld", h->dir, HISTORY_LATEST, (long)getpid());
	latest = xasprintf("%s/%s", h->dir, HISTORY_LATEST);
	unlink(tmp);
	if (symlink(name, tmp) == -1 || rename(tmp, latest) == -1) {
		*cause = xasprintf("%s: %s", latest, errno_cause(errno));
		unlink(tmp);
		rc = -1;
	}
	free(tmp);
	free(latest);
	return rc;
}

int
history_write(struct history *h, json_t *report, time_t started,
    char **cause)
{
	static const char *const formats[] = { "json", "html", NULL };
	const struct report_format	*f;
	struct render_opts		 ro = { 0, 0 };
	struct tm			 tm;
	char				 stamp[32], *name, *path;
	size_t				 i;

	gmtime_r(&started, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	for (i = 0; formats[i] != NULL; i++) {
		if ((f = report_format_find(formats[i])) == NULL)
			continue;	/* a build without that format */
		name = xasprintf(HISTORY_PREFIX "%s%s", stamp, f->ext);
		path = xasprintf("%s/%s", h->dir, name);
		if (report_output(f, report, path, &ro, cause) == -1) {
			free(name);
			free(path);
			return -1;
		}
		if (strcmp(formats[i], "json") == 0 &&
		    point_latest(h, name, cause) == -1) {
			free(name);
			free(path);
			return -1;
		}
		prune(h, f->ext);
		free(name);
		free(path);
	}
	return 0;
}

/* One line for the journal: score, counts, what changed. */
void
history_summary(FILE *fp, json_t *report)
{
	json_t	*s = json_object_get(report, "summary");
	json_t	*b = json_object_get(report, "baseline");
	json_t	*score = json_object_get(s, "score");
	json_t	*sw = json_object_get(s, "score_with_waivers");

	fprintf(fp, "dockaudit %s %s: score ",
	    json_string_value(json_pointer_get(report, "/benchmark/id")),
	    json_string_value(json_pointer_get(report, "/benchmark/version")));
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
	if (b != NULL)
		fprintf(fp, "; since the last run: new failures %lld rules, "
		    "%lld rows; fixed %lld rules, %lld rows",
		    json_integer_value(json_object_get(b, "new")),
		    json_integer_value(json_pointer_get(b, "/rows/new")),
		    json_integer_value(json_object_get(b, "fixed")),
		    json_integer_value(json_pointer_get(b, "/rows/fixed")));
	else
		fputs("; first run", fp);
	fputc('\n', fp);
}
