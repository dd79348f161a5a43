/*
 * store-incoming-int.h - private: what a sync brings in is checked like any
 * other input (lib/store/store-incoming.c), used by lib/store/store-sync.c.
 * Nothing outside lib/store/ includes it.
 */
#ifndef CASECTL_STORE_INCOMING_H
#define CASECTL_STORE_INCOMING_H

#include "casectl/util/buf.h"
#include "store-int.h"

/* THEIRS' tree made safe to merge into OURS: every entry that changed
 * since BASE and that casectl refuses (a symbolic link, a submodule, a
 * name that is not a plain UTF-8 name, a '.git' name or lookalike, a
 * file where the layout has a folder or the other way round, a deleted
 * casectl.md, an over-long path) is replaced by OURS' entry at that
 * place, or left out when OURS has none; an executable bit is dropped.
 * *out is the tree to merge (THEIRS' own when nothing was refused);
 * *nrefused counts the refused or repaired entries, each named in a
 * warning with the commit that brought it and in NOTE, lines for the
 * merge commit's message.  BASE may be NULL. */
int cc__incoming_check(cc_store *s, git_commit *base, git_commit *ours, git_commit *theirs,
	git_tree **out, size_t *nrefused, cc_buf *note);

/* Keep THEIRS reachable under refs/casectl/quarantine/HEX and say so. */
int cc__incoming_quarantine(cc_store *s, git_commit *theirs);

#endif
