/*
 * store-int.h - private parts of the store module (lib/store/,
 * lib/util/path.c).  Nothing outside these files includes it.
 *
 * Layout inside the git directory:
 *   casectl/lock          the store lock; exists while a transaction runs
 *   casectl/lock.tmp-*    a lock being prepared (linked to "lock")
 *   casectl/recover.lock  flock(2)ed while a stale lock is recovered
 *
 * Lock and journal format (text, one item a line):
 *   casectl-lock 1
 *   pid 12345
 * and, appended and fsync'd by cc_txn_commit before any working tree
 * file is touched:
 *   journal
 *   ref refs/heads/main
 *   old <40 hex, or 40 zeros for an unborn branch>
 *   new <40 hex>
 *   write <relpath>      a file the commit writes or deletes
 *   keep <relpath>       a file staged as it is (cc_txn_stage_worktree)
 *   end
 * A journal without its "end" line is ignored (nothing was written yet).
 *
 * An erase (store-erase-journal.c) holds the lock for its whole run and
 * writes, before the journal of its tombstone commit:
 *   erase-case <ID>
 *   erase-path <relpath>  the case folder being erased
 *   erase-ref <branch>
 *   erase-old <40 hex>    the branch before the tombstone
 * and, once the tombstone is on the branch (after that commit's journal
 * is gone), "erase-tomb <40 hex>".  Recovery without "erase-tomb" rolls
 * the erasure back (the tombstone undone if it is on the branch); with
 * it, the erasure is finished (the history rebuilt, then pruned).
 *
 * Recovery of a lock whose process is dead (store-lock.c): if the branch
 * points at "new", the "write" paths are rewritten from it and all paths
 * are re-added to the index ("completed"); otherwise the "write" paths
 * are restored from what the branch points at now ("restored"; "keep"
 * paths, i.e. hand edits, are left alone).  Temporary files next to the
 * "write" paths are removed, then the lock is taken over.
 */
#ifndef CASECTL_STORE_INTERNAL_H
#define CASECTL_STORE_INTERNAL_H

#include <git2.h>
#include <stddef.h>

#include "casectl/store/store.h"

#define CC_LOCK_DIR "casectl"
#define CC_TMP_PREFIX ".casectl-tmp-"

struct cc_store {
	git_repository *repo;
	char *root;     /* absolute, canonical, no trailing '/' */
	char *gitdir;   /* absolute, no trailing '/' */
	char *held_path;        /* the store lock, while an erase holds it */
	int held_fd;            /* open on it (-1 during a recovery) */
	long held_base;         /* its size before the erase journal */
	long held_hdr;          /* its size with the journal's header */
	int held_keep;          /* a transaction under it must be recovered */
};

enum { CC_STAGE_PUT, CC_STAGE_DELETE, CC_STAGE_WORKTREE };

typedef struct {
	char *path;
	int kind;
	char *data;
	size_t len;
} cc_staged;

struct cc_txn {
	cc_store *s;
	int lock_fd;            /* open on the lock file, for the journal */
	char *lock_path;
	char *branch;           /* "refs/heads/main" */
	git_oid old;            /* branch target at begin; zero if unborn */
	int unborn;
	cc_staged *items;
	size_t n, cap;
	size_t *slots, nslots;  /* a hash table of items by path (store-txn.c) */
	long journal_off;       /* size of the lock file before the journal */
	int committed;
	int keep_lock;          /* a failed rollback: leave the lock for recovery */
	size_t step_from;       /* items[0..step_from) are in the steps' commits */
	size_t nsteps;          /* commits made by cc_txn_step, not visible yet */
	git_oid step;           /* the last of them */
};

/* store-commit.c */
/* libgit2's object cache while a transaction makes steps (its default,
 * 256 MiB, is put back by cc_txn_free). */
#define CC__STEP_CACHE (16 << 20)
#define CC__GIT_CACHE_DEFAULT (256 << 20)
int cc__commit_info_check(const cc_commit_info *info);
/* The message of INFO (store.h), prettified as git does. */
int cc__commit_message(const cc_commit_info *info, git_buf *out);
/* Write a commit of TREE on PARENT (NULL: a root commit), signed when
 * the configuration asks for it. */
int cc__commit_create(cc_store *s, const git_signature *sig, const char *message,
	git_tree *tree, git_commit *parent, git_oid *out);
/* The commit T's next commit goes on (its last step, else HEAD; NULL
 * when the branch is unborn) and its tree; free both. */
int cc__txn_step_base(cc_txn *t, git_commit **commit, git_tree **tree);


/* store-giterr.c */
int cc__git_error(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* With $CASECTL_TRACE_INDEX set (and not 0), say on stderr which way
 * was taken, "casectl: TOPIC: WHAT", for the tests: topic "index"
 * ("spliced", "libgit2", "status direct", "status libgit2", "log
 * peek"), topic "history index" ("caught up", "merged", "rebuilt"). */
void cc__trace(const char *topic, const char *what);

/* store-config.c */
int cc__signature(cc_store *s, git_signature **out);
int cc__config_bool(cc_store *s, const char *key, int *out);
/* KEY as a whole number of seconds from 1 to 86400 (DFLT when unset);
 * CC_EINVALID naming KEY when it is something else. */
int cc__config_seconds(cc_store *s, const char *key, int dflt, int *out);

/* Give REPO the configuration files git 2.39 reads, in its order:
 * system ($GIT_CONFIG_SYSTEM, else /etc/gitconfig; none with
 * $GIT_CONFIG_NOSYSTEM), global ($GIT_CONFIG_GLOBAL alone, else the XDG
 * file and ~/.gitconfig) and the repository's own.  libgit2 1.5 knows
 * none of these variables, so casectl's identity and signing key would
 * differ from git's.  Called by every open and init. */
int cc__config_install(git_repository *repo);

/* store-fs.c: working tree access that never follows symbolic links.
 * relpaths must satisfy cc_path_valid (or be "" for the top). */
int cc__open_dir(cc_store *s, const char *reldir, int create, int *fd);
int cc__open_parent(cc_store *s, const char *relpath, int create,
	int *dirfd, const char **base);
int cc__read_file(cc_store *s, const char *relpath, char **out, size_t *len);
int cc__write_file(cc_store *s, const char *relpath, const char *data, size_t len);
int cc__remove_file(cc_store *s, const char *relpath);
int cc__remove_tmpfiles(cc_store *s, const char *relpath);
int cc__fsync_dir_path(const char *path);
/* fsync(2) unless durability was turned off (git config core.fsync=none,
 * read by cc_store_open); then 0 at once. */
int cc__fsync(int fd);
void cc__set_durable(int on);
int cc__durable(void);          /* whether writes are flushed */
/* Flush everything written to the store's file system (syncfs on the
 * git directory), when durable.  CC_EIO. */
int cc__syncfs(cc_store *s);

/* store-tree.c: files as they are in a commit */
int cc__head_commit(cc_store *s, git_commit **out);
int cc__materialize(cc_store *s, git_tree *tree, const char *relpath);
/* store-reshape.c: PATHS made as TREE (NULL: empty) has them whatever
 * stands in the way (journaled files removed, anything else moved to
 * .git/casectl/displaced/), temporary files next to them removed. */
int cc__restore_paths(cc_store *s, git_tree *tree, char *const *paths, size_t n);
/* A path a sync takes out, which HEAD had: a file, a symbolic link
 * itself (never what it points to) or the empty folder of a submodule. */
int cc__remove_entry(cc_store *s, const char *relpath);
int cc__index_update(cc_store *s, char *const *paths, size_t n);

/* store-treediff.c: the files that differ between trees A and B (either
 * may be NULL), as git_diff_tree_to_tree without options gives them, in
 * path order, reading only the folders that differ. */
typedef struct {
	git_diff_delta *v;
	size_t n, cap;
} cc__deltas;
int cc__tree_deltas(cc_store *s, git_tree *a, git_tree *b, cc__deltas *out);
void cc__deltas_free(cc__deltas *d);
/* git's order of the entries of a tree: bytewise by name, a folder as
 * if its name ended in '/'. */
int cc__tree_entry_cmp(const git_tree_entry *a, const git_tree_entry *b);

/* store-changes.c: a list of uncommitted changes.  The kind for
 * libgit2 status bits ST. */
cc_change_kind cc__change_kind(unsigned int st);
/* Hand V (CNT changes) to *OUT sorted (NULL when none), or free it and
 * return ERR when ERR is set. */
int cc__changes_finish(cc_change *v, size_t cnt, int err, cc_change **out, size_t *n);
/* store-status-dir.c: the changes below the folder RELDIR without
 * libgit2's status (1: declined, ask libgit2). */
int cc__status_dir(cc_store *s, const char *reldir, cc_change **out, size_t *n);
/* The same for the whole store (store-status-all.c); 1: declined. */
int cc__status_all(cc_store *s, cc_change **out, size_t *n);

/* store-lock.c */
/* While S holds the lock (held_path), acquiring it borrows it: *FD is a
 * duplicate of held_fd, and releasing a borrowed lock only closes FD. */
int cc__lock_acquire(cc_store *s, int *fd, char **lock_path);
void cc__lock_release(cc_store *s, int fd, const char *lock_path);
/* Recover the lock now if its process is dead (a live one is left). */
int cc__lock_recover(cc_store *s);
int cc__journal_write(cc_txn *t, const git_oid *new_oid);

/* store-sign.c: 1 in *sig if signing is configured and done */
int cc__sign_wanted(cc_store *s, int *wanted);
int cc__sign_buffer(cc_store *s, const char *buf, size_t len, char **sig);
/* store-child.c: run ARGV (no shell, PATH searched) with stdin from
 * IN_FD (-1: /dev/null), collecting stdout and stderr (either buffer
 * may be NULL to drop it; each kept to MAX bytes when MAX is not 0);
 * *status as from waitpid.  UNSET and SET (NULL-terminated, may be
 * NULL) change the child's environment: names to remove, "NAME=VALUE"
 * strings to add (they must live until the call returns).  With LIMIT
 * (seconds, 0: none) the child is stopped when it runs longer, and
 * *timed_out (may be NULL) is set.  A TIED child dies with casectl and
 * gets the signals that stop it (casectl/util/signals.h). */
struct cc_buf_s;
typedef struct {
	char *const *argv;
	int in_fd;
	const char *const *unset;
	const char *const *set;
	double limit;
	size_t max;
	int tied;
} cc__child;
int cc__run_child(const cc__child *c, struct cc_buf_s *out, struct cc_buf_s *errout,
	int *status, int *timed_out);
int cc__run(char *const argv[], int in_fd, struct cc_buf_s *out, struct cc_buf_s *errout,
	int *status);

/* store-tmp.c: temporary files in the casectl folder of the git
 * directory, which they create when it is missing (a fresh clone).
 * cc__tmp_create: an empty file STEM.tmp-XXXXXX, mode 0600, open in
 * *fd, its path (malloc'd) in *path.  cc__tmp_named: one holding DATA,
 * closed.  cc__anon_file: an unlinked one holding DATA, at its start. */
int cc__tmp_create(cc_store *s, const char *stem, int *fd, char **path);
int cc__tmp_named(cc_store *s, const char *stem, const char *data, size_t len, char **path);
int cc__anon_file(cc_store *s, const char *data, size_t len, int *out);

#endif
