/* ecomap.c - the client's network as Graphviz DOT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/views/ecomap.h"
#include "casectl/util/error.h"
#include "casectl/model/records.h"
#include "casectl/model/service-dir.h"
#include "../model/record-io-int.h"

int cc_dot_escape(cc_buf *b, const char *s)
{
	int err = 0;

	for (; !err && *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			err = cc_buf_printf(b, "\\%c", ch);
		else if (ch == '\n')
			err = cc_buf_puts(b, "\\n");
		else if (ch == '\r')
			continue;
		else if (ch < 0x20 || ch == 0x7f)
			err = cc_buf_putc(b, ' ');
		else
			err = cc_buf_putc(b, (char)ch);
	}
	return err;
}

static const struct {
	const char *status, *fill, *style;
} status_look[] = {
	{ "proposed", "#eeeeee", "solid" },
	{ "referred", "#fff3b0", "solid" },
	{ "accepted", "#ffd59e", "solid" },
	{ "active", "#b7e4b0", "bold" },
	{ "ended", "#d9d9d9", "dashed" },
	{ "declined", "#f4b6b6", "dotted" },
	{ NULL, "#ffffff", "solid" }
};

/* "label" text from up to three lines (NULL or empty ones skipped). */
static int label(cc_buf *b, const char *a, const char *m, const char *z)
{
	const char *parts[3] = { a, m, z };
	int i, n = 0, err = 0;

	for (i = 0; !err && i < 3; i++)
		if (parts[i] && *parts[i]) {
			if (n++)
				err = cc_buf_puts(b, "\\n");
			if (!err)
				err = cc_dot_escape(b, parts[i]);
		}
	return err;
}

/* One node and its edge from the client. */
static int node(cc_buf *b, const char *id, const cc_buf *lab, const char *attrs,
	const char *edge_label, const char *edge_attrs)
{
	int err;

	if ((err = cc_buf_puts(b, "\t\"")) || (err = cc_dot_escape(b, id)) ||
	    (err = cc_buf_printf(b, "\" [label=\"%s\", %s];\n\t\"client\" -- \"",
		    cc_buf_cstr(lab), attrs)) ||
	    (err = cc_dot_escape(b, id)) || (err = cc_buf_puts(b, "\" [label=\"")) ||
	    (err = cc_dot_escape(b, edge_label ? edge_label : "")))
		return err;
	return cc_buf_printf(b, "\", %s];\n", edge_attrs);
}

static int team_nodes(cc_store *s, const cc_case *c, cc_buf *b)
{
	char path[256];
	cc_doc *doc = NULL;
	cc_node *members;
	size_t i;
	int err;

	cc_case_path(c, CC_TEAM_FILE, path, sizeof(path));
	if ((err = cc__rio_doc(s, path, 1, &doc)) || !doc)
		return err;
	members = cc_map_get(cc_doc_root(doc), "members");
	for (i = 0; !err && members && cc_node_kind(members) == CC_NODE_LIST &&
		    i < cc_node_count(members); i++) {
		const cc_node *m = cc_node_at(members, i);
		const char *id = cc_map_str(m, "id");
		int informal = cc__rio_true(cc_map_str(m, "informal"));
		int guardian = cc__rio_true(cc_map_str(m, "guardian"));
		cc_buf lab = CC_BUF_INIT, role = CC_BUF_INIT, attrs = CC_BUF_INIT;
		if (!id || cc_node_kind(m) != CC_NODE_MAP)
			continue;
		err = cc_buf_printf(&role, "%s%s%s", cc_map_str(m, "role") ? cc_map_str(m, "role") : "",
			guardian && cc_map_str(m, "role") ? ", " : "", guardian ? "guardian" : "");
		if (!err)
			err = label(&lab, cc_map_str(m, "name"), cc_buf_cstr(&role),
				informal ? NULL : cc_map_str(m, "organisation"));
		if (!err)
			err = cc_buf_printf(&attrs, "shape=%s, fillcolor=\"%s\", color=\"%s\"%s",
				informal ? "ellipse" : "box", informal ? "#d9f2d0" : "#dce8f7",
				informal ? "#2e7d32" : "#1f4e9a",
				guardian ? ", peripheries=2, penwidth=2" : "");
		if (!err)
			err = node(b, id, &lab, cc_buf_cstr(&attrs), NULL,
				informal ? "color=\"#2e7d32\"" : "color=\"#1f4e9a\"");
		cc_buf_free(&lab);
		cc_buf_free(&role);
		cc_buf_free(&attrs);
	}
	cc_doc_free(doc);
	return err;
}

/* "G1.1 text of the goal" from plan.md, or just the ID. */
static int goal_label(const cc_doc *plan, const char *goal, cc_buf *out)
{
	cc_node *goals = plan ? cc_map_get(cc_doc_root(plan), "goals") : NULL;
	cc_node *g = goals && cc_node_kind(goals) == CC_NODE_LIST ?
		cc_list_find(goals, "id", goal) : NULL;
	const char *text = g ? cc_map_str(g, "text") : NULL;

	return cc_buf_printf(out, "%s%s%s", goal, text ? " " : "", text ? text : "");
}

static int link_node(cc_store *s, const char *path, const char *stem, const cc_doc *plan,
	cc_buf *b)
{
	cc_doc *doc = NULL, *svc = NULL;
	const cc_node *r;
	const char *status, *goal, *title;
	cc_buf lab = CC_BUF_INIT, attrs = CC_BUF_INIT, edge = CC_BUF_INIT,
	       st = CC_BUF_INIT, nid = CC_BUF_INIT, glab = CC_BUF_INIT;
	int informal, i, err;

	if ((err = cc__rio_doc(s, path, 0, &doc)))
		return err;
	r = cc_doc_root(doc);
	informal = cc__rio_true(cc_map_str(r, "informal"));
	status = cc_map_str(r, "status") ? cc_map_str(r, "status") : "";
	goal = cc_map_str(r, "goal");
	title = cc_map_str(r, "name");
	if (!informal) {
		const char *slug = cc_map_str(r, "service") ? cc_map_str(r, "service") : stem;
		if (cc_service_slug_valid(slug) && cc_service_load(s, slug, &svc) == 0)
			title = cc_map_str(cc_doc_root(svc), "name");
		else
			cc_error_clear();
		if (!title)
			title = slug;
	}
	for (i = 0; status_look[i].status && strcmp(status_look[i].status, status); i++)
		;
	err = cc_buf_printf(&st, "%s%s", status,
		cc__rio_true(cc_map_str(r, "waitlist")) ? " (waitlist)" : "");
	if (!err)
		err = label(&lab, title ? title : stem, cc_buf_cstr(&st), NULL);
	if (!err)
		err = cc_buf_printf(&attrs, "shape=%s, style=\"%s,filled\", fillcolor=\"%s\"%s",
			informal ? "ellipse" : "box", informal ? status_look[i].style :
			!strcmp(status_look[i].style, "solid") ? "rounded" :
			!strcmp(status_look[i].style, "bold") ? "rounded,bold" :
			!strcmp(status_look[i].style, "dashed") ? "rounded,dashed" : "rounded,dotted",
			status_look[i].fill, informal ? ", color=\"#2e7d32\"" : "");
	if (!err)
		err = cc_buf_printf(&edge, "style=%s", status_look[i].style);
	if (!err && goal)
		err = goal_label(plan, goal, &glab);
	if (!err)
		err = cc_buf_printf(&nid, "link:%s", stem);
	if (!err)
		err = node(b, nid.ptr, &lab, cc_buf_cstr(&attrs), cc_buf_cstr(&glab),
			cc_buf_cstr(&edge));
	cc_buf_free(&lab);
	cc_buf_free(&attrs);
	cc_buf_free(&edge);
	cc_buf_free(&st);
	cc_buf_free(&nid);
	cc_buf_free(&glab);
	cc_doc_free(svc);
	cc_doc_free(doc);
	return err;
}

static int link_nodes(cc_store *s, const cc_case *c, cc_buf *b)
{
	char dir[256], path[512], stem[256], **names = NULL;
	cc_doc *plan = NULL;
	size_t n = 0, i, len;
	int err;

	cc_case_path(c, CC_PLAN_FILE, path, sizeof(path));
	if ((err = cc__rio_doc(s, path, 1, &plan)))
		return err;
	cc_case_path(c, CC_DIR_LINKS, dir, sizeof(dir));
	if ((err = cc_store_list(s, dir, &names, &n)))
		goto out;
	for (i = 0; !err && i < n; i++) {
		len = strlen(names[i]);
		if (len < 4 || len - 3 >= sizeof(stem) || strcmp(names[i] + len - 3, ".md"))
			continue;
		memcpy(stem, names[i], len - 3);
		stem[len - 3] = '\0';
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		err = link_node(s, path, stem, plan, b);
	}
out:
	cc_strv_free(names, n);
	cc_doc_free(plan);
	return err;
}

int cc_ecomap_write(cc_store *s, const char *case_input, FILE *out)
{
	cc_case *c = NULL;
	cc_buf b = CC_BUF_INIT, lab = CC_BUF_INIT;
	int err;

	if ((err = cc__rio_case(s, case_input, &c)))
		return err;
	err = cc_buf_printf(&b,
		"graph \"ecomap\" {\n"
		"\tgraph [layout=twopi, root=\"client\", overlap=false, ranksep=2.2, "
		"fontname=\"Helvetica\", label=\"eco-map of case %s\", labelloc=t];\n"
		"\tnode [fontname=\"Helvetica\", style=filled];\n"
		"\tedge [fontname=\"Helvetica\", fontsize=10];\n", cc_case_id(c));
	if (!err)
		err = label(&lab, cc_case_get(c, "client.name"), "client", NULL);
	if (!err)
		err = cc_buf_printf(&b, "\t\"client\" [label=\"%s\", shape=doublecircle, "
			"fillcolor=\"#ffffff\", penwidth=2];\n", cc_buf_cstr(&lab));
	cc_buf_clear(&lab);
	if (!err && cc_case_get(c, "manager.name") &&
	    !(err = label(&lab, cc_case_get(c, "manager.name"), "case manager", NULL)))
		err = node(&b, "manager", &lab, "shape=box, fillcolor=\"#dce8f7\", "
			"color=\"#1f4e9a\", penwidth=2", NULL, "color=\"#1f4e9a\", penwidth=2");
	if (!err)
		err = team_nodes(s, c, &b);
	if (!err)
		err = link_nodes(s, c, &b);
	if (!err)
		err = cc_buf_puts(&b, "}\n");
	if (!err)
		fputs(b.ptr, out);
	cc_buf_free(&b);
	cc_buf_free(&lab);
	cc_case_free(c);
	return err;
}
