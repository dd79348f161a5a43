/*
 * casectl/views/plan-view.h - the plan, shown and printed (lib/views/plan-view.c).
 */
#ifndef CASECTL_VIEWS_PLAN_VIEW_H
#define CASECTL_VIEWS_PLAN_VIEW_H

#include <stdio.h>

#include "casectl/doc/render.h"
#include "casectl/store/store.h"
#include "casectl/util/format.h"

/* Print the plan of case INPUT: goals by level, steps, crisis plan,
 * agreement and review (text), or the front matter as a JSON object
 * with "case" and "body" added (one line).  CC_ENOTFOUND when the case
 * has no plan. */
int cc_plan_view(cc_store *s, const char *input, cc_format f, FILE *out);

/* The printable plan of case INPUT in format F (*out malloc'd),
 * labelled in the store's language.  The plan must pass its record
 * check first. */
int cc_plan_render(cc_store *s, const char *input, cc_render_format f,
	char **out, size_t *len);

/* The same for the plan in force at AT: a date (the last commit of that
 * day) or a revision (see cc_store_resolve_rev).  The case, its plan and
 * its team are read as they were then; the labels are today's. */
int cc_plan_render_at(cc_store *s, const char *input, const char *at,
	cc_render_format f, char **out, size_t *len);

#endif
