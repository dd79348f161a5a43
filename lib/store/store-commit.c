/* store-commit.c - commit objects: the message, the commit (signed when
 * asked), and the steps of a transaction that makes several commits */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "store-int.h"

static int has_newline(const char *v)
{
	return v && strpbrk(v, "\r\n") != NULL;
}

int cc__commit_message(const cc_commit_info *info, git_buf *out)
{
	cc_buf m = CC_BUF_INIT;
	int err;

	if (info->case_id)
		err = cc_buf_printf(&m, "%s %s: %s\n", info->action, info->case_id, info->summary);
	else
		err = cc_buf_printf(&m, "%s: %s\n", info->action, info->summary);
	if (!err && info->body && strspn(info->body, " \t\r\n") != strlen(info->body))
		err = cc_buf_printf(&m, "\n%s\n", info->body);
	if (!err)
		err = cc_buf_putc(&m, '\n');
	if (!err && info->case_id)
		err = cc_buf_printf(&m, "Case: %s\n", info->case_id);
	if (!err)
		err = cc_buf_printf(&m, "Action: %s\n", info->action);
	if (!err && git_message_prettify(out, m.ptr, 0, '#') < 0)
		err = cc__git_error(CC_EINVALID, "cannot format the commit message");
	cc_buf_free(&m);
	return err;
}

int cc__commit_info_check(const cc_commit_info *info)
{
	if (!info || !info->action || !*info->action || !info->summary || !*info->summary)
		return cc_error_set(CC_EINVALID, "a commit needs an action and a summary");
	if (has_newline(info->action) || has_newline(info->summary) || has_newline(info->case_id))
		return cc_error_set(CC_EINVALID, "the commit subject must be one line");
	if (info->case_id && !*info->case_id)
		return cc_error_set(CC_EINVALID, "empty case ID in the commit");
	return 0;
}

int cc__commit_create(cc_store *s, const git_signature *sig, const char *message,
	git_tree *tree, git_commit *parent, git_oid *out)
{
	const git_commit *parents[1] = { parent };
	git_buf buf = GIT_BUF_INIT;
	char *signature = NULL;
	int wanted = 0, err;

	if ((err = cc__sign_wanted(s, &wanted)) != 0)
		return err;
	if (!wanted) {
		if (git_commit_create(out, s->repo, NULL, sig, sig, NULL, message, tree,
		    parent ? 1 : 0, parents) < 0)
			return cc__git_error(CC_EIO, "cannot create the commit");
		return 0;
	}
	if (git_commit_create_buffer(&buf, s->repo, sig, sig, NULL, message, tree,
	    parent ? 1 : 0, parents) < 0)
		return cc__git_error(CC_EIO, "cannot create the commit");
	if ((err = cc__sign_buffer(s, buf.ptr, buf.size, &signature)) == 0 &&
	    git_commit_create_with_signature(out, s->repo, buf.ptr, signature, "gpgsig") < 0)
		err = cc__git_error(CC_EIO, "cannot create the signed commit");
	free(signature);
	git_buf_dispose(&buf);
	return err;
}

int cc__txn_step_base(cc_txn *t, git_commit **commit, git_tree **tree)
{
	*commit = NULL;
	*tree = NULL;
	if (!t->nsteps && t->unborn)
		return 0;
	if (git_commit_lookup(commit, t->s->repo, t->nsteps ? &t->step : &t->old) < 0 ||
	    git_commit_tree(tree, *commit) < 0)
		return cc__git_error(CC_EIO, "cannot read %s", t->nsteps ? "the last step" : "HEAD");
	return 0;
}

int cc_txn_step(cc_txn *t, const cc_commit_info *info)
{
	cc_store *s = t->s;
	git_commit *base = NULL;
	git_tree *base_tree = NULL, *tree = NULL;
	git_tree_update *up = NULL;
	git_signature *sig = NULL;
	git_buf message = GIT_BUF_INIT;
	git_oid tree_oid, oid;
	size_t i, k = 0;
	int err;

	if (t->committed)
		return cc_error_set(CC_EINVALID, "the transaction is already committed");
	if ((err = cc__commit_info_check(info)) != 0)
		return err;
	if (t->n == t->step_from)
		return cc_error_set(CC_EINVALID, "nothing to commit");
	if (!(up = calloc(t->n - t->step_from, sizeof(*up))))
		return cc_error_set(CC_ENOMEM, "out of memory");
	/* libgit2 keeps up to 256 MiB of objects it read: the trees of
	 * every step, read once.  Those worth keeping are the last step's. */
	if (!t->nsteps)
		git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)CC__STEP_CACHE);
	/* The objects of the steps are flushed all at once by cc_txn_commit
	 * (store-txn.c, write_files), before the branch moves to them. */
	if (cc__durable())
		git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
	if ((err = cc__txn_step_base(t, &base, &base_tree)) != 0)
		goto out;
	for (i = t->step_from; i < t->n; i++, k++) {
		cc_staged *it = &t->items[i];
		if (it->kind != CC_STAGE_PUT) {
			err = cc_error_set(CC_EINVALID, "a step can only write files, not remove '%s'",
				it->path);
			goto out;
		}
		up[k].action = GIT_TREE_UPDATE_UPSERT;
		up[k].filemode = GIT_FILEMODE_BLOB;
		up[k].path = it->path;
		if (git_blob_create_from_buffer(&up[k].id, s->repo, it->data, it->len) < 0) {
			err = cc__git_error(CC_EIO, "cannot store '%s'", it->path);
			goto out;
		}
	}
	if (git_tree_create_updated(&tree_oid, s->repo, base_tree, k, up) < 0 ||
	    git_tree_lookup(&tree, s->repo, &tree_oid) < 0) {
		err = cc__git_error(CC_EIO, "cannot build the new tree");
		goto out;
	}
	if ((err = cc__signature(s, &sig)) != 0 || (err = cc__commit_message(info, &message)) != 0 ||
	    (err = cc__commit_create(s, sig, message.ptr, tree, base, &oid)) != 0)
		goto out;
	git_oid_cpy(&t->step, &oid);
	t->step_from = t->n;
	t->nsteps++;
out:
	if (cc__durable())
		git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	git_buf_dispose(&message);
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base_tree);
	git_commit_free(base);
	free(up);
	return err;
}
