/* store-merge-del.c - deletes in a sync.  A delete on one side against a
 * change to the same case on the other is a conflict: the merge keeps
 * every file of the case and records in its case.md what each side
 * deleted (lib/model/merge-delete.c), so that no case is ever left half.
 * Also: what a sync deleted, and the refusal of a mass delete. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/store/sync.h"
#include "store-net-int.h"

enum { O_DEL = 1, O_CHG = 2, T_DEL = 4, T_CHG = 8 };

/* The length of "cases/A/B/ID/" at the start of PATH, or 0. */
static size_t case_dir_len(const char *path)
{
	const char *p, *e;

	if (strncmp(path, "cases/", 6) || !(p = strchr(path + 6, '/')) ||
	    !(p = strchr(p + 1, '/')) || !(e = strchr(p + 1, '/')))
		return 0;
	return (size_t)(e - path + 1);
}

static int names_add(strset *set, const char *name)
{
	char **nv = realloc(set->v, (set->n + 1) * sizeof(*nv));

	if (!nv)
		return cc_error_set(CC_ENOMEM, "out of memory");
	set->v = nv;
	if (!(set->v[set->n] = strdup(name)))
		return cc_error_set(CC_ENOMEM, "out of memory");
	set->n++;
	return 0;
}

typedef struct {
	const char *path;
	size_t len;
	unsigned flags;
} touch;

static int cmp_dir(const char *a, size_t al, const char *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);
	return c ? c : (al > bl) - (al < bl);
}

static int cmp_touch(const void *x, const void *y)
{
	const touch *a = x, *b = y;
	return cmp_dir(a->path, a->len, b->path, b->len);
}

static unsigned delta_flags(const git_diff_delta *d, int theirs)
{
	int del = d->status == GIT_DELTA_DELETED;
	return theirs ? (del ? T_DEL : T_CHG) : (del ? O_DEL : O_CHG);
}

void cc__delconf_free(cc__delconf *dc)
{
	size_t i;

	for (i = 0; i < dc->n; i++) {
		free(dc->v[i].dir);
		cc_strv_free(dc->v[i].ours.v, dc->v[i].ours.n);
		cc_strv_free(dc->v[i].theirs.v, dc->v[i].theirs.n);
	}
	free(dc->v);
	dc->v = NULL;
	dc->n = 0;
}

int cc__delconf_scan(const cc__deltas *ours, const cc__deltas *theirs, cc__delconf *out)
{
	size_t no = ours->n, nt = theirs->n;
	size_t i, j, n = 0;
	touch *v = calloc(no + nt + 1, sizeof(*v));
	int err = 0;

	memset(out, 0, sizeof(*out));
	if (!v)
		return cc_error_set(CC_ENOMEM, "out of memory");
	for (i = 0; i < no + nt; i++) {
		const git_diff_delta *d = i < no ? &ours->v[i] : &theirs->v[i - no];
		size_t len = case_dir_len(d->new_file.path);
		if (len)
			v[n++] = (touch){ d->new_file.path, len, delta_flags(d, i >= no) };
	}
	qsort(v, n, sizeof(*v), cmp_touch);
	for (i = 0; !err && i < n; i = j) {
		unsigned f = 0;
		cc__delcase *nv;
		for (j = i; j < n && !cmp_touch(&v[i], &v[j]); j++)
			f |= v[j].flags;
		if (!(((f & T_DEL) && (f & O_CHG)) || ((f & O_DEL) && (f & T_CHG))))
			continue;
		if (!(nv = realloc(out->v, (out->n + 1) * sizeof(*nv)))) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			break;
		}
		out->v = nv;
		memset(&nv[out->n], 0, sizeof(*nv));
		if (!(nv[out->n].dir = strndup(v[i].path, v[i].len)))
			err = cc_error_set(CC_ENOMEM, "out of memory");
		nv[out->n++].len = v[i].len;
	}
	free(v);
	if (err)
		cc__delconf_free(out);
	return err;
}

cc__delcase *cc__delconf_find(cc__delconf *dc, const char *path)
{
	size_t len = case_dir_len(path), lo = 0, hi = dc->n;

	while (len && lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = cmp_dir(path, len, dc->v[mid].dir, dc->v[mid].len);
		if (!c)
			return &dc->v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int cc__delconf_record(cc__delcase *k, int theirs, const char *path)
{
	return names_add(theirs ? &k->theirs : &k->ours, path + k->len);
}

/* case.md of K in TREE with its delete conflict recorded: *id the new blob. */
static int mark_one(cc_store *s, const merge_ctx *m, git_tree *tree, cc__delcase *k,
	const char *path, git_oid *id)
{
	git_tree_entry *te = NULL;
	git_blob *b = NULL;
	cc_buf out = CC_BUF_INIT;
	int err;

	if (git_tree_entry_bypath(&te, tree, path) < 0)
		return cc_error_set(CC_ENOTFOUND, "'%s' is missing on both sides", path);
	if ((err = cc__read_blob(s, git_tree_entry_id(te), &b)) == 0 &&
	    (err = m->h->mark_deleted(path, git_blob_rawcontent(b),
		(size_t)git_blob_rawsize(b), k->ours.v, k->ours.n, k->theirs.v,
		k->theirs.n, &out)) == 0 &&
	    git_blob_create_from_buffer(id, s->repo, out.ptr ? out.ptr : "", out.len) < 0)
		err = cc__git_error(CC_EIO, "cannot store the merged '%s'", path);
	cc_buf_free(&out);
	git_blob_free(b);
	git_tree_entry_free(te);
	return err;
}

int cc__delconf_mark(cc_store *s, cc__delconf *dc, git_tree *tree, merge_ctx *m,
	git_oid *out)
{
	git_tree_update *up = calloc(dc->n + 1, sizeof(*up));
	char **paths = calloc(dc->n + 1, sizeof(*paths));
	size_t i, nup = 0;
	int err = 0;

	if (!up || !paths) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; !err && i < dc->n; i++) {
		cc__delcase *k = &dc->v[i];
		cc_buf p = CC_BUF_INIT;
		if (!k->ours.n && !k->theirs.n)
			continue;
		if (cc_buf_printf(&p, "%scase.md", k->dir)) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			break;
		}
		paths[i] = cc_buf_detach(&p);
		if ((err = cc__add_case_of(&m->conflicted, paths[i], 1)) != 0)
			break;
		if ((err = mark_one(s, m, tree, k, paths[i], &up[nup].id)) != 0) {
			if (err == CC_ENOMEM)
				break;
			cc_warn("files of '%s' were deleted on one side and changed on the "
				"other; all are kept, but the conflict could not be recorded (%s); "
				"see 'casectl check'", k->dir, cc_error_msg());
			cc_error_clear();
			err = 0;
			continue;
		}
		up[nup].action = GIT_TREE_UPDATE_UPSERT;
		up[nup].filemode = GIT_FILEMODE_BLOB;
		up[nup++].path = paths[i];
	}
	if (!err && git_tree_create_updated(out, s->repo, tree, nup, up) < 0)
		err = cc__git_error(CC_EIO, "cannot build the merged tree");
out:
	for (i = 0; paths && i < dc->n; i++)
		free(paths[i]);
	free(paths);
	free(up);
	return err;
}

/* --- what a sync deletes ------------------------------------------------- */

int cc__deletions(cc_store *s, git_tree *a, git_tree *b, strset *cases, strset *files)
{
	cc__deltas d;
	touch *dirs = NULL;
	size_t i, n, nd = 0;
	int err;

	if ((err = cc__tree_deltas(s, a, b, &d)) != 0)
		return err;
	n = d.n;
	if (!(dirs = calloc(n + 1, sizeof(*dirs)))) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	/* the cases whose case.md goes (in path order) */
	for (i = 0; !err && i < n; i++) {
		const git_diff_delta *dl = &d.v[i];
		const char *p = dl->old_file.path;
		size_t len = case_dir_len(p);
		if (dl->status != GIT_DELTA_DELETED || !len || strcmp(p + len, "case.md"))
			continue;
		dirs[nd++] = (touch){ p, len, 0 };
		err = cc__add_case_of(cases, p, 0);
	}
	for (i = 0; !err && files && i < n; i++) {
		const git_diff_delta *dl = &d.v[i];
		touch key = { dl->old_file.path, case_dir_len(dl->old_file.path), 0 };
		if (dl->status != GIT_DELTA_DELETED ||
		    (key.len && bsearch(&key, dirs, nd, sizeof(*dirs), cmp_touch)))
			continue;
		err = names_add(files, dl->old_file.path);
	}
out:
	free(dirs);
	cc__deltas_free(&d);
	return err;
}

/* The case folders cases/A/B/ID in TREE. */
static size_t count_cases(cc_store *s, git_tree *tree)
{
	git_tree_entry *ce = NULL;
	git_tree *cases = NULL;
	size_t i, j, n = 0;

	if (git_tree_entry_bypath(&ce, tree, "cases") < 0 ||
	    git_tree_lookup(&cases, s->repo, git_tree_entry_id(ce)) < 0) {
		git_tree_entry_free(ce);
		return 0;
	}
	for (i = 0; i < git_tree_entrycount(cases); i++) {
		git_tree *a = NULL, *b = NULL;
		const git_tree_entry *e = git_tree_entry_byindex(cases, i);
		if (git_tree_entry_type(e) != GIT_OBJECT_TREE ||
		    git_tree_lookup(&a, s->repo, git_tree_entry_id(e)) < 0)
			continue;
		for (j = 0; j < git_tree_entrycount(a); j++) {
			e = git_tree_entry_byindex(a, j);
			if (git_tree_entry_type(e) == GIT_OBJECT_TREE &&
			    git_tree_lookup(&b, s->repo, git_tree_entry_id(e)) == 0) {
				n += git_tree_entrycount(b);
				git_tree_free(b);
			}
		}
		git_tree_free(a);
	}
	git_tree_free(cases);
	git_tree_entry_free(ce);
	return n;
}

/* "A, B, C and 4 more" of the first IDs in SET. */
static void id_list(cc_buf *b, const strset *set)
{
	size_t i, shown = set->n > 10 ? 10 : set->n;

	for (i = 0; i < shown; i++)
		cc_buf_printf(b, "%s%s", i ? ", " : "", set->v[i]);
	if (set->n > shown)
		cc_buf_printf(b, " and %zu more", set->n - shown);
}

int cc__check_mass_delete(cc_store *s, git_tree *ours, git_tree *result,
	const char *remote, const char *tracking, int allow)
{
	strset cases = { NULL, 0 };
	cc_buf ids = CC_BUF_INIT;
	size_t total;
	int err;

	if (allow || (err = cc__deletions(s, ours, result, &cases, NULL)) != 0)
		return allow ? 0 : err;
	total = cases.n >= 2 ? count_cases(s, ours) : 0;
	if (cases.n >= 2 && cases.n * 4 > total) {
		id_list(&ids, &cases);
		err = cc_error_set(CC_ECONFLICT, "what came from '%s' would delete %zu of the "
			"%zu cases of this store (%s); nothing was changed\n"
			"hint: if the cases were meant to go, run 'casectl sync --allow-deletes'\n"
			"hint: if not, see who deleted them with 'git log --diff-filter=D --stat "
			"%s -- cases' and bring them back on '%s' (for example with 'git revert')",
			remote, cases.n, total, ids.ptr ? ids.ptr : "", tracking + strlen("refs/remotes/"), remote);
	}
	cc_buf_free(&ids);
	cc_strv_free(cases.v, cases.n);
	return err;
}
