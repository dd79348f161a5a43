/* store-phases.c - the phase changes of every case: from the history
 * index, or in one walk of the history when it cannot be used
 *
 * The index lists, per case, every commit that changed the case folder
 * with the phase of the case.md it wrote (store-hindex-int.h); the lines that
 * changed case.md are the changes.  Before anything is handed on, every
 * bucket is read and checked: its lines parse, and each case at HEAD has
 * a line whose tree is its folder at HEAD (as 'casectl log' checks one
 * case); a doubt means a rebuild, so a damaged index is never half used.
 */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "casectl/util/id.h"
#include "store-hindex-int.h"

/* A change of a case.md: a line whose state is not '-'. */
typedef struct {
	char id[CC_ID_LEN + 1];
	char state;
	int tz;
	int64_t time;
} change;

typedef struct {
	change *v;
	size_t n, cap;
} changes;

/* A line of a bucket with its place in the file. */
typedef struct {
	const cc__hx_line *l;
	size_t pos;
} ref;

static int by_id_commit_pos(const void *x, const void *y)
{
	const ref *a = x, *b = y;
	int c = strcmp(a->l->id, b->l->id);

	if (!c)
		c = memcmp(a->l->commit.id, b->l->commit.id, sizeof(a->l->commit.id));
	return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

static int by_id_pos(const void *x, const void *y)
{
	const ref *a = x, *b = y;
	int c = strcmp(a->l->id, b->l->id);

	return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

/* The subtree NAME of T (NULL T or no such folder: *out NULL); -1 on error. */
static int subtree(git_repository *repo, git_tree *t, const char *name, git_tree **out)
{
	const git_tree_entry *e = t ? git_tree_entry_byname(t, name) : NULL;

	*out = NULL;
	if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE)
		return 0;
	return git_tree_lookup(out, repo, git_tree_entry_id(e)) < 0 ? -1 : 0;
}

/* 1 if every case folder of BUCKET (HEAD's cases/C2/C3, may be NULL)
 * has a line among R (N of them, by ID then place) with its tree. */
static int bucket_believable(git_tree *bucket, char c2, char c3, const ref *r, size_t n)
{
	size_t i, cnt = bucket ? git_tree_entrycount(bucket) : 0, lo, hi, mid;

	for (i = 0; i < cnt; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(bucket, i);
		const char *name = git_tree_entry_name(e);
		int c = 1;
		if (!cc_id_valid(name) || name[2] != c2 || name[3] != c3)
			continue;                /* not a case folder: the index skips it */
		for (lo = 0, hi = n; lo < hi;) {      /* the first line of the case */
			mid = lo + (hi - lo) / 2;
			if (strcmp(r[mid].l->id, name) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < n && !(c = strcmp(r[lo].l->id, name)); lo++)
			if (git_oid_equal(&r[lo].l->tree, git_tree_entry_id(e)))
				break;
		if (c)
			return 0;
	}
	return 1;
}

/* One bucket: its lines (repeats dropped, keeping the last, as
 * cc__hx_case_read does), checked against HEAD, appended to CH.  1 when
 * believable, 0 when not, -1 out of memory. */
static int one_bucket(cc_store *s, git_tree *bucket, char c2, char c3, changes *ch)
{
	cc__hx_line *lines = NULL;
	ref *r = NULL;
	size_t n = 0, i, k;
	int rc = 0;

	if (cc__hx_bucket_read(s, c2, c3, &lines, &n))
		return 0;
	if (n && !(r = malloc(n * sizeof(*r)))) {
		free(lines);
		return -1;
	}
	for (i = 0; i < n; i++) {
		r[i].l = &lines[i];
		r[i].pos = i;
	}
	if (n > 1)
		qsort(r, n, sizeof(*r), by_id_commit_pos);
	for (i = k = 0; i < n; i++)
		if (i + 1 == n || strcmp(r[i].l->id, r[i + 1].l->id) ||
		    !git_oid_equal(&r[i].l->commit, &r[i + 1].l->commit))
			r[k++] = r[i];
	n = k;
	if (n > 1)
		qsort(r, n, sizeof(*r), by_id_pos);
	if (!bucket_believable(bucket, c2, c3, r, n))
		goto out;
	rc = 1;
	for (i = 0; i < n && rc == 1; i++) {
		const cc__hx_line *l = r[i].l;
		if (l->state == '-')
			continue;
		if (ch->n == ch->cap) {
			size_t cap = ch->cap ? ch->cap * 2 : 1024;
			change *nv = realloc(ch->v, cap * sizeof(*nv));
			if (!nv) {
				rc = -1;
				break;
			}
			ch->v = nv;
			ch->cap = cap;
		}
		memcpy(ch->v[ch->n].id, l->id, sizeof(l->id));
		ch->v[ch->n].state = l->state;
		ch->v[ch->n].tz = l->tz;
		ch->v[ch->n].time = l->time;
		ch->n++;
	}
out:
	free(r);
	free(lines);
	return rc;
}

/* cc__hindex_use's USE: every bucket into CTX (a changes). */
static int read_all(cc_store *s, git_tree *head_tree, void *ctx)
{
	changes *ch = ctx;
	git_tree *cases = NULL;
	const char *a, *b;
	int rc = 0;

	ch->n = 0;
	if (subtree(s->repo, head_tree, "cases", &cases))
		return -1;
	for (a = cc_id_alphabet; *a && rc >= 0; a++) {
		char n2[2] = { *a, '\0' };
		git_tree *t2 = NULL;
		if (subtree(s->repo, cases, n2, &t2)) {
			rc = -1;
			break;
		}
		for (b = cc_id_alphabet; *b; b++) {
			char n3[2] = { *b, '\0' };
			git_tree *t3 = NULL;
			if (subtree(s->repo, t2, n3, &t3)) {
				rc = -1;
				break;
			}
			rc = one_bucket(s, t3, *a, *b, ch);
			git_tree_free(t3);
			if (rc != 1)
				break;
		}
		git_tree_free(t2);
		if (rc != 1)
			break;
	}
	git_tree_free(cases);
	return rc;
}

static int deliver(const changes *ch, cc_phase_change_fn fn, void *payload)
{
	cc_phase_change c;
	size_t i;
	int rc = 0;

	for (i = 0; i < ch->n && !rc; i++) {
		const change *x = &ch->v[i];
		c.case_id = x->id;
		c.time = x->time;
		c.tz_minutes = x->tz;
		c.phase = x->state == 'x' ? CC_CASEMD_GONE :
			x->state == '?' ? CC_CASEMD_NOPHASE : x->state - '0';
		rc = fn(&c, payload);
	}
	return rc;
}

/* --- without the index: one walk ---------------------------------------- */

typedef struct {
	cc_phase_change_fn fn;
	void *payload;
} walk_ctx;

/* The case ID of PATH when it is "cases/C2/C3/ID/case.md", into ID. */
static int case_of(const char *path, char id[CC_ID_LEN + 1])
{
	const char *p = path + strlen("cases/");
	char dir[CC_ID_DIR_MAX];

	if (strncmp(path, "cases/", 6) || strlen(p) != 4 + CC_ID_LEN + 1 + strlen(CC_CASE_FILE))
		return 0;
	memcpy(id, p + 4, CC_ID_LEN);
	id[CC_ID_LEN] = '\0';
	if (!cc_id_valid(id) || cc_id_dir(id, dir) ||
	    strncmp(path, dir, strlen(dir)) || strcmp(path + strlen(dir), "/" CC_CASE_FILE))
		return 0;
	return 1;
}

static int on_file(const cc_file_change *f, void *payload)
{
	walk_ctx *w = payload;
	char id[CC_ID_LEN + 1];
	cc_phase_change c;

	if (!case_of(f->path, id))
		return 0;
	c.case_id = id;
	c.time = f->time;
	c.tz_minutes = f->tz_minutes;
	c.phase = !f->data ? CC_CASEMD_GONE : cc__hx_phase_of(f->data, f->len, f->path);
	return w->fn(&c, w->payload);
}

int cc_store_phase_changes(cc_store *s, cc_phase_change_fn fn, void *payload)
{
	changes ch = { NULL, 0, 0 };
	walk_ctx w = { fn, payload };
	int rc;

	if (git_repository_head_unborn(s->repo) == 1)
		return 0;
	if (cc__hindex_use(s, read_all, &ch) == 1)
		rc = deliver(&ch, fn, payload);
	else
		rc = cc_store_file_changes(s, "cases", CC_CASE_FILE, on_file, &w);
	free(ch.v);
	return rc;
}
