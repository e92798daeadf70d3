/*
 * The JSON report: the canonical record (reports/report.schema.json),
 * sorted keys and two-space indent so that runs diff cleanly.
 *
 * The results are written one at a time (report_result() unpacks each
 * while an audit runs), in the layout json_dumpf() gives the whole tree:
 * each result dumped on its own and indented to its depth. A newline in
 * a dump is always layout (strings escape theirs), so re-indenting after
 * each one is exact.
 */
#include <string.h>

#include "report/report.h"

#define FLAGS	(JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(10))
#define MARK	"\n  \"results\": []"

static int
put_indented(FILE *fp, const char *s)
{
	const char	*nl;

	while ((nl = strchr(s, '\n')) != NULL) {
		if (fwrite(s, 1, (size_t)(nl - s), fp) != (size_t)(nl - s) ||
		    fputs("\n    ", fp) == EOF)
			return -1;
		s = nl + 1;
	}
	return fputs(s, fp) == EOF ? -1 : 0;
}

static int
report_json_write(json_t *report, FILE *fp, const struct render_opts *ro)
{
	json_t	*results = json_object_get(report, "results"), *shell, *res;
	char	*head, *at, *one;
	size_t	 i;
	int	 rc = 0;

	(void)ro;
	if (json_array_size(results) == 0) {
		if (json_dumpf(report, fp, FLAGS) == -1)
			return -1;
		return fputc('\n', fp) == EOF ? -1 : 0;
	}
	shell = json_copy(report);
	json_object_set_new(shell, "results", json_array());
	head = json_dumps(shell, FLAGS);
	json_decref(shell);
	if (head == NULL || (at = strstr(head, MARK)) == NULL) {
		free(head);
		return -1;
	}
	at += strlen(MARK) - 1;		/* at the ']' */
	if (fwrite(head, 1, (size_t)(at - head), fp) != (size_t)(at - head))
		rc = -1;
	for (i = 0; rc == 0 && i < json_array_size(results); i++) {
		res = report_result(json_array_get(results, i));
		one = json_dumps(res, FLAGS);
		json_decref(res);
		if (one == NULL || fputs(i == 0 ? "\n    " : ",\n    ", fp) ==
		    EOF || put_indented(fp, one) == -1)
			rc = -1;
		free(one);
	}
	if (rc == 0 && (fputs("\n  ", fp) == EOF || fputs(at, fp) == EOF ||
	    fputc('\n', fp) == EOF))
		rc = -1;
	free(head);
	return rc;
}

const struct report_format report_json_entry = {
	.name = "json",
	.ext = ".json",
	.help = "the JSON record (reports/report.schema.json)",
	.write = report_json_write,
};
