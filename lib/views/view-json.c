/* view-json.c - a case as show and list print it in JSON, and as the
 * summary cache keeps it for list */
#include <stdlib.h>

#include <jansson.h>

#include "casectl/util/error.h"
#include "casectl/views/view.h"
#include "../doc/json-int.h"
#include "view-int.h"

/* The case's front matter as JSON, plus its file names (in REV, or in
 * the working tree); *listed (if not NULL) says whether they could be read. */
json_t *cc__view_case_json(cc_store *s, const cc_case *c, const char *rev, int *listed)
{
	json_t *j = cc__json_from_node(cc_case_root(c)), *files;
	char **names;
	size_t n, i;
	int err;

	if (!j)
		return NULL;
	err = rev ? cc_store_list_at(s, rev, cc_case_dir(c), &names, &n)
		  : cc_store_list(s, cc_case_dir(c), &names, &n);
	if (listed)
		*listed = err == 0;
	if (err == 0) {
		files = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(files, json_string(names[i]));
		json_object_set_new(j, "files", files);
		cc_strv_free(names, n);
	}
	{
		size_t blen;
		const char *body = cc_doc_body(cc_case_doc(c), &blen);
		json_object_set_new(j, "body", json_stringn(body, blen));
	}
	return j;
}

int cc_view_case_json(cc_store *s, const cc_case *c, char **out, int *listed)
{
	json_t *j = cc__view_case_json(s, c, NULL, listed);
	int err = j ? cc__json_dump(j, out) : cc_error_set(CC_ENOMEM, "out of memory");

	json_decref(j);
	return err;
}
