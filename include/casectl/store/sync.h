/*
 * casectl/store/sync.h - sharing a store through a git remote: remotes, sync
 * (fetch, merge, push) and the merge of case files.
 *
 * The store side (lib/store/store-remote.c, lib/store/store-sync.c) does the git
 * work; the content of files changed on both sides is merged by a
 * cc_merge_fn, which lib/model/merge.c provides for case files (a three-way
 * merge of the front matter tree and of the body text).
 *
 * Conflicts are never resolved by losing a value: the merged file keeps
 * our value in place and adds to its front matter a map
 *     conflict:
 *       KEY-PATH: { ours: ..., theirs: ..., base: ... }
 * (KEY-PATH like "review" or "goals[G1].status"); a body changed on the
 * same lines on both sides keeps git-style conflict markers.  'casectl
 * resolve' removes both.
 */
#ifndef CASECTL_SYNC_H
#define CASECTL_SYNC_H

#include <stddef.h>

#include "casectl/doc/frontmatter.h"
#include "casectl/store/store.h"
#include "casectl/util/problems.h"

struct cc_buf_s;

/* --- remotes (lib/store/store-remote.c) ------------------------------------ */

typedef struct {
	char *name;
	char *url;
} cc_remote;

/* Add remote NAME with URL to the store's git configuration.  Fails
 * with CC_EINVALID for a bad name and CC_ECONFLICT if it exists. */
int cc_store_remote_add(cc_store *s, const char *name, const char *url);

/* Every remote, in configuration order, each URL as it may be shown: a
 * password in it reads "<redacted>".  Free with cc_remotes_free. */
int cc_store_remote_list(cc_store *s, cc_remote **out, size_t *n);
void cc_remotes_free(cc_remote *r, size_t n);

/* The remote sync uses when none is named: "origin" if it exists, else
 * the only remote.  *name is malloc'd. */
int cc_store_remote_default(cc_store *s, char **name);

/* --- sync (lib/store/store-sync.c) ----------------------------------------- */

/* Merge one file changed on both sides.  BASE is NULL when the file did
 * not exist in the merge base.  Writes the merged bytes to OUT and sets
 * *conflicted when a person has to choose.  Returns 0 or CC_E*. */
typedef int (*cc_merge_fn)(const char *path,
	const char *base, size_t base_len,
	const char *ours, size_t ours_len,
	const char *theirs, size_t theirs_len,
	struct cc_buf_s *out, int *conflicted, void *payload);

/* Record in case.md (BUF, LEN, at PATH) that files NOURS / NTHEIRS
 * were deleted on one side while the other changed the case: the new
 * content in OUT (cc_merge_mark_deleted does it for case files). */
typedef int (*cc_mark_deleted_fn)(const char *path, const char *buf, size_t len,
	char *const *ours, size_t nours, char *const *theirs, size_t ntheirs,
	struct cc_buf_s *out);

/* 0 when BUF (LEN bytes) is store settings casectl accepts, else the
 * CC_E* code with the error set (cc_settings_check does it). */
typedef int (*cc_settings_check_fn)(const char *buf, size_t len);

/* What the sync, which knows commits and trees, asks of the layers that
 * know records: merging a file both sides changed (PAYLOAD is passed to
 * it), recording a delete conflict, judging incoming settings. */
typedef struct {
	cc_merge_fn merge;
	cc_mark_deleted_fn mark_deleted;
	cc_settings_check_fn settings_ok;
	void *payload;
} cc_merge_hooks;

/* How a sync goes about it; a zeroed struct (or NULL) is the default. */
typedef struct {
	int allow_deletes;   /* take a delete of more than a quarter of the cases */
	int timeout;         /* seconds to keep retrying a refused push; 0: the
			      * git config casectl.syncTimeout, else 60 */
} cc_sync_opts;

typedef struct {
	size_t received;     /* cases changed here by what came in */
	size_t sent;         /* cases the remote got from us */
	char **conflicted;   /* case IDs (or paths outside cases) to resolve */
	size_t nconflicted;
	int fast_forward;    /* integration was a fast-forward */
	int merged;          /* a merge commit was made */
	int pushed;          /* the remote branch was updated */
	int attempts;        /* fetch-integrate-push rounds */
	char **deleted_cases;   /* IDs of the cases the sync deleted here */
	size_t ndeleted_cases;
	char **deleted_files;   /* other files it deleted here (paths) */
	size_t ndeleted_files;
	char *said;          /* what the server said on a push that went
			      * through ("remote: LINE" lines), or NULL */
} cc_sync_result;

void cc_sync_result_free(cc_sync_result *r);

/* Fetch REMOTE (NULL: cc_store_remote_default), integrate its branch
 * of the same name as ours (fast-forward, or a merge commit
 * "sync: merge from REMOTE" with trailer "Action: sync" whose files
 * changed on both sides are merged by HOOKS->merge), then push.  A push refused
 * because someone else pushed first starts again after a random,
 * growing pause, until OPTS->timeout seconds have passed (then
 * CC_ECONFLICT saying so).  A file deleted on one side of a case the
 * other side changed is kept, and the conflict recorded in its case.md
 * (HOOKS->mark_deleted); incoming settings HOOKS->settings_ok refuses
 * are not taken.  Integrating what would delete two or more
 * cases and more than a quarter of the store's cases is refused
 * (CC_ECONFLICT, nothing changed) unless OPTS->allow_deletes.
 * The integration runs under the store lock and is journaled like a
 * transaction: a killed sync is completed or undone by the next
 * command.  The store must have no uncommitted changes (CC_EDIRTY). */
int cc_store_sync(cc_store *s, const char *remote, const cc_merge_hooks *hooks,
	const cc_sync_opts *opts, cc_sync_result *res);

/* Three-way merge of text (libgit2's merge_file).  Conflicting hunks
 * get "<<<<<<< OURS_LABEL", "=======", ">>>>>>> THEIRS_LABEL" markers
 * and set *conflicted. */
int cc_store_merge_text(const char *base, size_t base_len, const char *ours,
	size_t ours_len, const char *theirs, size_t theirs_len,
	const char *ours_label, const char *theirs_label,
	struct cc_buf_s *out, int *conflicted);

/* --- case files (lib/model/merge.c) ---------------------------------------- */

/* The cc_merge_fn for a store: Markdown files with front matter get a
 * tree merge (maps by key, lists of maps by their "id", other lists
 * unioned, scalars taken from the side that changed them) and a text
 * merge of the body; other files a text merge.  PAYLOAD is the remote
 * name (for the conflict marker label) or NULL. */
int cc_merge_file(const char *path, const char *base, size_t base_len,
	const char *ours, size_t ours_len, const char *theirs, size_t theirs_len,
	struct cc_buf_s *out, int *conflicted, void *payload);

/* Add to the case.md text BUF (at PATH) the delete conflict
 *     conflict:
 *       deleted-files: { ours: [NAME...], theirs: [NAME...] }
 * naming the files of the case (inside its folder) that our side and
 * their side deleted while the case changed on the other side; the
 * merge kept them.  'casectl resolve --ours' deletes the "ours" names
 * (all of the case when case.md is one), '--theirs' the "theirs"
 * names.  Names already listed are not repeated. */
int cc_merge_mark_deleted(const char *path, const char *buf, size_t len,
	char *const *ours, size_t nours, char *const *theirs, size_t ntheirs,
	struct cc_buf_s *out);

/* The conflicts recorded in DOC: problems "PATH:LINE: conflict in
 * 'KEY'; run 'casectl resolve ID'" for each entry of its conflict map
 * and each conflict marker in its body.  ID may be NULL. */
int cc_check_conflicts(const char *relpath, const char *id, const cc_doc *doc,
	cc_problems *out);

/* 1 if DOC holds conflicts (a conflict map or body markers). */
int cc_doc_conflicted(const cc_doc *doc);

/* --- resolve (lib/ops/resolve.c) ------------------------------------------ */

enum { CC_RESOLVE_ASSIGN = 0, CC_RESOLVE_OURS = 1, CC_RESOLVE_THEIRS = 2 };

/* Resolve the conflicts of case INPUT: take our or their side for every
 * conflict (MODE), or set each "KEY-PATH=VALUE" of ASSIGN (MODE
 * CC_RESOLVE_ASSIGN; every conflict must be covered).  One commit
 * "resolve ID: N conflicts resolved".  CC_ENOTFOUND if the case has
 * no conflicts. */
int cc_resolve(cc_store *s, const char *input, int mode, char *const *assign,
	size_t nassign, char id_out[16]);

/* --- resolve by editing (lib/ops/resolve-edit.c) ----------------------------- */

/* One conflicted file of a case, as the worker is shown it. */
typedef struct {
	char *name;          /* inside the case folder: "case.md", "team.md" */
	char *path;          /* in the store: "cases/q/7/ID/case.md" */
	char *stored;        /* the file as stored, conflicts and all */
	size_t stored_len;
	size_t conflicts;    /* conflict map entries, plus 1 for body markers */
	char *text;          /* the worker's result (malloc'd, set by the caller) */
	size_t text_len;
} cc_resolve_file;

/* The conflicted records of case INPUT (the action checks of
 * cc_resolve; the lock is released before returning, so that no lock
 * is held while the worker edits).  CC_ENOTFOUND if there are none.
 * Free *files with cc_resolve_files_free. */
int cc_resolve_edit_files(cc_store *s, const char *input, char id_out[16],
	cc_resolve_file **files, size_t *n);
void cc_resolve_files_free(cc_resolve_file *f, size_t n);

/* Write the TEXT of every file F[0..N) of case ID in one commit
 * "resolve ID: N conflicts resolved by editing".  CC_ECONFLICT if a
 * file changed since cc_resolve_edit_files read it; CC_EINVALID with
 * "FILE:LINE: ..." lines in PROBS if a result is not a valid record or
 * still holds a conflict (map or markers).  Nothing is written on
 * error. */
int cc_resolve_edit_commit(cc_store *s, const char *id, const cc_resolve_file *f,
	size_t n, cc_problems *probs);

/* 1 if the case folder of ID holds a conflicted file, 0 if not. */
int cc_case_conflicted(cc_store *s, const char *id);

#endif
