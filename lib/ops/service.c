/* service.c - the store-wide service directory: add and edit */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/buf.h"
#include "casectl/model/case.h"
#include "casectl/util/date.h"
#include "casectl/util/error.h"
#include "casectl/model/records.h"
#include "casectl/ops/service.h"
#include "casectl/model/validate.h"
#include "../model/record-io-int.h"
#include "../model/service-int.h"

static int set_text(cc_node *m, const char *key, const char *v)
{
	return v ? cc_map_set_str(m, key, *v ? v : NULL) : 0;
}

static int apply(cc_node *r, const cc_service_opts *o, cc_date today)
{
	cc_node *list, *cap;
	char day[CC_DATE_STRLEN];
	cc_date d = today;
	size_t i;
	int err;

	if (o->name && !*o->name)
		return cc_error_set(CC_EUSAGE, "a service's name must not be empty");
	if (o->places && *o->places) {
		const char *p = o->places;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p || p - o->places > 9)
			return cc_error_set(CC_EINVALID, "--places: '%s' is not a whole number "
				"of places", o->places);
	}
	if (o->updated && cc_date_parse(o->updated, today, &d))
		return cc_error_prefix("--updated");
	if ((err = set_text(r, "name", o->name)) ||
	    (err = set_text(r, "organisation", o->organisation)) ||
	    (err = set_text(r, "contact", o->contact)) ||
	    (err = set_text(r, "area", o->area)))
		return err;
	if (o->set_offers) {
		if ((err = cc_map_child_list(r, "offers", &list)) || (err = cc_list_clear(list)))
			return err;
		for (i = 0; i < o->noffers; i++)
			if (*o->offers[i] && (err = cc_list_append_str(list, o->offers[i])))
				return err;
		if (!cc_node_count(list) && (err = cc_map_remove(r, "offers")))
			return err;
	}
	if (o->places && !*o->places)
		return cc_map_remove(r, "capacity");
	if (!o->places && !o->updated)
		return 0;
	if (!o->places && !cc_map_get(r, "capacity"))
		return cc_error_set(CC_EUSAGE, "--updated needs a capacity; give --places N");
	if ((err = cc_map_child_map(r, "capacity", &cap)))
		return cc_error_set(CC_EINVALID, "'capacity' must be a map of keys");
	cc_date_format(d, day);
	if (o->places) {
		/* "007" is written as 7 */
		char num[16];
		snprintf(num, sizeof(num), "%ld", strtol(o->places, NULL, 10));
		if ((err = cc_map_set_plain(cap, "places", num)))
			return err;
	}
	return cc_map_set_plain(cap, "updated", day);
}

/* Validate, stage and commit services/SLUG.md. */
static int commit_doc(cc_store *s, cc_txn *t, const char *slug, cc_doc *doc,
	const char *what)
{
	cc_problems probs = CC_PROBLEMS_INIT;
	char path[CC_SLUG_MAX + 32], summary[CC_SLUG_MAX + 16], *out = NULL;
	size_t len;
	int err;

	cc__service_path(slug, path, sizeof(path));
	snprintf(summary, sizeof(summary), "%s %s", slug, what);
	if (!(err = cc_validate_doc(path, doc, &probs)) &&
	    !(err = cc_problems_raise(&probs)) &&
	    !(err = cc_doc_emit(doc, &out, &len)) &&
	    !(err = cc_txn_put(t, path, out, len))) {
		cc_commit_info info = { "service", NULL, summary, NULL };
		err = cc_txn_commit(t, &info, NULL);
	}
	free(out);
	cc_problems_free(&probs);
	return err;
}

int cc_service_add(cc_store *s, const cc_service_opts *o, char slug[CC_SLUG_MAX])
{
	cc_txn *t = NULL;
	cc_doc *doc = NULL;
	cc_date today;
	char path[CC_SLUG_MAX + 32];
	cc_service_opts full = *o;
	int err;

	if (!o->name || !*o->name)
		return cc_error_set(CC_EUSAGE, "a service needs a name");
	if (o->slug) {
		if (!cc_service_slug_valid(o->slug))
			return cc_error_set(CC_EINVALID, "--slug: '%s' is not a slug (lowercase "
				"letters, digits and single '-' inside, not 'informal-...')", o->slug);
		snprintf(slug, CC_SLUG_MAX, "%s", o->slug);
	} else if ((err = cc_service_slugify(o->name, slug))) {
		return err;
	} else if (!cc_service_slug_valid(slug)) {
		return cc_error_set(CC_EINVALID, "the slug '%s' names informal links; "
			"give another with --slug", slug);
	}
	full.set_offers = 1;
	if ((err = cc_date_today(&today)) || (err = cc_txn_begin(&t, s)))
		goto out;
	cc__service_path(slug, path, sizeof(path));
	if ((err = cc_store_exists(s, path)) != 0) {
		if (err > 0)
			err = cc_error_set(CC_EREFUSED, "service '%s' is already in the directory; "
				"change it with 'casectl service edit %s'", slug, slug);
		goto out;
	}
	if ((err = cc_doc_new(&doc)) || (err = apply(cc_doc_root(doc), &full, today)))
		goto out;
	err = commit_doc(s, t, slug, doc, "added");
out:
	cc_doc_free(doc);
	cc_txn_free(t);
	return err;
}

int cc_service_edit(cc_store *s, const char *input, const cc_service_opts *o,
	char slug[CC_SLUG_MAX])
{
	cc_txn *t = NULL;
	cc_doc *doc = NULL;
	cc_date today;
	char path[CC_SLUG_MAX + 32];
	int err;

	if (o->slug)
		return cc_error_set(CC_EUSAGE, "a service's slug never changes (links name it)");
	if ((err = cc_date_today(&today)) || (err = cc_txn_begin(&t, s)) ||
	    (err = cc_service_resolve(s, input, slug)))
		goto out;
	cc__service_path(slug, path, sizeof(path));
	if ((err = cc_store_require_clean(s, path, NULL)) ||
	    (err = cc_service_load(s, slug, &doc)) ||
	    (err = apply(cc_doc_root(doc), o, today)))
		goto out;
	if (!cc_doc_modified(doc)) {
		err = cc_error_set(CC_EINVALID, "nothing changed for service '%s'", slug);
		goto out;
	}
	err = commit_doc(s, t, slug, doc, "changed");
out:
	cc_doc_free(doc);
	cc_txn_free(t);
	return err;
}
