/*
 * casectl/doc/json.h - a front-matter tree as JSON (lib/doc/json.c).
 */
#ifndef CASECTL_DOC_JSON_H
#define CASECTL_DOC_JSON_H

#include "casectl/doc/frontmatter.h"

/* N as a JSON text (compact, no newline); *out malloc'd, the caller
 * frees it.  Scalars keep their YAML spelling as JSON strings, except
 * where json.c says otherwise. */
int cc_node_json(const cc_node *n, char **out);

#endif
