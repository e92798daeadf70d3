/*
 * Users and groups of the audited root, from its /etc/passwd and /etc/group
 * (never the NSS of the machine running us): file owners, the docker
 * group's members (1.1.x, 3.x), a rootless daemon's home.
 */
#include <stdlib.h>
#include <string.h>

#include "facts/accounts.h"
#include "lib/util.h"

static void
accounts_free(struct accounts *a)
{
	size_t	i;

	for (i = 0; i < a->n; i++) {
		free(a->v[i].name);
		free(a->v[i].home);
		strlist_free(&a->v[i].members);
	}
	free(a->v);
	free(a->cause);
}

void
account_db_clear(struct account_db *db)
{
	accounts_free(&db->users);
	accounts_free(&db->groups);
}

static void
account_line(void *arg, char *line, int lineno)
{
	struct accounts	*a = arg;
	struct account	*ac;
	char		*field[7];
	size_t		 n = 0;
	char		*p = line, *end;

	(void)lineno;
	while (n < nitems(field)) {
		field[n++] = p;
		if ((p = strchr(p, ':')) == NULL)
			break;
		*p++ = '\0';
	}
	if (n < 4 || *field[0] == '\0' || *field[0] == '#' ||
	    *field[0] == '+' || *field[0] == '-')
		return;
	a->v = xreallocarray(a->v, a->n + 1, sizeof *a->v);
	ac = &a->v[a->n++];
	memset(ac, 0, sizeof *ac);
	ac->name = xstrdup(field[0]);
	ac->id = (unsigned int)strtoul(field[2], &end, 10);
	ac->gid = (unsigned int)strtoul(field[3], &end, 10);
	if (n >= 6)
		ac->home = xstrdup(field[5]);
	if (n == 4)		/* group: members in the 4th field */
		strlist_split(&ac->members, field[3], ",");
}

static const struct accounts *
accounts_load(struct source *src, struct accounts *a, int *done,
    const char *path)
{
	const char	*data;
	size_t		 len;

	if (*done)
		return a;
	*done = 1;
	if ((a->err = source_read(src, path, &data, &len, &a->cause)) == 0)
		text_each_line(data, len, account_line, a);
	return a;
}

const struct accounts *
accounts_users(struct account_db *db, struct source *src)
{
	return accounts_load(src, &db->users, &db->users_done, "/etc/passwd");
}

const struct accounts *
accounts_groups(struct account_db *db, struct source *src)
{
	return accounts_load(src, &db->groups, &db->groups_done, "/etc/group");
}

long
account_id(const struct accounts *a, const char *name)
{
	char	*end;
	long	 v;
	size_t	 i;

	v = strtol(name, &end, 10);
	if (*name != '\0' && *end == '\0')
		return v;
	for (i = 0; i < a->n; i++) {
		if (strcmp(a->v[i].name, name) == 0)
			return a->v[i].id;
	}
	/* root is 0 on every Linux system, even with no passwd to read. */
	return strcmp(name, "root") == 0 ? 0 : -1;
}

const char *
account_name(const struct accounts *a, unsigned int id)
{
	size_t	i;

	for (i = 0; i < a->n; i++) {
		if (a->v[i].id == id)
			return a->v[i].name;
	}
	return id == 0 ? "root" : NULL;
}
