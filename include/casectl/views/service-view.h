/*
 * casectl/views/service-view.h - the service directory, listed and shown (lib/views/service-view.c).
 */
#ifndef CASECTL_VIEWS_SERVICE_VIEW_H
#define CASECTL_VIEWS_SERVICE_VIEW_H

#include <stdio.h>

#include "casectl/store/store.h"
#include "casectl/util/format.h"

/* list: a table (SLUG, NAME, AREA, PLACES, IN USE, FREE) or one JSON
 * object per service per line (its keys, plus "slug", "in-use" and
 * "free"; the last null without a capacity). */
int cc_service_list(cc_store *s, cc_format f, FILE *out);

/* show: the service's keys for people, or the same JSON object as
 * list on one line. */
int cc_service_show(cc_store *s, const char *input, cc_format f, FILE *out);

#endif
