/*
 * store-oidmap-int.h - a map from commit id to commit id: private to
 * lib/store/ (the erase engine, and verify's table of erasures).
 *
 * Open addressing; a zeroed cc__oidmap is an empty map.  Values are
 * copied in; cc__oidmap_get's pointer lives until the next put.
 */
#ifndef CASECTL_STORE_OIDMAP_H
#define CASECTL_STORE_OIDMAP_H

#include <git2.h>
#include <stddef.h>

typedef struct {
	git_oid *keys, *vals;
	unsigned char *used;
	size_t cap, n;
} cc__oidmap;

/* Set K to V (replacing an old value).  CC_ENOMEM. */
int cc__oidmap_put(cc__oidmap *m, const git_oid *k, const git_oid *v);

/* The value of K, or NULL. */
const git_oid *cc__oidmap_get(const cc__oidmap *m, const git_oid *k);

void cc__oidmap_free(cc__oidmap *m);

#endif
