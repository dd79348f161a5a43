/*
 * store-net.h - private: talking to a git remote (lib/store-remote.c)
 * and merging two commits (lib/store-merge.c), used by lib/store-sync.c.
 * Nothing outside lib/store-*.c includes it.
 */
#ifndef CASECTL_STORE_NET_H
#define CASECTL_STORE_NET_H

#include "casectl/sync.h"
#include "store-internal.h"

/* Fetch REMOTE's branches into refs/remotes/REMOTE/. */
int cc__remote_fetch(cc_store *s, const char *remote);

/* Push local BRANCH ("refs/heads/main") to the same name on REMOTE.
 * *rejected is set (and 0 returned) when the remote refused because it
 * moved (someone else pushed first). */
int cc__remote_push(cc_store *s, const char *remote, const char *branch, int *rejected);

/* --- the merge (store-merge.c) --- */

typedef struct {
	char **v;
	size_t n;
} strset;

typedef struct {
	cc_merge_fn fn;
	void *payload;
	strset conflicted;     /* case IDs (or paths) left with conflicts */
} merge_ctx;

/* Add the case ID of "cases/A/B/ID/..." to SET (once); with ALL, other
 * paths are added whole. */
int cc__add_case_of(strset *set, const char *path, int all);
int cc__read_blob(cc_store *s, const git_oid *id, git_blob **out);
/* OURS with what THEIRS changed since BASE; files both changed merged by
 * M->fn.  *out is the new tree's id (written, not yet referenced). */
int cc__merge_trees(cc_store *s, git_tree *base, git_tree *ours, git_tree *theirs,
	merge_ctx *m, git_oid *out);
/* The commit "sync: merge from REMOTE" (trailer "Action: sync") with
 * parents OURS and THEIRS, signed when the config asks for it. */
int cc__make_merge_commit(cc_store *s, const char *remote, git_tree *tree,
	git_commit *ours, git_commit *theirs, git_oid *out);

#endif
