/*
 * dockaudit list: the rules a selection would run, one per line, or (-f
 * json) as a JSON array; with --benchmarks, the benchmarks shipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cmd.h"
#include "engine/bench.h"
#include "engine/plan.h"
#include "lib/json.h"
#include "lib/util.h"

#ifndef BENCHDIR
#define BENCHDIR "/usr/share/dockaudit/benchmarks"
#endif

static int
list_print_json(json_t *j)
{
	int	rc = 0;

	if (json_dumpf(j, stdout, JSON_INDENT(2)) == -1 ||
	    fputc('\n', stdout) == EOF || fflush(stdout) == EOF) {
		log_error("cannot write to standard output");
		rc = 2;
	}
	json_decref(j);
	return rc;
}

/* The .xml files of the benchmark directories that are benchmarks. */
static int
list_benchmarks(const struct options *o)
{
	struct strlist	 names = { NULL, 0 }, paths = { NULL, 0 };
	json_t		*all = json_array();
	char		*id, *version, *title;
	size_t		 i;
	int		 rc = 0;

	plan_benchmarks(&names, &paths);
	for (i = 0; i < names.n; i++) {
		if (bench_peek(paths.v[i], &id, &version, &title) == -1)
			continue;
		json_array_append_new(all, json_pack("{s:o,s:o,s:o,s:o,s:o}",
		    "name", evidence_string(names.v[i]), "id",
		    evidence_string(id), "version", evidence_string(version),
		    "title", evidence_string(title), "path",
		    evidence_string(paths.v[i])));
		free(id);
		free(version);
		free(title);
	}
	strlist_free(&names);
	strlist_free(&paths);
	if (strcmp(o->format, "json") == 0)
		return list_print_json(all);
	for (i = 0; i < json_array_size(all); i++) {
		json_t *b = json_array_get(all, i);

		printf("%-24s %-22s %-8s %s\n", json_string_value(
		    json_object_get(b, "name")), json_string_value(
		    json_object_get(b, "id")), json_string_value(
		    json_object_get(b, "version")), json_string_value(
		    json_object_get(b, "title")));
	}
	if (json_array_size(all) == 0) {
		log_error("no benchmark found in %s%s%s (set DOCKAUDIT_BENCHDIR)",
		    getenv("DOCKAUDIT_BENCHDIR") != NULL ?
		    getenv("DOCKAUDIT_BENCHDIR") : "", getenv(
		    "DOCKAUDIT_BENCHDIR") != NULL ? " or " : "", BENCHDIR);
		rc = 2;
	}
	json_decref(all);
	return rc;
}

static int
cmd_list_exec(struct options *o, int argc, char **argv)
{
	struct bench	*b;
	json_t		*rules;
	char		*id, *title;
	size_t		*idx, n, i;

	(void)argv;
	if (argc > 0) {
		log_error("list takes no arguments (try --help)");
		return 2;
	}
	if (o->benchmarks)
		return list_benchmarks(o);
	if ((b = cmd_load_bench(o)) == NULL)
		return 2;
	if (cmd_plan(o, b, &idx, &n) == -1) {
		bench_free(b);
		return 2;
	}
	if (strcmp(o->format, "json") == 0) {
		rules = json_array();
		for (i = 0; i < n; i++) {
			const struct rule *r = &b->rules[idx[i]];

			json_array_append_new(rules, json_pack("{s:s,s:s,s:i,"
			    "s:b,s:s,s:s}", "id", r->id, "title", r->title,
			    "level", r->level, "scored", r->scored, "severity",
			    severity_name(r->severity), "section",
			    r->section));
		}
		free(idx);
		bench_free(b);
		return list_print_json(rules);
	}
	for (i = 0; i < n; i++) {
		const struct rule *r = &b->rules[idx[i]];

		id = text_sanitize(r->id, strlen(r->id), 64);
		title = text_sanitize(r->title, strlen(r->title), 1000);
		printf("%-8s L%d %-6s %-8s %s\n", id, r->level,
		    r->scored ? "scored" : "manual", severity_name(r->severity),
		    title);
		free(id);
		free(title);
	}
	id = xasprintf("%s %s", b->id, b->version);
	title = text_sanitize(id, strlen(id), 200);
	printf("%zu rules (%s, level %d)\n", n, title, o->level);
	free(id);
	free(title);
	free(idx);
	bench_free(b);
	return 0;
}

const struct cmd_entry cmd_list_entry = {
	.name = "list",
	.id = CMD_LIST,
	.usage = "list [OPTIONS]",
	.help = "list the rules a selection would run",
	.exec = cmd_list_exec,
};
