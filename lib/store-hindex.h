/*
 * store-hindex.h - the per-case history index: private to lib/store*.c.
 *
 * A derived cache in the git directory; never a second source of truth
 * (when in doubt it is rebuilt from history, and nothing fails because
 * of it: any error falls back to walking the history).
 *
 *   casectl/history.lock     flock(2)ed while the index is read or changed
 *   casectl/history/tip      "casectl-history 1\n<40 hex>\n": the commit the
 *                            index is complete up to; absent = invalid
 *   casectl/history/C2C3     one line "<ID> <40 hex>\n" per commit that
 *                            changed cases/C2/C3/ID against its first parent
 *                            (a root commit: that added it), for the cases
 *                            of that bucket, each case's lines in the order
 *                            of a topological+time walk of the tip, oldest
 *                            first (about 1,000 small files for any number
 *                            of cases)
 *
 * Updates: cc_txn_commit appends its commit to the touched cases and
 * moves the tip when the tip was its parent (it only tries the lock, so
 * it never waits).  A reader whose HEAD is not the tip catches up by
 * following first parents from HEAD back to the tip when every commit
 * on the way has one parent (plain 'git commit's); otherwise (merge,
 * reset, amend, rebase, another branch) it rebuilds the whole index in
 * one walk.  A bad line, a missing commit, or a case present at HEAD
 * whose tree matches none of its listed commits also means a rebuild.
 */
#ifndef CASECTL_STORE_HINDEX_H
#define CASECTL_STORE_HINDEX_H

#include "store-internal.h"

typedef int (*cc__hindex_case_fn)(const char *id, void *payload);

/* Call FN with the ID of each case folder (cases/C2/C3/ID) that differs
 * between trees NW and OLD (either may be NULL).  Returns FN's first
 * non-zero value, or -1 when a tree cannot be read. */
int cc__hindex_touched(git_repository *repo, git_tree *nw, git_tree *old,
	cc__hindex_case_fn fn, void *payload);

/* The same for commit C against its first parent. */
int cc__hindex_commit_touched(git_repository *repo, git_commit *c,
	cc__hindex_case_fn fn, void *payload);

/* The commits that may have touched RELPATH, newest first (*out
 * malloc'd): 1 when the index answered, 0 when RELPATH is not inside a
 * case folder or the index cannot be used (then walk the history).
 * Every commit that changed RELPATH is in the list; the caller still
 * checks each. */
int cc__hindex_candidates(cc_store *s, const char *relpath, git_oid **out, size_t *n);

/* After cc_txn_commit moved the branch from OLD (NULL: unborn) to
 * NEW_OID whose trees are OLD_TREE and NEW_TREE.  Best effort, silent. */
void cc__hindex_committed(cc_store *s, const git_oid *old, const git_oid *new_oid,
	git_tree *old_tree, git_tree *new_tree);

/* store-hindex-file.c: the files (0 or 1 as documented, -1 on error).
 * lock: flock(2) on casectl/history.lock, an fd or -1; unlock closes it. */
struct cc_buf_s;
int cc__hx_lock_take(cc_store *s, int nonblock);
void cc__hx_lock_drop(int fd);
int cc__hx_tip_read(cc_store *s, git_oid *tip);           /* 1 if valid */
int cc__hx_tip_write(cc_store *s, const git_oid *tip);
int cc__hx_tip_remove(cc_store *s);
/* Append "ID HEX\n" for the N commits of V to D. */
int cc__hx_put_lines(struct cc_buf_s *d, const char *id, const git_oid *v, size_t n);
/* Append D (lines of cases of one bucket, the first naming ID's) to its file. */
int cc__hx_bucket_append(cc_store *s, const char *id, const struct cc_buf_s *d);
int cc__hx_case_append(cc_store *s, const char *id, const git_oid *v, size_t n);
/* Case ID's commits, newest first, repeats dropped; *out malloc'd. */
int cc__hx_case_read(cc_store *s, const char *id, git_oid **out, size_t *n);
/* Remove everything in casectl/history. */
int cc__hx_remove_all(cc_store *s);

#endif
