/*
 * The probe table, benchmark.rng and dockaudit-benchmark(5) name the same
 * probe kinds, in both directions (as curl checks every option has docs),
 * and give each kind the attributes of its row: the table is the truth,
 * the schema and the page are checked against it. Each line of
 * probes.def names its kind's element.
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

static size_t
count_table(void)
{
	size_t	n;

	for (n = 0; probe_table[n] != NULL; n++)
		;
	return n;
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

/* The <define> of that name at the top of the schema; NULL: none. */
static xmlNodePtr
rng_define(xmlDocPtr doc, const char *name)
{
	xmlNodePtr	d;
	xmlChar		*n;
	int		 same;

	for (d = xmlDocGetRootElement(doc)->children; d != NULL; d = d->next) {
		if (d->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)d->name, "define") != 0)
			continue;
		n = xmlGetProp(d, (const xmlChar *)"name");
		same = n != NULL && strcmp((char *)n, name) == 0;
		xmlFree(n);
		if (same)
			return d;
	}
	return NULL;
}

/* The attributes under n, through its refs, not those of inner elements. */
static void
rng_attrs(xmlDocPtr doc, xmlNodePtr n, struct strlist *out, int depth)
{
	xmlNodePtr	ch, d;
	xmlChar		*name;

	assert_true(depth < 16);
	for (ch = n->children; ch != NULL; ch = ch->next) {
		if (ch->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)ch->name, "element") == 0)
			continue;
		name = xmlGetProp(ch, (const xmlChar *)"name");
		if (strcmp((const char *)ch->name, "attribute") == 0) {
			if (!strlist_has(out, (char *)name))
				strlist_add(out, (char *)name);
		} else if (strcmp((const char *)ch->name, "ref") == 0) {
			assert_non_null(d = rng_define(doc, (char *)name));
			rng_attrs(doc, d, out, depth + 1);
		} else
			rng_attrs(doc, ch, out, depth);
		xmlFree(name);
	}
}

/* The probe element of that name in the schema. */
static xmlNodePtr
rng_probe(xmlDocPtr doc, const char *kind)
{
	xmlNodePtr	ch, n;
	xmlChar		*name;
	int		 same;

	assert_non_null(ch = rng_define(doc, "probe"));
	for (ch = ch->children; ch != NULL; ch = ch->next) {
		for (n = ch->children; n != NULL; n = n->next) {
			if (n->type != XML_ELEMENT_NODE)
				continue;
			name = xmlGetProp(n, (const xmlChar *)"name");
			same = name != NULL && strcmp((char *)name, kind) == 0;
			xmlFree(name);
			if (same)
				return n;
		}
	}
	return NULL;
}

/* want and got hold the same names; else fail saying which differ. */
static void
same_names(const struct strlist *want, const struct strlist *got,
    const char *kind, const char *where)
{
	size_t	i;

	for (i = 0; i < got->n; i++) {
		if (!strlist_has(want, got->v[i]))
			fail_msg("%s gives probe \"%s\" the attribute %s, "
			    "the table does not", where, kind, got->v[i]);
	}
	for (i = 0; i < want->n; i++) {
		if (!strlist_has(got, want->v[i]))
			fail_msg("probe \"%s\" takes %s, %s does not say so",
			    kind, want->v[i], where);
	}
}

/*
 * Each probe element takes, in the schema, the attributes of its row and,
 * when the row has PROBE_COMPARE, those of <define name="compare">.
 */
static void
test_schema_attrs(void **state)
{
	struct strlist	 compare = { NULL, 0 }, want, got;
	xmlDocPtr	 doc;
	xmlNodePtr	 e;
	char		*path = src_path("benchmarks/benchmark.rng");
	size_t		 i, j;

	(void)state;
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	free(path);
	assert_non_null(doc);
	assert_non_null(e = rng_define(doc, "compare"));
	rng_attrs(doc, e, &compare, 0);
	assert_true(strlist_has(&compare, "op"));
	for (i = 0; probe_table[i] != NULL; i++) {
		const struct probe_entry *p = probe_table[i];

		memset(&want, 0, sizeof want);
		memset(&got, 0, sizeof got);
		for (j = 0; p->attrs[j] != NULL; j++)
			strlist_add(&want, p->attrs[j]);
		for (j = 0; (p->flags & PROBE_COMPARE) && j < compare.n; j++)
			strlist_add(&want, compare.v[j]);
		if ((e = rng_probe(doc, p->name)) != NULL)
			rng_attrs(doc, e, &got, 0);
		same_names(&want, &got, p->name, "benchmark.rng");
		strlist_free(&want);
		strlist_free(&got);
	}
	strlist_free(&compare);
	xmlFreeDoc(doc);
}

/*
 * Each PROBE KINDS entry of the page opens with a synopsis (.nf to .fi)
 * naming its row's attributes as \fBNAME=\fP, and "comparison" exactly
 * when the row has PROBE_COMPARE.
 */
static void
test_man_attrs(void **state)
{
	char		*path = src_path("man/dockaudit-benchmark.5");
	FILE		*fp = fopen(path, "r");
	char		 line[1024], kind[64] = "", *p, *q, *w;
	struct strlist	 want, got = { NULL, 0 };
	const struct probe_entry *pe;
	int		 in = 0, syn = 0, comparison = 0, seen = 0;
	size_t		 j;

	(void)state;
	free(path);
	assert_non_null(fp);
	while (fgets(line, sizeof line, fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, ".SH", 3) == 0)
			in = strstr(line, "PROBE KINDS") != NULL;
		else if (in && strncmp(line, ".SS ", 4) == 0) {
			snprintf(kind, sizeof kind, "%.63s", line + 4);
			syn = 0;
		} else if (in && *kind != '\0' && strcmp(line, ".nf") == 0) {
			syn = 1;
			comparison = 0;
		} else if (syn && strcmp(line, ".fi") == 0) {
			pe = probe_kind_find(probe_table, kind);
			assert_non_null(pe);
			memset(&want, 0, sizeof want);
			for (j = 0; pe->attrs[j] != NULL; j++)
				strlist_add(&want, pe->attrs[j]);
			same_names(&want, &got, kind, "dockaudit-benchmark(5)");
			if (comparison != !!(pe->flags & PROBE_COMPARE))
				fail_msg("dockaudit-benchmark(5): probe \"%s\" "
				    "%s a comparison, the table %s", kind,
				    comparison ? "takes" : "has no",
				    comparison ? "does not" : "does");
			strlist_free(&want);
			strlist_free(&got);
			*kind = '\0';
			syn = 0;
			seen++;
		} else if (syn) {
			if (strstr(line, "\\fIcomparison\\fP") != NULL)
				comparison = 1;
			/* \fBNAME= opens an attribute, the value may follow. */
			for (p = line; (p = strstr(p, "\\fB")) != NULL; p = q) {
				p += 3;
				q = p + strspn(p, "abcdefghijklmnopqrstuvwxyz"
				    "-\\");
				if (*q != '=' || q == p)
					continue;
				w = strndup(p, (size_t)(q - p));
				assert_non_null(w);
				/* roff's \- is the attribute's '-'. */
				while ((p = strstr(w, "\\-")) != NULL)
					memmove(p, p + 1, strlen(p));
				if (!strlist_has(&got, w))
					strlist_add(&got, w);
				free(w);
			}
		}
	}
	fclose(fp);
	strlist_free(&got);
	assert_int_equal(seen, (int)count_table());
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
		cmocka_unit_test(test_schema_attrs),
		cmocka_unit_test(test_man_attrs),
		cmocka_unit_test(test_list_names),
		cmocka_unit_test(test_table_rows),
	};

	TAP_RUN(tests);
}
