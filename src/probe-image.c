/*
 * image: one row per local image, deciding a field of its inspect
 * document by JSON pointer (Config.Healthcheck for 4.6, Config.Env ...).
 * The evidence names the image's tags.
 */
#include <stdlib.h>
#include <string.h>

#include "probe.h"
#include "util.h"

static const char *const probe_image_attrs[] = { "pointer", NULL };

static void
probe_image_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	const struct dobjects	*im = facts_images(ctx->facts);
	const char		*ptr = check_attr(c, "pointer");
	size_t			 i;

	v->rows = 1;
	if (im->err != 0) {
		probe_source_error(v, im->err, im->cause, c);
		if (v->status == STATUS_NA && im->err != SOURCE_OFFLINE)
			verdict_set(v, STATUS_ERROR, "%s", im->cause);
		return;
	}
	for (i = 0; i < im->n; i++) {
		const struct dobject *o = &im->v[i];
		struct target *t;

		t = verdict_add_target(v, "image", o->id, o->name);
		if (o->inspect == NULL) {
			target_set(t, STATUS_ERROR, "%s", o->cause);
			continue;
		}
		json_object_set(t->evidence, "RepoTags", json_pointer_get(
		    o->inspect, "/RepoTags") != NULL ? json_pointer_get(
		    o->inspect, "/RepoTags") : json_null());
		probe_compare_row(c, ptr, ptr, json_pointer_get(o->inspect,
		    ptr), t);
	}
	if (v->ntargets == 0)
		verdict_set(v, STATUS_NA, "no local image");
	else
		verdict_from_rows(v);
}

const struct probe_entry probe_image_entry = {
	.name = "image",
	.help = "a field of every local image's inspect document, compared; "
	    "one row per image",
	.attrs = probe_image_attrs,
	.flags = PROBE_COMPARE | PROBE_TARGETS,
	.prepare = NULL,
	.exec = probe_image_exec,
};
