/*
 * Run fuzz inputs through a harness without libFuzzer, for the normal
 * suite: tests/fuzz/replay TARGET FILE|DIR...  (TARGET as in fuzz.c; a
 * directory means each file in it). Prints one line per input and exits
 * 0 when every input ran; a broken harness property aborts.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/util.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
run_file(const char *path)
{
	struct buf	 b;
	char		 chunk[65536];
	size_t		 n;
	FILE		*fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		perror(path);
		return -1;
	}
	buf_init(&b, 1u << 30);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_append(&b, chunk, n);
	fclose(fp);
	LLVMFuzzerTestOneInput((const uint8_t *)b.data, b.len);
	fprintf(stderr, "replayed %s (%zu bytes)\n", path, b.len);
	buf_free(&b);
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	struct strlist	 files = { NULL, 0 };
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	size_t		 i;
	int		 a, rc = 0, out;

	if (argc < 3) {
		fprintf(stderr, "usage: replay TARGET FILE|DIR...\n");
		return 2;
	}
	/* The harness takes standard output for the text report. */
	if ((out = dup(STDOUT_FILENO)) == -1) {
		perror("dup");
		return 1;
	}
	setenv("DOCKAUDIT_FUZZ_TARGET", argv[1], 1);
	LLVMFuzzerInitialize(&argc, &argv);
	for (a = 2; a < argc; a++) {
		if (stat(argv[a], &st) == 0 && S_ISDIR(st.st_mode)) {
			if ((d = opendir(argv[a])) == NULL) {
				perror(argv[a]);
				return 1;
			}
			while ((de = readdir(d)) != NULL) {
				if (de->d_name[0] != '.')
					strlist_add_nocopy(&files, xasprintf(
					    "%s/%s", argv[a], de->d_name));
			}
			closedir(d);
		} else
			strlist_add(&files, argv[a]);
	}
	qsort(files.v, files.n, sizeof *files.v, cmp);
	for (i = 0; i < files.n; i++) {
		if (run_file(files.v[i]) == -1)
			rc = 1;
	}
	dprintf(out, "%zu inputs\n", files.n);
	strlist_free(&files);
	return rc;
}
