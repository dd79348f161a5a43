/* store-hindex-tree.c - which cases a commit touched, by comparing trees
 *
 * Only the trees on the way to a changed case are read: "cases", then
 * the two bucket levels, then the case folders whose ids differ.
 */
#include <stdlib.h>
#include <string.h>

#include "casectl/error.h"
#include "casectl/id.h"
#include "store-hindex.h"

/* The subtree NAME of T, or NULL when T is NULL or has no such folder. */
static git_tree *child(git_repository *repo, git_tree *t, const char *name)
{
	const git_tree_entry *e;
	git_tree *out = NULL;

	if (!t || !(e = git_tree_entry_byname(t, name)) ||
	    git_tree_entry_type(e) != GIT_OBJECT_TREE)
		return NULL;
	if (git_tree_lookup(&out, repo, git_tree_entry_id(e)) < 0)
		return NULL;
	return out;
}

/* 1 if NAME differs between A and B (present in one only, or other ids). */
static int differs(git_tree *a, git_tree *b, const char *name)
{
	const git_tree_entry *ea = a ? git_tree_entry_byname(a, name) : NULL;
	const git_tree_entry *eb = b ? git_tree_entry_byname(b, name) : NULL;

	if (!ea || !eb)
		return ea != eb;
	return !git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) ||
		git_tree_entry_filemode(ea) != git_tree_entry_filemode(eb);
}

/* Level DEPTH (0, 1: the buckets C2 and C3; 2: the case folders) of NEW
 * against OLD.  B2 and B3 are the bucket names on the way. */
static int level(git_repository *repo, git_tree *nw, git_tree *old, int depth,
	const char *b2, const char *b3, cc__hindex_case_fn fn, void *payload)
{
	git_tree *sides[2] = { nw, old };
	int side, err = 0;
	size_t i, cnt;

	for (side = 0; side < 2 && !err; side++) {
		git_tree *t = sides[side], *other = sides[!side];
		if (!t)
			continue;
		cnt = git_tree_entrycount(t);
		for (i = 0; i < cnt && !err; i++) {
			const char *name = git_tree_entry_name(git_tree_entry_byindex(t, i));
			git_tree *cn, *co;

			/* The second pass only adds names the first did not see. */
			if (side == 1 && other && git_tree_entry_byname(other, name))
				continue;
			if (!differs(nw, old, name))
				continue;
			if (depth == 2) {
				if (cc_id_valid(name) && name[2] == b2[0] && !b2[1] &&
				    name[3] == b3[0] && !b3[1])
					err = fn(name, payload);
				continue;
			}
			cn = child(repo, nw, name);
			co = child(repo, old, name);
			if (cn || co)
				err = level(repo, cn, co, depth + 1, depth == 0 ? name : b2,
					depth == 1 ? name : "", fn, payload);
			git_tree_free(cn);
			git_tree_free(co);
		}
	}
	return err;
}

int cc__hindex_touched(git_repository *repo, git_tree *nw, git_tree *old,
	cc__hindex_case_fn fn, void *payload)
{
	git_tree *cn, *co;
	int err;

	if (!differs(nw, old, "cases"))
		return 0;
	cn = child(repo, nw, "cases");
	co = child(repo, old, "cases");
	err = level(repo, cn, co, 0, "", "", fn, payload);
	git_tree_free(cn);
	git_tree_free(co);
	return err;
}

int cc__hindex_commit_touched(git_repository *repo, git_commit *c,
	cc__hindex_case_fn fn, void *payload)
{
	git_commit *parent = NULL;
	git_tree *t = NULL, *pt = NULL;
	int err = -1;

	if (git_commit_tree(&t, c) < 0)
		return -1;
	if (git_commit_parentcount(c) > 0 &&
	    (git_commit_parent(&parent, c, 0) < 0 || git_commit_tree(&pt, parent) < 0))
		goto out;
	err = cc__hindex_touched(repo, t, pt, fn, payload);
out:
	git_tree_free(pt);
	git_commit_free(parent);
	git_tree_free(t);
	return err;
}
