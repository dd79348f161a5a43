/* service-view.c - casectl service list / show */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/model/records.h"
#include "casectl/model/service-dir.h"
#include "casectl/views/service-view.h"
#include "../doc/json-int.h"
#include "../util/table-int.h"

static json_t *service_json(const char *slug, const cc_doc *doc, int in_use)
{
	json_t *j = json_object(), *fm = cc__json_from_node(cc_doc_root(doc));
	long places = cc_service_places(doc);
	const char *key;
	json_t *v;

	if (!j || !fm) {
		json_decref(j);
		json_decref(fm);
		return NULL;
	}
	json_object_set_new(j, "slug", json_string(slug));
	json_object_foreach(fm, key, v)
		if (strcmp(key, "slug") && strcmp(key, "in-use") && strcmp(key, "free"))
			json_object_set(j, key, v);
	json_decref(fm);
	json_object_set_new(j, "in-use", json_integer(in_use));
	json_object_set_new(j, "free", places < 0 ? json_null() : json_integer(places - in_use));
	return j;
}

static int print_json(const char *slug, const cc_doc *doc, int in_use, FILE *out)
{
	json_t *j = service_json(slug, doc, in_use);
	char *text = NULL;
	int err = cc__json_dump(j, &text);

	if (!err)
		fprintf(out, "%s\n", text);
	free(text);
	json_decref(j);
	return err;
}

static int join_list(const cc_node *list, cc_buf *b)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && list && i < cc_node_count(list); i++) {
		const char *v = cc_node_value(cc_node_at(list, i));
		if (v)
			err = cc_buf_printf(b, "%s%s", b->len ? ", " : "", v);
	}
	return err;
}

static int add_row(cc_table *t, const char *slug, const cc_doc *doc, int in_use)
{
	const cc_node *r = cc_doc_root(doc);
	long places = cc_service_places(doc);
	char sp[24] = "", su[24], sf[24] = "";
	const char *row[6];

	if (places >= 0) {
		snprintf(sp, sizeof(sp), "%ld", places);
		snprintf(sf, sizeof(sf), "%ld", places - in_use);
	}
	snprintf(su, sizeof(su), "%d", in_use);
	row[0] = slug;
	row[1] = cc_map_str(r, "name");
	row[2] = cc_map_str(r, "area");
	row[3] = sp;
	row[4] = su;
	row[5] = sf;
	return cc__table_add(t, row);
}

int cc_service_list(cc_store *s, cc_format f, FILE *out)
{
	static const char *const head[] = { "SLUG", "NAME", "AREA", "PLACES", "IN USE", "FREE" };
	cc_table t = CC_TABLE_INIT(6);
	char **names = NULL;
	int *counts = NULL;
	size_t n = 0, i, k = 0;
	int err;

	if ((err = cc_store_list(s, CC_DIR_SERVICES, &names, &n)))
		return err;
	for (i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		if (len > 3 && !strcmp(names[i] + len - 3, ".md")) {
			names[i][len - 3] = '\0';
			names[k++] = names[i];
		} else {
			free(names[i]);
		}
	}
	n = k;
	if (!(counts = calloc(n ? n : 1, sizeof(*counts)))) {
		err = cc_error_set(CC_ENOMEM, "out of memory");
		goto out;
	}
	if ((err = cc_service_places_in_use(s, (const char *const *)names, n, counts)) ||
	    (err = cc__table_add(&t, head)))
		goto out;
	for (i = 0; !err && i < n; i++) {
		cc_doc *doc = NULL;
		if ((err = cc_service_load(s, names[i], &doc)))
			break;
		err = f == CC_FMT_JSON ? print_json(names[i], doc, counts[i], out)
				       : add_row(&t, names[i], doc, counts[i]);
		cc_doc_free(doc);
	}
	if (!err && f == CC_FMT_TEXT && n)
		err = cc__table_print(&t, out);
out:
	cc__table_free(&t);
	free(counts);
	cc_strv_free(names, n);
	return err;
}

static void line(FILE *out, const char *label, const char *v)
{
	if (v && *v)
		fprintf(out, "%-14s%s\n", label, v);
}

int cc_service_show(cc_store *s, const char *input, cc_format f, FILE *out)
{
	char slug[CC_SLUG_MAX], num[64];
	const char *const one[1] = { slug };
	cc_doc *doc = NULL;
	cc_buf offers = CC_BUF_INIT;
	const cc_node *r, *cap;
	const char *body;
	size_t blen;
	long places;
	int in_use = 0, err;

	if ((err = cc_service_resolve(s, input, slug)) ||
	    (err = cc_service_load(s, slug, &doc)) ||
	    (err = cc_service_places_in_use(s, one, 1, &in_use)))
		goto out;
	if (f == CC_FMT_JSON) {
		err = print_json(slug, doc, in_use, out);
		goto out;
	}
	r = cc_doc_root(doc);
	if ((err = join_list(cc_map_get(r, "offers"), &offers)))
		goto out;
	fprintf(out, "service %s\n", slug);
	line(out, "name:", cc_map_str(r, "name"));
	line(out, "organisation:", cc_map_str(r, "organisation"));
	line(out, "contact:", cc_map_str(r, "contact"));
	line(out, "area:", cc_map_str(r, "area"));
	line(out, "offers:", cc_buf_cstr(&offers));
	places = cc_service_places(doc);
	cap = cc_map_get(r, "capacity");
	if (places >= 0) {
		snprintf(num, sizeof(num), "%ld (updated %s)", places,
			cc_map_str(cap, "updated") ? cc_map_str(cap, "updated") : "-");
		line(out, "places:", num);
	}
	snprintf(num, sizeof(num), "%d", in_use);
	line(out, "in use:", num);
	if (places >= 0) {
		snprintf(num, sizeof(num), "%ld", places - in_use);
		line(out, "free:", num);
	}
	body = cc_doc_body(doc, &blen);
	if (blen)
		fprintf(out, "\n%.*s", (int)blen, body);
out:
	cc_buf_free(&offers);
	cc_doc_free(doc);
	return err;
}
