/*
 * Subcommands (one file each, cmd-NAME.c exporting cmd_NAME_entry), the
 * options they take (each row of the option table in options.c names the
 * subcommands that accept it), and what they share (cmd.c).
 */
#ifndef DOCKAUDIT_CMD_H
#define DOCKAUDIT_CMD_H

#include <time.h>

#include "engine/bench.h"
#include "facts/containers.h"
#include "report/report.h"
#include "lib/util.h"

struct sshsig_key;

/* Which subcommands accept an option: bits of cmd_entry.id. */
#define CMD_AUDIT	0x01
#define CMD_DIFF	0x02
#define CMD_LIST	0x04
#define CMD_RENDER	0x08
#define CMD_VALIDATE	0x10
#define CMD_VERIFY	0x20
#define CMD_MERGE	0x40
#define CMD_ATTEST	0x80
#define CMD_FIX		0x100
#define CMD_IMAGE	0x200
#define CMD_ALL		0x3ff

struct options {
	const char	*benchmark;	/* name or file */
	int		 level;
	struct strlist	 checks;
	struct strlist	 excludes;
	const char	*host;		/* -H */
	const char	*engine;	/* --engine: auto, or a list of kinds */
	int		 image_layers;	/* --image-layers */
	long		 connect_ms;
	long		 timeout_ms;
	const char	*root;
	const char	*fixture;
	struct strlist	 outputs;
	const char	*format;
	int		 format_given;	/* -f was given */
	const char	*values;
	const char	*waivers;
	const char	*attestations;	/* --attestations FILE */
	const char	*controls;	/* --controls FILE */
	const char	*host_id;	/* --host-id */
	struct strlist	 tags;		/* --tag KEY=VALUE */
	const char	*baseline;
	const char	*history;	/* --history DIR */
	long		 keep;
	long		 max_age_h;	/* merge --max-age */
	struct gate	 gate;
	struct container_filter filter;
	int		 quiet;
	int		 all;		/* --all: every target row in text */
	int		 color;		/* 1 yes (until --no-color), 0 no */
	int		 benchmarks;	/* list --benchmarks */
	const char	*sign;		/* --sign KEY: sign each -o file */
	const char	*signers;	/* verify --signers FILE */
	/* attest RULE: its verdict, by whom, why, until when, which rows,
	 * into which file. */
	int		 attest_pass;
	int		 attest_fail;
	const char	*attest_by;
	const char	*attest_because;
	const char	*attest_date;
	const char	*attest_expires;
	const char	*attest_every;
	struct strlist	 attest_targets;
	const char	*attest_file;
	const char	*fix_dir;	/* fix -o DIR */
	int		 skip_disruptive;	/* fix --skip-disruptive */
};

struct cmd_entry {
	const char	*name;
	int		 id;		/* CMD_* */
	const char	*usage;
	const char	*help;
	int		(*exec)(struct options *, int, char **);
};

extern const struct cmd_entry cmd_attest_entry;
extern const struct cmd_entry cmd_audit_entry;
extern const struct cmd_entry cmd_diff_entry;
extern const struct cmd_entry cmd_fix_entry;
extern const struct cmd_entry cmd_image_entry;
extern const struct cmd_entry cmd_list_entry;
extern const struct cmd_entry cmd_merge_entry;
extern const struct cmd_entry cmd_render_entry;
extern const struct cmd_entry cmd_validate_entry;
extern const struct cmd_entry cmd_verify_entry;
extern const struct cmd_entry *const cmd_table[];
/* The command of that name; NULL after saying so (with a close match). */
const struct cmd_entry *cmd_find(const char *name);

/* Every field zero but the options' defaults (options.c). */
void		 options_init(struct options *);
/*
 * Parse argv (after the subcommand's name) into o for cmd, then check
 * the rules between options; 0 to run, 1 when done (--help, --version,
 * --list-probes), 2 on bad usage (printed). *first is the first operand.
 */
int		 options_parse(const struct cmd_entry *, struct options *,
		    int argc, char **argv, int *first);
void		 options_free(struct options *);

/* A report file of -o: its format and path. */
struct output_file {
	const struct report_format	*fmt;
	char				*path;
};

/* Parse and check every -o before any work (errors printed); -1 on one. */
int		 outputs_parse(const struct options *, struct output_file **);
/* The same with another table of formats (merge's fleet formats). */
int		 outputs_parse_with(const struct options *, struct output_file **,
		    const struct report_format *(*)(const char *, char **,
		    char **));
/*
 * Refuse (printed, -1) an output that is one of the inputs (what[i] names
 * inputs[i]; NULL entries are skipped) or the file of an earlier -o: the
 * same inode, or the same resolved path for a file not yet there.
 */
int		 outputs_distinct(const struct options *, struct output_file *,
		    const char *const *inputs, const char *const *what,
		    size_t ninputs);
/* Write the report to each, atomically; -1 when one failed (printed). */
int		 outputs_write(const struct options *, struct output_file *,
		    json_t *report);
void		 outputs_free(struct output_file *, size_t);
/*
 * The --sign key and every FILE.sig path, checked before any work: 0
 * (*key NULL without --sign), or -1 after printing why. history: the
 * command has --history (said when there is nothing to sign).
 */
int		 outputs_sign_key(const struct options *, struct output_file *,
		    int history, struct sshsig_key **);
/* outputs_write(), and each file written signed (FILE.sig) with key. */
int		 outputs_write_signed(const struct options *, struct output_file *,
		    json_t *report, const struct sshsig_key *key);
/*
 * "40 of 100 answers from the Docker daemon" on a terminal, once an audit
 * has run for a second: short audits stay silent (the audit request's
 * progress hook; the caller starts it, and leaves it out for -q and a
 * redirected stderr).
 */
struct cmd_progress {
	struct timespec	 started;
	int		 shown;
};
void		 cmd_progress_show(size_t done, size_t total, void *);
/* "dockaudit: WHAT" on the progress line; NULL clears it. */
void		 cmd_progress_note(const char *what, void *);
/* The report in -f's format on standard output; -1 after saying why. */
int		 report_to_stdout(const struct options *, json_t *report);
struct audit_request;
/* The progress hooks of req, on a terminal without -q. */
void		 cmd_progress_attach(const struct options *,
		    struct audit_request *, struct cmd_progress *);
/*
 * An audit of this host (archives NULL) or of container image archives
 * (dockaudit image, with the rules of section 4 it selects; NULL: -c's):
 * the request from the options, the outputs checked
 * before and written after; the exit status.
 */
int		 cmd_audit_run(struct options *, const struct strlist *archives,
		    const struct strlist *checks);
/* Load the selected benchmark and values; NULL after printing why. */
struct bench	*cmd_load_bench(const struct options *);
/* The rules the options select, in benchmark order; -1 on a bad id. */
int		 cmd_plan(const struct options *, const struct bench *,
		    size_t **idx, size_t *n);

#endif
