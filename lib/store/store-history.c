/* store-history.c - the changes of many files in one walk of the history
 *
 * cc_store_file_changes compares each commit's tree with its first
 * parent's, level by level: entries with equal ids are skipped without
 * reading them, so a commit that touched one case reads the few trees on
 * the way to it and the one changed blob.
 */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "store-hindex-int.h"

#define MAX_DEPTH 16
#define TREE_SLOTS 8192        /* a power of two */

/* What one commit has at RELDIR: remembered when the commit is walked,
 * so that its children (walked later) need not read it again. */
typedef struct {
	git_oid commit;
	git_oid tree;
	int used;                 /* 0 empty, 1 absent at RELDIR, 2 present */
} memo_slot;

typedef struct {
	cc_store *s;
	const char *name;         /* base name to report */
	cc_file_change_fn fn;
	void *payload;
	git_commit *commit;       /* the commit being compared */
	cc_file_change ch;        /* oid, time and tz filled per commit */
	cc_buf path;              /* the current folder, then the file */
	cc_buf data;              /* the reported blob, NUL-terminated */
	memo_slot *memo;          /* commit -> its RELDIR tree, for the children */
	size_t memo_n, memo_cap;  /* used slots, slots (a power of two) */
	git_tree **trees;         /* TREE_SLOTS recently read trees, by id (direct mapped) */
} walk_ctx;

/* The tree at RELDIR in COMMIT: 1 and *out set, 0 when absent, <0 on error. */
static int subtree_id(git_commit *commit, const char *reldir, git_oid *out)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	int rc;

	if (git_commit_tree(&tree, commit) < 0)
		return cc__git_error(CC_EIO, "cannot read the tree of a commit");
	rc = git_tree_entry_bypath(&e, tree, reldir);
	if (rc == 0) {
		rc = git_tree_entry_type(e) == GIT_OBJECT_TREE;
		if (rc)
			git_oid_cpy(out, git_tree_entry_id(e));
		git_tree_entry_free(e);
	} else if (rc == GIT_ENOTFOUND) {
		rc = 0;
	} else {
		rc = cc__git_error(CC_EIO, "cannot look up '%s'", reldir);
	}
	git_tree_free(tree);
	return rc;
}

static size_t memo_hash(const git_oid *id, size_t cap)
{
	size_t h;

	memcpy(&h, id->id, sizeof(h));   /* an oid is already well mixed */
	return h & (cap - 1);
}

static memo_slot *memo_find(walk_ctx *w, const git_oid *commit)
{
	size_t k;

	if (!w->memo_cap)
		return NULL;
	for (k = memo_hash(commit, w->memo_cap); w->memo[k].used; k = (k + 1) & (w->memo_cap - 1))
		if (git_oid_equal(&w->memo[k].commit, commit))
			return &w->memo[k];
	return NULL;
}

static int memo_put(walk_ctx *w, const git_oid *commit, const git_oid *tree, int present)
{
	size_t k, i;

	if ((w->memo_n + 1) * 2 > w->memo_cap) {
		size_t ncap = w->memo_cap ? w->memo_cap * 2 : 1024;
		memo_slot *nm = calloc(ncap, sizeof(*nm));
		if (!nm)
			return cc_error_set(CC_ENOMEM, "out of memory");
		for (i = 0; i < w->memo_cap; i++) {
			if (!w->memo[i].used)
				continue;
			for (k = memo_hash(&w->memo[i].commit, ncap); nm[k].used; k = (k + 1) & (ncap - 1))
				;
			nm[k] = w->memo[i];
		}
		free(w->memo);
		w->memo = nm;
		w->memo_cap = ncap;
	}
	for (k = memo_hash(commit, w->memo_cap); w->memo[k].used; k = (k + 1) & (w->memo_cap - 1))
		if (git_oid_equal(&w->memo[k].commit, commit))
			return 0;
	git_oid_cpy(&w->memo[k].commit, commit);
	if (present)
		git_oid_cpy(&w->memo[k].tree, tree);
	w->memo[k].used = present ? 2 : 1;
	w->memo_n++;
	return 0;
}

int cc__in_other_parent(git_commit *c, const char *path, const git_oid *id)
{
	unsigned i, n = git_commit_parentcount(c);
	int same = 0;

	for (i = 1; i < n && !same; i++) {
		git_commit *p = NULL;
		git_tree *tree = NULL;
		git_tree_entry *e = NULL;
		int rc;

		if (git_commit_parent(&p, c, i) < 0)
			return cc__git_error(CC_EIO, "cannot read the parent of a commit");
		if (git_commit_tree(&tree, p) < 0) {
			git_commit_free(p);
			return cc__git_error(CC_EIO, "cannot read the tree of a commit");
		}
		rc = git_tree_entry_bypath(&e, tree, path);
		if (rc == 0)
			same = id && git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
				git_oid_equal(id, git_tree_entry_id(e));
		else if (rc == GIT_ENOTFOUND)
			same = !id;
		else
			same = cc__git_error(CC_EIO, "cannot look up '%s'", path);
		git_tree_entry_free(e);
		git_tree_free(tree);
		git_commit_free(p);
	}
	return same;
}

/* Report the file at w->path: ID its new blob, or NULL when removed. */
static int report(walk_ctx *w, const git_oid *id)
{
	git_blob *blob = NULL;
	int rc;

	if (git_commit_parentcount(w->commit) > 1 &&
	    (rc = cc__in_other_parent(w->commit, w->path.ptr, id)) != 0)
		return rc < 0 ? rc : 0;
	w->ch.path = w->path.ptr;
	w->ch.data = NULL;
	w->ch.len = 0;
	if (id) {
		size_t size;
		if (git_blob_lookup(&blob, w->s->repo, id) < 0)
			return cc__git_error(CC_EIO, "cannot read '%s' from the history", w->path.ptr);
		size = (size_t)git_blob_rawsize(blob);
		cc_buf_clear(&w->data);
		if ((rc = cc_buf_put(&w->data, git_blob_rawcontent(blob), size))) {
			git_blob_free(blob);
			return rc;
		}
		w->ch.data = w->data.ptr;
		w->ch.len = size;
		git_blob_free(blob);
	}
	return w->fn(&w->ch, w->payload);
}

static int compare(walk_ctx *w, const git_oid *a, const git_oid *b, int depth);

/* Entry NAME was EA in the old tree and is EB in the new (either NULL). */
static int compare_entry(walk_ctx *w, const git_tree_entry *ea, const git_tree_entry *eb,
	int depth)
{
	const char *name = git_tree_entry_name(ea ? ea : eb);
	int ta = ea && git_tree_entry_type(ea) == GIT_OBJECT_TREE;
	int tb = eb && git_tree_entry_type(eb) == GIT_OBJECT_TREE;
	int fa = ea && git_tree_entry_type(ea) == GIT_OBJECT_BLOB &&
		git_tree_entry_filemode(ea) != GIT_FILEMODE_LINK;
	int fb = eb && git_tree_entry_type(eb) == GIT_OBJECT_BLOB &&
		git_tree_entry_filemode(eb) != GIT_FILEMODE_LINK;
	size_t keep = w->path.len;
	int rc = 0;

	if (ea && eb && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
	    git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb))
		return 0;
	if ((rc = cc_buf_putc(&w->path, '/')) || (rc = cc_buf_puts(&w->path, name)))
		return rc;
	if ((ta || tb) && depth < MAX_DEPTH)
		rc = compare(w, ta ? git_tree_entry_id(ea) : NULL,
			tb ? git_tree_entry_id(eb) : NULL, depth + 1);
	if (!rc && (fa || fb) && !strcmp(name, w->name)) {
		if (!fa || !fb || !git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)))
			rc = report(w, fb ? git_tree_entry_id(eb) : NULL);
	}
	w->path.len = keep;
	w->path.ptr[keep] = '\0';
	return rc;
}

/* Tree ID, from the walk's own cache or read (and then cached).  Most
 * trees a commit compares were read a moment before: its parent's new
 * side, or the unchanged folders on the way to the case it touched.
 * The caller frees *out. */
static int get_tree(walk_ctx *w, const git_oid *id, git_tree **out)
{
	size_t h;
	git_tree **slot;

	memcpy(&h, id->id, sizeof(h));
	slot = &w->trees[h & (TREE_SLOTS - 1)];
	if (*slot && git_oid_equal(git_tree_id(*slot), id))
		return git_tree_dup(out, *slot) < 0 ?
			cc_error_set(CC_ENOMEM, "out of memory") : 0;
	if (git_tree_lookup(out, w->s->repo, id) < 0)
		return cc__git_error(CC_EIO, "cannot read a tree of the history");
	git_tree_free(*slot);
	if (git_tree_dup(slot, *out) < 0)
		*slot = NULL;       /* not cached; nothing lost */
	return 0;
}

/* Compare tree A (old, NULL: empty) with tree B (new, NULL: empty). */
static int compare(walk_ctx *w, const git_oid *a, const git_oid *b, int depth)
{
	git_tree *ta = NULL, *tb = NULL;
	size_t i, j, na, nb;
	int rc = 0;

	if (a && (rc = get_tree(w, a, &ta)))
		return rc;
	if (b && (rc = get_tree(w, b, &tb))) {
		git_tree_free(ta);
		return rc;
	}
	/* both entry lists are in git's order: walk them side by side */
	na = ta ? git_tree_entrycount(ta) : 0;
	nb = tb ? git_tree_entrycount(tb) : 0;
	for (i = j = 0; !rc && (i < na || j < nb);) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(ta, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(tb, j) : NULL;
		int c = !ea ? 1 : !eb ? -1 : cc__tree_entry_cmp(ea, eb);
		if (c < 0) {
			rc = compare_entry(w, ea, NULL, depth);      /* removed */
			i++;
		} else if (c > 0) {
			rc = compare_entry(w, NULL, eb, depth);      /* added */
			j++;
		} else {
			rc = compare_entry(w, ea, eb, depth);
			i++;
			j++;
		}
	}
	git_tree_free(ta);
	git_tree_free(tb);
	return rc;
}

/* Compare one commit with its first parent under RELDIR. */
static int one_commit(walk_ctx *w, const char *reldir)
{
	const git_signature *author = git_commit_author(w->commit);
	git_commit *parent = NULL;
	git_oid a, b;
	int ha = 0, hb, rc;

	if ((hb = subtree_id(w->commit, reldir, &b)) < 0 ||
	    (rc = memo_put(w, git_commit_id(w->commit), &b, hb)))
		return hb < 0 ? hb : rc;
	if (git_commit_parentcount(w->commit) > 0) {
		const memo_slot *m = memo_find(w, git_commit_parent_id(w->commit, 0));
		if (m) {                /* walked already: parents come first */
			ha = m->used == 2;
			git_oid_cpy(&a, &m->tree);
		} else {
			if (git_commit_parent(&parent, w->commit, 0) < 0)
				return cc__git_error(CC_EIO, "cannot read the parent of a commit");
			ha = subtree_id(parent, reldir, &a);
			git_commit_free(parent);
			if (ha < 0)
				return ha;
		}
	}
	if (!ha && !hb)
		return 0;
	if (ha && hb && git_oid_equal(&a, &b))
		return 0;
	git_oid_tostr(w->ch.oid, sizeof(w->ch.oid), git_commit_id(w->commit));
	w->ch.time = author ? (int64_t)author->when.time : (int64_t)git_commit_time(w->commit);
	w->ch.tz_minutes = author ? author->when.offset : git_commit_time_offset(w->commit);
	cc_buf_clear(&w->path);
	if ((rc = cc_buf_puts(&w->path, reldir)))
		return rc;
	return compare(w, ha ? &a : NULL, hb ? &b : NULL, 0);
}

static int walk_all(cc_store *s, const char *reldir, const char *name,
	cc_file_change_fn fn, void *payload);

int cc_store_file_changes(cc_store *s, const char *reldir, const char *name,
	cc_file_change_fn fn, void *payload)
{
	int rc;

	if (!cc_path_valid(reldir))
		return cc_error_set(CC_EINVALID, "invalid path '%s' in the store", reldir);
	if (!name || !*name || strchr(name, '/'))
		return cc_error_set(CC_EINVALID, "invalid file name '%s'", name ? name : "");
	if (git_repository_head_unborn(s->repo) == 1)
		return 0;
	/* This walk keeps the trees it will need again in a small cache of
	 * its own, so libgit2's would only hold hundreds of megabytes of
	 * trees that are never read again (and spend its time evicting
	 * them); and libgit2 re-hashes every object read, which git itself
	 * does only in fsck.  Both are process-wide settings, put back to
	 * libgit2's defaults after. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)0);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	rc = walk_all(s, reldir, name, fn, payload);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)4096);
	return rc;
}

static int walk_all(cc_store *s, const char *reldir, const char *name,
	cc_file_change_fn fn, void *payload)
{
	walk_ctx w;
	git_revwalk *walk = NULL;
	git_oid oid;
	size_t i;
	int rc = 0, t;

	memset(&w, 0, sizeof(w));
	w.s = s;
	w.name = name;
	w.fn = fn;
	w.payload = payload;
	if (!(w.trees = calloc(TREE_SLOTS, sizeof(*w.trees))))
		return cc_error_set(CC_ENOMEM, "out of memory");
	if (git_revwalk_new(&walk, s->repo) < 0) {
		free(w.trees);
		return cc__git_error(CC_EIO, "cannot walk the history");
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE);
	t = git_revwalk_push_head(walk);
	if (t == GIT_ENOTFOUND || t == GIT_EUNBORNBRANCH)
		t = GIT_ITEROVER;
	else if (t < 0)
		rc = cc__git_error(CC_EIO, "cannot read HEAD");
	while (!rc && t != GIT_ITEROVER && (t = git_revwalk_next(&oid, walk)) == 0) {
		if (git_commit_lookup(&w.commit, s->repo, &oid) < 0) {
			rc = cc__git_error(CC_EIO, "cannot read a commit");
			break;
		}
		rc = one_commit(&w, reldir);
		git_commit_free(w.commit);
		w.commit = NULL;
		if (rc)
			break;
	}
	if (!rc && t < 0 && t != GIT_ITEROVER)
		rc = cc__git_error(CC_EIO, "cannot walk the history");
	git_revwalk_free(walk);
	cc_buf_free(&w.path);
	cc_buf_free(&w.data);
	for (i = 0; i < TREE_SLOTS; i++)
		git_tree_free(w.trees[i]);
	free(w.trees);
	free(w.memo);
	return rc;
}
