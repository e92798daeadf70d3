/*
 * The per-run cache that joins the kinds of facts (facts.h): each is read
 * on first use through the run's source and kept until facts_free().
 * Probes (src/probes), locate.c and waivers ask here.
 */
#include <stdlib.h>
#include <string.h>

#include "facts/engines.h"
#include "facts/facts.h"
#include "lib/util.h"

struct facts *
facts_new(struct source *src)
{
	struct facts	*f;

	f = xcalloc(1, sizeof *f);
	f->src = src;
	f->docker.src = src;
	return f;
}

void
fact_needs_add(struct strlist *l, const char *path)
{
	if (!strlist_has(l, path))
		strlist_add(l, path);
}

void
fact_needs_free(struct fact_needs *n)
{
	strlist_free(&n->api);
	strlist_free(&n->api_whole);
	strlist_free(&n->inspect);
}

/* The first two segments of a pointer ("/State/Health/Status"). */
static void
keep_add(struct strlist *keep, const char *ptr, int *all)
{
	const char	*p;
	char		*two;

	if (*ptr != '/' || ptr[1] == '\0') {
		*all = 1;
		return;
	}
	p = strchr(ptr + 1, '/');
	if (p != NULL)
		p = strchr(p + 1, '/');
	two = p != NULL ? xstrndup(ptr, (size_t)(p - ptr)) : xstrdup(ptr);
	if (strlist_has(keep, two))
		free(two);
	else
		strlist_add_nocopy(keep, two);
}

/*
 * Gather the containers first when any rule reads them, so that /info,
 * /version and the rest travel in the same concurrent batch as the
 * inspects instead of one round trip each.
 */
void
facts_prefetch(struct facts *f, const struct fact_needs *n)
{
	struct container_db	*db = &f->docker;
	size_t			 i;
	int			 all = n->inspect_whole;

	for (i = 0; i < n->api.n; i++)
		fact_needs_add(&db->api_extra, n->api.v[i]);
	for (i = 0; i < n->api_whole.n; i++)
		fact_needs_add(&db->api_whole, n->api_whole.v[i]);
	for (i = 0; i < n->inspect.n && !all; i++)
		keep_add(&db->container_keep, n->inspect.v[i], &all);
	if (all)
		strlist_free(&db->container_keep);
	else {
		keep_add(&db->container_keep, "/Id", &all);
		keep_add(&db->container_keep, "/Name", &all);
	}
	db->image_history |= n->image_history;
	/* Both wanted: the image list comes with the container list, and
	 * the image inspects in the containers' batch (one wait, not two,
	 * for a slow daemon). */
	db->images_early = n->containers && n->images;
	if (n->containers)
		containers_get(db);
	if (n->images)
		images_get(db);
}

void
facts_release_objects(struct facts *f)
{
	dobjects_clear(&f->docker.containers);
	dobjects_clear(&f->docker.images);
}

void
facts_free(struct facts *f)
{
	if (f == NULL)
		return;
	account_db_clear(&f->accounts);
	audit_db_clear(&f->audit);
	sysctl_db_clear(&f->sysctl);
	mount_db_clear(&f->mounts);
	daemon_clear(&f->daemon);
	container_db_clear(&f->docker);
	podman_conf_clear(&f->podman);
	free(f);
}

int
facts_podman_value(struct facts *f, enum podman_file which,
    const char *pointer, json_t **val, json_t *ev, struct cause **cause)
{
	return podman_value(&f->podman, f->src, f->engine, which, pointer, val,
	    ev, cause);
}

const struct accounts *
facts_users(struct facts *f)
{
	return accounts_users(&f->accounts, f->src);
}

const struct accounts *
facts_groups(struct facts *f)
{
	return accounts_groups(&f->accounts, f->src);
}

long
facts_uid(struct facts *f, const char *name)
{
	return account_id(facts_users(f), name);
}

long
facts_gid(struct facts *f, const char *name)
{
	return account_id(facts_groups(f), name);
}

const char *
facts_user_name(struct facts *f, unsigned int id)
{
	return account_name(facts_users(f), id);
}

const char *
facts_group_name(struct facts *f, unsigned int id)
{
	return account_name(facts_groups(f), id);
}

const struct audit_set *
facts_audit_files(struct facts *f)
{
	return audit_rules_files(&f->audit, f->src);
}

const struct audit_set *
facts_audit_live(struct facts *f)
{
	return audit_rules_live(&f->audit, f->src);
}

const struct sysctl_setting *
facts_sysctl(struct facts *f, const char *key)
{
	return sysctl_persistent(&f->sysctl, f->src, key);
}

const struct strlist *
facts_sysctl_files(struct facts *f)
{
	return sysctl_files(&f->sysctl, f->src);
}

const struct daemon *
facts_daemon(struct facts *f)
{
	if (!f->daemon_done) {
		f->daemon_done = 1;
		daemon_build(&f->daemon, f->src, &f->accounts,
		    f->engine != NULL && f->engine->kind ==
		    ENGINE_DOCKER_ROOTLESS ? f->engine->home : NULL);
	}
	return &f->daemon;
}

int
facts_daemon_value(struct facts *f, const struct daemon_option *o,
    json_t **out, const char **from, json_t *ev, struct cause **cause)
{
	return daemon_value(facts_daemon(f), f->src, o, out, from, ev, cause);
}

int
facts_mounts(struct facts *f, const struct mountpoint **mounts, size_t *n,
    int *err, const char **cause)
{
	return mounts_read(&f->mounts, f->src, mounts, n, err, cause);
}

const struct dobjects *
facts_containers(struct facts *f)
{
	return containers_get(&f->docker);
}

const struct dobjects *
facts_images(struct facts *f)
{
	return images_get(&f->docker);
}
