/*
 * edit-draft.h - the editor step of the journey commands (assess,
 * monitor, evaluate): the worker edits the whole draft record, the
 * hints are stripped, and the text goes to the command's commit.  Text
 * that could not be committed is kept in .git/casectl/NAME.
 */
#ifndef CASECTL_EDIT_DRAFT_H
#define CASECTL_EDIT_DRAFT_H

#include <stddef.h>

#include "casectl/store/store.h"

/* Commit the edited TEXT; 0 or a negative CC_E* code. */
typedef int (*cmd_text_fn)(cc_store *s, const char *text, size_t len, void *payload);

/* Returns the exit status (errors printed). */
int cmd_edit_draft(cc_store *s, const char *name, const char *draft, size_t len,
	cmd_text_fn commit, void *payload);

#endif
