/* store-txn.c - transactions: staging and the one commit */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "store-dirc-int.h"
#include "store-hindex-int.h"

int cc_txn_begin(cc_txn **out, cc_store *s)
{
	git_reference *head = NULL;
	cc_txn *t;
	int rc, err;

	*out = NULL;
	if (!(t = calloc(1, sizeof(*t))))
		return cc_error_set(CC_ENOMEM, "out of memory");
	t->s = s;
	t->lock_fd = -1;
	if ((err = cc__lock_acquire(s, &t->lock_fd, &t->lock_path)) != 0)
		goto fail;
	if (git_reference_lookup(&head, s->repo, "HEAD") < 0) {
		err = cc__git_error(CC_EIO, "cannot read HEAD");
		goto fail;
	}
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		err = cc_error_set(CC_ECONFLICT,
			"HEAD is detached; run 'git switch main' to go back to the branch");
		goto fail;
	}
	if (!(t->branch = strdup(git_reference_symbolic_target(head)))) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto fail;
	}
	rc = git_reference_name_to_id(&t->old, s->repo, t->branch);
	if (rc == GIT_ENOTFOUND) {
		t->unborn = 1;
		memset(&t->old, 0, sizeof(t->old));
	} else if (rc < 0) {
		err = cc__git_error(CC_EIO, "cannot read '%s'", t->branch);
		goto fail;
	}
	git_reference_free(head);
	*out = t;
	return 0;
fail:
	git_reference_free(head);
	cc_txn_free(t);
	return err;
}

/* The staged paths are found through a hash table of item numbers
 * (t->slots: 0 free, else the item's index + 1), so that staging n
 * paths (an import of 100,000 cases) is linear, not quadratic. */
static size_t path_hash(const char *p)
{
	size_t h = 1469598103934665603u;

	while (*p)
		h = (h ^ (unsigned char)*p++) * 1099511628211u;
	return h;
}

static void slot_put(size_t *slots, size_t nslots, const char *path, size_t item)
{
	size_t k = path_hash(path) & (nslots - 1);

	while (slots[k])
		k = (k + 1) & (nslots - 1);
	slots[k] = item + 1;
}

/* The item staged for RELPATH, or NULL; grows the table first when needed. */
static int find_staged(cc_txn *t, const char *relpath, cc_staged **out)
{
	size_t k, i;

	*out = NULL;
	if ((t->n + 1) * 2 > t->nslots) {
		size_t n = t->nslots ? t->nslots * 2 : 32, *ns = calloc(n, sizeof(*ns));
		if (!ns)
			return cc_error_set(CC_ENOMEM, "out of memory");
		for (i = 0; i < t->n; i++)
			slot_put(ns, n, t->items[i].path, i);
		free(t->slots);
		t->slots = ns;
		t->nslots = n;
	}
	for (k = path_hash(relpath) & (t->nslots - 1); t->slots[k]; k = (k + 1) & (t->nslots - 1))
		if (!strcmp(t->items[t->slots[k] - 1].path, relpath)) {
			*out = &t->items[t->slots[k] - 1];
			return 0;
		}
	return 0;
}

static int stage(cc_txn *t, const char *relpath, int kind, const char *data, size_t len)
{
	cc_staged *it = NULL;
	char *copy = NULL;
	int err;

	if (!cc_path_valid(relpath))
		return cc_error_set(CC_EINVALID, "invalid path '%s' in the store",
			relpath ? relpath : "");
	if (t->committed)
		return cc_error_set(CC_EINVALID, "the transaction is already committed");
	if (kind == CC_STAGE_PUT) {
		if (!(copy = malloc(len + 1)))
			return cc_error_set(CC_ENOMEM, "out of memory");
		if (len)
			memcpy(copy, data, len);
		copy[len] = '\0';
	}
	if ((err = find_staged(t, relpath, &it)) != 0) {
		free(copy);
		return err;
	}
	if (it && (size_t)(it - t->items) < t->step_from) {
		free(copy);
		return cc_error_set(CC_EINVALID, "'%s' is already in a commit of this transaction",
			relpath);
	}
	if (!it) {
		if (t->n == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 8;
			cc_staged *nv = realloc(t->items, cap * sizeof(*nv));
			if (!nv) {
				free(copy);
				return cc_error_set(CC_ENOMEM, "out of memory");
			}
			t->items = nv;
			t->cap = cap;
		}
		it = &t->items[t->n];
		memset(it, 0, sizeof(*it));
		if (!(it->path = strdup(relpath))) {
			free(copy);
			return cc_error_set(CC_ENOMEM, "out of memory");
		}
		slot_put(t->slots, t->nslots, it->path, t->n);
		t->n++;
	}
	free(it->data);
	it->kind = kind;
	it->data = copy;
	it->len = kind == CC_STAGE_PUT ? len : 0;
	return 0;
}

int cc_txn_put(cc_txn *t, const char *relpath, const char *data, size_t len)
{
	if (!data && len)
		return cc_error_set(CC_EINVALID, "no data for '%s'", relpath);
	return stage(t, relpath, CC_STAGE_PUT, data ? data : "", len);
}

int cc_txn_delete(cc_txn *t, const char *relpath)
{
	return stage(t, relpath, CC_STAGE_DELETE, NULL, 0);
}

int cc_txn_stage_worktree(cc_txn *t, const char *relpath)
{
	return stage(t, relpath, CC_STAGE_WORKTREE, NULL, 0);
}

size_t cc_txn_count(const cc_txn *t)
{
	return t ? t->n : 0;
}

void cc_txn_free(cc_txn *t)
{
	size_t i;

	if (!t)
		return;
	if (t->keep_lock) {
		if (t->lock_fd >= 0)
			close(t->lock_fd);
		if (t->s->held_path)
			t->s->held_keep = 1;    /* the erasure that lent it keeps it */
	} else {
		cc__lock_release(t->s, t->lock_fd, t->lock_path);
	}
	for (i = 0; i < t->n; i++) {
		free(t->items[i].path);
		free(t->items[i].data);
	}
	if (t->nsteps)
		git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)CC__GIT_CACHE_DEFAULT);
	free(t->items);
	free(t->slots);
	free(t->lock_path);
	free(t->branch);
	free(t);
}

/* --- the commit ------------------------------------------------------ */

/* The blob id of RELPATH in TREE, or 0 when absent. */
static int tree_has(git_tree *tree, const char *relpath, git_oid *oid)
{
	git_tree_entry *e = NULL;
	int found = 0;

	if (tree && git_tree_entry_bypath(&e, tree, relpath) == 0) {
		if (git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
			git_oid_cpy(oid, git_tree_entry_id(e));
			found = 1;
		}
		git_tree_entry_free(e);
	}
	return found;
}

/* A folder of an update's path that the base tree holds as a file (a
 * commit made with plain git): refuse with what to do, instead of
 * libgit2's "D/F conflict". */
static int folder_is_file(git_tree *base, const git_tree_update *up, size_t n)
{
	git_tree_entry *e = NULL;
	char *dir;
	size_t i, k;
	int bad;

	for (i = 0; base && i < n; i++) {
		if (up[i].action != GIT_TREE_UPDATE_UPSERT)
			continue;
		if (!(dir = strdup(up[i].path)))
			return cc_error_set(CC_ENOMEM, "out of memory");
		for (k = 0, bad = 0; dir[k] && !bad; k++) {
			if (dir[k] != '/')
				continue;
			dir[k] = '\0';
			if (git_tree_entry_bypath(&e, base, dir) == 0) {
				bad = git_tree_entry_type(e) != GIT_OBJECT_TREE;
				git_tree_entry_free(e);
				e = NULL;
			}
			if (!bad)
				dir[k] = '/';
		}
		if (bad) {
			cc_error_set(CC_ECONFLICT,
				"cannot write '%s': the last commit has a file '%s' where casectl keeps a folder\n"
				"hint: find the commit with 'git log -1 -- %s' and undo it with 'git revert'",
				up[i].path, dir, dir);
			free(dir);
			return CC_ECONFLICT;
		}
		free(dir);
	}
	return 0;
}

static int dirty_error(const char *relpath, const cc_commit_info *info)
{
	return cc_error_set(CC_EDIRTY,
		"'%s' has uncommitted changes; run 'casectl commit%s%s' to keep them "
		"or 'git stash' to set them aside",
		relpath, info->case_id ? " " : "", info->case_id ? info->case_id : "");
}

/* CC_EDIRTY unless RELPATH is the same in HEAD, the index and the
 * working tree.  *in_wt tells whether the working tree has it. */
/* The index is read directly (D) when store-dirc.c can, else via
 * libgit2 (IDX). */
static int check_clean(cc_store *s, git_tree *head, cc__dirc *d, git_index *idx,
	const char *relpath, const cc_commit_info *info, int *in_wt)
{
	const git_index_entry *ie = NULL;
	git_oid h, w, io;
	char *data = NULL;
	size_t len = 0;
	int in_head, in_index, err, stage;

	*in_wt = 0;
	in_head = tree_has(head, relpath, &h);
	if (d) {
		in_index = cc__dirc_get(d, relpath, io.id);   /* no stages in D */
	} else {
		for (stage = 1; stage <= 3; stage++)
			if (git_index_get_bypath(idx, relpath, stage))
				return dirty_error(relpath, info);
		if ((in_index = (ie = git_index_get_bypath(idx, relpath, 0)) != NULL))
			git_oid_cpy(&io, &ie->id);
	}
	if (in_index != in_head || (in_index && !git_oid_equal(&io, &h)))
		return dirty_error(relpath, info);
	err = cc__read_file(s, relpath, &data, &len);
	if (err == CC_ENOTFOUND) {
		cc_error_clear();
		return in_head ? dirty_error(relpath, info) : 0;
	}
	if (err)
		return err;
	*in_wt = 1;
	err = git_odb_hash(&w, data, len, GIT_OBJECT_BLOB);
	free(data);
	if (err < 0)
		return cc__git_error(CC_EIO, "cannot hash '%s'", relpath);
	if (!in_head || !git_oid_equal(&w, &h))
		return dirty_error(relpath, info);
	return 0;
}

typedef struct {
	git_tree_update *up;
	size_t nup;
	int *writes;      /* per staged item: 1 put, -1 delete, 0 nothing to write */
} plan;

static void plan_free(plan *p)
{
	free(p->up);
	free(p->writes);
}

/* Check every staged path and turn it into tree updates. */
static int make_plan(cc_txn *t, git_tree *head, const cc_commit_info *info, plan *p)
{
	cc_store *s = t->s;
	git_index *idx = NULL;
	cc__dirc *d = NULL;
	size_t i;
	int err = 0;

	memset(p, 0, sizeof(*p));
	p->up = calloc(t->n, sizeof(*p->up));
	p->writes = calloc(t->n, sizeof(*p->writes));
	if (!p->up || !p->writes)
		return cc_error_set(CC_ENOMEM, "out of memory");
	/* Not forced: libgit2 rereads it when the file changed on disk. */
	if ((err = cc__dirc_open(s, &d)) < 0)
		goto out;
	err = 0;
	if (!d && (git_repository_index(&idx, s->repo) < 0 || git_index_read(idx, 0) < 0)) {
		err = cc__git_error(CC_EIO, "cannot read the git index");
		goto out;
	}
	for (i = 0; i < t->n; i++) {
		cc_staged *it = &t->items[i];
		git_tree_update *u = &p->up[p->nup];
		git_oid h;
		char *data = NULL;
		size_t len = 0;
		int in_wt = 0, in_head = tree_has(head, it->path, &h);

		u->path = it->path;
		u->filemode = GIT_FILEMODE_BLOB;
		if (it->kind != CC_STAGE_WORKTREE &&
		    (err = check_clean(s, head, d, idx, it->path, info, &in_wt)) != 0)
			goto out;
		if (it->kind == CC_STAGE_PUT) {
			/* a path of a step: its blob is in that step's tree already
			 * (the new tree is built on the last step from the rest) */
			if (i >= t->step_from &&
			    git_blob_create_from_buffer(&u->id, s->repo, it->data, it->len) < 0) {
				err = cc__git_error(CC_EIO, "cannot store '%s'", it->path);
				goto out;
			}
			u->action = GIT_TREE_UPDATE_UPSERT;
			p->nup++;
			p->writes[i] = 1;
		} else if (it->kind == CC_STAGE_DELETE) {
			if (!in_head && !in_wt) {
				err = cc_error_set(CC_ENOTFOUND, "'%s' is not in the store", it->path);
				goto out;
			}
			p->writes[i] = -1;
			if (in_head) {
				u->action = GIT_TREE_UPDATE_REMOVE;
				p->nup++;
			}
		} else {
			err = cc__read_file(s, it->path, &data, &len);
			if (err == CC_ENOTFOUND) {
				cc_error_clear();
				err = 0;
				if (in_head) {
					u->action = GIT_TREE_UPDATE_REMOVE;
					p->nup++;
				}
				continue;
			}
			if (err)
				goto out;
			err = git_blob_create_from_buffer(&u->id, s->repo, data, len);
			free(data);
			if (err < 0) {
				err = cc__git_error(CC_EIO, "cannot store '%s'", it->path);
				goto out;
			}
			u->action = GIT_TREE_UPDATE_UPSERT;
			p->nup++;
		}
	}
out:
	git_index_free(idx);
	cc__dirc_free(d);
	return err;
}

/* Put the files written so far (items[0..upto)) back as HEAD has them.
 * Keeps the current error message; returns 0 if all were restored. */
static int rollback(cc_txn *t, git_tree *head, const plan *p, size_t upto)
{
	char msg[2048];
	int code = cc_error_code(), failed = 0;
	size_t i;

	snprintf(msg, sizeof(msg), "%s", cc_error_msg());
	for (i = 0; i < upto; i++)
		if (p->writes[i] && cc__materialize(t->s, head, t->items[i].path) != 0) {
			cc_warn("cannot restore '%s': %s", t->items[i].path, cc_error_msg());
			failed = 1;
		}
	if (failed) {
		/* Our lock and its journal stay; once this process has ended
		 * the next casectl command restores these files from HEAD. */
		t->keep_lock = 1;
		cc_warn("the store lock is kept so that the next casectl command repairs "
			"the working tree");
	}
	cc_error_set(code, "%s", msg);
	return failed;
}

/* Many files (an import), or steps whose objects are not flushed yet:
 * write unflushed, then flush the file system once, before the branch
 * moves; a few files: each flushed as written. */
#define BULK_FILES 16

static int write_files(cc_txn *t, git_tree *head, const plan *p)
{
	size_t i;
	int err = 0, bulk = cc__durable() && (t->nsteps || t->n >= BULK_FILES);

	if (bulk)
		cc__set_durable(0);
	for (i = 0; i < t->n; i++) {
		cc_staged *it = &t->items[i];
		if (p->writes[i] > 0)
			err = cc__write_file(t->s, it->path, it->data, it->len);
		else if (p->writes[i] < 0)
			err = cc__remove_file(t->s, it->path);
		if (err)
			break;
	}
	if (bulk) {
		cc__set_durable(1);
		if (!err)
			err = cc__syncfs(t->s);
	}
	if (err)
		rollback(t, head, p, i < t->n ? i + 1 : t->n);
	return err;
}

static int move_branch(cc_txn *t, const git_signature *sig, const git_oid *new_oid,
	const char *subject)
{
	git_reference *ref = NULL;
	cc_buf log = CC_BUF_INIT;
	int rc;

	if (cc_buf_printf(&log, "commit%s: %s", t->unborn ? " (initial)" : "", subject))
		return CC_ENOMEM;
	git_repository_set_ident(t->s->repo, sig->name, sig->email);
	if (t->unborn)
		rc = git_reference_create(&ref, t->s->repo, t->branch, new_oid, 0, log.ptr);
	else
		rc = git_reference_create_matching(&ref, t->s->repo, t->branch, new_oid, 1,
			&t->old, log.ptr);
	cc_buf_free(&log);
	git_reference_free(ref);
	if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS)
		return cc_error_set(CC_ECONFLICT,
			"the branch '%s' moved while casectl was working; run the command again",
			t->branch);
	if (rc < 0)
		return cc__git_error(CC_EIO, "cannot move the branch '%s'", t->branch);
	return 0;
}

int cc_txn_commit(cc_txn *t, const cc_commit_info *info, char oid[41])
{
	cc_store *s = t->s;
	git_commit *head = NULL, *parent = NULL;
	git_tree *head_tree = NULL, *tree = NULL, *base_tree = NULL;
	git_signature *sig = NULL;
	git_buf message = GIT_BUF_INIT;
	git_oid tree_oid, new_oid, cur;
	char **paths = NULL;
	const char *nl;
	char *subject = NULL;
	plan p;
	size_t i;
	int err, rc;

	memset(&p, 0, sizeof(p));
	if (t->committed)
		return cc_error_set(CC_EINVALID, "the transaction is already committed");
	if (t->n == t->step_from)
		return cc_error_set(CC_EINVALID, "nothing to commit");
	if ((err = cc__commit_info_check(info)) != 0)
		return err;

	/* Did the branch move since cc_txn_begin? */
	rc = git_reference_name_to_id(&cur, s->repo, t->branch);
	if ((rc == GIT_ENOTFOUND) != t->unborn || (rc == 0 && !git_oid_equal(&cur, &t->old)) ||
	    (rc < 0 && rc != GIT_ENOTFOUND))
		return cc_error_set(CC_ECONFLICT,
			"the branch '%s' moved while casectl was working; run the command again",
			t->branch);
	if (!t->unborn && (git_commit_lookup(&head, s->repo, &t->old) < 0 ||
	    git_commit_tree(&head_tree, head) < 0)) {
		err = cc__git_error(CC_EIO, "cannot read HEAD");
		goto out;
	}

	/* Objects first: blobs, tree, commit.  Nothing is visible yet. */
	if ((err = make_plan(t, head_tree, info, &p)) != 0)
		goto out;
	if (t->nsteps) {
		/* on the last step, with what was staged after it */
		if (p.nup != t->n) {
			err = cc_error_set(CC_EINVALID, "a transaction with steps can only write files");
			goto out;
		}
		if ((err = cc__txn_step_base(t, &parent, &base_tree)) != 0)
			goto out;
	}
	if ((err = folder_is_file(t->nsteps ? base_tree : head_tree, p.up + t->step_from,
	    p.nup - t->step_from)) != 0)
		goto out;
	if (git_tree_create_updated(&tree_oid, s->repo, t->nsteps ? base_tree : head_tree,
	    p.nup - t->step_from, p.up + t->step_from) < 0) {
		err = cc__git_error(CC_EIO, "cannot build the new tree");
		goto out;
	}
	if (git_tree_lookup(&tree, s->repo, &tree_oid) < 0) {
		err = cc__git_error(CC_EIO, "cannot read the new tree");
		goto out;
	}
	if ((err = cc__signature(s, &sig)) != 0)
		goto out;
	if ((err = cc__commit_message(info, &message)) != 0)
		goto out;
	if ((err = cc__commit_create(t->s, sig, message.ptr, tree, t->nsteps ? parent : head,
	    &new_oid)) != 0)
		goto out;
	nl = strchr(message.ptr, '\n');
	if (!(subject = strndup(message.ptr, nl ? (size_t)(nl - message.ptr) : strlen(message.ptr)))) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}

	/* Journal, files, branch, index. */
	if ((err = cc__journal_write(t, &new_oid)) != 0)
		goto out;
	if ((err = write_files(t, head_tree, &p)) != 0)
		goto out;
	if ((err = move_branch(t, sig, &new_oid, subject)) != 0) {
		rollback(t, head_tree, &p, t->n);
		goto out;
	}
	t->committed = 1;
	if (t->nsteps)
		cc__hindex_refresh(s);     /* a chain of commits: caught up as plain ones */
	else
		cc__hindex_committed(s, t->unborn ? NULL : &t->old, &new_oid, head_tree, tree);
	if (!(paths = malloc(t->n * sizeof(*paths)))) {
		cc_warn("the commit was made but the git index was not updated; "
			"run 'git reset' to refresh it");
	} else {
		for (i = 0; i < t->n; i++)
			paths[i] = t->items[i].path;
		if (cc__index_update(s, paths, t->n) != 0)
			cc_warn("the commit was made but the git index was not updated (%s); "
				"run 'git reset' to refresh it", cc_error_msg());
	}
	/* Done: a crash from here on needs no recovery. */
	if (ftruncate(t->lock_fd, (off_t)t->journal_off) == 0)
		cc__fsync(t->lock_fd);
	cc_error_clear();
	if (oid)
		git_oid_tostr(oid, 41, &new_oid);
out:
	free(paths);
	free(subject);
	git_buf_dispose(&message);
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base_tree);
	git_commit_free(parent);
	git_tree_free(head_tree);
	git_commit_free(head);
	plan_free(&p);
	return err;
}
