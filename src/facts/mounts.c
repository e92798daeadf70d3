/*
 * The mount table of the audited host, from /proc/self/mountinfo (rule
 * 1.1.1: a separate partition for the data root; the cgroup mounts).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "facts/mounts.h"
#include "lib/util.h"

void
mount_db_clear(struct mount_db *f)
{
	size_t	i;

	for (i = 0; i < f->nmounts; i++) {
		free(f->mounts[i].root);
		free(f->mounts[i].target);
		free(f->mounts[i].fstype);
		free(f->mounts[i].source);
	}
	free(f->mounts);
	free(f->mounts_cause);
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
	struct mount_db		*f = arg;
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

int
mounts_read(struct mount_db *f, struct source *src,
    const struct mountpoint **mounts, size_t *n, int *err, const char **cause)
{
	const char	*data;
	size_t		 len;

	if (!f->mounts_done) {
		f->mounts_done = 1;
		f->mounts_err = source_read(src, "/proc/self/mountinfo",
		    &data, &len, &f->mounts_cause);
		if (f->mounts_err == 0)
			text_each_line(data, len, mount_line, f);
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
