/*
 * The output formats (one file each, report-NAME.c exporting
 * report_NAME_entry, listed here), choosing one from -o's FORMAT:FILE or
 * extension, and writing a report atomically: a temporary file renamed
 * over the target, so a failed write leaves the previous report intact.
 */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/report.h"
#include "lib/util.h"

const struct report_format *const report_formats[] = {
	&report_hdf_entry,
	&report_html_entry,
	&report_json_entry,
	&report_junit_entry,
	&report_sarif_entry,
	&report_text_entry,
	&report_xccdf_entry,
	NULL
};

const struct report_format *
report_format_find(const char *name)
{
	size_t	i;

	for (i = 0; report_formats[i] != NULL; i++) {
		if (strcmp(report_formats[i]->name, name) == 0)
			return report_formats[i];
	}
	return NULL;
}

/* "json, html, ..." or ".json, .html, ...", from the table. */
char *
report_format_list(int ext)
{
	char	*s = NULL, *t;
	size_t	 i;

	for (i = 0; report_formats[i] != NULL; i++) {
		t = xasprintf("%s%s%s", s != NULL ? s : "", s != NULL ? ", " :
		    "", ext ? report_formats[i]->ext : report_formats[i]->name);
		free(s);
		s = t;
	}
	return s;
}

/* strlen(ext) when the name of n bytes ends with ext, else 0. */
static size_t
ends_with_len(const char *name, size_t n, const char *ext)
{
	size_t	e = ext != NULL ? strlen(ext) : 0;

	return e > 0 && e <= n && strcmp(name + n - e, ext) == 0 ? e : 0;
}

const struct report_format *
report_format_for(const char *spec, char **path, char **cause)
{
	const char	*colon, *base;
	char		*name, *exts, *names;
	size_t		 i, n, e, e2, best;
	const struct report_format *f;

	/* FORMAT:FILE when the part before the first colon names a format. */
	colon = strchr(spec, ':');
	if (colon != NULL && colon != spec && memchr(spec, '/',
	    (size_t)(colon - spec)) == NULL) {
		name = xstrndup(spec, (size_t)(colon - spec));
		f = report_format_find(name);
		free(name);
		if (f != NULL) {
			if (colon[1] == '\0') {
				*cause = xasprintf("%s: no file name after the "
				    "format", spec);
				return NULL;
			}
			*path = xstrdup(colon + 1);
			return f;
		}
	}
	/* The longest extension that ends the name wins: x.hdf.json is
	 * HDF, x.json the record, x.xccdf.xml XCCDF, x.xml JUnit. */
	base = strrchr(spec, '/') != NULL ? strrchr(spec, '/') + 1 : spec;
	n = strlen(base);
	for (f = NULL, best = 0, i = 0; report_formats[i] != NULL; i++) {
		e = ends_with_len(base, n, report_formats[i]->ext);
		e2 = ends_with_len(base, n, report_formats[i]->ext2);
		if (e2 > e)
			e = e2;
		if (e > best) {
			f = report_formats[i];
			best = e;
		}
	}
	if (f != NULL) {
		*path = xstrdup(spec);
		return f;
	}
	exts = report_format_list(1);
	names = report_format_list(0);
	*cause = xasprintf("%s: cannot tell the format from the extension "
	    "(known: %s; or FORMAT:FILE with %s)", spec, exts, names);
	free(exts);
	free(names);
	return NULL;
}

int
report_output_check(const char *path, char **cause)
{
	struct stat	 st;
	char		*copy, *dir;
	int		 rc = 0;

	/* "-" is no file here: standard output has its own -f. */
	if (strcmp(path, "-") == 0) {
		*cause = xstrdup("-: a report file is needed; standard output "
		    "gets the report -f FORMAT names (text by default)");
		return -1;
	}
	/* rename(2) would replace whatever is there: a device, a FIFO. */
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		*cause = xasprintf("%s: exists and is not a regular file", path);
		return -1;
	}
	copy = xstrdup(path);
	dir = dirname(copy);
	if (stat(dir, &st) == -1) {
		*cause = xasprintf("%s: cannot write in %s: %s", path, dir,
		    errno_cause(errno));
		rc = -1;
	} else if (!S_ISDIR(st.st_mode)) {
		*cause = xasprintf("%s: %s is not a directory", path, dir);
		rc = -1;
	} else if (access(dir, W_OK) == -1) {
		*cause = xasprintf("%s: cannot write in %s: %s", path, dir,
		    errno_cause(errno));
		rc = -1;
	}
	free(copy);
	return rc;
}

/* Remove PATH.sig; 0 when it is gone (or never was), else errno. */
static int
unlink_sig(const char *path)
{
	char	*sig = xasprintf("%s.sig", path);
	int	 err = 0;

	if (unlink(sig) == -1 && errno != ENOENT)
		err = errno;
	free(sig);
	return err;
}

int
report_output(const struct report_format *f, json_t *report,
    const char *path, const struct render_opts *ro, char **cause)
{
	struct stat	 st;
	char		*tmp;
	FILE		*fp;
	mode_t		 mask, mode;
	int		 fd, err = 0;

	if ((fd = tmp_create(path, &tmp)) == -1) {
		*cause = xasprintf("%s: %s", path, errno_cause(errno));
		return -1;
	}
	mask = umask(0);
	umask(mask);
	/* A report rewritten keeps its mode and owner: it holds evidence. */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		mode = st.st_mode & 07777;
		if (fchown(fd, st.st_uid, st.st_gid) == -1 && errno != EPERM)
			log_warn("%s: cannot keep its owner: %s", path,
			    errno_cause(errno));
	} else
		mode = 0666 & ~mask;
	if (fchmod(fd, mode) == -1 || (fp = fdopen(fd, "w")) == NULL) {
		err = errno;
		close(fd);
	} else {
		if (f->write(report, fp, ro) == -1 || fflush(fp) == EOF ||
		    ferror(fp) || fsync(fileno(fp)) == -1)
			err = errno != 0 ? errno : EIO;
		if (fclose(fp) == EOF && err == 0)
			err = errno;
	}
	/* A signature of what this replaces would stand beside it as BAD:
	 * it goes first (a signed write signs the new file after). */
	if (err == 0)
		err = unlink_sig(path);
	if (err != 0)
		tmp_discard(tmp);
	else if (tmp_commit(tmp, path) == -1)
		err = errno;
	if (err == 0)
		return 0;
	*cause = xasprintf("%s: %s", path, errno_cause(err));
	return -1;
}
