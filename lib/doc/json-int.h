/* json-int.h - jansson helpers shared inside lib */
#ifndef CASECTL_JSON_INTERNAL_H
#define CASECTL_JSON_INTERNAL_H

#include <jansson.h>

#include "casectl/doc/frontmatter.h"

/* A new reference, or NULL when out of memory. */
json_t *cc__json_from_node(const cc_node *n);

/* Compact text, keys in insertion order; *out malloc'd. */
int cc__json_dump(json_t *j, char **out);

#endif
