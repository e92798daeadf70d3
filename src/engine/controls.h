/*
 * Site control mappings (dockaudit-controls(5)): which controls of an
 * organisation's frameworks each rule gives evidence for. Loaded from an
 * XML file (benchmarks/controls.rng, compiled in), its rule ids checked
 * against the benchmark run (through the crosswalk when the file was
 * written for an earlier version), and given to each result's record.
 */
#ifndef DOCKAUDIT_CONTROLS_H
#define DOCKAUDIT_CONTROLS_H

#include <jansson.h>

struct bench;
struct controls;

/* Load and check a file; NULL after printing FILE:LINE errors. */
struct controls	*controls_load(const char *path);
/*
 * Check every rule id against the benchmark run (mapping ids of an
 * earlier version through its crosswalk); -1 after printing FILE:LINE
 * for an unknown rule, another benchmark, or no crosswalk.
 */
int		 controls_for(struct controls *, const struct bench *);
/* [{"framework", "id", "title"}] of a rule (new), or NULL when none. */
json_t		*controls_of(const struct controls *, const char *rule);
/* {"path", "sha256"} of the file, or null. */
json_t		*controls_file_json(const struct controls *);
void		 controls_free(struct controls *);

#endif
