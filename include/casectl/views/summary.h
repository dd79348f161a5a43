/*
 * casectl/views/summary.h - what list and due need of every case, without
 * parsing every file of every case on every run.
 *
 * The summary cache is derived data in the git directory
 * (casectl/summary; see casectl-case(5), FILES); the case folders stay
 * the only source of truth.  For each case it keeps two parts, each
 * with the facts taken from some files and the key of those files:
 *   case part  case.md and the folder's names: the fields below, the
 *              conflict flag, the case as 'list --format json' prints it
 *   work part  plan.md, links/, journal/ (names only) and consent/:
 *              plan review, dated goals, links, last contact, consents
 * A key is the (name, type, size, mtime, ctime, inode) of each file or
 * folder the part was computed from, taken without following symbolic
 * links (fstatat, no open, no parse) before the file was read, and the
 * time the run that computed it started.  A part is used only when
 * every file still has the same key and its ctime lies more than
 * CC_SUMMARY_RACY_NS before that start (a change in the same clock tick
 * as the reading could leave the stat unchanged: such "racy" parts are
 * computed again until a later run can trust them, as git does with its
 * index).  So a casectl command, a hand edit, a new or deleted file, a
 * sync, a checkout or a history rewrite never gives a stale answer.
 *
 * Computing a part uses the same code and prints the same warnings as
 * reading the files directly.  A part that warned or failed is not
 * kept: it is computed (and warns, or fails) again on every run.
 * cc_summary_save writes the cache when something was computed that a
 * later run can use, or when cases disappeared; it writes a temporary
 * file and renames it, and does nothing when the git directory is not
 * writable or a transaction holds the store lock.  A missing, corrupt
 * (checksum), truncated or other-version cache is ignored as a whole
 * and rebuilt.  Deleting it changes no output.  $CASECTL_SUMMARY=0
 * ignores it (reads and writes nothing).
 *
 * Memory stays small however many cases there are (a few dozen bytes a
 * case): the cache is read a part at a time as the caller asks, and a
 * part computed in this run goes at once to the temporary file (where
 * the file system allows, a file without a name until cc_summary_save
 * gives it one, so that a run that dies leaves nothing behind).
 *
 * Ownership: the IDs live until cc_summary_free.  The part returned
 * for a case lives until the same function is asked for another case
 * (or cc_summary_free): a caller walks the cases holding one at a time,
 * and copies what it keeps for every case.  Asking for a case again
 * after another reads it again (a part not cached is computed again).
 */
#ifndef CASECTL_SUMMARY_H
#define CASECTL_SUMMARY_H

#include <stddef.h>

#include "casectl/store/store.h"

#define CC_SUMMARY_RACY_NS 1000000000LL   /* one second */

/* Fields of case.md, each the scalar cc_case_get gives, or NULL. */
enum {
	CC_SUM_STATUS, CC_SUM_PHASE, CC_SUM_OPENED, CC_SUM_REVIEW, CC_SUM_REF,
	CC_SUM_FOLLOW_UP, CC_SUM_MANAGER_NAME, CC_SUM_MANAGER_EMAIL,
	CC_SUM_CLIENT_NAME, CC_SUM_NFIELDS
};

typedef struct {
	const char *field[CC_SUM_NFIELDS];
	int closed;              /* cc_case_is_closed */
	int conflicted;          /* cc_doc_conflicted of case.md */
	const char *json;        /* the case's JSON line for list, no newline */
} cc_sum_case;

typedef struct {
	const char *id, *due, *status;   /* a goal (a map) with a due date; id, status or NULL */
} cc_sum_goal;

typedef struct {
	const char *label;       /* the service, else the file name */
	const char *status;      /* the link's status */
	const char *date;        /* the date of its last history entry */
} cc_sum_link;               /* links with both a status and such a date */

typedef struct {
	const char *id, *expires;
	int withdrawn;
} cc_sum_consent;            /* grants with an expiry date, oldest first */

typedef struct {
	const char *plan_review;           /* plan.md review, or NULL */
	const cc_sum_goal *goals;
	size_t ngoals;
	const cc_sum_link *links;
	size_t nlinks;
	const char *last_journal;          /* newest journal file's date, or NULL */
	const cc_sum_consent *consents;
	size_t nconsents;
} cc_sum_work;

typedef struct cc_summary cc_summary;

/* List the store's cases (cc_case_ids: errors as there) and load the
 * cache.  A bad cache is not an error. */
int cc_summary_open(cc_store *s, cc_summary **out);

/* The cases, sorted: cc_summary_id(sm, i) for i < cc_summary_count(sm). */
size_t cc_summary_count(const cc_summary *sm);
const char *cc_summary_id(const cc_summary *sm, size_t i);

/* The case part of case I: from the cache, or computed.  Fails as
 * cc_case_load would (same code, same message).  *OUT lives until
 * cc_summary_case is called for another case. */
int cc_summary_case(cc_summary *sm, size_t i, const cc_sum_case **out);

/* The work part of case I: from the cache, or computed (warning
 * "FILE:LINE: ...; skipped (see 'casectl check')" for a plan or link
 * that does not parse; failing as cc_consents_load).  *OUT lives until
 * cc_summary_work is called for another case. */
int cc_summary_work(cc_summary *sm, size_t i, const cc_sum_work **out);

/* Write the cache if useful and possible; silent, never fails. */
void cc_summary_save(cc_summary *sm);

void cc_summary_free(cc_summary *sm);

#endif
