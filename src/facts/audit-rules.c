/*
 * Audit rules as watches on paths (rules 1.1.3 to 1.1.18): the persistent
 * rules files (audit.rules and rules.d, in auditd's order) and the rules
 * the kernel holds now.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "facts/audit-rules.h"
#include "lib/util.h"

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
audit_db_clear(struct audit_db *db)
{
	audit_set_free(&db->audit_files);
	audit_set_free(&db->audit_live);
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

static void
audit_load(struct audit_db *f, struct source *src)
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
	err = source_list(src, "/etc/audit/rules.d", &names, &cause);
	if (err != 0 && err != ENOENT && err != ENOTDIR) {
		f->audit_files.err = err;
		f->audit_files.cause = cause;
		cause = NULL;
	}
	free(cause);
	cause = NULL;
	if (names.n > 0)
		strlist_sort(&names);
	for (i = 0; i < names.n; i++) {
		if (str_ends_with(names.v[i], ".rules"))
			strlist_add_nocopy(&files, xasprintf(
			    "/etc/audit/rules.d/%s", names.v[i]));
	}
	for (i = 0; i < files.n; i++) {
		err = source_read(src, files.v[i], &data, &len, &cause);
		if (err == 0) {
			ac.set = &f->audit_files;
			ac.file = files.v[i];
			text_each_line(data, len, audit_file_line, &ac);
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
	err = source_audit_rules(src, &live, &cause);
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
audit_rules_files(struct audit_db *db, struct source *src)
{
	audit_load(db, src);
	return &db->audit_files;
}

const struct audit_set *
audit_rules_live(struct audit_db *db, struct source *src)
{
	audit_load(db, src);
	return &db->audit_live;
}
