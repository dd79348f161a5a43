/*
 * casectl/views/assess-view.h - an assessment list, printed (lib/views/assess-view.c).
 */
#ifndef CASECTL_VIEWS_ASSESS_VIEW_H
#define CASECTL_VIEWS_ASSESS_VIEW_H

#include <stdio.h>

#include "casectl/store/store.h"
#include "casectl/util/format.h"

/* The case's assessments, newest first (by date, then file name):
 * a readable summary of each, or one JSON object per line (the front
 * matter plus "file" and "body").  Works on closed cases too. */
int cc_assess_list(cc_store *s, const char *input, cc_format f, FILE *out);

#endif
