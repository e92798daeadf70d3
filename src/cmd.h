/*
 * Subcommands (one file each, cmd-NAME.c exporting cmd_NAME_entry) and the
 * options they share.
 */
#ifndef DOCKAUDIT_CMD_H
#define DOCKAUDIT_CMD_H

#include "containers.h"
#include "report.h"
#include "util.h"

struct bench;

struct output {
	char	*spec;		/* as given to -o */
};

struct options {
	const char	*benchmark;	/* name or file */
	/* Already loaded (the fuzz harnesses): used instead of loading
	 * benchmark and values, and not freed. */
	struct bench	*bench;
	int		 level;
	struct strlist	 checks;
	struct strlist	 excludes;
	const char	*host;		/* -H */
	long		 connect_ms;
	long		 timeout_ms;
	const char	*root;
	const char	*fixture;
	struct strlist	 outputs;
	const char	*format;
	int		 format_given;	/* -f was given */
	const char	*values;
	const char	*waivers;
	const char	*baseline;
	const char	*history;	/* --history DIR */
	long		 keep;
	struct gate	 gate;
	struct container_filter filter;
	int		 quiet;
	int		 color;		/* 1 yes, 0 no */
};

struct cmd_entry {
	const char	*name;
	const char	*usage;
	const char	*help;
	int		(*exec)(struct options *, int, char **);
};

extern const struct cmd_entry cmd_audit_entry;
extern const struct cmd_entry cmd_list_entry;
extern const struct cmd_entry cmd_validate_entry;
extern const struct cmd_entry cmd_render_entry;
extern const struct cmd_entry cmd_diff_entry;

/* A saved JSON report (cmd-render.c); NULL after printing why. */
json_t		*report_load(const char *path);

/* A report file of -o: its format and path. */
struct output_file {
	const struct report_format	*fmt;
	char				*path;
};
/* Parse and check every -o before any work (errors printed); -1 on one. */
int		 outputs_parse(const struct options *, struct output_file **);
/* Write the report to each, atomically; -1 when one failed (printed). */
int		 outputs_write(const struct options *, struct output_file *,
		    json_t *report);
void		 outputs_free(struct output_file *, size_t);

/* Shared by the subcommands: load the selected benchmark and values. */
struct bench	*cmd_load_bench(const struct options *);
/* The rules the options select, in benchmark order; -1 on a bad id. */
int		 cmd_plan(const struct options *, const struct bench *,
		    size_t **idx, size_t *n);

#endif
