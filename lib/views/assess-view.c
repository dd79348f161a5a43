/* assess-view.c - what assess --list prints */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "casectl/views/assess-view.h"
#include "casectl/util/error.h"
#include "casectl/model/records.h"
#include "../model/event-read-int.h"
#include "../doc/json-int.h"
#include "../model/record-io-int.h"

/* --- the list ------------------------------------------------------- */

static int print_list(FILE *out, const char *label, const cc_node *map, const char *key)
{
	const cc_node *l = map && cc_node_kind(map) == CC_NODE_MAP ? cc_map_get(map, key) : NULL;
	size_t i;

	if (!l || cc_node_kind(l) != CC_NODE_LIST || !cc_node_count(l))
		return 0;
	fprintf(out, "  %-23s", label);
	for (i = 0; i < cc_node_count(l); i++) {
		const char *v = cc_node_value(cc_node_at(l, i));
		fprintf(out, "%s%s", i ? "; " : "", v ? v : "?");
	}
	fputc('\n', out);
	return 0;
}

static int print_text(FILE *out, const cc_ev_record *r)
{
	const cc_node *root = cc_doc_root(r->doc);
	const cc_node *needs = cc_map_get(root, "needs"), *res = cc_map_get(root, "resources");
	const char *date = cc_map_str(root, "date"), *by = cc_map_str(root, "by");
	const char *with = cc_map_str(root, "with-client");

	fprintf(out, "%s  %s  by %s, %s\n", date ? date : "?", r->name, by ? by : "?",
		with && !strcmp(with, "false") ? "without the client" : "with the client");
	print_list(out, "needs (client):", needs, "client");
	print_list(out, "needs (professional):", needs, "professional");
	print_list(out, "resources, personal:", res, "personal");
	print_list(out, "resources, social:", res, "social");
	print_list(out, "resources, community:", res, "community");
	print_list(out, "strengths:", root, "strengths");
	print_list(out, "what works:", root, "works");
	print_list(out, "risks:", root, "risks");
	print_list(out, "life domains:", root, "domains");
	return 0;
}

static int print_json(FILE *out, const cc_ev_record *r)
{
	json_t *j = cc__json_from_node(cc_doc_root(r->doc));
	const char *body;
	size_t blen;
	char *text = NULL;
	int err;

	body = cc_doc_body(r->doc, &blen);
	if (!j || json_object_set_new(j, "file", json_string(r->name)) ||
	    json_object_set_new(j, "body", json_stringn(body, blen))) {
		json_decref(j);
		return cc_error_set(CC_ENOMEM, "out of memory");
	}
	if (!(err = cc__json_dump(j, &text)))
		fprintf(out, "%s\n", text);
	free(text);
	json_decref(j);
	return err;
}

int cc_assess_list(cc_store *s, const char *input, cc_format f, FILE *out)
{
	cc_case *c = NULL;
	cc_ev_record *r = NULL;
	size_t n = 0, i;
	int err;

	if ((err = cc__rio_case(s, input, &c)) ||
	    (err = cc__ev_read_all(s, cc_case_dir(c), CC_DIR_ASSESSMENTS, &r, &n)))
		goto out;
	for (i = 0; !err && i < n; i++) {
		if (f == CC_FMT_JSON)
			err = print_json(out, &r[i]);
		else {
			if (i)
				fputc('\n', out);
			err = print_text(out, &r[i]);
		}
	}
out:
	cc__ev_records_free(r, n);
	cc_case_free(c);
	return err;
}
