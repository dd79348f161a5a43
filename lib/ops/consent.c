/* consent.c - the client's consents: grant and withdraw events */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/model/action.h"
#include "casectl/ops/consent.h"
#include "casectl/util/error.h"
#include "casectl/model/records.h"
#include "casectl/model/validate.h"
#include "../model/consent-int.h"
#include "../model/record-io-int.h"

/* A new event file name whose suffix (and so the grant's ID) no other
 * event of the case uses, on any day. */
static int fresh_name(cc_action *a, char *name, size_t size)
{
	char dir[256], **names = NULL;
	size_t n = 0, i, len;
	int err, tries, taken;

	cc_case_path(cc_action_case(a), CC_DIR_CONSENT, dir, sizeof(dir));
	if ((err = cc_store_list(cc_action_store(a), dir, &names, &n)))
		return err;
	for (tries = 0; tries < 16; tries++) {
		if ((err = cc_action_event_name(a, CC_DIR_CONSENT, name, size)))
			break;
		len = strlen(name);
		for (taken = 0, i = 0; !taken && i < n; i++) {
			size_t k = strlen(names[i]);
			taken = k >= 7 && !strcmp(names[i] + k - 7, name + len - 7);
		}
		if (!taken)
			break;
	}
	if (!err && tries == 16)
		err = cc_error_set(CC_ERROR, "cannot find a free consent ID");
	cc_strv_free(names, n);
	return err;
}

int cc_consent_grant(cc_store *s, const char *case_input, const char *to,
	const char *what, const char *expires, char id[8])
{
	cc_action *a = NULL;
	cc_doc *doc = NULL;
	cc_node *r;
	cc_date today, exp;
	char name[96], day[CC_DATE_STRLEN], exps[CC_DATE_STRLEN], *by = NULL;
	const char *suffix;
	int err, i;

	if (!to || !*to || !what || !*what)
		return cc_error_set(CC_EUSAGE, "a consent needs --to ORGANISATION_OR_ROLE and "
			"--what SCOPE");
	if ((err = cc_action_begin(&a, s, case_input, 0)) ||
	    (err = cc_action_phase(a, "consent", NULL, NULL)))
		goto out;
	today = cc_action_today(a);
	if (expires) {
		if (cc_date_parse(expires, today, &exp)) {
			err = cc_error_prefix("--expires");
			goto out;
		}
		if (cc_date_cmp(exp, today) < 0) {
			cc_date_format(exp, exps);
			err = cc_error_set(CC_EINVALID, "--expires: '%s' lies in the past", exps);
			goto out;
		}
		cc_date_format(exp, exps);
	}
	if ((err = cc__rio_worker(s, &by)) || (err = fresh_name(a, name, sizeof(name))))
		goto out;
	/* "consent/YYYY-MM-DD-xxxx.md" */
	suffix = name + strlen(name) - 7;
	id[0] = 'C';
	for (i = 0; i < 4; i++)
		id[i + 1] = (char)toupper((unsigned char)suffix[i]);
	id[5] = '\0';
	cc_date_format(today, day);
	if ((err = cc_doc_new(&doc)))
		goto out;
	r = cc_doc_root(doc);
	if ((err = cc_map_set_plain(r, "id", id)) ||
	    (err = cc_map_set_plain(r, "action", "grant")) ||
	    (err = cc_map_set_plain(r, "date", day)) ||
	    (err = cc_map_set_str(r, "by", by)) ||
	    (err = cc_map_set_str(r, "to", to)) ||
	    (err = cc_map_set_str(r, "what", what)) ||
	    (expires && (err = cc_map_set_plain(r, "expires", exps))))
		goto out;
	err = cc_action_put_doc(a, name, doc);
	doc = NULL;
	if (!err)
		err = cc_action_commit(a, "consent", "consent %s granted", id);
out:
	free(by);
	cc_doc_free(doc);
	cc_action_free(a);
	return err;
}

int cc_consent_withdraw(cc_store *s, const char *case_input, const char *cid)
{
	cc_action *a = NULL;
	cc_doc *doc = NULL;
	cc_consent *v = NULL, *c;
	cc_node *r;
	size_t n = 0, i;
	char id[8], name[96], day[CC_DATE_STRLEN], *by = NULL;
	int err;

	if (strlen(cid) >= sizeof(id) || (cid[0] != 'C' && cid[0] != 'c'))
		return cc_error_set(CC_EUSAGE, "'%s' is not a consent ID (C and four "
			"characters, as 'casectl consent CASE' lists them)", cid);
	for (i = 0; cid[i]; i++)
		id[i] = (char)toupper((unsigned char)cid[i]);
	id[i] = '\0';
	if ((err = cc_action_begin(&a, s, case_input, 0)) ||
	    (err = cc_action_phase(a, "consent", NULL, NULL)) ||
	    (err = cc_consents_load(s, cc_case_dir(cc_action_case(a)), cc_action_today(a),
		    &v, &n)))
		goto out;
	if (!(c = cc__consent_find(v, n, id))) {
		err = cc_error_set(CC_ENOTFOUND, "case '%s' has no consent '%s'; run "
			"'casectl consent %s' to list them", cc_action_id(a), id,
			cc_action_id(a));
		goto out;
	}
	if (*c->withdrawn) {
		err = cc_error_set(CC_EREFUSED, "consent '%s' was already withdrawn on %s",
			id, c->withdrawn);
		goto out;
	}
	cc_date_format(cc_action_today(a), day);
	if ((err = cc__rio_worker(s, &by)) ||
	    (err = cc_action_event_name(a, CC_DIR_CONSENT, name, sizeof(name))) ||
	    (err = cc_doc_new(&doc)))
		goto out;
	r = cc_doc_root(doc);
	if ((err = cc_map_set_plain(r, "action", "withdraw")) ||
	    (err = cc_map_set_plain(r, "consent", id)) ||
	    (err = cc_map_set_plain(r, "date", day)) ||
	    (err = cc_map_set_str(r, "by", by)))
		goto out;
	err = cc_action_put_doc(a, name, doc);
	doc = NULL;
	if (!err)
		err = cc_action_commit(a, "consent", "consent %s withdrawn", id);
out:
	free(by);
	cc_doc_free(doc);
	cc_consents_free(v, n);
	cc_action_free(a);
	return err;
}
