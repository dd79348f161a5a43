/* team-view.c - the team of a case, as 'casectl team ID' prints it */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/model/records.h"
#include "casectl/views/team-view.h"
#include "../doc/json-int.h"
#include "../model/record-io-int.h"
#include "../util/table-int.h"

static int join_topics(const cc_node *m, cc_buf *b)
{
	cc_node *t = cc_map_get(m, "topics");
	size_t i;
	int err = 0;

	for (i = 0; !err && t && i < cc_node_count(t); i++) {
		const char *v = cc_node_value(cc_node_at(t, i));
		if (v)
			err = cc_buf_printf(b, "%s%s", b->len ? "; " : "", v);
	}
	return err;
}

static int print_json(const cc_node *members, FILE *out)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < cc_node_count(members); i++) {
		json_t *j = cc__json_from_node(cc_node_at(members, i));
		char *text = NULL;
		if (!(err = cc__json_dump(j, &text)))
			fprintf(out, "%s\n", text);
		free(text);
		json_decref(j);
	}
	return err;
}

static int print_text(const cc_node *members, FILE *out)
{
	static const char *const head[] = { "ID", "NAME", "ROLE", "ORGANISATION",
		"CONTACT", "TOPICS", "NOTE" };
	cc_table t = CC_TABLE_INIT(7);
	size_t i;
	int err;

	if ((err = cc__table_add(&t, head)))
		return err;
	for (i = 0; !err && i < cc_node_count(members); i++) {
		const cc_node *m = cc_node_at(members, i);
		cc_buf topics = CC_BUF_INIT, note = CC_BUF_INIT;
		const char *row[7];
		int informal = cc__rio_true(cc_map_str(m, "informal"));
		int guardian = cc__rio_true(cc_map_str(m, "guardian"));
		if (!(err = join_topics(m, &topics)))
			err = cc_buf_printf(&note, "%s%s%s", informal ? "informal" : "",
				informal && guardian ? ", " : "", guardian ? "guardian" : "");
		row[0] = cc_map_str(m, "id");
		row[1] = cc_map_str(m, "name");
		row[2] = cc_map_str(m, "role");
		row[3] = cc_map_str(m, "organisation");
		row[4] = cc_map_str(m, "contact");
		row[5] = cc_buf_cstr(&topics);
		row[6] = cc_buf_cstr(&note);
		if (!err)
			err = cc__table_add(&t, row);
		cc_buf_free(&topics);
		cc_buf_free(&note);
	}
	if (!err && t.nrows > 1)
		err = cc__table_print(&t, out);
	cc__table_free(&t);
	return err;
}

int cc_team_print(cc_store *s, const char *case_input, cc_format f, FILE *out)
{
	cc_case *c = NULL;
	cc_doc *doc = NULL;
	cc_node *members;
	char path[256];
	int err;

	if ((err = cc__rio_case(s, case_input, &c)))
		return err;
	cc_case_path(c, CC_TEAM_FILE, path, sizeof(path));
	if ((err = cc__rio_doc(s, path, 1, &doc)) || !doc)
		goto out;
	members = cc_map_get(cc_doc_root(doc), "members");
	if (!members || cc_node_kind(members) != CC_NODE_LIST) {
		err = cc_error_set(CC_EINVALID, "%s: 'members' must be a list", path);
		goto out;
	}
	err = f == CC_FMT_JSON ? print_json(members, out) : print_text(members, out);
out:
	cc_doc_free(doc);
	cc_case_free(c);
	return err;
}
