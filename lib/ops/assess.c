/* assess.c - the assessment of a case: one new record each time */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/model/action.h"
#include "casectl/ops/assess.h"
#include "casectl/util/buf.h"
#include "casectl/util/error.h"
#include "casectl/model/field.h"
#include "casectl/model/records.h"
#include "../model/event-int.h"
#include "../model/record-io-int.h"


const char *const cc_assess_domains[] = {
	"housing", "health", "income", "family", "daily-living", "work",
	"education", "legal", "addiction", "mental-health", NULL
};

int cc_assess_has_content(const cc_assess_opts *o)
{
	return o->client_needs.n || o->needs.n || o->personal.n || o->social.n ||
		o->community.n || o->strengths.n || o->works.n || o->risks.n ||
		o->domains.n || o->message;
}

static int check_opts(const cc_assess_opts *o)
{
	const cc_strlist *lists[] = { &o->client_needs, &o->needs, &o->personal, &o->social,
		&o->community, &o->strengths, &o->works, &o->risks, &o->domains };
	static const char *const names[] = { "--client-need", "--need", "--personal",
		"--social", "--community", "--strength", "--works", "--risk", "--domain" };
	size_t i, k;
	int err;

	for (k = 0; k < sizeof(lists) / sizeof(lists[0]); k++)
		for (i = 0; i < lists[k]->n; i++)
			if (!*lists[k]->v[i])
				return cc_error_set(CC_EUSAGE, "%s must not be empty", names[k]);
	for (i = 0; i < o->domains.n; i++)
		if ((err = cc_field_domain("--domain", o->domains.v[i])))
			return err;
	return 0;
}

/* The record from the options over the template.  EDITOR keeps the
 * template's body and empty keys for the worker to fill in. */
static int build(cc_action *a, const cc_assess_opts *o, int editor, cc_doc **out)
{
	cc_doc *doc = NULL;
	cc_node *root, *m;
	char day[CC_DATE_STRLEN], *by = NULL;
	int err;

	*out = NULL;
	if ((err = cc__ev_date("--date", o->date ? o->date : "today", cc_action_today(a),
		     CC_EV_NOT_AFTER, day)) ||
	    (err = cc__rio_worker(cc_action_store(a), &by)) ||
	    (err = cc__ev_template(cc_action_settings(a), "assessment.md", &doc)))
		goto out;
	root = cc_doc_root(doc);
	if ((err = cc_map_set_plain(root, "date", day)) ||
	    (err = cc_map_set_str(root, "by", by)) ||
	    (err = cc_map_set_plain(root, "with-client", o->without_client ? "false" : "true")) ||
	    (err = cc_map_child_map(root, "needs", &m)) ||
	    (err = cc__ev_list_add(m, "client", &o->client_needs)) ||
	    (err = cc__ev_list_add(m, "professional", &o->needs)) ||
	    (err = cc_map_child_map(root, "resources", &m)) ||
	    (err = cc__ev_list_add(m, "personal", &o->personal)) ||
	    (err = cc__ev_list_add(m, "social", &o->social)) ||
	    (err = cc__ev_list_add(m, "community", &o->community)) ||
	    (err = cc__ev_list_add(root, "strengths", &o->strengths)) ||
	    (err = cc__ev_list_add(root, "works", &o->works)) ||
	    (err = cc__ev_list_add(root, "risks", &o->risks)) ||
	    (err = cc__ev_list_add(root, "domains", &o->domains)))
		goto out;
	if (!editor && ((err = cc__ev_body(doc, o->message)) || (err = cc__ev_prune(root))))
		goto out;
	*out = doc;
	doc = NULL;
out:
	free(by);
	cc_doc_free(doc);
	return err;
}

int cc_assess_draft(cc_store *s, const char *input, const cc_assess_opts *o,
	char **text, size_t *len)
{
	cc_action *a = NULL;
	cc_doc *doc = NULL;
	int err;

	*text = NULL;
	if ((err = check_opts(o)) ||
	    (err = cc_action_begin(&a, s, input, 0)) ||
	    (err = cc_action_phase(a, "assess", NULL, NULL)) ||
	    (err = build(a, o, 1, &doc)))
		goto out;
	err = cc__ev_emit(doc, text, len);
out:
	cc_doc_free(doc);
	cc_action_free(a);
	return err;
}

int cc_assess_commit(cc_store *s, const char *input, const cc_assess_opts *o,
	const char *text, size_t len, char file[CC_EVENT_NAME_MAX])
{
	cc_action *a = NULL;
	cc_doc *doc = NULL;
	char dir[256], **names = NULL;
	size_t earlier = 0;
	int err;

	if (!text && (err = check_opts(o)))
		return err;
	if (!text && !o->client_needs.n && !o->needs.n)
		return cc_error_set(CC_EUSAGE, "an assessment needs at least one need: give "
			"--client-need TEXT (as the client sees it) or --need TEXT (as you "
			"assess it)");
	if ((err = cc_action_begin(&a, s, input, 0)) ||
	    (err = cc_action_phase(a, "assess", NULL, NULL)) ||
	    (err = cc_action_event_name(a, CC_DIR_ASSESSMENTS, file, CC_EVENT_NAME_MAX)))
		goto out;
	if (text) {
		if (!(err = cc__ev_parse(a, file, text, len, &doc)))
			err = cc__ev_check_date_key(a, file, doc, "date", CC_EV_NOT_AFTER);
	} else
		err = build(a, o, 0, &doc);
	if (err)
		goto out;
	cc_case_path(cc_action_case(a), CC_DIR_ASSESSMENTS, dir, sizeof(dir));
	if ((err = cc_store_list(s, dir, &names, &earlier)))
		goto out;
	err = cc_action_put_doc(a, file, doc);
	doc = NULL;
	if (!err)
		err = cc_action_commit(a, "assess", "%s added",
			earlier ? "reassessment" : "assessment");
out:
	cc_strv_free(names, earlier);
	cc_doc_free(doc);
	cc_action_free(a);
	return err;
}
