/* resolve-edit.c - casectl resolve --edit: the worker rewrites each
 * conflicted file of a case; the results are checked and committed
 * together in one commit, or nothing is */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/model/action.h"
#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/store/sync.h"
#include "casectl/model/validate.h"
#include "../model/merge-int.h"

void cc_resolve_files_free(cc_resolve_file *f, size_t n)
{
	size_t i;

	for (i = 0; f && i < n; i++) {
		free(f[i].name);
		free(f[i].path);
		free(f[i].stored);
		free(f[i].text);
	}
	free(f);
}

typedef struct {
	cc_store *s;
	const char *dir;         /* the case folder */
	cc_resolve_file *v;
	size_t n, cap;
} collector;

/* Add the store file REL (NAME in the case folder) when it is a record
 * with conflicts; takes BUF. */
static int consider(collector *c, const char *name, const char *rel, char *buf, size_t len)
{
	cc_problems p = CC_PROBLEMS_INIT;
	cc_resolve_file *f;
	cc_doc *doc = NULL;
	int err;

	if (cc_doc_parse(&doc, buf, len, rel) != 0) {
		cc_error_clear();       /* not a record with front matter */
		free(buf);
		return 0;
	}
	err = cc_doc_conflicted(doc) ? cc_check_conflicts(rel, NULL, doc, &p) : 0;
	cc_doc_free(doc);
	if (err || !p.n)
		goto out;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 4;
		cc_resolve_file *nv = realloc(c->v, cap * sizeof(*nv));
		if (!nv) {
			err = cc_error_set(CC_ENOMEM, "out of memory");
			goto out;
		}
		c->v = nv;
		c->cap = cap;
	}
	f = &c->v[c->n];
	memset(f, 0, sizeof(*f));
	if (!(f->name = strdup(name)) || !(f->path = strdup(rel))) {
		free(f->name);
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	f->stored = buf;
	f->stored_len = len;
	f->conflicts = p.n;
	buf = NULL;
	c->n++;
out:
	free(buf);
	cc_problems_free(&p);
	return err;
}

static int collect(collector *c, const char *sub)
{
	cc_buf rel = CC_BUF_INIT, name = CC_BUF_INIT;
	char **names = NULL, *buf;
	size_t n = 0, i, len;
	int err, ex;

	if ((err = cc_buf_printf(&rel, "%s%s%s", c->dir, *sub ? "/" : "", sub)) ||
	    (err = cc_store_list(c->s, rel.ptr, &names, &n)))
		goto out;
	for (i = 0; !err && i < n; i++) {
		cc_buf_clear(&name);
		cc_buf_clear(&rel);
		if ((err = cc_buf_printf(&name, "%s%s%s", sub, *sub ? "/" : "", names[i])) ||
		    (err = cc_buf_printf(&rel, "%s/%s", c->dir, name.ptr)))
			break;
		ex = cc_store_exists(c->s, rel.ptr);
		if (ex == 2)
			err = collect(c, name.ptr);
		else if (ex == 1 && name.len > 3 && !strcmp(name.ptr + name.len - 3, ".md") &&
			 !(err = cc_store_read(c->s, rel.ptr, &buf, &len)))
			err = consider(c, name.ptr, rel.ptr, buf, len);
	}
out:
	cc_strv_free(names, n);
	cc_buf_free(&rel);
	cc_buf_free(&name);
	return err;
}

int cc_resolve_edit_files(cc_store *s, const char *input, char id_out[16],
	cc_resolve_file **files, size_t *n)
{
	cc_action *a = NULL;
	collector c;
	int err;

	*files = NULL;
	*n = 0;
	memset(&c, 0, sizeof(c));
	if ((err = cc_action_begin(&a, s, input, CC_ACTION_ALLOW_CLOSED)) != 0)
		goto out;
	c.s = s;
	c.dir = cc_case_dir(cc_action_case(a));
	if ((err = collect(&c, "")) != 0)
		goto out;
	if (!c.n) {
		err = cc_error_set(CC_ENOTFOUND, "case '%s' has no conflicts", cc_action_id(a));
		goto out;
	}
	snprintf(id_out, 16, "%s", cc_action_id(a));
	*files = c.v;
	*n = c.n;
	c.v = NULL;
out:
	cc_resolve_files_free(c.v, c.n);
	cc_action_free(a);   /* the lock is not held while the worker edits */
	return err;
}

/* A 'conflict' key left in the result, even an empty one. */
static int check_no_map(const cc_resolve_file *f, cc_problems *probs)
{
	cc_doc *doc = NULL;
	const cc_node *c;
	int err = 0;

	if (cc_doc_parse(&doc, f->text, f->text_len, f->path) != 0) {
		cc_error_clear();       /* cc_validate_file reports it */
		return 0;
	}
	c = cc_map_get(cc_doc_root(doc), CC_CONFLICT_KEY);
	if (c && cc_node_kind(c) == CC_NODE_MAP && !cc_node_count(c))
		err = cc_problems_add(probs, "%s:%zu: remove the empty '%s' map", f->path,
			cc_node_line(c), CC_CONFLICT_KEY);
	cc_doc_free(doc);
	return err;
}

int cc_resolve_edit_commit(cc_store *s, const char *id, const cc_resolve_file *f,
	size_t n, cc_problems *probs)
{
	cc_action *a = NULL;
	char *buf = NULL;
	size_t i, len, count = 0;
	int err;

	if ((err = cc_action_begin(&a, s, id, CC_ACTION_ALLOW_CLOSED)) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if ((err = cc_store_read(s, f[i].path, &buf, &len)) != 0)
			goto out;
		if (len != f[i].stored_len || memcmp(buf, f[i].stored, len)) {
			err = cc_error_set(CC_ECONFLICT, "'%s' changed while it was being edited; "
				"run 'casectl resolve %s --edit' again", f[i].path, id);
			goto out;
		}
		free(buf);
		buf = NULL;
		if (!f[i].text) {
			err = cc_error_set(CC_EINVALID, "'%s' was not edited", f[i].path);
			goto out;
		}
		if ((err = cc_validate_file(f[i].path, f[i].text, f[i].text_len, probs)) ||
		    (err = check_no_map(&f[i], probs)))
			goto out;
		count += f[i].conflicts;
	}
	if ((err = cc_problems_raise(probs)) != 0)
		goto out;
	for (i = 0; !err && i < n; i++)
		err = cc_action_put(a, f[i].name, f[i].text, f[i].text_len);
	if (!err)
		err = cc_action_commit(a, "resolve", "%zu conflict%s resolved by editing", count,
			count == 1 ? "" : "s");
out:
	free(buf);
	cc_action_free(a);
	return err;
}
