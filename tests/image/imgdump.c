/*
 * A test driver, not installed: reads an image archive with
 * image_archive_read() and prints its facts as JSON (sorted keys), or
 * the cause on stderr and exits 2. tests/image/run-image uses it.
 *
 * imgdump [--max-NAME N]... ARCHIVE   (NAME: bytes, entries, json,
 * json-total, path, layers, blobs, facts, kept)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sources/image-archive.h"

static json_t *
strs(const struct strlist *l)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

static json_t *
text(const struct image_text *t)
{
	if (t->layer == 0)
		return json_null();
	return json_pack("{s:s?,s:I,s:b,s:b}", "data", t->data,
	    "layer", (json_int_t)t->layer, "toobig", t->toobig,
	    "notfile", t->notfile);
}

static json_t *
dump(const struct image_facts *f)
{
	json_t	*o, *a;
	size_t	 i;
	char	 mode[16];

	o = json_pack("{s:s,s:s,s:s?,s:o,s:b,s:o,s:o,s:o}",
	    "format", f->format, "config_digest", f->config_digest,
	    "user", f->user, "env", strs(&f->env),
	    "healthcheck", f->healthcheck,
	    "healthcheck_test", strs(&f->healthcheck_test),
	    "passwd", text(&f->passwd), "group", text(&f->group));
	a = json_array();
	for (i = 0; i < f->nhistory; i++)
		json_array_append_new(a, json_pack("{s:s?,s:s?,s:b,s:I}",
		    "created_by", f->history[i].created_by,
		    "comment", f->history[i].comment,
		    "empty_layer", f->history[i].empty_layer,
		    "layer", (json_int_t)f->history[i].layer));
	json_object_set_new(o, "history", a);
	a = json_array();
	for (i = 0; i < f->nlayers; i++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s,s:I,s:I}",
		    "blob", f->layers[i].blob, "digest", f->layers[i].digest,
		    "diff_id", f->layers[i].diff_id,
		    "compression", f->layers[i].compression,
		    "size", (json_int_t)f->layers[i].size,
		    "entries", (json_int_t)f->layers[i].entries));
	json_object_set_new(o, "layers", a);
	a = json_array();
	for (i = 0; i < f->nsetid; i++) {
		snprintf(mode, sizeof mode, "%o", f->setid[i].mode);
		json_array_append_new(a, json_pack("{s:s,s:s,s:I,s:I,s:I,s:I}",
		    "path", f->setid[i].path, "mode", mode,
		    "uid", (json_int_t)f->setid[i].uid,
		    "gid", (json_int_t)f->setid[i].gid,
		    "added", (json_int_t)f->setid[i].added,
		    "deleted", (json_int_t)f->setid[i].deleted));
	}
	json_object_set_new(o, "setid", a);
	a = json_array();
	for (i = 0; i < f->nsecrets; i++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:I,s:I}",
		    "kind", f->secrets[i].kind, "path", f->secrets[i].path,
		    "added", (json_int_t)f->secrets[i].added,
		    "deleted", (json_int_t)f->secrets[i].deleted));
	json_object_set_new(o, "secrets", a);
	a = json_array();
	for (i = 0; i < f->npkglines; i++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:I,s:s,s:I,s:I}",
		    "kind", f->pkglines[i].kind, "path", f->pkglines[i].path,
		    "line", (json_int_t)f->pkglines[i].line,
		    "text", f->pkglines[i].text,
		    "added", (json_int_t)f->pkglines[i].added,
		    "deleted", (json_int_t)f->pkglines[i].deleted));
	json_object_set_new(o, "pkglines", a);
	return o;
}

int
main(int argc, char **argv)
{
	struct image_limits	 lim;
	struct image_facts	*f;
	char			*cause = NULL;
	json_t			*o;
	int			 i;
	unsigned long long	 v;

	image_limits_default(&lim);
	for (i = 1; i + 1 < argc && strncmp(argv[i], "--max-", 6) == 0; i += 2) {
		v = strtoull(argv[i + 1], NULL, 10);
		if (strcmp(argv[i], "--max-bytes") == 0)
			lim.bytes = v;
		else if (strcmp(argv[i], "--max-entries") == 0)
			lim.entries = v;
		else if (strcmp(argv[i], "--max-json") == 0)
			lim.json = v;
		else if (strcmp(argv[i], "--max-json-total") == 0)
			lim.json_total = v;
		else if (strcmp(argv[i], "--max-path") == 0)
			lim.path = v;
		else if (strcmp(argv[i], "--max-layers") == 0)
			lim.layers = (unsigned)v;
		else if (strcmp(argv[i], "--max-facts") == 0)
			lim.facts = (unsigned)v;
		else if (strcmp(argv[i], "--max-kept") == 0)
			lim.kept = v;
		else if (strcmp(argv[i], "--max-blobs") == 0)
			lim.blobs = (unsigned)v;
		else {
			fprintf(stderr, "imgdump: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (i + 1 != argc) {
		fprintf(stderr, "usage: imgdump [--max-NAME N]... ARCHIVE\n");
		return 2;
	}
	if ((f = image_archive_read(argv[i], &lim, &cause)) == NULL) {
		fprintf(stderr, "imgdump: %s\n", cause);
		free(cause);
		return 2;
	}
	o = dump(f);
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	putchar('\n');
	json_decref(o);
	image_facts_free(f);
	return 0;
}
