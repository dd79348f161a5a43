/*
 * casectl/store/store.h - the case store and its commit engine.
 *
 * This module is the only one that includes git2.h.  A store is an
 * ordinary git repository with a working tree whose top holds the
 * tracked settings file CC_SETTINGS_FILE.  Paths given to this module
 * ("relpath") are relative to the top of the working tree, use '/', and
 * are validated strictly (cc_path_valid): anything that could escape
 * the store, touch .git or contain control characters is refused.
 * Symbolic links inside the store are never followed for reading or
 * writing; a path through one is refused with CC_EINVALID.
 *
 * Every change is a transaction (cc_txn): begin takes the store lock,
 * the caller reads, stages whole files with cc_txn_put/cc_txn_delete
 * (or cc_txn_stage_worktree for hand edits) and calls cc_txn_commit,
 * which makes exactly one commit and leaves the working tree, the index
 * and HEAD in agreement (git status --porcelain prints nothing for the
 * touched paths).  cc_txn_free without a commit writes nothing.
 *
 * Crash safety: the commit objects are written first, then a journal
 * naming the touched paths and the old and new commit is written into
 * the lock file, then each file is written atomically (temporary file in
 * the same folder, fsync, rename, fsync of the folder), then the branch
 * is moved with a compare-and-swap on its old value, then the index is
 * written, then the lock is removed.  A lock whose process is dead is
 * recovered by the next cc_txn_begin: if the branch already points at
 * the journal's new commit the touched paths are completed from it,
 * otherwise they are restored from HEAD; temporary files are removed;
 * a warning (cc_warn) says what was cleared.
 *
 * Files written by this module are mode 0600 and folders 0700.
 */
#ifndef CASECTL_STORE_H
#define CASECTL_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "casectl/util/path.h"

struct cc_buf_s;

#define CC_SETTINGS_FILE "casectl.md"
/* The file of a case folder that makes it a case (casectl-case(5)). */
#define CC_CASE_FILE "case.md"

typedef struct cc_store cc_store;
typedef struct cc_txn cc_txn;

/* --- opening -------------------------------------------------------- */

/* Create a new store in DIR (created if missing; it must not already be
 * a git repository).  The branch is "main".  No commit is made: the
 * caller writes the settings file with a transaction. */
int cc_store_init(cc_store **out, const char *dir);

/* Find and open the store: DIR if non-NULL (like git -C: discovery
 * starts there), else $CASECTL_DIR if set (must be the top of a store),
 * else the current directory and its parents.  Fails with CC_ENOTFOUND
 * and a message that says to run 'casectl init' when no store is found,
 * or when the repository has no CC_SETTINGS_FILE at its top. */
int cc_store_open(cc_store **out, const char *dir);

void cc_store_free(cc_store *s);

/* Absolute path of the top of the working tree, no trailing '/'. */
const char *cc_store_root(const cc_store *s);

/* Absolute path of the git directory (for derived caches such as the
 * per-case history index), no trailing '/'. */
const char *cc_store_gitdir(const cc_store *s);

/* --- identity and configuration ------------------------------------- */

/* The worker: user.name and user.email from git config (the usual
 * files: repository, global, XDG, system).  GIT_AUTHOR_NAME and
 * GIT_AUTHOR_EMAIL override them as in git.  Fails with CC_EIDENTITY
 * and a message showing the two 'git config --global' lines.
 * *name and *email are malloc'd; the caller frees them. */
int cc_store_identity(cc_store *s, char **name, char **email);

/* A git config value (e.g. "commit.gpgsign"); *out malloc'd, or
 * CC_ENOTFOUND. */
int cc_store_config(cc_store *s, const char *key, char **out);

/* --- reading the working tree --------------------------------------- */

/* Read a file of the working tree.  CC_ENOTFOUND if absent.  *out is
 * malloc'd and NUL-terminated, *len excludes the NUL. */
int cc_store_read(cc_store *s, const char *relpath, char **out, size_t *len);

/* 1 if RELPATH exists in the working tree as a regular file, 2 as a
 * folder, 0 if absent; negative on error (e.g. a symlink). */
int cc_store_exists(cc_store *s, const char *relpath);

/* The names in folder RELDIR of the working tree, sorted bytewise,
 * without "." and "..", skipping names that start with '.'.  *names is
 * a malloc'd array of malloc'd strings; free with cc_strv_free.  A
 * missing folder gives *n == 0 and returns 0. */
int cc_store_list(cc_store *s, const char *reldir, char ***names, size_t *n);
void cc_strv_free(char **v, size_t n);

/* Read a file as it was in revision REV (anything git rev-parse takes
 * that names a commit, e.g. "HEAD~3", an oid).  CC_ENOTFOUND if the
 * revision or the path does not exist. */
int cc_store_read_at(cc_store *s, const char *rev, const char *relpath,
	char **out, size_t *len);

/* --- uncommitted changes -------------------------------------------- */

typedef enum {
	CC_CHANGE_ADDED = 'A',    /* untracked or newly staged */
	CC_CHANGE_MODIFIED = 'M',
	CC_CHANGE_DELETED = 'D'
} cc_change_kind;

typedef struct {
	cc_change_kind kind;
	char *path;               /* relpath, malloc'd */
} cc_change;

/* The paths under RELDIR ("" for the whole store) whose working tree or
 * index differs from HEAD, sorted by path.  Ignored files do not count.
 * Free with cc_changes_free. */
int cc_store_changes(cc_store *s, const char *reldir, cc_change **out, size_t *n);
void cc_changes_free(cc_change *c, size_t n);

/* The paths whose staged content (the index) differs from HEAD: what a
 * plain 'git commit' would record.  Free with cc_changes_free. */
int cc_store_staged(cc_store *s, cc_change **out, size_t *n);

/* Read the staged (index) content of RELPATH.  CC_ENOTFOUND if it is
 * not in the index. */
int cc_store_read_staged(cc_store *s, const char *relpath, char **out, size_t *len);

/* CC_EDIRTY if anything under RELDIR differs from HEAD, with a message
 * naming the first such file and the ways out:
 *   "'cases/.../case.md' has uncommitted changes; run 'casectl commit
 *    ID' to keep them or 'git stash' to set them aside"
 * CASE_ID may be NULL (then "casectl commit" without an ID). */
int cc_store_require_clean(cc_store *s, const char *reldir, const char *case_id);

/* --- transactions --------------------------------------------------- */

/* Take the store lock (waiting up to $CASECTL_LOCK_TIMEOUT seconds,
 * default 30, for a live holder; recovering a dead one) and remember
 * HEAD.  Fails with CC_ELOCKED naming the holder's PID. */
int cc_txn_begin(cc_txn **out, cc_store *s);

/* Stage the whole new content of RELPATH (copied).  Staging the same
 * path twice keeps the last.  Missing folders are created on commit. */
int cc_txn_put(cc_txn *t, const char *relpath, const char *data, size_t len);

/* Stage the removal of RELPATH (a tracked file). */
int cc_txn_delete(cc_txn *t, const char *relpath);

/* Stage the working tree's current state of RELPATH as it is (used by
 * 'edit' and 'commit' after validation): its content if it exists, its
 * removal if it was deleted. */
int cc_txn_stage_worktree(cc_txn *t, const char *relpath);

/* Number of staged paths. */
size_t cc_txn_count(const cc_txn *t);

typedef struct {
	const char *action;   /* "open", "assess", ... (required) */
	const char *case_id;  /* full case ID, or NULL for store-wide changes */
	const char *summary;  /* one line, no personal data (required) */
	const char *body;     /* optional paragraph(s), or NULL */
} cc_commit_info;

/* Make the one commit.  The message is
 *     ACTION CASE-ID: SUMMARY            (or "ACTION: SUMMARY")
 *     <blank line, BODY, blank line if BODY>
 *     Case: CASE-ID                      (omitted without a case)
 *     Action: ACTION
 * Author and committer are the worker (cc_store_identity); the time is
 * now, or $CASECTL_NOW if set (YYYY-MM-DD means that day at 12:00 UTC;
 * a full ISO 8601 time is taken as given).  Before writing anything it
 * checks that no staged path has uncommitted changes of its own
 * (CC_EDIRTY) unless it was staged with cc_txn_stage_worktree, and that
 * the branch did not move since cc_txn_begin (CC_ECONFLICT).  When the
 * git config asks for signing (commit.gpgsign=true, gpg.format=ssh,
 * user.signingkey) the commit is signed with ssh-keygen -Y sign as git
 * does.  If OID is non-NULL it receives the new commit's 40-hex id.
 * Nothing staged is an error (CC_EINVALID: "nothing to commit").
 * After the branch moved it appends the commit to the per-case history
 * index of the cases it changed (see cc_store_log); that costs no walk,
 * never waits for a reader and never makes the commit fail. */
int cc_txn_commit(cc_txn *t, const cc_commit_info *info, char oid[41]);

/* Several commits in one transaction (an import of many cases, one
 * commit each): make the paths put since the last step (or since
 * cc_txn_begin) a commit of their own with INFO, on the last step or on
 * HEAD, without making anything visible.  cc_txn_commit then makes its
 * commit on the last step, checks every path staged in the transaction,
 * writes all the files and moves the branch once: every step becomes
 * visible with it, or none.  Steps take only cc_txn_put paths
 * (CC_EINVALID otherwise).  Their objects are written unflushed and
 * flushed all at once (syncfs) before the branch moves. */
int cc_txn_step(cc_txn *t, const cc_commit_info *info);

/* Release the lock.  Without a successful commit nothing was written. */
void cc_txn_free(cc_txn *t);

/* --- history -------------------------------------------------------- */

typedef struct {
	char oid[41];
	const char *author_name, *author_email;
	int64_t time;          /* author time, seconds since the epoch */
	int tz_minutes;        /* author time zone offset */
	const char *subject;   /* first line of the message */
	const char *message;   /* the whole message */
	const char *action;    /* trailer "Action:", or NULL */
	const char *case_id;   /* trailer "Case:", or NULL */
	unsigned parents;
} cc_log_entry;

/* Called for each commit, newest first.  Strings live for the call
 * only.  A non-zero return stops the walk and is returned by
 * cc_store_log (use a positive value to stop without error). */
typedef int (*cc_log_fn)(const cc_log_entry *e, void *payload);

/* Walk the history of HEAD, newest first (time order, topological).
 * With RELPATH, only commits that changed something under RELPATH
 * compared with their first parent (root commits: that added it).
 * When RELPATH is a case folder or lies inside one, the commits come
 * from the per-case history index (a derived cache in the git dir,
 * casectl/history/, see lib/store/store-hindex-int.h) instead of a walk of all
 * history: cc_txn_commit appends to it; plain git commits on top are
 * caught up by walking back to the commit the index was built to; a
 * merge, reset, amend or a damaged or missing index means a rebuild in
 * one walk.  The result is the same commits in the same order as the
 * full walk.  Setting $CASECTL_HISTORY_INDEX to 0 forces the walk. */
int cc_store_log(cc_store *s, const char *relpath, cc_log_fn fn, void *payload);

/* The same for the case folder of case INPUT (an ID, normalized as by
 * cc_case_resolve, but not a prefix) in the store cc_store_open(DIR)
 * would open, without opening it through libgit2 (whose start-up alone
 * costs more than the rest): only when the store has the plain layout,
 * the case folder exists, the history index is complete up to HEAD, and
 * every commit is in the log cache (casectl/logmeta, which
 * cc_store_log fills).  0 when it answered (FN's negative value is
 * returned, a positive one stops), 1 when it did not (nothing was
 * printed: use cc_store_open and cc_store_log). */
int cc_store_log_peek(const char *dir, const char *input, cc_log_fn fn, void *payload);

/* --- differences and points in time ---------------------------------- */

/* Append to OUT the patch (git's unified format, paths relative to the
 * store) of what changed under RELPATH (NULL: everywhere) from revision
 * FROM to revision TO.  FROM NULL: TO's first parent (nothing, for the
 * first commit).  TO NULL: the working tree.  Revisions are anything
 * git rev-parse takes that names a commit. */
int cc_store_diff(cc_store *s, const char *from, const char *to,
	const char *relpath, struct cc_buf_s *out);

/* The commit that HEAD's first-parent line had at the end of DATE
 * (YYYY-MM-DD, compared with each commit's own local date).
 * CC_ENOTFOUND when the history starts after DATE. */
int cc_store_rev_at_date(cc_store *s, const char *date, char oid[41]);

/* The names in folder RELDIR of revision REV, sorted, like
 * cc_store_list.  A folder missing there gives *n == 0. */
int cc_store_list_at(cc_store *s, const char *rev, const char *reldir,
	char ***names, size_t *n);

/* Resolve SPEC, a revision or a date (YYYY-MM-DD or a relative date),
 * to a commit id.  CC_ENOTFOUND with a message naming SPEC. */
int cc_store_resolve_rev(cc_store *s, const char *spec, char oid[41]);

/* --- many files' changes in one walk ---------------------------------- */

typedef struct {
	char oid[41];          /* the commit */
	int64_t time;          /* its author time, seconds since the epoch */
	int tz_minutes;        /* the author's time zone offset */
	const char *path;      /* relpath of the file, e.g. "cases/q/7/ID/case.md" */
	const char *data;      /* its new content, NUL-terminated, or NULL when
	                        * the commit removed the file */
	size_t len;            /* bytes of DATA, without the NUL */
} cc_file_change;

/* Called once per changed file; everything lives for the call only.  A
 * non-zero return stops the walk and is returned (positive: stop
 * without error). */
typedef int (*cc_file_change_fn)(const cc_file_change *c, void *payload);

/* Every addition, change and removal of a file whose base name is NAME
 * (e.g. "case.md") anywhere under folder RELDIR (e.g. "cases"), in the
 * history of HEAD, in ONE walk: commits oldest first (parents before
 * children; among unrelated commits by time), files of one commit in
 * tree order.  Each commit is compared with its first parent (a root
 * commit with nothing) tree level by tree level: subtrees whose ids are
 * equal are skipped without being read, so the cost follows the size of
 * the changes, not of the store, and only the blobs of changed NAME
 * files are read.  A merge commit reports a file only when its version
 * differs from that in every parent (what the merge itself decided);
 * the changes it brings in were reported with the commits that made
 * them.  Symbolic links and subfolders deeper than 16 levels are
 * ignored.  An unborn HEAD calls FN never and returns 0.  During the
 * walk libgit2's tree cache and its re-hashing of every object read are
 * off (the walk caches the trees it needs itself); both are put back to
 * libgit2's defaults after.  10,000 cases and 100,000 commits take a
 * few seconds and under 200 MB. */
int cc_store_file_changes(cc_store *s, const char *reldir, const char *name,
	cc_file_change_fn fn, void *payload);

/* --- the phase changes of every case ------------------------------------ */

#define CC_CASEMD_NOPHASE (-1)  /* case.md records no valid phase, or cannot be parsed */
#define CC_CASEMD_GONE (-2)     /* the commit removed case.md */

typedef struct {
	const char *case_id;   /* the case */
	int64_t time;          /* the commit's author time, seconds since the epoch */
	int tz_minutes;        /* the author's time zone offset */
	int phase;             /* the cc_phase case.md records now, or one of the two above */
} cc_phase_change;

typedef int (*cc_phase_change_fn)(const cc_phase_change *c, void *payload);

/* Every change of a case's case.md (cases/C2/C3/ID/case.md) in the
 * history of HEAD, with the phase its new content records: exactly the
 * changes cc_store_file_changes(S, "cases", "case.md", ...) reports for
 * such paths.  Each case's changes come oldest first, in that walk's
 * order; the cases come in no particular order.  A non-zero return of FN
 * stops and is returned (positive: stop without error).
 *
 * They come from the per-case history index (see cc_store_log), which
 * records for each commit the phase of each case.md it changed, so this
 * reads about 1,000 small files and HEAD's trees down to the case
 * folders (to check the index), no other commit or tree: 10,000 cases
 * and 100,000 commits take a tenth of a second.  A missing or stale
 * index is caught up or rebuilt first, as for cc_store_log.  When the
 * index cannot be used, or $CASECTL_HISTORY_INDEX is 0, one walk with
 * cc_store_file_changes (and a parse of every changed case.md) gives the
 * same changes. */
int cc_store_phase_changes(cc_store *s, cc_phase_change_fn fn, void *payload);

#endif
