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
#include "casectl/store/store.h"
#include "casectl/util/format.h"

#define CC_SLUG_MAX 64

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

/* A slug from NAME: lowercase ASCII letters and digits, accents
 * dropped, Latin ligatures and Cyrillic transliterated, any other run
 * of characters one '-', none at either end, at most CC_SLUG_MAX - 1
 * bytes.  CC_EINVALID when nothing is left. */
int cc_service_slugify(const char *name, char out[CC_SLUG_MAX]);

/* 1 if S is a valid slug ([a-z0-9] and inner single '-'s, not
 * starting with "informal-", which names informal links). */
int cc_service_slug_valid(const char *s);

/* Resolve INPUT (a slug or an unambiguous prefix of one) to a slug.
 * CC_ENOTFOUND with a hint to 'casectl service list'; CC_EAMBIGUOUS
 * listing the matches. */
int cc_service_resolve(cc_store *s, const char *input, char slug[CC_SLUG_MAX]);

/* Read services/SLUG.md.  *doc owned by the caller. */
int cc_service_load(cc_store *s, const char *slug, cc_doc **doc);

/* Places in use: for each of the N slugs, the number of links with
 * status active to it across all cases (COUNTS[i]).  One scan of every
 * case's links/ folder. */
int cc_service_places_in_use(cc_store *s, const char *const *slugs, size_t n,
	int *counts);

/* The service's capacity.places, or -1 when it has none. */
long cc_service_places(const cc_doc *doc);

int cc_service_add(cc_store *s, const cc_service_opts *o, char slug[CC_SLUG_MAX]);
int cc_service_edit(cc_store *s, const char *input, const cc_service_opts *o,
	char slug[CC_SLUG_MAX]);

/* list: a table (SLUG, NAME, AREA, PLACES, IN USE, FREE) or one JSON
 * object per service per line (its keys, plus "slug", "in-use" and
 * "free"; the last null without a capacity). */
int cc_service_list(cc_store *s, cc_format f, FILE *out);

/* show: the service's keys for people, or the same JSON object as
 * list on one line. */
int cc_service_show(cc_store *s, const char *input, cc_format f, FILE *out);

#endif
