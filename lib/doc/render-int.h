/* render-int.h - what lib/render*.c share (private to lib) */
#ifndef CASECTL_RENDER_INT_H
#define CASECTL_RENDER_INT_H

#include <stddef.h>

#include "casectl/util/buf.h"
#include "casectl/doc/frontmatter.h"
#include "casectl/doc/render.h"

/* The labels of one language, falling back to English, then to the
 * key itself (so a label is never NULL). */
typedef struct {
	cc_doc *lang, *en;
} cc_labels;

int cc__labels_load(const char *lang, cc_labels *out);
const char *cc__label(const cc_labels *l, const char *key);
void cc__labels_free(cc_labels *l);

/* What a render reads, sorted once: goals (macro, then meso, then
 * goals of any other level) and steps (grouped under their meso goal
 * in its order, then steps whose goal is missing), crisis items and
 * team members (maps only).  The arrays hold borrowed nodes. */
typedef struct {
	const cc_render_input *in;
	const cc_node *root;        /* plan front matter */
	const cc_node **goals, **steps, **crisis, **members;
	size_t ngoals, nsteps, ncrisis, nmembers;
	const char *body;           /* plan body */
	size_t body_len;
	cc_labels labels;
} cc_render_ctx;

int cc__render_ctx_init(cc_render_ctx *r, const cc_render_input *in);
void cc__render_ctx_free(cc_render_ctx *r);

/* A scalar value of map M, or NULL when absent, empty or not a scalar. */
const char *cc__render_val(const cc_node *m, const char *key);

/* Whether team member M is the client's guardian ("guardian: true"). */
int cc__render_is_guardian(const cc_node *m);

/* Whether step S belongs to meso goal G (its id starts "Gn."). */
int cc__render_step_of(const cc_node *s, const cc_node *g);

/* Whether a link or image URL is one cmark's safe mode would drop:
 * javascript:, vbscript:, file:, and data: other than png, gif, jpeg
 * and webp images (case-insensitive, after leading spaces and control
 * characters). */
int cc__render_url_unsafe(const char *url);

/* The plan body parsed by cmark and made safe for every format: raw
 * HTML removed, unsafe link URLs emptied, images replaced by their alt
 * text (nothing is ever fetched), and with CODE_AS_LINES code blocks
 * turned into lines of inline code (LaTeX would print them verbatim,
 * where a line "\end{verbatim}" ends the environment).  *out is NULL
 * for a blank body; free it with cmark_node_free. */
struct cmark_node;
int cc__render_body(cc_render_ctx *r, int code_as_lines, struct cmark_node **out);

/* The formats other than HTML, and HTML (render-html.c). */
int cc__render_tree(cc_render_ctx *r, cc_render_format f, cc_buf *out);
int cc__render_html(cc_render_ctx *r, cc_buf *out);

#endif
