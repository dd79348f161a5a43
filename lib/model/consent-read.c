/* consent-read.c - the consents of a case as read from its events, and
 * the one that covers a recipient */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/util/text.h"
#include "casectl/model/consent-record.h"
#include "casectl/util/error.h"
#include "casectl/model/records.h"
#include "casectl/model/validate.h"
#include "consent-int.h"
#include "../model/record-io-int.h"

const char *cc_consent_state_name(cc_consent_state st)
{
	return st == CC_CONSENT_ACTIVE ? "active" :
	       st == CC_CONSENT_EXPIRED ? "expired" : "withdrawn";
}

void cc_consents_free(cc_consent *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++) {
		free(v[i].by);
		free(v[i].to);
		free(v[i].what);
	}
	free(v);
}

static void copy_date(char dst[CC_DATE_STRLEN], const char *src)
{
	snprintf(dst, CC_DATE_STRLEN, "%s", src ? src : "");
}

cc_consent *cc__consent_find(cc_consent *v, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].id, id))
			return &v[i];
	return NULL;
}

/* Read and check one event file. */
static int read_event(cc_store *s, const char *path, cc_doc **doc)
{
	cc_problems probs = CC_PROBLEMS_INIT;
	int err;

	if ((err = cc__rio_doc(s, path, 0, doc)))
		return err;
	if (!(err = cc_validate_doc(path, *doc, &probs)))
		err = cc_problems_raise(&probs);
	cc_problems_free(&probs);
	if (err) {
		cc_doc_free(*doc);
		*doc = NULL;
	}
	return err;
}

static int add_grant(cc_consent **v, size_t *n, const cc_node *r)
{
	cc_consent *nv = realloc(*v, (*n + 1) * sizeof(**v)), *c;

	if (!nv)
		return cc_error_set(CC_ENOMEM, "out of memory");
	*v = nv;
	c = &nv[*n];
	memset(c, 0, sizeof(*c));
	snprintf(c->id, sizeof(c->id), "%s", cc_map_str(r, "id"));
	copy_date(c->date, cc_map_str(r, "date"));
	copy_date(c->expires, cc_map_str(r, "expires"));
	c->by = strdup(cc_map_str(r, "by") ? cc_map_str(r, "by") : "");
	c->to = strdup(cc_map_str(r, "to"));
	c->what = strdup(cc_map_str(r, "what"));
	(*n)++;
	if (!c->by || !c->to || !c->what)
		return cc_error_set(CC_ENOMEM, "out of memory");
	return 0;
}

int cc_consents_load(cc_store *s, const char *case_dir, cc_date today,
	cc_consent **out, size_t *n)
{
	char dir[256], path[512], **names = NULL;
	cc_consent *v = NULL;
	size_t count = 0, nn = 0, i, pass;
	int err;

	*out = NULL;
	*n = 0;
	snprintf(dir, sizeof(dir), "%s/%s", case_dir, CC_DIR_CONSENT);
	if ((err = cc_store_list(s, dir, &names, &nn)))
		return err;
	/* grants first, then the withdrawals that name them */
	for (pass = 0; !err && pass < 2; pass++)
		for (i = 0; !err && i < nn; i++) {
			cc_doc *doc = NULL;
			const cc_node *r;
			const char *act;
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			if ((err = read_event(s, path, &doc)))
				break;
			r = cc_doc_root(doc);
			act = cc_map_str(r, "action");
			if (pass == 0 && !strcmp(act, "grant")) {
				if (cc__consent_find(v, count, cc_map_str(r, "id")))
					err = cc_error_set(CC_EINVALID, "%s: consent '%s' is "
						"granted twice; run 'casectl check'", path,
						cc_map_str(r, "id"));
				else
					err = add_grant(&v, &count, r);
			} else if (pass == 1 && !strcmp(act, "withdraw")) {
				cc_consent *c = cc__consent_find(v, count, cc_map_str(r, "consent"));
				if (c && (!*c->withdrawn ||
					  strcmp(cc_map_str(r, "date"), c->withdrawn) < 0))
					copy_date(c->withdrawn, cc_map_str(r, "date"));
			}
			cc_doc_free(doc);
		}
	cc_strv_free(names, nn);
	if (err) {
		cc_consents_free(v, count);
		return err;
	}
	for (i = 0; i < count; i++) {
		cc_date exp;
		if (*v[i].withdrawn)
			v[i].state = CC_CONSENT_WITHDRAWN;
		else if (*v[i].expires && !cc_date_parse_iso(v[i].expires, &exp) &&
			 cc_date_cmp(exp, today) < 0)
			v[i].state = CC_CONSENT_EXPIRED;
		else
			v[i].state = CC_CONSENT_ACTIVE;
	}
	*out = v;
	*n = count;
	return 0;
}

const cc_consent *cc_consent_covering(const cc_consent *v, size_t n,
	const char *const *names, size_t nnames)
{
	size_t i, k;

	for (i = 0; i < n; i++)
		if (v[i].state == CC_CONSENT_ACTIVE)
			for (k = 0; k < nnames; k++)
				if (names[k] && cc_text_same(v[i].to, names[k]) > 0)
					return &v[i];
	return NULL;
}
