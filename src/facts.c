/*
 * Facts several probes share, parsed once from the source: /etc/passwd and
 * /etc/group of the audited root (never the NSS of the machine running us),
 * audit rules (rules 1.1.x), persistent sysctl settings in the order
 * systemd-sysctl applies them, and the mount table (rule 1.1.1, cgroup).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "facts.h"
#include "util.h"

struct facts *
facts_new(struct source *src)
{
	struct facts	*f;

	f = xcalloc(1, sizeof *f);
	f->src = src;
	return f;
}

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

static void
audit_set_free(struct audit_set *s)
{
	size_t	i;

	for (i = 0; i < s->n; i++)
		audit_watch_clear(&s->v[i]);
	free(s->v);
	free(s->cause);
}

void
facts_free(struct facts *f)
{
	size_t	i;

	if (f == NULL)
		return;
	accounts_free(&f->users);
	accounts_free(&f->groups);
	audit_set_free(&f->audit_files);
	audit_set_free(&f->audit_live);
	for (i = 0; i < f->nsysctl; i++) {
		free(f->sysctl[i].key);
		free(f->sysctl[i].value);
		free(f->sysctl[i].origin);
	}
	free(f->sysctl);
	strlist_free(&f->sysctl_files);
	for (i = 0; i < f->nmounts; i++) {
		free(f->mounts[i].root);
		free(f->mounts[i].target);
		free(f->mounts[i].fstype);
		free(f->mounts[i].source);
	}
	free(f->mounts);
	free(f->mounts_cause);
	daemon_clear(&f->daemon);
	strlist_free(&f->api_extra);
	strlist_free(&f->container_keep);
	json_keep_free(f->container_keep_tree);
	strlist_free(&f->list_keep);
	json_keep_free(f->list_keep_tree);
	strlist_free(&f->api_whole);
	dobjects_clear(&f->containers);
	dobjects_clear(&f->images);
	free(f);
}

/* Split a text into lines in place; calls fn for each with its number. */
static void
each_line(const char *data, size_t len, void (*fn)(void *, char *, int),
    void *arg)
{
	char	*copy, *p, *nl;
	int	 lineno = 0;

	copy = xstrndup(data, len);
	for (p = copy; p != NULL && *p != '\0'; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		lineno++;
		fn(arg, p, lineno);
	}
	free(copy);
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
accounts_load(struct facts *f, struct accounts *a, int *done,
    const char *path)
{
	const char	*data;
	size_t		 len;

	if (*done)
		return a;
	*done = 1;
	if ((a->err = source_read(f->src, path, &data, &len, &a->cause)) == 0)
		each_line(data, len, account_line, a);
	return a;
}

const struct accounts *
facts_users(struct facts *f)
{
	return accounts_load(f, &f->users, &f->users_done, "/etc/passwd");
}

const struct accounts *
facts_groups(struct facts *f)
{
	return accounts_load(f, &f->groups, &f->groups_done, "/etc/group");
}

static long
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

static const char *
account_name(const struct accounts *a, unsigned int id)
{
	size_t	i;

	for (i = 0; i < a->n; i++) {
		if (a->v[i].id == id)
			return a->v[i].name;
	}
	return id == 0 ? "root" : NULL;
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

void
audit_watch_clear(struct audit_watch *w)
{
	free(w->path);
	free(w->perms);
	free(w->origin);
	free(w->line);
	memset(w, 0, sizeof *w);
}

/*
 * "-w PATH [-p PERMS]" watches PATH and, for a directory, all beneath it;
 * "-a always,exit ... -F path=P" watches P, "-F dir=D" everything under D.
 * "never" rules and deletions (-W, -d) watch nothing.
 */
int
audit_parse_line(const char *line, struct audit_watch *w)
{
	struct strlist	tok = { NULL, 0 };
	size_t		i;
	int		adding = 0, never = 0;

	memset(w, 0, sizeof *w);
	strlist_split(&tok, line, " \t\r\n");
	for (i = 0; i < tok.n; i++) {
		const char *t = tok.v[i], *next = i + 1 < tok.n ?
		    tok.v[i + 1] : NULL;

		if (*t == '#')
			break;
		if (strcmp(t, "-w") == 0 && next != NULL) {
			free(w->path);
			w->path = xstrdup(next);
			w->dir = 1;
			adding = 1;
			i++;
		} else if (strcmp(t, "-p") == 0 && next != NULL) {
			free(w->perms);
			w->perms = xstrdup(next);
			i++;
		} else if ((strcmp(t, "-a") == 0 || strcmp(t, "-A") == 0) &&
		    next != NULL) {
			adding = 1;
			never = strstr(next, "never") != NULL;
			i++;
		} else if (strcmp(t, "-F") == 0 && next != NULL) {
			if (strncmp(next, "path=", 5) == 0 ||
			    strncmp(next, "dir=", 4) == 0) {
				free(w->path);
				w->dir = *next == 'd';
				w->path = xstrdup(strchr(next, '=') + 1);
			} else if (strncmp(next, "perm=", 5) == 0) {
				free(w->perms);
				w->perms = xstrdup(next + 5);
			}
			i++;
		}
	}
	strlist_free(&tok);
	if (!adding || never || w->path == NULL || *w->path != '/') {
		audit_watch_clear(w);
		return -1;
	}
	w->line = xstrdup(line);
	return 0;
}

struct audit_ctx {
	struct audit_set	*set;
	const char		*file;
};

static void
audit_add(struct audit_set *s, struct audit_watch *w)
{
	s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
	s->v[s->n++] = *w;
}

static void
audit_file_line(void *arg, char *line, int lineno)
{
	struct audit_ctx	*ac = arg;
	struct audit_watch	 w;

	if (audit_parse_line(line, &w) == 0) {
		w.origin = xasprintf("%s:%d", ac->file, lineno);
		audit_add(ac->set, &w);
	}
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t	n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void
audit_load(struct facts *f)
{
	struct strlist	 names = { NULL, 0 }, files = { NULL, 0 }, live = {
	    NULL, 0 };
	struct audit_ctx ac;
	const char	*data;
	char		*cause = NULL;
	size_t		 len, i;
	int		 err;

	if (f->audit_done)
		return;
	f->audit_done = 1;
	strlist_add(&files, "/etc/audit/audit.rules");
	err = source_list(f->src, "/etc/audit/rules.d", &names, &cause);
	if (err != 0 && err != ENOENT && err != ENOTDIR) {
		f->audit_files.err = err;
		f->audit_files.cause = cause;
		cause = NULL;
	}
	free(cause);
	cause = NULL;
	if (names.n > 0)
		qsort(names.v, names.n, sizeof *names.v, name_cmp);
	for (i = 0; i < names.n; i++) {
		if (ends_with(names.v[i], ".rules"))
			strlist_add_nocopy(&files, xasprintf(
			    "/etc/audit/rules.d/%s", names.v[i]));
	}
	for (i = 0; i < files.n; i++) {
		err = source_read(f->src, files.v[i], &data, &len, &cause);
		if (err == 0) {
			ac.set = &f->audit_files;
			ac.file = files.v[i];
			each_line(data, len, audit_file_line, &ac);
		} else if (err != ENOENT && f->audit_files.err == 0) {
			f->audit_files.err = err;
			f->audit_files.cause = cause;
			cause = NULL;
		}
		free(cause);
		cause = NULL;
	}
	strlist_free(&names);
	strlist_free(&files);
	err = source_audit_rules(f->src, &live, &cause);
	if (err != 0) {
		f->audit_live.err = err;
		f->audit_live.cause = cause;
	} else {
		for (i = 0; i < live.n; i++) {
			struct audit_watch w;

			if (audit_parse_line(live.v[i], &w) == 0) {
				w.origin = xstrdup("live");
				audit_add(&f->audit_live, &w);
			}
		}
	}
	strlist_free(&live);
}

const struct audit_set *
facts_audit_files(struct facts *f)
{
	audit_load(f);
	return &f->audit_files;
}

const struct audit_set *
facts_audit_live(struct facts *f)
{
	audit_load(f);
	return &f->audit_live;
}

struct sysctl_ctx {
	struct facts	*f;
	const char	*file;
};

static char *
trim(char *s)
{
	char	*end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r'))
		*--end = '\0';
	return s;
}

static void
sysctl_line(void *arg, char *line, int lineno)
{
	struct sysctl_ctx	*sc = arg;
	struct facts		*f = sc->f;
	struct sysctl_setting	*s = NULL;
	char			*key, *val, *eq, *p;
	size_t			 i;

	line = trim(line);
	if (*line == '#' || *line == ';' || *line == '\0' ||
	    (eq = strchr(line, '=')) == NULL)
		return;
	*eq = '\0';
	key = trim(line);
	if (*key == '-')
		key++;
	val = trim(eq + 1);
	for (p = key; *p != '\0'; p++) {
		if (*p == '/')
			*p = '.';
	}
	for (i = 0; i < f->nsysctl; i++) {
		if (strcmp(f->sysctl[i].key, key) == 0)
			s = &f->sysctl[i];
	}
	if (s == NULL) {
		f->sysctl = xreallocarray(f->sysctl, f->nsysctl + 1,
		    sizeof *f->sysctl);
		s = &f->sysctl[f->nsysctl++];
		s->key = xstrdup(key);
	} else {
		free(s->value);
		free(s->origin);
	}
	s->value = xstrdup(val);
	s->origin = xasprintf("%s:%d", sc->file, lineno);
}

/*
 * systemd-sysctl order: *.conf names from these directories, a name in an
 * earlier directory hiding the same name in a later one, applied sorted by
 * name; then /etc/sysctl.conf (procps' sysctl --system reads it last).
 */
static void
sysctl_load(struct facts *f)
{
	static const char *dirs[] = { "/etc/sysctl.d", "/run/sysctl.d",
	    "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d", "/lib/sysctl.d" };
	struct strlist	 names = { NULL, 0 }, paths = { NULL, 0 };
	struct sysctl_ctx sc = { f, NULL };
	const char	*data;
	char		*cause = NULL, **order;
	size_t		 i, j, len;

	if (f->sysctl_done)
		return;
	f->sysctl_done = 1;
	for (i = 0; i < nitems(dirs); i++) {
		struct strlist here = { NULL, 0 };

		if (source_list(f->src, dirs[i], &here, &cause) == 0) {
			for (j = 0; j < here.n; j++) {
				if (!ends_with(here.v[j], ".conf") ||
				    strlist_has(&names, here.v[j]))
					continue;
				strlist_add(&names, here.v[j]);
				strlist_add_nocopy(&paths, xasprintf("%s/%s",
				    dirs[i], here.v[j]));
			}
		}
		free(cause);
		cause = NULL;
		strlist_free(&here);
	}
	/* Sort the paths by their file name. */
	order = xcalloc(names.n + 1, sizeof *order);
	for (i = 0; i < names.n; i++)
		order[i] = xasprintf("%s\t%s", names.v[i], paths.v[i]);
	qsort(order, names.n, sizeof *order, name_cmp);
	for (i = 0; i <= names.n; i++) {
		const char *path = i < names.n ? strchr(order[i], '\t') + 1 :
		    "/etc/sysctl.conf";

		if (source_read(f->src, path, &data, &len, &cause) == 0) {
			strlist_add(&f->sysctl_files, path);
			sc.file = path;
			each_line(data, len, sysctl_line, &sc);
		}
		free(cause);
		cause = NULL;
	}
	for (i = 0; i < names.n; i++)
		free(order[i]);
	free(order);
	strlist_free(&names);
	strlist_free(&paths);
}

const struct sysctl_setting *
facts_sysctl(struct facts *f, const char *key)
{
	size_t	i;

	sysctl_load(f);
	for (i = 0; i < f->nsysctl; i++) {
		if (strcmp(f->sysctl[i].key, key) == 0)
			return &f->sysctl[i];
	}
	return NULL;
}

const struct strlist *
facts_sysctl_files(struct facts *f)
{
	sysctl_load(f);
	return &f->sysctl_files;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static char *
unescape(const char *s)
{
	char	*out, *p;

	out = p = xstrdup(s);
	while (*s != '\0') {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*p++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
			    (s[3] - '0'));
			s += 4;
		} else
			*p++ = *s++;
	}
	*p = '\0';
	return out;
}

static void
mount_line(void *arg, char *line, int lineno)
{
	struct facts		*f = arg;
	struct strlist		 tok = { NULL, 0 };
	struct mountpoint	*m;
	unsigned int		 maj, min;
	size_t			 i, dash = 0;

	(void)lineno;
	strlist_split(&tok, line, " ");
	for (i = 6; i < tok.n; i++) {
		if (strcmp(tok.v[i], "-") == 0) {
			dash = i;
			break;
		}
	}
	if (dash == 0 || dash + 2 >= tok.n ||
	    sscanf(tok.v[2], "%u:%u", &maj, &min) != 2) {
		strlist_free(&tok);
		return;
	}
	f->mounts = xreallocarray(f->mounts, f->nmounts + 1,
	    sizeof *f->mounts);
	m = &f->mounts[f->nmounts++];
	m->dev = makedev(maj, min);
	m->root = unescape(tok.v[3]);
	m->target = unescape(tok.v[4]);
	m->fstype = xstrdup(tok.v[dash + 1]);
	m->source = unescape(tok.v[dash + 2]);
	strlist_free(&tok);
}

const struct daemon *
facts_daemon(struct facts *f)
{
	if (!f->daemon_done) {
		f->daemon_done = 1;
		daemon_build(f, &f->daemon);
	}
	return &f->daemon;
}

int
facts_mounts(struct facts *f, const struct mountpoint **mounts, size_t *n,
    int *err, const char **cause)
{
	const char	*data;
	size_t		 len;

	if (!f->mounts_done) {
		f->mounts_done = 1;
		f->mounts_err = source_read(f->src, "/proc/self/mountinfo",
		    &data, &len, &f->mounts_cause);
		if (f->mounts_err == 0)
			each_line(data, len, mount_line, f);
	}
	if (f->mounts_err != 0) {
		*err = f->mounts_err;
		*cause = f->mounts_cause;
		return -1;
	}
	*mounts = f->mounts;
	*n = f->nmounts;
	return 0;
}
