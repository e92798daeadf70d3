/*
 * dockaudit validate FILE...: the loader's checks, and nothing else, on
 * benchmark, values and waivers files. A values file is checked against
 * the benchmark -b names (every value it sets must be declared there), a
 * waivers file too (every rule it waives must be one of it), and an
 * attestations file (every rule it attests must be a manual rule of it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "engine/bench.h"
#include "cli/cmd.h"
#include "engine/controls.h"
#include "lib/util.h"
#include "lib/xmlin.h"
#include "engine/waivers.h"
#include "engine/attestations.h"

static int
cmd_validate_exec(struct options *o, int argc, char **argv)
{
	struct bench	*b;
	struct options	 vo = *o;
	int		 i, rc = 0, kind;

	if (argc == 0) {
		log_error("validate: name at least one file");
		return 2;
	}
	for (i = 0; i < argc; i++) {
		if (xmlin_root_is(argv[i], "controls")) {
			struct controls *ctl = controls_load(argv[i]);

			if (ctl == NULL || (b = cmd_load_bench(o)) == NULL) {
				controls_free(ctl);
				rc = 2;
				continue;
			}
			if (controls_for(ctl, b) == -1)
				rc = 2;
			else
				printf("%s: valid controls for %s %s\n", argv[i],
				    b->id, b->version);
			controls_free(ctl);
			bench_free(b);
			continue;
		}
		if (xmlin_root_is(argv[i], "waivers")) {
			struct waivers *ws = waivers_load(argv[i]);
			char *expired;
			size_t nexp;

			if (ws == NULL || (b = cmd_load_bench(o)) == NULL) {
				waivers_free(ws);
				rc = 2;
				continue;
			}
			if (waivers_for(ws, b) == -1)
				rc = 2;
			else {
				nexp = waivers_expired(ws, time(NULL),
				    &expired);
				printf("%s: valid waivers for %s %s, %zu "
				    "waiver%s, %zu expired%s%s%s\n", argv[i],
				    b->id, b->version, waivers_count(ws),
				    waivers_count(ws) == 1 ? "" : "s", nexp,
				    nexp > 0 ? " (" : "", nexp > 0 ? expired :
				    "", nexp > 0 ? ")" : "");
				free(expired);
			}
			waivers_free(ws);
			bench_free(b);
			continue;
		}
		if (xmlin_root_is(argv[i], "attestations")) {
			struct attestations *as = attestations_load(argv[i]);
			size_t n, nexp;

			if (as == NULL || (b = cmd_load_bench(o)) == NULL) {
				attestations_free(as);
				rc = 2;
				continue;
			}
			if (attestations_for(as, b) == -1)
				rc = 2;
			else {
				n = attestations_count(as);
				nexp = attestations_expired(as, time(NULL));
				printf("%s: valid attestations for %s %s, %zu "
				    "attestation%s, %zu expired\n", argv[i],
				    b->id, b->version, n, n == 1 ? "" : "s",
				    nexp);
			}
			attestations_free(as);
			bench_free(b);
			continue;
		}
		if ((kind = bench_file_kind(argv[i])) == 0) {
			rc = 2;
			continue;
		}
		if (kind == 1) {
			vo.benchmark = argv[i];
			vo.values = NULL;
		} else {
			vo.benchmark = o->benchmark;
			vo.values = argv[i];
		}
		if ((b = cmd_load_bench(&vo)) == NULL) {
			rc = 2;
			continue;
		}
		if (kind == 1)
			printf("%s: valid benchmark %s %s, %zu rules\n",
			    argv[i], b->id, b->version, b->nrules);
		else
			printf("%s: valid values for %s %s\n", argv[i], b->id,
			    b->version);
		bench_free(b);
	}
	return rc;
}

const struct cmd_entry cmd_validate_entry = {
	.name = "validate",
	.id = CMD_VALIDATE,
	.usage = "validate FILE...",
	.help = "check benchmarks and the other input files",
	.exec = cmd_validate_exec,
};
