/* settings.c - the store's shared settings in casectl.md */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/error.h"
#include "casectl/frontmatter.h"
#include "casectl/settings.h"
#include "casectl/template.h"

const char *const cc_languages[] = { "en", "cs", "de", "nb", "es", "ru", NULL };

int cc_lang_valid(const char *lang)
{
	size_t i;

	for (i = 0; cc_languages[i]; i++)
		if (!strcmp(lang, cc_languages[i]))
			return 1;
	return 0;
}

void cc_settings_default(cc_settings *out)
{
	memset(out, 0, sizeof(*out));
	strcpy(out->language, "en");
	out->review_interval = (cc_duration){ 6, 'm' };
	out->caseload_limit = 12;
	out->retention = (cc_duration){ 10, 'y' };
	out->link_wait_limit = (cc_duration){ 30, 'd' };
	out->contact_gap_limit = (cc_duration){ 30, 'd' };
}

static int duration_key(const cc_node *root, const char *key, cc_duration *out)
{
	const char *v = cc_map_str(root, key);
	cc_node *n = cc_map_get(root, key);

	if (!n)
		return 0;
	if (!v || cc_duration_parse(v, out))
		return cc_error_set(CC_EINVALID, "%s:%zu: '%s' must be a duration such as 30d or 6m",
			CC_SETTINGS_FILE, cc_node_line(n), key);
	return 0;
}

int cc_settings_parse(const char *buf, size_t len, cc_settings *out)
{
	cc_doc *doc = NULL;
	cc_node *root, *n;
	const char *v;
	char *end;
	long limit;
	int err;

	cc_settings_default(out);
	if ((err = cc_doc_parse(&doc, buf, len, CC_SETTINGS_FILE)) != 0)
		return err;
	root = cc_doc_root(doc);
	if ((n = cc_map_get(root, "language")) != NULL) {
		v = cc_node_value(n);
		if (!v || !cc_lang_valid(v)) {
			err = cc_error_set(CC_EINVALID,
				"%s:%zu: language must be one of en, cs, de, nb, es, ru",
				CC_SETTINGS_FILE, cc_node_line(n));
			goto out;
		}
		snprintf(out->language, sizeof(out->language), "%s", v);
	}
	if ((n = cc_map_get(root, "caseload-limit")) != NULL) {
		v = cc_node_value(n);
		limit = v ? strtol(v, &end, 10) : -1;
		if (!v || *end || limit < 1 || limit > 10000) {
			err = cc_error_set(CC_EINVALID,
				"%s:%zu: caseload-limit must be a whole number from 1 to 10000",
				CC_SETTINGS_FILE, cc_node_line(n));
			goto out;
		}
		out->caseload_limit = (int)limit;
	}
	if ((err = duration_key(root, "review-interval", &out->review_interval)) ||
	    (err = duration_key(root, "retention", &out->retention)) ||
	    (err = duration_key(root, "link-wait-limit", &out->link_wait_limit)) ||
	    (err = duration_key(root, "contact-gap-limit", &out->contact_gap_limit)))
		goto out;
out:
	cc_doc_free(doc);
	return err;
}

int cc_settings_load(cc_store *s, cc_settings *out)
{
	char *buf;
	size_t len;
	int err;

	if ((err = cc_store_read(s, CC_SETTINGS_FILE, &buf, &len)) != 0)
		return err;
	err = cc_settings_parse(buf, len, out);
	free(buf);
	return err;
}

static void fmt_duration(cc_duration d, char out[16])
{
	snprintf(out, 16, "%d%c", d.n, d.unit);
}

int cc_settings_render(const cc_settings *st, char **out, size_t *len)
{
	cc_doc *doc = NULL;
	cc_node *root;
	char tmp[16];
	const char *body;
	int err;

	if ((err = cc_doc_new(&doc)) != 0)
		return err;
	root = cc_doc_root(doc);
	snprintf(tmp, sizeof(tmp), "%d", st->caseload_limit);
	if ((err = cc_map_set_plain(root, "casectl", "1")) ||
	    (err = cc_map_set_str(root, "language", st->language)))
		goto out;
	fmt_duration(st->review_interval, tmp);
	if ((err = cc_map_set_plain(root, "review-interval", tmp)) ||
	    (err = cc_map_set_str(root, "id-scheme", "month-random40")))
		goto out;
	snprintf(tmp, sizeof(tmp), "%d", st->caseload_limit);
	if ((err = cc_map_set_plain(root, "caseload-limit", tmp)))
		goto out;
	fmt_duration(st->retention, tmp);
	if ((err = cc_map_set_plain(root, "retention", tmp)))
		goto out;
	fmt_duration(st->link_wait_limit, tmp);
	if ((err = cc_map_set_plain(root, "link-wait-limit", tmp)))
		goto out;
	fmt_duration(st->contact_gap_limit, tmp);
	if ((err = cc_map_set_plain(root, "contact-gap-limit", tmp)))
		goto out;
	if ((err = cc_template_get(st->language, "casectl.md", &body)) ||
	    (err = cc_doc_set_body(doc, body, strlen(body))))
		goto out;
	err = cc_doc_emit(doc, out, len);
out:
	cc_doc_free(doc);
	return err;
}
