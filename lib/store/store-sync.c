/* store-sync.c - casectl sync: fetch, integrate (fast-forward or merge
 * commit), push; the integration is journaled like a transaction.
 *
 * Order of writes: the merged blobs, tree and commit first (invisible),
 * then the journal in the store lock (old and new commit, every path
 * that changes), then the working tree files, then the branch with a
 * compare-and-swap on its old value, then the index.  A sync killed at
 * any point is completed (branch moved) or undone (branch not moved) by
 * the recovery in store-lock.c, exactly as a killed commit.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "casectl/util/date.h"
#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/store/sync.h"
#include "store-hindex-int.h"
#include "store-incoming-int.h"
#include "store-net-int.h"

void cc_sync_result_free(cc_sync_result *r)
{
	if (!r)
		return;
	cc_strv_free(r->conflicted, r->nconflicted);
	cc_strv_free(r->deleted_cases, r->ndeleted_cases);
	cc_strv_free(r->deleted_files, r->ndeleted_files);
	free(r->said);
	r->said = NULL;
	r->conflicted = r->deleted_cases = r->deleted_files = NULL;
	r->nconflicted = r->ndeleted_cases = r->ndeleted_files = 0;
}

/* The cases that differ between two trees (either may be NULL). */
static int count_cases(cc_store *s, git_tree *a, git_tree *b, size_t *count)
{
	cc__deltas d;
	strset set = { NULL, 0 };
	size_t i;
	int err;

	*count = 0;
	if ((err = cc__tree_deltas(s, a, b, &d)) != 0)
		return err;
	for (i = 0; !err && i < d.n; i++)
		err = cc__add_case_of(&set, d.v[i].new_file.path, 0);
	*count = set.n;
	cc_strv_free(set.v, set.n);
	cc__deltas_free(&d);
	return err;
}

/* --- moving the store to a new commit ------------------------------------ */

/* Stage every path that differs between the txn's HEAD and NEW, journal,
 * write, move the branch, update the index. */
static int advance(cc_txn *t, git_commit *new_commit, const char *remote)
{
	cc_store *s = t->s;
	git_commit *old = NULL;
	git_tree *old_tree = NULL, *new_tree = NULL;
	cc__deltas d = { NULL, 0, 0 };
	git_reference *ref = NULL;
	cc_buf log = CC_BUF_INIT;
	char **paths = NULL;
	size_t i, n, done = 0;
	int err = 0, rc;

	if (git_commit_lookup(&old, s->repo, &t->old) < 0 ||
	    git_commit_tree(&old_tree, old) < 0 || git_commit_tree(&new_tree, new_commit) < 0) {
		err = cc__git_error(CC_EIO, "cannot compare HEAD with the merged commit");
		goto out;
	}
	if ((err = cc__tree_deltas(s, old_tree, new_tree, &d)) != 0)
		goto out;
	n = d.n;
	for (i = 0; !err && i < n; i++) {
		const git_diff_delta *dl = &d.v[i];
		git_blob *b = NULL;
		if (!cc_path_valid(dl->new_file.path)) {
			cc_warn(dl->status == GIT_DELTA_DELETED ? "'%s' is not a path casectl "
				"touches; it is no longer in the store: remove it by hand" :
				"'%s' is not a path casectl writes; left out of the working tree",
				dl->new_file.path);
			continue;
		}
		if (dl->status == GIT_DELTA_DELETED) {
			err = cc_txn_delete(t, dl->new_file.path);
			continue;
		}
		if ((err = cc__read_blob(s, &dl->new_file.id, &b)) != 0)
			break;
		err = cc_txn_put(t, dl->new_file.path, git_blob_rawcontent(b),
			(size_t)git_blob_rawsize(b));
		git_blob_free(b);
	}
	if (err)
		goto out;
	if ((err = cc__journal_write(t, git_commit_id(new_commit))) != 0)
		goto out;
	if (getenv("CASECTL_TEST_SYNC_PAUSE"))   /* for the crash tests */
		usleep((useconds_t)atoi(getenv("CASECTL_TEST_SYNC_PAUSE")) * 1000);
	for (done = 0; !err && done < t->n; done++) {
		cc_staged *it = &t->items[done];
		err = it->kind == CC_STAGE_PUT ? cc__write_file(s, it->path, it->data, it->len)
					       : cc__remove_entry(s, it->path);
	}
	if (!err) {
		if (cc_buf_printf(&log, "sync: %s from %s",
		    git_commit_parentcount(new_commit) > 1 ? "merge" : "fast-forward", remote))
			err = cc_error_set(CC_ENOMEM, "out of memory");
		else if ((rc = git_reference_create_matching(&ref, s->repo, t->branch,
		    git_commit_id(new_commit), 1, &t->old, log.ptr)) < 0)
			err = rc == GIT_EMODIFIED ? cc_error_set(CC_ECONFLICT,
				"the branch '%s' moved while casectl was working; run 'casectl sync' again",
				t->branch) : cc__git_error(CC_EIO, "cannot move the branch '%s'", t->branch);
	}
	if (err) {
		/* undo the files written so far */
		int code = cc_error_code();
		char msg[1024];
		snprintf(msg, sizeof(msg), "%s", cc_error_msg());
		for (i = 0; i < done && i < t->n; i++)
			if (cc__materialize(s, old_tree, t->items[i].path) != 0)
				t->keep_lock = 1;
		cc_error_set(code, "%s", msg);
		goto out;
	}
	t->committed = 1;
	if (getenv("CASECTL_TEST_SYNC_PAUSE_MOVED"))   /* for the crash tests */
		usleep((useconds_t)atoi(getenv("CASECTL_TEST_SYNC_PAUSE_MOVED")) * 1000);
	if ((paths = malloc((t->n + 1) * sizeof(*paths)))) {
		for (i = 0; i < t->n; i++)
			paths[i] = t->items[i].path;
		if (cc__index_update(s, paths, t->n) != 0)
			cc_warn("the sync was made but the git index was not updated (%s); "
				"run 'git reset' to refresh it", cc_error_msg());
	}
	if (ftruncate(t->lock_fd, (off_t)t->journal_off) == 0)
		cc__fsync(t->lock_fd);
	cc_error_clear();
out:
	free(paths);
	cc_buf_free(&log);
	git_reference_free(ref);
	cc__deltas_free(&d);
	git_tree_free(new_tree);
	git_tree_free(old_tree);
	git_commit_free(old);
	return err;
}

/* One round under the lock: integrate TRACKING into the branch.
 * *theirs_out gets what the remote had (zero if nothing). */
static int integrate(cc_txn *t, const char *remote, const char *tracking,
	const cc_sync_opts *opts, merge_ctx *m, cc_sync_result *res, git_oid *theirs_out,
	int *have_theirs)
{
	cc_store *s = t->s;
	git_commit *oc = NULL, *tc = NULL, *nc = NULL;
	git_tree *bt = NULL, *ot = NULL, *tt = NULL, *nt = NULL;
	git_commit *bc = NULL;
	git_oid theirs, base, tree_oid, new_oid;
	cc_buf note = CC_BUF_INIT;
	size_t refused = 0;
	int err, rc = 0, ff, kept = 0;

	*have_theirs = 0;
	if ((err = cc_store_require_clean(s, "", NULL)) != 0)
		goto out;
	rc = git_reference_name_to_id(&theirs, s->repo, tracking);
	if (rc == GIT_ENOTFOUND)
		goto out;       /* the remote has no such branch yet: just push */
	if (rc < 0) {
		err = cc__git_error(CC_EIO, "cannot read '%s'", tracking);
		goto out;
	}
	*have_theirs = 1;
	git_oid_cpy(theirs_out, &theirs);
	if (t->unborn) {
		err = cc_error_set(CC_EINVALID, "the store has no commit yet");
		goto out;
	}
	if (git_oid_equal(&theirs, &t->old) ||
	    git_graph_descendant_of(s->repo, &t->old, &theirs) == 1)
		goto out;       /* nothing new there */
	if (git_commit_lookup(&tc, s->repo, &theirs) < 0 ||
	    git_commit_lookup(&oc, s->repo, &t->old) < 0) {
		err = cc__git_error(CC_EIO, "cannot read the commits to integrate");
		goto out;
	}
	/* a fast-forward is a merge whose base is HEAD */
	ff = git_graph_descendant_of(s->repo, &theirs, &t->old) == 1;
	if (ff)
		git_oid_cpy(&base, &t->old);
	else if ((rc = git_merge_base(&base, s->repo, &t->old, &theirs)) == GIT_ENOTFOUND) {
		err = cc_error_set(CC_ECONFLICT, "the store and '%s' have no history in "
			"common; a store can only sync with a copy of itself", remote);
		goto out;
	}
	if (rc < 0 || git_commit_lookup(&bc, s->repo, &base) < 0 ||
	    git_commit_tree(&bt, bc) < 0 || git_commit_tree(&ot, oc) < 0) {
		err = cc__git_error(CC_EIO, "cannot find what the two sides have in common");
		goto out;
	}
	/* what came in is checked first; what is refused makes a merge */
	if ((err = cc__incoming_check(s, bc, oc, tc, &tt, &refused, &note)) != 0)
		goto out;
	if (ff && !refused) {
		if ((err = cc__check_mass_delete(s, ot, tt, remote, tracking,
		    opts->allow_deletes)) != 0 ||
		    (err = cc__guard_settings(s, m->h, ot, tt, remote, &tree_oid, &kept)) != 0)
			goto out;
		if (!kept) {
			res->fast_forward = 1;
			err = advance(t, tc, remote);
			goto out;
		}
		/* else a merge commit that keeps our casectl.md */
	} else if ((err = cc__merge_trees(s, bt, ot, tt, m, &tree_oid)) != 0) {
		goto out;
	}
	if (git_tree_lookup(&nt, s->repo, &tree_oid) < 0) {
		err = cc__git_error(CC_EIO, "cannot read the merged tree");
		goto out;
	}
	if (!kept && ((err = cc__check_mass_delete(s, ot, nt, remote, tracking,
	    opts->allow_deletes)) != 0 ||
	    (err = cc__guard_settings(s, m->h, ot, nt, remote, &tree_oid, &kept)) != 0))
		goto out;
	if (kept) {
		git_tree_free(nt);
		if (git_tree_lookup(&nt, s->repo, &tree_oid) < 0) {
			nt = NULL;
			err = cc__git_error(CC_EIO, "cannot read the merged tree");
			goto out;
		}
	}
	if ((err = cc__make_merge_commit(s, remote, note.ptr, nt, oc, tc, &new_oid)) != 0)
		goto out;
	if (git_commit_lookup(&nc, s->repo, &new_oid) < 0) {
		err = cc__git_error(CC_EIO, "cannot read the merge commit");
		goto out;
	}
	if (refused && (err = cc__incoming_quarantine(s, tc)) != 0)
		goto out;
	res->merged = 1;
	err = advance(t, nc, remote);
out:
	cc_buf_free(&note);
	git_tree_free(nt);
	git_tree_free(tt);
	git_tree_free(ot);
	git_tree_free(bt);
	git_commit_free(bc);
	git_commit_free(nc);
	git_commit_free(tc);
	git_commit_free(oc);
	return err;
}

/* Fetches and pushes run only under the store lock, so a lock file left
 * on a remote-tracking ref is from a killed sync: remove it. */
static void clear_remote_locks(cc_store *s, const char *remote)
{
	cc_buf dir = CC_BUF_INIT;
	struct dirent *de;
	DIR *d;

	if (cc_buf_printf(&dir, "%s/refs/remotes/%s", s->gitdir, remote) ||
	    !(d = opendir(dir.ptr))) {
		cc_buf_free(&dir);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		if (n > 5 && !strcmp(de->d_name + n - 5, ".lock") &&
		    unlinkat(dirfd(d), de->d_name, 0) == 0)
			cc_warn("removed '%s/%s' left by a killed sync", dir.ptr, de->d_name);
	}
	closedir(d);
	cc_buf_free(&dir);
}

/* --- retrying a refused push --------------------------------------------- */

/* Seconds to keep retrying: OPTS, else casectl.syncTimeout, else 60. */
static int sync_timeout(cc_store *s, const cc_sync_opts *opts, int *out)
{
	if (opts->timeout > 0) {
		*out = opts->timeout;
		return 0;
	}
	return cc__config_seconds(s, "casectl.syncTimeout", 60, out);
}

/* Sleep before round ATTEMPT + 1: a random pause between half and all of
 * 100 ms * 2^(ATTEMPT - 1), at most 5 s, and never past DEADLINE, so
 * that workers who pushed at the same moment spread out. */
static void backoff(int attempt, double deadline)
{
	double cap = 0.1, left = deadline - cc_clock_s(), pause;
	unsigned r = 0;
	int i;

	for (i = 1; i < attempt && cap < 5.0; i++)
		cap *= 2;
	if (cap > 5.0)
		cap = 5.0;
	if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
		r = (unsigned)getpid() * 2654435761u + (unsigned)attempt;
	pause = cap / 2 + cap / 2 * ((double)(r % 10000) / 10000.0);
	if (pause > left)
		pause = left;
	if (pause > 0)
		usleep((useconds_t)(pause * 1e6));
}

static int tree_of(cc_store *s, const git_oid *id, git_tree **out)
{
	git_commit *c = NULL;
	int rc;

	*out = NULL;
	rc = git_commit_lookup(&c, s->repo, id) < 0 || git_commit_tree(out, c) < 0;
	git_commit_free(c);
	return rc ? cc__git_error(CC_EIO, "cannot read a commit") : 0;
}

int cc_store_sync(cc_store *s, const char *remote_in, const cc_merge_hooks *hooks,
	const cc_sync_opts *opts_in, cc_sync_result *res)
{
	static const cc_sync_opts dflt;
	const cc_sync_opts *opts = opts_in ? opts_in : &dflt;
	strset gone = { NULL, 0 }, gone_files = { NULL, 0 };
	double deadline;
	int limit;
	git_reference *head = NULL;
	git_tree *orig_tree = NULL, *final_tree = NULL, *their_tree = NULL;
	merge_ctx m;
	cc_buf tracking = CC_BUF_INIT, said = CC_BUF_INIT;
	char *remote = NULL;
	const char *branch;
	git_oid orig, final, theirs;
	int err, attempt, have_theirs = 0, rejected = 0;

	memset(res, 0, sizeof(*res));
	memset(&m, 0, sizeof(m));
	m.h = hooks;
	if (remote_in) {
		if (!(remote = strdup(remote_in)))
			return cc_error_set(CC_ENOMEM, "out of memory");
	} else if ((err = cc_store_remote_default(s, &remote)) != 0) {
		return err;
	}
	if (git_reference_lookup(&head, s->repo, "HEAD") < 0 ||
	    git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		err = cc_error_set(CC_ECONFLICT, "HEAD is not on a branch; run 'git switch main' first");
		goto out;
	}
	branch = git_reference_symbolic_target(head);
	if (strncmp(branch, "refs/heads/", 11) ||
	    cc_buf_printf(&tracking, "refs/remotes/%s/%s", remote, branch + 11)) {
		err = cc_error_set(CC_EINVALID, "HEAD is not on a branch");
		goto out;
	}
	/* uncommitted changes are refused under the lock, after a killed
	 * command's lock was recovered */
	if (git_reference_name_to_id(&orig, s->repo, branch) < 0) {
		err = cc_error_set(CC_EINVALID, "the store has no commit yet");
		goto out;
	}
	if ((err = sync_timeout(s, opts, &limit)) != 0)
		goto out;
	deadline = cc_clock_s() + limit;
	for (attempt = 1;;) {
		int done = 0;
		cc_txn *t = NULL;

		res->attempts = attempt;
		/* the whole round under the store lock */
		if ((err = cc_txn_begin(&t, s)) != 0)
			goto out;
		clear_remote_locks(s, remote);
		if ((err = cc__remote_fetch(s, remote)) == 0)
			err = integrate(t, remote, tracking.ptr, opts, &m, res, &theirs,
				&have_theirs);
		if (!err && git_reference_name_to_id(&final, s->repo, branch) < 0)
			err = cc__git_error(CC_EIO, "cannot read '%s'", branch);
		if (!err && have_theirs && git_oid_equal(&final, &theirs))
			done = 1;  /* the remote has it all */
		else if (!err && getenv("CASECTL_TEST_PUSH_REFUSED"))
			;          /* for the tests of the time limit: as if refused */
		else if (!err && (err = cc__remote_push(s, remote, branch, &rejected,
			 &said)) == 0 && !rejected)
			done = res->pushed = 1;
		cc_txn_free(t);
		if (err)
			goto out;
		if (done)
			break;
		if (cc_clock_s() >= deadline) {
			err = cc_error_set(CC_ECONFLICT, "'%s' kept moving while casectl pushed: "
				"%d tries in %d s, the time limit; nothing is lost, run 'casectl "
				"sync' again\nhint: give it longer with 'casectl sync --timeout "
				"SECONDS' or 'git config casectl.syncTimeout SECONDS'", remote,
				attempt, limit);
			goto out;
		}
		backoff(attempt++, deadline);
	}
	/* the next 'casectl log' should not have to catch up with what came in */
	if (!git_oid_equal(&orig, &final))
		cc__hindex_refresh(s);
	if ((err = tree_of(s, &orig, &orig_tree)) != 0 || (err = tree_of(s, &final, &final_tree)) != 0)
		goto out;
	if ((err = count_cases(s, orig_tree, final_tree, &res->received)) != 0 ||
	    (err = cc__deletions(s, orig_tree, final_tree, &gone, &gone_files)) != 0)
		goto out;
	if (res->pushed) {
		if (have_theirs && (err = tree_of(s, &theirs, &their_tree)) != 0)
			goto out;
		if ((err = count_cases(s, their_tree, final_tree, &res->sent)) != 0)
			goto out;
	}
out:
	if (!err && said.len)
		res->said = cc_buf_detach(&said);
	cc_buf_free(&said);
	res->conflicted = m.conflicted.v;
	res->nconflicted = m.conflicted.n;
	res->deleted_cases = gone.v;
	res->ndeleted_cases = gone.n;
	res->deleted_files = gone_files.v;
	res->ndeleted_files = gone_files.n;
	git_tree_free(their_tree);
	git_tree_free(final_tree);
	git_tree_free(orig_tree);
	cc_buf_free(&tracking);
	git_reference_free(head);
	free(remote);
	return err;
}
