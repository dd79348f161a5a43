/* closure.c - closing a case after an evaluation, and reopening it */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casectl/model/action.h"
#include "casectl/ops/closure.h"
#include "casectl/util/error.h"
#include "casectl/model/records.h"
#include "../model/event-int.h"
#include "../model/link-int.h"

/* 0 when the latest evaluation decided close; otherwise a refusal, or
 * the "Forced:" note when FORCE is given. */
static int close_decided(cc_action *a, const char *force)
{
	cc_ev_record *r = NULL;
	size_t n = 0;
	const char *d = NULL, *id = cc_action_id(a);
	int err;

	if ((err = cc__ev_read_all(cc_action_store(a), cc_case_dir(cc_action_case(a)),
		     CC_DIR_EVALUATIONS, &r, &n)))
		return err;
	if (n)
		d = cc_map_str(cc_doc_root(r[0].doc), "decision");
	if (d && !strcmp(d, "close"))
		err = 0;
	else if (force && *force)
		err = cc_action_note(a, "Forced: %s", force);
	else if (n)
		err = cc_error_set(CC_EREFUSED, "case '%s' has no evaluation that decided to "
			"close (the latest, %s, decided '%s'); run 'casectl evaluate %s "
			"--decision close' first, or give --force REASON", id, r[0].name,
			d ? d : "", id);
	else
		err = cc_error_set(CC_EREFUSED, "case '%s' has no evaluation that decided to "
			"close; run 'casectl evaluate %s --decision close' first, or give "
			"--force REASON", id, id);
	cc__ev_records_free(r, n);
	return err;
}

static int set_or_remove(cc_node *m, const char *key, const char *v)
{
	return cc_map_set_str(m, key, v && *v ? v : NULL);
}

int cc_case_close(cc_store *s, const char *input, const cc_close_opts *o)
{
	cc_action *a = NULL;
	cc_node *root;
	cc_buf ended = CC_BUF_INIT;
	char today[CC_DATE_STRLEN], follow[CC_DATE_STRLEN];
	int err;

	if (!o->reason || !*o->reason)
		return cc_error_set(CC_EUSAGE, "a case is closed with a reason; give --reason "
			"REASON");
	if (o->force && !*o->force)
		return cc_error_set(CC_EUSAGE, "--force needs a reason");
	if ((err = cc_action_begin(&a, s, input, 0)) ||
	    (err = cc_action_phase(a, "close", NULL, NULL)) ||
	    (o->follow_up && (err = cc__ev_date("--follow-up", o->follow_up,
		     cc_action_today(a), CC_EV_NOT_BEFORE, follow))) ||
	    (err = close_decided(a, o->force)))
		goto out;
	root = cc_case_root(cc_action_case(a));
	cc_date_format(cc_action_today(a), today);
	if ((err = cc_map_set_plain(root, "status", "closed")) ||
	    (err = cc_map_set_plain(root, "closed", today)) ||
	    (err = cc_map_set_str(root, "close-reason", o->reason)) ||
	    (err = set_or_remove(root, "close-note", o->message)) ||
	    (err = cc_map_set_plain(root, "follow-up", o->follow_up ? follow : NULL)))
		goto out;
	/* the agreements end with the case: no link stays open */
	if ((err = cc__links_end(a, &ended)) ||
	    (ended.len && (err = cc_action_note(a, "Links ended: %s", cc_buf_cstr(&ended)))))
		goto out;
	err = cc_action_commit(a, "close", "case closed");
out:
	cc_buf_free(&ended);
	cc_action_free(a);
	return err;
}

int cc_case_reopen(cc_store *s, const char *input, const char *message)
{
	cc_action *a = NULL;
	cc_node *root;
	char today[CC_DATE_STRLEN];
	int err;

	if ((err = cc_action_begin(&a, s, input, CC_ACTION_ALLOW_CLOSED)) ||
	    (err = cc_action_phase(a, "reopen", NULL, NULL)))
		goto out;
	root = cc_case_root(cc_action_case(a));
	cc_date_format(cc_action_today(a), today);
	if ((err = cc_map_set_plain(root, "status", "open")) ||
	    (err = cc_map_remove(root, "closed")) ||
	    (err = cc_map_remove(root, "close-reason")) ||
	    (err = cc_map_remove(root, "close-note")) ||
	    (err = cc_map_remove(root, "follow-up")) ||
	    (err = cc_map_set_plain(root, "reopened", today)) ||
	    (err = set_or_remove(root, "reopen-reason", message)))
		goto out;
	err = cc_action_commit(a, "reopen", "case reopened");
out:
	cc_action_free(a);
	return err;
}
