/*
 * casectl/store/erase.h - the client's right to erasure, and retention.
 *
 * cc_erase() removes a case folder from the WHOLE history of the local
 * store: a tombstone commit "erase ID: case erased" (trailers Case: and
 * Action: erase, a body with the date and the reason) removes the
 * files, then every commit reachable from any ref that held the folder
 * is rebuilt without it (same author, committer and message; commits
 * that only touched the case disappear; commits from before the case
 * existed keep their ids and signatures), the refs are moved, the
 * reflogs but the stash's are expired and unreachable objects pruned
 * ('git reflog expire', 'git gc --prune=now'), so that no object
 * of this repository still holds the case's content.  Rewritten
 * commits lose their signatures (the tombstone is signed again when
 * signing is configured).  Other clones, the remote and backups are
 * out of its reach: casectl-erase(1) says what to do there.
 *
 * The tombstone records which of its ancestors were rebuilt, by commit
 * ids and counts only, in more trailers after Case: and Action::
 *   Rewritten: N             how many ancestors were rebuilt
 *   Rewritten-after: ID      one per kept ancestor that is a parent of a
 *                            rebuilt one (the tombstone's own parent
 *                            when N is 0)
 *   Unsigned-before: M       how many of the N had no signature before
 *   Unsigned-before-id: ID   each of those M (new ids), when M is at
 *                            most CC_ERASE_UNSIGNED_IDS; none when more
 * so that 'git rev-list TOMBSTONE^@ --not ID...' lists the N rebuilt
 * commits; casectl verify (trust.h) reports those that were signed as
 * rewritten rather than unsigned when the tombstone is validly signed.
 *
 * All or nothing, under one store lock held from the first check to
 * the end of the prune (cc_store_erase_begin), so that nothing commits
 * meanwhile.  When the rebuild or a ref move fails, the refs already
 * moved are put back and the tombstone is undone (the branch back on
 * its parent, the case's files back in the working tree and the index),
 * so the refs, HEAD and the files are as before; only unreachable new
 * objects (without the case's data) may remain.  A killed erasure is
 * rolled back or finished by the next command (the erase journal,
 * store-int.h).  When the prune fails after the rebuild, the case
 * is out of the history but old objects are not yet deleted: the error
 * says to run erase again, which finds the case by its tombstone and
 * finishes.  Stashes are rebuilt like refs, and kept.
 *
 * Refused before anything changes (cc_store_erase_reach_check): linked
 * worktrees, kept packs, borrowed objects (alternates).
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

#include "casectl/store/store.h"
#include "casectl/util/id.h"

/* At most this many Unsigned-before-id trailers in a tombstone. */
#define CC_ERASE_UNSIGNED_IDS 1000

typedef struct {
	size_t rewritten;      /* commits recreated */
	size_t dropped;        /* commits that only touched the case */
	size_t unsigned_now;   /* rewritten commits whose signature was lost */
	size_t refs;           /* refs moved */
	char tombstone[41];    /* the final tombstone commit */
	int moved;             /* the refs were moved (no undo from there on) */
	int finished;          /* the case was not at HEAD: an earlier erasure
	                        * of it (its tombstone) was finished */
} cc_erase_stats;

/* --- the store engine (lib/store/store-erase.c) -------------------------- */

/* Rebuild the history of every ref without RELPATH (a folder or file).
 * KEEP (40 hex, may be NULL) is never dropped and is re-signed when
 * signing is configured, with the Rewritten trailers above added to its
 * message.  Takes the store lock.  Refs are moved with a compare-and-swap
 * on their old value (CC_ECONFLICT if one moved), all or none; an
 * annotated tag of a rebuilt commit is deleted (its tag object names the
 * old commit), with a warning. */
int cc_store_erase_path(cc_store *s, const char *relpath, const char *keep,
	cc_erase_stats *st);

/* Undo the tombstone TOMB (40 hex), which the branch must point at:
 * the branch back on its parent (without the two reflog entries), the
 * files under RELPATH back in the working tree and the index as the
 * parent has them.  Takes the store lock.  CC_ECONFLICT if the branch
 * moved. */
int cc_store_erase_undo(cc_store *s, const char *tomb, const char *relpath);

/* Expire every reflog and prune unreachable objects now, with git. */
int cc_store_prune(cc_store *s);

/* Check that git can be run for cc_store_prune, before anything
 * changes. */
int cc_store_prune_check(cc_store *s);

/* Refuse (CC_EREFUSED, saying what to do) a store whose objects or
 * files erase cannot reach: a linked worktree, a kept pack (.keep),
 * objects borrowed from elsewhere (objects/info/alternates). */
int cc_store_erase_reach_check(cc_store *s);

/* --- holding the lock (lib/store/store-erase-journal.c) ------------------ */

/* Take the store lock for the whole erasure, from its first check to its
 * prune, so that no other command commits meanwhile (a stale lock is
 * recovered first: that finishes or rolls back a killed erasure).
 * Every store call of this process shares the lock until
 * cc_store_erase_end.  CC_ELOCKED as any command. */
int cc_store_erase_begin(cc_store *s);

/* Journal the erasure of case ID (its folder RELPATH) and the branch it
 * starts from, before the tombstone is made.  Killed from here on, the
 * next command rolls it back (undoing the tombstone if it was made). */
int cc_store_erase_journal(cc_store *s, const char *id, const char *relpath);

/* The tombstone TOMB (40 hex) is on the branch: killed from here on, the
 * next command finishes the erasure.  TOMB NULL: back to rolling back. */
int cc_store_erase_mark(cc_store *s, const char *tomb);

/* Drop the journal and release the lock.  KEEP: leave both for the next
 * command to recover (a failed undo). */
void cc_store_erase_end(cc_store *s, int keep);

/* The newest tombstone in the history of HEAD of a case whose ID starts
 * with INPUT: its ID and commit.  CC_ENOTFOUND, CC_EAMBIGUOUS. */
int cc_store_erase_find(cc_store *s, const char *input, char id[CC_ID_LEN + 1], char tomb[41]);

/* --- the command (lib/ops/erase.c) --------------------------------------- */

typedef struct {
	int force;             /* override "open" and "retention not run out" */
	const char *reason;    /* required with force; in the tombstone body */
} cc_erase_opts;

int cc_erase(cc_store *s, const char *input, const cc_erase_opts *o, cc_erase_stats *st,
	char id_out[CC_ID_LEN + 1]);

/* Print what must be done on the remote and every other clone. */
void cc_erase_instructions(FILE *out, const char *id);

/* --- retention (lib/ops/retention.c) ------------------------------------- */

/* Set (HOLD non-zero, REASON required) or release the retention hold of
 * case INPUT: one commit "retention ID: hold set" / "hold released". */
int cc_retention_hold(cc_store *s, const char *input, int hold, const char *reason);

#endif
