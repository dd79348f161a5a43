/*
 * store-hindex-int.h - the per-case history index: private to lib/store/.
 *
 * A derived cache in the git directory; never a second source of truth
 * (when in doubt it is rebuilt from history, and nothing fails because
 * of it: any error falls back to walking the history).
 *
 *   casectl/history.lock     flock(2)ed while the index is read or changed
 *   casectl/history/tip      "casectl-history 2\n<40 hex>\n": the commit the
 *                            index is complete up to; absent = invalid (an
 *                            index of another version is rebuilt)
 *   casectl/history/C2C3     one line per commit that changed cases/C2/C3/ID
 *                            against its first parent (a root commit: that
 *                            added it), for the cases of that bucket, each
 *                            case's lines in the order of a topological+time
 *                            walk of the tip, oldest first (about 1,000 small
 *                            files for any number of cases)
 *
 * A line is CC__HX_LINE_LEN bytes, its fields at fixed places:
 *
 *   <ID> <commit> <tree> <time> <tz> <state>\n
 *
 *   tree   the case folder's id in that commit, 40 zeros when it is gone
 *   time   the author time, seconds since the epoch, "%+012lld"
 *   tz     the author's offset in minutes, "%+05d"
 *   state  what the commit did to the case's case.md, exactly as
 *          cc_store_file_changes reports it (a merge only when it differs
 *          from every parent): '-' nothing, 'x' removed it, '?' changed it
 *          and it records no valid phase, '0' + a cc_phase: changed it and
 *          it records that phase.  (A change to enum cc_phase or to these
 *          rules needs a new version in the tip.)
 *
 * So 'casectl log ID' reads one bucket, and 'casectl report' reads every
 * bucket instead of diffing the trees of the whole history.
 *
 * Updates: cc_txn_commit appends its commit to the touched cases and
 * moves the tip when the tip was its parent (it only tries the lock, so
 * it never waits).  cc_store_sync brings the index up to the new HEAD
 * before it returns.  A reader whose HEAD is not the tip catches up by
 * following first parents from HEAD back to the tip when every commit
 * on the way has one parent (plain 'git commit's); when HEAD descends
 * from the tip through merges (sync, 'git pull'), by adding the lines
 * of the new commits and putting the buckets whose order changed in
 * the order of HEAD's walk (store-hindex-merge.c); otherwise (reset,
 * amend, rebase, another branch) it rebuilds the whole index in one
 * walk.  A bad line, a missing commit, or a case present at HEAD
 * whose tree matches none of its listed trees also means a rebuild.
 */
#ifndef CASECTL_STORE_HINDEX_H
#define CASECTL_STORE_HINDEX_H

#include "casectl/util/id.h"
#include "store-int.h"

/* The first line of casectl/history/tip: the format version. */
#define CC__HX_TIP_MAGIC "casectl-history 2\n"

#define CC__HX_LINE_LEN (CC_ID_LEN + 1 + 40 + 1 + 40 + 1 + 12 + 1 + 5 + 1 + 1 + 1)

/* One line of a bucket. */
typedef struct {
	char id[CC_ID_LEN + 1];
	char state;          /* '-', 'x', '?' or '0' + a cc_phase */
	int tz;              /* minutes */
	int64_t time;
	git_oid commit;
	git_oid tree;        /* zero when the case folder is gone */
} cc__hx_line;

/* Called for each case folder ID (cases/C2/C3/ID) that differs between
 * two trees, with its entries on the new and the old side (either NULL
 * when absent there). */
typedef int (*cc__hindex_case_fn)(const char *id, const git_tree_entry *nw,
	const git_tree_entry *old, void *payload);

/* store-hindex-tree.c */

/* How the functions below read trees: through libgit2 (SLOTS NULL), or
 * keeping the last trees read in SLOTS, which a walk of all history
 * wants (with libgit2's own tree cache off: see rebuild). */
typedef struct {
	git_repository *repo;
	git_tree **slots;
} cc__hx_trees;

/* CACHE: with SLOTS.  0, or -1 out of memory.  Free with _free. */
int cc__hx_trees_init(cc__hx_trees *tc, git_repository *repo, int cache);
void cc__hx_trees_free(cc__hx_trees *tc);

/* Call FN for each case folder that differs between trees NW and OLD
 * (either may be NULL).  Returns FN's first non-zero value, or -1 when
 * a tree cannot be read. */
int cc__hindex_touched(cc__hx_trees *tc, git_tree *nw, git_tree *old,
	cc__hindex_case_fn fn, void *payload);

/* The same for commit C against its first parent. */
int cc__hindex_commit_touched(cc__hx_trees *tc, git_commit *c,
	cc__hindex_case_fn fn, void *payload);

/* Fill *L for commit C and case ID whose folder entries are NW and OLD
 * (as given to a cc__hindex_case_fn for C): all fields.  0, or -1 when
 * something cannot be read. */
int cc__hx_describe(cc__hx_trees *tc, git_commit *c, const char *id,
	const git_tree_entry *nw, const git_tree_entry *old, cc__hx_line *l);

/* The phase that case.md content DATA records (a cc_phase), or -1 when
 * it cannot be parsed or records no valid phase.  PATH is for messages
 * only.  Leaves no error set. */
int cc__hx_phase_of(const char *data, size_t len, const char *path);

/* store-history.c: 1 if PATH in some parent of merge C other than the
 * first already is what C has (blob ID, or absent when ID is NULL), so
 * that C only kept it; 0 if not; <0 (CC_EIO, message set) on error.
 * cc_store_file_changes and the index decide a merge's changes so. */
int cc__in_other_parent(git_commit *c, const char *path, const git_oid *id);

/* store-hindex-table.c: lines gathered case by case while walking
 * commits.  A zeroed table (but for TC) is empty. */
typedef struct {
	char id[CC_ID_LEN + 1];
	cc__hx_line *v;      /* in the order collected */
	size_t n, cap;
} cc__hx_slot;

typedef struct {
	cc__hx_slot *t;      /* open addressing; a free slot has id "" */
	size_t used, cap;    /* cap: a power of two */
	cc__hx_trees *tc;
	git_commit *cur;     /* the commit being walked */
} cc__hx_table;

/* A cc__hindex_case_fn (PAYLOAD a cc__hx_table): add the line of the
 * table's current commit for case ID.  -1 out of memory or unreadable. */
int cc__hx_collect(const char *id, const git_tree_entry *nw, const git_tree_entry *old,
	void *payload);
void cc__hx_table_free(cc__hx_table *t);

/* Which of the 32 x 32 bucket files holds case ID's lines (C2C3 as a number). */
size_t cc__hx_bucket_of(const char *id);

/* store-hindex-merge.c: bring the index from TIP to HEAD when HEAD
 * descends from TIP through merges (a sync, 'git pull'): the lines of
 * the commits TIP lacks are added, and every bucket whose cases' lines
 * are no longer in the order of HEAD's walk is rewritten in that order
 * (it reads only the new commits' trees, and walks the commits, not the
 * trees, of the rest).  0 when the index reaches HEAD; 1 when it cannot
 * (HEAD does not descend from TIP, or a listed commit is not in HEAD's
 * history): then rebuild; -1 on error (the tip is gone: rebuild). */
int cc__hx_merge_up(cc_store *s, const git_oid *head, const git_oid *tip);

/* store-hindex.c */

/* The commits that may have touched RELPATH, newest first (*out
 * malloc'd): 1 when the index answered, 0 when RELPATH is not inside a
 * case folder or the index cannot be used (then walk the history).
 * Every commit that changed RELPATH is in the list; the caller still
 * checks each. */
int cc__hindex_candidates(cc_store *s, const char *relpath, git_oid **out, size_t *n);

/* With the index brought up to HEAD and locked, call USE(S, HEAD tree,
 * CTX): it returns 1 when the index answered, 0 when it doubts the index
 * (then it is rebuilt and USE called once more), <0 to give up.  1 when
 * USE answered; 0 when the index cannot be used (then walk the history;
 * no error is left set). */
int cc__hindex_use(cc_store *s, int (*use)(cc_store *s, git_tree *head_tree, void *ctx),
	void *ctx);

/* Bring the index up to HEAD now (catch up, merge up or rebuild), as
 * the next reader would: cc_store_sync calls it after moving the
 * branch.  Best effort, silent. */
void cc__hindex_refresh(cc_store *s);

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
/* Append the line of L to D. */
int cc__hx_put_line(struct cc_buf_s *d, const cc__hx_line *l);
/* Parse the line at P (CC__HX_LINE_LEN bytes): 0, or -1 when malformed. */
int cc__hx_parse_line(const char *p, cc__hx_line *l);
/* Append D (lines of cases of one bucket, the first naming ID's) to its file. */
int cc__hx_bucket_append(cc_store *s, const char *id, const struct cc_buf_s *d);
/* Replace bucket file C2C3 by D (lines of its cases): a temporary file
 * renamed over it. */
int cc__hx_bucket_replace(cc_store *s, char c2, char c3, const struct cc_buf_s *d);
int cc__hx_case_append(cc_store *s, const cc__hx_line *l);
/* The lines of bucket file C2C3, in file order; *out malloc'd (NULL
 * and 0 lines when the file is missing); -1 when it is damaged. */
int cc__hx_bucket_read(cc_store *s, char c2, char c3, cc__hx_line **out, size_t *n);
/* Case ID's commits, newest first, repeats dropped; *out malloc'd. */
int cc__hx_case_read(cc_store *s, const char *id, git_oid **out, size_t *n);
/* Remove everything in casectl/history. */
int cc__hx_remove_all(cc_store *s);

#endif
