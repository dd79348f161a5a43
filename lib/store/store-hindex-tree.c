/* store-hindex-tree.c - which cases a commit touched, by comparing trees,
 * and what it did to their case.md
 *
 * Only the trees on the way to a changed case are read: "cases", then
 * the two bucket levels, then the case folders whose ids differ (and
 * the changed case.md blobs).
 */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "casectl/doc/frontmatter.h"
#include "casectl/util/id.h"
#include "casectl/model/phase.h"
#include "store-hindex-int.h"

/* --- reading trees ------------------------------------------------------ */

#define TREE_SLOTS 8192      /* a power of two */

int cc__hx_trees_init(cc__hx_trees *tc, git_repository *repo, int cache)
{
	tc->repo = repo;
	tc->slots = NULL;
	if (cache && !(tc->slots = calloc(TREE_SLOTS, sizeof(*tc->slots))))
		return -1;
	return 0;
}

void cc__hx_trees_free(cc__hx_trees *tc)
{
	size_t i;

	if (tc->slots)
		for (i = 0; i < TREE_SLOTS; i++)
			git_tree_free(tc->slots[i]);
	free(tc->slots);
	tc->slots = NULL;
}

/* Tree ID into *out (the caller frees it): 0, or -1.  Most trees a
 * commit compares were read a moment before, as the new side of the
 * commit walked just before (its child). */
static int get_tree(cc__hx_trees *tc, const git_oid *id, git_tree **out)
{
	git_tree **slot;
	size_t h;

	if (!tc->slots)
		return git_tree_lookup(out, tc->repo, id) < 0 ? -1 : 0;
	memcpy(&h, id->id, sizeof(h));       /* an oid is already well mixed */
	slot = &tc->slots[h & (TREE_SLOTS - 1)];
	if (*slot && git_oid_equal(git_tree_id(*slot), id))
		return git_tree_dup(out, *slot) < 0 ? -1 : 0;
	if (git_tree_lookup(out, tc->repo, id) < 0)
		return -1;
	git_tree_free(*slot);
	if (git_tree_dup(slot, *out) < 0)
		*slot = NULL;                /* not cached; nothing lost */
	return 0;
}

/* The subtree NAME of T into *out: NULL when T is NULL or has no such
 * folder.  0, or -1 when it cannot be read. */
static int child(cc__hx_trees *tc, git_tree *t, const char *name, git_tree **out)
{
	const git_tree_entry *e;

	*out = NULL;
	if (!t || !(e = git_tree_entry_byname(t, name)) ||
	    git_tree_entry_type(e) != GIT_OBJECT_TREE)
		return 0;
	return get_tree(tc, git_tree_entry_id(e), out);
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

/* --- which cases differ -------------------------------------------------- */

/* Level DEPTH (0, 1: the buckets C2 and C3; 2: the case folders) of NEW
 * against OLD.  B2 and B3 are the bucket names on the way. */
static int level(cc__hx_trees *tc, git_tree *nw, git_tree *old, int depth,
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
			git_tree *cn = NULL, *co = NULL;

			/* The second pass only adds names the first did not see. */
			if (side == 1 && other && git_tree_entry_byname(other, name))
				continue;
			if (!differs(nw, old, name))
				continue;
			if (depth == 2) {
				if (cc_id_valid(name) && name[2] == b2[0] && !b2[1] &&
				    name[3] == b3[0] && !b3[1])
					err = fn(name, nw ? git_tree_entry_byname(nw, name) : NULL,
						old ? git_tree_entry_byname(old, name) : NULL, payload);
				continue;
			}
			if (child(tc, nw, name, &cn) || child(tc, old, name, &co))
				err = -1;
			else if (cn || co)
				err = level(tc, cn, co, depth + 1, depth == 0 ? name : b2,
					depth == 1 ? name : "", fn, payload);
			git_tree_free(cn);
			git_tree_free(co);
		}
	}
	return err;
}

int cc__hindex_touched(cc__hx_trees *tc, git_tree *nw, git_tree *old,
	cc__hindex_case_fn fn, void *payload)
{
	git_tree *cn = NULL, *co = NULL;
	int err = -1;

	if (!differs(nw, old, "cases"))
		return 0;
	if (!child(tc, nw, "cases", &cn) && !child(tc, old, "cases", &co))
		err = level(tc, cn, co, 0, "", "", fn, payload);
	git_tree_free(cn);
	git_tree_free(co);
	return err;
}

int cc__hindex_commit_touched(cc__hx_trees *tc, git_commit *c,
	cc__hindex_case_fn fn, void *payload)
{
	git_commit *parent = NULL;
	git_tree *t = NULL, *pt = NULL;
	int err = -1;

	if (get_tree(tc, git_commit_tree_id(c), &t))
		return -1;
	if (git_commit_parentcount(c) > 0 &&
	    (git_commit_parent(&parent, c, 0) < 0 ||
	     get_tree(tc, git_commit_tree_id(parent), &pt)))
		goto out;
	err = cc__hindex_touched(tc, t, pt, fn, payload);
out:
	git_tree_free(pt);
	git_commit_free(parent);
	git_tree_free(t);
	return err;
}

/* --- what a commit did to a case's case.md ----------------------------- */

int cc__hx_phase_of(const char *data, size_t len, const char *path)
{
	cc_doc *doc = NULL;
	const char *v;
	cc_phase p;
	int r = -1;

	if (cc_doc_parse(&doc, data, len, path)) {
		cc_error_clear();
		return -1;
	}
	v = cc_map_str(cc_doc_root(doc), "phase");
	if (v && !cc_phase_parse(v, &p))
		r = (int)p;
	cc_error_clear();
	cc_doc_free(doc);
	return r;
}

/* The case.md blob in case folder entry E (a regular file, not a
 * symbolic link, as cc_store_file_changes sees it): 1 and *out, 0 when
 * there is none, -1 on error. */
static int casefile(cc__hx_trees *tc, const git_tree_entry *e, git_oid *out)
{
	const git_tree_entry *f;
	git_tree *t = NULL;
	int rc = 0;

	if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE)
		return 0;
	if (get_tree(tc, git_tree_entry_id(e), &t))
		return -1;
	if ((f = git_tree_entry_byname(t, CC_CASE_FILE)) && git_tree_entry_type(f) == GIT_OBJECT_BLOB &&
	    git_tree_entry_filemode(f) != GIT_FILEMODE_LINK) {
		git_oid_cpy(out, git_tree_entry_id(f));
		rc = 1;
	}
	git_tree_free(t);
	return rc;
}

int cc__hx_describe(cc__hx_trees *tc, git_commit *c, const char *id,
	const git_tree_entry *nw, const git_tree_entry *old, cc__hx_line *l)
{
	const git_signature *author = git_commit_author(c);
	char path[CC_ID_DIR_MAX + sizeof("/" CC_CASE_FILE)];
	git_oid a, b;
	git_blob *blob = NULL;
	int ha, hb, rc;

	memset(l, 0, sizeof(*l));
	memcpy(l->id, id, CC_ID_LEN);
	git_oid_cpy(&l->commit, git_commit_id(c));
	if (nw)
		git_oid_cpy(&l->tree, git_tree_entry_id(nw));
	l->time = author ? (int64_t)author->when.time : (int64_t)git_commit_time(c);
	l->tz = author ? author->when.offset : git_commit_time_offset(c);
	l->state = '-';
	if ((hb = casefile(tc, nw, &b)) < 0 || (ha = casefile(tc, old, &a)) < 0)
		return -1;
	if (ha == hb && (!ha || git_oid_equal(&a, &b)))
		return 0;                    /* case.md as it was */
	if (cc_id_dir(id, path)) {
		cc_error_clear();
		return -1;
	}
	strcat(path, "/" CC_CASE_FILE);
	if (git_commit_parentcount(c) > 1 && (rc = cc__in_other_parent(c, path, hb ? &b : NULL)))
		return rc < 0 ? -1 : 0;      /* a merge that kept another parent's */
	l->state = 'x';
	if (!hb)
		return 0;
	if (git_blob_lookup(&blob, tc->repo, &b) < 0)
		return -1;
	rc = cc__hx_phase_of(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob), path);
	l->state = rc < 0 ? '?' : (char)('0' + rc);
	git_blob_free(blob);
	return 0;
}
