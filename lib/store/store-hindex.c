/* store-hindex.c - the per-case history index: rebuild, catch-up, and
 * the entry points (the format and the rules are in store-hindex-int.h) */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/util/id.h"
#include "store-hindex-int.h"

#define CATCHUP_MAX 100000   /* longer runs of plain commits: rebuild */

/* --- rebuilding: one walk, the touched cases of every commit ----------- */

static int rebuild(cc_store *s, const git_oid *head)
{
	git_revwalk *walk = NULL;
	cc__hx_trees tc;
	cc__hx_table t = { NULL, 0, 0, &tc, NULL };
	cc_buf *bk = NULL;
	git_oid oid;
	size_t i, j;
	int err = -1;

	if (cc__hx_tip_remove(s) || cc__hx_remove_all(s) || cc__hx_trees_init(&tc, s->repo, 1))
		return -1;
	/* A walk of all history would otherwise fill libgit2's object cache
	 * (256 MiB by default) with trees read once and spend its time
	 * evicting them; the trees worth keeping are those of the commit
	 * walked just before, which TC keeps.  libgit2 also re-hashes every
	 * object it reads, which git itself does only in fsck.  Both are
	 * process-wide settings, put back to libgit2's defaults after. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)(32 << 20));
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)0);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	if (git_revwalk_new(&walk, s->repo) < 0)
		goto out;
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	if (git_revwalk_push(walk, head) < 0)
		goto out;
	while (git_revwalk_next(&oid, walk) == 0) {
		if (git_commit_lookup(&t.cur, s->repo, &oid) < 0)
			goto out;
		err = cc__hindex_commit_touched(&tc, t.cur, cc__hx_collect, &t);
		git_commit_free(t.cur);
		t.cur = NULL;
		if (err)
			goto out;
		err = -1;
	}
	/* One write per bucket file, its cases' lines oldest first. */
	if (!(bk = calloc(32 * 32, sizeof(*bk))))
		goto out;
	for (i = 0; i < t.cap; i++) {
		cc__hx_slot *sl = &t.t[i];
		if (!sl->id[0])
			continue;
		for (j = sl->n; j-- > 0;)
			if (cc__hx_put_line(&bk[cc__hx_bucket_of(sl->id)], &sl->v[j]))
				goto out;
	}
	for (i = 0; i < 32 * 32; i++)
		if (bk[i].len && cc__hx_bucket_append(s, bk[i].ptr, &bk[i]))
			goto out;
	err = cc__hx_tip_write(s, head);
out:
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)4096);
	cc__hx_trees_free(&tc);
	if (bk)
		for (i = 0; i < 32 * 32; i++)
			cc_buf_free(&bk[i]);
	free(bk);
	cc__hx_table_free(&t);
	git_revwalk_free(walk);
	return err;
}

/* --- catching up with plain commits ------------------------------------ */

typedef struct {
	cc_store *s;
	cc__hx_trees *tc;
	git_commit *cur;
} append_ctx;

static int append_one(const char *id, const git_tree_entry *nw, const git_tree_entry *old,
	void *payload)
{
	append_ctx *a = payload;
	cc__hx_line l;

	if (cc__hx_describe(a->tc, a->cur, id, nw, old, &l))
		return -1;
	return cc__hx_case_append(a->s, &l);
}

/* 0 when the index now reaches HEAD, 1 when it needs a rebuild. */
static int catch_up(cc_store *s, const git_oid *head, const git_oid *tip)
{
	git_oid *chain = NULL, cur;
	size_t n = 0, cap = 0, i;
	cc__hx_trees tc = { s->repo, NULL };
	int rc = 1;

	git_oid_cpy(&cur, head);
	while (!git_oid_equal(&cur, tip)) {
		git_commit *c = NULL;
		if (n == CATCHUP_MAX || git_commit_lookup(&c, s->repo, &cur) < 0)
			goto out;
		if (git_commit_parentcount(c) != 1) {
			git_commit_free(c);
			goto out;
		}
		if (n == cap) {
			git_oid *nv;
			cap = cap ? cap * 2 : 16;
			if (!(nv = realloc(chain, cap * sizeof(*nv)))) {
				git_commit_free(c);
				goto out;
			}
			chain = nv;
		}
		git_oid_cpy(&chain[n++], &cur);
		git_oid_cpy(&cur, git_commit_parent_id(c, 0));
		git_commit_free(c);
	}
	if (n > 1 && cc__hx_trees_init(&tc, s->repo, 1))
		goto out;
	for (i = n; i-- > 0;) {          /* oldest first */
		git_commit *c = NULL;
		append_ctx a = { s, &tc, NULL };
		if (git_commit_lookup(&c, s->repo, &chain[i]) < 0)
			goto out;
		a.cur = c;
		rc = cc__hindex_commit_touched(&tc, c, append_one, &a);
		git_commit_free(c);
		if (rc) {
			rc = 1;
			goto out;
		}
	}
	rc = cc__hx_tip_write(s, head) ? 1 : 0;
out:
	cc__hx_trees_free(&tc);
	free(chain);
	return rc;
}

/* 0 when the index now reaches HEAD (from TIP), 1 when it needs a rebuild. */
static int bring_up(cc_store *s, const git_oid *head, const git_oid *tip)
{
	if (!catch_up(s, head, tip)) {
		cc__trace("history index", "caught up");
		return 0;
	}
	if (!cc__hx_merge_up(s, head, tip)) {
		cc__trace("history index", "merged");
		return 0;
	}
	return 1;
}

/* --- the entry points ---------------------------------------------- */

/* The case ID when RELPATH is cases/C2/C3/ID or below, else 0. */
static int case_of(const char *relpath, char id[CC_ID_LEN + 1])
{
	char dir[CC_ID_DIR_MAX];
	size_t dl;

	if (strncmp(relpath, "cases/", 6) || strlen(relpath) < 6 + 4 + CC_ID_LEN)
		return 0;
	memcpy(id, relpath + 10, CC_ID_LEN);
	id[CC_ID_LEN] = '\0';
	if (cc_id_dir(id, dir)) {
		cc_error_clear();
		return 0;
	}
	dl = strlen(dir);
	return !strncmp(relpath, dir, dl) && (relpath[dl] == '\0' || relpath[dl] == '/');
}

/* 1 if the entry V (N commits) is believable for case folder DIR at HEAD:
 * every commit exists, and when the case exists at HEAD its tree there
 * is the tree of one of them (true of the commit on HEAD's first-parent
 * line that last changed it, which a complete entry holds). */
static int believable(cc_store *s, git_tree *head_tree, const char *dir,
	const git_oid *v, size_t n)
{
	git_tree_entry *he = NULL;
	git_odb *odb = NULL;
	size_t i;
	int ok = 0;

	if (git_repository_odb(&odb, s->repo) < 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!git_odb_exists(odb, &v[i]))
			goto out;
	if (git_tree_entry_bypath(&he, head_tree, dir) < 0) {
		ok = 1;                      /* not at HEAD: nothing to compare */
		goto out;
	}
	for (i = 0; i < n && !ok; i++) {
		git_commit *c = NULL;
		git_tree *t = NULL;
		git_tree_entry *e = NULL;
		if (git_commit_lookup(&c, s->repo, &v[i]) == 0 && git_commit_tree(&t, c) == 0 &&
		    git_tree_entry_bypath(&e, t, dir) == 0)
			ok = git_oid_equal(git_tree_entry_id(e), git_tree_entry_id(he));
		git_tree_entry_free(e);
		git_tree_free(t);
		git_commit_free(c);
	}
out:
	git_tree_entry_free(he);
	git_odb_free(odb);
	return ok;
}

int cc__hindex_use(cc_store *s, int (*use)(cc_store *s, git_tree *head_tree, void *ctx),
	void *ctx)
{
	const char *env = getenv("CASECTL_HISTORY_INDEX");
	git_commit *hc = NULL;
	git_tree *ht = NULL;
	git_oid head, tip;
	int fd, rc = 0, attempt, fresh = 0;

	if (env && !strcmp(env, "0"))
		return 0;
	if (git_reference_name_to_id(&head, s->repo, "HEAD") < 0) {
		cc_error_clear();
		return 0;
	}
	if (git_commit_lookup(&hc, s->repo, &head) < 0 || git_commit_tree(&ht, hc) < 0 ||
	    (fd = cc__hx_lock_take(s, 0)) < 0) {
		git_tree_free(ht);
		git_commit_free(hc);
		cc_error_clear();
		return 0;
	}
	for (attempt = 0; attempt < 2; attempt++) {
		if (!cc__hx_tip_read(s, &tip) || (!git_oid_equal(&tip, &head) && bring_up(s, &head, &tip))) {
			if (fresh || rebuild(s, &head))
				break;
			cc__trace("history index", "rebuilt");
			fresh = 1;
		}
		if ((rc = use(s, ht, ctx)) != 0)
			break;
		if (fresh || cc__hx_tip_remove(s))   /* doubt: rebuild on the next round */
			break;
	}
	cc__hx_lock_drop(fd);
	git_tree_free(ht);
	git_commit_free(hc);
	cc_error_clear();
	return rc == 1;
}

typedef struct {
	const char *id;
	char dir[CC_ID_DIR_MAX];
	git_oid *v;
	size_t n;
} candidates_ctx;

static int read_candidates(cc_store *s, git_tree *head_tree, void *ctx)
{
	candidates_ctx *c = ctx;

	free(c->v);
	c->v = NULL;
	c->n = 0;
	return cc__hx_case_read(s, c->id, &c->v, &c->n) == 0 &&
		believable(s, head_tree, c->dir, c->v, c->n);
}

int cc__hindex_candidates(cc_store *s, const char *relpath, git_oid **out, size_t *n)
{
	char id[CC_ID_LEN + 1];
	candidates_ctx c = { id, "", NULL, 0 };

	*out = NULL;
	*n = 0;
	if (!relpath || !case_of(relpath, id) || cc_id_dir(id, c.dir)) {
		cc_error_clear();
		return 0;
	}
	if (cc__hindex_use(s, read_candidates, &c) != 1) {
		free(c.v);
		return 0;
	}
	*out = c.v;
	*n = c.n;
	return 1;
}

static int answered(cc_store *s, git_tree *head_tree, void *ctx)
{
	(void)s;
	(void)head_tree;
	(void)ctx;
	return 1;
}

void cc__hindex_refresh(cc_store *s)
{
	cc__hindex_use(s, answered, NULL);
}

void cc__hindex_committed(cc_store *s, const git_oid *old, const git_oid *new_oid,
	git_tree *old_tree, git_tree *new_tree)
{
	cc__hx_trees tc = { s->repo, NULL };
	append_ctx a = { s, &tc, NULL };
	git_oid tip;
	int fd = cc__hx_lock_take(s, 1), ok;

	if (fd < 0)
		return;           /* someone else holds it: a reader catches up later */
	ok = old ? cc__hx_tip_read(s, &tip) && git_oid_equal(&tip, old) : cc__hx_remove_all(s) == 0;
	if (ok && git_commit_lookup(&a.cur, s->repo, new_oid) == 0 &&
	    cc__hindex_touched(&tc, new_tree, old_tree, append_one, &a) == 0)
		cc__hx_tip_write(s, new_oid);
	else if (ok)
		cc__hx_tip_remove(s);
	git_commit_free(a.cur);
	cc__hx_lock_drop(fd);
	cc_error_clear();
}
