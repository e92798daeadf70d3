/*
 * Running containers and local images as facts: listed once, inspected
 * concurrently, filtered as the options say. Documents are borrowed from
 * the source's cache.
 */
#ifndef DOCKAUDIT_CONTAINERS_H
#define DOCKAUDIT_CONTAINERS_H

#include <jansson.h>

#include "util.h"

struct facts;

struct dobject {
	char	*id;
	char	*name;		/* container name without "/", image tag */
	char	*image;		/* containers: the image as given */
	json_t	*labels;	/* containers: their labels, or NULL */
	json_t	*inspect;	/* NULL when it could not be read */
	int	 err;
	char	*cause;
};

struct dobjects {
	int		 done;
	int		 err;		/* the list itself could not be read */
	char		*cause;
	struct dobject	*v;
	size_t		 n;
	json_t		*left_out;	/* [{"id","name","reason"}] */
};

/* Which containers to audit (--container, --exclude-container, --label). */
struct container_filter {
	struct strlist	include;
	struct strlist	exclude;
	struct strlist	labels;		/* KEY or KEY=VALUE */
};

const struct dobjects	*facts_containers(struct facts *);
const struct dobjects	*facts_images(struct facts *);
void			 dobjects_clear(struct dobjects *);

#endif
