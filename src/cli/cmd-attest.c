/*
 * dockaudit attest RULE --pass|--fail --by NAME --because TEXT
 * [--date DAY] [--expires DATE|--every Nd] [--target NAME]... -o FILE: a
 * person's verdict on a manual rule, added to an attestations file
 * (dockaudit-attestations(5)) dated the day of the check (default today,
 * UTC). The rule must be a
 * manual rule of the benchmark -b names; the file is written only once
 * the loader accepts the result (engine/attestations.c).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cmd.h"
#include "engine/attestations.h"
#include "lib/util.h"

static int
blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\n")] == '\0';
}

/* What the command line must say, each missing part said as what to give. */
static int
attest_usage(const struct options *o, int argc)
{
	size_t	i;

	if (argc != 1) {
		log_error("attest: give one rule id (attest RULE --pass|--fail "
		    "--by NAME --because TEXT --expires DATE|--every Nd "
		    "-o FILE)");
		return -1;
	}
	if (!o->attest_pass && !o->attest_fail) {
		log_error("attest: give the verdict, --pass or --fail");
		return -1;
	}
	if (blank(o->attest_by) || blank(o->attest_because)) {
		log_error("attest: give who attests it and why: --by NAME "
		    "--because TEXT");
		return -1;
	}
	if (o->attest_expires == NULL && o->attest_every == NULL) {
		log_error("attest: give when it lapses: --expires YYYY-MM-DD "
		    "or --every Nd");
		return -1;
	}
	for (i = 0; i < o->attest_targets.n; i++) {
		if (blank(o->attest_targets.v[i])) {
			log_error("attest: --target needs a row's name");
			return -1;
		}
	}
	if (o->attest_file == NULL) {
		log_error("attest: give the attestations file: -o FILE");
		return -1;
	}
	return 0;
}

/*
 * The day the person checked it: --date (not after today), else today.
 * --expires must come after today (so after that day too). -1 after
 * saying why.
 */
static int
attest_day(const struct options *o, time_t *day)
{
	time_t	now = time(NULL), until;

	*day = now;
	if (o->attest_date != NULL && day_utc(o->attest_date, day) == 0 &&
	    *day > now - now % 86400) {
		log_error("attest: --date %s is after today: give the day the "
		    "check was done", o->attest_date);
		return -1;
	}
	if (o->attest_expires != NULL &&
	    day_utc(o->attest_expires, &until) == 0 &&
	    until <= now - now % 86400) {
		log_error("attest: --expires %s is not after today: give a "
		    "later day", o->attest_expires);
		return -1;
	}
	return 0;
}

static int
cmd_attest_exec(struct options *o, int argc, char **argv)
{
	struct attestation_new	 e;
	struct bench		*b;
	const struct rule	*r = NULL;
	time_t			 day;
	size_t			 i;
	int			 rc = 0;

	if (attest_usage(o, argc) == -1 || attest_day(o, &day) == -1 ||
	    (b = cmd_load_bench(o)) == NULL)
		return 2;
	for (i = 0; i < b->nrules && r == NULL; i++) {
		if (strcmp(b->rules[i].id, argv[0]) == 0)
			r = &b->rules[i];
	}
	if (r == NULL)
		log_error("attest: rule %s is not a rule of %s %s: there is "
		    "nothing to attest (a typo?)", argv[0], b->id, b->version);
	else if (!rule_is_manual(r))
		log_error("attest: rule %s is automated in %s %s (its check "
		    "decides it): only a manual rule can be attested", r->id,
		    b->id, b->version);
	if (r == NULL || !rule_is_manual(r)) {
		bench_free(b);
		return 2;
	}
	memset(&e, 0, sizeof e);
	e.rule = r->id;
	e.status = o->attest_pass ? "pass" : "fail";
	e.by = o->attest_by;
	e.explanation = o->attest_because;
	e.expires = o->attest_expires;
	e.every = o->attest_every;
	e.targets = &o->attest_targets;
	e.today = day;
	if (attestations_add(o->attest_file, b, &e) == -1)
		rc = 2;
	else
		printf("%s: rule %s attested %s by %s\n", o->attest_file, r->id,
		    e.status, e.by);
	bench_free(b);
	return rc;
}

const struct cmd_entry cmd_attest_entry = {
	.name = "attest",
	.id = CMD_ATTEST,
	.usage = "attest RULE --pass|--fail -o FILE",
	.help = "record a person's verdict on a manual rule",
	.exec = cmd_attest_exec,
};
