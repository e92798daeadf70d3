/*
 * Persistent sysctl settings (the kernel benchmark, 3.x of CIS), in the
 * order systemd-sysctl applies them: the last file to set a key wins, and
 * each setting keeps its FILE:LINE.
 */
#include <stdlib.h>
#include <string.h>

#include "facts/sysctl.h"
#include "lib/util.h"

void
sysctl_db_clear(struct sysctl_db *f)
{
	size_t	i;

	for (i = 0; i < f->nsysctl; i++) {
		free(f->sysctl[i].key);
		free(f->sysctl[i].value);
		free(f->sysctl[i].origin);
	}
	free(f->sysctl);
	strlist_free(&f->sysctl_files);
}

struct sysctl_ctx {
	struct sysctl_db *f;
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
	struct sysctl_db	*f = sc->f;
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
sysctl_load(struct sysctl_db *f, struct source *src)
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

		if (source_list(src, dirs[i], &here, &cause) == 0) {
			for (j = 0; j < here.n; j++) {
				if (!str_ends_with(here.v[j], ".conf") ||
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
	qsort(order, names.n, sizeof *order, str_cmp);
	for (i = 0; i <= names.n; i++) {
		const char *path = i < names.n ? strchr(order[i], '\t') + 1 :
		    "/etc/sysctl.conf";

		if (source_read(src, path, &data, &len, &cause) == 0) {
			strlist_add(&f->sysctl_files, path);
			sc.file = path;
			text_each_line(data, len, sysctl_line, &sc);
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
sysctl_persistent(struct sysctl_db *f, struct source *src, const char *key)
{
	size_t	i;

	sysctl_load(f, src);
	for (i = 0; i < f->nsysctl; i++) {
		if (strcmp(f->sysctl[i].key, key) == 0)
			return &f->sysctl[i];
	}
	return NULL;
}

const struct strlist *
sysctl_files(struct sysctl_db *f, struct source *src)
{
	sysctl_load(f, src);
	return &f->sysctl_files;
}
