/*
 * The probe table, benchmark.rng and dockaudit-benchmark(5) name the same
 * probe kinds, in both directions (as curl checks every option has docs),
 * and each line of probes.def names its kind's element.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "probes/probe.h"
#include "tap.h"

static char *
src_path(const char *rel)
{
	const char	*top = getenv("top_srcdir");
	char		*p;

	if (asprintf(&p, "%s/%s", top != NULL ? top : ".", rel) < 0)
		abort();
	return p;
}

static int
in_table(const char *name)
{
	return probe_kind_find(probe_table, name) != NULL;
}

/* Element names inside <define name="probe">. */
static void
rng_probes(struct strlist *out)
{
	xmlDocPtr	doc;
	xmlNodePtr	n, d, ch;
	char		*path = src_path("benchmarks/benchmark.rng");

	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	free(path);
	assert_non_null(doc);
	for (d = xmlDocGetRootElement(doc)->children; d != NULL; d = d->next) {
		xmlChar *name;

		if (d->type != XML_ELEMENT_NODE)
			continue;
		name = xmlGetProp(d, (const xmlChar *)"name");
		if (name != NULL && strcmp((char *)name, "probe") == 0) {
			for (ch = d->children; ch != NULL; ch = ch->next) {
				if (ch->type != XML_ELEMENT_NODE)
					continue;
				for (n = ch->children; n != NULL; n = n->next) {
					xmlChar *en;

					if (n->type != XML_ELEMENT_NODE)
						continue;
					en = xmlGetProp(n,
					    (const xmlChar *)"name");
					strlist_add(out, (char *)en);
					xmlFree(en);
				}
			}
		}
		xmlFree(name);
	}
	xmlFreeDoc(doc);
}

/* ".SS NAME" lines of the PROBE KINDS section of the man page. */
static void
man_probes(struct strlist *out)
{
	char	*path = src_path("man/dockaudit-benchmark.5");
	FILE	*fp = fopen(path, "r");
	char	 line[512];
	int	 in = 0;

	free(path);
	assert_non_null(fp);
	while (fgets(line, sizeof line, fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, ".SH", 3) == 0)
			in = strstr(line, "PROBE KINDS") != NULL;
		else if (in && strncmp(line, ".SS ", 4) == 0)
			strlist_add(out, line + 4);
	}
	fclose(fp);
}

static void
both_ways(const struct strlist *names, const char *where)
{
	size_t	i;

	for (i = 0; i < names->n; i++) {
		if (!in_table(names->v[i]))
			fail_msg("%s names probe \"%s\", the table has none",
			    where, names->v[i]);
	}
	for (i = 0; probe_table[i] != NULL; i++) {
		if (!strlist_has(names, probe_table[i]->name))
			fail_msg("probe \"%s\" is missing from %s",
			    probe_table[i]->name, where);
	}
}

static void
test_schema_matches_table(void **state)
{
	struct strlist	names = { NULL, 0 };

	(void)state;
	rng_probes(&names);
	assert_true(names.n > 0);
	both_ways(&names, "benchmark.rng");
	strlist_free(&names);
}

static void
test_man_matches_table(void **state)
{
	struct strlist	names = { NULL, 0 };

	(void)state;
	man_probes(&names);
	assert_true(names.n > 0);
	both_ways(&names, "dockaudit-benchmark(5)");
	strlist_free(&names);
}

/* PROBE(NAME) in probes.def is the entry of the element NAME, '_' as '-'. */
static void
test_list_names(void **state)
{
	static const struct {
		const char			*list;
		const struct probe_entry	*entry;
	} kinds[] = {
#define PROBE(name)	{ #name, &probe_##name##_entry },
#include "probes/probes.def"
#undef PROBE
	};
	char	 want[64];
	size_t	 i, j;

	(void)state;
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		snprintf(want, sizeof want, "%s", kinds[i].list);
		for (j = 0; want[j] != '\0'; j++)
			want[j] = want[j] == '_' ? '-' : want[j];
		if (strcmp(want, kinds[i].entry->name) != 0)
			fail_msg("PROBE(%s) names the element \"%s\"",
			    kinds[i].list, kinds[i].entry->name);
	}
}

static void
test_table_rows(void **state)
{
	size_t	i, j;

	(void)state;
	for (i = 0; probe_table[i] != NULL; i++) {
		const struct probe_entry *p = probe_table[i];

		assert_non_null(p->help);
		assert_non_null(p->exec);
		assert_non_null(p->attrs);
		if (i > 0 && strcmp(probe_table[i - 1]->name, p->name) >= 0)
			fail_msg("probe_table is not sorted at %s", p->name);
		for (j = 0; p->attrs[j] != NULL; j++)
			assert_true(strcmp(p->attrs[j], "op") != 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_matches_table),
		cmocka_unit_test(test_man_matches_table),
		cmocka_unit_test(test_list_names),
		cmocka_unit_test(test_table_rows),
	};

	TAP_RUN(tests);
}
