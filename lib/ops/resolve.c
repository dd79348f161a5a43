/* resolve.c - casectl resolve: choose between the two sides of the
 * conflicts a sync recorded in a case's files, in one commit */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/model/action.h"
#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/store/sync.h"
#include "../model/merge-int.h"

/* --- key paths: "review", "client.name", "goals[G1].status" -------------- */

typedef struct {
	char *key;      /* a map key, or NULL for a list item */
	char *id;       /* the list item's id */
} seg;

static void segs_free(seg *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].id);
	}
	free(v);
}

static int parse_path(const char *path, seg **out, size_t *n)
{
	seg *v = NULL;
	size_t k = 0, cap = 0;
	const char *p = path;

	*out = NULL;
	*n = 0;
	while (*p) {
		seg s = { NULL, NULL };
		size_t len;
		if (*p == '[') {
			const char *e = strchr(p, ']');
			if (!e || e == p + 1)
				goto bad;
			s.id = strndup(p + 1, (size_t)(e - p - 1));
			p = e + 1;
			if (*p == '.')
				p++;
		} else {
			len = strcspn(p, ".[");
			if (!len)
				goto bad;
			s.key = strndup(p, len);
			p += len;
			if (*p == '.')
				p++;
		}
		if (k == cap) {
			seg *nv;
			cap = cap ? cap * 2 : 4;
			if (!(nv = realloc(v, cap * sizeof(*v)))) {
				free(s.key);
				free(s.id);
				segs_free(v, k);
				return cc_error_set(CC_ENOMEM, "out of memory");
			}
			v = nv;
		}
		v[k++] = s;
	}
	if (!k || v[0].id)
		goto bad;
	*out = v;
	*n = k;
	return 0;
bad:
	segs_free(v, k);
	return cc_error_set(CC_EINVALID, "'%s' is not a key path", path);
}

/* A value given on the command line is written plain (a date, a
 * number) when the value it replaces was plain and it is one word of
 * letters, digits, '-', '.' and '_'; else as a string. */
static int plain_like(const cc_node *cur, const char *v)
{
	if (!cur || cc_node_kind(cur) != CC_NODE_SCALAR || !cc_node_is_plain(cur) || !*v ||
	    v[0] == '-' || v[0] == '.')
		return 0;
	return strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._") ==
		strlen(v);
}

/* Set PATH under ROOT to a copy of SRC, or to the string STR, or remove
 * it (both NULL).  Missing maps and list items on the way are made. */
static int set_path(cc_node *root, const char *path, const cc_node *src, const char *str)
{
	seg *v;
	size_t n, i, at;
	cc_node *cur = root, *next;
	int err;

	if ((err = parse_path(path, &v, &n)) != 0)
		return err;
	for (i = 0; !err && i + 1 < n; i++) {
		if (v[i].key) {
			err = v[i + 1].id ? cc_map_child_list(cur, v[i].key, &next)
					  : cc_map_child_map(cur, v[i].key, &next);
		} else if (!(next = cc_list_find(cur, "id", v[i].id))) {
			if (!(err = cc_list_append_map(cur, &next)))
				err = cc_map_set_str(next, "id", v[i].id);
		}
		cur = next;
	}
	if (err)
		goto out;
	if (v[n - 1].key) {
		if (str && plain_like(cc_map_get(cur, v[n - 1].key), str))
			err = cc_map_set_plain(cur, v[n - 1].key, str);
		else if (str)
			err = cc_map_set_str(cur, v[n - 1].key, str);
		else
			err = cc__copy_value(cur, v[n - 1].key, src);
		goto out;
	}
	next = cc_list_find(cur, "id", v[n - 1].id);
	if (str) {
		err = cc_error_set(CC_EINVALID, "'%s' is a whole list item; give a value for "
			"one of its keys, or use --ours or --theirs", path);
	} else if (!src) {
		for (at = 0; next && at < cc_node_count(cur); at++)
			if (cc_node_at(cur, at) == next) {
				err = cc_list_remove_at(cur, at);
				break;
			}
	} else if (next) {
		err = cc__copy_children(next, src);
	} else {
		err = cc__append_copy(cur, src);
	}
out:
	segs_free(v, n);
	return err;
}

/* --- the body ----------------------------------------------------------- */

/* Keep one side of every conflict block; 1 in *had when there was one. */
static int resolve_body(cc_doc *doc, int theirs, int *had)
{
	const char *b, *p, *e, *end;
	size_t len;
	cc_buf out = CC_BUF_INIT;
	int state = 0, err = 0;   /* 0 outside, 1 ours, 2 base, 3 theirs */

	*had = 0;
	b = cc_doc_body(doc, &len);
	end = b + len;
	for (p = b; p < end; p = e) {
		e = memchr(p, '\n', (size_t)(end - p));
		e = e ? e + 1 : end;
		if (!strncmp(p, "<<<<<<< ", 8) && state == 0) {
			state = 1;
			*had = 1;
		} else if (!strncmp(p, "||||||| ", 8) && state == 1) {
			state = 2;
		} else if (!strncmp(p, "=======", 7) && (p[7] == '\n' || p[7] == '\r') &&
			   (state == 1 || state == 2)) {
			state = 3;
		} else if (!strncmp(p, ">>>>>>> ", 8) && state == 3) {
			state = 0;
		} else if (state == 0 || (state == 1 && !theirs) || (state == 3 && theirs)) {
			err = cc_buf_put(&out, p, (size_t)(e - p));
		}
		if (err)
			break;
	}
	if (!err && *had)
		err = cc_doc_set_body(doc, out.ptr ? out.ptr : "", out.len);
	cc_buf_free(&out);
	return err;
}

/* --- one file ------------------------------------------------------------ */

typedef struct {
	int mode;
	char *const *assign;
	size_t nassign;
	int *used;
	size_t count;
	const char *id;
	char **del;             /* files of the case to delete (the side taken
				 * of a delete conflict) */
	size_t ndel;
	int del_all;            /* walk(): delete every file of the case */
} rctx;

/* The names of side MODE of the delete conflict E, to delete. */
static int take_deletes(rctx *r, const char *relpath, const cc_node *e)
{
	const cc_node *list;
	size_t i;
	int err = 0;

	if (r->mode == CC_RESOLVE_ASSIGN)
		return cc_error_set(CC_EINVALID, "files of case '%s' were deleted on one side "
			"and changed on the other (%s); run 'casectl resolve %s --ours' to take "
			"our side or '--theirs' to take theirs", r->id, relpath, r->id);
	list = cc_node_kind(e) == CC_NODE_MAP ?
		cc_map_get(e, r->mode == CC_RESOLVE_OURS ? "ours" : "theirs") : NULL;
	for (i = 0; !err && list && cc_node_kind(list) == CC_NODE_LIST &&
	     i < cc_node_count(list); i++) {
		const cc_node *n = cc_node_at(list, i);
		const char *v = cc_node_kind(n) == CC_NODE_SCALAR ? cc_node_value(n) : NULL;
		char **nv;
		if (!v || !*v || *v == '/' || !strcmp(v, "..") || !strncmp(v, "../", 3) ||
		    strstr(v, "/../") || (strlen(v) > 3 && !strcmp(v + strlen(v) - 3, "/..")))
			return cc_error_set(CC_EINVALID, "%s:%zu: '%s' is not a file of case '%s'; "
				"fix the conflict with 'casectl edit %s'", relpath, cc_node_line(n),
				v ? v : "", r->id, r->id);
		if (!(nv = realloc(r->del, (r->ndel + 1) * sizeof(*nv))) ||
		    !(nv[r->ndel] = strdup(v))) {
			if (nv)
				r->del = nv;
			return cc_error_set(CC_ENOMEM, "out of memory");
		}
		r->del = nv;
		r->ndel++;
	}
	return err;
}

static const char *assigned(rctx *r, const char *key)
{
	size_t i, n = strlen(key);

	for (i = 0; i < r->nassign; i++)
		if (!strncmp(r->assign[i], key, n) && r->assign[i][n] == '=') {
			r->used[i] = 1;
			return r->assign[i] + n + 1;
		}
	return NULL;
}

static int resolve_doc(rctx *r, const char *relpath, cc_doc *doc)
{
	cc_node *root = cc_doc_root(doc), *c = cc_map_get(root, CC_CONFLICT_KEY);
	size_t i;
	int err = 0, had = 0;

	for (i = 0; c && cc_node_kind(c) == CC_NODE_MAP && !err && i < cc_node_count(c); i++) {
		const cc_node *e = cc_node_at(c, i);
		const char *key = cc_node_key(e), *val;
		if (!strcmp(key, CC_CONFLICT_WHOLE) && r->mode != CC_RESOLVE_OURS)
			err = cc_error_set(CC_EINVALID, "the other side of '%s' could not be "
				"merged and is not in the file; keep this version with 'casectl resolve "
				"%s --ours', or rewrite it with 'casectl resolve %s --edit'",
				relpath, r->id, r->id);
		else if (!strcmp(key, CC_DELETED_KEY))
			err = take_deletes(r, relpath, e);
		else if (r->mode == CC_RESOLVE_OURS)
			;       /* ours is in place already */
		else if (r->mode == CC_RESOLVE_THEIRS)
			err = set_path(root, key, cc_node_kind(e) == CC_NODE_MAP ?
				cc_map_get(e, "theirs") : NULL, NULL);
		else if ((val = assigned(r, key)))
			err = set_path(root, key, NULL, val);
		else
			err = cc_error_set(CC_EINVALID, "the conflict in '%s' of '%s' is not "
				"resolved; give %s=VALUE, --ours or --theirs", key, relpath, key);
		r->count++;
	}
	if (!err && c)
		err = cc_map_remove(root, CC_CONFLICT_KEY);
	if (!err && r->mode == CC_RESOLVE_ASSIGN) {
		size_t len;
		const char *b = cc_doc_body(doc, &len);
		if (b && (!strncmp(b, "<<<<<<< ", 8) || memmem(b, len, "\n<<<<<<< ", 9)))
			err = cc_error_set(CC_EINVALID, "the text of '%s' has conflict markers; "
				"run 'casectl resolve %s --ours' or '--theirs', or edit the text "
				"with 'casectl edit %s'", relpath, r->id, r->id);
	} else if (!err) {
		err = resolve_body(doc, r->mode == CC_RESOLVE_THEIRS, &had);
		r->count += (size_t)had;
	}
	return err;
}

static int walk(cc_action *a, rctx *r, const char *dir, const char *sub)
{
	cc_store *s = cc_action_store(a);
	cc_buf rel = CC_BUF_INIT, name = CC_BUF_INIT;
	char **names = NULL;
	size_t n = 0, i;
	cc_doc *doc;
	int err, ex;

	if ((err = cc_buf_printf(&rel, "%s%s%s", dir, *sub ? "/" : "", sub)) ||
	    (err = cc_store_list(s, rel.ptr, &names, &n)))
		goto out;
	for (i = 0; !err && i < n; i++) {
		size_t before;
		cc_buf_clear(&name);
		cc_buf_clear(&rel);
		if ((err = cc_buf_printf(&name, "%s%s%s", sub, *sub ? "/" : "", names[i])) ||
		    (err = cc_buf_printf(&rel, "%s/%s", dir, name.ptr)))
			break;
		ex = cc_store_exists(s, rel.ptr);
		if (ex == 2) {
			err = walk(a, r, dir, name.ptr);
			continue;
		}
		if (r->del_all) {
			if (ex == 1)
				err = cc_action_delete(a, name.ptr);
			continue;
		}
		if (ex != 1 || name.len < 3 || strcmp(name.ptr + name.len - 3, ".md"))
			continue;
		if (!strcmp(name.ptr, "case.md")) {
			doc = cc_case_doc(cc_action_case(a));
			if (cc_doc_conflicted(doc))
				err = resolve_doc(r, rel.ptr, doc);
			continue;
		}
		if ((err = cc_action_read_doc(a, name.ptr, 0, &doc)) != 0) {
			cc_error_clear();
			err = 0;      /* not a record with front matter */
			continue;
		}
		if (!cc_doc_conflicted(doc)) {
			cc_doc_free(doc);
			continue;
		}
		before = r->count;
		if ((err = resolve_doc(r, rel.ptr, doc)) != 0) {
			cc_doc_free(doc);
			break;
		}
		if (r->count > before)
			err = cc_action_put_doc(a, name.ptr, doc);
		else
			cc_doc_free(doc);
	}
out:
	cc_strv_free(names, n);
	cc_buf_free(&rel);
	cc_buf_free(&name);
	return err;
}

int cc_resolve(cc_store *s, const char *input, int mode, char *const *assign,
	size_t nassign, char id_out[16])
{
	cc_action *a = NULL;
	rctx r;
	size_t i;
	int err;

	memset(&r, 0, sizeof(r));
	r.mode = mode;
	r.assign = assign;
	r.nassign = nassign;
	if (nassign && !(r.used = calloc(nassign, sizeof(*r.used))))
		return cc_error_set(CC_ENOMEM, "out of memory");
	for (i = 0; i < nassign; i++)
		if (!strchr(assign[i], '=') || assign[i][0] == '=') {
			free(r.used);
			return cc_error_set(CC_EUSAGE, "'%s' is not KEY=VALUE", assign[i]);
		}
	if ((err = cc_action_begin(&a, s, input, CC_ACTION_ALLOW_CLOSED)) != 0)
		goto out;
	r.id = cc_action_id(a);
	if ((err = walk(a, &r, cc_case_dir(cc_action_case(a)), "")) != 0)
		goto out;
	for (i = 0; !err && i < r.ndel; i++) {
		char path[256];
		if (!strcmp(r.del[i], CC_CASE_FILE)) {
			r.del_all = 1;    /* the case goes as a whole */
			err = walk(a, &r, cc_case_dir(cc_action_case(a)), "");
			break;
		}
		cc_case_path(cc_action_case(a), r.del[i], path, sizeof(path));
		if (cc_store_exists(s, path) == 1)
			err = cc_action_delete(a, r.del[i]);
	}
	if (err)
		goto out;
	if (!r.count) {
		err = cc_error_set(CC_ENOTFOUND, "case '%s' has no conflicts", r.id);
		goto out;
	}
	for (i = 0; i < nassign; i++)
		if (!r.used[i]) {
			err = cc_error_set(CC_EINVALID, "case '%s' has no conflict in '%.*s'; "
				"run 'casectl check' to see the conflicts", r.id,
				(int)strcspn(assign[i], "="), assign[i]);
			goto out;
		}
	if ((err = cc_action_commit(a, "resolve", "%zu conflict%s resolved", r.count,
	    r.count == 1 ? "" : "s")) != 0)
		goto out;
	snprintf(id_out, 16, "%s", r.id);
out:
	cc_strv_free(r.del, r.ndel);
	free(r.used);
	cc_action_free(a);
	return err;
}

int cc_case_conflicted(cc_store *s, const char *id)
{
	char idbuf[32];
	cc_case *c = NULL;
	int rc;

	if (cc_case_resolve(s, id, idbuf) != 0 || cc_case_load(s, idbuf, &c) != 0) {
		cc_error_clear();
		return 0;
	}
	rc = cc_doc_conflicted(cc_case_doc(c));
	cc_case_free(c);
	return rc;
}
