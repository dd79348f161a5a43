/*
 * casectl/ops/handedit.h - validating and committing changes made by hand.
 *
 * A worker may change case files in any editor.  Those changes are
 * validated as a whole and committed by 'casectl commit' (or 'casectl
 * edit', which opens the editor first): one commit per case, action
 * "edit", plus one for store-wide files.  An invalid file is never
 * committed; it stays on disk as the worker left it.
 */
#ifndef CASECTL_HANDEDIT_H
#define CASECTL_HANDEDIT_H

#include <stddef.h>

#include "casectl/store/store.h"
#include "casectl/util/problems.h"

/* Commit the hand edits under case ID (a full ID), or in the whole
 * store when ID is NULL.  Problems are appended to PROBS and make it
 * return CC_EINVALID with nothing committed.  *commits receives the
 * number of commits made (0: nothing to commit). */
int cc_handedit_commit(cc_store *s, const char *id, cc_problems *probs,
	size_t *commits);

/* 0 if case ID (a full ID) may take hand edits: CC_ECLOSED when it is
 * closed in HEAD (only 'casectl reopen' changes a closed case),
 * CC_EREFUSED when the working tree closes it (use 'casectl close').
 * cc_handedit_commit checks this for every case it commits. */
int cc_handedit_allowed(cc_store *s, const char *id);

#endif
