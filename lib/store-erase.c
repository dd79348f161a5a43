/* store-erase.c - rebuilding the history without one case folder */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "casectl/buf.h"
#include "casectl/erase.h"
#include "casectl/error.h"
#include "store-internal.h"

/* old commit id -> new commit id (open addressing) */
typedef struct {
	git_oid *keys, *vals;
	unsigned char *used;
	size_t cap, n;
} oidmap;

static size_t slot(const oidmap *m, const git_oid *k)
{
	size_t h;

	memcpy(&h, k->id, sizeof(h));
	h &= m->cap - 1;
	while (m->used[h] && !git_oid_equal(&m->keys[h], k))
		h = (h + 1) & (m->cap - 1);
	return h;
}

static int map_put(oidmap *m, const git_oid *k, const git_oid *v)
{
	size_t i, h;

	if ((m->n + 1) * 2 > m->cap) {
		oidmap nm = { 0 };
		nm.cap = m->cap ? m->cap * 2 : 1024;
		nm.keys = calloc(nm.cap, sizeof(git_oid));
		nm.vals = calloc(nm.cap, sizeof(git_oid));
		nm.used = calloc(nm.cap, 1);
		if (!nm.keys || !nm.vals || !nm.used) {
			free(nm.keys); free(nm.vals); free(nm.used);
			return cc_error_set(CC_ENOMEM, "out of memory");
		}
		for (i = 0; i < m->cap; i++)
			if (m->used[i])
				map_put(&nm, &m->keys[i], &m->vals[i]);
		free(m->keys); free(m->vals); free(m->used);
		*m = nm;
	}
	h = slot(m, k);
	if (!m->used[h])
		m->n++;
	m->used[h] = 1;
	git_oid_cpy(&m->keys[h], k);
	git_oid_cpy(&m->vals[h], v);
	return 0;
}

static const git_oid *map_get(const oidmap *m, const git_oid *k)
{
	size_t h;

	if (!m->cap)
		return NULL;
	h = slot(m, k);
	return m->used[h] ? &m->vals[h] : NULL;
}

static void map_free(oidmap *m)
{
	free(m->keys); free(m->vals); free(m->used);
}

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

static int make_commit(cc_store *s, git_commit *c, const git_oid *tree_id,
	const git_commit **parents, size_t np, int sign, git_oid *out)
{
	git_tree *tree = NULL;
	git_buf buf = GIT_BUF_INIT;
	char *sig = NULL;
	int err = 0;

	if (git_tree_lookup(&tree, s->repo, tree_id) < 0)
		return cc__git_error(CC_EIO, "cannot read a rebuilt tree");
	if (!sign) {
		if (git_commit_create(out, s->repo, NULL, git_commit_author(c),
			git_commit_committer(c), git_commit_message_encoding(c),
			git_commit_message_raw(c), tree, np, parents) < 0)
			err = cc__git_error(CC_EIO, "cannot write a rebuilt commit");
	} else if (git_commit_create_buffer(&buf, s->repo, git_commit_author(c),
			git_commit_committer(c), git_commit_message_encoding(c),
			git_commit_message_raw(c), tree, np, parents) < 0) {
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

static int has_signature(cc_store *s, const git_oid *id)
{
	git_buf a = GIT_BUF_INIT, b = GIT_BUF_INIT;
	int rc = git_commit_extract_signature(&a, &b, s->repo, (git_oid *)id, NULL);

	git_buf_dispose(&a);
	git_buf_dispose(&b);
	git_error_clear();
	return rc == 0;
}

/* Rebuild one commit C. */
static int rewrite_one(cc_store *s, git_commit *c, const char *relpath, const git_oid *keep,
	int sign_keep, oidmap *m, cc_erase_stats *st)
{
	const git_oid *cid = git_commit_id(c);
	const git_commit *parents[64];
	git_commit *owned[64];
	git_oid newtree, pids[64], otree;
	size_t np = 0, i, j, n = git_commit_parentcount(c);
	int changed = 0, parents_moved = 0, err = 0, is_keep = keep && git_oid_equal(cid, keep);

	if (n > 64)
		return cc_error_set(CC_EINVALID, "a merge of more than 64 parents cannot be rebuilt");
	git_oid_cpy(&otree, git_commit_tree_id(c));
	{
		git_tree *t = NULL;
		if (git_commit_tree(&t, c) < 0)
			return cc__git_error(CC_EIO, "cannot read a tree");
		err = strip_tree(s->repo, t, relpath, &newtree, &changed);
		git_tree_free(t);
		if (err)
			return err;
	}
	for (i = 0; i < n; i++) {
		const git_oid *po = git_commit_parent_id(c, (unsigned)i);
		const git_oid *pn = map_get(m, po);
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
		return map_put(m, cid, cid);
	/* a commit that only changed the erased folder becomes empty: drop it */
	if (!is_keep && np == 1 && n >= 1) {
		git_commit *p = NULL;
		int same = 0, was_same = 0;
		if (git_commit_lookup(&p, s->repo, &pids[0]) < 0)
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
			st->dropped++;
			return map_put(m, cid, &pids[0]);
		}
	}
	for (i = 0; i < np; i++) {
		if (git_commit_lookup(&owned[i], s->repo, &pids[i]) < 0) {
			while (i--)
				git_commit_free(owned[i]);
			return cc__git_error(CC_EIO, "cannot read a rebuilt commit");
		}
		parents[i] = owned[i];
	}
	{
		git_oid nid;
		err = make_commit(s, c, &newtree, parents, np, is_keep && sign_keep, &nid);
		if (!err) {
			st->rewritten++;
			if (!(is_keep && sign_keep) && has_signature(s, cid))
				st->unsigned_now++;
			err = map_put(m, cid, &nid);
		}
	}
	for (i = 0; i < np; i++)
		git_commit_free(owned[i]);
	return err;
}

/* Move every ref whose commit was rebuilt. */
static int move_refs(cc_store *s, const oidmap *m, cc_erase_stats *st)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	int err = 0, rc;

	if (git_reference_iterator_new(&it, s->repo) < 0)
		return cc__git_error(CC_EIO, "cannot list the refs");
	while (!err && (rc = git_reference_next(&ref, it)) == 0) {
		const git_oid *old = git_reference_target(ref), *nw;
		git_object *peeled = NULL;
		git_reference *out = NULL;

		if (!old) {
			git_reference_free(ref);
			continue;
		}
		if ((nw = map_get(m, old)) != NULL) {
			if (!git_oid_equal(nw, old)) {
				if (git_reference_create_matching(&out, s->repo, git_reference_name(ref),
					nw, 1, old, "casectl erase") < 0)
					err = cc__git_error(CC_ECONFLICT, "cannot move '%s'; did it "
						"change meanwhile?", git_reference_name(ref));
				else
					st->refs++;
				git_reference_free(out);
			}
		} else if (git_reference_peel(&peeled, ref, GIT_OBJECT_COMMIT) == 0 &&
			   (nw = map_get(m, git_object_id(peeled))) != NULL &&
			   !git_oid_equal(nw, git_object_id(peeled))) {
			/* an annotated tag of a rebuilt commit still holds the old one */
			cc_warn("tag '%s' pointed into the erased history and was deleted",
				git_reference_name(ref));
			if (git_reference_delete(ref) < 0)
				err = cc__git_error(CC_EIO, "cannot delete '%s'", git_reference_name(ref));
		} else {
			git_error_clear();
		}
		git_object_free(peeled);
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	return err;
}

int cc_store_erase_path(cc_store *s, const char *relpath, const char *keep,
	cc_erase_stats *st)
{
	git_revwalk *w = NULL;
	git_oid id, keep_id;
	oidmap m = { 0 };
	char *lock_path = NULL;
	int lock_fd = -1, err, sign = 0;

	if (!cc_path_valid(relpath))
		return cc_error_set(CC_EINVALID, "bad path '%s'", relpath);
	if (keep && git_oid_fromstr(&keep_id, keep) < 0)
		return cc_error_set(CC_EINVALID, "bad commit id '%s'", keep);
	if ((err = cc__sign_wanted(s, &sign)))
		return err;
	if ((err = cc__lock_acquire(s, &lock_fd, &lock_path)))
		return err;
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
	while (!err && git_revwalk_next(&id, w) == 0) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, s->repo, &id) < 0) {
			err = cc__git_error(CC_EIO, "cannot read a commit");
			break;
		}
		err = rewrite_one(s, c, relpath, keep ? &keep_id : NULL, sign, &m, st);
		git_commit_free(c);
	}
	if (!err)
		err = move_refs(s, &m, st);
	if (!err && keep) {
		const git_oid *k = map_get(&m, &keep_id);
		git_oid_tostr(st->tombstone, sizeof(st->tombstone), k ? k : &keep_id);
	}
	if (!err) {
		/* the per-case history cache names old commits: let it rebuild */
		cc_buf p = CC_BUF_INIT;
		if (cc_buf_printf(&p, "%s/%s/history/tip", s->gitdir, CC_LOCK_DIR) == 0)
			unlink(p.ptr);
		cc_buf_clear(&p);
		if (cc_buf_printf(&p, "%s/ORIG_HEAD", s->gitdir) == 0)
			unlink(p.ptr);
		cc_buf_clear(&p);
		if (cc_buf_printf(&p, "%s/FETCH_HEAD", s->gitdir) == 0)
			unlink(p.ptr);
		cc_buf_free(&p);
	}
out:
	git_revwalk_free(w);
	map_free(&m);
	cc__lock_release(lock_fd, lock_path);
	free(lock_path);
	return err;
}

static int git_run(cc_store *s, const char *what, char **args)
{
	cc_buf out = CC_BUF_INIT, errout = CC_BUF_INIT;
	char *argv[16];
	int n = 0, status = 0, err, fd;

	argv[n++] = "git";
	argv[n++] = "-C";
	argv[n++] = s->root;
	while (*args && n < 15)
		argv[n++] = *args++;
	argv[n] = NULL;
	if ((fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0)
		return cc_error_set(CC_EIO, "cannot open /dev/null");
	err = cc__run(argv, fd, &out, &errout, &status);
	close(fd);
	if (!err && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
		while (errout.len && errout.ptr[errout.len - 1] == '\n')
			errout.ptr[--errout.len] = '\0';
		err = cc_error_set(CC_ERROR, "'git %s' failed%s%s", what,
			errout.len ? ": " : "", cc_buf_cstr(&errout));
	}
	cc_buf_free(&out);
	cc_buf_free(&errout);
	return err;
}

int cc_store_prune(cc_store *s)
{
	char *expire[] = { "reflog", "expire", "--expire=now", "--expire-unreachable=now",
		"--all", NULL };
	char *gc[] = { "-c", "gc.reflogExpire=now", "-c", "gc.reflogExpireUnreachable=now",
		"-c", "gc.pruneExpire=now", "gc", "--prune=now", "--quiet", NULL };
	int err;

	if ((err = git_run(s, "reflog expire", expire)))
		return err;
	return git_run(s, "gc", gc);
}
