/*
 * The JSON report: the canonical record (reports/report.schema.json),
 * sorted keys and two-space indent so that runs diff cleanly.
 */
#include "report.h"

static int
report_json_write(json_t *report, FILE *fp, const struct render_opts *ro)
{
	(void)ro;
	if (json_dumpf(report, fp, JSON_INDENT(2) | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(10)) == -1)
		return -1;
	return fputc('\n', fp) == EOF ? -1 : 0;
}

const struct report_format report_json_entry = {
	.name = "json",
	.ext = ".json",
	.help = "the JSON record (reports/report.schema.json)",
	.write = report_json_write,
};
