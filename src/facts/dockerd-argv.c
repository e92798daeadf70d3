/*
 * Reading another program's flags from its argv: dockerd's --log-level,
 * -H, --config-file and the rest (process probe, daemon configuration).
 */
#include <string.h>

#include "facts/dockerd-argv.h"

const char *
path_base(const char *p)
{
	const char	*s = strrchr(p, '/');

	return s != NULL ? s + 1 : p;
}

/* Does arg name this flag? Sets *val to an attached value or NULL. */
static int
flag_match(const char *arg, const char *flag, const char *alias,
    int takes_value, const char **val)
{
	size_t	n;

	*val = NULL;
	if (flag != NULL) {
		n = strlen(flag);
		if (strncmp(arg, flag, n) == 0 &&
		    (arg[n] == '\0' || arg[n] == '=')) {
			*val = arg[n] == '=' ? arg + n + 1 : NULL;
			return 1;
		}
		/* Go's flag package also takes a single dash. */
		if (flag[0] == '-' && flag[1] == '-' && arg[0] == '-' &&
		    arg[1] != '-' && strncmp(arg + 1, flag + 2, n - 2) == 0 &&
		    (arg[n - 1] == '\0' || arg[n - 1] == '=')) {
			*val = arg[n - 1] == '=' ? arg + n : NULL;
			return 1;
		}
	}
	if (alias != NULL && alias[0] == '-' && alias[1] != '\0' &&
	    alias[2] == '\0' && arg[0] == '-' && arg[1] == alias[1]) {
		if (arg[2] == '\0')
			return 1;
		if (arg[2] == '=') {
			*val = arg + 3;
			return 1;
		}
		if (takes_value) {
			*val = arg + 2;
			return 1;
		}
	}
	return 0;
}

size_t
argv_flag_values(const struct strlist *argv, const char *flag,
    const char *alias, int takes_value, struct strlist *out)
{
	const char	*val;
	size_t		 i, count = 0;

	for (i = 1; i < argv->n; i++) {
		const char *arg = argv->v[i];

		if (strcmp(arg, "--") == 0)
			break;
		if (arg[0] != '-' || !flag_match(arg, flag, alias, takes_value,
		    &val))
			continue;
		count++;
		if (val != NULL)
			strlist_add(out, val);
		else if (!takes_value)
			strlist_add(out, "true");
		else if (i + 1 < argv->n)
			strlist_add(out, argv->v[++i]);
	}
	return count;
}

void
argv_flag_remove(const struct strlist *argv, const char *flag,
    const char *alias, int takes_value, struct strlist *out)
{
	const char	*val;
	size_t		 i;
	int		 rest = 0;

	for (i = 0; i < argv->n; i++) {
		const char *arg = argv->v[i];

		if (i > 0 && !rest && strcmp(arg, "--") == 0)
			rest = 1;
		if (i == 0 || rest || arg[0] != '-' || !flag_match(arg, flag,
		    alias, takes_value, &val)) {
			strlist_add(out, arg);
			continue;
		}
		if (val == NULL && takes_value && i + 1 < argv->n)
			i++;
	}
}
