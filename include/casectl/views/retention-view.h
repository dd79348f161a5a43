/*
 * casectl/views/retention-view.h - the retention list, printed
 * (lib/views/retention-view.c).
 */
#ifndef CASECTL_VIEWS_RETENTION_VIEW_H
#define CASECTL_VIEWS_RETENTION_VIEW_H

#include <stddef.h>
#include <stdio.h>

#include "casectl/store/store.h"

/* List closed cases whose retention period ran out (closed + retention
 * <= today) and cases under hold; JSON is one object per line:
 * {"id", "status", "closed", "until", "due": bool, "hold": bool,
 *  "hold-reason"}. */
int cc_retention_list(cc_store *s, int json, FILE *out, size_t *n);

#endif
