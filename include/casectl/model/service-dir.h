/*
 * casectl/model/service-dir.h - the service directory as records:
 * slugs, reading services/SLUG.md and the places in use
 * (lib/model/service-dir.c, service-slug.c), for the link checks, the
 * operations (casectl/ops/service.h) and the views.
 */
#ifndef CASECTL_MODEL_SERVICE_DIR_H
#define CASECTL_MODEL_SERVICE_DIR_H

#include <stddef.h>

#include "casectl/doc/frontmatter.h"
#include "casectl/store/store.h"

#define CC_SLUG_MAX 64

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

#endif
