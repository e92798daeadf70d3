/*
 * Command line flags of another program (dockerd), in every form its
 * flag parser (pflag) accepts.
 */
#ifndef DOCKAUDIT_ARGV_H
#define DOCKAUDIT_ARGV_H

#include "lib/util.h"

/*
 * Every value given for --flag (or its one-letter alias such as -l) in
 * argv[1..]: "--flag=v", "--flag v", "-l v", "-l=v", "-lv". A flag that
 * takes no value reads "true" when bare, its value with "=". Parsing stops
 * at "--". Returns the number of occurrences.
 */
size_t	argv_flag_values(const struct strlist *argv, const char *flag,
	    const char *alias, int takes_value, struct strlist *out);
/* Basename of a path (borrowed). */
const char *path_base(const char *);

#endif
