/*
 * Small helpers every module uses: allocation that never returns NULL,
 * one diagnostics path (log_*), bounded buffers and string lists.
 *
 * Ownership: functions named *_new/x* return memory the caller frees;
 * everything else borrows unless its comment says otherwise.
 */
#ifndef DOCKAUDIT_UTIL_H
#define DOCKAUDIT_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <time.h>

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));
void	 fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

/* User-facing diagnostics on stderr, prefixed "dockaudit: ". */
/*
 * "YYYY-MM-DD" alone (no zone suffix: it would move the day) -> the
 * start of that day, UTC; -1 for another form or a day the calendar
 * lacks (2026-02-31).
 */
int	 day_utc(const char *, time_t *);
void	 log_set_quiet(int);
void	 log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));

/*
 * The temporary file being written (one at a time; NULL: none now), which
 * SIGTERM, SIGINT or SIGHUP remove before ending the program, so that an
 * interrupted write leaves the old file and nothing else.
 */
void	 tmp_guard(const char *path);
/*
 * Hold (1) those signals while a temporary file is made and guarded, so
 * that none ends the program between the two; release them (0) after.
 */
void	 tmp_guard_hold(int);
/*
 * A file written whole or not at all: tmp_create() makes a temporary
 * file beside path, guarded as above, and returns its descriptor (-1 and
 * errno), its name in *tmp; tmp_commit() renames it over path, and
 * tmp_discard() removes it. Either ends the guard and frees the name;
 * tmp_commit() returns -1 and errno when the rename fails, the temporary
 * file removed.
 */
int	 tmp_create(const char *path, char **tmp);
int	 tmp_commit(char *tmp, const char *path);
void	 tmp_discard(char *tmp);

/*
 * Read an input file whole into b (initialised here): opened without
 * blocking, so a FIFO or a device never hangs a run, and refused unless it
 * is a regular file of at most max bytes (what: its kind, for the limit's
 * message, "a report"). 0, or -1 and *cause: what is wrong in one line,
 * without the path (the caller names it).
 */
struct buf;
int	 input_read(const char *path, size_t max, const char *what,
	    struct buf *b, char **cause);
/*
 * The one way an input file is opened: without blocking and only when it
 * is a regular file. A descriptor, or -1 with errno (EISDIR for a
 * directory, ENOSTR for a FIFO, socket or device; *st then says which).
 */
struct stat;
int	 input_open(const char *path, struct stat *st);

/* A growable byte buffer with a ceiling; toobig is set when it is hit. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	size_t	 max;
	int	 toobig;
};
void	 buf_init(struct buf *, size_t max);
int	 buf_append(struct buf *, const void *, size_t);
char	*buf_cstr(struct buf *);
void	 buf_free(struct buf *);

/* A NULL-terminated array of owned strings. */
struct strlist {
	char	**v;
	size_t	  n;
};
void	 strlist_add(struct strlist *, const char *);
void	 strlist_add_nocopy(struct strlist *, char *);
int	 strlist_has(const struct strlist *, const char *);
void	 strlist_split(struct strlist *, const char *, const char *seps);
void	 strlist_free(struct strlist *);
void	 strlist_sort(struct strlist *);
/* qsort comparator for an array of char *. */
int	 str_cmp(const void *, const void *);
int	 str_ends_with(const char *, const char *suffix);
/*
 * How far what was typed is from a name, in edits (a letter inserted,
 * removed, changed, or two swapped), when it is close enough to be a typo
 * of it: at most a third of its length (1 to 3); else -1. With prefix, the
 * name may go on after four or more typed characters ("cis-dokcer",
 * cis-docker-1.8.0).
 */
int	 str_typo(const char *typed, const char *name, int prefix);
/* Split a text into lines (a copy); fn gets each with its number. */
void	 text_each_line(const char *, size_t, void (*fn)(void *, char *, int),
	    void *);

/* Parse an octal mode such as "0644"; -1 when malformed or above 07777. */
long	 mode_parse(const char *);
/* "0644" style text of the permission bits. */
void	 mode_format(unsigned int, char out[8]);

/*
 * The length of a C1 control (U+0080..U+009F), a bidi control (U+061C,
 * U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) or a line or paragraph
 * separator (U+2028, U+2029) at p, with its code point; 0 if none.
 */
size_t	 text_control(const unsigned char *p, size_t left, unsigned int *cp);
/* Text with control characters and invalid UTF-8 made visible, cut at max. */
char	*text_sanitize(const char *, size_t len, size_t max);
/* Length of the valid UTF-8 sequence at s (1 to 4), or 0. */
size_t	 utf8_len(const unsigned char *s, size_t left);

/* errno text in lower case as a cause ("permission denied"). */
const char *errno_cause(int);

void	 sha256_hex(const void *, size_t, char out[65]);

#endif
