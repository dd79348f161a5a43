/*
 * casectl/store/hooks.h - the git hook that guards hand commits.
 *
 * 'casectl hooks install' writes .git/hooks/pre-commit, a small shell
 * script that runs 'casectl check --staged', so that a commit made with
 * plain git cannot record a broken case file.  casectl's own commits go
 * through libgit2, which runs no hooks, so the hook costs them nothing.
 */
#ifndef CASECTL_HOOKS_H
#define CASECTL_HOOKS_H

#include "casectl/store/store.h"

/* Install the pre-commit hook calling the program PROGRAM (an absolute
 * path, or "casectl" to find it on $PATH).  An existing hook that
 * casectl did not write is refused (CC_EREFUSED) unless FORCE; it is
 * then kept as pre-commit.orig. */
int cc_hooks_install(cc_store *s, const char *program, int force);

/* Remove a hook casectl installed; 0 if there is none. */
int cc_hooks_remove(cc_store *s);

/* 1 if casectl's hook is installed, 0 if not. */
int cc_hooks_installed(cc_store *s);

#endif
