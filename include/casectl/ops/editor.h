/*
 * casectl/ops/editor.h - letting the worker write in $VISUAL / $EDITOR.
 *
 * As git does: $VISUAL, else $EDITOR, else vi, run through /bin/sh so
 * that "code --wait" works.  casectl never opens an editor when
 * standard input is not a terminal: scripts and cron jobs get an error
 * that says which option gives the text instead.
 *
 * Templates mark their hints as one-line HTML comments
 * ("<!-- ... -->"); cc_editor_strip_hints removes those lines.
 */
#ifndef CASECTL_EDITOR_H
#define CASECTL_EDITOR_H

#include <stddef.h>

#include "casectl/store/store.h"

/* 0 if an editor may be opened, else CC_EUSAGE with a message that
 * ends with HINT (e.g. "give the text with -m"). */
int cc_editor_check(const char *hint);

/* Run the editor on the file PATH (absolute). */
int cc_editor_run(const char *path);

/* Write INITIAL to .git/casectl/NAME, let the worker edit it, and read
 * it back into *out (malloc'd).  CC_EABORTED when the result is empty
 * or unchanged; the file is removed either way. */
int cc_editor_edit_text(cc_store *s, const char *name, const char *initial,
	size_t initial_len, char **out, size_t *len);

/* Let the worker edit the working-tree file RELPATH of the store: the
 * editor works on a copy in .git/casectl/, and only when it exits 0
 * does the copy replace the file (renamed over it).  When the editor
 * fails, or leaves the text unchanged, the file stays exactly as it
 * was (*changed 0, and the error of cc_editor_run). */
int cc_editor_edit_file(cc_store *s, const char *relpath, int *changed);

/* Keep TEXT, which could not be used, in .git/casectl/NAME so that
 * nothing a worker typed is lost; *path (malloc'd) says where. */
int cc_editor_keep(cc_store *s, const char *name, const char *text, size_t len,
	char **path);

/* Remove one-line hint comments from TEXT in place; returns the new
 * length. */
size_t cc_editor_strip_hints(char *text, size_t len);

#endif
