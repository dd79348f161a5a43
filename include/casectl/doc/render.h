/*
 * casectl/doc/render.h - the printable individual plan.
 *
 * lib/render*.c are the only files that include cmark.h.  The plan is
 * rendered from its parsed documents (plan.md, case.md, team.md) in
 * one of four formats:
 *
 *   html        one standalone HTML5 document from templates/plan.html,
 *               for screen and A4 print; no JavaScript, no external
 *               resources, a Content-Security-Policy that allows
 *               neither
 *   latex       a standalone LaTeX article (cmark_render_latex)
 *   man         a roff page for man(7) (cmark_render_man)
 *   commonmark  Markdown (cmark_render_commonmark)
 *
 * Safety: every value from YAML is HTML-escaped (cc_html_escape) in
 * HTML and is a literal text node in the other formats, so no value
 * can add markup.  The Markdown body goes through cmark's default safe
 * mode (raw HTML replaced by a comment, links and images with
 * javascript:, vbscript:, file: and most data: URLs emptied); in the
 * other formats raw HTML becomes literal text and unsafe URLs are
 * emptied in the same way.  cmark's unsafe option is never used.  A body
 * over CC_RENDER_MAX_BODY bytes is refused (cmark has quadratic
 * cases), as is a document that is not valid UTF-8.
 *
 * The signatures are the client's, the case manager's and one for each
 * member of team.md with "guardian: true" (the guardian's clearance).
 * A plan as it was (AS_OF) says so in its header.
 *
 * Labels come from templates/LANG/labels.md (a front-matter map of
 * label keys), falling back to English, then to the key itself.
 */
#ifndef CASECTL_RENDER_H
#define CASECTL_RENDER_H

#include <stddef.h>

#include "casectl/util/buf.h"
#include "casectl/doc/frontmatter.h"

#define CC_RENDER_MAX_BODY (256 * 1024)

typedef enum {
	CC_RENDER_HTML,
	CC_RENDER_LATEX,
	CC_RENDER_MAN,
	CC_RENDER_COMMONMARK
} cc_render_format;

/* "html", "latex", "man" or "commonmark"; CC_EUSAGE otherwise. */
int cc_render_format_parse(const char *s, cc_render_format *out);

typedef struct {
	const char *case_id;     /* shown as the case number; may be NULL */
	const cc_doc *casedoc;   /* case.md: client, manager, ref; may be NULL */
	const cc_doc *plan;      /* plan.md; required */
	const cc_doc *team;      /* team.md (the contact overview); may be NULL */
	const char *lang;        /* labels: en, cs, de, nb, es, ru; NULL = en */
	const char *as_of;       /* the day shown, for a plan as it was (plan
	                          * --render --at); NULL for the plan of today */
} cc_render_input;

/* Render IN as F.  *out malloc'd and NUL-terminated, *len without the
 * NUL.  The documents need not be valid records: missing or malformed
 * values are left out. */
int cc_render_plan(const cc_render_input *in, cc_render_format f,
	char **out, size_t *len);

/* Append S (NUL-terminated; NULL appends nothing) to B with & < > " '
 * escaped, so the result is safe as HTML text and inside a quoted
 * attribute value. */
int cc_html_escape(cc_buf *b, const char *s);

#endif
