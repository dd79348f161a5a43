/* frontmatter-tree.c - the document and node model, getters and setters */
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "frontmatter-int.h"

/* --- nodes ---------------------------------------------------------- */

cc_node *cc__fm_node_new(cc_doc *doc, cc_node_type type)
{
	cc_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->type = type;
	n->style = FM_AUTO;
	n->key_style = FM_AUTO;
	n->doc = doc;
	return n;
}

static void free_kids(cc_node *n)
{
	size_t i;

	for (i = 0; i < n->n; i++)
		cc__fm_node_free(n->kids[i]);
	free(n->kids);
	n->kids = NULL;
	n->n = n->cap = 0;
}

void cc__fm_node_free(cc_node *n)
{
	if (!n)
		return;
	free_kids(n);
	free(n->key);
	free(n->value);
	free(n);
}

int cc__fm_node_push(cc_node *parent, cc_node *kid)
{
	cc_node **p;
	size_t cap;

	if (parent->n == parent->cap) {
		cap = parent->cap ? parent->cap * 2 : 4;
		p = realloc(parent->kids, cap * sizeof(*p));
		if (!p)
			return cc_error_set(CC_ENOMEM, "out of memory");
		parent->kids = p;
		parent->cap = cap;
	}
	parent->kids[parent->n++] = kid;
	kid->parent = parent;
	kid->doc = parent->doc;
	return 0;
}

int cc__fm_node_set_text(cc_node *n, const char *s, size_t len)
{
	char *v = malloc(len + 1);

	if (!v)
		return cc_error_set(CC_ENOMEM, "out of memory");
	memcpy(v, s, len);
	v[len] = '\0';
	free(n->value);
	n->value = v;
	n->len = len;
	return 0;
}

cc_node_type cc_node_kind(const cc_node *n)
{
	return n->type;
}

size_t cc_node_line(const cc_node *n)
{
	return n ? n->line : 0;
}

const char *cc_node_value(const cc_node *n)
{
	return n && n->type == CC_NODE_SCALAR ? n->value : NULL;
}

int cc_node_is_plain(const cc_node *n)
{
	return n && n->type == CC_NODE_SCALAR && n->style == FM_PLAIN;
}

const char *cc_node_key(const cc_node *n)
{
	return n ? n->key : NULL;
}

size_t cc_node_count(const cc_node *n)
{
	return n && n->type != CC_NODE_SCALAR ? n->n : 0;
}

cc_node *cc_node_at(const cc_node *n, size_t i)
{
	if (!n || n->type == CC_NODE_SCALAR || i >= n->n)
		return NULL;
	return n->kids[i];
}

/* Collections from the root down to and including N. */
static size_t depth_of(const cc_node *n)
{
	size_t d = 0;

	for (; n; n = n->parent)
		d++;
	return d;
}

static void touch(cc_node *n)
{
	if (n->doc)
		n->doc->tree_modified = 1;
}

/* --- documents ------------------------------------------------------ */

cc_doc *cc__fm_doc_alloc(void)
{
	cc_doc *doc = calloc(1, sizeof(*doc));

	if (!doc)
		return NULL;
	doc->body = calloc(1, 1);
	doc->root = cc__fm_node_new(doc, CC_NODE_MAP);
	if (!doc->body || !doc->root) {
		cc_doc_free(doc);
		return NULL;
	}
	return doc;
}

int cc_doc_new(cc_doc **out)
{
	*out = cc__fm_doc_alloc();
	return *out ? 0 : cc_error_set(CC_ENOMEM, "out of memory");
}

void cc_doc_free(cc_doc *doc)
{
	if (!doc)
		return;
	cc__fm_node_free(doc->root);
	free(doc->front);
	free(doc->body);
	free(doc);
}

cc_node *cc_doc_root(const cc_doc *doc)
{
	return doc->root;
}

const char *cc_doc_body(const cc_doc *doc, size_t *len)
{
	if (len)
		*len = doc->body_len;
	return doc->body;
}

int cc_doc_set_body(cc_doc *doc, const char *body, size_t len)
{
	const char *why;
	size_t line;
	char *p;

	if (!body)
		len = 0;
	if (len == doc->body_len && (!len || !memcmp(body, doc->body, len)))
		return 0;
	if (cc__fm_utf8_scan(body, len, 0, &line, &why) != len)
		return cc_error_set(CC_EINVALID, "body line %zu: %s", line, why);
	p = malloc(len + 1);
	if (!p)
		return cc_error_set(CC_ENOMEM, "out of memory");
	if (len)
		memcpy(p, body, len);
	p[len] = '\0';
	free(doc->body);
	doc->body = p;
	doc->body_len = len;
	doc->body_modified = 1;
	return 0;
}

int cc_doc_modified(const cc_doc *doc)
{
	return doc->tree_modified || doc->body_modified;
}

int cc_doc_emit(const cc_doc *doc, char **out, size_t *len)
{
	cc_buf b = CC_BUF_INIT;
	int err;

	*out = NULL;
	if (len)
		*len = 0;
	if (doc->front && !doc->tree_modified) {
		err = cc_buf_put(&b, doc->front, doc->front_len);
		if (!err && doc->body_len && doc->front_len &&
		    doc->front[doc->front_len - 1] != '\n')
			err = cc_buf_puts(&b, doc->crlf ? "\r\n" : "\n");
	} else {
		err = cc__fm_emit_canonical(doc, &b);
	}
	if (!err)
		err = cc_buf_put(&b, doc->body, doc->body_len);
	if (err) {
		cc_buf_free(&b);
		return err;
	}
	if (len)
		*len = b.len;
	*out = cc_buf_detach(&b);
	return *out ? 0 : cc_error_set(CC_ENOMEM, "out of memory");
}

/* --- maps ----------------------------------------------------------- */

static size_t map_index(const cc_node *map, const char *key)
{
	size_t i;

	for (i = 0; i < map->n; i++)
		if (!strcmp(map->kids[i]->key, key))
			return i;
	return (size_t)-1;
}

cc_node *cc_map_get(const cc_node *map, const char *key)
{
	size_t i;

	if (!map || map->type != CC_NODE_MAP || !key)
		return NULL;
	i = map_index(map, key);
	return i == (size_t)-1 ? NULL : map->kids[i];
}

const char *cc_map_str(const cc_node *map, const char *key)
{
	return cc_node_value(cc_map_get(map, key));
}

static int check_text(const char *s, const char *what)
{
	const char *why;
	size_t line, len = strlen(s);

	if (cc__fm_utf8_scan(s, len, 0, &line, &why) != len)
		return cc_error_set(CC_EINVALID, "%s is not valid UTF-8", what);
	return 0;
}

static int check_key(const cc_node *map, const char *key)
{
	if (!map || map->type != CC_NODE_MAP)
		return cc_error_set(CC_EINVALID, "not a map");
	if (!key)
		return cc_error_set(CC_EINVALID, "missing key");
	if (strlen(key) > CC_FM_MAX_KEY)
		return cc_error_set(CC_EINVALID, "key longer than %d bytes",
				    CC_FM_MAX_KEY);
	return check_text(key, "key");
}

/* A new empty node under KEY, appended to MAP. */
static int map_append(cc_node *map, const char *key, cc_node_type type,
		      cc_node **out)
{
	cc_node *n = cc__fm_node_new(map->doc, type);
	int err;

	if (!n || !(n->key = strdup(key))) {
		cc__fm_node_free(n);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	if ((err = cc__fm_node_push(map, n)) != 0) {
		cc__fm_node_free(n);
		return err;
	}
	touch(map);
	*out = n;
	return 0;
}

/* Whether a scalar written in STYLE with text S reads as a string. */
static int reads_as_string(enum fm_style style, const char *s, size_t len)
{
	if (style != FM_PLAIN)
		return 1;
	return cc__fm_plain_ok(s, len) && !cc__fm_ambiguous(s, len);
}

static int map_set(cc_node *map, const char *key, const char *value,
		   enum fm_style style)
{
	cc_node *n;
	size_t len;
	int err;

	if ((err = check_key(map, key)) != 0)
		return err;
	if (!value)
		return cc_map_remove(map, key);
	if ((err = check_text(value, "value")) != 0)
		return err;
	len = strlen(value);
	n = cc_map_get(map, key);
	if (n && n->type == CC_NODE_SCALAR && n->len == len &&
	    !memcmp(n->value, value, len) &&
	    reads_as_string(n->style, n->value, len) ==
	    reads_as_string(style, value, len))
		return 0; /* same text, same meaning: leave the bytes alone */
	if (!n) {
		n = cc__fm_node_new(map->doc, CC_NODE_SCALAR);
		if (!n || !(n->key = strdup(key)) ||
		    cc__fm_node_set_text(n, value, len) || cc__fm_node_push(map, n)) {
			cc__fm_node_free(n);
			return cc_error_set(CC_ENOMEM, "out of memory");
		}
	} else if ((err = cc__fm_node_set_text(n, value, len)) != 0) {
		return err;
	}
	free_kids(n);
	n->type = CC_NODE_SCALAR;
	n->style = style;
	n->line = 0;
	touch(map);
	return 0;
}

int cc_map_set_str(cc_node *map, const char *key, const char *value)
{
	return map_set(map, key, value, FM_AUTO);
}

int cc_map_set_plain(cc_node *map, const char *key, const char *value)
{
	return map_set(map, key, value, FM_PLAIN);
}

static int child(cc_node *map, const char *key, cc_node_type type,
		 cc_node **out)
{
	cc_node *n;
	int err;

	*out = NULL;
	if ((err = check_key(map, key)) != 0)
		return err;
	n = cc_map_get(map, key);
	if (n) {
		if (n->type != type)
			return cc_error_set(CC_EINVALID, "'%s' is not a %s", key,
					    type == CC_NODE_MAP ? "map" : "list");
		*out = n;
		return 0;
	}
	if (depth_of(map) + 1 > CC_FM_MAX_DEPTH)
		return cc_error_set(CC_EINVALID, "nesting deeper than %d levels",
				    CC_FM_MAX_DEPTH);
	return map_append(map, key, type, out);
}

int cc_map_child_map(cc_node *map, const char *key, cc_node **out)
{
	return child(map, key, CC_NODE_MAP, out);
}

int cc_map_child_list(cc_node *map, const char *key, cc_node **out)
{
	return child(map, key, CC_NODE_LIST, out);
}

static void remove_at(cc_node *parent, size_t i)
{
	cc__fm_node_free(parent->kids[i]);
	memmove(parent->kids + i, parent->kids + i + 1,
		(parent->n - i - 1) * sizeof(*parent->kids));
	parent->n--;
	touch(parent);
}

int cc_map_remove(cc_node *map, const char *key)
{
	size_t i;

	if (!map || map->type != CC_NODE_MAP)
		return cc_error_set(CC_EINVALID, "not a map");
	if (!key)
		return 0;
	i = map_index(map, key);
	if (i != (size_t)-1)
		remove_at(map, i);
	return 0;
}

/* --- lists ---------------------------------------------------------- */

static int list_append(cc_node *list, cc_node_type type, const char *value,
		       enum fm_style style, cc_node **out)
{
	cc_node *n;
	int err;

	if (!list || list->type != CC_NODE_LIST)
		return cc_error_set(CC_EINVALID, "not a list");
	if (type == CC_NODE_SCALAR) {
		if (!value)
			return cc_error_set(CC_EINVALID, "missing value");
		if ((err = check_text(value, "value")) != 0)
			return err;
	} else if (depth_of(list) + 1 > CC_FM_MAX_DEPTH) {
		return cc_error_set(CC_EINVALID, "nesting deeper than %d levels",
				    CC_FM_MAX_DEPTH);
	}
	n = cc__fm_node_new(list->doc, type);
	if (!n)
		return cc_error_set(CC_ENOMEM, "out of memory");
	n->style = style;
	if ((type == CC_NODE_SCALAR &&
	     (err = cc__fm_node_set_text(n, value, strlen(value))) != 0) ||
	    (err = cc__fm_node_push(list, n)) != 0) {
		cc__fm_node_free(n);
		return err;
	}
	touch(list);
	if (out)
		*out = n;
	return 0;
}

int cc_list_append_str(cc_node *list, const char *value)
{
	return list_append(list, CC_NODE_SCALAR, value, FM_AUTO, NULL);
}

int cc_list_append_plain(cc_node *list, const char *value)
{
	return list_append(list, CC_NODE_SCALAR, value, FM_PLAIN, NULL);
}

int cc_list_append_map(cc_node *list, cc_node **out)
{
	*out = NULL;
	return list_append(list, CC_NODE_MAP, NULL, FM_AUTO, out);
}

int cc_list_remove_at(cc_node *list, size_t i)
{
	if (!list || list->type != CC_NODE_LIST)
		return cc_error_set(CC_EINVALID, "not a list");
	if (i >= list->n)
		return cc_error_set(CC_ENOTFOUND, "no item %zu in a list of %zu",
				    i, list->n);
	remove_at(list, i);
	return 0;
}

int cc_list_clear(cc_node *list)
{
	if (!list || list->type != CC_NODE_LIST)
		return cc_error_set(CC_EINVALID, "not a list");
	if (list->n) {
		free_kids(list);
		touch(list);
	}
	return 0;
}

cc_node *cc_list_find(const cc_node *list, const char *key, const char *value)
{
	const char *v;
	size_t i;

	if (!list || list->type != CC_NODE_LIST || !key || !value)
		return NULL;
	for (i = 0; i < list->n; i++) {
		v = cc_map_str(list->kids[i], key);
		if (v && !strcmp(v, value))
			return list->kids[i];
	}
	return NULL;
}
