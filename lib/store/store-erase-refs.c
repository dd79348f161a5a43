/* store-erase-refs.c - the erase engine's refs: moving them all or none,
 * undoing a tombstone, and pruning what is left behind */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "store-erase-int.h"
#include "store-peek-int.h"

#define MOVE_LOG "casectl erase"
#define UNDO_LOG "casectl erase: undone"

typedef struct {
	char *name;
	git_oid old, nw;        /* the target before and after */
	int del;                /* an annotated tag to delete (old: the tag object) */
} ref_change;

void cc__erase_drop_caches(cc_store *s, int heads)
{
	/* Caches, and the messages plain git keeps of its last commit,
	 * merge or tag (a hand commit's message may name the client). */
	static const char *const caches[] = { CC_LOCK_DIR "/history/tip",
		CC_LOCK_DIR "/summary", "COMMIT_EDITMSG", "MERGE_MSG", "SQUASH_MSG",
		"TAG_EDITMSG", "ORIG_HEAD", "FETCH_HEAD" };
	cc_buf p = CC_BUF_INIT;
	size_t i;

	for (i = 0; i < (heads ? 8u : 6u); i++) {
		cc_buf_clear(&p);
		if (cc_buf_printf(&p, "%s/%s", s->gitdir, caches[i]) == 0)
			unlink(p.ptr);
	}
	cc_buf_free(&p);
	cc__logmeta_remove(s->gitdir);
}

/* Drop the newest entries of NAME's reflog while they record a move
 * between A and B (either way), at most two. */
static void reflog_unwind(cc_store *s, const char *name, const git_oid *a, const git_oid *b)
{
	git_reflog *log = NULL;
	int dropped = 0;

	if (git_reflog_read(&log, s->repo, name) < 0) {
		git_error_clear();
		return;
	}
	while (dropped < 2 && git_reflog_entrycount(log) > 0) {
		const git_reflog_entry *e = git_reflog_entry_byindex(log, 0);
		const git_oid *o = git_reflog_entry_id_old(e), *n = git_reflog_entry_id_new(e);
		if (!((git_oid_equal(o, a) && git_oid_equal(n, b)) ||
		      (git_oid_equal(o, b) && git_oid_equal(n, a))) ||
		    git_reflog_drop(log, 0, 1) < 0)
			break;
		dropped++;
	}
	if (dropped && git_reflog_write(log) < 0)
		cc_warn("cannot tidy the reflog of '%s'", name);
	git_error_clear();
	git_reflog_free(log);
}

/* 1 if HEAD is a symbolic ref to NAME. */
static int head_is(cc_store *s, const char *name)
{
	git_reference *h = NULL;
	int is = 0;

	if (git_reference_lookup(&h, s->repo, "HEAD") == 0 &&
	    git_reference_type(h) == GIT_REFERENCE_SYMBOLIC)
		is = !strcmp(git_reference_symbolic_target(h), name);
	git_reference_free(h);
	git_error_clear();
	return is;
}

/* Apply change C (UNDO: put it back). */
static int apply(cc_store *s, const ref_change *c, int undo)
{
	git_reference *out = NULL, *ref = NULL;
	int rc;

	if (c->del && !undo) {
		rc = git_reference_lookup(&ref, s->repo, c->name);
		if (rc == 0 && git_oid_equal(git_reference_target(ref), &c->old))
			rc = git_reference_delete(ref);
		else if (rc == 0)
			rc = GIT_EMODIFIED;
		git_reference_free(ref);
	} else if (c->del) {
		rc = git_reference_create(&out, s->repo, c->name, &c->old, 0, UNDO_LOG);
	} else {
		rc = git_reference_create_matching(&out, s->repo, c->name, undo ? &c->old : &c->nw,
			1, undo ? &c->nw : &c->old, undo ? UNDO_LOG : MOVE_LOG);
	}
	git_reference_free(out);
	if (rc < 0)
		return cc__git_error(CC_ECONFLICT, "cannot %s '%s'; did it change meanwhile?",
			c->del ? (undo ? "restore" : "delete") : "move", c->name);
	if (undo && !c->del) {
		reflog_unwind(s, c->name, &c->old, &c->nw);
		if (head_is(s, c->name))
			reflog_unwind(s, "HEAD", &c->old, &c->nw);
	}
	return 0;
}

/* What each ref must become: CH receives the changes, *n their number. */
static int plan(cc_store *s, const cc__oidmap *m, ref_change **ch, size_t *n)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	size_t cap = 0;
	int err = 0, rc;

	*ch = NULL;
	*n = 0;
	if (git_reference_iterator_new(&it, s->repo) < 0)
		return cc__git_error(CC_EIO, "cannot list the refs");
	while (!err && (rc = git_reference_next(&ref, it)) == 0) {
		const git_oid *old = git_reference_target(ref), *nw = NULL, *pn;
		git_object *peeled = NULL;
		int del = 0;

		/* a ref to a tag object: deleted if the tag names a rebuilt commit */
		if (old && !(nw = cc__oidmap_get(m, old)) &&
		    git_reference_peel(&peeled, ref, GIT_OBJECT_COMMIT) == 0 &&
		    (pn = cc__oidmap_get(m, git_object_id(peeled))) != NULL &&
		    !git_oid_equal(pn, git_object_id(peeled))) {
			nw = pn;
			del = 1;
		}
		git_error_clear();
		if (old && nw && (del || !git_oid_equal(nw, old))) {
			if (*n == cap) {
				ref_change *nc = realloc(*ch, (cap = cap * 2 + 8) * sizeof(*nc));
				if (!nc) {
					err = cc_error_set(CC_ENOMEM, "out of memory");
					goto next;
				}
				*ch = nc;
			}
			if (!((*ch)[*n].name = strdup(git_reference_name(ref)))) {
				err = cc_error_set(CC_ENOMEM, "out of memory");
				goto next;
			}
			git_oid_cpy(&(*ch)[*n].old, old);
			git_oid_cpy(&(*ch)[*n].nw, nw);
			(*ch)[(*n)++].del = del;
		}
next:
		git_object_free(peeled);
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	return err;
}

int cc__erase_move_refs(cc_store *s, const cc__oidmap *m, cc_erase_stats *st)
{
	ref_change *ch = NULL;
	size_t n = 0, i, done = 0;
	int err;

	err = plan(s, m, &ch, &n);
	for (i = 0; !err && i < n; i++)
		if (!(err = apply(s, &ch[i], 0)))
			done++;
	if (err) {
		char *msg = strdup(cc_error_msg());
		while (done--)
			if (apply(s, &ch[done], 1))
				cc_warn("%s", cc_error_msg());
		err = cc_error_set(err, "%s", msg ? msg : "cannot move the refs");
		free(msg);
	}
	for (i = 0; i < n; i++) {
		if (!err && ch[i].del)
			cc_warn("tag '%s' pointed into the erased history and was deleted",
				ch[i].name);
		else if (!err)
			st->refs++;
		free(ch[i].name);
	}
	free(ch);
	return err;
}

int cc__erase_stash_log(cc_store *s, const cc__oidmap *m)
{
	git_reflog *log = NULL;
	git_oid *ids = NULL;
	git_signature **sigs = NULL;
	char **msgs = NULL;
	size_t n, i;
	int err = 0, changed = 0, skip_top = 0;

	if (git_reflog_read(&log, s->repo, "refs/stash") < 0) {
		git_error_clear();
		return 0;
	}
	if (!(n = git_reflog_entrycount(log)))
		goto out;
	ids = calloc(n, sizeof(*ids));
	sigs = calloc(n, sizeof(*sigs));
	msgs = calloc(n, sizeof(*msgs));
	if (!ids || !sigs || !msgs) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		const git_reflog_entry *e = git_reflog_entry_byindex(log, i);
		const git_oid *nw = cc__oidmap_get(m, git_reflog_entry_id_new(e));
		const char *msg = git_reflog_entry_message(e);
		git_oid_cpy(&ids[i], nw ? nw : git_reflog_entry_id_new(e));
		changed |= nw && !git_oid_equal(nw, git_reflog_entry_id_new(e));
		if (i == 0 && msg && !strcmp(msg, MOVE_LOG))
			changed = skip_top = 1;
		if (git_signature_dup(&sigs[i], git_reflog_entry_committer(e)) < 0 ||
		    (msg && !(msgs[i] = strdup(msg)))) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			goto out;
		}
	}
	if (!changed)
		goto out;
	while (git_reflog_entrycount(log) && git_reflog_drop(log, 0, 0) == 0)
		;
	for (i = n; !err && i-- > (size_t)skip_top;)
		if (git_reflog_append(log, &ids[i], sigs[i], msgs[i]) < 0)
			err = cc__git_error(CC_EIO, "cannot rewrite the stash's reflog");
	if (!err && git_reflog_write(log) < 0)
		err = cc__git_error(CC_EIO, "cannot rewrite the stash's reflog");
out:
	for (i = 0; sigs && i < n; i++)
		git_signature_free(sigs[i]);
	for (i = 0; msgs && i < n; i++)
		free(msgs[i]);
	free(ids);
	free(sigs);
	free(msgs);
	git_reflog_free(log);
	return err;
}

/* The paths of the files under RELPATH in a tree. */
typedef struct {
	const char *relpath;
	char **v;
	size_t n, cap;
	int err;
} collect_ctx;

static int collect_push(collect_ctx *c, const char *sep, const char *root, const char *name)
{
	cc_buf p = CC_BUF_INIT;

	if (c->n == c->cap) {
		char **nv = realloc(c->v, (c->cap = c->cap * 2 + 16) * sizeof(*nv));
		if (!nv)
			return c->err = cc_error_set(CC_ENOMEM, "out of memory");
		c->v = nv;
	}
	if (cc_buf_printf(&p, "%s%s%s%s", c->relpath, sep, root, name))
		return c->err = CC_ENOMEM;
	c->v[c->n++] = cc_buf_detach(&p);
	return 0;
}

static int collect_cb(const char *root, const git_tree_entry *e, void *payload)
{
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	return collect_push(payload, "/", root, git_tree_entry_name(e)) ? -1 : 0;
}

int cc_store_erase_undo(cc_store *s, const char *tomb, const char *relpath)
{
	git_reference *head = NULL, *out = NULL;
	git_commit *t = NULL, *parent = NULL;
	git_tree *tree = NULL, *sub = NULL;
	git_tree_entry *e = NULL;
	collect_ctx cc = { relpath, NULL, 0, 0, 0 };
	git_oid tid;
	char *lock_path = NULL;
	size_t i;
	int lock_fd = -1, err;

	if (git_oid_fromstr(&tid, tomb) < 0)
		return cc_error_set(CC_EINVALID, "bad commit id '%s'", tomb);
	if ((err = cc__lock_acquire(s, &lock_fd, &lock_path)))
		return err;
	if (git_repository_head(&head, s->repo) < 0 || !git_reference_target(head) ||
	    !git_oid_equal(git_reference_target(head), &tid)) {
		err = cc__git_error(CC_ECONFLICT, "cannot undo the tombstone %.12s: the branch "
			"moved since", tomb);
		goto out;
	}
	if (git_commit_lookup(&t, s->repo, &tid) < 0 || git_commit_parent(&parent, t, 0) < 0 ||
	    git_commit_tree(&tree, parent) < 0) {
		err = cc__git_error(CC_EIO, "cannot read the tombstone %.12s", tomb);
		goto out;
	}
	if (git_reference_create_matching(&out, s->repo, git_reference_name(head),
		git_commit_id(parent), 1, &tid, UNDO_LOG) < 0) {
		err = cc__git_error(CC_ECONFLICT, "cannot undo the tombstone %.12s", tomb);
		goto out;
	}
	reflog_unwind(s, git_reference_name(head), git_commit_id(parent), &tid);
	reflog_unwind(s, "HEAD", git_commit_id(parent), &tid);
	/* the files the tombstone removed, back as the parent has them */
	if (git_tree_entry_bypath(&e, tree, relpath) == 0) {
		if (git_tree_entry_type(e) == GIT_OBJECT_BLOB)
			collect_push(&cc, "", "", "");
		else if (git_tree_lookup(&sub, s->repo, git_tree_entry_id(e)) == 0)
			git_tree_walk(sub, GIT_TREEWALK_PRE, collect_cb, &cc);
	}
	git_error_clear();
	err = cc.err;
	for (i = 0; !err && i < cc.n; i++)
		err = cc__materialize(s, tree, cc.v[i]);
	if (!err && cc.n)
		err = cc__index_update(s, cc.v, cc.n);
	cc__erase_drop_caches(s, 0);
out:
	for (i = 0; i < cc.n; i++)
		free(cc.v[i]);
	free(cc.v);
	git_tree_entry_free(e);
	git_tree_free(sub);
	git_tree_free(tree);
	git_commit_free(parent);
	git_commit_free(t);
	git_reference_free(out);
	git_reference_free(head);
	cc__lock_release(s, lock_fd, lock_path);
	free(lock_path);
	return err;
}

static int git_run(cc_store *s, const char *what, char **args)
{
	cc_buf out = CC_BUF_INIT, errout = CC_BUF_INIT;
	char *argv[24];
	int n = 0, status = 0, err, fd;

	argv[n++] = "git";
	argv[n++] = "-C";
	argv[n++] = s->root;
	while (*args && n < 23)
		argv[n++] = *args++;
	argv[n] = NULL;
	if ((fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0)
		return cc_error_set(CC_EIO, "cannot open /dev/null");
	err = cc__run(argv, fd, &out, &errout, &status);
	close(fd);
	if (!err && WIFEXITED(status) && WEXITSTATUS(status) == 127)
		err = cc_error_set(CC_ERROR, "cannot run 'git %s'; install git", what);
	else if (!err && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
		while (errout.len && errout.ptr[errout.len - 1] == '\n')
			errout.ptr[--errout.len] = '\0';
		err = cc_error_set(CC_ERROR, "'git %s' failed%s%s", what,
			errout.len ? ": " : "", cc_buf_cstr(&errout));
	}
	cc_buf_free(&out);
	cc_buf_free(&errout);
	return err;
}

int cc_store_prune_check(cc_store *s)
{
	char *version[] = { "version", NULL };

	return git_run(s, "version", version);
}

/* The git processes of a prune inherit an open file flock(2)ed by their
 * parent, so that the lock is held until the last of them has exited,
 * even when casectl was killed and they live on.  A prune waits for
 * that lock first: it never runs beside an orphaned gc or repack. */
static int gc_lock(cc_store *s, int *fd)
{
	cc_buf p = CC_BUF_INIT;
	int err = 0;

	if (cc_buf_printf(&p, "%s/%s/gc.lock", s->gitdir, CC_LOCK_DIR))
		return CC_ENOMEM;
	/* not O_CLOEXEC: git and its children keep it */
	if ((*fd = open(p.ptr, O_RDWR | O_CREAT, 0600)) < 0)
		err = cc_error_set(CC_EIO, "cannot open '%s': %s", p.ptr, strerror(errno));
	while (!err && flock(*fd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			err = cc_error_set(CC_EIO, "cannot lock '%s': %s", p.ptr, strerror(errno));
			close(*fd);
			*fd = -1;
		}
	}
	cc_buf_free(&p);
	return err;
}

int cc__erase_wait_git(cc_store *s)
{
	int fd = -1, err = gc_lock(s, &fd);

	if (fd >= 0)
		close(fd);
	return err;
}

int cc_store_prune(cc_store *s)
{
	/* every reflog expires now but the stash's: other stashes are kept
	 * (their entries were rebuilt by the erasure where they held it) */
	char *expire[] = { "-c", "gc.reflogExpire=now", "-c", "gc.reflogExpireUnreachable=now",
		"-c", "gc.refs/stash.reflogExpire=never",
		"-c", "gc.refs/stash.reflogExpireUnreachable=never",
		"reflog", "expire", "--all", NULL };
	char *gc[] = { "-c", "gc.reflogExpire=now", "-c", "gc.reflogExpireUnreachable=now",
		"-c", "gc.refs/stash.reflogExpire=never",
		"-c", "gc.refs/stash.reflogExpireUnreachable=never",
		"-c", "gc.pruneExpire=now", "gc", "--prune=now", "--quiet", NULL };
	int err, fd = -1;

	if ((err = gc_lock(s, &fd)))
		return err;
	if (!(err = git_run(s, "reflog expire", expire)))
		err = git_run(s, "gc", gc);
	close(fd);
	return err;
}
