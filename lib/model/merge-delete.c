/* merge-delete.c - the record of a delete conflict in case.md: files of
 * a case deleted on one side of a sync while the case changed on the
 * other are kept, and listed under conflict.deleted-files until
 * 'casectl resolve' takes a side. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/store/sync.h"
#include "merge-int.h"

static int has_value(const cc_node *list, const char *v)
{
	size_t i;

	for (i = 0; i < cc_node_count(list); i++)
		if (cc_node_kind(cc_node_at(list, i)) == CC_NODE_SCALAR &&
		    !strcmp(cc_node_value(cc_node_at(list, i)), v))
			return 1;
	return 0;
}

static int add_side(cc_node *entry, const char *side, char *const *names, size_t n)
{
	cc_node *list = cc_map_get(entry, side);
	size_t i;
	int err = 0;

	if (!n)
		return 0;
	if (list && cc_node_kind(list) != CC_NODE_LIST && (err = cc_map_remove(entry, side)))
		return err;
	if ((err = cc_map_child_list(entry, side, &list)) != 0)
		return err;
	for (i = 0; !err && i < n; i++)
		if (!has_value(list, names[i]))
			err = cc_list_append_str(list, names[i]);
	return err;
}

int cc_merge_mark_deleted(const char *path, const char *buf, size_t len,
	char *const *ours, size_t nours, char *const *theirs, size_t ntheirs, cc_buf *out)
{
	cc_doc *doc = NULL;
	cc_node *c, *e;
	char *bytes = NULL;
	size_t blen;
	int err;

	if ((err = cc_doc_parse(&doc, buf, len, path)) != 0)
		return err;
	c = cc_map_get(cc_doc_root(doc), CC_CONFLICT_KEY);
	if (c && cc_node_kind(c) != CC_NODE_MAP) {
		err = cc_error_set(CC_EINVALID, "%s: 'conflict' is not a map", path);
		goto out;
	}
	if ((err = cc_map_child_map(cc_doc_root(doc), CC_CONFLICT_KEY, &c)) ||
	    (err = cc_map_child_map(c, CC_DELETED_KEY, &e)) ||
	    (err = add_side(e, "ours", ours, nours)) ||
	    (err = add_side(e, "theirs", theirs, ntheirs)) ||
	    (err = cc_doc_emit(doc, &bytes, &blen)))
		goto out;
	err = cc_buf_put(out, bytes, blen);
out:
	free(bytes);
	cc_doc_free(doc);
	return err;
}
