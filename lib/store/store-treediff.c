/*
 * store-treediff.c - the files that differ between two trees.
 *
 * git_diff_tree_to_tree walks every file of both trees: with 10,000
 * cases that is 50,000 folders read (a third of a second when they are
 * not in the object cache yet) to find the hundred files a sync brings.
 * This walk descends only into folders whose ids differ, as git's own
 * diff-tree does, and gives the deltas git_diff_tree_to_tree gives
 * without options: one per file added, deleted or changed (content or
 * mode), a file that becomes a folder, a link or a submodule (or back)
 * a delete and an add, in path order.  A folder whose entries are not
 * in git's order (a tree no git writes, which libgit2's own diff sorts),
 * or folders nested deeper than casectl's layout ever goes, make it
 * hand the question to git_diff_tree_to_tree.
 */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "store-int.h"

#define MAX_DEPTH 64
#define DECLINED 1              /* walk(): libgit2 answers instead */

static int is_tree(const git_tree_entry *e)
{
	return e && git_tree_entry_filemode_raw(e) == GIT_FILEMODE_TREE;
}

/* git's order of the entries of a tree: bytewise by name, a folder as
 * if its name ended in '/'. */
int cc__tree_entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const char *x = git_tree_entry_name(a), *y = git_tree_entry_name(b);
	size_t lx = strlen(x), ly = strlen(y), n = lx < ly ? lx : ly;
	int c = memcmp(x, y, n);
	unsigned char cx, cy;

	if (c)
		return c;
	cx = (unsigned char)x[n];
	cy = (unsigned char)y[n];
	if (!cx && git_tree_entry_type(a) == GIT_OBJECT_TREE)
		cx = '/';
	if (!cy && git_tree_entry_type(b) == GIT_OBJECT_TREE)
		cy = '/';
	return (int)cx - (int)cy;
}

static int add(cc__deltas *out, const char *dir, const git_tree_entry *a,
	const git_tree_entry *b)
{
	const char *name = git_tree_entry_name(a ? a : b);
	size_t dl = strlen(dir), nl = strlen(name);
	git_diff_delta *d;
	char *path;

	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 64;
		git_diff_delta *nv = realloc(out->v, cap * sizeof(*nv));
		if (!nv)
			return cc_error_set(CC_ENOMEM, "out of memory");
		out->v = nv;
		out->cap = cap;
	}
	if (!(path = malloc(dl + nl + 1)))
		return cc_error_set(CC_ENOMEM, "out of memory");
	memcpy(path, dir, dl);
	memcpy(path + dl, name, nl + 1);
	d = &out->v[out->n++];
	memset(d, 0, sizeof(*d));
	d->status = !a ? GIT_DELTA_ADDED : !b ? GIT_DELTA_DELETED : GIT_DELTA_MODIFIED;
	d->nfiles = 2;
	d->old_file.path = d->new_file.path = path;
	if (a) {
		git_oid_cpy(&d->old_file.id, git_tree_entry_id(a));
		d->old_file.mode = (uint16_t)git_tree_entry_filemode_raw(a);
		d->old_file.flags = GIT_DIFF_FLAG_VALID_ID | GIT_DIFF_FLAG_EXISTS;
	}
	if (b) {
		git_oid_cpy(&d->new_file.id, git_tree_entry_id(b));
		d->new_file.mode = (uint16_t)git_tree_entry_filemode_raw(b);
		d->new_file.flags = GIT_DIFF_FLAG_VALID_ID | GIT_DIFF_FLAG_EXISTS;
	}
	return 0;
}

static int walk(git_repository *repo, git_tree *a, git_tree *b, char *dir, size_t dl,
	cc__deltas *out, int depth);

/* Folder entries A and/or B (the same name) at DIR: into them. */
static int descend(git_repository *repo, const git_tree_entry *a, const git_tree_entry *b,
	char *dir, size_t dl, cc__deltas *out, int depth)
{
	const char *name = git_tree_entry_name(a ? a : b);
	size_t nl = strlen(name);
	git_tree *ta = NULL, *tb = NULL;
	int err;

	if (depth >= MAX_DEPTH || dl + nl + 2 > 4096)
		return DECLINED;
	if ((a && git_tree_lookup(&ta, repo, git_tree_entry_id(a)) < 0) ||
	    (b && git_tree_lookup(&tb, repo, git_tree_entry_id(b)) < 0)) {
		git_tree_free(ta);
		return cc__git_error(CC_EIO, "cannot read a folder to compare");
	}
	memcpy(dir + dl, name, nl);
	dir[dl + nl] = '/';
	dir[dl + nl + 1] = '\0';
	err = walk(repo, ta, tb, dir, dl + nl + 1, out, depth + 1);
	dir[dl] = '\0';
	git_tree_free(tb);
	git_tree_free(ta);
	return err;
}

/* Entry A (or NULL) against entry B (or NULL), one name at DIR. */
static int pair(git_repository *repo, const git_tree_entry *a, const git_tree_entry *b,
	char *dir, size_t dl, cc__deltas *out, int depth)
{
	if (is_tree(a) || is_tree(b)) {
		if (a && b && !git_oid_cmp(git_tree_entry_id(a), git_tree_entry_id(b)))
			return 0;
		return descend(repo, a, b, dir, dl, out, depth);
	}
	if (a && b) {
		unsigned ma = (unsigned)git_tree_entry_filemode_raw(a);
		unsigned mb = (unsigned)git_tree_entry_filemode_raw(b);
		int err;
		if (ma == mb && !git_oid_cmp(git_tree_entry_id(a), git_tree_entry_id(b)))
			return 0;
		if ((ma & 0170000) == (mb & 0170000))
			return add(out, dir, a, b);
		/* a file became a link or a submodule: a delete and an add */
		if ((err = add(out, dir, a, NULL)) != 0)
			return err;
		return add(out, dir, NULL, b);
	}
	return add(out, dir, a, b);
}

static int walk(git_repository *repo, git_tree *a, git_tree *b, char *dir, size_t dl,
	cc__deltas *out, int depth)
{
	size_t i = 0, j = 0, na = a ? git_tree_entrycount(a) : 0;
	size_t nb = b ? git_tree_entrycount(b) : 0;
	int err = 0;

	while (!err && (i < na || j < nb)) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		int c = !ea ? 1 : !eb ? -1 : cc__tree_entry_cmp(ea, eb);

		if ((ea && i && cc__tree_entry_cmp(git_tree_entry_byindex(a, i - 1), ea) >= 0) ||
		    (eb && j && cc__tree_entry_cmp(git_tree_entry_byindex(b, j - 1), eb) >= 0))
			return DECLINED;
		if (c < 0) {
			err = pair(repo, ea, NULL, dir, dl, out, depth);
			i++;
		} else if (c > 0) {
			err = pair(repo, NULL, eb, dir, dl, out, depth);
			j++;
		} else {
			err = pair(repo, ea, eb, dir, dl, out, depth);
			i++;
			j++;
		}
	}
	return err;
}

/* The same deltas from libgit2's diff. */
static int from_libgit2(cc_store *s, git_tree *a, git_tree *b, cc__deltas *out)
{
	git_diff *d = NULL;
	size_t i, n;
	int err = 0;

	if (git_diff_tree_to_tree(&d, s->repo, a, b, NULL) < 0)
		return cc__git_error(CC_EIO, "cannot compare two commits");
	n = git_diff_num_deltas(d);
	if (n && !(out->v = calloc(n, sizeof(*out->v))))
		err = cc_error_set(CC_ENOMEM, "out of memory");
	for (i = 0; !err && i < n; i++) {
		char *path = strdup(git_diff_get_delta(d, i)->new_file.path);
		if (!path) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			break;
		}
		out->v[i] = *git_diff_get_delta(d, i);
		out->v[i].old_file.path = out->v[i].new_file.path = path;
		out->n = out->cap = i + 1;
	}
	git_diff_free(d);
	return err;
}

int cc__tree_deltas(cc_store *s, git_tree *a, git_tree *b, cc__deltas *out)
{
	char dir[4096];
	int err;

	memset(out, 0, sizeof(*out));
	dir[0] = '\0';
	if ((err = walk(s->repo, a, b, dir, 0, out, 0)) == DECLINED) {
		cc__deltas_free(out);
		err = from_libgit2(s, a, b, out);
	}
	if (err)
		cc__deltas_free(out);
	return err;
}

void cc__deltas_free(cc__deltas *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n; i++)
		free((char *)d->v[i].new_file.path);
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}
