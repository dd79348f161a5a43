/* store-hindex-merge.c - the per-case history index brought up to a
 * HEAD that descends from its tip through merges (a sync, 'git pull').
 *
 * A case's lines must be in the order a full walk of HEAD gives its
 * commits (topological, then by time: store-hindex-int.h).  The commits the
 * tip lacks add lines, and a merge can also change where old commits
 * come in that walk (a commit whose child arrived with the merge waits
 * for that child).  So the commits of HEAD's history are walked (no
 * trees: libgit2 sorts them as a rebuild would), every bucket is read,
 * and a bucket is rewritten only when it gains lines or a case's lines
 * are no longer in walk order.  Only the new commits' trees are read.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/util/id.h"
#include "store-hindex-int.h"

/* A commit and its place in HEAD's walk (0 = HEAD). */
typedef struct {
	git_oid id;
	size_t pos;
} placed;

static int cmp_placed(const void *a, const void *b)
{
	return git_oid_cmp(&((const placed *)a)->id, &((const placed *)b)->id);
}

/* Every commit of HEAD's walk with its place, sorted by id. */
static int walk_places(git_repository *repo, const git_oid *head, placed **out, size_t *n)
{
	git_revwalk *walk = NULL;
	placed *v = NULL, *nv;
	size_t cap = 0, k = 0;
	git_oid oid;
	int err = -1, rc;

	if (git_revwalk_new(&walk, repo) < 0)
		return -1;
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	if (git_revwalk_push(walk, head) < 0)
		goto out;
	while ((rc = git_revwalk_next(&oid, walk)) == 0) {
		if (k == cap) {
			cap = cap ? cap * 2 : 4096;
			if (!(nv = realloc(v, cap * sizeof(*nv))))
				goto out;
			v = nv;
		}
		git_oid_cpy(&v[k].id, &oid);
		v[k].pos = k;
		k++;
	}
	if (rc != GIT_ITEROVER)
		goto out;
	qsort(v, k, sizeof(*v), cmp_placed);
	*out = v;
	*n = k;
	v = NULL;
	err = 0;
out:
	free(v);
	git_revwalk_free(walk);
	return err;
}

static size_t place_of(const placed *v, size_t n, const git_oid *id)
{
	placed key;
	const placed *p;

	git_oid_cpy(&key.id, id);
	p = bsearch(&key, v, n, sizeof(*v), cmp_placed);
	return p ? p->pos : SIZE_MAX;
}

/* The lines of the commits HEAD has and TIP lacks, case by case. */
static int new_lines(cc_store *s, const git_oid *head, const git_oid *tip, cc__hx_table *t)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	int rc = -1;

	if (git_revwalk_new(&walk, s->repo) < 0)
		return -1;
	if (git_revwalk_push(walk, head) < 0 || git_revwalk_hide(walk, tip) < 0)
		goto out;
	while ((rc = git_revwalk_next(&oid, walk)) == 0) {
		if (git_commit_lookup(&t->cur, s->repo, &oid) < 0) {
			rc = -1;
			break;
		}
		rc = cc__hindex_commit_touched(t->tc, t->cur, cc__hx_collect, t);
		git_commit_free(t->cur);
		t->cur = NULL;
		if (rc)
			break;
	}
	rc = rc == GIT_ITEROVER ? 0 : -1;
out:
	git_revwalk_free(walk);
	return rc;
}

/* A line of a bucket with its place in the walk and in the file. */
typedef struct {
	cc__hx_line l;
	size_t pos, at;
} bline;

/* By case, then the walk's order reversed (oldest first), then file order. */
static int cmp_bline(const void *a, const void *b)
{
	const bline *x = a, *y = b;
	int r = strcmp(x->l.id, y->l.id);

	if (r)
		return r;
	if (x->pos != y->pos)
		return x->pos > y->pos ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* Bucket K: its lines plus the new ones of its cases in SLOTS (N), put
 * in walk order; written when that changes it.  0, 1 (a commit not in
 * the walk: rebuild), -1.  *TIP_GONE: the tip file was removed before
 * the first write. */
static int one_bucket(cc_store *s, size_t k, cc__hx_slot **slots, size_t n,
	const placed *pl, size_t npl, int *tip_gone)
{
	char c2 = cc_id_alphabet[k / 32], c3 = cc_id_alphabet[k % 32];
	cc__hx_line *old = NULL;
	bline *v = NULL;
	cc_buf out = CC_BUF_INIT;
	size_t nold = 0, nv = 0, i, j, total;
	int rc = -1, changed = n > 0;

	if (cc__hx_bucket_read(s, c2, c3, &old, &nold))
		return 1;                    /* damaged: a rebuild mends it */
	total = nold;
	for (i = 0; i < n; i++)
		total += slots[i]->n;
	if (!total) {
		rc = 0;
		goto out;
	}
	if (!(v = malloc(total * sizeof(*v))))
		goto out;
	for (i = 0; i < nold; i++, nv++) {
		v[nv].l = old[i];
		v[nv].at = nv;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < slots[i]->n; j++, nv++) {
			v[nv].l = slots[i]->v[j];
			v[nv].at = nv;
		}
	for (i = 0; i < nv; i++)
		if ((v[i].pos = place_of(pl, npl, &v[i].l.commit)) == SIZE_MAX) {
			rc = 1;
			goto out;
		}
	/* In file order each case's lines must already be oldest first. */
	qsort(v, nv, sizeof(*v), cmp_bline);
	for (i = 1; !changed && i < nv; i++)
		if (!strcmp(v[i].l.id, v[i - 1].l.id) && v[i].at < v[i - 1].at)
			changed = 1;
	if (!changed) {
		rc = 0;
		goto out;
	}
	for (i = 0; i < nv; i++) {
		/* a line twice (an append cut short before the tip moved): once */
		if (i && !strcmp(v[i].l.id, v[i - 1].l.id) && v[i].pos == v[i - 1].pos)
			continue;
		if (cc__hx_put_line(&out, &v[i].l))
			goto out;
	}
	if (!*tip_gone) {
		if (cc__hx_tip_remove(s))
			goto out;
		*tip_gone = 1;
	}
	rc = cc__hx_bucket_replace(s, c2, c3, &out) ? -1 : 0;
out:
	cc_buf_free(&out);
	free(v);
	free(old);
	return rc;
}

static int cmp_slot_bucket(const void *a, const void *b)
{
	size_t x = cc__hx_bucket_of((*(cc__hx_slot *const *)a)->id);
	size_t y = cc__hx_bucket_of((*(cc__hx_slot *const *)b)->id);

	return x < y ? -1 : x > y;
}

int cc__hx_merge_up(cc_store *s, const git_oid *head, const git_oid *tip)
{
	cc__hx_trees tc;
	cc__hx_table t = { NULL, 0, 0, &tc, NULL };
	cc__hx_slot **slots = NULL;
	placed *pl = NULL;
	size_t npl = 0, ns = 0, i, k, first;
	int rc = 1, tip_gone = 0;

	if (git_graph_descendant_of(s->repo, head, tip) != 1)
		return 1;
	if (cc__hx_trees_init(&tc, s->repo, 1))
		return -1;
	if (new_lines(s, head, tip, &t) || walk_places(s->repo, head, &pl, &npl) ||
	    !(slots = malloc((t.used + 1) * sizeof(*slots)))) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < t.cap; i++)
		if (t.t[i].id[0])
			slots[ns++] = &t.t[i];
	qsort(slots, ns, sizeof(*slots), cmp_slot_bucket);
	for (k = 0, first = 0, rc = 0; !rc && k < 32 * 32; k++) {
		for (i = first; i < ns && cc__hx_bucket_of(slots[i]->id) == k; i++)
			;
		rc = one_bucket(s, k, slots + first, i - first, pl, npl, &tip_gone);
		first = i;
	}
	if (!rc && cc__hx_tip_write(s, head))
		rc = -1;
out:
	free(slots);
	free(pl);
	cc__hx_table_free(&t);
	cc__hx_trees_free(&tc);
	cc_error_clear();
	return rc;
}
