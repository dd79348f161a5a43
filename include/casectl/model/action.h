/*
 * casectl/model/action.h - one change to one case, from lock to commit.
 *
 * Every lifecycle command follows the same path, kept here once:
 *
 *   cc_action_begin()      take the store lock, resolve the ID, refuse
 *                          uncommitted hand edits in the case folder,
 *                          load case.md, refuse a closed case
 *   cc_action_phase()      apply the phase rules (or record --force)
 *   ... read and stage the case's files ...
 *   cc_action_put_doc()    validate a record and stage it
 *   cc_action_commit()     write case.md if it changed, make the commit
 *   cc_action_free()       release everything (nothing written without
 *                          a successful commit)
 *
 * The action owns its case, its transaction and the documents handed
 * to it with cc_action_put_doc (it frees them).
 */
#ifndef CASECTL_ACTION_H
#define CASECTL_ACTION_H

#include <stddef.h>

#include "casectl/model/case.h"
#include "casectl/doc/frontmatter.h"
#include "casectl/model/phase.h"
#include "casectl/model/settings.h"
#include "casectl/store/store.h"

typedef struct cc_action cc_action;

enum {
	CC_ACTION_ALLOW_CLOSED = 1 /* reopen: a closed case may be changed */
};

int cc_action_begin(cc_action **out, cc_store *s, const char *input, unsigned flags);
void cc_action_free(cc_action *a);

cc_store *cc_action_store(const cc_action *a);
cc_case *cc_action_case(const cc_action *a);
const char *cc_action_id(const cc_action *a);
const cc_settings *cc_action_settings(const cc_action *a);
cc_phase cc_action_current_phase(const cc_action *a);

/* Check that COMMAND may run now; when FORCE is non-NULL a refusal is
 * overridden and FORCE recorded in the commit ("Forced:" trailer).
 * Then move the phase as cc_phase_after(MOVE ? MOVE : COMMAND). */
int cc_action_phase(cc_action *a, const char *command, const char *move,
	const char *force);

/* Set the phase directly (after the rules were checked). */
int cc_action_set_phase(cc_action *a, cc_phase p);

/* Today, as the store's clock sees it (CASECTL_NOW). */
cc_date cc_action_today(const cc_action *a);

/* "folder/YYYY-MM-DD-xxxx.md": a fresh name for an event file in
 * the case folder (a random suffix so offline workers never collide).
 * OUT must hold 96 bytes. */
int cc_action_event_name(cc_action *a, const char *folder, char *out, size_t size);

/* Read the record NAME (a path inside the case folder) from the
 * working tree.  *doc is NULL with 0 returned when it does not exist
 * and MISSING_OK is set. */
int cc_action_read_doc(cc_action *a, const char *name, int missing_ok, cc_doc **doc);

/* Validate DOC as the record NAME and stage it.  Takes ownership of
 * DOC on success and on failure. */
int cc_action_put_doc(cc_action *a, const char *name, cc_doc *doc);

/* Stage raw bytes for NAME in the case folder. */
int cc_action_put(cc_action *a, const char *name, const char *data, size_t len);

/* Stage the removal of NAME (inside the case folder).  Removing
 * case.md removes the case: cc_action_commit then writes no case.md. */
int cc_action_delete(cc_action *a, const char *name);

/* Add a line to the commit body (e.g. "Reason: ..."). */
int cc_action_note(cc_action *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Stage case.md if it changed, then make the one commit with subject
 * "ACTION ID: SUMMARY". */
int cc_action_commit(cc_action *a, const char *action, const char *summary_fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
