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
/*
 * argv without every occurrence of --flag (or its alias), in the forms
 * argv_flag_values() reads, the value that follows a flag included; what
 * follows "--" is kept. Into out (added to).
 */
void	argv_flag_remove(const struct strlist *argv, const char *flag,
	    const char *alias, int takes_value, struct strlist *out);
/* Basename of a path (borrowed). */
const char *path_base(const char *);

#endif
