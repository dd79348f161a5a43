/*
 * casectl/ops/service.h - the store-wide service directory.
 *
 * One file per service, services/SLUG.md (records.h): name,
 * organisation, contact, area, offers, capacity {places, updated}.  The
 * slug is made once from the name when the service is added and never
 * changes (links name it).  Changes are store-wide commits with action
 * "service" and no Case trailer; the subject names only the slug
 * ("service: home-care-p7 added", "service: home-care-p7 changed").
 *
 * "Places in use" is not stored: it is the number of links with status
 * active to the service across all cases, counted from the cases'
 * links/ folders whenever it is shown or checked.
 */
#ifndef CASECTL_SERVICE_H
#define CASECTL_SERVICE_H

#include <stddef.h>
#include <stdio.h>

#include "casectl/doc/frontmatter.h"
#include "casectl/model/service-dir.h"
#include "casectl/store/store.h"
#include "casectl/util/format.h"

/* What to set.  NULL: leave as is; "" removes an optional key (the
 * name must stay non-empty).  OFFERS replaces the list when SET_OFFERS.
 * PLACES is a whole number as text; setting it sets capacity.updated
 * to UPDATED, or to today when UPDATED is NULL.  UPDATED alone only
 * sets the date.  SLUG (add only) overrides the slug made from NAME. */
typedef struct {
	const char *name, *organisation, *contact, *area;
	const char *const *offers;
	size_t noffers;
	int set_offers;
	const char *places, *updated, *slug;
} cc_service_opts;

int cc_service_add(cc_store *s, const cc_service_opts *o, char slug[CC_SLUG_MAX]);
int cc_service_edit(cc_store *s, const char *input, const cc_service_opts *o,
	char slug[CC_SLUG_MAX]);

#endif
