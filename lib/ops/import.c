/* import.c - cases in bulk from JSON Lines */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "casectl/model/case.h"
#include "casectl/util/date.h"
#include "casectl/util/error.h"
#include "casectl/doc/frontmatter.h"
#include "casectl/util/id.h"
#include "casectl/ops/import.h"
#include "casectl/model/validate.h"

/* The keys of case.md in the order casectl writes them; others follow
 * in the order of the input. */
static const char *const key_order[] = {
	"id", "ref", "status", "phase", "opened", "manager", "client", "referral",
	"review", NULL
};

static int set_value(cc_node *map, const char *key, json_t *v, int depth);

/* Dates and case IDs are written plain by casectl; JSON has no type for
 * them, so a string in exactly that form is taken as one. */
static int plain_form(const char *key, const char *v)
{
	cc_date d;

	if (strlen(v) == 10 && v[4] == '-' && v[7] == '-' && cc_date_parse_iso(v, &d) == 0)
		return 1;
	return !strcmp(key, "id") && cc_id_valid(v);
}

static int fill_list(cc_node *list, json_t *arr, int depth)
{
	size_t i;
	json_t *it;
	cc_node *m;
	char tmp[64];
	int err = 0;

	json_array_foreach(arr, i, it) {
		switch (json_typeof(it)) {
		case JSON_STRING:
			err = plain_form("", json_string_value(it)) ?
				cc_list_append_plain(list, json_string_value(it)) :
				cc_list_append_str(list, json_string_value(it));
			break;
		case JSON_INTEGER:
			snprintf(tmp, sizeof(tmp), "%" JSON_INTEGER_FORMAT, json_integer_value(it));
			err = cc_list_append_plain(list, tmp);
			break;
		case JSON_TRUE:
		case JSON_FALSE:
			err = cc_list_append_plain(list, json_is_true(it) ? "true" : "false");
			break;
		case JSON_OBJECT: {
			const char *k;
			json_t *v;
			if ((err = cc_list_append_map(list, &m)))
				break;
			json_object_foreach(it, k, v)
				if ((err = set_value(m, k, v, depth + 1)))
					break;
			break;
		}
		default:
			err = cc_error_set(CC_EINVALID, "lists may hold text, numbers, booleans "
				"and objects only");
		}
		if (err)
			return err;
	}
	return 0;
}

static int set_value(cc_node *map, const char *key, json_t *v, int depth)
{
	char tmp[64];
	cc_node *child;
	int err;

	if (depth > 8)
		return cc_error_set(CC_EINVALID, "'%s' is nested too deeply", key);
	switch (json_typeof(v)) {
	case JSON_STRING:
		if (plain_form(key, json_string_value(v)))
			return cc_map_set_plain(map, key, json_string_value(v));
		return cc_map_set_str(map, key, json_string_value(v));
	case JSON_INTEGER:
		snprintf(tmp, sizeof(tmp), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return cc_map_set_plain(map, key, tmp);
	case JSON_REAL:
		snprintf(tmp, sizeof(tmp), "%.17g", json_real_value(v));
		return cc_map_set_plain(map, key, tmp);
	case JSON_TRUE:
	case JSON_FALSE:
		return cc_map_set_plain(map, key, json_is_true(v) ? "true" : "false");
	case JSON_NULL:
		return 0;
	case JSON_OBJECT: {
		const char *k;
		json_t *cv;
		if ((err = cc_map_child_map(map, key, &child)))
			return err;
		json_object_foreach(v, k, cv)
			if ((err = set_value(child, k, cv, depth + 1)))
				return err;
		return 0;
	}
	case JSON_ARRAY:
		if ((err = cc_map_child_list(map, key, &child)))
			return err;
		return fill_list(child, v, depth + 1);
	}
	return 0;
}

typedef struct {
	char id[CC_ID_LEN + 1];
	char *text;
	size_t len;
} record;

/* One JSON object into a case.md text, with defaults filled in. */
static int convert(cc_store *s, json_t *obj, const char *who_name, const char *who_mail,
	record *r)
{
	cc_doc *doc = NULL;
	cc_node *root, *m;
	const char *k;
	json_t *v;
	char day[CC_DATE_STRLEN];
	cc_date today;
	int64_t now;
	size_t i;
	int err;

	if ((err = cc_doc_new(&doc)))
		return err;
	root = cc_doc_root(doc);
	for (i = 0; key_order[i]; i++)
		if ((v = json_object_get(obj, key_order[i])) &&
		    (err = set_value(root, key_order[i], v, 0)))
			goto out;
	json_object_foreach(obj, k, v) {
		if (!strcmp(k, "files") || !strcmp(k, "body") || cc_map_get(root, k))
			continue;
		if ((err = set_value(root, k, v, 0)))
			goto out;
	}
	if ((v = json_object_get(obj, "body")) != NULL) {
		if (!json_is_string(v)) {
			err = cc_error_set(CC_EINVALID, "'body' must be text (Markdown)");
			goto out;
		}
		if ((err = cc_doc_set_body(doc, json_string_value(v), json_string_length(v))))
			goto out;
	}
	if (!cc_map_str(root, "id")) {
		if ((err = cc_now(&now)) || (err = cc_id_generate(r->id, now)))
			goto out;
		/* the ID goes first, as casectl writes it */
		if ((err = cc_map_set_plain(root, "id", r->id)))
			goto out;
	} else if (!cc_id_valid(cc_map_str(root, "id"))) {
		err = cc_error_set(CC_EINVALID, "'id' is not a case ID: '%s'", cc_map_str(root, "id"));
		goto out;
	} else {
		memcpy(r->id, cc_map_str(root, "id"), CC_ID_LEN + 1);
	}
	if ((err = cc_date_today(&today)))
		goto out;
	cc_date_format(today, day);
	if ((!cc_map_get(root, "status") && (err = cc_map_set_plain(root, "status", "open"))) ||
	    (!cc_map_get(root, "phase") && (err = cc_map_set_plain(root, "phase", "intake"))) ||
	    (!cc_map_get(root, "opened") && (err = cc_map_set_plain(root, "opened", day))))
		goto out;
	if (!cc_map_get(root, "manager")) {
		if ((err = cc_map_child_map(root, "manager", &m)) ||
		    (err = cc_map_set_str(m, "name", who_name)) ||
		    (who_mail && (err = cc_map_set_str(m, "email", who_mail))))
			goto out;
	}
	{
		cc_problems probs = CC_PROBLEMS_INIT;
		char dir[CC_ID_DIR_MAX], path[CC_ID_DIR_MAX + 16];
		cc_id_dir(r->id, dir);
		snprintf(path, sizeof(path), "%s/%s", dir, CC_CASE_FILE);
		err = cc_validate_doc(path, doc, &probs);
		if (!err && probs.n) {
			/* the problem without the path: the line number is the input's */
			const char *msg = probs.items[0];
			const char *p = strstr(msg, ": ");
			err = cc_error_set(CC_EINVALID, "%s", p && !strncmp(msg, path, strlen(path)) ?
				p + 2 : msg);
		}
		cc_problems_free(&probs);
		if (err)
			goto out;
		if ((err = cc_store_exists(s, dir)) != 0) {
			if (err > 0)
				err = cc_error_set(CC_EINVALID, "case '%s' is already in the store", r->id);
			goto out;
		}
	}
	err = cc_doc_emit(doc, &r->text, &r->len);
out:
	cc_doc_free(doc);
	return err;
}

static int write_cases(cc_store *s, record *recs, size_t n, int batch,
	cc_progress_fn progress, void *payload, size_t *count)
{
	char dir[CC_ID_DIR_MAX], path[CC_ID_DIR_MAX + 16], summary[64];
	cc_txn *t = NULL;
	size_t i;
	int err = 0;

	/* One transaction either way: a commit per case is a chain of steps
	 * that becomes visible with the last one, or not at all. */
	if ((err = cc_txn_begin(&t, s)))
		return err;
	for (i = 0; i < n; i++) {
		cc_id_dir(recs[i].id, dir);
		snprintf(path, sizeof(path), "%s/%s", dir, CC_CASE_FILE);
		if ((err = cc_txn_put(t, path, recs[i].text, recs[i].len)))
			break;
		if (!batch) {
			cc_commit_info info = { "import", recs[i].id, "case imported", NULL };
			if ((err = i + 1 < n ? cc_txn_step(t, &info) : cc_txn_commit(t, &info, NULL)))
				break;
			if (progress)
				progress(i + 1, n, payload);
		}
	}
	if (!err && !batch)
		*count = n;
	if (!err && batch) {
		cc_commit_info info = { "import", NULL, summary, NULL };
		snprintf(summary, sizeof(summary), "%zu cases imported", n);
		if (!(err = cc_txn_commit(t, &info, NULL))) {
			*count = n;
			if (progress)
				progress(n, n, payload);
		}
	}
	cc_txn_free(t);
	return err;
}

int cc_import(cc_store *s, const char *buf, size_t len, const char *name, int batch,
	cc_progress_fn progress, void *payload, size_t *count)
{
	record *recs = NULL;
	size_t n = 0, cap = 0, line = 0, i, j;
	const char *p = buf, *end = buf + len;
	char *who_name = NULL, *who_mail = NULL;
	int err;

	*count = 0;
	if ((err = cc_store_identity(s, &who_name, &who_mail)))
		return err;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		json_error_t jerr;
		json_t *obj;

		line++;
		if (l > CC_IMPORT_MAX_LINE) {
			err = cc_error_set(CC_EINVALID, "%s:%zu: line longer than %u bytes; import "
				"takes one case of at most that size per line", name, line,
				CC_IMPORT_MAX_LINE);
			goto out;
		}
		if (l == 0 || (l == 1 && *p == '\r')) {
			p += l + 1;
			continue;
		}
		obj = json_loadb(p, l, JSON_REJECT_DUPLICATES, &jerr);
		p += l + 1;
		if (!obj || !json_is_object(obj)) {
			err = cc_error_set(CC_EINVALID, "%s:%zu: not a JSON object: %s", name, line,
				obj ? "another JSON value" : jerr.text);
			json_decref(obj);
			goto out;
		}
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			record *nr = realloc(recs, ncap * sizeof(*nr));
			if (!nr) {
				json_decref(obj);
				err = cc_error_set(CC_ENOMEM, "out of memory");
				goto out;
			}
			recs = nr;
			cap = ncap;
		}
		memset(&recs[n], 0, sizeof(recs[n]));
		err = convert(s, obj, who_name, who_mail, &recs[n]);
		json_decref(obj);
		if (err) {
			err = cc_error_prefix("%s:%zu", name, line);
			goto out;
		}
		for (j = 0; j < n; j++)
			if (!strcmp(recs[j].id, recs[n].id)) {
				free(recs[n].text);
				err = cc_error_set(CC_EINVALID, "%s:%zu: case '%s' appears twice in the "
					"input", name, line, recs[n].id);
				goto out;
			}
		n++;
	}
	if (!n) {
		err = cc_error_set(CC_EINVALID, "%s: no cases to import", name);
		goto out;
	}
	err = write_cases(s, recs, n, batch, progress, payload, count);
out:
	for (i = 0; i < n; i++)
		free(recs[i].text);
	free(recs);
	free(who_name);
	free(who_mail);
	return err;
}
