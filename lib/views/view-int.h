/* view-int.h - what the view files share (private to lib) */
#ifndef CASECTL_VIEW_INT_H
#define CASECTL_VIEW_INT_H

#include <jansson.h>

#include "casectl/model/case.h"
#include "casectl/store/store.h"

/* The case's front matter as JSON, plus its file names (in REV, or in
 * the working tree); *listed (if not NULL) says whether they could be
 * read.  NULL when out of memory. */
json_t *cc__view_case_json(cc_store *s, const cc_case *c, const char *rev, int *listed);

#endif
