/*
 * A plan: which benchmark file (a name looked up in the benchmark
 * directories, or a path), which values, which rules (level, -c ids or
 * section prefixes, -x exclusions), and what those rules will read.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/bench.h"
#include "engine/plan.h"
#include "facts/facts.h"
#include "lib/util.h"
#include "lib/xmlin.h"

#ifndef BENCHDIR
#define BENCHDIR "/usr/share/dockaudit/benchmarks"
#endif

void
plan_benchmarks(struct strlist *names, struct strlist *paths)
{
	const char	*env = getenv("DOCKAUDIT_BENCHDIR");
	const char	*dirs[2];
	struct strlist	 here = { NULL, 0 };
	struct dirent	*de;
	DIR		*d;
	size_t		 i, j, n = 0;

	if (env != NULL && *env != '\0')
		dirs[n++] = env;
	dirs[n++] = BENCHDIR;
	for (i = 0; i < n; i++) {
		if ((d = opendir(dirs[i])) == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			if (str_ends_with(de->d_name, ".xml") &&
			    de->d_name[0] != '.')
				strlist_add(&here, de->d_name);
		}
		closedir(d);
		strlist_sort(&here);
		for (j = 0; j < here.n; j++) {
			here.v[j][strlen(here.v[j]) - 4] = '\0';
			if (strlist_has(names, here.v[j]))
				continue;
			strlist_add(names, here.v[j]);
			strlist_add_nocopy(paths, xasprintf("%s/%s.xml",
			    dirs[i], here.v[j]));
		}
		strlist_free(&here);
	}
}

/* A name -b could not find: where it was looked for, a close match. */
static void
plan_not_found(const char *name, const char *dirs)
{
	struct strlist	 names = { NULL, 0 }, paths = { NULL, 0 };
	const char	*near = NULL;
	char		*clean = text_sanitize(name, strlen(name), 64), *hint;
	size_t		 i;
	int		 d, bd = -1;

	plan_benchmarks(&names, &paths);
	/* Newest first: of versions as close, the newest is named. */
	for (i = names.n; i > 0; i--) {
		if ((d = str_typo(name, names.v[i - 1], 1)) != -1 &&
		    (bd == -1 || d < bd)) {
			near = names.v[i - 1];
			bd = d;
		}
	}
	hint = near != NULL ? xasprintf("did you mean %s? ", near) :
	    xstrdup("");
	log_error("benchmark \"%s\" not found in %s (%s'dockaudit list "
	    "--benchmarks' lists them; or give a file path with -b)", clean,
	    dirs, hint);
	free(hint);
	free(clean);
	strlist_free(&names);
	strlist_free(&paths);
}

struct bench *
plan_load_bench(const char *name, const char *values,
    const struct probe_entry *const *probes)
{
	struct bench	*b;
	char		*path, *dirs = NULL;

	if ((path = bench_find(name, &dirs)) == NULL) {
		plan_not_found(name, dirs);
		free(dirs);
		return NULL;
	}
	b = bench_load(path, probes);
	free(path);
	if (b != NULL && values != NULL &&
	    bench_load_values(b, values) == -1) {
		bench_free(b);
		b = NULL;
	}
	xmlin_release();
	return b;
}

/* "5" selects 5.x.y; "5.1" selects 5.1 and 5.1.x. */
static int
id_selects(const char *sel, const char *id)
{
	size_t	n = strlen(sel);

	return strncmp(sel, id, n) == 0 && (id[n] == '\0' || id[n] == '.');
}

static int
known_id(const struct bench *b, const char *sel)
{
	size_t	i;

	for (i = 0; i < b->nrules; i++) {
		if (id_selects(sel, b->rules[i].id))
			return 1;
	}
	return 0;
}

int
plan_select(const struct bench *b, const struct plan_sel *o, size_t **idx,
    size_t *n)
{
	size_t	i, j;
	int	in;

	for (i = 0; i < o->checks->n; i++) {
		if (!known_id(b, o->checks->v[i])) {
			log_error("-c %s: no rule or section of %s has that id",
			    o->checks->v[i], b->id);
			return -1;
		}
	}
	for (i = 0; i < o->excludes->n; i++) {
		if (!known_id(b, o->excludes->v[i])) {
			log_error("-x %s: no rule or section of %s has that id",
			    o->excludes->v[i], b->id);
			return -1;
		}
	}
	*idx = xcalloc(b->nrules, sizeof **idx);
	*n = 0;
	for (i = 0; i < b->nrules; i++) {
		const struct rule *r = &b->rules[i];

		if (r->level > o->level)
			continue;
		in = o->checks->n == 0;
		for (j = 0; j < o->checks->n && !in; j++)
			in = id_selects(o->checks->v[j], r->id);
		for (j = 0; j < o->excludes->n && in; j++)
			in = !id_selects(o->excludes->v[j], r->id);
		if (in)
			(*idx)[(*n)++] = i;
	}
	if (*n == 0) {
		log_error("the selection holds no rule (level %d%s)", o->level,
		    o->checks->n > 0 ? ", -c" : "");
		free(*idx);
		*idx = NULL;
		return -1;
	}
	return 0;
}

void
plan_needs(const struct bench *b, const size_t *idx, size_t n,
    struct fact_needs *needs)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		const struct rule *r = &b->rules[idx[i]];

		if (r->applicable != NULL)
			check_needs(r->applicable, needs);
		check_needs(r->check, needs);
	}
}
