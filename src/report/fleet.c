/*
 * dockaudit merge: single-host records into one fleet document. Each input
 * is loaded, boiled down to what the fleet report shows (the host, its
 * benchmark, time, score, counts, and per rule its status and the names
 * of its failing targets) and freed before the next, so that a thousand
 * records of a third of a megabyte each merge in bounded memory. The
 * document then gets the hosts (stale, skew), the rules of the majority
 * benchmark across the current hosts, the score distribution, the drift
 * against an earlier fleet report and the gate.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report/fleet.h"
#include "engine/bench.h"
#include "lib/sshsig.h"
#include "lib/util.h"

#define HISTORY_PREFIX	"dockaudit-"
#define STAMP_LEN	16		/* YYYYMMDDTHHMMSSZ */
#define FLEET_CLOCK_SKEW 300		/* s a record may start ahead */
#define FLEET_TREND_MAX	30		/* earlier runs read per history */

struct fleet_host {
	json_t		*h;		/* the compact host object */
	time_t		 started;
};

struct fleet {
	struct fleet_opts	 o;
	struct fleet_host	*hosts;
	size_t			 n, cap;
	json_t			*index;	/* "KEY\nBENCH" -> slot */
	json_t			*rules;	/* "ID VERSION" -> rows */
	json_t			*unreadable;
	json_t			*superseded;
	json_t			*strings;	/* interned strings */
	json_t			*trend;	/* "KEY\nBENCH" -> earlier runs */
};

struct fleet *
fleet_new(const struct fleet_opts *o)
{
	struct fleet	*f = xcalloc(1, sizeof *f);

	f->o = *o;
	f->index = json_object();
	f->rules = json_object();
	f->unreadable = json_array();
	f->superseded = json_array();
	f->strings = json_object();
	f->trend = json_object();
	return f;
}

void
fleet_free(struct fleet *f)
{
	size_t	i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++)
		json_decref(f->hosts[i].h);
	free(f->hosts);
	json_decref(f->index);
	json_decref(f->rules);
	json_decref(f->unreadable);
	json_decref(f->superseded);
	json_decref(f->strings);
	json_decref(f->trend);
	free(f);
}

static const char *
sget(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* "2026-12-04T16:25:52Z" (fraction allowed) -> time; -1 otherwise. */
static time_t
parse_time(const char *s)
{
	struct tm	 tm;
	const char	*end;

	if (s == NULL)
		return -1;
	memset(&tm, 0, sizeof tm);
	if ((end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) == NULL)
		return -1;
	if (*end == '.')
		end += 1 + strspn(end + 1, "0123456789");
	if (strcmp(end, "Z") != 0)
		return -1;
	return timegm(&tm);
}

/* An input not merged, and why (without its path). */
static void
unreadable(struct fleet *f, const char *path, const char *cause)
{
	log_error("%s: %s", path, cause);
	json_array_append_new(f->unreadable, json_pack("{s:s,s:s}", "path",
	    path, "cause", cause));
}

/*
 * One shared string for each value (new reference): statuses, rule ids
 * and target names repeat across a thousand hosts.
 */
static json_t *
intern(struct fleet *f, const char *s)
{
	json_t	*v;

	if (s == NULL)
		return json_null();
	if ((v = json_object_get(f->strings, s)) == NULL) {
		v = json_string(s);
		json_object_set_new(f->strings, s, v);
	}
	return json_incref(v);
}

/* The names of a result's failing target rows. */
static json_t *
failing_targets(struct fleet *f, json_t *res)
{
	json_t		*out = json_array(), *t;
	const char	*name;
	size_t		 i;

	json_array_foreach(json_object_get(res, "targets"), i, t) {
		if (sget(t, "status") == NULL || strcmp(sget(t, "status"),
		    "fail") != 0)
			continue;
		if ((name = sget(t, "name")) == NULL &&
		    (name = sget(t, "path")) == NULL)
			name = sget(t, "id");
		json_array_append_new(out, intern(f, name != NULL ? name :
		    "?"));
	}
	return out;
}

/* The benchmark's rule rows (title, severity, scored), once per version. */
static void
remember_rules(struct fleet *f, const char *bid, const char *ver,
    json_t *results)
{
	json_t	*rows, *res;
	char	*key = xasprintf("%s %s", bid, ver);
	size_t	 i;

	if (json_object_get(f->rules, key) == NULL) {
		rows = json_array();
		json_array_foreach(results, i, res) {
			json_array_append_new(rows, json_pack("{s:O,s:O,s:O,"
			    "s:b}", "id", json_object_get(res, "id"), "title",
			    json_object_get(res, "title"), "severity",
			    json_object_get(res, "severity"), "scored",
			    json_is_true(json_object_get(res, "scored"))));
		}
		json_object_set_new(f->rules, key, rows);
	}
	free(key);
}

/* A person's attestation decided the result, or one of its rows. */
static int
attested(json_t *res)
{
	json_t	*t;
	size_t	 i;

	if (json_is_object(json_object_get(res, "attestation")))
		return 1;
	json_array_foreach(json_object_get(res, "targets"), i, t) {
		if (json_is_object(json_object_get(t, "attestation")))
			return 1;
	}
	return 0;
}

/* The compact host object of a record; NULL and *cause if not one. */
static json_t *
host_of(struct fleet *f, json_t *r, const char *path, time_t *started,
    char **cause)
{
	json_t		*bench = json_object_get(r, "benchmark");
	json_t		*host = json_object_get(r, "host");
	json_t		*sum = json_object_get(r, "summary");
	json_t		*results = json_object_get(r, "results");
	json_t		*res, *h;
	json_t		*counts, *rows, *score, *tags, *sections, *row;
	const char	*schema = sget(r, "schema"), *id, *bid, *ver, *st;
	const char	*name;
	char		*words;
	size_t		 i;

	if (schema == NULL || strcmp(schema, REPORT_SCHEMA) != 0 ||
	    !json_is_array(results) || !json_is_object(sum)) {
		*cause = xstrdup("not a dockaudit report (schema "
		    REPORT_SCHEMA ")");
		return NULL;
	}
	if (report_check(r, cause) == -1)
		return NULL;
	if ((bid = sget(bench, "id")) == NULL ||
	    (ver = sget(bench, "version")) == NULL) {
		*cause = xstrdup("the report names no benchmark id and "
		    "version");
		return NULL;
	}
	if ((id = sget(host, "id")) == NULL || *id == '\0')
		id = sget(host, "hostname");
	if (id == NULL || *id == '\0') {
		*cause = xstrdup("the report names no host (host.id or "
		    "host.hostname)");
		return NULL;
	}
	if ((*started = parse_time(st = sget(r, "started"))) == -1) {
		*cause = xstrdup("the report has no valid \"started\" time");
		return NULL;
	}
	score = json_object_get(sum, "score_with_waivers");
	tags = json_object_get(host, "tags");
	counts = json_object();
	for (i = 0; i < STATUS_COUNT; i++) {
		name = status_name(status_nth(STATUS_BY_FLEET, i));
		json_object_set_new(counts, name, json_integer(
		    json_integer_value(json_object_get(sum, name))));
	}
	/* "N Title" of each top-level section, for the fleet's JUnit. */
	sections = json_object();
	json_array_foreach(json_object_get(sum, "sections"), i, res) {
		if (sget(res, "id") == NULL)
			continue;
		words = xasprintf("%s %s", sget(res, "id"), sget(res,
		    "title") != NULL ? sget(res, "title") : "");
		json_object_set_new(sections, sget(res, "id"), intern(f,
		    words));
		free(words);
	}
	rows = json_array();
	json_array_foreach(results, i, res) {
		row = json_pack("{s:o,s:o,s:o,s:b,s:o}",
		    "id", intern(f, sget(res, "id")), "status",
		    intern(f, sget(res, "status")), "severity",
		    intern(f, sget(res, "severity")), "scored",
		    json_is_true(json_object_get(res, "scored")), "targets",
		    failing_targets(f, res));
		if (row == NULL)
			continue;
		if (sget(res, "title") != NULL)
			json_object_set_new(row, "title", intern(f, sget(res,
			    "title")));
		if (sget(res, "section") != NULL && json_object_get(sections,
		    sget(res, "section")) != NULL)
			json_object_set(row, "section", json_object_get(
			    sections, sget(res, "section")));
		/* The text report's sentence, for what is not a pass, and for
		 * an attested pass (who said so, until when). */
		if (attested(res))
			json_object_set_new(row, "attested", json_true());
		if (sget(res, "status") != NULL && (strcmp(sget(res, "status"),
		    "pass") != 0 || json_object_get(row, "attested") != NULL) &&
		    (words = report_reason_words(res)) != NULL) {
			json_object_set_new(row, "reason", intern(f, words));
			free(words);
		}
		json_array_append_new(rows, row);
	}
	json_decref(sections);
	h = json_pack("{s:s,s:O,s:o,s:{s:s,s:s,s:O},s:s,s:o,s:o,s:s,s:o}",
	    "id", id, "hostname", json_string_value(json_object_get(host,
	    "hostname")) != NULL ? json_object_get(host, "hostname") :
	    json_null(), "tags", json_is_object(tags) ? json_deep_copy(tags) :
	    json_object(), "benchmark", "id", bid, "version", ver, "sha256",
	    sget(bench, "sha256") != NULL ? json_object_get(bench, "sha256") :
	    json_null(), "started", st, "score", json_is_number(score) ?
	    json_real(json_number_value(score)) : json_null(), "counts",
	    counts, "path", path, "results", rows);
	if (h == NULL) {
		*cause = xstrdup("the report's host or results are malformed");
		return NULL;
	}
	if (json_is_integer(json_object_get(r, "duration_ms")) &&
	    json_integer_value(json_object_get(r, "duration_ms")) >= 0)
		json_object_set(h, "duration_ms", json_object_get(r,
		    "duration_ms"));
	remember_rules(f, bid, ver, results);
	return h;
}

static void
superseded(struct fleet *f, json_t *old, json_t *by)
{
	json_array_append_new(f->superseded, json_pack("{s:O,s:O,s:O,s:O,"
	    "s:O}", "path", json_object_get(old, "path"), "host",
	    json_object_get(old, "id"), "benchmark", json_object_get(
	    json_object_get(old, "benchmark"), "id"), "started",
	    json_object_get(old, "started"), "by", json_object_get(by,
	    "path")));
}

/* The ids of a compact host's failing scored rules (new reference). */
static json_t *
scored_failing(json_t *h)
{
	json_t	*out = json_array(), *res;
	size_t	 i;

	json_array_foreach(json_object_get(h, "results"), i, res) {
		if (json_is_true(json_object_get(res, "scored")) &&
		    sget(res, "status") != NULL &&
		    strcmp(sget(res, "status"), "fail") == 0)
			json_array_append(out, json_object_get(res, "id"));
	}
	return out;
}

/*
 * Of two records of one host that started at the same second, the one
 * with more failing scored rules (then the lower score) stands: which
 * file is read first never decides, and a tie never hides a failure.
 */
static int
worse(json_t *a, json_t *b)
{
	json_t	*sa = json_object_get(a, "score"), *sb = json_object_get(b,
		    "score");
	json_t	*la = scored_failing(a), *lb = scored_failing(b);
	size_t	 fa = json_array_size(la), fb = json_array_size(lb);

	json_decref(la);
	json_decref(lb);
	if (fa != fb)
		return fa > fb;
	return json_is_number(sa) && json_is_number(sb) &&
	    json_number_value(sa) < json_number_value(sb);
}

/*
 * The record of path, its signature checked first when the fleet names
 * its signers: NULL and *cause (without the path) when either fails. One
 * read serves both, so what is merged is what was verified.
 */
static json_t *
signed_record(struct fleet *f, const char *path, char **cause)
{
	struct sshsig_signer	 signer;
	json_error_t		 err;
	struct buf		 b;
	json_t			*r = NULL;
	char			*sig, *why = NULL;
	int			 found;

	if (f->o.signers == NULL)
		return json_input(path, REPORT_MAX, REPORT_WHAT, 1, cause);
	if (input_read(path, REPORT_MAX, REPORT_WHAT, &b, cause) == -1)
		return NULL;
	memset(&signer, 0, sizeof signer);
	sig = xasprintf("%s.sig", path);
	if (sshsig_verify(path, b.data, b.len, sig, SSHSIG_NAMESPACE, &signer,
	    &why) == -1)
		*cause = xasprintf("not merged without a good signature "
		    "(--signers): %s", why);
	else if ((found = sshsig_find_principals(f->o.signers,
	    SSHSIG_NAMESPACE, &signer, &why)) != 0)
		*cause = found == -1 ? xasprintf("--signers %s", why) :
		    xasprintf("signed by key %s, which %s does not name: not "
		    "merged", signer.fingerprint, f->o.signers);
	else if ((r = json_loadb(b.data, b.len, JSON_REJECT_DUPLICATES,
	    &err)) == NULL)
		*cause = xasprintf("line %d, column %d: not valid JSON",
		    err.line, err.column);
	free(why);
	free(sig);
	sshsig_signer_free(&signer);
	buf_free(&b);
	return r;
}

/*
 * The compact host of a record file; NULL and *cause (the problem, never
 * the file's content: the fleet report is read by others) when it cannot
 * be read or is not a record, when it does not start when its history
 * name says (stamp; NULL: not a history run), or when it starts after
 * this merge (a wrong clock or a forgery, which would supersede the real
 * record and never go stale).
 */
static json_t *
read_host(struct fleet *f, const char *path, const char *stamp,
    time_t *started, char **cause)
{
	struct tm	 tm;
	char		 have[STAMP_LEN + 1];
	json_t		*r, *h;

	if ((r = signed_record(f, path, cause)) == NULL)
		return NULL;
	h = host_of(f, r, path, started, cause);
	json_decref(r);
	if (h == NULL)
		return NULL;
	gmtime_r(started, &tm);
	strftime(have, sizeof have, "%Y%m%dT%H%M%SZ", &tm);
	if (stamp != NULL && strncmp(stamp, have, STAMP_LEN) != 0)
		*cause = xstrdup("its name gives another start than the "
		    "record's: renamed or forged, not merged");
	else if (*started > f->o.now + FLEET_CLOCK_SKEW)
		*cause = xstrdup("it started in the future (after this "
		    "merge): a wrong clock or a forged record, not merged");
	else
		return h;
	json_decref(h);
	return NULL;
}

/*
 * 1 when the file was merged (or superseded), 0 when unreadable. stamp:
 * the start its history name gives (NULL: not a history run), which the
 * record must have.
 */
static int
add_file(struct fleet *f, const char *path, const char *stamp)
{
	json_t		*h, *slot;
	char		*cause = NULL, *key;
	time_t		 started;
	size_t		 i;

	if ((h = read_host(f, path, stamp, &started, &cause)) == NULL) {
		unreadable(f, path, cause);
		free(cause);
		return 0;
	}
	key = xasprintf("%s\n%s", sget(h, "id"),
	    sget(json_object_get(h, "benchmark"), "id"));
	if ((slot = json_object_get(f->index, key)) != NULL) {
		i = (size_t)json_integer_value(slot);
		if (started > f->hosts[i].started || (started ==
		    f->hosts[i].started && worse(h, f->hosts[i].h))) {
			superseded(f, f->hosts[i].h, h);
			json_decref(f->hosts[i].h);
			f->hosts[i].h = h;
			f->hosts[i].started = started;
		} else {
			superseded(f, h, f->hosts[i].h);
			json_decref(h);
		}
		free(key);
		return 1;
	}
	if (f->n == f->cap) {
		f->cap = f->cap == 0 ? 64 : f->cap * 2;
		f->hosts = xreallocarray(f->hosts, f->cap, sizeof *f->hosts);
	}
	f->hosts[f->n].h = h;
	f->hosts[f->n].started = started;
	json_object_set_new(f->index, key, json_integer((json_int_t)f->n));
	f->n++;
	free(key);
	return 1;
}

/*
 * An earlier run of a --history directory, for the trend only: its
 * start, score and failing scored rules. One that cannot be read (or
 * whose name and start disagree) is left out of the trend with a
 * warning; it never stands for the host, so it is not "unreadable".
 */
static void
trend_add(struct fleet *f, const char *path, const char *stamp)
{
	json_t		*h, *list;
	char		*cause = NULL, *key;
	time_t		 started;

	if ((h = read_host(f, path, stamp, &started, &cause)) == NULL) {
		log_warn("%s: left out of the trend: %s", path, cause);
		free(cause);
		return;
	}
	key = xasprintf("%s\n%s", sget(h, "id"),
	    sget(json_object_get(h, "benchmark"), "id"));
	if ((list = json_object_get(f->trend, key)) == NULL) {
		list = json_array();
		json_object_set_new(f->trend, key, list);
	}
	json_array_append_new(list, json_pack("{s:O,s:O,s:o}", "started",
	    json_object_get(h, "started"), "score", json_object_get(h,
	    "score"), "failing", scored_failing(h)));
	free(key);
	json_decref(h);
}

/*
 * A history run's name, dockaudit-[ID-]YYYYMMDDTHHMMSSZ.json: 0 with the
 * ID ("" for the older names) and the stamp; -1 for another name.
 */
static int
history_name(const char *name, char **id, const char **stamp)
{
	size_t		 len = strlen(name), rest;
	const char	*s;

	if (strncmp(name, HISTORY_PREFIX, strlen(HISTORY_PREFIX)) != 0 ||
	    !str_ends_with(name, ".json"))
		return -1;
	rest = len - strlen(HISTORY_PREFIX) - strlen(".json");
	if (rest < STAMP_LEN)
		return -1;
	s = name + strlen(HISTORY_PREFIX) + rest - STAMP_LEN;
	if (strspn(s, "0123456789") != 8 || s[8] != 'T' ||
	    strspn(s + 9, "0123456789") != 6 || s[15] != 'Z')
		return -1;
	if (rest == STAMP_LEN)
		*id = xstrdup("");
	else if (rest > STAMP_LEN + 1 && s[-1] == '-')
		*id = xstrndup(name + strlen(HISTORY_PREFIX), rest -
		    STAMP_LEN - 1);
	else
		return -1;
	*stamp = s;
	return 0;
}

/* Newest name first, by the stamp in it. */
static int
run_cmp(const void *a, const void *b)
{
	const char *const	*x = a;
	const char *const	*y = b;
	const char		*sx, *sy;
	char			*ix, *iy;
	int			 c;

	history_name(*x, &ix, &sx);
	history_name(*y, &iy, &sy);
	c = strcmp(ix, iy);
	if (c == 0)
		c = -strncmp(sx, sy, STAMP_LEN);
	free(ix);
	free(iy);
	return c;
}

/*
 * A directory: every record in it; of a --history directory's runs, the
 * newest of each benchmark that can be read, dated no later than now (a
 * run named in the future, or whose record does not start when its name
 * says, is unreadable, and the one before it is taken). Up to
 * FLEET_TREND_MAX runs before it give the host's trend.
 */
static void
fleet_add_dir(struct fleet *f, const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	struct strlist	 names = { 0 }, runs = { 0 };
	struct tm	 tm;
	const char	*stamp;
	char		*path, *id, *done = NULL, now[STAMP_LEN + 1];
	time_t		 latest = f->o.now + FLEET_CLOCK_SKEW;
	size_t		 i, earlier = 0;

	if ((d = opendir(dir)) == NULL) {
		unreadable(f, dir, errno_cause(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !str_ends_with(de->d_name, ".json"))
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		/* latest*.json are links to a run listed anyway. */
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (history_name(de->d_name, &id, &stamp) == 0) {
				strlist_add(&runs, de->d_name);
				free(id);
			} else
				strlist_add(&names, de->d_name);
		}
		free(path);
	}
	closedir(d);
	strlist_sort(&names);
	for (i = 0; i < names.n; i++) {
		path = xasprintf("%s/%s", dir, names.v[i]);
		add_file(f, path, NULL);
		free(path);
	}
	gmtime_r(&latest, &tm);
	strftime(now, sizeof now, "%Y%m%dT%H%M%SZ", &tm);
	if (runs.n > 1)
		qsort(runs.v, runs.n, sizeof *runs.v, run_cmp);
	for (i = 0; i < runs.n; i++) {
		history_name(runs.v[i], &id, &stamp);
		path = xasprintf("%s/%s", dir, runs.v[i]);
		if (done != NULL && strcmp(done, id) == 0) {
			if (earlier++ < FLEET_TREND_MAX &&
			    strncmp(stamp, now, STAMP_LEN) <= 0)
				trend_add(f, path, stamp);
			free(id);
		} else if (strncmp(stamp, now, STAMP_LEN) > 0) {
			unreadable(f, path, "named as a run in the future (a "
			    "wrong clock or a forged name): not merged");
			free(id);
		} else if (add_file(f, path, stamp)) {
			free(done);
			done = id;
			earlier = 0;
		} else
			free(id);
		free(path);
	}
	free(done);
	strlist_free(&names);
	strlist_free(&runs);
}

void
fleet_add_path(struct fleet *f, const char *path)
{
	struct stat	st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		fleet_add_dir(f, path);
	else
		add_file(f, path, NULL);
}

static int
tags_match(json_t *h, const struct strlist *tags)
{
	const char	*eq, *v;
	char		*k;
	size_t		 i;
	int		 ok;

	for (i = 0; tags != NULL && i < tags->n; i++) {
		eq = strchr(tags->v[i], '=');
		k = xstrndup(tags->v[i], (size_t)(eq - tags->v[i]));
		v = sget(json_object_get(h, "tags"), k);
		ok = v != NULL && strcmp(v, eq + 1) == 0;
		free(k);
		if (!ok)
			return 0;
	}
	return 1;
}

static char *
bench_key(json_t *h, int with_sha)
{
	json_t		*b = json_object_get(h, "benchmark");
	const char	*sha = sget(b, "sha256");

	return xasprintf("%s %s%s%s", sget(b, "id"), sget(b, "version"),
	    with_sha ? " " : "", with_sha ? (sha != NULL ? sha : "") : "");
}

static int
score_cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static json_t *
distribution(json_t *hosts)
{
	json_t	*h, *buckets;
	double	*v = xcalloc(json_array_size(hosts) + 1, sizeof *v), med;
	size_t	 i, n = 0;
	json_int_t b[4] = { 0, 0, 0, 0 };

	json_array_foreach(hosts, i, h) {
		if (json_is_true(json_object_get(h, "stale")) ||
		    !json_is_number(json_object_get(h, "score")))
			continue;
		v[n] = json_number_value(json_object_get(h, "score"));
		b[v[n] < 50 ? 0 : v[n] < 70 ? 1 : v[n] < 90 ? 2 : 3]++;
		n++;
	}
	qsort(v, n, sizeof *v, score_cmp);
	buckets = json_pack("{s:I,s:I,s:I,s:I}", "0-49", b[0], "50-69", b[1],
	    "70-89", b[2], "90-100", b[3]);
	if (n == 0) {
		free(v);
		return json_pack("{s:n,s:n,s:n,s:o}", "min", "median", "max",
		    "buckets", buckets);
	}
	med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	h = json_pack("{s:f,s:f,s:f,s:o}", "min", v[0], "median", med, "max",
	    v[n - 1], "buckets", buckets);
	free(v);
	return h;
}

/* The rules of the majority benchmark across its current hosts. */
static json_t *
rule_table(struct fleet *f, json_t *hosts, const char *major)
{
	json_t		*rows = json_object_get(f->rules, major);
	json_t		*out, *at;
	json_t		*h, *res, *row, *slot;
	char		*bk;
	size_t		 i, j, k;

	out = json_array();
	at = json_object();
	json_array_foreach(rows, i, row) {
		json_t *counts = json_object();

		for (k = 0; k < STATUS_COUNT; k++)
			json_object_set_new(counts, status_name(status_nth(
			    STATUS_BY_FLEET, k)), json_integer(0));
		json_array_append_new(out, json_pack("{s:O,s:O,s:O,s:O,s:o,"
		    "s:[]}", "id", json_object_get(row, "id"), "title",
		    json_object_get(row, "title"), "severity",
		    json_object_get(row, "severity"), "scored",
		    json_object_get(row, "scored"), "counts", counts,
		    "failing_hosts"));
		json_object_set_new(at, sget(row, "id"), json_integer(
		    (json_int_t)i));
	}
	json_array_foreach(hosts, i, h) {
		bk = bench_key(h, 0);
		if (json_is_true(json_object_get(h, "stale")) ||
		    strcmp(bk, major) != 0) {
			free(bk);
			continue;
		}
		free(bk);
		json_array_foreach(json_object_get(h, "results"), j, res) {
			const char *s = sget(res, "status");
			json_t *c;

			if ((slot = json_object_get(at, sget(res, "id"))) ==
			    NULL || s == NULL)
				continue;
			row = json_array_get(out, (size_t)json_integer_value(
			    slot));
			c = json_object_get(json_object_get(row, "counts"), s);
			if (c != NULL)
				json_integer_set(c, json_integer_value(c) + 1);
			if (strcmp(s, "fail") == 0)
				json_array_append_new(json_object_get(row,
				    "failing_hosts"), json_pack("{s:O,s:O}",
				    "host", json_object_get(h, "id"), "targets",
				    json_object_get(res, "targets")));
		}
	}
	json_decref(at);
	return out;
}

static int
point_cmp(const void *a, const void *b)
{
	time_t	x = parse_time(sget(*(json_t *const *)a, "started"));
	time_t	y = parse_time(sget(*(json_t *const *)b, "started"));

	return x < y ? -1 : x > y;
}

static int
has_id(json_t *arr, const char *id)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(arr, i, v) {
		if (json_string_value(v) != NULL &&
		    strcmp(json_string_value(v), id) == 0)
			return 1;
	}
	return 0;
}

/*
 * The host's "trend" (its earlier runs read from a history directory,
 * oldest first, then this one) and "failing_since": for each failing
 * scored rule, the start of the first run of the unbroken stretch of
 * runs that fail it up to this one.
 */
static void
trend_of(struct fleet *f, json_t *h, time_t started)
{
	json_t		*list, *pts, *p, *since, *id;
	json_t		**v;
	char		*key;
	size_t		 i, n = 0, k;

	key = xasprintf("%s\n%s", sget(h, "id"),
	    sget(json_object_get(h, "benchmark"), "id"));
	list = json_object_get(f->trend, key);
	free(key);
	v = xcalloc(json_array_size(list) + 1, sizeof *v);
	json_array_foreach(list, i, p) {
		if (parse_time(sget(p, "started")) < started)
			v[n++] = p;
	}
	qsort(v, n, sizeof *v, point_cmp);
	pts = json_array();
	for (i = 0; i < n; i++)
		json_array_append(pts, v[i]);
	free(v);
	json_array_append_new(pts, json_pack("{s:O,s:O,s:O}", "started",
	    json_object_get(h, "started"), "score", json_object_get(h,
	    "score"), "failing", json_object_get(h, "failing")));
	since = json_object();
	json_array_foreach(json_object_get(h, "failing"), i, id) {
		k = json_array_size(pts) - 1;
		while (k > 0 && has_id(json_object_get(json_array_get(pts,
		    k - 1), "failing"), json_string_value(id)))
			k--;
		json_object_set(since, json_string_value(id), json_object_get(
		    json_array_get(pts, k), "started"));
	}
	json_object_set_new(h, "trend", pts);
	json_object_set_new(h, "failing_since", since);
}

json_t *
fleet_build(struct fleet *f)
{
	json_t		*hosts = json_array(), *votes = json_object();
	json_t		*h, *v;
	json_t		*doc, *tagf;
	json_t		*major_b = json_null();
	const char	*key, *major = NULL, *sp;
	char		*bk, *major_v = NULL;
	json_int_t	 best = 0, filtered = 0, stale = 0, skew = 0;
	size_t		 i;

	for (i = 0; i < f->n; i++) {
		h = f->hosts[i].h;
		if (!tags_match(h, f->o.tags)) {
			filtered++;
			continue;
		}
		json_object_set_new(h, "stale", json_boolean(
		    f->hosts[i].started < f->o.now - f->o.max_age_h * 3600));
		stale += json_is_true(json_object_get(h, "stale"));
		json_object_set_new(h, "failing", scored_failing(h));
		trend_of(f, h, f->hosts[i].started);
		json_array_append(hosts, h);
		bk = bench_key(h, 1);
		v = json_object_get(votes, bk);
		json_object_set_new(votes, bk, json_integer(v == NULL ? 1 :
		    json_integer_value(v) + 1));
		free(bk);
	}
	/* The most hosts; a tie goes to the greater key, so any order. */
	json_object_foreach(votes, key, v) {
		if (json_integer_value(v) > best || (json_integer_value(v) ==
		    best && major != NULL && strcmp(key, major) > 0)) {
			best = json_integer_value(v);
			major = key;
		}
	}
	json_array_foreach(hosts, i, h) {
		bk = bench_key(h, 1);
		json_object_set_new(h, "skew", json_boolean(major != NULL &&
		    strcmp(bk, major) != 0));
		skew += strcmp(bk, major) != 0;
		if (strcmp(bk, major) == 0 && json_is_null(major_b))
			major_b = json_deep_copy(json_object_get(h,
			    "benchmark"));
		free(bk);
	}
	if (!json_is_null(major_b))
		major_v = xasprintf("%s %s", sget(major_b, "id"),
		    sget(major_b, "version"));
	tagf = json_object();
	for (i = 0; f->o.tags != NULL && i < f->o.tags->n; i++) {
		sp = strchr(f->o.tags->v[i], '=');
		bk = xstrndup(f->o.tags->v[i], (size_t)(sp - f->o.tags->v[i]));
		json_object_set_new(tagf, bk, json_string(sp + 1));
		free(bk);
	}
	doc = json_pack("{s:s,s:{s:s,s:s},s:o,s:I,s:{s:o},s:o}",
	    "schema", FLEET_SCHEMA, "tool", "name", PACKAGE_NAME, "version",
	    PACKAGE_VERSION, "generated", json_null(), "max_age_hours",
	    (json_int_t)f->o.max_age_h, "filter", "tags", tagf, "benchmark",
	    major_b);
	{
		char		 stamp[32];
		struct tm	 tm;

		gmtime_r(&f->o.now, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
		json_object_set_new(doc, "generated", json_string(stamp));
	}
	json_object_set_new(doc, "summary", json_pack("{s:I,s:I,s:I,s:I,s:I,"
	    "s:I,s:I,s:o}", "hosts", (json_int_t)json_array_size(hosts),
	    "current", (json_int_t)json_array_size(hosts) - stale, "stale",
	    stale, "skewed", skew, "unreadable",
	    (json_int_t)json_array_size(f->unreadable), "superseded",
	    (json_int_t)json_array_size(f->superseded), "filtered_out",
	    filtered, "score", distribution(hosts)));
	json_object_set_new(doc, "rules", major_v != NULL ? rule_table(f,
	    hosts, major_v) : json_array());
	json_object_set_new(doc, "hosts", hosts);
	json_object_set(doc, "superseded", f->superseded);
	json_object_set(doc, "unreadable", f->unreadable);
	json_object_set_new(doc, "drift", json_null());
	free(major_v);
	json_decref(votes);
	return doc;
}

json_t *
fleet_load(const char *path, char **cause)
{
	json_t		*r;

	if ((r = json_input(path, REPORT_MAX, "a fleet report", 0,
	    cause)) == NULL)
		return NULL;
	if (sget(r, "schema") == NULL || strcmp(sget(r, "schema"),
	    FLEET_SCHEMA) != 0 || !json_is_array(json_object_get(r, "hosts"))) {
		*cause = xasprintf("%s: not a fleet report (schema "
		    FLEET_SCHEMA ")", path);
		json_decref(r);
		return NULL;
	}
	return r;
}

/*
 * "ID\nBENCH" -> the host's failing rules (an object used as a set);
 * with b, the rules of a host of an earlier version of b's benchmark are
 * named as in b's version (through its crosswalk; dropped ones left out).
 */
static json_t *
failing_index(json_t *hosts, const struct bench *b)
{
	json_t		*idx = json_object(), *h, *set, *r;
	const char	*ver, *as;
	char		*k;
	size_t		 i, j;

	json_array_foreach(hosts, i, h) {
		if (sget(h, "id") == NULL)
			continue;
		k = xasprintf("%s\n%s", sget(h, "id"), sget(json_object_get(h,
		    "benchmark"), "id") != NULL ? sget(json_object_get(h,
		    "benchmark"), "id") : "");
		set = json_object();
		ver = sget(json_object_get(h, "benchmark"), "version");
		json_array_foreach(json_object_get(h, "failing"), j, r) {
			if (!json_is_string(r))
				continue;
			as = json_string_value(r);
			if (b != NULL && ver != NULL &&
			    strcmp(ver, b->version) != 0 &&
			    bench_map_id(b, ver, as, &as) == -1)
				as = json_string_value(r);
			if (as != NULL)
				json_object_set_new(set, as, json_true());
		}
		json_object_set_new(idx, k, set);
		free(k);
	}
	return idx;
}

static void
add_unique(json_t *arr, const char *s)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(arr, i, v) {
		if (strcmp(json_string_value(v), s) == 0)
			return;
	}
	json_array_append_new(arr, json_string(s));
}

/*
 * One side's changes: in a and not in b, per host present in both. A
 * rule that a host's baseline version did not have (added, through the
 * bench's crosswalk) is not a change: it is new in the benchmark.
 */
static void
drift_side(json_t *a, json_t *b, json_t *list, json_t *hosts, json_t *rules,
    json_t *only, int count_new_hosts, const struct bench *bench,
    json_t *versions)
{
	const char	*k, *rule;
	json_t		*set, *other, *v;
	char		*id;

	json_object_foreach(a, k, set) {
		other = json_object_get(b, k);
		id = xstrndup(k, strcspn(k, "\n"));
		if (other == NULL && only != NULL)
			json_array_append_new(only, json_string(id));
		if (other == NULL && !count_new_hosts) {
			free(id);
			continue;
		}
		json_object_foreach(set, rule, v) {
			if (other != NULL && json_object_get(other, rule) !=
			    NULL)
				continue;
			if (other != NULL && bench != NULL &&
			    json_is_string(json_object_get(versions, k)) &&
			    !bench_rule_in(bench, json_string_value(
			    json_object_get(versions, k)), rule))
				continue;
			json_array_append_new(list, json_pack("{s:s,s:s,s:s}",
			    "host", id, "benchmark", strchr(k, '\n') + 1,
			    "rule", rule));
			add_unique(hosts, id);
			add_unique(rules, rule);
		}
		free(id);
	}
}

/* "ID\nBENCH" -> the benchmark version of that host's report. */
static json_t *
version_index(json_t *hosts)
{
	json_t	*idx = json_object(), *h;
	char	*k;
	size_t	 i;

	json_array_foreach(hosts, i, h) {
		if (sget(h, "id") == NULL || sget(json_object_get(h,
		    "benchmark"), "version") == NULL)
			continue;
		k = xasprintf("%s\n%s", sget(h, "id"), sget(json_object_get(h,
		    "benchmark"), "id") != NULL ? sget(json_object_get(h,
		    "benchmark"), "id") : "");
		json_object_set_new(idx, k, json_string(sget(json_object_get(h,
		    "benchmark"), "version")));
		free(k);
	}
	return idx;
}

void
fleet_drift(json_t *doc, json_t *old, const char *path,
    const struct bench *b)
{
	json_t	*now = failing_index(json_object_get(doc, "hosts"), b);
	json_t	*was = failing_index(json_object_get(old, "hosts"), b);
	json_t	*versions = version_index(json_object_get(old, "hosts"));
	json_t	*d;

	d = json_pack("{s:s,s:[],s:[],s:[],s:[],s:[],s:[],s:[],s:[]}",
	    "baseline", path, "hosts_new", "hosts_gone", "new_failures",
	    "fixed", "hosts_newly_failing", "rules_newly_failing",
	    "hosts_fixed", "rules_fixed");
	/* A host new since the baseline: every failure of it is new. */
	drift_side(now, was, json_object_get(d, "new_failures"),
	    json_object_get(d, "hosts_newly_failing"), json_object_get(d,
	    "rules_newly_failing"), json_object_get(d, "hosts_new"), 1, b,
	    versions);
	drift_side(was, now, json_object_get(d, "fixed"), json_object_get(d,
	    "hosts_fixed"), json_object_get(d, "rules_fixed"),
	    json_object_get(d, "hosts_gone"), 0, NULL, NULL);
	json_object_set_new(doc, "drift", d);
	json_decref(now);
	json_decref(was);
	json_decref(versions);
}

int
fleet_gate(json_t *doc, const struct gate *g)
{
	json_t		*reasons = json_array(), *h, *res, *sum;
	json_t		*low = NULL;
	json_t		*drift = json_object_get(doc, "drift");
	const char	*fo = gate_fail_on(g);
	size_t		 i, j, nfail = 0, ncurrent = 0, nerror = 0;
	int		 sev = -1, hit, err, rc;

	sum = json_object_get(doc, "summary");
	/* As the audit's gate: by default any scored failure of a current
	 * host fails it; "none" (or --fail-under alone) only the score. */
	sev = severity_from_name(fo);
	json_array_foreach(json_object_get(doc, "hosts"), i, h) {
		if (json_is_true(json_object_get(h, "stale")))
			continue;
		ncurrent++;
		if (json_is_number(json_object_get(h, "score")) &&
		    (low == NULL || json_number_value(json_object_get(h,
		    "score")) <
		    json_number_value(json_object_get(low, "score"))))
			low = h;
		hit = err = 0;
		json_array_foreach(json_object_get(h, "results"), j, res) {
			err |= sget(res, "status") != NULL &&
			    strcmp(sget(res, "status"), "error") == 0;
			if (sev >= 0 && json_is_true(json_object_get(res,
			    "scored")) && sget(res, "status") != NULL &&
			    strcmp(sget(res, "status"), "fail") == 0 &&
			    sget(res, "severity") != NULL &&
			    severity_from_name(sget(res, "severity")) >= sev)
				hit = 1;
		}
		nfail += hit;
		nerror += err;
	}
	/* No host to judge is no pass: an empty or all-stale fleet, or one
	 * whose every report was unreadable. */
	if (ncurrent == 0)
		json_array_append_new(reasons, json_sprintf("no current host "
		    "to judge (%lld stale, %lld unreadable)", (long long)
		    json_integer_value(json_object_get(sum, "stale")),
		    (long long)json_integer_value(json_object_get(sum,
		    "unreadable"))));
	if (nfail > 0)
		json_array_append_new(reasons, json_sprintf("%zu current hosts "
		    "fail a scored rule of severity %s or above", nfail, fo));
	if (g->has_fail_under) {
		if (low == NULL)
			json_array_append_new(reasons, json_string("no current "
			    "host has a score (--fail-under)"));
		else if (json_number_value(json_object_get(low, "score")) <
		    g->fail_under)
			json_array_append_new(reasons, json_sprintf(
			    "the lowest host score, %.1f (%s), is under %g",
			    json_number_value(json_object_get(low, "score")),
			    sget(low, "id"), g->fail_under));
	}
	if (strcmp(fo, "new") == 0 && json_array_size(
	    json_object_get(drift, "new_failures")) > 0)
		json_array_append_new(reasons, json_sprintf("%zu new failures "
		    "on %zu hosts since the baseline", json_array_size(
		    json_object_get(drift, "new_failures")), json_array_size(
		    json_object_get(drift, "hosts_newly_failing"))));
	if (strcmp(fo, "stale") == 0 && json_integer_value(
	    json_object_get(sum, "stale")) > 0)
		json_array_append_new(reasons, json_sprintf("%lld hosts are "
		    "stale (no report in %lld hours)", (long long)
		    json_integer_value(json_object_get(sum, "stale")),
		    (long long)json_integer_value(json_object_get(doc,
		    "max_age_hours"))));
	/* As the audit's: 3 when something could not be checked, here an
	 * unreadable report or a current host with rules in error. */
	rc = json_array_size(reasons) > 0 ? 1 : json_integer_value(
	    json_object_get(sum, "unreadable")) > 0 || nerror > 0 ? 3 : 0;
	json_object_set_new(doc, "gate", json_pack("{s:b,s:i,s:o,s:o,s:o}",
	    "passed", rc != 1, "exit_code", rc, "reasons", reasons, "fail_on",
	    json_string(fo), "fail_under",
	    g->has_fail_under ? json_real(g->fail_under) : json_null()));
	return rc;
}
