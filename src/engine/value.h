/*
 * A tailorable value of a benchmark (a list of items a site can set in a
 * --values file) that checks compare against by value-ref.
 */
#ifndef DOCKAUDIT_VALUE_H
#define DOCKAUDIT_VALUE_H

#include "lib/util.h"

struct value {
	char		*name;
	char		*description;
	struct strlist	 items;		/* none: not set */
	int		 line;
	char		*origin;	/* file that last set it */
};

#endif
