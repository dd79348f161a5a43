/* merge.c - three-way merge of case files: the front matter as a tree,
 * the body as text.  Nothing is lost: a value both sides changed keeps
 * ours in place and both (with the base) under "conflict:". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/store/sync.h"
#include "merge-int.h"

#define CONFLICT_KEY CC_CONFLICT_KEY

typedef struct {
	cc_doc *conflicts;     /* root map: KEY-PATH -> {ours, theirs, base} */
	size_t n;
} mctx;

/* --- copying and comparing nodes --------------------------------------- */

int cc__append_copy(cc_node *list, const cc_node *src)
{
	cc_node *c;
	int err;

	switch (cc_node_kind(src)) {
	case CC_NODE_SCALAR:
		return cc_node_is_plain(src) ? cc_list_append_plain(list, cc_node_value(src))
					     : cc_list_append_str(list, cc_node_value(src));
	case CC_NODE_MAP:
		if ((err = cc_list_append_map(list, &c)) != 0)
			return err;
		return cc__copy_children(c, src);
	default:
		return cc_error_set(CC_EINVALID, "a list inside a list cannot be merged");
	}
}

/* Make DST (a map or list) hold copies of SRC's entries only. */
int cc__copy_children(cc_node *dst, const cc_node *src)
{
	size_t i;
	int err = 0;

	if (cc_node_kind(dst) == CC_NODE_MAP) {
		while (cc_node_count(dst) && !err) {
			char *k = strdup(cc_node_key(cc_node_at(dst, 0)));
			err = k ? cc_map_remove(dst, k) : cc_error_set(CC_ENOMEM, "out of memory");
			free(k);
		}
		for (i = 0; !err && i < cc_node_count(src); i++)
			err = cc__copy_value(dst, cc_node_key(cc_node_at(src, i)), cc_node_at(src, i));
	} else {
		err = cc_list_clear(dst);
		for (i = 0; !err && i < cc_node_count(src); i++)
			err = cc__append_copy(dst, cc_node_at(src, i));
	}
	return err;
}

/* Set KEY of MAP to a copy of SRC (NULL: remove KEY). */
int cc__copy_value(cc_node *map, const char *key, const cc_node *src)
{
	cc_node *cur = cc_map_get(map, key), *c;
	char *k;
	int err;

	if (!src)
		return cc_map_remove(map, key);
	if (!(k = strdup(key)))     /* KEY may live in the node we remove */
		return cc_error_set(CC_ENOMEM, "out of memory");
	if (cc_node_kind(src) == CC_NODE_SCALAR) {
		err = cc_node_is_plain(src) ? cc_map_set_plain(map, k, cc_node_value(src))
					    : cc_map_set_str(map, k, cc_node_value(src));
		free(k);
		return err;
	}
	if (cur && cc_node_kind(cur) != cc_node_kind(src) && (err = cc_map_remove(map, k))) {
		free(k);
		return err;
	}
	err = cc_node_kind(src) == CC_NODE_MAP ? cc_map_child_map(map, k, &c)
					       : cc_map_child_list(map, k, &c);
	free(k);
	return err ? err : cc__copy_children(c, src);
}

static int node_equal(const cc_node *a, const cc_node *b)
{
	size_t i, n;

	if (!a || !b)
		return a == b;
	if (cc_node_kind(a) != cc_node_kind(b))
		return 0;
	if (cc_node_kind(a) == CC_NODE_SCALAR)
		return !strcmp(cc_node_value(a), cc_node_value(b));
	n = cc_node_count(a);
	if (n != cc_node_count(b))
		return 0;
	for (i = 0; i < n; i++) {
		const cc_node *x = cc_node_at(a, i);
		if (cc_node_kind(a) == CC_NODE_MAP) {
			if (!node_equal(x, cc_map_get(b, cc_node_key(x))))
				return 0;
		} else if (!node_equal(x, cc_node_at(b, i))) {
			return 0;
		}
	}
	return 1;
}

/* --- the tree merge ------------------------------------------------------ */

static int record(mctx *m, const char *path, const cc_node *o, const cc_node *t,
	const cc_node *b)
{
	cc_node *e;
	int err;

	if ((err = cc_map_child_map(cc_doc_root(m->conflicts), path, &e)) != 0)
		return err;
	if ((o && (err = cc__copy_value(e, "ours", o))) || (t && (err = cc__copy_value(e, "theirs", t))) ||
	    (b && (err = cc__copy_value(e, "base", b))))
		return err;
	m->n++;   /* a side without the value has no "ours" / "theirs" key */
	return 0;
}

static char *join(const char *path, const char *key, int item)
{
	cc_buf b = CC_BUF_INIT;

	if (item)
		cc_buf_printf(&b, "%s[%s]", path, key);
	else
		cc_buf_printf(&b, "%s%s%s", path, *path ? "." : "", key);
	return cc_buf_detach(&b);
}

static int merge_map(mctx *m, cc_node *o, const cc_node *b, const cc_node *t, const char *path);
static int merge_list(mctx *m, cc_node *o, const cc_node *b, const cc_node *t, const char *path);

static int same_kind(const cc_node *a, const cc_node *b, cc_node_type k)
{
	return a && b && cc_node_kind(a) == k && cc_node_kind(b) == k;
}

/* KEY of map O: base BV, ours OV, theirs TV. */
static int merge_value(mctx *m, cc_node *o, const char *key, const cc_node *bv,
	cc_node *ov, const cc_node *tv, const char *path)
{
	if (node_equal(ov, tv) || node_equal(bv, tv))
		return 0;
	if (node_equal(bv, ov))
		return cc__copy_value(o, key, tv);
	if (same_kind(ov, tv, CC_NODE_MAP))
		return merge_map(m, ov, bv && cc_node_kind(bv) == CC_NODE_MAP ? bv : NULL, tv, path);
	if (same_kind(ov, tv, CC_NODE_LIST))
		return merge_list(m, ov, bv && cc_node_kind(bv) == CC_NODE_LIST ? bv : NULL, tv, path);
	return record(m, path, ov, tv, bv);
}

static int merge_map(mctx *m, cc_node *o, const cc_node *b, const cc_node *t, const char *path)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < cc_node_count(t); i++) {
		const cc_node *tv = cc_node_at(t, i);
		const char *key = cc_node_key(tv);
		char *p;
		if (!*path && !strcmp(key, CONFLICT_KEY))
			continue;       /* merge_conflicts() */
		if (!(p = join(path, key, 0)))
			return cc_error_set(CC_ENOMEM, "out of memory");
		err = merge_value(m, o, key, b ? cc_map_get(b, key) : NULL, cc_map_get(o, key), tv, p);
		free(p);
	}
	for (i = 0; !err && b && i < cc_node_count(b); i++) {
		const cc_node *bv = cc_node_at(b, i);
		const char *key = cc_node_key(bv);
		char *p;
		if (cc_map_get(t, key) || (!*path && !strcmp(key, CONFLICT_KEY)))
			continue;
		if (!(p = join(path, key, 0)))
			return cc_error_set(CC_ENOMEM, "out of memory");
		/* they removed KEY */
		err = merge_value(m, o, key, bv, cc_map_get(o, key), NULL, p);
		free(p);
	}
	return err;
}

static int has_ids(const cc_node *l)
{
	size_t i;

	for (i = 0; l && i < cc_node_count(l); i++)
		if (cc_node_kind(cc_node_at(l, i)) == CC_NODE_MAP && cc_map_str(cc_node_at(l, i), "id"))
			return 1;
	return 0;
}

static const cc_node *find_equal(const cc_node *l, const cc_node *x, size_t *at)
{
	size_t i;

	for (i = 0; l && i < cc_node_count(l); i++)
		if (node_equal(cc_node_at(l, i), x)) {
			if (at)
				*at = i;
			return cc_node_at(l, i);
		}
	return NULL;
}

static int index_of(const cc_node *l, const cc_node *x, size_t *at)
{
	size_t i;

	for (i = 0; i < cc_node_count(l); i++)
		if (cc_node_at(l, i) == x) {
			*at = i;
			return 1;
		}
	return 0;
}

static const char *item_id(const cc_node *n)
{
	return cc_node_kind(n) == CC_NODE_MAP ? cc_map_str(n, "id") : NULL;
}

static int merge_list(mctx *m, cc_node *o, const cc_node *b, const cc_node *t, const char *path)
{
	int ids = has_ids(o) || has_ids(t) || has_ids(b), err = 0;
	size_t i, at;

	/* items they have */
	for (i = 0; !err && i < cc_node_count(t); i++) {
		const cc_node *ti = cc_node_at(t, i), *bi;
		const char *id = ids ? item_id(ti) : NULL;
		cc_node *oi;
		char *p;

		if (!id) {
			/* lists of values (or maps without id): a union */
			if (!find_equal(o, ti, NULL) && !find_equal(b, ti, NULL))
				err = cc__append_copy(o, ti);
			continue;
		}
		oi = cc_list_find(o, "id", id);
		bi = b ? cc_list_find(b, "id", id) : NULL;
		if (!(p = join(path, id, 1)))
			return cc_error_set(CC_ENOMEM, "out of memory");
		if (!oi) {
			if (!bi)
				err = cc__append_copy(o, ti);            /* they added it */
			else if (!node_equal(bi, ti))
				err = record(m, p, NULL, ti, bi);    /* we removed, they changed */
		} else if (node_equal(oi, ti) || node_equal(bi, ti)) {
			/* nothing of theirs to take */
		} else if (bi && node_equal(bi, oi)) {
			err = cc__copy_children(oi, ti);
		} else {
			err = merge_map(m, oi, bi, ti, p);
		}
		free(p);
	}
	/* items they removed */
	for (i = 0; !err && b && i < cc_node_count(b); i++) {
		const cc_node *bi = cc_node_at(b, i), *oi;
		const char *id = ids ? item_id(bi) : NULL;
		char *p;

		if (!id) {
			if (!find_equal(t, bi, NULL) && find_equal(o, bi, &at))
				err = cc_list_remove_at(o, at);
			continue;
		}
		if (cc_list_find(t, "id", id) || !(oi = cc_list_find(o, "id", id)))
			continue;
		if (node_equal(oi, bi)) {
			if (index_of(o, oi, &at))
				err = cc_list_remove_at(o, at);
			continue;
		}
		if (!(p = join(path, id, 1)))
			return cc_error_set(CC_ENOMEM, "out of memory");
		err = record(m, p, oi, NULL, bi);
		free(p);
	}
	return err;
}

/* The open conflicts: entry by entry, never nested.  Theirs new or
 * changed entries join ours (ours wins when both have the key); an
 * entry they resolved (removed) goes when ours still has it as it was. */
static int merge_conflicts(cc_node *root, const cc_node *b, const cc_node *t)
{
	const cc_node *bc = b ? cc_map_get(b, CONFLICT_KEY) : NULL;
	const cc_node *tc = cc_map_get(t, CONFLICT_KEY);
	cc_node *oc = cc_map_get(root, CONFLICT_KEY);
	size_t i;
	int err = 0;

	if (bc && cc_node_kind(bc) != CC_NODE_MAP)
		bc = NULL;
	if (tc && cc_node_kind(tc) != CC_NODE_MAP)
		tc = NULL;
	if (oc && cc_node_kind(oc) != CC_NODE_MAP)
		return 0;       /* not ours to fix: 'check' reports it */
	for (i = 0; !err && tc && i < cc_node_count(tc); i++) {
		const cc_node *te = cc_node_at(tc, i);
		const char *key = cc_node_key(te);
		if (node_equal(te, bc ? cc_map_get(bc, key) : NULL))
			continue;
		if (oc && cc_map_get(oc, key))
			continue;
		if (!oc && (err = cc_map_child_map(root, CONFLICT_KEY, &oc)) != 0)
			break;
		err = cc__copy_value(oc, key, te);
	}
	for (i = 0; !err && oc && bc && i < cc_node_count(bc); i++) {
		const cc_node *be = cc_node_at(bc, i);
		const char *key = cc_node_key(be);
		if ((!tc || !cc_map_get(tc, key)) && node_equal(cc_map_get(oc, key), be)) {
			char *k = strdup(key);
			err = k ? cc_map_remove(oc, k) : cc_error_set(CC_ENOMEM, "out of memory");
			free(k);
		}
	}
	if (!err && oc && !cc_node_count(oc))
		err = cc_map_remove(root, CONFLICT_KEY);
	return err;
}

/* --- files --------------------------------------------------------------- */

static int merge_docs(const char *path, cc_doc *bd, cc_doc *od, cc_doc *td,
	const char *label, cc_buf *out, int *conflicted)
{
	mctx m = { NULL, 0 };
	cc_node *oc;
	cc_buf body = CC_BUF_INIT;
	const char *bb, *ob, *tb;
	size_t bl = 0, ol, tl, i, len;
	char *bytes = NULL;
	int err, body_conflict = 0;

	if ((err = cc_doc_new(&m.conflicts)) != 0)
		return err;
	if ((err = merge_map(&m, cc_doc_root(od), bd ? cc_doc_root(bd) : NULL,
	    cc_doc_root(td), "")) != 0)
		goto out;
	if ((err = merge_conflicts(cc_doc_root(od), bd ? cc_doc_root(bd) : NULL,
	    cc_doc_root(td))) != 0)
		goto out;
	/* the new ones join them */
	if (cc_node_count(cc_doc_root(m.conflicts))) {
		if ((err = cc_map_child_map(cc_doc_root(od), CONFLICT_KEY, &oc)) != 0)
			goto out;
		for (i = 0; !err && i < cc_node_count(cc_doc_root(m.conflicts)); i++) {
			const cc_node *e = cc_node_at(cc_doc_root(m.conflicts), i);
			err = cc__copy_value(oc, cc_node_key(e), e);
		}
		if (err)
			goto out;
	}
	if (bd)
		bb = cc_doc_body(bd, &bl);
	else
		bb = NULL;
	ob = cc_doc_body(od, &ol);
	tb = cc_doc_body(td, &tl);
	if ((err = cc_store_merge_text(bb, bl, ob, ol, tb, tl, "ours", label, &body,
	    &body_conflict)) != 0)
		goto out;
	if ((body.len != ol || (ol && memcmp(body.ptr, ob, ol))) &&
	    (err = cc_doc_set_body(od, body.ptr ? body.ptr : "", body.len)) != 0)
		goto out;
	if ((err = cc_doc_emit(od, &bytes, &len)) != 0)
		goto out;
	err = cc_buf_put(out, bytes, len);
	*conflicted = m.n > 0 || body_conflict || cc_doc_conflicted(od);
out:
	free(bytes);
	cc_buf_free(&body);
	cc_doc_free(m.conflicts);
	return err;
}

int cc_merge_file(const char *path, const char *base, size_t base_len,
	const char *ours, size_t ours_len, const char *theirs, size_t theirs_len,
	cc_buf *out, int *conflicted, void *payload)
{
	cc_doc *bd = NULL, *od = NULL, *td = NULL;
	cc_buf label = CC_BUF_INIT;
	size_t n = strlen(path);
	int err = -1, done = 0;

	*conflicted = 0;
	if (cc_buf_printf(&label, "theirs (%s)", payload ? (const char *)payload : "remote"))
		return CC_ENOMEM;
	if ((err = cc__merge_foreign(path, ours, ours_len, theirs, theirs_len, label.ptr, out,
	    conflicted, &done)) != 0 || done) {
		cc_buf_free(&label);
		return err;
	}
	err = -1;
	if (n > 3 && !strcmp(path + n - 3, ".md") &&
	    (!base || cc_doc_parse(&bd, base, base_len, path) == 0) &&
	    cc_doc_parse(&od, ours, ours_len, path) == 0 &&
	    cc_doc_parse(&td, theirs, theirs_len, path) == 0) {
		size_t mark = out->len;
		err = merge_docs(path, bd, od, td, label.ptr, out, conflicted);
		if (err && err != CC_ENOMEM)
			out->len = mark;        /* fall back to a text merge */
	}
	cc_error_clear();
	if (err && err != CC_ENOMEM) {
		*conflicted = 0;
		err = cc_store_merge_text(base, base_len, ours, ours_len, theirs, theirs_len,
			"ours", label.ptr, out, conflicted);
	}
	cc_doc_free(bd);
	cc_doc_free(od);
	cc_doc_free(td);
	cc_buf_free(&label);
	return err;
}

/* --- reporting ----------------------------------------------------------- */

/* The 1-based line of the first body line starting with "<<<<<<< " in
 * the emitted DOC, or 0. */
static size_t marker_line(const cc_doc *doc)
{
	char *bytes = NULL, *p;
	size_t len, line = 1, found = 0;
	const char *body;
	size_t blen;

	body = cc_doc_body(doc, &blen);
	if (!body || !blen)
		return 0;
	if (strncmp(body, "<<<<<<< ", 8) && !memmem(body, blen, "\n<<<<<<< ", 9))
		return 0;
	if (cc_doc_emit(doc, &bytes, &len) != 0) {
		cc_error_clear();
		return 1;
	}
	for (p = bytes; *p; p++) {
		if ((p == bytes || p[-1] == '\n') && !strncmp(p, "<<<<<<< ", 8) &&
		    p >= bytes + (len - blen)) {
			found = line;
			break;
		}
		if (*p == '\n')
			line++;
	}
	free(bytes);
	return found ? found : 1;
}

int cc_doc_conflicted(const cc_doc *doc)
{
	const cc_node *c = cc_map_get(cc_doc_root(doc), CONFLICT_KEY);

	return (c && (cc_node_kind(c) != CC_NODE_MAP || cc_node_count(c))) || marker_line(doc);
}

int cc_check_conflicts(const char *relpath, const char *id, const cc_doc *doc,
	cc_problems *out)
{
	const cc_node *c = cc_map_get(cc_doc_root(doc), CONFLICT_KEY);
	const char *sp = id ? " " : "", *ids = id ? id : "";
	size_t i, line;
	int err = 0;

	if (c && cc_node_kind(c) == CC_NODE_MAP) {
		for (i = 0; !err && i < cc_node_count(c); i++) {
			const cc_node *e = cc_node_at(c, i);
			if (!strcmp(cc_node_key(e), CC_DELETED_KEY))
				err = cc_problems_add(out, "%s:%zu: conflict in '%s': files of this "
					"case were deleted on one side of a sync and the case changed on "
					"the other; both are kept; run 'casectl resolve%s%s --ours' or "
					"'--theirs'", relpath, cc_node_line(e), CC_DELETED_KEY, sp, ids);
			else
				err = cc_problems_add(out, "%s:%zu: conflict in '%s'; run "
					"'casectl resolve%s%s'", relpath, cc_node_line(e),
					cc_node_key(e), sp, ids);
		}
	} else if (c) {
		err = cc_problems_add(out, "%s:%zu: 'conflict' must be a map", relpath,
			cc_node_line(c));
	}
	if (!err && (line = marker_line(doc)) != 0)
		err = cc_problems_add(out, "%s:%zu: conflict in the text; run 'casectl resolve%s%s'",
			relpath, line, sp, ids);
	return err;
}
