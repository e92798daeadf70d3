/*
 * Running containers and local images as facts: listed once, inspected
 * concurrently, filtered as the options say. Documents are borrowed from
 * the source's cache.
 */
#ifndef DOCKAUDIT_CONTAINERS_H
#define DOCKAUDIT_CONTAINERS_H

#include <jansson.h>

#include "sources/jsonkeep.h"
#include "sources/source.h"
#include "lib/util.h"

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
	/* A --container, --exclude-container or --label that matches no
	 * running container, in words; NULL when each matches one. */
	char		*unmatched;
};

/* Which containers to audit (--container, --exclude-container, --label). */
struct container_filter {
	struct strlist	include;
	struct strlist	exclude;
	struct strlist	labels;		/* KEY or KEY=VALUE */
};

/*
 * What of the daemon's objects a run reads, and what it has read. The
 * audit command fills the needs (from the probe table) before the first
 * get; the lists and inspects are then fetched in one concurrent batch.
 */
struct container_db {
	struct source		*src;
	const struct container_filter *filter;
	struct strlist		 api_extra;	/* fetched with the inspects */
	int			 image_history;	/* with the images' inspects */
	int		 images_early;	/* image inspects ride with the containers' */
	/* The parts of an inspect the plan reads (two-segment pointers);
	 * empty: keep it all. */
	struct strlist		 container_keep;
	struct json_keep	*container_keep_tree;	/* the same, to parse */
	/* What of the container lists is read, unless a docker-api check
	 * reads them (api_whole: those documents are kept whole). */
	struct strlist		 list_keep;
	struct json_keep	*list_keep_tree;
	struct strlist		 api_whole;
	struct dobjects		 containers;
	struct dobjects		 images;
};

const struct dobjects	*containers_get(struct container_db *);
const struct dobjects	*images_get(struct container_db *);
void			 dobjects_clear(struct dobjects *);
void			 container_db_clear(struct container_db *);

#endif
