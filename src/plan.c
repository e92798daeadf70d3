/*
 * From options to a plan: which benchmark file, which values, and which
 * rules (level, -c ids or section prefixes, -x exclusions).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "cmd.h"
#include "util.h"

#ifndef BENCHDIR
#define BENCHDIR "/usr/share/dockaudit/benchmarks"
#endif

static char *
bench_path(const char *name)
{
	const char	*env = getenv("DOCKAUDIT_BENCHDIR");
	char		*path;

	if (strchr(name, '/') != NULL || (strlen(name) > 4 &&
	    strcmp(name + strlen(name) - 4, ".xml") == 0))
		return xstrdup(name);
	if (env != NULL && *env != '\0') {
		path = xasprintf("%s/%s.xml", env, name);
		if (access(path, F_OK) == 0)
			return path;
		free(path);
	}
	path = xasprintf("%s/%s.xml", BENCHDIR, name);
	if (access(path, F_OK) == 0)
		return path;
	log_error("benchmark \"%s\" not found in %s%s%s (give a file path "
	    "with -b)", name, env != NULL ? env : "", env != NULL ? " or " :
	    "", BENCHDIR);
	free(path);
	return NULL;
}

struct bench *
cmd_load_bench(const struct options *o)
{
	struct bench	*b;
	char		*path;

	if ((path = bench_path(o->benchmark)) == NULL)
		return NULL;
	b = bench_load(path);
	free(path);
	if (b != NULL && o->values != NULL &&
	    bench_load_values(b, o->values) == -1) {
		bench_free(b);
		b = NULL;
	}
	bench_release_schema();
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
cmd_plan(const struct options *o, const struct bench *b, size_t **idx,
    size_t *n)
{
	size_t	i, j;
	int	in;

	for (i = 0; i < o->checks.n; i++) {
		if (!known_id(b, o->checks.v[i])) {
			log_error("-c %s: no rule or section of %s has that id",
			    o->checks.v[i], b->id);
			return -1;
		}
	}
	for (i = 0; i < o->excludes.n; i++) {
		if (!known_id(b, o->excludes.v[i])) {
			log_error("-x %s: no rule or section of %s has that id",
			    o->excludes.v[i], b->id);
			return -1;
		}
	}
	*idx = xcalloc(b->nrules, sizeof **idx);
	*n = 0;
	for (i = 0; i < b->nrules; i++) {
		const struct rule *r = &b->rules[i];

		if (r->level > o->level)
			continue;
		in = o->checks.n == 0;
		for (j = 0; j < o->checks.n && !in; j++)
			in = id_selects(o->checks.v[j], r->id);
		for (j = 0; j < o->excludes.n && in; j++)
			in = !id_selects(o->excludes.v[j], r->id);
		if (in)
			(*idx)[(*n)++] = i;
	}
	if (*n == 0) {
		log_error("the selection holds no rule (level %d%s)", o->level,
		    o->checks.n > 0 ? ", -c" : "");
		free(*idx);
		*idx = NULL;
		return -1;
	}
	return 0;
}

int
outputs_parse(const struct options *o, struct output_file **outs)
{
	char	*cause = NULL;
	size_t	 i;

	*outs = xcalloc(o->outputs.n + 1, sizeof **outs);
	for (i = 0; i < o->outputs.n; i++) {
		struct output_file *ou = &(*outs)[i];

		if ((ou->fmt = report_format_for(o->outputs.v[i], &ou->path,
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
	struct render_opts	 fro = { 0, 0 };
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
