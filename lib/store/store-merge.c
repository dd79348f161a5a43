/* store-merge.c - the merge part of sync: three-way text merge (libgit2's
 * merge_file), the tree merge of two commits against their merge base,
 * and the merge commit */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/store/sync.h"
#include "store-net-int.h"

int cc_store_merge_text(const char *base, size_t base_len, const char *ours,
	size_t ours_len, const char *theirs, size_t theirs_len,
	const char *ours_label, const char *theirs_label,
	cc_buf *out, int *conflicted)
{
	git_merge_file_input b, o, t;
	git_merge_file_options opts;
	git_merge_file_result r;
	int err = 0;

	git_merge_file_input_init(&b, GIT_MERGE_FILE_INPUT_VERSION);
	git_merge_file_input_init(&o, GIT_MERGE_FILE_INPUT_VERSION);
	git_merge_file_input_init(&t, GIT_MERGE_FILE_INPUT_VERSION);
	git_merge_file_options_init(&opts, GIT_MERGE_FILE_OPTIONS_VERSION);

	b.ptr = base ? base : "";
	b.size = base ? base_len : 0;
	o.ptr = ours;
	o.size = ours_len;
	t.ptr = theirs;
	t.size = theirs_len;
	opts.our_label = ours_label;
	opts.their_label = theirs_label;
	memset(&r, 0, sizeof(r));
	git_libgit2_init();     /* usable without an open store */
	if (git_merge_file(&r, &b, &o, &t, &opts) < 0) {
		err = cc__git_error(CC_EIO, "cannot merge text");
	} else {
		*conflicted = !r.automergeable;
		if (r.len && cc_buf_put(out, r.ptr, r.len))
			err = cc_error_set(CC_ENOMEM, "out of memory");
	}
	git_merge_file_result_free(&r);
	git_libgit2_shutdown();
	return err;
}

/* --- the tree merge ------------------------------------------------------ */

static int cmp_delta(const void *a, const void *b)
{
	const git_diff_delta *x = *(const git_diff_delta *const *)a;
	const git_diff_delta *y = *(const git_diff_delta *const *)b;
	return strcmp(x->new_file.path, y->new_file.path);
}

static int merge_one(cc_store *s, const git_diff_delta *o, const git_diff_delta *t,
	merge_ctx *m, git_tree_update *u)
{
	git_blob *bb = NULL, *ob = NULL, *tb = NULL;
	cc_buf out = CC_BUF_INIT;
	int conflicted = 0, err;
	int have_base = o->status != GIT_DELTA_ADDED && t->status != GIT_DELTA_ADDED;

	if ((have_base && (err = cc__read_blob(s, &o->old_file.id, &bb)) != 0) ||
	    (err = cc__read_blob(s, &o->new_file.id, &ob)) != 0 ||
	    (err = cc__read_blob(s, &t->new_file.id, &tb)) != 0)
		goto out;
	err = m->h->merge(o->new_file.path,
		bb ? git_blob_rawcontent(bb) : NULL, bb ? (size_t)git_blob_rawsize(bb) : 0,
		git_blob_rawcontent(ob), (size_t)git_blob_rawsize(ob),
		git_blob_rawcontent(tb), (size_t)git_blob_rawsize(tb),
		&out, &conflicted, m->h->payload);
	if (err)
		goto out;
	if (git_blob_create_from_buffer(&u->id, s->repo, out.ptr ? out.ptr : "", out.len) < 0) {
		err = cc__git_error(CC_EIO, "cannot store the merged '%s'", o->new_file.path);
		goto out;
	}
	u->action = GIT_TREE_UPDATE_UPSERT;
	u->filemode = GIT_FILEMODE_BLOB;
	u->path = o->new_file.path;
	if (conflicted)
		err = cc__add_case_of(&m->conflicted, o->new_file.path, 1);
out:
	cc_buf_free(&out);
	git_blob_free(bb);
	git_blob_free(ob);
	git_blob_free(tb);
	return err;
}

/* A file of a case in delete conflict K that our side deleted and they
 * did not touch: bring it back as it was. */
static int restore_ours(cc__delcase *k, const git_diff_delta *o, git_tree_update *u)
{
	u->action = GIT_TREE_UPDATE_UPSERT;
	u->path = o->old_file.path;
	git_oid_cpy(&u->id, &o->old_file.id);
	u->filemode = GIT_FILEMODE_BLOB;
	return cc__delconf_record(k, 0, o->old_file.path);
}

/* OURS with what THEIRS changed since BASE; files both changed merged by
 * M->fn.  No delete is taken in a case the other side changed: the
 * case is kept whole and the conflict recorded (store-merge-del.c).
 * *out is the new tree's id. */
int cc__merge_trees(cc_store *s, git_tree *base, git_tree *ours, git_tree *theirs,
	merge_ctx *m, git_oid *out)
{
	cc__deltas dof = { NULL, 0, 0 }, dth = { NULL, 0, 0 };
	const git_diff_delta **ov = NULL, **tv = NULL;
	git_tree_update *up = NULL;
	git_tree *merged = NULL;
	cc__delconf dc = { NULL, 0 };
	git_oid mid;
	size_t no, nt, i, nup = 0;
	int err = 0;

	if ((err = cc__tree_deltas(s, base, ours, &dof)) != 0 ||
	    (err = cc__tree_deltas(s, base, theirs, &dth)) != 0)
		goto out;
	if ((err = cc__delconf_scan(&dof, &dth, &dc)) != 0)
		goto out;
	no = dof.n;
	nt = dth.n;
	ov = calloc(no + 1, sizeof(*ov));
	tv = calloc(nt + 1, sizeof(*tv));
	up = calloc(nt + no + 1, sizeof(*up));
	if (!ov || !tv || !up) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < no; i++)
		ov[i] = &dof.v[i];
	qsort(ov, no, sizeof(*ov), cmp_delta);
	for (i = 0; i < nt; i++)
		tv[i] = &dth.v[i];
	qsort(tv, nt, sizeof(*tv), cmp_delta);
	for (i = 0; !err && i < nt; i++) {
		const git_diff_delta *t = tv[i], **hit;
		int tdel = t->status == GIT_DELTA_DELETED, odel;
		cc__delcase *k = dc.n ? cc__delconf_find(&dc, t->new_file.path) : NULL;
		git_tree_update *u = &up[nup];

		hit = no ? bsearch(&t, ov, no, sizeof(*ov), cmp_delta) : NULL;
		u->path = t->new_file.path;
		u->filemode = GIT_FILEMODE_BLOB;
		if (tdel && k && (!hit || (*hit)->status != GIT_DELTA_DELETED)) {
			/* they deleted, the case changed here: keep ours */
			err = cc__delconf_record(k, 1, t->new_file.path);
			continue;
		}
		if (!hit) {
			/* changed on their side only: take it */
			if (tdel) {
				u->action = GIT_TREE_UPDATE_REMOVE;
			} else {
				u->action = GIT_TREE_UPDATE_UPSERT;
				git_oid_cpy(&u->id, &t->new_file.id);
				u->filemode = t->new_file.mode == GIT_FILEMODE_BLOB_EXECUTABLE ?
					GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
			}
			nup++;
			continue;
		}
		odel = (*hit)->status == GIT_DELTA_DELETED;
		if (odel && tdel)
			continue;
		if (!odel && !tdel && git_oid_equal(&(*hit)->new_file.id, &t->new_file.id))
			continue;
		if (odel || tdel) {
			/* in a case, a delete conflict (ours deleted: theirs kept);
			 * outside the cases, the changed version is kept */
			if (k)
				err = cc__delconf_record(k, 0, t->new_file.path);
			else
				cc_warn("'%s' was removed on one side and changed on the other; "
					"the changed version is kept", t->new_file.path);
			if (odel) {
				u->action = GIT_TREE_UPDATE_UPSERT;
				git_oid_cpy(&u->id, &t->new_file.id);
				nup++;
			}
			continue;
		}
		if ((err = merge_one(s, *hit, t, m, u)) == 0)
			nup++;
	}
	/* what we deleted in a case they changed, and they did not touch */
	for (i = 0; !err && dc.n && i < no; i++) {
		cc__delcase *k;
		if (ov[i]->status != GIT_DELTA_DELETED ||
		    !(k = cc__delconf_find(&dc, ov[i]->old_file.path)) ||
		    bsearch(&ov[i], tv, nt, sizeof(*tv), cmp_delta))
			continue;
		err = restore_ours(k, ov[i], &up[nup++]);
	}
	if (err)
		goto out;
	if (git_tree_create_updated(dc.n ? &mid : out, s->repo, ours, nup, up) < 0) {
		err = cc__git_error(CC_EIO, "cannot build the merged tree");
		goto out;
	}
	if (dc.n) {
		if (git_tree_lookup(&merged, s->repo, &mid) < 0)
			err = cc__git_error(CC_EIO, "cannot read the merged tree");
		else
			err = cc__delconf_mark(s, &dc, merged, m, out);
	}
out:
	git_tree_free(merged);
	cc__delconf_free(&dc);
	free(up);
	free(tv);
	free(ov);
	cc__deltas_free(&dth);
	cc__deltas_free(&dof);
	return err;
}

int cc__make_merge_commit(cc_store *s, const char *remote, const char *note,
	git_tree *tree, git_commit *ours, git_commit *theirs, git_oid *out)
{
	const git_commit *parents[2] = { ours, theirs };
	git_signature *sig = NULL;
	git_buf buf = GIT_BUF_INIT;
	cc_buf msg = CC_BUF_INIT;
	char *signature = NULL;
	int wanted = 0, err;

	if ((err = cc__signature(s, &sig)) != 0)
		return err;
	if (cc_buf_printf(&msg, "sync: merge from %s\n\n%s%sAction: sync\n", remote,
	    note && *note ? note : "", note && *note ? "\n" : "")) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	if ((err = cc__sign_wanted(s, &wanted)) != 0)
		goto out;
	if (!wanted) {
		if (git_commit_create(out, s->repo, NULL, sig, sig, NULL, msg.ptr, tree, 2,
		    parents) < 0)
			err = cc__git_error(CC_EIO, "cannot create the merge commit");
		goto out;
	}
	if (git_commit_create_buffer(&buf, s->repo, sig, sig, NULL, msg.ptr, tree, 2,
	    parents) < 0) {
		err = cc__git_error(CC_EIO, "cannot create the merge commit");
		goto out;
	}
	if ((err = cc__sign_buffer(s, buf.ptr, buf.size, &signature)) == 0 &&
	    git_commit_create_with_signature(out, s->repo, buf.ptr, signature, "gpgsig") < 0)
		err = cc__git_error(CC_EIO, "cannot create the signed merge commit");
out:
	free(signature);
	git_buf_dispose(&buf);
	cc_buf_free(&msg);
	git_signature_free(sig);
	return err;
}

