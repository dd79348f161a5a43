/* settings.c - the store's shared settings in casectl.md */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/error.h"
#include "casectl/doc/frontmatter.h"
#include "casectl/model/settings.h"
#include "casectl/doc/template.h"
#include "casectl/model/validate.h"

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

/* --- the rule of every key ----------------------------------------------- */

#define FMT_VERSION 1

/* A duration in days, roughly (a month 30 days, a year 365). */
static long days_of(cc_duration d)
{
	return d.unit == 'y' ? 365L * d.n : d.unit == 'm' ? 30L * d.n :
		d.unit == 'w' ? 7L * d.n : d.n;
}

typedef struct {
	const char *key;
	char kind;              /* 'v' version, 'l' language, 'i' id scheme,
				 * 'n' whole number, 'd' duration */
	long min, max;          /* 'n': the range; 'd': in days */
	const char *range;      /* how the allowed values are said */
	size_t off;             /* where in cc_settings ('n', 'd', 'l') */
} rule;

static const rule rules[] = {
	{ "casectl", 'v', FMT_VERSION, FMT_VERSION, "1", 0 },
	{ "language", 'l', 0, 0, "one of en, cs, de, nb, es, ru",
	  offsetof(cc_settings, language) },
	{ "review-interval", 'd', 1, 2 * 365, "a duration from 1d to 2y (such as 6m)",
	  offsetof(cc_settings, review_interval) },
	{ "id-scheme", 'i', 0, 0, "month-random40", 0 },
	{ "caseload-limit", 'n', 1, 10000, "a whole number from 1 to 10000",
	  offsetof(cc_settings, caseload_limit) },
	{ "retention", 'd', 30, 100 * 365, "a duration from 1m to 100y (such as 10y)",
	  offsetof(cc_settings, retention) },
	{ "link-wait-limit", 'd', 1, 365, "a duration from 1d to 1y (such as 30d)",
	  offsetof(cc_settings, link_wait_limit) },
	{ "contact-gap-limit", 'd', 1, 365, "a duration from 1d to 1y (such as 30d)",
	  offsetof(cc_settings, contact_gap_limit) },
	{ NULL, 0, 0, 0, NULL, 0 }
};

static int refuse(const rule *r, const cc_node *n, const char *v)
{
	if (r->kind == 'v' && v && strtol(v, NULL, 10) > FMT_VERSION)
		return cc_error_set(CC_EINVALID, "%s:%zu: 'casectl' (the format version) is "
			"'%.40s'; this casectl reads format %d only: upgrade casectl",
			CC_SETTINGS_FILE, cc_node_line(n), v, FMT_VERSION);
	if (!v)
		return cc_error_set(CC_EINVALID, "%s:%zu: '%s' must be a single value: %s",
			CC_SETTINGS_FILE, cc_node_line(n), r->key, r->range);
	return cc_error_set(CC_EINVALID, "%s:%zu: '%s' is '%.40s'; it must be %s",
		CC_SETTINGS_FILE, cc_node_line(n), r->key, v, r->range);
}

static int apply(const rule *r, const cc_node *n, cc_settings *out)
{
	const char *v = cc_node_kind(n) == CC_NODE_SCALAR ? cc_node_value(n) : NULL;
	char *end = NULL;
	cc_duration d;
	long x;

	if (!v)
		return refuse(r, n, v);
	switch (r->kind) {
	case 'v':
		x = strtol(v, &end, 10);
		return *v && !*end && x == FMT_VERSION ? 0 : refuse(r, n, v);
	case 'l':
		if (!cc_lang_valid(v))
			return refuse(r, n, v);
		snprintf(out->language, sizeof(out->language), "%s", v);
		return 0;
	case 'i':
		return strcmp(v, r->range) ? refuse(r, n, v) : 0;
	case 'n':
		x = strtol(v, &end, 10);
		if (!*v || *end || x < r->min || x > r->max)
			return refuse(r, n, v);
		*(int *)(void *)((char *)out + r->off) = (int)x;
		return 0;
	default:
		if (cc_duration_parse(v, &d) || days_of(d) < r->min || days_of(d) > r->max) {
			cc_error_clear();
			return refuse(r, n, v);
		}
		*(cc_duration *)(void *)((char *)out + r->off) = d;
		return 0;
	}
}

int cc_settings_parse(const char *buf, size_t len, cc_settings *out)
{
	cc_doc *doc = NULL;
	cc_node *n;
	size_t i;
	int err;

	cc_settings_default(out);
	if ((err = cc_doc_parse(&doc, buf, len, CC_SETTINGS_FILE)) != 0)
		return err;
	for (i = 0; !err && rules[i].key; i++)
		if ((n = cc_map_get(cc_doc_root(doc), rules[i].key)) != NULL)
			err = apply(&rules[i], n, out);
	cc_doc_free(doc);
	return err;
}

int cc_settings_unknown(const char *buf, size_t len, cc_problems *out)
{
	cc_doc *doc = NULL;
	const cc_node *root;
	size_t i, j;
	int err = 0;

	if (cc_doc_parse(&doc, buf, len, CC_SETTINGS_FILE) != 0) {
		cc_error_clear();
		return 0;       /* cc_settings_parse reports it */
	}
	root = cc_doc_root(doc);
	for (i = 0; !err && i < cc_node_count(root); i++) {
		const char *key = cc_node_key(cc_node_at(root, i));
		for (j = 0; rules[j].key && strcmp(rules[j].key, key); j++)
			;
		if (!rules[j].key)
			err = cc_problems_add(out, "%s:%zu: unknown setting '%s'; the settings are "
				"casectl (the format version), language, review-interval, id-scheme, "
				"caseload-limit, retention, link-wait-limit and contact-gap-limit "
				"(see casectl-case(5))", CC_SETTINGS_FILE,
				cc_node_line(cc_node_at(root, i)), key);
	}
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

int cc_settings_check(const char *buf, size_t len)
{
	cc_settings st;

	return cc_settings_parse(buf, len, &st);
}
