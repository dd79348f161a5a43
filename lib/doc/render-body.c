/* render-body.c - the plan's Markdown text, parsed and made safe for
 * every format (see cc__render_body in render-int.h) */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "casectl/util/error.h"
#include "render-int.h"

/* A growable list of nodes to change after the walk. */
typedef struct {
	cmark_node **v;
	size_t n, cap;
} nodes;

static void push(int *err, nodes *l, cmark_node *n)
{
	if (*err)
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		cmark_node **v = realloc(l->v, cap * sizeof(*v));
		if (!v) {
			*err = cc_error_set(CC_ENOMEM, "out of memory");
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = n;
}

/* An image becomes its alt text: no file or URL is ever fetched. */
static void unwrap(int *err, cmark_node *img)
{
	cmark_node *c;

	while (!*err && (c = cmark_node_first_child(img)))
		if (!cmark_node_insert_before(img, c))
			*err = cc_error_set(CC_ENOMEM, "out of memory");
	cmark_node_free(img);
}

/* A new node of TYPE appended to PARENT. */
static cmark_node *child(int *err, cmark_node *parent, cmark_node_type type)
{
	cmark_node *n;

	if (*err)
		return NULL;
	n = cmark_node_new(type);
	if (!n || !cmark_node_append_child(parent, n)) {
		cmark_node_free(n);
		*err = cc_error_set(CC_ENOMEM, "out of memory");
		return NULL;
	}
	return n;
}

/* LaTeX prints a code block verbatim, and a line "\end{verbatim}" in it
 * would end the environment early: make it a paragraph of inline code
 * (escaped like all text), one line each. */
static void code_lines(int *err, cmark_node *block)
{
	const char *s = cmark_node_get_literal(block), *nl;
	cmark_node *p = cmark_node_new(CMARK_NODE_PARAGRAPH), *c;
	char *line;
	int lines = 0;

	if (!p || !cmark_node_insert_before(block, p)) {
		cmark_node_free(p);
		*err = cc_error_set(CC_ENOMEM, "out of memory");
		return;
	}
	for (; !*err && s && *s; s = nl ? nl + 1 : s + strlen(s)) {
		nl = strchr(s, '\n');
		if (nl == s)
			continue;
		if (!(line = strndup(s, nl ? (size_t)(nl - s) : strlen(s)))) {
			*err = cc_error_set(CC_ENOMEM, "out of memory");
			break;
		}
		if (lines++)
			child(err, p, CMARK_NODE_LINEBREAK);
		if ((c = child(err, p, CMARK_NODE_CODE)) && !cmark_node_set_literal(c, line))
			*err = cc_error_set(CC_ENOMEM, "out of memory");
		free(line);
	}
	cmark_node_free(block);
}

int cc__render_body(cc_render_ctx *r, int code_as_lines, struct cmark_node **out)
{
	int err = 0;
	cmark_node *md, *n;
	cmark_iter *it;
	cmark_event_type ev;
	nodes drop = { 0 }, images = { 0 }, code = { 0 };
	size_t i;

	*out = NULL;
	for (i = 0; i < r->body_len && strchr(" \t\r\n", r->body[i]); i++)
		;
	if (i == r->body_len)
		return 0;
	md = cmark_parse_document(r->body, r->body_len,
		CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	if (!md || !(it = cmark_iter_new(md))) {
		cmark_node_free(md);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	while (!err && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			push(&err, &drop, n);
			break;
		case CMARK_NODE_CODE_BLOCK:
			if (code_as_lines)
				push(&err, &code, n);
			break;
		case CMARK_NODE_IMAGE:
			push(&err, &images, n);
			break;
		case CMARK_NODE_LINK:
			if (cc__render_url_unsafe(cmark_node_get_url(n)))
				cmark_node_set_url(n, "");
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	for (i = 0; !err && i < drop.n; i++)
		cmark_node_free(drop.v[i]); /* unlinks it */
	/* innermost first: an image inside another's alt text goes first */
	for (i = images.n; !err && i-- > 0;)
		unwrap(&err, images.v[i]);
	for (i = 0; !err && i < code.n; i++)
		code_lines(&err, code.v[i]);
	free(drop.v);
	free(images.v);
	free(code.v);
	if (err)
		cmark_node_free(md);
	else
		*out = md;
	return err;
}

