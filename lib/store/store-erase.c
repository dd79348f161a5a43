/* store-erase.c - rebuilding the history without one case folder */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/store/erase.h"
#include "casectl/util/error.h"
#include "store-erase-int.h"
#include "store-erasures-int.h"
#include "store-int.h"

typedef struct {
	cc_store *s;
	const char *relpath;
	const git_oid *keep;    /* the tombstone, or NULL */
	int sign;               /* re-sign the tombstone */
	cc__oidmap map;         /* old commit -> new commit (itself when kept) */
	cc__oidmap fresh;       /* the commits this run wrote */
	cc__oidmap bare;        /* those of them whose original had no signature */
	cc__erasures earlier;   /* what earlier erasures rebuilt */
	cc_erase_stats *st;
} erase_ctx;

/* TREE without RELPATH and without folders it leaves empty. */
static int strip_tree(git_repository *repo, git_tree *tree, const char *relpath,
	git_oid *out, int *changed)
{
	git_tree_entry *e = NULL;
	git_tree_update up;
	git_tree *cur = NULL;
	git_oid id;
	char *path = strdup(relpath), *slash;
	int rc, err = 0;

	*changed = 0;
	git_oid_cpy(out, git_tree_id(tree));
	if (!path)
		return cc_error_set(CC_ENOMEM, "out of memory");
	rc = git_tree_entry_bypath(&e, tree, relpath);
	git_tree_entry_free(e);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		free(path);
		return 0;
	}
	if (rc < 0) {
		free(path);
		return cc__git_error(CC_EIO, "cannot read a tree");
	}
	memset(&up, 0, sizeof(up));
	up.action = GIT_TREE_UPDATE_REMOVE;
	up.path = path;
	for (;;) {
		if (git_tree_create_updated(&id, repo, cur ? cur : tree, 1, &up) < 0) {
			err = cc__git_error(CC_EIO, "cannot rebuild a tree");
			break;
		}
		git_tree_free(cur);
		cur = NULL;
		if (git_tree_lookup(&cur, repo, &id) < 0) {
			err = cc__git_error(CC_EIO, "cannot read a rebuilt tree");
			break;
		}
		git_oid_cpy(out, &id);
		*changed = 1;
		/* the folder above: remove it too if it is now empty */
		if (!(slash = strrchr(path, '/')))
			break;
		*slash = '\0';
		rc = git_tree_entry_bypath(&e, cur, path);
		if (rc == 0) {
			git_tree *sub = NULL;
			size_t cnt = 1;
			if (git_tree_entry_type(e) == GIT_OBJECT_TREE &&
			    git_tree_lookup(&sub, repo, git_tree_entry_id(e)) == 0) {
				cnt = git_tree_entrycount(sub);
				git_tree_free(sub);
			}
			git_tree_entry_free(e);
			if (cnt)
				break;
		} else {
			git_error_clear();
			break;
		}
	}
	git_tree_free(cur);
	free(path);
	return err;
}

/* Write a copy of C with tree TREE_ID, PARENTS and message MSG (NULL:
 * C's own), signed when SIGN. */
static int make_commit(cc_store *s, git_commit *c, const git_oid *tree_id,
	const git_commit **parents, size_t np, int sign, const char *msg, git_oid *out)
{
	git_tree *tree = NULL;
	git_buf buf = GIT_BUF_INIT;
	char *sig = NULL;
	int err = 0;

	if (!msg)
		msg = git_commit_message_raw(c);
	if (git_tree_lookup(&tree, s->repo, tree_id) < 0)
		return cc__git_error(CC_EIO, "cannot read a rebuilt tree");
	if (!sign) {
		if (git_commit_create(out, s->repo, NULL, git_commit_author(c),
			git_commit_committer(c), git_commit_message_encoding(c),
			msg, tree, np, parents) < 0)
			err = cc__git_error(CC_EIO, "cannot write a rebuilt commit");
	} else if (git_commit_create_buffer(&buf, s->repo, git_commit_author(c),
			git_commit_committer(c), git_commit_message_encoding(c),
			msg, tree, np, parents) < 0) {
		err = cc__git_error(CC_EIO, "cannot write a rebuilt commit");
	} else if ((err = cc__sign_buffer(s, buf.ptr, buf.size, &sig)) == 0 &&
		   git_commit_create_with_signature(out, s->repo, buf.ptr, sig, "gpgsig") < 0) {
		err = cc__git_error(CC_EIO, "cannot write the signed tombstone");
	}
	free(sig);
	git_buf_dispose(&buf);
	git_tree_free(tree);
	return err;
}

/* 2 if commit ID has a signature, 1 if it lost it to an earlier erasure
 * (one that vouched for it: see store-erasures-int.h), 0 if it has none. */
static int had_signature(erase_ctx *x, const git_oid *id)
{
	git_buf a = GIT_BUF_INIT, b = GIT_BUF_INIT;
	int rc = git_commit_extract_signature(&a, &b, x->s->repo, (git_oid *)id, NULL), bare = 0;

	git_buf_dispose(&a);
	git_buf_dispose(&b);
	git_error_clear();
	return rc == 0 ? 2 : cc__erasures_find(&x->earlier, id, &bare) && !bare;
}

/* The engine does not judge keys: a signed tombstone is taken at its
 * word here, and verify checks the chain later. */
static int any_signature(const git_oid *commit, int *trusted, void *payload)
{
	(void)commit;
	(void)payload;
	*trusted = 1;
	return 0;
}

/* The tombstone's message: MSG and the trailers that say which of its
 * ancestors this run rebuilt (erase.h): "Rewritten: N", then
 * "Rewritten-after: ID" for each kept ancestor that is a parent of a
 * rebuilt one (for the tombstone's own parent when none was rebuilt),
 * then "Unsigned-before: M" and, for up to CC_ERASE_UNSIGNED_IDS of
 * them, "Unsigned-before-id: ID" for the rebuilt ones whose original had
 * no signature.  Rebuilt commits' descendants are rebuilt too, so the
 * walk from the new parents PIDS stops at the first kept commit of each
 * line. */
static int tomb_message(erase_ctx *x, const char *msg, const git_oid *pids, size_t np,
	cc_buf *out)
{
	cc__oidmap seen = { 0 };
	cc_buf after = CC_BUF_INIT, bare = CC_BUF_INIT;
	git_oid *stack, id;
	size_t n = 0, cap = np + 64, count = 0, nbare = 0;
	char hex[GIT_OID_HEXSZ + 1];
	int err = 0;

	if (!(stack = malloc(cap * sizeof(*stack))))
		return cc_error_set(CC_ENOMEM, "out of memory");
	while (n < np) {
		git_oid_cpy(&stack[n], &pids[np - 1 - n]);
		n++;
	}
	while (!err && n) {
		git_commit *c = NULL;
		unsigned k, pc;

		git_oid_cpy(&id, &stack[--n]);
		if (cc__oidmap_get(&seen, &id) || (err = cc__oidmap_put(&seen, &id, &id)))
			continue;
		if (!cc__oidmap_get(&x->fresh, &id)) {
			err = cc_buf_printf(&after, "Rewritten-after: %s\n",
				git_oid_tostr(hex, sizeof(hex), &id));
			continue;
		}
		count++;
		if (cc__oidmap_get(&x->bare, &id) && ++nbare <= CC_ERASE_UNSIGNED_IDS &&
		    (err = cc_buf_printf(&bare, "Unsigned-before-id: %s\n",
			git_oid_tostr(hex, sizeof(hex), &id))))
			break;
		if (git_commit_lookup(&c, x->s->repo, &id) < 0) {
			err = cc__git_error(CC_EIO, "cannot read a rebuilt commit");
			break;
		}
		pc = git_commit_parentcount(c);
		if (n + pc > cap) {
			git_oid *ns = realloc(stack, (cap = (n + pc) * 2) * sizeof(*ns));
			if (!ns) {
				git_commit_free(c);
				err = cc_error_set(CC_ENOMEM, "out of memory");
				break;
			}
			stack = ns;
		}
		for (k = pc; k-- > 0;)
			git_oid_cpy(&stack[n++], git_commit_parent_id(c, k));
		git_commit_free(c);
	}
	if (!err && (err = cc_buf_puts(out, msg)) == 0 && out->len && out->ptr[out->len - 1] != '\n')
		err = cc_buf_putc(out, '\n');
	if (!err)
		err = cc_buf_printf(out, "Rewritten: %zu\n%sUnsigned-before: %zu\n%s", count,
			cc_buf_cstr(&after), nbare, nbare <= CC_ERASE_UNSIGNED_IDS ?
			cc_buf_cstr(&bare) : "");
	free(stack);
	cc__oidmap_free(&seen);
	cc_buf_free(&after);
	cc_buf_free(&bare);
	return err;
}

/* Write the rebuilt commit C over the new parents PIDS. */
static int write_one(erase_ctx *x, git_commit *c, const git_oid *tree, const git_oid *pids,
	size_t np)
{
	const git_commit *parents[64];
	git_commit *owned[64];
	cc_buf msg = CC_BUF_INIT;
	git_oid nid;
	size_t i;
	int err = 0, is_keep = x->keep && git_oid_equal(git_commit_id(c), x->keep);

	for (i = 0; i < np; i++) {
		if (git_commit_lookup(&owned[i], x->s->repo, &pids[i]) < 0) {
			while (i--)
				git_commit_free(owned[i]);
			return cc__git_error(CC_EIO, "cannot read a rebuilt commit");
		}
		parents[i] = owned[i];
	}
	if (is_keep)
		err = tomb_message(x, git_commit_message_raw(c), pids, np, &msg);
	if (!err)
		err = make_commit(x->s, c, tree, parents, np, is_keep && x->sign,
			is_keep ? msg.ptr : NULL, &nid);
	if (!err) {
		int had = had_signature(x, git_commit_id(c));
		x->st->rewritten++;
		if (!(is_keep && x->sign) && had == 2)
			x->st->unsigned_now++;
		if (!(err = cc__oidmap_put(&x->fresh, &nid, &nid)) && !had)
			err = cc__oidmap_put(&x->bare, &nid, &nid);
		if (!err)
			err = cc__oidmap_put(&x->map, git_commit_id(c), &nid);
	}
	for (i = 0; i < np; i++)
		git_commit_free(owned[i]);
	cc_buf_free(&msg);
	return err;
}

/* Rebuild one commit C. */
static int rewrite_one(erase_ctx *x, git_commit *c)
{
	const git_oid *cid = git_commit_id(c);
	git_oid newtree, pids[64], otree;
	size_t np = 0, i, j, n = git_commit_parentcount(c);
	int changed = 0, parents_moved = 0, err = 0;
	int is_keep = x->keep && git_oid_equal(cid, x->keep);

	if (n > 64)
		return cc_error_set(CC_EINVALID, "a merge of more than 64 parents cannot be rebuilt");
	git_oid_cpy(&otree, git_commit_tree_id(c));
	{
		git_tree *t = NULL;
		if (git_commit_tree(&t, c) < 0)
			return cc__git_error(CC_EIO, "cannot read a tree");
		err = strip_tree(x->s->repo, t, x->relpath, &newtree, &changed);
		git_tree_free(t);
		if (err)
			return err;
	}
	for (i = 0; i < n; i++) {
		const git_oid *po = git_commit_parent_id(c, (unsigned)i);
		const git_oid *pn = cc__oidmap_get(&x->map, po);
		if (!pn)
			pn = po;
		if (!git_oid_equal(pn, po))
			parents_moved = 1;
		for (j = 0; j < np && !git_oid_equal(&pids[j], pn); j++)
			;
		if (j == np)
			git_oid_cpy(&pids[np++], pn);
	}
	if (!changed && !parents_moved)
		return cc__oidmap_put(&x->map, cid, cid);
	/* a commit that only changed the erased folder becomes empty: drop it */
	if (!is_keep && np == 1 && n >= 1) {
		git_commit *p = NULL;
		int same = 0, was_same = 0;
		if (git_commit_lookup(&p, x->s->repo, &pids[0]) < 0)
			return cc__git_error(CC_EIO, "cannot read a rebuilt commit");
		same = git_oid_equal(git_commit_tree_id(p), &newtree);
		git_commit_free(p);
		if (same && n == 1) {
			git_commit *op = NULL;
			if (git_commit_parent(&op, c, 0) == 0) {
				was_same = git_oid_equal(git_commit_tree_id(op), &otree);
				git_commit_free(op);
			}
		}
		if (same && (!was_same || n > 1)) {
			x->st->dropped++;
			return cc__oidmap_put(&x->map, cid, &pids[0]);
		}
	}
	return write_one(x, c, &newtree, pids, np);
}

/* Every entry of the stash's reflog, not only its top: each stash is
 * rebuilt where it holds RELPATH, and kept as it is where not. */
static void push_stash_log(cc_store *s, git_revwalk *w)
{
	git_reflog *log = NULL;
	size_t i, n;

	if (git_reflog_read(&log, s->repo, "refs/stash") < 0) {
		git_error_clear();
		return;
	}
	n = git_reflog_entrycount(log);
	for (i = 0; i < n; i++) {
		const git_oid *id = git_reflog_entry_id_new(git_reflog_entry_byindex(log, i));
		if (!git_oid_is_zero(id) && git_revwalk_push(w, id) < 0)
			git_error_clear();
	}
	git_reflog_free(log);
}

int cc_store_erase_path(cc_store *s, const char *relpath, const char *keep,
	cc_erase_stats *st)
{
	erase_ctx x;
	git_revwalk *w = NULL;
	git_oid id, keep_id;
	char *lock_path = NULL;
	int lock_fd = -1, err, rc = 0;

	memset(&x, 0, sizeof(x));
	x.s = s;
	x.relpath = relpath;
	x.st = st;
	if (!cc_path_valid(relpath))
		return cc_error_set(CC_EINVALID, "bad path '%s'", relpath);
	if (keep && git_oid_fromstr(&keep_id, keep) < 0)
		return cc_error_set(CC_EINVALID, "bad commit id '%s'", keep);
	if (keep)
		x.keep = &keep_id;
	if ((err = cc__sign_wanted(s, &x.sign)))
		return err;
	if ((err = cc__lock_acquire(s, &lock_fd, &lock_path)))
		return err;
	if ((err = cc__erasures_load(s, any_signature, NULL, &x.earlier)))
		goto out;
	if (git_revwalk_new(&w, s->repo) < 0) {
		err = cc__git_error(CC_EIO, "cannot walk the history");
		goto out;
	}
	git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	if (git_revwalk_push_glob(w, "refs/*") < 0 ||
	    (git_revwalk_push_head(w) < 0 && (git_error_clear(), 0))) {
		err = cc__git_error(CC_EIO, "cannot walk the history");
		goto out;
	}
	push_stash_log(s, w);
	/* new objects only: a failure here leaves every ref as it was */
	while (!err && (rc = git_revwalk_next(&id, w)) == 0) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, s->repo, &id) < 0) {
			err = cc__git_error(CC_EIO, "cannot read a commit");
			break;
		}
		err = rewrite_one(&x, c);
		git_commit_free(c);
	}
	if (!err && rc != GIT_ITEROVER)
		err = cc__git_error(CC_EIO, "cannot walk the history");
	if (!err && !(err = cc__erase_move_refs(s, &x.map, st)))
		st->moved = 1;
	if (!err)
		err = cc__erase_stash_log(s, &x.map);
	if (!err && keep) {
		const git_oid *k = cc__oidmap_get(&x.map, &keep_id);
		git_oid_tostr(st->tombstone, sizeof(st->tombstone), k ? k : &keep_id);
	}
	if (!err)
		cc__erase_drop_caches(s, 1);
out:
	git_revwalk_free(w);
	cc__oidmap_free(&x.map);
	cc__oidmap_free(&x.fresh);
	cc__oidmap_free(&x.bare);
	cc__erasures_free(&x.earlier);
	cc__lock_release(s, lock_fd, lock_path);
	free(lock_path);
	return err;
}
