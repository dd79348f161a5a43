/* render-tree.c - the printable plan as LaTeX, man or CommonMark
 *
 * The plan is built as a cmark node tree: every value is the literal
 * of a text node (so nothing in it can become markup; each renderer
 * escapes it for its format), and the Markdown body is parsed and its
 * nodes moved in after raw HTML was removed and unsafe URLs emptied.
 */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "casectl/util/error.h"
#include "render-int.h"

#define L(key) cc__label(&r->labels, (key))

/* A tree under construction; ERR is sticky so building reads straight. */
typedef struct {
	cc_render_ctx *r;
	int err;
} tree;

static cmark_node *node(tree *t, cmark_node *parent, cmark_node_type type)
{
	cmark_node *n;

	if (t->err || !parent)
		return NULL;
	n = cmark_node_new(type);
	if (!n || !cmark_node_append_child(parent, n)) {
		cmark_node_free(n);
		t->err = cc_error_set(CC_ENOMEM, "out of memory");
		return NULL;
	}
	return n;
}

/* Literal text; line breaks in a value become hard line breaks. */
static void text(tree *t, cmark_node *parent, const char *s)
{
	const char *nl;
	cmark_node *n;
	char *part;

	while (!t->err && parent && s && *s) {
		nl = strchr(s, '\n');
		part = strndup(s, nl ? (size_t)(nl - s) : strlen(s));
		if (!part) {
			t->err = cc_error_set(CC_ENOMEM, "out of memory");
			return;
		}
		if (*part && (n = node(t, parent, CMARK_NODE_TEXT)) && !cmark_node_set_literal(n, part))
			t->err = cc_error_set(CC_ENOMEM, "out of memory");
		free(part);
		if (!nl)
			break;
		if (nl[1])
			node(t, parent, CMARK_NODE_LINEBREAK);
		s = nl + 1;
	}
}

static cmark_node *heading(tree *t, cmark_node *doc, int level, const char *label)
{
	cmark_node *h = node(t, doc, CMARK_NODE_HEADING);

	if (h)
		cmark_node_set_heading_level(h, level);
	text(t, h, label);
	return h;
}

static cmark_node *para(tree *t, cmark_node *parent)
{
	return node(t, parent, CMARK_NODE_PARAGRAPH);
}

static void strong(tree *t, cmark_node *parent, const char *s)
{
	text(t, node(t, parent, CMARK_NODE_STRONG), s);
}

static cmark_node *list(tree *t, cmark_node *parent)
{
	cmark_node *l = node(t, parent, CMARK_NODE_LIST);

	if (l) {
		cmark_node_set_list_type(l, CMARK_BULLET_LIST);
		cmark_node_set_list_tight(l, 1);
	}
	return l;
}

/* An item whose paragraph starts with LEAD in bold; returns the paragraph. */
static cmark_node *item(tree *t, cmark_node *l, const char *lead, const char *rest)
{
	cmark_node *p = para(t, node(t, l, CMARK_NODE_ITEM));

	if (lead)
		strong(t, p, lead);
	if (lead && rest)
		text(t, p, " \xe2\x80\x94 ");
	text(t, p, rest);
	return p;
}

/* "Label: value" as an item of L, when VALUE is there. */
static void field(tree *t, cmark_node *l, const char *label, const char *value)
{
	cmark_node *p;

	if (!value)
		return;
	p = para(t, node(t, l, CMARK_NODE_ITEM));
	text(t, p, label);
	text(t, p, ": ");
	text(t, p, value);
}

/* "Label: value" and a line break, in a paragraph. */
static void line(tree *t, cmark_node *p, const char *label, const char *value, int br)
{
	strong(t, p, label);
	text(t, p, ": ");
	text(t, p, value ? value : "\xe2\x80\x94");
	if (br)
		node(t, p, CMARK_NODE_LINEBREAK);
}

static const cc_node *case_sub(cc_render_ctx *r, const char *key)
{
	const cc_node *n = r->in->casedoc ? cc_map_get(cc_doc_root(r->in->casedoc), key) : NULL;
	return n && cc_node_kind(n) == CC_NODE_MAP ? n : NULL;
}

static const char *status_label(cc_render_ctx *r, const cc_node *g)
{
	static const char *const known[] = { "open", "achieved", "partly", "not-achieved",
		"dropped", NULL };
	const char *v = cc__render_val(g, "status");
	size_t i;

	if (!v)
		v = "open";
	for (i = 0; known[i]; i++)
		if (!strcmp(known[i], v))
			return L(v);
	return v;
}

static void goal_details(tree *t, cmark_node *l, const cc_node *g, int step)
{
	cc_render_ctx *r = t->r;
	const char *level = cc__render_val(g, "level");

	if (!step && level) {
		int known = !strcmp(level, "macro") || !strcmp(level, "meso") ||
			!strcmp(level, "micro");
		field(t, l, L("level"), known ? L(level) : level);
	}
	field(t, l, L("domain"), cc__render_val(g, "domain"));
	field(t, l, L("measure"), cc__render_val(g, "measure"));
	field(t, l, L("due"), cc__render_val(g, "due"));
	field(t, l, L("responsible"), cc__render_val(g, "responsible"));
	if (step) {
		field(t, l, L("checks"), cc__render_val(g, "checks"));
		field(t, l, L("cost"), cc__render_val(g, "cost"));
		field(t, l, L("payer"), cc__render_val(g, "payer"));
	}
	field(t, l, L("status"), status_label(r, g));
}

static void header(tree *t, cmark_node *doc)
{
	cc_render_ctx *r = t->r;
	const cc_node *client = case_sub(r, "client"), *mgr = case_sub(r, "manager");
	cmark_node *p;

	heading(t, doc, 1, L("title"));
	p = para(t, doc);
	line(t, p, L("client"), cc__render_val(client, "name"), 1);
	if (cc__render_val(client, "birth-date"))
		line(t, p, L("birth-date"), cc__render_val(client, "birth-date"), 1);
	line(t, p, L("manager"), cc__render_val(mgr, "name"), 1);
	line(t, p, L("case"), r->in->case_id, 0);
	if (r->in->casedoc && cc__render_val(cc_doc_root(r->in->casedoc), "ref")) {
		text(t, p, " (");
		text(t, p, L("ref"));
		text(t, p, ": ");
		text(t, p, cc__render_val(cc_doc_root(r->in->casedoc), "ref"));
		text(t, p, ")");
	}
	if (r->in->as_of) {
		node(t, p, CMARK_NODE_LINEBREAK);
		line(t, p, L("as-of"), r->in->as_of, 0);
	}
}

static void goals(tree *t, cmark_node *doc)
{
	cc_render_ctx *r = t->r;
	cmark_node *l, *sub;
	size_t i, k;

	for (i = 0; i < r->ngoals; i++) {
		const char *v = cc__render_val(r->goals[i], "level");
		if (v && !strcmp(v, "macro")) {
			heading(t, doc, 2, L("macro"));
			text(t, para(t, doc), cc__render_val(r->goals[i], "text"));
		}
	}
	heading(t, doc, 2, L("goals"));
	if (!r->ngoals)
		text(t, para(t, doc), L("none"));
	l = r->ngoals ? list(t, doc) : NULL;
	for (i = 0; i < r->ngoals; i++) {
		const cc_node *g = r->goals[i];
		sub = item(t, l, cc__render_val(g, "id"), cc__render_val(g, "text"));
		goal_details(t, list(t, sub ? cmark_node_parent(sub) : NULL), g, 0);
	}
	if (!r->nsteps)
		return;
	heading(t, doc, 2, L("steps"));
	l = list(t, doc);
	for (k = 0; k < r->nsteps; k++) {
		const cc_node *s = r->steps[k];
		sub = item(t, l, cc__render_val(s, "id"), cc__render_val(s, "text"));
		goal_details(t, list(t, sub ? cmark_node_parent(sub) : NULL), s, 1);
	}
}

static void crisis(tree *t, cmark_node *doc)
{
	cc_render_ctx *r = t->r;
	cmark_node *l, *p;
	size_t i;

	if (!r->ncrisis)
		return;
	heading(t, doc, 2, L("crisis"));
	l = list(t, doc);
	for (i = 0; i < r->ncrisis; i++) {
		const cc_node *k = r->crisis[i];
		p = item(t, l, cc__render_val(k, "id"), cc__render_val(k, "situation"));
		p = list(t, p ? cmark_node_parent(p) : NULL);
		field(t, p, L("contact"), cc__render_val(k, "contact"));
		field(t, p, L("action"), cc__render_val(k, "action"));
	}
}

static void team(tree *t, cmark_node *doc)
{
	cc_render_ctx *r = t->r;
	cmark_node *l, *p;
	size_t i, j;

	if (!r->nmembers)
		return;
	heading(t, doc, 2, L("team"));
	l = list(t, doc);
	for (i = 0; i < r->nmembers; i++) {
		const cc_node *m = r->members[i], *topics = cc_map_get(m, "topics");
		const char *v;
		p = item(t, l, cc__render_val(m, "name"), NULL);
		if ((v = cc__render_val(m, "informal")) && !strcmp(v, "true")) {
			text(t, p, " (");
			text(t, p, L("informal"));
			text(t, p, ")");
		}
		if ((v = cc__render_val(m, "guardian")) && !strcmp(v, "true")) {
			text(t, p, " (");
			text(t, p, L("guardian"));
			text(t, p, ")");
		}
		p = list(t, p ? cmark_node_parent(p) : NULL);
		field(t, p, L("role"), cc__render_val(m, "role"));
		field(t, p, L("organisation"), cc__render_val(m, "organisation"));
		field(t, p, L("reach"), cc__render_val(m, "contact"));
		if (topics && cc_node_kind(topics) == CC_NODE_SCALAR)
			field(t, p, L("topics"), cc__render_val(m, "topics"));
		for (j = 0; topics && cc_node_kind(topics) == CC_NODE_LIST &&
			    j < cc_node_count(topics); j++)
			field(t, p, L("topics"), cc_node_value(cc_node_at(topics, j)));
	}
}

static void agreement(tree *t, cmark_node *doc)
{
	cc_render_ctx *r = t->r;
	const char *agreed = cc__render_val(r->root, "agreed");
	cmark_node *p;

	heading(t, doc, 2, L("agreement"));
	p = para(t, doc);
	line(t, p, L("agreed"), agreed ? agreed : L("not-agreed"), 1);
	line(t, p, L("review"), cc__render_val(r->root, "review"), 0);
}

/* The body after a thematic break. */
static void body(tree *t, cmark_node *doc, cc_render_format f)
{
	cmark_node *md, *n;

	if (t->err || (t->err = cc__render_body(t->r, f == CC_RENDER_LATEX, &md)) || !md)
		return;
	node(t, doc, CMARK_NODE_THEMATIC_BREAK);
	while (!t->err && (n = cmark_node_first_child(md)))
		if (!cmark_node_append_child(doc, n))
			t->err = cc_error_set(CC_ENOMEM, "out of memory");
	cmark_node_free(md);
}

static void signatures(tree *t, cmark_node *doc)
{
	cc_render_ctx *r = t->r;
	static const char blank[] = "____________________";
	const char *who[2] = { "client", "manager" };
	const char *label, *name;
	cmark_node *p;
	size_t i;

	heading(t, doc, 2, L("signatures"));
	/* the client, the case manager, then each guardian (team.md) */
	for (i = 0; i < 2 + r->nmembers; i++) {
		if (i >= 2 && !cc__render_is_guardian(r->members[i - 2]))
			continue;
		label = L(i < 2 ? who[i] : "guardian-signs");
		name = i < 2 ? cc__render_val(case_sub(r, who[i]), "name")
			     : cc__render_val(r->members[i - 2], "name");
		p = para(t, doc);
		line(t, p, label, name, 1);
		line(t, p, L("date"), blank, 1);
		line(t, p, L("signature"), blank, 0);
	}
}

/* cmark 0.30 writes a hard line break in man as ".PD 0" right after the
 * text, not on a line of its own; put it there. */
static int man_fix(const char *s, cc_buf *out)
{
	static const char brk[] = ".PD 0\n.P\n.PD";
	const char *at;
	int err;

	while ((at = strstr(s, brk)) != NULL) {
		if ((err = cc_buf_put(out, s, (size_t)(at - s))) ||
		    (out->len && out->ptr[out->len - 1] != '\n' &&
		     (err = cc_buf_putc(out, '\n'))) ||
		    (err = cc_buf_puts(out, brk)))
			return err;
		s = at + sizeof(brk) - 1;
	}
	return cc_buf_puts(out, s);
}

/* A standalone document around the renderer's body. */
static int wrap(cc_render_ctx *r, cc_render_format f, const char *inner, cc_buf *out)
{
	int err;

	if (f == CC_RENDER_LATEX) {
		if ((err = cc_buf_puts(out,
			"\\documentclass[a4paper,11pt]{article}\n"
			"\\usepackage{iftex}\n"
			"\\ifPDFTeX\\usepackage[utf8]{inputenc}\\usepackage[T1]{fontenc}"
			"\\else\\usepackage{fontspec}\\fi\n"
			"\\usepackage[margin=18mm]{geometry}\n"
			"\\usepackage{graphicx}\n"
			"\\usepackage{hyperref}\n"
			"\\setlength{\\parindent}{0pt}\n"
			"\\begin{document}\n\n")) ||
		    (err = cc_buf_puts(out, inner)))
			return err;
		return cc_buf_puts(out, "\n\\end{document}\n");
	}
	if (f == CC_RENDER_MAN) {
		/* the .TH line holds no value but a case id, which is [0-9a-z] */
		const char *id = r->in->case_id, *p;
		for (p = id; p && *p; p++)
			if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z')))
				id = NULL;
		if ((err = cc_buf_printf(out, ".TH \"PLAN-%s\" 7 \"\" \"casectl\"\n",
				id && *id ? id : "CASE")))
			return err;
	}
	return f == CC_RENDER_MAN ? man_fix(inner, out) : cc_buf_puts(out, inner);
}

int cc__render_tree(cc_render_ctx *r, cc_render_format f, cc_buf *out)
{
	tree t = { r, 0 };
	cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
	char *inner = NULL;
	int err;

	if (!doc)
		return cc_error_set(CC_ENOMEM, "out of memory");
	header(&t, doc);
	goals(&t, doc);
	crisis(&t, doc);
	team(&t, doc);
	agreement(&t, doc);
	body(&t, doc, f);
	signatures(&t, doc);
	if (!t.err) {
		switch (f) {
		case CC_RENDER_LATEX: inner = cmark_render_latex(doc, CMARK_OPT_DEFAULT, 0); break;
		case CC_RENDER_MAN: inner = cmark_render_man(doc, CMARK_OPT_DEFAULT, 0); break;
		default: inner = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0); break;
		}
		if (!inner)
			t.err = cc_error_set(CC_ENOMEM, "out of memory");
	}
	cmark_node_free(doc);
	err = t.err ? t.err : wrap(r, f, inner, out);
	free(inner);
	return err;
}
