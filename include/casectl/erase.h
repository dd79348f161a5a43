/*
 * casectl/erase.h - the client's right to erasure, and retention.
 *
 * cc_erase() removes a case folder from the WHOLE history of the local
 * store: a tombstone commit "erase ID: case erased" (trailers Case: and
 * Action: erase, a body with the date and the reason) removes the
 * files, then every commit reachable from any ref that held the folder
 * is rebuilt without it (same author, committer and message; commits
 * that only touched the case disappear; commits from before the case
 * existed keep their ids and signatures), the refs are moved, the
 * reflogs are expired and unreachable objects pruned ('git reflog
 * expire --expire=now --all', 'git gc --prune=now'), so that no object
 * of this repository still holds the case's content.  Rewritten
 * commits lose their signatures (the tombstone is signed again when
 * signing is configured).  Other clones, the remote and backups are
 * out of its reach: casectl-erase(1) says what to do there.
 *
 * Refusals: a case under a retention hold ("hold: true" in case.md) is
 * always refused; an open case, or a closed case whose retention period
 * (settings "retention", counted from "closed") has not run out, is
 * refused unless FORCE is set with a REASON.
 */
#ifndef CASECTL_ERASE_H
#define CASECTL_ERASE_H

#include <stddef.h>
#include <stdio.h>

#include "casectl/case.h"
#include "casectl/store.h"

typedef struct {
	size_t rewritten;      /* commits recreated */
	size_t dropped;        /* commits that only touched the case */
	size_t unsigned_now;   /* rewritten commits whose signature was lost */
	size_t refs;           /* refs moved */
	char tombstone[41];    /* the final tombstone commit */
} cc_erase_stats;

/* --- the store engine (lib/store-erase.c) --------------------------- */

/* Rebuild the history of every ref without RELPATH (a folder or file).
 * KEEP (40 hex, may be NULL) is never dropped and is re-signed when
 * signing is configured.  Takes the store lock.  Refs are moved with a
 * compare-and-swap on their old value (CC_ECONFLICT if one moved). */
int cc_store_erase_path(cc_store *s, const char *relpath, const char *keep,
	cc_erase_stats *st);

/* Expire every reflog and prune unreachable objects now, with git. */
int cc_store_prune(cc_store *s);

/* --- the command (lib/erase.c) --------------------------------------- */

typedef struct {
	int force;             /* override "open" and "retention not run out" */
	const char *reason;    /* required with force; in the tombstone body */
} cc_erase_opts;

int cc_erase(cc_store *s, const char *input, const cc_erase_opts *o, cc_erase_stats *st,
	char id_out[CC_ID_LEN + 1]);

/* Print what must be done on the remote and every other clone. */
void cc_erase_instructions(FILE *out, const char *id);

/* --- retention (lib/retention.c) ------------------------------------- */

/* Set (HOLD non-zero, REASON required) or release the retention hold of
 * case INPUT: one commit "retention ID: hold set" / "hold released". */
int cc_retention_hold(cc_store *s, const char *input, int hold, const char *reason);

/* List closed cases whose retention period ran out (closed + retention
 * <= today) and cases under hold; JSON is one object per line:
 * {"id", "status", "closed", "until", "due": bool, "hold": bool,
 *  "hold-reason"}. */
int cc_retention_list(cc_store *s, int json, FILE *out, size_t *n);

#endif
