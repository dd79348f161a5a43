/* render.c - the printable plan: labels, escaping, sorting */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "casectl/util/error.h"
#include "casectl/doc/template.h"
#include "render-int.h"

int cc_render_format_parse(const char *s, cc_render_format *out)
{
	static const char *const names[] = { "html", "latex", "man", "commonmark", NULL };
	int i;

	for (i = 0; names[i]; i++)
		if (!strcmp(s, names[i])) {
			*out = (cc_render_format)i;
			return 0;
		}
	return cc_error_set(CC_EUSAGE, "unknown render format '%s'; use html, latex, man "
		"or commonmark", s);
}

int cc_html_escape(cc_buf *b, const char *s)
{
	const char *run = s, *rep;
	int err;

	if (!s)
		return 0;
	for (; *s; s++) {
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		if ((err = cc_buf_put(b, run, (size_t)(s - run))) || (err = cc_buf_puts(b, rep)))
			return err;
		run = s + 1;
	}
	return cc_buf_put(b, run, (size_t)(s - run));
}

/* --- labels ------------------------------------------------------------ */

static int load_one(const char *lang, cc_doc **out)
{
	const char *text;
	char path[64];
	int err;

	*out = NULL;
	if ((err = cc_template_get(lang, "labels.md", &text)))
		return err;
	snprintf(path, sizeof(path), "templates/%s/labels.md", lang);
	return cc_doc_parse(out, text, strlen(text), path);
}

int cc__labels_load(const char *lang, cc_labels *out)
{
	int err;

	out->lang = out->en = NULL;
	if ((err = load_one("en", &out->en)))
		return err;
	if (lang && strcmp(lang, "en") && (err = load_one(lang, &out->lang))) {
		cc__labels_free(out);
		return err;
	}
	return 0;
}

const char *cc__label(const cc_labels *l, const char *key)
{
	const char *v = l->lang ? cc__render_val(cc_doc_root(l->lang), key) : NULL;

	if (!v && l->en)
		v = cc__render_val(cc_doc_root(l->en), key);
	return v ? v : key;
}

void cc__labels_free(cc_labels *l)
{
	cc_doc_free(l->lang);
	cc_doc_free(l->en);
	l->lang = l->en = NULL;
}

/* --- reading the documents --------------------------------------------- */

const char *cc__render_val(const cc_node *m, const char *key)
{
	const cc_node *n;
	const char *v;

	if (!m || cc_node_kind(m) != CC_NODE_MAP || !(n = cc_map_get(m, key)) ||
	    cc_node_kind(n) != CC_NODE_SCALAR)
		return NULL;
	v = cc_node_value(n);
	/* a plain null is no value */
	if (!v || !*v || (cc_node_is_plain(n) && (!strcmp(v, "~") || !strcmp(v, "null"))))
		return NULL;
	return v;
}

int cc__render_is_guardian(const cc_node *m)
{
	const char *v = cc__render_val(m, "guardian");
	return v && !strcmp(v, "true");
}

int cc__render_step_of(const cc_node *s, const cc_node *g)
{
	const char *sid = cc__render_val(s, "id"), *gid = cc__render_val(g, "id");
	size_t n;

	if (!sid || !gid)
		return 0;
	n = strlen(gid);
	return !strncmp(sid, gid, n) && sid[n] == '.';
}

static int level_is(const cc_node *g, const char *level)
{
	const char *v = cc__render_val(g, "level");
	return v && !strcmp(v, level);
}

/* The map items of LIST (a list node or NULL) into a new array. */
static int maps_of(const cc_node *list, const cc_node ***out, size_t *n)
{
	size_t i, count = list && cc_node_kind(list) == CC_NODE_LIST ? cc_node_count(list) : 0;

	*n = 0;
	*out = calloc(count ? count : 1, sizeof(**out));
	if (!*out)
		return cc_error_set(CC_ENOMEM, "out of memory");
	for (i = 0; i < count; i++)
		if (cc_node_kind(cc_node_at(list, i)) == CC_NODE_MAP)
			(*out)[(*n)++] = cc_node_at(list, i);
	return 0;
}

/* Sort the goals: macro, meso, others; steps under their meso goal. */
static int sort_goals(cc_render_ctx *r)
{
	const cc_node **all;
	char *used;
	size_t n, i, k;
	int err;

	if ((err = maps_of(cc_map_get(r->root, "goals"), &all, &n)))
		return err;
	r->goals = calloc(n ? n : 1, sizeof(*r->goals));
	r->steps = calloc(n ? n : 1, sizeof(*r->steps));
	used = calloc(n ? n : 1, 1);
	if (!r->goals || !r->steps || !used) {
		free(all);
		free(used);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++)
		if (level_is(all[i], "macro"))
			r->goals[r->ngoals++] = all[i];
	for (i = 0; i < n; i++)
		if (level_is(all[i], "meso")) {
			r->goals[r->ngoals++] = all[i];
			for (k = 0; k < n; k++)
				if (!used[k] && level_is(all[k], "micro") &&
				    cc__render_step_of(all[k], all[i])) {
					used[k] = 1;
					r->steps[r->nsteps++] = all[k];
				}
		}
	for (i = 0; i < n; i++) {
		if (level_is(all[i], "micro")) {
			if (!used[i])
				r->steps[r->nsteps++] = all[i];
		} else if (!level_is(all[i], "macro") && !level_is(all[i], "meso")) {
			r->goals[r->ngoals++] = all[i];
		}
	}
	free(all);
	free(used);
	return 0;
}

int cc__render_ctx_init(cc_render_ctx *r, const cc_render_input *in)
{
	int err;

	memset(r, 0, sizeof(*r));
	r->in = in;
	r->root = cc_doc_root(in->plan);
	r->body = cc_doc_body(in->plan, &r->body_len);
	if ((err = cc__labels_load(in->lang, &r->labels)) || (err = sort_goals(r)) ||
	    (err = maps_of(cc_map_get(r->root, "crisis"), &r->crisis, &r->ncrisis)) ||
	    (err = maps_of(in->team ? cc_map_get(cc_doc_root(in->team), "members") : NULL,
			&r->members, &r->nmembers)))
		cc__render_ctx_free(r);
	return err;
}

void cc__render_ctx_free(cc_render_ctx *r)
{
	free(r->goals);
	free(r->steps);
	free(r->crisis);
	free(r->members);
	cc__labels_free(&r->labels);
	r->goals = r->steps = r->crisis = r->members = NULL;
}

/* --- safety ------------------------------------------------------------ */

int cc__render_url_unsafe(const char *url)
{
	static const char *const bad[] = { "javascript:", "vbscript:", "file:", NULL };
	static const char *const images[] = { "data:image/png", "data:image/gif",
		"data:image/jpeg", "data:image/webp", NULL };
	int i;

	if (!url)
		return 0;
	while (*url && (unsigned char)*url <= ' ')
		url++;
	for (i = 0; bad[i]; i++)
		if (!strncasecmp(url, bad[i], strlen(bad[i])))
			return 1;
	if (strncasecmp(url, "data:", 5))
		return 0;
	for (i = 0; images[i]; i++)
		if (!strncasecmp(url, images[i], strlen(images[i])))
			return 0;
	return 1;
}
