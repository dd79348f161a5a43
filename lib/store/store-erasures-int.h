/*
 * store-erasures-int.h - the erasures in the history of HEAD and the commits
 * each rebuilt: private to lib/store/ (verify, and the erase engine,
 * which must know which commits an earlier erasure vouched for).
 *
 * A tombstone is a commit whose last paragraph holds the trailers
 * "Action: erase", "Rewritten: N", "Rewritten-after: ID"... and
 * "Unsigned-before: M" with up to M "Unsigned-before-id: ID" (erase.h).
 * Its rebuilt commits are 'git rev-list TOMBSTONE^@ --not ID...'.
 *
 * The tombstones are taken newest first.  One is vouched for when TRUST
 * says so (verify: a good signature by an allowed signer), or when it
 * has no signature and a vouched-for later erasure rebuilt it from a
 * commit that had one (its own signature could not survive).  Only the
 * rebuilt commits of vouched-for tombstones are recorded, each with the
 * newest erasure that rebuilt it.  A tombstone whose list of unsigned
 * commits is not complete (M above the ids given), or whose rebuilt
 * commits cannot be walked, is passed over.
 */
#ifndef CASECTL_STORE_ERASURES_H
#define CASECTL_STORE_ERASURES_H

#include "store-int.h"
#include "store-oidmap-int.h"

typedef struct {
	git_oid id;             /* the tombstone */
	char date[11];          /* its commit date, YYYY-MM-DD */
} cc__erasure;

typedef struct {
	cc__oidmap rebuilt;     /* rebuilt commit -> its tombstone */
	cc__oidmap bare;        /* those of them that had no signature before */
	cc__erasure *v;
	size_t n, cap;
} cc__erasures;

/* *trusted: 1 if the tombstone COMMIT, which has a signature, is vouched
 * for.  A non-zero return is an error. */
typedef int (*cc__trust_fn)(const git_oid *commit, int *trusted, void *payload);

/* Fill E (zeroed by the caller) from the history of HEAD. */
int cc__erasures_load(cc_store *s, cc__trust_fn trust, void *payload, cc__erasures *e);

/* The erasure that rebuilt COMMIT, or NULL; *was_bare is set to 1 when
 * the commit had no signature before it either. */
const cc__erasure *cc__erasures_find(const cc__erasures *e, const git_oid *commit,
	int *was_bare);

void cc__erasures_free(cc__erasures *e);

#endif
