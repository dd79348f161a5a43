/* render-html.c - the printable plan as one standalone HTML5 document
 *
 * Every value from YAML goes through cc_html_escape (E below), labels
 * too; the Markdown body goes through cmark's safe mode.  The document
 * is templates/plan.html with its {{placeholders}} replaced.
 */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "casectl/util/error.h"
#include "casectl/doc/template.h"
#include "render-int.h"

#define L(key) cc__label(&r->labels, (key))

/* Append literal markup (never a value). */
static int M(cc_buf *b, const char *s)
{
	return cc_buf_puts(b, s);
}

/* Append a value, escaped. */
static int E(cc_buf *b, const char *s)
{
	return cc_html_escape(b, s);
}

/* <TAG CLASS>value</TAG>, escaped; "" when VALUE is NULL. */
static int cell(cc_buf *b, const char *cls, const char *value)
{
	int err;

	if ((err = M(b, cls ? "<td class=\"" : "<td>")) ||
	    (cls && ((err = M(b, cls)) || (err = M(b, "\">")))) ||
	    (err = E(b, value)))
		return err;
	return M(b, "</td>");
}

/* <th>label</th> for each key */
static int head(cc_render_ctx *r, cc_buf *b, const char *const *keys)
{
	int err = M(b, "<div class=\"scroll\"><table><thead><tr>");

	for (; !err && *keys; keys++)
		if (!(err = M(b, "<th scope=\"col\">")) && !(err = E(b, L(*keys))))
			err = M(b, "</th>");
	return err ? err : M(b, "</tr></thead><tbody>");
}

static int h2(cc_render_ctx *r, cc_buf *b, const char *key)
{
	int err;

	if ((err = M(b, "<section class=\"")) || (err = M(b, key)) ||
	    (err = M(b, "\">\n<h2>")) || (err = E(b, L(key))))
		return err;
	return M(b, "</h2>\n");
}

/* The status as its label, with a class for its colour (the class is
 * one of ours, never the value). */
static int status_cell(cc_render_ctx *r, cc_buf *b, const cc_node *g)
{
	const char *v = cc__render_val(g, "status");
	static const char *const known[] = { "open", "achieved", "partly", "not-achieved",
		"dropped", NULL };
	size_t i;
	int err;

	if (!v)
		v = "open";
	for (i = 0; known[i] && strcmp(known[i], v); i++)
		;
	if ((err = M(b, "<td class=\"status status-")) ||
	    (err = M(b, known[i] ? known[i] : "other")) || (err = M(b, "\">")) ||
	    (err = E(b, known[i] ? L(known[i]) : v)))
		return err;
	return M(b, "</td>");
}

/* --- the sections ------------------------------------------------------- */

static int fact(cc_render_ctx *r, cc_buf *b, const char *key, const char *value,
	const char *extra_key, const char *extra)
{
	int err;

	if ((err = M(b, "<tr><th scope=\"row\">")) || (err = E(b, L(key))) ||
	    (err = M(b, "</th><td>")) || (err = E(b, value ? value : "\xe2\x80\x94")))
		return err;
	if (extra && ((err = M(b, " <span class=\"small\">(")) || (err = E(b, L(extra_key))) ||
		      (err = M(b, ": ")) || (err = E(b, extra)) || (err = M(b, ")</span>"))))
		return err;
	return M(b, "</td></tr>\n");
}

static const cc_node *case_root(cc_render_ctx *r)
{
	return r->in->casedoc ? cc_doc_root(r->in->casedoc) : NULL;
}

static const cc_node *sub(const cc_node *m, const char *key)
{
	const cc_node *n = m ? cc_map_get(m, key) : NULL;
	return n && cc_node_kind(n) == CC_NODE_MAP ? n : NULL;
}

static int sec_header(cc_render_ctx *r, cc_buf *b)
{
	const cc_node *c = case_root(r), *client = sub(c, "client"), *mgr = sub(c, "manager");
	int err;

	if ((err = M(b, "<header>\n<h1>")) || (err = E(b, L("title"))) ||
	    (err = M(b, "</h1>\n<table class=\"facts\">\n")) ||
	    (err = fact(r, b, "client", cc__render_val(client, "name"), "birth-date",
			cc__render_val(client, "birth-date"))) ||
	    (err = fact(r, b, "manager", cc__render_val(mgr, "name"), NULL, NULL)) ||
	    (err = fact(r, b, "case", r->in->case_id, "ref", cc__render_val(c, "ref"))) ||
	    (r->in->as_of && (err = fact(r, b, "as-of", r->in->as_of, NULL, NULL))))
		return err;
	return M(b, "</table>\n</header>");
}

static int sec_macro(cc_render_ctx *r, cc_buf *b)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < r->ngoals; i++) {
		const cc_node *g = r->goals[i];
		const char *v = cc__render_val(g, "level");
		if (!v || strcmp(v, "macro"))
			continue;
		if ((err = h2(r, b, "macro")) || (err = M(b, "<div class=\"impact keep\">"
				"<p class=\"text\">")) || (err = E(b, cc__render_val(g, "text"))) ||
		    (err = M(b, "</p>\n<p class=\"small\">")) || (err = E(b, L("measure"))) ||
		    (err = M(b, ": ")) || (err = E(b, cc__render_val(g, "measure"))) ||
		    (err = M(b, " &middot; ")) || (err = E(b, L("due"))) || (err = M(b, ": ")) ||
		    (err = E(b, cc__render_val(g, "due"))) || (err = M(b, "</p></div>\n</section>")))
			return err;
	}
	return err;
}

static int level_cell(cc_render_ctx *r, cc_buf *b, const cc_node *g)
{
	const char *level = cc__render_val(g, "level"), *domain = cc__render_val(g, "domain");
	int known = level && (!strcmp(level, "macro") || !strcmp(level, "meso") ||
		!strcmp(level, "micro"));
	int err;

	if ((err = M(b, "<td>")) || (err = E(b, known ? L(level) : level)))
		return err;
	if (domain && ((err = M(b, "<span class=\"measure\">")) || (err = E(b, L("domain"))) ||
		       (err = M(b, ": ")) || (err = E(b, domain)) || (err = M(b, "</span>"))))
		return err;
	return M(b, "</td>");
}

static int sec_goals(cc_render_ctx *r, cc_buf *b)
{
	static const char *const cols[] = { "id", "level", "goal", "measure", "due",
		"responsible", "status", NULL };
	size_t i;
	int err;

	if ((err = h2(r, b, "goals")))
		return err;
	if (!r->ngoals)
		return (err = M(b, "<p>")) || (err = E(b, L("none"))) ? err : M(b, "</p>\n</section>");
	if ((err = head(r, b, cols)))
		return err;
	for (i = 0; i < r->ngoals; i++) {
		const cc_node *g = r->goals[i];
		if ((err = M(b, "<tr>")) || (err = cell(b, "id", cc__render_val(g, "id"))) ||
		    (err = level_cell(r, b, g)) || (err = cell(b, NULL, cc__render_val(g, "text"))) ||
		    (err = cell(b, NULL, cc__render_val(g, "measure"))) ||
		    (err = cell(b, "nowrap", cc__render_val(g, "due"))) ||
		    (err = cell(b, NULL, cc__render_val(g, "responsible"))) ||
		    (err = status_cell(r, b, g)) || (err = M(b, "</tr>\n")))
			return err;
	}
	return M(b, "</tbody></table></div>\n</section>");
}

static int step_row(cc_render_ctx *r, cc_buf *b, const cc_node *s)
{
	int err;

	if ((err = M(b, "<tr>")) || (err = cell(b, "id", cc__render_val(s, "id"))) ||
	    (err = M(b, "<td>")) || (err = E(b, cc__render_val(s, "text"))) ||
	    (err = M(b, "<span class=\"measure\">")) || (err = E(b, L("measure"))) ||
	    (err = M(b, ": ")) || (err = E(b, cc__render_val(s, "measure"))) ||
	    (err = M(b, "</span></td>")) ||
	    (err = cell(b, NULL, cc__render_val(s, "responsible"))) ||
	    (err = cell(b, NULL, cc__render_val(s, "checks"))) ||
	    (err = cell(b, "nowrap", cc__render_val(s, "due"))) ||
	    (err = cell(b, "num", cc__render_val(s, "cost"))) ||
	    (err = cell(b, NULL, cc__render_val(s, "payer"))) ||
	    (err = status_cell(r, b, s)))
		return err;
	return M(b, "</tr>\n");
}

static int group_row(cc_render_ctx *r, cc_buf *b, const cc_node *g)
{
	int err;

	if ((err = M(b, "<tr class=\"group\"><th colspan=\"8\" scope=\"rowgroup\">")) ||
	    (err = E(b, cc__render_val(g, "id"))) || (err = M(b, " &mdash; ")) ||
	    (err = E(b, cc__render_val(g, "text"))))
		return err;
	if (cc__render_val(g, "domain") && ((err = M(b, " <span class=\"tag\">")) ||
			(err = E(b, cc__render_val(g, "domain"))) || (err = M(b, "</span>"))))
		return err;
	return M(b, "</th></tr>\n");
}

static int sec_steps(cc_render_ctx *r, cc_buf *b)
{
	static const char *const cols[] = { "id", "step", "responsible", "checks", "due",
		"cost", "payer", "status", NULL };
	size_t i, k;
	int err;
	char *done;

	if (!r->nsteps)
		return 0;
	if ((err = h2(r, b, "steps")) || (err = head(r, b, cols)))
		return err;
	if (!(done = calloc(r->nsteps, 1)))
		return cc_error_set(CC_ENOMEM, "out of memory");
	for (i = 0; !err && i < r->ngoals; i++) {
		int shown = 0;
		for (k = 0; !err && k < r->nsteps; k++) {
			if (done[k] || !cc__render_step_of(r->steps[k], r->goals[i]))
				continue;
			if (!shown++)
				err = group_row(r, b, r->goals[i]);
			if (!err)
				err = step_row(r, b, r->steps[k]);
			done[k] = 1;
		}
	}
	for (k = 0; !err && k < r->nsteps; k++)
		if (!done[k])
			err = step_row(r, b, r->steps[k]);
	free(done);
	return err ? err : M(b, "</tbody></table></div>\n</section>");
}

static int sec_crisis(cc_render_ctx *r, cc_buf *b)
{
	static const char *const cols[] = { "id", "situation", "contact", "action", NULL };
	size_t i;
	int err;

	if (!r->ncrisis)
		return 0;
	if ((err = h2(r, b, "crisis")) || (err = head(r, b, cols)))
		return err;
	for (i = 0; i < r->ncrisis; i++) {
		const cc_node *k = r->crisis[i];
		if ((err = M(b, "<tr>")) || (err = cell(b, "id", cc__render_val(k, "id"))) ||
		    (err = cell(b, NULL, cc__render_val(k, "situation"))) ||
		    (err = cell(b, NULL, cc__render_val(k, "contact"))) ||
		    (err = cell(b, NULL, cc__render_val(k, "action"))) || (err = M(b, "</tr>\n")))
			return err;
	}
	return M(b, "</tbody></table></div>\n</section>");
}

static int tag(cc_render_ctx *r, cc_buf *b, const cc_node *m, const char *key)
{
	const char *v = cc__render_val(m, key);
	int err;

	if (!v || strcmp(v, "true"))
		return 0;
	if ((err = M(b, " <span class=\"tag\">")) || (err = E(b, L(key))))
		return err;
	return M(b, "</span>");
}

static int topics_cell(cc_buf *b, const cc_node *m)
{
	const cc_node *t = cc_map_get(m, "topics");
	size_t i, shown = 0;
	int err;

	if ((err = M(b, "<td>")))
		return err;
	if (t && cc_node_kind(t) == CC_NODE_SCALAR)
		err = E(b, cc_node_value(t));
	for (i = 0; !err && t && cc_node_kind(t) == CC_NODE_LIST && i < cc_node_count(t); i++) {
		const char *v = cc_node_value(cc_node_at(t, i));
		if (v && *v && (!shown++ || !(err = M(b, "; "))))
			err = E(b, v);
	}
	return err ? err : M(b, "</td>");
}

static int sec_team(cc_render_ctx *r, cc_buf *b)
{
	static const char *const cols[] = { "name", "role", "organisation", "reach", "topics",
		NULL };
	size_t i;
	int err;

	if (!r->nmembers)
		return 0;
	if ((err = h2(r, b, "team")) || (err = head(r, b, cols)))
		return err;
	for (i = 0; i < r->nmembers; i++) {
		const cc_node *m = r->members[i];
		if ((err = M(b, "<tr><td>")) || (err = E(b, cc__render_val(m, "name"))) ||
		    (err = tag(r, b, m, "informal")) || (err = tag(r, b, m, "guardian")) ||
		    (err = M(b, "</td>")) || (err = cell(b, NULL, cc__render_val(m, "role"))) ||
		    (err = cell(b, NULL, cc__render_val(m, "organisation"))) ||
		    (err = cell(b, NULL, cc__render_val(m, "contact"))) ||
		    (err = topics_cell(b, m)) || (err = M(b, "</tr>\n")))
			return err;
	}
	return M(b, "</tbody></table></div>\n</section>");
}

static int sec_agreement(cc_render_ctx *r, cc_buf *b)
{
	const char *agreed = cc__render_val(r->root, "agreed");
	int err;

	if ((err = h2(r, b, "agreement")) || (err = M(b, "<table class=\"facts\">\n")) ||
	    (err = fact(r, b, "agreed", agreed ? agreed : L("not-agreed"), NULL, NULL)) ||
	    (err = fact(r, b, "review", cc__render_val(r->root, "review"), NULL, NULL)))
		return err;
	return M(b, "</table>\n</section>");
}

static int sec_body(cc_render_ctx *r, cc_buf *b)
{
	cmark_node *md;
	char *html;
	int err;

	if ((err = cc__render_body(r, 0, &md)) || !md)
		return err;
	/* the default options: what raw HTML is left becomes a comment,
	 * unsafe URLs are dropped (cmark's unsafe option is never passed) */
	html = cmark_render_html(md, CMARK_OPT_DEFAULT);
	cmark_node_free(md);
	if (!html)
		return cc_error_set(CC_ENOMEM, "out of memory");
	if (!(err = M(b, "<section class=\"plantext\">\n")) && !(err = M(b, html)))
		err = M(b, "</section>");
	free(html);
	return err;
}

static int sign_row(cc_render_ctx *r, cc_buf *b, const char *key, const char *name)
{
	int err;

	if ((err = M(b, "<tr><th scope=\"row\">")) || (err = E(b, L(key))) ||
	    (err = M(b, "</th>")) || (err = cell(b, NULL, name)))
		return err;
	return M(b, "<td class=\"line\"></td><td class=\"line\"></td></tr>\n");
}

static int sec_signatures(cc_render_ctx *r, cc_buf *b)
{
	static const char *const cols[] = { "signatory", "name", "date", "signature", NULL };
	const cc_node *c = case_root(r);
	int err;

	if ((err = M(b, "<section class=\"signatures\">\n<h2>")) || (err = E(b, L("signatures"))) ||
	    (err = M(b, "</h2>\n<table class=\"sign\"><thead><tr>")))
		return err;
	for (const char *const *k = cols; *k; k++)
		if ((err = M(b, "<th scope=\"col\">")) ||
		    (err = E(b, strcmp(*k, "signatory") ? L(*k) : "")) || (err = M(b, "</th>")))
			return err;
	if ((err = M(b, "</tr></thead><tbody>\n")) ||
	    (err = sign_row(r, b, "client", cc__render_val(sub(c, "client"), "name"))) ||
	    (err = sign_row(r, b, "manager", cc__render_val(sub(c, "manager"), "name"))))
		return err;
	/* the guardian's clearance, where the case has one (team.md) */
	for (size_t i = 0; i < r->nmembers; i++)
		if (cc__render_is_guardian(r->members[i]) &&
		    (err = sign_row(r, b, "guardian-signs", cc__render_val(r->members[i], "name"))))
			return err;
	return M(b, "</tbody></table>\n</section>");
}

/* --- the template -------------------------------------------------------- */

static int ph_lang(cc_render_ctx *r, cc_buf *b)
{
	return E(b, r->in->lang && *r->in->lang ? r->in->lang : "en");
}

static int ph_title(cc_render_ctx *r, cc_buf *b)
{
	const char *name = cc__render_val(sub(case_root(r), "client"), "name");
	int err = E(b, L("title"));

	if (!err && name && !(err = M(b, " \xe2\x80\x93 ")))
		err = E(b, name);
	return err;
}

static const struct {
	const char *name;
	int (*fn)(cc_render_ctx *r, cc_buf *b);
} placeholders[] = {
	{ "lang", ph_lang }, { "title", ph_title }, { "header", sec_header },
	{ "macro", sec_macro }, { "goals", sec_goals }, { "steps", sec_steps },
	{ "crisis", sec_crisis }, { "team", sec_team }, { "agreement", sec_agreement },
	{ "body", sec_body }, { "signatures", sec_signatures }, { NULL, NULL }
};

/* The section for placeholder NAME, from the table above. */
static int expand(void *ctx, const char *name, size_t n, cc_buf *b)
{
	cc_render_ctx *r = ctx;
	size_t i;

	for (i = 0; placeholders[i].name; i++)
		if (strlen(placeholders[i].name) == n && !strncmp(placeholders[i].name, name, n))
			return placeholders[i].fn(r, b);
	return CC_ENOTFOUND;
}

int cc__render_html(cc_render_ctx *r, cc_buf *b)
{
	return cc_template_fill("plan.html", expand, r, b);
}
