/*
 * store-erase-int.h - private parts of the erase engine
 * (lib/store/store-erase.c, lib/store/store-erase-refs.c).
 *
 * The engine writes the rebuilt commits first (new objects only: a
 * failure there leaves every ref as it was), then moves the refs; a
 * failure while moving them puts back the refs already moved, with
 * their reflogs, so that a failed erasure leaves the refs as before.
 */
#ifndef CASECTL_STORE_ERASE_H
#define CASECTL_STORE_ERASE_H

#include "casectl/store/erase.h"
#include "casectl/util/id.h"
#include "store-int.h"
#include "store-oidmap-int.h"

/* The erase section of a lock file (store-int.h). */
typedef struct {
	char id[CC_ID_LEN + 1];         /* "" when there is none */
	char path[256];
	char ref[256];
	git_oid old, tomb;
	int have_old, have_tomb;
} cc__erase_journal;

/* Take one "erase-..." line of a lock file into J. */
void cc__erase_journal_line(cc__erase_journal *j, const char *line);

/* Recover the erasure journalled in J by the dead process PID, whose
 * lock file LOCK the caller holds under the recovery lock: finish it
 * (J has its tombstone) or roll it back.  Says which with cc_warn. */
int cc__erase_recover(cc_store *s, const char *lock, const cc__erase_journal *j, long pid);

/* Wait until no git process of an erasure's prune runs any more (they
 * outlive a killed casectl). */
int cc__erase_wait_git(cc_store *s);

/* Move every ref whose commit MAP rebuilt (old -> new id; a ref whose
 * commit maps to itself stays) with a compare-and-swap on its old
 * value; delete every annotated tag of a rebuilt commit (cc_warn names
 * it).  All or nothing: on failure the refs already changed are put
 * back and their new reflog entries dropped. */
int cc__erase_move_refs(cc_store *s, const cc__oidmap *map, cc_erase_stats *st);

/* Rewrite the stash's reflog through MAP, so that every stash is kept
 * (rebuilt where it held the erased folder), without the entry the ref
 * move added. */
int cc__erase_stash_log(cc_store *s, const cc__oidmap *map);

/* Remove the derived files that name old commits or hold the case's
 * data: the history index tip, the summary cache, and with HEADS
 * ORIG_HEAD and FETCH_HEAD. */
void cc__erase_drop_caches(cc_store *s, int heads);

#endif
